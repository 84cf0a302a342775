package migreg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// TestDeadlineKindNames: each kind has the stable name of the store's kind
// it stands for, and marshals to it and back.
func TestDeadlineKindNames(t *testing.T) {
	tests := []struct {
		give migreg.DeadlineKind
		want store.DeadlineKind
	}{
		{migreg.DueRegistration, store.DueRegistration},
		{migreg.DueReregistration, store.DueReregistration},
		{migreg.DueHostAnswer, store.DueHostAnswer},
		{migreg.DueStayEnd, store.DueStayEnd},
	}
	for _, tt := range tests {
		if got := tt.give.String(); got != tt.want.String() {
			t.Errorf("%d.String() = %q; want %q", tt.give, got, tt.want.String())
		}
		b, err := json.Marshal(tt.give)
		if err != nil {
			t.Fatalf("json.Marshal(%v): %v", tt.give, err)
		}
		var back migreg.DeadlineKind
		if err := json.Unmarshal(b, &back); err != nil || back != tt.give {
			t.Errorf("json.Unmarshal(%s) = %v, %v; want %v", b, back, err, tt.give)
		}
	}
	if b, err := json.Marshal(migreg.DeadlineKind(0)); err != nil || string(b) != `""` {
		t.Errorf(`json.Marshal(DeadlineKind(0)) = %s, %v; want "" (the zero kind is "not set")`, b, err)
	}
	for _, bad := range []migreg.DeadlineKind{0, 5, 255} {
		if bad.IsValid() {
			t.Errorf("%d.IsValid() = true; want false", bad)
		}
	}
	for _, bad := range []migreg.DeadlineKind{5, 255} {
		if _, err := json.Marshal(bad); err == nil {
			t.Errorf("json.Marshal(DeadlineKind(%d)) succeeded; want an error", bad)
		}
	}
	var k migreg.DeadlineKind
	if err := json.Unmarshal([]byte(`"reminder"`), &k); err == nil {
		t.Errorf(`json.Unmarshal("reminder") = %v; want an error: the Service lists no reminders`, k)
	}
}

// TestDueChecksItsArguments: a zero date, a kind that does not exist and
// a page size out of range are errors naming the argument, not an empty
// listing or the store's error, and the listing's only item.
func TestDueChecksItsArguments(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	tests := []struct {
		name string
		seq  func() (any, error)
		path string
		code registration.Code
	}{
		{"Due, zero through", first(env.Service.Due(ctx, calendar.Date{})), "through", registration.CodeRequired},
		{"Due, kind 9", first(env.Service.Due(ctx, date("2026-12-31"), migreg.DeadlineKind(9))), "kinds", registration.CodeInvalid},
		{"ByHost, page size 20,000", first(env.Service.ByHost(ctx, "h-1", migreg.ListOptions{PageSize: 20000})), "page_size", registration.CodeInvalid},
		{"ByForeigner, page size -1", first(env.Service.ByForeigner(ctx, "f-1", migreg.ListOptions{PageSize: -1})), "page_size", registration.CodeInvalid},
	}
	for _, tt := range tests {
		got, err := tt.seq()
		var ve *registration.ValidationError
		if !errors.As(err, &ve) || !ve.Has(tt.path, tt.code) {
			t.Errorf("%s: first item %v, %v; want a ValidationError %s: %s", tt.name, got, err, tt.path, tt.code)
		}
	}
}

// first returns a function that reads the first item of seq and how many
// it yielded in all.
func first[V any](seq iter.Seq2[V, error]) func() (any, error) {
	return func() (any, error) {
		var got any
		var err error
		n := 0
		for v, e := range seq {
			got, err = v, e
			n++
		}
		if n != 1 {
			return got, fmt.Errorf("%d items; want one", n)
		}
		return got, err
	}
}

// TestDueListsOnlyItsKinds: a deadline of a kind the Service does not
// know (a store may hold reminders) is left out of Due and Status.
func TestDueListsOnlyItsKinds(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	p := person("FA1234567")
	if err := env.Service.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	err := env.Store.Update(ctx, func(tx store.Tx) error {
		return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: fid(p), Subject: "x"}, Due: date("2026-07-05")})
	})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []migreg.DeadlineKind
	for _, d := range dueList(t, env.Service, date("2026-12-31")) {
		kinds = append(kinds, d.Kind)
	}
	if len(kinds) != 1 || kinds[0] != migreg.DueRegistration {
		t.Errorf("Due kinds = %v; want [registration]", kinds)
	}
	st, err := env.Service.Status(ctx, fid(p), date("2026-07-02"))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Deadlines) != 1 || st.Deadlines[0].Kind != migreg.DueRegistration {
		t.Errorf("Status deadlines = %v; want the registration deadline only", st.Deadlines)
	}
}

// TestDeadlineHidesTheForeigner: the foreigner's pseudonym is in no text
// form of a deadline.
func TestDeadlineHidesTheForeigner(t *testing.T) {
	d := migreg.Deadline{Kind: migreg.DueReregistration, Foreigner: "f_secretpseudonym", Due: date("2026-07-13"), Registration: "r-1", Entry: date("2026-07-01"), MovedOn: date("2026-07-03")}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("due", "deadline", d)
	for _, s := range []string{d.String(), fmt.Sprintf("%v %+v %#v %s", d, d, d, d), buf.String()} {
		if strings.Contains(s, "secret") {
			t.Errorf("%q names the foreigner", s)
		}
	}
	if want := "reregistration due 2026-07-13 (registration r-1, moved on 2026-07-03, entry 2026-07-01)"; d.String() != want {
		t.Errorf("String() = %q; want %q", d.String(), want)
	}
}

// TestPersonBehindAPseudonym: an agency's overdue scan names foreigners by
// pseudonym; Person gives the person recorded for one.
func TestPersonBehindAPseudonym(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	p := person("FA1234567")
	if err := env.Service.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	for d, err := range env.Service.Due(ctx, date("2026-12-31"), migreg.DueRegistration) {
		if err != nil {
			t.Fatal(err)
		}
		got, err := env.Service.Person(ctx, d.Foreigner)
		if err != nil || got != p {
			t.Errorf("Person(the overdue foreigner) = %v, %v; want %v", got, err, p)
		}
	}
	if _, err := env.Service.Person(ctx, "f_nobody"); !errors.Is(err, migreg.ErrNotFound) {
		t.Errorf("Person(unknown) = %v; want ErrNotFound", err)
	}
}

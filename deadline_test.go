package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
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
	for _, bad := range []migreg.DeadlineKind{0, 5, 255} {
		if bad.IsValid() {
			t.Errorf("%d.IsValid() = true; want false", bad)
		}
		if _, err := json.Marshal(bad); err == nil {
			t.Errorf("json.Marshal(DeadlineKind(%d)) succeeded; want an error", bad)
		}
	}
	var k migreg.DeadlineKind
	if err := json.Unmarshal([]byte(`"reminder"`), &k); err == nil {
		t.Errorf(`json.Unmarshal("reminder") = %v; want an error: the Service lists no reminders`, k)
	}
}

// TestDueRefusesUnknownKinds: asking for a kind that does not exist is an
// error, not an empty listing.
func TestDueRefusesUnknownKinds(t *testing.T) {
	env := registrationtest.NewService(t, date("2026-07-01"), nil)
	n := 0
	for d, err := range env.Service.Due(context.Background(), date("2026-12-31"), migreg.DeadlineKind(9)) {
		n++
		var ve *registration.ValidationError
		if !errors.As(err, &ve) || !ve.Has("kinds", registration.CodeInvalid) {
			t.Errorf("Due(kind 9) = %v, %v; want a ValidationError for kinds", d, err)
		}
	}
	if n != 1 {
		t.Errorf("Due(kind 9) yielded %d times; want once, with the error", n)
	}
}

package dbtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// The reproducers of issue 20 through the Service, on each database: what
// the in-memory store refuses or keeps, SQLite and PostgreSQL refuse or
// keep alike.

func TestSQLiteHostileInput(t *testing.T) { hostileInput(t, newSQLiteStore(t)) }

func TestPostgresHostileInput(t *testing.T) {
	hostileInput(t, newPostgresStore(t, openPostgres(t)))
}

func hostileInput(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := calendar.NewDate(2022, time.June, 1).In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	h, err := host(1)
	if err != nil {
		t.Fatal(err)
	}
	p := person(1) // an Uzbek citizen
	typed := func(what string, err error) {
		t.Helper()
		if w := migreg.WireErrorOf(err); w == nil || w.Code == migreg.CodeInternal {
			t.Errorf("%s: %v; want a typed error", what, err)
		}
	}

	// Defect 1: a visit before the visa-free regime is history.
	if err := svc.RecordEntry(ctx, p, calendar.NewDate(2022, time.June, 1)); err != nil {
		t.Fatal(err)
	}
	now = now.AddDate(0, 0, 9)
	if err := svc.RecordExit(ctx, demo.Foreigner(p), calendar.NewDate(2022, time.June, 10)); err != nil {
		t.Fatal(err)
	}
	now = entryDay.In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	if err := svc.RecordEntry(ctx, p, entryDay); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Status(ctx, demo.Foreigner(p), entryDay); err != nil {
		t.Errorf("Status after a visit on a visa: %v", err)
	}
	if _, err := svc.Assess(ctx, demo.Foreigner(p), entryDay); err != nil {
		t.Errorf("Assess after a visit on a visa: %v", err)
	}

	// Defect 2: an entry before a recorded trip.
	var ve *registration.ValidationError
	if err := svc.RecordEntry(ctx, p, calendar.NewDate(2022, time.May, 25)); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeOverlapsTrip) {
		t.Errorf("RecordEntry before a recorded trip: %v; want entry: overlaps_trip", err)
	}

	req := migreg.SubmitRequest{Submission: registration.Submission{
		Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}}
	// Defect 3: an ID with a separator; defect 5: keys and texts.
	bad := req
	bad.Submission.ID = "r@1"
	_, err = svc.Submit(ctx, bad)
	typed("an ID with @", err)
	bad = req
	bad.IdempotencyKey = strings.Repeat("k", 2800)
	_, err = svc.Submit(ctx, bad)
	var le *registration.LimitError
	if !errors.As(err, &le) {
		t.Errorf("a 2,800-byte idempotency key: %v; want a *registration.LimitError", err)
	}
	r, err := svc.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"MVD\x00", "MVD\xff", strings.Repeat("M", registration.MaxTextBytes+1)} {
		_, err := svc.Withdraw(ctx, r.ID, registration.AuthorityActor(name))
		typed("an authority's name", err)
		if errors.Is(err, registration.ErrForbidden) {
			t.Errorf("an authority's name %+q reached the command: %v", name[:min(len(name), 8)], err)
		}
	}

	// Defect 6: the same command with other arguments is no retry.
	host := registration.HostActor(r.HostID)
	if _, err := svc.Reject(ctx, r.ID, host, registration.Reason{Code: registration.HostRefusal}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reject(ctx, r.ID, host, registration.Reason{Code: registration.FalseData}); !errors.Is(err, registration.ErrInvalidTransition) {
		t.Errorf("Reject(FalseData) after Reject(HostRefusal): %v; want ErrInvalidTransition", err)
	}
	if got, err := svc.Registration(ctx, r.ID); err != nil || got.Reason.Code != registration.HostRefusal {
		t.Errorf("the stored reason = %v, %v; want host_refusal", got.Reason, err)
	}

	// Lookups by IDs no store keeps are the caller's bad input, "id:
	// invalid", refused before the store (which would find nothing).
	for _, id := range []registration.ID{"r\x00", "r\xff"} {
		if _, err := svc.Registration(ctx, id); !errors.Is(err, registration.ErrInvalid) || errors.Is(err, store.ErrInvalid) {
			t.Errorf("Registration(%+q): %v; want registration.ErrInvalid, id: invalid", id, err)
		}
	}

	// Defect 7: the calendar's last year.
	now = calendar.NewDate(9999, time.June, 1).In(calendar.KazakhstanZone())
	_, err = svc.Sweep(ctx)
	typed("Sweep in the calendar's last year", err)
	_, err = svc.Status(ctx, demo.Foreigner(p), calendar.NewDate(9999, time.June, 1))
	typed("Status in the calendar's last year", err)
}

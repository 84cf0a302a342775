package migreg_test

import (
	"context"
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Regression tests of issue 20 at the Service: histories that never
// break, trips that never overlap, repeats that are repeats.

// TestVisitsOnAVisaNeverBreakTheHistory: a trip from before the
// citizenship's visa-free regime (an Uzbek citizen, 1-10 June 2022) or
// during a suspension (Germany, 2021) is recorded as history, and Status
// and Assess work on every later date (defect 1).
func TestVisitsOnAVisaNeverBreakTheHistory(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		citizenship, entry, exit string
	}{
		{"UZB", "2022-06-01", "2022-06-10"},
		{"DEU", "2021-03-01", "2021-03-10"},
	} {
		env := newEnv(t, date(tt.entry), nil)
		svc := env.Service
		p := person("FA1234567")
		p.Citizenship, p.Document.IssuingCountry = tt.citizenship, tt.citizenship
		if err := svc.RecordEntry(ctx, p, date(tt.entry)); err != nil {
			t.Fatalf("%s: RecordEntry(%s): %v", tt.citizenship, tt.entry, err)
		}
		env.Clock.Set(date(tt.exit).In(calendar.KazakhstanZone()))
		if err := svc.RecordExit(ctx, fid(p), date(tt.exit)); err != nil {
			t.Fatal(err)
		}
		env.Clock.Set(date("2026-07-01").In(calendar.KazakhstanZone()))
		if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-01")); err != nil {
			t.Fatal(err)
		}
		for _, on := range []string{tt.entry, tt.exit, "2025-01-01", "2026-07-01"} {
			st, err := svc.Status(ctx, fid(p), date(on))
			if err != nil {
				t.Errorf("%s: Status on %s: %v", tt.citizenship, on, err)
			}
			if on == "2026-07-01" && st.Stay.On.IsZero() {
				t.Errorf("%s: Status on %s shows no stay under the visa-free regime", tt.citizenship, on)
			}
			if _, err := svc.Assess(ctx, fid(p), date(on)); err != nil {
				t.Errorf("%s: Assess on %s: %v", tt.citizenship, on, err)
			}
		}
	}
}

// TestTripsNeverOverlap: the reproducer of defect 2, an entry before a
// recorded trip, is refused, and the trips stay as they were.
func TestTripsNeverOverlap(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-09-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	if err := svc.RecordEntry(ctx, p, date("2026-09-01")); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(date("2026-09-20").In(calendar.KazakhstanZone()))
	if err := svc.RecordExit(ctx, fid(p), date("2026-09-10")); err != nil {
		t.Fatal(err)
	}
	var ve *registration.ValidationError
	if err := svc.RecordEntry(ctx, p, date("2026-08-25")); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeOverlapsTrip) {
		t.Errorf("RecordEntry(08-25) before the trip of 09-01..09-10: %v; want entry: overlaps_trip", err)
	}
	if _, err := svc.Submit(ctx, request(p, landlord(t), "2026-08-25")); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeOverlapsTrip) {
		t.Errorf("Submit for an entry on 08-25: %v; want entry: overlaps_trip", err)
	}
	if err := svc.RecordExit(ctx, fid(p), date("2026-09-20")); err == nil {
		t.Errorf("RecordExit(09-20) with no trip open: nil; want an error")
	}
	trips, err := svc.Trips(ctx, fid(p))
	if err != nil || len(trips) != 1 || trips[0].Entry != date("2026-09-01") || trips[0].Exit != date("2026-09-10") {
		t.Errorf("Trips = %v, %v; want 2026-09-01..2026-09-10 alone", trips, err)
	}
}

// TestRepeatNeedsTheSameArguments: Reject(FalseData) after
// Reject(HostRefusal) by the same host is not a retry: it fails, and the
// stored reason stays (defect 6). The same rejection again is a retry.
func TestRepeatNeedsTheSameArguments(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	r, err := svc.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	host := registration.HostActor(r.HostID)
	refusal := registration.Reason{Code: registration.HostRefusal}
	if _, err := svc.Reject(ctx, r.ID, host, refusal); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Reject(ctx, r.ID, host, refusal); err != nil || got.Reason != refusal {
		t.Errorf("the same Reject again = %v, %v; want a retry's success", got.Reason, err)
	}
	_, err = svc.Reject(ctx, r.ID, host, registration.Reason{Code: registration.FalseData})
	if !errors.Is(err, registration.ErrInvalidTransition) {
		t.Errorf("Reject(FalseData) after Reject(HostRefusal) = %v; want ErrInvalidTransition", err)
	}
	if got, err := svc.Registration(ctx, r.ID); err != nil || got.Reason != refusal || got.Version != 2 {
		t.Errorf("after both: %v v%d, %v; want host_refusal at version 2", got.Reason, got.Version, err)
	}
}

// TestSweepFailsOnAMissingRegistration: a deadline that names a
// registration the store does not have is not "decided meanwhile": Sweep
// reports it (defect 6).
func TestSweepFailsOnAMissingRegistration(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-10"), nil)
	err := env.Store.Update(ctx, func(tx store.Tx) error {
		return tx.PutDeadline(ctx, store.Deadline{
			DeadlineKey:  store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: "f-1", Subject: "ghost"},
			Due:          date("2026-07-05"),
			Registration: "ghost",
			Entry:        date("2026-07-01"),
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := env.Service.Sweep(ctx)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Sweep = %+v, %v; want ErrNotFound", rep, err)
	}
}

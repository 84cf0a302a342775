package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// UpdateEach: units of one transaction, each undone alone when it fails.

var errUnit = errors.New("storetest: this unit fails")

func testEachUndoesFailedUnits(t *testing.T, s store.Store) {
	ctx := t.Context()
	recs := sample(t, 1)
	errs := s.UpdateEach(ctx, []func(tx store.Tx) error{
		func(tx store.Tx) error { return tx.CreateRegistration(ctx, recs[0].reg, recs[0].events) },
		func(tx store.Tx) error {
			// A write that succeeds, then the unit fails: the write goes.
			if err := tx.CreateRegistration(ctx, recs[1].reg, recs[1].events); err != nil {
				return err
			}
			return errUnit
		},
		func(tx store.Tx) error { return tx.CreateRegistration(ctx, recs[2].reg, recs[2].events) },
		// The store refuses a write: the unit fails with the store's
		// error, and the units after it still run.
		func(tx store.Tx) error { return tx.CreateRegistration(ctx, recs[0].reg, recs[0].events) },
		func(tx store.Tx) error { return tx.PutTrip(ctx, recs[0].reg.Foreigner, stay.Trip{Entry: july(1)}) },
		// A unit that fails before it writes: nothing of it to undo.
		func(tx store.Tx) error { return errUnit },
	})
	want := []error{nil, errUnit, nil, store.ErrDuplicate, nil, errUnit}
	if len(errs) != len(want) {
		t.Fatalf("UpdateEach of %d units returned %d errors: %v", len(want), len(errs), errs)
	}
	for i := range want {
		if !errors.Is(errs[i], want[i]) || (want[i] == nil) != (errs[i] == nil) {
			t.Errorf("UpdateEach: unit %d = %v; want %v", i, errs[i], want[i])
		}
	}
	checkStored(t, s, recs[0], "after UpdateEach")
	checkStored(t, s, recs[2], "after UpdateEach")
	if _, _, err := read(t, s, recs[1].reg.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after UpdateEach, the failed unit's registration: %v; want store.ErrNotFound", err)
	}
	if got := trips(t, s, recs[0].reg.Foreigner); len(got) != 1 {
		t.Errorf("after UpdateEach, the fifth unit's trip: %v; want it stored", got)
	}
	// Alone in its transaction with one that succeeds: a write, then a
	// lock that finds nothing. The unit fails with the lock's error and
	// its write goes (a store may send the write with the lock's
	// statement).
	errs = s.UpdateEach(ctx, []func(tx store.Tx) error{
		func(tx store.Tx) error {
			if err := tx.PutTrip(ctx, recs[1].reg.Foreigner, stay.Trip{Entry: july(2)}); err != nil {
				return err
			}
			_, err := tx.LockRegistration(ctx, "no-such-registration")
			return err
		},
		func(tx store.Tx) error { return tx.PutTrip(ctx, recs[2].reg.Foreigner, stay.Trip{Entry: july(2)}) },
	})
	if !errors.Is(errs[0], store.ErrNotFound) || errs[1] != nil {
		t.Errorf("UpdateEach of a write and a failed lock, then a write = %v; want store.ErrNotFound, nil", errs)
	}
	if got := trips(t, s, recs[1].reg.Foreigner); len(got) != 0 {
		t.Errorf("after UpdateEach, the trip of the unit whose lock failed: %v; want none", got)
	}
	if got := trips(t, s, recs[2].reg.Foreigner); len(got) != 1 {
		t.Errorf("after UpdateEach, the trip of the unit after the failed one: %v; want it stored", got)
	}
}

func testEachSeesEarlierUnits(t *testing.T, s store.Store) {
	ctx := t.Context()
	const f = "f-each"
	var seen []stay.Trip
	errs := s.UpdateEach(ctx, []func(tx store.Tx) error{
		func(tx store.Tx) error { return tx.PutTrip(ctx, f, stay.Trip{Entry: july(1), Exit: july(2)}) },
		func(tx store.Tx) error {
			var err error
			seen, err = tx.Trips(ctx, f)
			return err
		},
	})
	if errs[0] != nil || errs[1] != nil || len(seen) != 1 {
		t.Errorf("UpdateEach = %v; the second unit read the trips %v; want no error and the first unit's trip", errs, seen)
	}
}

func testEachPanicRollsBackAll(t *testing.T, s store.Store) {
	ctx := t.Context()
	recs := sample(t, 1)
	func() {
		defer func() {
			if p := recover(); p != "storetest: unit panics" {
				t.Errorf("UpdateEach with a unit that panics: recovered %v; want the unit's panic", p)
			}
		}()
		s.UpdateEach(ctx, []func(tx store.Tx) error{
			func(tx store.Tx) error { return tx.CreateRegistration(ctx, recs[0].reg, recs[0].events) },
			func(tx store.Tx) error { panic("storetest: unit panics") },
		})
	}()
	if _, _, err := read(t, s, recs[0].reg.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after a unit panicked, the first unit's registration: %v; want store.ErrNotFound (all rolled back)", err)
	}
}

func testEachCancelled(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	recs := sample(t, 1)
	errs := s.UpdateEach(ctx, []func(tx store.Tx) error{
		func(tx store.Tx) error { return tx.CreateRegistration(ctx, recs[0].reg, recs[0].events) },
		func(tx store.Tx) error { cancel(); return nil },
		func(tx store.Tx) error { return errUnit },
	})
	if !errors.Is(errs[0], context.Canceled) || !errors.Is(errs[1], context.Canceled) || !errors.Is(errs[2], errUnit) && !errors.Is(errs[2], context.Canceled) {
		t.Errorf("UpdateEach cancelled by its second unit = %v; want context.Canceled for the units that had not failed", errs)
	}
	if _, _, err := read(t, s, recs[0].reg.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after a cancelled UpdateEach, the first unit's registration: %v; want store.ErrNotFound", err)
	}
	if got := s.UpdateEach(t.Context(), nil); len(got) != 0 {
		t.Errorf("UpdateEach(nil) = %v; want no errors", got)
	}
}

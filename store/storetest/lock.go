package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The foreigner's write lock (store.Tx.Lock).

func testLockChecksTheForeigner(t *testing.T, s store.Store) {
	ctx := t.Context()
	tests := []struct {
		give registration.ForeignerID
		want error
	}{
		{"f-1", nil},
		{"", store.ErrInvalid},
		{"f-\xff", store.ErrInvalid},
		{"f-\x00", store.ErrInvalid},
	}
	for _, tt := range tests {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.Lock(ctx, tt.give) })
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("Lock(%q) = %v; want %v", tt.give, err, tt.want)
		}
	}
	// Twice in one transaction, and with writes after it.
	err := s.Update(ctx, func(tx store.Tx) error {
		for range 2 {
			if err := tx.Lock(ctx, "f-1"); err != nil {
				return err
			}
		}
		return tx.PutTrip(ctx, "f-1", stay.Trip{Entry: july(1)})
	})
	if err != nil {
		t.Errorf("Lock twice, then PutTrip = %v; want nil", err)
	}
}

// testLockSerializesAForeigner: a transaction that locks a foreigner
// another transaction holds waits for it, and then reads what it
// committed. The holder pauses between taking the lock and writing, so
// that a store whose Lock does not wait lets the second read too early.
func testLockSerializesAForeigner(t *testing.T, s store.Store) {
	const f registration.ForeignerID = "f-lock"
	for round := 1; round <= rounds; round++ {
		checkWaits(t, s, f, fmt.Sprintf("round %d", round), round, func(tx store.Tx) error { return tx.Lock(t.Context(), f) })
	}
}

// checkWaits checks that lock, run while another transaction holds the
// lock of f, waits for it and then reads what it committed: the trip of
// the round-th day of July, f's round-th.
func checkWaits(t *testing.T, s store.Store, f registration.ForeignerID, what string, round int, lock func(tx store.Tx) error) {
	t.Helper()
	ctx := t.Context()
	entry := july(round)
	locked := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- s.Update(ctx, func(tx store.Tx) error {
			if err := tx.Lock(ctx, f); err != nil {
				return err
			}
			select {
			case <-locked: // a retried attempt: already signalled
			default:
				close(locked)
			}
			time.Sleep(20 * time.Millisecond)
			return tx.PutTrip(ctx, f, stay.Trip{Entry: entry, Exit: entry})
		})
	}()
	<-locked
	var seen []stay.Trip
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := lock(tx); err != nil {
			return err
		}
		var err error
		seen, err = tx.Trips(ctx, f)
		return err
	})
	if err1 := <-first; err1 != nil || err != nil {
		t.Fatalf("%s: the two transactions = %v and %v; want nil", what, err1, err)
	}
	if len(seen) != round || seen[round-1].Entry != entry {
		t.Errorf("%s: after waiting for the lock, the second transaction read the trips %v; want %d, the last entering %v (what the first committed)",
			what, seen, round, entry)
	}
}

package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Racing transactions: of several writers that start from the same state,
// exactly one wins and the others fail with the error the contract names.
// The races are run several times; they must also pass under -race.

const (
	racers = 16
	rounds = 4
)

// race runs fn in n goroutines at once and returns their errors. Every
// goroutine first runs prepare (which may be nil); none runs fn before all
// have prepared.
func race(n int, prepare func(g int) error, fn func(g int) error) []error {
	errs := make([]error, n)
	var ready, wg sync.WaitGroup
	ready.Add(n)
	start := make(chan struct{})
	for g := range n {
		wg.Go(func() {
			var err error
			if prepare != nil {
				err = prepare(g)
			}
			ready.Done()
			<-start
			if err != nil {
				errs[g] = fmt.Errorf("preparing: %w", err)
				return
			}
			errs[g] = fn(g)
		})
	}
	ready.Wait()
	close(start)
	wg.Wait()
	return errs
}

// oneWinner checks that exactly one error is nil and the others match
// want, and returns the winner (-1 if none).
func oneWinner(t *testing.T, errs []error, want error, what string) int {
	t.Helper()
	winner := -1
	for g, err := range errs {
		switch {
		case err == nil && winner < 0:
			winner = g
		case err == nil:
			t.Errorf("%s: goroutines %d and %d both succeeded; want exactly one", what, winner, g)
		case !errors.Is(err, want):
			t.Errorf("%s: goroutine %d = %v; want nil for one goroutine and %v for the others", what, g, err, want)
		}
	}
	if winner < 0 {
		t.Errorf("%s: no goroutine succeeded; want exactly one", what)
	}
	return winner
}

func testConfirmRejectRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	for round := 1; round <= rounds; round++ {
		r, evs := pending(t, regID(round), person(round), host(t, round))
		create(t, s, record{r, evs})
		by := registration.HostActor(r.HostID)
		// Even goroutines confirm, odd ones reject; each applies its command
		// to the version it read in a View.
		seen := make([]registration.Registration, racers)
		errs := race(racers, func(g int) error {
			return s.View(ctx, func(tx store.ReadTx) error {
				var err error
				seen[g], err = tx.Registration(ctx, r.ID)
				return err
			})
		}, func(g int) error {
			var cmd registration.Command = registration.Confirm{ValidUntil: validUntil}
			if g%2 == 1 {
				cmd = registration.Reject{Reason: registration.Reason{Code: registration.HostRefusal}}
			}
			next, evs, err := seen[g].Apply(by, cmd, answeredAt)
			if err != nil {
				return fmt.Errorf("storetest: Apply: %v", err) // not wrapped: never a store error
			}
			return s.Update(ctx, func(tx store.Tx) error {
				return tx.UpdateRegistration(ctx, next, seen[g].Version, evs)
			})
		})
		what := fmt.Sprintf("round %d: %d goroutines confirming or rejecting %s at version %d", round, racers, r.ID, r.Version)
		winner := oneWinner(t, errs, store.ErrConflict, what)
		if winner < 0 {
			continue
		}
		want := registration.Confirmed
		if winner%2 == 1 {
			want = registration.Rejected
		}
		got, gevs, err := read(t, s, r.ID)
		if err != nil || got.State != want || got.Version != 2 || len(gevs) != 2 || gevs[1].To != want {
			t.Errorf("%s: afterwards the registration is %v at version %d with %d events, %v; want %v (the winner's) at version 2 with 2 events",
				what, got.State, got.Version, len(gevs), err, want)
		}
	}
}

func testOneActiveRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	const n = 8
	for round := 1; round <= rounds; round++ {
		// n pending requests of one foreigner to n hosts; every host
		// confirms at once.
		var recs []record
		for g := range n {
			i := round*100 + g
			r, evs := pending(t, regID(i), person(round), host(t, i))
			recs = append(recs, record{r, evs})
		}
		create(t, s, recs...)
		errs := race(n, nil, func(g int) error {
			return s.Update(ctx, func(tx store.Tx) error {
				r, err := tx.Registration(ctx, recs[g].reg.ID)
				if err != nil {
					return err
				}
				next, evs, err := r.Confirm(registration.HostActor(r.HostID), validUntil, answeredAt)
				if err != nil {
					return fmt.Errorf("storetest: Confirm: %v", err)
				}
				return tx.UpdateRegistration(ctx, next, r.Version, evs)
			})
		})
		what := fmt.Sprintf("round %d: %d hosts confirming requests of one foreigner at once", round, n)
		oneWinner(t, errs, store.ErrConflict, what)
		confirmed := 0
		for _, rec := range recs {
			got, _, err := read(t, s, rec.reg.ID)
			if err != nil {
				t.Errorf("%s: reading %s: %v", what, rec.reg.ID, err)
			}
			if got.State == registration.Confirmed {
				confirmed++
			}
		}
		if confirmed != 1 {
			t.Errorf("%s: afterwards %d registrations of the foreigner are confirmed; want 1", what, confirmed)
		}
	}
}

func testCreateRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	for round := 1; round <= rounds; round++ {
		// The same ID, filed by racers different foreigners.
		recs := make([]record, racers)
		for g := range racers {
			r, evs := pending(t, regID(round), person(round*100+g), host(t, g))
			recs[g] = record{r, evs}
		}
		errs := race(racers, nil, func(g int) error {
			return s.Update(ctx, func(tx store.Tx) error {
				return tx.CreateRegistration(ctx, recs[g].reg, recs[g].events)
			})
		})
		what := fmt.Sprintf("round %d: %d goroutines creating %s", round, racers, regID(round))
		if winner := oneWinner(t, errs, store.ErrDuplicate, what); winner >= 0 {
			checkStored(t, s, recs[winner], what)
		}
	}
}

func testIdempotencyRace(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	for round := 1; round <= rounds; round++ {
		key := fmt.Sprintf("client%d:retry", round)
		errs := race(racers, nil, func(g int) error {
			return s.Update(ctx, func(tx store.Tx) error {
				return tx.PutIdempotency(ctx, idempotency(1+g%3, key))
			})
		})
		what := fmt.Sprintf("round %d: %d goroutines storing the key %q", round, racers, key)
		winner := oneWinner(t, errs, store.ErrDuplicate, what)
		if winner < 0 {
			continue
		}
		view(t, s, func(tx store.ReadTx) error {
			got, err := tx.Idempotency(ctx, key)
			if d := diff(got, idempotency(1+winner%3, key)); err != nil || d != "" {
				t.Errorf("%s: Idempotency(%q) = %v; want the winner's record\n%s", what, key, err, d)
			}
			return nil
		})
	}
}

func testClosed(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	if err := s.Close(); err != nil {
		t.Fatalf("Close() = %v; want nil", err)
	}
	called := false
	err := s.Update(ctx, func(tx store.Tx) error { called = true; return nil })
	if !errors.Is(err, store.ErrClosed) || called {
		t.Errorf("Update after Close = %v (fn called: %t); want store.ErrClosed without calling fn", err, called)
	}
	called = false
	err = s.View(ctx, func(tx store.ReadTx) error { called = true; return nil })
	if !errors.Is(err, store.ErrClosed) || called {
		t.Errorf("View after Close = %v (fn called: %t); want store.ErrClosed without calling fn", err, called)
	}
}

package dbtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// SQLite commits the writes of goroutines that call Update at once in one
// transaction; each caller must still see its own transaction's outcome:
// a function that fails or panics loses its writes alone, and the others
// keep theirs.
func TestSQLiteGroupCommit(t *testing.T) {
	ctx := t.Context()
	s := newSQLiteStore(t)
	const n = 32
	errFail := errors.New("this caller fails")
	for round := range 3 {
		errs := make([]error, n)
		panics := make([]any, n)
		ids := make([]registration.ID, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := range n {
			ids[g] = registration.ID(fmt.Sprintf("group-%d-%02d", round, g))
			r, evs, err := pending(ids[g], round*n+g)
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() {
				defer func() { panics[g] = recover() }()
				<-start
				gctx := ctx
				if g%8 == 5 {
					// A caller that gives up before its turn.
					c, cancel := context.WithCancel(ctx)
					cancel()
					gctx = c
				}
				errs[g] = s.Update(gctx, func(tx store.Tx) error {
					if err := tx.CreateRegistration(gctx, r, evs); err != nil {
						return err
					}
					switch g % 8 {
					case 3:
						return errFail
					case 7:
						panic(fmt.Sprint("caller ", g, " panics"))
					}
					return nil
				})
			})
		}
		close(start)
		wg.Wait()
		for g := range n {
			var wantErr error
			wantPanic, stored := "", true
			switch g % 8 {
			case 3:
				wantErr, stored = errFail, false
			case 5:
				wantErr, stored = context.Canceled, false
			case 7:
				wantPanic, stored = fmt.Sprint("caller ", g, " panics"), false
			}
			if !errors.Is(errs[g], wantErr) || (wantErr == nil) != (errs[g] == nil) {
				t.Errorf("round %d: caller %d: Update = %v; want %v", round, g, errs[g], wantErr)
			}
			if got := fmt.Sprint(panics[g]); (wantPanic == "" && panics[g] != nil) || (wantPanic != "" && got != wantPanic) {
				t.Errorf("round %d: caller %d: panic %v; want %q", round, g, panics[g], wantPanic)
			}
			err := s.View(ctx, func(tx store.ReadTx) error {
				_, err := tx.Registration(ctx, ids[g])
				return err
			})
			if stored != (err == nil) || (!stored && !errors.Is(err, store.ErrNotFound)) {
				t.Errorf("round %d: caller %d: reading its registration = %v; want it stored: %t", round, g, err, stored)
			}
		}
	}
}

// TestSQLiteGroupCallerGivesUpWhileQueued: an Update whose caller gives up
// while it waits in the queue behind a running transaction returns the
// context's error, and its function never runs. (The wait lets the call
// reach the queue first; if it has not, the call gives up before it
// queues, with the same outcome.)
func TestSQLiteGroupCallerGivesUpWhileQueued(t *testing.T) {
	ctx := t.Context()
	s := newSQLiteStore(t)
	running, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- s.Update(ctx, func(tx store.Tx) error {
			close(running)
			<-release
			return nil
		})
	}()
	<-running
	waiting, giveUp := context.WithCancel(ctx)
	ran := false
	second := make(chan error, 1)
	go func() {
		second <- s.Update(waiting, func(tx store.Tx) error {
			ran = true
			return nil
		})
	}()
	time.Sleep(50 * time.Millisecond) // not asserted: see above
	giveUp()
	close(release)
	if err := <-first; err != nil {
		t.Errorf("the running Update = %v; want nil", err)
	}
	if err := <-second; !errors.Is(err, context.Canceled) || ran {
		t.Errorf("the Update given up while queued = %v, its function ran: %t; want context.Canceled, not run", err, ran)
	}
}

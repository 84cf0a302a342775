package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/migreg/migreg/store"
)

// A transaction kept after it ended, or read with a cancelled context,
// answers with an error and nothing else: its store may no longer hold
// the lock that made the read safe, and a caller that ignores the error
// must not be handed a record.

// lookups are the reads of one record of the world, each returning what
// it read as an any.
func (w world) lookups(ctx context.Context, tx store.ReadTx) map[string]func() (any, error) {
	f := w.rec.reg.Foreigner
	return map[string]func() (any, error){
		"Registration": func() (any, error) { return tx.Registration(ctx, w.rec.reg.ID) },
		"Events":       func() (any, error) { return tx.Events(ctx, w.rec.reg.ID) },
		"Foreigner":    func() (any, error) { return tx.Foreigner(ctx, f) },
		"Trips":        func() (any, error) { return tx.Trips(ctx, f) },
		"Idempotency":  func() (any, error) { return tx.Idempotency(ctx, w.idem.Key) },
		"Message":      func() (any, error) { return tx.Message(ctx, w.msg.ID) },
		"Certificate":  func() (any, error) { return tx.Certificate(ctx, w.rec.reg.ID) },
		"Link":         func() (any, error) { return tx.Link(ctx, f) },
	}
}

// checkRefused reports each lookup that did not fail with want, or
// returned a value beside its error.
func checkRefused(t *testing.T, when string, lookups map[string]func() (any, error), want error) {
	t.Helper()
	for name, read := range lookups {
		got, err := read()
		if !errors.Is(err, want) || !reflect.ValueOf(got).IsZero() {
			t.Errorf("%s: %s = %+v, %v; want the zero value and %v", when, name, got, err, want)
		}
	}
}

func testUsedAfterEnd(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorld(t, 1)
	var kept store.Tx
	if err := s.Update(ctx, func(tx store.Tx) error {
		kept = tx
		return w.write(tx, t)
	}); err != nil {
		t.Fatal(err)
	}
	checkRefused(t, "a write transaction after Update returned", w.lookups(ctx, kept), store.ErrInvalid)
	var read store.ReadTx
	if err := s.View(ctx, func(tx store.ReadTx) error {
		read = tx
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	checkRefused(t, "a read transaction after View returned", w.lookups(ctx, read), store.ErrInvalid)
}

func testCancelledRead(t *testing.T, s store.Store) {
	w := newWorld(t, 1)
	if err := s.Update(t.Context(), func(tx store.Tx) error { return w.write(tx, t) }); err != nil {
		t.Fatal(err)
	}
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		checkRefused(t, "a read with a cancelled context", w.lookups(ctx, tx), context.Canceled)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

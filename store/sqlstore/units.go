package sqlstore

import (
	"context"

	"github.com/migreg/migreg/store"
)

// Units: several callers' work in one transaction, each undone alone when
// it fails, with a savepoint. UpdateEach runs one caller's list of units;
// on SQLite, Update runs the units of the callers writing at once (see
// group.go).

// UpdateEach runs the functions in one write transaction (see
// store.Store), each between a SAVEPOINT and its RELEASE, rolled back to
// the savepoint when it fails.
func (s *Store) UpdateEach(ctx context.Context, fns []func(tx store.Tx) error) []error {
	errs := make([]error, len(fns))
	if len(fns) == 0 {
		return errs
	}
	err := s.run(ctx, true, func(t *tx) error {
		clear(errs) // an attempt the database aborted starts over
		for i, fn := range fns {
			errs[i] = t.unit(ctx, fn)
			if err := ctx.Err(); err != nil {
				return err // the caller gave up: do not commit
			}
			if t.failed != nil {
				return t.failed
			}
		}
		return nil
	})
	if err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
	}
	return errs
}

// unit runs fn as a unit of t: between a SAVEPOINT and its RELEASE, and
// rolled back to the savepoint when fn fails or panics (the panic goes
// on). It returns fn's error. A failure of the transaction itself (of the
// savepoint's statements, or one that running the whole transaction again
// may get past) is recorded in t.failed, for the caller to end the
// attempt.
func (t *tx) unit(ctx context.Context, fn func(tx store.Tx) error) (err error) {
	// The savepoint's own statements run even when ctx is cancelled: a
	// unit left open would spoil the units after it.
	bg := context.WithoutCancel(ctx)
	if _, err := t.q.ExecContext(bg, "SAVEPOINT migreg_unit"); err != nil {
		return t.fail(err, nil, "starting a unit")
	}
	u := &tx{s: t.s, q: t.q, write: true}
	undo := func() {
		if _, err := t.q.ExecContext(bg, "ROLLBACK TO SAVEPOINT migreg_unit"); err != nil {
			t.fail(err, nil, "rolling a unit back")
		}
	}
	defer func() {
		u.done = true
		if p := recover(); p != nil {
			undo()
			panic(p)
		}
		if _, rerr := t.q.ExecContext(bg, "RELEASE SAVEPOINT migreg_unit"); rerr != nil && t.failed == nil {
			t.fail(rerr, nil, "ending a unit")
		}
	}()
	if err = u.call(ctx, func(u *tx) error { return fn(u) }); err != nil {
		if u.retryable(err) {
			t.failed = err // run the whole transaction again
		}
		undo()
	}
	return err
}

package sqlstore

import (
	"context"
	"errors"

	"github.com/migreg/migreg/store"
)

// Units: several callers' work in one transaction, each undone alone when
// it fails. UpdateEach runs one caller's list of units; on SQLite, Update
// runs the units of the callers writing at once (see group.go).
//
// On SQLite a transaction of units runs them unguarded first: without
// savepoints, which cost two statements a unit and a copy of every page
// a unit changes. A unit that fails before it changed anything needs no
// undoing: a hotel's refused check-in fails before it writes. When one
// fails or panics after it wrote, or after the database refused one of
// its statements, the transaction is rolled back and, unless that unit
// was its only one, run again guarded: each unit between a SAVEPOINT and
// its RELEASE, rolled back to the savepoint when it fails. Every unit's
// function may so run twice, as it may when the database aborts a
// transaction. On PostgreSQL units are always guarded: every unit of the
// Service locks its foreigner first, with an upsert that may insert the
// lock's row, so that a refused unit would always make the transaction
// run again.

// errUndoUnit ends an unguarded attempt whose failed unit must be undone:
// the transaction runs again with savepoints.
var errUndoUnit = errors.New("sqlstore: a unit failed after it wrote; running the units again with savepoints")

// UpdateEach runs the functions in one write transaction (see
// store.Store), each undone alone when it fails (see above).
func (s *Store) UpdateEach(ctx context.Context, fns []func(tx store.Tx) error) []error {
	errs := make([]error, len(fns))
	if len(fns) == 0 {
		return errs
	}
	err := s.runUnits(len(fns), func(guarded bool) error {
		return s.run(ctx, true, func(t *tx) error {
			clear(errs) // an attempt the database aborted starts over
			for i, fn := range fns {
				errs[i] = t.unit(ctx, fn, guarded)
				if err := ctx.Err(); err != nil {
					return err // the caller gave up: do not commit
				}
				if t.failed != nil {
					return t.failed
				}
			}
			return nil
		})
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

// runUnits runs a transaction of n units (transaction, told whether its
// units are guarded): on SQLite unguarded first, and guarded again when
// a unit must be undone, unless it was the only one, whose result then
// stands after the rollback; on PostgreSQL guarded (see above).
func (s *Store) runUnits(n int, transaction func(guarded bool) error) error {
	modes := []bool{false, true}
	if s.dialect == PostgreSQL {
		modes = modes[1:]
	}
	var err error
	for _, guarded := range modes {
		err = transaction(guarded)
		switch {
		case !errors.Is(err, errUndoUnit):
			return err
		case n == 1:
			return nil // the rollback undid the only unit
		}
	}
	return err
}

// unit runs fn as a unit of t and returns fn's error. Guarded, it runs
// between a SAVEPOINT and its RELEASE and is rolled back to the savepoint
// when fn fails or panics (the panic goes on). Unguarded, a failure or a
// panic after fn wrote, or after the database refused one of its
// statements, sets t.failed to errUndoUnit. A failure of the transaction
// itself (of the savepoint's statements, or one that running the whole
// transaction again may get past) is recorded in t.failed, for the caller
// to end the attempt.
func (t *tx) unit(ctx context.Context, fn func(tx store.Tx) error, guarded bool) (err error) {
	// The savepoint's own statements run even when ctx is cancelled: a
	// unit left open would spoil the units after it.
	bg := context.WithoutCancel(ctx)
	if guarded {
		if _, err := t.q.ExecContext(bg, "SAVEPOINT migreg_unit"); err != nil {
			return t.fail(err, nil, "starting a unit")
		}
	}
	u := &tx{s: t.s, q: t.q, write: true}
	undo := func() {
		switch {
		case guarded:
			if _, err := t.q.ExecContext(bg, "ROLLBACK TO SAVEPOINT migreg_unit"); err != nil {
				t.fail(err, nil, "rolling a unit back")
			}
		case (u.wrote || u.failed != nil) && t.failed == nil:
			t.failed = errUndoUnit
		}
	}
	defer func() {
		u.done = true
		if p := recover(); p != nil {
			undo()
			panic(p)
		}
		if !guarded {
			return
		}
		if _, rerr := t.q.ExecContext(bg, "RELEASE SAVEPOINT migreg_unit"); rerr != nil && t.failed == nil {
			t.fail(rerr, nil, "ending a unit")
		}
	}()
	if err = u.call(ctx, func(u *tx) error { return fn(u) }); err != nil {
		if c := classify(t.s.dialect, u.failed); u.retryable(err) || c == unavailable {
			t.failed = err // run the whole transaction again, or give up
		}
		undo()
	}
	return err
}

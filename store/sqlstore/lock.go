package sqlstore

import (
	"context"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Lock takes a foreigner's write lock until the transaction ends (see
// store.Tx). On PostgreSQL it upserts the foreigner's row of
// foreigner_locks: the upsert locks the row, so that another transaction's
// Lock of the same foreigner waits for this one to end, and then, at READ
// COMMITTED, reads what it committed. On SQLite a write transaction holds
// the database's write lock from its BEGIN IMMEDIATE: there is nothing
// more to take.
func (t *tx) Lock(ctx context.Context, foreigner registration.ForeignerID) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckLock(foreigner); err != nil {
		return err
	}
	if t.s.dialect == SQLite {
		return nil
	}
	_, err := t.exec(ctx, store.ErrConflict, "locking a foreigner", t.s.q.lock, string(foreigner))
	return err
}

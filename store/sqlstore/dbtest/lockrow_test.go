package dbtest

import (
	"context"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// TestPostgresLockWritesNoVersion: locking a foreigner whose lock row
// exists locks that row without writing a new version of it (its xmin
// stays), so that a million commands leave no dead rows behind for
// vacuum. Before the lock's WHERE false every Lock and LockRegistration
// updated the row.
func TestPostgresLockWritesNoVersion(t *testing.T) {
	db, s, schema := newPostgresSchema(t)
	ctx := context.Background()
	const f = registration.ForeignerID("f_demo_abcdefghijklmnopqrstuvwxyz")
	lock := func() {
		t.Helper()
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.Lock(ctx, f) }); err != nil {
			t.Fatal(err)
		}
	}
	version := func() string {
		t.Helper()
		var xmin string
		if err := db.QueryRowContext(ctx, `SELECT xmin::text FROM "`+schema+`".foreigner_locks WHERE foreigner = $1`, string(f)).Scan(&xmin); err != nil {
			t.Fatal(err)
		}
		return xmin
	}
	lock() // the first Lock inserts the row
	first := version()
	for range 3 {
		lock()
	}
	if got := version(); got != first {
		t.Errorf("the lock row's version after three more Locks = xmin %s; want %s, the insert's: a Lock wrote a new row version", got, first)
	}
}

package dbtest

import (
	"testing"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/storetest"
)

// TestSQLiteConformance runs the store contract's conformance suite on
// SQLite, a new database file per subtest.
func TestSQLiteConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return newSQLiteStore(t) })
}

// TestPostgresConformance runs the conformance suite on PostgreSQL, a new
// schema per subtest.
func TestPostgresConformance(t *testing.T) {
	db := openPostgres(t)
	storetest.Run(t, func(t *testing.T) store.Store { return newPostgresStore(t, db) })
}

package dbtest

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/store/sqlstore"
)

// TestNewChecksTheSchema: without Migrate, New refuses a database whose
// schema this package was not written for, instead of failing later.
func TestNewChecksTheSchema(t *testing.T) {
	db, _ := openSQLite(t)
	if _, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, nil); !errors.Is(err, sqlstore.ErrNotMigrated) {
		t.Errorf("New without Migrate on an empty database: err = %v; want ErrNotMigrated", err)
	}
	if _, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, nil); err != nil {
		t.Errorf("New without Migrate after migrating: %v", err)
	}
	if _, err := db.Exec(`UPDATE migreg_schema_version SET version = version + 1`); err != nil {
		t.Skipf("cannot simulate a newer schema: %v", err)
	}
	if _, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, nil); !errors.Is(err, sqlstore.ErrSchemaTooNew) {
		t.Errorf("New without Migrate on a newer schema: err = %v; want ErrSchemaTooNew", err)
	}
}

package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/migreg/migreg/store/sqlstore"
)

// defaultDSN is the PostgreSQL of a developer's machine and of CI.
const defaultDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

func postgresDSN() string {
	if dsn := os.Getenv("MIGREG_POSTGRES_DSN"); dsn != "" {
		return dsn
	}
	return defaultDSN
}

// runID names this test process's PostgreSQL schemas, so that runs (and
// packages tested in parallel) never collide.
var runID = func() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()

var schemaSeq atomic.Int64

// newSchemaName returns a schema name not used before by any run.
func newSchemaName() string {
	return fmt.Sprintf("migreg_test_%s_%d", runID, schemaSeq.Add(1))
}

// sqliteDSN returns the DSN of a database file in dir.
func sqliteDSN(dir string) string {
	return "file:" + filepath.Join(dir, "migreg.db")
}

// openSQLite opens a new SQLite database file in a temporary directory and
// closes it when the test ends.
func openSQLite(tb testing.TB) (*sql.DB, string) {
	tb.Helper()
	dsn := sqliteDSN(tb.TempDir())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		tb.Fatalf("sql.Open(sqlite, %q): %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, dsn
}

// newSQLiteStore returns a migrated store on a new SQLite file.
func newSQLiteStore(tb testing.TB) *sqlstore.Store {
	_, s := newSQLite(tb)
	return s
}

// newSQLite returns a new SQLite file and a migrated store on it, closed
// before the file when the test ends.
func newSQLite(tb testing.TB) (*sql.DB, *sqlstore.Store) {
	tb.Helper()
	db, _ := openSQLite(tb)
	s, err := sqlstore.New(context.Background(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		tb.Fatalf("sqlstore.New(SQLite): %v", err)
	}
	tb.Cleanup(func() { s.Close() }) // before the database's (cleanups run last first)
	return db, s
}

// openPostgres opens the PostgreSQL at MIGREG_POSTGRES_DSN and closes it
// when the test ends. Without one it skips the test, or fails it when CI
// is set.
func openPostgres(tb testing.TB) *sql.DB {
	tb.Helper()
	dsn := postgresDSN()
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err != nil {
			db.Close()
		}
	}
	if err != nil {
		msg := fmt.Sprintf("no PostgreSQL at %s (set MIGREG_POSTGRES_DSN): %v", redact(dsn), err)
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s; CI is set, so the PostgreSQL tests must run", msg)
		}
		tb.Skipf("%s; skipping the PostgreSQL tests", msg)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// redact hides a password in a DSN for messages.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		return u.Redacted()
	}
	return "(the DSN in MIGREG_POSTGRES_DSN)"
}

// newPostgresSchema opens PostgreSQL and returns a migrated store in a new
// schema of it, dropped when the test ends, and the schema's name.
func newPostgresSchema(tb testing.TB) (*sql.DB, *sqlstore.Store, string) {
	tb.Helper()
	db := openPostgres(tb)
	schema := newSchemaName()
	dropSchemaAtEnd(tb, db, schema)
	s, err := sqlstore.New(context.Background(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		tb.Fatalf("sqlstore.New(PostgreSQL, schema %s): %v", schema, err)
	}
	return db, s, schema
}

// newPostgresStore returns a migrated store in a new schema of db, dropped
// when the test ends.
func newPostgresStore(tb testing.TB, db *sql.DB) *sqlstore.Store {
	tb.Helper()
	schema := newSchemaName()
	dropSchemaAtEnd(tb, db, schema)
	s, err := sqlstore.New(context.Background(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		tb.Fatalf("sqlstore.New(PostgreSQL, schema %s): %v", schema, err)
	}
	return s
}

func dropSchemaAtEnd(tb testing.TB, db *sql.DB, schema string) {
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP SCHEMA IF EXISTS "`+schema+`" CASCADE`); err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
		}
	})
}

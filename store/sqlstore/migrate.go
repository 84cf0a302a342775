package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/migreg/migreg/store"
)

// SchemaVersion is the version of the schema this package writes and
// reads: the number of its last migration.
const SchemaVersion = 7

// ErrSchemaTooNew is returned by Migrate when the database has a schema
// version beyond SchemaVersion: a newer release of migreg migrated it, and
// this one must not write to it.
var ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this version of migreg")

// ErrNotMigrated is returned by New without Options.Migrate when the
// database's schema is older than this package's (or absent): run Migrate
// first, for example as a deploy step.
var ErrNotMigrated = errors.New("sqlstore: database schema is older than this version of migreg; run Migrate")

// The migrations, one directory per dialect, files named
// NNNN_description.sql and numbered from 0001 without gaps.
//
//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's migrations in order.
func migrations(d Dialect) ([]migration, error) {
	dir := path.Join("migrations", d.String())
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations of %v: %w", d, err)
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("sqlstore: migration file name %q is not NNNN_description.sql", e.Name())
		}
		if v != len(out)+1 {
			return nil, fmt.Errorf("sqlstore: migration %q is number %d; want %d", e.Name(), v, len(out)+1)
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: %w", err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	if len(out) != SchemaVersion {
		return nil, fmt.Errorf("sqlstore: %d migrations of %v; want %d", len(out), d, SchemaVersion)
	}
	return out, nil
}

// The table that records the migrations applied, one row per version.
const (
	sqliteVersionTable = `CREATE TABLE IF NOT EXISTS @migreg_schema_version (
	version    INTEGER NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
)`
	postgresVersionTable = `CREATE TABLE IF NOT EXISTS @migreg_schema_version (
	version    INTEGER NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
)`
	sqlCurrentVersion = `SELECT COALESCE(MAX(version), 0) FROM @migreg_schema_version`
	sqlRecordVersion  = `INSERT INTO @migreg_schema_version (version, name) VALUES (?, ?)`
)

// Migrate brings the database's schema to SchemaVersion, applying the
// embedded migrations it lacks, each with the record of its version, in
// one transaction. Running it again, or from several processes at once,
// is safe: SQLite serializes it with its write lock, PostgreSQL with a
// transaction-scoped advisory lock (per schema). It creates the schema of
// Options.Schema if absent.
//
// Errors: ErrSchemaTooNew, store.ErrClosed, and the database's errors.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations(s.dialect)
	if err != nil {
		return err
	}
	if s.dialect == SQLite {
		return s.run(ctx, true, func(t *tx) error {
			return s.applyMigrations(ctx, t.q, sqliteVersionTable, ms)
		})
	}
	if s.closed.Load() {
		return store.ErrClosed
	}
	// READ COMMITTED, so that a process that waited for the lock sees what
	// the process before it committed.
	sqlTx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer sqlTx.Rollback()
	if _, err := sqlTx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", s.migrationLock()); err != nil {
		return fmt.Errorf("sqlstore: migrate: taking the migration lock: %w", err)
	}
	if s.schema != "" {
		// Create the schema only when it is missing: CREATE SCHEMA IF NOT
		// EXISTS still needs the CREATE privilege on the database, which
		// a role that merely owns the schema may lack.
		var exists bool
		if err := sqlTx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", s.schema).Scan(&exists); err != nil {
			return fmt.Errorf("sqlstore: migrate: looking for schema %s: %w", s.schema, err)
		}
		if !exists {
			if _, err := sqlTx.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS "`+s.schema+`"`); err != nil {
				return fmt.Errorf("sqlstore: migrate: creating schema %s: %w", s.schema, err)
			}
		}
	}
	if err := s.applyMigrations(ctx, sqlTx, postgresVersionTable, ms); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

// migrationLock is the key of PostgreSQL's advisory lock for migrating the
// store's schema.
func (s *Store) migrationLock() int64 {
	h := fnv.New64a()
	h.Write([]byte("migreg/sqlstore migrate " + s.schema))
	return int64(h.Sum64())
}

// applyMigrations applies the migrations after the database's version.
func (s *Store) applyMigrations(ctx context.Context, q querier, versionTable string, ms []migration) error {
	if _, err := q.ExecContext(ctx, rebind(s.dialect, s.prefix, versionTable)); err != nil {
		return fmt.Errorf("sqlstore: migrate: creating the version table: %w", err)
	}
	var current int
	if err := q.QueryRowContext(ctx, rebind(s.dialect, s.prefix, sqlCurrentVersion)).Scan(&current); err != nil {
		return fmt.Errorf("sqlstore: migrate: reading the version: %w", err)
	}
	if current > SchemaVersion {
		return fmt.Errorf("%w: the database is at version %d, this package at %d", ErrSchemaTooNew, current, SchemaVersion)
	}
	for _, m := range ms[current:] {
		// The files use @ before table names only; they have no parameters.
		if _, err := q.ExecContext(ctx, strings.ReplaceAll(m.sql, "@", s.prefix)); err != nil {
			return fmt.Errorf("sqlstore: migrate: applying %s: %w", m.name, err)
		}
		if _, err := q.ExecContext(ctx, rebind(s.dialect, s.prefix, sqlRecordVersion), m.version, m.name); err != nil {
			return fmt.Errorf("sqlstore: migrate: recording %s: %w", m.name, err)
		}
	}
	return nil
}

// Version returns the schema version of the database: 0 before the first
// Migrate, SchemaVersion after it.
func (s *Store) Version(ctx context.Context) (int, error) {
	if s.closed.Load() {
		return 0, store.ErrClosed
	}
	var n int
	var err error
	if s.dialect == SQLite {
		err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migreg_schema_version'`).Scan(&n)
	} else {
		err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
WHERE table_schema = COALESCE(NULLIF($1, ''), current_schema()) AND table_name = 'migreg_schema_version'`, s.schema).Scan(&n)
	}
	if err != nil || n == 0 {
		return 0, err
	}
	var v int
	if err := s.db.QueryRowContext(ctx, rebind(s.dialect, s.prefix, sqlCurrentVersion)).Scan(&v); err != nil {
		return 0, fmt.Errorf("sqlstore: reading the schema version: %w", err)
	}
	return v, nil
}

package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// What the database enforces by itself, beneath the store's own checks,
// and what the store makes of it.

func TestSQLiteEnforces(t *testing.T) {
	db, s := newSQLite(t)
	enforces(t, s, db, "", "?")
}

func TestPostgresEnforces(t *testing.T) {
	db, s, schema := newPostgresSchema(t)
	enforces(t, s, db, `"`+schema+`".`, "$1")
}

func enforces(t *testing.T, s *sqlstore.Store, db *sql.DB, table, param string) {
	ctx := t.Context()
	r, evs, err := pending("reg0001", 1)
	if err != nil {
		t.Fatal(err)
	}
	c, cevs, err := confirm(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.CreateRegistration(ctx, r, evs); err != nil {
			return err
		}
		return tx.UpdateRegistration(ctx, c, r.Version, cevs)
	}); err != nil {
		t.Fatal(err)
	}

	// Foreign keys: records that name a registration need it.
	ghost := registration.ID("reg9999")
	for _, tt := range []struct {
		name  string
		write func(tx store.Tx) error
	}{
		{"PutCertificate", func(tx store.Tx) error {
			return tx.PutCertificate(ctx, store.Certificate{Registration: ghost, Number: "KZ-1", Token: "t"})
		}},
		{"Enqueue", func(tx store.Tx) error {
			return tx.Enqueue(ctx, store.Message{ID: "m1", Kind: "decision", To: "x", Registration: ghost, Body: []byte("{}")})
		}},
		{"PutIdempotency", func(tx store.Tx) error {
			return tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: "k1", Fingerprint: "f", Registration: ghost})
		}},
	} {
		if err := s.Update(ctx, tt.write); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s naming registration %s, which does not exist = %v; want store.ErrNotFound", tt.name, ghost, err)
		}
	}
	// A message about no registration (a reminder) is fine.
	if err := s.Update(ctx, func(tx store.Tx) error {
		return tx.Enqueue(ctx, store.Message{ID: "reminder/1", Kind: "reminder", To: string(r.Foreigner), Body: []byte("{}")})
	}); err != nil {
		t.Errorf("Enqueue of a message without a registration = %v; want nil", err)
	}

	// The event log is append-only, whoever writes.
	for _, stmt := range []string{
		"UPDATE " + table + "registration_events SET type = 'rejected' WHERE registration_id = " + param,
		"DELETE FROM " + table + "registration_events WHERE registration_id = " + param,
	} {
		if _, err := db.ExecContext(ctx, stmt, string(r.ID)); err == nil {
			t.Errorf("%s succeeded; want the append-only trigger to refuse it", stmt)
		}
	}
	// One active registration per foreigner, whoever writes.
	confirmed := "'confirmed'"
	if param == "?" { // SQLite stores the state's code (schema 6)
		confirmed = "2"
	}
	stmt := "UPDATE " + table + "registrations SET state = " + confirmed + " WHERE id = " + param
	r2, evs2, err := pending("reg0002", 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r2, evs2) }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, stmt, string(r2.ID)); err == nil {
		t.Errorf("%s for a second registration of the foreigner succeeded; want the unique index to refuse it", stmt)
	}

	// A write the database refused spoils the transaction: returning nil
	// after it commits nothing.
	r3, evs3, err := pending("reg0003", 3)
	if err != nil {
		t.Fatal(err)
	}
	var refused error
	err = s.Update(ctx, func(tx store.Tx) error {
		if err := tx.CreateRegistration(ctx, r3, evs3); err != nil {
			return err
		}
		refused = tx.PutCertificate(ctx, store.Certificate{Registration: ghost, Number: "KZ-1", Token: "t"})
		return nil // ignoring the error, wrongly
	})
	if !errors.Is(refused, store.ErrNotFound) || err == nil {
		t.Errorf("Update(fn ignoring a refused write) = %v (the write: %v); want an error", err, refused)
	}
	if err := s.View(ctx, func(tx store.ReadTx) error {
		_, err := tx.Registration(ctx, r3.ID)
		return err
	}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Registration(%s) after the spoilt transaction = %v; want store.ErrNotFound", r3.ID, err)
	}
}

// Migrations run concurrently from several connections pools (as from
// several processes) apply once.
func TestSQLiteMigrateConcurrently(t *testing.T) {
	_, dsn := openSQLite(t)
	migrateConcurrently(t, func() (*sql.DB, error) { return sql.Open("sqlite", dsn) }, sqlstore.SQLite, "")
}

func TestPostgresMigrateConcurrently(t *testing.T) {
	db := openPostgres(t)
	schema := newSchemaName()
	dropSchemaAtEnd(t, db, schema)
	migrateConcurrently(t, func() (*sql.DB, error) { return sql.Open("pgx", postgresDSN()) }, sqlstore.PostgreSQL, schema)
}

func migrateConcurrently(t *testing.T, open func() (*sql.DB, error), d sqlstore.Dialect, schema string) {
	const n = 4
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	stores := make([]*sqlstore.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		db, err := open()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		wg.Go(func() {
			stores[i], errs[i] = sqlstore.New(ctx, db, d, &sqlstore.Options{Migrate: true, Schema: schema})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("New with Migrate, %d of %d at once: %v", i, n, err)
		}
	}
	for i, s := range stores {
		if err := s.Migrate(ctx); err != nil {
			t.Errorf("Migrate again (%d) = %v; want nil", i, err)
		}
		if v, err := s.Version(ctx); v != sqlstore.SchemaVersion || err != nil {
			t.Errorf("Version() = %d, %v; want %d", v, err, sqlstore.SchemaVersion)
		}
	}
	// Each migration is recorded once.
	var rows int
	table := "migreg_schema_version"
	if schema != "" {
		table = `"` + schema + `".` + table
	}
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s", table)).Scan(&rows); err != nil || rows != sqlstore.SchemaVersion {
		t.Errorf("%s has %d rows, %v; want %d", table, rows, err, sqlstore.SchemaVersion)
	}
}

// A database migrated by a newer release is left alone.
func TestSQLiteSchemaTooNew(t *testing.T) {
	db, s := newSQLite(t)
	if _, err := db.ExecContext(t.Context(), "INSERT INTO migreg_schema_version (version, name) VALUES (?, 'from the future')", sqlstore.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); !errors.Is(err, sqlstore.ErrSchemaTooNew) {
		t.Errorf("Migrate of a database at version %d = %v; want sqlstore.ErrSchemaTooNew", sqlstore.SchemaVersion+1, err)
	}
	if v, err := s.Version(t.Context()); v != sqlstore.SchemaVersion+1 || err != nil {
		t.Errorf("Version() = %d, %v; want %d", v, err, sqlstore.SchemaVersion+1)
	}
}

package dbtest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// The SQLite store keeps its writer's connection, and the statements
// prepared on it, from one write transaction to the next (see held.go in
// sqlstore); it gives the connection back when the pool has no other, or
// when the store closes, and never reuses one that failed.

// recordedSQLiteStore returns a migrated SQLite store whose database runs
// through a recorder.
func recordedSQLiteStore(t *testing.T) (*sqlstore.Store, *recorder, func(n int) error) {
	t.Helper()
	db, rec := openRecorded(t, "sqlite", sqliteDSN(t.TempDir()))
	s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	// create writes registration number n, by Update or by UpdateEach.
	create := func(n int) error {
		r, evs, err := pending(registration.ID(fmt.Sprintf("held-%03d", n)), n)
		if err != nil {
			return err
		}
		fn := func(tx store.Tx) error { return tx.CreateRegistration(t.Context(), r, evs) }
		if n%2 == 1 {
			return s.UpdateEach(t.Context(), []func(store.Tx) error{fn})[0]
		}
		return s.Update(t.Context(), fn)
	}
	return s, rec, create
}

func TestSQLiteWriterKeepsStatements(t *testing.T) {
	_, rec, create := recordedSQLiteStore(t)
	if err := create(0); err != nil { // prepares the statements
		t.Fatal(err)
	}
	if _, err := rec.record(func() error {
		for n := 1; n <= 4; n++ {
			if err := create(n); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	prepares, connects := rec.counts()
	if prepares != 0 || connects != 0 {
		t.Errorf("4 write transactions after one with the same statements: %d statements prepared, %d connections opened; want 0 and 0", prepares, connects)
	}
}

// A lifecycle through the Service prepares nothing once a first one has
// run: its reads are in its write transactions.
func TestSQLiteLifecycleKeepsStatements(t *testing.T) {
	s, rec, _ := recordedSQLiteStore(t)
	life := lifecycleOf(t, newBenchService(t, s))
	if err := life(t.Context(), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.record(func() error { return life(t.Context(), 1) }); err != nil {
		t.Fatal(err)
	}
	if prepares, connects := rec.counts(); prepares != 0 || connects != 0 {
		t.Errorf("the second lifecycle: %d statements prepared, %d connections opened; want 0 and 0", prepares, connects)
	}
}

// With a pool of one connection the writer keeps none, or View would wait
// forever; also when the limit is set after the writer kept one.
func TestSQLiteWriterPoolOfOne(t *testing.T) {
	for _, before := range []bool{true, false} {
		t.Run(fmt.Sprintf("limit set before the first write=%v", before), func(t *testing.T) {
			db, _ := openSQLite(t)
			if before {
				db.SetMaxOpenConns(1)
			}
			s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Update(t.Context(), func(tx store.Tx) error {
				return tx.PutForeigner(t.Context(), "f-1", person(1))
			}); err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			// Not a timing assertion: without a deadline a wrong store
			// hangs the test instead of failing it.
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			if err := s.View(ctx, func(tx store.ReadTx) error {
				_, err := tx.Foreigner(ctx, "f-1")
				return err
			}); err != nil {
				t.Errorf("View after Update with one connection: %v", err)
			}
		})
	}
}

// Close gives the writer's connection back to the pool.
func TestSQLiteCloseGivesBackConnection(t *testing.T) {
	db, s := newSQLite(t)
	if err := s.Update(t.Context(), func(tx store.Tx) error {
		return tx.PutForeigner(t.Context(), "f-1", person(1))
	}); err != nil {
		t.Fatal(err)
	}
	if got := db.Stats().InUse; got != 1 {
		t.Errorf("after Update: %d connections in use, want 1 (the writer's)", got)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := db.Stats().InUse; got != 0 {
		t.Errorf("after Close: %d connections in use, want 0", got)
	}
}

// A connection whose ROLLBACK failed may still be in its transaction: the
// store must not begin the next one on it.
func TestSQLiteWriterDropsFailedConnection(t *testing.T) {
	s, rec, create := recordedSQLiteStore(t)
	if err := create(0); err != nil {
		t.Fatal(err)
	}
	// A caller that gives up while its UpdateEach runs: the transaction
	// rolls back.
	errRollback := errors.New("injected: ROLLBACK failed")
	rec.failOnce("ROLLBACK", errRollback)
	ctx, cancel := context.WithCancel(t.Context())
	errs := s.UpdateEach(ctx, []func(store.Tx) error{func(store.Tx) error { cancel(); return nil }})
	if !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("UpdateEach whose caller gave up: %v, want %v", errs[0], context.Canceled)
	}
	rec.mu.Lock()
	if rec.fail != "" {
		t.Error("the refused write did not roll back")
	}
	rec.mu.Unlock()
	for n := 2; n <= 3; n++ { // by Update, then by UpdateEach
		stmts, err := rec.record(func() error { return create(n) })
		if err != nil {
			t.Errorf("write %d after a failed ROLLBACK: %v", n, err)
		}
		begins := 0
		for _, st := range stmts {
			if st.query == "BEGIN IMMEDIATE" {
				begins++
			}
		}
		if begins != 1 {
			t.Errorf("write %d after a failed ROLLBACK began %d times, want once (not first on the failed connection)", n, begins)
		}
	}
}

// The writer's kept connection holds no transaction between writes (its
// statements are reset), so it never stops a checkpoint from emptying the
// WAL, which would then grow without end.
func TestSQLiteKeptConnectionLetsCheckpointsFinish(t *testing.T) {
	db, s := newSQLite(t)
	svc := newBenchService(t, s)
	life := lifecycleOf(t, svc)
	for i := range 3 {
		if err := life(t.Context(), i); err != nil {
			t.Fatal(err)
		}
	}
	if got := db.Stats().InUse; got != 1 {
		t.Fatalf("%d connections in use, want 1 (the writer's)", got)
	}
	var busy, frames, done int
	if err := db.QueryRowContext(t.Context(), "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done); err != nil {
		t.Fatal(err)
	}
	if busy != 0 {
		t.Errorf("PRAGMA wal_checkpoint(TRUNCATE) beside the kept connection: busy %d (log %d, checkpointed %d), want 0", busy, frames, done)
	}
}

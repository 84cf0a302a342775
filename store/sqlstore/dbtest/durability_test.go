package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// Durability: a child process writes registrations and is killed with
// SIGKILL at a random moment, many times over; after each kill the
// database, opened again, holds every write the child saw committed, and
// nothing half-written.

// killCycles is how many times each dialect's writer is killed.
func killCycles() int {
	if testing.Short() {
		return 5
	}
	return 20
}

func TestSQLiteDurability(t *testing.T) {
	_, dsn := openSQLite(t)
	reopen := func(t *testing.T) (*sql.DB, *sqlstore.Store) {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
		if err != nil {
			db.Close()
			t.Fatalf("reopening %s: %v", dsn, err)
		}
		return db, s
	}
	db, s := reopen(t)
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	killRepeatedly(t, childConfig{Dialect: sqlstore.SQLite, DSN: dsn}, "", reopen, func(t *testing.T, db *sql.DB) {
		var result string
		if err := db.QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
			t.Errorf("PRAGMA integrity_check = %q, %v; want ok", result, err)
		}
		rows, err := db.QueryContext(t.Context(), "PRAGMA foreign_key_check")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if rows.Next() {
			t.Errorf("PRAGMA foreign_key_check found a row without its parent")
		}
	})
}

func TestPostgresDurability(t *testing.T) {
	db := openPostgres(t)
	dsn := postgresDSN()
	schema := newSchemaName()
	dropSchemaAtEnd(t, db, schema)
	if _, err := sqlstore.New(t.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema}); err != nil {
		t.Fatal(err)
	}
	reopen := func(t *testing.T) (*sql.DB, *sqlstore.Store) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		s, err := sqlstore.New(t.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Schema: schema})
		if err != nil {
			db.Close()
			t.Fatal(err)
		}
		return db, s
	}
	killRepeatedly(t, childConfig{Dialect: sqlstore.PostgreSQL, DSN: dsn, Schema: schema}, `"`+schema+`".`, reopen, nil)
}

// killRepeatedly runs the kill cycles: start a writer, kill it, reopen the
// database and check it.
func killRepeatedly(t *testing.T, cfg childConfig, prefix string, reopen func(*testing.T) (*sql.DB, *sqlstore.Store), check func(*testing.T, *sql.DB)) {
	total := 0
	for cycle := range killCycles() {
		cfg.Prefix, cfg.Base = fmt.Sprintf("c%02d-", cycle), (cycle+1)*100000
		acks := killWriter(t, cfg, time.Duration(20+rand.IntN(180))*time.Millisecond)
		total += len(acks)
		db, s := reopen(t)
		checkAfterKill(t, s, db, prefix, cfg.Prefix, acks)
		checkLogs(t, db, prefix)
		if check != nil {
			check(t, db)
		}
		if v, err := s.Version(t.Context()); err != nil || v != sqlstore.SchemaVersion {
			t.Errorf("cycle %d: Version() = %d, %v; want %d", cycle, v, err, sqlstore.SchemaVersion)
		}
		s.Close()
		db.Close()
		if t.Failed() {
			t.Fatalf("cycle %d failed (%d acknowledged writes)", cycle, len(acks))
		}
	}
	t.Logf("%d kill cycles, %d acknowledged writes checked", killCycles(), total)
	if total == 0 {
		t.Errorf("the writers acknowledged no write before they were killed; nothing was checked")
	}
}

// killWriter starts a writer and kills it with SIGKILL after the delay;
// it returns the versions the writer acknowledged, by registration.
func killWriter(t *testing.T, cfg childConfig, after time.Duration) map[registration.ID]int {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd, out, _, stderr := startChild(t, ctx, "writer", cfg)
	acks := make(map[registration.ID]int)
	var mu sync.Mutex
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for out.Scan() {
			f := strings.Fields(out.Text())
			switch {
			case len(f) == 1 && f[0] == "ready":
				close(ready)
			case len(f) == 3 && f[0] == "ack":
				v, err := strconv.Atoi(f[2])
				if err == nil {
					mu.Lock()
					acks[registration.ID(f[1])] = v
					mu.Unlock()
				}
			}
		}
	}()
	select {
	case <-ready:
	case <-done:
		_ = cmd.Wait()
		t.Fatalf("the writer stopped before it was ready: %s", stderr)
	}
	time.Sleep(after)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("killing the writer: %v", err)
	}
	<-done
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the writer ended by itself before it was killed (%v): %s", err, stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	return acks
}

// checkAfterKill checks that every acknowledged write is there, and that
// each registration of the cycle is whole: its events, person, deadline,
// idempotency key and message, written in the same transaction.
func checkAfterKill(t *testing.T, s *sqlstore.Store, db *sql.DB, table, idPrefix string, acks map[registration.ID]int) {
	t.Helper()
	ctx := t.Context()
	var stored []registration.ID
	rows, err := db.QueryContext(ctx, rebindTest(db, "SELECT id FROM "+table+"registrations WHERE id >= ? AND id < ? ORDER BY id"), idPrefix, idPrefix+"~")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id registration.ID
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, id)
	}
	rows.Close()
	created := len(acks) // each acknowledged ID was created
	for id, v := range acks {
		if !slices.Contains(stored, id) {
			t.Errorf("registration %s was acknowledged at version %d but is not stored after the kill", id, v)
		}
	}
	// At most one more: committed, then killed before the ack.
	if len(stored) > created+1 {
		t.Errorf("%d registrations stored after the kill; the writer acknowledged %d (want at most one more)", len(stored), created)
	}
	far := calendar.NewDate(2100, time.January, 1)
	err = s.View(ctx, func(tx store.ReadTx) error {
		for _, id := range stored {
			r, err := tx.Registration(ctx, id)
			if err != nil {
				return err
			}
			if v, ok := acks[id]; ok && r.Version < v {
				t.Errorf("%s is at version %d after the kill; version %d was acknowledged", id, r.Version, v)
			}
			evs, err := tx.Events(ctx, id)
			if err != nil {
				return err
			}
			if len(evs) != r.Version || evs[len(evs)-1].To != r.State {
				t.Errorf("%s is %v at version %d with %d events; want one event per version, the last to its state", id, r.State, r.Version, len(evs))
			}
			for i, e := range evs {
				if e.Seq != i+1 {
					t.Errorf("%s: event %d is numbered %d", id, i+1, e.Seq)
				}
			}
			if _, err := tx.Foreigner(ctx, r.Foreigner); err != nil {
				t.Errorf("%s: Foreigner = %v; want the person written with it", id, err)
			}
			if _, err := tx.Idempotency(ctx, "key/"+string(id)); err != nil {
				t.Errorf("%s: Idempotency = %v; want the key written with it", id, err)
			}
			if _, err := tx.Message(ctx, "msg/"+string(id)); err != nil {
				t.Errorf("%s: Message = %v; want the message written with it", id, err)
			}
			ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: r.Foreigner}, store.Page{})
			if err != nil {
				return err
			}
			want := store.DueHostAnswer
			if r.State == registration.Confirmed {
				want = store.DueStayEnd
			}
			if len(ds) != 1 || ds[0].Kind != want {
				t.Errorf("%s is %v with deadlines %v; want one, %v", id, r.State, ds, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading after the kill: %v", err)
	}
}

// checkLogs checks that no event lacks its registration and no
// registration lacks its events, across the whole database.
func checkLogs(t *testing.T, db *sql.DB, table string) {
	t.Helper()
	var orphans, bare int
	err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table+"registration_events e WHERE NOT EXISTS (SELECT 1 FROM "+table+"registrations r WHERE r.id = e.registration_id)").Scan(&orphans)
	if err == nil {
		err = db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table+"registrations r WHERE NOT EXISTS (SELECT 1 FROM "+table+"registration_events e WHERE e.registration_id = r.id AND e.seq = r.version)").Scan(&bare)
	}
	if err != nil || orphans != 0 || bare != 0 {
		t.Errorf("%d events without a registration, %d registrations without their last event, %v; want 0, 0", orphans, bare, err)
	}
}

// rebindTest writes the ? placeholders of a test query as $1, $2 ... for
// pgx.
func rebindTest(db *sql.DB, query string) string {
	if strings.Contains(fmt.Sprintf("%T", db.Driver()), "stdlib") {
		n := 0
		var b strings.Builder
		for _, c := range query {
			if c == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	return query
}

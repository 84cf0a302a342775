package dbtest

import (
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestUpgradeKeepsRecords: a database at schema version 3, whose rows
// hold whole records as JSON, migrated to version 4 (which stores each
// fact once and, on SQLite, rebuilds the tables WITHOUT ROWID), reads as
// it was written, and its registrations go on through their lifecycle.
func TestUpgradeKeepsRecords(t *testing.T) { onEmptyDatabases(t, testUpgrade) }

// readsAsWritten checks that a registration, its events and its person
// read after an upgrade as they were written.
func readsAsWritten(t *testing.T, tx store.ReadTx, r registration.Registration, evs []registration.Event) error {
	t.Helper()
	ctx := t.Context()
	got, err := tx.Registration(ctx, r.ID)
	if err != nil {
		return err
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("Registration(%s) after the upgrade (-want +got):\n%s", r.ID, diff)
	}
	gotEvs, err := tx.Events(ctx, r.ID)
	if err != nil {
		return err
	}
	if diff := cmp.Diff(evs, gotEvs); diff != "" {
		t.Errorf("Events(%s) after the upgrade (-want +got):\n%s", r.ID, diff)
	}
	p, err := tx.Foreigner(ctx, r.Foreigner)
	if err != nil {
		return err
	}
	if diff := cmp.Diff(r.Person, p); diff != "" {
		t.Errorf("Foreigner(%s) after the upgrade (-want +got):\n%s", r.Foreigner, diff)
	}
	return nil
}

// onEmptyDatabases runs an upgrade test on a new SQLite file and in a new,
// empty PostgreSQL schema (schema is "" on SQLite).
func onEmptyDatabases(t *testing.T, test func(t *testing.T, db *sql.DB, d sqlstore.Dialect, schema string)) {
	t.Run("SQLite", func(t *testing.T) {
		db, _ := openSQLite(t)
		test(t, db, sqlstore.SQLite, "")
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		db := openPostgres(t)
		schema := newSchemaName()
		dropSchemaAtEnd(t, db, schema)
		if _, err := db.ExecContext(t.Context(), `CREATE SCHEMA "`+schema+`"`); err != nil {
			t.Fatal(err)
		}
		test(t, db, sqlstore.PostgreSQL, schema)
	})
}

// migrateTo applies the dialect's migration files 1 to version to db, the
// tables named after prefix, and records each version as Migrate would:
// a database as an older release left it.
func migrateTo(t testing.TB, db *sql.DB, d sqlstore.Dialect, prefix string, version int) {
	t.Helper()
	ctx := t.Context()
	files, err := filepath.Glob(filepath.Join("..", "migrations", d.String(), "000*.sql"))
	if err != nil || len(files) < version {
		t.Fatalf("the migrations of versions 1 to %d: %v, %v", version, files, err)
	}
	table := `CREATE TABLE ` + prefix + `migreg_schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)`
	if _, err := db.ExecContext(ctx, table); err != nil {
		t.Fatal(err)
	}
	for i, f := range files[:version] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, strings.ReplaceAll(string(b), "@", prefix)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, err := db.ExecContext(ctx, rebindTest(db, `INSERT INTO `+prefix+`migreg_schema_version (version, name) VALUES (?, ?)`), i+1, filepath.Base(f)); err != nil {
			t.Fatal(err)
		}
	}
}

func testUpgrade(t *testing.T, db *sql.DB, d sqlstore.Dialect, schema string) {
	ctx := t.Context()
	prefix := ""
	if schema != "" {
		prefix = `"` + schema + `".`
	}
	// Version 3, as its migrations made it.
	migrateTo(t, db, d, prefix, 3)
	// A pending and a confirmed registration, their events and what goes
	// with them, as version 3 wrote them: whole records as JSON.
	pend, pendEvs, err := pending("r-old-1", 1)
	if err != nil {
		t.Fatal(err)
	}
	conf, confEvs, err := pending("r-old-2", 2)
	if err != nil {
		t.Fatal(err)
	}
	conf, more, err := confirm(conf)
	if err != nil {
		t.Fatal(err)
	}
	confEvs = append(confEvs, more...)
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, rebindTest(db, strings.ReplaceAll(query, "@", prefix)), args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	instant := func(t time.Time) any {
		if d == sqlstore.SQLite {
			return t.UTC().Format("2006-01-02T15:04:05.000000000Z")
		}
		return t
	}
	at := func(r registration.Registration) any { return instant(r.SubmittedAt) }
	for _, w := range []struct {
		r   registration.Registration
		evs []registration.Event
	}{{pend, pendEvs}, {conf, confEvs}} {
		exec(`INSERT INTO @registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(w.r.ID), w.r.Version, w.r.State.String(), string(w.r.Foreigner), string(w.r.HostID), w.r.Entry, w.r.ValidUntil, at(w.r), enc(w.r))
		for _, e := range w.evs {
			exec(`INSERT INTO @registration_events (registration_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)`,
				string(e.Registration), e.Seq, e.Type.String(), instant(e.At), enc(e))
		}
		exec(`INSERT INTO @foreigners (id, body) VALUES (?, ?)`, string(w.r.Foreigner), enc(w.r.Person))
		exec(`INSERT INTO @trips (foreigner, entry, exit) VALUES (?, ?, NULL)`, string(w.r.Foreigner), w.r.Entry)
		exec(`INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry) VALUES (?, ?, ?, ?, ?, ?)`,
			"host_answer", string(w.r.Foreigner), string(w.r.ID), w.r.HostDue, string(w.r.ID), w.r.Entry)
		exec(`INSERT INTO @outbox (id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error)
VALUES (?, 'host_request', 'h', ?, ?, ?, 0, ?, NULL, '')`, "m-"+string(w.r.ID), string(w.r.ID), []byte(`{}`), at(w.r), at(w.r))
	}
	exec(`INSERT INTO @certificates (registration_id, number, token, issued_at) VALUES (?, 'KZ-1', 'token', ?)`, string(conf.ID), at(conf))
	exec(`INSERT INTO @idempotency_keys (idem_key, fingerprint, registration_id, created_at) VALUES ('k', 'fp', ?, ?)`, string(conf.ID), at(conf))

	s, err := sqlstore.New(ctx, db, d, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		t.Fatalf("migrating from version 3: %v", err)
	}
	check := func(r registration.Registration, evs []registration.Event) {
		t.Helper()
		err := s.View(ctx, func(tx store.ReadTx) error {
			if err := readsAsWritten(t, tx, r, evs); err != nil {
				return err
			}
			if trips, err := tx.Trips(ctx, r.Foreigner); err != nil || len(trips) != 1 {
				t.Errorf("Trips after the upgrade: %v, %v; want one", trips, err)
			}
			_, err = tx.Message(ctx, "m-"+string(r.ID))
			return err
		})
		if err != nil {
			t.Fatalf("reading %s after the upgrade: %v", r.ID, err)
		}
	}
	check(pend, pendEvs)
	check(conf, confEvs)
	// An old registration goes on: its update writes the body of version
	// 4 beside the old row's missing submission.
	next, nextEvs, err := confirm(pend)
	if err != nil {
		t.Fatal(err)
	}
	// Another foreigner's confirmation is active: pend's is of foreigner 1.
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, next, pend.Version, nextEvs) }); err != nil {
		t.Fatalf("updating a registration written by version 3: %v", err)
	}
	check(next, append(pendEvs, nextEvs...))
	err = s.View(ctx, func(tx store.ReadTx) error {
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far}, store.Page{})
		if err == nil && len(ds) != 2 {
			t.Errorf("Deadlines after the upgrade: %d; want 2", len(ds))
		}
		if _, err := tx.Certificate(ctx, conf.ID); err != nil {
			return err
		}
		_, err = tx.Idempotency(ctx, "k")
		return err
	})
	if err != nil {
		t.Fatalf("reading after the upgrade: %v", err)
	}
	// A registration written by version 3 (no submitted column) moves
	// with its foreigner in a merge, and reads as it was but for its
	// foreigner.
	to := registration.ForeignerID("f_merged_into")
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.MergeForeigner(ctx, conf.Foreigner, to) }); err != nil {
		t.Fatalf("merging the foreigner of a registration written by version 3: %v", err)
	}
	err = s.View(ctx, func(tx store.ReadTx) error {
		got, err := tx.Registration(ctx, conf.ID)
		want := conf
		want.Foreigner = to
		if diff := cmp.Diff(want, got); err == nil && diff != "" {
			t.Errorf("Registration(%s) after the merge (-want +got):\n%s", conf.ID, diff)
		}
		regs, _, err2 := tx.Registrations(ctx, store.Filter{Foreigner: to}, store.Page{})
		if err2 == nil && (len(regs) != 1 || regs[0].ID != conf.ID) {
			t.Errorf("the registrations of the foreigner merged into: %d; want the one written by version 3", len(regs))
		}
		return errors.Join(err, err2)
	})
	if err != nil {
		t.Fatalf("reading after the merge: %v", err)
	}
}

// TestUpdateChangesWhatWasSubmitted: a registration stores what was
// submitted once, beside what changed since; an update that changes the
// registration's person or address (which the Service never does) is kept
// as it was given, and the first event keeps the submission.
func TestUpdateChangesWhatWasSubmitted(t *testing.T) {
	for name, s := range map[string]*sqlstore.Store{"SQLite": newSQLiteStore(t), "PostgreSQL": newPostgresStore(t, openPostgres(t))} {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			r, evs, err := pending("r-changed", 3)
			if err != nil {
				t.Fatal(err)
			}
			next, more, err := confirm(r)
			if err != nil {
				t.Fatal(err)
			}
			next.Person.Surname, next.Address.Unit, next.Place = "CHANGED", "77", registration.Hotel
			err = s.Update(ctx, func(tx store.Tx) error {
				if err := tx.CreateRegistration(ctx, r, evs); err != nil {
					return err
				}
				return tx.UpdateRegistration(ctx, next, r.Version, more)
			})
			if err != nil {
				t.Fatal(err)
			}
			err = s.View(ctx, func(tx store.ReadTx) error {
				got, err := tx.Registration(ctx, r.ID)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(next, got); diff != "" {
					t.Errorf("Registration (-want +got):\n%s", diff)
				}
				gotEvs, err := tx.Events(ctx, r.ID)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(append(evs, more...), gotEvs); diff != "" {
					t.Errorf("Events (-want +got):\n%s", diff)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

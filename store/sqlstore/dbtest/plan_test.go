package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// The plan tests: every statement the store runs for a read or a write
// walks an index that matches its WHERE and ORDER BY, and stops after the
// page it asks for: no scan of a whole table, no sort of every match (a
// listing that merges one walk per kind or state may sort the walks'
// pages, which its LIMITs bound; PostgreSQL may sort the few rows it
// expects of one foreigner, see postgresExplainer). The test runs each
// store method through a recorder (recorder_test.go), so it explains the
// statements the store really ran, with their arguments, and fails when
// they change.
//
// The planner's choice depends on statistics. SQLite is checked without
// any, as a database is until something runs ANALYZE, and with the
// statistics ANALYZE wrote for a database of a million registrations
// (sqliteStats); PostgreSQL on a world of 100,000 registrations, after
// ANALYZE, both with the plan for the arguments and with the generic plan
// it caches for a prepared statement. MIGREG_PLAN_ROWS=1000000 checks the
// same on a world of that size, filled for real (slow).
//
// Timings are never asserted: plans are.

// planCase is a call of the store and the indexes its statements walk, in
// the order of their plans. Where several indexes find the same few rows
// by the statement's equalities (a registration by its ID, or by its
// host and ID), the planner may pick any: want lists them as "a|b". A
// case of many statements that differ between the databases (erasure, a
// merge) has no want: its statements must only read no whole table, but
// for the tables in sqliteScans, which SQLite reads whole on purpose
// (migration 0007 says why).
type planCase struct {
	name        string
	run         func(ctx context.Context, tx store.Tx, k planKeys) error
	want        []string
	sqliteScans []string
}

// allowed reports whether a problem of a plan is a scan the case allows:
// SQLite's, whose problems alone begin with its plan's "SCAN".
func (c planCase) allowed(problem string) bool {
	for _, table := range c.sqliteScans {
		if rest, ok := strings.CutPrefix(problem, "reads the whole table: SCAN "+table); ok && (rest == "" || rest[0] == ' ') {
			return true
		}
	}
	return false
}

// planKeys are records of the world that the cases ask for.
type planKeys struct {
	reg       registration.ID          // r000000200: has a reregistration deadline
	foreigner registration.ForeignerID // its foreigner
	host      registration.HostID      // its host
	hotel     registration.HostID      // a hotel with registrations in several states
}

// far is a date after every deadline of the world.
var far = calendar.NewDate(2099, time.December, 31)

// second lists the page after the first of a listing of pages of one,
// so that the second statement resumes after a cursor.
func second[T any](list func(store.Page) ([]T, store.Cursor, error)) error {
	_, next, err := list(store.Page{Limit: 1})
	if err != nil {
		return err
	}
	if next == "" {
		return errors.New("the world has one entry for the case; it needs two")
	}
	_, _, err = list(store.Page{After: next, Limit: 1})
	return err
}

func deadlines(ctx context.Context, tx store.Tx, q store.DeadlineQuery) func(store.Page) ([]store.Deadline, store.Cursor, error) {
	return func(p store.Page) ([]store.Deadline, store.Cursor, error) { return tx.Deadlines(ctx, q, p) }
}

func registrations(ctx context.Context, tx store.Tx, f store.Filter) func(store.Page) ([]registration.Registration, store.Cursor, error) {
	return func(p store.Page) ([]registration.Registration, store.Cursor, error) {
		return tx.Registrations(ctx, f, p)
	}
}

var (
	serviceKinds = []store.DeadlineKind{store.DueRegistration, store.DueReregistration, store.DueHostAnswer, store.DueStayEnd}
	byKind4      = []string{"deadlines_by_kind", "deadlines_by_kind", "deadlines_by_kind", "deadlines_by_kind"}
	byForeigner  = "deadlines_by_foreigner_kind|deadlines_pkey"
	byForeigner4 = []string{byForeigner, byForeigner, byForeigner, byForeigner}
	// The events with their registration's columns (schema 6).
	eventsOrRegistration = "registration_events_pkey|registrations_pkey"
)

var planCases = []planCase{
	{"Registration", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Registration(ctx, k.reg)
		return err
	}, []string{"registrations_pkey"}, nil},
	{"Registrations/foreigner (dossier)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Registrations(ctx, store.Filter{Foreigner: k.foreigner}, store.Page{Limit: store.MaxLimit})
		return err
	}, []string{"registrations_by_foreigner"}, nil},
	{"CountRegistrations", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.CountRegistrations(ctx, k.foreigner)
		return err
	}, []string{"registrations_by_foreigner"}, nil},
	{"Registrations/foreigner/confirmed (active dossier)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Registrations(ctx, store.Filter{Foreigner: k.foreigner, States: []registration.State{registration.Confirmed}}, store.Page{Limit: store.MaxLimit})
		return err
	}, []string{"registrations_by_foreigner|registrations_one_active"}, nil},
	{"Registrations/foreigner/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(registrations(ctx, tx, store.Filter{Foreigner: k.foreigner}))
	}, []string{"registrations_by_foreigner", "registrations_by_foreigner"}, nil},
	{"Registrations/host/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(registrations(ctx, tx, store.Filter{Host: k.hotel}))
	}, append(slices.Repeat([]string{"registrations_by_host_state"}, 8), slices.Repeat([]string{"registrations_by_host_state"}, 8)...), nil}, // a walk per state (schema 6)
	{"Registrations/host/pending", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Registrations(ctx, store.Filter{Host: k.hotel, States: []registration.State{registration.Pending}}, store.Page{})
		return err
	}, []string{"registrations_by_host_state"}, nil},
	{"Registrations/host/pending,confirmed/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(registrations(ctx, tx, store.Filter{Host: k.hotel, States: []registration.State{registration.Pending, registration.Confirmed}}))
	}, []string{"registrations_by_host_state", "registrations_by_host_state", "registrations_by_host_state", "registrations_by_host_state"}, nil},
	{"Registrations/all/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(registrations(ctx, tx, store.Filter{}))
	}, []string{"registrations_pkey", "registrations_pkey"}, nil},
	{"Events", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Events(ctx, k.reg)
		return err
	}, []string{eventsOrRegistration, eventsOrRegistration}, nil}, // a join: either first
	{"Foreigner", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Foreigner(ctx, k.foreigner)
		return err
	}, []string{"foreigners_pkey", "registrations_pkey"}, nil}, // and the person a registration submitted (schema 6)
	{"Trips", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Trips(ctx, k.foreigner)
		return err
	}, []string{"trips_pkey"}, nil},
	{"TripsFrom", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.TripsFrom(ctx, k.foreigner, calendar.NewDate(2026, time.January, 1))
		return err
	}, []string{"trips_pkey", "trips_pkey"}, nil},
	{"CountTrips", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.CountTrips(ctx, k.foreigner)
		return err
	}, []string{"trips_pkey"}, nil},
	{"Deadlines/one kind (Sweep, overdue scan)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Kinds: []store.DeadlineKind{store.DueStayEnd}}, store.Page{})
		return err
	}, []string{"deadlines_by_kind"}, nil},
	{"Deadlines/one kind/from/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(deadlines(ctx, tx, store.DeadlineQuery{From: calendar.NewDate(2025, time.June, 1), Through: far, Kinds: []store.DeadlineKind{store.DueStayEnd}}))
	}, []string{"deadlines_by_kind", "deadlines_by_kind"}, nil},
	{"Deadlines/four kinds (Due)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Kinds: serviceKinds}, store.Page{})
		return err
	}, byKind4, nil},
	{"Deadlines/four kinds/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(deadlines(ctx, tx, store.DeadlineQuery{Through: far, Kinds: serviceKinds}))
	}, append(slices.Clone(byKind4), byKind4...), nil},
	{"Deadlines/every kind", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far}, store.Page{})
		return err
	}, append(slices.Clone(byKind4), "deadlines_by_kind"), nil},
	{"Deadlines/foreigner/four kinds (Status)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: k.foreigner, Kinds: serviceKinds}, store.Page{})
		return err
	}, byForeigner4, nil},
	{"Deadlines/foreigner/four kinds/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(deadlines(ctx, tx, store.DeadlineQuery{Through: far, Foreigner: k.foreigner, Kinds: serviceKinds}))
	}, append(slices.Clone(byForeigner4), byForeigner4...), nil},
	{"Deadlines/foreigner/one kind (moves)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: k.foreigner, Kinds: []store.DeadlineKind{store.DueReregistration}}, store.Page{})
		return err
	}, []string{byForeigner}, nil},
	{"Idempotency", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Idempotency(ctx, "k"+string(k.reg))
		return err
	}, []string{"idempotency_keys_pkey"}, nil},
	{"PendingMessages", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.PendingMessages(ctx, time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC), 100)
		return err
	}, []string{"outbox_pending"}, nil},
	{"Message", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Message(ctx, "m"+string(k.reg))
		return err
	}, []string{"outbox_pkey"}, nil},
	{"Certificate", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Certificate(ctx, k.reg)
		return err
	}, []string{"certificates_pkey"}, nil},
	{"UpdateRegistration (and why it matched no row)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		r, evs, err := pending(k.reg, 200)
		if err == nil {
			r, evs, err = confirm(r)
		}
		if err != nil {
			return err
		}
		r.Foreigner, r.HostID = k.foreigner, k.host
		return tx.UpdateRegistration(ctx, r, 1, evs) // the world's is at version 3: a conflict
	}, []string{"registrations_pkey|registrations_by_host_state|registrations_by_foreigner", "registrations_pkey"}, nil},
	{"UpdateMessage", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return tx.UpdateMessage(ctx, store.Message{ID: "m" + string(k.reg), Kind: "host_request", To: "h", Body: []byte("{}"), Attempts: 2})
	}, []string{"outbox_pkey"}, nil},
	// PostgreSQL sends a deletion with the transaction's next statement
	// (pending.go): the read after it.
	{"DeleteDeadline", func(ctx context.Context, tx store.Tx, k planKeys) error {
		if err := tx.DeleteDeadline(ctx, store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: k.foreigner, Subject: string(k.reg)}); err != nil {
			return err
		}
		_, err := tx.Trips(ctx, k.foreigner)
		return err
	}, []string{"deadlines_pkey|deadlines_by_foreigner_kind", "trips_pkey"}, nil},
	{"LockRegistration", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.LockRegistration(ctx, k.reg)
		return err
	}, []string{"registrations_pkey"}, nil},
	{"ForeignerRecords (a submission)", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.ForeignerRecords(ctx, store.RecordsQuery{Foreigner: k.foreigner, Links: []registration.ForeignerID{k.foreigner},
			Idempotency: "key", TripsFrom: calendar.NewDate(2026, time.January, 1), Registrations: true,
			States: []registration.State{registration.Pending, registration.Confirmed}}, store.Page{Limit: 100})
		return err
	}, nil, nil},
	{"Link", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.Link(ctx, "i"+k.foreigner) // the world's link of the foreigner's IIN
		return err
	}, nil, nil},
	{"CertificatesByNumber", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.CertificatesByNumber(ctx, "KZ-2026-000200")
		return err
	}, []string{"certificates_by_number"}, nil},
	{"Foreigners/after", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return second(func(p store.Page) ([]registration.ForeignerID, store.Cursor, error) { return tx.Foreigners(ctx, p) })
	}, []string{"foreigners_pkey", "foreigners_pkey"}, nil},
	{"EraseForeigner", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return tx.EraseForeigner(ctx, k.foreigner)
	}, nil, []string{"outbox", "idempotency_keys"}},
	{"MergeForeigner", func(ctx context.Context, tx store.Tx, k planKeys) error {
		return tx.MergeForeigner(ctx, k.foreigner, registration.ForeignerID("f_demo_zzzzzzzzzzzzzzzzzzzzzzzzzz"))
	}, nil, []string{"outbox"}},
	// A night's expiry deletes the keys of one day among many: here the
	// day before the world's, none of them.
	{"DeleteIdempotencyBefore", func(ctx context.Context, tx store.Tx, k planKeys) error {
		_, err := tx.DeleteIdempotencyBefore(ctx, time.Date(2024, time.December, 31, 0, 0, 0, 0, time.UTC))
		return err
	}, nil, []string{"idempotency_keys"}},
}

// errRollback makes Update roll back the case's writes.
var errRollback = errors.New("rolled back")

// planRows returns the size of the world: MIGREG_PLAN_ROWS, or def.
func planRows(t *testing.T, def int) (n int, real bool) {
	if v := os.Getenv("MIGREG_PLAN_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1000 {
			t.Fatalf("MIGREG_PLAN_ROWS=%q: want a number of registrations, at least 1000", v)
		}
		return n, true
	}
	return def, false
}

// explainer explains one statement: the indexes its plan walks, in
// order, what is wrong with the plan, and the plan as text.
type explainer func(ctx context.Context, st statement) (indexes, problems []string, plan string, err error)

// checkPlans runs every case in a transaction it rolls back, and checks
// the plans of the statements it ran.
func checkPlans(t *testing.T, s *sqlstore.Store, rec *recorder, k planKeys, explain explainer) {
	for _, c := range planCases {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			stmts, err := rec.record(func() error {
				return s.Update(ctx, func(tx store.Tx) error {
					// A case with no indexes to compare must run to its
					// end, or its last statements would go unexplained.
					if err := c.run(ctx, tx, k); err != nil && (c.want == nil || !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrConflict)) {
						return err
					}
					return errRollback
				})
			})
			if !errors.Is(err, errRollback) {
				t.Fatalf("running the case: %v", err)
			}
			var got, problems []string
			var plans strings.Builder
			for _, st := range stmts {
				if !explained(st.query) {
					continue
				}
				idx, probs, plan, err := explain(ctx, st)
				if err != nil {
					t.Fatalf("explaining %s: %v", st.query, err)
				}
				got = append(got, idx...)
				for _, p := range probs {
					if !c.allowed(p) {
						problems = append(problems, p)
					}
				}
				fmt.Fprintf(&plans, "%s\n  args %v\n%s\n", st.query, st.args, plan)
			}
			if c.want != nil && !matches(got, c.want) || len(problems) > 0 {
				t.Errorf("%s: the statements walk %q; want %q\nproblems: %q\n%s", c.name, got, c.want, problems, plans.String())
			} else {
				t.Logf("%s", plans.String())
			}
		})
	}
}

// matches reports whether the indexes walked are those wanted.
func matches(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i, g := range got {
		if !slices.Contains(strings.Split(want[i], "|"), g) {
			return false
		}
	}
	return true
}

// explained reports whether a statement reads rows by a condition: a
// SELECT, UPDATE or DELETE, or a WITH of them (not a transaction's
// BEGIN, a PRAGMA, an INSERT).
func explained(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	for _, verb := range []string{"SELECT", "UPDATE", "DELETE", "WITH"} {
		if strings.HasPrefix(q, verb) {
			return true
		}
	}
	return false
}

// storeTables are the store's tables: a step that reads one of them
// without an index is a problem; a scan of a subquery (a walk of a merged
// listing) is not.
var storeTables = map[string]bool{
	"registrations": true, "registration_events": true, "foreigners": true, "trips": true,
	"deadlines": true, "idempotency_keys": true, "outbox": true, "certificates": true, "links": true,
	"foreigner_locks": true,
}

// worldKeys returns the cases' keys in a world filled by fillWorld
// (prefix: the tables' schema).
func worldKeys(t *testing.T, db *sql.DB, prefix string) planKeys {
	k := planKeys{reg: "r000000200", hotel: "hotel20"}
	err := db.QueryRowContext(t.Context(), "SELECT foreigner, host_id FROM "+prefix+"registrations WHERE id = '"+string(k.reg)+"'").Scan(&k.foreigner, &k.host)
	if err != nil {
		t.Fatalf("the world has no registration %s: %v", k.reg, err)
	}
	return k
}

package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// BenchmarkDue: the daily overdue scan, the first 100 stay-end deadlines
// due through a date, among n registrations with one stay-end deadline
// each (due dates spread over 2026; the scan asks through 1 July, so half
// of them are due). Three ways, in the same run:
//
//   - Store: the store's Deadlines with one kind, in a View, as Sweep and
//     the Service's Due ask;
//   - Service: Service.Due for one kind, the first 100 of its iterator;
//   - HandWritten: the hand-written walk of the index, the same rows
//     scanned into the same values, without a transaction.
//
// Each size builds its database once, in a temporary directory (SQLite)
// or a schema of its own (PostgreSQL), with plain SQL in one
// transaction, and reports how long that took (build-s), then how long
// the statistics took (stats-s: PRAGMA optimize on SQLite, as
// sqlstore.New would run it on such a file; ANALYZE on PostgreSQL).
// Before timing, it checks the plans of the store's statement and of the
// hand-written one: both must walk deadlines_by_kind and sort nothing.
//
//	go test -run '^$' -bench Due -benchtime 2000x       # 2,000, 100,000 and 1,000,000 registrations
//	go test -run '^$' -bench Due -benchtime 2000x -short # without 1,000,000
func BenchmarkDue(b *testing.B) {
	for _, d := range []struct {
		name string
		open func(b *testing.B) (db *sql.DB, rec *recorder, s *sqlstore.Store, prefix string, explain func(*sql.DB) explainer)
	}{
		{"SQLite", openDueSQLite},
		{"PostgreSQL", openDuePostgres},
	} {
		for _, n := range []int{2_000, 100_000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/%d", d.name, n), func(b *testing.B) {
				if n >= 1_000_000 && testing.Short() {
					b.Skip("1,000,000 registrations: not with -short")
				}
				db, rec, s, prefix, explain := d.open(b)
				build, stats := fillDeadlines(b, db, s.Dialect(), prefix, n)
				b.Logf("built %d deadlines in %v, their statistics in %v", n, build, stats)
				benchDue(b, db, rec, s, prefix, explain(db), build, stats)
			})
		}
	}
}

func openDueSQLite(b *testing.B) (*sql.DB, *recorder, *sqlstore.Store, string, func(*sql.DB) explainer) {
	db, rec := openRecorded(b, "sqlite", sqliteDSN(b.TempDir()))
	s, err := sqlstore.New(b.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	return db, rec, s, "", sqliteExplainer
}

func openDuePostgres(b *testing.B) (*sql.DB, *recorder, *sqlstore.Store, string, func(*sql.DB) explainer) {
	plain := openPostgres(b)
	db, rec := openRecorded(b, "pgx", postgresDSN())
	schema := newSchemaName()
	dropSchemaAtEnd(b, plain, schema)
	s, err := sqlstore.New(b.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		b.Fatal(err)
	}
	return db, rec, s, `"` + schema + `".`, func(db *sql.DB) explainer { return postgresExplainer(db, nil) }
}

// fillDeadlines writes n stay-end deadlines, one per registration, due
// on days of 2026 that do not follow the order of the keys, and then
// gathers the statistics as the database would have them (SQLite: what
// New runs; PostgreSQL: ANALYZE, as autovacuum would).
func fillDeadlines(b *testing.B, db *sql.DB, d sqlstore.Dialect, prefix string, n int) (build, stats time.Duration) {
	fill := `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry)
SELECT 'stay_end', printf('f%08x', (i * 2654435761) % 4294967291), printf('r%09d', i),
	date('2026-01-01', '+' || ((i * 2246822519) % 4294967291 % 365) || ' days'), printf('r%09d', i), '2025-12-01' FROM n`
	analyze := "PRAGMA optimize = 0x10002"
	if d == sqlstore.PostgreSQL {
		fill = `INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry)
SELECT 'stay_end', 'f' || lpad(to_hex((i * 2654435761) % 4294967291), 8, '0'), 'r' || lpad(i::text, 9, '0'),
	DATE '2026-01-01' + ((i * 2246822519) % 4294967291 % 365)::int, 'r' || lpad(i::text, 9, '0'), DATE '2025-12-01'
FROM generate_series(1::bigint, $N) AS n(i)`
		analyze = "ANALYZE @deadlines"
	}
	r := strings.NewReplacer("$N", fmt.Sprint(n), "@", prefix)
	took := make([]time.Duration, 2)
	for i, q := range []string{fill, analyze} {
		start := time.Now()
		if _, err := db.ExecContext(b.Context(), r.Replace(q)); err != nil {
			b.Fatalf("%s: %v", r.Replace(q), err)
		}
		took[i] = time.Since(start)
	}
	return took[0], took[1]
}

var (
	dueThrough = calendar.NewDate(2026, time.July, 1)
	dueQuery   = store.DeadlineQuery{Through: dueThrough, Kinds: []store.DeadlineKind{store.DueStayEnd}}
)

func benchDue(b *testing.B, db *sql.DB, rec *recorder, s *sqlstore.Store, prefix string, explain explainer, build, stats time.Duration) {
	ctx := b.Context()
	storeDue := func() (int, error) {
		var n int
		err := s.View(ctx, func(tx store.ReadTx) error {
			page, _, err := tx.Deadlines(ctx, dueQuery, store.Page{Limit: 100})
			n = len(page)
			return err
		})
		return n, err
	}
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	serviceDue := func() (int, error) {
		n := 0
		for _, err := range svc.Due(ctx, dueThrough, migreg.DueStayEnd) {
			if err != nil {
				return n, err
			}
			if n++; n == 100 {
				break
			}
		}
		return n, nil
	}
	hand := handWritten(db, s.Dialect(), prefix)
	handDue := func() (int, error) { return hand.call(ctx) }

	// The plans: the store's statement as it ran, and the hand-written one.
	stmts, err := rec.record(func() error { _, err := storeDue(); return err })
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range append(stmts, statement{query: hand.query, args: hand.args}) {
		if !explained(st.query) {
			continue
		}
		idx, problems, plan, err := explain(ctx, st)
		if err != nil || len(problems) > 0 || !matches(idx, []string{"deadlines_by_kind"}) {
			b.Fatalf("%s\n  walks %q, problems %q, %v; want a walk of deadlines_by_kind\n%s", st.query, idx, problems, err, plan)
		}
	}

	for _, run := range []struct {
		name string
		due  func() (int, error)
	}{{"Store", storeDue}, {"Service", serviceDue}, {"HandWritten", handDue}} {
		b.Run(run.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n, err := run.due(); err != nil || n != 100 {
					b.Fatalf("%d deadlines, %v; want 100", n, err)
				}
			}
			b.ReportMetric(build.Seconds(), "build-s")
			b.ReportMetric(stats.Seconds(), "stats-s")
		})
	}
}

// handQuery is the hand-written walk of deadlines_by_kind.
type handQuery struct {
	query string
	args  []any
	db    *sql.DB
}

func handWritten(db *sql.DB, d sqlstore.Dialect, prefix string) handQuery {
	q := "SELECT kind, foreigner, subject, due, registration_id, entry FROM " + prefix +
		"deadlines WHERE kind = ? AND due <= ? ORDER BY due, foreigner, subject LIMIT 100"
	if d == sqlstore.PostgreSQL {
		q = dollar(q)
	}
	return handQuery{q, []any{"stay_end", dueThrough.String()}, db}
}

// call runs the walk, scanning the rows as the store does.
func (h handQuery) call(ctx context.Context) (int, error) {
	rows, err := h.db.QueryContext(ctx, h.query, h.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var out []store.Deadline
	for rows.Next() {
		var d store.Deadline
		var kind string
		var reg sql.NullString
		if err := rows.Scan(&kind, &d.Foreigner, &d.Subject, &d.Due, &reg, &d.Entry); err != nil {
			return 0, err
		}
		if d.Kind, err = store.ParseDeadlineKind(kind); err != nil {
			return 0, err
		}
		d.Registration = registration.ID(reg.String)
		out = append(out, d)
	}
	return len(out), rows.Err()
}

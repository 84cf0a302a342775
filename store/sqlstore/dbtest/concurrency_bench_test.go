package dbtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// BenchmarkPostgresLifecycles: whole lifecycles (an entry, a submission,
// the host's confirmation: three transactions) through the Service on
// PostgreSQL, by 1, 8 and 32 goroutines at once, each lifecycle of a
// foreigner of its own; beside a hand-written replay of the same
// statements at READ COMMITTED, without the store's checks or locks. One
// op is one lifecycle. It reports lifecycles per second, the 99th
// percentile of a lifecycle's time and how many failed.
//
//	cd store/sqlstore/dbtest && go test -run '^$' -bench PostgresLifecycles -benchtime 2000x ./...
func BenchmarkPostgresLifecycles(b *testing.B) {
	for _, goroutines := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("Service/goroutines=%d", goroutines), func(b *testing.B) {
			svc := lifecycleService(b)
			runLifecycles(b, goroutines, lifecycleOf(b, svc))
		})
		b.Run(fmt.Sprintf("RawReadCommitted/goroutines=%d", goroutines), func(b *testing.B) {
			db := openPostgres(b)
			schema := newSchemaName()
			dropSchemaAtEnd(b, db, schema)
			if _, err := sqlstore.New(b.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema}); err != nil {
				b.Fatal(err)
			}
			raw := newRawLifecycle(db, `"`+schema+`".`)
			runLifecycles(b, goroutines, raw.run)
		})
	}
}

// BenchmarkSQLiteLifecycles: whole lifecycles through the Service on
// SQLite (synchronous=FULL: an fsync per commit), by 1 and 8 goroutines
// at once; with several writers, their transactions share commits (group
// commit). One op is one lifecycle.
//
//	cd store/sqlstore/dbtest && go test -run '^$' -bench SQLiteLifecycles -benchtime 2000x ./...
func BenchmarkSQLiteLifecycles(b *testing.B) {
	for _, goroutines := range []int{1, 8} {
		b.Run(fmt.Sprintf("goroutines=%d", goroutines), func(b *testing.B) {
			svc := newBenchService(b, newSQLiteStore(b))
			runLifecycles(b, goroutines, lifecycleOf(b, svc))
		})
	}
}

// BenchmarkSubmitBatch: a bulk load through the Service's SubmitBatch,
// 1,000 hotel check-ins per call (one transaction per 500), on SQLite and
// PostgreSQL; on SQLite beside a replay of the statements the store ran
// for the same batches (SQLiteReplay, see submitBatchReplay). One op is
// one batch.
//
//	cd store/sqlstore/dbtest && go test -run '^$' -bench SubmitBatch -benchtime 10x ./...
func BenchmarkSubmitBatch(b *testing.B) {
	for _, d := range benchDatabases(b) {
		b.Run(d.name, func(b *testing.B) {
			svc := newBenchService(b, d.open(b).s)
			b.ReportAllocs()
			b.ResetTimer()
			for round := range b.N {
				b.StopTimer()
				reqs := checkInBatch(b, round)
				b.StartTimer()
				for i, r := range svc.SubmitBatch(b.Context(), reqs, migreg.BatchOptions{}) {
					if r.Err != nil {
						b.Fatalf("item %d: %v", i, r.Err)
					}
				}
			}
			b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "registrations/s")
		})
	}
	b.Run("SQLiteReplay", submitBatchReplay)
}

// lifecycleOf returns a lifecycle through svc: an entry, a
// submission at a flat, the host's confirmation.
func lifecycleOf(b testing.TB, svc *migreg.Service) func(ctx context.Context, i int) error {
	h, err := host(1)
	if err != nil {
		b.Fatal(err)
	}
	return func(ctx context.Context, i int) error {
		p := person(i)
		if err := svc.RecordEntry(ctx, p, entryDay); err != nil {
			return err
		}
		r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
			Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
			Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		}})
		if err != nil {
			return err
		}
		_, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
		return err
	}
}

// lifecycleService returns a Service on a new PostgreSQL schema (see
// newBenchService).
func lifecycleService(b *testing.B) *migreg.Service {
	b.Helper()
	db := openPostgres(b)
	db.SetMaxOpenConns(40)
	return newBenchService(b, newPostgresStore(b, db))
}

// newBenchService returns a Service on s with a fixed clock, no issuer
// and no logs.
func newBenchService(b testing.TB, s store.Store) *migreg.Service {
	b.Helper()
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now }), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

// runLifecycles runs b.N lifecycles in the goroutines and reports the
// rate, the 99th percentile of a lifecycle's time and the failures.
func runLifecycles(b *testing.B, goroutines int, lifecycle func(ctx context.Context, i int) error) {
	ctx := b.Context()
	var next, failed atomic.Int64
	times := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	for range goroutines {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				start := time.Now()
				if err := lifecycle(ctx, i); err != nil {
					failed.Add(1)
					b.Logf("lifecycle %d: %v", i, err)
				}
				times[i] = time.Since(start)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lifecycles/s")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(failed.Load()), "failed")
}

// rawLifecycle writes a lifecycle's rows with hand-written SQL: the same
// reads and writes as the store runs for it before its checks and locks
// (three transactions at READ COMMITTED), with bodies encoded once,
// beforehand.
type rawLifecycle struct {
	db   *sql.DB
	q    map[string]string
	body map[string]string
}

func newRawLifecycle(db *sql.DB, p string) rawLifecycle {
	db.SetMaxOpenConns(40)
	q := map[string]string{
		"trips":      "SELECT entry, exit FROM " + p + "trips WHERE foreigner = $1 ORDER BY entry",
		"regs":       "SELECT body FROM " + p + "registrations WHERE foreigner = $1 ORDER BY id LIMIT 10001",
		"active":     "SELECT body FROM " + p + "registrations WHERE foreigner = $1 AND state = 'confirmed' ORDER BY id LIMIT 10001",
		"reg":        "SELECT body FROM " + p + "registrations WHERE id = $1",
		"person":     "INSERT INTO " + p + "foreigners (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
		"trip":       "INSERT INTO " + p + "trips (foreigner, entry, exit) VALUES ($1, $2, NULL) ON CONFLICT (foreigner, entry) DO UPDATE SET exit = excluded.exit",
		"deadline":   "INSERT INTO " + p + "deadlines (kind, foreigner, subject, due, registration_id, entry) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, foreigner, subject) DO UPDATE SET due = excluded.due",
		"undeadline": "DELETE FROM " + p + "deadlines WHERE kind = $1 AND foreigner = $2 AND subject = $3",
		"insertReg":  "INSERT INTO " + p + "registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, body) VALUES ($1, 1, 'pending', $2, 'h-1', $3, NULL, $4, $5)",
		"updateReg":  "UPDATE " + p + "registrations SET version = 2, state = 'confirmed', valid_until = $2, body = $3 WHERE id = $1 AND version = 1",
		"event":      "INSERT INTO " + p + "registration_events (registration_id, seq, type, at, body) VALUES ($1, $2, $3, $4, $5)",
		"message":    "INSERT INTO " + p + "outbox (id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error) VALUES ($1, $2, $3, $4, $5, $6, 0, $6, NULL, '')",
		"cert":       "INSERT INTO " + p + "certificates (registration_id, number, token, issued_at) VALUES ($1, $2, $3, $4)",
	}
	r, evs, err := pending("r-template", 1)
	if err != nil {
		panic(err)
	}
	c, cevs, err := confirm(r)
	if err != nil {
		panic(err)
	}
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	body := map[string]string{
		"person": enc(r.Person), "pending": enc(r), "confirmed": enc(c), "submitted": enc(evs[0]), "confirmedEvent": enc(cevs[0]),
		"request":  `{"registration":"r-template","event":"submitted","on":"2026-07-02","host_due":"2026-07-07","address":"Алматы, проспект Абая, 10, 5","place":"private_home","entry":"2026-07-01"}`,
		"decision": `{"registration":"r-template","event":"confirmed","on":"2026-07-02","valid_until":"2026-07-30"}`,
	}
	return rawLifecycle{db: db, q: q, body: body}
}

func (w rawLifecycle) run(ctx context.Context, i int) error {
	f, id := fmt.Sprintf("f-%07d", i), fmt.Sprintf("r-%07d", i)
	at := submittedAt
	inTx := func(stmts func(tx *sql.Tx) error) error {
		tx, err := w.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
		if err != nil {
			return err
		}
		if err := stmts(tx); err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	read := func(tx *sql.Tx, name string, arg any) error {
		rows, err := tx.QueryContext(ctx, w.q[name], arg)
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		rows.Close()
		return rows.Err()
	}
	exec := func(tx *sql.Tx, name string, args ...any) error {
		_, err := tx.ExecContext(ctx, w.q[name], args...)
		return err
	}
	err := inTx(func(tx *sql.Tx) error {
		return errorsJoin(read(tx, "trips", f), exec(tx, "person", f, w.body["person"]), exec(tx, "trip", f, "2026-07-01"),
			exec(tx, "deadline", "registration", f, "2026-07-01", "2026-07-30", nil, "2026-07-01"))
	})
	if err != nil {
		return err
	}
	err = inTx(func(tx *sql.Tx) error {
		return errorsJoin(read(tx, "trips", f), read(tx, "regs", f), exec(tx, "person", f, w.body["person"]),
			exec(tx, "insertReg", id, f, "2026-07-01", at, w.body["pending"]),
			exec(tx, "event", id, 1, "submitted", at, w.body["submitted"]),
			exec(tx, "deadline", "host_answer", f, id, "2026-07-07", id, "2026-07-01"),
			exec(tx, "undeadline", "registration", f, "2026-07-01"),
			exec(tx, "message", id+"/1", "host_request", "h-1", id, []byte(w.body["request"]), at))
	})
	if err != nil {
		return err
	}
	return inTx(func(tx *sql.Tx) error {
		return errorsJoin(read(tx, "reg", id), read(tx, "trips", f), read(tx, "active", f),
			exec(tx, "updateReg", id, "2026-07-30", w.body["confirmed"]),
			exec(tx, "event", id, 2, "confirmed", at, w.body["confirmedEvent"]),
			exec(tx, "undeadline", "host_answer", f, id),
			exec(tx, "deadline", "stay_end", f, id, "2026-07-30", id, "2026-07-01"),
			exec(tx, "cert", id, "KZ-0000-0000-0000", "token", at),
			exec(tx, "message", id+"/2", "decision", f, id, []byte(w.body["decision"]), at))
	})
}

// errorsJoin returns the first error of errs: the statements above run in
// order, and one that fails spoils the transaction anyway.
func errorsJoin(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

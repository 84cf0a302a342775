package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store/sqlstore"
)

// checkInBatch returns round's batch of hotel check-ins, as
// BenchmarkSubmitBatch submits them: guests of their own, one hotel.
func checkInBatch(tb testing.TB, round int) []migreg.SubmitRequest {
	tb.Helper()
	hotel := hotelAlmaty(tb)
	by := registration.HostActor(demo.Host(hotel))
	reqs := make([]migreg.SubmitRequest, batchSize)
	for i := range reqs {
		reqs[i] = migreg.SubmitRequest{Submission: registration.Submission{
			Person: person(round*batchSize + i), Host: hotel, Place: registration.Hotel, Entry: entryDay,
			Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: fmt.Sprint(i)},
		}, By: by}
	}
	return reqs
}

// submitBatchReplay is the baseline of BenchmarkSubmitBatch on SQLite: the
// statements the store ran for the same batches, recorded beforehand (with
// the clock stopped) and replayed into a second, migrated database on one
// connection, each statement prepared once, with a context that cannot be
// cancelled (as the store's writer runs them). It is what the same SQL
// costs without the Service and the store: the floor of a bulk load that
// runs these statements.
func submitBatchReplay(b *testing.B) {
	ctx := b.Context()
	db, rec := openRecorded(b, "sqlite", sqliteDSN(b.TempDir()))
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	svc := newBenchService(b, s)
	rounds := make([][]statement, b.N)
	for round := range rounds {
		reqs := checkInBatch(b, round)
		rounds[round], _ = rec.record(func() error {
			for i, r := range svc.SubmitBatch(ctx, reqs, migreg.BatchOptions{}) {
				if r.Err != nil {
					b.Fatalf("item %d: %v", i, r.Err)
				}
			}
			return nil
		})
	}

	target, _ := openSQLite(b)
	migrated, err := sqlstore.New(ctx, target, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	migrated.Close()
	conn, err := target.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	run := context.WithoutCancel(ctx)
	// The store's writer connection is set up so (sqlstore, attempt.go:
	// setup) before the recording starts: set up the replay's the same
	// way, whichever connection of the pool it got.
	for _, pragma := range []string{"PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -32768", "PRAGMA secure_delete = ON"} {
		if _, err := conn.ExecContext(run, pragma); err != nil {
			b.Fatalf("%s: %v", pragma, err)
		}
	}
	prepared := map[string]*sql.Stmt{}
	b.ReportAllocs()
	b.ResetTimer()
	for _, stmts := range rounds {
		for _, st := range stmts {
			p, ok := prepared[st.query]
			if !ok {
				if p, err = conn.PrepareContext(run, st.query); err != nil {
					b.Fatalf("preparing %q: %v", st.query, err)
				}
				defer p.Close()
				prepared[st.query] = p
			}
			if err := replay(run, p, st); err != nil {
				b.Fatalf("replaying %q: %v", st.query, err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "registrations/s")
	tables := []string{"registrations", "registration_events", "foreigners", "trips", "deadlines", "outbox", "links"}
	want, wantCounts := dumpTables(b, db, tables, "")
	got, gotCounts := dumpTables(b, conn, tables, "")
	if got != want {
		b.Fatalf("the replay's rows differ from the store's: %v rows a table, want %v", gotCounts, wantCounts)
	}
}

// replay runs a recorded statement: a query's rows are read to the end.
func replay(ctx context.Context, p *sql.Stmt, st statement) error {
	if !strings.HasPrefix(strings.TrimSpace(st.query), "SELECT") {
		_, err := p.ExecContext(ctx, st.args...)
		return err
	}
	rows, err := p.QueryContext(ctx, st.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	rows.Close()
	return rows.Err()
}

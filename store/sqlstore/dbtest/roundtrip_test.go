package dbtest

import (
	"fmt"
	"strings"
	"testing"
)

// TestLifecycleRoundTrips counts what a lifecycle (entry, submit, confirm)
// sends PostgreSQL: every statement the store runs is a round trip,
// BEGIN and COMMIT included (the store sends them itself). It fails when
// the count grows past the figure BENCHMARKS.md records, so that a change
// that adds a round trip to every command is seen.
func TestLifecycleRoundTrips(t *testing.T) {
	const most = 17 // the figure recorded in BENCHMARKS.md (24 before the combined methods of the store contract: LockRegistration reads a registration and locks its foreigner in one statement; ForeignerRecords reads the person's links, the trips and the pending and active registrations with their count in one, right after the lock)
	db, rec := openRecorded(t, "pgx", postgresDSN())
	life := lifecycleOf(t, newBenchService(t, newPostgresStore(t, db)))
	stmts, err := rec.record(func() error { return life(t.Context(), 7) })
	if err != nil {
		t.Fatalf("lifecycle: %v", err)
	}
	var list strings.Builder
	statements := 0
	for _, st := range stmts {
		q := strings.Join(strings.Fields(st.query), " ")
		if q != "BEGIN ISOLATION LEVEL READ COMMITTED" && q != "COMMIT" {
			statements++
		}
		fmt.Fprintf(&list, "  %.110s\n", q)
	}
	t.Logf("%d round trips, %d of them statements other than BEGIN and COMMIT:\n%s", len(stmts), statements, list.String())
	if len(stmts) > most {
		t.Errorf("a lifecycle takes %d round trips; want at most %d", len(stmts), most)
	}
}

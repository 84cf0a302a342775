package dbtest

import (
	"fmt"
	"testing"

	"github.com/migreg/migreg/store/sqlstore"
)

// BenchmarkMigration7: how long PostgreSQL's migration to schema 7 takes,
// and so holds write locks on the outbox and the idempotency records: it
// builds their four indexes in its transaction. The database is a world
// of n registrations at schema 6 (plandata_test.go), written before the
// clock starts. One op is one migration.
//
//	cd store/sqlstore/dbtest && go test -run '^$' -bench Migration7 -benchtime 1x ./...
func BenchmarkMigration7(b *testing.B) {
	for _, n := range []int{300_000, 1_000_000} {
		b.Run(fmt.Sprintf("PostgreSQL/%d", n), func(b *testing.B) {
			b.StopTimer()
			db := openPostgres(b)
			for range b.N {
				schema := newSchemaName()
				dropSchemaAtEnd(b, db, schema)
				if _, err := db.ExecContext(b.Context(), `CREATE SCHEMA "`+schema+`"`); err != nil {
					b.Fatal(err)
				}
				prefix := `"` + schema + `".`
				migrateTo(b, db, sqlstore.PostgreSQL, prefix, 6)
				took := fillWorld(b, db, sqlstore.PostgreSQL, prefix, n)
				b.Logf("filled a world of %d registrations at schema 6 in %v", n, took)
				// Statistics now, so that autovacuum does not gather them
				// while the migration builds its indexes.
				if _, err := db.ExecContext(b.Context(), `ANALYZE "`+schema+`".outbox, "`+schema+`".idempotency_keys`); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				s, err := sqlstore.New(b.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if v, err := s.Version(b.Context()); err != nil || v != 7 {
					b.Fatalf("after the migration: version %d, %v; want 7", v, err)
				}
				s.Close()
			}
		})
	}
}

package dbtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// BenchmarkEraseForeigner: erasing one foreigner (Tx.EraseForeigner, rolled
// back, so every op erases the same one) in the plan tests' world of
// 100,000 registrations (MIGREG_PLAN_ROWS sets another size), on each
// database as migrated, beside the other choice of indexes in the same
// run: PostgreSQL without the outbox and idempotency indexes of schema 7,
// SQLite with them. The world is analyzed first, as a database in service
// is.
//
//	cd store/sqlstore/dbtest && go test -run '^$' -bench EraseForeigner -benchtime 20x ./...
func BenchmarkEraseForeigner(b *testing.B) {
	n := 100_000
	if v := os.Getenv("MIGREG_PLAN_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("MIGREG_PLAN_ROWS=%q: %v", v, err)
		}
	}
	indexes := []string{"outbox_by_registration ON @outbox (registration_id)", "outbox_by_recipient ON @outbox (recipient)",
		"idempotency_keys_by_registration ON @idempotency_keys (registration_id)"}
	for _, d := range benchDatabases(b) {
		bdb := d.open(b)
		took := fillWorld(b, bdb.db, bdb.dialect, bdb.prefix, n)
		b.Logf("%s: filled %d registrations in %v", d.name, n, took)
		// As a database in service has them: statistics.
		if _, err := bdb.db.Exec("ANALYZE"); err != nil {
			b.Fatal(err)
		}
		var f registration.ForeignerID
		if err := bdb.db.QueryRow(fmt.Sprintf("SELECT foreigner FROM %sregistrations ORDER BY id LIMIT 1 OFFSET %d", bdb.prefix, n/2)).Scan(&f); err != nil {
			b.Fatal(err)
		}
		erase := func(b *testing.B) {
			for b.Loop() {
				err := bdb.s.Update(context.Background(), func(tx store.Tx) error {
					if err := tx.EraseForeigner(context.Background(), f); err != nil {
						return err
					}
					return errRollback
				})
				if !errors.Is(err, errRollback) {
					b.Fatal(err)
				}
			}
		}
		b.Run(d.name+"/as migrated", erase)
		other := "with the indexes"
		if bdb.dialect == sqlstore.PostgreSQL {
			other = "without the indexes"
		}
		for _, idx := range indexes {
			stmt := "CREATE INDEX " + strings.ReplaceAll(idx, "@", bdb.prefix)
			if bdb.dialect == sqlstore.PostgreSQL {
				name, _, _ := strings.Cut(idx, " ")
				stmt = "DROP INDEX " + bdb.prefix + name
			}
			if _, err := bdb.db.Exec(stmt); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(d.name+"/"+other, erase)
	}
}

package dbtest

import (
	"database/sql"
	"log/slog"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store/sqlstore"
)

func TestScratchDump(t *testing.T) {
	db, err := sql.Open("sqlite", sqliteDSN(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	s, _ := sqlstore.New(ctx, db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, _ := migreg.New(s, &migreg.Options{Clock: migreg.ClockFunc(func() time.Time { return now }), Issuer: registrationtest.Issuer(), Logger: slog.New(slog.DiscardHandler)})
	if err := lifecycleOf(t, svc)(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for _, tb := range []string{"registrations", "registration_events", "outbox", "certificates", "foreigners", "deadlines", "trips"} {
		rows, _ := db.Query("SELECT * FROM " + tb)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			for i := range vals {
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
			}
			t.Logf("%s: %v", tb, vals)
		}
		rows.Close()
	}
}

package dbtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/sqlstore"
)

// After EraseExpired, no table of the database holds the erased person's
// document number, IIN, names, address or host's data, in any column of
// any row; the counts of registrations, events and trips are unchanged.

func TestSQLiteEraseLeavesNothing(t *testing.T) {
	db, s := newSQLite(t)
	tables := func() []string {
		return column(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	}
	secrets := eraseLeavesNothing(t, s, db, tables, "")
	// Nor does the file, once its WAL is checkpointed (README, "Personal
	// data"): SQLite keeps a row's old bytes in the free space of its page
	// unless secure_delete is on, where anyone reading the file finds them.
	var file string
	if err := db.QueryRowContext(t.Context(), "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(t.Context(), "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{file, file + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range secrets {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("after erasure and a checkpoint, the file %s still holds %q", filepath.Base(name), secret)
			}
		}
	}
}

func TestPostgresEraseLeavesNothing(t *testing.T) {
	db, s, schema := newPostgresSchema(t)
	tables := func() []string {
		return column(t, db, fmt.Sprintf(`SELECT table_name FROM information_schema.tables WHERE table_schema = '%s' ORDER BY table_name`, schema))
	}
	eraseLeavesNothing(t, s, db, tables, `"`+schema+`".`)
}

// validIIN returns a woman's IIN born on the day, with the first serial
// that has a check digit.
func validIIN(t *testing.T, born string) kzid.IIN {
	for serial := 4242; serial < 4300; serial++ {
		if n, err := kzid.NewIIN(calendar.MustParseDate(born), kzid.Female, serial); err == nil {
			return n
		}
	}
	t.Fatalf("no IIN for %s", born)
	return kzid.IIN{}
}

func column(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// dumpTables returns every row of every table as text, and the row count
// of each table. db is a *sql.DB or one of its connections.
func dumpTables(t testing.TB, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, tables []string, prefix string) (string, map[string]int) {
	t.Helper()
	var sb strings.Builder
	counts := map[string]int{}
	for _, table := range tables {
		rows, err := db.QueryContext(t.Context(), "SELECT * FROM "+prefix+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			counts[table]++
			sb.WriteString(table + ":")
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(&sb, " %v", v)
			}
			sb.WriteString("\n")
		}
		rows.Close()
	}
	return sb.String(), counts
}

// eraseLeavesNothing erases a foreigner through the Service and checks
// every row of every table; it returns the personal data it looked for.
func eraseLeavesNothing(t *testing.T, s *sqlstore.Store, db *sql.DB, tables func() []string, prefix string) []string {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-02").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	var seed [ed25519.SeedSize]byte
	issuer, err := certificate.NewIssuer("test-1", ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: clock, Issuer: issuer, Retention: migreg.Retention{AfterEnd: 30}})
	if err != nil {
		t.Fatal(err)
	}
	iin, hostIIN := validIIN(t, "1988-03-09"), validIIN(t, "1970-11-21")
	p := registration.Person{
		Surname: "SECRETSURNAME", GivenNames: "SECRETGIVEN", CyrillicSurname: "Секретова", CyrillicPatronymic: "Секретовна",
		BirthDate: iin.BirthDate(), Sex: kzid.Female, Citizenship: "UZB", IIN: iin,
		Document: registration.Document{Kind: registration.Passport, Number: "ZZ1234567", IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
	}
	h := registration.Host{Kind: registration.HostIndividual, Name: "Secretina Hostova", IIN: hostIIN, Contact: registration.Contact{Phone: "+77015550123", Email: "secret.host@example.kz"}}
	addr := registration.Address{Region: "Алматы", Locality: "Секретное", Street: "SecretStreet", Building: "99", Unit: "SecretUnit", KATO: "751000000"}
	secrets := []string{"SECRETSURNAME", "SECRETGIVEN", "Секретова", "Секретовна", "ZZ1234567", iin.Digits(), "1988-03-09",
		"Secretina", "Hostova", hostIIN.Digits(), "+77015550123", "secret.host@example.kz", "Секретное", "SecretStreet", "SecretUnit"}

	if err := svc.RecordEntry(ctx, p, calendar.MustParseDate("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Submit(ctx, migreg.SubmitRequest{
		Submission:     registration.Submission{Person: p, Host: h, Address: addr, Place: registration.PrivateHome, Entry: calendar.MustParseDate("2026-07-01")},
		IdempotencyKey: "stay-ZZ1234567",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(9 * 24 * time.Hour)
	if err := svc.RecordExit(ctx, r.Foreigner, calendar.DateOf(now)); err != nil {
		t.Fatal(err)
	}
	before, countsBefore := dumpTables(t, db, tables(), prefix)
	for _, secret := range secrets {
		if !strings.Contains(before, secret) {
			t.Fatalf("before erasure no table holds %q: the scan would prove nothing", secret)
		}
	}

	now = now.Add(31 * 24 * time.Hour)
	rep, err := svc.EraseExpired(ctx)
	if err != nil || rep.Erased != 1 {
		t.Fatalf("EraseExpired = %+v, %v; want 1 erased", rep, err)
	}
	after, countsAfter := dumpTables(t, db, tables(), prefix)
	for _, secret := range secrets {
		if strings.Contains(after, secret) {
			t.Errorf("after erasure the database still holds %q:\n%s", secret, after)
		}
	}
	for _, table := range []string{"registrations", "registration_events", "trips", "outbox"} {
		if countsAfter[table] != countsBefore[table] || countsBefore[table] == 0 {
			t.Errorf("table %s: %d rows before erasure, %d after; want the same, not zero", table, countsBefore[table], countsAfter[table])
		}
	}
	// The event log's guard still refuses every other change.
	for _, stmt := range []string{
		"DELETE FROM " + prefix + "registration_events",
		"UPDATE " + prefix + "registration_events SET seq = seq + 100",
		"UPDATE " + prefix + "registration_events SET body = body",
	} {
		if _, err := db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: the event log's guard let it through", stmt)
		}
	}
	return secrets
}

package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/sqlstore"
)

// A renewed passport seen at the border, and filed with, before an
// authority linked it: after LinkDocument no row of the trips,
// registrations (their submitted JSON included), deadlines or foreigners
// tables, and no message's recipient, names the renewed passport's ID;
// the person's Status counts both passports' days. The ID stays where it
// is an audit record: the link, the actor of an event.

func TestSQLiteLinkMergesEverywhere(t *testing.T) {
	db, s := newSQLite(t)
	linkMergesEverywhere(t, s, db, "")
}

func TestPostgresLinkMergesEverywhere(t *testing.T) {
	db, s, schema := newPostgresSchema(t)
	linkMergesEverywhere(t, s, db, `"`+schema+`".`)
}

// passport is the person of a renewal test with a passport of the number.
func passport(number string) registration.Person {
	return registration.Person{
		Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{Kind: registration.Passport, Number: number, IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
	}
}

func linkMergesEverywhere(t *testing.T, s *sqlstore.Store, db *sql.DB, prefix string) {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-01").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	old, renewed := passport("FA1111111"), passport("FB2222222")
	h := registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: validIIN(t, "1970-11-21"), Contact: registration.Contact{Phone: "+77011234567"}}
	addr := registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"}
	if err := svc.RecordEntry(ctx, old, calendar.DateOf(now)); err != nil {
		t.Fatal(err)
	}
	oldID, _ := svc.ForeignerID(ctx, old)
	now = now.Add(59 * 24 * time.Hour) // 29 August: 60 days
	if err := svc.RecordExit(ctx, oldID, calendar.DateOf(now)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(12 * 24 * time.Hour) // 10 September
	entry := calendar.DateOf(now)
	if err := svc.RecordEntry(ctx, renewed, entry); err != nil {
		t.Fatal(err)
	}
	newID, _ := svc.ForeignerID(ctx, renewed)
	if _, err := svc.Submit(ctx, migreg.SubmitRequest{
		Submission: registration.Submission{Person: renewed, Host: h, Address: addr, Place: registration.PrivateHome, Entry: entry},
	}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * 24 * time.Hour) // 20 September: 11 days
	tables := []string{"trips", "registrations", "deadlines", "foreigners"}
	before, _ := dumpTables(t, db, tables, prefix)
	named := map[string]int{} // per table, the times a row names the renewed passport's ID
	for _, line := range strings.Split(before, "\n") {
		table, _, _ := strings.Cut(line, ":")
		named[table] += strings.Count(line, string(newID))
	}
	for _, table := range tables {
		if named[table] == 0 {
			t.Fatalf("before the link no row of %s names the renewed passport: the scan would prove nothing", table)
		}
	}
	// The registration's row names it in its column; its submission
	// leaves the foreigner to the column since schema 6 (before, it named
	// it too).
	if named["registrations"] < 1 {
		t.Fatalf("before the link the registration does not name the renewed passport: the scan would prove nothing")
	}

	if err := svc.LinkDocument(ctx, oldID, renewed, registration.AuthorityActor("MP-Almaty"), "case 2026/18"); err != nil {
		t.Fatalf("LinkDocument = %v; want the renewed passport's history merged", err)
	}

	after, _ := dumpTables(t, db, tables, prefix)
	for _, line := range strings.Split(after, "\n") {
		if strings.Contains(line, string(newID)) {
			table, _, _ := strings.Cut(line, ":")
			t.Errorf("after the link a row of %s still names the renewed passport's ID", table)
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %soutbox WHERE recipient = '%s'`, prefix, newID)).Scan(&n); err != nil || n != 0 {
		t.Errorf("after the link %d messages (%v) are addressed to the renewed passport's ID; want none", n, err)
	}
	st, err := svc.Status(ctx, oldID, calendar.DateOf(now))
	if err != nil || st.Stay.Used != 60+11 || len(st.Pending) != 1 {
		t.Errorf("after the link Status: %d days used, %d pending (%v); want 60 + 11 days and the request filed with the renewed passport", st.Stay.Used, len(st.Pending), err)
	}
	if id, _ := svc.ForeignerID(ctx, renewed); id != oldID {
		t.Errorf("after the link the renewed passport resolves to another ID; want the person's")
	}
}

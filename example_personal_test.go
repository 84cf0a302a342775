package migreg_test

import (
	"context"
	"fmt"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/memstore"
)

// A foreigner renews their passport. An authority links the new document
// to the person, so the days of the first trip still count towards 90/180;
// past retention, EraseExpired erases the personal data and keeps the
// history's shape.
func ExampleService_LinkDocument() {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-09-20").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{
		InsecureDemoKeys: true, // the published demo key: examples only; set Pseudonyms in production
		Clock:            migreg.ClockFunc(func() time.Time { return now }),
		Retention:        migreg.Retention{AfterEnd: 365},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	passport := func(number string) registration.Person {
		return registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: number, IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2036-01-31")},
		}
	}
	old, renewed := passport("FA1111111"), passport("FB2222222")
	_ = svc.RecordEntry(ctx, old, calendar.MustParseDate("2026-07-01"))
	id, _ := svc.ForeignerID(ctx, old)
	_ = svc.RecordExit(ctx, id, calendar.MustParseDate("2026-07-20")) // 20 days

	if err := svc.LinkDocument(ctx, id, renewed, registration.AuthorityActor("MP Almaty"), "case 2026/17"); err != nil {
		fmt.Println(err)
		return
	}
	_ = svc.RecordEntry(ctx, renewed, calendar.MustParseDate("2026-09-11"))
	same, _ := svc.ForeignerID(ctx, renewed)
	st, _ := svc.Status(ctx, same, calendar.DateOf(now))
	fmt.Println("same person:", same == id, "- days used:", st.Stay.Used)

	_ = svc.RecordExit(ctx, same, calendar.MustParseDate("2026-09-20"))
	now = now.AddDate(1, 0, 1)
	rep, _ := svc.EraseExpired(ctx)
	_, err = svc.Person(ctx, id)
	fmt.Println("erased:", rep.Erased, "- person record:", err)
	// Output:
	// same person: true - days used: 30
	// erased: 1 - person record: migreg: person: store: not found: foreigner
}

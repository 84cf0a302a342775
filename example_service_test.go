package migreg_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/memstore"
)

// A full lifecycle on the in-memory store: an entry, a registration at a
// flat, the host's confirmation, the certificate and its verification, the
// notifications delivered.
func Example_lifecycle() {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })

	var seed [ed25519.SeedSize]byte // use a real secret key in production
	key := ed25519.NewKeyFromSeed(seed[:])
	issuer, _ := certificate.NewIssuer("2026-1", key)
	notifier := migreg.NotifierFunc(func(_ context.Context, n migreg.Notification) error {
		fmt.Println("notify:", n.Kind)
		return nil
	})
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: clock, Issuer: issuer, Notifier: notifier})
	if err != nil {
		fmt.Println(err)
		return
	}

	iin, _ := kzid.ParseIIN("061211600012")
	p := registration.Person{
		Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{Kind: registration.Passport, Number: "FA1234567", IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
	}
	_ = svc.RecordEntry(ctx, p, calendar.MustParseDate("2026-07-01"))
	r, err := svc.Submit(ctx, migreg.SubmitRequest{
		Submission: registration.Submission{
			Person:  p,
			Host:    registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}},
			Address: registration.Address{Region: "Алматы", Street: "пр. Абая", Building: "10", Unit: "5"},
			Place:   registration.PrivateHome,
			Entry:   calendar.MustParseDate("2026-07-01"),
		},
		IdempotencyKey: "cabinet-7f3a",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.State, "host answers by", r.HostDue)

	now = now.Add(3 * time.Hour)
	r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.State, "until", r.ValidUntil)

	_, token, _ := svc.Certificate(ctx, r.ID)
	keys, _ := certificate.NewKeySet(map[string]ed25519.PublicKey{"2026-1": issuer.PublicKey()})
	c, err := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}.Verify(ctx, token, calendar.MustParseDate("2026-07-10"))
	fmt.Println("certificate valid:", err == nil, c.ValidFrom, "-", c.ValidUntil)

	rep, _ := svc.Deliver(ctx, 0)
	fmt.Println("delivered:", rep.Delivered)
	// Output:
	// pending host answers by 2026-07-09
	// confirmed until 2026-07-30
	// certificate valid: true 2026-07-03 - 2026-07-30
	// notify: host_request
	// notify: decision
	// delivered: 2
}

// An agency's daily overdue scan: who had to register by yesterday and
// has not. Due reads the deadline index a page at a time.
func ExampleService_Due() {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-08-05").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now })})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, entry := range []string{"2026-07-01", "2026-07-20"} {
		p := registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: fmt.Sprintf("FA123456%d", i), IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
		}
		if err := svc.RecordEntry(ctx, p, calendar.MustParseDate(entry)); err != nil {
			fmt.Println(err)
			return
		}
	}
	yesterday := calendar.DateOf(now).AddDays(-1)
	for d, err := range svc.Due(ctx, yesterday, migreg.DueRegistration) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d)
	}
	// Output:
	// registration due 2026-07-30 (entry 2026-07-01)
}

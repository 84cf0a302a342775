package migreg_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/memstore"
)

// A family of three registers at a landlord's flat in one submission: the
// parents and their daughter of 9, who names her mother as her guardian
// (a minor under 18 must, under migreg's default policy). The first try
// forgets the guardian and is refused whole, naming the member; the host
// then confirms the whole family in one decision, and each member gets
// a registration and a certificate of their own.
func ExampleService_SubmitGroup() {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	var seed [ed25519.SeedSize]byte // use a real secret key in production
	issuer, _ := certificate.NewIssuer("2026-1", ed25519.NewKeyFromSeed(seed[:]))
	n := 0 // IDs a test can print; the default IDs are time-ordered and random
	newID := func() string { n++; return fmt.Sprintf("r-%06d", n) }
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: clock, Issuer: issuer, NewID: newID})
	if err != nil {
		fmt.Println(err)
		return
	}
	iin, _ := kzid.ParseIIN("061211600012")
	landlord := registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}}
	member := func(given, doc, birth string) migreg.GroupMember {
		return migreg.GroupMember{Entry: calendar.MustParseDate("2026-07-01"), Person: registration.Person{
			Surname: "KARIMOV", GivenNames: given, BirthDate: calendar.MustParseDate(birth), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: doc, IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
		}}
	}
	req := migreg.GroupRequest{
		Host: landlord, Place: registration.PrivateHome,
		Address: registration.Address{Region: "Алматы", Street: "пр. Абая", Building: "10", Unit: "5"},
		Members: []migreg.GroupMember{
			member("AZIZ", "FA1234567", "1988-04-12"),
			member("NODIRA", "FA1234568", "1990-09-30"),
			member("MALIKA", "FA1234569", "2017-03-08"),
		},
		IdempotencyKey: "family-karimov",
	}
	_, err = svc.SubmitGroup(ctx, req)
	var ge *migreg.GroupError
	if errors.As(err, &ge) {
		fmt.Println("refused:", migreg.WireErrorOf(err).Problems)
	}

	req.Members[2].Guardian = new(1) // her mother
	req.IdempotencyKey = "family-karimov-2"
	res, err := svc.SubmitGroup(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("filed:", res)

	now = now.Add(3 * time.Hour)
	res, err = svc.ConfirmGroup(ctx, res.Group, registration.HostActor(svc.HostID(landlord)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Members {
		r := m.Registration
		line := fmt.Sprint(m.Index, " ", r.ID, " ", r.State, " until ", r.ValidUntil, ", certificate ", m.Certificate != "")
		if r.Guardian != "" {
			line += ", guardian " + string(r.Guardian)
		}
		fmt.Println(line)
	}
	// Output:
	// refused: [members[2].guardian: required]
	// filed: group r-000002: member 0: registration r-000002-1 v1 pending; member 1: registration r-000002-2 v1 pending; member 2: registration r-000002-3 v1 pending
	// 0 r-000002-1 confirmed until 2026-07-30, certificate true
	// 1 r-000002-2 confirmed until 2026-07-30, certificate true
	// 2 r-000002-3 confirmed until 2026-07-30, certificate true, guardian r-000002-2
}

package migreg_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/store/memstore"
)

// A hotel checks two guests out: one stays in Kazakhstan and must
// register at the next address within 5 working days; the other flies
// home the next day. The PMS reports the check-outs a day late: the
// registrations end on the check-out date all the same.
func ExampleService_CheckOut() {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-01").In(calendar.KazakhstanZone()).Add(14 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: clock})
	if err != nil {
		fmt.Println(err)
		return
	}
	bin, _ := kzid.ParseBIN("940140000385")
	desk := registration.Host{Kind: registration.HostHotel, Name: "Hotel Almaty", BIN: bin, Size: penalty.LargeBusiness,
		Contact: registration.Contact{Email: "desk@hotel.example"}}
	guest := func(doc string) registration.Person {
		return registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: doc, IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
		}
	}
	entry := calendar.MustParseDate("2026-07-01")
	var regs []registration.Registration
	for _, doc := range []string{"FA1234567", "FA7654321"} {
		_ = svc.RecordEntry(ctx, guest(doc), entry)
		r, err := svc.Submit(ctx, migreg.SubmitRequest{
			Submission: registration.Submission{Person: guest(doc), Host: desk, Place: registration.Hotel, Entry: entry,
				Address: registration.Address{Region: "Алматы", Street: "ул. Сатпаева", Building: "29/6", Unit: "room 214"}},
			By: registration.HostActor(svc.HostID(desk)),
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		regs = append(regs, r)
	}

	now = now.AddDate(0, 0, 9) // 10 July: the PMS sends yesterday's check-outs
	yesterday := calendar.MustParseDate("2026-07-09")
	by := registration.HostActor(svc.HostID(desk))
	for _, res := range svc.CheckOutBatch(ctx, []migreg.CheckOutRequest{
		{Registration: regs[0].ID, On: yesterday, By: by},
		{Registration: regs[1].ID, On: yesterday, By: by},
	}) {
		fmt.Println(res.Index, res.Registration.State, res.Registration.Reason.Code, "on", res.Registration.ClosedOn, res.Err)
	}
	// The second guest leaves the country the next day.
	second, _ := svc.ForeignerID(ctx, guest("FA7654321"))
	_ = svc.RecordExit(ctx, second, calendar.MustParseDate("2026-07-10"))

	for d, err := range svc.Due(ctx, calendar.MustParseDate("2026-07-31")) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("due:", d.Kind, d.Due, "checked out on", d.MovedOn)
	}
	first, _ := svc.ForeignerID(ctx, guest("FA1234567"))
	vs, _ := svc.Assess(ctx, first, calendar.MustParseDate("2026-07-20"))
	for _, v := range vs {
		fmt.Println("violation:", v.Offence, "since", v.Since, v.Days, "days")
	}
	// Output:
	// 0 ended checked_out on 2026-07-09 <nil>
	// 1 ended checked_out on 2026-07-09 <nil>
	// due: reregistration 2026-07-16 checked out on 2026-07-09
	// violation: late_reregistration since 2026-07-17 4 days
}

// A hotel gives the booking's planned end at check-in: the registration
// lasts until then; a booking past the 30 days an Uzbek guest may stay is
// refused with the day it would have to end.
func ExampleService_Submit_plannedEnd() {
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-01").In(calendar.KazakhstanZone()).Add(14 * time.Hour)
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now })})
	if err != nil {
		fmt.Println(err)
		return
	}
	bin, _ := kzid.ParseBIN("940140000385")
	desk := registration.Host{Kind: registration.HostHotel, Name: "Hotel Almaty", BIN: bin, Size: penalty.LargeBusiness,
		Contact: registration.Contact{Email: "desk@hotel.example"}}
	entry := calendar.MustParseDate("2026-07-01")
	book := func(doc, planned string) (registration.Registration, error) {
		p := registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: doc, IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
		}
		_ = svc.RecordEntry(ctx, p, entry)
		return svc.Submit(ctx, migreg.SubmitRequest{
			Submission: registration.Submission{Person: p, Host: desk, Place: registration.Hotel, Entry: entry,
				Address:    registration.Address{Region: "Алматы", Street: "ул. Сатпаева", Building: "29/6", Unit: "room 214"},
				PlannedEnd: calendar.MustParseDate(planned)},
			By: registration.HostActor(svc.HostID(desk)),
		})
	}
	r, err := book("FA1234567", "2026-07-08")
	fmt.Println(r.State, "until", r.ValidUntil, err)

	_, err = book("FA7654321", "2026-08-15")
	var refused *registration.RefusalError
	if errors.As(err, &refused) {
		fmt.Println("refused:", refused.Ground, "the stay must end by", refused.LatestExit)
	}
	// Output:
	// confirmed until 2026-07-08 <nil>
	// refused: stay_limit_violation the stay must end by 2026-07-30
}

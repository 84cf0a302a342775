package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
)

// The suite's records are built with the real domain, so that stores see
// what the Service writes: valid submissions, registrations produced by
// registration.Submit and Registration.Apply, and their events.

// The dates of the sample stay: entry on 1 July 2026, submission the next
// day, the host's deadline five days later, and the registration valid
// until the end of the 90-day stay.
var (
	entryDay   = calendar.NewDate(2026, time.July, 1)
	hostDueDay = calendar.NewDate(2026, time.July, 7)
	validUntil = calendar.NewDate(2026, time.September, 28)
)

// instant returns hour:00 in Kazakhstan on the given day of July 2026 (or
// later, for days beyond 31).
func instant(day, hour int) time.Time {
	return calendar.NewDate(2026, time.July, 1).AddDays(day - 1).In(calendar.KazakhstanZone()).Add(time.Duration(hour) * time.Hour)
}

var (
	submittedAt = instant(2, 10)
	answeredAt  = instant(2, 15)
	endedAt     = instant(30, 12)
)

// regID returns the i-th registration ID of the suite: lower-case letters
// and digits of a fixed width, so that every collation orders them as
// bytes do.
func regID(i int) registration.ID { return registration.ID(fmt.Sprintf("reg%04d", i)) }

// person returns the i-th foreigner: distinct document numbers give
// distinct ForeignerIDs.
func person(i int) registration.Person {
	return registration.Person{
		Surname: "KARIMOV", GivenNames: "AZIZ",
		CyrillicSurname: "Каримов", CyrillicGivenNames: "Азиз",
		BirthDate: calendar.NewDate(1990, time.April, 12), Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{
			Kind: registration.Passport, Number: fmt.Sprintf("FA%07d", i), IssuingCountry: "UZB",
			Expiry: calendar.NewDate(2031, time.January, 31),
		},
	}
}

// iin returns a valid IIN distinct for each i below 50000: the birth date
// is i days after 1 January 1950, and the serial the first one that has a
// check digit.
func iin(t testing.TB, i int) kzid.IIN {
	t.Helper()
	birth := calendar.NewDate(1950, time.January, 1).AddDays(i)
	var err error
	for serial := 1; serial < 100; serial++ {
		var n kzid.IIN
		n, err = kzid.NewIIN(birth, kzid.Female, serial)
		if err == nil {
			return n
		}
	}
	t.Fatalf("storetest: no IIN for host %d: %v", i, err)
	return kzid.IIN{}
}

// host returns the i-th individual host.
func host(t testing.TB, i int) registration.Host {
	t.Helper()
	return registration.Host{
		Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin(t, i),
		Contact: registration.Contact{Phone: "+77011234567"},
	}
}

// hotel returns a hotel, named by the IIN of its owner (an individual
// entrepreneur), distinct from every host(i) with i < 49999.
func hotel(t testing.TB) registration.Host {
	t.Helper()
	return registration.Host{
		Kind: registration.HostHotel, Name: "Hotel Almaty", IIN: iin(t, 49999),
		Contact: registration.Contact{Email: "desk@hotel.example"},
	}
}

func submission(id registration.ID, p registration.Person, h registration.Host) registration.Submission {
	return registration.Submission{
		ID: id, Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}.WithIDs(demo)
}

// pending returns a registration the foreigner submitted (version 1, one
// event).
func pending(t testing.TB, id registration.ID, p registration.Person, h registration.Host) (registration.Registration, []registration.Event) {
	t.Helper()
	s := submission(id, p, h)
	r, evs, err := registration.Submit(s, registration.ForeignerActor(fid(p)), submittedAt, hostDueDay, calendar.Date{})
	if err != nil {
		t.Fatalf("storetest: registration.Submit(%v) = %v", s, err)
	}
	return r, evs
}

// checkedIn returns a registration a hotel filed for its guest, confirmed
// in the same step (version 2, two events).
func checkedIn(t testing.TB, id registration.ID, p registration.Person) (registration.Registration, []registration.Event) {
	t.Helper()
	h := hotel(t)
	s := submission(id, p, h)
	s.Place = registration.Hotel
	s.PlannedEnd = validUntil // the booking's last day, stored by every store
	r, evs, err := registration.Submit(s, registration.HostActor(hid(h)), submittedAt, hostDueDay, validUntil)
	if err != nil {
		t.Fatalf("storetest: registration.Submit(%v) by the hotel = %v", s, err)
	}
	return r, evs
}

// apply performs cmd on r and returns the new registration and its events.
func apply(t testing.TB, r registration.Registration, by registration.Actor, cmd registration.Command, at time.Time) (registration.Registration, []registration.Event) {
	t.Helper()
	next, evs, err := r.Apply(by, cmd, at)
	if err != nil {
		t.Fatalf("storetest: %v.Apply(%v, %v) = %v", r, by, cmd.Kind(), err)
	}
	return next, evs
}

// confirm is the named host's confirmation of r.
func confirm(t testing.TB, r registration.Registration) (registration.Registration, []registration.Event) {
	t.Helper()
	return apply(t, r, registration.HostActor(r.HostID), registration.Confirm{ValidUntil: validUntil}, answeredAt)
}

// reject is the named host's refusal of r.
func reject(t testing.TB, r registration.Registration) (registration.Registration, []registration.Event) {
	t.Helper()
	return apply(t, r, registration.HostActor(r.HostID), registration.Reject{Reason: registration.Reason{Code: registration.HostRefusal}}, answeredAt)
}

// end ends a confirmed r on departure.
func end(t testing.TB, r registration.Registration) (registration.Registration, []registration.Event) {
	t.Helper()
	// The exit was two days before it was processed: the event keeps both
	// dates, and the registration closes on the exit.
	exit := calendar.DateOf(endedAt).AddDays(-2)
	return apply(t, r, registration.System(), registration.End{Reason: registration.Reason{Code: registration.Departed}, EffectiveOn: exit}, endedAt)
}

// supersede removes a confirmed r in favour of the registration by.
func supersede(t testing.TB, r registration.Registration, by registration.ID) (registration.Registration, []registration.Event) {
	t.Helper()
	return apply(t, r, registration.System(), registration.Supersede{By: by}, answeredAt)
}

// record is a registration with the whole of its event log, as the suite
// expects the store to hold it.
type record struct {
	reg    registration.Registration
	events []registration.Event
}

// then returns the record after a transition that produced next and evs.
func (rec record) then(next registration.Registration, evs []registration.Event) record {
	return record{reg: next, events: append(append([]registration.Event(nil), rec.events...), evs...)}
}

// demo derives the IDs of the suite, under the published demo key: the
// suite tests stores, not keys.
var demo = registration.DemoPseudonyms()

func fid(p registration.Person) registration.ForeignerID { return demo.Foreigner(p) }
func hid(h registration.Host) registration.HostID        { return demo.Host(h) }

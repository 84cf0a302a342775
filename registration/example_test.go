package registration_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/stay"
)

func submission() registration.Submission {
	iin, _ := kzid.ParseIIN("061211600012")
	return registration.Submission{
		ID: "r-1",
		Person: registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"),
			Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: "FA1234567",
				IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
		},
		Host: registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin,
			Contact: registration.Contact{Phone: "+77011234567"}},
		Address: registration.Address{Region: "Алматы", Street: "пр. Абая", Building: "10", Unit: "5"},
		Place:   registration.PrivateHome,
		Entry:   calendar.MustParseDate("2026-07-01"),
	}.WithIDs(registration.DemoPseudonyms()) // the published demo key: examples only
}

// at returns an instant on a date in Kazakhstan time.
func at(date string, hour int) time.Time {
	return calendar.MustParseDate(date).In(calendar.KazakhstanZone()).Add(time.Duration(hour) * time.Hour)
}

// An Uzbek citizen registers at a flat; the host confirms.
func Example() {
	rb := registration.DefaultRulebook()
	s := submission()

	due, _ := rb.RegistrationDue(s.Entry)
	fmt.Println("register by:", due.Due)

	r, _, err := rb.Submit(s, nil, registration.ForeignerActor(s.Foreigner), at("2026-07-03", 9))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.State, "- the host answers by", r.HostDue)

	validUntil, _ := rb.ValidUntil(s.Person, nil, s.Entry)
	r, events, err := r.Confirm(registration.HostActor(r.HostID), validUntil, at("2026-07-03", 18))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.State, "until", r.ValidUntil)
	fmt.Println(events[0])
	// Output:
	// register by: 2026-07-30
	// pending - the host answers by 2026-07-09
	// confirmed until 2026-07-30
	// r-1 #2 2026-07-03 confirmed by host (pending -> confirmed)
}

// Only the named host may confirm, and a withdrawn request cannot be.
func ExampleRegistration_Apply() {
	rb := registration.DefaultRulebook()
	s := submission()
	r, _, _ := rb.Submit(s, nil, registration.ForeignerActor(s.Foreigner), at("2026-07-03", 9))

	_, _, err := r.Apply(registration.HostActor("h_someone_else"), registration.Confirm{ValidUntil: s.Entry.AddDays(29)}, at("2026-07-04", 9))
	fmt.Println(errors.Is(err, registration.ErrForbidden), err)

	r, _, _ = r.Withdraw(registration.ForeignerActor(r.Foreigner), at("2026-07-04", 10))
	_, _, err = r.Confirm(registration.HostActor(r.HostID), s.Entry.AddDays(29), at("2026-07-04", 11))
	var te *registration.TransitionError
	fmt.Println(errors.As(err, &te), te.From)
	// Output:
	// true registration: forbidden: host may not confirm registration r-1
	// true withdrawn
}

// Validation reports every problem at once, with field paths and codes.
func ExampleSubmission_Validate() {
	s := submission()
	s.Person.Surname = "Каримов" // must be Latin, as in the passport
	s.Person.Document.Expiry = calendar.MustParseDate("2026-06-30")
	s.Address.Building = ""
	err := s.Validate()
	var ve *registration.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// person.surname: not_latin
	// person.document.expiry: expired_before_entry
	// address.building: required
}

// The 5-working-day re-registration period after a move, across Republic
// Day's substitute.
func ExampleRulebook_ReregistrationDue() {
	rb := registration.DefaultRulebook()
	d, _ := rb.ReregistrationDue(calendar.MustParseDate("2026-09-01"), calendar.MustParseDate("2026-10-23"))
	fmt.Print(d.Explain())
	// Output:
	// 2026-11-02 (Monday): 5 working days after 2026-10-23
	//   2026-10-24 Sat  skipped: Saturday
	//   2026-10-25 Sun  skipped: Day of the Republic of Kazakhstan, Sunday
	//   2026-10-26 Mon  skipped: substitute for Day of the Republic of Kazakhstan of 2026-10-25
	//   2026-10-27 Tue  day 1
	//   2026-10-28 Wed  day 2
	//   2026-10-29 Thu  day 3
	//   2026-10-30 Fri  day 4
	//   2026-10-31 Sat  skipped: Saturday
	//   2026-11-01 Sun  skipped: Sunday
	//   2026-11-02 Mon  day 5
}

// A foreigner who never registered, assessed on a later date.
func ExampleRulebook_Assess() {
	rb := registration.DefaultRulebook()
	h := registration.History{
		Person: submission().Person,
		Trips:  []stay.Trip{{Entry: calendar.MustParseDate("2026-07-01"), Exit: calendar.MustParseDate("2026-08-02")}},
	}
	vs, _ := rb.Assess(h, calendar.MustParseDate("2026-09-01"))
	for _, v := range vs {
		fmt.Println(v)
	}
	// Output:
	// not_registered by foreigner since 2026-07-31, 3 days: 15 MRP or expulsion = 64 875 ₸ (art. 517, low)
	// overstay by foreigner since 2026-07-31, 3 days: warning (art. 517 part 3, medium)
}

func ExampleAddress_Equal() {
	a := registration.Address{Region: "г. Алматы", Street: "ул. Абая", Building: "д. 10А", Unit: "кв. 5"}
	b := registration.Address{Region: "Алматы", Street: "Абая", Building: "10 A", Unit: "5"}
	fmt.Println(a.Equal(b), a.Key())
	// Output:
	// true алматы||абая|10а|5
}

func ExamplePerson_String() {
	p := submission().Person
	fmt.Println(p)
	fmt.Printf("%+v\n", p.Document)
	// Output:
	// K. A. (UZB, passport UZB ******567 until 2031-01-31)
	// passport UZB ******567 until 2031-01-31
}

// A foreigner moves: confirming the registration at the new address
// supersedes the old one in the same step. Each operation returns a
// Change: the new dossier, what to save at which version, and the events.
func ExampleDossier_Apply() {
	rb := registration.DefaultRulebook()
	s := submission()
	me := registration.ForeignerActor(s.Foreigner)
	validUntil, _ := rb.ValidUntil(s.Person, nil, s.Entry)

	var dos registration.Dossier
	old, evs, _ := rb.Submit(s, nil, me, at("2026-07-03", 9))
	ch, _ := dos.Add(old, evs, at("2026-07-03", 9))
	ch, _ = ch.Dossier.Apply(old.ID, registration.HostActor(old.HostID), registration.Confirm{ValidUntil: validUntil}, at("2026-07-03", 18))

	s.ID, s.MovedFrom, s.MovedOn = "r-2", old.ID, calendar.MustParseDate("2026-07-10")
	s.Address.Building = "12"
	moved, evs, _ := rb.Submit(s, nil, me, at("2026-07-10", 9))
	ch, _ = ch.Dossier.Add(moved, evs, at("2026-07-10", 9))

	ch, err := ch.Dossier.Apply("r-2", registration.HostActor(moved.HostID), registration.Confirm{ValidUntil: validUntil}, at("2026-07-10", 18))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range ch.Changed {
		fmt.Println(c.Registration.ID, c.Registration.State, "read at version", c.ReadVersion)
	}
	for _, e := range ch.Events {
		fmt.Println(e)
	}
	// Output:
	// r-2 confirmed read at version 1
	// r-1 superseded read at version 2
	// r-2 #2 2026-07-10 confirmed by host (pending -> confirmed)
	// r-1 #3 2026-07-10 superseded by system (confirmed -> superseded)
}

// A PMS's raw submission with a malformed IIN, a date in the wrong format
// and an empty building: json.Unmarshal would stop at the IIN, while
// DecodeSubmission reports all three.
func ExampleDecodeSubmission() {
	body := []byte(`{
	  "id": "r-1",
	  "person": {"surname": "KARIMOV", "given_names": "AZIZ", "birth_date": "12.04.1990", "sex": "male",
	    "citizenship": "UZB", "iin": "90041", "document": {"kind": "passport", "number": "FA1234567",
	    "issuing_country": "UZB", "expiry": "2031-01-31"}},
	  "host": {"kind": "hotel", "name": "Hotel Almaty", "bin": "940140000385", "contact": {"email": "desk@hotel.example"}},
	  "address": {"region": "Алматы", "street": "ул. Сатпаева", "building": ""},
	  "place": "hotel",
	  "entry": "2026-07-14"
	}`)
	_, err := registration.DecodeSubmission(body)
	var ve *registration.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// person.birth_date: invalid
	// person.iin: invalid
	// address.building: required
}

// IDs are keyed pseudonyms: the application supplies the secret (here a
// stand-in; in production it comes from a secrets manager). After a
// rotation the old key stays among the retired ones, so that people
// stored under it are still found.
func ExamplePseudonyms() {
	secret2025 := []byte("stand-in for a 32-byte secret from a vault, 2025")
	secret2026 := []byte("stand-in for a 32-byte secret from a vault, 2026")
	keys, err := registration.NewPseudonyms(
		registration.PseudonymKey{ID: "k2026", Secret: secret2026},
		registration.PseudonymKey{ID: "k2025", Secret: secret2025},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := submission().Person
	fmt.Println(keys)
	fmt.Println(registration.KeyIDOf(keys.Foreigner(p)))
	for _, id := range keys.Foreigners(p) {
		fmt.Println(registration.KeyIDOf(id), len(id))
	}
	// Output:
	// pseudonyms (keys k2026, k2025)
	// k2026
	// k2026 34
	// k2025 34
}

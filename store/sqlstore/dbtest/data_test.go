package dbtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/store"
)

// The records the tests write, built with the real domain.

var (
	entryDay    = calendar.NewDate(2026, time.July, 1)
	hostDueDay  = calendar.NewDate(2026, time.July, 7)
	validUntil  = calendar.NewDate(2026, time.September, 28)
	submittedAt = time.Date(2026, time.July, 2, 5, 0, 0, 0, time.UTC)
	answeredAt  = time.Date(2026, time.July, 2, 10, 0, 0, 0, time.UTC)
)

// person returns the i-th foreigner.
func person(i int) registration.Person {
	return registration.Person{
		Surname: "KARIMOV", GivenNames: "AZIZ",
		BirthDate: calendar.NewDate(1990, time.April, 12), Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{
			Kind: registration.Passport, Number: fmt.Sprintf("FA%07d", i), IssuingCountry: "UZB",
			Expiry: calendar.NewDate(2031, time.January, 31),
		},
	}
}

// host returns the i-th individual host (distinct for i below 50000).
func host(i int) (registration.Host, error) {
	birth := calendar.NewDate(1950, time.January, 1).AddDays(i)
	var err error
	for serial := 1; serial < 100; serial++ {
		var n kzid.IIN
		if n, err = kzid.NewIIN(birth, kzid.Female, serial); err == nil {
			return registration.Host{
				Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: n,
				Contact: registration.Contact{Phone: "+77011234567"},
			}, nil
		}
	}
	return registration.Host{}, fmt.Errorf("no IIN for host %d: %w", i, err)
}

// hotelAlmaty is the hotel of the check-in tests and benchmarks.
func hotelAlmaty(tb testing.TB) registration.Host {
	tb.Helper()
	bin, err := kzid.ParseBIN("940140000385")
	if err != nil {
		tb.Fatal(err)
	}
	return registration.Host{Kind: registration.HostHotel, Name: "Hotel Almaty", BIN: bin, Size: penalty.LargeBusiness,
		Contact: registration.Contact{Email: "desk@hotel.example"}}
}

// pending returns a registration of the i-th foreigner with the i-th host
// (modulo 100), as submitted: version 1, one event.
func pending(id registration.ID, i int) (registration.Registration, []registration.Event, error) {
	h, err := host(i % 100)
	if err != nil {
		return registration.Registration{}, nil, err
	}
	p := person(i)
	s := registration.Submission{
		ID: id, Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}.WithIDs(demo)
	return registration.Submit(s, registration.ForeignerActor(s.Foreigner), submittedAt, hostDueDay, calendar.Date{})
}

// confirm is the host's confirmation of r.
func confirm(r registration.Registration) (registration.Registration, []registration.Event, error) {
	return r.Apply(registration.HostActor(r.HostID), registration.Confirm{ValidUntil: validUntil}, answeredAt)
}

// reject is the host's refusal of r.
func reject(r registration.Registration) (registration.Registration, []registration.Event, error) {
	return r.Apply(registration.HostActor(r.HostID), registration.Reject{Reason: registration.Reason{Code: registration.HostRefusal}}, answeredAt)
}

// writeSubmission writes what the Service writes for a submission, in
// one transaction: the registration and its events, the person, the host's
// deadline, the idempotency key and the host's notification. pause runs
// halfway, to widen the window in which a test kills the process. The
// tests that kill processes check that all of it, or none, is stored.
func writeSubmission(ctx context.Context, tx store.Tx, r registration.Registration, evs []registration.Event, pause func()) error {
	if err := tx.CreateRegistration(ctx, r, evs); err != nil {
		return err
	}
	if err := tx.PutForeigner(ctx, r.Foreigner, r.Person); err != nil {
		return err
	}
	if err := tx.PutDeadline(ctx, store.Deadline{
		DeadlineKey: store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: r.Foreigner, Subject: string(r.ID)},
		Due:         r.HostDue, Registration: r.ID, Entry: r.Entry,
	}); err != nil {
		return err
	}
	pause()
	if err := tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: "key/" + string(r.ID), Fingerprint: "fp", Registration: r.ID, CreatedAt: submittedAt}); err != nil {
		return err
	}
	return tx.Enqueue(ctx, store.Message{
		ID: "msg/" + string(r.ID), Kind: "host_request", To: string(r.HostID), Registration: r.ID,
		Body: []byte(`{"registration":"` + string(r.ID) + `"}`), CreatedAt: submittedAt, NextAttempt: submittedAt,
	})
}

// demo derives IDs as the Services of these tests do: under the published
// demo key (Options.InsecureDemoKeys).
var demo = registration.DemoPseudonyms()

package certificate

import (
	"bytes"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
)

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

// at returns an instant on a date in Kazakhstan time.
func at(date string, hour, min int) time.Time {
	return d(date).In(calendar.KazakhstanZone()).Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
}

// testKey returns a fixed Ed25519 key made from a seed of n repeated.
func testKey(n byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize))
}

func testIssuer(t testing.TB, keyID string, n byte) *Issuer {
	t.Helper()
	iss, err := NewIssuer(keyID, testKey(n))
	if err != nil {
		t.Fatal(err)
	}
	return iss
}

func keySet(t testing.TB, issuers ...*Issuer) KeySet {
	t.Helper()
	var ks KeySet
	for _, iss := range issuers {
		var err error
		if ks, err = ks.With(iss.KeyID(), iss.PublicKey()); err != nil {
			t.Fatal(err)
		}
	}
	return ks
}

func mustIIN(t testing.TB, s string) kzid.IIN {
	t.Helper()
	n, err := kzid.ParseIIN(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustBIN(t testing.TB, s string) kzid.BIN {
	t.Helper()
	n, err := kzid.ParseBIN(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func sampleSubmission(t testing.TB) registration.Submission {
	return registration.Submission{
		ID: "r-2026-000123",
		Person: registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ BAKHODIROVICH",
			BirthDate: d("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: "FA1234567",
				IssuingCountry: "UZB", Expiry: d("2031-01-31")},
		},
		Host: registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova",
			IIN: mustIIN(t, "061211600012"), Contact: registration.Contact{Phone: "+77011234567"}},
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		Place:   registration.PrivateHome,
		Entry:   d("2026-07-01"),
	}.WithIDs(registration.DemoPseudonyms())
}

// sampleRegistration returns a registration submitted on 3 July 2026 and
// confirmed by its host the same evening, valid until 30 July.
func sampleRegistration(t testing.TB) registration.Registration {
	t.Helper()
	s := sampleSubmission(t)
	r, _, err := registration.Submit(s, registration.ForeignerActor(s.Foreigner), at("2026-07-03", 9, 0), d("2026-07-08"), calendar.Date{})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err = r.Confirm(registration.HostActor(r.HostID), d("2026-07-30"), at("2026-07-03", 18, 0))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sampleHotelRegistration is a registration a hotel filed for its guest.
func sampleHotelRegistration(t testing.TB) registration.Registration {
	t.Helper()
	s := sampleSubmission(t)
	s.ID = "r-2026-000124"
	s.Person = registration.Person{
		Surname: "MÜLLER", GivenNames: "ANNA", BirthDate: d("1985-11-02"), Sex: kzid.Female, Citizenship: "DEU",
		Document: registration.Document{Kind: registration.IDCard, Number: "L01X00T47",
			IssuingCountry: "DEU", Expiry: d("2030-05-31")},
	}
	s.Host = registration.Host{Kind: registration.HostHotel, Name: "Гостиница «Казахстан»",
		BIN: mustBIN(t, "940140000385"), Contact: registration.Contact{Email: "desk@hotel.example"}}
	s.Address = registration.Address{Region: "Алматы", Street: "проспект Достык", Building: "52/2", Unit: "1204"}
	s.Place = registration.Hotel
	s.Entry = d("2026-07-10")
	host := registration.HostActor(s.HostID)
	r, _, err := registration.Submit(s, host, at("2026-07-10", 14, 5), d("2026-07-15"), d("2026-08-08"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sample issues the sample registration with key "2026-1".
func sample(t testing.TB) (Certificate, string, *Issuer) {
	t.Helper()
	iss := testIssuer(t, "2026-1", 1)
	c, err := iss.Issue(sampleRegistration(t), at("2026-07-03", 18, 0))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token()
	if err != nil {
		t.Fatal(err)
	}
	return c, tok, iss
}

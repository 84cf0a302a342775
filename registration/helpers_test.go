package registration

import (
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
)

var kz = calendar.KazakhstanZone()

// at returns 10:00 in Kazakhstan on the date.
func at(date string) time.Time {
	return calendar.MustParseDate(date).In(kz).Add(10 * time.Hour)
}

func d(s string) calendar.Date { return calendar.MustParseDate(s) }

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

func samplePerson() Person {
	return Person{
		Surname: "KARIMOV", GivenNames: "AZIZ",
		CyrillicSurname: "Каримов", CyrillicGivenNames: "Азиз",
		BirthDate: d("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
		Document: Document{Kind: Passport, Number: "FA1234567", IssuingCountry: "UZB", Expiry: d("2031-01-31")},
	}
}

func sampleHost(t testing.TB) Host {
	return Host{
		Kind: HostIndividual, Name: "Aigerim Bekova", IIN: mustIIN(t, "061211600012"),
		Contact: Contact{Phone: "+77011234567"},
	}
}

func sampleHotel(t testing.TB) Host {
	return Host{
		Kind: HostHotel, Name: "Hotel Almaty", BIN: mustBIN(t, "940140000385"), Size: penalty.MediumBusiness,
		Contact: Contact{Email: "desk@hotel.example"},
	}
}

func sampleAddress() Address {
	return Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"}
}

func sampleSubmission(t testing.TB, id ID, entry string) Submission {
	return Submission{
		ID: id, Person: samplePerson(), Host: sampleHost(t), Address: sampleAddress(),
		Place: PrivateHome, Entry: d(entry),
	}.WithIDs(demo)
}

// pending returns a pending registration submitted on the entry day.
func pending(t testing.TB) Registration {
	t.Helper()
	s := sampleSubmission(t, "r-1", "2026-07-01")
	r, _, err := Submit(s, ForeignerActor(fid(s.Person)), at("2026-07-02"), d("2026-07-07"), calendar.Date{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// demo derives the IDs of the tests, under the published demo key.
var demo = DemoPseudonyms()

func fid(p Person) ForeignerID { return demo.Foreigner(p) }
func hid(h Host) HostID        { return demo.Host(h) }

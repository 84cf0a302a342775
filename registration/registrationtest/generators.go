package registrationtest

import (
	"fmt"
	"time"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

// Citizenships returns the visa-free citizenships the generators draw
// from: the largest groups, and one of each regime kind (30 and 90 days
// per visit, a 60/180 and a 42/180 cap, 90 per 365 days from first
// entry). Each call returns a fresh slice.
func Citizenships() []string {
	return []string{"UZB", "RUS", "KGZ", "TJK", "CHN", "TUR", "DEU", "USA", "KOR", "IND", "ALB"}
}

var (
	surnames = []string{"KARIMOV", "IVANOVA", "MULLER", "SMITH", "WANG", "KIM", "YILMAZ", "RAHIMOV", "OSMONOV", "SHARMA"}
	givens   = []string{"AZIZ", "ANNA", "LUKAS", "JOHN", "LI", "MIN JUN", "ELIF", "DILSHOD", "AIBEK", "PRIYA"}
	regions  = []string{"Алматы", "Астана", "Шымкент", "Карагандинская область", "Мангистауская область"}
	streets  = []string{"проспект Абая", "улица Сатпаева", "Kunaev street", "мкр. Самал-2", "улица Толе би"}
)

// Date draws a date from lo to hi, both included. rapid favours, and
// shrinks towards, the dates near lo.
func Date(lo, hi calendar.Date) *rapid.Generator[calendar.Date] {
	return rapid.Custom(func(t *rapid.T) calendar.Date {
		return lo.AddDays(rapid.IntRange(0, hi.DaysSince(lo)).Draw(t, "days"))
	})
}

// dateBack draws a date from lo to hi, favouring and shrinking towards
// hi: for a passport's expiry, the later the safer; for a child's birth,
// the younger, so that most children drawn stay minors through a stay.
func dateBack(lo, hi calendar.Date) *rapid.Generator[calendar.Date] {
	return rapid.Custom(func(t *rapid.T) calendar.Date {
		return hi.AddDays(-rapid.IntRange(0, hi.DaysSince(lo)).Draw(t, "days before"))
	})
}

// Person draws a valid foreigner of a visa-free citizenship, with a
// passport valid until 2031 at the earliest, mostly much later.
func Person() *rapid.Generator[registration.Person] {
	return rapid.Custom(func(t *rapid.T) registration.Person {
		c := rapid.SampledFrom(Citizenships()).Draw(t, "citizenship")
		sex := rapid.SampledFrom([]kzid.Sex{kzid.Male, kzid.Female}).Draw(t, "sex")
		return registration.Person{
			Surname:     rapid.SampledFrom(surnames).Draw(t, "surname"),
			GivenNames:  rapid.SampledFrom(givens).Draw(t, "given"),
			BirthDate:   Date(calendar.NewDate(1950, 1, 1), calendar.NewDate(2005, 12, 31)).Draw(t, "birth"),
			Sex:         sex,
			Citizenship: c,
			Document: registration.Document{
				Kind:           registration.Passport,
				Number:         rapid.StringMatching(`[A-Z]{2}[0-9]{7}`).Draw(t, "document"),
				IssuingCountry: c,
				Expiry:         dateBack(calendar.NewDate(2031, 1, 1), calendar.NewDate(2036, 12, 31)).Draw(t, "expiry"),
			},
		}
	})
}

// IIN draws a valid IIN of a person born 1950–2005.
func IIN() *rapid.Generator[kzid.IIN] {
	return rapid.Custom(func(t *rapid.T) kzid.IIN {
		birth := Date(calendar.NewDate(1950, 1, 1), calendar.NewDate(2005, 12, 31)).Draw(t, "birth")
		sex := rapid.SampledFrom([]kzid.Sex{kzid.Male, kzid.Female}).Draw(t, "sex")
		for serial := rapid.IntRange(0, 9990).Draw(t, "serial"); ; serial++ {
			if n, err := kzid.NewIIN(birth, sex, serial); err == nil {
				return n
			}
		}
	})
}

// BIN draws a valid BIN of a resident legal entity's head office.
func BIN() *rapid.Generator[kzid.BIN] {
	return rapid.Custom(func(t *rapid.T) kzid.BIN {
		year := rapid.IntRange(2000, 2025).Draw(t, "year")
		month := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
		for serial := rapid.IntRange(0, 99990).Draw(t, "serial"); ; serial++ {
			if n, err := kzid.NewBIN(year, month, kzid.ResidentLegalEntity, kzid.HeadOffice, serial); err == nil {
				return n
			}
		}
	})
}

// Host draws a valid host: an individual with an IIN, or a hotel,
// dormitory or organisation with a BIN and a business size.
func Host() *rapid.Generator[registration.Host] {
	return rapid.Custom(func(t *rapid.T) registration.Host {
		kind := rapid.SampledFrom([]registration.HostKind{registration.HostIndividual, registration.HostHotel, registration.HostDormitory, registration.HostOrganisation}).Draw(t, "kind")
		h := registration.Host{Kind: kind, Contact: registration.Contact{Phone: fmt.Sprintf("+7701%07d", rapid.IntRange(0, 9999999).Draw(t, "phone"))}}
		if kind == registration.HostIndividual {
			h.Name = rapid.SampledFrom(surnames).Draw(t, "name")
			h.IIN = IIN().Draw(t, "iin")
			return h
		}
		h.Name = fmt.Sprintf("%v %d", kind, rapid.IntRange(1, 999).Draw(t, "n"))
		h.BIN = BIN().Draw(t, "bin")
		h.Size = rapid.SampledFrom([]penalty.BusinessSize{penalty.SmallBusiness, penalty.MediumBusiness, penalty.LargeBusiness}).Draw(t, "size")
		return h
	})
}

// Address draws a valid address.
func Address() *rapid.Generator[registration.Address] {
	return rapid.Custom(func(t *rapid.T) registration.Address {
		return registration.Address{
			Region:   rapid.SampledFrom(regions).Draw(t, "region"),
			Street:   rapid.SampledFrom(streets).Draw(t, "street"),
			Building: fmt.Sprint(rapid.IntRange(1, 200).Draw(t, "building")),
			Unit:     fmt.Sprint(rapid.IntRange(0, 300).Draw(t, "unit")),
		}
	})
}

// PlaceFor returns the kind of lodging that goes with a host.
func PlaceFor(h registration.Host) registration.Place {
	switch h.Kind {
	case registration.HostHotel:
		return registration.Hotel
	case registration.HostDormitory:
		return registration.Dormitory
	case registration.HostRestHouse:
		return registration.RestHouse
	case registration.HostIndividual:
		return registration.PrivateHome
	}
	return registration.OtherPlace
}

// Trips draws up to max trips in order, not overlapping, from from on:
// each lasts 1 to 40 days with 1 to 120 days between them; the last may be
// open (no exit).
func Trips(from calendar.Date, max int) *rapid.Generator[[]stay.Trip] {
	return rapid.Custom(func(t *rapid.T) []stay.Trip {
		n := rapid.IntRange(0, max).Draw(t, "n")
		out := make([]stay.Trip, 0, n)
		d := from
		for i := 0; i < n; i++ {
			d = d.AddDays(rapid.IntRange(1, 120).Draw(t, "gap"))
			exit := d.AddDays(rapid.IntRange(0, 39).Draw(t, "length"))
			trip := stay.Trip{Entry: d, Exit: exit}
			if i == n-1 && rapid.Bool().Draw(t, "open") {
				trip.Exit = calendar.Date{}
			}
			out = append(out, trip)
			d = exit
		}
		return out
	})
}

// Submission draws a valid submission of the person for an entry, at a
// drawn host and address. Its ID is left empty for the Service to assign.
func Submission(p registration.Person, entry calendar.Date) *rapid.Generator[registration.Submission] {
	return rapid.Custom(func(t *rapid.T) registration.Submission {
		h := Host().Draw(t, "host")
		return registration.Submission{
			Person: p, Host: h, Address: Address().Draw(t, "address"), Place: PlaceFor(h), Entry: entry,
		}
	})
}

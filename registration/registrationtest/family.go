package registrationtest

import (
	"fmt"
	"log/slog"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/penalty"
)

// Hotel draws a valid hotel: an organisation host with a BIN, a business
// size (which sets its fines) and a contact, of the kind that files the
// registration for its guests itself.
func Hotel() *rapid.Generator[registration.Host] {
	return rapid.Custom(func(t *rapid.T) registration.Host {
		return registration.Host{
			Kind:    registration.HostHotel,
			Name:    fmt.Sprintf("%s %d", rapid.SampledFrom(hotelNames).Draw(t, "hotel"), rapid.IntRange(1, 99).Draw(t, "n")),
			BIN:     BIN().Draw(t, "bin"),
			Size:    rapid.SampledFrom([]penalty.BusinessSize{penalty.SmallBusiness, penalty.MediumBusiness, penalty.LargeBusiness}).Draw(t, "size"),
			Contact: registration.Contact{Phone: fmt.Sprintf("+7727%07d", rapid.IntRange(0, 9999999).Draw(t, "phone"))},
		}
	})
}

var hotelNames = []string{"Hotel Almaty", "Rixos", "Kazzhol", "Tien Shan", "Astana Park", "Otrar"}

// Household is a family travelling together: parents and their children,
// who share a surname and a citizenship, staying at one address with one
// host.
type Household struct {
	Parents  []registration.Person `json:"parents"`
	Children []registration.Person `json:"children"`
	Host     registration.Host     `json:"host"`
	Address  registration.Address  `json:"address"`
}

// Members returns the parents, then the children, in a new slice.
func (h Household) Members() []registration.Person {
	return append(append([]registration.Person(nil), h.Parents...), h.Children...)
}

// Family draws a household arriving on arrival: one or two adult
// parents and one to three children under 18 on that day, each a valid
// person with a passport of their own, at a drawn host and address.
func Family(arrival calendar.Date) *rapid.Generator[Household] {
	return rapid.Custom(func(t *rapid.T) Household {
		first := Person().Draw(t, "parent")
		h := Household{Parents: []registration.Person{first}}
		member := func(label string, birth *rapid.Generator[calendar.Date]) registration.Person {
			p := Person().Draw(t, label)
			p.Surname, p.Citizenship, p.Document.IssuingCountry = first.Surname, first.Citizenship, first.Citizenship
			p.BirthDate = birth.Draw(t, label+" birth")
			return p
		}
		if rapid.Bool().Draw(t, "two parents") {
			h.Parents = append(h.Parents, member("parent", Date(calendar.NewDate(1960, 1, 1), arrival.AddDays(-20*366))))
		}
		for i, n := 0, rapid.IntRange(1, 3).Draw(t, "children"); i < n; i++ {
			// Born after the day 18 years before arrival, and before it;
			// mostly young (dateBack), not mostly about to turn 18.
			h.Children = append(h.Children, member("child", dateBack(arrival.AddDays(-18*365+5), arrival.AddDays(-1))))
		}
		h.Host = Host().Draw(t, "host")
		h.Address = Address().Draw(t, "address")
		return h
	})
}

// LogValue logs how many parents and children the household has, never
// who they are or where they stay.
func (h Household) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("parents", len(h.Parents)), slog.Int("children", len(h.Children)))
}

package registrationtest

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
)

// TestGeneratorsAreValid: everything the generators draw passes the
// domain's validation, so users' property suites start from valid data.
func TestGeneratorsAreValid(t *testing.T) {
	entry := calendar.NewDate(2026, 7, 1)
	rapid.Check(t, func(t *rapid.T) {
		p := Person().Draw(t, "person")
		s := Submission(p, entry).Draw(t, "submission")
		s.ID = "r-1"
		if err := s.Validate(); err != nil {
			t.Fatalf("a generated submission is invalid: %v", err)
		}
		trips := Trips(entry, 6).Draw(t, "trips")
		for i := 1; i < len(trips); i++ {
			if !trips[i].Entry.After(trips[i-1].Exit) {
				t.Fatalf("trips %v overlap", trips)
			}
		}
	})
}

// TestHotelsAndFamiliesAreValid: a drawn hotel validates and files for
// its guests; a drawn family shares a surname and citizenship, its
// parents are adults and its children minors on the arrival day, and
// every member validates for an entry that day.
func TestHotelsAndFamiliesAreValid(t *testing.T) {
	arrival := calendar.NewDate(2026, 8, 14)
	rapid.Check(t, func(t *rapid.T) {
		h := Hotel().Draw(t, "hotel")
		if err := h.Validate(); err != nil || !h.Kind.FilesForGuests() {
			t.Fatalf("a generated hotel: %v, files for guests %v", err, h.Kind.FilesForGuests())
		}
		f := Family(arrival).Draw(t, "family")
		if len(f.Parents) == 0 || len(f.Children) == 0 || len(f.Members()) != len(f.Parents)+len(f.Children) {
			t.Fatalf("a family of %d parents and %d children", len(f.Parents), len(f.Children))
		}
		adult := arrival.AddDays(-18 * 366)
		for i, p := range f.Members() {
			if err := p.Validate(arrival); err != nil {
				t.Fatalf("member %d is invalid: %v", i, err)
			}
			if p.Surname != f.Parents[0].Surname || p.Citizenship != f.Parents[0].Citizenship {
				t.Fatalf("member %d is not of the family", i)
			}
			if minor := p.BirthDate.After(adult); minor != (i >= len(f.Parents)) {
				t.Fatalf("member %d (parent: %v) born %s: minor %v", i, i < len(f.Parents), p.BirthDate, minor)
			}
		}
		if err := f.Host.Validate(); err != nil {
			t.Fatalf("the family's host: %v", err)
		}
	})
}

// TestDrawsFavourLongValidity: rapid favours, and shrinks towards, the low
// end of a range: a person's passport expires on 1 January 2031 at the
// earliest, and most of the time years later; a child is mostly young,
// not about to turn 18. (Expiries from 2028, most in 2028, had histories
// that run into 2029 refused at the border.)
func TestDrawsFavourLongValidity(t *testing.T) {
	earliest, late := calendar.NewDate(2031, 1, 1), 0
	for i := range 400 {
		e := Person().Example(i).Document.Expiry
		if e.Before(earliest) {
			t.Fatalf("Person().Example(%d) expires on %v; want %v or later", i, e, earliest)
		}
		if e.Year() >= 2034 {
			late++
		}
	}
	if late < 200 {
		t.Errorf("%d of 400 passports expire in 2034 or later; want most", late)
	}
	arrival := calendar.NewDate(2026, 7, 1)
	young, children := 0, 0
	for i := range 200 {
		for _, c := range Family(arrival).Example(i).Children {
			children++
			if arrival.DaysSince(c.BirthDate) < 16*365 {
				young++
			}
		}
	}
	if young*2 < children {
		t.Errorf("%d of %d children under 16 on arrival; want most", young, children)
	}
}

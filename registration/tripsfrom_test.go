package registration_test

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/registration/stay"
)

// TestReadTripsKeepsAssess: Assess on a date finds the same violations
// from the trips Rulebook.ReadTrips reads (through a reader that returns
// what store.ReadTx.TripsFrom does) as from every trip, for every
// citizenship of the table; so does the stay status on that date under
// the regime of the last trip. The oracle is the whole history.
func TestReadTripsKeepsAssess(t *testing.T) {
	rb := registration.DefaultRulebook()
	citizenships := rb.Regimes.Citizenships()
	rapid.Check(t, func(t *rapid.T) {
		p := registrationtest.Person().Draw(t, "person")
		p.Citizenship = rapid.SampledFrom(citizenships).Draw(t, "citizenship")
		start := registrationtest.Date(calendar.MustParseDate("2012-01-01"), calendar.MustParseDate("2026-06-30")).Draw(t, "start")
		trips := registrationtest.Trips(start, 60).Draw(t, "trips")
		// Mostly a day soon after the last entry, where violations are.
		on := start.AddDays(rapid.IntRange(0, 5000).Draw(t, "days"))
		if len(trips) > 0 && rapid.IntRange(0, 3).Draw(t, "near") > 0 {
			on = trips[len(trips)-1].Entry.AddDays(rapid.IntRange(0, 400).Draw(t, "after last entry"))
		}
		var from, first calendar.Date // the last and the first day read from
		kept, err := rb.ReadTrips(p.Citizenship, on, func(d calendar.Date) ([]stay.Trip, error) {
			if first.IsZero() {
				first = d
			}
			from = d
			return tripsFrom(trips, d), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// TripsFrom says the first day ReadTrips reads, so that a caller
		// can read it ahead.
		if want := rb.TripsFrom(p.Citizenship, on); first != want {
			t.Fatalf("ReadTrips read first from %v; TripsFrom says %v", first, want)
		}

		all, errAll := rb.Assess(registration.History{Person: p, Trips: trips}, on)
		some, errSome := rb.Assess(registration.History{Person: p, Trips: kept}, on)
		if fmt.Sprint(all, errAll) != fmt.Sprint(some, errSome) {
			t.Fatalf("on %v, from %v (%d of %d trips):\nevery trip: %v, %v\nfrom:       %v, %v", on, from, len(kept), len(trips), all, errAll, some, errSome)
		}
		if len(kept) == 0 {
			return
		}
		last := kept[len(kept)-1]
		for _, tr := range kept {
			if !tr.Entry.After(on) {
				last = tr
			}
		}
		reg, err := rb.Regime(p.Citizenship, last.Entry)
		if err != nil {
			return
		}
		stAll, errAll := rb.StayPolicy.StatusOn(trips, reg, on)
		stSome, errSome := rb.StayPolicy.StatusOn(kept, reg, on)
		if fmt.Sprint(stAll, errAll) != fmt.Sprint(stSome, errSome) {
			t.Fatalf("stay status on %v, from %v: every trip %v, %v; from %v, %v", on, from, stAll, errAll, stSome, errSome)
		}
	})
}

// tripsFrom is store.ReadTx.TripsFrom over trips in order of entry.
func tripsFrom(trips []stay.Trip, from calendar.Date) []stay.Trip {
	i := 0
	for i < len(trips) && trips[i].Entry.Before(from) {
		i++
	}
	return trips[max(i-1, 0):]
}

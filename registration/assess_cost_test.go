package registration

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

// Assess judges each stay against one History of the trips, asked on the
// stay's last day, instead of a copy of the trips cut at that day; and it
// finds repeats from the latest earlier offence of each kind instead of
// from every earlier one. These properties compare both shortcuts with
// the plain definitions.

// overstayByCut is the plain definition: the trips up to last, the trip
// itself cut at last, asked on last.
func overstayByCut(rb *Rulebook, h History, trips []stay.Trip, t stay.Trip, last, on calendar.Date) (*Violation, error) {
	reg, err := rb.Regime(h.Person.Citizenship, t.Entry)
	if err != nil {
		return nil, err
	}
	var upTo []stay.Trip
	for _, x := range trips {
		if x.Entry.After(last) {
			continue
		}
		if x.Entry == t.Entry {
			x.Exit = last
		}
		upTo = append(upTo, x)
	}
	st, err := rb.StayPolicy.StatusOn(upTo, reg, last)
	if err != nil {
		return nil, err
	}
	if st.Overstay == 0 || st.VisitEntry != t.Entry {
		return nil, nil
	}
	limit := st.Breached
	if limit == 0 {
		limit = st.LatestExitBy
	}
	return &Violation{
		Offence: penalty.Overstay, Offender: penalty.Foreigner, Entry: t.Entry,
		Since: st.FirstBreach, Days: st.Overstay, Ongoing: last == on && st.InBreach(), Limit: limit,
	}, nil
}

func TestOverstayMatchesCutHistory(t *testing.T) {
	rb := DefaultRulebook()
	base := d("2024-01-01")
	rapid.Check(t, func(t *rapid.T) {
		rb.StayPolicy.ExcludeExitDay = rapid.Bool().Draw(t, "excludeExit")
		n := rapid.IntRange(0, 10).Draw(t, "trips")
		var trips []stay.Trip
		for range n {
			e := base.AddDays(rapid.IntRange(0, 700).Draw(t, "entry"))
			tr := stay.Trip{Entry: e, Exit: e.AddDays(rapid.IntRange(0, 120).Draw(t, "length"))}
			if rapid.IntRange(0, 7).Draw(t, "open") == 0 {
				tr.Exit = calendar.Date{}
			}
			trips = append(trips, tr)
		}
		if n > 0 && rapid.Bool().Draw(t, "sameEntry") {
			trips = append(trips, stay.Trip{Entry: trips[0].Entry, Exit: trips[0].Entry.AddDays(rapid.IntRange(0, 60).Draw(t, "sameLength"))})
		}
		on := base.AddDays(rapid.IntRange(0, 800).Draw(t, "on"))
		h := History{Person: samplePerson(), Trips: trips}
		hist, err := rb.StayPolicy.History(trips)
		if err != nil {
			t.Fatal(err)
		}
		sorted := hist.Trips()
		for i, tr := range sorted {
			if tr.Entry.After(on) {
				break
			}
			last := on
			if !tr.Exit.IsZero() && tr.Exit.Before(on) {
				last = tr.Exit
			}
			got, err1 := rb.overstay(h, hist, sorted, i, last, on)
			want, err2 := overstayByCut(rb, h, sorted, tr, last, on)
			if fmt.Sprint(got, err1) != fmt.Sprint(want, err2) {
				t.Fatalf("trips %v on %v, trip %d: overstay = %v, %v; cut history gives %v, %v", sorted, on, i, got, err1, want, err2)
			}
		}
	})
}

// priceAgainstAll is the plain definition of a repeat: against every
// earlier violation of the same kind.
func priceAgainstAll(rb *Rulebook, vs []Violation) {
	pol := rb.Penalties.Policy()
	for i := range vs {
		v := &vs[i]
		var earlier []calendar.Date
		for _, w := range vs[:i] {
			if w.Offence == v.Offence && w.Offender == v.Offender && w.Host == v.Host {
				earlier = append(earlier, w.Since)
			}
		}
		_, v.Repeat = pol.Repeat(v.Since, earlier)
	}
}

func TestRepeatsMatchEveryEarlierOffence(t *testing.T) {
	rb := DefaultRulebook()
	base := d("2024-01-01")
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "violations")
		vs := make([]Violation, n)
		for i := range vs {
			vs[i] = Violation{
				Offence:  rapid.SampledFrom([]penalty.Offence{penalty.Overstay, penalty.NotRegistered}).Draw(t, "offence"),
				Offender: penalty.Foreigner,
				Host:     HostID(rapid.SampledFrom([]string{"", "h1"}).Draw(t, "host")),
				Since:    base.AddDays(rapid.IntRange(0, 1200).Draw(t, "since")),
				Days:     1,
			}
			if rapid.IntRange(0, 9).Draw(t, "zero") == 0 {
				vs[i].Since = calendar.Date{}
			}
		}
		slices.SortStableFunc(vs, func(a, b Violation) int { return a.Since.Compare(b.Since) })
		want := slices.Clone(vs)
		priceAgainstAll(rb, want)
		rb.price(vs)
		for i := range vs {
			if vs[i].Repeat != want[i].Repeat {
				t.Fatalf("violation %d (%v %v): repeat %v; against every earlier one %v", i, vs[i].Offence, vs[i].Since, vs[i].Repeat, want[i].Repeat)
			}
		}
	})
}

package stay_test

import (
	"errors"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// The generators draw small worlds around the regime start of 27 Jan 2023
// so that every edge (count start, window ends, period ends, overlapping
// and same-day trips) comes up often.

var genBase = calendar.MustParseDate("2022-09-01")

func genDate(t *rapid.T, label string, lo, hi int) calendar.Date {
	return genBase.AddDays(rapid.IntRange(lo, hi).Draw(t, label))
}

func genPolicy(t *rapid.T) stay.Policy {
	p := stay.Policy{
		ExcludeExitDay:      rapid.Bool().Draw(t, "excludeExit"),
		WindowEndsDayBefore: rapid.Bool().Draw(t, "windowBefore"),
	}
	if rapid.Bool().Draw(t, "ownRegimeStart") {
		p.RegimeStart = genDate(t, "regimeStart", 0, 500)
	}
	return p
}

func genRegime(t *rapid.T) stay.Regime {
	kind := rapid.SampledFrom([]stay.CapKind{stay.RollingWindow, stay.FixedPeriod}).Draw(t, "kind")
	w := rapid.IntRange(1, 200).Draw(t, "window")
	r := stay.Regime{
		Citizenship:  "TST",
		PerVisitDays: rapid.IntRange(1, 60).Draw(t, "perVisit"),
		Cap: stay.Cap{
			Kind:       kind,
			WindowDays: w,
			Days:       rapid.IntRange(1, w).Draw(t, "capDays"),
		},
	}
	if rapid.Bool().Draw(t, "ownCountFrom") {
		r.Cap.CountFrom = genDate(t, "countFrom", 0, 500)
	}
	return r
}

// genTrips draws up to n trips starting in [lo, hi] days from genBase; with
// open, a trip may be open.
func genTrips(t *rapid.T, n, lo, hi int, open bool) []stay.Trip {
	k := rapid.IntRange(0, n).Draw(t, "trips")
	trips := make([]stay.Trip, k)
	for i := range trips {
		e := genDate(t, "entry", lo, hi)
		trips[i] = stay.Trip{Entry: e, Exit: e.AddDays(rapid.IntRange(0, 70).Draw(t, "length"))}
		if open && rapid.IntRange(0, 9).Draw(t, "open") == 0 {
			trips[i].Exit = calendar.Date{}
		}
	}
	return trips
}

// genPlanned draws a history that ends by the planned entry.
func genPlanned(t *rapid.T) ([]stay.Trip, calendar.Date) {
	trips := genTrips(t, 8, 0, 500, false)
	entry := genDate(t, "entryFloor", 0, 500)
	for _, tr := range trips {
		if tr.Exit.After(entry) {
			entry = tr.Exit
		}
	}
	return trips, entry.AddDays(rapid.IntRange(0, 60).Draw(t, "gap"))
}

func TestDaysUsedMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genPolicy(t)
		trips := genTrips(t, 8, 0, 600, true)
		on := genDate(t, "on", 0, 700)
		got, err := p.DaysUsed(trips, on)
		if err != nil {
			t.Fatalf("DaysUsed(%v, %v) error %v", trips, on, err)
		}
		if want := (oracle{pol: p}).daysUsed(trips, on); got != want {
			t.Fatalf("%+v.DaysUsed(%v, %v) = %d; want %d", p, trips, on, got, want)
		}
		w, err := p.WindowOn(trips, on)
		if err != nil || w.Days != got {
			t.Fatalf("WindowOn(%v, %v).Days = %d, %v; want %d\n%v", trips, on, w.Days, err, got, w)
		}
	})
}

func TestLatestExitMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		trips, entry := genPlanned(t)
		o := oracle{pol: p, r: r}
		got, err := p.LatestExit(trips, r, entry)
		want, ok := o.latestExit(trips, entry)
		if !ok {
			var ee *stay.EntryError
			if !errors.As(err, &ee) {
				t.Fatalf("%+v.LatestExit(%v, %v, %v) = %v, %v; want an *EntryError", p, trips, r, entry, got, err)
			}
			wantE, _ := o.earliest(trips, entry, 1, 1000)
			if ee.Earliest != wantE {
				t.Fatalf("%+v.LatestExit(%v, %v, %v): earliest entry %v; want %v", p, trips, r, entry, ee.Earliest, wantE)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("%+v.LatestExit(%v, %v, %v) = %v, %v; want %v", p, trips, r, entry, got, err, want)
		}
		// The day after the last day of presence always breaks a limit.
		last := got
		if p.ExcludeExitDay {
			last = last.AddDays(-1)
		}
		s := o.history(trips)
		for d := entry; !d.After(last.AddDays(1)); d = d.AddDays(1) {
			s[d] = true
		}
		next := last.AddDays(1)
		if next.DaysSince(entry)+1 <= r.PerVisitDays && !o.cumBreach(s, next) {
			t.Fatalf("%+v: staying on %v after LatestExit %v breaks no limit (%v, %v)", p, next, got, trips, r)
		}
	})
}

func TestEarliestEntryMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		trips, from := genPlanned(t)
		n := rapid.IntRange(0, 70).Draw(t, "days")
		got, err := p.EarliestEntry(trips, r, from, n)
		want, ok := (oracle{pol: p, r: r}).earliest(trips, from, n, 1000)
		if n < 1 {
			if !errors.Is(err, stay.ErrStayTooLong) {
				t.Fatalf("EarliestEntry(..., %d) = %v, %v; want ErrStayTooLong", n, got, err)
			}
			return
		}
		if !ok {
			if n >= 1 && n <= r.PerVisitDays && !errors.Is(err, stay.ErrStayTooLong) {
				t.Fatalf("%+v.EarliestEntry(%v, %v, %v, %d) = %v, %v; want ErrStayTooLong", p, trips, r, from, n, got, err)
			}
			if err == nil {
				t.Fatalf("%+v.EarliestEntry(%v, %v, %v, %d) = %v; want an error", p, trips, r, from, n, got)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("%+v.EarliestEntry(%v, %v, %v, %d) = %v, %v; want %v", p, trips, r, from, n, got, err, want)
		}
	})
}

func TestStatusMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		trips := genTrips(t, 8, 0, 500, true)
		on := genDate(t, "on", 0, 600)
		st, err := p.StatusOn(trips, r, on)
		if err != nil {
			t.Fatalf("StatusOn error %v", err)
		}
		w := (oracle{pol: p, r: r}).status(trips, on)
		got := oracleStatus{
			used: st.Used, remaining: st.Remaining, present: st.Present, visitEntry: st.VisitEntry,
			visitDay: st.VisitDay, overstay: st.Overstay, latestExit: st.LatestExit,
			firstBreach: st.FirstBreach, breached: st.Breached,
		}
		if got != w {
			t.Fatalf("%+v.StatusOn(%v, %v, %v) =\n%+v; want\n%+v", p, trips, r, on, got, w)
		}
		rem, err := p.Remaining(trips, r, on)
		if err != nil || rem != w.remaining {
			t.Fatalf("Remaining = %d, %v; want %d", rem, err, w.remaining)
		}
		if win := st.Window(); win.Days != st.Used {
			t.Fatalf("Status.Window().Days = %d; want Used %d\n%v", win.Days, st.Used, win)
		}
	})
}

func TestExitAllowedMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		trips, entry := genPlanned(t)
		trips = append(trips, stay.Trip{Entry: entry})
		exit := entry.AddDays(rapid.IntRange(0, 90).Draw(t, "stay"))
		got, err := p.ExitAllowed(trips, r, exit)
		if err != nil {
			t.Fatalf("ExitAllowed error %v", err)
		}
		closed := append(trips[:len(trips)-1:len(trips)-1], stay.Trip{Entry: entry, Exit: exit})
		on := exit
		if p.ExcludeExitDay && exit.After(entry) {
			on = exit.AddDays(-1)
		}
		w := (oracle{pol: p, r: r}).status(closed, on)
		if got.Allowed != (w.overstay == 0) || got.Overstay != w.overstay || got.LatestExit != w.latestExit {
			t.Fatalf("%+v.ExitAllowed(%v, %v, %v) = %+v; want overstay %d, latest exit %v", p, trips, r, exit, got, w.overstay, w.latestExit)
		}
	})
}

func TestPlanWindowHoldsTheStay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		trips, entry := genPlanned(t)
		pl, err := p.PlanStay(trips, r, entry)
		if err != nil {
			return
		}
		w := pl.Window()
		if w.Days > r.Cap.Days {
			t.Fatalf("Plan.Window() holds %d days, over the cap %d:\n%v", w.Days, r.Cap.Days, w)
		}
		for _, c := range w.Trips {
			if c.Index == -1 && c.Trip.Entry != pl.Entry {
				t.Fatalf("Plan.Window() lists the planned stay as %v; want entry %v", c.Trip, pl.Entry)
			}
		}
	})
}

// Removing a day of presence never lowers the days remaining, nor moves the
// latest exit earlier, under a rolling window. (Under a fixed period it
// can: see TestFixedPeriodIsNotMonotone.)
func TestRemovingADayNeverHurts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		r.Cap.Kind = stay.RollingWindow
		// Splitting a trip removes exactly one day of presence only when the
		// exit day counts (otherwise the pieces' same-day rule adds one).
		p.ExcludeExitDay = false
		trips, entry := genPlanned(t)
		if len(trips) == 0 {
			return
		}
		i := rapid.IntRange(0, len(trips)-1).Draw(t, "trip")
		tr := trips[i]
		k := rapid.IntRange(0, tr.Exit.DaysSince(tr.Entry)).Draw(t, "day")
		day := tr.Entry.AddDays(k)
		// Split trip i around day, dropping that day.
		fewer := append([]stay.Trip{}, trips[:i]...)
		fewer = append(fewer, trips[i+1:]...)
		if day.After(tr.Entry) {
			fewer = append(fewer, stay.Trip{Entry: tr.Entry, Exit: day.AddDays(-1)})
		}
		if day.Before(tr.Exit) {
			fewer = append(fewer, stay.Trip{Entry: day.AddDays(1), Exit: tr.Exit})
		}
		on := genDate(t, "on", 0, 600)
		before, err1 := p.Remaining(trips, r, on)
		after, err2 := p.Remaining(fewer, r, on)
		if err1 != nil || err2 != nil || after < before {
			t.Fatalf("Remaining went from %d to %d (%v, %v) after removing %v from %v", before, after, err1, err2, day, trips)
		}
		x1, err1 := p.LatestExit(trips, r, entry)
		x2, err2 := p.LatestExit(fewer, r, entry)
		if err1 == nil && (err2 != nil || x2.Before(x1)) {
			t.Fatalf("LatestExit went from %v to %v, %v after removing %v from %v", x1, x2, err2, day, trips)
		}
	})
}

// Trip order and duplicates never change an answer.
func TestOrderAndDuplicatesDoNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, r := genPolicy(t), genRegime(t)
		trips := genTrips(t, 6, 0, 500, true)
		on := genDate(t, "on", 0, 600)
		shuffled := rapid.Permutation(trips).Draw(t, "perm")
		if len(trips) > 0 {
			shuffled = append(shuffled, trips[rapid.IntRange(0, len(trips)-1).Draw(t, "dup")])
		}
		a, err1 := p.StatusOn(trips, r, on)
		b, err2 := p.StatusOn(shuffled, r, on)
		if err1 != nil || err2 != nil || a.String() != b.String() {
			t.Fatalf("StatusOn differs:\n%v (%v)\n%v (%v)", a, err1, b, err2)
		}
	})
}

package stay_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// The benchmarks of this file measure the queries of a History over long
// pasts: 100, 1,000 and 10,000 trips, the most recent of them the same in
// every size, so that the window each query looks at holds the same days.
// A query's cost should not grow with the trips before its window.

var historySizes = []int{100, 1000, 10000}

// longHistory returns n trips of 1 to 9 days with gaps of 10 to 17 days,
// the last ending on 2026-03-01, in order of entry; entry on 2026-03-20
// leaves a stay that the 90/180 cap of RUS ends after a few weeks.
func longHistory(n int) ([]stay.Trip, stay.Regime, calendar.Date) {
	rng := rand.New(rand.NewPCG(1, 2))
	trips := make([]stay.Trip, n)
	day := calendar.MustParseDate("2026-03-01")
	for i := n - 1; i >= 0; i-- {
		length := 1 + rng.IntN(9)
		trips[i] = stay.Trip{Entry: day.AddDays(-length + 1), Exit: day}
		day = day.AddDays(-length - 10 - rng.IntN(8))
	}
	rus, err := stay.RegimeFor("RUS", calendar.MustParseDate("2026-03-20"))
	if err != nil {
		panic(err)
	}
	return trips, rus, calendar.MustParseDate("2026-03-20")
}

// overlapLatestExit is the simple loop LatestExit is measured against: for
// each candidate day of the stay, sum every trip's overlap with that
// day's window. It handles closed trips that do not overlap, a rolling
// cap that counts from the regime start, and the default Policy: what the
// benchmark needs.
func overlapLatestExit(trips []stay.Trip, r stay.Regime, entry calendar.Date) calendar.Date {
	from := stay.DefaultRegimeStart()
	overlap := func(a, b, lo, hi calendar.Date) int {
		if a.Before(lo) {
			a = lo
		}
		if b.After(hi) {
			b = hi
		}
		return max(0, b.DaysSince(a)+1)
	}
	last := entry.AddDays(-1)
	for day := entry; day.DaysSince(entry) < r.PerVisitDays; day = day.AddDays(1) {
		lo := day.AddDays(-r.Cap.WindowDays + 1)
		if lo.Before(from) {
			lo = from
		}
		n := overlap(entry, day, lo, day)
		for _, t := range trips {
			n += overlap(t.Entry, t.Exit, lo, day)
		}
		if n > r.Cap.Days {
			break
		}
		last = day
	}
	return last
}

func TestLongHistoryBaselineAgrees(t *testing.T) {
	for _, n := range historySizes {
		trips, r, entry := longHistory(n)
		h, err := stay.NewHistory(trips)
		if err != nil {
			t.Fatal(err)
		}
		got, err := h.LatestExit(r, entry)
		want := overlapLatestExit(trips, r, entry)
		if err != nil || got != want {
			t.Errorf("%d trips: History.LatestExit = %v, %v; overlap loop %v", n, got, err, want)
		}
		if got.DaysSince(entry)+1 >= r.PerVisitDays {
			t.Errorf("%d trips: LatestExit = %v: the history should make the cumulative cap bind", n, got)
		}
	}
}

func BenchmarkHistoryLatestExit(b *testing.B) {
	for _, n := range historySizes {
		trips, r, entry := longHistory(n)
		h, err := stay.NewHistory(trips)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("trips=%d/history", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDate, _ = h.LatestExit(r, entry)
			}
		})
		b.Run(fmt.Sprintf("trips=%d/slice", n), func(b *testing.B) { // a History built per call
			b.ReportAllocs()
			for b.Loop() {
				sinkDate, _ = stay.LatestExit(trips, r, entry)
			}
		})
		b.Run(fmt.Sprintf("trips=%d/overlap-loop", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDate = overlapLatestExit(trips, r, entry)
			}
		})
	}
}

// BenchmarkHistoryQueries: the other queries of a History, and building
// one, which is linear (a copy and a check; trips in order need no sort).
func BenchmarkHistoryQueries(b *testing.B) {
	for _, n := range historySizes {
		trips, r, entry := longHistory(n)
		h, err := stay.NewHistory(append(trips, stay.Trip{Entry: entry}))
		if err != nil {
			b.Fatal(err)
		}
		on := entry.AddDays(20)
		b.Run(fmt.Sprintf("trips=%d/StatusOn", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				st, _ := h.StatusOn(r, on)
				sinkInt = st.Used
			}
		})
		b.Run(fmt.Sprintf("trips=%d/ExitAllowed", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, _ := h.ExitAllowed(r, on)
				sinkInt = c.Overstay
			}
		})
		b.Run(fmt.Sprintf("trips=%d/NewHistory", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				hh, _ := stay.NewHistory(trips)
				sinkInt = hh.Len()
			}
		})
	}
}

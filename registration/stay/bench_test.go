package stay_test

import (
	"math/rand/v2"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// The straightforward implementation the engine is measured against: count
// the window day by day over every trip, and for LatestExit recount it for
// each candidate day. It handles the default Policy and a 90/180 regime,
// which is all the benchmark needs.

func naiveDaysUsed(trips []stay.Trip, extra stay.Trip, on calendar.Date) int {
	start := stay.DefaultRegimeStart()
	n := 0
	for day := on.AddDays(-179); !day.After(on); day = day.AddDays(1) {
		if day.Before(start) {
			continue
		}
		present := !day.Before(extra.Entry) && !day.After(extra.Exit)
		for _, t := range trips {
			exit := t.Exit
			if exit.IsZero() {
				exit = on
			}
			if present || (!day.Before(t.Entry) && !day.After(exit)) {
				present = true
				break
			}
		}
		if present {
			n++
		}
	}
	return n
}

func naiveLatestExit(trips []stay.Trip, r stay.Regime, entry calendar.Date) calendar.Date {
	last := entry.AddDays(-1)
	for day := entry; day.DaysSince(entry) < r.PerVisitDays; day = day.AddDays(1) {
		if naiveDaysUsed(trips, stay.Trip{Entry: entry, Exit: day}, day) > r.Cap.Days {
			break
		}
		last = day
	}
	return last
}

// benchHistory is a frequent traveller: 50 trips of 1 to 9 days over about
// three years, the last ending on 2026-03-01, in order; entry on
// 2026-03-20 leaves a stay that the 90/180 cap ends after a few weeks.
func benchHistory() ([]stay.Trip, stay.Regime, calendar.Date) {
	rng := rand.New(rand.NewPCG(1, 2))
	trips := make([]stay.Trip, 50)
	day := calendar.MustParseDate("2026-03-01")
	for i := len(trips) - 1; i >= 0; i-- {
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

func shuffled(trips []stay.Trip) []stay.Trip {
	s := append([]stay.Trip(nil), trips...)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	return s
}

// The benchmarks below check that both implementations agree before timing
// them.
func TestBenchmarkBaselinesAgree(t *testing.T) {
	trips, r, entry := benchHistory()
	on := entry.AddDays(-1)
	got, err := stay.DaysUsed(trips, on)
	if want := naiveDaysUsed(trips, stay.Trip{}, on); err != nil || got != want {
		t.Errorf("DaysUsed = %d, %v; naive %d", got, err, want)
	}
	x, err := stay.LatestExit(trips, r, entry)
	if want := naiveLatestExit(trips, r, entry); err != nil || x != want {
		t.Errorf("LatestExit = %v, %v; naive %v", x, err, want)
	}
	if x.DaysSince(entry)+1 >= r.PerVisitDays {
		t.Errorf("LatestExit = %v: the history should make the cumulative cap bind", x)
	}
}

var (
	sinkInt  int
	sinkDate calendar.Date
)

func BenchmarkDaysUsed(b *testing.B) {
	trips, _, entry := benchHistory()
	on := entry.AddDays(-1)
	mixed := shuffled(trips)
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkInt, _ = stay.DaysUsed(trips, on)
		}
	})
	b.Run("engine-unsorted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkInt, _ = stay.DaysUsed(mixed, on)
		}
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkInt = naiveDaysUsed(trips, stay.Trip{}, on)
		}
	})
}

func BenchmarkLatestExit(b *testing.B) {
	trips, r, entry := benchHistory()
	mixed := shuffled(trips)
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkDate, _ = stay.LatestExit(trips, r, entry)
		}
	})
	b.Run("engine-unsorted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkDate, _ = stay.LatestExit(mixed, r, entry)
		}
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkDate = naiveLatestExit(trips, r, entry)
		}
	})
}

// The other queries, for the record (no baseline).
func BenchmarkQueries(b *testing.B) {
	trips, r, entry := benchHistory()
	open := append(append([]stay.Trip(nil), trips...), stay.Trip{Entry: entry})
	on := entry.AddDays(20)
	alb, _ := stay.RegimeFor("ALB", entry)
	b.Run("StatusOn", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st, _ := stay.StatusOn(open, r, on)
			sinkInt = st.Used
		}
	})
	b.Run("Remaining", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkInt, _ = stay.Remaining(open, r, on)
		}
	})
	b.Run("EarliestEntry", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkDate, _ = stay.EarliestEntry(trips, r, entry, 60)
		}
	})
	b.Run("ExitAllowed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, _ := stay.ExitAllowed(open, r, on)
			sinkInt = c.Overstay
		}
	})
	b.Run("LatestExit-fixed-period", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkDate, _ = stay.LatestExit(trips, alb, entry)
		}
	})
	b.Run("RegimeFor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rr, _ := stay.RegimeFor("uz", entry)
			sinkInt = rr.PerVisitDays
		}
	})
}

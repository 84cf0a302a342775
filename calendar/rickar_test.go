package calendar

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
)

// TestHolidaysAgreeWithRules: every exported rickar holiday falls, year by
// year, exactly on the holidays of the rules, and nowhere else.
func TestHolidaysAgreeWithRules(t *testing.T) {
	c := Kazakhstan()
	for y := 1991; y <= 2040; y++ {
		want := map[Date]bool{}
		for _, o := range c.DaysOff(y) {
			if o.Kind == KindHoliday {
				want[o.Date] = true
			}
		}
		got := map[Date]bool{}
		for _, h := range c.Holidays() {
			actual, _ := h.Calc(y)
			if actual.IsZero() {
				continue
			}
			d := NewDate(actual.Date())
			if got[d] {
				t.Errorf("%d: two rickar holidays on %v", y, d)
			}
			got[d] = true
		}
		for d := range want {
			if !got[d] {
				t.Errorf("%d: holiday %v missing from Holidays()", y, d)
			}
		}
		for d := range got {
			if !want[d] {
				t.Errorf("%d: Holidays() has %v, which the rules do not", y, d)
			}
		}
	}
}

func TestHolidaysAreFresh(t *testing.T) {
	c := Kazakhstan()
	a := c.Holidays()
	a[0].Name = "changed"
	a[0].StartYear = 3000
	if b := c.Holidays(); b[0].Name == "changed" || b[0].StartYear == 3000 {
		t.Error("Holidays() returned a value shared with an earlier call")
	}
}

// TestBusinessCalendarAgrees: the rickar business calendar built from c
// agrees with c on every day of the confirmed years.
func TestBusinessCalendarAgrees(t *testing.T) {
	c := Kazakhstan()
	b := c.BusinessCalendar()
	for d := MustParseDate("2016-01-01"); d.Year() <= 2027; d = d.AddDays(1) {
		if got, want := b.IsWorkday(d.In(time.UTC)), c.IsWorkingDay(d); got != want {
			t.Fatalf("BusinessCalendar().IsWorkday(%v) = %v; Calendar says %v", d, got, want)
		}
	}
}

// rickarKazakhstan is the baseline of the benchmarks: what a rickar user
// would set up for Kazakhstan, with the same holidays (weekend holidays
// observed on Monday) and a WorkdayFunc that applies the decreed
// transfers.
func rickarKazakhstan(c *Calendar) *cal.BusinessCalendar {
	b := cal.NewBusinessCalendar()
	b.AddHoliday(c.Holidays()...)
	off := map[[3]int]bool{}
	worked := map[[3]int]bool{}
	for y := 2016; y <= 2027; y++ {
		for _, o := range c.DaysOff(y) {
			if o.Kind == KindTransfer {
				yy, m, d := o.Date.Date()
				off[[3]int{yy, int(m), d}] = true
			}
		}
		for _, t := range c.WorkingWeekends(y) {
			yy, m, d := t.WorkingDay.Date()
			worked[[3]int{yy, int(m), d}] = true
		}
	}
	b.WorkdayFunc = func(t time.Time) bool {
		y, m, d := t.Date()
		k := [3]int{y, int(m), d}
		if worked[k] {
			return true
		}
		if off[k] {
			return false
		}
		return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
	}
	return b
}

var (
	sinkBool bool
	sinkInt  int
	sinkDate Date
	sinkTime time.Time
)

// benchDates are 64 dates spread over 2016–2027.
func benchDates() []Date {
	var out []Date
	for d := MustParseDate("2016-01-03"); d.Year() <= 2027 && len(out) < 64; d = d.AddDays(67) {
		out = append(out, d)
	}
	return out
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := Kazakhstan()
	ds := benchDates()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = c.IsWorkingDay(ds[i&63])
	}
}

func BenchmarkRickarIsWorkday(b *testing.B) {
	r := rickarKazakhstan(Kazakhstan())
	var ts []time.Time
	for _, d := range benchDates() {
		ts = append(ts, d.In(time.UTC))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = r.IsWorkday(ts[i&63])
	}
}

func BenchmarkAddWorkingDays5(b *testing.B) {
	c := Kazakhstan()
	ds := benchDates()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkDate = c.AddWorkingDays(ds[i&63], 5)
	}
}

func BenchmarkRickarWorkdaysFrom5(b *testing.B) {
	r := rickarKazakhstan(Kazakhstan())
	var ts []time.Time
	for _, d := range benchDates() {
		ts = append(ts, d.In(time.UTC))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkTime = r.WorkdaysFrom(ts[i&63], 5)
	}
}

func BenchmarkAddWorkingDays30(b *testing.B) {
	c := Kazakhstan()
	ds := benchDates()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkDate = c.AddWorkingDays(ds[i&63], 30)
	}
}

func BenchmarkRickarWorkdaysFrom30(b *testing.B) {
	r := rickarKazakhstan(Kazakhstan())
	var ts []time.Time
	for _, d := range benchDates() {
		ts = append(ts, d.In(time.UTC))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkTime = r.WorkdaysFrom(ts[i&63], 30)
	}
}

func BenchmarkWorkingDaysBetweenYear(b *testing.B) {
	c := Kazakhstan()
	from, to := MustParseDate("2025-12-31"), MustParseDate("2026-12-31")
	b.ReportAllocs()
	for b.Loop() {
		sinkInt = c.WorkingDaysBetween(from, to)
	}
}

func BenchmarkRickarWorkdaysInRangeYear(b *testing.B) {
	r := rickarKazakhstan(Kazakhstan())
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		sinkInt = r.WorkdaysInRange(from, to)
	}
}

// BenchmarkKazakhstan is the cost of a calendar after the first call,
// which compiles the shared table (run with -benchtime=1x in a fresh
// process to see that cost).
func BenchmarkKazakhstan(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = Kazakhstan().IsWorkingDay(MustParseDate("2026-01-01"))
	}
}

package calendar

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// refCalendar is the plain day-by-day reference the compiled table is
// checked against: a day is off if the rules list it (DaysOff), or if it
// is a weekend day not worked by transfer. Counting and stepping walk one
// day at a time.
type refCalendar struct {
	c      *Calendar
	off    map[int]map[Date]bool
	worked map[int]map[Date]bool
}

func newRef(c *Calendar) *refCalendar {
	return &refCalendar{c: c, off: map[int]map[Date]bool{}, worked: map[int]map[Date]bool{}}
}

func (r *refCalendar) isWorking(d Date) bool {
	y := d.Year()
	if _, ok := r.off[y]; !ok {
		r.off[y], r.worked[y] = map[Date]bool{}, map[Date]bool{}
		for _, o := range r.c.DaysOff(y) {
			r.off[y][o.Date] = true
		}
		for _, t := range r.c.WorkingWeekends(y) {
			r.worked[y][t.WorkingDay] = true
		}
	}
	if r.worked[y][d] {
		return true
	}
	w := d.Weekday()
	return w != time.Saturday && w != time.Sunday && !r.off[y][d]
}

func (r *refCalendar) add(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if r.isWorking(d) {
			n--
		}
	}
	return d
}

func (r *refCalendar) between(from, to Date) int {
	sign := 1
	if to.Before(from) {
		// Walking back from from to to steps on to <= d < from.
		from, to, sign = to.AddDays(-1), from.AddDays(-1), -1
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if r.isWorking(d) {
			n++
		}
	}
	return sign * n
}

func genDate(lo, hi string) *rapid.Generator[Date] {
	a, b := MustParseDate(lo), MustParseDate(hi)
	return rapid.Custom(func(t *rapid.T) Date {
		return a.AddDays(rapid.IntRange(0, b.DaysSince(a)).Draw(t, "offset"))
	})
}

// TestIsWorkingDayEveryDay compares the table with the reference on every
// day from 2000 to 2100, and on both sides of the table's edges.
func TestIsWorkingDayEveryDay(t *testing.T) {
	c := Kazakhstan()
	ref := newRef(c)
	check := func(from, to Date) {
		for d := from; !d.After(to); d = d.AddDays(1) {
			if got, want := c.IsWorkingDay(d), ref.isWorking(d); got != want {
				t.Fatalf("IsWorkingDay(%v) = %v; the reference says %v", d, got, want)
			}
		}
	}
	check(MustParseDate("2000-01-01"), MustParseDate("2100-12-31"))
	check(MustParseDate("1980-01-01"), MustParseDate("1999-12-31"))
	check(MustParseDate("2101-01-01"), MustParseDate("2110-12-31"))
}

func TestAddWorkingDaysProperties(t *testing.T) {
	c := Kazakhstan()
	ref := newRef(c)
	rapid.Check(t, func(t *rapid.T) {
		d := genDate("1985-01-01", "2110-12-31").Draw(t, "d")
		n := rapid.IntRange(-400, 400).Draw(t, "n")
		got := c.AddWorkingDays(d, n)
		if want := ref.add(d, n); got != want {
			t.Fatalf("AddWorkingDays(%v, %d) = %v; the reference says %v", d, n, got, want)
		}
		if n != 0 && !c.IsWorkingDay(got) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, which is not a working day", d, n, got)
		}
		if back := c.WorkingDaysBetween(d, got); back != n {
			t.Fatalf("WorkingDaysBetween(%v, AddWorkingDays(%v, %d) = %v) = %d; want %d", d, d, n, got, back, n)
		}
		// Monotonic in n and in d.
		if next := c.AddWorkingDays(d, n+1); !next.After(got) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is not after AddWorkingDays(%v, %d) = %v", d, n+1, next, d, n, got)
		}
		if later := c.AddWorkingDays(d.AddDays(1), n); later.Before(got) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is before AddWorkingDays(%v, %d) = %v", d.AddDays(1), n, later, d, n, got)
		}
	})
}

func TestWorkingDaysBetweenProperties(t *testing.T) {
	c := Kazakhstan()
	ref := newRef(c)
	rapid.Check(t, func(t *rapid.T) {
		gen := genDate("1985-01-01", "2110-12-31")
		from, to := gen.Draw(t, "from"), gen.Draw(t, "to")
		got := c.WorkingDaysBetween(from, to)
		if want := ref.between(from, to); got != want {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d; the reference says %d", from, to, got, want)
		}
		if rev, want := c.WorkingDaysBetween(to, from), ref.between(to, from); rev != want {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d; the reference says %d", to, from, rev, want)
		}
		if next := c.WorkingDaysBetween(from, to.AddDays(1)); next < got {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d < WorkingDaysBetween(%v, %v) = %d", from, to.AddDays(1), next, from, to, got)
		}
	})
}

// TestAddWorkingDaysFarOutside exercises the rules-only path over long
// distances on both sides of the table.
func TestAddWorkingDaysFarOutside(t *testing.T) {
	c := Kazakhstan()
	ref := newRef(c)
	for _, tt := range []struct {
		d string
		n int
	}{{"1950-06-01", 15000}, {"2130-06-01", -12000}, {"2099-01-01", 900}, {"1992-05-01", -600}} {
		d := MustParseDate(tt.d)
		if got, want := c.AddWorkingDays(d, tt.n), ref.add(d, tt.n); got != want {
			t.Errorf("AddWorkingDays(%s, %d) = %v; the reference says %v", tt.d, tt.n, got, want)
		}
	}
}

// FuzzAddWorkingDaysRoundTrip: for any date and n, stepping n working days
// and counting them back gives n.
func FuzzAddWorkingDaysRoundTrip(f *testing.F) {
	f.Add(int32(739000), int16(5))
	f.Add(int32(727000), int16(-30))
	f.Add(int32(1), int16(-1))
	f.Add(int32(3652058), int16(3))
	c := Kazakhstan()
	f.Fuzz(func(t *testing.T, days int32, n int16) {
		d := fromDays(int64(days))
		got := c.AddWorkingDays(d, int(n))
		if d.IsZero() || got.IsZero() {
			return // outside 0001..9999: nothing to round-trip
		}
		if back := c.WorkingDaysBetween(d, got); back != int(n) {
			t.Fatalf("WorkingDaysBetween(%v, AddWorkingDays(%v, %d) = %v) = %d", d, d, n, got, back)
		}
	})
}

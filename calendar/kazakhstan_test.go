package calendar

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickar/cal/v2"
)

// calendarInternals lets cmp compare whole calendars, tables included.
var calendarInternals = cmp.AllowUnexported(Calendar{}, fixedHoliday{}, span{}, kurbanEntry{})

// spoil changes everything a caller can reach from c through the
// exported API: the values its methods return, the calendars derived from
// it and the caller's own arguments to them, and finally *c itself. It
// reports with t.Errorf, so goroutines may call it.
func spoil(t *testing.T, c *Calendar) {
	t.Helper()
	for y := tableFirstYear - 1; y <= tableLastYear+1; y++ {
		days := c.DaysOff(y)
		for i := range days {
			days[i] = DayOff{Date: days[i].Date.AddDays(1), Names: Names{"x", "x", "x"}, Rule: "x", Related: days[i].Date}
		}
		_ = append(days, DayOff{}) // into any spare capacity
		ww := c.WorkingWeekends(y)
		for i := range ww {
			ww[i] = Transfer{DayOff: ww[i].WorkingDay, WorkingDay: ww[i].DayOff}
		}
	}
	for _, h := range c.Holidays() {
		h.Name, h.Description = "x", "x"
		h.Month, h.Day, h.StartYear, h.EndYear = time.February, 30, 3000, 1
		h.Except = append(h.Except, 2026)
		for i := range h.Observed {
			h.Observed[i].Offset = 7
		}
		h.Func = nil
	}
	b := c.BusinessCalendar()
	b.Name = "x"
	for _, h := range b.Holidays {
		h.Name, h.Month, h.Day = "x", time.February, 3
	}
	b.AddHoliday(&cal.Holiday{Name: "x", Month: time.June, Day: 3, Func: cal.CalcDayOfMonth})
	b.WorkdayFunc = func(time.Time) bool { return false }

	order := TransferOrder{Year: 2027, Act: "x", Transfers: []Transfer{
		{DayOff: MustParseDate("2027-11-12"), WorkingDay: MustParseDate("2027-11-13")},
	}}
	if with, err := c.WithTransferOrder(order); err != nil {
		t.Errorf("WithTransferOrder(%v) error = %v", order, err)
	} else {
		*with = Calendar{}
	}
	order.Transfers[0] = Transfer{DayOff: MustParseDate("2027-11-15"), WorkingDay: MustParseDate("2027-11-14")}
	order.Act = "y"
	if kurban, err := c.WithKurbanAit(MustParseDate("2027-05-17"), "x"); err != nil {
		t.Errorf("WithKurbanAit(2027-05-17) error = %v", err)
	} else {
		*kurban = *c
	}
	if dl, err := c.WorkingDaysAfter(MustParseDate("2026-07-01"), 5, PeriodOptions{}); err != nil {
		t.Errorf("WorkingDaysAfter(2026-07-01, 5) error = %v", err)
	} else {
		dl.Due = dl.Due.AddDays(1)
	}

	*c = Calendar{}
}

// TestKazakhstanResultsAreIndependent: whatever a caller does to one
// calendar from Kazakhstan, the next call returns the same calendar as
// before, table included.
func TestKazakhstanResultsAreIndependent(t *testing.T) {
	want := buildKazakhstan() // built apart from the shared calendar
	first := Kazakhstan()
	if diff := cmp.Diff(want, first, calendarInternals); diff != "" {
		t.Fatalf("Kazakhstan() differs from a calendar built from the data (-want +got):\n%s", diff)
	}
	spoil(t, first)
	if diff := cmp.Diff(want, Kazakhstan(), calendarInternals); diff != "" {
		t.Errorf("Kazakhstan() after a caller changed an earlier result (-want +got):\n%s", diff)
	}
	if first == Kazakhstan() {
		t.Error("Kazakhstan() returned the same pointer twice; want a fresh value per call")
	}
}

// TestKazakhstanConcurrentUse calls Kazakhstan from many goroutines at
// once, each using its calendar and then spoiling it, and checks every one
// answers as a calendar built apart does (run with -race).
func TestKazakhstanConcurrentUse(t *testing.T) {
	ref := buildKazakhstan()
	days := []Date{MustParseDate("2020-05-11"), MustParseDate("2026-03-09"), MustParseDate("2027-05-17"), MustParseDate("2150-01-02")}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			<-start
			c := Kazakhstan()
			for _, d := range days {
				if got, want := c.AddWorkingDays(d, g), ref.AddWorkingDays(d, g); got != want {
					t.Errorf("Kazakhstan().AddWorkingDays(%v, %d) = %v; want %v", d, g, got, want)
				}
			}
			if got, want := c.DaysOff(2026), ref.DaysOff(2026); !cmp.Equal(got, want) {
				t.Errorf("Kazakhstan().DaysOff(2026) = %v; want %v", got, want)
			}
			spoil(t, c)
		})
	}
	close(start)
	wg.Wait()
}

package calendar

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPeriods(t *testing.T) {
	c := Kazakhstan()
	type give struct {
		event string
		n     int
		unit  Unit
		opts  PeriodOptions
	}
	tests := []struct {
		give             give
		counted, wantDue string
	}{
		// Registration: the 30th calendar day, entry day = day 1, not rolled.
		{give{"2026-07-01", 30, CalendarDays, PeriodOptions{EventDayCounts: true}}, "2026-07-30", "2026-07-30"},
		{give{"2026-02-08", 30, CalendarDays, PeriodOptions{EventDayCounts: true}}, "2026-03-09", "2026-03-09"},
		{give{"2026-02-08", 30, CalendarDays, PeriodOptions{EventDayCounts: true, RollForward: true}}, "2026-03-09", "2026-03-10"},
		{give{"2026-02-08", 30, CalendarDays, PeriodOptions{}}, "2026-03-10", "2026-03-10"},
		// Re-registration after a move: 5 working days from the day after.
		{give{"2026-05-05", 5, WorkingDays, PeriodOptions{}}, "2026-05-14", "2026-05-14"},
		{give{"2026-05-05", 5, WorkingDays, PeriodOptions{EventDayCounts: true}}, "2026-05-13", "2026-05-13"},
		{give{"2026-05-09", 5, WorkingDays, PeriodOptions{EventDayCounts: true}}, "2026-05-18", "2026-05-18"},
		// Host notification, old regime: 3 working days after arrival.
		{give{"2026-03-20", 3, WorkingDays, PeriodOptions{}}, "2026-03-30", "2026-03-30"},
	}
	for _, tt := range tests {
		g := tt.give
		var d Deadline
		var err error
		if g.unit == WorkingDays {
			d, err = c.WorkingDaysAfter(MustParseDate(g.event), g.n, g.opts)
		} else {
			d, err = c.CalendarDaysAfter(MustParseDate(g.event), g.n, g.opts)
		}
		if err != nil || d.Counted.String() != tt.counted || d.Due.String() != tt.wantDue {
			t.Errorf("%d %v after %s %+v = counted %v, due %v, %v; want %s, %s", g.n, g.unit, g.event, g.opts, d.Counted, d.Due, err, tt.counted, tt.wantDue)
		}
	}
	for _, n := range []int{0, -1} {
		if _, err := c.WorkingDaysAfter(MustParseDate("2026-01-01"), n, PeriodOptions{}); !errors.Is(err, ErrInvalidPeriod) {
			t.Errorf("WorkingDaysAfter(2026-01-01, %d) error = %v; want ErrInvalidPeriod", n, err)
		}
	}
	if _, err := c.CalendarDaysAfter(Date{}, 30, PeriodOptions{}); !errors.Is(err, ErrInvalidPeriod) {
		t.Errorf("CalendarDaysAfter(zero, 30) error = %v; want ErrInvalidPeriod", err)
	}
	if _, err := c.CalendarDaysAfter(MustParseDate("9999-12-01"), 60, PeriodOptions{}); !errors.Is(err, ErrInvalidPeriod) {
		t.Errorf("CalendarDaysAfter(9999-12-01, 60) error = %v; want ErrInvalidPeriod", err)
	}
}

func TestProvisionalDeadlines(t *testing.T) {
	c := Kazakhstan()
	tests := []struct {
		event string
		n     int
		unit  Unit
		want  bool
	}{
		{"2026-05-05", 5, WorkingDays, false},
		{"2026-12-28", 5, WorkingDays, true},    // runs into 2027, not yet published
		{"2026-12-10", 30, CalendarDays, false}, // calendar days do not depend on days off
		{"2015-06-01", 5, WorkingDays, true},    // before the published years
	}
	for _, tt := range tests {
		d, err := c.period(MustParseDate(tt.event), tt.n, tt.unit, PeriodOptions{})
		if err != nil || d.Provisional != tt.want {
			t.Errorf("%d %v after %s: Provisional = %v, %v; want %v", tt.n, tt.unit, tt.event, d.Provisional, err, tt.want)
		}
	}
}

func TestDeadlineExplain(t *testing.T) {
	c := Kazakhstan()
	d, err := c.WorkingDaysAfter(MustParseDate("2026-05-05"), 5, PeriodOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := `2026-05-14 (Thursday): 5 working days after 2026-05-05
  2026-05-06 Wed  day 1
  2026-05-07 Thu  skipped: Defender of the Fatherland Day
  2026-05-08 Fri  day 2
  2026-05-09 Sat  skipped: Victory Day, Saturday
  2026-05-10 Sun  skipped: Sunday
  2026-05-11 Mon  skipped: substitute for Victory Day of 2026-05-09
  2026-05-12 Tue  day 3
  2026-05-13 Wed  day 4
  2026-05-14 Thu  day 5
`
	if got := d.Explain(); got != want {
		t.Errorf("Explain() mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}

	r, err := c.CalendarDaysAfter(MustParseDate("2026-02-08"), 30, PeriodOptions{EventDayCounts: true, RollForward: true})
	if err != nil {
		t.Fatal(err)
	}
	want = `2026-03-10 (Tuesday): 30 calendar days from 2026-02-08, the event day counted; day 30, 2026-03-09, is a day off, moved to the next working day
  2026-02-08 Sun  day 1 (Sunday)
  2026-02-14 Sat  day 7 (Saturday)
  2026-02-15 Sun  day 8 (Sunday)
  2026-02-21 Sat  day 14 (Saturday)
  2026-02-22 Sun  day 15 (Sunday)
  2026-02-28 Sat  day 21 (Saturday)
  2026-03-01 Sun  day 22 (Sunday)
  2026-03-07 Sat  day 28 (Saturday)
  2026-03-08 Sun  day 29 (International Women's Day, Sunday)
  2026-03-09 Mon  day 30 (substitute for International Women's Day of 2026-03-08)
  2026-03-10 Tue  due: the first working day after 2026-03-09
`
	if got := r.Explain(); got != want {
		t.Errorf("Explain() mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}
	if !r.Rolled() {
		t.Error("Rolled() = false; want true")
	}
	if got := (Deadline{}).Explain(); !strings.HasPrefix(got, "no deadline") {
		t.Errorf("Deadline{}.Explain() = %q; want it to say there is no deadline", got)
	}
}

// Command calendar prints a year of Kazakhstan's days off and a few legal
// deadlines with their explanation, computed with migreg's calendar.
//
//	go run ./examples/calendar              # this year, deadlines from today
//	go run ./examples/calendar -today 2026-05-05
//
// Today is read from the clock once, here at the edge, and turned into a
// date in Kazakhstan time; everything below it takes dates as arguments.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/migreg/migreg/calendar"
)

func main() {
	today := flag.String("today", "", "the date to count deadlines from, YYYY-MM-DD (default: today in Kazakhstan)")
	flag.Parse()
	d := calendar.DateOf(time.Now())
	if *today != "" {
		var err error
		if d, err = calendar.ParseDate(*today); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := run(os.Stdout, d); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, today calendar.Date) error {
	c := calendar.Kazakhstan()
	year := today.Year()
	status := "published data"
	if !c.Confirmed(year) {
		status = "rules and estimates: no published Kurban Ait date or transfer order yet"
	}
	fmt.Fprintf(w, "Days off in Kazakhstan in %d (five-day week; %s)\n", year, status)
	for _, o := range c.DaysOff(year) {
		fmt.Fprintf(w, "  %v %s  %-10v %s\n", o.Date, o.Date.Weekday().String()[:3], o.Kind, describe(o))
	}
	first, last := calendar.NewDate(year, time.January, 1), calendar.NewDate(year, time.December, 31)
	fmt.Fprintf(w, "Working days in %d: %d\n\n", year, c.WorkingDaysBetween(first.AddDays(-1), last))

	deadlines := []struct {
		what string
		n    int
		unit calendar.Unit
		opts calendar.PeriodOptions
	}{
		{"Registration after entering on " + today.String() + " (docs/legal.md Part A: the 30th calendar day, entry day = day 1)",
			30, calendar.CalendarDays, calendar.PeriodOptions{EventDayCounts: true}},
		{"Re-registration after moving on " + today.String() + " (5 working days from the next day)",
			5, calendar.WorkingDays, calendar.PeriodOptions{}},
		{"Host's answer to a request submitted on " + today.String() + " (3 working days)",
			3, calendar.WorkingDays, calendar.PeriodOptions{}},
	}
	for _, dl := range deadlines {
		var d calendar.Deadline
		var err error
		if dl.unit == calendar.WorkingDays {
			d, err = c.WorkingDaysAfter(today, dl.n, dl.opts)
		} else {
			d, err = c.CalendarDaysAfter(today, dl.n, dl.opts)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s:\n%s\n", dl.what, indent(d.Explain()))
	}
	return nil
}

func describe(o calendar.DayOff) string {
	switch o.Kind {
	case calendar.KindSubstitute:
		return fmt.Sprintf("for %s (%v)", o.Names.En, o.Related)
	case calendar.KindTransfer:
		return fmt.Sprintf("transferred; %v is worked instead", o.Related)
	}
	s := o.Names.En + " / " + o.Names.Kk
	if o.OnWeekend() && o.Related.IsZero() {
		s += " (on a weekend, not moved)"
	}
	return s
}

func indent(s string) string {
	out := []byte("  ")
	for i := 0; i < len(s); i++ {
		out = append(out, s[i])
		if s[i] == '\n' && i != len(s)-1 {
			out = append(out, ' ', ' ')
		}
	}
	return string(out)
}

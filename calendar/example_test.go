package calendar_test

import (
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
)

func ExampleKazakhstan() {
	c := calendar.Kazakhstan()
	for _, d := range []string{"2026-05-08", "2026-05-09", "2026-05-11", "2024-05-04"} {
		day := calendar.MustParseDate(d)
		fmt.Println(day, c.IsWorkingDay(day), c.Explain(day))
	}
	// Output:
	// 2026-05-08 true working day
	// 2026-05-09 false day off: Victory Day, Saturday
	// 2026-05-11 false day off: substitute for Victory Day of 2026-05-09
	// 2024-05-04 true working day: working Saturday, in exchange for 2024-05-08
}

func ExampleCalendar_DaysOff() {
	c := calendar.Kazakhstan()
	for _, o := range c.DaysOff(2026) {
		if o.Date.Month() == time.March {
			fmt.Printf("%-10v %-10v %s / %s\n", o.Date, o.Kind, o.Names.Kk, o.Names.Ru)
		}
	}
	// Output:
	// 2026-03-08 holiday    Халықаралық әйелдер күні / Международный женский день
	// 2026-03-09 substitute Халықаралық әйелдер күні / Международный женский день
	// 2026-03-21 holiday    Наурыз мейрамы / Наурыз мейрамы
	// 2026-03-22 holiday    Наурыз мейрамы / Наурыз мейрамы
	// 2026-03-23 holiday    Наурыз мейрамы / Наурыз мейрамы
	// 2026-03-24 substitute Наурыз мейрамы / Наурыз мейрамы
	// 2026-03-25 substitute Наурыз мейрамы / Наурыз мейрамы
}

func ExampleCalendar_AddWorkingDays() {
	c := calendar.Kazakhstan()
	moved := calendar.MustParseDate("2026-03-20")
	fmt.Println(c.AddWorkingDays(moved, 5))
	fmt.Println(c.WorkingDaysBetween(moved, calendar.MustParseDate("2026-03-31")))
	// Output:
	// 2026-04-01
	// 4
}

// The 5-working-day re-registration period after a move, explained.
func ExampleCalendar_WorkingDaysAfter() {
	c := calendar.Kazakhstan()
	d, err := c.WorkingDaysAfter(calendar.MustParseDate("2026-05-05"), 5, calendar.PeriodOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(d.Explain())
	// Output:
	// 2026-05-14 (Thursday): 5 working days after 2026-05-05
	//   2026-05-06 Wed  day 1
	//   2026-05-07 Thu  skipped: Defender of the Fatherland Day
	//   2026-05-08 Fri  day 2
	//   2026-05-09 Sat  skipped: Victory Day, Saturday
	//   2026-05-10 Sun  skipped: Sunday
	//   2026-05-11 Mon  skipped: substitute for Victory Day of 2026-05-09
	//   2026-05-12 Tue  day 3
	//   2026-05-13 Wed  day 4
	//   2026-05-14 Thu  day 5
}

// The 30-calendar-day registration deadline: the entry day is day 1 and the
// last day is not moved off a day off (docs/legal.md Part A).
func ExampleCalendar_CalendarDaysAfter() {
	c := calendar.Kazakhstan()
	d, _ := c.CalendarDaysAfter(calendar.MustParseDate("2026-07-01"), 30, calendar.PeriodOptions{EventDayCounts: true})
	fmt.Println(d)
	// Output:
	// 2026-07-30 (Thursday): 30 calendar days from 2026-07-01, the event day counted
}

// A new year's transfer order can be added without waiting for a release.
func ExampleCalendar_WithTransferOrder() {
	c, err := calendar.Kazakhstan().WithTransferOrder(calendar.TransferOrder{
		Year: 2027,
		Act:  "Order of the Minister of Labour (hypothetical)",
		Transfers: []calendar.Transfer{{
			DayOff:     calendar.MustParseDate("2027-05-04"),
			WorkingDay: calendar.MustParseDate("2027-05-08"),
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Explain(calendar.MustParseDate("2027-05-04")))
	_, err = c.WithTransferOrder(calendar.TransferOrder{Year: 2027, Transfers: []calendar.Transfer{{
		DayOff:     calendar.MustParseDate("2027-05-07"),
		WorkingDay: calendar.MustParseDate("2027-05-15"),
	}}})
	fmt.Println(err)
	// Output:
	// day off: transferred day off (Saturday 2027-05-08 worked instead)
	// calendar: contradictory addition: 2027-05-07: already a day off (day off: Defender of the Fatherland Day)
}

func ExampleDateOf() {
	crossing := time.Date(2026, 6, 30, 20, 15, 0, 0, time.UTC) // 01:15 on 1 July in Kazakhstan
	fmt.Println(calendar.DateOf(crossing))
	// Output:
	// 2026-07-01
}

func ExampleParseDate() {
	d, err := calendar.ParseDate("2026-02-29")
	fmt.Println(d.IsZero(), err)
	d, _ = calendar.ParseDate("2026-07-01")
	fmt.Println(d, d.Weekday(), d.AddDays(29))
	// Output:
	// true calendar: invalid date "2026-02-29": day out of range
	// 2026-07-01 Wednesday 2026-07-30
}

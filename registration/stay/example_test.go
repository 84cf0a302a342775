package stay_test

import (
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

func ExampleRegimeFor() {
	for _, code := range []string{"UZB", "kr", "TUR", "TKM", "QQ"} {
		r, err := stay.RegimeFor(code, calendar.MustParseDate("2026-03-01"))
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r)
	}
	// Output:
	// UZB 30 days per visit, 90/180 (from 2023-01-27, high)
	// KOR 30 days per visit, 60/180, counting from 2014-11-29 (from 2014-11-29, high)
	// TUR 90 days per visit, 90/180 (from 2025-09-08, low)
	// stay: visa required for TKM
	// stay: unknown citizenship "QQ"
}

func ExampleDaysUsed() {
	trips := []stay.Trip{
		{Entry: calendar.MustParseDate("2025-12-20"), Exit: calendar.MustParseDate("2026-01-09")},
		{Entry: calendar.MustParseDate("2026-05-01"), Exit: calendar.MustParseDate("2026-05-01")}, // same day: one day
		{Entry: calendar.MustParseDate("2026-06-20")},                                             // still in the country
	}
	n, err := stay.DaysUsed(trips, calendar.MustParseDate("2026-06-28"))
	fmt.Println(n, err)
	// Output: 20 <nil>
}

func ExampleWindowOn() {
	trips := []stay.Trip{
		{Entry: calendar.MustParseDate("2025-12-20"), Exit: calendar.MustParseDate("2026-01-09")},
		{Entry: calendar.MustParseDate("2026-06-20")},
	}
	w, _ := stay.WindowOn(trips, calendar.MustParseDate("2026-06-28"))
	fmt.Println(w)
	// Output:
	// window 2025-12-31..2026-06-28: 19 days
	//   trip 0 2025-12-20..2026-01-09: 2025-12-31..2026-01-09, 10 days
	//   trip 1 2026-06-20..open: 2026-06-20..2026-06-28, 9 days
}

func ExampleLatestExit() {
	uzb, _ := stay.RegimeFor("UZB", calendar.MustParseDate("2026-04-01"))
	trips := []stay.Trip{
		{Entry: calendar.MustParseDate("2026-01-05"), Exit: calendar.MustParseDate("2026-02-03")}, // 30 days
		{Entry: calendar.MustParseDate("2026-02-20"), Exit: calendar.MustParseDate("2026-03-21")}, // 30 days
	}
	exit, err := stay.LatestExit(trips, uzb, calendar.MustParseDate("2026-04-01"))
	fmt.Println(exit, err)
	// Output: 2026-04-30 <nil>
}

func ExamplePlanStay() {
	rus, _ := stay.RegimeFor("RUS", calendar.MustParseDate("2026-04-01"))
	trips := []stay.Trip{{Entry: calendar.MustParseDate("2026-01-01"), Exit: calendar.MustParseDate("2026-03-01")}}
	plan, err := stay.PlanStay(trips, rus, calendar.MustParseDate("2026-04-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan)
	fmt.Println(plan.Window())
	// Output:
	// entry 2026-04-01, latest exit 2026-04-30 (30 days; cumulative limit)
	// window 2025-11-02..2026-04-30: 90 of 90 days
	//   trip 0 2026-01-01..2026-03-01: 2026-01-01..2026-03-01, 60 days
	//   planned 2026-04-01..2026-04-30: 2026-04-01..2026-04-30, 30 days
}

func ExampleEntryError() {
	rus, _ := stay.RegimeFor("RUS", calendar.MustParseDate("2026-04-10"))
	trips := []stay.Trip{{Entry: calendar.MustParseDate("2026-01-01"), Exit: calendar.MustParseDate("2026-03-31")}}
	_, err := stay.LatestExit(trips, rus, calendar.MustParseDate("2026-04-10"))
	var ee *stay.EntryError
	if errors.As(err, &ee) {
		fmt.Println("entry possible from", ee.Earliest)
	}
	fmt.Println(err)
	// Output:
	// entry possible from 2026-06-30
	// stay: entry on 2026-04-10 not allowed (cumulative limit); entry possible from 2026-06-30
}

func ExampleEarliestEntry() {
	rus, _ := stay.RegimeFor("RUS", calendar.MustParseDate("2026-03-22"))
	trips := []stay.Trip{
		{Entry: calendar.MustParseDate("2026-01-01"), Exit: calendar.MustParseDate("2026-01-30")},
		{Entry: calendar.MustParseDate("2026-02-20"), Exit: calendar.MustParseDate("2026-03-21")},
	}
	// 60 days used: a 30-day stay fits at once; 60 days must wait until
	// January has left the window, 90 days until every day has.
	for _, days := range []int{30, 60, 90} {
		e, err := stay.EarliestEntry(trips, rus, calendar.MustParseDate("2026-03-22"), days)
		fmt.Println(days, e, err)
	}
	// Output:
	// 30 2026-03-22 <nil>
	// 60 2026-05-31 <nil>
	// 90 2026-06-20 <nil>
}

func ExampleStatusOn() {
	uzb, _ := stay.RegimeFor("UZB", calendar.MustParseDate("2026-03-01"))
	trips := []stay.Trip{
		{Entry: calendar.MustParseDate("2026-01-05"), Exit: calendar.MustParseDate("2026-01-24")},
		{Entry: calendar.MustParseDate("2026-03-01")}, // in the country since 1 March
	}
	st, _ := stay.StatusOn(trips, uzb, calendar.MustParseDate("2026-04-03"))
	fmt.Println(st)
	fmt.Println(st.Window())
	// Output:
	// 2026-04-03: day 34 of the visit from 2026-03-01; 54 days used, 36 remaining; latest exit 2026-03-30 (per-visit); overstay 4 days since 2026-03-31; in breach of the per-visit limit
	// window 2025-10-06..2026-04-03: 54 of 90 days
	//   trip 0 2026-01-05..2026-01-24: 2026-01-05..2026-01-24, 20 days
	//   trip 1 2026-03-01..open: 2026-03-01..2026-04-03, 34 days
}

func ExampleExitAllowed() {
	uzb, _ := stay.RegimeFor("UZB", calendar.MustParseDate("2026-03-01"))
	trips := []stay.Trip{{Entry: calendar.MustParseDate("2026-03-01")}}
	for _, exit := range []string{"2026-03-30", "2026-04-02"} {
		c, _ := stay.ExitAllowed(trips, uzb, calendar.MustParseDate(exit))
		fmt.Println(c)
	}
	// Output:
	// exit 2026-03-30 allowed (latest 2026-03-30)
	// exit 2026-04-02 not allowed: latest 2026-03-30 (per-visit limit), 3 days over
}

func ExamplePolicy() {
	trips := []stay.Trip{{Entry: calendar.MustParseDate("2026-03-01"), Exit: calendar.MustParseDate("2026-03-10")}}
	on := calendar.MustParseDate("2026-03-31")
	for _, p := range []stay.Policy{{}, {ExcludeExitDay: true}} {
		n, _ := p.DaysUsed(trips, on)
		fmt.Printf("%+v: %d days\n", p, n)
	}
	// Output:
	// {ExcludeExitDay:false WindowEndsDayBefore:false RegimeStart:0000-00-00}: 10 days
	// {ExcludeExitDay:true WindowEndsDayBefore:false RegimeStart:0000-00-00}: 9 days
}

func ExampleRegime_Extend() {
	bra, _ := stay.RegimeFor("BR", calendar.MustParseDate("2026-01-01"))
	fmt.Println(bra.PerVisitDays, bra.Cap)
	ext, err := bra.Extend(1) // the one extension was granted
	fmt.Println(ext.PerVisitDays, ext.Cap, err)
	_, err = ext.Extend(1)
	fmt.Println(err)
	// Output:
	// 30 30 per 365 days from first entry, 1 extension(s) of 30 days, counting from 2016-09-06
	// 60 60 per 365 days from first entry, 1 extension(s) of 30 days, counting from 2016-09-06 <nil>
	// stay: extension not available: BRA allows 0 more extension(s), asked for 1
}

func ExampleTable_With() {
	// A caller who reads Korea's cap as the decree's 90/180 rather than the
	// treaty's 60/180 overrides the row from 27 Jan 2023 on.
	tab, err := stay.DefaultTable().With(stay.Regime{
		Citizenship: "KOR", Name: "Korea, Republic of", PerVisitDays: 30,
		Cap:           stay.Cap{Kind: stay.RollingWindow, Days: 90, WindowDays: 180},
		Basis:         "decree 148 rules (30-day list)",
		EffectiveFrom: calendar.MustParseDate("2023-01-27"),
		Confidence:    stay.Medium,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	hist, _ := tab.History("KOR")
	for _, r := range hist {
		fmt.Println(r)
	}
	// Output:
	// KOR 30 days per visit, 60/180, counting from 2014-11-29 (from 2014-11-29 to 2023-01-26, high)
	// KOR 30 days per visit, 90/180 (from 2023-01-27, medium)
}

// A History checks and sorts the trips once; each query then looks only
// at the trips that can reach its window.
func ExampleHistory() {
	h, err := stay.NewHistory([]stay.Trip{
		{Entry: calendar.MustParseDate("2026-02-01"), Exit: calendar.MustParseDate("2026-03-01")},
		{Entry: calendar.MustParseDate("2019-05-01"), Exit: calendar.MustParseDate("2019-05-20")}, // any order
		{Entry: calendar.MustParseDate("2026-04-01"), Exit: calendar.MustParseDate("2026-04-30")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	uzb, _ := stay.RegimeFor("UZB", calendar.MustParseDate("2026-06-01"))
	for _, entry := range []string{"2026-06-01", "2026-09-01"} {
		x, err := h.LatestExit(uzb, calendar.MustParseDate(entry))
		fmt.Println(entry, x, err)
	}
	// Output:
	// 2026-06-01 2026-06-30 <nil>
	// 2026-09-01 2026-09-30 <nil>
}

// A store that keeps years of a foreigner's trips reads only those that
// can count in a judgment from a day on: from the day Lookback gives.
func ExampleTable_Lookback() {
	day := calendar.MustParseDate("2026-07-01")
	for _, code := range []string{"UZB", "BRA", "KAZ"} {
		from, err := stay.DefaultTable().Lookback(code, day, stay.Policy{})
		if err != nil {
			fmt.Println(code, err)
			continue
		}
		fmt.Println(code, "trips from", from)
	}
	// Output:
	// UZB trips from 2026-01-01
	// BRA trips from 2016-09-06
	// KAZ stay: citizens of Kazakhstan are not foreigners
}

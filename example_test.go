package migreg_test

import (
	"fmt"

	"github.com/migreg/migreg/calendar"
)

// The registration deadlines of order No. 923 for a foreigner who enters on
// 1 July 2026 and moves on Friday 23 October 2026, on Kazakhstan's calendar.
func Example() {
	c := calendar.Kazakhstan()
	reg, _ := c.CalendarDaysAfter(calendar.MustParseDate("2026-07-01"), 30, calendar.PeriodOptions{EventDayCounts: true})
	fmt.Println("register by", reg.Due)
	move, _ := c.WorkingDaysAfter(calendar.MustParseDate("2026-10-23"), 5, calendar.PeriodOptions{})
	fmt.Println("re-register by", move.Due, "-", c.Explain(calendar.MustParseDate("2026-10-26")))
	// Output:
	// register by 2026-07-30
	// re-register by 2026-11-02 - day off: substitute for Day of the Republic of Kazakhstan of 2026-10-25
}

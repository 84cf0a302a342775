package registrationtest_test

import (
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/registrationtest"
)

// The fake clock stands still until told to move; IDs count.
func ExampleClock() {
	c := registrationtest.NewClock(calendar.MustParseDate("2026-07-01"))
	fmt.Println(c.Now().Format("2006-01-02 15:04 -07:00"), c.Today())
	c.AdvanceDays(29)
	fmt.Println(c.Today())

	next := registrationtest.Sequence("r")
	fmt.Println(next(), next())
	// Output:
	// 2026-07-01 09:00 +05:00 2026-07-01
	// 2026-07-30
	// r-000001 r-000002
}

package migregtest_test

import (
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin for TestAdvanceDaysKeepsKazakhstanTime

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/store/memstore"
)

// TestAdvanceWorkingDays: the clock lands where the calendar's working
// days put it, across weekends, holidays and transfers, keeping 09:00.
func TestAdvanceWorkingDays(t *testing.T) {
	cal := calendar.Kazakhstan()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-04", 5, "2026-12-11"}, // Friday: the weekend skipped
		{"2026-12-15", 1, "2026-12-17"}, // Independence Day on the 16th
		{"2026-12-31", 1, cal.AddWorkingDays(calendar.MustParseDate("2026-12-31"), 1).String()},
		{"2027-03-19", 3, cal.AddWorkingDays(calendar.MustParseDate("2027-03-19"), 3).String()}, // Nauryz
		{"2026-07-01", 0, "2026-07-01"},
		{"2026-07-06", -1, "2026-07-03"}, // back from a Monday: the Friday before
	}
	for _, tt := range tests {
		c := migregtest.NewClock(calendar.MustParseDate(tt.from))
		got := c.AdvanceWorkingDays(tt.n)
		if got.String() != tt.want || c.Today() != got || c.Now().Hour() != 9 {
			t.Errorf("from %s, AdvanceWorkingDays(%d) = %s (clock at %v); want %s at 09:00", tt.from, tt.n, got, c.Now(), tt.want)
		}
		if tt.n > 0 {
			// The oracle: count working days one by one after from.
			counted := 0
			for d := calendar.MustParseDate(tt.from).AddDays(1); !d.After(got); d = d.AddDays(1) {
				if cal.IsWorkingDay(d) {
					counted++
				}
			}
			if counted != tt.n || !cal.IsWorkingDay(got) {
				t.Errorf("from %s to %s: %d working days counted one by one, landing on a working day %v; want %d", tt.from, got, counted, cal.IsWorkingDay(got), tt.n)
			}
		}
	}
}

// TestClockConcurrent: a Service reads the clock while a test moves it
// (run with -race).
func TestClockConcurrent(t *testing.T) {
	var c migregtest.Clock // the zero Clock: 2026-07-01 09:00
	if got := c.Today(); got != calendar.NewDate(2026, 7, 1) {
		t.Fatalf("the zero Clock reads %s; want 2026-07-01", got)
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				switch i {
				case 0:
					c.AdvanceDays(1)
				case 1:
					c.AdvanceWorkingDays(1)
				case 2:
					c.Advance(time.Hour)
				default:
					_ = c.Now()
				}
			}
		}()
	}
	wg.Wait()
	if !c.Today().After(calendar.NewDate(2026, 9, 1)) {
		t.Errorf("after 100 days and 50 working days the clock reads %s", c.Today())
	}
}

// TestNewServiceOptions: Start sets the first day, WithStore the store,
// and a Clock of WithOptions replaces the kit's (none is returned).
func TestNewServiceOptions(t *testing.T) {
	st := memstore.New(nil)
	svc, clock, err := migregtest.NewService(migregtest.Start(calendar.MustParseDate("2027-01-04")), migregtest.WithStore(st))
	if err != nil || svc == nil || clock == nil || clock.Today() != calendar.NewDate(2027, 1, 4) {
		t.Fatalf("NewService(Start(2027-01-04), WithStore) = %v, %v, %v", svc, clock, err)
	}
	mine := migreg.ClockFunc(func() time.Time { return time.Date(2026, 8, 1, 4, 0, 0, 0, time.UTC) })
	svc, clock, err = migregtest.NewService(migregtest.WithOptions(migreg.Options{Clock: mine}))
	if err != nil || svc == nil || clock != nil {
		t.Fatalf("NewService(WithOptions(a Clock)) = %v, %v, %v; want a Service and no kit clock", svc, clock, err)
	}
}

// TestAdvanceDaysKeepsKazakhstanTime: days added to a clock Set in a zone
// with summer time keep the hour in Kazakhstan; they kept it in Berlin,
// and across the end of summer time 09:00 in Kazakhstan became 10:00.
func TestAdvanceDaysKeepsKazakhstanTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin") // time/tzdata: on every machine
	if err != nil {
		t.Fatal(err)
	}
	c := &migregtest.Clock{}
	c.Set(time.Date(2026, time.October, 20, 6, 0, 0, 0, berlin)) // 09:00 in Kazakhstan (CEST, +02)
	c.AdvanceDays(14)                                            // past 25 October, when Berlin leaves summer time
	if got := c.Now().In(calendar.KazakhstanZone()); got.Hour() != 9 || c.Today() != calendar.MustParseDate("2026-11-03") {
		t.Errorf("14 days after 2026-10-20 09:00 in Kazakhstan: %v; want 2026-11-03 09:00", got)
	}
}

package migregtest

import (
	"sync"
	"time"

	"github.com/migreg/migreg/calendar"
)

// Clock is a fake clock for migreg.Options.Clock: it stands still until
// told to move, so a test decides what "today" is for every deadline. It
// moves by instants, by calendar days and by working days of a calendar
// (Kazakhstan's unless Calendar says otherwise), which is how the law
// counts re-registration and the host's answer. It is safe for concurrent
// use: a Service reads it while a test moves it. The zero Clock reads
// 2026-07-01 09:00 in Kazakhstan, the day order No. 923 came into force.
type Clock struct {
	mu  sync.Mutex
	now time.Time
	// Calendar is the working-day calendar AdvanceWorkingDays counts on;
	// nil is calendar.Kazakhstan(). Set it before the clock is shared.
	Calendar *calendar.Calendar `json:"-"`
}

// NewClock returns a clock at 09:00 Kazakhstan time on the date, an hour
// when every office is open and no date boundary is near.
func NewClock(d calendar.Date) *Clock {
	return &Clock{now: at9(d)}
}

// at9 is 09:00 in Kazakhstan on d.
func at9(d calendar.Date) time.Time { return d.In(calendar.KazakhstanZone()).Add(9 * time.Hour) }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *Clock) nowLocked() time.Time {
	if c.now.IsZero() {
		c.now = at9(calendar.NewDate(2026, time.July, 1))
	}
	return c.now
}

// Set moves the clock to t, forward or back.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// SetDate moves the clock to 09:00 Kazakhstan time on d.
func (c *Clock) SetDate(d calendar.Date) { c.Set(at9(d)) }

// Advance moves the clock forward by d (back if d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.nowLocked().Add(d)
}

// AdvanceDays moves the clock n calendar days forward (back if n is
// negative), keeping the time of day in Kazakhstan.
func (c *Clock) AdvanceDays(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// In Kazakhstan's zone, not the one Set was given: adding days in a
	// zone with summer time moves the hour in Kazakhstan.
	c.now = c.nowLocked().In(calendar.KazakhstanZone()).AddDate(0, 0, n)
}

// AdvanceWorkingDays moves the clock to the n-th working day after today
// (before it, if n is negative), skipping weekends, holidays and the
// decreed transfers of days off, keeping the time of day: the clock lands
// on the day a "within n working days" deadline of an event today falls.
// n = 0 leaves the clock where it is. It returns the new date.
func (c *Clock) AdvanceWorkingDays(n int) calendar.Date {
	c.mu.Lock()
	defer c.mu.Unlock()
	cal := c.Calendar
	if cal == nil {
		cal = calendar.Kazakhstan()
	}
	now := c.nowLocked().In(calendar.KazakhstanZone())
	from := calendar.DateOf(now)
	to := cal.AddWorkingDays(from, n)
	c.now = now.AddDate(0, 0, to.DaysSince(from))
	return to
}

// Today returns the clock's date in Kazakhstan.
func (c *Clock) Today() calendar.Date { return calendar.DateOf(c.Now()) }

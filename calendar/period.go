package calendar

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Unit is what a legal period counts.
type Unit uint8

// The units of a legal period. Values are stable.
const (
	// CalendarDays counts every day, days off included ("30-го
	// календарного дня").
	CalendarDays Unit = iota + 1
	// WorkingDays counts only working days of the five-day week ("5 рабочих
	// дней"): weekends, holidays, substitutes and transferred days off are
	// skipped (docs/legal.md Part B §2.2: migration rules exclude moved days off).
	WorkingDays
)

// String returns "calendar days" or "working days".
func (u Unit) String() string {
	switch u {
	case CalendarDays:
		return "calendar days"
	case WorkingDays:
		return "working days"
	}
	return "Unit(" + itoa(int(u)) + ")"
}

// unitCodes are the stable codes of the units on the wire.
var unitCodes = [...]string{"", "calendar_days", "working_days"}

// MarshalText implements encoding.TextMarshaler with a stable code,
// "calendar_days" or "working_days", and empty text for the zero Unit.
func (u Unit) MarshalText() ([]byte, error) { return marshalCode(unitCodes[:], uint8(u), "Unit") }

// UnmarshalText implements encoding.TextUnmarshaler for the codes of
// MarshalText and empty text. On error u is unchanged.
func (u *Unit) UnmarshalText(b []byte) error {
	v, err := parseCode(unitCodes[:], b, "Unit")
	if err == nil {
		*u = Unit(v)
	}
	return err
}

// PeriodOptions are the conventions the law leaves open when counting a
// period from an event (docs/legal.md Part A, "Conventions where the sources
// are silent"). The zero value counts from the day after the event and
// never moves the last day, which is how Part A counts the 5-working-day
// re-registration period and the 3-working-day host notification.
type PeriodOptions struct {
	// EventDayCounts makes the event day itself day 1 of the period (for a
	// working-day period, only when it is a working day). Part A counts the
	// 30-day registration deadline this way, because periods run from
	// 00:01 of the day the border is crossed (Part B §2.1, Part B §6 item 6): entry
	// on 1 July gives 30 July.
	EventDayCounts bool `json:"event_day_counts"`
	// RollForward moves a last day that is not a working day to the next
	// working day, as general Kazakh rules on computing periods do for
	// deadlines that end on a day off (Part B §6 item 7, confidence L). Part A
	// does not roll the 30-calendar-day deadline, which is the safer
	// (earlier) reading for the foreigner.
	RollForward bool `json:"roll_forward"`
}

// ErrInvalidPeriod is matched by a period with no event date or fewer than
// one day.
var ErrInvalidPeriod = errors.New("calendar: invalid period")

// Deadline is the last day of a legal period counted from an event, with
// what is needed to explain it. Explanations are built on request (Days,
// Explain), so computing a Deadline does not allocate.
type Deadline struct {
	Event   Date          `json:"event"`   // the day of the event: entry, move, submission
	N       int           `json:"n"`       // the length of the period
	Unit    Unit          `json:"unit"`    // what the period counts
	Options PeriodOptions `json:"options"` // how it was counted
	// Counted is the N-th counted day.
	Counted Date `json:"counted"`
	// Due is the last day on which the act is in time: Counted, or the next
	// working day after it when Options.RollForward moved it.
	Due Date `json:"due"`
	// Provisional reports that the period runs through a year whose
	// calendar rests on rules and estimates rather than published data
	// (see Calendar.Confirmed): the date may change when the year's Kurban
	// Ait date or transfer order is published. docs/legal.md Part A forbids
	// silent guesses, so callers that must not rely on an estimate check it.
	Provisional bool `json:"provisional"`

	cal *Calendar
}

// Rolled reports whether the last day was moved forward off a day off.
func (d Deadline) Rolled() bool { return d.Due != d.Counted }

// CalendarDaysAfter returns the deadline n calendar days after event:
// event+n, or event+n-1 when opts.EventDayCounts. With opts.RollForward a
// last day that is a day off moves to the next working day. An event that
// is the zero Date, or n < 1, gives an error matching ErrInvalidPeriod.
func (c *Calendar) CalendarDaysAfter(event Date, n int, opts PeriodOptions) (Deadline, error) {
	c = c.built()
	return c.period(event, n, CalendarDays, opts)
}

// WorkingDaysAfter returns the deadline n working days after event: the
// n-th working day from the day after event (from event itself when
// opts.EventDayCounts and event is a working day). The last day is always a
// working day, so RollForward changes nothing. An event that is the zero
// Date, or n < 1, gives an error matching ErrInvalidPeriod.
func (c *Calendar) WorkingDaysAfter(event Date, n int, opts PeriodOptions) (Deadline, error) {
	c = c.built()
	return c.period(event, n, WorkingDays, opts)
}

func (c *Calendar) period(event Date, n int, u Unit, opts PeriodOptions) (Deadline, error) {
	if event.IsZero() {
		return Deadline{}, fmt.Errorf("%w: no event date", ErrInvalidPeriod)
	}
	if n < 1 {
		return Deadline{}, fmt.Errorf("%w: %d %v", ErrInvalidPeriod, n, u)
	}
	start := event // counting starts the day after start
	if opts.EventDayCounts {
		start = event.AddDays(-1)
	}
	d := Deadline{Event: event, N: n, Unit: u, Options: opts, cal: c}
	if u == WorkingDays {
		d.Counted = c.AddWorkingDays(start, n)
	} else {
		d.Counted = start.AddDays(n)
	}
	d.Due = d.Counted
	if opts.RollForward && !d.Counted.IsZero() && !c.IsWorkingDay(d.Counted) {
		d.Due = c.NextWorkingDay(d.Counted)
	}
	if d.Due.IsZero() {
		return Deadline{}, fmt.Errorf("%w: ends after 9999-12-31", ErrInvalidPeriod)
	}
	if u == WorkingDays || opts.RollForward {
		// Only counts that depend on which days are off can change.
		for y := event.Year(); y <= d.Due.Year(); y++ {
			if !c.Confirmed(y) {
				d.Provisional = true
			}
		}
	}
	return d, nil
}

// PeriodDay is one day of a period's trace.
type PeriodDay struct {
	Date  Date   `json:"date"`
	Count int    `json:"count"` // its number in the period, or 0 if it was not counted
	Note  string `json:"note"`  // why it was not counted, or what else it is (a holiday inside a calendar-day period)
}

// Days returns the trace of the period: every day from the first day of the
// count through Due, each numbered or with the reason it was skipped. It
// returns nil for a Deadline not made by a Calendar, which includes one
// read back from JSON: the trace needs the calendar, which the JSON form
// (the dates above) does not carry.
func (d Deadline) Days() []PeriodDay {
	if d.cal == nil || d.Due.IsZero() {
		return nil
	}
	first := d.Event.AddDays(1)
	if d.Options.EventDayCounts {
		first = d.Event
	}
	r := newReasons(d.cal)
	out := make([]PeriodDay, 0, d.Due.DaysSince(first)+1)
	count := 0
	for day := first; !day.After(d.Due); day = day.AddDays(1) {
		pd := PeriodDay{Date: day}
		working := d.cal.IsWorkingDay(day)
		switch {
		case day.After(d.Counted):
			pd.Note = "not counted: " + r.why(day) + "; the period ended on " + d.Counted.String()
			if day == d.Due {
				pd.Note = "due: the first working day after " + d.Counted.String()
			}
		case d.Unit == WorkingDays && !working:
			pd.Note = "skipped: " + r.why(day)
		default:
			count++
			pd.Count = count
			if !working {
				pd.Note = r.why(day)
			}
		}
		out = append(out, pd)
	}
	return out
}

// String summarizes the deadline on one line, e.g.
// "2026-07-30 (Thursday): 30 calendar days from 2026-07-01, the event day counted".
func (d Deadline) String() string {
	if d.Due.IsZero() {
		return "no deadline"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%v (%s): %d %v ", d.Due, d.Due.Weekday(), d.N, d.Unit)
	if d.Options.EventDayCounts {
		fmt.Fprintf(&b, "from %v, the event day counted", d.Event)
	} else {
		fmt.Fprintf(&b, "after %v", d.Event)
	}
	if d.Rolled() {
		fmt.Fprintf(&b, "; day %d, %v, is a day off, moved to the next working day", d.N, d.Counted)
	}
	if d.Provisional {
		b.WriteString(" (provisional: the calendar of that year is not yet published)")
	}
	return b.String()
}

// Explain returns a printable, day-by-day explanation of the deadline:
// which days were counted, which were skipped and why, and whether the last
// day moved. For a calendar-day period only the first and last days and the
// days off inside it are listed.
func (d Deadline) Explain() string {
	var b strings.Builder
	b.WriteString(d.String())
	b.WriteByte('\n')
	days := d.Days()
	for i, pd := range days {
		if d.Unit == CalendarDays && i != 0 && i != len(days)-1 && pd.Note == "" {
			continue
		}
		fmt.Fprintf(&b, "  %v %s  ", pd.Date, pd.Date.Weekday().String()[:3])
		switch {
		case pd.Count > 0 && pd.Note != "":
			fmt.Fprintf(&b, "day %d (%s)", pd.Count, pd.Note)
		case pd.Count > 0:
			fmt.Fprintf(&b, "day %d", pd.Count)
		default:
			b.WriteString(pd.Note)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// reasons explains days off with the rules of one calendar, computing each
// year's days off once.
type reasons struct {
	cal   *Calendar
	years map[int]map[Date]DayOff
	ww    map[int]map[Date]Date
}

func newReasons(c *Calendar) *reasons {
	return &reasons{cal: c, years: map[int]map[Date]DayOff{}, ww: map[int]map[Date]Date{}}
}

func (r *reasons) why(d Date) string {
	y := d.Year()
	offs, ok := r.years[y]
	if !ok {
		offs = make(map[Date]DayOff)
		for _, o := range r.cal.DaysOff(y) {
			offs[o.Date] = o
		}
		r.years[y] = offs
		ww := make(map[Date]Date)
		for _, t := range r.cal.WorkingWeekends(y) {
			ww[t.WorkingDay] = t.DayOff
		}
		r.ww[y] = ww
	}
	if o, ok := offs[d]; ok {
		switch o.Kind {
		case KindSubstitute:
			return fmt.Sprintf("substitute for %s of %v", o.Names.En, o.Related)
		case KindTransfer:
			return fmt.Sprintf("transferred day off (%s %v worked instead)", o.Related.Weekday(), o.Related)
		}
		if o.OnWeekend() {
			return fmt.Sprintf("%s, %s", o.Names.En, d.Weekday())
		}
		return o.Names.En
	}
	if off, ok := r.ww[y][d]; ok {
		return fmt.Sprintf("working %s, in exchange for %v", d.Weekday(), off)
	}
	if w := d.Weekday(); w == time.Saturday || w == time.Sunday {
		return w.String()
	}
	return "working day"
}

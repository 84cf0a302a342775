package stay

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/migreg/migreg/calendar"
)

// Window explains a count: the days a cumulative cap looks at on one date
// (the rolling window ending on it, or the fixed period running on it) and
// how each trip fills them. It is built on request by Status.Window,
// Plan.Window and WindowOn, never by the fast queries.
type Window struct {
	// From and To are the window, both ends included; both zero when no
	// period runs.
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`

	// CountFrom is set when the count start (Policy.RegimeStart or
	// Cap.CountFrom) falls inside the window: days before it are not counted.
	CountFrom calendar.Date `json:"count_from,omitzero"`

	Kind  CapKind        `json:"kind"`
	Cap   int            `json:"cap"`  // the cap's Days; 0 for WindowOn, which counts without a regime
	Days  int            `json:"days"` // days of presence counted
	Trips []Contribution `json:"trips"`
}

// Contribution is one trip's share of a Window.
type Contribution struct {
	Index int           `json:"index"` // position in the caller's trips; -1 for a Plan's planned stay
	Trip  Trip          `json:"trip"`  // the trip as given (the planned stay for Index -1)
	From  calendar.Date `json:"from"`  // the first of its counted days inside the window
	To    calendar.Date `json:"to"`    // the last of its counted days inside the window
	Days  int           `json:"days"`  // of those, the days no earlier contribution already counted
}

// String lists the window and its trips, one per line:
//
//	window 2025-08-05..2026-01-31: 45 of 90 days
//	  trip 0 2025-08-01..2025-08-20: 2025-08-05..2025-08-20, 16 days
//	  trip 2 2026-01-03..open: 2026-01-03..2026-01-31, 29 days
func (w Window) String() string {
	var b strings.Builder
	if w.From.IsZero() {
		b.WriteString("no period running: 0 days")
		if w.Cap > 0 {
			fmt.Fprintf(&b, " of %d", w.Cap)
		}
		return b.String()
	}
	if w.Kind == FixedPeriod {
		b.WriteString("period ")
	} else {
		b.WriteString("window ")
	}
	fmt.Fprintf(&b, "%s..%s: %d", w.From, w.To, w.Days)
	if w.Cap > 0 {
		fmt.Fprintf(&b, " of %d", w.Cap)
	}
	if w.Days == 1 && w.Cap == 0 {
		b.WriteString(" day")
	} else {
		b.WriteString(" days")
	}
	if !w.CountFrom.IsZero() {
		fmt.Fprintf(&b, " (counted from %s)", w.CountFrom)
	}
	for _, c := range w.Trips {
		if c.Index < 0 {
			fmt.Fprintf(&b, "\n  planned %v: %s..%s, %s", c.Trip, c.From, c.To, days(c.Days))
		} else {
			fmt.Fprintf(&b, "\n  trip %d %v: %s..%s, %s", c.Index, c.Trip, c.From, c.To, days(c.Days))
		}
		if dup := c.To.DaysSince(c.From) + 1 - c.Days; dup > 0 {
			fmt.Fprintf(&b, " (%d already counted)", dup)
		}
	}
	return b.String()
}

// window builds a Window over [lo, hi] with counting from day from. Open
// trips count through openEnd; planned, if not nil, is added with Index -1.
func (h History) window(planned *Trip, lo, hi, from, openEnd int) Window {
	if lo > hi {
		return Window{}
	}
	w := Window{From: dateOf(lo), To: dateOf(hi)}
	clo := max(lo, from)
	if from > lo {
		w.CountFrom = dateOf(from)
	}
	add := func(i int, t Trip) {
		s := h.policy.counted(t, openEnd)
		a, b := max(s.lo, clo), min(s.hi, hi)
		if a <= b {
			w.Trips = append(w.Trips, Contribution{Index: i, Trip: t, From: dateOf(a), To: dateOf(b)})
		}
	}
	for _, t := range h.trips[h.first(lo):] {
		if dayOf(t.Entry) > hi {
			break
		}
		add(t.index, t.Trip)
	}
	if planned != nil {
		add(-1, *planned)
	}
	// By first day counted, then in the order given, the planned stay last.
	order := func(c Contribution) int {
		if c.Index < 0 {
			return never
		}
		return c.Index
	}
	slices.SortFunc(w.Trips, func(a, b Contribution) int {
		return cmp.Or(a.From.Compare(b.From), cmp.Compare(order(a), order(b)))
	})
	covered := 0 // last day counted so far
	for i := range w.Trips {
		c := &w.Trips[i]
		a, b := dayOf(c.From), dayOf(c.To)
		c.Days = max(0, b-max(a-1, covered))
		covered = max(covered, b)
		w.Days += c.Days
	}
	return w
}

// String formats the check for logs: "exit 2026-03-01 allowed (latest 2026-03-05)".
func (c ExitCheck) String() string {
	if c.Allowed {
		return fmt.Sprintf("exit %s allowed (latest %s)", c.Exit, c.LatestExit)
	}
	return fmt.Sprintf("exit %s not allowed: latest %s (%s limit), %d days over", c.Exit, c.LatestExit, c.Limit.words(), c.Overstay)
}

// days returns "1 day" or "n days".
func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

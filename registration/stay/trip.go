package stay

import (
	"time"

	"github.com/migreg/migreg/calendar"
)

// Trip is one stay in Kazakhstan: the day the person crossed the border in
// and the day they crossed out. Both days are days of presence under the
// default Policy (docs/legal.md Part A, "Stay days"). A zero Exit means the
// person is still in the country; queries with a control date count such an
// open trip through that date.
//
// Trips may be passed in any order and may overlap or repeat: every day of
// presence counts once. A trip whose exit is before its entry, or whose
// entry is zero, is rejected with a *TripError.
type Trip struct {
	Entry calendar.Date `json:"entry"`
	Exit  calendar.Date `json:"exit,omitzero"`
}

// IsOpen reports whether the trip has not ended (Exit is zero).
func (t Trip) IsOpen() bool { return t.Exit.IsZero() }

// String returns "2026-01-05..2026-02-03", or "2026-01-05..open" for an
// open trip.
func (t Trip) String() string {
	if t.Exit.IsZero() {
		return t.Entry.String() + "..open"
	}
	return t.Entry.String() + ".." + t.Exit.String()
}

// Days are handled internally as integers: the day number n of a Date is
// d.DaysSince(calendar.Date{}), 1 for 0001-01-01. Integer day numbers make
// every window computation plain arithmetic.

// never is a day number later than any date, for "no limit".
const never = 1 << 40

// dayOf returns the day number of d (0 for the zero Date).
func dayOf(d calendar.Date) int { return d.DaysSince(calendar.Date{}) }

// dateOf is the inverse of dayOf; out-of-range numbers give the zero Date.
func dateOf(n int) calendar.Date {
	if n < 1 || n >= never {
		return calendar.Date{}
	}
	return calendar.NewDate(1, time.January, n)
}

// toDate is dateOf for results: a day number that is not a date is an error.
func toDate(n int) (calendar.Date, error) {
	d := dateOf(n)
	if d.IsZero() {
		return d, dateError("result outside the representable dates")
	}
	return d, nil
}

// span is an inclusive range of day numbers.
type span struct{ lo, hi int }

// bufSpans is the number of spans the queries keep on the stack (256
// bytes, zeroed on every call); a window that holds more trips costs one
// allocation.
const bufSpans = 16

// counted returns the days of presence that trip t counts under the policy:
// [entry, exit], or [entry, exit-1] when the exit day is excluded (a
// same-day trip still counts its one day), and [entry, openEnd] for an open
// trip. It does not validate t.
func (p Policy) counted(t Trip, openEnd int) span {
	s := dayOf(t.Entry)
	if t.Exit.IsZero() {
		return span{s, openEnd}
	}
	e := dayOf(t.Exit)
	if p.ExcludeExitDay && e > s {
		e--
	}
	return span{s, e}
}

// checkTrip validates one trip. In planning mode (planEntry > 0) the trip
// must also have ended by planEntry.
func checkTrip(i int, t Trip, planEntry int) error {
	if !t.Entry.IsValid() {
		return &TripError{Index: i, Trip: t, Reason: "no entry date"}
	}
	if t.Exit.IsZero() {
		if planEntry > 0 {
			return &TripError{Index: i, Trip: t, Reason: "open trip: the person has not left before the planned entry"}
		}
		return nil
	}
	if t.Exit.Before(t.Entry) {
		return &TripError{Index: i, Trip: t, Reason: "exit before entry"}
	}
	if planEntry > 0 && dayOf(t.Exit) > planEntry {
		return &TripError{Index: i, Trip: t, Reason: "trip ends after the planned entry"}
	}
	return nil
}

// merge joins overlapping and adjacent spans of a slice sorted by lo, in
// place.
func merge(s []span) []span {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.lo <= last.hi+1 {
			last.hi = max(last.hi, x.hi)
			continue
		}
		out = append(out, x)
	}
	return out
}

// total returns the number of days in sorted disjoint spans, clipped to
// [lo, hi].
func total(s []span, lo, hi int) int {
	n := 0
	for _, x := range s {
		a, b := max(x.lo, lo), min(x.hi, hi)
		if a <= b {
			n += b - a + 1
		}
	}
	return n
}

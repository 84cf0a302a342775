package stay

import (
	"slices"
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

// bufSpans is the number of spans the queries keep on the stack; longer
// histories cost one allocation.
const bufSpans = 64

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

// collect validates every trip and appends to dst the days of presence they
// count, clipped to [lo, hi], as sorted, disjoint, non-adjacent spans. Open
// trips count through openEnd. With planEntry > 0 the trips must all have
// ended by that day (open trips are rejected).
//
// dst is normally a slice of a stack array: collect allocates only when the
// clipped spans outgrow it.
func (p Policy) collect(dst []span, trips []Trip, lo, hi, openEnd, planEntry int) ([]span, error) {
	sorted := true
	for i, t := range trips {
		if err := checkTrip(i, t, planEntry); err != nil {
			return nil, err
		}
		s := p.counted(t, openEnd)
		s.lo = max(s.lo, lo)
		s.hi = min(s.hi, hi)
		if s.lo > s.hi {
			continue
		}
		if n := len(dst); n > 0 && s.lo < dst[n-1].lo {
			sorted = false
		}
		dst = append(dst, s)
	}
	if !sorted {
		slices.SortFunc(dst, func(a, b span) int { return a.lo - b.lo })
	}
	return merge(dst), nil
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

// visit is a continuous stay built from trips: trips that overlap (one
// enters before the other has left) are one visit; a trip entering on or
// after the day another left starts a new visit, because the person crossed
// the border again and the per-visit count restarts (docs/legal.md Part B §2.1:
// the period runs from the crossing).
type visit struct {
	start int // entry day of the first trip
	rawHi int // latest exit, never for an open trip (decides merging)
	hi    int // last counted day (exit-day policy applied; open trips: openEnd)
}

// currentVisit returns the first day of the visit in progress on day d: the
// visit, among those whose counted days include d, that started last.
// Trips must already be validated.
func (p Policy) currentVisit(trips []Trip, d int) (start int, ok bool) {
	var buf [bufSpans]visit
	vs := buf[:0]
	sorted := true
	for _, t := range trips {
		s := dayOf(t.Entry)
		if s > d {
			continue // a later entry cannot change a visit that contains d
		}
		v := visit{start: s, rawHi: never, hi: d}
		if !t.Exit.IsZero() {
			v.rawHi = dayOf(t.Exit)
			v.hi = p.counted(t, d).hi
		}
		if n := len(vs); n > 0 && s < vs[n-1].start {
			sorted = false
		}
		vs = append(vs, v)
	}
	if !sorted {
		slices.SortFunc(vs, func(a, b visit) int { return a.start - b.start })
	}
	var cur visit
	for i, v := range vs {
		if i > 0 && v.start < cur.rawHi {
			cur.rawHi = max(cur.rawHi, v.rawHi)
			cur.hi = max(cur.hi, v.hi)
		} else {
			if i > 0 && cur.start <= d && d <= cur.hi {
				start, ok = cur.start, true
			}
			cur = v
		}
	}
	if len(vs) > 0 && cur.start <= d && d <= cur.hi {
		start, ok = cur.start, true
	}
	return start, ok
}

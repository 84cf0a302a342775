package stay_test

import (
	"slices"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// The oracle answers every query from the definitions, one day at a time:
// a set of days of presence, and loops over days. It is slow and simple on
// purpose; the package must agree with it.

type oracle struct {
	pol stay.Policy
	r   stay.Regime
}

func (o oracle) regimeStart() calendar.Date {
	if o.pol.RegimeStart.IsZero() {
		return stay.DefaultRegimeStart()
	}
	return o.pol.RegimeStart
}

func (o oracle) countFrom() calendar.Date {
	if o.r.Cap.CountFrom.IsZero() {
		return o.regimeStart()
	}
	return o.r.Cap.CountFrom
}

// lastCounted is the last day of presence of a trip; open trips run to on.
func (o oracle) lastCounted(t stay.Trip, on calendar.Date) calendar.Date {
	if t.Exit.IsZero() {
		return on
	}
	if o.pol.ExcludeExitDay && t.Exit.After(t.Entry) {
		return t.Exit.AddDays(-1)
	}
	return t.Exit
}

// presence returns the days of presence up to and including on.
func (o oracle) presence(trips []stay.Trip, on calendar.Date) map[calendar.Date]bool {
	s := map[calendar.Date]bool{}
	for _, t := range trips {
		for d := t.Entry; !d.After(o.lastCounted(t, on)) && !d.After(on); d = d.AddDays(1) {
			s[d] = true
		}
	}
	return s
}

// daysUsed counts the default 180-day window.
func (o oracle) daysUsed(trips []stay.Trip, on calendar.Date) int {
	s := o.presence(trips, on)
	hi := on
	if o.pol.WindowEndsDayBefore {
		hi = on.AddDays(-1)
	}
	n := 0
	for d := hi.AddDays(-179); !d.After(hi); d = d.AddDays(1) {
		if s[d] && !d.Before(o.regimeStart()) {
			n++
		}
	}
	return n
}

// cumBreach reports whether day d, a day of presence in s, breaks the
// cumulative cap.
func (o oracle) cumBreach(s map[calendar.Date]bool, d calendar.Date) bool {
	from := o.countFrom()
	if !s[d] || d.Before(from) {
		return false
	}
	if o.r.Cap.Kind == stay.RollingWindow {
		k := o.r.Cap.WindowDays
		if o.pol.WindowEndsDayBefore {
			k++
		}
		n := 0
		for x := d.AddDays(-k + 1); !x.After(d); x = x.AddDays(1) {
			if s[x] && !x.Before(from) {
				n++
			}
		}
		return n > o.r.Cap.Days
	}
	// Fixed period: walk the days from the count start, opening a period on
	// the first day of presence after the previous one ended.
	var pe calendar.Date
	n := 0
	first := o.firstDay(s)
	for x := first; !x.After(d); x = x.AddDays(1) {
		if !s[x] || x.Before(from) {
			continue
		}
		if pe.IsZero() || x.After(pe) {
			pe, n = x.AddDays(o.r.Cap.WindowDays-1), 0
		}
		n++
	}
	return n > o.r.Cap.Days
}

// periodUsed returns the days counted in the fixed period running on d.
func (o oracle) periodUsed(s map[calendar.Date]bool, d calendar.Date) int {
	from := o.countFrom()
	var pe calendar.Date
	n := 0
	if len(s) == 0 {
		return 0
	}
	for x := o.firstDay(s); !x.After(d); x = x.AddDays(1) {
		if !s[x] || x.Before(from) {
			continue
		}
		if pe.IsZero() || x.After(pe) {
			pe, n = x.AddDays(o.r.Cap.WindowDays-1), 0
		}
		n++
	}
	if pe.IsZero() || d.After(pe) {
		return 0
	}
	return n
}

func (o oracle) firstDay(s map[calendar.Date]bool) calendar.Date {
	var first calendar.Date
	for d := range s {
		if first.IsZero() || d.Before(first) {
			first = d
		}
	}
	return first
}

// used is what the cumulative cap counts on d.
func (o oracle) used(trips []stay.Trip, d calendar.Date) int {
	s := o.presence(trips, d)
	if o.r.Cap.Kind == stay.FixedPeriod {
		return o.periodUsed(s, d)
	}
	hi := d
	if o.pol.WindowEndsDayBefore {
		hi = d.AddDays(-1)
	}
	n := 0
	for x := hi.AddDays(-o.r.Cap.WindowDays + 1); !x.After(hi); x = x.AddDays(1) {
		if s[x] && !x.Before(o.countFrom()) {
			n++
		}
	}
	return n
}

// stayFrom grows a continuous stay from e after the history hist, one day
// at a time, and returns its last allowed day (e-1 when e itself breaks a
// limit).
func (o oracle) stayFrom(hist map[calendar.Date]bool, e calendar.Date) calendar.Date {
	s := map[calendar.Date]bool{}
	for d := range hist {
		if d.Before(e) {
			s[d] = true
		}
	}
	for d := e; ; d = d.AddDays(1) {
		s[d] = true
		if d.DaysSince(e)+1 > o.r.PerVisitDays || o.cumBreach(s, d) {
			return d.AddDays(-1)
		}
	}
}

// history returns the presence of closed trips (planning queries).
func (o oracle) history(trips []stay.Trip) map[calendar.Date]bool {
	var last calendar.Date
	for _, t := range trips {
		if t.Exit.After(last) {
			last = t.Exit
		}
	}
	return o.presence(trips, last)
}

// latestExit is the oracle for Policy.LatestExit: the exit date, or ok false
// when the entry day is not allowed.
func (o oracle) latestExit(trips []stay.Trip, entry calendar.Date) (calendar.Date, bool) {
	last := o.stayFrom(o.history(trips), entry)
	if last.Before(entry) {
		return calendar.Date{}, false
	}
	if o.pol.ExcludeExitDay {
		return last.AddDays(1), true
	}
	return last, true
}

// earliest tries every start day from from on.
func (o oracle) earliest(trips []stay.Trip, from calendar.Date, n int, horizon int) (calendar.Date, bool) {
	hist := o.history(trips)
	for e := from; e.DaysSince(from) <= horizon; e = e.AddDays(1) {
		if o.stayFrom(hist, e).DaysSince(e)+1 >= n {
			return e, true
		}
	}
	return calendar.Date{}, false
}

// visitStart finds the visit in progress on d by the definition: trips
// sorted by entry, merged while the next enters before the visit's latest
// exit; the visit whose days include d and that started last.
func (o oracle) visitStart(trips []stay.Trip, d calendar.Date) (calendar.Date, bool) {
	ts := slices.Clone(trips)
	slices.SortStableFunc(ts, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	type visit struct {
		start, rawEnd, end calendar.Date
		open               bool
	}
	var vs []visit
	for _, t := range ts {
		if t.Entry.After(d) {
			continue
		}
		end := o.lastCounted(t, d)
		if n := len(vs); n > 0 && (vs[n-1].open || t.Entry.Before(vs[n-1].rawEnd)) {
			v := &vs[n-1]
			v.open = v.open || t.Exit.IsZero()
			if t.Exit.After(v.rawEnd) {
				v.rawEnd = t.Exit
			}
			if end.After(v.end) {
				v.end = end
			}
			continue
		}
		vs = append(vs, visit{start: t.Entry, rawEnd: t.Exit, end: end, open: t.Exit.IsZero()})
	}
	var start calendar.Date
	ok := false
	for _, v := range vs {
		if !v.start.After(d) && !v.end.Before(d) {
			start, ok = v.start, true
		}
	}
	return start, ok
}

type oracleStatus struct {
	used, remaining         int
	present                 bool
	visitEntry              calendar.Date
	visitDay, overstay      int
	latestExit, firstBreach calendar.Date
	breached                stay.Limit
}

func (o oracle) status(trips []stay.Trip, on calendar.Date) oracleStatus {
	var st oracleStatus
	st.used = o.used(trips, on)
	st.remaining = max(0, o.r.Cap.Days-st.used)
	sv, ok := o.visitStart(trips, on)
	if !ok {
		return st
	}
	s := o.presence(trips, on)
	st.present = true
	st.visitEntry = sv
	st.visitDay = on.DaysSince(sv) + 1
	for d := sv; !d.After(on); d = d.AddDays(1) {
		var l stay.Limit
		if d.DaysSince(sv)+1 > o.r.PerVisitDays {
			l |= stay.PerVisit
		}
		if o.cumBreach(s, d) {
			l |= stay.Cumulative
		}
		if l != 0 {
			st.overstay++
			if st.firstBreach.IsZero() {
				st.firstBreach = d
			}
		}
		if d == on {
			st.breached = l
		}
	}
	last := o.stayFrom(s, sv)
	if o.pol.ExcludeExitDay && !last.Before(sv) {
		last = last.AddDays(1)
	}
	st.latestExit = last
	return st
}

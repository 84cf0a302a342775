package stay

import (
	"fmt"

	"github.com/migreg/migreg/calendar"
)

// DaysUsed returns the days of presence in the 180-day window that ends on
// on, both ends included, under the default Policy. See Policy.DaysUsed.
func DaysUsed(trips []Trip, on calendar.Date) (int, error) { return Policy{}.DaysUsed(trips, on) }

// DaysUsed returns the days of presence in the window of DefaultWindowDays
// (180) days that ends on on: [on−179, on], or [on−180, on−1] with
// WindowEndsDayBefore. Entry and exit days count (unless ExcludeExitDay),
// overlapping or repeated trips count each day once, days after on do not
// count, an open trip counts through on, and days before the regime start
// (27 Jan 2023 by default) do not count (docs/legal.md Part A, Part B §2.1).
//
// Errors: a *TripError (ErrInvalidTrip) for a trip with a zero entry or an
// exit before its entry; ErrInvalidDate for a zero on.
func (p Policy) DaysUsed(trips []Trip, on calendar.Date) (int, error) {
	h, err := p.History(trips)
	if err != nil {
		return 0, err
	}
	return h.DaysUsed(on)
}

// DaysUsed is Policy.DaysUsed over the history. It does not allocate for
// up to 16 trips in the window.
func (h History) DaysUsed(on calendar.Date) (int, error) {
	d, err := date(on, "control date")
	if err != nil {
		return 0, err
	}
	p := h.policy
	hi := d - p.shift()
	lo := max(hi-DefaultWindowDays+1, p.regimeStart())
	var buf [bufSpans]span
	return total(h.spans(buf[:0], lo, hi, d), lo, hi), nil
}

// WindowOn explains DaysUsed: the 180-day window that ends on on, with the
// trips that fill it. See Policy.WindowOn.
func WindowOn(trips []Trip, on calendar.Date) (Window, error) { return Policy{}.WindowOn(trips, on) }

// WindowOn returns the window DaysUsed counts, with each trip's share;
// Window.Days equals DaysUsed. It allocates and is meant for display.
func (p Policy) WindowOn(trips []Trip, on calendar.Date) (Window, error) {
	h, err := p.History(trips)
	if err != nil {
		return Window{}, err
	}
	return h.WindowOn(on)
}

// WindowOn is Policy.WindowOn over the history.
func (h History) WindowOn(on calendar.Date) (Window, error) {
	d, err := date(on, "control date")
	if err != nil {
		return Window{}, err
	}
	p := h.policy
	hi := d - p.shift()
	w := h.window(nil, hi-DefaultWindowDays+1, hi, p.regimeStart(), d)
	w.Kind, w.Cap = RollingWindow, 0
	return w, nil
}

// LatestExit returns the last day on which a person who enters on entry,
// after the given trips, may still be present under regime r, with the
// default Policy. See Policy.PlanStay.
func LatestExit(trips []Trip, r Regime, entry calendar.Date) (calendar.Date, error) {
	return Policy{}.LatestExit(trips, r, entry)
}

// LatestExit is PlanStay reduced to its LatestExit field.
func (p Policy) LatestExit(trips []Trip, r Regime, entry calendar.Date) (calendar.Date, error) {
	h, err := p.History(trips)
	if err != nil {
		return calendar.Date{}, err
	}
	return h.LatestExit(r, entry)
}

// LatestExit is Policy.LatestExit over the history. It does not allocate
// for up to 16 trips in the window (a rolling cap) or since the count start
// (a fixed period, whose periods chain from the first entry).
func (h History) LatestExit(r Regime, entry calendar.Date) (calendar.Date, error) {
	ru, err := h.policy.rules(&r)
	if err != nil {
		return calendar.Date{}, err
	}
	_, last, _, err := h.plan(ru, entry)
	if err != nil {
		return calendar.Date{}, err
	}
	return h.exitOf(last)
}

// Plan is the longest stay that may begin on a planned entry date: the
// answer of the EU calculator's planning mode and of the EES tool's first
// query.
type Plan struct {
	Entry      calendar.Date `json:"entry"`
	LatestExit calendar.Date `json:"latest_exit"` // the last day the person may still be present
	Days       int           `json:"days"`        // days of presence of that stay
	Limit      Limit         `json:"limit"`       // the limit(s) that end it: staying one more day would break them

	hist   History
	regime Regime
}

// String reads "entry 2026-01-10, latest exit 2026-02-08 (30 days; per-visit limit)".
func (pl Plan) String() string {
	return fmt.Sprintf("entry %s, latest exit %s (%d days; %s limit)", pl.Entry, pl.LatestExit, pl.Days, pl.Limit.words())
}

// Window explains the plan: the cumulative cap's window (or period) on the
// last day of the stay, with the trips that fill it and the planned stay
// itself as the contribution with Index -1. It needs the history the plan
// was made from, which JSON does not carry: a Plan read back from JSON
// (or the zero Plan) gives the zero Window.
func (pl Plan) Window() Window {
	ru, err := pl.hist.policy.rules(&pl.regime)
	if err != nil || pl.Entry.IsZero() {
		return Window{}
	}
	e, last := dayOf(pl.Entry), dayOf(pl.Entry)+pl.Days-1
	lo := last - ru.window + 1
	if ru.kind == FixedPeriod {
		spans := pl.hist.spans(nil, ru.from, e, e)
		spans = merge(append(spans, span{e, last}))
		lo, _, _, _ = ru.lastPeriod(spans, last)
	}
	w := pl.hist.window(&Trip{Entry: pl.Entry, Exit: pl.LatestExit}, lo, last, ru.from, e)
	w.Kind, w.Cap = ru.kind, ru.cap
	return w
}

// PlanStay returns the longest stay from entry after the given trips under
// regime r and the default Policy. See Policy.PlanStay.
func PlanStay(trips []Trip, r Regime, entry calendar.Date) (Plan, error) {
	return Policy{}.PlanStay(trips, r, entry)
}

// PlanStay returns the longest continuous stay from entry, after the given
// trips, that breaks neither the per-visit cap nor the cumulative cap of r
// on any of its days (docs/legal.md Part B §2.1). Every trip must have ended by
// entry: a trip may end on entry itself (a same-day re-entry, which starts
// a new visit).
//
// The stay is not recounted day by day: see History.LatestExit for the
// cost.
//
// Errors: *EntryError (ErrEntryNotAllowed) when not even the entry day is
// allowed, with the first date entry is possible; *TripError
// (ErrInvalidTrip) for an invalid trip, an open trip, or one that ends
// after entry; *RegimeError (ErrInvalidRegime); ErrInvalidDate.
func (p Policy) PlanStay(trips []Trip, r Regime, entry calendar.Date) (Plan, error) {
	h, err := p.History(trips)
	if err != nil {
		return Plan{}, err
	}
	return h.PlanStay(r, entry)
}

// PlanStay is Policy.PlanStay over the history; see History.LatestExit for
// its cost.
func (h History) PlanStay(r Regime, entry calendar.Date) (Plan, error) {
	ru, err := h.policy.rules(&r)
	if err != nil {
		return Plan{}, err
	}
	e, last, lim, err := h.plan(ru, entry)
	if err != nil {
		return Plan{}, err
	}
	x, err := h.exitOf(last)
	if err != nil {
		return Plan{}, err
	}
	return Plan{Entry: entry, LatestExit: x, Days: last - e + 1, Limit: lim, hist: h, regime: r}, nil
}

// plan returns the day number of entry and the last day of the longest
// stay from it, with the limit(s) that end it.
func (h History) plan(ru rules, entry calendar.Date) (e, last int, lim Limit, err error) {
	if e, err = date(entry, "entry"); err != nil {
		return 0, 0, 0, err
	}
	if err := h.endedBy(e); err != nil {
		return 0, 0, 0, err
	}
	var buf [bufSpans]span
	hist := h.spans(buf[:0], ru.histLo(e), e, e)
	last, lim = ru.lastDay(hist, e)
	if last < e {
		ee, _ := ru.earliest(hist, e, 1) // a one-day stay always becomes possible
		earliest, err := toDate(ee)
		if err != nil {
			return 0, 0, 0, err
		}
		return 0, 0, 0, &EntryError{Entry: entry, Earliest: earliest, Limit: lim}
	}
	return e, last, lim, nil
}

// exitOf returns the exit date of a stay whose last day of presence is
// last: the day after it when the policy does not count the exit day.
func (h History) exitOf(last int) (calendar.Date, error) {
	if h.policy.ExcludeExitDay {
		last++
	}
	return toDate(last)
}

// EarliestEntry returns the first date on or after from on which a stay of
// days days (days of presence) may begin after the given trips, under
// regime r and the default Policy. See Policy.EarliestEntry.
func EarliestEntry(trips []Trip, r Regime, from calendar.Date, days int) (calendar.Date, error) {
	return Policy{}.EarliestEntry(trips, r, from, days)
}

// EarliestEntry returns the first date on or after from on which a stay of
// days days of presence may begin, after the given trips, without breaking
// either cap of r: the EU calculator's "next entry" question. With days = 1
// it is the first date entry is allowed at all. Every trip must have ended
// by from.
//
// Errors: ErrStayTooLong when no date allows such a stay (days < 1, more
// than the per-visit cap, or more than the cumulative cap allows in one
// stay); *TripError; *RegimeError; ErrInvalidDate.
func (p Policy) EarliestEntry(trips []Trip, r Regime, from calendar.Date, days int) (calendar.Date, error) {
	h, err := p.History(trips)
	if err != nil {
		return calendar.Date{}, err
	}
	return h.EarliestEntry(r, from, days)
}

// EarliestEntry is Policy.EarliestEntry over the history.
func (h History) EarliestEntry(r Regime, from calendar.Date, days int) (calendar.Date, error) {
	ru, err := h.policy.rules(&r)
	if err != nil {
		return calendar.Date{}, err
	}
	f, err := date(from, "earliest entry")
	if err != nil {
		return calendar.Date{}, err
	}
	if err := h.endedBy(f); err != nil {
		return calendar.Date{}, err
	}
	var buf [bufSpans]span
	hist := h.spans(buf[:0], ru.histLo(f), f, f)
	e, ok := ru.earliest(hist, f, days)
	if !ok {
		return calendar.Date{}, fmt.Errorf("%w: %d days under %s %d days per visit, %v", ErrStayTooLong, days, r.Citizenship, r.PerVisitDays, r.Cap)
	}
	return toDate(e)
}

// Remaining returns the days left under the cumulative cap of r on on:
// Cap.Days minus the days counted in the window ending on on (or the
// period running on on), never below zero. Default Policy.
func Remaining(trips []Trip, r Regime, on calendar.Date) (int, error) {
	return Policy{}.Remaining(trips, r, on)
}

// Remaining returns the days left under the cumulative cap of r on on; see
// StatusOn for the per-visit side.
func (p Policy) Remaining(trips []Trip, r Regime, on calendar.Date) (int, error) {
	h, err := p.History(trips)
	if err != nil {
		return 0, err
	}
	return h.Remaining(r, on)
}

// Remaining is Policy.Remaining over the history. It does not allocate for
// up to 16 trips in the window.
func (h History) Remaining(r Regime, on calendar.Date) (int, error) {
	ru, err := h.policy.rules(&r)
	if err != nil {
		return 0, err
	}
	d, err := date(on, "control date")
	if err != nil {
		return 0, err
	}
	var buf [bufSpans]span
	s := h.spans(buf[:0], ru.controlLo(d, d), d, d)
	return max(0, ru.cap-ru.used(s, d)), nil
}

// Status is the state of a person on a control date: the EU calculator's
// control mode and the EES overstay check.
type Status struct {
	On        calendar.Date `json:"on"`
	Used      int           `json:"used"`      // days the cumulative cap counts on On (its window, or the running period)
	Remaining int           `json:"remaining"` // Cap.Days − Used, at least 0

	Present        bool          `json:"present"`               // whether On is a day of presence
	VisitEntry     calendar.Date `json:"visit_entry,omitzero"`  // first day of the visit in progress; zero when absent
	VisitDay       int           `json:"visit_day"`             // day number of that visit on On, the entry day being day 1
	VisitRemaining int           `json:"visit_remaining"`       // PerVisitDays − VisitDay, at least 0
	LatestExit     calendar.Date `json:"latest_exit"`           // the last day the visit may last (before On when overstaying)
	LatestExitBy   Limit         `json:"latest_exit_by"`        // the limit(s) that fix LatestExit
	FirstBreach    calendar.Date `json:"first_breach,omitzero"` // the first day of the visit in breach, up to On; zero if none
	Overstay       int           `json:"overstay"`              // days of the visit, up to On, on which a limit was broken
	Breached       Limit         `json:"breached"`              // limits broken on On itself

	hist   History
	regime Regime
}

// InBreach reports whether the person is present on On and over a limit.
func (s Status) InBreach() bool { return s.Breached != 0 }

// String summarises the status in one line.
func (s Status) String() string {
	if !s.Present {
		return fmt.Sprintf("%s: absent; %d days used, %d remaining", s.On, s.Used, s.Remaining)
	}
	str := fmt.Sprintf("%s: day %d of the visit from %s; %d days used, %d remaining; latest exit %s (%s)",
		s.On, s.VisitDay, s.VisitEntry, s.Used, s.Remaining, s.LatestExit, s.LatestExitBy.words())
	if s.Overstay > 0 {
		str += fmt.Sprintf("; overstay %d days since %s", s.Overstay, s.FirstBreach)
	}
	if s.Breached != 0 {
		str += fmt.Sprintf("; in breach of the %s limit", s.Breached.words())
	}
	return str
}

// Window explains Used: the window (or period) the cumulative cap counts
// on On and the trips that fill it. It needs the history the status was
// computed from, which JSON does not carry (the figures above are the
// wire form): a Status read back from JSON, as a client of an API holds
// it, gives the zero Window; ask the Service again for the explanation.
func (s Status) Window() Window {
	ru, err := s.hist.policy.rules(&s.regime)
	if err != nil || s.On.IsZero() {
		return Window{}
	}
	d := dayOf(s.On)
	lo, hi := d-ru.window+1, d-ru.shift
	if ru.kind == FixedPeriod {
		spans := s.hist.spans(nil, ru.from, d, d)
		ps, pe, _, ok := ru.lastPeriod(spans, d)
		if ok && d <= pe {
			lo = ps
		} else {
			lo = d + 1 // no period runs on d: an empty window
		}
	}
	w := s.hist.window(nil, lo, hi, ru.from, d)
	w.Kind, w.Cap = ru.kind, ru.cap
	return w
}

// StatusOn returns the status of a person on the control date on under
// regime r and the default Policy. See Policy.StatusOn.
func StatusOn(trips []Trip, r Regime, on calendar.Date) (Status, error) {
	return Policy{}.StatusOn(trips, r, on)
}

// StatusOn returns the status of a person on the control date on: days
// used and remaining, the visit in progress and its day number, the latest
// exit for it, and any breach. Trips after on are ignored; an open trip
// counts through on. The visit in progress is the one whose days include on
// and that began last: overlapping trips form one visit, while a trip that
// enters on or after the day another left starts a new one.
//
// Errors: *TripError; *RegimeError; ErrInvalidDate.
func (p Policy) StatusOn(trips []Trip, r Regime, on calendar.Date) (Status, error) {
	h, err := p.History(trips)
	if err != nil {
		return Status{}, err
	}
	return h.StatusOn(r, on)
}

// StatusOn is Policy.StatusOn over the history. Its cost grows with the
// trips of the visit in progress and of its window, not with those before.
func (h History) StatusOn(r Regime, on calendar.Date) (Status, error) {
	p := h.policy
	ru, err := p.rules(&r)
	if err != nil {
		return Status{}, err
	}
	d, err := date(on, "control date")
	if err != nil {
		return Status{}, err
	}
	sv, present := h.visitAt(d)
	if !present {
		sv = d
	}
	var buf [bufSpans]span
	spans := h.spans(buf[:0], ru.controlLo(sv, d), d, d)
	st := Status{On: on, hist: h, regime: r}
	st.Used = ru.used(spans, d)
	st.Remaining = max(0, ru.cap-st.Used)
	if !present {
		return st, nil
	}
	v := ru.visit(spans, sv, d)
	st.Present = true
	st.VisitEntry = dateOf(sv)
	st.VisitDay = d - sv + 1
	st.VisitRemaining = max(0, ru.perVisit-st.VisitDay)
	st.LatestExitBy = v.limit
	st.Overstay = v.overstay
	st.Breached = v.breachedT
	exit := v.last
	if p.ExcludeExitDay && exit >= sv {
		exit++
	}
	if st.LatestExit, err = toDate(exit); err != nil {
		return Status{}, err
	}
	if v.last < d {
		st.FirstBreach = dateOf(v.last + 1)
	}
	return st, nil
}

// ExitCheck answers whether a planned exit keeps the visit in progress
// within the limits: the EES tool's second query.
type ExitCheck struct {
	Exit       calendar.Date `json:"exit"` // the planned exit
	Allowed    bool          `json:"allowed"`
	LatestExit calendar.Date `json:"latest_exit"` // the last exit that is allowed (before the visit's entry if none is)
	Limit      Limit         `json:"limit"`       // the limit(s) that fix LatestExit
	Overstay   int           `json:"overstay"`    // days of the visit up to the planned exit on which a limit is broken
}

// ExitAllowed reports whether the person, now in the country on an open
// trip, may leave on exit, under regime r and the default Policy. See
// Policy.ExitAllowed.
func ExitAllowed(trips []Trip, r Regime, exit calendar.Date) (ExitCheck, error) {
	return Policy{}.ExitAllowed(trips, r, exit)
}

// ExitAllowed reports whether the person, in the country on the open trip
// of trips (the one that entered last, if several), may stay until exit
// without breaking a limit on any day of the visit.
//
// Errors: ErrNotPresent when no trip is open; ErrInvalidDate when exit is
// zero or before the open trip's entry; *TripError; *RegimeError.
func (p Policy) ExitAllowed(trips []Trip, r Regime, exit calendar.Date) (ExitCheck, error) {
	h, err := p.History(trips)
	if err != nil {
		return ExitCheck{}, err
	}
	return h.ExitAllowed(r, exit)
}

// ExitAllowed is Policy.ExitAllowed over the history.
func (h History) ExitAllowed(r Regime, exit calendar.Date) (ExitCheck, error) {
	p := h.policy
	ru, err := p.rules(&r)
	if err != nil {
		return ExitCheck{}, err
	}
	x, err := date(exit, "exit")
	if err != nil {
		return ExitCheck{}, err
	}
	if h.open == 0 {
		return ExitCheck{}, ErrNotPresent
	}
	open := dayOf(h.trips[h.open-1].Entry)
	if x < open {
		return ExitCheck{}, dateError("planned exit before the entry of the open trip")
	}
	sv, _ := h.visitAt(open)
	xc := p.counted(Trip{Entry: dateOf(open), Exit: exit}, x).hi
	var buf [bufSpans]span
	hist := h.spans(buf[:0], ru.controlLo(sv, sv), sv-1, sv-1)
	v := ru.visit(hist, sv, xc)
	last := v.last
	if p.ExcludeExitDay && last >= sv {
		last++
	}
	le, err := toDate(last)
	if err != nil {
		return ExitCheck{}, err
	}
	return ExitCheck{Exit: exit, Allowed: v.overstay == 0, LatestExit: le, Limit: v.limit, Overstay: v.overstay}, nil
}

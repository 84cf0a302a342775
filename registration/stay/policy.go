package stay

import (
	"time"

	"github.com/migreg/migreg/calendar"
)

// DefaultWindowDays is the length of the window DaysUsed counts in: the
// 180 days of the 90/180 rule (docs/legal.md Part B §2.1).
const DefaultWindowDays = 180

// DefaultRegimeStart returns 27 January 2023, the day decree No. 1146
// brought the 90/180 rule into force (docs/legal.md Part B §1, §2.1). Under the
// default Policy, caps that count from the regime start ignore days of
// presence before it.
func DefaultRegimeStart() calendar.Date { return calendar.NewDate(2023, time.January, 27) }

// Policy holds the counting conventions that the sources leave open
// (docs/legal.md Part A, "Conventions where the sources are silent"). The zero
// Policy is the default the package-level functions use; each field names
// the deviation from it, so a zero field always means the default.
//
// A Policy is a small value: copy it freely. Its methods are pure functions
// of their arguments and safe for concurrent use.
type Policy struct {
	// ExcludeExitDay stops counting the exit day as a day of presence. By
	// default both the entry and the exit day count, as in the Schengen
	// rules; whether the exit day counts in Kazakhstan is UNCONFIRMED
	// (docs/legal.md Part B §2.1), and counting it is the safe choice for the
	// foreigner. The entry day always counts (periods run from 00:01 of the
	// crossing day), so a same-day trip is one day either way. An open trip
	// counts through the control date.
	ExcludeExitDay bool `json:"exclude_exit_day"`

	// WindowEndsDayBefore makes the window of a control date D the days
	// [D−W, D−1] (W = WindowDays, 180 for 90/180) instead of the default
	// [D−W+1, D]. Some calculators read the rule this way (peers.md §2.4).
	// The day D itself is then checked on top of its window: a day of
	// presence D breaks a cap of C days when the window plus D hold more
	// than C days, so the check effectively spans W+1 days. Fixed periods
	// are not affected.
	WindowEndsDayBefore bool `json:"window_ends_day_before"`

	// RegimeStart is the first day of presence counted by caps whose
	// Cap.CountFrom is zero, which is every cap that comes from the
	// decree 148 rules. Zero means DefaultRegimeStart (27 Jan 2023):
	// before it there was no cumulative cap, only the per-visit one, so
	// earlier days neither count nor can be in breach of a cumulative cap
	// (docs/legal.md Part A, "90/180 rule"). Treaty caps with their own
	// CountFrom (India and Iran's 42/180 since 8 Jul 2022, Korea's 60/180
	// since 2014, ...) are not affected.
	RegimeStart calendar.Date `json:"regime_start,omitzero"`
}

func (p Policy) regimeStart() int {
	if p.RegimeStart.IsValid() {
		return dayOf(p.RegimeStart)
	}
	return dayOf(DefaultRegimeStart())
}

// shift is 1 when the window of a control date ends the day before it.
func (p Policy) shift() int {
	if p.WindowEndsDayBefore {
		return 1
	}
	return 0
}

// maxDays bounds the day counts a Regime may hold (100 years), so that no
// computation leaves the representable dates by accident.
const maxDays = 36600

// rules is a Regime validated and reduced to day numbers under a Policy.
type rules struct {
	perVisit int
	kind     CapKind
	cap      int // Cap.Days, extensions included
	window   int // rolling: the check window (WindowDays + shift); fixed: the period
	report   int // WindowDays: the window reported to the caller
	shift    int // rolling: 1 when the reported window ends the day before
	from     int // first counted day
}

// rules validates r and applies the policy to it. It takes a pointer so
// that the queries do not copy the Regime once more.
func (p Policy) rules(r *Regime) (rules, error) {
	if err := r.validate(); err != nil {
		return rules{}, err
	}
	ru := rules{
		perVisit: r.PerVisitDays,
		kind:     r.Cap.Kind,
		cap:      r.Cap.Days,
		window:   r.Cap.WindowDays,
		report:   r.Cap.WindowDays,
		from:     p.regimeStart(),
	}
	if r.Cap.CountFrom.IsValid() {
		ru.from = dayOf(r.Cap.CountFrom)
	}
	if ru.kind == RollingWindow {
		ru.shift = p.shift()
		ru.window += ru.shift
	}
	return ru, nil
}

// date converts a date argument, rejecting the zero Date.
func date(d calendar.Date, what string) (int, error) {
	if !d.IsValid() {
		return 0, dateError(what + " is zero")
	}
	return dayOf(d), nil
}

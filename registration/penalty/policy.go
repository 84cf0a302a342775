package penalty

import (
	"fmt"

	"github.com/migreg/migreg/calendar"
)

// DefaultRepeatWindowDays is the repeat window used when
// [Policy.RepeatWindowDays] is 0: "within one year" read as 365 days.
const DefaultRepeatWindowDays = 365

// Policy holds the conventions the sources leave open (docs/legal.md Part A).
// The zero Policy is valid and means the defaults. A Policy is a plain
// value, safe to copy and to share between goroutines.
type Policy struct {
	// MRPYear chooses the day whose MRP prices a fine: the offence date or
	// the decision date; the MRP in force on that day is used, so a value
	// changed within a year counts from its own start. Zero means
	// OffenceYear: the MRP of the first day in breach (docs/legal.md Part A;
	// Part B §3.3 marks the question UNCONFIRMED, with that as the usual
	// practice, L).
	MRPYear PricingYear `json:"mrp_year,omitzero"`

	// RepeatWindowDays is how many days after a penalty a new offence
	// counts as a repeat "within one year" (КоАП, docs/legal.md Part B §3.1).
	// Zero means DefaultRepeatWindowDays (365). A leap year makes 365 days
	// one day shorter than a calendar year; set 366 to read the year the
	// other way.
	RepeatWindowDays int `json:"repeat_window_days,omitempty"`
}

// Validate reports an out-of-range field as an error matching
// [ErrInvalidPolicy], or nil.
func (p Policy) Validate() error {
	switch {
	case p.MRPYear != 0 && !p.MRPYear.IsValid():
		return fmt.Errorf("%w: MRPYear %s", ErrInvalidPolicy, p.MRPYear)
	case p.RepeatWindowDays < 0:
		return fmt.Errorf("%w: negative RepeatWindowDays %d", ErrInvalidPolicy, p.RepeatWindowDays)
	}
	return nil
}

func (p Policy) mrpYear() PricingYear {
	if p.MRPYear == 0 {
		return OffenceYear
	}
	return p.MRPYear
}

func (p Policy) repeatWindow() int {
	if p.RepeatWindowDays == 0 {
		return DefaultRepeatWindowDays
	}
	return p.RepeatWindowDays
}

// Repeat decides whether an offence on date on is a repeat offence: true
// when some earlier penalty for the same offence was imposed 1 to
// RepeatWindowDays days before on (both ends inclusive). It returns the
// most recent such penalty date.
//
// The convention: penalties are the dates the earlier penalties were
// imposed (not the dates of the earlier offences), and the caller passes
// only penalties for the same offence. A penalty on the offence date
// itself does not count, because dates alone cannot show that the offence
// came after it; a penalty after on does not count either. Zero dates in
// penalties are ignored, as is everything when on is zero.
func (p Policy) Repeat(on calendar.Date, penalties []calendar.Date) (penalty calendar.Date, ok bool) {
	if on.IsZero() {
		return calendar.Date{}, false
	}
	window := p.repeatWindow()
	for _, d := range penalties {
		if d.IsZero() {
			continue
		}
		if n := on.DaysSince(d); n >= 1 && n <= window && (!ok || d.After(penalty)) {
			penalty, ok = d, true
		}
	}
	return penalty, ok
}

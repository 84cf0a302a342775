package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Confirmed reports whether the calendar of the year rests on published
// data — the year's Kurban Ait date and its transfer orders — rather than
// on rules and estimates. It is true for 2016 through 2026 out of the box;
// 2027 becomes confirmed once its Kurban Ait date and a transfer order
// (possibly with no transfers) are added.
func (c *Calendar) Confirmed(year int) bool {
	c = c.built()
	e, ok := c.kurban[year]
	if !ok || !e.confirmed || len(c.orders[year]) == 0 {
		return false
	}
	if year < firstConfirmedYear {
		return false
	}
	return true
}

// ErrContradiction is matched by an addition that contradicts the
// calendar: a transfer onto a day that is already off, a working day made
// of a holiday, a Kurban Ait date different from a published one.
var ErrContradiction = errors.New("calendar: contradictory addition")

// ErrDuplicate is matched by an addition the calendar already has.
var ErrDuplicate = errors.New("calendar: duplicate addition")

// AdditionError reports why WithTransferOrder or WithKurbanAit refused an
// addition. It matches ErrContradiction or ErrDuplicate.
type AdditionError struct {
	Date   Date   `json:"date"`   // the day at issue
	Reason string `json:"reason"` // what contradicts what
	Err    error  `json:"-"`      // ErrContradiction or ErrDuplicate
}

// Error implements the error interface.
func (e *AdditionError) Error() string {
	return fmt.Sprintf("%v: %v: %s", e.Err, e.Date, e.Reason)
}

// Unwrap returns ErrContradiction or ErrDuplicate.
func (e *AdditionError) Unwrap() error { return e.Err }

// additionErrors are the codes of AdditionError.Err in JSON.
var additionErrors = map[string]error{"contradiction": ErrContradiction, "duplicate": ErrDuplicate}

// MarshalJSON writes the fields and "error", the code of Err ("contradiction" or "duplicate";
// left out for any other error), so that the error read back matches
// what it matched.
func (e AdditionError) MarshalJSON() ([]byte, error) {
	type fields AdditionError // without the methods
	w := struct {
		fields
		Code string `json:"error,omitempty"`
	}{fields: fields(e)}
	for code, err := range additionErrors {
		if err == e.Err {
			w.Code = code
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes. A code it does not know is
// an error matching ErrUnknownCode; no code leaves Err nil.
func (e *AdditionError) UnmarshalJSON(b []byte) error {
	type fields AdditionError
	var w struct {
		fields
		Code string `json:"error,omitempty"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	cause, ok := additionErrors[w.Code]
	if !ok && w.Code != "" {
		return fmt.Errorf("%w: addition error %q", ErrUnknownCode, w.Code[:min(len(w.Code), 32)])
	}
	*e = AdditionError(w.fields)
	e.Err = cause
	return nil
}

// WithTransferOrder returns a new calendar with the transfers of o added,
// so that a new year's order can be used without waiting for a release of
// migreg. Each transfer must make a working day a day off and a weekend day
// (or a substitute) a working day; the day off must be in o.Year and the
// working day within a year of it. A transfer the calendar already has is
// an *AdditionError matching ErrDuplicate; one that contradicts the
// calendar (a day off onto a holiday, substitute, weekend or earlier
// transfer; a holiday made a working day) matches ErrContradiction. An
// order with no transfers records that the year has none (see Confirmed).
// The receiver is not changed.
func (c *Calendar) WithTransferOrder(o TransferOrder) (*Calendar, error) {
	c = c.built()
	if o.Year < 1 || o.Year > 9999 {
		return nil, &AdditionError{Reason: fmt.Sprintf("year %d out of range", o.Year), Err: ErrContradiction}
	}
	for _, known := range c.orders[o.Year] {
		for _, t := range o.Transfers {
			for _, k := range known.Transfers {
				if k == t {
					return nil, &AdditionError{Date: t.DayOff, Reason: "this transfer is already in the calendar", Err: ErrDuplicate}
				}
			}
		}
	}
	n := c.clone()
	cur := c
	for i, t := range o.Transfers {
		if t.DayOff.IsZero() || t.WorkingDay.IsZero() {
			return nil, &AdditionError{Reason: fmt.Sprintf("transfer %d has a zero date", i), Err: ErrContradiction}
		}
		if t.DayOff.Year() != o.Year {
			return nil, &AdditionError{Date: t.DayOff, Reason: fmt.Sprintf("the new day off is not in %d", o.Year), Err: ErrContradiction}
		}
		if dy := t.WorkingDay.Year() - o.Year; dy < -1 || dy > 1 {
			return nil, &AdditionError{Date: t.WorkingDay, Reason: "the new working day is more than a year away", Err: ErrContradiction}
		}
		if !cur.IsWorkingDay(t.DayOff) {
			return nil, &AdditionError{Date: t.DayOff, Reason: "already a day off (" + cur.Explain(t.DayOff) + ")", Err: ErrContradiction}
		}
		if cur.IsWorkingDay(t.WorkingDay) {
			return nil, &AdditionError{Date: t.WorkingDay, Reason: "already a working day", Err: ErrContradiction}
		}
		for _, off := range cur.DaysOff(t.WorkingDay.Year()) {
			if off.Date == t.WorkingDay && off.Kind != KindSubstitute {
				return nil, &AdditionError{Date: t.WorkingDay, Reason: "a " + off.Kind.String() + " cannot become a working day", Err: ErrContradiction}
			}
		}
		// Apply each transfer before checking the next, so that two
		// transfers of one order cannot use the same day.
		step := cur.clone()
		step.orders[o.Year] = append(step.orders[o.Year], TransferOrder{Year: o.Year, Act: o.Act, Transfers: []Transfer{t}})
		step.compile()
		cur = step
	}
	o.Transfers = append([]Transfer(nil), o.Transfers...)
	n.orders[o.Year] = append(n.orders[o.Year], o)
	n.compile()
	return n, nil
}

// WithKurbanAit returns a new calendar in which the first day of Kurban
// Ait of d's year is d, marked as published (see Confirmed); source cites
// where the date comes from. It replaces an estimate (2027 out of the
// box); the same date as a published one is an *AdditionError matching
// ErrDuplicate, a different one matches ErrContradiction, as does a year
// before 2006, when Kurban Ait was not yet a day off. The receiver is not
// changed.
func (c *Calendar) WithKurbanAit(d Date, source string) (*Calendar, error) {
	c = c.built()
	if d.IsZero() {
		return nil, &AdditionError{Reason: "zero date", Err: ErrContradiction}
	}
	y := d.Year()
	if y < kurbanAitSince {
		return nil, &AdditionError{Date: d, Reason: fmt.Sprintf("Kurban Ait is a day off only since %d", kurbanAitSince), Err: ErrContradiction}
	}
	if e, ok := c.kurban[y]; ok && e.confirmed {
		if e.date == d {
			return nil, &AdditionError{Date: d, Reason: "Kurban Ait of this year is already published as this date", Err: ErrDuplicate}
		}
		return nil, &AdditionError{Date: d, Reason: fmt.Sprintf("Kurban Ait of %d is published as %v", y, e.date), Err: ErrContradiction}
	}
	n := c.clone()
	n.kurban[y] = kurbanEntry{date: d, confirmed: true, source: source}
	n.compile()
	return n, nil
}

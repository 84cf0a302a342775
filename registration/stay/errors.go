package stay

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
)

// Sentinel errors. Every error this package returns matches one of them with
// [errors.Is]; the typed errors below carry the details. Their text is part
// of the API: match on the values, never on the strings.
var (
	// ErrUnknownCitizenship means the code is not an ISO 3166-1 alpha-2 or
	// alpha-3 code (Kosovo's user-assigned XK/XKX is accepted).
	ErrUnknownCitizenship = errors.New("stay: unknown citizenship")

	// ErrVisaRequired means the citizenship is known but the regime table
	// does not list it at all, so its ordinary passports need a visa
	// (docs/legal.md Part C §6).
	ErrVisaRequired = errors.New("stay: visa required")

	// ErrNotInForce means the table lists the citizenship but has no row in
	// force on the date asked about. After a row ended without a successor
	// (the 2020–2021 suspension of the 30-day list) a visa was required.
	// Before a citizenship's first row the table makes no claim: for the
	// EAEU members, Azerbaijan, Tajikistan and Uzbekistan the rows begin
	// with the current form of 27 Jan 2023 and the older visa-free regimes
	// are not modelled. It therefore does not match ErrVisaRequired.
	ErrNotInForce = errors.New("stay: no visa-free regime in force on that date")

	// ErrNotForeign means the code is KAZ/KZ: citizens of Kazakhstan have no
	// stay limits.
	ErrNotForeign = errors.New("stay: citizens of Kazakhstan are not foreigners")

	// ErrInvalidTrip means a trip has a zero entry or an exit before its
	// entry, or (in a planning query) has not ended by the planned entry.
	ErrInvalidTrip = errors.New("stay: invalid trip")

	// ErrInvalidDate means a date argument is zero or out of order, or a
	// result would fall outside the dates calendar.Date can represent.
	ErrInvalidDate = errors.New("stay: invalid date")

	// ErrInvalidRegime means a Regime's limits make no sense (no per-visit
	// cap, an unknown cap kind, a cap larger than its window, ...) or a
	// table row lacks a code, a date or a confidence.
	ErrInvalidRegime = errors.New("stay: invalid regime")

	// ErrEntryNotAllowed means not even the entry day of a planned stay is
	// allowed. The *EntryError says from which date entry is possible.
	ErrEntryNotAllowed = errors.New("stay: entry not allowed")

	// ErrStayTooLong means no date offers a stay of the requested length,
	// for example 40 days under a 30-day per-visit cap.
	ErrStayTooLong = errors.New("stay: stay longer than the regime allows")

	// ErrNotPresent means a query about the visit in progress found no
	// open trip.
	ErrNotPresent = errors.New("stay: no open trip")

	// ErrUnknownName means UnmarshalText of Confidence, CapKind or Limit got
	// a name it does not know.
	ErrUnknownName = errors.New("stay: unknown name")

	// ErrNoExtension means Regime.Extend was asked for more extensions than
	// the regime provides.
	ErrNoExtension = errors.New("stay: extension not available")
)

// CitizenshipError reports a citizenship for which no regime applies. Err is
// ErrUnknownCitizenship, ErrVisaRequired, ErrNotInForce or ErrNotForeign,
// and Unwrap returns it.
type CitizenshipError struct {
	Code string        `json:"code"` // the code as given (cut to 16 bytes), or its alpha-3 form once parsed
	On   calendar.Date `json:"on"`   // the date asked about; zero for parse errors
	Err  error         `json:"-"`
}

// Error names the code and the reason.
func (e *CitizenshipError) Error() string {
	switch e.Err {
	case ErrUnknownCitizenship:
		return fmt.Sprintf("stay: unknown citizenship %q", e.Code)
	case ErrVisaRequired:
		return fmt.Sprintf("stay: visa required for %s", e.Code)
	case ErrNotInForce:
		return fmt.Sprintf("stay: no visa-free regime for %s in force on %s", e.Code, e.On)
	case ErrNotForeign:
		return "stay: citizens of Kazakhstan are not foreigners"
	}
	return fmt.Sprintf("stay: citizenship %q: %v", e.Code, e.Err)
}

// Unwrap returns Err.
func (e *CitizenshipError) Unwrap() error { return e.Err }

// citizenshipErrors are the codes of CitizenshipError.Err in JSON.
var citizenshipErrors = map[string]error{
	"unknown_citizenship": ErrUnknownCitizenship, "visa_required": ErrVisaRequired,
	"not_in_force": ErrNotInForce, "not_foreign": ErrNotForeign,
}

// MarshalJSON writes the fields and "error", the code of Err ("unknown_citizenship", "visa_required", "not_in_force" or
// "not_foreign";
// left out for any other error), so that the error read back matches
// what it matched.
func (e CitizenshipError) MarshalJSON() ([]byte, error) {
	type fields CitizenshipError // without the methods
	w := struct {
		fields
		Code string `json:"error,omitempty"`
	}{fields: fields(e)}
	for code, err := range citizenshipErrors {
		if err == e.Err {
			w.Code = code
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes. A code it does not know is
// an error matching ErrUnknownName; no code leaves Err nil.
func (e *CitizenshipError) UnmarshalJSON(b []byte) error {
	type fields CitizenshipError
	var w struct {
		fields
		Code string `json:"error,omitempty"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	cause, ok := citizenshipErrors[w.Code]
	if !ok && w.Code != "" {
		return fmt.Errorf("%w: citizenship error %q", ErrUnknownName, w.Code[:min(len(w.Code), 32)])
	}
	*e = CitizenshipError(w.fields)
	e.Err = cause
	return nil
}

// TripError reports an invalid trip. It matches ErrInvalidTrip.
type TripError struct {
	Index  int    `json:"index"` // position in the trips slice the caller passed
	Trip   Trip   `json:"trip"`  // the trip as given
	Reason string `json:"reason"`
}

// Error names the trip, its index and the reason.
func (e *TripError) Error() string {
	return fmt.Sprintf("stay: invalid trip %d (%v): %s", e.Index, e.Trip, e.Reason)
}

// Unwrap returns ErrInvalidTrip.
func (e *TripError) Unwrap() error { return ErrInvalidTrip }

// EntryError reports a planned entry on a day that is itself over a limit
// (the cumulative cap is used up, or the entry day would already exceed it).
// It matches ErrEntryNotAllowed.
type EntryError struct {
	Entry    calendar.Date `json:"entry"`    // the planned entry
	Earliest calendar.Date `json:"earliest"` // the first date on which entry (a stay of one day) is allowed
	Limit    Limit         `json:"limit"`    // the limit the entry day breaks
}

// Error names the refused entry and the earliest possible one.
func (e *EntryError) Error() string {
	return fmt.Sprintf("stay: entry on %s not allowed (%s limit); entry possible from %s", e.Entry, e.Limit.words(), e.Earliest)
}

// Unwrap returns ErrEntryNotAllowed.
func (e *EntryError) Unwrap() error { return ErrEntryNotAllowed }

// RegimeError reports a Regime that cannot be used: a row rejected by
// NewTable or With, or a regime passed to a query. It matches
// ErrInvalidRegime.
type RegimeError struct {
	Citizenship   string        `json:"citizenship"`
	EffectiveFrom calendar.Date `json:"effective_from"`
	Reason        string        `json:"reason"`
}

// Error names the row and the reason.
func (e *RegimeError) Error() string {
	if e.Citizenship == "" {
		return "stay: invalid regime: " + e.Reason
	}
	return fmt.Sprintf("stay: invalid regime %s from %s: %s", e.Citizenship, e.EffectiveFrom, e.Reason)
}

// Unwrap returns ErrInvalidRegime.
func (e *RegimeError) Unwrap() error { return ErrInvalidRegime }

func dateError(what string) error {
	return fmt.Errorf("%w: %s", ErrInvalidDate, what)
}

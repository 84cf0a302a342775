package penalty

import (
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error this package returns matches exactly one of
// them with [errors.Is]; the typed errors below carry the details and unwrap
// to their sentinel. Treat the message text as frozen.
var (
	// ErrUnknownYear: the MRP of the year that prices a fine is not in the
	// table. The package never guesses an MRP (docs/legal.md Part A).
	ErrUnknownYear = errors.New("penalty: unknown MRP year")

	// ErrNoRule: the catalogue has no row for the offence, offender, repeat
	// flag and number of days on that date, so the question is outside what
	// the catalogue knows (for example a date before the first attested
	// wording, or an overstay of 0 days).
	ErrNoRule = errors.New("penalty: no rule")

	// ErrUnconfirmed: the catalogue knows which article punishes the offence
	// but the sources did not confirm the sanction (docs/legal.md Part B marks it
	// UNCONFIRMED). Supply an override row to make it computable.
	ErrUnconfirmed = errors.New("penalty: sanction unconfirmed")

	// ErrInvalidQuery: a malformed Query, e.g. a zero date, or a host
	// offence asked of a foreigner.
	ErrInvalidQuery = errors.New("penalty: invalid query")

	// ErrInvalidRule: a catalogue row that fails validation.
	ErrInvalidRule = errors.New("penalty: invalid rule")

	// ErrOverlap: two rows would answer the same query.
	ErrOverlap = errors.New("penalty: overlapping rules")

	// ErrInvalidMRP: an MRP entry that fails validation.
	ErrInvalidMRP = errors.New("penalty: invalid MRP entry")

	// ErrDuplicateYear: an MRP year given twice.
	ErrDuplicateYear = errors.New("penalty: duplicate MRP year")

	// ErrInvalidPolicy: a Policy with an out-of-range field.
	ErrInvalidPolicy = errors.New("penalty: invalid policy")

	// ErrUnknownName: text that names no value of an enum, or an enum value
	// outside its range being marshalled.
	ErrUnknownName = errors.New("penalty: unknown name")
)

// YearError reports an MRP missing from the table: no entry for the year,
// or none yet on the day asked about. It matches [ErrUnknownYear].
type YearError struct {
	Year int `json:"year"`
	// On is the day whose MRP was asked for ([Catalogue.MRPOn],
	// [Catalogue.Assess]); zero when a whole year was ([Catalogue.MRP]).
	On calendar.Date `json:"on"`
}

// Error implements the error interface.
func (e *YearError) Error() string {
	return fmt.Sprintf("penalty: unknown MRP year %d", e.Year)
}

// Unwrap returns [ErrUnknownYear].
func (e *YearError) Unwrap() error { return ErrUnknownYear }

// NoRuleError reports a query no catalogue row answers. It matches
// [ErrNoRule].
type NoRuleError struct {
	Query Query `json:"query"`
}

// Error implements the error interface.
func (e *NoRuleError) Error() string {
	return "penalty: no rule for " + e.Query.String()
}

// Unwrap returns [ErrNoRule].
func (e *NoRuleError) Unwrap() error { return ErrNoRule }

// UnconfirmedError reports that the row answering a query has no confirmed
// sanction. Rule is that row: it still carries the citation, source and
// note, so a caller can name the article even without an amount. It matches
// [ErrUnconfirmed].
type UnconfirmedError struct {
	Rule  Rule  `json:"rule"`
	Query Query `json:"query"`
}

// Error implements the error interface.
func (e *UnconfirmedError) Error() string {
	return fmt.Sprintf("penalty: sanction unconfirmed for %s under %s", e.Query, e.Rule.Citation)
}

// Unwrap returns [ErrUnconfirmed].
func (e *UnconfirmedError) Unwrap() error { return ErrUnconfirmed }

// QueryError reports a malformed [Query]. It matches [ErrInvalidQuery].
type QueryError struct {
	Query  Query  `json:"query"`
	Reason string `json:"reason"`
}

// Error implements the error interface.
func (e *QueryError) Error() string {
	return fmt.Sprintf("penalty: invalid query %s: %s", e.Query, e.Reason)
}

// Unwrap returns [ErrInvalidQuery].
func (e *QueryError) Unwrap() error { return ErrInvalidQuery }

// RuleError reports a [Rule] that fails validation. It matches
// [ErrInvalidRule].
type RuleError struct {
	Rule   Rule   `json:"rule"`
	Reason string `json:"reason"`
}

// Error implements the error interface.
func (e *RuleError) Error() string {
	return fmt.Sprintf("penalty: invalid rule %s: %s", e.Rule, e.Reason)
}

// Unwrap returns [ErrInvalidRule].
func (e *RuleError) Unwrap() error { return ErrInvalidRule }

// OverlapError reports two rows for the same offence, offender and repeat
// flag whose dates and tiers overlap, so that some query would match both.
// It matches [ErrOverlap].
type OverlapError struct {
	A Rule `json:"a"`
	B Rule `json:"b"`
}

// Error implements the error interface.
func (e *OverlapError) Error() string {
	return fmt.Sprintf("penalty: overlapping rules %s and %s", e.A, e.B)
}

// Unwrap returns [ErrOverlap].
func (e *OverlapError) Unwrap() error { return ErrOverlap }

// MRPError reports an [MRP] entry that fails validation. It matches
// [ErrInvalidMRP].
type MRPError struct {
	Entry  MRP    `json:"entry"`
	Reason string `json:"reason"`
}

// Error implements the error interface.
func (e *MRPError) Error() string {
	return fmt.Sprintf("penalty: invalid MRP entry for %d: %s", e.Entry.Year, e.Reason)
}

// Unwrap returns [ErrInvalidMRP].
func (e *MRPError) Unwrap() error { return ErrInvalidMRP }

// DuplicateYearError reports an MRP entry that starts on the same day as
// one already in the table (or given twice): the same year, and the same
// From. Have is the amount already present, Got the new one; they may be
// equal. It matches [ErrDuplicateYear].
type DuplicateYearError struct {
	Year int `json:"year"`
	// From is the entries' From: zero for entries from 1 January.
	From calendar.Date   `json:"from"`
	Have decimal.Decimal `json:"have"`
	Got  decimal.Decimal `json:"got"`
}

// Error implements the error interface.
func (e *DuplicateYearError) Error() string {
	if !e.From.IsZero() {
		return fmt.Sprintf("penalty: duplicate MRP year %d from %s (have %s, got %s)", e.Year, e.From, e.Have, e.Got)
	}
	return fmt.Sprintf("penalty: duplicate MRP year %d (have %s, got %s)", e.Year, e.Have, e.Got)
}

// Unwrap returns [ErrDuplicateYear].
func (e *DuplicateYearError) Unwrap() error { return ErrDuplicateYear }

// NameError reports enum text that names no value (UnmarshalText), or an
// out-of-range enum value (MarshalText, where Name is its String form). It
// matches [ErrUnknownName].
type NameError struct {
	Type string `json:"type"` // "offence", "offender", "business size", "confidence" or "pricing year"
	Name string `json:"name"` // the rejected text, cut to 64 bytes
}

// Error implements the error interface.
func (e *NameError) Error() string {
	return fmt.Sprintf("penalty: unknown %s %q", e.Type, e.Name)
}

// Unwrap returns [ErrUnknownName].
func (e *NameError) Unwrap() error { return ErrUnknownName }

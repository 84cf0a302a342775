package registration

import (
	"errors"
	"strings"
	"unicode"

	"github.com/migreg/migreg/internal/printable"
)

// ErrInvalid is matched by a *ValidationError: the input breaks one or
// more rules of form or content.
var ErrInvalid = errors.New("registration: invalid input")

// Code is a stable, machine-readable name for what is wrong with a field.
// Codes are API: they are stored, matched and translated, and never
// change.
type Code string

// The problem codes. Messages for each, in English, Russian, Kazakh and
// Uzbek, come from Messages (see NewMessages).
const (
	CodeRequired           Code = "required"             // the field is empty
	CodeInvalid            Code = "invalid"              // not a valid value of its kind
	CodeTooLong            Code = "too_long"             // longer than the system accepts
	CodeNotLatin           Code = "not_latin"            // a passport name must be in Latin letters
	CodeNotCyrillic        Code = "not_cyrillic"         // a Cyrillic name must be in Cyrillic letters
	CodeUnknownCountry     Code = "unknown_country"      // not an ISO 3166-1 alpha-3 code
	CodeNotForeign         Code = "not_foreign"          // a citizen of Kazakhstan is not an immigrant
	CodeVisaRequired       Code = "visa_required"        // the citizenship does not enter visa-free
	CodeExpiredBeforeEntry Code = "expired_before_entry" // the document expired before the entry date
	CodeExpired            Code = "expired"              // the document expired before the date of the act
	CodeAfterEntry         Code = "after_entry"          // a date that must precede the entry follows it
	CodeBeforeEntry        Code = "before_entry"         // a date that must follow the entry precedes it
	CodeMismatch           Code = "mismatch"             // two fields disagree (an IIN and a birth date)
	CodeNotAllowed         Code = "not_allowed"          // the field must be empty for this kind
	CodeInFuture           Code = "in_future"            // a date after the day of the act
	CodeNoRules            Code = "no_rules"             // no registration rules cover the date
	CodeOverlapsTrip       Code = "overlaps_trip"        // a border crossing inside a trip already recorded
	CodeInPast             Code = "in_past"              // a date that must not precede the day of the act does
)

// Problem is one thing wrong with an input: where (a dotted field path
// such as "person.document.expiry") and what (a Code).
type Problem struct {
	Path string `json:"path"`
	Code Code   `json:"code"`
}

// String returns "path: code", e.g. "person.document.expiry: expired_before_entry".
func (p Problem) String() string { return p.Path + ": " + string(p.Code) }

// ValidationError lists every problem found in an input, so that a person
// or a hotel system can fix them all in one go. It matches ErrInvalid.
// Its message names paths and codes only, never the values, so it is safe
// to log.
type ValidationError struct {
	Problems []Problem `json:"problems"`
}

// Error implements the error interface.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("registration: invalid input: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Has reports whether the error lists the problem.
func (e *ValidationError) Has(path string, code Code) bool {
	for _, p := range e.Problems {
		if p.Path == path && p.Code == code {
			return true
		}
	}
	return false
}

// problems collects problems under a path prefix.
type problems struct {
	list []Problem
}

func (ps *problems) add(path string, code Code) {
	ps.list = append(ps.list, Problem{Path: path, Code: code})
}

// err returns a *ValidationError, or nil when nothing was found.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps.list}
}

// blank reports whether s is empty or only white space, like
// strings.TrimSpace(s) == "", but stops at the first other character
// instead of trimming both ends (names and streets are often Cyrillic,
// which sends TrimSpace down its slow path).
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// maxText bounds every free-text field: long enough for any real name or
// street, short enough that a hostile input cannot bloat the store.
const maxText = MaxTextBytes

// text checks a free-text field whose path is prefix + "." + name; the
// path is built only for a problem, since every submission checks a
// dozen fields. An optional field is empty or holds text: one of white
// space only is invalid, as the certificate, which prints it, has it.
func (ps *problems) text(prefix, name, s string, required bool) {
	var code Code
	switch {
	case len(s) > maxText:
		code = CodeTooLong
	case blank(s):
		switch {
		case required:
			code = CodeRequired
		case s == "":
			return
		default:
			code = CodeInvalid
		}
	case !validText(s):
		code = CodeInvalid
	default:
		return
	}
	ps.add(prefix+"."+name, code)
}

// validText is the rule of every free-text field: printable text (no
// control or bidirectional formatting characters, the certificate's own
// rule) and no U+FFFD, which most likely marks text damaged before it
// reached the system.
func validText(s string) bool { return printable.Field(s) }

package registration

import (
	"encoding/json"
	"errors"

	"github.com/migreg/migreg/registration/penalty"
)

// Violation's JSON carries why a violation is unpriced, which its
// Unpriced field (an error) cannot carry by itself:
//
//	"unpriced": {"code": "unconfirmed", "message": "penalty: ...", "citation": {"article": 517}}

// unpricedCodes are the stable codes of the penalty errors that leave a
// violation unpriced; any other error is "other".
var unpricedCodes = [...]struct {
	code     string
	sentinel error
}{
	{"unconfirmed", penalty.ErrUnconfirmed},
	{"unknown_year", penalty.ErrUnknownYear},
	{"no_rule", penalty.ErrNoRule},
	{"invalid_query", penalty.ErrInvalidQuery},
}

// unpricedJSON is Violation.Unpriced on the wire.
type unpricedJSON struct {
	Code     string            `json:"code"`
	Message  string            `json:"message"`
	Citation *penalty.Citation `json:"citation,omitempty"`
}

// unpricedError is an Unpriced error read back from JSON: its text, the
// penalty sentinel its code names (errors.Is matches it) and the
// citation, if the original carried one.
type unpricedError struct {
	code, msg string
	citation  penalty.Citation
}

func (e *unpricedError) Error() string { return e.msg }

func (e *unpricedError) Is(target error) bool {
	for _, u := range unpricedCodes {
		if u.code == e.code {
			return target == u.sentinel
		}
	}
	return false
}

// violationFields is Violation without its methods, so that encoding it
// does not call MarshalJSON again.
type violationFields Violation

// violationJSON is a Violation on the wire.
type violationJSON struct {
	violationFields
	Unpriced *unpricedJSON `json:"unpriced,omitempty"`
}

// MarshalJSON writes the violation in snake_case, with Unpriced as
// {"code", "message", "citation"}: code is "unconfirmed", "unknown_year",
// "no_rule", "invalid_query" or "other", message the error's text (at
// most 500 bytes).
func (v Violation) MarshalJSON() ([]byte, error) {
	w := violationJSON{violationFields: violationFields(v)}
	if v.Unpriced != nil {
		u := &unpricedJSON{Code: "other", Message: cutText(v.Unpriced.Error(), 500)}
		for _, c := range unpricedCodes {
			if errors.Is(v.Unpriced, c.sentinel) {
				u.Code = c.code
				break
			}
		}
		if c := v.Citation(); c != (penalty.Citation{}) {
			u.Citation = &c
		}
		w.Unpriced = u
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes. Unpriced comes back as an
// error with the same text that matches the same penalty sentinel
// (errors.Is(v.Unpriced, penalty.ErrUnconfirmed)), and Citation reports
// the citation it was written with.
func (v *Violation) UnmarshalJSON(b []byte) error {
	var w violationJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = Violation(w.violationFields)
	if u := w.Unpriced; u != nil {
		e := &unpricedError{code: u.Code, msg: u.Message}
		if u.Citation != nil {
			e.citation = *u.Citation
		}
		v.Unpriced = e
	}
	return nil
}

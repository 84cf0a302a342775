package migreg

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// commandError is an error of a Service command: "migreg: submit: " and
// the cause, whose own "migreg: " prefix is dropped so that the text never
// reads "migreg: submit: migreg: ...". It unwraps to the cause, so errors.Is
// and errors.As see through it.
type commandError struct {
	cmd string
	err error
}

func (e *commandError) Error() string {
	return "migreg: " + e.cmd + ": " + strings.TrimPrefix(errorText(e.err), "migreg: ")
}

// errorText is the text of an error as the Service shows it, in an
// error, a String or a log record: with any foreigner's or host's ID in
// it masked (a reminder's message ID holds the foreigner's, and a store's
// text may echo it), and at most maxErrorText bytes.
func errorText(err error) string {
	return redact.Cut(redact.Pseudonyms(err.Error()), maxErrorText)
}

func (e *commandError) Unwrap() error { return e.err }

// wrap adds the command to an error without hiding its kind, once: an
// error of the same command (a sweep's failure to lapse a registration)
// is returned as it is.
func wrap(cmd string, err error) error {
	if err == nil {
		return nil
	}
	if ce, ok := err.(*commandError); ok && ce.cmd == cmd {
		return err
	}
	return &commandError{cmd: cmd, err: err}
}

// maxEchoedID is how much of an ID the Service accepts: registration IDs
// are at most 128 bytes (registration.Submission.Validate), and an ID
// longer than that names nothing, so it is refused before any store sees
// it, and never echoed in full by an error.
const maxEchoedID = 128

// checkID refuses an empty registration ID, one longer than any ID the
// Service stores, and one no store can keep (invalid UTF-8 or a NUL: the
// stores would answer store.ErrInvalid, a storage error, for a caller's
// bad input), as a *registration.ValidationError under path.
func checkID(path string, id string) error {
	switch {
	case id == "":
		return problem(path, registration.CodeRequired)
	case len(id) > maxEchoedID:
		return problem(path, registration.CodeTooLong)
	case !store.Storable(id):
		return problem(path, registration.CodeInvalid)
	}
	return nil
}

// ErrorCode is the stable, machine-readable kind of a [WireError]: what a
// client program switches on. Codes never change; new ones may be added.
type ErrorCode string

// The error codes: one per sentinel error a caller of the Service
// matches, and no sentinel shares its code with another; "internal" for
// anything else.
const (
	CodeOverLimit           ErrorCode = "over_limit"           // registration.ErrLimit: see Problems
	CodeInvalid             ErrorCode = "invalid"              // registration.ErrInvalid: see Problems
	CodeRefused             ErrorCode = "refused"              // registration.ErrRefused: see Reason
	CodeForbidden           ErrorCode = "forbidden"            // registration.ErrForbidden
	CodeInvalidTransition   ErrorCode = "invalid_transition"   // registration.ErrInvalidTransition
	CodeTooLate             ErrorCode = "too_late"             // registration.ErrTooLate
	CodeNotDue              ErrorCode = "not_due"              // registration.ErrNotDue
	CodeNoRules             ErrorCode = "no_rules"             // registration.ErrNoRules
	CodeIdempotencyMismatch ErrorCode = "idempotency_mismatch" // ErrIdempotencyMismatch
	CodeNotActive           ErrorCode = "not_active"           // ErrNotActive
	CodeNotFound            ErrorCode = "not_found"            // ErrNotFound
	CodeConflict            ErrorCode = "conflict"             // ErrConflict
	CodeDuplicate           ErrorCode = "duplicate"            // store.ErrDuplicate
	CodeInvalidRecord       ErrorCode = "invalid_record"       // store.ErrInvalid
	CodeCommitUnknown       ErrorCode = "commit_unknown"       // ErrCommitUnknown
	CodeUnavailable         ErrorCode = "unavailable"          // ErrUnavailable
	CodeClosed              ErrorCode = "closed"               // ErrClosed
	CodeCanceled            ErrorCode = "canceled"             // context.Canceled
	CodeDeadlineExceeded    ErrorCode = "deadline_exceeded"    // context.DeadlineExceeded
	CodeInternal            ErrorCode = "internal"             // anything else
)

// errorKinds pairs each code with its sentinel, in the order WireErrorOf
// tries them, and says whether the error's own text is public: the
// domain's texts name registrations, states and field paths only; a
// store's or an unknown error's text may quote what a database said, so
// it is replaced by a fixed one.
var errorKinds = [...]struct {
	code     ErrorCode
	sentinel error
	text     string // the public text, when the error's own is not
}{
	// Before CodeInvalid: an input over a limit is also invalid input,
	// and the more specific code is the one a client can act on.
	{CodeOverLimit, registration.ErrLimit, ""},
	{CodeInvalid, registration.ErrInvalid, ""},
	{CodeRefused, registration.ErrRefused, ""},
	{CodeForbidden, registration.ErrForbidden, ""},
	{CodeInvalidTransition, registration.ErrInvalidTransition, ""},
	{CodeTooLate, registration.ErrTooLate, ""},
	{CodeNotDue, registration.ErrNotDue, ""},
	{CodeNoRules, registration.ErrNoRules, ""},
	{CodeIdempotencyMismatch, ErrIdempotencyMismatch, ""},
	{CodeNotActive, ErrNotActive, ""},
	{CodeNotFound, store.ErrNotFound, "not found"},
	{CodeConflict, store.ErrConflict, "the record changed meanwhile: read it again and retry"},
	{CodeDuplicate, store.ErrDuplicate, "a record with that key already exists"},
	{CodeInvalidRecord, store.ErrInvalid, "the request cannot be stored as given"},
	{CodeCommitUnknown, store.ErrCommitUnknown, "the outcome of the commit is unknown: retry the same request"},
	{CodeUnavailable, store.ErrUnavailable, "the database is unavailable: nothing was stored; try again later"},
	{CodeClosed, store.ErrClosed, "the store is closed"},
	{CodeCanceled, context.Canceled, "the request was canceled"},
	{CodeDeadlineExceeded, context.DeadlineExceeded, "the request ran out of time"},
}

// maxErrorText bounds the Message of a WireError.
const maxErrorText = 1000

// WireError is the public form of an error the Service returns: what a
// back end sends its client (a PMS, an app) instead of err.Error(), and
// how BatchResult.Err travels in JSON. It carries a stable Code, an
// English Message without personal data and at most 1,000 bytes long, and
// for invalid input every Problem with its field path and code (translate
// them with registration.Messages).
//
// A WireError is itself an error that matches what it stands for:
// errors.Is(w, registration.ErrInvalid) for an "invalid" one (and
// errors.As finds its *registration.ValidationError), errors.Is(w,
// ErrNotFound) for "not_found", and so on; so a Go client that decodes a
// BatchResult from JSON matches its error's sentinel as it would the
// Service's own. Of the typed errors only those two travel: a read-back
// error is not a *registration.LimitError, *registration.ForbiddenError
// or *registration.TransitionError (match registration.ErrLimit,
// ErrForbidden or ErrInvalidTransition instead).
type WireError struct {
	Code    ErrorCode `json:"code"`
	Message string    `json:"message"`
	// Problems lists every problem of invalid input (Code "invalid", or
	// "over_limit" with the field over its limit).
	Problems []registration.Problem `json:"problems,omitempty"`
	// Reason is the ground of a refusal (Code "refused"), e.g.
	// "stay_limit_violation".
	Reason registration.ReasonCode `json:"reason,omitzero"`
	// LatestExit is, for a booking refused because its planned end is
	// past the stay limits, the last day the stay may end on.
	LatestExit calendar.Date `json:"latest_exit,omitzero"`
}

// WireErrorOf returns the public form of err, or nil for a nil err.
func WireErrorOf(err error) *WireError {
	if err == nil {
		return nil
	}
	var we *WireError
	if errors.As(err, &we) {
		c := *we
		return &c
	}
	out := &WireError{Code: CodeInternal, Message: "internal error"}
	for _, k := range errorKinds {
		if errors.Is(err, k.sentinel) {
			out.Code, out.Message = k.code, k.text
			if k.text == "" {
				out.Message = errorText(err)
			}
			break
		}
	}
	out.Problems = problemsOf(err)
	var re *registration.RefusalError
	if errors.As(err, &re) {
		out.Reason, out.LatestExit = re.Ground, re.LatestExit
	}
	return out
}

// problemsOf returns the problems of every *registration.ValidationError
// in err's tree, in order, each once: a command that checks several
// inputs joins their errors (errors.Join), and errors.As would find only
// the first. A *GroupError gives only its own, which list every member's
// problems under the member's path.
func problemsOf(err error) []registration.Problem {
	var out []registration.Problem
	var walk func(error)
	walk = func(e error) {
		var ve *registration.ValidationError
		switch u := e.(type) {
		case *registration.ValidationError:
			for _, p := range u.Problems {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		case *GroupError:
			if errors.As(u, &ve) {
				walk(ve)
			}
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			if x := u.Unwrap(); x != nil {
				walk(x)
			}
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// Error returns the Message.
func (e *WireError) Error() string { return e.Message }

// Unwrap returns what the error stands for: the sentinel of its Code,
// for invalid input a *registration.ValidationError with its Problems
// (which itself matches registration.ErrInvalid), and for a refusal a
// *registration.RefusalError with its ground and LatestExit.
func (e *WireError) Unwrap() []error {
	var out []error
	for _, k := range errorKinds {
		if k.code == e.Code {
			out = append(out, k.sentinel)
		}
	}
	if len(e.Problems) > 0 {
		out = append(out, &registration.ValidationError{Problems: e.Problems})
	}
	if e.Code == CodeRefused && e.Reason != 0 {
		// So that errors.As finds the ground and, for a planned end past
		// the stay limits, the LatestExit.
		out = append(out, &registration.RefusalError{Ground: e.Reason, LatestExit: e.LatestExit})
	}
	return out
}

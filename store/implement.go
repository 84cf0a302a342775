package store

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
)

// What follows is for store implementations and the conformance suite,
// not for callers of a store (see "For implementers" in the package
// documentation): the checks every store applies before it writes, so
// that all refuse the same records, and what every store needs to page
// and filter listings alike.

// Listings.

// NewCursor encodes the key of the last item of a page as a cursor. It is
// for store implementations, so that every store's cursors have one form:
// the parts are joined with NUL bytes and encoded in URL-safe base64.
// Parts must not contain NUL. (The contract also lets a caller resume
// [ReadTx.Registrations] after a known ID with NewCursor(string(id)).)
func NewCursor(parts ...string) Cursor {
	return Cursor(base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x00"))))
}

// Parts decodes a cursor made by NewCursor with n parts; anything else is
// an error matching ErrInvalid. It is for store implementations, which
// read from Page.After the key their previous page ended on.
func (c Cursor) Parts(n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(string(c))
	parts := strings.Split(string(b), "\x00")
	if err != nil || len(parts) != n {
		return nil, fmt.Errorf("%w: malformed cursor", ErrInvalid)
	}
	return parts, nil
}

// Size returns the effective limit of the page, or an error matching
// ErrInvalid. It is for store implementations, so that every store reads
// a zero Limit as DefaultLimit and refuses one out of range alike.
func (p Page) Size() (int, error) {
	switch {
	case p.Limit == 0:
		return DefaultLimit, nil
	case p.Limit < 0 || p.Limit > MaxLimit:
		return 0, errors.Join(ErrInvalid, errors.New("store: page limit out of range"))
	}
	return p.Limit, nil
}

// Matches reports whether r passes the filter. It is for store
// implementations, which may use it for the parts of a filter they cannot
// index.
func (f Filter) Matches(r *registration.Registration) bool {
	if f.Foreigner != "" && r.Foreigner != f.Foreigner {
		return false
	}
	if f.Host != "" && r.HostID != f.Host {
		return false
	}
	if len(f.States) == 0 {
		return true
	}
	for _, s := range f.States {
		if r.State == s {
			return true
		}
	}
	return false
}

// Matches reports whether d passes the query. It is for store
// implementations, which may use it for the parts of a query they cannot
// index.
func (q DeadlineQuery) Matches(d *Deadline) bool {
	if d.Due.After(q.Through) || (!q.From.IsZero() && d.Due.Before(q.From)) {
		return false
	}
	if q.Foreigner != "" && d.Foreigner != q.Foreigner {
		return false
	}
	if len(q.Kinds) == 0 {
		return true
	}
	for _, k := range q.Kinds {
		if d.Kind == k {
			return true
		}
	}
	return false
}

// Record checks shared by every store, so that they refuse the same
// records: a key must be valid UTF-8 without NUL bytes (cursors separate
// parts with NUL, and PostgreSQL stores no NUL), and an instant must lie
// in the years 1 to 9999 (or be zero) so that every database stores and
// orders it.

// checkKey reports an unusable key.
func checkKey(what, s string, required bool) error {
	switch {
	case s == "" && required:
		return fmt.Errorf("%w: empty %s", ErrInvalid, what)
	case !validKey(s):
		return fmt.Errorf("%w: %s is not valid text", ErrInvalid, what)
	}
	return nil
}

// validKey reports whether s is valid UTF-8 without NUL bytes.
func validKey(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// checkInstant reports an instant outside the years 1 to 9999.
func checkInstant(what string, t time.Time) error {
	// The bounds as Unix seconds: 0001-01-01 and 10000-01-01, UTC.
	const first, past = -62135596800, 253402300800
	if t.IsZero() {
		return nil
	}
	if u := t.Unix(); u < first || u >= past {
		return fmt.Errorf("%w: %s in the year %d", ErrInvalid, what, t.UTC().Year())
	}
	return nil
}

// Validate reports a deadline no store can keep: no kind, foreigner or due
// date, or keys that are not valid text. The error matches ErrInvalid. It
// is for store implementations, whose PutDeadline calls it.
func (d Deadline) Validate() error {
	if !d.Kind.known() || d.Due.IsZero() {
		return fmt.Errorf("%w: a deadline needs a known kind and a due date", ErrInvalid)
	}
	return errors.Join(checkKey("foreigner", string(d.Foreigner), true), checkKey("subject", d.Subject, false),
		checkKey("registration", string(d.Registration), false))
}

// Validate reports an idempotency record no store can keep; the error
// matches ErrInvalid. It is for store implementations, whose
// PutIdempotency calls it.
func (r IdempotencyRecord) Validate() error {
	return errors.Join(checkKey("idempotency key", r.Key, true), checkKey("fingerprint", r.Fingerprint, false),
		checkKey("registration", string(r.Registration), false), checkInstant("created at", r.CreatedAt))
}

// Validate reports an outbox message no store can keep; the error matches
// ErrInvalid. Free text (LastError) is not checked: stores keep what they
// can of it. It is for store implementations, whose Enqueue and
// UpdateMessage call it.
func (m Message) Validate() error {
	return errors.Join(checkKey("message ID", m.ID, true), checkKey("kind", m.Kind, false), checkKey("recipient", m.To, false),
		checkKey("registration", string(m.Registration), false), checkInstant("created at", m.CreatedAt),
		checkInstant("next attempt", m.NextAttempt), checkInstant("delivered at", m.DeliveredAt))
}

// Validate reports a certificate record no store can keep; the error
// matches ErrInvalid. It is for store implementations, whose
// PutCertificate calls it.
func (c Certificate) Validate() error {
	if c.Token == "" {
		return fmt.Errorf("%w: a certificate needs a token", ErrInvalid)
	}
	return errors.Join(checkKey("registration", string(c.Registration), true), checkKey("number", c.Number, false),
		checkKey("token", c.Token, true), checkInstant("issued at", c.IssuedAt))
}

// CheckTrip reports a trip no store can keep: no foreigner, no entry, an
// exit before the entry. The error matches ErrInvalid. It is for store
// implementations, whose PutTrip calls it.
func CheckTrip(foreigner registration.ForeignerID, t stay.Trip) error {
	if t.Entry.IsZero() || (!t.Exit.IsZero() && t.Exit.Before(t.Entry)) {
		return fmt.Errorf("%w: trip %v", ErrInvalid, t)
	}
	return checkKey("foreigner", string(foreigner), true)
}

// CheckForeigner reports a person no store can key: an empty ID or one
// that is not valid text, or a person without a citizenship or a
// document number. The error matches ErrInvalid. It is
// for store implementations, whose PutForeigner calls it.
func CheckForeigner(id registration.ForeignerID, p registration.Person) error {
	if err := checkKey("foreigner", string(id), true); err != nil {
		return err
	}
	if p.Citizenship == "" || p.Document.Number == "" {
		return fmt.Errorf("%w: a foreigner needs a citizenship and a document number", ErrInvalid)
	}
	return nil
}

// CheckLock reports a foreigner Lock cannot lock: an empty ID or one that
// is not valid text. The error matches ErrInvalid. It is for store
// implementations, whose Lock calls it.
func CheckLock(foreigner registration.ForeignerID) error {
	return checkKey("foreigner", string(foreigner), true)
}

// CheckNewRegistration reports a registration CreateRegistration must
// refuse before looking at what is stored: no ID, no foreigner, no version,
// a first event that is not the registration's submission carrying its
// data (ErrInvalid: registration.Replay could not rebuild it), or events
// not numbered 1 .. Version (ErrConflict). It is for store
// implementations, whose CreateRegistration calls it.
func CheckNewRegistration(r registration.Registration, events []registration.Event) error {
	if r.ID == "" || r.Foreigner == "" || r.Version < 1 {
		return fmt.Errorf("%w: registration needs an ID, a foreigner and a version", ErrInvalid)
	}
	if err := CheckEvents(r.ID, events, 1, r.Version); err != nil {
		return err
	}
	if first := events[0]; first.Type != registration.EventSubmitted || first.Submission == nil || first.Submission.ID != r.ID {
		return fmt.Errorf("%w: registration %s: the first event must be its submission, with its data", ErrInvalid, r.ID)
	}
	return nil
}

// CheckEvents reports events that are not numbered from .. to for the
// registration id, as the contract's append-only event log requires. The
// error matches ErrConflict. It is for store implementations, whose
// UpdateRegistration calls it (CreateRegistration's check,
// CheckNewRegistration, does too).
func CheckEvents(id registration.ID, events []registration.Event, from, to int) error {
	if len(events) != to-from+1 {
		return fmt.Errorf("%w: registration %s: %d events for versions %d..%d", ErrConflict, id, len(events), from, to)
	}
	for i, e := range events {
		if e.Registration != id || e.Seq != from+i {
			return fmt.Errorf("%w: registration %s: event %d out of sequence", ErrConflict, id, e.Seq)
		}
	}
	return nil
}

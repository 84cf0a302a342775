package store

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
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
	if err != nil || len(parts) != n || !Storable(parts...) {
		return nil, fmt.Errorf("%w: malformed cursor", ErrInvalid)
	}
	return parts, nil
}

// ByKey returns the page's limit (see Size) and the key a page of a
// listing by one key (Registrations, Foreigners) continues after, "" for
// the first page, or an error matching ErrInvalid. It is for store
// implementations.
func (p Page) ByKey() (limit int, after string, err error) {
	if limit, err = p.Size(); err != nil || p.After == "" {
		return limit, "", err
	}
	parts, err := p.After.Parts(1)
	if err != nil {
		return 0, "", err
	}
	return limit, parts[0], nil
}

// DeadlineCursor returns the cursor after d in a listing of deadlines, in
// the one form every store writes. It is for store implementations.
func DeadlineCursor(d Deadline) Cursor {
	return NewCursor(d.Due.String(), d.Kind.String(), string(d.Foreigner), d.Subject)
}

// ByDeadline returns the page's limit (see Size) and the deadline a page
// of ReadTx.Deadlines continues after (its cursor made by
// DeadlineCursor), the zero Deadline for the first page, or an error
// matching ErrInvalid. It is for store implementations.
func (p Page) ByDeadline() (limit int, after Deadline, err error) {
	if limit, err = p.Size(); err != nil || p.After == "" {
		return limit, Deadline{}, err
	}
	parts, err := p.After.Parts(4)
	if err != nil {
		return 0, Deadline{}, err
	}
	due, err1 := calendar.ParseDate(parts[0])
	kind, err2 := ParseDeadlineKind(parts[1])
	if err1 != nil || err2 != nil {
		return 0, Deadline{}, fmt.Errorf("%w: malformed cursor", ErrInvalid)
	}
	key := DeadlineKey{Kind: kind, Foreigner: registration.ForeignerID(parts[2]), Subject: parts[3]}
	return limit, Deadline{Due: due, DeadlineKey: key}, nil
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

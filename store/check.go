package store

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
)

// Record checks shared by every store, so that they refuse the same
// records (each store's write methods call them before any other work):
// every string a store keeps, key or text, must be valid UTF-8 (the SQL
// stores would give back U+FFFD in place of a byte that is not), without
// NUL bytes (cursors separate parts with NUL, and PostgreSQL stores no
// NUL), and at most MaxStringBytes long (PostgreSQL cannot index a longer
// key); an instant must lie in the years 1 to 9999 (or be zero) so that
// every database stores and orders it.

// MaxStringBytes bounds every string a store keeps: the keys (IDs,
// idempotency keys, message IDs, deadline subjects) and the texts of
// registrations, their events and persons. The Service's own limits keep
// what it derives well under it (README, "Limits"); PostgreSQL indexes
// keys up to 2,704 bytes. A longer string is refused with an error that
// matches ErrInvalid and is a *registration.LimitError ("string_bytes").
// A certificate's token and a message's body and last error are not
// bounded by it.
const MaxStringBytes = 512

// checkKey reports an unusable key.
func checkKey(what, s string, required bool) error {
	if s == "" && required {
		return fmt.Errorf("%w: empty %s", ErrInvalid, what)
	}
	return checkString(what, s)
}

// checkString reports a string no store can keep as given.
func checkString(what, s string) error {
	switch {
	case len(s) > MaxStringBytes:
		return fmt.Errorf("%w: %w", ErrInvalid, &registration.LimitError{Limit: "string_bytes", Max: MaxStringBytes, Got: len(s), Path: what})
	case !validKey(s):
		return fmt.Errorf("%w: %s is not valid text", ErrInvalid, what)
	}
	return nil
}

// Storable reports whether every one of keys is a string a store can keep
// (see CheckStrings). A lookup by a key that is not finds nothing: every
// store answers it with ErrNotFound, or an empty listing, without asking
// its database (PostgreSQL refuses such a query and aborts the
// transaction). It is for store implementations, whose lookups by key
// call it.
func Storable(keys ...string) bool {
	for _, k := range keys {
		if len(k) > MaxStringBytes || !validKey(k) {
			return false
		}
	}
	return true
}

// validKey reports whether s is valid UTF-8 without NUL bytes.
func validKey(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// CheckStrings reports the first string in record (a value of any of the
// contract's record types, or a slice of them) that no store can keep:
// over MaxStringBytes, invalid UTF-8 or with a NUL byte. The error
// matches ErrInvalid. The Check and Validate functions of this package
// call it; it is for store implementations that check records their own
// way.
func CheckStrings(record any) error {
	return checkStrings(reflect.TypeOf(record).Name(), reflect.ValueOf(record))
}

// checkStrings applies checkString to every string in v, a record:
// exported struct fields, followed through pointers and slices. It reads
// the record's shape by reflection, so that a field added to a record is
// checked without anyone remembering to. what names v in the error, with
// the path to the string refused (".Person.Surname"), which is built only
// then: a store runs this on every write.
func checkStrings(what string, v reflect.Value) error {
	path, s, found := badString(v)
	if !found {
		return nil
	}
	return checkString(what+path, s)
}

// badString returns the first string in v that checkString refuses, with
// its path from v.
func badString(v reflect.Value) (path, s string, found bool) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		return "", s, len(s) > MaxStringBytes || !validKey(s)
	case reflect.Pointer:
		if !v.IsNil() {
			return badString(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			if path, s, found := badString(v.Index(i)); found {
				return path, s, true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			// CanInterface is false for unexported fields; it asks
			// without building the field's reflect.StructField.
			if f := v.Field(i); f.CanInterface() {
				if path, s, found := badString(f); found {
					return "." + v.Type().Field(i).Name + path, s, true
				}
			}
		}
	}
	return "", "", false
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

// CheckMessages reports a batch of outbox messages Enqueue must refuse
// whole: one that Validate refuses (ErrInvalid), or two with one ID
// (ErrDuplicate). It is for store implementations, whose Enqueue calls it
// before it stores any; a store then refuses an ID it holds already.
func CheckMessages(msgs []Message) error {
	seen := make(map[string]bool, len(msgs))
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return err
		}
		if seen[m.ID] {
			return fmt.Errorf("%w: message %s", ErrDuplicate, redact.ID(m.ID))
		}
		seen[m.ID] = true
	}
	return nil
}

// Validate reports a certificate record no store can keep; the error
// matches ErrInvalid. It is for store implementations, whose
// PutCertificate calls it.
func (c Certificate) Validate() error {
	if c.Token == "" || !validKey(c.Token) {
		return fmt.Errorf("%w: a certificate needs a token of valid text", ErrInvalid)
	}
	return errors.Join(checkKey("registration", string(c.Registration), true), checkKey("number", c.Number, false),
		checkInstant("issued at", c.IssuedAt))
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

// CheckForeigner reports a person no store can key or keep: an empty ID
// or one that is not valid text, a person without a citizenship or a
// document number, or with a string no store can keep (see
// MaxStringBytes). The error matches ErrInvalid. It is for store
// implementations, whose PutForeigner calls it.
func CheckForeigner(id registration.ForeignerID, p registration.Person) error {
	if err := checkKey("foreigner", string(id), true); err != nil {
		return err
	}
	if p.Citizenship == "" || p.Document.Number == "" {
		return fmt.Errorf("%w: a foreigner needs a citizenship and a document number", ErrInvalid)
	}
	return checkStrings("person", reflect.ValueOf(p))
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
// data (ErrInvalid: registration.Replay could not rebuild it), events not
// numbered 1 .. Version (ErrConflict), or a string no store can keep in
// the registration or its events (ErrInvalid; see MaxStringBytes). It is
// for store implementations, whose CreateRegistration calls it.
func CheckNewRegistration(r registration.Registration, events []registration.Event) error {
	if r.ID == "" || r.Foreigner == "" || r.Version < 1 {
		return fmt.Errorf("%w: registration needs an ID, a foreigner and a version", ErrInvalid)
	}
	if err := checkStrings("registration", reflect.ValueOf(r)); err != nil {
		return err
	}
	if err := CheckEvents(r.ID, events, 1, r.Version); err != nil {
		return err
	}
	if first := events[0]; first.Type != registration.EventSubmitted || first.Submission == nil || first.Submission.ID != r.ID {
		return fmt.Errorf("%w: registration %s: the first event must be its submission, with its data", ErrInvalid, r.ID)
	}
	return nil
}

// CheckUpdate reports what UpdateRegistration must refuse before looking
// at what is stored: a new version that does not follow expected
// (ErrConflict), or events that are not its versions (CheckEvents). It is
// for store implementations, so that every store refuses the same update
// with the same error.
func CheckUpdate(r registration.Registration, expected int, events []registration.Event) error {
	if r.Version <= expected {
		return fmt.Errorf("%w: registration %s: new version %d does not follow %d", ErrConflict, redact.ID(string(r.ID)), r.Version, expected)
	}
	return CheckEvents(r.ID, events, expected+1, r.Version)
}

// CheckEvents reports events that are not numbered from .. to for the
// registration id, as the contract's append-only event log requires
// (ErrConflict), or that hold a string no store can keep, such as an
// actor's ID or a reason's note of invalid UTF-8 (ErrInvalid; see
// MaxStringBytes). It is for store implementations, whose
// UpdateRegistration calls it (CreateRegistration's check,
// CheckNewRegistration, does too).
func CheckEvents(id registration.ID, events []registration.Event, from, to int) error {
	if len(events) != to-from+1 {
		return fmt.Errorf("%w: registration %s: %d events for versions %d..%d", ErrConflict, redact.ID(string(id)), len(events), from, to)
	}
	for i, e := range events {
		if e.Registration != id || e.Seq != from+i {
			return fmt.Errorf("%w: registration %s: event %d out of sequence", ErrConflict, redact.ID(string(id)), e.Seq)
		}
	}
	return checkStrings("event", reflect.ValueOf(events))
}

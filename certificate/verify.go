package certificate

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
)

// The reasons a well-formed token fails verification, matched by a
// *VerifyError. A token that is not well formed is a *DecodeError matching
// ErrMalformed.
var (
	ErrUnknownKey   = errors.New("certificate: unknown key")
	ErrBadSignature = errors.New("certificate: bad signature")
	ErrNotYetValid  = errors.New("certificate: not yet valid")
	ErrExpired      = errors.New("certificate: expired")
	ErrRevoked      = errors.New("certificate: revoked")
	// ErrKeyOutOfPeriod: the certificate was signed (by its IssuedAt)
	// outside the period its key was trusted for, as a retired key would
	// sign.
	ErrKeyOutOfPeriod = errors.New("certificate: signed outside its key's period")
)

// VerifyError reports why a well-formed token was not accepted. It matches
// its Reason: ErrUnknownKey, ErrBadSignature, ErrNotYetValid, ErrExpired or
// ErrRevoked or ErrKeyOutOfPeriod. Number and KeyID are what the token claims; they are only
// trustworthy when Reason comes after the signature check (dates and
// revocation).
type VerifyError struct {
	Reason error  `json:"-"`
	Number Number `json:"number"`
	KeyID  string `json:"key_id"`
	// On is the date of the check; ValidFrom and ValidUntil the period of
	// the certificate, set for ErrNotYetValid and ErrExpired.
	On         calendar.Date `json:"on"`
	ValidFrom  calendar.Date `json:"valid_from"`
	ValidUntil calendar.Date `json:"valid_until"`
}

// Error implements the error interface.
func (e *VerifyError) Error() string {
	switch e.Reason {
	case ErrUnknownKey:
		return fmt.Sprintf("%v %q (certificate %v)", e.Reason, e.KeyID, e.Number)
	case ErrKeyOutOfPeriod:
		return fmt.Sprintf("%v: certificate %v, key %s", e.Reason, e.Number, e.KeyID)
	case ErrNotYetValid:
		return fmt.Sprintf("%v: certificate %v is valid from %v, checked on %v", e.Reason, e.Number, e.ValidFrom, e.On)
	case ErrExpired:
		return fmt.Sprintf("%v: certificate %v was valid until %v, checked on %v", e.Reason, e.Number, e.ValidUntil, e.On)
	}
	return fmt.Sprintf("%v: certificate %v, key %s", e.Reason, e.Number, e.KeyID)
}

// Unwrap returns the Reason.
func (e *VerifyError) Unwrap() error { return e.Reason }

// verifyErrors are the codes of VerifyError.Reason in JSON.
var verifyErrors = map[string]error{
	"unknown_key": ErrUnknownKey, "bad_signature": ErrBadSignature, "not_yet_valid": ErrNotYetValid,
	"expired": ErrExpired, "revoked": ErrRevoked, "key_out_of_period": ErrKeyOutOfPeriod,
}

// MarshalJSON writes the fields and "error", the code of Reason ("unknown_key", "bad_signature", "not_yet_valid", "expired",
// "revoked" or "key_out_of_period";
// left out for any other error), so that the error read back matches
// what it matched.
func (e VerifyError) MarshalJSON() ([]byte, error) {
	type fields VerifyError // without the methods
	w := struct {
		fields
		Code string `json:"error,omitempty"`
	}{fields: fields(e)}
	for code, err := range verifyErrors {
		if err == e.Reason {
			w.Code = code
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes. A code it does not know is
// an error matching ErrUnknownName; no code leaves Reason nil.
func (e *VerifyError) UnmarshalJSON(b []byte) error {
	type fields VerifyError
	var w struct {
		fields
		Code string `json:"error,omitempty"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	cause, ok := verifyErrors[w.Code]
	if !ok && w.Code != "" {
		return fmt.Errorf("%w: verification error %q", ErrUnknownName, w.Code[:min(len(w.Code), 32)])
	}
	*e = VerifyError(w.fields)
	e.Reason = cause
	return nil
}

// KeySet is the set of public keys a verifier trusts, by key ID, each for
// a period. Rotating keys means trusting the new key before the issuer
// uses it, then closing the old key's period (WithPeriod, Until) at the
// instant the issuer stopped using it, and dropping it once its
// certificates have expired; in between both are in the set, and a
// certificate the old key signs after its period fails with
// ErrKeyOutOfPeriod.
//
// A KeySet is immutable: With, WithPeriod and Without return new sets. It
// is safe for concurrent use, and its zero value is the empty set, which
// trusts nothing.
type KeySet struct {
	keys map[string]trustedKey
}

// KeyPeriod is when a key may sign: a certificate whose IssuedAt is
// before From or after Until does not verify. A zero bound is open.
type KeyPeriod struct {
	From  time.Time `json:"from,omitzero"`
	Until time.Time `json:"until,omitzero"`
}

// contains reports whether t falls in the period.
func (p KeyPeriod) contains(t time.Time) bool {
	return (p.From.IsZero() || !t.Before(p.From)) && (p.Until.IsZero() || !t.After(p.Until))
}

type trustedKey struct {
	pub    ed25519.PublicKey
	period KeyPeriod
}

// NewKeySet returns the set of the given keys, copied, each trusted with
// an open period (WithPeriod bounds one). A key ID that NewIssuer would
// reject, or a key that is not 32 bytes, is an error matching
// ErrInvalidKey.
func NewKeySet(keys map[string]ed25519.PublicKey) (KeySet, error) {
	s := KeySet{keys: make(map[string]trustedKey, len(keys))}
	for id, pub := range keys {
		if err := checkPublicKey(id, pub); err != nil {
			return KeySet{}, err
		}
		s.keys[id] = trustedKey{pub: bytes.Clone(pub)}
	}
	return s, nil
}

func checkPublicKey(id string, pub ed25519.PublicKey) error {
	if !validKeyID(id) {
		return fmt.Errorf("%w: key ID %q: want 1 to %d of A-Z a-z 0-9 . - _", ErrInvalidKey, redact.Cut(id, maxKeyID+8), maxKeyID)
	}
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: public key %q of %d bytes, want %d", ErrInvalidKey, id, len(pub), ed25519.PublicKeySize)
	}
	return nil
}

// With returns s with the key pub trusted under id with an open period,
// replacing any key of that ID. Its errors are NewKeySet's.
func (s KeySet) With(id string, pub ed25519.PublicKey) (KeySet, error) {
	return s.WithPeriod(id, pub, KeyPeriod{})
}

// WithPeriod returns s with the key pub trusted under id for the period p,
// replacing any key of that ID. Its errors are NewKeySet's, and one
// matching ErrInvalidKey for a period that ends before it starts.
func (s KeySet) WithPeriod(id string, pub ed25519.PublicKey, p KeyPeriod) (KeySet, error) {
	if err := checkPublicKey(id, pub); err != nil {
		return KeySet{}, err
	}
	if !p.From.IsZero() && !p.Until.IsZero() && p.Until.Before(p.From) {
		return KeySet{}, fmt.Errorf("%w: key %q: period ends before it starts", ErrInvalidKey, id)
	}
	m := maps.Clone(s.keys)
	if m == nil {
		m = make(map[string]trustedKey, 1)
	}
	m[id] = trustedKey{pub: bytes.Clone(pub), period: p}
	return KeySet{keys: m}, nil
}

// Period returns the period the key id is trusted for, if it is in s.
func (s KeySet) Period(id string) (KeyPeriod, bool) {
	k, ok := s.keys[id]
	return k.period, ok
}

// Without returns s without the key id.
func (s KeySet) Without(id string) KeySet {
	if _, ok := s.keys[id]; !ok {
		return s
	}
	m := maps.Clone(s.keys)
	delete(m, id)
	return KeySet{keys: m}
}

// Key returns a copy of the key trusted under id, if any.
func (s KeySet) Key(id string) (ed25519.PublicKey, bool) {
	k, ok := s.keys[id]
	return bytes.Clone(k.pub), ok
}

// IDs returns the trusted key IDs in order.
func (s KeySet) IDs() []string { return slices.Sorted(maps.Keys(s.keys)) }

// Len returns the number of trusted keys.
func (s KeySet) Len() int { return len(s.keys) }

// Revocations tells whether a certificate was revoked after it was issued.
// A certificate is revoked as soon as its registration stops being active:
// the foreigner left or the stay ended, moved and registered at a new
// address, or an authority annulled it; see [Revokes]. The Service
// provides one backed by its store, which finds the certificate by its
// [Number] (it carries no registration ID); the lookup may do I/O, hence
// the context.
//
// Implementations should be safe for concurrent use; Verifier calls
// Revoked only for certificates whose signature and dates are good.
type Revocations interface {
	Revoked(ctx context.Context, c Certificate) (bool, error)
}

// RevocationFunc adapts a function to Revocations.
type RevocationFunc func(ctx context.Context, c Certificate) (bool, error)

// Revoked calls f.
func (f RevocationFunc) Revoked(ctx context.Context, c Certificate) (bool, error) { return f(ctx, c) }

// Revokes reports whether a registration in state s revokes its
// certificate: every state but confirmed, the only one a certificate is
// issued in. So a registration that ends revokes its certificate for
// online checks at once, whatever its ValidUntil: ended (the foreigner
// left, or the stay ended), superseded (docs/legal.md Part A, step 6: the
// old address is removed when the foreigner registers at a new one) and
// annulled (step 7). An offline check still sees the signed period.
func Revokes(s registration.State) bool {
	return s != registration.Confirmed
}

// Verifier checks tokens against the keys it trusts and, if Revocations
// is set, against revocation. A Verifier is a plain value, safe for
// concurrent use if its Revocations is.
type Verifier struct {
	Keys KeySet
	// Revocations, if not nil, is asked about every certificate that
	// passes the other checks. Offline checkers leave it nil.
	Revocations Revocations
}

// MarshalJSON refuses: a Verifier is configuration, whose keys JSON does
// not carry (a KeySet marshals as {}), so that one read back would trust
// no key.
func (v Verifier) MarshalJSON() ([]byte, error) {
	return nil, errors.New("certificate: a Verifier is configuration, not data")
}

// UnmarshalJSON refuses, as MarshalJSON does.
func (v *Verifier) UnmarshalJSON([]byte) error {
	return errors.New("certificate: a Verifier is configuration, not data")
}

// Verify decodes the token and returns the certificate it carries if the
// certificate is authentic and in force on the date on. The checks run in
// this order, and the first failure is returned:
//
//  1. decoding (see [DecodeToken]): a *DecodeError matching ErrMalformed;
//  2. the key ID must be in v.Keys: ErrUnknownKey;
//  3. the Ed25519 signature must verify: ErrBadSignature;
//  4. IssuedAt must fall in the key's period: ErrKeyOutOfPeriod;
//  5. on must not be before ValidFrom (ErrNotYetValid) nor after
//     ValidUntil (ErrExpired);
//  6. v.Revocations, if set, must not report it revoked: ErrRevoked.
//
// The failures of steps 2 to 6 are *VerifyError values. For steps 5 and 6
// the certificate is authentic, and Verify returns it along with the
// error, so that a checker can show what it says; otherwise the
// certificate is zero. An error of the revocation lookup itself is
// returned wrapped, with the certificate, and matches none of the
// sentinels. A zero on is an error matching calendar.ErrInvalidDate.
func (v Verifier) Verify(ctx context.Context, token string, on calendar.Date) (Certificate, error) {
	if on.IsZero() {
		return Certificate{}, fmt.Errorf("certificate: verify: no date: %w", calendar.ErrInvalidDate)
	}
	c, msg, err := decodeToken(token, len(signingContext))
	if err != nil {
		return Certificate{}, err
	}
	key, ok := v.Keys.keys[c.KeyID]
	if !ok {
		return Certificate{}, &VerifyError{Reason: ErrUnknownKey, Number: c.Number, KeyID: c.KeyID, On: on}
	}
	copy(msg, signingContext)
	if !ed25519.Verify(key.pub, msg, c.Signature[:]) {
		return Certificate{}, &VerifyError{Reason: ErrBadSignature, Number: c.Number, KeyID: c.KeyID, On: on}
	}
	if !key.period.contains(c.IssuedAt) {
		return Certificate{}, &VerifyError{Reason: ErrKeyOutOfPeriod, Number: c.Number, KeyID: c.KeyID, On: on}
	}
	switch {
	case on.Before(c.ValidFrom):
		return c, &VerifyError{Reason: ErrNotYetValid, Number: c.Number, KeyID: c.KeyID, On: on, ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
	case on.After(c.ValidUntil):
		return c, &VerifyError{Reason: ErrExpired, Number: c.Number, KeyID: c.KeyID, On: on, ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
	}
	if v.Revocations != nil {
		revoked, err := v.Revocations.Revoked(ctx, c)
		if err != nil {
			return c, fmt.Errorf("certificate: revocation check of %v: %w", c.Number, err)
		}
		if revoked {
			return c, &VerifyError{Reason: ErrRevoked, Number: c.Number, KeyID: c.KeyID, On: on}
		}
	}
	return c, nil
}

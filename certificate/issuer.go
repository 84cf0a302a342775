package certificate

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
)

// ErrNotConfirmed is matched by a *StateError: only a confirmed
// registration has a certificate.
var ErrNotConfirmed = errors.New("certificate: registration not confirmed")

// ErrInvalidKey is matched by the errors of NewIssuer and of KeySet's
// constructors for a key ID or key that cannot be used.
var ErrInvalidKey = errors.New("certificate: invalid key")

// StateError reports an attempt to issue a certificate for a registration
// that is not confirmed (docs/legal.md Part A, step 4: the certificate follows
// the host's confirmation). It matches ErrNotConfirmed.
type StateError struct {
	Registration registration.ID    `json:"registration"`
	State        registration.State `json:"state"`
}

// Error implements the error interface.
func (e *StateError) Error() string {
	reg := "a registration without an ID"
	if e.Registration != "" {
		reg = "registration " + redact.ID(string(e.Registration))
	}
	state := "has no state"
	if e.State != 0 {
		state = "is " + e.State.String()
	}
	return "certificate: registration not confirmed: " + reg + " " + state
}

// Unwrap returns ErrNotConfirmed.
func (e *StateError) Unwrap() error { return ErrNotConfirmed }

// Issuer signs certificates with one Ed25519 key, named by a key ID that
// every certificate carries so that verifiers can hold several keys at
// once while keys rotate.
//
// An Issuer is immutable after NewIssuer and safe for concurrent use by
// multiple goroutines. String, fmt verbs and LogValue show its key ID,
// never the private key. The zero Issuer has no key: its Issue is an
// error matching ErrInvalidKey and its PublicKey nil.
type Issuer struct {
	keyID string
	priv  ed25519.PrivateKey
}

// NewIssuer returns an issuer that signs with priv under the key ID keyID:
// 1 to 32 ASCII letters, digits, dots, dashes and underscores, such as
// "2026-1". It keeps its own copy of the key.
//
// A key ID of another form, or a private key that is not a 64-byte Ed25519
// key whose public half matches its seed, is an error matching
// ErrInvalidKey.
func NewIssuer(keyID string, priv ed25519.PrivateKey) (*Issuer, error) {
	if !validKeyID(keyID) {
		return nil, fmt.Errorf("%w: key ID %q: want 1 to %d of A-Z a-z 0-9 . - _", ErrInvalidKey, redact.Cut(keyID, maxKeyID+8), maxKeyID)
	}
	if len(priv) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("%w: private key of %d bytes, want %d", ErrInvalidKey, len(priv), ed25519.PrivateKeySize)
	}
	own := ed25519.NewKeyFromSeed(priv.Seed())
	if !bytes.Equal(own, priv) {
		return nil, fmt.Errorf("%w: the public half of the private key does not match its seed", ErrInvalidKey)
	}
	return &Issuer{keyID: keyID, priv: own}, nil
}

// KeyID returns the ID of the issuer's key.
func (i *Issuer) KeyID() string { return i.keyID }

// String returns "certificate.Issuer{key 2026-1}": the key ID, never
// the private key.
func (i Issuer) String() string {
	if i.keyID == "" {
		return "certificate.Issuer{no key}"
	}
	return "certificate.Issuer{key " + i.keyID + "}"
}

// Format makes every fmt verb print String: fmt's reflection would print
// the private key, in an unexported field, under %v, %x or %d.
func (i Issuer) Format(f fmt.State, verb rune) { fmt.Fprint(f, i.String()) }

// LogValue implements slog.LogValuer with String.
func (i Issuer) LogValue() slog.Value { return slog.StringValue(i.String()) }

// PublicKey returns a copy of the issuer's public key, which verifiers add
// to their KeySet under KeyID.
func (i *Issuer) PublicKey() ed25519.PublicKey {
	if len(i.priv) != ed25519.PrivateKeySize {
		return nil // the zero Issuer
	}
	return bytes.Clone(i.priv[ed25519.SeedSize:])
}

// Issue returns the signed certificate of the confirmed registration r,
// issued at the instant at. It is what the Service calls when a host
// confirms, through a one-method interface of this shape, before it
// stores the certificate's [Certificate.Token].
//
// The certificate is valid from r.ConfirmedOn to r.ValidUntil, both
// included, and carries the number [NumberFor] gives r's ID and Version
// (so issuing the same registration again gives the same number, and with
// the same at, the same certificate), the holder's names, citizenship,
// document kind and masked document number, the address and kind of
// lodging, and the host's kind and, for an organisation, its name; never
// r's ID, pseudonyms, an individual host's name or any IIN or BIN.
// IssuedAt is at in UTC, truncated to the second.
//
// The errors are one matching ErrInvalidKey for the zero Issuer, a
// *StateError (matching ErrNotConfirmed) when r is not confirmed, and a *FieldError (matching ErrInvalid) when at is zero or
// falls before r.ConfirmedOn in Kazakhstan, or when r has a field that the
// certificate cannot carry, such as a text over 255 bytes.
func (i *Issuer) Issue(r registration.Registration, at time.Time) (Certificate, error) {
	if len(i.priv) != ed25519.PrivateKeySize {
		return Certificate{}, fmt.Errorf("%w: the zero Issuer has no key: make one with NewIssuer", ErrInvalidKey)
	}
	if r.State != registration.Confirmed {
		return Certificate{}, &StateError{Registration: r.ID, State: r.State}
	}
	if at.IsZero() {
		return Certificate{}, &FieldError{Field: "issued_at", Problem: probRequired}
	}
	switch on := calendar.DateOf(at); {
	case on.IsZero():
		return Certificate{}, &FieldError{Field: "issued_at", Problem: probRange}
	case on.Before(r.ConfirmedOn):
		return Certificate{}, &FieldError{Field: "issued_at", Problem: "before_confirmation"}
	}
	p, h := &r.Person, &r.Host
	c := Certificate{
		FormatVersion: Format2,
		Number:        NumberFor(r.ID, r.Version),
		Holder: Holder{
			Surname:        p.Surname,
			GivenNames:     p.GivenNames,
			Citizenship:    p.Citizenship,
			DocumentKind:   p.Document.Kind,
			DocumentNumber: p.Document.MaskedNumber(),
		},
		Address:    r.Address,
		Place:      r.Place,
		Host:       Host{Kind: h.Kind},
		IssuedAt:   at.UTC().Truncate(time.Second),
		ValidFrom:  r.ConfirmedOn,
		ValidUntil: r.ValidUntil,
		KeyID:      i.keyID,
	}
	if namesOrganisation(h.Kind) && !h.BIN.IsZero() {
		// An organisation with a BIN: a hotel run under its owner's IIN
		// may bear the owner's name, which is personal data.
		c.Host.Name = h.Name
	}
	return i.sign(c)
}

// sign signs c with the issuer's key, after setting its key ID.
func (i *Issuer) sign(c Certificate) (Certificate, error) {
	c.KeyID = i.keyID
	var buf [512]byte
	msg, err := c.appendEncoding(append(buf[:0], signingContext...))
	if err != nil {
		return Certificate{}, err
	}
	copy(c.Signature[:], ed25519.Sign(i.priv, msg))
	return c, nil
}

package certificate

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"log/slog"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
)

// Format2 is the version of the certificate's canonical encoding and token
// (see the package documentation). Format 1, which carried the
// registration's ID, an individual host's name and masked IINs and BINs,
// is no longer accepted.
const Format2 = 2

// Certificate is a registration certificate (справка о регистрации), the
// document that appears in the foreigner's personal cabinet once the host
// confirms (docs/legal.md Part A, step 4; Part B §6). The foreigner shows it to
// a hotel, a landlord, an employer or a police officer, who checks it, often
// offline, from its QR code.
//
// What it holds is what such a checker needs to match the certificate to
// the person in front of them and to the address, and no more
// (docs/legal.md Part B §6 notes that the contents were never published;
// the package documentation says field by field why each is there). It
// carries no identifier that links records: no registration ID, no
// pseudonym, no IIN or BIN, and no individual host's name. The document
// number appears with all but its last three characters hidden, and the
// encoding cannot carry more than four visible characters of it.
//
// A Certificate is a plain value: copy it, compare it with ==, store it.
// Its canonical form is the token ([Certificate.Token], [DecodeToken]);
// storing the token rather than the fields keeps the signed bytes exact.
// The zero Certificate is detectably invalid (its Number is zero).
type Certificate struct {
	// FormatVersion is the version of the canonical encoding: Format2.
	FormatVersion int `json:"format_version"`
	// Number is the number people read aloud and type, and what an online
	// check looks the certificate up by ([NumberFor]).
	Number Number `json:"number"`

	Holder  Holder               `json:"holder"`
	Address registration.Address `json:"address"`
	Place   registration.Place   `json:"place"`
	Host    Host                 `json:"host"`

	// IssuedAt is the instant of issue, in UTC, in whole seconds.
	IssuedAt time.Time `json:"issued_at"`
	// ValidFrom is the day the host confirmed, and ValidUntil the last day
	// the registration covers; both are included.
	ValidFrom  calendar.Date `json:"valid_from"`
	ValidUntil calendar.Date `json:"valid_until"`

	// KeyID names the issuer's key that made the signature.
	KeyID     string    `json:"key_id"`
	Signature Signature `json:"signature"`
}

// Holder is the foreigner a certificate is for, as the travel document
// shows them.
type Holder struct {
	// Surname and GivenNames as in the travel document (Latin letters).
	Surname    string `json:"surname"`
	GivenNames string `json:"given_names,omitempty"`
	// Citizenship is an ISO 3166-1 alpha-3 code ("UZB").
	Citizenship  string                    `json:"citizenship"`
	DocumentKind registration.DocumentKind `json:"document_kind"`
	// DocumentNumber is masked: "******567".
	DocumentNumber string `json:"document_number"`
}

// Host is who provides the housing, as a certificate shows it: its kind,
// and the name of an organisation (a hotel's name is on its door). An
// individual host's name is personal data a checker does not need (the
// address says where the foreigner lives), so it is never carried.
type Host struct {
	Kind registration.HostKind `json:"kind"`
	// Name is the organisation's name; empty for an individual host or
	// one of the kind "other".
	Name string `json:"name,omitempty"`
}

// namesOrganisation reports whether a host of kind k is an organisation,
// whose name a certificate shows.
func namesOrganisation(k registration.HostKind) bool {
	switch k {
	case registration.HostHotel, registration.HostDormitory, registration.HostRestHouse, registration.HostOrganisation:
		return true
	}
	return false
}

// Signature is an Ed25519 signature. The zero Signature means "not signed".
type Signature [ed25519.SignatureSize]byte

// IsZero reports whether s is the zero Signature, "not signed".
func (s Signature) IsZero() bool { return s == Signature{} }

// MarshalText encodes the signature in unpadded base64url.
func (s Signature) MarshalText() ([]byte, error) {
	return base64.RawURLEncoding.AppendEncode(nil, s[:]), nil
}

// UnmarshalText accepts what MarshalText writes: exactly 64 bytes in
// unpadded, canonical base64url. On error s is unchanged.
func (s *Signature) UnmarshalText(b []byte) error {
	enc := base64.RawURLEncoding.Strict()
	if len(b) != enc.EncodedLen(ed25519.SignatureSize) {
		return fmt.Errorf("%w: signature of %d characters, want %d", ErrMalformed, len(b), enc.EncodedLen(ed25519.SignatureSize))
	}
	var buf [ed25519.SignatureSize]byte
	if _, err := enc.Decode(buf[:], b); err != nil {
		return fmt.Errorf("%w: signature: %v", ErrMalformed, err)
	}
	*s = buf
	return nil
}

// String describes the certificate with the names as initials, e.g.
// "certificate KZ-RBEE-GAHF-5ASW: K. A. (UZB), valid
// 2026-07-03..2026-07-30, key 2026-1".
func (c Certificate) String() string {
	return fmt.Sprintf("certificate %v: %s %s (%s), valid %v..%v, key %s",
		c.Number, redact.Initials(c.Holder.Surname), redact.Initials(c.Holder.GivenNames), c.Holder.Citizenship,
		c.ValidFrom, c.ValidUntil, c.KeyID)
}

// Format makes every fmt verb, %+v and %#v included, print String.
func (c Certificate) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// LogValue implements slog.LogValuer: identifiers and dates, no names.
func (c Certificate) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("number", c.Number.String()),
		slog.String("valid_from", c.ValidFrom.String()),
		slog.String("valid_until", c.ValidUntil.String()),
		slog.String("key_id", c.KeyID),
	)
}

// String describes the holder with the names as initials and the
// document number masked, e.g. "K. A. (UZB, passport ******567)".
func (h Holder) String() string {
	return fmt.Sprintf("%s %s (%s, %v %s)", redact.Initials(h.Surname), redact.Initials(h.GivenNames), h.Citizenship, h.DocumentKind, remask(h.DocumentNumber, 3))
}

// Format makes every fmt verb, %#v included, print String.
func (h Holder) Format(f fmt.State, verb rune) { fmt.Fprint(f, h.String()) }

// LogValue implements slog.LogValuer: the citizenship and the document's
// kind, no names.
func (h Holder) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("citizenship", h.Citizenship),
		slog.String("document_kind", h.DocumentKind.String()),
	)
}

// displayName is the host's name as String and LogValue show it: an
// organisation's as it is, anyone else's (which a valid certificate never
// holds) as initials.
func (h Host) displayName() string {
	if namesOrganisation(h.Kind) {
		return h.Name
	}
	return redact.Initials(h.Name) // an individual, or a hotel named by its owner's IIN
}

// String describes the host, e.g. "hotel \"Hotel Almaty\"" or
// "individual".
func (h Host) String() string {
	if h.Name == "" {
		return h.Kind.String()
	}
	return fmt.Sprintf("%v %q", h.Kind, h.displayName())
}

// remask hides all but the last keep characters of a number that should
// already be masked, so that String shows no more even of a Holder or a
// Host built by hand with a number in full; a masked number is unchanged.
func remask(s string, keep int) string {
	r := []rune(s)
	for i := 0; i < len(r)-keep; i++ {
		r[i] = '*'
	}
	return string(r)
}

// Format makes every fmt verb, %#v included, print String.
func (h Host) Format(f fmt.State, verb rune) { fmt.Fprint(f, h.String()) }

// LogValue implements slog.LogValuer: the kind and the name as String
// shows it.
func (h Host) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", h.Kind.String()),
		slog.String("name", h.displayName()),
	)
}

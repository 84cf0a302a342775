package registration

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"strings"

	"github.com/migreg/migreg/registration/kzid"
)

// The masked forms of the pseudonyms: whoever holds the key can tell whose
// a ForeignerID or a HostID is, and an ID links the records of one person,
// so no String, fmt verb or log record shows one. Use
// string(id) where the ID itself is needed: a store key, a URL, a
// notification's recipient.
const (
	maskedForeigner = "f_***"
	maskedHost      = "h_***"
)

// String returns "f_***", or "" for the empty ID: never the ID itself,
// which is a pseudonym of a person. string(id) gives the ID.
func (id ForeignerID) String() string {
	if id == "" {
		return ""
	}
	return maskedForeigner
}

// Format makes every fmt verb, %#v included, print the masked String,
// so that a struct holding a ForeignerID never prints it.
func (id ForeignerID) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), id.String())
}

// LogValue implements slog.LogValuer with the masked String.
func (id ForeignerID) LogValue() slog.Value { return slog.StringValue(id.String()) }

// String returns "h_***", or "" for the empty ID: never the ID itself,
// which for an individual host is a pseudonym of a person. string(id)
// gives the ID.
func (id HostID) String() string {
	if id == "" {
		return ""
	}
	return maskedHost
}

// Format makes every fmt verb, %#v included, print the masked String.
func (id HostID) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), id.String())
}

// LogValue implements slog.LogValuer with the masked String.
func (id HostID) LogValue() slog.Value { return slog.StringValue(id.String()) }

// ErrPseudonymKey is matched by NewPseudonyms for a key it cannot use: an
// ID that is not 1 to 8 lower-case letters and digits, a secret shorter
// than MinSecretLen bytes, or two keys with one ID.
var ErrPseudonymKey = errors.New("registration: unusable pseudonym key")

// MinSecretLen is the shortest secret a PseudonymKey takes: 32 bytes, the
// output size of SHA-256 (RFC 2104, section 3, advises no key shorter than it).
const MinSecretLen = 32

// PseudonymKey is one secret under which Pseudonyms derives IDs. ID names
// it (1 to 8 lower-case letters and digits) and appears in every ID
// derived under it, so that a store can tell which key made an ID, and a
// key can be retired once nothing stored uses it. The secret comes from
// the application (a secrets manager, an HSM-wrapped key, an environment
// variable), never from migreg: there is no built-in production key.
//
// String, fmt verbs, LogValue and JSON show the ID only, never the secret.
type PseudonymKey struct {
	ID     string
	Secret []byte
}

// String returns "pseudonym key <id>".
func (k PseudonymKey) String() string { return "pseudonym key " + k.ID }

// Format makes every fmt verb print String.
func (k PseudonymKey) Format(f fmt.State, verb rune) { fmt.Fprint(f, k.String()) }

// LogValue implements slog.LogValuer with the ID only.
func (k PseudonymKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalJSON writes {"id": ...}: the secret never leaves the process in
// JSON.
func (k PseudonymKey) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID string `json:"id"`
	}{k.ID})
}

// Pseudonyms derives ForeignerIDs and HostIDs as HMAC-SHA-256 (RFC 2104)
// of the document or the IIN/BIN under a secret key. Without the key an ID
// reveals nothing: trying every IIN or passport number needs the key for
// each try. With it the ID is stable: the same person and key always give
// the same ID.
//
// An ID is "f_" (a foreigner) or "h_" (a host), the key's ID, "_", then 26
// base32 characters (130 bits) of the MAC: "f_k2026_5dou8d0q300grvlgu394ael5jr".
//
// # Rotating keys
//
// Keys rotate without losing history. NewPseudonyms takes the current key
// and the keys it replaced. New IDs are derived under the current key;
// the Service finds a person already stored under a retired key (it
// derives the ID under each key, current first, and uses the first one
// the store knows), so their history, stay count and violations follow
// them. The procedure:
//
//  1. Generate a new secret and give it a new key ID.
//  2. Restart the Services with the new key as current and the old one
//     among the retired keys.
//  3. Keep the old key while a person whose records are kept under an ID
//     derived from it (the ID names its key) still has personal data
//     stored: erasure past retention (migreg.Service.EraseExpired) ends
//     that in time. Dropping the key earlier splits such a person's
//     history: their next command starts one under the new key.
//  4. Then drop the old key, and destroy its secret: what stays under its
//     IDs after erasure (dates, states, counts) can no longer be tied to
//     anyone.
//
// A host's ID is looked up under each key with Hosts; a host answers a
// request made before the rotation under the ID the request names.
//
// The zero Pseudonyms has no key: its IDs are empty, which every store
// refuses, so a zero value can never store under a guessable ID.
// Pseudonyms is immutable and safe for concurrent use; String, fmt verbs,
// LogValue and JSON show key IDs only.
type Pseudonyms struct {
	keys []keyed // current first; secrets copied in
}

// keyed is a key with an HMAC keyed under its secret once, so that each
// ID hashes its own data only and not the key's two blocks again (the
// precomputation RFC 2104 describes; FIPS 198-1, section 6): IDs are
// derived on every command, on every store.
type keyed struct {
	PseudonymKey
	hmac hash.Cloner // reset after keying; cloned for each ID, never written
}

// newHMAC returns an HMAC-SHA-256 under the key, ready for data.
func (k keyed) newHMAC() hash.Hash {
	if k.hmac != nil {
		if m, err := k.hmac.Clone(); err == nil {
			return m
		}
	}
	return hmac.New(sha256.New, k.Secret)
}

// NewPseudonyms returns the Pseudonyms of the current key and the keys it
// replaced (newest first), or an error matching ErrPseudonymKey. The
// secrets are copied: changing the caller's slices later changes nothing.
func NewPseudonyms(current PseudonymKey, retired ...PseudonymKey) (Pseudonyms, error) {
	keys := make([]keyed, 0, 1+len(retired))
	seen := make(map[string]bool)
	for _, k := range append([]PseudonymKey{current}, retired...) {
		switch {
		case !isKeyID(k.ID):
			return Pseudonyms{}, fmt.Errorf("%w: key ID %q is not 1 to 8 lower-case letters and digits", ErrPseudonymKey, k.ID)
		case len(k.Secret) < MinSecretLen:
			return Pseudonyms{}, fmt.Errorf("%w: key %s: secret of %d bytes, want at least %d", ErrPseudonymKey, k.ID, len(k.Secret), MinSecretLen)
		case seen[k.ID]:
			return Pseudonyms{}, fmt.Errorf("%w: key ID %s given twice", ErrPseudonymKey, k.ID)
		}
		seen[k.ID] = true
		k = PseudonymKey{ID: k.ID, Secret: bytes.Clone(k.Secret)}
		m := hmac.New(sha256.New, k.Secret)
		m.Reset() // keys the state once (see keyed)
		c, _ := m.(hash.Cloner)
		keys = append(keys, keyed{PseudonymKey: k, hmac: c})
	}
	return Pseudonyms{keys: keys}, nil
}

// DemoPseudonyms returns Pseudonyms under a fixed key whose secret is
// published here, key ID "demo": for tests, examples and demos only. Its
// IDs protect nothing (anyone can recompute them), so a Service uses it
// only when its options say so by name (migreg.Options.InsecureDemoKeys).
func DemoPseudonyms() Pseudonyms {
	p, err := NewPseudonyms(PseudonymKey{ID: "demo", Secret: []byte("migreg demo key: NOT SECRET, tests and demos only")})
	if err != nil {
		panic(err) // a constant key that is valid
	}
	return p
}

// IsZero reports whether p has no key.
func (p Pseudonyms) IsZero() bool { return len(p.keys) == 0 }

// KeyIDs returns the IDs of the keys, current first.
func (p Pseudonyms) KeyIDs() []string {
	out := make([]string, len(p.keys))
	for i, k := range p.keys {
		out[i] = k.ID
	}
	return out
}

// Foreigner returns the person's ID under the current key, derived from
// the citizenship and the normalized document number (upper case, no
// spaces or dashes); "" when p has no key.
func (p Pseudonyms) Foreigner(person Person) ForeignerID {
	if p.IsZero() {
		return ""
	}
	return ForeignerID(foreignerUnder(p.keys[0], person))
}

// Foreigners returns the person's ID under each key, current first: the
// IDs a person stored before a rotation may be known by.
func (p Pseudonyms) Foreigners(person Person) []ForeignerID {
	out := make([]ForeignerID, len(p.keys))
	for i, k := range p.keys {
		out[i] = ForeignerID(foreignerUnder(k, person))
	}
	return out
}

// ForeignersByIIN returns the ID of an IIN under each key, current first:
// the IDs under which a foreigner's IIN is linked to the person it was
// first submitted with (see migreg.Service.ForeignerID), so that a renewed
// passport carrying the same IIN finds the same person. None for the zero
// IIN.
func (p Pseudonyms) ForeignersByIIN(iin kzid.IIN) []ForeignerID {
	if iin.IsZero() {
		return nil
	}
	out := make([]ForeignerID, len(p.keys))
	for i, k := range p.keys {
		out[i] = ForeignerID(mac(k, "f_", append([]byte("foreigner|IIN|"), iin.Digits()...)))
	}
	return out
}

// Host returns the host's ID under the current key, derived from its BIN,
// or its IIN when it has no BIN; "" for a host with neither, or when p has
// no key.
func (p Pseudonyms) Host(h Host) HostID {
	if p.IsZero() {
		return ""
	}
	return HostID(hostUnder(p.keys[0], h))
}

// Hosts returns the host's ID under each key, current first (none for a
// host with neither BIN nor IIN).
func (p Pseudonyms) Hosts(h Host) []HostID {
	var out []HostID
	for _, k := range p.keys {
		if id := hostUnder(k, h); id != "" {
			out = append(out, HostID(id))
		}
	}
	return out
}

// String returns "pseudonyms (keys demo)", the key IDs only.
func (p Pseudonyms) String() string {
	if p.IsZero() {
		return "pseudonyms (no key)"
	}
	return "pseudonyms (keys " + strings.Join(p.KeyIDs(), ", ") + ")"
}

// Format makes every fmt verb print String.
func (p Pseudonyms) Format(f fmt.State, verb rune) { fmt.Fprint(f, p.String()) }

// LogValue implements slog.LogValuer with the key IDs only.
func (p Pseudonyms) LogValue() slog.Value { return slog.StringValue(p.String()) }

// MarshalJSON writes {"key_ids": [...]}: never a secret.
func (p Pseudonyms) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		KeyIDs []string `json:"key_ids"`
	}{p.KeyIDs()})
}

func foreignerUnder(k keyed, person Person) string {
	var buf [64]byte
	b := append(buf[:0], "foreigner|"...)
	b = append(b, strings.ToUpper(person.Citizenship)...)
	b = append(b, '|')
	b = appendDocNumber(b, person.Document.Number)
	return mac(k, "f_", b)
}

func hostUnder(k keyed, h Host) string {
	switch {
	case !h.BIN.IsZero():
		return mac(k, "h_", append([]byte("host|BIN|"), h.BIN.Digits()...))
	case !h.IIN.IsZero():
		return mac(k, "h_", append([]byte("host|IIN|"), h.IIN.Digits()...))
	}
	return ""
}

// mac returns prefix, the key ID, "_" and the HMAC-SHA-256 of data under
// the key, encoded by encodeID. The data begins with what it names
// ("foreigner|", "host|"), so that no foreigner's input is a host's.
func mac(k keyed, prefix string, data []byte) string {
	m := k.newHMAC()
	m.Write(data)
	return encodeID(prefix+k.ID+"_", m.Sum(nil))
}

// KeyIDOf returns the ID of the key an ID was derived under ("" when the
// ID is not in the form Pseudonyms writes): what tells whether anything
// stored still needs a retired key.
func KeyIDOf[T ~string](id T) string {
	s := string(id)
	if len(s) < 3 || s[1] != '_' {
		return ""
	}
	kid, _, ok := strings.Cut(s[2:], "_")
	if !ok || !isKeyID(kid) {
		return ""
	}
	return kid
}

func isKeyID(s string) bool {
	if len(s) < 1 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// checkIDs reports a submission without the pseudonyms Submit needs: the
// foreigner's always, the host's when the host has a number to derive it
// from (a host without one is reported by Validate).
func (s Submission) checkIDs(ps *problems) {
	if s.Foreigner == "" {
		ps.add("foreigner", CodeRequired)
	}
	if s.HostID == "" && (!s.Host.BIN.IsZero() || !s.Host.IIN.IsZero()) {
		ps.add("host_id", CodeRequired)
	}
}

// WithIDs returns the submission with its Foreigner and HostID derived
// under the current key of p, replacing what it held.
func (s Submission) WithIDs(p Pseudonyms) Submission {
	s.Foreigner, s.HostID = p.Foreigner(s.Person), p.Host(s.Host)
	return s
}

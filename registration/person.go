package registration

import (
	"fmt"
	"log/slog"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration/kzid"
)

// Person is the foreigner being registered, as the travel document shows
// them (docs/legal.md Part B §2.3: surname, first name and patronymic, date of
// birth, passport data).
//
// A Person holds personal data. String, every fmt verb and slog's LogValue
// mask the document number and the IIN and shorten the given names to an
// initial; only JSON (for storage) and the fields themselves carry them in
// full.
type Person struct {
	// Surname and GivenNames as in the travel document's machine-readable
	// zone: Latin letters, spaces, hyphens and apostrophes.
	Surname    string `json:"surname"`
	GivenNames string `json:"given_names"`
	// The names in Cyrillic, optional, as in a Kazakh or Russian document.
	CyrillicSurname    string `json:"cyrillic_surname,omitempty"`
	CyrillicGivenNames string `json:"cyrillic_given_names,omitempty"`
	CyrillicPatronymic string `json:"cyrillic_patronymic,omitempty"`

	BirthDate calendar.Date `json:"birth_date"`
	Sex       kzid.Sex      `json:"sex"`
	// Citizenship is an ISO 3166-1 alpha-3 code ("UZB").
	Citizenship string   `json:"citizenship"`
	Document    Document `json:"document"`
	// IIN is optional: a visa-free visitor may or may not have one
	// (docs/legal.md Part A, "Identity"; Part B §5).
	IIN kzid.IIN `json:"iin,omitzero"`
}

// Document is the travel document a foreigner entered with.
type Document struct {
	Kind   DocumentKind `json:"kind"`
	Number string       `json:"number"`
	// IssuingCountry is the ISO 3166-1 alpha-3 code of the issuing state.
	IssuingCountry string        `json:"issuing_country"`
	Expiry         calendar.Date `json:"expiry"`
}

// ForeignerID identifies a foreigner across registrations and documents:
// a keyed pseudonym (see Pseudonyms), so that stores index foreigners
// without a document number in the key, and an ID reveals nothing to
// whoever lacks the key. It is still personal data (whoever holds the key
// can tell whose it is): migreg's log records and String methods leave it
// out.
type ForeignerID string

// appendDocNumber appends the normalized form of a document number to b:
// upper case, without spaces or dashes, so that "fa 123-4567" and
// "FA1234567" name the same document.
func appendDocNumber(b []byte, s string) []byte {
	if docNumberIsNormal(s) {
		return append(b, s...)
	}
	for _, r := range s {
		switch {
		case r == ' ' || r == '-':
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b = append(b, byte(r))
		default:
			b = utf8.AppendRune(b, unicode.ToUpper(r))
		}
	}
	return b
}

// docNumberIsNormal reports whether s is already in normal form in the
// common way: upper-case ASCII letters and digits only. Every submission
// normalizes the number for each of the foreigner's IDs.
func docNumberIsNormal(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// encodeID returns prefix and 26 base32 characters (130 bits) of sum,
// in the lower-case "extended hex" alphabet.
func encodeID(prefix string, sum []byte) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuv"
	const n = 26
	out := make([]byte, 0, len(prefix)+n)
	out = append(out, prefix...)
	var acc uint64
	bits := 0
	for _, b := range sum[:17] {
		acc = acc<<8 | uint64(b)
		bits += 8
		for bits >= 5 && len(out) < len(prefix)+n {
			bits -= 5
			out = append(out, alphabet[acc>>uint(bits)&31])
		}
	}
	return string(out)
}

// normalizeDocNumber returns s as appendDocNumber writes it, and s
// itself when that changes nothing.
func normalizeDocNumber(s string) string {
	var buf [32]byte
	if b := appendDocNumber(buf[:0], s); string(b) != s {
		return string(b)
	}
	return s
}

// MaskedNumber returns the document number with all but its last three
// characters hidden, e.g. "******567": enough for a person to recognise
// their own document, not enough to use it.
func (d Document) MaskedNumber() string { return mask(normalizeDocNumber(d.Number), 3) }

// mask hides all but the last keep runes of s.
func mask(s string, keep int) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < 0x80
	}
	if ascii {
		if len(s) <= keep {
			return strings.Repeat("*", len(s))
		}
		var buf [32]byte
		b := buf[:0]
		for range len(s) - keep {
			b = append(b, '*')
		}
		return string(append(b, s[len(s)-keep:]...))
	}
	r := []rune(s)
	if len(r) <= keep {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-keep) + string(r[len(r)-keep:])
}

// String describes the document with its number masked, e.g.
// "passport UZB ******567 until 2030-01-31".
func (d Document) String() string {
	return fmt.Sprintf("%v %s %s until %v", d.Kind, d.IssuingCountry, d.MaskedNumber(), d.Expiry)
}

// Format makes every fmt verb print the masked String.
func (d Document) Format(f fmt.State, verb rune) { fmt.Fprint(f, d.String()) }

// LogValue implements slog.LogValuer with the number masked.
func (d Document) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", d.Kind.String()),
		slog.String("number", d.MaskedNumber()),
		slog.String("issuing_country", d.IssuingCountry),
		slog.String("expiry", d.Expiry.String()),
	)
}

// String describes the person with the document and IIN masked and the
// names as initials, e.g. "K. A. (UZB, passport UZB ******567 until
// 2030-01-31)": names are personal data, which no String shows.
func (p Person) String() string {
	s := fmt.Sprintf("%s %s (%s, %v)", redact.Initials(p.Surname), redact.Initials(p.GivenNames), p.Citizenship, p.Document)
	if !p.IIN.IsZero() {
		s = strings.TrimSuffix(s, ")") + ", IIN " + p.IIN.String() + ")"
	}
	return s
}

// Format makes every fmt verb, %+v and %#v included, print the masked
// String.
func (p Person) Format(f fmt.State, verb rune) { fmt.Fprint(f, p.String()) }

// LogValue implements slog.LogValuer with the data masked.
func (p Person) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("surname", redact.Initials(p.Surname)),
		slog.String("given_names", redact.Initials(p.GivenNames)),
		slog.String("citizenship", p.Citizenship),
		slog.Any("document", p.Document),
	}
	if !p.IIN.IsZero() {
		attrs = append(attrs, slog.Any("iin", p.IIN))
	}
	return slog.GroupValue(attrs...)
}

// Validate checks the person as of the entry date and returns every
// problem at once as a *ValidationError (paths under "person."), or nil.
// It checks form (required fields, Latin and Cyrillic names, known country
// codes, a defined sex and document kind) and consistency (birth before
// entry, document valid on entry, the IIN's birth date and sex matching).
// Whether the citizenship enters visa-free is checked when a registration
// is submitted, against the stay regimes. A field over MaxTextBytes is
// reported first, alone, as a *LimitError.
func (p Person) Validate(entry calendar.Date) error {
	if err := p.CheckLimits(); err != nil {
		return err
	}
	var ps problems
	p.validate(&ps, "person", entry)
	return ps.err()
}

func (p Person) validate(ps *problems, path string, entry calendar.Date) {
	ps.text(path, "surname", p.Surname, true)
	if p.Surname != "" && !isLatinName(p.Surname) {
		ps.add(path+".surname", CodeNotLatin)
	}
	ps.text(path, "given_names", p.GivenNames, false)
	if p.GivenNames != "" && !isLatinName(p.GivenNames) {
		ps.add(path+".given_names", CodeNotLatin)
	}
	for _, f := range []struct{ name, v string }{
		{"cyrillic_surname", p.CyrillicSurname},
		{"cyrillic_given_names", p.CyrillicGivenNames},
		{"cyrillic_patronymic", p.CyrillicPatronymic},
	} {
		ps.text(path, f.name, f.v, false)
		if f.v != "" && !isCyrillicName(f.v) {
			ps.add(path+"."+f.name, CodeNotCyrillic)
		}
	}
	switch {
	case p.BirthDate.IsZero():
		ps.add(path+".birth_date", CodeRequired)
	case !entry.IsZero() && p.BirthDate.After(entry):
		ps.add(path+".birth_date", CodeAfterEntry)
	}
	if p.Sex == 0 {
		ps.add(path+".sex", CodeRequired)
	} else if p.Sex.String() == "" || strings.HasPrefix(p.Sex.String(), "Sex(") {
		ps.add(path+".sex", CodeInvalid)
	}
	switch {
	case p.Citizenship == "":
		ps.add(path+".citizenship", CodeRequired)
	case !KnownCountry(p.Citizenship):
		ps.add(path+".citizenship", CodeUnknownCountry)
	case p.Citizenship == "KAZ":
		ps.add(path+".citizenship", CodeNotForeign)
	}
	d, dp := p.Document, path+".document"
	if d.Kind == 0 {
		ps.add(dp+".kind", CodeRequired)
	} else if !d.Kind.IsValid() {
		ps.add(dp+".kind", CodeInvalid)
	}
	switch n := normalizeDocNumber(d.Number); {
	case n == "":
		ps.add(dp+".number", CodeRequired)
	case len(n) > 20:
		ps.add(dp+".number", CodeTooLong)
	case !isDocNumber(n):
		ps.add(dp+".number", CodeInvalid)
	}
	switch {
	case d.IssuingCountry == "":
		ps.add(dp+".issuing_country", CodeRequired)
	case !KnownCountry(d.IssuingCountry):
		ps.add(dp+".issuing_country", CodeUnknownCountry)
	}
	switch {
	case d.Expiry.IsZero():
		ps.add(dp+".expiry", CodeRequired)
	case !entry.IsZero() && d.Expiry.Before(entry):
		ps.add(dp+".expiry", CodeExpiredBeforeEntry)
	}
	if !p.IIN.IsZero() {
		if b := p.IIN.BirthDate(); !b.IsZero() && !p.BirthDate.IsZero() && b != p.BirthDate {
			ps.add(path+".iin", CodeMismatch)
		} else if s := p.IIN.Sex(); s != 0 && p.Sex != 0 && s != p.Sex {
			ps.add(path+".iin", CodeMismatch)
		}
	}
}

// isLatinName accepts the characters of a machine-readable-zone name as
// people type it: Latin letters (with diacritics), spaces, hyphens and
// apostrophes.
func isLatinName(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			letters++ // the ASCII letters, the only ones of the Latin script below U+0080
		case unicode.Is(unicode.Latin, r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
		default:
			return false
		}
	}
	return letters > 0
}

// isCyrillicName is isLatinName for Cyrillic, Kazakh letters included.
func isCyrillicName(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
		default:
			return false
		}
	}
	return letters > 0
}

// isDocNumber accepts upper-case ASCII letters and digits.
func isDocNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

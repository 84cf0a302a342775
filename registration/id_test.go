package registration

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"testing"
	"unicode"

	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

// referenceID is the plain definition of a foreigner's ID that Person.ID
// computes without intermediate strings: stored IDs depend on it, so the
// two must never differ.
func referenceID(citizenship, number string) ForeignerID {
	norm := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, number)
	sum := sha256.Sum256([]byte(strings.ToUpper(citizenship) + "|" + norm))
	const alphabet = "0123456789abcdefghijklmnopqrstuv"
	var sb strings.Builder
	sb.WriteString("f_")
	var acc uint64
	bits := 0
	for _, b := range sum[:17] {
		acc = acc<<8 | uint64(b)
		bits += 8
		for bits >= 5 && sb.Len() < 28 {
			bits -= 5
			sb.WriteByte(alphabet[acc>>uint(bits)&31])
		}
	}
	return ForeignerID(sb.String())
}

func TestPersonIDMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Valid text, document-like text, and raw bytes (invalid UTF-8
		// included), where ToUpper and the rune loop could differ.
		text := rapid.OneOf(
			rapid.String(),
			rapid.StringMatching(`[a-zA-Zßǆ\x{2028}0-9 -]{0,20}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		)
		citizenship := text.Draw(t, "citizenship")
		number := text.Draw(t, "number")
		p := Person{Citizenship: citizenship, Document: Document{Number: number}}
		if got, want := p.ID(), referenceID(citizenship, number); got != want {
			t.Fatalf("Person{Citizenship: %q, Number: %q}.ID() = %s; want %s", citizenship, number, got, want)
		}
	})
}

// TestIDsArePinned pins the IDs of known people and hosts: they are keys
// of stored data, so a change here orphans every store in use.
func TestIDsArePinned(t *testing.T) {
	iin, err := kzid.ParseIIN("061211600012")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := kzid.ParseBIN("940140000385")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"passport UZB FA1234567", string(Person{Citizenship: "UZB", Document: Document{Number: "FA1234567"}}.ID()), string(referenceID("UZB", "FA1234567"))},
		{"same, spaced and lower case", string(Person{Citizenship: "uzb", Document: Document{Number: "fa 123-4567"}}.ID()), string(referenceID("UZB", "FA1234567"))},
		{"passport UZB FA1234567, pinned", string(Person{Citizenship: "UZB", Document: Document{Number: "FA1234567"}}.ID()), pinnedForeigner},
		{"individual host by IIN", string(Host{IIN: iin}.ID()), pinnedIIN},
		{"hotel by BIN", string(Host{BIN: bin}.ID()), pinnedBIN},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: ID = %s; want %s", tt.name, tt.got, tt.want)
		}
	}
}

// The IDs computed before Person.ID and Host.ID were rewritten to avoid
// intermediate strings.
const (
	pinnedForeigner = "f_5dou8d0q300grvlgu394ael5jr"
	pinnedIIN       = "h_ookj2k9ntm096nt1a15qgj2blg"
	pinnedBIN       = "h_9rgml3jpur30msj9kua7auivsb"
)

// TestBlankMatchesTrimSpace holds blank to its definition.
func TestBlankMatchesTrimSpace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[ \t\n\x{00a0}\x{2028}\x{3000}a-zА-Я]{0,6}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		).Draw(t, "s")
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Fatalf("blank(%q) = %v; want %v", s, got, want)
		}
	})
}

// TestNormalizeDocNumberMatchesDefinition holds the stack-buffer version
// to the plain one, on text and raw bytes alike.
func TestNormalizeDocNumberMatchesDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[a-zA-Zßǆ0-9 -]{0,40}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		).Draw(t, "s")
		want := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return unicode.ToUpper(r)
		}, s)
		if got := normalizeDocNumber(s); got != want {
			t.Fatalf("normalizeDocNumber(%q) = %q; want %q", s, got, want)
		}
	})
}

// TestDigestMatchesBase32 holds digest to encoding/base32: the first 26
// characters of the lower-case extended-hex encoding of the SHA-256.
func TestDigestMatchesBase32(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := rapid.SliceOf(rapid.Byte()).Draw(t, "data")
		prefix := rapid.SampledFrom([]string{"", "f_", "h_", "x"}).Draw(t, "prefix")
		sum := sha256.Sum256(data)
		want := prefix + strings.ToLower(base32.HexEncoding.EncodeToString(sum[:17]))[:26]
		if got := digest(prefix, data); got != want {
			t.Fatalf("digest(%q, %x) = %q; want %q", prefix, data, got, want)
		}
	})
}

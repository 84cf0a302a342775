package certificate

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/migreg/migreg/calendar"
	"pgregory.net/rapid"
)

func TestEpochDays(t *testing.T) {
	if got := epoch().DaysSince(calendar.Date{}); got != epochDays {
		t.Errorf("epoch().DaysSince(calendar.Date{}) = %d; epochDays is %d", got, epochDays)
	}
	for _, d := range []calendar.Date{epoch(), calendar.NewDate(1969, 12, 31), calendar.NewDate(2026, 7, 1), calendar.NewDate(9999, 12, 31)} {
		if got, want := sinceEpoch(d), d.DaysSince(epoch()); got != want {
			t.Errorf("sinceEpoch(%v) = %d; want %d", d, got, want)
		}
	}
}

// The text checks keep their plain definitions: validText rejects invalid
// UTF-8 and characters that do not show (see hidden), and blank is
// strings.TrimSpace(s) == "", on texts mixing ASCII, Cyrillic, controls,
// white space and invalid bytes.
func TestTextChecksMatchDefinitions(t *testing.T) {
	plainValid := func(s string) bool {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 || hidden(r) {
				return false
			}
			i += n
		}
		return true
	}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.String(),
			rapid.StringMatching(`[ a-zA-Zа-яё0-9\t\n\x00\x7f\x{85}\x{a0}\x{2028}\x{200e}\x{3000}-]{0,12}`),
			rapid.StringMatching(`[aя\x{7f}-\x{a1}\x{61b}-\x{61d}\x{200c}-\x{2030}\x{2064}-\x{206a}\x{fffd}\x{10000}]{0,8}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		).Draw(t, "s")
		if got, want := validText(s), plainValid(s); got != want {
			t.Fatalf("validText(%q) = %v; want %v", s, got, want)
		}
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Fatalf("blank(%q) = %v; want %v", s, got, want)
		}
	})
}

// hidden is the definition validText implements (internal/printable):
// characters that display as nothing or change how the text around them
// displays, so that a certificate's text could read otherwise than it is
// stored: controls, format characters (bidi controls, zero-width
// characters, tags), line and paragraph separators, and the other
// default-ignorable characters.
func hidden(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// TestValidTextEveryRune checks validText against its definition for
// every Unicode code point, alone and between a Latin and a Cyrillic
// letter, so that the byte scan's ranges are exact at both ends.
func TestValidTextEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		want := !hidden(r)
		for _, s := range []string{string(r), "a" + string(r) + "я"} {
			if got := validText(s); got != want {
				t.Fatalf("validText(%q) = %v; want %v", s, got, want)
			}
		}
	}
}

package registration

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// isLatinName keeps its plain definition, Latin-script letters and the
// name punctuation, with an ASCII shortcut that must agree with
// unicode.Latin on every ASCII rune.
func TestIsLatinNameMatchesDefinition(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		if got, want := isLatinName(string(r)), unicode.Is(unicode.Latin, r); got != want {
			t.Errorf("isLatinName(%q) = %v; unicode.Latin says %v", r, got, want)
		}
	}
	plain := func(s string) bool {
		letters := 0
		for _, r := range s {
			switch {
			case unicode.Is(unicode.Latin, r):
				letters++
			case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
			default:
				return false
			}
		}
		return letters > 0
	}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringMatching(`[a-zA-Z ÀÉñßø\-'’.а-я0-9@]{0,10}`)).Draw(t, "s")
		if got, want := isLatinName(s), plain(s); got != want {
			t.Fatalf("isLatinName(%q) = %v; want %v", s, got, want)
		}
	})
}

// textRune is the definition validText implements, rune by rune: no
// U+FFFD, and only characters that show (internal/printable): no control,
// format (bidi controls, zero-width characters, tags), line or paragraph
// separator, or other default-ignorable character.
func textRune(r rune) bool {
	return r != '\uFFFD' && !unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// TestValidTextMatchesDefinition holds validText's byte scan to its
// definition, a rune loop, on text and raw bytes alike.
func TestValidTextMatchesDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[a-zА-Яё \x00-\x1f\x7f-\x{a0}\x{61c}\x{200e}\x{202a}-\x{202e}\x{2066}-\x{2069}\x{fffd}\x{feff}\x{2028}\x{200b}\x{ad}\x{e0041}\x{3164}]{0,8}`),
			rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		).Draw(t, "s")
		want := true
		for _, r := range s {
			if !textRune(r) {
				want = false
			}
		}
		if got := validText(s); got != want {
			t.Fatalf("validText(%q) = %v; want %v", s, got, want)
		}
	})
}

// TestValidTextEveryRune checks validText for every Unicode code point,
// alone and between a Latin and a Cyrillic letter.
func TestValidTextEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := textRune(r) && utf8.ValidRune(r)
		for _, s := range []string{string(r), "a" + string(r) + "я"} {
			if got := validText(s); got != want {
				t.Fatalf("validText(%q) = %v; want %v", s, got, want)
			}
		}
	}
}

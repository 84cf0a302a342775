package printable

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		give      string
		text, fld bool
	}{
		{"проспект Абая 10", true, true},
		{"", true, true},
		{"Abai\u202e 01", false, false},
		{"Karimov\u0085", false, false},
		{"tab\there", false, false},
		{"del\x7f", false, false},
		{"\xff", false, false},
		{"replacement \uFFFD", true, false},
		{"no-break\u00a0space", true, true},
		{"arabic mark\u061c", false, false},
		{"isolate\u2066", false, false},
		{"line separator\u2028", false, false},
		{"paragraph separator\u2029", false, false},
		{"zero\u200bwidth", false, false},
		{"soft\u00adhyphen", false, false},
		{"\ufeffbom", false, false},
		{"tag\U000E0041", false, false},
		{"filler\u3164", false, false},
		{"selector\ufe0f", false, false},
		{"word\u2060joiner", false, false},
		{"ideographic\u3000space", true, true},
		{"Ömer Ҳ ʻ№«»", true, true},
	}
	for _, tt := range tests {
		if got := Text(tt.give); got != tt.text {
			t.Errorf("Text(%q) = %v; want %v", tt.give, got, tt.text)
		}
		if got := Field(tt.give); got != tt.fld {
			t.Errorf("Field(%q) = %v; want %v", tt.give, got, tt.fld)
		}
	}
}

// shows is the definition Text implements, character by character,
// written from Unicode's property tables alone.
func shows(r rune) bool {
	return !unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Bidi_Control, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// TestEveryRune checks both rules for every Unicode code point, alone and
// between a Latin and a Cyrillic letter, against their definitions.
func TestEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		wantText := shows(r)
		wantField := wantText && r != '\uFFFD'
		for _, s := range []string{string(r), "a" + string(r) + "я"} {
			if got := Text(s); got != wantText {
				t.Fatalf("Text(%q) = %v; want %v", s, got, wantText)
			}
			if got := Field(s); got != wantField {
				t.Fatalf("Field(%q) = %v; want %v", s, got, wantField)
			}
		}
	}
}

// FuzzText holds both rules to a rune-by-rune reading of the bytes: a
// byte that does not begin a valid UTF-8 sequence makes the text invalid.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Абая 10", "\xff\xfe", "a\u202eb", "\uFFFD", "\xe2\x80", "a\u200bb", "\U000E0041"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := true
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || !shows(r) {
				want = false
			}
			i += n
		}
		if got := Text(s); got != want {
			t.Fatalf("Text(%q) = %v; want %v", s, got, want)
		}
		if got, want := Field(s), want && !strings.ContainsRune(s, utf8.RuneError); got != want {
			t.Fatalf("Field(%q) = %v; want %v", s, got, want)
		}
	})
}

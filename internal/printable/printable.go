// Package printable holds the one rule of text that the registration
// domain and the certificate share: what a name, an address or a note may
// contain so that it displays as it is stored.
package printable

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text reports whether s is valid UTF-8 without control characters (C0,
// DEL and C1) or bidirectional formatting characters (Unicode's
// Bidi_Control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
// which could make a name or an address display otherwise than it is
// stored. It is the rule the certificate applies to every text it
// carries; the domain applies Field, which is stricter, so that a
// submission it accepts can be certified.
func Text(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return false
		}
	}
	return true
}

// Field is Text that also refuses U+FFFD, which is what invalid UTF-8
// decodes to, and so most likely marks text damaged before it reached the
// system: the rule of every free-text field of a submission.
func Field(s string) bool {
	return Text(s) && !strings.ContainsRune(s, utf8.RuneError)
}

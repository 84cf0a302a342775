// Package printable holds the one rule of text that the registration
// domain and the certificate share: what a name, an address or a note may
// contain so that it displays as it is stored.
package printable

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text reports whether s is valid UTF-8 in which every character shows:
// no control characters (C0, DEL and C1), no format characters (Unicode's
// category Cf: the bidirectional controls such as U+202E, which make text
// display otherwise than it is stored, and the invisible ones, such as
// U+200B ZERO WIDTH SPACE, U+00AD SOFT HYPHEN, U+FEFF and the tag
// characters U+E0001–U+E007F), no line or paragraph separators (U+2028,
// U+2029) and no other character Unicode says to display as nothing
// (Other_Default_Ignorable_Code_Point, such as U+3164, and the variation
// selectors). Two strings that look the same on a certificate or in the
// audit log are then the same string, but for look-alike letters. It is
// the rule the certificate applies to every text it carries; the domain
// applies Field, which is stricter, so that a submission it accepts can be
// certified.
func Text(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !Shows(r) {
			return false
		}
	}
	return true
}

// Shows reports whether the character r is one Text accepts.
func Shows(r rune) bool {
	if r < utf8.RuneSelf {
		return 0x20 <= r && r < 0x7f
	}
	switch {
	case unicode.IsControl(r),
		unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Zl, r),
		unicode.Is(unicode.Zp, r),
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
		unicode.Is(unicode.Variation_Selector, r):
		return false
	}
	return true
}

// Field is Text that also refuses U+FFFD, which is what invalid UTF-8
// decodes to, and so most likely marks text damaged before it reached the
// system: the rule of every free-text field of a submission.
func Field(s string) bool {
	return Text(s) && !strings.ContainsRune(s, utf8.RuneError)
}

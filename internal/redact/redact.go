// Package redact holds the masking rules that more than one package of
// migreg applies to text it shows people and logs: how far an echoed
// input is shown, how a name becomes initials, and how a pseudonymous ID
// is hidden wherever it was spliced into a text.
package redact

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Cut shortens s to at most n bytes on a rune boundary, marking the cut
// with "...", so that an error or a log record never echoes a megabyte
// of input, nor splits a character.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := max(n, 0)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// Initials shortens names to their initials: "Zhanargul Sarsenbayeva"
// -> "Z. S.".
func Initials(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		out = append(out, string(r)+".")
	}
	return strings.Join(out, " ")
}

// pseudonym matches a foreigner's or a host's ID (registration.ForeignerID,
// registration.HostID: "f_" or "h_", the key's ID of 1 to 8 lower-case
// letters and digits, "_" and 26 lower-case base32 characters) standing as a word of its own or inside a compound ID such
// as a reminder's "reminder/registration/f_…/2026-07-01".
var pseudonym = regexp.MustCompile(`\b([fh])_[0-9a-z]{1,8}_[0-9a-v]{26}\b`)

// Pseudonyms replaces every foreigner's or host's ID in s by its masked
// form, "f_***" or "h_***": for texts that quote IDs made of pseudonyms
// (a reminder's message ID) or a store's text about one.
func Pseudonyms(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	return pseudonym.ReplaceAllString(s, "${1}_***")
}

// maxID is how much of an ID an error echoes: more than any ID migreg
// makes or accepts (registration IDs are at most 128 bytes).
const maxID = 128

// ID is an ID as an error echoes it: cut to 128 bytes, so that a
// megabyte-long unknown ID is never repeated in full.
func ID(s string) string { return Cut(s, maxID) }

package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCut(t *testing.T) {
	tests := []struct {
		give string
		n    int
		want string
	}{
		{"r-1", 128, "r-1"},
		{"", 4, ""},
		{"abcdef", 3, "abc..."},
		{"Алматы", 3, "А..."}, // never half a character
		{"abc", 0, "..."},
		{"abc", -1, "..."},
	}
	for _, tt := range tests {
		if got := Cut(tt.give, tt.n); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q; want %q", tt.give, tt.n, got, tt.want)
		}
	}
	long := strings.Repeat("я", 1<<19)
	if got := Cut(long, 128); len(got) > 131 || !utf8.ValidString(got) {
		t.Errorf("Cut of 1 MB = %d bytes, valid UTF-8 %v; want at most 131 bytes of valid UTF-8", len(got), utf8.ValidString(got))
	}
}

func TestInitials(t *testing.T) {
	tests := []struct{ give, want string }{
		{"Sarsenbayeva Zhanargul", "S. Z."},
		{"  Зульфияхон  Дильбаровна ", "З. Д."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Initials(tt.give); got != tt.want {
			t.Errorf("Initials(%q) = %q; want %q", tt.give, got, tt.want)
		}
	}
}

func TestPseudonyms(t *testing.T) {
	tests := []struct{ give, want string }{
		{"store: not found: message reminder/registration/f_k2026_snp41j623jn47cs77noog2kt0i/2026-07-01",
			"store: not found: message reminder/registration/f_***/2026-07-01"},
		{"host h_demo_p07cab7scc0n6cqasaeoomsgl9, foreigner f_k2026_snp41j623jn47cs77noog2kt0i",
			"host h_***, foreigner f_***"},
		{"registration r_01j2k3m4n5p6q7r8s9t0v1w2x3 and r-1", "registration r_01j2k3m4n5p6q7r8s9t0v1w2x3 and r-1"},
		{"a short f_abc stays", "a short f_abc stays"},
		{"no ID at all", "no ID at all"},
	}
	for _, tt := range tests {
		if got := Pseudonyms(tt.give); got != tt.want {
			t.Errorf("Pseudonyms(%q)\n = %q\nwant %q", tt.give, got, tt.want)
		}
	}
}

func TestID(t *testing.T) {
	if got := ID("r-1"); got != "r-1" {
		t.Errorf("ID(%q) = %q; want it unchanged", "r-1", got)
	}
	if got := ID(strings.Repeat("x", 1<<20)); len(got) != maxID+len("...") {
		t.Errorf("ID of 1 MB = %d bytes; want %d and an ellipsis", len(got), maxID)
	}
}

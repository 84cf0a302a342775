package certificate

import (
	"errors"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
	"pgregory.net/rapid"
)

func TestNumberSpace(t *testing.T) {
	want := uint64(1)
	for range dataLen {
		want *= uint64(radix)
	}
	if numberSpace != want {
		t.Errorf("numberSpace = %d; want 31^11 = %d", numberSpace, want)
	}
	if len(alphabet) != 31 {
		t.Errorf("len(alphabet) = %d; want 31", len(alphabet))
	}
	for _, c := range "01ILO" {
		if strings.ContainsRune(alphabet, c) {
			t.Errorf("alphabet contains the look-alike %q", c)
		}
	}
}

func TestParseNumber(t *testing.T) {
	n := NumberFor("r-1", 2)
	canon := n.String()
	compact := strings.ReplaceAll(strings.TrimPrefix(canon, "KZ-"), "-", "")
	tests := []string{
		canon,
		strings.ToLower(canon),
		compact,
		strings.ToLower(compact),
		"KZ" + compact,
		" kz " + compact[:4] + " " + compact[4:8] + " " + compact[8:] + " ",
		"--" + compact + "--",
	}
	for _, give := range tests {
		got, err := ParseNumber(give)
		if got != n || err != nil {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, nil", give, got, err, n)
		}
	}
}

func TestParseNumberErrors(t *testing.T) {
	n := NumberFor("r-1", 2)
	compact := strings.ReplaceAll(strings.TrimPrefix(n.String(), "KZ-"), "-", "")
	wrongCheck := compact[:11] + string(alphabet[(symbolValue(compact[11])+1)%radix])
	tests := []struct {
		give       string
		want       NumberProblem
		wantOffset int
	}{
		{"", BadLength, 0},
		{"KZ", BadLength, 0},
		{compact[:11], BadLength, 0},
		{compact + "2", BadLength, 0},
		{"KZ" + compact + "2", BadLength, 0},
		{"XY" + compact, BadLength, 0},
		{strings.Repeat("2", 100), BadLength, 0},
		{"0" + compact[1:], BadCharacter, 0},
		{compact[:3] + "1" + compact[4:], BadCharacter, 3},
		{compact[:3] + "I" + compact[4:], BadCharacter, 3},
		{compact[:3] + "l" + compact[4:], BadCharacter, 3},
		{compact[:3] + "O" + compact[4:], BadCharacter, 3},
		{compact[:5] + "_" + compact[5:], BadCharacter, 5},
		{compact[:5] + "\t" + compact[5:], BadCharacter, 5},
		{"KZ—" + compact, BadCharacter, 2},
		{"КZ" + compact, BadCharacter, 0}, // Cyrillic К
		{compact[:5] + "Ａ" + compact[5:], BadCharacter, 5},
		{wrongCheck, BadCheckDigit, 0},
		{compact[1:2] + compact[0:1] + compact[2:], BadCheckDigit, 0},
	}
	for _, tt := range tests {
		_, err := ParseNumber(tt.give)
		var ne *NumberError
		if !errors.As(err, &ne) || !errors.Is(err, ErrMalformedNumber) || ne.Problem != tt.want || ne.Offset != tt.wantOffset {
			t.Errorf("ParseNumber(%q) error = %v; want a *NumberError %v at offset %d", tt.give, err, tt.want, tt.wantOffset)
		}
	}
}

// TestNumberFor pins the derivation: changing it would change the number
// of every certificate ever issued. The wants were computed by a separate
// Python implementation of the documented algorithm.
func TestNumberFor(t *testing.T) {
	tests := []struct {
		id      string
		version int
		want    string
	}{
		{"r-1", 2, "KZ-RBEE-GAHF-5ASW"},
		{"r-1", 3, "KZ-9VKJ-8N2X-AVH4"},
		{"r-2026-000123", 2, "KZ-T3QU-3GNP-SJVU"},
	}
	for _, tt := range tests {
		if got := NumberFor(registration.ID(tt.id), tt.version).String(); got != tt.want {
			t.Errorf("NumberFor(%q, %d) = %s; want %s", tt.id, tt.version, got, tt.want)
		}
	}
}

func TestNumberZero(t *testing.T) {
	var n Number
	if !n.IsZero() || n.String() != "" {
		t.Errorf("zero Number: IsZero = %v, String = %q; want true, \"\"", n.IsZero(), n.String())
	}
	b, err := n.MarshalText()
	if len(b) != 0 || err != nil {
		t.Errorf("zero Number MarshalText = %q, %v; want empty, nil", b, err)
	}
	m := NumberFor("x", 1)
	if err := m.UnmarshalText(nil); err != nil || !m.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %v; want the zero Number", m, err)
	}
	if err := m.UnmarshalText([]byte("nonsense")); err == nil {
		t.Errorf("UnmarshalText(nonsense) = nil; want an error")
	}
}

// weightedSum is the reference oracle of the check: Σ (12 − j)·vⱼ mod 31,
// computed from the alphabet string by a separate route.
func weightedSum(sym string) int {
	sum := 0
	for j := range len(sym) {
		sum += (12 - j) * strings.IndexByte(alphabet, sym[j])
	}
	return sum % 31
}

// TestCheckDigitProof enumerates the whole argument of the Number doc
// comment: for every position, every single substitution changes the
// weighted sum modulo 31, and so does every swap of two different
// neighbours. Since the sum is 0 for a valid number, no error of either
// kind leaves a valid number, whatever the other symbols are.
func TestCheckDigitProof(t *testing.T) {
	for j := range NumberLen {
		w := NumberLen - j
		for a := range radix {
			for b := range radix {
				if a != b && (w*(b-a))%radix == 0 {
					t.Errorf("substituting %c by %c at %d is not caught", alphabet[a], alphabet[b], j)
				}
				if j+1 < NumberLen && a != b && ((w*b+(w-1)*a)-(w*a+(w-1)*b))%radix == 0 {
					t.Errorf("swapping %c%c at %d is not caught", alphabet[a], alphabet[b], j)
				}
			}
		}
	}
}

// TestCheckDigitCatchesErrors runs ParseNumber on every single-symbol
// error and every adjacent swap of random numbers.
func TestCheckDigitCatchesErrors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := numberOf(rapid.Uint64Range(0, numberSpace-1).Draw(t, "value"))
		sym := string(n.sym[:])
		if weightedSum(sym) != 0 {
			t.Fatalf("%s: weighted sum %d; want 0", sym, weightedSum(sym))
		}
		if got, err := ParseNumber(sym); got != n || err != nil {
			t.Fatalf("ParseNumber(%q) = %v, %v; want %v", sym, got, err, n)
		}
		for j := range NumberLen {
			for k := range radix {
				if alphabet[k] == sym[j] {
					continue
				}
				bad := sym[:j] + string(alphabet[k]) + sym[j+1:]
				if _, err := ParseNumber(bad); !isProblem(err, BadCheckDigit) {
					t.Fatalf("ParseNumber(%q), one symbol off %q, error = %v; want check_digit", bad, sym, err)
				}
			}
			if j+1 < NumberLen && sym[j] != sym[j+1] {
				bad := sym[:j] + string(sym[j+1]) + string(sym[j]) + sym[j+2:]
				if _, err := ParseNumber(bad); !isProblem(err, BadCheckDigit) {
					t.Fatalf("ParseNumber(%q), swapped from %q, error = %v; want check_digit", bad, sym, err)
				}
			}
		}
	})
}

func isProblem(err error, p NumberProblem) bool {
	var ne *NumberError
	return errors.As(err, &ne) && ne.Problem == p
}

func TestNumberValueRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.Uint64Range(0, numberSpace-1).Draw(t, "value")
		if got := numberOf(v).value(); got != v {
			t.Fatalf("numberOf(%d).value() = %d", v, got)
		}
	})
}

func TestNumberProblemText(t *testing.T) {
	for _, p := range []NumberProblem{BadCharacter, BadLength, BadCheckDigit} {
		b, err := p.MarshalText()
		var q NumberProblem
		if err != nil || q.UnmarshalText(b) != nil || q != p {
			t.Errorf("NumberProblem %v: MarshalText = %q, %v; round trip %v", p, b, err, q)
		}
	}
	if b, err := NumberProblem(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("NumberProblem(0).MarshalText() = %q, %v; want empty text", b, err)
	}
	if _, err := NumberProblem(9).MarshalText(); !errors.Is(err, ErrUnknownName) {
		t.Errorf("NumberProblem(9).MarshalText() error = %v; want ErrUnknownName", err)
	}
}

package kzid_test

import (
	"encoding"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

func TestCheckDigitVectors(t *testing.T) {
	tests := []struct {
		give   string
		want   int
		wantOK bool
	}{
		// Published vectors (docs/legal.md Part B §5).
		{"94014000038", 5, true}, // BIN, stdnum
		{"99014000465", 4, true}, // BIN, stdnum
		{"06121160001", 2, true}, // IIN, kz-iin-validator; first pass gives 10
		// Hand-verified: first pass, second pass, and no check digit.
		{"85011530000", 1, true},  // Σ = 232, 232 mod 11 = 1
		{"99123140000", 2, true},  // first pass 10; second Σ = 255, 255 mod 11 = 2
		{"99123140004", 0, false}, // both passes give 10
		{"23116120006", 0, false},
		{"00000000000", 0, true},
		// Not eleven ASCII digits.
		{"", 0, false},
		{"0612116000", 0, false},
		{"061211600012", 0, false},
		{"0612116000a", 0, false},
		{"0612116000١", 0, false},
	}
	for _, tt := range tests {
		got, ok := kzid.CheckDigit(tt.give)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("CheckDigit(%q) = %d, %t; want %d, %t", tt.give, got, ok, tt.want, tt.wantOK)
		}
	}
}

// digitString draws a string of n ASCII digits.
func digitString(t *rapid.T, n int, label string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0' + byte(rapid.IntRange(0, 9).Draw(t, fmt.Sprintf("%s[%d]", label, i)))
	}
	return string(b)
}

func TestCheckDigitMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := digitString(t, 11, "prefix")
		got, ok := kzid.CheckDigit(p)
		want := oracleCheck(p + "0")
		if ok != (want >= 0) || (ok && got != want) {
			t.Fatalf("CheckDigit(%q) = %d, %t; oracle %d", p, got, ok, want)
		}
	})
}

// changeOne draws an eleven-digit prefix and a copy that differs from it in
// exactly one position, which it returns (0-based).
func changeOne(t *rapid.T, pos int) (p, q string) {
	p = digitString(t, 11, "prefix")
	d := rapid.IntRange(1, 9).Draw(t, "delta")
	b := []byte(p)
	b[pos] = '0' + (b[pos]-'0'+byte(d))%10
	return p, string(b)
}

// What the two-pass mod-11 check digit guarantees for a change of one digit
// among the first eleven, exactly. Only these statements hold; when a pass
// switches (one prefix's first pass gives 10 and the other's does not),
// the check digits can agree and the change goes unnoticed.
func TestCheckDigitSingleChange(t *testing.T) {
	t.Run("positions 1-10, both decided by the first pass: detected", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			pos := rapid.IntRange(0, 9).Draw(t, "pos")
			p, q := changeOne(t, pos)
			if oracleFirstPass(p) == 10 || oracleFirstPass(q) == 10 {
				t.Skip("a second pass decides")
			}
			cp, _ := kzid.CheckDigit(p)
			cq, _ := kzid.CheckDigit(q)
			if cp == cq {
				t.Fatalf("CheckDigit(%q) = CheckDigit(%q) = %d; want different", p, q, cp)
			}
		})
	})
	t.Run("position 11, first pass decides: never detected", func(t *testing.T) {
		// The first pass weighs digit 11 by 11 ≡ 0 (mod 11).
		rapid.Check(t, func(t *rapid.T) {
			p, q := changeOne(t, 10)
			if oracleFirstPass(p) == 10 {
				t.Skip("the second pass decides")
			}
			cp, okp := kzid.CheckDigit(p)
			cq, okq := kzid.CheckDigit(q)
			if !okp || !okq || cp != cq {
				t.Fatalf("CheckDigit(%q) = %d, %t and CheckDigit(%q) = %d, %t; want equal", p, cp, okp, q, cq, okq)
			}
		})
	})
	t.Run("position 11, second pass decides: detected", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			p, ok := withFirstPassTen(digitString(t, 11, "prefix"))
			if !ok {
				t.Skip("no digit at positions 1-10 makes the first pass give 10")
			}
			d := byte(rapid.IntRange(1, 9).Draw(t, "delta"))
			q := p[:10] + string('0'+(p[10]-'0'+d)%10)
			cp, okp := kzid.CheckDigit(p)
			cq, okq := kzid.CheckDigit(q)
			if !okp || !okq {
				t.Skip("a prefix has no check digit")
			}
			if cp == cq {
				t.Fatalf("CheckDigit(%q) = CheckDigit(%q) = %d; want different", p, q, cp)
			}
		})
	})
}

// withFirstPassTen changes one of the first ten digits of p so that the
// first pass gives 10, if it can.
func withFirstPassTen(p string) (string, bool) {
	for pos := 9; pos >= 0; pos-- {
		for d := byte('0'); d <= '9'; d++ {
			q := p[:pos] + string(d) + p[pos+1:]
			if oracleFirstPass(q) == 10 {
				return q, true
			}
		}
	}
	return p, false
}

// The limits above are real: each pair of valid IINs differs in one digit.
// A change of digit 11 is invisible to the first pass; the other changes
// switch the published vector 061211600012 from the second pass to the
// first, which happens to give the same check digit.
func TestSingleChangesThatStayValid(t *testing.T) {
	tests := []struct{ a, b string }{
		{"850115300001", "850115300011"}, // digit 11
		{"850115300001", "850115300091"}, // digit 11
		{"061211600012", "021211600012"}, // digit 2, pass switch
		{"061211600012", "061211604012"}, // digit 9, pass switch
		{"061211600012", "061211600812"}, // digit 10, pass switch
	}
	for _, tt := range tests {
		_, errA := kzid.ParseIIN(tt.a)
		_, errB := kzid.ParseIIN(tt.b)
		if errA != nil || errB != nil {
			t.Errorf("ParseIIN(%q), ParseIIN(%q) = %v, %v; want both valid", tt.a, tt.b, errA, errB)
		}
	}
}

func TestParseRejectsChangedCheckDigit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := genIIN().Draw(t, "iin")
		b := genBIN().Draw(t, "bin")
		d := byte(rapid.IntRange(1, 9).Draw(t, "delta"))
		change := func(s string) string {
			return s[:11] + string('0'+(s[11]-'0'+d)%10)
		}
		if _, err := kzid.ParseIIN(change(n.Digits())); ruleOf(err) != kzid.RuleChecksum {
			t.Fatalf("ParseIIN(%q) error = %v; want rule checksum", change(n.Digits()), err)
		}
		if _, err := kzid.ParseBIN(change(b.Digits())); ruleOf(err) != kzid.RuleChecksum {
			t.Fatalf("ParseBIN(%q) error = %v; want rule checksum", change(b.Digits()), err)
		}
	})
}

func TestErrorMatching(t *testing.T) {
	_, err := kzid.ParseIIN("061211600013")
	if !errors.Is(err, kzid.ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false; want true", err)
	}
	var e *kzid.Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(%v, *Error) = false; want true", err)
	}
	want := kzid.Error{Kind: kzid.KindIIN, Rule: kzid.RuleChecksum, Input: "********0013"}
	if *e != want {
		t.Errorf("ParseIIN error = %#v; want %#v", *e, want)
	}
	// The text is API: callers may show it.
	if got, want := err.Error(), `kzid: invalid IIN "********0013": check digit does not match`; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	_, err = kzid.NewBIN(1989, 1, kzid.ResidentLegalEntity, kzid.HeadOffice, 1)
	if got, want := err.Error(), "kzid: invalid BIN: registration year outside 1990-2089"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
}

func TestErrorMasksInput(t *testing.T) {
	tests := []struct {
		give string
		want string
	}{
		{"", ""},
		{"12", "12"},
		{"1234", "1234"},
		{" 12345 ", "*2345"},
		{"0612116000125", "*********0125"},
		{"06121160001a", "********001a"},
		{"0612 11600012", "*********0012"},
		{"٠٦١٢١١٦٠٠٠١٢", "********٠٠١٢"},
		{strings.Repeat("7", 100) + "0012", strings.Repeat("*", 20) + "0012"},
	}
	for _, tt := range tests {
		_, err := kzid.ParseIIN(tt.give)
		var e *kzid.Error
		if !errors.As(err, &e) {
			t.Errorf("ParseIIN(%q) error = %v; want *Error", tt.give, err)
			continue
		}
		if e.Input != tt.want {
			t.Errorf("ParseIIN(%q) error Input = %q; want %q", tt.give, e.Input, tt.want)
		}
	}
}

// textEnum is what every enumeration of the package implements.
type textEnum interface {
	fmt.Stringer
	encoding.TextMarshaler
}

func TestEnumNames(t *testing.T) {
	tests := []struct {
		give textEnum
		want string
	}{
		{kzid.KindIIN, "iin"},
		{kzid.KindBIN, "bin"},
		{kzid.RuleLength, "length"},
		{kzid.RuleDigits, "digits"},
		{kzid.RuleCentury, "century"},
		{kzid.RuleBirthDate, "birth_date"},
		{kzid.RuleEntityType, "entity_type"},
		{kzid.RuleAttribute, "attribute"},
		{kzid.RuleRegistrationMonth, "registration_month"},
		{kzid.RuleChecksum, "checksum"},
		{kzid.RuleChecksumUnusable, "checksum_unusable"},
		{kzid.RuleSerial, "serial"},
		{kzid.RuleSex, "sex"},
		{kzid.RuleRegistrationYear, "registration_year"},
		{kzid.Male, "male"},
		{kzid.Female, "female"},
		{kzid.ResidentLegalEntity, "resident_legal_entity"},
		{kzid.NonResidentLegalEntity, "non_resident_legal_entity"},
		{kzid.JointEntrepreneur, "joint_entrepreneur"},
		{kzid.HeadOffice, "head_office"},
		{kzid.Branch, "branch"},
		{kzid.RepresentativeOffice, "representative_office"},
		{kzid.PeasantFarm, "peasant_farm"},
	}
	for _, tt := range tests {
		if got := tt.give.String(); got != tt.want {
			t.Errorf("%T(%d).String() = %q; want %q", tt.give, tt.give, got, tt.want)
		}
		b, err := tt.give.MarshalText()
		if string(b) != tt.want || err != nil {
			t.Errorf("%T(%d).MarshalText() = %q, %v; want %q, nil", tt.give, tt.give, b, err, tt.want)
		}
	}
}

func TestEnumInvalidValues(t *testing.T) {
	tests := []struct {
		give textEnum
		want string
	}{
		{kzid.Kind(3), "Kind(3)"},
		{kzid.Rule(13), "Rule(13)"},
		{kzid.Sex(3), "Sex(3)"},
		{kzid.EntityType(4), "EntityType(4)"},
		{kzid.Attribute(5), "Attribute(5)"},
	}
	for _, tt := range tests {
		if got := tt.give.String(); got != tt.want {
			t.Errorf("String() = %q; want %q", got, tt.want)
		}
		if b, err := tt.give.MarshalText(); !errors.Is(err, kzid.ErrUnknownName) {
			t.Errorf("%s.MarshalText() = %q, %v; want ErrUnknownName", tt.want, b, err)
		}
	}
}

func TestEnumZeroIsEmptyText(t *testing.T) {
	tests := []textEnum{kzid.Kind(0), kzid.Rule(0), kzid.Sex(0), kzid.EntityType(0), kzid.Attribute(0)}
	for _, e := range tests {
		b, err := e.MarshalText()
		if len(b) != 0 || err != nil {
			t.Errorf("%T(0).MarshalText() = %q, %v; want empty, nil", e, b, err)
		}
	}
}

func TestEnumUnmarshalText(t *testing.T) {
	var (
		k kzid.Kind
		r kzid.Rule
		s kzid.Sex
		e kzid.EntityType
		a kzid.Attribute
	)
	tests := []struct {
		dst  encoding.TextUnmarshaler
		give string
		want any
	}{
		{&k, "bin", kzid.KindBIN},
		{&k, "BIN", kzid.KindBIN}, // as MarshalText wrote it before
		{&r, "checksum_unusable", kzid.RuleChecksumUnusable},
		{&s, "female", kzid.Female},
		{&e, "joint_entrepreneur", kzid.JointEntrepreneur},
		{&a, "peasant_farm", kzid.PeasantFarm},
		{&s, "", kzid.Sex(0)},
	}
	for _, tt := range tests {
		err := tt.dst.UnmarshalText([]byte(tt.give))
		got := fmt.Sprint(tt.dst)
		if err != nil || got != fmt.Sprint(tt.want) {
			t.Errorf("%T.UnmarshalText(%q) = %v, value %s; want nil, %v", tt.dst, tt.give, err, got, tt.want)
		}
	}
	for _, give := range []string{"Female", "F", " male", "0", "Sex(1)"} {
		s := kzid.Male
		if err := s.UnmarshalText([]byte(give)); !errors.Is(err, kzid.ErrUnknownName) || s != kzid.Male {
			t.Errorf("Sex.UnmarshalText(%q) = %v, value %v; want ErrUnknownName, unchanged male", give, err, s)
		}
	}
	// The old codes are read as they were written, not in any case.
	for _, give := range []string{"Iin", "bIN", "IIN ", "Bin"} {
		k := kzid.KindIIN
		if err := k.UnmarshalText([]byte(give)); !errors.Is(err, kzid.ErrUnknownName) || k != kzid.KindIIN {
			t.Errorf("Kind.UnmarshalText(%q) = %v, value %v; want ErrUnknownName, unchanged", give, err, k)
		}
	}
}

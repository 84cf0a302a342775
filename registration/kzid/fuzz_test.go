package kzid_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration/kzid"
)

var fuzzSeeds = []string{
	"061211600012", "940140000385", "990140004654", "850115300001", "231161200009",
	" 061211600012\n", "061211600013", "991231400040", "800101700001", "061311600012",
	"", "0612116000", "06121160001a", "٠٦١٢١١٦٠٠٠١٢", "０６１２", "\xff\xfe", "+61211600012",
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkNotLeaked fails if any masked output of v shows its hidden digits.
func checkNotLeaked(t *testing.T, digits string, v any) {
	t.Helper()
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		if out := fmt.Sprintf(f, v); fullNumberLeaks(out, digits) {
			t.Fatalf("Sprintf(%q) = %q shows %s", f, out, digits)
		}
	}
}

// checkRejected checks the shape of an error for the rejected input s.
func checkRejected(t *testing.T, s string, kind kzid.Kind, err error) {
	t.Helper()
	var e *kzid.Error
	if !errors.As(err, &e) || !errors.Is(err, kzid.ErrInvalid) || e.Kind != kind {
		t.Fatalf("error for %q = %#v; want an *Error of kind %v matching ErrInvalid", s, err, kind)
	}
	trimmed := strings.Trim(s, " \t\r\n")
	if len(trimmed) >= 5 && isDigits(trimmed) && strings.Contains(err.Error(), trimmed) {
		t.Fatalf("error for %q = %q shows the input", s, err)
	}
}

func FuzzParseIIN(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := kzid.ParseIIN(s)
		trimmed := strings.Trim(s, " \t\r\n")
		if err != nil {
			checkRejected(t, s, kzid.KindIIN, err)
			if len(trimmed) == 12 && isDigits(trimmed) && ruleOf(err) != oracleIIN(trimmed) {
				t.Fatalf("ParseIIN(%q) rule = %v; oracle %v", s, ruleOf(err), oracleIIN(trimmed))
			}
			return
		}
		if n.Digits() != trimmed || oracleIIN(trimmed) != 0 {
			t.Fatalf("ParseIIN(%q).Digits() = %q, oracle %v; want %q, valid", s, n.Digits(), oracleIIN(trimmed), trimmed)
		}
		again, err := kzid.ParseIIN(n.Digits())
		if err != nil || again != n {
			t.Fatalf("ParseIIN(%q) = %v, %v; want %v", n.Digits(), again, err, n)
		}
		if y := n.BirthDate().Year(); y < 1800 || y > 2099 || n.Sex() == 0 {
			t.Fatalf("ParseIIN(%q) birth %v, sex %v", s, n.BirthDate(), n.Sex())
		}
		checkNotLeaked(t, n.Digits(), n)
	})
}

func FuzzParseIINWith(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	opts := &kzid.Options{AllowUnknownCentury: true}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := kzid.ParseIINWith(s, opts)
		strict, strictErr := kzid.ParseIIN(s)
		if strictErr == nil && (err != nil || n != strict) {
			t.Fatalf("ParseIINWith(%q) = %v, %v; ParseIIN accepts it as %v", s, n, err, strict)
		}
		if err != nil {
			checkRejected(t, s, kzid.KindIIN, err)
			return
		}
		if again, err := kzid.ParseIINWith(n.Digits(), opts); err != nil || again != n {
			t.Fatalf("ParseIINWith(%q) = %v, %v; want %v", n.Digits(), again, err, n)
		}
		if strictErr != nil && (ruleOf(strictErr) != kzid.RuleCentury || n.Century() != 0 || n.Sex() != 0 || !n.BirthDate().IsZero()) {
			t.Fatalf("ParseIINWith(%q) accepts what ParseIIN rejects with %v; century %d, sex %v, birth %v", s, strictErr, n.Century(), n.Sex(), n.BirthDate())
		}
		checkNotLeaked(t, n.Digits(), n)
	})
}

func FuzzParseBIN(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := kzid.ParseBIN(s)
		trimmed := strings.Trim(s, " \t\r\n")
		if err != nil {
			checkRejected(t, s, kzid.KindBIN, err)
			if len(trimmed) == 12 && isDigits(trimmed) && ruleOf(err) != oracleBIN(trimmed) {
				t.Fatalf("ParseBIN(%q) rule = %v; oracle %v", s, ruleOf(err), oracleBIN(trimmed))
			}
			return
		}
		if n.Digits() != trimmed || oracleBIN(trimmed) != 0 {
			t.Fatalf("ParseBIN(%q).Digits() = %q, oracle %v; want %q, valid", s, n.Digits(), oracleBIN(trimmed), trimmed)
		}
		again, err := kzid.ParseBIN(n.Digits())
		if err != nil || again != n {
			t.Fatalf("ParseBIN(%q) = %v, %v; want %v", n.Digits(), again, err, n)
		}
		if y := n.RegisteredYear(); y < 1990 || y > 2089 || n.EntityType() == 0 || n.Attribute() == 0 {
			t.Fatalf("ParseBIN(%q) year %d, type %v, attribute %v", s, y, n.EntityType(), n.Attribute())
		}
		checkNotLeaked(t, n.Digits(), n)
	})
}

func FuzzIINUnmarshalText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		before := mustIIN(t, "850115300001")
		n := before
		if err := n.UnmarshalText(b); err != nil {
			checkRejected(t, string(b), kzid.KindIIN, err)
			if n != before {
				t.Fatalf("UnmarshalText(%q) failed with %v but changed the value to %v", b, err, n)
			}
			return
		}
		text, err := n.MarshalText()
		if err != nil || string(text) != strings.Trim(string(b), " \t\r\n") {
			t.Fatalf("UnmarshalText(%q) then MarshalText = %q, %v", b, text, err)
		}
		var again kzid.IIN
		if err := again.UnmarshalText(text); err != nil || again != n {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", text, again, err, n)
		}
	})
}

func FuzzBINUnmarshalText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		before := mustBIN(t, "940140000385")
		n := before
		if err := n.UnmarshalText(b); err != nil {
			checkRejected(t, string(b), kzid.KindBIN, err)
			if n != before {
				t.Fatalf("UnmarshalText(%q) failed with %v but changed the value to %v", b, err, n)
			}
			return
		}
		text, err := n.MarshalText()
		if err != nil || string(text) != strings.Trim(string(b), " \t\r\n") {
			t.Fatalf("UnmarshalText(%q) then MarshalText = %q, %v", b, text, err)
		}
		var again kzid.BIN
		if err := again.UnmarshalText(text); err != nil || again != n {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", text, again, err, n)
		}
	})
}

func FuzzCheckDigit(f *testing.F) {
	for _, s := range []string{"06121160001", "94014000038", "99123140004", "", "0612116000a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := kzid.CheckDigit(s)
		if len(s) != 11 || !isDigits(s) {
			if ok {
				t.Fatalf("CheckDigit(%q) = %d, true; want false", s, got)
			}
			return
		}
		if want := oracleCheck(s + "0"); ok != (want >= 0) || (ok && got != want) {
			t.Fatalf("CheckDigit(%q) = %d, %t; oracle %d", s, got, ok, want)
		}
	})
}

package certificate

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// fuzzSeeds returns genuine tokens, signed by the key the fuzz targets
// trust.
func fuzzSeeds(f *testing.F) (Verifier, []string) {
	iss := testIssuer(f, "2026-1", 1)
	var tokens []string
	for _, r := range []func(testing.TB) Certificate{
		func(tb testing.TB) Certificate { c, _, _ := sample(tb); return c },
		func(tb testing.TB) Certificate {
			c, err := iss.Issue(sampleHotelRegistration(tb), at("2026-07-10", 14, 5))
			if err != nil {
				tb.Fatal(err)
			}
			return c
		},
	} {
		tok, err := r(f).Token()
		if err != nil {
			f.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	return Verifier{Keys: keySet(f, iss)}, tokens
}

// checkToken is the oracle of both token fuzzers: no panic; a rejected
// token is ErrMalformed; an accepted one re-encodes to itself; and only
// the genuine tokens verify (no forgery).
func checkToken(t *testing.T, v Verifier, genuine []string, tok string) {
	c, err := DecodeToken(tok)
	if err != nil {
		if !errors.Is(err, ErrMalformed) {
			t.Fatalf("DecodeToken(%q) error = %v; want ErrMalformed", tok, err)
		}
		return
	}
	again, err := c.Token()
	if err != nil || again != tok {
		t.Fatalf("DecodeToken(%q) = %v, and Token() = %q, %v; want the same token", tok, c, again, err)
	}
	if _, err := v.Verify(context.Background(), tok, c.ValidFrom); err == nil {
		for _, g := range genuine {
			if g == tok {
				return
			}
		}
		t.Fatalf("forgery accepted: %q", tok)
	}
}

func FuzzDecodeToken(f *testing.F) {
	v, genuine := fuzzSeeds(f)
	for _, g := range genuine {
		f.Add(g)
		f.Add(g[:len(g)/2])
		f.Add(strings.Replace(g, "A", "B", 1))
	}
	f.Add("")
	f.Add(tokenPrefix)
	f.Add(tokenPrefix + "000")
	f.Fuzz(func(t *testing.T, tok string) {
		checkToken(t, v, genuine, tok)
	})
}

// FuzzDecodeBytes mutates the decoded bytes, where the fuzzer finds the
// structure of the encoding faster than through base45.
func FuzzDecodeBytes(f *testing.F) {
	v, genuine := fuzzSeeds(f)
	for _, g := range genuine {
		b, _, ok := appendBase45Decoded(nil, g[len(tokenPrefix):])
		if !ok {
			f.Fatal("seed does not decode")
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkToken(t, v, genuine, tokenOf(b))
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"KZ-RBEE-GAHF-5ASW", "kz rbee gahf 5asw", "RBEEGAHF5ASW", "KZRBEEGAHF5ASW", "RBEEGAHF5AWS", "", "KZ", "0OIL1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			var ne *NumberError
			if !errors.As(err, &ne) || !errors.Is(err, ErrMalformedNumber) || n != (Number{}) {
				t.Fatalf("ParseNumber(%q) = %v, %v; want the zero Number and a *NumberError", s, n, err)
			}
			return
		}
		// The oracle: drop spaces and dashes, upper-case, drop a "KZ"
		// prefix from 14 symbols; what is left is the number, and its
		// weighted sum is 0 modulo 31.
		norm := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s))
		if len(norm) == 14 && strings.HasPrefix(norm, "KZ") {
			norm = norm[2:]
		}
		if string(n.sym[:]) != norm || weightedSum(norm) != 0 {
			t.Fatalf("ParseNumber(%q) = %v; the symbols are %q, sum %d", s, n, norm, weightedSum(norm))
		}
		if again, err := ParseNumber(n.String()); again != n || err != nil {
			t.Fatalf("ParseNumber(%q) = %v, %v; want %v", n.String(), again, err, n)
		}
	})
}

func FuzzBase45(f *testing.F) {
	for _, s := range []string{"BB8", "%69 VD92EX0", "GGW", ":::", "A", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, _, ok := appendBase45Decoded(nil, s)
		if !ok {
			return
		}
		if again := string(appendBase45(nil, b)); again != s {
			t.Fatalf("base45 %q decodes to %x, which encodes to %q", s, b, again)
		}
	})
}

func FuzzParseLang(f *testing.F) {
	for _, s := range []string{"kk", "ru-RU", "uz_Latn", "EN", "de", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLang(s)
		if err != nil {
			if !errors.Is(err, ErrUnknownLang) || l != 0 {
				t.Fatalf("ParseLang(%q) = %v, %v; want 0, ErrUnknownLang", s, l, err)
			}
			return
		}
		if again, err := ParseLang(l.String()); again != l || err != nil {
			t.Fatalf("ParseLang(%q) = %v, %v; want %v", l.String(), again, err, l)
		}
	})
}

func FuzzSignatureUnmarshalText(f *testing.F) {
	c, _, _ := sample(f)
	b, _ := c.Signature.MarshalText()
	f.Add(string(b))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		var sig Signature
		if err := sig.UnmarshalText([]byte(s)); err != nil {
			return
		}
		if again, _ := sig.MarshalText(); string(again) != s {
			t.Fatalf("signature %q unmarshals to %x, which marshals to %q", s, sig, again)
		}
	})
}

package kzid_test

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

var (
	_ fmt.Formatter  = kzid.IIN{}
	_ fmt.GoStringer = kzid.IIN{}
	_ slog.LogValuer = kzid.IIN{}
	_ sql.Scanner    = (*kzid.IIN)(nil)
	_ driver.Valuer  = kzid.IIN{}
	_ fmt.Formatter  = kzid.BIN{}
	_ fmt.GoStringer = kzid.BIN{}
	_ slog.LogValuer = kzid.BIN{}
	_ sql.Scanner    = (*kzid.BIN)(nil)
	_ driver.Valuer  = kzid.BIN{}
)

func mustIIN(t testing.TB, s string) kzid.IIN {
	t.Helper()
	n, err := kzid.ParseIIN(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustBIN(t testing.TB, s string) kzid.BIN {
	t.Helper()
	n, err := kzid.ParseBIN(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// holder puts an IIN where fmt cannot call its methods: an unexported field.
type holder struct {
	name string
	iin  kzid.IIN
	bin  kzid.BIN
	Pub  kzid.IIN
}

func TestFormatMasks(t *testing.T) {
	n := mustIIN(t, "061211600012")
	b := mustBIN(t, "940140000385")
	tests := []struct {
		format string
		arg    any
		want   string
	}{
		{"%v", n, "********0012"},
		{"%+v", n, "********0012"},
		{"%s", n, "********0012"},
		{"%q", n, `"********0012"`},
		{"%#q", n, "`********0012`"},
		{"%#v", n, `kzid.IIN("********0012")`},
		{"%14v", n, "  ********0012"},
		{"%-14s|", n, "********0012  |"},
		{"%.4s", n, "****"},
		{"%x", n, "2a2a2a2a2a2a2a2a30303132"},
		{"%d", n, "%!d(string=********0012)"},
		{"%v", &n, "********0012"},
		{"%v", []kzid.IIN{n, {}}, "[********0012 ]"},
		{"%v", map[string]kzid.IIN{"a": n}, "map[a:********0012]"},
		{"%+v", struct{ IIN kzid.IIN }{n}, "{IIN:********0012}"},
		{"%#v", struct{ IIN kzid.IIN }{n}, `struct { IIN kzid.IIN }{IIN:kzid.IIN("********0012")}`},
		{"%v", b, "********0385"},
		{"%#v", b, `kzid.BIN("********0385")`},
		{"%q", b, `"********0385"`},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf(tt.format, tt.arg); got != tt.want {
			t.Errorf("Sprintf(%q, %T) = %q; want %q", tt.format, tt.arg, got, tt.want)
		}
	}
}

// fullNumberLeaks reports whether out shows digits of the number: all
// twelve, or the eight that the mask hides.
func fullNumberLeaks(out, digits string) bool {
	return strings.Contains(out, digits) || strings.Contains(out, digits[:8])
}

func TestNothingPrintsTheFullNumber(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := genIIN().Draw(t, "iin")
		b := genBIN().Draw(t, "bin")
		h := holder{name: "x", iin: n, bin: b, Pub: n}
		var outs []string
		for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.12v"} {
			outs = append(outs, fmt.Sprintf(f, n), fmt.Sprintf(f, b), fmt.Sprintf(f, h), fmt.Sprintf(f, &h))
		}
		outs = append(outs, n.String(), n.GoString(), b.String(), b.GoString(), fmt.Sprint(n, b, h))
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		log.Info("m", "iin", n, "bin", b, "holder", h, slog.Group("g", "iin", n))
		// Not the holder: JSONHandler encodes a struct with encoding/json,
		// which writes MarshalText, the full number (see the package doc).
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "iin", n, "bin", b, slog.Group("g", "iin", n))
		outs = append(outs, buf.String())
		_, err := kzid.ParseIIN(n.Digits()[:11] + string('0'+(n.Digits()[11]-'0'+1)%10))
		outs = append(outs, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		for _, out := range outs {
			if fullNumberLeaks(out, n.Digits()) || fullNumberLeaks(out, b.Digits()) {
				t.Fatalf("output %q shows IIN %s or BIN %s", out, n.Digits(), b.Digits())
			}
		}
	})
}

func TestTextCarriesFullNumber(t *testing.T) {
	type record struct {
		IIN kzid.IIN `json:"iin" xml:"iin"`
		BIN kzid.BIN `json:"bin" xml:"bin"`
	}
	in := record{mustIIN(t, "061211600012"), mustBIN(t, "940140000385")}
	j, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"iin":"061211600012","bin":"940140000385"}`; string(j) != want {
		t.Errorf("json.Marshal = %s; want %s", j, want)
	}
	var out record
	if err := json.Unmarshal(j, &out); err != nil || out != in {
		t.Errorf("json.Unmarshal(%s) = %v, %v; want %v", j, out, err, in)
	}
	x, err := xml.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out = record{}
	if err := xml.Unmarshal(x, &out); err != nil || out != in {
		t.Errorf("xml round trip of %s = %v, %v; want %v", x, out, err, in)
	}
	// The zero values are empty text both ways.
	j, _ = json.Marshal(record{})
	if want := `{"iin":"","bin":""}`; string(j) != want {
		t.Errorf("json.Marshal(zero) = %s; want %s", j, want)
	}
	out = in
	if err := json.Unmarshal(j, &out); err != nil || out != (record{}) {
		t.Errorf("json.Unmarshal(%s) = %v, %v; want zero", j, out, err)
	}
	// AppendText appends.
	a, _ := in.IIN.AppendText([]byte("iin="))
	if string(a) != "iin=061211600012" {
		t.Errorf("AppendText = %q; want %q", a, "iin=061211600012")
	}
}

func TestUnmarshalTextRejects(t *testing.T) {
	tests := []struct {
		give string
		want kzid.Rule
	}{
		{"061211600013", kzid.RuleChecksum},
		{" ", kzid.RuleLength},
		{"06121160001", kzid.RuleLength},
		{"061211000012", kzid.RuleCentury},
	}
	for _, tt := range tests {
		n := mustIIN(t, "850115300001")
		err := n.UnmarshalText([]byte(tt.give))
		if ruleOf(err) != tt.want || n.Digits() != "850115300001" {
			t.Errorf("UnmarshalText(%q) = %v, value %v; want rule %v, value unchanged", tt.give, err, n, tt.want)
		}
	}
	var r struct{ B kzid.BIN }
	if err := json.Unmarshal([]byte(`{"B":"940140000386"}`), &r); ruleOf(err) != kzid.RuleChecksum {
		t.Errorf("json.Unmarshal of a bad BIN = %v; want rule checksum", err)
	}
}

func TestScan(t *testing.T) {
	tests := []struct {
		give any
		want string // Digits, or the rule's code
	}{
		{nil, ""},
		{"", ""},
		{[]byte(nil), ""},
		{"061211600012", "061211600012"},
		{[]byte("061211600012"), "061211600012"},
		{" 061211600012 ", "061211600012"},
		{int64(61211600012), "061211600012"}, // a numeric column lost the leading zero
		{int64(850115300001), "850115300001"},
		{int64(-61211600012), "digits"},
		{int64(1e12), "length"},
		{"061211600013", "checksum"},
		{int64(61211600013), "checksum"},
		{3.5, "invalid"},
	}
	for _, tt := range tests {
		n := mustIIN(t, "850115300001")
		err := n.Scan(tt.give)
		got := n.Digits()
		switch r := ruleOf(err); {
		case r == 255 && errors.Is(err, kzid.ErrInvalid):
			got = "invalid"
		case err != nil:
			got = r.String()
		}
		if got != tt.want {
			t.Errorf("IIN.Scan(%#v) = %q (%v); want %q", tt.give, got, err, tt.want)
		}
	}
}

func TestScanBIN(t *testing.T) {
	var n kzid.BIN
	if err := n.Scan(int64(940140000385)); err != nil || n.Digits() != "940140000385" {
		t.Errorf("BIN.Scan(940140000385) = %v, %q", err, n.Digits())
	}
	if err := n.Scan("940140000386"); ruleOf(err) != kzid.RuleChecksum || n.Digits() != "940140000385" {
		t.Errorf("BIN.Scan(940140000386) = %v, value %v; want checksum, unchanged", err, n)
	}
	if err := n.Scan(nil); err != nil || !n.IsZero() {
		t.Errorf("BIN.Scan(nil) = %v, value %v; want zero", err, n)
	}
}

func TestValue(t *testing.T) {
	tests := []struct {
		give driver.Valuer
		want driver.Value
	}{
		{mustIIN(t, "061211600012"), "061211600012"},
		{mustBIN(t, "940140000385"), "940140000385"},
		{kzid.IIN{}, nil},
		{kzid.BIN{}, nil},
	}
	for _, tt := range tests {
		got, err := tt.give.Value()
		if got != tt.want || err != nil {
			t.Errorf("%#v.Value() = %#v, %v; want %#v, nil", tt.give, got, err, tt.want)
		}
	}
}

func TestCmpUsesEqual(t *testing.T) {
	type person struct {
		Name string
		IIN  kzid.IIN
	}
	a := person{"A", mustIIN(t, "061211600012")}
	b := person{"A", mustIIN(t, "850115300001")}
	if cmp.Equal(a, a) != true || cmp.Equal(a, b) != false {
		t.Errorf("cmp.Equal: equal values %t, different values %t; want true, false", cmp.Equal(a, a), cmp.Equal(a, b))
	}
}

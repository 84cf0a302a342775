package certificate

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

var update = flag.Bool("update", false, "update the golden files in testdata")

// golden compares got with the file testdata/name, or rewrites the file
// under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// TestTokenGolden pins format 2: the same certificate must give the same
// bytes forever, or certificates already issued stop verifying.
func TestTokenGolden(t *testing.T) {
	_, tok, _ := sample(t)
	golden(t, "sample.token", []byte(tok+"\n"))
}

// TestEncodingLayout checks the documented layout field by field on the
// sample, with a decoder written here from doc.go.
func TestEncodingLayout(t *testing.T) {
	c, _, _ := sample(t)
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(b)
	uv := func() uint64 {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	str := func() string {
		s := make([]byte, uv())
		r.Read(s)
		return string(s)
	}
	one := func() byte { v, _ := r.ReadByte(); return v }
	masked := func() string { n := uv(); return strings.Repeat("*", int(n)) + str() }
	var num [8]byte
	r.Read(num[:1])
	version := num[0]
	r.Read(num[:])
	got := []any{
		version, numberOf(binary.BigEndian.Uint64(num[:])),
		str(), str(), str(), one(), masked(),
		str(), str(), str(), str(), str(), str(),
		one(), one(), str(),
		uv(), uv(), uv(), str(),
	}
	want := []any{
		byte(2), c.Number,
		"KARIMOV", "AZIZ BAKHODIROVICH", "UZB", byte(registration.Passport), "******567",
		"Алматы", "", "проспект Абая", "10", "5", "",
		byte(registration.PrivateHome), byte(registration.HostIndividual), "",
		uint64(at("2026-07-03", 18, 0).Unix()), uint64(d("2026-07-03").DaysSince(d("1970-01-01"))), uint64(27), "2026-1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("layout mismatch (-want +got):\n%s", diff)
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes left after the last field", r.Len())
	}
}

func TestEncodeDecodeSamples(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	for _, r := range []registration.Registration{sampleRegistration(t), sampleHotelRegistration(t)} {
		c, err := iss.Issue(r, at("2026-07-20", 12, 30))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := c.Token()
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeToken(tok)
		if got != c || err != nil {
			t.Errorf("DecodeToken(Token(%v)) = %v, %v; want the certificate", c, got, err)
		}
	}
}

// TestEncodeRejects breaks one field of a valid certificate at a time.
func TestEncodeRejects(t *testing.T) {
	tests := []struct {
		name      string
		change    func(c *Certificate)
		wantField string
	}{
		{"version 0", func(c *Certificate) { c.FormatVersion = 0 }, "format_version"},
		{"version 1, retired", func(c *Certificate) { c.FormatVersion = 1 }, "format_version"},
		{"version 3", func(c *Certificate) { c.FormatVersion = 3 }, "format_version"},
		{"no number", func(c *Certificate) { c.Number = Number{} }, "number"},
		{"blank surname", func(c *Certificate) { c.Holder.Surname = "  " }, "holder.surname"},
		{"long given names", func(c *Certificate) { c.Holder.GivenNames = strings.Repeat("A", 256) }, "holder.given_names"},
		{"given names blank", func(c *Certificate) { c.Holder.GivenNames = " " }, "holder.given_names"},
		{"control character", func(c *Certificate) { c.Holder.GivenNames = "AZIZ\nX" }, "holder.given_names"},
		{"C1 control", func(c *Certificate) { c.Holder.GivenNames = "AZIZ\u0085" }, "holder.given_names"},
		{"bidi override", func(c *Certificate) { c.Address.Street = "\u202eабаЯ" }, "address.street"},
		{"invalid UTF-8", func(c *Certificate) { c.Address.Unit = "\xff" }, "address.unit"},
		{"no citizenship", func(c *Certificate) { c.Holder.Citizenship = "" }, "holder.citizenship"},
		{"document kind", func(c *Certificate) { c.Holder.DocumentKind = 9 }, "holder.document_kind"},
		{"document number in full", func(c *Certificate) { c.Holder.DocumentNumber = "FA1234567" }, "holder.document_number"},
		{"document number five visible", func(c *Certificate) { c.Holder.DocumentNumber = "****34567" }, "holder.document_number"},
		{"no document number", func(c *Certificate) { c.Holder.DocumentNumber = "" }, "holder.document_number"},
		{"too many hidden", func(c *Certificate) { c.Holder.DocumentNumber = strings.Repeat("*", 65) }, "holder.document_number"},
		{"KATO with a tab", func(c *Certificate) { c.Address.KATO = "75\t" }, "address.kato"},
		{"place", func(c *Certificate) { c.Place = 0 }, "place"},
		{"host kind", func(c *Certificate) { c.Host.Kind = 0 }, "host.kind"},
		{"an individual host's name", func(c *Certificate) { c.Host.Name = "Aigerim Bekova" }, "host.name"},
		{"another kind's name", func(c *Certificate) { c.Host = Host{Kind: registration.HostOther, Name: "Z. S."} }, "host.name"},
		{"no issued at", func(c *Certificate) { c.IssuedAt = time.Time{} }, "issued_at"},
		{"issued before 1970", func(c *Certificate) { c.IssuedAt = time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC) }, "issued_at"},
		{"issued in a fraction of a second", func(c *Certificate) { c.IssuedAt = c.IssuedAt.Add(time.Millisecond) }, "issued_at"},
		{"no valid from", func(c *Certificate) { c.ValidFrom = calendar.Date{} }, "valid_from"},
		{"valid from before 1970", func(c *Certificate) { c.ValidFrom = d("1969-12-31") }, "valid_from"},
		{"no valid until", func(c *Certificate) { c.ValidUntil = calendar.Date{} }, "valid_until"},
		{"until before from", func(c *Certificate) { c.ValidUntil = c.ValidFrom.AddDays(-1) }, "valid_until"},
		{"no key ID", func(c *Certificate) { c.KeyID = "" }, "key_id"},
		{"key ID with space", func(c *Certificate) { c.KeyID = "2026 1" }, "key_id"},
		{"long key ID", func(c *Certificate) { c.KeyID = strings.Repeat("k", 33) }, "key_id"},
	}
	base, _, _ := sample(t)
	for _, tt := range tests {
		c := base
		tt.change(&c)
		_, err := c.Encode()
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) || fe.Field != tt.wantField {
			t.Errorf("%s: Encode() error = %v; want a *FieldError on %s", tt.name, err, tt.wantField)
		}
	}
}

// TestEncodeAccepts shows the limits are inclusive.
func TestEncodeAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Certificate)
	}{
		{"255 bytes", func(c *Certificate) { c.Address.Street = strings.Repeat("ж", 127) + "a" }},
		{"no given names", func(c *Certificate) { c.Holder.GivenNames = "" }},
		{"all hidden", func(c *Certificate) { c.Holder.DocumentNumber = "***" }},
		{"64 hidden, 4 visible", func(c *Certificate) { c.Holder.DocumentNumber = strings.Repeat("*", 64) + "Ж123" }},
		{"asterisk inside the visible part", func(c *Certificate) { c.Holder.DocumentNumber = "**1*2" }},
		{"a hotel's name", func(c *Certificate) { c.Host = Host{Kind: registration.HostHotel, Name: "Hotel Almaty"} }},
		{"one day", func(c *Certificate) { c.ValidUntil = c.ValidFrom }},
		{"until 9999", func(c *Certificate) { c.ValidUntil = d("9999-12-31") }},
		{"issued at the epoch", func(c *Certificate) { c.IssuedAt = time.Unix(0, 0) }},
		{"issued at the end", func(c *Certificate) { c.IssuedAt = time.Unix(maxUnix, 0) }},
		{"32-byte key ID", func(c *Certificate) { c.KeyID = strings.Repeat("k", 32) }},
		{"largest number", func(c *Certificate) { c.Number = numberOf(numberSpace - 1) }},
		{"smallest number", func(c *Certificate) { c.Number = numberOf(0) }},
	}
	base, _, _ := sample(t)
	for _, tt := range tests {
		c := base
		tt.change(&c)
		tok, err := c.Token()
		if err != nil {
			t.Errorf("%s: Token() error = %v; want nil", tt.name, err)
			continue
		}
		got, err := DecodeToken(tok)
		c.IssuedAt = c.IssuedAt.UTC()
		if got != c || err != nil {
			t.Errorf("%s: DecodeToken(Token()) = %v, %v; want the certificate back", tt.name, got, err)
		}
	}
}

// tokenOf builds a token from raw bytes, for decoder tests.
func tokenOf(b []byte) string { return tokenPrefix + string(appendBase45(nil, b)) }

// rawSample returns the sample's encoding and signature.
func rawSample(t *testing.T) ([]byte, []byte) {
	c, _, _ := sample(t)
	enc, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return enc, c.Signature[:]
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestDecodeRejects(t *testing.T) {
	enc, sig := rawSample(t)
	_, tok, _ := sample(t)
	// The surname "KARIMOV" starts at byte 9 with its length.
	surnameAt := 9
	nonMinimal := cat(enc[:surnameAt], []byte{7 | 0x80, 0}, enc[surnameAt+1:], sig)
	tests := []struct {
		name      string
		give      string
		wantField string
	}{
		{"empty", "", "prefix"},
		{"prefix only", tokenPrefix, "format_version"},
		{"format 1's prefix", "KZR1:" + tok[5:], "prefix"},
		{"lower-case prefix", "kzr2:" + tok[5:], "prefix"},
		{"lower case", strings.ToLower(tok), "prefix"},
		{"lower-case body", tokenPrefix + strings.ToLower(tok[5:]), "base45"},
		{"trailing space", tok + " ", "base45"},
		{"trailing newline", tok + "\n", "base45"},
		{"version 1, retired", tokenOf(cat([]byte{1}, enc[1:], sig)), "format_version"},
		{"version 3", tokenOf(cat([]byte{3}, enc[1:], sig)), "format_version"},
		{"version 0", tokenOf(cat([]byte{0}, enc[1:], sig)), "format_version"},
		{"number out of range", tokenOf(cat(enc[:1], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, enc[9:], sig)), "number"},
		{"non-minimal varint", tokenOf(nonMinimal), "holder.surname"},
		{"no signature", tokenOf(enc), "signature"},
		{"short signature", tokenOf(cat(enc, sig[:63])), "signature"},
		{"trailing byte", tokenOf(cat(enc, sig, []byte{0})), "signature"},
		{"zero signature", tokenOf(cat(enc, make([]byte, 64))), "signature"},
		{"too long", tokenPrefix + strings.Repeat("0", 9000), "base45"},
	}
	for _, tt := range tests {
		_, err := DecodeToken(tt.give)
		var de *DecodeError
		if !errors.As(err, &de) || !errors.Is(err, ErrMalformed) || de.Field != tt.wantField {
			t.Errorf("%s: DecodeToken error = %v; want a *DecodeError on %s", tt.name, err, tt.wantField)
		}
	}
}

// TestDecodeRejectsNonCanonical builds encodings that a lax decoder would
// accept and a re-encoder would write differently.
func TestDecodeRejectsNonCanonical(t *testing.T) {
	c, _, _ := sample(t)
	c.Holder.DocumentNumber = "**1*2"
	enc, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	// The masked document number is (2, "1*2"); rewrite it as (1, "*1*2").
	i := bytes.Index(enc, []byte{2, 3, '1', '*', '2'})
	if i < 0 {
		t.Fatal("masked number not found")
	}
	bad := cat(enc[:i], []byte{1, 4, '*', '1', '*', '2'}, enc[i+5:], c.Signature[:])
	_, err = DecodeToken(tokenOf(bad))
	var de *DecodeError
	if !errors.As(err, &de) || de.Problem != "not_canonical" {
		t.Errorf("DecodeToken(masked (1, \"*1*2\")) error = %v; want not_canonical", err)
	}
}

// Every proper prefix of a token's bytes, and of its text, is rejected.
func TestDecodeRejectsTruncation(t *testing.T) {
	enc, sig := rawSample(t)
	full := cat(enc, sig)
	for n := range len(full) {
		if _, err := DecodeToken(tokenOf(full[:n])); !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeToken(first %d of %d bytes) error = %v; want ErrMalformed", n, len(full), err)
		}
	}
	_, tok, _ := sample(t)
	for n := range len(tok) {
		if _, err := DecodeToken(tok[:n]); !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeToken(first %d of %d characters) error = %v; want ErrMalformed", n, len(tok), err)
		}
	}
}

func TestTokenUnsigned(t *testing.T) {
	c, _, _ := sample(t)
	c.Signature = Signature{}
	if _, err := c.Token(); !errors.Is(err, ErrUnsigned) {
		t.Errorf("Token() of an unsigned certificate: error = %v; want ErrUnsigned", err)
	}
}

func TestSignatureText(t *testing.T) {
	c, _, _ := sample(t)
	b, err := c.Signature.MarshalText()
	if err != nil || len(b) != 86 {
		t.Fatalf("MarshalText = %q, %v; want 86 characters", b, err)
	}
	var s Signature
	if err := s.UnmarshalText(b); err != nil || s != c.Signature {
		t.Errorf("UnmarshalText(MarshalText()) = %x, %v; want %x", s, err, c.Signature)
	}
	for _, give := range []string{"", string(b[:85]), string(b) + "A", string(b[:85]) + "B", string(b) + "=="} {
		s := c.Signature
		if err := s.UnmarshalText([]byte(give)); !errors.Is(err, ErrMalformed) || s != c.Signature {
			t.Errorf("UnmarshalText(%q) = %v; want ErrMalformed and no change", give, err)
		}
	}
}

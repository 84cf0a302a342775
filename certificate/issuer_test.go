package certificate

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg/registration"
)

// The Service issues through an interface of this shape.
var _ interface {
	Issue(registration.Registration, time.Time) (Certificate, error)
} = (*Issuer)(nil)

func TestNewIssuerRejects(t *testing.T) {
	good := testKey(1)
	mismatched := append(ed25519.PrivateKey(nil), good...)
	mismatched[40] ^= 1
	tests := []struct {
		name  string
		keyID string
		key   ed25519.PrivateKey
	}{
		{"empty key ID", "", good},
		{"key ID with a space", "2026 1", good},
		{"key ID with a colon", "2026:1", good},
		{"key ID of 33 bytes", strings.Repeat("k", 33), good},
		{"non-ASCII key ID", "ключ", good},
		{"nil key", "2026-1", nil},
		{"seed only", "2026-1", good.Seed()},
		{"65 bytes", "2026-1", append(append(ed25519.PrivateKey(nil), good...), 0)},
		{"public half does not match", "2026-1", mismatched},
	}
	for _, tt := range tests {
		iss, err := NewIssuer(tt.keyID, tt.key)
		if iss != nil || !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: NewIssuer = %v, %v; want nil, ErrInvalidKey", tt.name, iss, err)
		}
	}
}

func TestNewIssuerCopiesKey(t *testing.T) {
	key := testKey(1)
	iss, err := NewIssuer("2026-1", key)
	if err != nil {
		t.Fatal(err)
	}
	c1, _ := iss.Issue(sampleRegistration(t), at("2026-07-03", 18, 0))
	for i := range key {
		key[i] = 0
	}
	c2, _ := iss.Issue(sampleRegistration(t), at("2026-07-03", 18, 0))
	if c1 != c2 {
		t.Errorf("changing the caller's key changed the issuer's signatures")
	}
	pub := iss.PublicKey()
	pub[0] ^= 1
	if iss.PublicKey().Equal(pub) {
		t.Errorf("PublicKey returned the issuer's own slice")
	}
}

func TestIssue(t *testing.T) {
	r := sampleRegistration(t)
	iss := testIssuer(t, "2026-1", 1)
	c, err := iss.Issue(r, at("2026-07-03", 18, 0).Add(123*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	want := Certificate{
		FormatVersion: Format2,
		Number:        NumberFor("r-2026-000123", 2),
		Holder: Holder{Surname: "KARIMOV", GivenNames: "AZIZ BAKHODIROVICH", Citizenship: "UZB",
			DocumentKind: registration.Passport, DocumentNumber: "******567"},
		Address:    r.Address,
		Place:      registration.PrivateHome,
		Host:       Host{Kind: registration.HostIndividual},
		IssuedAt:   time.Date(2026, 7, 3, 13, 0, 0, 0, time.UTC),
		ValidFrom:  d("2026-07-03"),
		ValidUntil: d("2026-07-30"),
		KeyID:      "2026-1",
		Signature:  c.Signature,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Issue(sample) mismatch (-want +got):\n%s", diff)
	}
	msg, _ := c.Encode()
	if !ed25519.Verify(iss.PublicKey(), append([]byte("migreg certificate v2\x00"), msg...), c.Signature[:]) {
		t.Errorf("the signature does not cover the documented prefix and the encoding")
	}
	again, _ := iss.Issue(r, at("2026-07-03", 18, 0))
	if again != c {
		t.Errorf("issuing twice at the same second gave different certificates")
	}
	later, _ := iss.Issue(r, at("2026-07-05", 8, 0))
	if later.Number != c.Number || later.Signature == c.Signature {
		t.Errorf("issuing later: number %v (want %v), same signature %v (want false)", later.Number, c.Number, later.Signature == c.Signature)
	}
}

func TestIssueHotel(t *testing.T) {
	c, err := testIssuer(t, "2026-1", 1).Issue(sampleHotelRegistration(t), at("2026-07-10", 14, 5))
	if err != nil {
		t.Fatal(err)
	}
	want := Host{Kind: registration.HostHotel, Name: "Гостиница «Казахстан»"}
	if c.Host != want || c.Holder.DocumentNumber != "******T47" || c.Holder.DocumentKind != registration.IDCard {
		t.Errorf("Issue(hotel).Host = %+v, document %q; want %+v, \"******T47\"", c.Host, c.Holder.DocumentNumber, want)
	}
}

func TestIssueNotConfirmed(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	for _, s := range registration.States() {
		if s == registration.Confirmed {
			continue
		}
		r := sampleRegistration(t)
		r.State = s
		_, err := iss.Issue(r, at("2026-07-03", 18, 0))
		var se *StateError
		if !errors.As(err, &se) || !errors.Is(err, ErrNotConfirmed) || se.State != s || se.Registration != r.ID {
			t.Errorf("Issue(%v registration) error = %v; want a *StateError", s, err)
		}
	}
	_, err := iss.Issue(registration.Registration{}, at("2026-07-03", 18, 0))
	if want := "certificate: registration not confirmed: a registration without an ID has no state"; !errors.Is(err, ErrNotConfirmed) || err.Error() != want {
		t.Errorf("Issue(zero registration) error = %v; want ErrNotConfirmed, %q", err, want)
	}
}

func TestIssueRejects(t *testing.T) {
	tests := []struct {
		name        string
		change      func(r *registration.Registration)
		at          time.Time
		wantField   string
		wantProblem string
	}{
		{"zero instant", nil, time.Time{}, "issued_at", "required"},
		{"before confirmation", nil, at("2026-07-02", 23, 59), "issued_at", "before_confirmation"},
		{"year 10000", nil, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "issued_at", "out_of_range"},
		{"no valid until", func(r *registration.Registration) { r.ValidUntil = d("2026-07-02") }, at("2026-07-03", 18, 0), "valid_until", "before_valid_from"},
		{"long street", func(r *registration.Registration) { r.Address.Street = strings.Repeat("ы", 128) }, at("2026-07-03", 18, 0), "address.street", "too_long"},
		{"no document number", func(r *registration.Registration) { r.Person.Document.Number = "" }, at("2026-07-03", 18, 0), "holder.document_number", "required"},
		{"unknown place", func(r *registration.Registration) { r.Place = 0 }, at("2026-07-03", 18, 0), "place", "invalid"},
	}
	iss := testIssuer(t, "2026-1", 1)
	for _, tt := range tests {
		r := sampleRegistration(t)
		if tt.change != nil {
			tt.change(&r)
		}
		_, err := iss.Issue(r, tt.at)
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) || fe.Field != tt.wantField || fe.Problem != tt.wantProblem {
			t.Errorf("%s: Issue error = %v; want a *FieldError %s: %s", tt.name, err, tt.wantField, tt.wantProblem)
		}
	}
}

// TestNoFullNumbers looks for the document number, the IIN and the BIN in
// everything a certificate turns into.
func TestNoFullNumbers(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	secrets := []string{"FA1234567", "1234567", "061211600012", "940140000385", "L01X00T47", "1211600012"}
	for _, r := range []registration.Registration{sampleRegistration(t), sampleHotelRegistration(t)} {
		c, err := iss.Issue(r, at("2026-07-20", 10, 0))
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := c.Token()
		enc, _ := c.Encode()
		var log strings.Builder
		slog.New(slog.NewTextHandler(&log, nil)).Info("issued", "certificate", c)
		outputs := map[string]string{
			"token": tok, "encoding": string(enc), "String": c.String(), "log": log.String(),
			"%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
			"%+v of the holder": fmt.Sprintf("%+v", c.Holder), "%+v of the host": fmt.Sprintf("%+v", c.Host),
		}
		for _, lang := range Langs() {
			for _, o := range []Output{Text, HTML} {
				var b strings.Builder
				if err := Render(&b, c, lang, o); err != nil {
					t.Fatal(err)
				}
				outputs[fmt.Sprint(lang, " ", o)] = b.String()
			}
		}
		for name, out := range outputs {
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("%s of %v contains %q", name, c, s)
				}
			}
		}
	}
}

// TestConcurrentUse issues and verifies from several goroutines; run with
// -race.
func TestConcurrentUse(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	v := Verifier{Keys: keySet(t, iss)}
	r := sampleRegistration(t)
	want, _ := iss.Issue(r, at("2026-07-03", 18, 0))
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 20 {
				c, err := iss.Issue(r, at("2026-07-03", 18, 0))
				if err == nil && c != want {
					err = fmt.Errorf("concurrent Issue gave %v; want %v", c, want)
				}
				if err == nil {
					var tok string
					tok, err = c.Token()
					if err == nil {
						_, err = v.Verify(context.Background(), tok, c.ValidFrom)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestCertificateJSON(t *testing.T) {
	c, _, _ := sample(t)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var got Certificate
	if err := json.Unmarshal(b, &got); err != nil || got != c {
		t.Errorf("JSON round trip = %v, %v; want %v\n%s", got, err, c, b)
	}
}

// TestZeroIssuer: the zero Issuer has no key; it says so as an error
// matching ErrInvalidKey, and gives no public key, instead of panicking
// on the empty key (it did, in PublicKey, and in ed25519.Sign).
func TestZeroIssuer(t *testing.T) {
	var i Issuer
	if pub := i.PublicKey(); pub != nil {
		t.Errorf("PublicKey of the zero Issuer = %x; want nil", pub)
	}
	c, err := i.Issue(sampleRegistration(t), time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC))
	if !errors.Is(err, ErrInvalidKey) {
		t.Errorf("Issue of the zero Issuer = %v, %v; want an error matching ErrInvalidKey", c, err)
	}
}

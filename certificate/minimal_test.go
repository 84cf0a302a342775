package certificate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
)

// TestTokenCarriesNothingThatLinks decodes the signed bytes of
// certificates for an individual host and a hotel and looks for every
// identifier that would link the certificate to other records or name a
// private person: the registration ID, the pseudonyms, the host's name,
// IIN or BIN (in full or their last digits), the host's contact.
func TestTokenCarriesNothingThatLinks(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	for _, r := range []registration.Registration{sampleRegistration(t), sampleHotelRegistration(t)} {
		c, err := iss.Issue(r, at("2026-07-20", 12, 0))
		if err != nil {
			t.Fatal(err)
		}
		enc, err := c.Encode()
		if err != nil {
			t.Fatal(err)
		}
		forbidden := []string{string(r.ID), string(r.Foreigner), string(r.HostID), r.Host.Contact.Phone, r.Host.Contact.Email}
		if !r.Host.IIN.IsZero() {
			d := r.Host.IIN.Digits()
			forbidden = append(forbidden, d, d[8:])
		}
		if !r.Host.BIN.IsZero() {
			d := r.Host.BIN.Digits()
			forbidden = append(forbidden, d, d[8:])
		}
		if r.Host.Kind == registration.HostIndividual {
			forbidden = append(forbidden, r.Host.Name)
			forbidden = append(forbidden, strings.Fields(r.Host.Name)...)
		}
		for _, s := range forbidden {
			if s != "" && strings.Contains(string(enc), s) {
				t.Errorf("the certificate of %s (host %v) carries %q", r.ID, r.Host.Kind, s)
			}
		}
	}
}

// TestKeyPeriod: a certificate verifies only if its key was trusted for
// the instant it was signed; both bounds are included.
func TestKeyPeriod(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	signedAt := at("2026-07-03", 18, 0)
	c, err := iss.Issue(sampleRegistration(t), signedAt)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := c.Token()
	tests := []struct {
		name   string
		period KeyPeriod
		want   error
	}{
		{"open", KeyPeriod{}, nil},
		{"from the instant", KeyPeriod{From: signedAt}, nil},
		{"until the instant", KeyPeriod{Until: signedAt}, nil},
		{"retired before", KeyPeriod{Until: signedAt.Add(-time.Second)}, ErrKeyOutOfPeriod},
		{"not yet in use", KeyPeriod{From: signedAt.Add(time.Second)}, ErrKeyOutOfPeriod},
		{"around it", KeyPeriod{From: signedAt.AddDate(0, -1, 0), Until: signedAt.AddDate(0, 1, 0)}, nil},
	}
	for _, tt := range tests {
		keys, err := (KeySet{}).WithPeriod(iss.KeyID(), iss.PublicKey(), tt.period)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Verifier{Keys: keys}.Verify(context.Background(), tok, d("2026-07-10"))
		var ve *VerifyError
		switch {
		case tt.want == nil && (err != nil || got != c):
			t.Errorf("%s: period %+v: Verify = %v; want the certificate", tt.name, tt.period, err)
		case tt.want != nil && (!errors.Is(err, tt.want) || !errors.As(err, &ve) || got != Certificate{}):
			t.Errorf("%s: period %+v: Verify = %v, %v; want no certificate and %v", tt.name, tt.period, got, err, tt.want)
		}
	}
	if _, err := (KeySet{}).WithPeriod("k", iss.PublicKey(), KeyPeriod{From: signedAt, Until: signedAt.Add(-time.Second)}); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("a period that ends before it starts: err = %v; want ErrInvalidKey", err)
	}
	keys, _ := (KeySet{}).WithPeriod(iss.KeyID(), iss.PublicKey(), KeyPeriod{Until: signedAt})
	if p, ok := keys.Period(iss.KeyID()); !ok || !p.Until.Equal(signedAt) {
		t.Errorf("Period = %+v, %v", p, ok)
	}
}

// TestHotelUnderIINCarriesNoName: a hotel run by an entrepreneur under
// their IIN (no BIN) is often named after its owner, so its certificate
// carries the kind and no name; one with a BIN carries its name.
func TestHotelUnderIINCarriesNoName(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	withBIN := sampleHotelRegistration(t)
	underIIN := withBIN
	underIIN.Host.BIN = sampleRegistration(t).Host.BIN // the zero BIN of an individual host
	underIIN.Host.IIN = sampleRegistration(t).Host.IIN
	underIIN.Host.Name = "Aigerim Bekova"
	for _, tt := range []struct {
		r    registration.Registration
		want string
	}{{withBIN, withBIN.Host.Name}, {underIIN, ""}} {
		c, err := iss.Issue(tt.r, at("2026-07-20", 12, 0))
		if err != nil {
			t.Fatal(err)
		}
		if c.Host.Kind != registration.HostHotel || c.Host.Name != tt.want {
			t.Errorf("host %q (BIN zero: %v): certificate host = %+v; want a hotel named %q", tt.r.Host.Name, tt.r.Host.BIN.IsZero(), c.Host, tt.want)
		}
		if _, err := c.Encode(); err != nil {
			t.Errorf("host %q: Encode: %v", tt.r.Host.Name, err)
		}
	}
}

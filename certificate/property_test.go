package certificate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

// The generators below make confirmed registrations directly, not through
// registration.Submit, so that they reach text the domain's validation
// would refuse but the certificate must still carry: any printable
// Unicode, Cyrillic and Kazakh letters, long fields. (registrationtest
// does not exist yet.)

// textRunes mixes Latin, Cyrillic with the Kazakh letters, Uzbek
// apostrophes, digits, punctuation, guillemets and a four-byte emoji.
var textRunes = []rune("ABCZabcz ÄÖÜäöüАБВЯабвяЁёӘәҒғҚқҢңӨөҰұҮүҺһІіʻʼ'’0123456789-.,/№«»()😀")

func genText(minRunes, maxRunes int) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		s := rapid.StringOfN(rapid.SampledFrom(textRunes), minRunes, maxRunes, maxText).Draw(t, "text")
		if minRunes > 0 && strings.TrimSpace(s) == "" {
			s = "X" + s[1:]
		}
		if minRunes == 0 && s != "" && strings.TrimSpace(s) == "" {
			s = ""
		}
		return s
	})
}

func genIIN(t *rapid.T) kzid.IIN {
	for {
		birth := calendar.NewDate(rapid.IntRange(1930, 2010).Draw(t, "birth year"), time.Month(rapid.IntRange(1, 12).Draw(t, "birth month")), rapid.IntRange(1, 28).Draw(t, "birth day"))
		sex := rapid.SampledFrom([]kzid.Sex{kzid.Male, kzid.Female}).Draw(t, "sex")
		if n, err := kzid.NewIIN(birth, sex, rapid.IntRange(0, 9999).Draw(t, "serial")); err == nil {
			return n
		}
	}
}

func genBIN(t *rapid.T) kzid.BIN {
	for {
		n, err := kzid.NewBIN(rapid.IntRange(1995, 2025).Draw(t, "year"), time.Month(rapid.IntRange(1, 12).Draw(t, "month")),
			kzid.ResidentLegalEntity, kzid.HeadOffice, rapid.IntRange(0, 99999).Draw(t, "serial"))
		if err == nil {
			return n
		}
	}
}

// genConfirmed draws a confirmed registration and an instant of issue on
// or after its confirmation.
func genConfirmed(t *rapid.T) (registration.Registration, time.Time) {
	confirmed := d("2020-01-01").AddDays(rapid.IntRange(0, 365*20).Draw(t, "confirmed"))
	r := registration.Registration{
		ID:      registration.ID(rapid.StringMatching(`[a-z0-9][a-z0-9-]{0,39}`).Draw(t, "id")),
		Version: rapid.IntRange(1, 1000).Draw(t, "version"),
		State:   registration.Confirmed,
		Person: registration.Person{
			Surname:     genText(1, 40).Draw(t, "surname"),
			GivenNames:  genText(0, 40).Draw(t, "given names"),
			Citizenship: rapid.SampledFrom([]string{"UZB", "RUS", "KGZ", "TJK", "CHN", "DEU", "USA", "TUR"}).Draw(t, "citizenship"),
			Document: registration.Document{
				Kind:   rapid.SampledFrom([]registration.DocumentKind{registration.Passport, registration.IDCard, registration.OtherDocument}).Draw(t, "document kind"),
				Number: rapid.StringMatching(`[A-Z0-9]{1,20}`).Draw(t, "document number"),
			},
		},
		Host: registration.Host{
			Kind: rapid.SampledFrom([]registration.HostKind{registration.HostIndividual, registration.HostHotel, registration.HostDormitory,
				registration.HostRestHouse, registration.HostOrganisation, registration.HostOther}).Draw(t, "host kind"),
			Name: genText(1, 60).Draw(t, "host name"),
		},
		Address: registration.Address{
			Region: genText(0, 30).Draw(t, "region"), Locality: genText(0, 30).Draw(t, "locality"),
			Street: genText(0, 60).Draw(t, "street"), Building: genText(0, 8).Draw(t, "building"),
			Unit: genText(0, 8).Draw(t, "unit"), KATO: rapid.StringMatching(`([0-9]{9})?`).Draw(t, "kato"),
		},
		Place: rapid.SampledFrom([]registration.Place{registration.PrivateHome, registration.Hotel, registration.Dormitory,
			registration.RestHouse, registration.OtherPlace}).Draw(t, "place"),
		ConfirmedOn: confirmed,
		ValidUntil:  confirmed.AddDays(rapid.IntRange(0, 365).Draw(t, "days valid")),
	}
	if rapid.Bool().Draw(t, "has IIN") {
		r.Host.IIN = genIIN(t)
	}
	if rapid.Bool().Draw(t, "has BIN") {
		r.Host.BIN = genBIN(t)
	}
	issued := confirmed.In(calendar.KazakhstanZone()).Add(time.Duration(rapid.Int64Range(0, 400*24*3600*1e9).Draw(t, "issued after")))
	return r, issued
}

// TestIssueVerifyRoundTrip: issue → token → decode → verify gives back
// the certificate, for random registrations and dates, and the dates
// decide exactly as the oracle from ≤ on ≤ until says.
func TestIssueVerifyRoundTrip(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	other := testIssuer(t, "2027-1", 2)
	v := Verifier{Keys: keySet(t, iss, other)}
	rapid.Check(t, func(t *rapid.T) {
		r, issuedAt := genConfirmed(t)
		c, err := iss.Issue(r, issuedAt)
		if err != nil {
			t.Fatalf("Issue: %v", err)
		}
		if c.ValidFrom != r.ConfirmedOn || c.ValidUntil != r.ValidUntil || c.Number != NumberFor(r.ID, r.Version) {
			t.Fatalf("Issue(%v) = %v: fields not taken from the registration", r, c)
		}
		tok, err := c.Token()
		if err != nil {
			t.Fatalf("Token: %v", err)
		}
		if !isQRAlphanumeric(tok) {
			t.Fatalf("token %q has characters outside the QR alphanumeric set", tok)
		}
		if got, err := DecodeToken(tok); got != c || err != nil {
			t.Fatalf("DecodeToken(Token(c)) = %v, %v; want %v", got, err, c)
		}
		on := c.ValidFrom.AddDays(rapid.IntRange(-30, 400).Draw(t, "on"))
		got, err := v.Verify(context.Background(), tok, on)
		var want error
		switch {
		case on.Before(c.ValidFrom):
			want = ErrNotYetValid
		case on.After(c.ValidUntil):
			want = ErrExpired
		}
		if got != c || !errors.Is(err, want) {
			t.Fatalf("Verify(token, %v) = %v, %v; want the certificate, %v", on, got, err, want)
		}
	})
}

func isQRAlphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", rune(s[i])) {
			return false
		}
	}
	return true
}

// TestIssueArbitraryText: a registration with arbitrary bytes in
// its text fields either issues and round-trips or fails with a
// *FieldError; nothing panics.
func TestIssueArbitraryText(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	rapid.Check(t, func(t *rapid.T) {
		r, issuedAt := genConfirmed(t)
		r.Person.Surname = rapid.String().Draw(t, "surname")
		r.Address.Street = rapid.StringN(0, 300, -1).Draw(t, "street")
		c, err := iss.Issue(r, issuedAt)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Issue error = %v; want a *FieldError", err)
			}
			return
		}
		tok, err := c.Token()
		if err != nil {
			t.Fatalf("Token of an issued certificate: %v", err)
		}
		if got, err := DecodeToken(tok); got != c || err != nil {
			t.Fatalf("DecodeToken(Token(c)) = %v, %v", got, err)
		}
	})
}

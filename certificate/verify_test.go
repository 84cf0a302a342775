package certificate

import (
	"context"
	"crypto/ed25519"
	"errors"
	"slices"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

func TestVerifyDates(t *testing.T) {
	c, tok, iss := sample(t) // valid 2026-07-03 .. 2026-07-30
	v := Verifier{Keys: keySet(t, iss)}
	tests := []struct {
		on   string
		want error
	}{
		{"2026-07-02", ErrNotYetValid},
		{"2026-07-03", nil},
		{"2026-07-15", nil},
		{"2026-07-30", nil},
		{"2026-07-31", ErrExpired},
		{"2027-01-01", ErrExpired},
		{"2025-01-01", ErrNotYetValid},
	}
	for _, tt := range tests {
		got, err := v.Verify(context.Background(), tok, d(tt.on))
		if !errors.Is(err, tt.want) || got != c {
			t.Errorf("Verify(sample, %s) = %v, %v; want the certificate, %v", tt.on, got, err, tt.want)
		}
	}
}

func TestVerifyErrorFields(t *testing.T) {
	c, tok, iss := sample(t)
	v := Verifier{Keys: keySet(t, iss)}
	_, err := v.Verify(context.Background(), tok, d("2026-08-01"))
	var ve *VerifyError
	if !errors.As(err, &ve) {
		t.Fatalf("Verify(expired) error = %v; want a *VerifyError", err)
	}
	want := VerifyError{Reason: ErrExpired, Number: c.Number, KeyID: "2026-1", On: d("2026-08-01"), ValidFrom: c.ValidFrom, ValidUntil: c.ValidUntil}
	if *ve != want {
		t.Errorf("Verify(expired) error = %+v; want %+v", *ve, want)
	}
	wantText := "certificate: expired: certificate KZ-T3QU-3GNP-SJVU was valid until 2026-07-30, checked on 2026-08-01"
	if err.Error() != wantText {
		t.Errorf("Error() = %q; want %q", err.Error(), wantText)
	}
}

func TestVerifyKeys(t *testing.T) {
	c, tok, iss := sample(t)
	other := testIssuer(t, "2026-2", 2)
	impostor := testIssuer(t, "2026-1", 3) // the right key ID, the wrong key
	forged, err := impostor.Issue(sampleRegistration(t), at("2026-07-03", 18, 0))
	if err != nil {
		t.Fatal(err)
	}
	forgedToken, _ := forged.Token()
	tests := []struct {
		name  string
		keys  KeySet
		token string
		want  error
	}{
		{"trusted", keySet(t, iss), tok, nil},
		{"trusted among others", keySet(t, other, iss), tok, nil},
		{"no keys", KeySet{}, tok, ErrUnknownKey},
		{"other key only", keySet(t, other), tok, ErrUnknownKey},
		{"forged with another key under the trusted ID", keySet(t, iss), forgedToken, ErrBadSignature},
	}
	for _, tt := range tests {
		got, err := Verifier{Keys: tt.keys}.Verify(context.Background(), tt.token, c.ValidFrom)
		wantCert := c
		if tt.want != nil {
			wantCert = Certificate{}
		}
		if !errors.Is(err, tt.want) || got != wantCert {
			t.Errorf("%s: Verify = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

// TestKeyRotation: a token signed by the old key verifies while the old key
// is trusted, beside the new one, and fails once it is removed.
func TestKeyRotation(t *testing.T) {
	oldIss := testIssuer(t, "2026-1", 1)
	newIss := testIssuer(t, "2026-2", 2)
	r := sampleRegistration(t)
	oldCert, _ := oldIss.Issue(r, at("2026-07-03", 18, 0))
	newCert, _ := newIss.Issue(r, at("2026-07-04", 9, 0))
	oldTok, _ := oldCert.Token()
	newTok, _ := newCert.Token()
	on := d("2026-07-10")
	ctx := context.Background()

	before := Verifier{Keys: keySet(t, oldIss)}
	during := Verifier{Keys: keySet(t, oldIss, newIss)}
	after := Verifier{Keys: during.Keys.Without("2026-1")}

	check := func(phase string, v Verifier, tok string, want error) {
		t.Helper()
		if _, err := v.Verify(ctx, tok, on); !errors.Is(err, want) {
			t.Errorf("%s: Verify = %v; want %v", phase, err, want)
		}
	}
	check("before, old token", before, oldTok, nil)
	check("before, new token", before, newTok, ErrUnknownKey)
	check("during, old token", during, oldTok, nil)
	check("during, new token", during, newTok, nil)
	check("after, old token", after, oldTok, ErrUnknownKey)
	check("after, new token", after, newTok, nil)
	if got := during.Keys.IDs(); !slices.Equal(got, []string{"2026-1", "2026-2"}) {
		t.Errorf("Without changed the set it was called on: IDs = %v", got)
	}
	if oldCert.Number != newCert.Number {
		t.Errorf("re-issuing under a new key changed the number: %v, %v", oldCert.Number, newCert.Number)
	}
}

func TestKeySet(t *testing.T) {
	iss := testIssuer(t, "2026-1", 1)
	pub := iss.PublicKey()
	if _, err := NewKeySet(map[string]ed25519.PublicKey{"2026-1": pub[:31]}); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("NewKeySet(31-byte key) error = %v; want ErrInvalidKey", err)
	}
	if _, err := NewKeySet(map[string]ed25519.PublicKey{"bad id": pub}); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("NewKeySet(bad key ID) error = %v; want ErrInvalidKey", err)
	}
	if _, err := (KeySet{}).With("2026-1", nil); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("With(nil key) error = %v; want ErrInvalidKey", err)
	}
	m := map[string]ed25519.PublicKey{"2026-1": pub}
	ks, err := NewKeySet(m)
	if err != nil {
		t.Fatal(err)
	}
	pub[0] ^= 1 // the set keeps its own copy
	m["2026-2"] = pub
	got, ok := ks.Key("2026-1")
	if !ok || !got.Equal(iss.PublicKey()) || ks.Len() != 1 {
		t.Errorf("KeySet changed with the map and key it was built from: %x, %v, len %d", got, ok, ks.Len())
	}
	got[0] ^= 1 // and Key returns a copy
	if again, _ := ks.Key("2026-1"); !again.Equal(iss.PublicKey()) {
		t.Errorf("changing the key Key returned changed the set")
	}
	if ks.Without("nope").Len() != 1 || (KeySet{}).Without("x").Len() != 0 {
		t.Errorf("Without of an absent key changed the set")
	}
}

type revocationList map[Number]bool

func (l revocationList) Revoked(_ context.Context, c Certificate) (bool, error) {
	return l[c.Number], nil
}

func TestVerifyRevocation(t *testing.T) {
	c, tok, iss := sample(t)
	keys := keySet(t, iss)
	ctx := context.Background()
	lookupFailed := errors.New("store down")
	var asked []Certificate
	tests := []struct {
		name string
		rev  Revocations
		on   string
		want error
	}{
		{"nil", nil, "2026-07-10", nil},
		{"not revoked", revocationList{NumberFor("r-other", 2): true}, "2026-07-10", nil},
		{"revoked", revocationList{NumberFor("r-2026-000123", 2): true}, "2026-07-10", ErrRevoked},
		{"lookup fails", RevocationFunc(func(context.Context, Certificate) (bool, error) { return false, lookupFailed }), "2026-07-10", lookupFailed},
		{"dates come first", RevocationFunc(func(_ context.Context, c Certificate) (bool, error) { asked = append(asked, c); return true, nil }), "2026-08-10", ErrExpired},
	}
	for _, tt := range tests {
		got, err := Verifier{Keys: keys, Revocations: tt.rev}.Verify(ctx, tok, d(tt.on))
		if !errors.Is(err, tt.want) || got != c {
			t.Errorf("%s: Verify = %v, %v; want the certificate, %v", tt.name, got, err, tt.want)
		}
	}
	if len(asked) != 0 {
		t.Errorf("Revocations asked about an expired certificate")
	}
	_, err := Verifier{Keys: keys, Revocations: revocationList{NumberFor("r-2026-000123", 2): true}}.Verify(ctx, tok, d("2026-07-10"))
	for _, s := range []error{ErrMalformed, ErrUnknownKey, ErrBadSignature, ErrNotYetValid, ErrExpired} {
		if errors.Is(err, s) {
			t.Errorf("a revoked certificate's error matches %v", s)
		}
	}
}

func TestVerifyZeroDate(t *testing.T) {
	_, tok, iss := sample(t)
	if _, err := (Verifier{Keys: keySet(t, iss)}).Verify(context.Background(), tok, calendar.Date{}); !errors.Is(err, calendar.ErrInvalidDate) {
		t.Errorf("Verify(zero date) error = %v; want calendar.ErrInvalidDate", err)
	}
}

func TestRevokes(t *testing.T) {
	// Every state but confirmed: a registration that ends (exit, end of
	// stay, move, annulment) revokes its certificate at once.
	want := map[string]bool{"pending": true, "rejected": true, "withdrawn": true, "lapsed": true, "superseded": true, "ended": true, "annulled": true}
	for _, s := range registration.States() {
		if got := Revokes(s); got != want[s.String()] {
			t.Errorf("Revokes(%v) = %v; want %v", s, got, want[s.String()])
		}
	}
}

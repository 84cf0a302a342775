package migreg_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
)

// pausedIssuer embeds the library's issuer and overrides Issue, as a
// deployment might to stop issuing during a key rotation.
type pausedIssuer struct {
	*certificate.Issuer
	calls int
}

var errPaused = errors.New("issuing is paused")

func (p *pausedIssuer) Issue(registration.Registration, time.Time) (certificate.Certificate, error) {
	p.calls++
	return certificate.Certificate{}, errPaused
}

// TestWrappedIssuerIsCalled: a type that embeds the library's issuer and
// overrides Issue is called through its own Issue.
func TestWrappedIssuerIsCalled(t *testing.T) {
	ctx := context.Background()
	iss := &pausedIssuer{Issuer: migregtest.Issuer()}
	env := newEnv(t, date("2026-07-01"), &migreg.Options{InsecureDemoKeys: true, Issuer: iss})
	r, err := env.Service.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); !errors.Is(err, errPaused) {
		t.Errorf("Confirm with an issuer whose Issue fails: err = %v; want %v", err, errPaused)
	}
	if iss.calls != 1 {
		t.Errorf("the wrapper's Issue was called %d times; want 1", iss.calls)
	}
}

// TestSubmitRefusesWhatTheCertificateWould: a text the certificate would
// refuse (a C1 control, a bidi override) is refused at submission, with
// the field named, rather than accepted into a request that no host could
// ever confirm; the same address without it is confirmed and certified.
func TestSubmitRefusesWhatTheCertificateWould(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		path  string
		set   func(*registration.Address, string)
		value string
	}{
		{"address.street", func(a *registration.Address, v string) { a.Street = v }, "проспект Абая\u0085"},
		{"address.street", func(a *registration.Address, v string) { a.Street = v }, "Abai \u202e01"},
		{"address.street", func(a *registration.Address, v string) { a.Street = v }, "Abai\u2066 ave"},
		{"address.unit", func(a *registration.Address, v string) { a.Unit = v }, " "},
		{"address.unit", func(a *registration.Address, v string) { a.Unit = v }, "\u0085"},
		{"address.locality", func(a *registration.Address, v string) { a.Locality = v }, "\u00a0"},
		{"address.locality", func(a *registration.Address, v string) { a.Locality = v }, "\u2028"},
	}
	for _, tt := range tests {
		env := newEnv(t, date("2026-07-01"), nil)
		req := request(person("FA1234567"), landlord(t), "2026-07-01")
		tt.set(&req.Submission.Address, tt.value)
		_, err := env.Service.Submit(ctx, req)
		var ve *registration.ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Path != tt.path {
			t.Errorf("Submit with %s %q: err = %v; want one problem at %s", tt.path, tt.value, err, tt.path)
		}
	}
	env := newEnv(t, date("2026-07-01"), nil)
	r, err := env.Service.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Errorf("Confirm of a plain address: %v", err)
	}
}

package migreg_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
)

// BenchmarkLifecycle is one full registration on memstore: submit,
// confirm, certificate issued and stored, notifications enqueued. Compare
// it with BenchmarkSignCertificateSized, measured in the same run: signing
// dominates, everything else must be cheap.
func BenchmarkLifecycle(b *testing.B) {
	ctx := context.Background()
	env := registrationtest.NewService(b, date("2026-07-01"), nil)
	h := landlord(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r, err := env.Service.Submit(ctx, request(person(fmt.Sprintf("FA%07d", i)), h, "2026-07-01"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := env.Service.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignCertificateSized is bare Ed25519 signing of a message the
// size of a certificate's signed encoding: the floor of BenchmarkLifecycle.
func BenchmarkSignCertificateSized(b *testing.B) {
	ctx := context.Background()
	env := registrationtest.NewService(b, date("2026-07-01"), nil)
	r, err := env.Service.Submit(ctx, request(person("FA0000001"), landlord(b), "2026-07-01"))
	if err != nil {
		b.Fatal(err)
	}
	r, err = env.Service.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
	if err != nil {
		b.Fatal(err)
	}
	c, _, err := env.Service.Certificate(ctx, r.ID)
	if err != nil {
		b.Fatal(err)
	}
	msg, err := c.Encode()
	if err != nil {
		b.Fatal(err)
	}
	key := registrationtest.Key()
	b.ReportAllocs()
	for b.Loop() {
		_ = ed25519.Sign(key, msg)
	}
	b.ReportMetric(float64(len(msg)), "msg-bytes")
}

var _ = migreg.New

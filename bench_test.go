package migreg_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strconv"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
)

// BenchmarkLifecycle is one full registration on memstore: submit,
// confirm, certificate issued and stored, notifications enqueued. Compare
// it with BenchmarkSignCertificateSized, measured in the same run: signing
// dominates, everything else must be cheap.
func BenchmarkLifecycle(b *testing.B) { lifecycle(b) }

func lifecycle(b *testing.B) {
	ctx := context.Background()
	env := newEnv(b, date("2026-07-01"), nil)
	h := landlord(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r, err := env.Service.Submit(ctx, request(person(docNumber(i)), h, "2026-07-01"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := env.Service.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
			b.Fatal(err)
		}
	}
}

// docNumber returns "FA" and i in seven digits, as fmt.Sprintf("FA%07d", i)
// would for i below ten million, without fmt's cost (about a tenth of a
// microsecond), which is the benchmark's and not the library's.
func docNumber(i int) string {
	var b [16]byte
	out := append(b[:0], "FA"...)
	for pad := 1_000_000; pad > 1 && i < pad; pad /= 10 {
		out = append(out, '0')
	}
	return string(strconv.AppendInt(out, int64(i), 10))
}

func TestDocNumber(t *testing.T) {
	for _, i := range []int{0, 1, 9, 10, 99, 100, 123456, 999999, 1000000, 9999999} {
		if got, want := docNumber(i), fmt.Sprintf("FA%07d", i); got != want {
			t.Errorf("docNumber(%d) = %q; want %q", i, got, want)
		}
	}
}

// BenchmarkSignCertificateSized is bare Ed25519 signing of a message the
// size of a certificate's signed encoding: the floor of BenchmarkLifecycle.
func BenchmarkSignCertificateSized(b *testing.B) { signCertificateSized(b) }

// BenchmarkLifecycleSignPairs runs the two benchmarks above ten times
// each, alternately, as 01-lifecycle, 01-sign, 02-lifecycle and so on: run
// it with -count 1. The command (-count 10 of both) measures every
// lifecycle run before every signing run, so a slow or fast spell of the
// machine, which can last longer than a run (BENCHMARKS.md), falls on one
// side only; here it falls on both halves of a pair alike, and each
// pair's ratio can be read.
func BenchmarkLifecycleSignPairs(b *testing.B) {
	for i := range 10 {
		b.Run(fmt.Sprintf("%02d-lifecycle", i+1), lifecycle)
		b.Run(fmt.Sprintf("%02d-sign", i+1), signCertificateSized)
	}
}

func signCertificateSized(b *testing.B) {
	ctx := context.Background()
	env := newEnv(b, date("2026-07-01"), nil)
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
	key := migregtest.Key()
	b.ReportAllocs()
	for b.Loop() {
		_ = ed25519.Sign(key, msg)
	}
	b.ReportMetric(float64(len(msg)), "msg-bytes")
}

var _ = migreg.New

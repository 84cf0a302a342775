package certificate

import (
	"context"
	"crypto/ed25519"
	"testing"
)

// The benchmarks compare Issue with a bare ed25519.Sign and Verify with a
// bare ed25519.Verify of the same message, in the same run:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./certificate
//
// Goals (BENCHMARKS.md): Issue within 1.3× Sign, Verify within 1.2× Verify.

func BenchmarkIssue(b *testing.B) {
	iss := testIssuer(b, "2026-1", 1)
	r := sampleRegistration(b)
	issued := at("2026-07-03", 18, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := iss.Issue(r, issued); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToken(b *testing.B) {
	c, _, _ := sample(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Token(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeToken(b *testing.B) {
	_, tok, _ := sample(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeToken(tok); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	c, tok, iss := sample(b)
	v := Verifier{Keys: keySet(b, iss)}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, tok, c.ValidFrom); err != nil {
			b.Fatal(err)
		}
	}
}

// signedMessage is what Issue signs for the sample: the prefix and the
// encoding.
func signedMessage(b *testing.B) ([]byte, Certificate) {
	c, _, _ := sample(b)
	enc, err := c.Encode()
	if err != nil {
		b.Fatal(err)
	}
	return append([]byte(signingContext), enc...), c
}

func BenchmarkEd25519Sign(b *testing.B) {
	msg, _ := signedMessage(b)
	key := testKey(1)
	b.ReportAllocs()
	for b.Loop() {
		ed25519.Sign(key, msg)
	}
}

func BenchmarkEd25519Verify(b *testing.B) {
	msg, c := signedMessage(b)
	pub := testKey(1).Public().(ed25519.PublicKey)
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, msg, c.Signature[:]) {
			b.Fatal("bad signature")
		}
	}
}

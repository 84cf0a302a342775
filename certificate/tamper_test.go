package certificate

import (
	"context"
	"errors"
	"testing"
)

// TestTamperToken flips every bit of every character of a sample token, one
// at a time: no result may verify.
func TestTamperToken(t *testing.T) {
	c, tok, iss := sample(t)
	v := Verifier{Keys: keySet(t, iss)}
	on := c.ValidFrom
	if _, err := v.Verify(context.Background(), tok, on); err != nil {
		t.Fatalf("the untouched token: %v", err)
	}
	b := []byte(tok)
	for i := range b {
		for bit := range 8 {
			b[i] ^= 1 << bit
			got, err := v.Verify(context.Background(), string(b), on)
			if err == nil {
				t.Errorf("token with bit %d of character %d flipped verified: %v", bit, i, got)
			}
			b[i] ^= 1 << bit
		}
	}
}

// TestTamperEncoding flips every bit of the signed bytes (the canonical
// encoding) and of the signature of a sample, one at a time, and rebuilds
// a well-formed token around them: each must fail, as malformed or with a
// bad signature, never for another reason.
func TestTamperEncoding(t *testing.T) {
	c, _, iss := sample(t)
	v := Verifier{Keys: keySet(t, iss)}
	enc, sig := rawSample(t)
	full := cat(enc, sig)
	for i := range full {
		for bit := range 8 {
			full[i] ^= 1 << bit
			got, err := v.Verify(context.Background(), tokenOf(full), c.ValidFrom)
			var ve *VerifyError
			ok := errors.Is(err, ErrMalformed) || errors.Is(err, ErrBadSignature) ||
				// A flip inside the key ID may name a key that is not trusted.
				errors.As(err, &ve) && ve.Reason == ErrUnknownKey && ve.KeyID != iss.KeyID()
			if !ok {
				t.Errorf("bit %d of byte %d (of %d signed, %d in all) flipped: Verify = %v, %v; want ErrMalformed or ErrBadSignature", bit, i, len(enc), len(full), got, err)
			}
			full[i] ^= 1 << bit
		}
	}
}

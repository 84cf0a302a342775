package certificate

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
)

// ErrMalformed is matched by a *DecodeError: the text is not a token of a
// known format, or its bytes are not a canonical encoding.
var ErrMalformed = errors.New("certificate: malformed token")

// ErrUnsigned is returned by Token for a certificate with no signature.
var ErrUnsigned = errors.New("certificate: unsigned")

// tokenPrefix starts every token of format 1. It tells a scanner what the
// QR code holds before it decodes anything, and uses only characters of
// the QR code's alphanumeric mode.
const tokenPrefix = "KZR2:"

// signingContext is signed before the canonical encoding (domain
// separation): a signature over a certificate can never be mistaken for a
// signature over anything else the same key might sign, nor over another
// format version.
const signingContext = "migreg certificate v2\x00"

// DecodeError reports a token that is not well formed. It matches
// ErrMalformed.
type DecodeError struct {
	// Field is the field of the encoding being read ("holder.surname"), or
	// "prefix", "base45" or "signature".
	Field string `json:"field"`
	// Problem is a stable code: "truncated", "varint_not_minimal",
	// "out_of_range", "invalid_text", "not_canonical", "bad_character",
	// "trailing_bytes", ... or one of FieldError's.
	Problem string `json:"problem"`
	// Offset is the byte offset of the problem in the decoded bytes (for
	// "base45" and "prefix", in the token text), or -1 when the problem
	// is with a decoded value as a whole.
	Offset int `json:"offset"`
}

// Error implements the error interface.
func (e *DecodeError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("certificate: malformed token: %s: %s", e.Field, e.Problem)
	}
	return fmt.Sprintf("certificate: malformed token: %s: %s at offset %d", e.Field, e.Problem, e.Offset)
}

// Unwrap returns ErrMalformed.
func (e *DecodeError) Unwrap() error { return ErrMalformed }

// Token returns the compact form of a signed certificate, made to fit in a
// QR code: "KZR2:" and the base45 form (RFC 9285) of the canonical encoding
// followed by the 64-byte signature. Every character belongs to the QR
// code's alphanumeric mode. A typical certificate gives a token of about
// 300 characters, a QR code of version 10 or 11 (57 or 61 modules a side)
// at error-correction level M; long names and Cyrillic addresses (two
// bytes a letter) make it larger.
//
// The errors are ErrUnsigned for a certificate without signature and a
// *FieldError (ErrInvalid) for one the encoding cannot carry.
func (c Certificate) Token() (string, error) {
	if c.Signature.IsZero() {
		return "", ErrUnsigned
	}
	var buf [512]byte
	b, err := c.appendEncoding(buf[:0])
	if err != nil {
		return "", err
	}
	return encodeToken(append(b, c.Signature[:]...)), nil
}

// encodeToken returns the token of a signed encoding (the canonical encoding
// followed by the signature).
func encodeToken(signed []byte) string {
	var sb strings.Builder
	sb.Grow(len(tokenPrefix) + base45EncodedLen(len(signed)))
	sb.WriteString(tokenPrefix)
	writeBase45(&sb, signed)
	return sb.String()
}

// DecodeToken decodes a token into the certificate it carries, without
// checking the signature, the key or the dates: what it returns is only a
// claim. Use it to show what a token says or to load a stored token; use
// [Verifier.Verify] to trust one.
//
// Decoding is strict, so that a token has exactly one form and every
// accepted token re-encodes to itself: the prefix "KZR2:", base45 with no
// lower case, padding or spare bits, minimal varints, text fields within
// their limits as valid UTF-8 without control characters, defined enum
// values, real dates in order, no trailing bytes, and a signature of 64
// bytes that is not all zero. Anything else is a *DecodeError matching
// ErrMalformed.
func DecodeToken(token string) (Certificate, error) {
	c, _, err := decodeToken(token, 0)
	return c, err
}

// decodeToken decodes token into a buffer that starts with room bytes for
// the caller (the signing context), and returns the certificate and the
// buffer holding those room bytes and then the canonical encoding.
func decodeToken(token string, room int) (Certificate, []byte, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return Certificate{}, nil, &DecodeError{Field: "prefix", Problem: "missing", Offset: 0}
	}
	text := token[len(tokenPrefix):]
	if len(text) > 8192 {
		return Certificate{}, nil, &DecodeError{Field: "base45", Problem: "too_long", Offset: len(tokenPrefix)}
	}
	buf := make([]byte, room, room+len(text)*2/3+1)
	buf, off, ok := appendBase45Decoded(buf, text)
	if !ok {
		return Certificate{}, nil, &DecodeError{Field: "base45", Problem: "bad_character", Offset: len(tokenPrefix) + off}
	}
	data := buf[room:]
	c, n, err := decodeCertificate(string(data))
	if err != nil {
		return Certificate{}, nil, err
	}
	switch rest := len(data) - n; {
	case rest < ed25519.SignatureSize:
		return Certificate{}, nil, &DecodeError{Field: "signature", Problem: "truncated", Offset: n}
	case rest > ed25519.SignatureSize:
		return Certificate{}, nil, &DecodeError{Field: "signature", Problem: "trailing_bytes", Offset: n + ed25519.SignatureSize}
	}
	copy(c.Signature[:], data[n:])
	if c.Signature.IsZero() {
		return Certificate{}, nil, &DecodeError{Field: "signature", Problem: "zero", Offset: n}
	}
	return c, buf[:room+n], nil
}

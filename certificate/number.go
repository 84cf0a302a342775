package certificate

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/migreg/migreg/registration"
)

// ErrMalformedNumber is matched by every *NumberError: the text is not a
// certificate number.
var ErrMalformedNumber = errors.New("certificate: malformed number")

// The alphabet of certificate numbers: the digits 2 to 9 and the Latin
// capitals without I, L and O, which people confuse with 1 and 0 (themselves
// left out). Its 31 symbols are a prime number, which is what lets the check
// symbol catch every single error and every swap (see [Number]).
const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const (
	radix = len(alphabet) // 31, a prime
	// NumberLen is the number of symbols of a certificate number: eleven
	// data symbols and a check symbol.
	NumberLen = 12
	dataLen   = NumberLen - 1
	// numberSpace is 31^11, the count of distinct numbers (about 2^54.5).
	numberSpace uint64 = 25408476896404831
	// numberPrefix is printed before a number so that people recognise it;
	// ParseNumber accepts the number with or without it.
	numberPrefix = "KZ"
)

// Number is the number of a certificate, made for people: twelve symbols
// from a 31-symbol alphabet with no look-alike characters (no 0, 1, I, L or
// O), printed in groups of four after "KZ", as in "KZ-RBEE-GAHF-5ASW", so
// that it can be read aloud over the phone and typed from paper.
//
// The last symbol is a check symbol. With the symbols' values v₀…v₁₁ (their
// positions in the alphabet) and the weights wⱼ = 12 − j, a number is valid
// when Σ wⱼ·vⱼ ≡ 0 (mod 31). Because 31 is prime and every weight lies in
// 1..12:
//
//   - changing one symbol from a to b changes the sum by wⱼ·(b − a), which is
//     never a multiple of 31, so every single mistyped symbol is caught;
//   - swapping two different neighbours a, b changes it by
//     (wⱼ − wⱼ₊₁)·(b − a) = b − a, so every adjacent swap is caught (and so
//     is every swap of symbols two apart, whose weights differ by 2).
//
// A Number is a small comparable value; its zero value is "no number"
// (IsZero) and every other Number is valid, because the only ways to make
// one are [ParseNumber], [NumberFor] and decoding.
type Number struct {
	sym [NumberLen]byte
}

// NumberFor returns the number of the certificate of version version of
// registration id: the first 64 bits of SHA-256 over a fixed label, the ID
// with its length and the version, reduced modulo 31¹¹ (which leaves a bias
// below one in 700) and written as the eleven data symbols. Being derived,
// the number is the same when the same confirmed registration is issued
// twice, as a retried request does, and the Service can find a
// certificate's registration from its number through an index, with no
// counter to coordinate.
//
// The data symbols hold about 54 bits, so two registrations share a number
// with a probability of about n²/(2·31¹¹) among n certificates (one in 500 at
// ten million). A number therefore names a certificate for people;
// machines use the registration ID the certificate carries, and revocation
// is decided by the registration, never by the number alone.
func NumberFor(id registration.ID, version int) Number {
	var buf [128]byte // enough for the usual IDs: no allocation
	b := append(buf[:0], "migreg certificate number v1\x00"...)
	b = binary.AppendUvarint(b, uint64(len(id)))
	b = append(b, id...)
	b = binary.AppendUvarint(b, uint64(version))
	sum := sha256.Sum256(b)
	return numberOf(binary.BigEndian.Uint64(sum[:8]) % numberSpace)
}

// numberOf returns the number whose data symbols are the base-31 digits of
// v (v < numberSpace), with its check symbol.
func numberOf(v uint64) Number {
	var n Number
	for j := dataLen - 1; j >= 0; j-- {
		n.sym[j] = alphabet[v%uint64(radix)]
		v /= uint64(radix)
	}
	n.sym[dataLen] = alphabet[checkValue(n.sym[:dataLen])]
	return n
}

// value returns the base-31 value of n's data symbols, which is what the
// canonical encoding carries.
func (n Number) value() uint64 {
	var v uint64
	for _, c := range n.sym[:dataLen] {
		v = v*uint64(radix) + uint64(symbolValue(c))
	}
	return v
}

// symbolValue returns the position of c in the alphabet, or -1.
func symbolValue(c byte) int { return strings.IndexByte(alphabet, c) }

// checkValue returns the value of the check symbol for the data symbols:
// the c with Σ wⱼ·vⱼ + c ≡ 0 (mod 31), the check symbol's weight being 1.
func checkValue(data []byte) int {
	sum := 0
	for j, c := range data {
		sum += (NumberLen - j) * symbolValue(c)
	}
	return (radix - sum%radix) % radix
}

// Equal reports whether n and m are the same number, like n == m. It
// exists so that github.com/google/go-cmp, which cannot see Number's
// unexported field, compares numbers (and certificates) without options.
func (n Number) Equal(m Number) bool { return n == m }

// IsZero reports whether n is the zero Number, "no number".
func (n Number) IsZero() bool { return n.sym[0] == 0 }

// String returns the number as people read it, "KZ-RBEE-GAHF-5ASW", or ""
// for the zero Number.
func (n Number) String() string {
	if n.IsZero() {
		return ""
	}
	b := make([]byte, 0, len(numberPrefix)+NumberLen+NumberLen/4)
	b = append(b, numberPrefix...)
	for i := 0; i < NumberLen; i += 4 {
		b = append(b, '-')
		b = append(b, n.sym[i:i+4]...)
	}
	return string(b)
}

// MarshalText implements encoding.TextMarshaler with the form of String;
// the zero Number is empty text.
func (n Number) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: it accepts what
// ParseNumber accepts, and empty text as the zero Number. On error n is
// unchanged.
func (n *Number) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = Number{}
		return nil
	}
	m, err := ParseNumber(string(b))
	if err != nil {
		return err
	}
	*n = m
	return nil
}

// NumberProblem says what is wrong with a text that is not a number.
type NumberProblem uint8

// The problems ParseNumber reports, in the order it checks them. Never
// reorder; add new ones at the end.
const (
	// BadCharacter: a character outside the alphabet, spaces and dashes
	// (0, 1, I, L, O and anything not ASCII included).
	BadCharacter NumberProblem = iota + 1
	// BadLength: not twelve symbols (after an optional "KZ").
	BadLength
	// BadCheckDigit: twelve good symbols that do not add up: a symbol was
	// mistyped or two were swapped.
	BadCheckDigit
)

var numberProblemNames = names{"", "character", "length", "check_digit"}

// String returns the stable name: "character", "length" or "check_digit".
func (p NumberProblem) String() string { return numberProblemNames.str(uint8(p), "NumberProblem") }

// MarshalText returns the stable name, or empty text for the zero value.
func (p NumberProblem) MarshalText() ([]byte, error) {
	return numberProblemNames.marshal(uint8(p), "NumberProblem")
}

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (p *NumberProblem) UnmarshalText(b []byte) error {
	v, err := numberProblemNames.parse(b, "NumberProblem")
	if err == nil {
		*p = NumberProblem(v)
	}
	return err
}

// NumberError reports a text that ParseNumber rejects. It matches
// ErrMalformedNumber.
type NumberError struct {
	// Input is the rejected text, cut to 40 bytes.
	Input   string        `json:"input"`
	Problem NumberProblem `json:"problem"`
	// Offset is the byte offset in Input of the bad character, for
	// BadCharacter; otherwise 0.
	Offset int `json:"offset"`
}

// Error implements the error interface.
func (e *NumberError) Error() string {
	switch e.Problem {
	case BadCharacter:
		return fmt.Sprintf("certificate: malformed number %q: bad character at offset %d", e.Input, e.Offset)
	case BadLength:
		return fmt.Sprintf("certificate: malformed number %q: want %d symbols", e.Input, NumberLen)
	}
	return fmt.Sprintf("certificate: malformed number %q: check digit does not match (a symbol mistyped or two swapped)", e.Input)
}

// Unwrap returns ErrMalformedNumber.
func (e *NumberError) Unwrap() error { return ErrMalformedNumber }

// ParseNumber reads a certificate number as a person types it: upper or
// lower case, with or without the "KZ" prefix, with any spaces and dashes
// ("KZ-RBEE-GAHF-5ASW", "kz rbee gahf 5asw", "RBEEGAHF5ASW"). Anything else
// is a *NumberError (matching ErrMalformedNumber) whose Problem says which
// rule failed: BadCharacter, then BadLength, then BadCheckDigit.
func ParseNumber(s string) (Number, error) {
	var buf [NumberLen + len(numberPrefix)]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '-' {
			continue
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if symbolValue(c) < 0 {
			return Number{}, numberError(s, BadCharacter, i)
		}
		if n == len(buf) {
			return Number{}, numberError(s, BadLength, 0)
		}
		buf[n] = c
		n++
	}
	sym := buf[:n]
	if n == len(buf) && string(sym[:len(numberPrefix)]) == numberPrefix {
		sym = sym[len(numberPrefix):]
	}
	if len(sym) != NumberLen {
		return Number{}, numberError(s, BadLength, 0)
	}
	var num Number
	copy(num.sym[:], sym)
	if checkValue(num.sym[:dataLen]) != symbolValue(num.sym[dataLen]) {
		return Number{}, numberError(s, BadCheckDigit, 0)
	}
	return num, nil
}

func numberError(s string, p NumberProblem, offset int) *NumberError {
	if len(s) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return &NumberError{Input: s, Problem: p, Offset: offset}
}

package kzid

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is matched (with errors.Is) by every error this package returns
// for a number that breaks a rule of docs/legal.md Part B §5, whether it comes
// from parsing, decoding or building a number. The error itself is an
// [*Error] naming the rule.
var ErrInvalid = errors.New("kzid: invalid number")

// ErrUnknownName is matched by the errors of the enumerations' UnmarshalText
// for a name they do not know, and of their MarshalText for a value that has
// no name.
var ErrUnknownName = errors.New("kzid: unknown name")

// Kind says which kind of number an [*Error] is about.
type Kind uint8

// The kinds of number. Do not reorder: new kinds go at the end.
const (
	KindIIN Kind = iota + 1 // individual identification number (ИИН)
	KindBIN                 // business identification number (БИН)
)

func (k Kind) name() string {
	switch k {
	case KindIIN:
		return "iin"
	case KindBIN:
		return "bin"
	}
	return ""
}

// String returns the kind's code, "iin" or "bin" (lower case, as every
// enum's code), or "Kind(n)" for any other value. Error messages write it
// as people do, "IIN".
func (k Kind) String() string { return enumString(k, "Kind") }

// MarshalText implements encoding.TextMarshaler with the names of String.
// The zero Kind is empty text.
func (k Kind) MarshalText() ([]byte, error) { return marshalEnum(k, "Kind") }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// MarshalText writes, and "IIN" and "BIN", which it wrote before the codes
// became lower case.
func (k *Kind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "IIN":
		*k = KindIIN
		return nil
	case "BIN":
		*k = KindBIN
		return nil
	}
	return unmarshalEnum(k, b, "Kind")
}

// Rule names the rule of docs/legal.md Part B §5 that a number breaks. Its
// String is a stable code (such as "checksum") that callers may store, match
// and translate; the codes never change.
type Rule uint8

// The rules, in the order ParseIIN and ParseBIN check them. Do not reorder:
// new rules go at the end.
const (
	// RuleLength: after trimming white space the text is not 12 bytes long.
	RuleLength Rule = iota + 1
	// RuleDigits: a character is not an ASCII digit 0-9.
	RuleDigits
	// RuleCentury: the IIN's seventh digit is not 1-6 (century and sex), or
	// NewIIN got a birth year outside 1800-2099.
	RuleCentury
	// RuleBirthDate: the IIN's first six digits are not a real date in the
	// century of digit 7, or NewIIN got the zero Date.
	RuleBirthDate
	// RuleEntityType: the BIN's fifth digit is not 4, 5 or 6.
	RuleEntityType
	// RuleAttribute: the BIN's sixth digit is not 0, 1, 2 or 3.
	RuleAttribute
	// RuleRegistrationMonth: the BIN's third and fourth digits are not a
	// month 01-12.
	RuleRegistrationMonth
	// RuleChecksum: the twelfth digit is not the check digit of the first
	// eleven.
	RuleChecksum
	// RuleChecksumUnusable: both passes of the check digit give 10, so the
	// first eleven digits have no check digit and the number is never issued.
	RuleChecksumUnusable
	// RuleSerial: NewIIN or NewBIN got a serial number that does not fit its
	// digits.
	RuleSerial
	// RuleSex: NewIIN got a Sex other than Male or Female.
	RuleSex
	// RuleRegistrationYear: NewBIN got a year outside 1990-2089, the years
	// two digits stand for (see BIN.RegisteredYear).
	RuleRegistrationYear
)

func (r Rule) name() string {
	switch r {
	case RuleLength:
		return "length"
	case RuleDigits:
		return "digits"
	case RuleCentury:
		return "century"
	case RuleBirthDate:
		return "birth_date"
	case RuleEntityType:
		return "entity_type"
	case RuleAttribute:
		return "attribute"
	case RuleRegistrationMonth:
		return "registration_month"
	case RuleChecksum:
		return "checksum"
	case RuleChecksumUnusable:
		return "checksum_unusable"
	case RuleSerial:
		return "serial"
	case RuleSex:
		return "sex"
	case RuleRegistrationYear:
		return "registration_year"
	}
	return ""
}

// reason is the English explanation used in Error messages. Translated
// messages belong to the caller and are keyed by the Rule's code.
func (r Rule) reason() string {
	switch r {
	case RuleLength:
		return "want 12 digits"
	case RuleDigits:
		return "want only the ASCII digits 0-9"
	case RuleCentury:
		return "no century and sex digit 1-6 (births 1800-2099)"
	case RuleBirthDate:
		return "date of birth is not a real date"
	case RuleEntityType:
		return "entity type digit is not 4, 5 or 6"
	case RuleAttribute:
		return "attribute digit is not 0, 1, 2 or 3"
	case RuleRegistrationMonth:
		return "registration month is not 01-12"
	case RuleChecksum:
		return "check digit does not match"
	case RuleChecksumUnusable:
		return "no check digit exists for these digits"
	case RuleSerial:
		return "serial number out of range"
	case RuleSex:
		return "sex is neither male nor female"
	case RuleRegistrationYear:
		return "registration year outside 1990-2089"
	}
	return "unknown rule"
}

// String returns the rule's stable code, such as "checksum", or "Rule(n)"
// for a value that is not a rule.
func (r Rule) String() string { return enumString(r, "Rule") }

// MarshalText implements encoding.TextMarshaler with the codes of String.
// The zero Rule is empty text.
func (r Rule) MarshalText() ([]byte, error) { return marshalEnum(r, "Rule") }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// MarshalText writes.
func (r *Rule) UnmarshalText(b []byte) error { return unmarshalEnum(r, b, "Rule") }

// Error reports a number that breaks a rule. It matches [ErrInvalid]. Its
// message shows the rejected text only in masked form, so an Error can be
// logged.
type Error struct {
	Kind Kind `json:"kind"` // the kind of number that was rejected
	Rule Rule `json:"rule"` // the rule it breaks
	// Input is the rejected text after trimming, masked like IIN.String:
	// every character but the last four is replaced by '*', and at most 24
	// characters are kept. It is empty when the error comes from NewIIN or
	// NewBIN.
	Input string `json:"input"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Input == "" {
		return "kzid: invalid " + strings.ToUpper(e.Kind.String()) + ": " + e.Rule.reason()
	}
	return "kzid: invalid " + strings.ToUpper(e.Kind.String()) + " " + strconv.Quote(e.Input) + ": " + e.Rule.reason()
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// invalid returns an *Error for the (already trimmed) text s.
func invalid(k Kind, r Rule, s string) error {
	return &Error{Kind: k, Rule: r, Input: maskText(s)}
}

// maskText masks arbitrary text by the rule of String: it keeps the last four
// characters (runes) and replaces the others by '*', keeping at most 20 of
// them so that a huge input does not make a huge error.
func maskText(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= 4 {
		return s
	}
	tail := s
	for range n - 4 {
		_, size := utf8.DecodeRuneInString(tail)
		tail = tail[size:]
	}
	stars := min(n-4, 20)
	b := make([]byte, 0, stars+len(tail))
	for range stars {
		b = append(b, '*')
	}
	return string(append(b, tail...))
}

// CheckDigit returns the check digit of a number whose first eleven digits
// are first11, by the algorithm of docs/legal.md Part B §5, the same for IIN and
// BIN:
//
//  1. r = Σ dᵢ·i mod 11, with weights 1, 2, ..., 11;
//  2. if r is 10, r = Σ dᵢ·w₂ᵢ mod 11 with weights 3, 4, ..., 11, 1, 2;
//  3. if r is still 10 there is no check digit: ok is false. (10 is never
//     written as 0; that is the rule of the Russian OKPO, not of the IIN.)
//
// ok is also false when first11 is not exactly eleven ASCII digits. It is
// meant for generators and tests; ParseIIN and ParseBIN check the digit
// themselves.
func CheckDigit(first11 string) (digit int, ok bool) {
	if len(first11) != 11 {
		return 0, false
	}
	var d [12]byte
	for i := range 11 {
		c := first11[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d[i] = c - '0'
	}
	digit = checkDigit(&d)
	return max(digit, 0), digit >= 0
}

// checkDigit returns the check digit of d[0:11] (digit values 0-9), or -1 if
// there is none. The first pass gives d[10] the weight 11 ≡ 0, which is why a
// change of the eleventh digit alone goes unnoticed whenever the first pass
// decides.
func checkDigit(d *[12]byte) int {
	w2 := [11]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2}
	s1, s2 := 0, 0
	for i := range 11 {
		v := int(d[i])
		s1 += v * (i + 1)
		s2 += v * w2[i]
	}
	if r := s1 % 11; r != 10 {
		return r
	}
	if r := s2 % 11; r != 10 {
		return r
	}
	return -1
}

// scramble is XORed into the stored number so that a reflective dump of a
// struct holding an IIN (fmt prints unexported fields without calling their
// String method) shows no digits of it. Its top bit is set and a 12-digit
// number is below 2⁴⁰, so no number is stored as 0, the "no number" value.
const scramble = 0x9E3779B97F4A7C15

// splitDigits reads s as twelve ASCII digits after trimming ASCII white
// space, into digit values 0-9. It returns the trimmed text for error
// messages.
func splitDigits(k Kind, s string) (d [12]byte, trimmed string, err error) {
	s = trimSpace(s)
	if len(s) != 12 {
		return d, s, invalid(k, RuleLength, s)
	}
	for i := range 12 {
		c := s[i]
		if c < '0' || c > '9' {
			return d, s, invalid(k, RuleDigits, s)
		}
		d[i] = c - '0'
	}
	return d, s, nil
}

func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// verifyCheck checks the twelfth digit against the first eleven.
func verifyCheck(k Kind, d *[12]byte, s string) error {
	c := checkDigit(d)
	if c < 0 {
		return invalid(k, RuleChecksumUnusable, s)
	}
	if int(d[11]) != c {
		return invalid(k, RuleChecksum, s)
	}
	return nil
}

// pack stores twelve digit values as a scrambled number.
func pack(d *[12]byte) uint64 {
	var n uint64
	for _, v := range d {
		n = n*10 + uint64(v)
	}
	return n ^ scramble
}

// unpack returns the twelve digit values of a stored number.
func unpack(v uint64) (d [12]byte) {
	n := v ^ scramble
	for i := 11; i >= 0; i-- {
		d[i] = byte(n % 10)
		n /= 10
	}
	return d
}

// fullDigits returns the twelve ASCII digits of a stored number ("" for 0).
func fullDigits(v uint64) string {
	if v == 0 {
		return ""
	}
	b := appendDigits(make([]byte, 0, 12), v)
	return string(b)
}

func appendDigits(b []byte, v uint64) []byte {
	if v == 0 {
		return b
	}
	d := unpack(v)
	for _, x := range d {
		b = append(b, '0'+x)
	}
	return b
}

// masked returns the masked form of a stored number: eight '*' and the last
// four digits, or "" for 0.
func masked(v uint64) string {
	if v == 0 {
		return ""
	}
	d := unpack(v)
	b := [12]byte{'*', '*', '*', '*', '*', '*', '*', '*', '0' + d[8], '0' + d[9], '0' + d[10], '0' + d[11]}
	return string(b[:])
}

func goString(typ string, v uint64) string {
	if v == 0 {
		return "kzid." + typ + "{}"
	}
	return "kzid." + typ + "(" + strconv.Quote(masked(v)) + ")"
}

// format implements fmt.Formatter for IIN and BIN: every verb formats the
// masked string, and %#v the GoString.
func format(f fmt.State, verb rune, typ string, v uint64) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, goString(typ, v))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), masked(v))
}

// parseSQL converts what a database driver returns into text for Scan. A
// numeric column cannot keep leading zeros, so an integer is written back
// with twelve digits.
func parseSQL(k Kind, src any) (string, error) {
	switch x := src.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case int64:
		if x < 0 {
			return "", &Error{Kind: k, Rule: RuleDigits}
		}
		if x >= 1e12 {
			return "", &Error{Kind: k, Rule: RuleLength}
		}
		s := strconv.FormatInt(x, 10)
		return "000000000000"[len(s):] + s, nil
	}
	return "", fmt.Errorf("%w: cannot scan %T into kzid.%v", ErrInvalid, src, k)
}

// enum is implemented by the enumerations of this package: each value from
// 1 has a name until the first one that has none.
type enum interface {
	~uint8
	name() string
}

func enumString[E enum](e E, typ string) string {
	if n := e.name(); n != "" {
		return n
	}
	return typ + "(" + strconv.Itoa(int(e)) + ")"
}

func marshalEnum[E enum](e E, typ string) ([]byte, error) {
	if e == 0 {
		return []byte{}, nil
	}
	n := e.name()
	if n == "" {
		return nil, fmt.Errorf("%w: %s(%d)", ErrUnknownName, typ, uint8(e))
	}
	return []byte(n), nil
}

func unmarshalEnum[E enum](e *E, b []byte, typ string) error {
	if len(b) == 0 {
		*e = 0
		return nil
	}
	for v := E(1); v.name() != ""; v++ {
		if v.name() == string(b) {
			*e = v
			return nil
		}
	}
	if len(b) > 32 {
		b = b[:32]
	}
	return fmt.Errorf("%w: %s %q", ErrUnknownName, typ, b)
}

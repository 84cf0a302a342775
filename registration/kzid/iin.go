package kzid

import (
	"database/sql/driver"
	"fmt"
	"log/slog"
	"time"

	"github.com/migreg/migreg/calendar"
)

// IIN is an individual identification number (ИИН, ЖСН), laid out as
// YYMMDD G NNNN C: the date of birth, a digit for century and sex, a serial
// number and a check digit (docs/legal.md Part B §5). Every Kazakh citizen has
// one; a foreigner may or may not (docs/legal.md Part A).
//
// IIN is a small comparable value: pass it by value and compare it with ==.
// The zero IIN means "no number" (IsZero); every other IIN obeys the rules
// it was parsed or built under, so holding an IIN means holding a valid one.
//
// An IIN is personal data. String, Format (every fmt verb), GoString and
// LogValue show it masked as "********" and the last four digits. Only
// Digits, MarshalText, AppendText and Value give the full number, because
// storage and the authorities need it.
type IIN struct {
	v uint64 // the number XOR scramble; 0 for no number
}

// Sex is the sex of an IIN's holder as digit 7 encodes it: odd digits are
// male, even digits female. The zero Sex means "not encoded" (an IIN with an
// unknown century digit, see Options).
type Sex uint8

// The sexes digit 7 of an IIN encodes. Do not reorder.
const (
	Male Sex = iota + 1
	Female
)

func (s Sex) name() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return ""
}

// String returns "male" or "female", or "Sex(n)" for the zero Sex and any
// other value.
func (s Sex) String() string { return enumString(s, "Sex") }

// MarshalText implements encoding.TextMarshaler with the names of String.
// The zero Sex ("not encoded") is empty text.
func (s Sex) MarshalText() ([]byte, error) { return marshalEnum(s, "Sex") }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// MarshalText writes, including empty text for the zero Sex.
func (s *Sex) UnmarshalText(b []byte) error { return unmarshalEnum(s, b, "Sex") }

// Options relax the rules of ParseIINWith where docs/legal.md marks them
// UNCONFIRMED. The zero Options, like a nil *Options, are the defaults: the
// confirmed rules only.
type Options struct {
	// AllowUnknownCentury accepts an IIN whose seventh digit is 0, 7, 8 or 9.
	// No confirmed source assigns these digits (one validator reads 0 as
	// "not a person"; docs/legal.md Part B §5, UNCONFIRMED), so by default they
	// are rejected with RuleCentury. An IIN accepted this way has no birth
	// date, century or sex: BirthDate returns the zero Date, Century 0 and
	// Sex the zero Sex. Its first six digits must still be a month and day
	// that exist in some century (29 February only when YY is divisible by
	// 4), and the check digit must hold.
	//
	// IIN.UnmarshalText and IIN.Scan use the defaults, so a caller that opts
	// in must read stored numbers back with ParseIINWith.
	AllowUnknownCentury bool `json:"allow_unknown_century,omitempty"`
}

// ParseIIN parses an IIN under the confirmed rules of docs/legal.md Part B §5.
// It trims leading and trailing ASCII white space and then requires exactly
// twelve ASCII digits, a seventh digit from 1 to 6, a first six digits that
// are a real date of birth in that century, and a matching check digit.
//
// ParseIIN does not check that the birth date lies in the past: the package
// has no clock. Compare BirthDate with a date you supply if it matters.
//
// A rejected number is an *Error, matching ErrInvalid, whose Rule is, in the
// order checked: RuleLength, RuleDigits, RuleCentury, RuleBirthDate,
// RuleChecksumUnusable or RuleChecksum.
func ParseIIN(s string) (IIN, error) { return ParseIINWith(s, nil) }

// ParseIINWith is ParseIIN with the rules relaxed by opts; a nil opts means
// the defaults, exactly like ParseIIN.
func ParseIINWith(s string, opts *Options) (IIN, error) {
	d, t, err := splitDigits(KindIIN, s)
	if err != nil {
		return IIN{}, err
	}
	century := centuryOf(d[6])
	if century == 0 && (opts == nil || !opts.AllowUnknownCentury) {
		return IIN{}, invalid(KindIIN, RuleCentury, t)
	}
	year := int(d[0])*10 + int(d[1])
	if century != 0 {
		year += century
	} else {
		// Unknown century: accept 29 February whenever some century has
		// it. For YY divisible by 4 that includes 20YY, and 2000 is a leap
		// year; for other YY no century does.
		year += 2000
	}
	month := int(d[2])*10 + int(d[3])
	day := int(d[4])*10 + int(d[5])
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return IIN{}, invalid(KindIIN, RuleBirthDate, t)
	}
	if err := verifyCheck(KindIIN, &d, t); err != nil {
		return IIN{}, err
	}
	return IIN{pack(&d)}, nil
}

// NewIIN builds the IIN of a person born on birth, of the given sex, with the
// given serial number (digits 8-11, 0 to 9999), and computes its check digit.
// It is meant for generators and tests.
//
// The errors are *Error values matching ErrInvalid: RuleBirthDate for the
// zero Date, RuleCentury for a birth year outside 1800-2099, RuleSex,
// RuleSerial, and RuleChecksumUnusable when these digits have no check digit
// (such a number is never issued; a generator should try another serial).
func NewIIN(birth calendar.Date, sex Sex, serial int) (IIN, error) {
	if birth.IsZero() {
		return IIN{}, &Error{Kind: KindIIN, Rule: RuleBirthDate}
	}
	y, m, dd := birth.Date()
	if y < 1800 || y > 2099 {
		return IIN{}, &Error{Kind: KindIIN, Rule: RuleCentury}
	}
	if sex != Male && sex != Female {
		return IIN{}, &Error{Kind: KindIIN, Rule: RuleSex}
	}
	if serial < 0 || serial > 9999 {
		return IIN{}, &Error{Kind: KindIIN, Rule: RuleSerial}
	}
	var d [12]byte
	yy, mm := y%100, int(m)
	d[0], d[1] = byte(yy/10), byte(yy%10)
	d[2], d[3] = byte(mm/10), byte(mm%10)
	d[4], d[5] = byte(dd/10), byte(dd%10)
	d[6] = byte(2*((y-1800)/100)) + byte(sex) // 1/2, 3/4, 5/6
	d[7], d[8], d[9], d[10] = byte(serial/1000), byte(serial/100%10), byte(serial/10%10), byte(serial%10)
	c := checkDigit(&d)
	if c < 0 {
		return IIN{}, &Error{Kind: KindIIN, Rule: RuleChecksumUnusable}
	}
	d[11] = byte(c)
	return IIN{pack(&d)}, nil
}

// centuryOf returns the first year of the century that digit 7 encodes, or 0.
func centuryOf(g byte) int {
	switch g {
	case 1, 2:
		return 1800
	case 3, 4:
		return 1900
	case 5, 6:
		return 2000
	}
	return 0
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// IsZero reports whether n is the zero IIN, "no number".
func (n IIN) IsZero() bool { return n.v == 0 }

// Equal reports whether n and o are the same number, like n == o. It lets
// go-cmp compare structs that hold an IIN without options.
func (n IIN) Equal(o IIN) bool { return n == o }

// Digits returns the full twelve digits of n, or "" for the zero IIN. It is
// the one accessor that reveals the whole number: use it to store the number
// or send it to the authorities, never to log it.
func (n IIN) Digits() string { return fullDigits(n.v) }

// String returns n masked: eight '*' and the last four digits, as in
// "********0012", which hides the date of birth, the sex and most of the
// serial. The zero IIN is the empty string.
func (n IIN) String() string { return masked(n.v) }

// Format implements fmt.Formatter so that every verb (%v, %+v, %s, %q, %x,
// ...) and every flag formats the masked String, and %#v the GoString. No fmt
// verb prints the full number.
func (n IIN) Format(f fmt.State, verb rune) { format(f, verb, "IIN", n.v) }

// GoString implements fmt.GoStringer, masked: kzid.IIN("********0012"), or
// kzid.IIN{} for the zero IIN.
func (n IIN) GoString() string { return goString("IIN", n.v) }

// LogValue implements slog.LogValuer: the masked String.
func (n IIN) LogValue() slog.Value { return slog.StringValue(masked(n.v)) }

// MarshalText implements encoding.TextMarshaler with the full twelve digits,
// or empty text for the zero IIN. This is deliberate, unlike String: JSON,
// XML and other stores need the whole number. Do not log the encoded form.
func (n IIN) MarshalText() ([]byte, error) { return n.AppendText(nil) }

// AppendText implements encoding.TextAppender like MarshalText: the full
// twelve digits.
func (n IIN) AppendText(b []byte) ([]byte, error) { return appendDigits(b, n.v), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts what
// ParseIIN accepts (with the default Options), and empty text as the zero
// IIN. On error n is left unchanged and the error is an *Error.
func (n *IIN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = IIN{}
		return nil
	}
	v, err := ParseIIN(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Scan implements sql.Scanner with the full number, like UnmarshalText. It
// accepts NULL and the empty string (the zero IIN), text as string or
// []byte, and an int64 from a numeric column, which is read with leading
// zeros restored to twelve digits. On error n is left unchanged.
func (n *IIN) Scan(src any) error {
	s, err := parseSQL(KindIIN, src)
	if err != nil {
		return err
	}
	if s == "" {
		*n = IIN{}
		return nil
	}
	v, err := ParseIIN(s)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Value implements driver.Valuer with the full twelve digits as text (keep
// IINs in a text column: a numeric one loses leading zeros), or NULL for the
// zero IIN.
func (n IIN) Value() (driver.Value, error) {
	if n.v == 0 {
		return nil, nil
	}
	return n.Digits(), nil
}

// BirthDate returns the holder's date of birth, or the zero Date when digit
// 7 does not encode a century (see Options) and for the zero IIN.
func (n IIN) BirthDate() calendar.Date {
	if n.v == 0 {
		return calendar.Date{}
	}
	d := unpack(n.v)
	century := centuryOf(d[6])
	if century == 0 {
		return calendar.Date{}
	}
	return calendar.NewDate(century+int(d[0])*10+int(d[1]), time.Month(int(d[2])*10+int(d[3])), int(d[4])*10+int(d[5]))
}

// Century returns the first year of the holder's century of birth that
// digit 7 encodes: 1800, 1900 or 2000. It is 0 when digit 7 encodes none
// (see Options) and for the zero IIN.
func (n IIN) Century() int {
	if n.v == 0 {
		return 0
	}
	return centuryOf(unpack(n.v)[6])
}

// Sex returns the holder's sex that digit 7 encodes, or the zero Sex when it
// encodes none (see Options) and for the zero IIN.
func (n IIN) Sex() Sex {
	if n.v == 0 {
		return 0
	}
	g := unpack(n.v)[6]
	if centuryOf(g) == 0 {
		return 0
	}
	return Female - Sex(g%2) // odd digits are male
}

// Serial returns the serial number, digits 8 to 11 (0 to 9999); 0 for the
// zero IIN.
func (n IIN) Serial() int {
	if n.v == 0 {
		return 0
	}
	d := unpack(n.v)
	return int(d[7])*1000 + int(d[8])*100 + int(d[9])*10 + int(d[10])
}

package kzid

import (
	"database/sql/driver"
	"fmt"
	"log/slog"
	"time"
)

// BIN is a business identification number (БИН, БСН), laid out as
// YYMM T A NNNNN C: the year and month of (re)registration, the entity type,
// an attribute, a serial number and a check digit (docs/legal.md Part B §5).
// A host that is an organisation is identified by its BIN (docs/legal.md Part A).
//
// BIN is a small comparable value: pass it by value and compare it with ==.
// The zero BIN means "no number" (IsZero); every other BIN is valid.
//
// A BIN is printed masked like an IIN (String, Format, GoString, LogValue):
// the BIN of a peasant farm or a joint entrepreneurship points to
// individuals. Digits, MarshalText, AppendText and Value give the full
// number.
type BIN struct {
	v uint64 // the number XOR scramble; 0 for no number
}

// EntityType is the kind of organisation that digit 5 of a BIN encodes.
type EntityType uint8

// The entity types of docs/legal.md Part B §5, with their digit. Do not reorder.
const (
	ResidentLegalEntity    EntityType = iota + 1 // digit 4
	NonResidentLegalEntity                       // digit 5
	JointEntrepreneur                            // digit 6: individual entrepreneur in joint entrepreneurship
)

func (t EntityType) name() string {
	switch t {
	case ResidentLegalEntity:
		return "resident_legal_entity"
	case NonResidentLegalEntity:
		return "non_resident_legal_entity"
	case JointEntrepreneur:
		return "joint_entrepreneur"
	}
	return ""
}

// String returns the entity type's name, such as "resident_legal_entity",
// or "EntityType(n)" for a value that is not an entity type.
func (t EntityType) String() string { return enumString(t, "EntityType") }

// MarshalText implements encoding.TextMarshaler with the names of String.
// The zero EntityType is empty text.
func (t EntityType) MarshalText() ([]byte, error) { return marshalEnum(t, "EntityType") }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// MarshalText writes.
func (t *EntityType) UnmarshalText(b []byte) error { return unmarshalEnum(t, b, "EntityType") }

// Attribute is the role of the registered unit that digit 6 of a BIN
// encodes.
type Attribute uint8

// The attributes of docs/legal.md Part B §5, with their digit. Do not reorder.
const (
	HeadOffice           Attribute = iota + 1 // digit 0
	Branch                                    // digit 1
	RepresentativeOffice                      // digit 2
	PeasantFarm                               // digit 3: peasant (farm) enterprise in joint entrepreneurship
)

func (a Attribute) name() string {
	switch a {
	case HeadOffice:
		return "head_office"
	case Branch:
		return "branch"
	case RepresentativeOffice:
		return "representative_office"
	case PeasantFarm:
		return "peasant_farm"
	}
	return ""
}

// String returns the attribute's name, such as "head_office", or
// "Attribute(n)" for a value that is not an attribute.
func (a Attribute) String() string { return enumString(a, "Attribute") }

// MarshalText implements encoding.TextMarshaler with the names of String.
// The zero Attribute is empty text.
func (a Attribute) MarshalText() ([]byte, error) { return marshalEnum(a, "Attribute") }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts what
// MarshalText writes.
func (a *Attribute) UnmarshalText(b []byte) error { return unmarshalEnum(a, b, "Attribute") }

// ParseBIN parses a BIN by the rules of docs/legal.md Part B §5. It trims
// leading and trailing ASCII white space and then requires exactly twelve
// ASCII digits, a registration month 01-12, an entity type digit 4-6, an
// attribute digit 0-3 and a matching check digit. Any registration year
// 00-99 is accepted (see RegisteredYear); with no clock, kzid does not check
// that the registration lies in the past.
//
// A rejected number is an *Error, matching ErrInvalid, whose Rule is, in the
// order checked: RuleLength, RuleDigits, RuleRegistrationMonth,
// RuleEntityType, RuleAttribute, RuleChecksumUnusable or RuleChecksum.
func ParseBIN(s string) (BIN, error) {
	d, t, err := splitDigits(KindBIN, s)
	if err != nil {
		return BIN{}, err
	}
	if m := d[2]*10 + d[3]; m < 1 || m > 12 {
		return BIN{}, invalid(KindBIN, RuleRegistrationMonth, t)
	}
	if d[4] < 4 || d[4] > 6 {
		return BIN{}, invalid(KindBIN, RuleEntityType, t)
	}
	if d[5] > 3 {
		return BIN{}, invalid(KindBIN, RuleAttribute, t)
	}
	if err := verifyCheck(KindBIN, &d, t); err != nil {
		return BIN{}, err
	}
	return BIN{pack(&d)}, nil
}

// NewBIN builds the BIN registered in the given year (1990-2089, see
// RegisteredYear) and month, with the given entity type, attribute and
// serial number (digits 7-11, 0 to 99999), and computes its check digit. It
// is meant for generators and tests.
//
// The errors are *Error values matching ErrInvalid: RuleRegistrationYear,
// RuleRegistrationMonth, RuleEntityType, RuleAttribute, RuleSerial, and
// RuleChecksumUnusable when these digits have no check digit (such a number
// is never issued; a generator should try another serial).
func NewBIN(year int, month time.Month, t EntityType, a Attribute, serial int) (BIN, error) {
	switch {
	case year < 1990 || year > 2089:
		return BIN{}, &Error{Kind: KindBIN, Rule: RuleRegistrationYear}
	case month < time.January || month > time.December:
		return BIN{}, &Error{Kind: KindBIN, Rule: RuleRegistrationMonth}
	case t.name() == "":
		return BIN{}, &Error{Kind: KindBIN, Rule: RuleEntityType}
	case a.name() == "":
		return BIN{}, &Error{Kind: KindBIN, Rule: RuleAttribute}
	case serial < 0 || serial > 99999:
		return BIN{}, &Error{Kind: KindBIN, Rule: RuleSerial}
	}
	var d [12]byte
	yy, mm := year%100, int(month)
	d[0], d[1] = byte(yy/10), byte(yy%10)
	d[2], d[3] = byte(mm/10), byte(mm%10)
	d[4] = byte(t) + 3 // 4, 5, 6
	d[5] = byte(a) - 1 // 0, 1, 2, 3
	for i, s := 10, serial; i >= 6; i-- {
		d[i] = byte(s % 10)
		s /= 10
	}
	c := checkDigit(&d)
	if c < 0 {
		return BIN{}, &Error{Kind: KindBIN, Rule: RuleChecksumUnusable}
	}
	d[11] = byte(c)
	return BIN{pack(&d)}, nil
}

// IsZero reports whether n is the zero BIN, "no number".
func (n BIN) IsZero() bool { return n.v == 0 }

// Equal reports whether n and o are the same number, like n == o. It lets
// go-cmp compare structs that hold a BIN without options.
func (n BIN) Equal(o BIN) bool { return n == o }

// Digits returns the full twelve digits of n, or "" for the zero BIN. It is
// the one accessor that reveals the whole number.
func (n BIN) Digits() string { return fullDigits(n.v) }

// String returns n masked like IIN.String, as in "********0385"; the zero
// BIN is the empty string.
func (n BIN) String() string { return masked(n.v) }

// Format implements fmt.Formatter so that every verb formats the masked
// String, and %#v the GoString.
func (n BIN) Format(f fmt.State, verb rune) { format(f, verb, "BIN", n.v) }

// GoString implements fmt.GoStringer, masked: kzid.BIN("********0385"), or
// kzid.BIN{} for the zero BIN.
func (n BIN) GoString() string { return goString("BIN", n.v) }

// LogValue implements slog.LogValuer: the masked String.
func (n BIN) LogValue() slog.Value { return slog.StringValue(masked(n.v)) }

// MarshalText implements encoding.TextMarshaler with the full twelve digits,
// or empty text for the zero BIN: stores need the whole number.
func (n BIN) MarshalText() ([]byte, error) { return n.AppendText(nil) }

// AppendText implements encoding.TextAppender like MarshalText.
func (n BIN) AppendText(b []byte) ([]byte, error) { return appendDigits(b, n.v), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts what
// ParseBIN accepts, and empty text as the zero BIN. On error n is left
// unchanged and the error is an *Error.
func (n *BIN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = BIN{}
		return nil
	}
	v, err := ParseBIN(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Scan implements sql.Scanner with the full number, like UnmarshalText. It
// accepts NULL and the empty string (the zero BIN), text as string or
// []byte, and an int64 from a numeric column, read with leading zeros
// restored to twelve digits. On error n is left unchanged.
func (n *BIN) Scan(src any) error {
	s, err := parseSQL(KindBIN, src)
	if err != nil {
		return err
	}
	if s == "" {
		*n = BIN{}
		return nil
	}
	v, err := ParseBIN(s)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Value implements driver.Valuer with the full twelve digits as text, or
// NULL for the zero BIN.
func (n BIN) Value() (driver.Value, error) {
	if n.v == 0 {
		return nil, nil
	}
	return n.Digits(), nil
}

// RegisteredYear returns the year of (re)registration that digits 1-2
// encode. Two digits need a century, and none is written, so kzid uses a
// fixed pivot, a policy default: 90-99 are 1990-1999 and 00-89 are
// 2000-2089. BINs were introduced in 2007 but carry the registration date of
// older organisations (the published vector 940140000385 is from January
// 1994); kzid assumes that none encodes a date before 1990, which docs/legal.md
// does not confirm. The raw digits are the first two of Digits. It returns 0
// for the zero BIN.
func (n BIN) RegisteredYear() int {
	if n.v == 0 {
		return 0
	}
	d := unpack(n.v)
	yy := int(d[0])*10 + int(d[1])
	if yy >= 90 {
		return 1900 + yy
	}
	return 2000 + yy
}

// RegisteredMonth returns the month of (re)registration, digits 3-4; 0 for
// the zero BIN.
func (n BIN) RegisteredMonth() time.Month {
	if n.v == 0 {
		return 0
	}
	d := unpack(n.v)
	return time.Month(d[2]*10 + d[3])
}

// EntityType returns the entity type that digit 5 encodes; the zero
// EntityType for the zero BIN.
func (n BIN) EntityType() EntityType {
	if n.v == 0 {
		return 0
	}
	return EntityType(unpack(n.v)[4] - 3)
}

// Attribute returns the attribute that digit 6 encodes; the zero Attribute
// for the zero BIN.
func (n BIN) Attribute() Attribute {
	if n.v == 0 {
		return 0
	}
	return Attribute(unpack(n.v)[5] + 1)
}

// Serial returns the serial number, digits 7 to 11 (0 to 99999); 0 for the
// zero BIN.
func (n BIN) Serial() int {
	if n.v == 0 {
		return 0
	}
	d := unpack(n.v)
	s := 0
	for _, x := range d[6:11] {
		s = s*10 + int(x)
	}
	return s
}

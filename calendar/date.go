package calendar

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// Date is a civil date in the proleptic Gregorian calendar: a year, a month
// and a day, with no time of day and no time zone. Legal periods in
// Kazakhstan run in whole calendar days, so every deadline in migreg is a
// Date, never a time.Time at midnight: a Date does not describe a unique
// 24-hour span and cannot drift when the host's time zone changes.
//
// Date is a small comparable value: hold it and pass it by value, compare it
// with ==, use it as a map key. Internally it counts days, so AddDays,
// DaysSince and comparisons are single integer operations.
//
// The zero Date is not a date: IsZero reports true, IsValid false, and
// arithmetic on it yields the zero Date again. Every other Date lies between
// 0001-01-01 and 9999-12-31.
type Date struct {
	// n is the number of days since 0001-01-01, plus one, so that the zero
	// value is distinguishable from 0001-01-01.
	n int32
}

// Bounds of the representable range, as n values.
const (
	minN       = 1           // 0001-01-01
	maxN       = 3652058 + 1 // 9999-12-31
	unixEpochN = 719162 + 1  // 1970-01-01
)

// ErrInvalidDate is matched (with errors.Is) by every error this package
// returns for text that is not a valid ISO 8601 calendar date.
var ErrInvalidDate = errors.New("calendar: invalid date")

// ParseError reports text that ParseDate, UnmarshalText or Scan could not
// read as a date. It matches ErrInvalidDate.
type ParseError struct {
	Value  string `json:"value"`  // the rejected input, cut to 64 bytes
	Reason string `json:"reason"` // what was wrong, e.g. "month out of range"
}

// Error implements the error interface.
func (e *ParseError) Error() string {
	return fmt.Sprintf("calendar: invalid date %q: %s", e.Value, e.Reason)
}

// Unwrap returns ErrInvalidDate.
func (e *ParseError) Unwrap() error { return ErrInvalidDate }

func parseError(s, reason string) error {
	if len(s) > 64 {
		s = s[:64]
	}
	return &ParseError{Value: s, Reason: reason}
}

// NewDate returns the date year-month-day. Like time.Date it normalizes
// values outside their usual ranges: NewDate(2026, time.February, 29) is
// 2026-03-01 and day 0 is the last day of the previous month. A result
// outside 0001-01-01 .. 9999-12-31 is the zero (invalid) Date.
func NewDate(year int, month time.Month, day int) Date {
	// Normalize the month first so that days-from-civil sees 1..12.
	m := int(month) - 1
	year += m / 12
	m %= 12
	if m < 0 {
		m += 12
		year--
	}
	if year < -1_000_000 || year > 1_000_000 || day < -1_000_000_000 || day > 1_000_000_000 {
		return Date{}
	}
	return fromDays(daysFromCivil(int64(year), m+1, 1) + int64(day) - 1)
}

// MustParseDate is ParseDate for literals in tables and tests: it panics if
// s is not a valid date. Never call it on user input.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseDate parses an ISO 8601 calendar date in the extended format
// YYYY-MM-DD (the time package's layout "2006-01-02"), such as "2026-07-01".
// Anything else — another layout, a time of day, a sign, an out-of-range
// month or day — is a *ParseError matching ErrInvalidDate. Unlike NewDate,
// ParseDate never normalizes: "2026-02-29" is an error.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, parseError(s, "want YYYY-MM-DD")
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, parseError(s, "want YYYY-MM-DD")
	}
	if y == 0 {
		return Date{}, parseError(s, "year out of range")
	}
	if m < 1 || m > 12 {
		return Date{}, parseError(s, "month out of range")
	}
	if d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, parseError(s, "day out of range")
	}
	return fromDays(daysFromCivil(int64(y), m, d)), nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 0001-01-01 to y-m-d
// (Howard Hinnant's algorithm, shifted to the year 1).
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := int64((153*mp+2)/5 + d - 1)
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	// 719468 shifts 0000-03-01 to the Unix epoch; 719162 is 0001-01-01 to 1970-01-01.
	return era*146097 + doe - 719468 + 719162
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (int, time.Month, int) {
	z += 719468 - 719162
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := int(doy - (153*mp+2)/5 + 1)
	m := int(mp+2)%12 + 1
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), d
}

// fromDays turns a day count since 0001-01-01 into a Date, or the zero Date
// when it falls outside the representable range.
func fromDays(days int64) Date {
	n := days + 1
	if n < minN || n > maxN {
		return Date{}
	}
	return Date{n: int32(n)}
}

// IsZero reports whether d is the zero Date, which stands for "no date"
// (for example the exit of a trip that has not ended).
func (d Date) IsZero() bool { return d.n == 0 }

// IsValid reports whether d is a real calendar date. Only the zero Date is
// invalid: constructors never produce any other invalid value.
func (d Date) IsValid() bool { return d.n >= minN && d.n <= maxN }

// Date returns the year, month and day of d; all zero for the zero Date.
func (d Date) Date() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	return civilFromDays(int64(d.n) - 1)
}

// Year returns the year of d (0 for the zero Date).
func (d Date) Year() int { y, _, _ := d.Date(); return y }

// Month returns the month of d (0 for the zero Date).
func (d Date) Month() time.Month { _, m, _ := d.Date(); return m }

// Day returns the day of the month of d (0 for the zero Date).
func (d Date) Day() int { _, _, dd := d.Date(); return dd }

// Weekday returns the day of the week of d. The zero Date reports Sunday,
// like the zero time.Time's neighbour; check IsZero first when it matters.
func (d Date) Weekday() time.Weekday {
	if d.n == 0 {
		return time.Sunday
	}
	// 0001-01-01 (n == 1) was a Monday.
	return time.Weekday(d.n % 7)
}

// AddDays returns d plus n days (n may be negative). The zero Date, or a
// result outside the representable range, gives the zero Date.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return Date{}
	}
	return fromDays(int64(d.n) - 1 + int64(n))
}

// DaysSince returns the number of days from s to d: d.DaysSince(s) == n
// exactly when s.AddDays(n) == d. It is negative when d is before s.
func (d Date) DaysSince(s Date) int { return int(d.n) - int(s.n) }

// Compare returns -1 if d is before e, 0 if they are the same date and +1
// if d is after e. The zero Date sorts before every valid date.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// Equal reports whether d and e are the same date, like d == e. It exists
// so that github.com/google/go-cmp, which cannot see Date's unexported
// field, compares dates (and structs holding them) without options.
func (d Date) Equal(e Date) bool { return d.n == e.n }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// String returns d in ISO 8601 form, "2006-01-02". The zero Date prints as
// "0000-00-00", which ParseDate rejects.
func (d Date) String() string {
	var b [10]byte
	return string(d.appendISO(b[:0]))
}

// GoString implements fmt.GoStringer, so that %#v shows a date as Go
// code that makes it: calendar.MustParseDate("2026-07-01"), or
// calendar.Date{} for the zero Date.
func (d Date) GoString() string {
	if d.n == 0 {
		return "calendar.Date{}"
	}
	return `calendar.MustParseDate("` + d.String() + `")`
}

func (d Date) appendISO(b []byte) []byte {
	y, m, dd := d.Date()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+dd/10), byte('0'+dd%10))
}

// AppendText implements encoding.TextAppender.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d.n == 0 {
		return b, nil
	}
	return d.appendISO(b), nil
}

// MarshalText implements encoding.TextMarshaler: "2006-01-02", or empty
// text for the zero Date, so that JSON shows "" for "no date".
func (d Date) MarshalText() ([]byte, error) {
	return d.AppendText(make([]byte, 0, 10))
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts what
// ParseDate accepts, and empty text as the zero Date. On error d is left
// unchanged and the error is a *ParseError.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: the ISO 8601 text, which every SQL
// database casts to its DATE type, or NULL for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.n == 0 {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It accepts NULL (the zero Date), ISO 8601
// text as string or []byte, and a time.Time, of which it keeps the year,
// month and day as the driver reported them (drivers return DATE columns
// as midnight in UTC or in the session zone, never shifted). Text with a
// time part after the date ("2026-07-01 00:00:00", "2026-07-01T00:00:00Z"),
// as some drivers return for DATE columns, is accepted when that time is
// midnight.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		y, m, dd := v.Date()
		nd := NewDate(y, m, dd)
		if nd.IsZero() {
			return parseError(v.String(), "year out of range")
		}
		*d = nd
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return &ParseError{Value: fmt.Sprintf("%T", src), Reason: "cannot scan this type into a date"}
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		rest := s[11:]
		switch rest {
		case "00:00:00", "00:00:00Z", "00:00:00+00:00", "00:00:00+00", "00:00:00.000", "00:00:00.000Z":
			s = s[:10]
		}
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// In returns the instant at which d starts in loc (midnight, or the first
// instant of the day where a clock change skips midnight). It panics if loc
// is nil, like time.Date.
func (d Date) In(loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

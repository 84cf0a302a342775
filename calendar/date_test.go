package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // DateOf is checked against the IANA data, whatever the host has.
)

func TestDateAgreesWithTime(t *testing.T) {
	// Every day from 1899 to 2101 and a sample of the whole range: the
	// day-count arithmetic must agree with the time package.
	check := func(tm time.Time) {
		t.Helper()
		y, m, d := tm.Date()
		got := NewDate(y, m, d)
		gy, gm, gd := got.Date()
		if gy != y || gm != m || gd != d {
			t.Fatalf("NewDate(%d, %v, %d).Date() = %d, %v, %d", y, m, d, gy, gm, gd)
		}
		if got.Weekday() != tm.Weekday() {
			t.Fatalf("NewDate(%d, %v, %d).Weekday() = %v; want %v", y, m, d, got.Weekday(), tm.Weekday())
		}
		if want := tm.Format("2006-01-02"); got.String() != want {
			t.Fatalf("String() = %q; want %q", got.String(), want)
		}
	}
	for tm := time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2102; tm = tm.AddDate(0, 0, 1) {
		check(tm)
	}
	for tm := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 10000; tm = tm.AddDate(0, 0, 997) {
		check(tm)
	}
	check(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
}

func TestNewDateNormalizes(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2026, time.February, 29, "2026-03-01"},
		{2024, time.February, 29, "2024-02-29"},
		{2026, time.January, 0, "2025-12-31"},
		{2026, 13, 1, "2027-01-01"},
		{2026, 0, 1, "2025-12-01"},
		{2026, -11, 1, "2025-01-01"},
		{1, time.January, 1, "0001-01-01"},
		{9999, time.December, 31, "9999-12-31"},
	}
	for _, tt := range tests {
		if got := NewDate(tt.y, tt.m, tt.d).String(); got != tt.want {
			t.Errorf("NewDate(%d, %d, %d) = %s; want %s", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestNewDateOutOfRangeIsZero(t *testing.T) {
	for _, tt := range []struct {
		y, m, d int
	}{{0, 12, 31}, {10000, 1, 1}, {-5, 1, 1}, {1 << 40, 1, 1}, {2026, 1, 1 << 40}} {
		if got := NewDate(tt.y, time.Month(tt.m), tt.d); !got.IsZero() || got.IsValid() {
			t.Errorf("NewDate(%d, %d, %d) = %v; want the zero Date", tt.y, tt.m, tt.d, got)
		}
	}
}

func TestZeroDate(t *testing.T) {
	var z Date
	if !z.IsZero() || z.IsValid() {
		t.Errorf("Date{}: IsZero = %v, IsValid = %v; want true, false", z.IsZero(), z.IsValid())
	}
	if got := z.AddDays(5); !got.IsZero() {
		t.Errorf("Date{}.AddDays(5) = %v; want zero", got)
	}
	if got := z.String(); got != "0000-00-00" {
		t.Errorf("Date{}.String() = %q; want 0000-00-00", got)
	}
	if b, _ := z.MarshalText(); len(b) != 0 {
		t.Errorf("Date{}.MarshalText() = %q; want empty", b)
	}
	if v, _ := z.Value(); v != nil {
		t.Errorf("Date{}.Value() = %v; want nil", v)
	}
	if !z.Before(MustParseDate("0001-01-01")) {
		t.Error("the zero Date should sort before 0001-01-01")
	}
	if got := MustParseDate("9999-12-31").AddDays(1); !got.IsZero() {
		t.Errorf("9999-12-31 + 1 = %v; want zero", got)
	}
	if got := MustParseDate("0001-01-01").AddDays(-1); !got.IsZero() {
		t.Errorf("0001-01-01 - 1 = %v; want zero", got)
	}
}

func TestParseDate(t *testing.T) {
	good := []string{"2026-07-01", "2024-02-29", "0001-01-01", "9999-12-31", "2000-02-29"}
	for _, s := range good {
		d, err := ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v; want %s, nil", s, d, err, s)
		}
	}
	bad := []struct{ give, reason string }{
		{"", "want YYYY-MM-DD"},
		{"2026-7-1", "want YYYY-MM-DD"},
		{"2026/07/01", "want YYYY-MM-DD"},
		{"01.07.2026", "want YYYY-MM-DD"},
		{"2026-07-01T00:00:00Z", "want YYYY-MM-DD"},
		{"+026-07-01", "want YYYY-MM-DD"},
		{"2026-0a-01", "want YYYY-MM-DD"},
		{"0000-01-01", "year out of range"},
		{"2026-00-01", "month out of range"},
		{"2026-13-01", "month out of range"},
		{"2026-02-29", "day out of range"},
		{"1900-02-29", "day out of range"},
		{"2026-04-31", "day out of range"},
		{"2026-01-00", "day out of range"},
	}
	for _, tt := range bad {
		d, err := ParseDate(tt.give)
		var pe *ParseError
		if !errors.Is(err, ErrInvalidDate) || !errors.As(err, &pe) || pe.Reason != tt.reason {
			t.Errorf("ParseDate(%q) = %v, %v; want a *ParseError with reason %q", tt.give, d, err, tt.reason)
		}
	}
}

func TestArithmetic(t *testing.T) {
	a := MustParseDate("2026-07-01")
	b := MustParseDate("2026-07-30")
	if got := b.DaysSince(a); got != 29 {
		t.Errorf("%v.DaysSince(%v) = %d; want 29", b, a, got)
	}
	if got := a.AddDays(29); got != b {
		t.Errorf("%v.AddDays(29) = %v; want %v", a, got, b)
	}
	if got := b.AddDays(-29); got != a {
		t.Errorf("%v.AddDays(-29) = %v; want %v", b, got, a)
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("Compare is not a total order on %v, %v", a, b)
	}
	if !a.Before(b) || a.After(b) || !b.After(a) {
		t.Errorf("Before/After disagree for %v, %v", a, b)
	}
	if y, m, d := a.Year(), a.Month(), a.Day(); y != 2026 || m != time.July || d != 1 {
		t.Errorf("Year, Month, Day = %d, %v, %d; want 2026, July, 1", y, m, d)
	}
}

func TestJSON(t *testing.T) {
	type trip struct {
		Entry Date `json:"entry"`
		Exit  Date `json:"exit"`
	}
	in := trip{Entry: MustParseDate("2026-07-01")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"entry":"2026-07-01","exit":""}`; string(b) != want {
		t.Errorf("json.Marshal = %s; want %s", b, want)
	}
	var out trip
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", b, out, err, in)
	}
	err = json.Unmarshal([]byte(`{"entry":"2026-02-30"}`), &out)
	if !errors.Is(err, ErrInvalidDate) {
		t.Errorf("json.Unmarshal of 2026-02-30: err = %v; want ErrInvalidDate", err)
	}
}

func TestSQL(t *testing.T) {
	d := MustParseDate("2026-07-01")
	v, err := d.Value()
	if err != nil || v != "2026-07-01" {
		t.Errorf("Value() = %v, %v; want 2026-07-01", v, err)
	}
	almaty := time.FixedZone("+06", 6*3600)
	for _, src := range []any{
		"2026-07-01", []byte("2026-07-01"), "2026-07-01 00:00:00", "2026-07-01T00:00:00Z",
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, almaty),
	} {
		var got Date
		if err := got.Scan(src); err != nil || got != d {
			t.Errorf("Scan(%#v) = %v, %v; want %v", src, got, err, d)
		}
	}
	var got Date = d
	if err := got.Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %v, %v; want zero", got, err)
	}
	for _, src := range []any{42, "2026-07-01 12:00:00", "July 1", 3.5} {
		got := d
		if err := got.Scan(src); !errors.Is(err, ErrInvalidDate) || got != d {
			t.Errorf("Scan(%#v) = %v, %v; want ErrInvalidDate and no change", src, got, err)
		}
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		give time.Time
		want string
	}{
		// Since 1 March 2024: UTC+5 everywhere.
		{time.Date(2026, 6, 30, 18, 59, 59, 0, time.UTC), "2026-06-30"},
		{time.Date(2026, 6, 30, 19, 0, 0, 0, time.UTC), "2026-07-01"},
		// Before: Asia/Almaty, UTC+6 from 2005.
		{time.Date(2024, 2, 28, 17, 59, 59, 0, time.UTC), "2024-02-28"},
		{time.Date(2024, 2, 28, 18, 0, 0, 0, time.UTC), "2024-02-29"},
		// The switch itself: 2024-02-29 18:00 UTC is 2024-03-01 00:00 (+06
		// would have said the same day; +05 gives 23:00 on the 29th before it).
		{time.Date(2024, 2, 29, 17, 59, 59, 0, time.UTC), "2024-02-29"},
		{time.Date(2024, 2, 29, 18, 0, 0, 0, time.UTC), "2024-02-29"},
		{time.Date(2024, 2, 29, 19, 0, 0, 0, time.UTC), "2024-03-01"},
		// Summer time of 2004 (+07).
		{time.Date(2004, 7, 1, 17, 0, 0, 0, time.UTC), "2004-07-02"},
		// The instant's own location does not matter.
		{time.Date(2026, 7, 1, 0, 30, 0, 0, time.FixedZone("+05", 5*3600)), "2026-07-01"},
		{time.Date(2026, 6, 30, 20, 0, 0, 0, time.FixedZone("-04", -4*3600)), "2026-07-01"},
		{time.Time{}, "0000-00-00"},
	}
	for _, tt := range tests {
		if got := DateOf(tt.give).String(); got != tt.want {
			t.Errorf("DateOf(%v) = %s; want %s", tt.give, got, tt.want)
		}
	}
}

// TestDateOfMatchesTZData checks the embedded offsets against the IANA
// Asia/Almaty zone up to 2024 and Asia/Qyzylorda-style +05 after, hour by hour
// around every transition and at noon of every day from 1970 to 2030.
func TestDateOfMatchesTZData(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatalf("time/tzdata is embedded, yet: %v", err)
	}
	check := func(u time.Time) {
		t.Helper()
		y, m, d := u.In(loc).Date()
		if got, want := DateOf(u), NewDate(y, m, d); got != want {
			t.Fatalf("DateOf(%v) = %v; Asia/Almaty says %v", u, got, want)
		}
	}
	for u := time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC); u.Year() < 2040; u = u.Add(time.Hour) {
		check(u)
	}
	for _, tr := range almatyTransitions[1:] {
		at := time.Unix(tr.at, 0)
		check(at.Add(-time.Second))
		check(at)
	}
}

// TestGoString: %#v shows a date as the Go code that makes it, alone and
// inside a struct, not the internal day count.
func TestGoString(t *testing.T) {
	type trip struct{ Entry, Exit Date }
	tests := []struct {
		give any
		want string
	}{
		{MustParseDate("2026-07-01"), `calendar.MustParseDate("2026-07-01")`},
		{Date{}, `calendar.Date{}`},
		{trip{Entry: MustParseDate("2026-07-01")}, `calendar.trip{Entry:calendar.MustParseDate("2026-07-01"), Exit:calendar.Date{}}`},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf("%#v", tt.give); got != tt.want {
			t.Errorf("Sprintf(%%#v, %v) = %s; want %s", tt.give, got, tt.want)
		}
	}
}

package calendar

import (
	"errors"
	"testing"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-07-01", "0001-01-01", "9999-12-31", "2024-02-29", "2026-02-29", "", "2026-7-1", "２０２６-07-01", "2026-07-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("ParseDate(%q) error %v does not match ErrInvalidDate", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with an error; want the zero Date", s, d)
			}
			return
		}
		if !d.IsValid() || d.String() != s {
			t.Fatalf("ParseDate(%q) = %v; it does not round-trip", s, d)
		}
	})
}

func FuzzUnmarshalText(f *testing.F) {
	for _, s := range []string{"2026-07-01", "", "1999-12-31", "2026-13-01", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if err := d.UnmarshalText(b); err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("UnmarshalText(%q) error %v does not match ErrInvalidDate", b, err)
			}
			return
		}
		out, err := d.MarshalText()
		if err != nil || string(out) != string(b) {
			t.Fatalf("UnmarshalText(%q) then MarshalText = %q, %v; want a round trip", b, out, err)
		}
	})
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"2026-07-01", "2026-07-01 00:00:00", "2026-07-01T00:00:00Z", "2026-07-01 12:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Date
		if err := d.Scan(s); err != nil {
			return
		}
		if len(s) < 10 || d.String() != s[:10] {
			t.Fatalf("Scan(%q) = %v; it should keep the date part", s, d)
		}
	})
}

package store

import (
	"errors"
	"strings"
	"testing"
)

// FuzzCursorParts: decoding never panics, rejects with ErrInvalid, and
// what it accepts encodes back to a cursor with the same parts.
func FuzzCursorParts(f *testing.F) {
	f.Add(string(NewCursor("r-0001")), 1)
	f.Add(string(NewCursor("2026-07-07", "host_answer", "f_x", "r-0001")), 4)
	f.Add("!!!", 1)
	f.Add("", 1)
	f.Fuzz(func(t *testing.T, c string, n int) {
		if n < 0 || n > 8 {
			return
		}
		parts, err := Cursor(c).Parts(n)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Cursor(%q).Parts(%d) error %v does not match ErrInvalid", c, n, err)
			}
			return
		}
		again, err := NewCursor(parts...).Parts(n)
		if err != nil || strings.Join(again, "\x00") != strings.Join(parts, "\x00") {
			t.Fatalf("round trip of %q = %q, %v", parts, again, err)
		}
	})
}

func TestCursorParts(t *testing.T) {
	c := NewCursor("2026-07-07", "host_answer", "f_x", "r-1")
	got, err := c.Parts(4)
	if err != nil || strings.Join(got, "|") != "2026-07-07|host_answer|f_x|r-1" {
		t.Errorf("Parts(4) = %q, %v; want the four parts", got, err)
	}
	if _, err := c.Parts(3); !errors.Is(err, ErrInvalid) {
		t.Errorf("Parts(3) of a four-part cursor: err = %v; want ErrInvalid", err)
	}
}

package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
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

// TestCheckInstantBounds holds the check to its definition, years 1 to
// 9999 in UTC, at the nanoseconds on either side of each bound and in a
// zone where the local year differs from the UTC one.
func TestCheckInstantBounds(t *testing.T) {
	plus5 := time.FixedZone("+05", 5*60*60)
	tests := []struct {
		at   time.Time
		want bool // valid
	}{
		{time.Time{}, true}, // zero: not set
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Add(-1), false},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), true},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(1, 1, 1, 4, 0, 0, 0, plus5), false},    // year 0 in UTC
		{time.Date(10000, 1, 1, 4, 0, 0, 0, plus5), true}, // 9999 in UTC
		{time.Date(2026, 7, 1, 10, 0, 0, 0, plus5), true},
		{time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(292277026596, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		err := checkInstant("at", tt.at)
		if got := err == nil; got != tt.want {
			t.Errorf("checkInstant(%v) = %v; want valid %v", tt.at, err, tt.want)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("checkInstant(%v) = %v; want ErrInvalid", tt.at, err)
		}
	}
}

// TestDeadlineValidateKind checks that only the defined kinds are kept.
func TestDeadlineValidateKind(t *testing.T) {
	for k := 0; k <= len(deadlineKindNames)+1; k++ {
		d := Deadline{DeadlineKey: DeadlineKey{Kind: DeadlineKind(k), Foreigner: "f_1"}, Due: calendar.NewDate(2026, 7, 31)}
		_, parseErr := ParseDeadlineKind(d.Kind.String())
		err := d.Validate()
		if (err == nil) != (parseErr == nil) {
			t.Errorf("Deadline{Kind: %d}.Validate() = %v; want valid %v (the kind's name parses: %v)", k, err, parseErr == nil, parseErr)
		}
	}
}

// TestCheckNewRegistrationFirstEvent: a new registration's log must begin
// with its submission, data included, or no store could rebuild it.
func TestCheckNewRegistrationFirstEvent(t *testing.T) {
	r := registration.Registration{ID: "r-1", Foreigner: "f-1", Version: 1}
	sub := &registration.Submission{ID: "r-1"}
	tests := []struct {
		name  string
		first registration.Event
		want  error
	}{
		{"a submission with its data", registration.Event{Registration: "r-1", Seq: 1, Type: registration.EventSubmitted, Submission: sub}, nil},
		{"a submission without its data", registration.Event{Registration: "r-1", Seq: 1, Type: registration.EventSubmitted}, ErrInvalid},
		{"another event first", registration.Event{Registration: "r-1", Seq: 1, Type: registration.EventConfirmed, Submission: sub}, ErrInvalid},
		{"another registration's submission", registration.Event{Registration: "r-1", Seq: 1, Type: registration.EventSubmitted, Submission: &registration.Submission{ID: "r-2"}}, ErrInvalid},
		{"out of sequence", registration.Event{Registration: "r-1", Seq: 2, Type: registration.EventSubmitted, Submission: sub}, ErrConflict},
	}
	for _, tt := range tests {
		err := CheckNewRegistration(r, []registration.Event{tt.first})
		if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: CheckNewRegistration(%+v) = %v; want %v", tt.name, tt.first, err, tt.want)
		}
	}
}

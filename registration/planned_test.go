package registration

import (
	"errors"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// TestPlannedEnd: a booking's planned end is checked at submission
// against the stay limits, and caps how long the registration lasts.
func TestPlannedEnd(t *testing.T) {
	// An Uzbek guest (30 days per visit) who entered on 1 July 2026 and
	// whose hotel files on 3 July: the latest lawful exit is 30 July.
	tests := []struct {
		name        string
		planned     string // "" for none
		expiry      string // the passport's expiry; "" for the sample's
		earlier     []stay.Trip
		wantUntil   string // the registration's valid-until date
		wantProblem Code   // a problem of "planned_end"
		wantLatest  string // a refusal's LatestExit
	}{
		{"no planned end", "", "", nil, "2026-07-30", "", ""},
		{"a week", "2026-07-08", "", nil, "2026-07-08", "", ""},
		{"ends today", "2026-07-03", "", nil, "2026-07-03", "", ""},
		{"to the last lawful day", "2026-07-30", "", nil, "2026-07-30", "", ""},
		{"a day too long", "2026-07-31", "", nil, "", "", "2026-07-30"},
		{"a month too long", "2026-08-30", "", nil, "", "", "2026-07-30"},
		{"the passport expires first", "2026-07-20", "2026-07-15", nil, "2026-07-15", "", ""},
		{"before the entry", "2026-06-30", "", nil, "", CodeBeforeEntry, ""},
		{"already over", "2026-07-02", "", nil, "", CodeInPast, ""},
		// 80 days of the 90 in 180 used before: 10 days left from 1 July.
		{"the 90/180 window ends first", "2026-07-20", "", []stay.Trip{{Entry: d("2026-04-01"), Exit: d("2026-06-19")}}, "", "", "2026-07-10"},
	}
	rb := DefaultRulebook()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sampleSubmission(t, "r-1", "2026-07-01")
			s.Host, s.Place = sampleHotel(t), Hotel
			s = s.WithIDs(demo)
			if tt.planned != "" {
				s.PlannedEnd = d(tt.planned)
			}
			if tt.expiry != "" {
				s.Person.Document.Expiry = d(tt.expiry)
				s = s.WithIDs(demo)
			}
			r, _, err := rb.Submit(s, tt.earlier, HostActor(s.HostID), at("2026-07-03"))
			var ve *ValidationError
			var re *RefusalError
			switch {
			case tt.wantProblem != "":
				if !errors.As(err, &ve) || !ve.Has("planned_end", tt.wantProblem) {
					t.Errorf("planned end %s: err = %v; want planned_end: %s", tt.planned, err, tt.wantProblem)
				}
			case tt.wantLatest != "":
				if !errors.As(err, &re) || !errors.Is(err, ErrRefused) || re.Ground != StayLimitViolation ||
					re.LatestExit != d(tt.wantLatest) || re.PlannedEnd != d(tt.planned) {
					t.Errorf("planned end %s: err = %#v; want a refusal with the latest exit %s", tt.planned, err, tt.wantLatest)
				}
			case err != nil:
				t.Errorf("planned end %s: err = %v", tt.planned, err)
			case r.ValidUntil != d(tt.wantUntil) || r.PlannedEnd != s.PlannedEnd:
				t.Errorf("planned end %s: valid until %v, planned %v; want until %s", tt.planned, r.ValidUntil, r.PlannedEnd, tt.wantUntil)
			}
		})
	}
}

func TestCapPlanned(t *testing.T) {
	for _, tt := range []struct{ until, planned, want string }{
		{"2026-07-30", "", "2026-07-30"},
		{"2026-07-30", "2026-07-08", "2026-07-08"},
		{"2026-07-30", "2026-08-08", "2026-07-30"},
	} {
		var planned calendar.Date
		if tt.planned != "" {
			planned = d(tt.planned)
		}
		if got := CapPlanned(d(tt.until), planned); got != d(tt.want) {
			t.Errorf("CapPlanned(%s, %q) = %v; want %s", tt.until, tt.planned, got, tt.want)
		}
	}
}

// TestPlannedEndProperty: for any earlier trip and any planned end, a
// hotel's check-in is refused exactly when the planned end is past the
// stay engine's latest exit (with that date), and otherwise lasts until
// the earlier of the two.
func TestPlannedEndProperty(t *testing.T) {
	rb := DefaultRulebook()
	s := sampleSubmission(t, "r-1", "2026-07-01")
	s.Host, s.Place = sampleHotel(t), Hotel
	s = s.WithIDs(demo)
	regime, err := rb.Regime(s.Person.Citizenship, s.Entry)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		earlierEntry := d("2026-03-01").AddDays(rapid.IntRange(0, 100).Draw(t, "earlier entry"))
		exit := earlierEntry.AddDays(rapid.IntRange(0, 89).Draw(t, "earlier days"))
		if exit.After(d("2026-06-30")) {
			exit = d("2026-06-30")
		}
		earlier := stay.Trip{Entry: earlierEntry, Exit: exit}
		latest, err := rb.StayPolicy.LatestExit([]stay.Trip{earlier}, regime, s.Entry)
		if err != nil {
			t.Skip("no lawful day at all")
		}
		// A planned end near the latest exit, where the rule turns, but
		// not before the day of filing.
		sub := s
		sub.PlannedEnd = latest.AddDays(rapid.IntRange(-5, 5).Draw(t, "planned from the latest exit"))
		if sub.PlannedEnd.Before(d("2026-07-03")) {
			sub.PlannedEnd = d("2026-07-03")
		}
		r, _, err := rb.Submit(sub, []stay.Trip{earlier}, HostActor(sub.HostID), at("2026-07-03"))
		var re *RefusalError
		switch {
		case latest.Before(d("2026-07-03")):
			// In breach on the day of filing already: refused before the
			// planned end is looked at.
			if !errors.As(err, &re) {
				t.Fatalf("in breach: err = %v; want a refusal", err)
			}
		case sub.PlannedEnd.After(latest):
			if !errors.As(err, &re) || re.LatestExit != latest || re.PlannedEnd != sub.PlannedEnd {
				t.Fatalf("planned %v, latest exit %v: err = %v; want refused with the latest exit", sub.PlannedEnd, latest, err)
			}
		default:
			if err != nil || r.ValidUntil != sub.PlannedEnd {
				t.Fatalf("planned %v, latest exit %v: valid until %v, %v; want the planned end", sub.PlannedEnd, latest, r.ValidUntil, err)
			}
		}
	})
}

package registration

import (
	"errors"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
)

func TestAgeOn(t *testing.T) {
	tests := []struct {
		birth, on string
		want      int
	}{
		{"2008-07-01", "2026-07-01", 18}, // the 18th birthday
		{"2008-07-02", "2026-07-01", 17}, // the day before it
		{"2008-02-29", "2026-02-28", 17}, // born on 29 February: not on the 28th
		{"2008-02-29", "2026-03-01", 18}, // but on 1 March
		{"2008-02-29", "2028-02-29", 20}, // and on the 29th when there is one
		{"2026-07-01", "2026-07-01", 0},  // born today
		{"2026-07-02", "2026-07-01", 0},  // not yet born
		{"1950-12-31", "2026-07-01", 75},
	}
	for _, tt := range tests {
		if got := AgeOn(d(tt.birth), d(tt.on)); got != tt.want {
			t.Errorf("AgeOn(%s, %s) = %d; want %d", tt.birth, tt.on, got, tt.want)
		}
	}
}

// TestAgeOnOracle checks AgeOn against time.Time's calendar: the age is
// the number of birthdays passed, a birthday being time.AddDate's
// (which puts 29 February on 1 March in a year without it).
func TestAgeOnOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		birth := calendar.NewDate(rapid.IntRange(1900, 2030).Draw(t, "by"), time.Month(rapid.IntRange(1, 12).Draw(t, "bm")), rapid.IntRange(1, 31).Draw(t, "bd"))
		on := birth.AddDays(rapid.IntRange(-400, 40000).Draw(t, "days"))
		bt, ot := time.Date(birth.Year(), birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC), time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)
		want := 0
		for bt.AddDate(want+1, 0, 0).Compare(ot) <= 0 {
			want++
		}
		if got := AgeOn(birth, on); got != want {
			t.Fatalf("AgeOn(%v, %v) = %d; want %d", birth, on, got, want)
		}
	})
}

func TestMinorNeedsGuardian(t *testing.T) {
	tests := []struct {
		name     string
		birth    string
		entry    string
		guardian ID
		policy   *MinorPolicy // nil: the default rules
		want     []Problem
	}{
		{name: "a child of 9 alone", birth: "2017-03-08", entry: "2026-07-01", want: []Problem{{"guardian", CodeRequired}}},
		{name: "a child of 9 beside a guardian", birth: "2017-03-08", entry: "2026-07-01", guardian: "r-parent"},
		{name: "17 on entry, 18 on submission", birth: "2008-07-02", entry: "2026-07-01", want: []Problem{{"guardian", CodeRequired}}},
		{name: "18 on entry", birth: "2008-07-01", entry: "2026-07-01"},
		{name: "before order 923: no rule", birth: "2017-03-08", entry: "2026-06-25"},
		{name: "the rule turned off", birth: "2017-03-08", entry: "2026-07-01", policy: &MinorPolicy{}},
		{name: "under 16 as the rule", birth: "2010-03-08", entry: "2026-07-01", policy: &MinorPolicy{Age: 16}},
		{name: "its own guardian", birth: "2017-03-08", entry: "2026-07-01", guardian: "r-1", want: []Problem{{"guardian", CodeInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := DefaultRulebook()
			if tt.policy != nil {
				for i := range rb.Rules {
					rb.Rules[i].Minors = *tt.policy
				}
			}
			s := sampleSubmission(t, "r-1", tt.entry)
			s.Person.BirthDate, s.Guardian = d(tt.birth), tt.guardian
			s = s.WithIDs(demo)
			r, _, err := rb.Submit(s, nil, ForeignerActor(s.Foreigner), at("2026-07-02"))
			t.Logf("input: born %s, entry %s, guardian %q, policy %v; got %v, %v", tt.birth, tt.entry, tt.guardian, tt.policy, r, err)
			var ve *ValidationError
			var got []Problem
			if errors.As(err, &ve) {
				got = ve.Problems
			} else if err != nil {
				t.Fatalf("err = %v; want nil or a *ValidationError", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems = %v; want %v", got, tt.want)
			}
			if err == nil && r.Guardian != tt.guardian {
				t.Errorf("the registration's guardian = %q; want %q", r.Guardian, tt.guardian)
			}
		})
	}
}

func TestMemberFieldLabels(t *testing.T) {
	m := NewMessages()
	tests := []struct{ path, want string }{
		{"members[2].guardian", "Участник 3: Родитель или опекун"},
		{"members[0].person.document.number", "Участник 1: Номер документа"},
		{"members[0]", "Участник 1"},
		{"members", "Участники группы"},
		{"members[x].guardian", "members[x].guardian"},
		{"guardian", "Родитель или опекун"},
	}
	for _, tt := range tests {
		if got := m.Field(msgRU, tt.path); got != tt.want {
			t.Errorf("Field(ru, %q) = %q; want %q", tt.path, got, tt.want)
		}
	}
}

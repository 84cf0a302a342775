package registrationtest

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
)

// TestGeneratorsAreValid: everything the generators draw passes the
// domain's validation, so users' property suites start from valid data.
func TestGeneratorsAreValid(t *testing.T) {
	entry := calendar.NewDate(2026, 7, 1)
	rapid.Check(t, func(t *rapid.T) {
		p := Person().Draw(t, "person")
		s := Submission(p, entry).Draw(t, "submission")
		s.ID = "r-1"
		if err := s.Validate(); err != nil {
			t.Fatalf("a generated submission is invalid: %v", err)
		}
		trips := Trips(entry, 6).Draw(t, "trips")
		for i := 1; i < len(trips); i++ {
			if !trips[i].Entry.After(trips[i-1].Exit) {
				t.Fatalf("trips %v overlap", trips)
			}
		}
	})
}

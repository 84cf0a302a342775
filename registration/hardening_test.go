package registration

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/registration/stay"
)

// Regression tests of issue 20: inputs an adversarial run got past the
// domain's checks.

// TestInvisibleCharactersRefused: characters that display as nothing
// passed into streets and host names, and so onto certificates.
func TestInvisibleCharactersRefused(t *testing.T) {
	hidden := []string{"\u200b", "\u2028", "\ufeff", "\u00ad", "\U000E0041", "\u2060", "\u3164"}
	for _, h := range hidden {
		for _, tt := range []struct {
			path string
			set  func(*Submission, string)
		}{
			{"address.street", func(s *Submission, v string) { s.Address.Street = "Abai" + v + " avenue" }},
			{"host.name", func(s *Submission, v string) { s.Host.Name = "Hotel" + v + " Astana" }},
			{"person.surname", func(s *Submission, v string) { s.Person.Surname = "IVANOV" + v }},
		} {
			s := sampleSubmission(t, "r-1", "2026-07-01")
			tt.set(&s, h)
			err := s.Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) || !ve.Has(tt.path, CodeInvalid) {
				t.Errorf("%s with %+q: Validate() = %v; want %s: invalid", tt.path, h, err, tt.path)
			}
		}
	}
}

func TestCheckEntry(t *testing.T) {
	trips := []stay.Trip{{Entry: d("2026-09-01"), Exit: d("2026-09-10")}, {Entry: d("2026-10-01"), Exit: d("2026-10-05")}}
	open := append(trips[:2:2], stay.Trip{Entry: d("2026-11-01")})
	tests := []struct {
		trips    []stay.Trip
		entry    string
		recorded bool
		overlaps bool
	}{
		{trips, "2026-09-01", true, false},
		{trips, "2026-10-06", false, false},
		{trips, "2026-10-05", false, true}, // the day of an exit
		{trips, "2026-09-05", false, true}, // inside a trip
		{trips, "2026-08-25", false, true}, // before a recorded trip (issue 20, defect 2)
		{trips, "2026-09-20", false, true}, // between two recorded trips
		{open, "2026-11-01", true, false},
		{open, "2026-11-03", false, true}, // while a trip is open
		{nil, "2026-01-01", false, false},
	}
	for _, tt := range tests {
		recorded, err := CheckEntry(tt.trips, d(tt.entry))
		var ve *ValidationError
		overlaps := errors.As(err, &ve) && ve.Has("entry", CodeOverlapsTrip)
		if recorded != tt.recorded || overlaps != tt.overlaps || (err != nil) != tt.overlaps {
			t.Errorf("CheckEntry(%v, %s) = %v, %v; want recorded %v, overlaps %v", tt.trips, tt.entry, recorded, err, tt.recorded, tt.overlaps)
		}
	}
}

// TestVisitOnAVisaIsHistory: a trip before the citizenship's visa-free
// regime (an Uzbek citizen in June 2022) is not judged, and never makes
// Assess fail on a later date (issue 20, defect 1).
func TestVisitOnAVisaIsHistory(t *testing.T) {
	rb := DefaultRulebook()
	p := samplePerson()
	h := History{Person: p, Trips: []stay.Trip{{Entry: d("2022-06-01"), Exit: d("2022-06-10")}, {Entry: d("2026-07-01")}}}
	for _, on := range []string{"2022-06-05", "2022-07-01", "2026-07-02"} {
		if _, err := rb.Assess(h, d(on)); err != nil {
			t.Errorf("Assess(%v, %s) = %v; want no error", h.Trips, on, err)
		}
	}
}

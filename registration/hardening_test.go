package registration

import (
	"errors"
	"testing"
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

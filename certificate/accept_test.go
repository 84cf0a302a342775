package certificate

import (
	"errors"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/registration"
)

// TestAcceptedSubmissionsCertify: every submission the registration
// package accepts can be certified once confirmed. Its texts are drawn to
// include what either side might refuse (white space only, controls, bidi
// controls, U+2028, U+FFFD, invalid UTF-8, long text): a submission that
// passes the domain's checks and fails the certificate's would be a
// request no host could ever confirm.
func TestAcceptedSubmissionsCertify(t *testing.T) {
	iss := testIssuer(t, "k1", 1)
	base := sampleSubmission(t)
	text := rapid.OneOf(
		rapid.SampledFrom([]string{"", " ", "\t", "\u00a0", "\u0085", "\u2028", "\u202e", "\u061c", "\ufffd", "\x00", "\xff"}),
		rapid.StringMatching(`[A-Za-z' -]{1,12}`),
		rapid.StringMatching(`[а-яА-ЯәіңғүұқөһЁё №.,/ -]{1,16}`),
		rapid.StringMatching(`[a-zA-Zа-я0-9 \t\x00-\x1f\x7f-\x{a0}\x{61c}\x{200e}\x{202a}-\x{202e}\x{2028}\x{2066}-\x{2069}\x{fffd}-]{0,12}`),
		rapid.StringN(190, 260, -1),
		rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
	)
	fields := []struct {
		name string
		set  func(*registration.Submission, string)
	}{
		{"surname", func(s *registration.Submission, v string) { s.Person.Surname = v }},
		{"given names", func(s *registration.Submission, v string) { s.Person.GivenNames = v }},
		{"Cyrillic surname", func(s *registration.Submission, v string) { s.Person.CyrillicSurname = v }},
		{"Cyrillic given names", func(s *registration.Submission, v string) { s.Person.CyrillicGivenNames = v }},
		{"Cyrillic patronymic", func(s *registration.Submission, v string) { s.Person.CyrillicPatronymic = v }},
		{"document number", func(s *registration.Submission, v string) { s.Person.Document.Number = v }},
		{"region", func(s *registration.Submission, v string) { s.Address.Region = v }},
		{"locality", func(s *registration.Submission, v string) { s.Address.Locality = v }},
		{"street", func(s *registration.Submission, v string) { s.Address.Street = v }},
		{"building", func(s *registration.Submission, v string) { s.Address.Building = v }},
		{"unit", func(s *registration.Submission, v string) { s.Address.Unit = v }},
		{"KATO", func(s *registration.Submission, v string) { s.Address.KATO = v }},
		{"host name", func(s *registration.Submission, v string) { s.Host.Name = v }},
	}
	// One field at a time, each over its own checks, so that most
	// submissions stay valid but for the field under test.
	for _, f := range fields {
		accepted := 0
		rapid.Check(t, func(t *rapid.T) {
			s := base
			f.set(&s, text.Draw(t, f.name))
			r, _, err := registration.Submit(s, registration.ForeignerActor(s.Foreigner), at("2026-07-03", 9, 0), d("2026-07-08"), d("2026-07-30"))
			if err != nil {
				if !errors.Is(err, registration.ErrInvalid) {
					t.Fatalf("Submit: %v; want a validation error or none", err)
				}
				return
			}
			accepted++
			r, _, err = r.Confirm(registration.HostActor(r.HostID), d("2026-07-30"), at("2026-07-03", 18, 0))
			if err != nil {
				t.Fatalf("Confirm: %v", err)
			}
			c, err := iss.Issue(r, at("2026-07-03", 18, 0))
			if err == nil {
				_, err = c.Token()
			}
			if err != nil {
				t.Fatalf("%s: accepted by the domain, but cannot be certified: %v", f.name, err)
			}
		})
		if accepted == 0 {
			t.Errorf("%s: no submission was accepted; the test checks nothing", f.name)
		}
	}
}

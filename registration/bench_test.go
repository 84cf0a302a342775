package registration

import (
	"testing"

	"github.com/migreg/migreg/registration/stay"
)

// BenchmarkRulebookSubmit is the domain's share of a submit: every check
// of the submission under the rules in force, the deadlines, and the
// registration started from its first event.
func BenchmarkRulebookSubmit(b *testing.B) {
	rb := DefaultRulebook()
	s := sampleSubmission(b, "r-1", "2026-07-01")
	by := ForeignerActor(fid(s.Person))
	now := at("2026-07-02")
	trips := []stay.Trip{{Entry: s.Entry}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rb.Submit(s, trips, by, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDossierConfirm is the domain's share of a confirm: the
// transition, through the foreigner's dossier.
func BenchmarkDossierConfirm(b *testing.B) {
	r := pending(b)
	dos := Dossier{Foreigner: r.Foreigner, Registrations: []Registration{r}}
	host := HostActor(r.HostID)
	cmd := Confirm{ValidUntil: d("2026-07-30")}
	now := at("2026-07-03")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dos.Apply(r.ID, host, cmd, now); err != nil {
			b.Fatal(err)
		}
	}
}

package registration

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg/registration/stay"
	"pgregory.net/rapid"
)

// TestAppendSubmitIsSubmit holds AppendSubmit to Submit on random
// submissions, valid or not, by every kind of actor: the same registration
// and error, the same events appended after what the caller's slice held
// (which stays as it was), written into its room when there is enough,
// and a first event that refers to the caller's submission itself.
func TestAppendSubmitIsSubmit(t *testing.T) {
	rb := DefaultRulebook()
	rapid.Check(t, func(rt *rapid.T) {
		// Each choice is mostly valid, so that most submissions pass.
		s := sampleSubmission(t, ID(rapid.SampledFrom([]string{"r-1", "r-2", "r-3", "", "r\x00"}).Draw(rt, "id")), "2026-07-01")
		if rapid.Bool().Draw(rt, "hotel") {
			s.Host = sampleHotel(t)
		}
		if rapid.IntRange(0, 5).Draw(rt, "blank surname") == 0 {
			s.Person.Surname = ""
		}
		s.Person.Citizenship = rapid.SampledFrom([]string{"UZB", "UZB", "RUS", "KAZ", "AFG", "XXX"}).Draw(rt, "citizenship")
		s.Entry = s.Entry.AddDays(rapid.IntRange(-100, 3).Draw(rt, "entry shift"))
		var trips []stay.Trip
		if rapid.Bool().Draw(rt, "earlier trip") {
			trips = []stay.Trip{{Entry: d("2026-03-01"), Exit: d("2026-05-20")}}
		}
		by := rapid.SampledFrom([]Actor{
			ForeignerActor(s.Person.ID()), ForeignerActor(s.Person.ID()), HostActor(s.Host.ID()), HostActor("h_other"), System(),
		}).Draw(rt, "actor")
		when := at("2026-07-02").Add(time.Duration(rapid.IntRange(0, 48).Draw(rt, "hours")) * time.Hour)

		wantReg, wantEvs, wantErr := rb.Submit(s, slices.Clone(trips), by, when)

		prefix := []Event{{Registration: "other", Seq: 3, Type: EventConfirmed}}
		room := rapid.IntRange(0, 3).Draw(rt, "room")
		buf := append(make([]Event, 0, len(prefix)+room), prefix...)
		sub := s
		gotReg, gotEvs, gotErr := rb.AppendSubmit(buf, &sub, slices.Clone(trips), by, when)

		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			rt.Fatalf("AppendSubmit error %v; Submit's %v", gotErr, wantErr)
		}
		if diff := cmp.Diff(s, sub); diff != "" {
			rt.Fatalf("AppendSubmit changed the submission (-before +after):\n%s", diff)
		}
		if wantErr != nil {
			if gotEvs != nil {
				rt.Fatalf("AppendSubmit returned events %v with its error", gotEvs)
			}
			return
		}
		if diff := cmp.Diff(wantReg, gotReg); diff != "" {
			rt.Fatalf("registration (-Submit +AppendSubmit):\n%s", diff)
		}
		if diff := cmp.Diff(append(slices.Clone(prefix), wantEvs...), gotEvs); diff != "" {
			rt.Fatalf("events (-prefix and Submit's +AppendSubmit):\n%s", diff)
		}
		if diff := cmp.Diff(prefix, buf[:len(prefix)]); diff != "" {
			rt.Fatalf("AppendSubmit changed the events it was given:\n%s", diff)
		}
		if gotEvs[len(prefix)].Submission != &sub {
			rt.Fatalf("the submitted event refers to a copy of the submission, not to it")
		}
		if fits := len(gotEvs) <= cap(buf); fits != (&gotEvs[0] == &buf[:1][0]) {
			rt.Fatalf("%d events with room for %d: the caller's array used %v", len(gotEvs), cap(buf), !fits)
		}
	})
}

func TestAppendSubmitNil(t *testing.T) {
	_, evs, err := DefaultRulebook().AppendSubmit(nil, nil, nil, System(), at("2026-07-02"))
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0] != (Problem{Path: "submission", Code: CodeRequired}) || evs != nil {
		t.Fatalf("AppendSubmit(nil submission) = %v, %v; want a ValidationError naming submission", evs, err)
	}
}

// TestAppendStepIsStep holds AppendStep to Step for every command by every
// actor on a pending and a confirmed registration, with another active
// one to supersede: the same positions, dossier and error, and the same
// events after the caller's, which stay as they were.
func TestAppendStepIsStep(t *testing.T) {
	p := pending(t)
	old := pending(t)
	old.ID, old.State = "r-0", Confirmed
	confirmed, _, err := p.Confirm(HostActor(p.HostID), d("2026-07-30"), at("2026-07-03"))
	if err != nil {
		t.Fatal(err)
	}
	cmds := []Command{
		nil, Confirm{ValidUntil: d("2026-07-30")}, Confirm{}, Reject{Reason: Reason{Code: HostRefusal}}, Withdraw{}, Lapse{},
		Supersede{By: "r-x"}, End{Reason: Reason{Code: Departed}}, Annul{Reason: Reason{Code: FalseData}},
	}
	actors := []Actor{ForeignerActor(p.Foreigner), HostActor(p.HostID), AuthorityActor("MP"), System()}
	for _, target := range []Registration{p, confirmed} {
		for _, cmd := range cmds {
			for _, by := range actors {
				name := fmt.Sprintf("%v %T by %v", target.State, cmd, by.Kind)
				t.Run(name, func(t *testing.T) {
					dossier := func() Dossier { return Dossier{Foreigner: p.Foreigner, Registrations: []Registration{old, target}} }
					ref := dossier()
					wantPos, wantSup, wantEvs, wantErr := ref.Step(target.ID, by, cmd, at("2026-07-04"))
					got := dossier()
					prefix := []Event{{Registration: "other", Seq: 7, Type: EventEnded}}
					buf := append(make([]Event, 0, 4), prefix...)
					pos, sup, evs, err := got.AppendStep(buf, target.ID, by, cmd, at("2026-07-04"))
					if fmt.Sprint(err) != fmt.Sprint(wantErr) {
						t.Fatalf("AppendStep error %v; Step's %v", err, wantErr)
					}
					if diff := cmp.Diff(ref, got); diff != "" {
						t.Fatalf("dossier (-Step +AppendStep):\n%s", diff)
					}
					if err != nil {
						if evs != nil {
							t.Fatalf("AppendStep returned events %v with its error", evs)
						}
						return
					}
					if pos != wantPos || !slices.Equal(sup, wantSup) {
						t.Fatalf("positions %d %v; Step's %d %v", pos, sup, wantPos, wantSup)
					}
					if diff := cmp.Diff(append(slices.Clone(prefix), wantEvs...), evs); diff != "" {
						t.Fatalf("events (-prefix and Step's +AppendStep):\n%s", diff)
					}
					if diff := cmp.Diff(prefix, buf[:1]); diff != "" {
						t.Fatalf("AppendStep changed the events it was given:\n%s", diff)
					}
				})
			}
		}
	}
}

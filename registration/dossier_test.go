package registration

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// TestDossierProperties runs random sequences of submissions and commands
// by random actors against one foreigner's dossier and checks after every
// step: never two active registrations, a final state is never left, and
// the events replay to the registrations.
func TestDossierProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var dos Dossier
		events := map[ID][]Event{}
		person := samplePerson()
		foreigner := ForeignerActor(fid(person))
		hosts := []Host{sampleHost(t), sampleHotel(t)}
		now := at("2026-07-01")
		n := 0
		steps := rapid.IntRange(1, 40).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			now = now.Add(time.Duration(rapid.IntRange(0, 72).Draw(rt, "hours")) * time.Hour)
			before := dos
			beforeCopy := Dossier{Foreigner: dos.Foreigner, Registrations: slices.Clone(dos.Registrations)}
			var ch Change
			var err error
			var ref Change
			var refErr error
			var given []Event // the events passed to Add, if any
			if len(dos.Registrations) == 0 || rapid.IntRange(0, 3).Draw(rt, "kind") == 0 {
				// Submit, as the foreigner or a hotel, maybe as a move.
				n++
				h := hosts[rapid.IntRange(0, len(hosts)-1).Draw(rt, "host")]
				s := Submission{ID: ID(fmt.Sprint("r-", n)), Person: person, Host: h, Address: sampleAddress(), Place: PrivateHome, Entry: d("2026-07-01")}.WithIDs(demo)
				if act, ok := dos.Active(); ok && rapid.Bool().Draw(rt, "move") {
					s.MovedFrom, s.MovedOn = act.ID, d("2026-07-01")
				}
				by := foreigner
				if h.Kind.FilesForGuests() && rapid.Bool().Draw(rt, "hotel files") {
					by = HostActor(hid(h))
				}
				if len(dos.Registrations) > 0 && rapid.IntRange(0, 9).Draw(rt, "duplicate") == 0 {
					s.ID = dos.Registrations[0].ID
				}
				var r Registration
				var evs []Event
				r, evs, err = Submit(s, by, now, d("2026-07-10"), d("2026-07-30"))
				if err == nil {
					// Room past the end: appending to what Add returns
					// must not write into the caller's array.
					given = append(make([]Event, 0, len(evs)+4), evs...)
					submitted := slices.Clone(given)
					ref, refErr = refAdd(beforeCopy, r, CloneEvents(evs), now)
					ch, err = dos.Add(r, given, now)
					if diff := cmp.Diff(submitted, given); diff != "" {
						rt.Fatalf("Add changed the events it was given:\n%s", diff)
					}
					if err == nil {
						// Writing through the caller's submission after Add
						// must not reach the change.
						kept := CloneEvents(ch.Events) // the copy this test trusts
						for _, e := range given {
							if e.Submission != nil {
								e.Submission.Person.Surname = "SCRIBBLED"
							}
						}
						if diff := cmp.Diff(kept, ch.Events); diff != "" {
							rt.Fatalf("writing to the caller's submission changed the change:\n%s", diff)
						}
						given = nil
					}
				} else {
					refErr = err
				}
			} else {
				target := dos.Registrations[rapid.IntRange(0, len(dos.Registrations)-1).Draw(rt, "target")]
				cmd := rapid.SampledFrom([]Command{
					Confirm{ValidUntil: d("2026-07-30")}, Reject{Reason: Reason{Code: HostRefusal}}, Withdraw{},
					Lapse{}, Supersede{By: "r-x"}, End{Reason: Reason{Code: Departed}}, Annul{Reason: Reason{Code: FalseData}},
				}).Draw(rt, "cmd")
				by := rapid.SampledFrom([]Actor{
					foreigner, HostActor(target.HostID), HostActor("h_other"), AuthorityActor("MP"), System(),
				}).Draw(rt, "actor")
				ref, refErr = refApply(beforeCopy, target.ID, by, cmd, now)
				ch, err = dos.Apply(target.ID, by, cmd, now)
			}
			if fmt.Sprint(err) != fmt.Sprint(refErr) {
				rt.Fatalf("error %v; the reference model gives %v", err, refErr)
			}
			if err == nil {
				if diff := cmp.Diff(ref, ch, cmpopts.EquateEmpty()); diff != "" {
					rt.Fatalf("the change differs from the reference model's (-want +got):\n%s", diff)
				}
				dos = ch.Dossier
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidTransition) && !errors.Is(err, ErrForbidden) && !errors.Is(err, ErrNotDue) && !errors.Is(err, ErrRefused) && !errors.Is(err, ErrTooLate) && !errors.Is(err, ErrInvalid) {
					rt.Fatalf("unexpected error: %v", err)
				}
				if diff := cmp.Diff(before, dos); diff != "" {
					rt.Fatalf("a refused command changed the dossier:\n%s", diff)
				}
				continue
			}
			if len(ch.Changed) == 0 || len(ch.Events) < len(ch.Changed) {
				rt.Fatalf("a command changed %d registrations with %d events", len(ch.Changed), len(ch.Events))
			}
			for _, c := range ch.Changed {
				if got, want := len(ch.EventsOf(c.Registration.ID)), c.Registration.Version-c.ReadVersion; got != want {
					rt.Fatalf("registration %s read at version %d, now %d, has %d events in the change", c.Registration.ID, c.ReadVersion, c.Registration.Version, got)
				}
			}
			for _, e := range ch.Events {
				events[e.Registration] = append(events[e.Registration], e)
			}
			if err := dos.Check(); err != nil {
				rt.Fatal(err)
			}
			for _, old := range before.Registrations {
				if !old.State.IsFinal() {
					continue
				}
				now, _ := dos.Find(old.ID)
				if diff := cmp.Diff(old, now); diff != "" {
					rt.Fatalf("registration %s left final state %v:\n%s", old.ID, old.State, diff)
				}
			}
			for _, r := range dos.Registrations {
				got, err := Replay(events[r.ID])
				if err != nil {
					rt.Fatal(err)
				}
				if diff := cmp.Diff(r, got); diff != "" {
					rt.Fatalf("events of %s do not replay (-stored +replayed):\n%s", r.ID, diff)
				}
			}
			// Values: the receiver is unchanged, and the changed slice
			// shares nothing with the new dossier.
			if diff := cmp.Diff(beforeCopy, before); diff != "" {
				rt.Fatalf("the command changed its receiver:\n%s", diff)
			}
			next := Dossier{Foreigner: dos.Foreigner, Registrations: slices.Clone(dos.Registrations)}
			for i := range ch.Changed {
				ch.Changed[i].Registration.Version, ch.Changed[i].Registration.State = -1, Withdrawn
			}
			for i := range ch.Events {
				ch.Events[i].Seq = -1
			}
			_ = append(ch.Changed, Changed{Registration: Registration{ID: "scribble"}})
			_ = append(dos.Registrations, Registration{ID: "scribble"})
			if diff := cmp.Diff(next, dos); diff != "" {
				rt.Fatalf("writing to the change changed the dossier:\n%s", diff)
			}
		}
	})
}

func TestDossierConfirmSupersedes(t *testing.T) {
	var dos Dossier
	old := pending(t)
	ch, err := dos.Add(old, nil, at("2026-07-02"))
	if err != nil {
		t.Fatal(err)
	}
	ch, err = ch.Dossier.Apply(old.ID, HostActor(old.HostID), Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-03"))
	if err != nil {
		t.Fatal(err)
	}
	dos = ch.Dossier
	s := sampleSubmission(t, "r-2", "2026-07-01")
	s.Address.Building = "12"
	s.MovedFrom, s.MovedOn = old.ID, d("2026-07-10")
	nr, _, err := Submit(s, ForeignerActor(fid(s.Person)), at("2026-07-10"), d("2026-07-15"), calendar0)
	if err != nil {
		t.Fatal(err)
	}
	ch, err = dos.Add(nr, nil, at("2026-07-10"))
	if err != nil {
		t.Fatal(err)
	}
	dos = ch.Dossier
	if a, _ := dos.Active(); a.ID != old.ID {
		t.Fatalf("while the move is pending the old address stays active; active = %s", a.ID)
	}
	ch, err = dos.Apply("r-2", HostActor(nr.HostID), Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-11"))
	if err != nil {
		t.Fatal(err)
	}
	dos = ch.Dossier
	changed := ch.Changed
	if len(changed) != 2 || changed[0].Registration.ID != "r-2" || changed[0].ReadVersion != 1 ||
		changed[1].Registration.State != Superseded || changed[1].Registration.SupersededBy != "r-2" || changed[1].ReadVersion != 2 {
		t.Errorf("confirming the move changed %v; want r-2 (read at 1) confirmed and r-1 (read at 2) superseded by it", changed)
	}
	if events := ch.Events; len(events) != 2 || events[0].Type != EventConfirmed || events[1].Type != EventSuperseded {
		t.Errorf("events = %v; want confirmed then superseded", events)
	}
	if a, _ := dos.Active(); a.ID != "r-2" {
		t.Errorf("active = %s; want r-2", a.ID)
	}
	if _, err := dos.Apply("r-9", System(), Lapse{}, at("2026-07-20")); !errors.Is(err, ErrNotFound) {
		t.Errorf("Apply to an unknown ID: err = %v; want ErrNotFound", err)
	}
}

// refAdd and refApply are the reference model of the dossier's
// operations: the plainest definition, copying everything, written
// independently of Add and Apply. The version each changed registration
// was read at is looked up in the dossier before the operation.
func refAdd(d Dossier, r Registration, events []Event, at time.Time) (Change, error) {
	if d.Foreigner == "" {
		d.Foreigner = r.Foreigner
	}
	if r.Foreigner != d.Foreigner {
		return Change{}, fmt.Errorf("%w: registration %s belongs to another foreigner", ErrInvalid, r.ID)
	}
	if _, ok := d.Find(r.ID); ok {
		return Change{}, fmt.Errorf("%w: registration %s is already in the dossier", ErrInvalid, r.ID)
	}
	next := Dossier{Foreigner: d.Foreigner, Registrations: append(slices.Clone(d.Registrations), r)}
	return refSupersede(d, next, len(next.Registrations)-1, events, at)
}

func refApply(d Dossier, id ID, by Actor, cmd Command, at time.Time) (Change, error) {
	i := slices.IndexFunc(d.Registrations, func(r Registration) bool { return r.ID == id })
	if i < 0 {
		return Change{}, fmt.Errorf("%w: registration %s", ErrNotFound, id)
	}
	r, events, err := d.Registrations[i].Apply(by, cmd, at)
	if err != nil {
		return Change{}, err
	}
	next := Dossier{Foreigner: d.Foreigner, Registrations: slices.Clone(d.Registrations)}
	next.Registrations[i] = r
	return refSupersede(d, next, i, events, at)
}

// refSupersede supersedes, when the registration at i is active, every
// other active one, and returns the change: the registrations changed (i
// first), each with its version in before, and the events.
func refSupersede(before, next Dossier, i int, events []Event, at time.Time) (Change, error) {
	r := next.Registrations[i]
	changed := []Registration{r}
	if r.State.IsActive() {
		for j, o := range next.Registrations {
			if j == i || !o.State.IsActive() {
				continue
			}
			s, evs, err := o.Supersede(r.ID, at)
			if err != nil {
				return Change{}, err
			}
			next.Registrations[j] = s
			changed = append(changed, s)
			events = append(events, evs...)
		}
	}
	ch := Change{Dossier: next, Events: events}
	for _, c := range changed {
		read, _ := before.Find(c.ID)
		ch.Changed = append(ch.Changed, Changed{Registration: c, ReadVersion: read.Version})
	}
	return ch, nil
}

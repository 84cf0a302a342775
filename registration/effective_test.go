package registration

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
)

// TestEndTakesEffectOnItsDate: an end (an exit, a check-out, the end of
// the stay) and a departure's lapse record the day they happened beside
// the day they were processed, close the registration on it, and replay
// to the same registration.
func TestEndTakesEffectOnItsDate(t *testing.T) {
	// The registration: entry 1 July, confirmed 3 July; the commands are
	// processed on 10 July.
	departed, checkedOut := Reason{Code: Departed}, Reason{Code: CheckedOut}
	tests := []struct {
		name      string
		state     State
		by        string // "system", "host", "authority", "foreigner"
		cmd       Command
		wantOn    string // the registration's ClosedOn and the event's EffectiveOn
		wantCode  Code   // a problem of "effective_on"
		forbidden bool
	}{
		{"exit processed late", Confirmed, "system", End{Reason: departed, EffectiveOn: d("2026-07-08")}, "2026-07-08", "", false},
		{"exit processed the same day", Confirmed, "system", End{Reason: departed, EffectiveOn: d("2026-07-10")}, "2026-07-10", "", false},
		{"no date: the processing day", Confirmed, "system", End{Reason: departed}, "2026-07-10", "", false},
		{"end of stay", Confirmed, "system", End{Reason: Reason{Code: StayExpired}, EffectiveOn: d("2026-07-09")}, "2026-07-09", "", false},
		{"authority", Confirmed, "authority", End{Reason: Reason{Code: OtherReason, Note: "deported"}, EffectiveOn: d("2026-07-05")}, "2026-07-05", "", false},
		{"check-out by the host", Confirmed, "host", End{Reason: checkedOut, EffectiveOn: d("2026-07-09")}, "2026-07-09", "", false},
		{"check-out on the entry day", Confirmed, "host", End{Reason: checkedOut, EffectiveOn: d("2026-07-01")}, "2026-07-01", "", false},
		{"exit tomorrow", Confirmed, "system", End{Reason: departed, EffectiveOn: d("2026-07-11")}, "", CodeInFuture, false},
		{"exit before the entry", Confirmed, "system", End{Reason: departed, EffectiveOn: d("2026-06-30")}, "", CodeBeforeEntry, false},
		{"check-out tomorrow", Confirmed, "host", End{Reason: checkedOut, EffectiveOn: d("2026-07-11")}, "", CodeInFuture, false},
		{"the system checks out", Confirmed, "system", End{Reason: checkedOut}, "", "", true},
		{"an authority checks out", Confirmed, "authority", End{Reason: checkedOut}, "", "", true},
		{"the host says departed", Confirmed, "host", End{Reason: departed}, "", "", true},
		{"the foreigner checks out", Confirmed, "foreigner", End{Reason: checkedOut}, "", "", true},
		{"departure lapses a request", Pending, "system", Lapse{Reason: departed, EffectiveOn: d("2026-07-02")}, "2026-07-02", "", false},
		{"departure tomorrow", Pending, "system", Lapse{Reason: departed, EffectiveOn: d("2026-07-11")}, "", CodeInFuture, false},
		{"a date without departure", Pending, "system", Lapse{EffectiveOn: d("2026-07-09")}, "", CodeNotAllowed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := inState(t, tt.state)
			by := map[string]Actor{
				"system": System(), "host": HostActor(r.HostID), "authority": AuthorityActor("MP Almaty"),
				"foreigner": ForeignerActor(r.Foreigner),
			}[tt.by]
			got, events, err := r.Apply(by, tt.cmd, at("2026-07-10"))
			var ve *ValidationError
			switch {
			case tt.forbidden:
				if !errors.Is(err, ErrForbidden) {
					t.Fatalf("%v by %s: err = %v; want ErrForbidden", tt.cmd, tt.by, err)
				}
				return
			case tt.wantCode != "":
				if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0] != (Problem{Path: "effective_on", Code: tt.wantCode}) {
					t.Fatalf("%v by %s: err = %v; want effective_on: %v", tt.cmd, tt.by, err, tt.wantCode)
				}
				return
			case err != nil:
				t.Fatalf("%v by %s: err = %v", tt.cmd, tt.by, err)
			}
			e := events[0]
			if e.On != d("2026-07-10") || e.EffectiveOn != d(tt.wantOn) || got.ClosedOn != d(tt.wantOn) {
				t.Errorf("%v by %s: event on %v effective %v, closed on %v; want on 2026-07-10, effective and closed on %s",
					tt.cmd, tt.by, e.On, e.EffectiveOn, got.ClosedOn, tt.wantOn)
			}
			all := append(history(t, r), events...)
			if back, err := Replay(all); err != nil || back != got {
				t.Errorf("%v: replay = %v, %v; want %v", tt.cmd, back, err, got)
			}
		})
	}
}

// history returns events that replay to r: a registration brought to
// its state by inState is rebuilt by the same steps.
func history(t *testing.T, r Registration) []Event {
	t.Helper()
	p := pending(t)
	_, evs, err := Submit(sampleSubmission(t, p.ID, "2026-07-01"), ForeignerActor(p.Foreigner), p.SubmittedAt, p.HostDue, d("2026-07-30"))
	if err != nil {
		t.Fatal(err)
	}
	if r.State == Confirmed {
		_, more, err := p.Apply(HostActor(p.HostID), Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-03"))
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, more...)
	}
	return evs
}

// TestEndDateProperty: whatever day an end is processed and whatever day
// it happened, a command dated within [entry, processed day] closes the
// registration on that day and replays to it; a later or earlier one is
// refused and changes nothing. The oracle is the rule itself, written out.
func TestEndDateProperty(t *testing.T) {
	confirmed := inState(t, Confirmed)
	base := history(t, confirmed)
	rapid.Check(t, func(t *rapid.T) {
		processed := d("2026-07-03").AddDays(rapid.IntRange(0, 60).Draw(t, "processed after"))
		happened := processed.AddDays(-rapid.IntRange(-3, 70).Draw(t, "days before"))
		var cmd Command
		by := System()
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			cmd = End{Reason: Reason{Code: Departed}, EffectiveOn: happened}
		case 1:
			cmd = End{Reason: Reason{Code: StayExpired}, EffectiveOn: happened}
		default:
			cmd, by = End{Reason: Reason{Code: CheckedOut}, EffectiveOn: happened}, HostActor(confirmed.HostID)
		}
		got, more, err := confirmed.Apply(by, cmd, processed.In(calendar.KazakhstanZone()).Add(10*time.Hour))
		if happened.After(processed) || happened.Before(confirmed.Entry) {
			if !errors.Is(err, ErrInvalid) || got != confirmed || more != nil {
				t.Fatalf("end on %v processed %v: %v, %v; want refused, unchanged", happened, processed, got.State, err)
			}
			return
		}
		if err != nil || got.ClosedOn != happened || more[0].EffectiveOn != happened || more[0].On != processed {
			t.Fatalf("end on %v processed %v: closed %v, events %v, %v", happened, processed, got.ClosedOn, more, err)
		}
		if back, err := Replay(append(append([]Event(nil), base...), more...)); err != nil || back != got {
			t.Fatalf("replay = %v, %v; want %v", back, err, got)
		}
	})
}

package registration

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/migreg/migreg/calendar"
)

// inState returns a registration brought to the state by legal commands.
func inState(t *testing.T, s State) Registration {
	t.Helper()
	r := pending(t)
	host := HostActor(r.HostID)
	step := func(by Actor, c Command, when time.Time) {
		t.Helper()
		var err error
		if r, _, err = r.Apply(by, c, when); err != nil {
			t.Fatalf("reaching %v: %v", s, err)
		}
	}
	switch s {
	case Pending:
	case Confirmed:
		step(host, Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-03"))
	case Rejected:
		step(host, Reject{Reason: Reason{Code: HostRefusal}}, at("2026-07-03"))
	case Withdrawn:
		step(ForeignerActor(r.Foreigner), Withdraw{}, at("2026-07-03"))
	case Lapsed:
		step(System(), Lapse{}, at("2026-07-08"))
	case Superseded:
		step(host, Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-03"))
		step(System(), Supersede{By: "r-2"}, at("2026-07-10"))
	case Ended:
		step(host, Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-03"))
		step(System(), End{Reason: Reason{Code: Departed}}, at("2026-07-10"))
	case Annulled:
		step(host, Confirm{ValidUntil: d("2026-07-30")}, at("2026-07-03"))
		step(AuthorityActor("MP Almaty"), Annul{Reason: Reason{Code: FalseData}}, at("2026-07-10"))
	}
	if r.State != s {
		t.Fatalf("reached %v; want %v", r.State, s)
	}
	return r
}

// TestTransitionTable tries every state × command × actor. The expected
// outcomes are written out here, independently of the package's table.
func TestTransitionTable(t *testing.T) {
	// allowed[state][command] = the resulting state and the one actor role
	// that may perform it.
	type rule struct {
		to   State
		role string
	}
	allowed := map[State]map[CommandKind]rule{
		Pending: {
			CmdConfirm:  {Confirmed, "host"},
			CmdReject:   {Rejected, "host"},
			CmdWithdraw: {Withdrawn, "foreigner"},
			CmdLapse:    {Lapsed, "system"},
		},
		Confirmed: {
			CmdSupersede: {Superseded, "system"},
			CmdEnd:       {Ended, "system|authority"},
			CmdAnnul:     {Annulled, "authority"},
		},
	}
	commands := []Command{
		Confirm{ValidUntil: d("2026-07-30")},
		Reject{Reason: Reason{Code: HostRefusal, Note: "not my guest"}},
		Withdraw{},
		Lapse{},
		Supersede{By: "r-9"},
		End{Reason: Reason{Code: Departed}},
		Annul{Reason: Reason{Code: FalseData}},
	}
	// Answers come on 6 July, within the host's time (until 7 July); a
	// lapse comes on 20 July, after it.
	whenFor := func(c Command) time.Time {
		if c.Kind() == CmdLapse {
			return at("2026-07-20")
		}
		return at("2026-07-06")
	}
	for _, s := range States() {
		base := inState(t, s)
		actors := []struct {
			role  string
			actor Actor
		}{
			{"foreigner", ForeignerActor(base.Foreigner)},
			{"other foreigner", ForeignerActor("f_someone_else")},
			{"host", HostActor(base.HostID)},
			{"other host", HostActor("h_someone_else")},
			{"authority", AuthorityActor("MP Almaty")},
			{"anonymous authority", Actor{Kind: ActorAuthority}},
			{"system", System()},
			{"nobody", Actor{}},
		}
		for _, c := range commands {
			for _, a := range actors {
				name := fmt.Sprintf("%v/%v/%s", s, c.Kind(), a.role)
				got, events, err := base.Apply(a.actor, c, whenFor(c))
				want, ok := allowed[s][c.Kind()]
				var te *TransitionError
				var fe *ForbiddenError
				switch {
				case !ok:
					if !errors.As(err, &te) || !errors.Is(err, ErrInvalidTransition) || te.From != s || te.Command != c.Kind() {
						t.Errorf("%s: err = %v; want a *TransitionError from %v", name, err, s)
					}
				case !roleMatches(want.role, a.role):
					if !errors.As(err, &fe) || !errors.Is(err, ErrForbidden) {
						t.Errorf("%s: err = %v; want a *ForbiddenError", name, err)
					}
				default:
					if err != nil {
						t.Errorf("%s: err = %v; want a transition to %v", name, err, want.to)
						continue
					}
					if got.State != want.to || got.Version != base.Version+1 || len(events) != 1 {
						t.Errorf("%s: got state %v v%d with %d events; want %v v%d with 1", name, got.State, got.Version, len(events), want.to, base.Version+1)
					}
					if e := events[0]; e.From != s || e.To != want.to || e.Seq != got.Version || e.Actor != a.actor {
						t.Errorf("%s: event %v does not record the transition", name, e)
					}
				}
				if err != nil && (got.State != base.State || got.Version != base.Version || events != nil) {
					t.Errorf("%s: a refused command changed the registration or produced events", name)
				}
				if diff := cmp.Diff(inState(t, s), base); diff != "" {
					t.Fatalf("%s: Apply changed its receiver (-want +got):\n%s", name, diff)
				}
			}
		}
	}
}

func roleMatches(want, role string) bool {
	if want == "system|authority" {
		return role == "system" || role == "authority"
	}
	return want == role
}

func TestLapseNotBeforeDeadline(t *testing.T) {
	r := pending(t) // host due 2026-07-07
	if _, _, err := r.Lapse(at("2026-07-07")); !errors.Is(err, ErrNotDue) {
		t.Errorf("Lapse on the host's last day: err = %v; want ErrNotDue", err)
	}
	got, _, err := r.Lapse(at("2026-07-08"))
	if err != nil || got.State != Lapsed || got.ClosedOn != d("2026-07-08") {
		t.Errorf("Lapse after the deadline = %v, %v; want lapsed on 2026-07-08", got.State, err)
	}
}

func TestHostAnswersInTime(t *testing.T) {
	r := pending(t) // the host may answer until 2026-07-07
	host := HostActor(r.HostID)
	for _, c := range []Command{Confirm{ValidUntil: d("2026-07-30")}, Reject{Reason: Reason{Code: HostRefusal}}} {
		if _, _, err := r.Apply(host, c, at("2026-07-07")); err != nil {
			t.Errorf("%v on the last day: %v", c.Kind(), err)
		}
		_, _, err := r.Apply(host, c, at("2026-07-08"))
		var de *DeadlineError
		if !errors.As(err, &de) || !errors.Is(err, ErrTooLate) || de.Due != d("2026-07-07") || de.On != d("2026-07-08") {
			t.Errorf("%v the day after: err = %v; want a *DeadlineError (due 2026-07-07, on 2026-07-08)", c.Kind(), err)
		}
	}
}

func TestLapseOnDeparture(t *testing.T) {
	r := pending(t)
	got, events, err := r.Apply(System(), Lapse{Reason: Reason{Code: Departed}}, at("2026-07-03"))
	if err != nil || got.State != Lapsed || got.Reason.Code != Departed || len(events) != 1 || events[0].Reason.Code != Departed {
		t.Errorf("Lapse for departure before the deadline = %v (%v), %v; want lapsed, departed", got.State, got.Reason, err)
	}
	if _, _, err := r.Apply(System(), Lapse{Reason: Reason{Code: FalseData}}, at("2026-07-20")); !errors.Is(err, ErrInvalid) {
		t.Errorf("Lapse for false data: err = %v; want ErrInvalid", err)
	}
}

func TestCommandsCheckTheirData(t *testing.T) {
	p := pending(t)
	c := inState(t, Confirmed)
	host := HostActor(p.HostID)
	tests := []struct {
		name string
		r    Registration
		by   Actor
		cmd  Command
		path string
		code Code
	}{
		{"confirm without valid-until", p, host, Confirm{}, "valid_until", CodeRequired},
		{"reject without reason", p, host, Reject{}, "reason.code", CodeRequired},
		{"reject for departure", p, host, Reject{Reason: Reason{Code: Departed}}, "reason.code", CodeNotAllowed},
		{"reject with a control character", p, host, Reject{Reason: Reason{Code: HostRefusal, Note: "a\x00b"}}, "reason.note", CodeInvalid},
		{"annul for host refusal", c, AuthorityActor("MP"), Annul{Reason: Reason{Code: HostRefusal}}, "reason.code", CodeNotAllowed},
		{"end without reason", c, System(), End{}, "reason.code", CodeRequired},
		{"supersede by itself", c, System(), Supersede{By: c.ID}, "superseded_by", CodeRequired},
		{"nil command", p, host, nil, "command", CodeRequired},
	}
	for _, tt := range tests {
		_, _, err := tt.r.Apply(tt.by, tt.cmd, at("2026-07-06"))
		var ve *ValidationError
		if !errors.As(err, &ve) || !ve.Has(tt.path, tt.code) {
			t.Errorf("%s: err = %v; want %s: %s", tt.name, err, tt.path, tt.code)
		}
	}
	if _, _, err := p.Apply(host, Confirm{ValidUntil: d("2026-07-30")}, time.Time{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Apply at the zero instant: err = %v; want ErrInvalid", err)
	}
}

func TestSubmitActors(t *testing.T) {
	s := sampleSubmission(t, "r-1", "2026-07-01")
	when := at("2026-07-02")
	if _, _, err := Submit(s, HostActor(hid(s.Host)), when, d("2026-07-07"), d("2026-07-30")); !errors.Is(err, ErrForbidden) {
		t.Errorf("an individual host filing: err = %v; want ErrForbidden", err)
	}
	if _, _, err := Submit(s, ForeignerActor("f_other"), when, d("2026-07-07"), calendar0); !errors.Is(err, ErrForbidden) {
		t.Errorf("another foreigner filing: err = %v; want ErrForbidden", err)
	}
	if _, _, err := Submit(s, AuthorityActor("MP"), when, d("2026-07-07"), calendar0); !errors.Is(err, ErrForbidden) {
		t.Errorf("an authority filing: err = %v; want ErrForbidden", err)
	}

	s.Host = sampleHotel(t)
	s.Place = Hotel
	s = s.WithIDs(demo)
	r, events, err := Submit(s, HostActor(hid(s.Host)), when, d("2026-07-07"), d("2026-07-30"))
	if err != nil {
		t.Fatal(err)
	}
	if r.State != Confirmed || r.FiledBy != ActorHost || len(events) != 2 || events[0].Type != EventSubmitted || events[1].Type != EventConfirmed {
		t.Errorf("a hotel filing for its guest = %v, %d events; want confirmed in the same step with 2 events", r.State, len(events))
	}
	if _, _, err := Submit(s, HostActor(hid(s.Host)), when, d("2026-07-07"), calendar0); !errors.Is(err, ErrInvalid) {
		t.Errorf("a hotel filing without valid-until: err = %v; want ErrInvalid", err)
	}
}

func TestEventsReplay(t *testing.T) {
	s := sampleSubmission(t, "r-1", "2026-07-01")
	r, events, err := Submit(s, ForeignerActor(fid(s.Person)), at("2026-07-02"), d("2026-07-07"), calendar0)
	if err != nil {
		t.Fatal(err)
	}
	r, more, err := r.Confirm(HostActor(r.HostID), d("2026-07-30"), at("2026-07-03"))
	if err != nil {
		t.Fatal(err)
	}
	events = append(events, more...)
	r, more, err = r.End(System(), Reason{Code: Departed}, at("2026-07-20"))
	if err != nil {
		t.Fatal(err)
	}
	events = append(events, more...)
	got, err := Replay(events)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("Replay mismatch (-want +got):\n%s", diff)
	}

	corrupt := []struct {
		name   string
		events []Event
	}{
		{"no events", nil},
		{"gap", []Event{events[0], events[2]}},
		{"no submission first", events[1:]},
		{"two submissions", []Event{events[0], events[0]}},
		{"wrong from", []Event{events[0], func() Event { e := events[1]; e.From = Confirmed; return e }()}},
		{"impossible transition", []Event{events[0], func() Event { e := events[1]; e.Type, e.To = EventAnnulled, Annulled; return e }()}},
		{"another registration", []Event{events[0], func() Event { e := events[1]; e.Registration = "r-2"; return e }()}},
	}
	for _, tt := range corrupt {
		if _, err := Replay(tt.events); !errors.Is(err, ErrCorruptLog) {
			t.Errorf("Replay(%s): err = %v; want ErrCorruptLog", tt.name, err)
		}
	}
}

// calendar0 is the zero date, for arguments that must be ignored.
var calendar0 calendar.Date

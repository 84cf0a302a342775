package migreg_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
)

// modelReg is what the model knows of a registration.
type modelReg struct {
	person    int
	entry     calendar.Date
	state     registration.State
	movedFrom int // index of the registration moved from, or -1
	// checkedOut is the date its host checked the guest out, if it did.
	checkedOut calendar.Date
	// expiredOn is the last day of a registration Sweep ended (its
	// valid-until date), if it did.
	expiredOn calendar.Date
	// group is the index of its group's first member, or -1.
	group int
	// plannedEnd is the booking's planned end, if one was given.
	plannedEnd calendar.Date
	// movedOn is the day the foreigner moved in, for a move.
	movedOn calendar.Date
	// done holds the commands actors performed on it, with their role
	// ("confirm/host"); repeating one succeeds without a change, whatever
	// happened since.
	done map[string]bool
}

// did records that role performed the command kind on r.
func (r *modelReg) did(kind string) {
	if r.done == nil {
		r.done = map[string]bool{}
	}
	r.done[kind] = true
}

// modelNext is the lifecycle, written out independently of the domain:
// the state a command leads to and who may give it.
func modelNext(s registration.State, op migregtest.OpKind) (registration.State, []migregtest.Actor) {
	switch {
	case s == registration.Pending && op == migregtest.OpConfirm:
		return registration.Confirmed, []migregtest.Actor{migregtest.ActorHost}
	case s == registration.Pending && op == migregtest.OpReject:
		return registration.Rejected, []migregtest.Actor{migregtest.ActorHost}
	case s == registration.Pending && op == migregtest.OpWithdraw:
		return registration.Withdrawn, []migregtest.Actor{migregtest.ActorForeigner}
	case s == registration.Confirmed && op == migregtest.OpAnnul:
		return registration.Annulled, []migregtest.Actor{migregtest.ActorAuthority}
	}
	return 0, nil
}

// model is the Service's lifecycle written out independently, as a
// migregtest.System: the Runner applies every step to it and to the
// Service and compares. It reads from the Service only the dates it
// does not compute (the host's deadline, a registration's valid-until)
// and asks the rulebook, tested on its own, about stay limits.
type model struct {
	svc    *migreg.Service
	people []registration.Person
	ids    func() []registration.ID // the run's registrations, as the Runner knows them
	regs   []*modelReg
	trips  map[int][]stay.Trip // person -> trips, the open one last
}

func newModel(svc *migreg.Service, people []registration.Person, ids func() []registration.ID) *model {
	return &model{svc: svc, people: people, ids: ids, trips: map[int][]stay.Trip{}}
}

// open returns the entry of the person's open trip.
func (m *model) open(p int) (calendar.Date, bool) {
	if t := m.trips[p]; len(t) > 0 && t[len(t)-1].Exit.IsZero() {
		return t[len(t)-1].Entry, true
	}
	return calendar.Date{}, false
}

// active returns the person's confirmed registration, or nil.
func (m *model) active(p int) *modelReg {
	for _, r := range m.regs {
		if r.person == p && r.state == registration.Confirmed {
			return r
		}
	}
	return nil
}

func (m *model) outcome(code migreg.ErrorCode) migregtest.Outcome {
	out := migregtest.Outcome{Err: code, States: make([]registration.State, len(m.regs))}
	for i, r := range m.regs {
		out.States[i] = r.state
	}
	return out
}

// Apply is the model's step.
func (m *model) Apply(ctx context.Context, s migregtest.Step) (migregtest.Outcome, error) {
	switch k := s.Op.Kind; k {
	case migregtest.OpEntry:
		if m.people[s.Person].Document.Expiry.Before(s.Today) {
			return m.outcome(migreg.CodeInvalid), nil // the passport expired before the entry
		}
		m.trips[s.Person] = append(m.trips[s.Person], stay.Trip{Entry: s.Today})
		return m.outcome(""), nil
	case migregtest.OpExit:
		entry, _ := m.open(s.Person)
		trips := m.trips[s.Person]
		trips[len(trips)-1].Exit = s.On
		for _, r := range m.regs {
			switch {
			case r.person != s.Person || r.entry != entry:
			case r.state == registration.Confirmed:
				r.state = registration.Ended
			case r.state == registration.Pending:
				r.state = registration.Lapsed // nobody is left to register
			}
		}
		return m.outcome(""), nil
	case migregtest.OpSubmit, migregtest.OpMove:
		return m.submit(s)
	case migregtest.OpConfirm, migregtest.OpReject, migregtest.OpWithdraw, migregtest.OpAnnul:
		r := m.regs[s.Target]
		if s.First == "" {
			code, err := m.command(ctx, s, r, k)
			return m.outcome(code), err
		}
		// A race: the Service ran the winner first.
		other := migregtest.OpReject
		if s.First == migregtest.OpReject {
			other = migregtest.OpConfirm
		}
		code, err := m.command(ctx, s, r, s.First)
		if err == nil {
			_, err = m.command(ctx, s, r, other)
		}
		return m.outcome(code), err
	case migregtest.OpCheckOut:
		code, err := m.checkOut(ctx, s, m.regs[s.Target])
		return m.outcome(code), err
	case migregtest.OpRecordMove:
		// The foreigner, or the registration's host, records that the
		// foreigner left their active address: nothing changes state.
		switch r := m.regs[s.Target]; {
		case s.Op.Actor != migregtest.ActorForeigner && s.Op.Actor != migregtest.ActorHost:
			return m.outcome(migreg.CodeForbidden), nil
		case r.state != registration.Confirmed:
			return m.outcome(migreg.CodeNotActive), nil
		}
		return m.outcome(""), nil
	case migregtest.OpCheckOutBatch:
		out := migregtest.Outcome{Members: make([]migreg.ErrorCode, len(s.Members))}
		for i, k := range s.Members {
			item := s // each guest on the batch's day, or on the day they came if later
			r := m.regs[k]
			if item.On.Before(r.entry) {
				item.On = r.entry
			}
			if item.On.Before(r.movedOn) {
				item.On = r.movedOn
			}
			code, err := m.checkOut(ctx, item, m.regs[k])
			if err != nil {
				return migregtest.Outcome{}, err
			}
			out.Members[i] = code
		}
		out.States = m.outcome("").States
		return out, nil
	case migregtest.OpSubmitGroup:
		return m.submitGroup(s)
	case migregtest.OpConfirmGroup, migregtest.OpRejectGroup:
		return m.decideGroup(ctx, s)
	case migregtest.OpSweep:
		ids := m.ids()
		for i, r := range m.regs {
			stored, err := m.svc.Registration(ctx, ids[i])
			if err != nil {
				return migregtest.Outcome{}, err
			}
			switch {
			case r.state == registration.Pending && stored.HostDue.Before(s.Today):
				r.state = registration.Lapsed
			case r.state == registration.Confirmed && stored.ValidUntil.Before(s.Today):
				r.state, r.expiredOn = registration.Ended, stored.ValidUntil
			}
		}
		return m.outcome(""), nil
	case migregtest.OpDeliver:
		return m.outcome(""), nil
	}
	return migregtest.Outcome{}, fmt.Errorf("the model has no step %q", s.Op.Kind)
}

// submit models a submission or a move.
func (m *model) submit(s migregtest.Step) (migregtest.Outcome, error) {
	p := s.Person
	active := m.active(p)
	if s.Op.Kind == migregtest.OpMove && (active == nil || m.regs[s.Target] != active) {
		return migregtest.Outcome{}, fmt.Errorf("the runner moves from registration #%d; the model's active one is %v", s.Target, active)
	}
	code, err := m.refusal(s, p)
	if err != nil || code != "" {
		return m.outcome(code), err
	}
	m.add(s, p)
	return m.outcome(""), nil
}

// refusal is why the person's submission (or group member's) in step s
// is refused, or "".
func (m *model) refusal(s migregtest.Step, p int) (migreg.ErrorCode, error) {
	person := m.people[p]
	entry, _ := m.open(p)
	hotelFiles := s.By.Kind == registration.ActorHost
	if m.active(p) != nil && s.Op.Kind != migregtest.OpMove && !hotelFiles {
		// A new address while one is active must say it is a move.
		return migreg.CodeInvalid, nil
	}
	if exp := person.Document.Expiry; !exp.Before(entry) && exp.Before(s.Today) {
		return migreg.CodeInvalid, nil // the passport expired during the stay
	}
	if m.minor(p) && !m.guarded(s) {
		return migreg.CodeInvalid, nil // a minor files with a parent or guardian only
	}
	rules := m.svc.Rules()
	regime, err := rules.Regime(person.Citizenship, entry)
	if err != nil {
		return "", err
	}
	st, err := rules.StayPolicy.StatusOn(m.trips[p], regime, s.Today)
	if err != nil {
		return "", err
	}
	if st.InBreach() {
		return migreg.CodeRefused, nil // beyond the stay limit by now
	}
	if planned := plannedEnd(s); !planned.IsZero() {
		// A booking past the stay's latest exit (the stay limits alone,
		// whatever the passport's expiry) is refused.
		unexpiring := person
		unexpiring.Document.Expiry = calendar.Date{}
		latest, err := rules.ValidUntil(unexpiring, m.trips[p], entry)
		if err != nil {
			return "", err
		}
		if planned.After(latest) {
			return migreg.CodeRefused, nil
		}
	}
	if hotelFiles {
		// The hotel's filing confirms at once: refused, as a host's
		// confirmation is, when the permitted stay ended before today.
		until, err := rules.ValidUntil(person, m.trips[p], entry)
		if err != nil {
			return "", err
		}
		if until.Before(s.Today) {
			return migreg.CodeRefused, nil
		}
	}
	return "", nil
}

// plannedEnd is the booking's planned end a submission or group of
// step s gave.
func plannedEnd(s migregtest.Step) calendar.Date {
	switch {
	case s.Request != nil:
		return s.Request.Submission.PlannedEnd
	case s.Group != nil:
		return s.Group.PlannedEnd
	}
	return calendar.Date{}
}

// minor reports whether the person is a minor on the entry of their
// open trip, under the rules in force then.
func (m *model) minor(p int) bool {
	entry, _ := m.open(p)
	rules, err := m.svc.Rules().RulesFor(entry)
	return err == nil && rules.Minors.Minor(m.people[p].BirthDate, entry)
}

// guarded reports whether step s files minors with a guardian: a group
// with an adult member (the Runner names the first as guardian).
func (m *model) guarded(s migregtest.Step) bool {
	for _, p := range s.Members {
		if !m.minor(p) {
			return true
		}
	}
	return false
}

// add adds the person's new registration of step s.
func (m *model) add(s migregtest.Step, p int) *modelReg {
	entry, _ := m.open(p)
	active := m.active(p)
	hotelFiles := s.By.Kind == registration.ActorHost
	r := &modelReg{person: p, entry: entry, state: registration.Pending, movedFrom: -1, group: -1, plannedEnd: plannedEnd(s)}
	if s.Op.Kind == migregtest.OpMove {
		r.movedFrom, r.movedOn = s.Target, s.Today
	}
	if hotelFiles {
		r.state = registration.Confirmed
		r.did("confirm/host")
		if active != nil {
			// The hotel's guest moved in today.
			r.movedFrom, r.movedOn = m.index(active), s.Today
			active.state = registration.Superseded
		}
	}
	m.regs = append(m.regs, r)
	return r
}

// groupCode is the code of a group's error: the first, in the order
// migreg.WireErrorOf tries them, that a member's error has.
func groupCode(members []migreg.ErrorCode) migreg.ErrorCode {
	for _, c := range []migreg.ErrorCode{migreg.CodeInvalid, migreg.CodeRefused, migreg.CodeForbidden, migreg.CodeInvalidTransition, migreg.CodeTooLate} {
		if slices.Contains(members, c) {
			return c
		}
	}
	return ""
}

// submitGroup models a group submission: refused whole when a member
// would be refused alone.
func (m *model) submitGroup(s migregtest.Step) (migregtest.Outcome, error) {
	if s.By.Kind != registration.ActorHost && !m.guarded(s) {
		return m.outcome(migreg.CodeForbidden), nil // a child files for no one
	}
	codes := make([]migreg.ErrorCode, len(s.Members))
	for i, p := range s.Members {
		code, err := m.refusal(s, p)
		if err != nil {
			return migregtest.Outcome{}, err
		}
		codes[i] = code
	}
	if code := groupCode(codes); code != "" {
		out := m.outcome(code)
		out.Members = codes
		return out, nil
	}
	first := len(m.regs)
	for _, p := range s.Members {
		m.add(s, p).group = first
	}
	out := m.outcome("")
	out.Members = codes
	return out, nil
}

// decideGroup models the host's one decision on a group: each member as
// the single command would be.
func (m *model) decideGroup(ctx context.Context, s migregtest.Step) (migregtest.Outcome, error) {
	kind := migregtest.OpConfirm
	if s.Op.Kind == migregtest.OpRejectGroup {
		kind = migregtest.OpReject
	}
	var codes []migreg.ErrorCode
	for _, r := range m.regs {
		if r.group != s.Target {
			continue
		}
		code, err := m.command(ctx, s, r, kind)
		if err != nil {
			return migregtest.Outcome{}, err
		}
		codes = append(codes, code)
	}
	out := m.outcome(groupCode(codes))
	out.Members = codes
	return out, nil
}

func (m *model) index(r *modelReg) int {
	for i, o := range m.regs {
		if o == r {
			return i
		}
	}
	return -1
}

// checkOut models the host's check-out of r's guest on s.On: only a
// confirmed registration's own host checks its guest out, and the same
// check-out again is a retry.
func (m *model) checkOut(ctx context.Context, s migregtest.Step, r *modelReg) (migreg.ErrorCode, error) {
	// A check-out reported after the registration's last day takes
	// effect on that day.
	on := s.On
	if r.state == registration.Confirmed || r.state == registration.Ended {
		stored, err := m.svc.Registration(ctx, m.ids()[m.index(r)])
		if err != nil {
			return "", err
		}
		if !stored.ValidUntil.IsZero() && on.After(stored.ValidUntil) {
			on = stored.ValidUntil
		}
	}
	switch {
	case r.state == registration.Ended && s.Op.Actor == migregtest.ActorHost && r.checkedOut == on:
		return "", nil
	case r.state == registration.Ended && s.Op.Actor == migregtest.ActorHost && !r.expiredOn.IsZero() && !on.Before(r.expiredOn):
		return "", nil // Sweep ended it on its last day, before the guest left: nothing left to do
	case r.state != registration.Confirmed:
		return migreg.CodeInvalidTransition, nil
	case s.Op.Actor != migregtest.ActorHost:
		return migreg.CodeForbidden, nil
	}
	r.state, r.checkedOut = registration.Ended, on
	return "", nil
}

// command models a confirm, reject, withdraw or annul of r.
func (m *model) command(ctx context.Context, s migregtest.Step, r *modelReg, kind migregtest.OpKind) (migreg.ErrorCode, error) {
	want, roles := modelNext(r.state, kind)
	allowed := false
	for _, role := range roles {
		allowed = allowed || role == s.Op.Actor
	}
	switch {
	case want == 0 && r.done[string(kind)+"/"+s.Op.Actor.String()]:
		return "", nil // a retry of a command done before: it succeeds, changing nothing
	case want == 0:
		return migreg.CodeInvalidTransition, nil
	case !allowed:
		return migreg.CodeForbidden, nil
	}
	if kind == migregtest.OpConfirm || kind == migregtest.OpReject {
		stored, err := m.svc.Registration(ctx, m.ids()[m.index(r)])
		if err != nil {
			return "", err
		}
		if s.Today.After(stored.HostDue) {
			return migreg.CodeTooLate, nil // the host's time ended
		}
	}
	if kind == migregtest.OpConfirm {
		until, err := m.svc.Rules().ValidUntil(m.people[r.person], m.trips[r.person], r.entry)
		if err != nil {
			return "", err
		}
		if !r.plannedEnd.IsZero() && r.plannedEnd.Before(until) {
			until = r.plannedEnd // registered until the booking ends
		}
		if until.Before(s.Today) {
			return migreg.CodeRefused, nil // the stay ended before the answer
		}
		for _, o := range m.regs {
			if o.person == r.person && o.state == registration.Confirmed {
				o.state = registration.Superseded
			}
		}
	}
	r.state = want
	r.did(string(kind) + "/" + roles[0].String())
	return "", nil
}

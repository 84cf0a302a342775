package registration

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/migreg/migreg/calendar"
)

// ErrInvalidTransition is matched by a *TransitionError: the command is not
// allowed in the registration's state.
var ErrInvalidTransition = errors.New("registration: invalid transition")

// ErrForbidden is matched by a *ForbiddenError: the command is allowed in
// the state, but not for this actor.
var ErrForbidden = errors.New("registration: forbidden")

// ErrNotDue is matched when a command that depends on a deadline comes too
// early: lapsing a request before the host's deadline has passed.
var ErrNotDue = errors.New("registration: not due yet")

// ErrTooLate is matched by a *DeadlineError: the host answers a request
// after the last day to answer it. The request has lapsed in law, whether
// or not a Lapse was recorded yet, so the answer changes nothing.
var ErrTooLate = errors.New("registration: too late")

// DeadlineError reports an answer after the host's deadline. It matches
// ErrTooLate.
type DeadlineError struct {
	ID      ID            `json:"id"`
	Command CommandKind   `json:"command"`
	Due     calendar.Date `json:"due"` // the last day to answer
	On      calendar.Date `json:"on"`  // the day of the late answer
}

// Error implements the error interface.
func (e *DeadlineError) Error() string {
	return fmt.Sprintf("registration: too late: cannot %v %s on %v, the host could answer until %v", e.Command, regText(e.ID), e.On, e.Due)
}

// Unwrap returns ErrTooLate.
func (e *DeadlineError) Unwrap() error { return ErrTooLate }

// TransitionError reports a command that the registration's state does not
// allow, such as confirming a withdrawn request. It matches
// ErrInvalidTransition.
type TransitionError struct {
	ID      ID          `json:"id"`
	From    State       `json:"from"`
	Command CommandKind `json:"command"`
}

// Error implements the error interface.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("registration: invalid transition: cannot %v %s%s", e.Command, regText(e.ID), inStateText(e.From))
}

// Unwrap returns ErrInvalidTransition.
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }

// ForbiddenError reports an actor that may not perform the command: only
// the named host confirms or rejects, only the foreigner withdraws, only an
// authority annuls. It matches ErrForbidden.
type ForbiddenError struct {
	ID      ID          `json:"id"`
	Actor   Actor       `json:"actor"`
	Command CommandKind `json:"command"`
}

// Error implements the error interface.
func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("registration: forbidden: %s may not %v %s", actorText(e.Actor.Kind), e.Command, regText(e.ID))
}

// Unwrap returns ErrForbidden.
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

// LogValue implements slog.LogValuer with the error's text, which names
// the actor by kind only: slog's JSON handler would otherwise write a
// ForbiddenError value (not a pointer, so not an error) in its JSON
// form, the actor's ID included.
func (e ForbiddenError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// CommandKind names a command, for errors and the transition table.
type CommandKind uint8

// The commands. Never reorder; add new commands at the end.
const (
	CmdSubmit CommandKind = iota + 1
	CmdConfirm
	CmdReject
	CmdWithdraw
	CmdLapse
	CmdSupersede
	CmdEnd
	CmdAnnul
)

var commandNames = names{"", "submit", "confirm", "reject", "withdraw", "lapse", "supersede", "end", "annul"}

// String returns the stable name, e.g. "confirm".
func (c CommandKind) String() string { return commandNames.str(uint8(c), "CommandKind") }

// MarshalText returns the stable name, or empty text for the zero value.
func (c CommandKind) MarshalText() ([]byte, error) {
	return commandNames.marshal(uint8(c), "CommandKind")
}

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (c *CommandKind) UnmarshalText(b []byte) error {
	v, err := commandNames.parse(b, "CommandKind")
	if err == nil {
		*c = CommandKind(v)
	}
	return err
}

// Command is one of Confirm, Reject, Withdraw, Lapse, Supersede, End and
// Annul: a change asked of an existing registration. Submission starts a
// registration and is not a Command.
type Command interface {
	Kind() CommandKind
	sealed()
}

// Confirm is the host's confirmation. ValidUntil is the last day the
// registration covers, computed by the caller (Rulebook.ValidUntil) from
// the stay limits and the travel document.
type Confirm struct {
	ValidUntil calendar.Date `json:"valid_until"`
}

// Reject is the host's refusal, with a reason: HostRefusal, FalseData or
// OtherReason.
type Reject struct {
	Reason Reason `json:"reason"`
}

// Withdraw is the foreigner withdrawing a request before an answer.
type Withdraw struct{}

// Lapse ends a request the host did not answer by its deadline. With the
// reason Departed it ends a request whose foreigner left the country,
// whatever the deadline: nobody is left to register; EffectiveOn is then
// the day of the exit (zero: the day the lapse is processed).
type Lapse struct {
	Reason      Reason        `json:"reason,omitzero"`
	EffectiveOn calendar.Date `json:"effective_on,omitzero"`
}

// Supersede removes the old address when a registration at a new address
// is confirmed (By names it).
type Supersede struct {
	By ID `json:"by"`
}

// End ends a registration when the foreigner leaves (Departed), the
// permitted stay or document runs out (StayExpired), or the host checks
// the guest out (CheckedOut, by the registration's host only).
// EffectiveOn is the day it happened: the exit, the check-out, the last
// day of the stay; zero means the day the command is processed. It is
// recorded in the event beside the processing day and becomes the
// registration's ClosedOn, so that a report a day late does not move
// the end of the registration.
type End struct {
	Reason      Reason        `json:"reason"`
	EffectiveOn calendar.Date `json:"effective_on,omitzero"`
}

// Annul is an authority's annulment, for FalseData or OtherReason.
type Annul struct {
	Reason Reason `json:"reason"`
}

// Kind returns CmdConfirm.
func (Confirm) Kind() CommandKind { return CmdConfirm }

// Kind returns CmdReject.
func (Reject) Kind() CommandKind { return CmdReject }

// Kind returns CmdWithdraw.
func (Withdraw) Kind() CommandKind { return CmdWithdraw }

// Kind returns CmdLapse.
func (Lapse) Kind() CommandKind { return CmdLapse }

// Kind returns CmdSupersede.
func (Supersede) Kind() CommandKind { return CmdSupersede }

// Kind returns CmdEnd.
func (End) Kind() CommandKind { return CmdEnd }

// Kind returns CmdAnnul.
func (Annul) Kind() CommandKind { return CmdAnnul }

func (Confirm) sealed()   {}
func (Reject) sealed()    {}
func (Withdraw) sealed()  {}
func (Lapse) sealed()     {}
func (Supersede) sealed() {}
func (End) sealed()       {}
func (Annul) sealed()     {}

// transition is one row of the transition table.
type transition struct {
	from State
	cmd  CommandKind
	to   State
	// actor reports whether a may perform the command on a registration
	// of the foreigner with the host.
	actor func(foreigner ForeignerID, host HostID, a Actor) bool
}

func isNamedHost(_ ForeignerID, host HostID, a Actor) bool {
	return a.Kind == ActorHost && a.ID != "" && HostID(a.ID) == host
}
func isTheForeigner(foreigner ForeignerID, _ HostID, a Actor) bool {
	return a.Kind == ActorForeigner && a.ID != "" && ForeignerID(a.ID) == foreigner
}
func isAuthority(_ ForeignerID, _ HostID, a Actor) bool {
	return a.Kind == ActorAuthority && a.ID != ""
}
func isSystem(_ ForeignerID, _ HostID, a Actor) bool { return a.Kind == ActorSystem }
func isSystemOrAuthority(f ForeignerID, h HostID, a Actor) bool {
	return isSystem(f, h, a) || isAuthority(f, h, a)
}

// mayEnd: the system or an authority ends a registration; its named host
// too, to check a guest out (Apply then requires the reason CheckedOut).
func mayEnd(f ForeignerID, h HostID, a Actor) bool {
	return isSystemOrAuthority(f, h, a) || isNamedHost(f, h, a)
}

// transitions is the whole lifecycle (docs/legal.md Part A, the procedure):
//
//	pending   --confirm (the named host)-->             confirmed
//	pending   --reject (the named host)-->              rejected
//	pending   --withdraw (the foreigner)-->             withdrawn
//	pending   --lapse (the system, after the deadline)--> lapsed
//	confirmed --supersede (the system, on a move)-->    superseded
//	confirmed --end (the system or an authority; the named host
//	            to check its guest out)-->             ended
//	confirmed --annul (an authority)-->                 annulled
//
// Submission, by the foreigner or by a hotel or dormitory for its guest,
// creates a pending (or, for a hotel, confirmed) registration.
var transitions = [...]transition{
	{Pending, CmdConfirm, Confirmed, isNamedHost},
	{Pending, CmdReject, Rejected, isNamedHost},
	{Pending, CmdWithdraw, Withdrawn, isTheForeigner},
	{Pending, CmdLapse, Lapsed, isSystem},
	{Confirmed, CmdSupersede, Superseded, isSystem},
	{Confirmed, CmdEnd, Ended, mayEnd},
	{Confirmed, CmdAnnul, Annulled, isAuthority},
}

// Allowed reports the state a command leads to from a state, and whether
// the lifecycle allows it at all (whoever asks).
func Allowed(from State, cmd CommandKind) (State, bool) {
	for _, t := range transitions {
		if t.from == from && t.cmd == cmd {
			return t.to, true
		}
	}
	return 0, false
}

// Submit starts a registration from a submission filed by the foreigner,
// or by a hotel or dormitory for its guest, at the instant at. hostDue is
// the last day for the host's answer (Rulebook.HostAnswerDue). A hotel or
// dormitory filing for its guest confirms in the same step, so validUntil
// (Rulebook.ValidUntil) is then required and the result is confirmed, with
// two events; otherwise validUntil is ignored and the result is pending.
//
// Errors: a *ValidationError (matching ErrInvalid) listing every problem
// with the submission; a *ForbiddenError when the actor is neither the
// foreigner of the submission nor its hotel or dormitory host.
func Submit(s Submission, by Actor, at time.Time, hostDue, validUntil calendar.Date) (Registration, []Event, error) {
	var ps problems
	s.validate(&ps)
	if at.IsZero() {
		ps.add("submitted_at", CodeRequired)
	}
	if hostDue.IsZero() {
		ps.add("host_due", CodeRequired)
	}
	s.checkIDs(&ps)
	if err := ps.err(); err != nil {
		return Registration{}, nil, err
	}
	return start(s, by, at, hostDue, validUntil)
}

// start is Submit after validation, which Rulebook.Submit has already done
// with more checks of its own. The submitted event holds a copy of s.
func start(s Submission, by Actor, at time.Time, hostDue, validUntil calendar.Date) (Registration, []Event, error) {
	if by.Kind != ActorHost && by.Kind != ActorForeigner {
		return Registration{}, nil, &ForbiddenError{ID: s.ID, Actor: by, Command: CmdSubmit}
	}
	submitted := Event{
		Registration: s.ID, Seq: 1, Type: EventSubmitted, At: at.UTC(), On: calendar.DateOf(at), Actor: by,
		To: Pending, Submission: &s, HostDue: hostDue,
	}
	r, err := Replay([]Event{submitted})
	if err != nil {
		return Registration{}, nil, err
	}
	hostFiles := by.Kind == ActorHost && HostID(by.ID) == r.HostID && s.Host.Kind.FilesForGuests()
	if !hostFiles && !(by.Kind == ActorForeigner && ForeignerID(by.ID) == r.Foreigner) {
		return Registration{}, nil, &ForbiddenError{ID: s.ID, Actor: by, Command: CmdSubmit}
	}
	if !hostFiles {
		return r, []Event{submitted}, nil
	}
	if validUntil.IsZero() {
		return Registration{}, nil, &ValidationError{Problems: []Problem{{Path: "valid_until", Code: CodeRequired}}}
	}
	confirmed, events, err := r.Apply(by, Confirm{ValidUntil: validUntil}, at)
	if err != nil {
		return Registration{}, nil, err
	}
	return confirmed, append([]Event{submitted}, events...), nil
}

// Apply performs cmd on r for actor by at the instant at, and returns the
// new registration and the events produced; r is not changed.
//
// Errors: a *TransitionError (ErrInvalidTransition) when r's state does not
// allow cmd; a *ForbiddenError (ErrForbidden) when it does, but not for
// this actor; a *ValidationError (ErrInvalid) for a missing or wrong
// reason, a missing valid-until date, or a zero instant; an error matching
// ErrNotDue for a Lapse on or before the host's deadline; a *DeadlineError
// (ErrTooLate) for a Confirm or Reject after it; a *RefusalError
// (ErrRefused, ground StayLimitViolation) for a Confirm whose valid-until
// date is already past: the permitted stay ended before the host answered.
func (r Registration) Apply(by Actor, cmd Command, at time.Time) (Registration, []Event, error) {
	if cmd == nil {
		return r, nil, &ValidationError{Problems: []Problem{{Path: "command", Code: CodeRequired}}}
	}
	var row *transition
	for i := range transitions {
		if transitions[i].from == r.State && transitions[i].cmd == cmd.Kind() {
			row = &transitions[i]
		}
	}
	if row == nil {
		return r, nil, &TransitionError{ID: r.ID, From: r.State, Command: cmd.Kind()}
	}
	if !row.actor(r.Foreigner, r.HostID, by) {
		return r, nil, &ForbiddenError{ID: r.ID, Actor: by, Command: cmd.Kind()}
	}
	if at.IsZero() {
		return r, nil, &ValidationError{Problems: []Problem{{Path: "at", Code: CodeRequired}}}
	}
	on := calendar.DateOf(at)
	ev := Event{
		Registration: r.ID, Seq: r.Version + 1, At: at.UTC(), On: on, Actor: by,
		From: r.State, To: row.to,
	}
	switch c := cmd.(type) {
	case Confirm:
		if on.After(r.HostDue) {
			return r, nil, &DeadlineError{ID: r.ID, Command: CmdConfirm, Due: r.HostDue, On: on}
		}
		if c.ValidUntil.IsZero() {
			return r, nil, &ValidationError{Problems: []Problem{{Path: "valid_until", Code: CodeRequired}}}
		}
		if c.ValidUntil.Before(on) {
			// The permitted stay ended before the host answered: a
			// registration cannot start after it (order No. 923's
			// stay-limit ground).
			return r, nil, &RefusalError{ID: r.ID, Ground: StayLimitViolation}
		}
		ev.Type, ev.ValidUntil = EventConfirmed, c.ValidUntil
	case Reject:
		if on.After(r.HostDue) {
			return r, nil, &DeadlineError{ID: r.ID, Command: CmdReject, Due: r.HostDue, On: on}
		}
		if err := checkReason(c.Reason, HostRefusal, FalseData, OtherReason); err != nil {
			return r, nil, err
		}
		ev.Type, ev.Reason = EventRejected, c.Reason
	case Withdraw:
		ev.Type = EventWithdrawn
	case Lapse:
		switch c.Reason.Code {
		case 0:
			if !on.After(r.HostDue) {
				return r, nil, fmt.Errorf("%w: the host may answer %s until %v", ErrNotDue, regText(r.ID), r.HostDue)
			}
		case Departed:
			if err := checkReason(c.Reason, Departed); err != nil {
				return r, nil, err
			}
			eff, err := r.effective(c.EffectiveOn, on)
			if err != nil {
				return r, nil, err
			}
			ev.EffectiveOn = eff
		default:
			return r, nil, &ValidationError{Problems: []Problem{{Path: "reason.code", Code: CodeNotAllowed}}}
		}
		if c.Reason.Code == 0 && !c.EffectiveOn.IsZero() {
			return r, nil, &ValidationError{Problems: []Problem{{Path: "effective_on", Code: CodeNotAllowed}}}
		}
		ev.Type, ev.Reason = EventLapsed, c.Reason
	case Supersede:
		if c.By == "" || c.By == r.ID {
			return r, nil, &ValidationError{Problems: []Problem{{Path: "superseded_by", Code: CodeRequired}}}
		}
		ev.Type, ev.SupersededBy = EventSuperseded, c.By
	case End:
		if (by.Kind == ActorHost) != (c.Reason.Code == CheckedOut) {
			// The host ends a registration only by checking its guest
			// out, and only the host checks a guest out.
			return r, nil, &ForbiddenError{ID: r.ID, Actor: by, Command: CmdEnd}
		}
		if err := checkReason(c.Reason, Departed, StayExpired, CheckedOut, OtherReason); err != nil {
			return r, nil, err
		}
		eff, err := r.effective(c.EffectiveOn, on)
		if err != nil {
			return r, nil, err
		}
		ev.Type, ev.Reason, ev.EffectiveOn = EventEnded, c.Reason, eff
	case Annul:
		if err := checkReason(c.Reason, FalseData, OtherReason); err != nil {
			return r, nil, err
		}
		ev.Type, ev.Reason = EventAnnulled, c.Reason
	}
	next := r
	if err := next.apply(ev); err != nil {
		return r, nil, err
	}
	return next, []Event{ev}, nil
}

// effective returns the day an end or a departure took effect: eff, or
// on (the day it is processed) when eff is zero. A day after on has not
// happened yet ("effective_on: in_future"); one before the stay's entry
// belongs to another stay ("effective_on: before_entry").
func (r Registration) effective(eff, on calendar.Date) (calendar.Date, error) {
	switch {
	case eff.IsZero():
		return on, nil
	case eff.After(on):
		return eff, &ValidationError{Problems: []Problem{{Path: "effective_on", Code: CodeInFuture}}}
	case eff.Before(r.Entry):
		return eff, &ValidationError{Problems: []Problem{{Path: "effective_on", Code: CodeBeforeEntry}}}
	}
	return eff, nil
}

func checkReason(got Reason, allowed ...ReasonCode) error {
	if got.Code == 0 {
		return &ValidationError{Problems: []Problem{{Path: "reason.code", Code: CodeRequired}}}
	}
	for _, a := range allowed {
		if got.Code == a {
			if len(got.Note) > maxText || !validText(got.Note) {
				return &ValidationError{Problems: []Problem{{Path: "reason.note", Code: CodeInvalid}}}
			}
			return nil
		}
	}
	return &ValidationError{Problems: []Problem{{Path: "reason.code", Code: CodeNotAllowed}}}
}

// Confirm is Apply with a Confirm command.
func (r Registration) Confirm(by Actor, validUntil calendar.Date, at time.Time) (Registration, []Event, error) {
	return r.Apply(by, Confirm{ValidUntil: validUntil}, at)
}

// Reject is Apply with a Reject command.
func (r Registration) Reject(by Actor, reason Reason, at time.Time) (Registration, []Event, error) {
	return r.Apply(by, Reject{Reason: reason}, at)
}

// Withdraw is Apply with a Withdraw command.
func (r Registration) Withdraw(by Actor, at time.Time) (Registration, []Event, error) {
	return r.Apply(by, Withdraw{}, at)
}

// Lapse is Apply with a Lapse command by the system, for a request the
// host did not answer in time.
func (r Registration) Lapse(at time.Time) (Registration, []Event, error) {
	return r.Apply(System(), Lapse{}, at)
}

// Supersede is Apply with a Supersede command by the system.
func (r Registration) Supersede(by ID, at time.Time) (Registration, []Event, error) {
	return r.Apply(System(), Supersede{By: by}, at)
}

// End is Apply with an End command.
func (r Registration) End(by Actor, reason Reason, at time.Time) (Registration, []Event, error) {
	return r.Apply(by, End{Reason: reason}, at)
}

// Annul is Apply with an Annul command.
func (r Registration) Annul(by Actor, reason Reason, at time.Time) (Registration, []Event, error) {
	return r.Apply(by, Annul{Reason: reason}, at)
}

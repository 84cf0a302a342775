package registration

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/migreg/migreg/calendar"
)

// EventType says what an event records.
type EventType uint8

// The event types, one per transition. Never reorder; add new types at the
// end.
const (
	EventSubmitted EventType = iota + 1
	EventConfirmed
	EventRejected
	EventWithdrawn
	EventLapsed
	EventSuperseded
	EventEnded
	EventAnnulled
)

var eventTypeNames = names{"", "submitted", "confirmed", "rejected", "withdrawn", "lapsed", "superseded", "ended", "annulled"}

// String returns the stable name, e.g. "confirmed".
func (t EventType) String() string { return eventTypeNames.str(uint8(t), "EventType") }

// IsValid reports whether t is one of the defined types.
func (t EventType) IsValid() bool { return t >= EventSubmitted && t <= EventAnnulled }

// MarshalText returns the stable name, or empty text for the zero value.
func (t EventType) MarshalText() ([]byte, error) {
	return eventTypeNames.marshal(uint8(t), "EventType")
}

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (t *EventType) UnmarshalText(b []byte) error {
	v, err := eventTypeNames.parse(b, "EventType")
	if err == nil {
		*t = EventType(v)
	}
	return err
}

// Command returns the command whose transition the event records (zero
// for EventSubmitted, which starts a registration).
func (t EventType) Command() CommandKind {
	if t.IsValid() && t != EventSubmitted {
		// The event types after EventSubmitted follow the commands after
		// CmdSubmit one for one.
		return CommandKind(t)
	}
	return 0
}

// Event is one entry of a registration's audit log: what happened, when,
// by whom, and the data the transition needed, so that Replay rebuilds the
// registration from its events alone. Events are append-only and numbered
// from 1 per registration.
type Event struct {
	Registration ID            `json:"registration"`
	Seq          int           `json:"seq"`
	Type         EventType     `json:"type"`
	At           time.Time     `json:"at"` // the instant, in UTC
	On           calendar.Date `json:"on"` // the legal day in Kazakhstan
	// EffectiveOn is the day what the event records happened, when that
	// is not the day it was processed: the exit, the check-out or the
	// last day of the stay that ended a registration (EventEnded), the
	// exit that lapsed a request (EventLapsed with reason Departed).
	// Border data and a hotel's system may report a day late; the audit
	// log keeps both dates.
	EffectiveOn calendar.Date `json:"effective_on,omitzero"`
	Actor       Actor         `json:"actor"`
	From        State         `json:"from,omitzero"`
	To          State         `json:"to"`

	// Submission and HostDue: for EventSubmitted.
	Submission   *Submission   `json:"submission,omitempty"`
	HostDue      calendar.Date `json:"host_due,omitzero"`
	ValidUntil   calendar.Date `json:"valid_until,omitzero"`    // EventConfirmed
	Reason       Reason        `json:"reason,omitzero"`         // rejected, ended, annulled
	SupersededBy ID            `json:"superseded_by,omitempty"` // EventSuperseded
}

// CloneEvents returns a copy of events that shares no memory with them:
// each submission, behind a pointer, is copied too. A store that keeps
// events in memory, or a test that changes a copy, needs one.
func CloneEvents(events []Event) []Event {
	out := slices.Clone(events)
	for i, e := range out {
		if e.Submission != nil {
			s := *e.Submission
			out[i].Submission = &s
		}
	}
	return out
}

// String describes the event without personal data (the actor by kind
// only), e.g. "r-1 #2 2026-07-03 confirmed by host (pending -> confirmed)"
// or, for the event that starts a registration, "r-1 #1 2026-07-01
// submitted by foreigner (to pending)". The zero Event is "no event".
func (e Event) String() string {
	if e == (Event{}) {
		return "no event"
	}
	s := fmt.Sprintf("%s #%d %v %v by %s", cutText(string(e.Registration), maxIDText), e.Seq, e.On, e.Type, actorText(e.Actor.Kind))
	switch {
	case e.From != 0:
		s += " (" + stateText(e.From) + " -> " + stateText(e.To) + ")"
	case e.To != 0:
		s += " (to " + stateText(e.To) + ")"
	}
	if e.Reason.Code != 0 {
		s += " reason " + e.Reason.String()
	}
	if !e.EffectiveOn.IsZero() && e.EffectiveOn != e.On {
		s += fmt.Sprintf(" effective %v", e.EffectiveOn)
	}
	return s
}

// ErrCorruptLog is matched when events do not replay: a gap in the
// numbering, a first event that is not a submission, a transition the
// lifecycle does not have.
var ErrCorruptLog = errors.New("registration: events do not replay")

// Replay rebuilds a registration from its events, in order. It checks that
// they are numbered 1, 2, 3, ... for one registration, begin with a
// submission, and follow the lifecycle; anything else is an error matching
// ErrCorruptLog. It does not re-check actors: the log records what was
// decided.
func Replay(events []Event) (Registration, error) {
	var r Registration
	for _, e := range events {
		if err := r.apply(e); err != nil {
			return Registration{}, err
		}
	}
	if len(events) == 0 {
		return Registration{}, fmt.Errorf("%w: no events", ErrCorruptLog)
	}
	return r, nil
}

// apply changes r by one event.
func (r *Registration) apply(e Event) error {
	bad := func(why string) error {
		return fmt.Errorf("%w: %s event %d: %s", ErrCorruptLog, regText(e.Registration), e.Seq, why)
	}
	if e.Seq != r.Version+1 {
		return bad(fmt.Sprintf("expected event %d", r.Version+1))
	}
	if e.Type == EventSubmitted {
		if r.Version != 0 || e.Submission == nil {
			return bad("a submission must come first, once, with its data")
		}
		s := e.Submission
		if e.Registration != s.ID {
			return bad("the submission names another registration")
		}
		*r = Registration{
			ID: s.ID, State: Pending, Foreigner: s.Foreigner, HostID: s.HostID,
			Person: s.Person, Host: s.Host, Address: s.Address, Place: s.Place,
			Entry: s.Entry, MovedFrom: s.MovedFrom, MovedOn: s.MovedOn, Group: s.Group, Guardian: s.Guardian,
			PlannedEnd: s.PlannedEnd,
			FiledBy:    e.Actor.Kind, SubmittedAt: e.At, SubmittedOn: e.On, HostDue: e.HostDue,
		}
		r.Version = 1
		return nil
	}
	if r.Version == 0 {
		return bad("the first event must be a submission")
	}
	if e.Registration != r.ID {
		return bad("the event names another registration")
	}
	if e.From != r.State {
		return bad(fmt.Sprintf("recorded from %s, but the registration is %s", stateText(e.From), stateText(r.State)))
	}
	to, ok := Allowed(r.State, e.Type.Command())
	if !ok || to != e.To {
		return bad(fmt.Sprintf("%v is not a transition from %s", e.Type, stateText(r.State)))
	}
	r.State = to
	r.Version = e.Seq
	switch e.Type {
	case EventConfirmed:
		r.ConfirmedOn, r.ValidUntil = e.On, e.ValidUntil
	case EventSuperseded:
		r.SupersededBy = e.SupersededBy
	}
	if e.Reason.Code != 0 {
		r.Reason = e.Reason
	}
	if to.IsFinal() {
		r.ClosedOn = e.On
		if !e.EffectiveOn.IsZero() {
			r.ClosedOn = e.EffectiveOn
		}
	}
	return nil
}

// Format makes every fmt verb print String, which carries no personal
// data (the submission's content is left out).
func (e Event) Format(f fmt.State, verb rune) { fmt.Fprint(f, e.String()) }

// LogValue implements slog.LogValuer without the submission's content.
func (e Event) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("registration", string(e.Registration)),
		slog.Int("seq", e.Seq),
		slog.String("type", e.Type.String()),
		slog.String("on", e.On.String()),
	}
	if !e.EffectiveOn.IsZero() {
		attrs = append(attrs, slog.String("effective_on", e.EffectiveOn.String()))
	}
	return slog.GroupValue(append(attrs, slog.String("actor", e.Actor.Kind.String()))...)
}

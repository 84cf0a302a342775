package sqlstore

import (
	"database/sql"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
)

// What a registration's rows hold: each fact once (schema version 4).
//
// What a foreigner submitted is stored once, in the registration's
// submitted column: the submission of its first event, which never
// changes. The first event's body then leaves it out, and so does the
// registration's body, which holds only what the columns beside it and the
// submission do not: the dates and reasons of its lifecycle, and, should
// a caller have changed them, the registration's own person, host,
// address, place or move (pointers: absent means as submitted). An
// event's body leaves out its registration, number, type and instant,
// which are columns.
//
// Rows written before version 4 have no submitted column (NULL), a body
// with the whole registration and events with their whole selves: they
// read as they did, since the bodies use the same JSON keys.

// registrationBody is the body column of a registration.
type registrationBody struct {
	Person    *registration.Person  `json:"person,omitempty"`
	Host      *registration.Host    `json:"host,omitempty"`
	Address   *registration.Address `json:"address,omitempty"`
	Place     *registration.Place   `json:"place,omitempty"`
	MovedFrom *registration.ID      `json:"moved_from,omitempty"`
	MovedOn   *calendar.Date        `json:"moved_on,omitempty"`
	Group     *registration.GroupID `json:"group,omitempty"`
	Guardian  *registration.ID      `json:"guardian,omitempty"`
	// PlannedEnd is last: added with issue 22.
	PlannedEnd *calendar.Date `json:"planned_end,omitempty"`

	FiledBy      registration.ActorKind `json:"filed_by,omitzero"`
	SubmittedOn  calendar.Date          `json:"submitted_on,omitzero"`
	HostDue      calendar.Date          `json:"host_due,omitzero"`
	ConfirmedOn  calendar.Date          `json:"confirmed_on,omitzero"`
	ClosedOn     calendar.Date          `json:"closed_on,omitzero"`
	Reason       registration.Reason    `json:"reason,omitzero"`
	SupersededBy registration.ID        `json:"superseded_by,omitempty"`
}

// changed returns &v when v differs from what was submitted, else nil.
func changed[T comparable](v, submitted T) *T {
	if v == submitted {
		return nil
	}
	return &v
}

// submissionOf returns what r holds of its submission, without the ID,
// as the submitted column stores it.
func submissionOf(r registration.Registration) registration.Submission {
	return registration.Submission{Person: r.Person, Host: r.Host, Address: r.Address, Place: r.Place,
		Entry: r.Entry, MovedFrom: r.MovedFrom, MovedOn: r.MovedOn, Group: r.Group, Guardian: r.Guardian,
		PlannedEnd: r.PlannedEnd, Foreigner: r.Foreigner, HostID: r.HostID}
}

// encodeSubmission encodes the submitted column: the submission without
// its ID, which is the registration's.
func encodeSubmission(s registration.Submission, id registration.ID) (string, error) {
	s.ID = ""
	return marshal(s, "the submission of registration "+redact.ID(string(id)))
}

// encodeRegistration encodes the body of r, whose submission is sub.
func encodeRegistration(r registration.Registration, sub registration.Submission) (string, error) {
	b := registrationBody{
		Person: changed(r.Person, sub.Person), Host: changed(r.Host, sub.Host), Address: changed(r.Address, sub.Address),
		Place: changed(r.Place, sub.Place), MovedFrom: changed(r.MovedFrom, sub.MovedFrom), MovedOn: changed(r.MovedOn, sub.MovedOn),
		Group: changed(r.Group, sub.Group), Guardian: changed(r.Guardian, sub.Guardian),
		PlannedEnd: changed(r.PlannedEnd, sub.PlannedEnd),
		FiledBy:    r.FiledBy, SubmittedOn: r.SubmittedOn, HostDue: r.HostDue, ConfirmedOn: r.ConfirmedOn,
		ClosedOn: r.ClosedOn, Reason: r.Reason, SupersededBy: r.SupersededBy,
	}
	return marshal(b, "registration "+redact.ID(string(r.ID)))
}

// registrationColumns are what a statement selects to read a
// registration, in the order scanRegistration scans them.
const registrationColumns = `id, version, state, foreigner, host_id, entry, valid_until, submitted_at, submitted, body`

// scanRegistration reads a registration from the columns of
// registrationColumns.
func scanRegistration(sc interface{ Scan(...any) error }) (registration.Registration, error) {
	var r registration.Registration
	var state string
	var submitted, body []byte
	if err := sc.Scan(&r.ID, &r.Version, &state, &r.Foreigner, &r.HostID, &r.Entry, &r.ValidUntil,
		instant{&r.SubmittedAt}, &submitted, &body); err != nil {
		return registration.Registration{}, err
	}
	var sub registration.Submission // none before version 4: the body has it all
	if submitted != nil {
		if err := unmarshal(submitted, &sub, "submission"); err != nil {
			return registration.Registration{}, err
		}
	}
	var b registrationBody
	if err := unmarshal(body, &b, "registration"); err != nil {
		return registration.Registration{}, err
	}
	if err := r.State.UnmarshalText([]byte(state)); err != nil {
		return registration.Registration{}, fmt.Errorf("sqlstore: stored state %q: %w", state, err)
	}
	r.Person, r.Host, r.Address, r.Place = or(b.Person, sub.Person), or(b.Host, sub.Host), or(b.Address, sub.Address), or(b.Place, sub.Place)
	r.MovedFrom, r.MovedOn = or(b.MovedFrom, sub.MovedFrom), or(b.MovedOn, sub.MovedOn)
	r.Group, r.Guardian = or(b.Group, sub.Group), or(b.Guardian, sub.Guardian)
	r.PlannedEnd = or(b.PlannedEnd, sub.PlannedEnd)
	r.FiledBy, r.SubmittedOn, r.HostDue, r.ConfirmedOn = b.FiledBy, b.SubmittedOn, b.HostDue, b.ConfirmedOn
	r.ClosedOn, r.Reason, r.SupersededBy = b.ClosedOn, b.Reason, b.SupersededBy
	return r, nil
}

// or returns *p, or submitted when p is nil.
func or[T any](p *T, submitted T) T {
	if p != nil {
		return *p
	}
	return submitted
}

// eventBody is the body column of an event.
type eventBody struct {
	On           calendar.Date            `json:"on"`
	Actor        registration.Actor       `json:"actor"`
	From         registration.State       `json:"from,omitzero"`
	To           registration.State       `json:"to"`
	Submission   *registration.Submission `json:"submission,omitempty"` // but the first event's, in the submitted column
	HostDue      calendar.Date            `json:"host_due,omitzero"`
	ValidUntil   calendar.Date            `json:"valid_until,omitzero"`
	Reason       registration.Reason      `json:"reason,omitzero"`
	SupersededBy registration.ID          `json:"superseded_by,omitempty"`
	EffectiveOn  calendar.Date            `json:"effective_on,omitzero"`
}

// encodeEvent encodes the body of e; first says that its submission is
// stored in the registration's submitted column.
func encodeEvent(e registration.Event, first bool) (string, error) {
	b := eventBody{On: e.On, Actor: e.Actor, From: e.From, To: e.To, Submission: e.Submission,
		HostDue: e.HostDue, ValidUntil: e.ValidUntil, Reason: e.Reason, SupersededBy: e.SupersededBy, EffectiveOn: e.EffectiveOn}
	if first {
		b.Submission = nil
	}
	return marshal(b, fmt.Sprintf("event %d of registration %s", e.Seq, e.Registration))
}

// eventColumns are what a statement selects from registration_events to
// read an event, with its registration's submitted column for the first,
// in the order scanEvent scans them.
const eventColumns = `seq, type, at, body,
CASE WHEN seq = 1 THEN (SELECT submitted FROM @registrations WHERE id = registration_id) END`

// scanEvent reads an event of the registration id from the columns of
// eventColumns.
func scanEvent(rows *sql.Rows, id registration.ID) (registration.Event, error) {
	e, _, err := scanEventBody(rows, id)
	return e, err
}

// scanEventBody is scanEvent that also returns the stored body, for
// erasure, which must know whether the body says it was erased.
func scanEventBody(rows *sql.Rows, id registration.ID) (registration.Event, []byte, error) {
	e := registration.Event{Registration: id}
	var typ string
	var body, submitted []byte
	if err := rows.Scan(&e.Seq, &typ, instant{&e.At}, &body, &submitted); err != nil {
		return e, nil, err
	}
	var b eventBody
	if err := unmarshal(body, &b, "event"); err != nil {
		return e, nil, err
	}
	if err := e.Type.UnmarshalText([]byte(typ)); err != nil {
		return e, nil, fmt.Errorf("sqlstore: stored event type %q: %w", typ, err)
	}
	if b.Submission == nil && submitted != nil {
		b.Submission = new(registration.Submission)
		if err := unmarshal(submitted, b.Submission, "submission"); err != nil {
			return e, nil, err
		}
		b.Submission.ID = id
	}
	e.On, e.Actor, e.From, e.To, e.Submission = b.On, b.Actor, b.From, b.To, b.Submission
	e.HostDue, e.ValidUntil, e.Reason, e.SupersededBy = b.HostDue, b.ValidUntil, b.Reason, b.SupersededBy
	e.EffectiveOn = b.EffectiveOn
	return e, body, nil
}

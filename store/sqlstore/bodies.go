package sqlstore

import (
	"database/sql"
	"fmt"
	"strings"

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

// submittedColumn is the submitted column: the submission without its ID
// (the registration's), and without its foreigner and host when they are
// the registration's columns, which no update changes (schema 6): IDs
// then says so.
type submittedColumn struct {
	registration.Submission
	IDs bool `json:"ids_as_columns,omitempty"`
}

// encodeSubmission encodes the submitted column of r, whose submission is
// s.
func encodeSubmission(s registration.Submission, r registration.Registration) (string, error) {
	c := submittedColumn{Submission: s}
	c.ID = ""
	if s.Foreigner == r.Foreigner && s.HostID == r.HostID {
		c.Foreigner, c.HostID, c.IDs = "", "", true
	}
	b, err := marshal(c, "the submission of registration "+redact.ID(string(r.ID)))
	// The empty ID is the same as none: leave it out.
	return strings.Replace(b, `{"A":"",`, "{", 1), err
}

// decodeSubmission decodes a submitted column of a registration whose
// columns are foreigner and host.
func decodeSubmission(b []byte, foreigner registration.ForeignerID, host registration.HostID) (registration.Submission, error) {
	var c submittedColumn
	if err := unmarshal(b, &c, "submission"); err != nil {
		return registration.Submission{}, err
	}
	if c.IDs {
		c.Foreigner, c.HostID = foreigner, host
	}
	return c.Submission, nil
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
	if err := sc.Scan(&r.ID, &r.Version, storedName{&state}, &r.Foreigner, &r.HostID, &r.Entry, &r.ValidUntil,
		instant{&r.SubmittedAt}, &submitted, &body); err != nil {
		return registration.Registration{}, err
	}
	var sub registration.Submission // none before version 4: the body has it all
	if submitted != nil {
		var err error
		if sub, err = decodeSubmission(submitted, r.Foreigner, r.HostID); err != nil {
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
	// On is left out when it is the day of the event's instant, as the
	// Service makes it (schema 6); rows of versions before have it always.
	On           *calendar.Date           `json:"on,omitempty"`
	Actor        registration.Actor       `json:"actor"`
	From         registration.State       `json:"from,omitzero"`
	To           registration.State       `json:"to"`
	Submission   *registration.Submission `json:"submission,omitempty"` // but the first event's, in the submitted column
	HostDue      calendar.Date            `json:"host_due,omitzero"`
	ValidUntil   calendar.Date            `json:"valid_until,omitzero"`
	Reason       registration.Reason      `json:"reason,omitzero"`
	SupersededBy registration.ID          `json:"superseded_by,omitempty"`
	EffectiveOn  calendar.Date            `json:"effective_on,omitzero"`
	// Party says that the actor is the registration's host, whose ID is
	// then left out (schema 6). (A foreigner actor keeps their ID: a merge
	// moves the registration to another foreigner, and the event log keeps
	// who acted.)
	Party bool `json:"party,omitempty"`
}

// encodeEvent encodes the body of e, an event of r; first says that its
// submission is stored in the registration's submitted column.
func encodeEvent(e registration.Event, r registration.Registration, first bool) (string, error) {
	b := eventBody{Actor: e.Actor, From: e.From, To: e.To, Submission: e.Submission,
		HostDue: e.HostDue, ValidUntil: e.ValidUntil, Reason: e.Reason, SupersededBy: e.SupersededBy, EffectiveOn: e.EffectiveOn}
	if first {
		b.Submission = nil
	}
	if e.On != calendar.DateOf(e.At) {
		b.On = &e.On
	}
	if party(e.Actor, r.HostID) {
		b.Actor.ID, b.Party = "", true
	}
	return marshal(b, fmt.Sprintf("event %d of registration %s", e.Seq, redact.ID(string(e.Registration))))
}

// party reports whether a is the registration's host (not an actor with
// no ID); the host of a registration never changes.
func party(a registration.Actor, host registration.HostID) bool {
	return a.Kind == registration.ActorHost && a.ID != "" && a.ID == string(host)
}

// sqlEvents reads the events of a registration, with what of the
// registration decodes them: its submitted column for the first, its
// foreigner and host, in the order scanEvent scans them.
// (The tables have no aliases, which the plan tests would not know.)
const sqlEvents = `SELECT seq, type, at, @registration_events.body, CASE WHEN seq = 1 THEN submitted END, foreigner, host_id
FROM @registration_events JOIN @registrations ON id = registration_id
WHERE registration_id = ? ORDER BY seq`

// scanEvent reads an event of the registration id from the columns of
// sqlEvents.
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
	var foreigner registration.ForeignerID
	var host registration.HostID
	if err := rows.Scan(&e.Seq, storedName{&typ}, instant{&e.At}, &body, &submitted, &foreigner, &host); err != nil {
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
		sub, err := decodeSubmission(submitted, foreigner, host)
		if err != nil {
			return e, nil, err
		}
		sub.ID = id
		b.Submission = &sub
	}
	if b.Party {
		b.Actor.ID = string(host)
	}
	e.On = calendar.DateOf(e.At)
	if b.On != nil {
		e.On = *b.On
	}
	e.Actor, e.From, e.To, e.Submission = b.Actor, b.From, b.To, b.Submission
	e.HostDue, e.ValidUntil, e.Reason, e.SupersededBy = b.HostDue, b.ValidUntil, b.Reason, b.SupersededBy
	e.EffectiveOn = b.EffectiveOn
	return e, body, nil
}

package store

import (
	"bytes"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
)

// This file is the part of the contract that keeps personal data only as
// long as it is needed (issue 21; README, "Personal data"). The methods
// it documents are declared in ReadTx and Tx.
//
// ReadTx.CertificatesByNumber returns the certificates whose number is
// number, ordered by registration ID (none is not an error): a
// certificate's token carries no registration ID, so an online check finds
// it by its number, which two certificates may rarely share. A store
// indexes the number.
//
// ReadTx.Link returns the link stored from an ID, or ErrNotFound.
//
// ReadTx.Foreigners lists the IDs of the persons stored with PutForeigner,
// in byte order, one page at a time, as Registrations pages (the cursor
// after an ID is NewCursor(string(id))). Erasure walks it.
//
// Tx.PutLink stores a link. Errors: ErrInvalid (CheckLink); ErrDuplicate
// when From is linked already (a link is never replaced: it is the audit
// record of a decision).
//
// Tx.EraseForeigner erases the personal data of a foreigner wherever the
// store keeps it, and keeps the shape of their history and the counts that
// statistics need:
//
//   - the person record is deleted (Foreigner then returns ErrNotFound);
//   - every registration of the foreigner is replaced by
//     ErasedRegistration of it, version and state unchanged;
//   - every event of those registrations by ErasedEvent of it: the one
//     change the append-only event log allows, once per event;
//   - their certificates are deleted;
//   - their outbox messages (those of their registrations, and those
//     addressed to them) keep their IDs, kinds, recipients, instants and
//     attempts, but their bodies are replaced by ErasedBody and their
//     LastError is emptied: a notifier's error text can quote a contact
//     ("550 mailbox aigerim@example.kz unavailable"). A message erased
//     before it was delivered is never delivered: its body no longer has
//     the fields its kind documents, so the Service's Deliver parks it
//     without handing it to the notifier (IsErasedBody);
//   - the idempotency records that name them, the foreigner's deadlines
//     and the links to or from the foreigner are deleted;
//   - trips are kept: dates under a pseudonym.
//
// Erasing a foreigner twice, or one the store does not know, is not an
// error. ErrInvalid for an empty ID.
//
// Tx.MergeForeigner moves every record of the foreigner from under the
// foreigner to: an authority found that the two IDs are one person's (a
// renewed travel document seen before it was linked; README, "Personal
// data"), so the history, stay count and violations must follow one ID.
//
//   - from's trips become to's;
//   - from's registrations become to's (Registration.Foreigner, and the
//     Foreigner of the submission their first event carries), with their
//     IDs, versions, events, certificates and messages unchanged: a
//     listing by to then finds them;
//   - from's deadlines are re-keyed under to (DeadlineKey.Foreigner), due
//     dates and subjects unchanged;
//   - outbox messages addressed to from (Message.To) are addressed to to;
//     their IDs and bodies are unchanged;
//   - links to from now point to to, so that every ID of the person is one
//     link away from the ID their records are kept under;
//   - from's person record is deleted (to's is kept as it is).
//
// Kept as they are: idempotency records (they name registrations, which
// keep their IDs, and their keys are scoped by the document the filer
// showed, as a retry shows it again), the actors of events (the audit
// record of who acted, under the ID they had then), links from from.
//
// It changes two foreigners' records, so a caller locks both first
// (Tx.Lock; the Service locks from, then to, as its commands lock a
// document's ID before the person's). A from the store holds nothing of is not an error: nothing moves but
// the links to it. Errors, each changing nothing: ErrInvalid for an empty
// or invalid ID, or from equal to to (CheckMerge); ErrConflict when a trip
// of from shares a day with a trip of to (an open trip runs on without
// end: one person is never on two trips at once, CheckMergeTrips), when
// both have an active registration (the one-active invariant), when a
// deadline of from has the kind and subject of one of to's, or when to is
// linked to from (the link would point to itself).
//
// Tx.DeleteIdempotencyBefore deletes the idempotency records created
// before the instant and returns how many it deleted; a record with no
// creation instant is kept (its age is unknown).

// Link records that two foreigner IDs name one person: a renewed travel
// document (From: the new document's ID) linked by an authority to the
// person's earlier ID (To), or the ID of an IIN linked to the person the
// IIN was first submitted with. The Service resolves From to To before
// every command, so the person's history, stay count and violations
// follow them.
//
// A link is the audit record of the decision: who (By), when (At), and a
// note (Note, no personal data: a case number, say). It is never changed;
// erasure deletes it with the person.
//
// String, fmt verbs and LogValue mask the IDs, as ForeignerID's do.
type Link struct {
	From registration.ForeignerID `json:"from"`
	To   registration.ForeignerID `json:"to"`
	By   registration.Actor       `json:"by"`
	At   time.Time                `json:"at"`
	Note string                   `json:"note,omitempty"`
}

// String describes the link with its IDs masked, e.g. "link f_*** ->
// f_*** by authority on 2026-07-01".
func (l Link) String() string {
	return fmt.Sprintf("link %v -> %v by %v at %s", l.From, l.To, l.By, l.At.UTC().Format(time.RFC3339))
}

// Format makes every fmt verb print String.
func (l Link) Format(f fmt.State, verb rune) { fmt.Fprint(f, l.String()) }

// LogValue implements slog.LogValuer with the IDs masked and no note.
func (l Link) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("from", l.From.String()),
		slog.String("to", l.To.String()),
		slog.Any("by", l.By),
		slog.Time("at", l.At),
	)
}

// CheckLink reports a link no store can keep: an empty or invalid From or
// To, a link from an ID to itself, no actor, a zero or unstorable instant,
// or a note over 200 bytes or not valid text. The error matches
// ErrInvalid. It is for store implementations, whose PutLink calls it.
func CheckLink(l Link) error {
	if err := checkKey("link from", string(l.From), true); err != nil {
		return err
	}
	if err := checkKey("link to", string(l.To), true); err != nil {
		return err
	}
	switch {
	case l.From == l.To:
		return fmt.Errorf("%w: a link from an ID to itself", ErrInvalid)
	case l.By.Kind == 0:
		return fmt.Errorf("%w: a link needs who made it", ErrInvalid)
	case l.At.IsZero():
		return fmt.Errorf("%w: a link needs when it was made", ErrInvalid)
	case len(l.Note) > 200:
		return fmt.Errorf("%w: a link's note is over 200 bytes", ErrInvalid)
	}
	if err := checkKey("link note", l.Note, false); err != nil {
		return err
	}
	if err := checkKey("link actor", l.By.ID, false); err != nil {
		return err
	}
	return checkInstant("link at", l.At)
}

// CheckMerge reports a merge no store can make (Tx.MergeForeigner): an
// empty from or to, one that is not valid text, or from equal to to. The
// error matches ErrInvalid. It is for store implementations, whose
// MergeForeigner calls it before anything else.
func CheckMerge(from, to registration.ForeignerID) error {
	if err := checkKey("merge from", string(from), true); err != nil {
		return err
	}
	if err := checkKey("merge to", string(to), true); err != nil {
		return err
	}
	if from == to {
		return fmt.Errorf("%w: a merge of a foreigner into themselves", ErrInvalid)
	}
	return nil
}

// CheckMergeTrips reports, as an error matching ErrConflict, trips of two
// foreigners that share a day (an open trip runs on without end): merged,
// they would put one person on two trips at once. Each list is ordered by
// entry, as Trips returns it. It is for store implementations, whose
// MergeForeigner calls it with the trips of from and to.
func CheckMergeTrips(from, to []stay.Trip) error {
	// One walk over both lists in order of entry (two histories of 5,000
	// trips are 10,000 steps, not 25,000,000): a trip that shares a day
	// with a later one shares it with the next one too, as the trips of
	// one list never share a day.
	type trip struct {
		stay.Trip
		from bool
	}
	all := make([]trip, 0, len(from)+len(to))
	for _, t := range from {
		all = append(all, trip{t, true})
	}
	for _, t := range to {
		all = append(all, trip{t, false})
	}
	slices.SortStableFunc(all, func(a, b trip) int { return a.Entry.Compare(b.Entry) })
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.from != b.from && (a.Exit.IsZero() || !b.Entry.After(a.Exit)) {
			return fmt.Errorf("%w: a trip entered on %s overlaps one entered on %s", ErrConflict, a.Entry, b.Entry)
		}
	}
	return nil
}

// What erasure keeps (Tx.EraseForeigner): the functions below are for
// store implementations and the conformance suite, so that every store
// keeps the same of what it erases (see "For implementers" in the
// package documentation).

// erasedBody is what an erased outbox message's body becomes.
var erasedBody = []byte(`{"erased":true}`)

// ErasedBody returns the body an erased outbox message keeps: a JSON
// object that says so, a new slice each time.
func ErasedBody() []byte { return append([]byte(nil), erasedBody...) }

// IsErasedBody reports whether body is the one ErasedBody returns: the
// message was erased, and no longer holds what its kind promises a
// receiver. The Service never delivers such a message (Service.Deliver).
func IsErasedBody(body []byte) bool { return bytes.Equal(body, erasedBody) }

// ErasedPerson returns what erasure keeps of a person: what statistics
// count (citizenship, sex, the year of birth as 1 January of it, the
// document's kind and issuing country), and nothing that identifies them:
// no names, document number or expiry, IIN or exact birth date.
func ErasedPerson(p registration.Person) registration.Person {
	out := registration.Person{
		Sex: p.Sex, Citizenship: p.Citizenship,
		Document: registration.Document{Kind: p.Document.Kind, IssuingCountry: p.Document.IssuingCountry},
	}
	if !p.BirthDate.IsZero() {
		out.BirthDate = calendar.NewDate(p.BirthDate.Year(), time.January, 1)
	}
	return out
}

// ErasedHost returns what erasure keeps of a host in a foreigner's
// records: its kind and business size, and the name and BIN of an
// organisation identified by its BIN (which name a business, not a
// person); never an IIN or any contact, nor the name of an individual or
// of a host identified by an IIN alone: a hotel or organisation run by an
// individual entrepreneur under their IIN often bears the owner's name
// (the certificate leaves such a name out for the same reason; package
// certificate).
func ErasedHost(h registration.Host) registration.Host {
	out := registration.Host{Kind: h.Kind, Size: h.Size}
	switch h.Kind {
	case registration.HostHotel, registration.HostDormitory, registration.HostRestHouse, registration.HostOrganisation:
		if !h.BIN.IsZero() {
			out.Name, out.BIN = h.Name, h.BIN
		}
	}
	return out
}

// ErasedAddress returns what erasure keeps of an address: the region,
// which statistics count by; not the locality, street, building, unit or
// KATO code, which locate a home.
func ErasedAddress(a registration.Address) registration.Address {
	return registration.Address{Region: a.Region}
}

// ErasedRegistration returns r with its person, host and address erased
// (ErasedPerson, ErasedHost, ErasedAddress); its IDs, state, version,
// dates, place and reasons are kept, so the history keeps its shape.
func ErasedRegistration(r registration.Registration) registration.Registration {
	r.Person, r.Host, r.Address = ErasedPerson(r.Person), ErasedHost(r.Host), ErasedAddress(r.Address)
	r.Reason.Note = ""
	return r
}

// ErasedEvent returns e with the personal data of its submission erased,
// as ErasedRegistration does, and its reason's free-text note dropped.
// The submission is copied: e's is unchanged.
func ErasedEvent(e registration.Event) registration.Event {
	if e.Submission != nil {
		s := *e.Submission
		s.Person, s.Host, s.Address = ErasedPerson(s.Person), ErasedHost(s.Host), ErasedAddress(s.Address)
		e.Submission = &s
	}
	e.Reason.Note = ""
	return e
}

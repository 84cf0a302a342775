package migreg

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// CertificateIssuer issues the certificate of a confirmed registration:
// the Service stores its token (Certificate.Token) and tells the
// foreigner its number. certificate.Issuer satisfies it.
type CertificateIssuer interface {
	Issue(r registration.Registration, at time.Time) (certificate.Certificate, error)
}

// save stores what a change did, in the transaction of the command, with
// everything that follows from it: the deadline index, the certificate of
// a confirmed registration, and the outbox messages of its events.
func (s *Service) save(ctx context.Context, tx store.Tx, ch registration.Change, at time.Time) error {
	// The registrations that are no longer active first, so that the
	// store never holds two active registrations of one foreigner, not
	// even inside a transaction.
	for _, active := range []bool{false, true} {
		for _, c := range ch.Changed {
			r := c.Registration
			if r.State.IsActive() != active {
				continue
			}
			var err error
			if c.ReadVersion == 0 {
				err = tx.CreateRegistration(ctx, r, ch.EventsOf(r.ID))
			} else {
				err = tx.UpdateRegistration(ctx, r, c.ReadVersion, ch.EventsOf(r.ID))
			}
			if err != nil {
				return err
			}
		}
	}
	// The number of the certificate issued now, if any: a change confirms
	// at most one registration, the one it was asked for.
	number := ""
	for _, c := range ch.Changed {
		r := c.Registration
		if err := s.keepDeadlines(ctx, tx, r, c.ReadVersion == 0); err != nil {
			return err
		}
		if r.State == registration.Confirmed {
			var err error
			if number, err = s.issue(ctx, tx, r, at); err != nil {
				return err
			}
		}
	}
	if err := s.keepFilingDeadlines(ctx, tx, ch); err != nil {
		return err
	}
	var msgs []store.Message
	for _, e := range ch.Events {
		changed, _ := ch.Dossier.Find(e.Registration)
		m, ok, err := message(e, changed, number)
		if err != nil {
			return err
		}
		if ok {
			m.CreatedAt, m.NextAttempt = at.UTC(), at.UTC()
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return tx.Enqueue(ctx, msgs...)
}

// issue issues and stores the certificate of a confirmed registration and
// returns its number ("" without an issuer).
func (s *Service) issue(ctx context.Context, tx store.Tx, r registration.Registration, at time.Time) (string, error) {
	if s.issuer == nil {
		return "", nil
	}
	c, err := s.issuer.Issue(r, at)
	if err != nil {
		return "", err
	}
	token, err := c.Token()
	if err != nil {
		return "", err
	}
	number := c.Number.String()
	return number, tx.PutCertificate(ctx, store.Certificate{Registration: r.ID, Number: number, Token: token, IssuedAt: c.IssuedAt})
}

// The keys of the deadline index: one per kind, foreigner and subject. A
// registration deadline's subject is the entry date; a re-registration's
// is the registration moved out of and the date of the move; the others'
// is the registration.

func registrationKey(foreigner registration.ForeignerID, entry calendar.Date) store.DeadlineKey {
	return store.DeadlineKey{Kind: store.DueRegistration, Foreigner: foreigner, Subject: entry.String()}
}

func hostAnswerKey(r registration.Registration) store.DeadlineKey {
	return store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: r.Foreigner, Subject: string(r.ID)}
}

func stayEndKey(r registration.Registration) store.DeadlineKey {
	return store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: r.Foreigner, Subject: string(r.ID)}
}

func moveKey(foreigner registration.ForeignerID, from registration.ID, on calendar.Date) store.DeadlineKey {
	return store.DeadlineKey{Kind: store.DueReregistration, Foreigner: foreigner, Subject: string(from) + "@" + on.String()}
}

// keepDeadlines keeps the deadlines of a registration in step with its
// state: a pending request's host must answer by HostDue; a confirmed
// registration covers the stay until ValidUntil; a closed one has none. A
// registration the change added (a hotel's check-in, confirmed at once)
// was never pending: it has no host's deadline to delete.
func (s *Service) keepDeadlines(ctx context.Context, tx store.Tx, r registration.Registration, added bool) error {
	switch r.State {
	case registration.Pending:
		return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: hostAnswerKey(r), Due: r.HostDue, Registration: r.ID, Entry: r.Entry})
	case registration.Confirmed:
		if !added {
			if err := tx.DeleteDeadline(ctx, hostAnswerKey(r)); err != nil {
				return err
			}
		}
		return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: stayEndKey(r), Due: r.ValidUntil, Registration: r.ID, Entry: r.Entry})
	default:
		if err := tx.DeleteDeadline(ctx, hostAnswerKey(r)); err != nil {
			return err
		}
		return tx.DeleteDeadline(ctx, stayEndKey(r))
	}
}

// keepFilingDeadlines keeps the deadlines to register and to re-register
// in step with filings: filing a request meets the deadline (the
// foreigner has done their part; the host's delay is the host's), and a
// request that is refused, withdrawn or lapses for want of an answer puts
// it back, unless another filing for the same stay or move stands. So
// does an annulment: an annulled registration does not count as filed
// (registration.Assess), and the overdue scan must see what Assess will
// fine.
func (s *Service) keepFilingDeadlines(ctx context.Context, tx store.Tx, ch registration.Change) error {
	for _, e := range ch.Events {
		r, _ := ch.Dossier.Find(e.Registration)
		switch e.Type {
		case registration.EventSubmitted:
			if r.MovedFrom != "" {
				if err := deleteMoves(ctx, tx, r.Foreigner, r.MovedFrom); err != nil {
					return err
				}
				continue
			}
			if err := tx.DeleteDeadline(ctx, registrationKey(r.Foreigner, r.Entry)); err != nil {
				return err
			}
		case registration.EventRejected, registration.EventWithdrawn, registration.EventLapsed, registration.EventAnnulled:
			if e.Reason.Code == registration.Departed {
				continue // the stay is over: nothing to register
			}
			if err := s.restoreDeadline(ctx, tx, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// restoreDeadline puts back the deadline a failed request had met, unless
// another request for the same stay (or move) stands.
func (s *Service) restoreDeadline(ctx context.Context, tx store.Tx, failed registration.Registration) error {
	// The filings that stand, and the active registration a move leaves.
	dos, err := dossier(ctx, tx, failed.Foreigner, registration.Pending, registration.Confirmed, registration.Superseded, registration.Ended)
	if err != nil {
		return err
	}
	for _, o := range dos.Registrations {
		if o.ID == failed.ID || o.Entry != failed.Entry || o.MovedFrom != failed.MovedFrom {
			continue
		}
		switch o.State {
		case registration.Pending, registration.Confirmed, registration.Superseded, registration.Ended:
			return nil // another filing stands
		}
	}
	if failed.MovedFrom != "" {
		from, ok := dos.Find(failed.MovedFrom)
		left := leftAddress(from)
		if !ok || (from.State != registration.Confirmed && !left) {
			return nil // the old address is no longer active: nothing to re-register from
		}
		if left {
			owed, err := s.reregistrationOwed(ctx, tx, from, failed.MovedOn)
			if err != nil || !owed {
				return err // the stay is over, or has no lawful day left
			}
		}
		_, err = s.indexMove(ctx, tx, failed.Foreigner, failed.MovedFrom, failed.Entry, failed.MovedOn)
		return err
	}
	trips, err := tx.TripsFrom(ctx, failed.Foreigner, failed.Entry) // the stay's own trip is among them
	if err != nil {
		return err
	}
	for _, t := range trips {
		if t.Entry == failed.Entry && !t.Exit.IsZero() {
			return nil // the stay is over
		}
	}
	due, err := s.rules.RegistrationDue(failed.Entry)
	if errors.Is(err, registration.ErrNotRequired) {
		return nil
	}
	if err != nil {
		return err
	}
	return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: registrationKey(failed.Foreigner, failed.Entry), Due: due.Due, Entry: failed.Entry})
}

// indexMove indexes the re-registration deadline of a move out of the
// registration from, in a stay that began on entry, on the day on, and
// returns its due date. Under rules with no re-registration period (the
// regime before 1 July 2026) nothing is owed: it indexes nothing and
// returns the zero Date. Every caller goes through it, so that none
// forgets that case (one did, and a lapse under the old rules failed
// every Sweep).
func (s *Service) indexMove(ctx context.Context, tx store.Tx, foreigner registration.ForeignerID, from registration.ID, entry, on calendar.Date) (calendar.Date, error) {
	due, err := s.rules.ReregistrationDue(entry, on)
	if errors.Is(err, registration.ErrNotRequired) {
		return calendar.Date{}, nil
	}
	if err != nil {
		return calendar.Date{}, err
	}
	return due.Due, tx.PutDeadline(ctx, store.Deadline{DeadlineKey: moveKey(foreigner, from, on), Due: due.Due, Registration: from, Entry: entry})
}

// moves returns the moves of a foreigner still waiting for a registration
// at the new address, from the deadline index.
func moves(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID) ([]registration.Move, error) {
	var out []registration.Move
	for d, err := range moveDeadlines(ctx, tx, foreigner) {
		if err != nil {
			return nil, err
		}
		if m, ok := moveOf(d); ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// moveDeadlines yields a foreigner's re-registration deadlines, a page at
// a time; it stops at the first error, which it yields.
func moveDeadlines(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID) func(yield func(store.Deadline, error) bool) {
	return func(yield func(store.Deadline, error) bool) {
		var after store.Cursor
		for {
			page, next, err := tx.Deadlines(ctx, store.DeadlineQuery{
				Through: calendar.NewDate(9999, time.December, 31), Kinds: []store.DeadlineKind{store.DueReregistration}, Foreigner: foreigner,
			}, store.Page{After: after})
			if err != nil {
				yield(store.Deadline{}, err)
				return
			}
			for _, d := range page {
				if !yield(d, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			after = next
		}
	}
}

// moveOf reads the move back from a re-registration deadline's subject
// (see moveKey).
func moveOf(d store.Deadline) (registration.Move, bool) {
	i := strings.LastIndexByte(d.Subject, '@')
	if i < 0 {
		return registration.Move{}, false
	}
	on, err := calendar.ParseDate(d.Subject[i+1:])
	if err != nil {
		return registration.Move{}, false
	}
	return registration.Move{From: registration.ID(d.Subject[:i]), On: on}, true
}

// deleteMoves removes the re-registration deadlines of moves out of from.
func deleteMoves(ctx context.Context, tx store.Tx, foreigner registration.ForeignerID, from registration.ID) error {
	ms, err := moves(ctx, tx, foreigner)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.From == from {
			if err := tx.DeleteDeadline(ctx, moveKey(foreigner, m.From, m.On)); err != nil {
				return err
			}
		}
	}
	return nil
}

// messageBody is the JSON body of the notifications about a registration
// (see the Notify constants for which fields each kind carries).
type messageBody struct {
	Registration registration.ID        `json:"registration"`
	Event        registration.EventType `json:"event"`
	On           calendar.Date          `json:"on"`
	HostDue      calendar.Date          `json:"host_due,omitzero"`
	Address      string                 `json:"address,omitempty"`
	Place        registration.Place     `json:"place,omitzero"`
	Entry        calendar.Date          `json:"entry,omitzero"`
	Reason       *registration.Reason   `json:"reason,omitempty"`
	ValidUntil   calendar.Date          `json:"valid_until,omitzero"`
	Certificate  string                 `json:"certificate,omitempty"`
	// A check-out's: the day the guest left, and the last day to
	// re-register when the foreigner stays in the country.
	EffectiveOn  calendar.Date `json:"effective_on,omitzero"`
	ReregisterBy calendar.Date `json:"reregister_by,omitzero"`
}

// message returns the outbox message an event of the registration r calls
// for, if any; number is the certificate issued with the change, if any,
// which a confirmation carries. The ID is
// derived from the event, so it is the same however often a store retries
// the transaction.
func message(e registration.Event, r registration.Registration, number string) (store.Message, bool, error) {
	m := store.Message{ID: string(e.Registration) + "/" + strconv.Itoa(e.Seq), Registration: e.Registration}
	body := messageBody{Registration: e.Registration, Event: e.Type, On: e.On}
	switch e.Type {
	case registration.EventSubmitted:
		if e.Actor.Kind == registration.ActorHost {
			return m, false, nil // the hotel filed it: nothing to ask
		}
		m.Kind, m.To = NotifyHostRequest, string(r.HostID)
		body.HostDue, body.Address, body.Place, body.Entry = r.HostDue, r.Address.Line(), r.Place, r.Entry
	case registration.EventWithdrawn:
		m.Kind, m.To = NotifyRequestClosed, string(r.HostID) // the host need not answer any more
	case registration.EventConfirmed, registration.EventRejected, registration.EventLapsed,
		registration.EventSuperseded, registration.EventAnnulled:
		m.Kind, m.To = NotifyDecision, string(r.Foreigner)
		if e.Reason.Code != 0 {
			body.Reason = &e.Reason
		}
		if e.Type == registration.EventConfirmed {
			body.ValidUntil, body.Certificate = r.ValidUntil, number
		}
	default:
		return m, false, nil
	}
	var err error
	m.Body, err = json.Marshal(body)
	return m, err == nil, err
}

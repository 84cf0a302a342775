package migreg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// CertificateIssuer issues the certificate of a confirmed registration.
// certificate.Issuer satisfies it.
type CertificateIssuer interface {
	Issue(r registration.Registration, at time.Time) (certificate.Certificate, error)
}

// ErrIdempotencyMismatch is matched when an idempotency key is reused with
// a different request: a retry must repeat the first request exactly.
var ErrIdempotencyMismatch = errors.New("migreg: idempotency key reused with a different request")

// ErrNotActive is matched by a move from a registration that is not the
// foreigner's active one.
var ErrNotActive = errors.New("migreg: not the active registration")

// RecordEntry records that a foreigner crossed the border into Kazakhstan
// on entry (a fact the Service receives, e.g. from border data), stores
// the person (replacing what was stored for them), and indexes the
// registration deadline the entry starts. Recording the same entry again
// changes nothing else.
//
// Errors: a *registration.ValidationError for an invalid person, an entry
// after today ("entry: in_future"), an entry inside a trip already
// recorded ("entry: overlaps_trip") or while another trip is open; an
// error matching registration.ErrNoRules for an entry no rules cover; the
// store's errors.
func (s *Service) RecordEntry(ctx context.Context, p registration.Person, entry calendar.Date) error {
	if err := p.Validate(entry); err != nil {
		return wrap("record entry", err)
	}
	if entry.After(calendar.DateOf(s.clock.Now())) {
		return wrap("record entry", problem("entry", registration.CodeInFuture))
	}
	if _, err := s.rules.RulesFor(entry); err != nil {
		return wrap("record entry", err)
	}
	id := p.ID()
	err := s.store.Update(ctx, func(tx store.Tx) error {
		trips, err := tx.Trips(ctx, id)
		if err != nil {
			return err
		}
		for _, t := range trips {
			switch {
			case t.Entry == entry:
				return tx.PutForeigner(ctx, p) // already recorded
			case t.Exit.IsZero() && t.Entry.Before(entry):
				return problem("entry", registration.CodeOverlapsTrip) // the trip from t.Entry is still open
			case !entry.Before(t.Entry) && (t.Exit.IsZero() || !entry.After(t.Exit)):
				return problem("entry", registration.CodeOverlapsTrip)
			}
		}
		if err := tx.PutForeigner(ctx, p); err != nil {
			return err
		}
		if err := tx.PutTrip(ctx, id, stay.Trip{Entry: entry}); err != nil {
			return err
		}
		if due, err := s.rules.RegistrationDue(entry); err == nil {
			return tx.PutDeadline(ctx, store.Deadline{
				DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: id, Subject: entry.String()},
				Due:         due.Due, Entry: entry,
			})
		} else if !errors.Is(err, registration.ErrNotRequired) {
			return err
		}
		return nil
	})
	s.logCommand(ctx, "record entry", "", err)
	return wrap("record entry", err)
}

// problem returns a *registration.ValidationError with one problem.
func problem(path string, code registration.Code) error {
	return &registration.ValidationError{Problems: []registration.Problem{{Path: path, Code: code}}}
}

// RecordExit records that the foreigner left Kazakhstan on exit. In the
// same commit it closes the open trip, ends the active registration of
// that stay (reason Departed), lapses its pending requests (nobody is left
// to register) and drops its registration deadline. Recording it again
// changes nothing.
//
// Errors: a *registration.ValidationError for an exit after today
// ("exit: in_future") or before the trip's entry ("exit: before_entry");
// store.ErrNotFound when no trip is open; the store's errors.
func (s *Service) RecordExit(ctx context.Context, foreigner registration.ForeignerID, exit calendar.Date) error {
	at := s.clock.Now()
	if exit.IsZero() {
		return wrap("record exit", problem("exit", registration.CodeRequired))
	}
	if exit.After(calendar.DateOf(at)) {
		return wrap("record exit", problem("exit", registration.CodeInFuture))
	}
	sc := s.scratch.Get().(*scratch)
	defer sc.release(&s.scratch)
	err := s.store.Update(ctx, func(tx store.Tx) error {
		trips, err := tx.Trips(ctx, foreigner)
		if err != nil {
			return err
		}
		var open *stay.Trip
		for i := range trips {
			t := &trips[i]
			if t.Exit == exit && !t.Entry.After(exit) {
				return nil // already recorded
			}
			if t.Exit.IsZero() {
				open = t
			}
		}
		if open == nil {
			return fmt.Errorf("%w: no open trip of the foreigner", store.ErrNotFound)
		}
		if exit.Before(open.Entry) {
			return problem("exit", registration.CodeBeforeEntry)
		}
		open.Exit = exit
		if err := tx.PutTrip(ctx, foreigner, *open); err != nil {
			return err
		}
		if err := tx.DeleteDeadline(ctx, store.DeadlineKey{Kind: store.DueRegistration, Foreigner: foreigner, Subject: open.Entry.String()}); err != nil {
			return err
		}
		dos, err := dossier(ctx, tx, foreigner)
		if err != nil {
			return err
		}
		departed := registration.Reason{Code: registration.Departed}
		for _, r := range dos.Registrations {
			var cmd registration.Command
			switch {
			case r.Entry != open.Entry:
				continue
			case r.State == registration.Confirmed:
				cmd = registration.End{Reason: departed}
			case r.State == registration.Pending:
				cmd = registration.Lapse{Reason: departed}
			default:
				continue
			}
			if err := s.apply(ctx, tx, sc, &dos, r.ID, registration.System(), cmd, at); err != nil {
				return err
			}
		}
		return nil
	})
	s.logCommand(ctx, "record exit", "", err)
	return wrap("record exit", err)
}

// SubmitRequest is one registration request: the submission (its ID is
// assigned by the Service when empty), who files it, and an optional
// idempotency key.
type SubmitRequest struct {
	Submission registration.Submission
	// By is the foreigner of the submission, or the hotel or dormitory
	// filing for its guest. Zero: the foreigner.
	By registration.Actor
	// IdempotencyKey makes the request safe to retry: a request with a key
	// already used returns the registration the first one created, and
	// changes nothing; the same key with other content is an error
	// matching ErrIdempotencyMismatch. Empty: no protection.
	IdempotencyKey string
}

// fingerprint hashes the request's content (not its key).
func (r SubmitRequest) fingerprint() (string, error) {
	b, err := json.Marshal(struct {
		S  registration.Submission
		By registration.Actor
	}{r.Submission, r.By})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Submit files a registration (see registration.Rulebook.Submit for the
// checks) and stores it with its events, the host's notification in the
// outbox and its deadlines, in one commit. A hotel or dormitory filing for
// its guest confirms in the same step; the certificate is then issued and
// the foreigner's previous active registration superseded.
//
// A submission with MovedFrom is a move: MovedFrom must be the foreigner's
// active registration, which stays active until the new one is confirmed.
//
// Errors: *registration.ValidationError (every problem at once),
// *registration.RefusalError, *registration.ForbiddenError,
// ErrIdempotencyMismatch, ErrNotActive, and the store's errors.
func (s *Service) Submit(ctx context.Context, req SubmitRequest) (registration.Registration, error) {
	r, err := s.submit(ctx, req, false)
	s.logCommand(ctx, "submit", r.ID, err)
	return r, wrap("submit", err)
}

func (s *Service) submit(ctx context.Context, req SubmitRequest, dryRun bool) (registration.Registration, error) {
	at := s.clock.Now()
	submitted := req.Submission
	foreigner := submitted.Person.ID()
	by := req.By
	if by == (registration.Actor{}) {
		by = registration.ForeignerActor(foreigner)
	}
	req.By = by
	idem := req.IdempotencyKey != ""
	var key, fp string
	if idem {
		// Keys are scoped by who files, so two hotel systems that both
		// use "booking-123" never collide.
		key = by.String() + "|" + req.IdempotencyKey
		req.Submission.ID = "" // the ID the Service assigns is not part of the content
		var err error
		if fp, err = req.fingerprint(); err != nil {
			return registration.Registration{}, err
		}
	}
	// The transaction keeps what it needs in pooled scratch memory, so
	// that none of it (the submission, the dossier, the result, the
	// function itself) is allocated anew for every call.
	sc := s.scratch.Get().(*scratch)
	defer sc.release(&s.scratch)
	sc.submission(submitted)
	sc.call = call{
		ctx: ctx, s: s, at: at, by: by, foreigner: foreigner,
		key: key, fp: fp, dryRun: dryRun,
	}
	err := s.store.Update(ctx, sc.submitFn)
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if sc.out == nil {
		return registration.Registration{}, err
	}
	return *sc.out, err
}

// submitTx is submit's transaction, with the arguments in sc.call.
func (sc *scratch) submitTx(tx store.Tx) error {
	c := &sc.call
	ctx, s, at, by, foreigner, key, fp := c.ctx, c.s, c.at, c.by, c.foreigner, c.key, c.fp
	idem := key != "" // a scoped key is never empty
	// A store may run this function again after the database aborted
	// it: start every attempt from the request, not from what an
	// aborted attempt changed.
	sc.attempt = sc.sub
	sub := &sc.attempt // the events refer to it: see AppendSubmit
	sc.out = nil
	if idem {
		rec, err := tx.Idempotency(ctx, key)
		switch {
		case err == nil:
			if rec.Fingerprint != fp {
				return ErrIdempotencyMismatch
			}
			first, err := tx.Registration(ctx, rec.Registration)
			sc.keep(first)
			return err
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	// The ID is drawn only now, so a retry that finds its key draws none.
	if sc.sub.ID == "" { // the request named none: the Service assigns it
		sub.ID = "dry-run"
		if !c.dryRun {
			sub.ID = registration.ID(s.newID())
		}
	}
	trips, err := tx.Trips(ctx, foreigner)
	if err != nil {
		return err
	}
	if err := checkEntry(trips, sub.Entry); err != nil {
		return err
	}
	dos, err := dossier(ctx, tx, foreigner)
	if err != nil {
		return err
	}
	if dos.Registrations == nil {
		dos.Registrations = sc.dossierRoom() // a new foreigner: room for the new registration
	}
	act, hasActive := dos.Active()
	switch {
	case sub.MovedFrom != "":
		if !hasActive || act.ID != sub.MovedFrom {
			return fmt.Errorf("%w: %s", ErrNotActive, sub.MovedFrom)
		}
	case hasActive && by.Kind == registration.ActorHost:
		// A hotel checking in a guest who is registered elsewhere:
		// the guest moved today.
		sub.MovedFrom, sub.MovedOn = act.ID, calendar.DateOf(at)
	case hasActive:
		// A new address while another is active is a move, which
		// must say from where and when (its deadline runs from it).
		return problem("moved_from", registration.CodeRequired)
	}
	r, events, err := s.rules.AppendSubmit(sc.events[:0], sub, trips, by, at)
	if err != nil {
		return err
	}
	sc.keepEvents(events)
	if c.dryRun {
		sc.keep(r)
		return errDryRun
	}
	if err := tx.PutForeigner(ctx, sub.Person); err != nil {
		return err
	}
	if !hasTrip(trips, sub.Entry) {
		if err := tx.PutTrip(ctx, foreigner, stay.Trip{Entry: sub.Entry}); err != nil {
			return err
		}
	}
	sc.before(dos)
	n, sup, events, err := dos.Insert(r, events, at)
	if err != nil {
		return err
	}
	sc.collect(dos, n, sup)
	// Supersede the old address first: the store never holds two
	// active registrations, not even inside a transaction.
	if err := s.saveChanged(ctx, tx, sc.changed[1:], sc.old[1:], events); err != nil {
		return err
	}
	if err := tx.CreateRegistration(ctx, sc.changed[0], eventsOf(events, r.ID)); err != nil {
		return err
	}
	sc.out = &sc.changed[0]
	if err := s.afterChange(ctx, tx, sc, events, at); err != nil {
		return err
	}
	if idem {
		return tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: key, Fingerprint: fp, Registration: sc.out.ID, CreatedAt: at.UTC()})
	}
	return nil
}

// checkEntry checks a submission's entry against the recorded trips: it
// must be the entry of a trip, or a new crossing while no trip is open
// and outside every recorded trip (border data may arrive later).
func checkEntry(trips []stay.Trip, entry calendar.Date) error {
	for _, t := range trips {
		switch {
		case t.Entry == entry:
			return nil
		case t.Exit.IsZero():
			return problem("entry", registration.CodeMismatch) // in the country since another date
		case !entry.Before(t.Entry) && !entry.After(t.Exit):
			return problem("entry", registration.CodeOverlapsTrip)
		}
	}
	return nil
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("migreg: dry run")

func hasTrip(trips []stay.Trip, entry calendar.Date) bool {
	for _, t := range trips {
		if t.Entry == entry {
			return true
		}
	}
	return false
}

// dossier loads every registration of a foreigner.
func dossier(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID) (registration.Dossier, error) {
	d := registration.Dossier{Foreigner: foreigner}
	var after store.Cursor
	for {
		page, next, err := tx.Registrations(ctx, store.Filter{Foreigner: foreigner}, store.Page{After: after, Limit: store.MaxLimit})
		if err != nil {
			return d, err
		}
		switch {
		case len(page) == 0:
		case d.Registrations == nil:
			d.Registrations = page // the first page: no need to copy it
		default:
			d.Registrations = append(d.Registrations, page...)
		}
		if next == "" {
			return d, nil
		}
		after = next
	}
}

// activeDossier is the part of a foreigner's dossier that a command on r
// can change: r, and the foreigner's active registration, which
// confirming r supersedes. Reading only these keeps a command's cost
// independent of how many registrations the foreigner had before.
//
// The dossier is built in regs, which the caller owns.
func activeDossier(ctx context.Context, tx store.ReadTx, r registration.Registration, regs []registration.Registration) (registration.Dossier, error) {
	d := registration.Dossier{Foreigner: r.Foreigner, Registrations: append(regs[:0], r)}
	active, _, err := tx.Registrations(ctx, store.Filter{Foreigner: r.Foreigner, States: []registration.State{registration.Confirmed}}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return d, err
	}
	for i := range active {
		if active[i].ID != r.ID { // r itself was read in the same transaction
			d.Registrations = append(d.Registrations, active[i])
		}
	}
	return d, nil
}

// eventsOf returns the events of one registration, in order: events
// itself when all are (the common case), a filtered copy otherwise.
func eventsOf(events []registration.Event, id registration.ID) []registration.Event {
	all := true
	for i := 0; i < len(events) && all; i++ {
		all = events[i].Registration == id
	}
	if all {
		return events
	}
	var out []registration.Event
	for _, e := range events {
		if e.Registration == id {
			out = append(out, e)
		}
	}
	return out
}

// saveChanged stores changed registrations, each at the version it had
// when read (old, in the same order), those that are no longer active
// first, so that the store never sees two active registrations of one
// foreigner.
func (s *Service) saveChanged(ctx context.Context, tx store.Tx, changed []registration.Registration, old []int, events []registration.Event) error {
	for _, active := range [...]bool{false, true} {
		for i := range changed {
			c := &changed[i]
			if c.State.IsActive() != active {
				continue
			}
			if err := tx.UpdateRegistration(ctx, *c, old[i], eventsOf(events, c.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// apply performs a command through the foreigner's dossier, which it
// changes in place, and stores every registration it changed, with the
// deadlines, outbox messages and certificate that follow. The changed
// registrations are left in sc.changed, the target first.
func (s *Service) apply(ctx context.Context, tx store.Tx, sc *scratch, dos *registration.Dossier, id registration.ID, by registration.Actor, cmd registration.Command, at time.Time) error {
	sc.before(*dos)
	i, sup, events, err := dos.AppendStep(sc.events[:0], id, by, cmd, at)
	if err != nil {
		return err
	}
	sc.keepEvents(events)
	sc.collect(*dos, i, sup)
	if err := s.saveChanged(ctx, tx, sc.changed, sc.old, events); err != nil {
		return err
	}
	return s.afterChange(ctx, tx, sc, events, at)
}

// afterChange keeps the deadline index, the outbox and the certificates in
// step with registrations that just changed, in the same transaction.
func (s *Service) afterChange(ctx context.Context, tx store.Tx, sc *scratch, events []registration.Event, at time.Time) error {
	changed := sc.changed
	// The numbers of the certificates issued now, by index in changed;
	// a command changes one or two registrations.
	var small [4]string
	certs := small[:]
	if len(changed) > len(small) {
		certs = make([]string, len(changed))
	}
	for i := range changed {
		r := &changed[i] // a pointer: a Registration is large
		hostKey := store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: r.Foreigner, Subject: string(r.ID)}
		endKey := store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: r.Foreigner, Subject: string(r.ID)}
		switch r.State {
		case registration.Pending:
			if err := tx.PutDeadline(ctx, store.Deadline{DeadlineKey: hostKey, Due: r.HostDue, Registration: r.ID, Entry: r.Entry}); err != nil {
				return err
			}
		case registration.Confirmed:
			if err := tx.DeleteDeadline(ctx, hostKey); err != nil {
				return err
			}
			if err := tx.PutDeadline(ctx, store.Deadline{DeadlineKey: endKey, Due: r.ValidUntil, Registration: r.ID, Entry: r.Entry}); err != nil {
				return err
			}
			number, err := s.issue(ctx, tx, r, at)
			if err != nil {
				return err
			}
			certs[i] = number
		default:
			if err := tx.DeleteDeadline(ctx, hostKey); err != nil {
				return err
			}
			if err := tx.DeleteDeadline(ctx, endKey); err != nil {
				return err
			}
		}
	}
	if err := s.keepFilingDeadlines(ctx, tx, events, changed); err != nil {
		return err
	}
	sc.msgs, sc.body = sc.msgs[:0], sc.body[:0]
	for _, e := range events {
		m, body, ok, err := message(e, changed, certs, sc.body)
		if err != nil {
			return err
		}
		sc.body = body
		if ok {
			m.CreatedAt, m.NextAttempt = at.UTC(), at.UTC()
			sc.addMsg(m)
		}
	}
	if len(sc.msgs) > 0 {
		return tx.Enqueue(ctx, sc.msgs...)
	}
	return nil
}

// scratch is a command's reusable working memory. The function a store
// runs escapes to the heap, being handed to an interface, and with it
// whatever a closure would capture: keeping the call's arguments (call,
// read by the method values submitFn and doFn), the submission, the
// events, a new foreigner's dossier, the result and the outbox messages
// here lets the memory serve the next command instead of becoming garbage
// on every one. The store copies what it is given (store.Tx), so nothing
// stored points into it.
type scratch struct {
	sub     registration.Submission      // submit's request, as given
	attempt registration.Submission      // the submission of one attempt, which its events point to
	events  []registration.Event         // the events of the command, from an Append method
	room    [1]registration.Registration // a new foreigner's dossier, in submit
	kept    registration.Registration    // a result that is none of the changed registrations
	// call holds the arguments of submit or do for their transaction
	// functions, submitTx and doTx, which the store is given as method
	// values made once per scratch: a closure capturing the arguments
	// would be allocated on every command.
	call           call
	submitFn, doFn func(store.Tx) error
	// Which of sub (with attempt), room and kept hold data, and how many
	// entries of changed and msgs were ever used: release clears only
	// those, since clearing memory that holds pointers is not free (the
	// collector's write barriers), and a command uses little of it.
	dirtySub, dirtyRoom, dirtyKept bool
	usedChanged, usedMsgs          int
	changed                        []registration.Registration // the registrations a command changed, the target first
	old                            []int                       // their versions when read
	vers                           []int                       // the versions of the dossier's registrations before the command
	out                            *registration.Registration  // the result, in changed or kept
	msgs                           []store.Message             // the outbox messages of the command
	body                           []byte                      // their bodies, one buffer for all
}

// maxScratch bounds the memory a scratch keeps for reuse, so that one
// large command does not pin it.
const maxScratch = 16 << 10

func newScratch() any {
	sc := &scratch{body: make([]byte, 0, 1024), events: make([]registration.Event, 0, 4)}
	sc.submitFn, sc.doFn = sc.submitTx, sc.doTx
	return sc
}

// call is what a command's transaction function needs from the call: the
// context (kept only for the call's duration; release drops it), the
// Service and the instant, and the arguments of submit or of do.
type call struct {
	ctx context.Context
	s   *Service
	at  time.Time
	by  registration.Actor
	// submit
	foreigner registration.ForeignerID
	key, fp   string // the scoped idempotency key ("" without one) and the request's fingerprint
	dryRun    bool
	// do
	id registration.ID
	mk commandMaker
}

// submission records submit's request. Like the other writers below, it
// marks what release must clear.
func (sc *scratch) submission(s registration.Submission) {
	sc.sub, sc.dirtySub = s, true
}

// dossierRoom returns room for a new foreigner's dossier.
func (sc *scratch) dossierRoom() []registration.Registration {
	sc.dirtyRoom = true
	return sc.room[:0]
}

// keepEvents keeps events, returned by an Append method given
// sc.events[:0], for the next command when append had to grow them.
func (sc *scratch) keepEvents(events []registration.Event) {
	if cap(events) > cap(sc.events) {
		sc.events = events[:0]
	}
}

// addMsg adds an outbox message of the command.
func (sc *scratch) addMsg(m store.Message) {
	sc.msgs = append(sc.msgs, m)
	sc.usedMsgs = max(sc.usedMsgs, len(sc.msgs))
}

// keep records r as the command's result, when it is none of the
// registrations the command changed.
func (sc *scratch) keep(r registration.Registration) {
	sc.kept, sc.out, sc.dirtyKept = r, &sc.kept, true
}

// before records the versions of dos's registrations, which an in-place
// step is about to change.
func (sc *scratch) before(dos registration.Dossier) {
	sc.vers = sc.vers[:0]
	for i := range dos.Registrations {
		sc.vers = append(sc.vers, dos.Registrations[i].Version)
	}
}

// collect gathers the registrations a step changed (at positions i and
// sup of dos) and their versions recorded by before; a registration the
// step added has version 0.
func (sc *scratch) collect(dos registration.Dossier, i int, sup []int) {
	sc.changed, sc.old = sc.changed[:0], sc.old[:0]
	sc.add(dos, i)
	for _, j := range sup {
		sc.add(dos, j)
	}
}

func (sc *scratch) add(dos registration.Dossier, j int) {
	v := 0
	if j < len(sc.vers) {
		v = sc.vers[j]
	}
	sc.changed = append(sc.changed, dos.Registrations[j])
	sc.usedChanged = max(sc.usedChanged, len(sc.changed))
	sc.old = append(sc.old, v)
}

// release clears sc, so that no personal data of this command lingers in
// pooled memory, and returns it to the pool. The slices are cleared past
// their length: a command reslices them to zero several times (a retried
// transaction, one afterChange per registration in RecordExit), and an
// earlier, longer use leaves data past the last one's length. changed and
// msgs are cleared up to the most entries ever used (add and addMsg keep
// the count), which is all that was ever written; body, bytes without
// pointers, to its capacity.
func (sc *scratch) release(p *sync.Pool) {
	if sc.dirtySub {
		sc.sub, sc.attempt, sc.dirtySub = registration.Submission{}, registration.Submission{}, false
	}
	if sc.dirtyRoom {
		sc.room, sc.dirtyRoom = [1]registration.Registration{}, false
	}
	if sc.dirtyKept {
		sc.kept, sc.dirtyKept = registration.Registration{}, false
	}
	sc.out, sc.call = nil, call{}
	clear(sc.changed[:sc.usedChanged])
	clear(sc.msgs[:sc.usedMsgs])
	clear(sc.body[:cap(sc.body)])
	// An Append method may write events past the length it returns, and
	// on error returns none: clear all the room, a few events.
	clear(sc.events[:cap(sc.events)])
	sc.usedChanged, sc.usedMsgs = 0, 0
	sc.changed, sc.old, sc.vers = sc.changed[:0], sc.old[:0], sc.vers[:0]
	sc.msgs, sc.body = sc.msgs[:0], sc.body[:0]
	if cap(sc.body) > maxScratch {
		sc.body = nil
	}
	if cap(sc.msgs) > 64 {
		sc.msgs = nil
	}
	if cap(sc.changed) > 8 {
		sc.changed = nil
	}
	if cap(sc.events) > 8 {
		sc.events = nil
	}
	p.Put(sc)
}

// message returns the outbox message an event calls for, if any. Its ID is
// derived from the event, so it is the same however often the Service
// retries the transaction. The body is appended to buf, which message
// returns, grown; the message's Body is the part it wrote.
func message(e registration.Event, changed []registration.Registration, certs []string, buf []byte) (store.Message, []byte, bool, error) {
	var r *registration.Registration
	number := ""
	for i := range changed {
		if changed[i].ID == e.Registration {
			r, number = &changed[i], certs[i]
		}
	}
	if r == nil {
		r = &registration.Registration{}
	}
	m := store.Message{ID: string(e.Registration) + "/" + strconv.Itoa(e.Seq), Registration: e.Registration}
	body := messageBody{Registration: e.Registration, Event: e.Type, On: e.On}
	switch e.Type {
	case registration.EventSubmitted:
		if e.Actor.Kind == registration.ActorHost {
			return m, buf, false, nil // the hotel filed it: nothing to ask
		}
		m.Kind, m.To = NotifyHostRequest, string(r.HostID)
		body.HostDue, body.addr, body.Place, body.Entry = r.HostDue, &r.Address, r.Place, r.Entry
	case registration.EventWithdrawn:
		m.Kind, m.To = NotifyRequestClosed, string(r.HostID) // the host need not answer any more
	case registration.EventConfirmed, registration.EventRejected, registration.EventLapsed,
		registration.EventSuperseded, registration.EventAnnulled:
		m.Kind, m.To = NotifyDecision, string(r.Foreigner)
		if e.Reason.Code != 0 {
			reason := e.Reason
			body.Reason = &reason
		}
		if e.Type == registration.EventConfirmed {
			body.ValidUntil, body.Certificate = r.ValidUntil, number
		}
	default:
		return m, buf, false, nil
	}
	start := len(buf)
	buf, err := body.appendJSON(buf)
	if err != nil {
		return m, buf[:start], false, err
	}
	m.Body = buf[start:len(buf):len(buf)]
	return m, buf, true, nil
}

// issue issues and stores the certificate of a confirmed registration and
// returns its number ("" without an issuer).
func (s *Service) issue(ctx context.Context, tx store.Tx, r *registration.Registration, at time.Time) (string, error) {
	if s.issuer == nil {
		return "", nil
	}
	var c certificate.Certificate
	var tok string
	var err error
	// Only the library's own issuer takes the shortcut: a type that embeds
	// it and overrides Issue (to pause issuing, to log) must be called.
	if ci, ok := s.issuer.(*certificate.Issuer); ok {
		c, tok, err = ci.IssueToken(r, at)
	} else if c, err = s.issuer.Issue(*r, at); err == nil {
		tok, err = c.Token()
	}
	if err != nil {
		return "", err
	}
	number := c.Number.String()
	return number, tx.PutCertificate(ctx, store.Certificate{Registration: r.ID, Number: number, Token: tok, IssuedAt: c.IssuedAt})
}

// keepFilingDeadlines keeps the deadlines to register and to re-register
// in step with filings: filing a request meets the deadline (the
// foreigner has done their part; the host's delay is the host's), and a
// request that is refused, withdrawn or lapses for want of an answer puts
// it back, unless another filing for the same stay or move stands.
func (s *Service) keepFilingDeadlines(ctx context.Context, tx store.Tx, events []registration.Event, changed []registration.Registration) error {
	var none registration.Registration
	for _, e := range events {
		r := &none
		for i := range changed {
			if changed[i].ID == e.Registration {
				r = &changed[i]
			}
		}
		switch e.Type {
		case registration.EventSubmitted:
			if r.MovedFrom != "" {
				if err := deleteMoves(ctx, tx, r.Foreigner, r.MovedFrom); err != nil {
					return err
				}
				continue
			}
			key := store.DeadlineKey{Kind: store.DueRegistration, Foreigner: r.Foreigner, Subject: r.Entry.String()}
			if err := tx.DeleteDeadline(ctx, key); err != nil {
				return err
			}
		case registration.EventRejected, registration.EventWithdrawn, registration.EventLapsed:
			if e.Reason.Code == registration.Departed {
				continue // the stay is over: nothing to register
			}
			if err := s.restoreDeadline(ctx, tx, *r); err != nil {
				return err
			}
		}
	}
	return nil
}

// restoreDeadline puts back the deadline a failed request had met, unless
// another request for the same stay (or move) stands.
func (s *Service) restoreDeadline(ctx context.Context, tx store.Tx, failed registration.Registration) error {
	dos, err := dossier(ctx, tx, failed.Foreigner)
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
		if !ok || from.State != registration.Confirmed {
			return nil // the old address is no longer active: nothing to re-register from
		}
		due, err := s.rules.ReregistrationDue(failed.Entry, failed.MovedOn)
		if err != nil {
			return err
		}
		return tx.PutDeadline(ctx, store.Deadline{
			DeadlineKey: store.DeadlineKey{Kind: store.DueReregistration, Foreigner: failed.Foreigner, Subject: moveSubject(failed.MovedFrom, failed.MovedOn)},
			Due:         due.Due, Registration: failed.MovedFrom, Entry: failed.Entry,
		})
	}
	trips, err := tx.Trips(ctx, failed.Foreigner)
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
	return tx.PutDeadline(ctx, store.Deadline{
		DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: failed.Foreigner, Subject: failed.Entry.String()},
		Due:         due.Due, Entry: failed.Entry,
	})
}

// commandMaker builds the command do performs, from the registration as
// stored. It is given the context and the Service so that the common
// commands need not be closures.
type commandMaker func(ctx context.Context, s *Service, tx store.Tx, r registration.Registration) (registration.Command, error)

// do runs one command on a registration in a transaction. A command that
// was already performed, by the same actor, as the registration's last
// event (a retry after a lost reply) succeeds again without a change.
func (s *Service) do(ctx context.Context, name string, id registration.ID, by registration.Actor, mk commandMaker) (registration.Registration, error) {
	at := s.clock.Now()
	sc := s.scratch.Get().(*scratch) // see submit
	defer sc.release(&s.scratch)
	sc.call = call{ctx: ctx, s: s, at: at, by: by, id: id, mk: mk}
	err := s.store.Update(ctx, sc.doFn)
	s.logCommand(ctx, name, id, err)
	if sc.out == nil {
		return registration.Registration{}, wrap(name, err)
	}
	return *sc.out, wrap(name, err)
}

// doTx is do's transaction, with the arguments in sc.call.
func (sc *scratch) doTx(tx store.Tx) error {
	c := &sc.call
	ctx, s, at, by, id := c.ctx, c.s, c.at, c.by, c.id
	sc.out = nil
	r, err := tx.Registration(ctx, id)
	if err != nil {
		return err
	}
	cmd, err := c.mk(ctx, s, tx, r)
	if err != nil {
		return err
	}
	var regs [2]registration.Registration // the dossier's room, on the stack
	dos, err := activeDossier(ctx, tx, r, regs[:])
	if err != nil {
		return err
	}
	err = s.apply(ctx, tx, sc, &dos, id, by, cmd, at)
	if err == nil {
		sc.out = &sc.changed[0]
	}
	if errors.Is(err, registration.ErrInvalidTransition) {
		if done, derr := repeated(ctx, tx, r, by, cmd); derr != nil {
			return derr
		} else if done {
			sc.keep(r)
			err = nil
		}
	}
	return err
}

// repeated reports whether the registration's last event is cmd by the
// same actor.
func repeated(ctx context.Context, tx store.ReadTx, r registration.Registration, by registration.Actor, cmd registration.Command) (bool, error) {
	if cmd == nil || r.Version < 2 {
		return false, nil
	}
	events, err := tx.Events(ctx, r.ID)
	if err != nil || len(events) == 0 {
		return false, err
	}
	last := events[len(events)-1]
	return last.Actor == by && last.Type.Command() == cmd.Kind(), nil
}

// Confirm is the host's confirmation: the registration becomes active
// until its valid-until date (the stay's latest exit, never past the
// document's expiry), the certificate is issued, and the foreigner's
// previous active registration is superseded, all in one commit.
func (s *Service) Confirm(ctx context.Context, id registration.ID, by registration.Actor) (registration.Registration, error) {
	return s.do(ctx, "confirm", id, by, confirmCommand)
}

// confirmCommand builds a Confirm with the valid-until date the rules give
// the stored registration. It captures nothing, so passing it allocates
// nothing.
func confirmCommand(ctx context.Context, s *Service, tx store.Tx, r registration.Registration) (registration.Command, error) {
	trips, err := tx.Trips(ctx, r.Foreigner)
	if err != nil {
		return nil, err
	}
	until, err := s.rules.ValidUntil(r.Person, trips, r.Entry)
	if err != nil {
		return nil, err
	}
	return registration.Confirm{ValidUntil: until}, nil
}

// Reject is the host's refusal, with a reason.
func (s *Service) Reject(ctx context.Context, id registration.ID, by registration.Actor, reason registration.Reason) (registration.Registration, error) {
	return s.do(ctx, "reject", id, by, func(context.Context, *Service, store.Tx, registration.Registration) (registration.Command, error) {
		return registration.Reject{Reason: reason}, nil
	})
}

// Withdraw is the foreigner withdrawing a pending request.
func (s *Service) Withdraw(ctx context.Context, id registration.ID, by registration.Actor) (registration.Registration, error) {
	return s.do(ctx, "withdraw", id, by, func(context.Context, *Service, store.Tx, registration.Registration) (registration.Command, error) {
		return registration.Withdraw{}, nil
	})
}

// Annul is an authority's annulment (false data), which revokes the
// certificate.
func (s *Service) Annul(ctx context.Context, id registration.ID, by registration.Actor, reason registration.Reason) (registration.Registration, error) {
	return s.do(ctx, "annul", id, by, func(context.Context, *Service, store.Tx, registration.Registration) (registration.Command, error) {
		return registration.Annul{Reason: reason}, nil
	})
}

// moveSubject is the deadline subject of a move out of a registration on
// a date: the registration and the date, so that Assess can rebuild the
// move from the deadline index.
func moveSubject(from registration.ID, on calendar.Date) string {
	return string(from) + "@" + on.String()
}

// moves returns the moves of a foreigner still waiting for a registration
// at the new address, from the deadline index.
func moves(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID) ([]registration.Move, error) {
	var out []registration.Move
	var after store.Cursor
	for {
		page, next, err := tx.Deadlines(ctx, store.DeadlineQuery{
			Through: calendar.NewDate(9999, time.December, 31), Kinds: []store.DeadlineKind{store.DueReregistration}, Foreigner: foreigner,
		}, store.Page{After: after})
		if err != nil {
			return nil, err
		}
		for _, d := range page {
			from, on, ok := strings.Cut(d.Subject, "@")
			if date, err := calendar.ParseDate(on); ok && err == nil {
				out = append(out, registration.Move{From: registration.ID(from), On: date})
			}
		}
		if next == "" {
			return out, nil
		}
		after = next
	}
}

// deleteMoves removes the re-registration deadlines of moves out of from.
func deleteMoves(ctx context.Context, tx store.Tx, foreigner registration.ForeignerID, from registration.ID) error {
	ms, err := moves(ctx, tx, foreigner)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.From == from {
			key := store.DeadlineKey{Kind: store.DueReregistration, Foreigner: foreigner, Subject: moveSubject(m.From, m.On)}
			if err := tx.DeleteDeadline(ctx, key); err != nil {
				return err
			}
		}
	}
	return nil
}

// RecordMove records that the foreigner left the address of their active
// registration from on the date on, before registering at the new one:
// the re-registration deadline (5 working days under order No. 923) starts
// running and is indexed, Sweep reminds the foreigner of it, and Assess
// reports it late while no new registration is filed. Move, which files
// the new registration, needs no RecordMove first.
//
// The foreigner records their own move; a hotel or other host records the
// check-out of a guest who stays in the country.
//
// Errors: ErrNotActive when from is not the foreigner's active
// registration; a *registration.ForbiddenError when by is neither the
// foreigner nor the registration's host; a *registration.ValidationError
// for a date after today ("moved_on: in_future") or before the stay's
// entry ("moved_on: before_entry"); the store's errors.
func (s *Service) RecordMove(ctx context.Context, from registration.ID, on calendar.Date, by registration.Actor) error {
	if on.IsZero() || on.After(calendar.DateOf(s.clock.Now())) {
		return wrap("record move", problem("moved_on", registration.CodeInFuture))
	}
	err := s.store.Update(ctx, func(tx store.Tx) error {
		r, err := tx.Registration(ctx, from)
		if err != nil {
			return err
		}
		if !(by.Kind == registration.ActorForeigner && registration.ForeignerID(by.ID) == r.Foreigner) &&
			!(by.Kind == registration.ActorHost && registration.HostID(by.ID) == r.HostID) {
			return &registration.ForbiddenError{ID: from, Actor: by, Command: registration.CmdSubmit}
		}
		if r.State != registration.Confirmed {
			return fmt.Errorf("%w: %s is %v", ErrNotActive, from, r.State)
		}
		if on.Before(r.Entry) {
			return problem("moved_on", registration.CodeBeforeEntry)
		}
		due, err := s.rules.ReregistrationDue(r.Entry, on)
		if err != nil {
			return err
		}
		return tx.PutDeadline(ctx, store.Deadline{
			DeadlineKey:  store.DeadlineKey{Kind: store.DueReregistration, Foreigner: r.Foreigner, Subject: moveSubject(from, on)},
			Due:          due.Due,
			Registration: from,
			Entry:        r.Entry,
		})
	})
	s.logCommand(ctx, "record move", from, err)
	return wrap("record move", err)
}

// MoveRequest is a change of address: the foreigner leaves the address of
// the active registration From on On and registers at the new one.
type MoveRequest struct {
	From           registration.ID
	On             calendar.Date
	Host           registration.Host
	Address        registration.Address
	Place          registration.Place
	By             registration.Actor // the foreigner, or the new hotel; zero: the foreigner
	IdempotencyKey string
}

// Move files the registration at a new address after a change of address
// (a Submit with MovedFrom). The old address stays active until the new
// registration is confirmed, and is then superseded in the same commit; the
// re-registration deadline runs from the move (5 working days).
func (s *Service) Move(ctx context.Context, m MoveRequest) (registration.Registration, error) {
	var old registration.Registration
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		old, err = tx.Registration(ctx, m.From)
		return err
	})
	if err != nil {
		return registration.Registration{}, wrap("move", err)
	}
	return s.Submit(ctx, SubmitRequest{
		Submission: registration.Submission{
			Person: old.Person, Host: m.Host, Address: m.Address, Place: m.Place, Entry: old.Entry,
			MovedFrom: m.From, MovedOn: m.On,
		},
		By: m.By, IdempotencyKey: m.IdempotencyKey,
	})
}

// BatchOptions configures SubmitBatch.
type BatchOptions struct {
	// DryRun validates every item (and checks it against the stored data)
	// without storing anything.
	DryRun bool
}

// BatchResult is the outcome of one item of a batch: the registration, or
// the error with every problem of the item.
type BatchResult struct {
	Index        int
	Registration registration.Registration
	Err          error
}

// SubmitBatch submits many requests (a group checking in at a hotel), each
// in its own transaction, so that one bad item never blocks the others.
// Every item is validated and all its problems reported at once in its
// result. With DryRun nothing is stored. Each item takes its own
// idempotency key: retrying a whole batch after a timeout creates nothing
// twice.
func (s *Service) SubmitBatch(ctx context.Context, reqs []SubmitRequest, opts BatchOptions) []BatchResult {
	out := make([]BatchResult, len(reqs))
	for i, req := range reqs {
		if err := ctx.Err(); err != nil {
			out[i] = BatchResult{Index: i, Err: err}
			continue
		}
		r, err := s.submit(ctx, req, opts.DryRun)
		out[i] = BatchResult{Index: i, Registration: r, Err: wrap("submit", err)}
	}
	return out
}

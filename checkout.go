package migreg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// CheckOutRequest is a host's check-out of its guest: the guest left the
// address of the registration on the date On (the check-out date, which
// the host's system may report a day or two later).
//
// In JSON it is {"registration", "on", "by"}.
type CheckOutRequest struct {
	Registration registration.ID `json:"registration"`
	// On is the day the guest left: not after today, not before they
	// arrived (the stay's entry, or the day they moved in).
	On calendar.Date `json:"on"`
	// By is the registration's host: only it checks its guest out.
	By registration.Actor `json:"by"`
}

// CheckOut records that the guest of a registration left its host's
// address on req.On. In one commit the registration ends on that date
// (reason registration.CheckedOut; the event records the check-out date
// as EffectiveOn beside the day it was processed), its certificate is
// revoked, and the foreigner and the host are notified through the
// outbox (NotifyDecision with event "ended" and the re-registration date,
// NotifyCheckedOut). A foreigner who stays in the country must register
// at their next address within the re-registration period that a move
// starts (5 working days from the day after the check-out, order
// No. 923): the deadline is indexed (Due lists it, Sweep reminds the
// foreigner of it, Assess reports it late while nothing is filed), and
// the foreigner's next filing for the same stay is that re-registration.
// A foreigner who leaves the country needs nothing more: RecordExit, on
// the exit's own date, closes the stay and drops the deadline.
//
// Retrying the same check-out returns the registration as it is, and
// changes nothing.
//
// Errors: a *registration.ValidationError for a missing date ("on:
// required"), one after today ("on: in_future") or before the guest
// arrived at the address, the stay's entry or the day they moved in
// ("on: before_entry"); ErrNotFound for an unknown registration; a
// *registration.TransitionError naming the registration's state when it
// is not confirmed (a request still pending, a registration already
// ended); a *registration.ForbiddenError when By is not the
// registration's host; the store's errors.
func (s *Service) CheckOut(ctx context.Context, req CheckOutRequest) (registration.Registration, error) {
	at := s.clock.Now()
	if err := checkCheckOut(req, at); err != nil {
		return registration.Registration{}, s.done(ctx, "check out", "", err)
	}
	var out registration.Registration
	err := s.store.Update(ctx, func(tx store.Tx) error {
		var err error
		out, err = s.checkOutTx(ctx, tx, req, at)
		return err
	})
	s.logCommand(ctx, "check out", req.Registration, err)
	if err != nil {
		return registration.Registration{}, wrap("check out", err) // nothing was stored
	}
	return out, nil
}

// CheckOutBatch checks many guests out (a group leaving at noon), in
// order, each as CheckOut would: one bad item never blocks the others,
// and each result holds the ended registration or the item's error. The
// items share transactions, as SubmitBatch's do (up to 500 in each, each
// item undone alone when it fails); an item's result is final only once
// its transaction has committed. Retrying a whole batch is safe: an item
// already checked out returns its registration. A batch of more than
// MaxBatchItems is refused whole: every result holds the
// *registration.LimitError, and nothing is checked or stored.
func (s *Service) CheckOutBatch(ctx context.Context, reqs []CheckOutRequest) []BatchResult {
	at := s.clock.Now()
	out := make([]BatchResult, len(reqs))
	if err := over("batch_items", "items", len(reqs), MaxBatchItems); err != nil {
		for i := range out {
			out[i] = BatchResult{Index: i, Err: wrap("check out", err)}
		}
		s.logCommand(ctx, "check out batch", "", err)
		return out
	}
	ended := make([]registration.Registration, len(reqs))
	var fns []func(tx store.Tx) error
	var units []int // the items of fns, in order
	flush := func() {
		for k, err := range s.store.UpdateEach(ctx, fns) {
			i := units[k]
			if err != nil {
				ended[i] = registration.Registration{} // nothing was stored
			}
			s.logCommand(ctx, "check out", reqs[i].Registration, err)
			out[i] = BatchResult{Index: i, Registration: ended[i], Err: wrap("check out", err)}
		}
		fns, units = fns[:0], units[:0]
	}
	for i, req := range reqs {
		if err := checkCheckOut(req, at); err != nil {
			s.logCommand(ctx, "check out", "", err)
			out[i] = BatchResult{Index: i, Err: wrap("check out", err)}
			continue
		}
		fns = append(fns, func(tx store.Tx) error {
			var err error
			ended[i], err = s.checkOutTx(ctx, tx, req, at)
			return err
		})
		units = append(units, i)
		if len(fns) == batchUnits {
			flush()
		}
	}
	if len(fns) > 0 {
		flush()
	}
	s.logCommand(ctx, "check out batch", "", nil, slog.Int("items", len(reqs)))
	return out
}

// checkCheckOut refuses, before any work, a check-out without a
// registration or a date, dated after today, or by an actor over the
// limits.
func checkCheckOut(req CheckOutRequest, at time.Time) error {
	today := calendar.DateOf(at)
	err := errors.Join(checkID("registration", string(req.Registration)), registration.CheckActor(req.By), checkDay("today", today))
	if err != nil {
		return err
	}
	switch {
	case req.On.IsZero():
		return problem("on", registration.CodeRequired)
	case req.On.After(today):
		return problem("on", registration.CodeInFuture)
	}
	return nil
}

// checkOutTx is a check-out's transaction: it ends the registration,
// starts the re-registration deadline and enqueues the notifications. A
// store may run it again: every attempt starts from the request.
func (s *Service) checkOutTx(ctx context.Context, tx store.Tx, req CheckOutRequest, at time.Time) (registration.Registration, error) {
	r, dos, _, err := s.lockDossier(ctx, tx, req.Registration)
	if err != nil {
		return registration.Registration{}, err
	}
	// The guest arrived at this address on the entry, or on the day they
	// moved in: a check-out before it is another stay's, or a typo.
	arrived := r.Entry
	if r.MovedOn.After(arrived) {
		arrived = r.MovedOn
	}
	if r.State == registration.Confirmed && req.On.Before(arrived) {
		return registration.Registration{}, problem("on", registration.CodeBeforeEntry)
	}
	// A check-out reported for a day after the registration's last (the
	// booking's planned end, the stay's latest exit) ends it on that last
	// day, as Sweep does; once Sweep has, the check-out finds it ended and
	// there is nothing left to do. Either way the registration ends on the
	// same day, whichever ran first.
	on := req.On
	if !r.ValidUntil.IsZero() && on.After(r.ValidUntil) {
		on = r.ValidUntil
	}
	if r.State == registration.Ended && r.Reason.Code == registration.StayExpired && !on.Before(r.ClosedOn) &&
		req.By.Kind == registration.ActorHost && registration.HostID(req.By.ID) == r.HostID {
		return r, nil
	}
	cmd := registration.End{Reason: registration.Reason{Code: registration.CheckedOut}, EffectiveOn: on}
	ch, err := dos.Apply(r.ID, req.By, cmd, at)
	if errors.Is(err, registration.ErrInvalidTransition) {
		done, rerr := repeated(ctx, tx, r, req.By, cmd)
		if rerr != nil {
			return registration.Registration{}, rerr
		}
		if done {
			return r, nil // a retry
		}
	}
	if err != nil {
		return registration.Registration{}, err
	}
	if err := s.save(ctx, tx, ch, at); err != nil {
		return registration.Registration{}, err
	}
	ended := ch.Changed[0].Registration
	due, err := s.startReregistration(ctx, tx, ended, on)
	if err != nil {
		return registration.Registration{}, err
	}
	msgs, err := checkOutMessages(ch.EventsOf(ended.ID)[0], ended, due, at)
	if err != nil {
		return registration.Registration{}, err
	}
	return ended, tx.Enqueue(ctx, msgs...)
}

// startReregistration indexes the re-registration deadline of a guest
// checked out of r on the date on, and returns its due date: zero when
// the foreigner is no longer in the country, has already filed from r
// (a move), or the stay's rules set no re-registration period.
func (s *Service) startReregistration(ctx context.Context, tx store.Tx, r registration.Registration, on calendar.Date) (calendar.Date, error) {
	owed, err := s.reregistrationOwed(ctx, tx, r, on)
	if err != nil || !owed {
		return calendar.Date{}, err
	}
	pending, _, err := tx.Registrations(ctx, store.Filter{Foreigner: r.Foreigner, States: []registration.State{registration.Pending}}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return calendar.Date{}, err
	}
	for _, p := range pending {
		if p.MovedFrom == r.ID {
			return calendar.Date{}, nil // the move is filed already
		}
	}
	return s.indexMove(ctx, tx, r.Foreigner, r.ID, r.Entry, on)
}

// leftAddress reports whether r ended with its guest leaving the address
// while the stay may go on: a check-out, or the end of a booking (its
// planned end, when that was its last day) that Sweep recorded. Such a
// guest owes a re-registration, as after a move (reregistrationOwed).
func leftAddress(r registration.Registration) bool {
	if r.State != registration.Ended {
		return false
	}
	switch r.Reason.Code {
	case registration.CheckedOut:
		return true
	case registration.StayExpired:
		return !r.PlannedEnd.IsZero() && r.ValidUntil == r.PlannedEnd
	}
	return false
}

// reregistrationOwed reports whether the guest of r, who left its address
// on the date on, owes a registration elsewhere: they are still in the
// country on the stay r belongs to, and the stay limits leave them a
// lawful day after on. A guest with no day left must leave, not
// re-register.
func (s *Service) reregistrationOwed(ctx context.Context, tx store.ReadTx, r registration.Registration, on calendar.Date) (bool, error) {
	trips, _, err := s.trips(ctx, tx, nil, r.Foreigner, r.Person.Citizenship, r.Entry)
	if err != nil {
		return false, err
	}
	inCountry := false
	for _, t := range trips {
		inCountry = inCountry || (t.Entry == r.Entry && t.Exit.IsZero())
	}
	if !inCountry {
		return false, nil
	}
	lawful, err := s.rules.ValidUntil(r.Person, trips, r.Entry)
	if err != nil {
		return false, err
	}
	return lawful.After(on), nil
}

// expire ends, for Sweep, a registration whose stay-end deadline d has
// passed: on its last day (the deadline's due date is its valid-until
// date), whichever day the sweep runs. When that day was the booking's
// planned end and the foreigner, still in the country, may stay longer,
// the re-registration period starts from it, as after a check-out.
func (s *Service) expire(ctx context.Context, d store.Deadline) error {
	at := s.clock.Now()
	cmd := registration.End{Reason: registration.Reason{Code: registration.StayExpired}, EffectiveOn: d.Due}
	err := s.store.Update(ctx, func(tx store.Tx) error {
		r, dos, _, err := s.lockDossier(ctx, tx, d.Registration)
		if err != nil {
			return err
		}
		ch, err := dos.Apply(r.ID, registration.System(), cmd, at)
		if err != nil {
			return err
		}
		if err := s.save(ctx, tx, ch, at); err != nil {
			return err
		}
		ended := ch.Changed[0].Registration
		if !leftAddress(ended) {
			return nil // the stay, or the document, ran out: the foreigner must leave
		}
		_, err = s.startReregistration(ctx, tx, ended, ended.PlannedEnd)
		return err
	})
	s.logCommand(ctx, "end", d.Registration, err)
	return wrap("end", err)
}

// checkOutMessages returns the notifications of a check-out event: the
// foreigner's decision, with the date to re-register by when one applies,
// and the host's receipt. Their IDs derive from the event.
func checkOutMessages(e registration.Event, r registration.Registration, due calendar.Date, at time.Time) ([]store.Message, error) {
	id := string(e.Registration) + "/" + strconv.Itoa(e.Seq)
	reason := e.Reason
	foreigner := messageBody{Registration: r.ID, Event: e.Type, On: e.On, EffectiveOn: e.EffectiveOn, Reason: &reason, ReregisterBy: due}
	host := messageBody{Registration: r.ID, Event: e.Type, On: e.On, EffectiveOn: e.EffectiveOn}
	msgs := []store.Message{
		{ID: id, Kind: NotifyDecision, To: string(r.Foreigner), Registration: r.ID},
		{ID: id + "/host", Kind: NotifyCheckedOut, To: string(r.HostID), Registration: r.ID},
	}
	for i, body := range []messageBody{foreigner, host} {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		msgs[i].Body, msgs[i].CreatedAt, msgs[i].NextAttempt = b, at.UTC(), at.UTC()
	}
	return msgs, nil
}

// checkedOutMove returns the move a foreigner's filing for the stay that
// began on entry completes when they have no active registration: the
// latest check-out (or recorded move) of that stay still waiting for a
// registration at a new address.
func checkedOutMove(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID, entry calendar.Date) (registration.Move, bool, error) {
	var found registration.Move
	ok := false
	for d, err := range moveDeadlines(ctx, tx, foreigner) {
		if err != nil {
			return registration.Move{}, false, err
		}
		if m, isMove := moveOf(d); isMove && d.Entry == entry && (!ok || m.On.After(found.On)) {
			found, ok = m, true
		}
	}
	return found, ok, nil
}

// dropMoves removes the re-registration deadlines of the stay that began
// on entry that the exit on exit made moot: those not yet missed on the
// exit day. A deadline missed before it stays: Assess reports it.
func dropMoves(ctx context.Context, tx store.Tx, foreigner registration.ForeignerID, entry, exit calendar.Date) error {
	var moot []store.DeadlineKey
	for d, err := range moveDeadlines(ctx, tx, foreigner) {
		if err != nil {
			return err
		}
		if d.Entry == entry && !d.Due.Before(exit) {
			moot = append(moot, d.DeadlineKey)
		}
	}
	for _, k := range moot {
		if err := tx.DeleteDeadline(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// String describes the check-out with the host by kind only, e.g.
// "check-out of r-1 on 2026-07-10 by host".
func (r CheckOutRequest) String() string {
	return fmt.Sprintf("check-out of %s on %v by %v", redact.Cut(string(r.Registration), maxEchoedID), r.On, r.By)
}

// Format makes every fmt verb, %#v included, print String.
func (r CheckOutRequest) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the registration, the date and who
// checks out by kind, never the host's pseudonym.
func (r CheckOutRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("registration", string(r.Registration)),
		slog.String("on", r.On.String()),
		slog.String("by", r.By.String()),
	)
}

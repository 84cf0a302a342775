package migreg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// ErrIdempotencyMismatch is matched when an idempotency key is reused with
// a different request: a retry must repeat the first request exactly.
var ErrIdempotencyMismatch = errors.New("migreg: idempotency key reused with a different request")

// ErrNotActive is matched by a move from a registration that is not the
// foreigner's active one.
var ErrNotActive = errors.New("migreg: not the active registration")

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

// fingerprint hashes the request's content: the submission without the ID
// the Service assigns, and who files it; not the key.
func (r SubmitRequest) fingerprint() (string, error) {
	r.Submission.ID = ""
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

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("migreg: dry run")

// submit is Submit, or with dryRun its checks against the stored data
// without storing anything.
func (s *Service) submit(ctx context.Context, req SubmitRequest, dryRun bool) (registration.Registration, error) {
	at := s.clock.Now()
	foreigner := req.Submission.Person.ID()
	if req.By == (registration.Actor{}) {
		req.By = registration.ForeignerActor(foreigner)
	}
	var key, fingerprint string
	if req.IdempotencyKey != "" {
		// Keys are scoped by who files, so two hotel systems that both
		// use "booking-123" never collide.
		key = req.By.String() + "|" + req.IdempotencyKey
		var err error
		if fingerprint, err = req.fingerprint(); err != nil {
			return registration.Registration{}, err
		}
	}
	var out registration.Registration
	attempt := func(tx store.Tx) error {
		// A store may run this function again after the database
		// aborted it: every attempt starts from the request.
		out = registration.Registration{}
		if err := tx.Lock(ctx, foreigner); err != nil {
			return err
		}
		if key != "" {
			rec, err := tx.Idempotency(ctx, key)
			switch {
			case err == nil:
				if rec.Fingerprint != fingerprint {
					return ErrIdempotencyMismatch
				}
				out, err = tx.Registration(ctx, rec.Registration)
				return err
			case !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
		sub := req.Submission
		if sub.ID == "" {
			// Drawn only now, so that a retry that finds its key draws
			// none.
			sub.ID = "dry-run"
			if !dryRun {
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
		active, hasActive := dos.Active()
		switch {
		case sub.MovedFrom != "":
			if !hasActive || active.ID != sub.MovedFrom {
				return fmt.Errorf("%w: %s", ErrNotActive, sub.MovedFrom)
			}
		case hasActive && req.By.Kind == registration.ActorHost:
			// A hotel checking in a guest who is registered elsewhere:
			// the guest moved today.
			sub.MovedFrom, sub.MovedOn = active.ID, calendar.DateOf(at)
		case hasActive:
			// A new address while another is active is a move, which
			// must say from where and when (its deadline runs from it).
			return problem("moved_from", registration.CodeRequired)
		}
		r, events, err := s.rules.Submit(sub, trips, req.By, at)
		if err != nil {
			return err
		}
		if dryRun {
			out = r
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
		ch, err := dos.Add(r, events, at)
		if err != nil {
			return err
		}
		if err := s.save(ctx, tx, ch, at); err != nil {
			return err
		}
		out = ch.Changed[0].Registration
		if key == "" {
			return nil
		}
		return tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: key, Fingerprint: fingerprint, Registration: out.ID, CreatedAt: at.UTC()})
	}
	err := s.store.Update(ctx, attempt)
	if key != "" && errors.Is(err, store.ErrDuplicate) {
		// A request with the same key, for another foreigner, committed
		// while this one ran (different foreigners' transactions do not
		// wait for each other): this one is now a retry of it.
		err = s.store.Update(ctx, attempt)
	}
	switch {
	case errors.Is(err, errDryRun):
		return out, nil
	case err != nil:
		return registration.Registration{}, err // nothing was stored
	}
	return out, nil
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
		r, err := lockRegistration(ctx, tx, from)
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
		return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: moveKey(r.Foreigner, from, on), Due: due.Due, Registration: from, Entry: r.Entry})
	})
	s.logCommand(ctx, "record move", from, err)
	return wrap("record move", err)
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

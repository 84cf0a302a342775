package migreg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
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
//
// In JSON (see docs/wire.md) it is {"submission", "by",
// "idempotency_key"}; DecodeSubmitRequest reads one from a client's raw
// JSON reporting every problem at once. String, fmt verbs and LogValue
// mask the personal data, as Submission's do.
type SubmitRequest struct {
	Submission registration.Submission `json:"submission"`
	// By is the foreigner of the submission, or the hotel or dormitory
	// filing for its guest. Zero: the foreigner.
	By registration.Actor `json:"by,omitzero"`
	// IdempotencyKey makes the request safe to retry: a request with a key
	// already used returns the registration the first one created, and
	// changes nothing; the same key with other content is an error
	// matching ErrIdempotencyMismatch. Empty: the request's content
	// identifies it (see Submit). At most MaxIdempotencyKeyBytes of valid
	// UTF-8 without NUL ("idempotency_key: invalid"); otherwise opaque.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
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
// Retrying is safe. With an idempotency key, a request whose key was used
// returns the first request's registration. Without one, a request the
// same kind of filer already made for the same foreigner, with the same
// person, host, address, place and entry (and move, when it names one),
// returns that registration while it is pending or active, and creates
// nothing: so a retry after a lost reply, or after store.ErrCommitUnknown,
// converges. Once that registration is refused, withdrawn or over, the
// same request files a new one. Requests for different foreigners run at
// once on a store that allows it (PostgreSQL): a submission that finds its
// idempotency key or its person's IIN link taken by one that committed
// meanwhile runs once more, and answers as after it.
//
// Errors: *registration.LimitError for a request over one of the limits
// (README, "Limits": sizes first, then the foreigner's trips,
// registrations and pending requests), *registration.ValidationError
// (every problem at once), *registration.RefusalError,
// *registration.ForbiddenError, ErrIdempotencyMismatch, ErrNotActive, and
// the store's errors.
func (s *Service) Submit(ctx context.Context, req SubmitRequest) (registration.Registration, error) {
	r, err := s.submit(ctx, req, false)
	s.logCommand(ctx, "submit", r.ID, err)
	return r, wrap("submit", err)
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("migreg: dry run")

// filing is one submission: the request with its defaults and what is
// worked out once for all its attempts. submitTx takes a copy.
type filing struct {
	req SubmitRequest
	// byForeigner: the request named no filer, so the foreigner files,
	// under the ID the transaction resolves.
	byForeigner bool
	at          time.Time
	// key is the idempotency key scoped by who files ("" without one),
	// fingerprint the request's content.
	key, fingerprint string
	dryRun           bool
}

// newFiling prepares a submission made at the instant at, by a Service
// deriving IDs under ids.
func newFiling(req SubmitRequest, at time.Time, dryRun bool, ids registration.Pseudonyms) (filing, error) {
	if err := checkRequest(req, at); err != nil {
		return filing{}, err
	}
	f := filing{req: req, at: at, dryRun: dryRun}
	f.byForeigner = f.req.By == (registration.Actor{}) // submitTx names them once resolved
	if req.IdempotencyKey != "" {
		if f.byForeigner {
			f.req.By = registration.ForeignerActor(ids.Foreigner(req.Submission.Person))
		}
		// Keys are scoped by who files, so two hotel systems that both
		// use "booking-123" never collide.
		f.key = actorKey(f.req.By) + "|" + req.IdempotencyKey
		var err error
		if f.fingerprint, err = f.req.fingerprint(); err != nil {
			// Only an enum out of its range fails to marshal: the
			// submission's (place, kinds) or the filer's kind.
			if verr := req.Submission.Validate(); verr != nil {
				return filing{}, verr
			}
			return filing{}, problem("by.kind", registration.CodeInvalid)
		}
	}
	return f, nil
}

// checkRequest refuses, before any other work, a request over a limit
// (the submission's fields, the idempotency key, the filer's ID) or made
// after lastDay.
func checkRequest(req SubmitRequest, at time.Time) error {
	if err := req.Submission.CheckLimits(); err != nil {
		return err
	}
	if err := checkKey(req.IdempotencyKey); err != nil {
		return err
	}
	if err := registration.CheckActor(req.By); err != nil {
		return err
	}
	return checkDay("submitted_at", calendar.DateOf(at))
}

// checkKey refuses an idempotency key over MaxIdempotencyKeyBytes (a
// *registration.LimitError) or one no store can keep, with invalid UTF-8
// or a NUL ("idempotency_key: invalid"; the stores would answer
// store.ErrInvalid, a storage error, for a caller's bad input).
func checkKey(key string) error {
	if err := over("idempotency_key_bytes", "idempotency_key", len(key), MaxIdempotencyKeyBytes); err != nil {
		return err
	}
	if !store.Storable(key) {
		return problem("idempotency_key", registration.CodeInvalid)
	}
	return nil
}

// actorKey returns the actor in full, "kind:id" ("kind" without an ID),
// to scope idempotency keys by who files. It is the text Actor.String
// gave before it stopped showing IDs, so that keys stored before still
// match; never log it.
func actorKey(a registration.Actor) string {
	if a.ID == "" {
		return a.Kind.String()
	}
	return a.Kind.String() + ":" + a.ID
}

// submitted returns a submission's outcome given what its transaction
// returned: a dry run's registration, or none when nothing was stored.
func submitted(r registration.Registration, err error) (registration.Registration, error) {
	switch {
	case errors.Is(err, errDryRun):
		return r, nil
	case err != nil:
		return registration.Registration{}, err // nothing was stored
	}
	return r, nil
}

// submit is Submit, or with dryRun its checks against the stored data
// without storing anything.
func (s *Service) submit(ctx context.Context, req SubmitRequest, dryRun bool) (registration.Registration, error) {
	f, err := newFiling(req, s.clock.Now(), dryRun, s.ids)
	if err != nil {
		return registration.Registration{}, err
	}
	var r registration.Registration
	err = s.update(ctx, func(tx store.Tx) error {
		var err error
		r, err = s.submitTx(ctx, tx, f)
		return err
	})
	return submitted(r, err)
}

// sameRequest returns the foreigner's pending or active registration
// filed by the same kind of filer with the content of req: the same
// person, host, address, place and entry, and, when req names one, the
// same move. A request without an idempotency key that matches one is a
// retry of it. (A hotel's check-in of a guest registered elsewhere names
// no move; the Service fills it in, so a retry of it must not compare
// it.)
func sameRequest(dos registration.Dossier, req SubmitRequest) (registration.Registration, bool) {
	s := req.Submission
	for _, r := range dos.Registrations {
		switch {
		case r.State != registration.Pending && r.State != registration.Confirmed,
			r.FiledBy != req.By.Kind,
			r.Person != s.Person || r.Host != s.Host || r.Address != s.Address || r.Place != s.Place || r.Entry != s.Entry,
			r.PlannedEnd != s.PlannedEnd,
			s.MovedFrom != "" && (r.MovedFrom != s.MovedFrom || r.MovedOn != s.MovedOn):
			continue
		}
		return r, true
	}
	return registration.Registration{}, false
}

// submitTx is a submission's transaction: it returns the registration
// filed, found by a retry or, with errDryRun, planned. A store may run it
// again after the database aborted it: every attempt starts from the
// request, f being a copy.
func (s *Service) submitTx(ctx context.Context, tx store.Tx, f filing) (registration.Registration, error) {
	// Locked, plan's first read comes with the person's links and the
	// idempotency key's record.
	sub := f.req.Submission
	q := store.RecordsQuery{Idempotency: f.key, TripsFrom: s.rules.TripsFrom(sub.Person.Citizenship, sub.Entry), Registrations: true, States: planStates}
	id, first, err := s.lockPersonRecords(ctx, tx, sub.Person, q)
	if err != nil {
		return registration.Registration{}, err
	}
	if f.byForeigner {
		f.req.By = registration.ForeignerActor(id)
	}
	if f.key != "" {
		rec, err := first.idempotency(ctx, tx, f.key)
		switch {
		case err == nil:
			if rec.Fingerprint != f.fingerprint {
				return registration.Registration{}, ErrIdempotencyMismatch
			}
			return tx.Registration(ctx, rec.Registration)
		case !errors.Is(err, store.ErrNotFound):
			return registration.Registration{}, err
		}
	}
	sub.Foreigner, sub.HostID = id, s.ids.Host(sub.Host)
	sub.Group = "" // only SubmitGroup files a group's members
	if sub.ID == "" {
		// Drawn only now, so that a retry that finds its key draws
		// none.
		sub.ID = "dry-run"
		if !f.dryRun {
			sub.ID = registration.ID(s.newID())
		}
	}
	var retry *SubmitRequest
	if f.key == "" {
		retry = &f.req
	}
	p, err := s.plan(ctx, tx, first, sub, f.req.By, f.at, retry)
	switch {
	case err != nil:
		return registration.Registration{}, err
	case p.retry:
		return p.r, nil // a retry: see Submit
	}
	if err := s.checkGuardian(ctx, tx, p.r); err != nil {
		return registration.Registration{}, err
	}
	if f.dryRun {
		return p.r, errDryRun
	}
	r, err := s.write(ctx, tx, first, p, f.at)
	if err != nil || f.key == "" {
		return r, err
	}
	if err := tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: f.key, Fingerprint: f.fingerprint, Registration: r.ID, CreatedAt: f.at.UTC()}); err != nil {
		return registration.Registration{}, err
	}
	return r, nil
}

// checkDossier refuses a new registration for a foreigner who has
// MaxRegistrationsPerForeigner stored already (closed ones included), or
// MaxPendingPerForeigner pending requests in dos.
func checkDossier(dos registration.Dossier, stored int) error {
	pending := 0
	for _, r := range dos.Registrations {
		if r.State == registration.Pending {
			pending++
		}
	}
	if err := over("registrations_per_foreigner", "registrations", stored+1, MaxRegistrationsPerForeigner); err != nil {
		return err
	}
	return over("pending_per_foreigner", "pending", pending+1, MaxPendingPerForeigner)
}

// MoveRequest is a change of address: the foreigner leaves the address of
// the active registration From on On and registers at the new one.
type MoveRequest struct {
	From           registration.ID      `json:"from"`
	On             calendar.Date        `json:"on"`
	Host           registration.Host    `json:"host"`
	Address        registration.Address `json:"address"`
	Place          registration.Place   `json:"place"`
	By             registration.Actor   `json:"by,omitzero"` // the foreigner, or the new hotel; zero: the foreigner
	IdempotencyKey string               `json:"idempotency_key,omitempty"`
	// Guardian is, for a minor, the registration of the parent or
	// guardian at the new address (see registration.MinorPolicy).
	Guardian registration.ID `json:"guardian,omitempty"`
	// PlannedEnd is the last day of the booking at the new address, if
	// known (see registration.Submission.PlannedEnd).
	PlannedEnd calendar.Date `json:"planned_end,omitzero"`
}

// Move files the registration at a new address after a change of address
// (a Submit with MovedFrom). The old address stays active until the new
// registration is confirmed, and is then superseded in the same commit; the
// re-registration deadline runs from the move (5 working days).
func (s *Service) Move(ctx context.Context, m MoveRequest) (registration.Registration, error) {
	// The limits first (those of the person are checked with the stored
	// person by Submit), and the request's own fields under its own JSON
	// keys, "from" and "on": the submission Submit validates calls them
	// moved_from and moved_on.
	now := s.clock.Now()
	limits := checkRequest(SubmitRequest{Submission: registration.Submission{Guardian: m.Guardian, Host: m.Host, Address: m.Address}, By: m.By, IdempotencyKey: m.IdempotencyKey}, now)
	var on error
	switch {
	case m.On.IsZero():
		on = problem("on", registration.CodeRequired)
	case m.On.After(calendar.DateOf(now)):
		on = problem("on", registration.CodeInFuture)
	}
	if err := errors.Join(limits, checkID("from", string(m.From)), on); err != nil {
		return registration.Registration{}, s.done(ctx, "move", "", err)
	}
	var old registration.Registration
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		old, err = tx.Registration(ctx, m.From)
		return err
	})
	if err == nil && m.On.Before(old.Entry) {
		err = problem("on", registration.CodeBeforeEntry)
	}
	var r registration.Registration
	if err == nil {
		r, err = s.submit(ctx, SubmitRequest{
			Submission: registration.Submission{
				Person: old.Person, Host: m.Host, Address: m.Address, Place: m.Place, Entry: old.Entry,
				MovedFrom: m.From, MovedOn: m.On, Guardian: m.Guardian, PlannedEnd: m.PlannedEnd,
			},
			By: m.By, IdempotencyKey: m.IdempotencyKey,
		}, false)
	}
	return r, s.done(ctx, "move", r.ID, err)
}

// RecordMove records that the foreigner left the address of their active
// registration from on the date on, before registering at the new one:
// the re-registration deadline (5 working days under order No. 923) starts
// running and is indexed, Sweep reminds the foreigner of it, and Assess
// reports it late while no new registration is filed. Move, which files
// the new registration, needs no RecordMove first.
//
// The foreigner records their own move, or the registration's host the
// departure of its guest; RecordMove leaves the registration active until
// the new one is confirmed. A host whose guest has left uses CheckOut,
// which also ends the registration on the check-out date.
//
// Errors: ErrNotActive when from is not the foreigner's active
// registration; a *registration.ForbiddenError when by is neither the
// foreigner nor the registration's host; a *registration.ValidationError
// for a date after today ("moved_on: in_future") or before the stay's
// entry ("moved_on: before_entry"); the store's errors.
func (s *Service) RecordMove(ctx context.Context, from registration.ID, on calendar.Date, by registration.Actor) error {
	if err := checkID("from", string(from)); err != nil {
		s.logCommand(ctx, "record move", "", err)
		return wrap("record move", err)
	}
	if on.IsZero() {
		return s.done(ctx, "record move", from, problem("moved_on", registration.CodeRequired))
	}
	if on.After(calendar.DateOf(s.clock.Now())) {
		return s.done(ctx, "record move", from, problem("moved_on", registration.CodeInFuture))
	}
	if err := errors.Join(registration.CheckActor(by), checkDay("today", calendar.DateOf(s.clock.Now()))); err != nil {
		return wrap("record move", err)
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
		if on.Before(r.Entry) || on.Before(r.MovedOn) {
			// Not before the stay, nor before the guest moved in here, as
			// CheckOut refuses: Assess would fine a re-registration owed
			// from a day the guest was still registered here.
			return problem("moved_on", registration.CodeBeforeEntry)
		}
		_, err = s.indexMove(ctx, tx, r.Foreigner, from, r.Entry, on)
		return err
	})
	s.logCommand(ctx, "record move", from, err)
	return wrap("record move", err)
}

// BatchOptions configures SubmitBatch.
type BatchOptions struct {
	// DryRun validates every item (and checks it against the stored data)
	// without storing anything.
	DryRun bool `json:"dry_run,omitempty"`
}

// BatchResult is the outcome of one item of a batch: the registration, or
// the error with every problem of the item.
//
// In JSON it is {"index", "registration"} or {"index", "error"}, the error
// in its public form (WireError): a PMS API can return a batch's results
// as they are. Unmarshal gives back Err as a *WireError that matches the
// sentinel the Service's error matched (see WireError for which typed
// errors travel).
type BatchResult struct {
	Index        int
	Registration registration.Registration
	Err          error
}

// batchUnits is how many items of a batch share a transaction.
const batchUnits = 500

// SubmitBatch submits many requests (a group checking in at a hotel, a
// bulk import), in order, each as Submit would: every item is validated
// and all its problems reported at once in its result, and one bad item
// never blocks the others. The items share transactions (up to 500 in
// each, each item undone alone when it fails; see store.Store.UpdateEach),
// so that a batch pays one commit, not one per item; an item's result is
// final only once its transaction has committed. With DryRun nothing is
// stored. Each item takes its own idempotency key: retrying a whole batch
// after a timeout creates nothing twice. An item that lost a race for a
// key or an IIN's link to another request runs again alone, after its
// transaction (see Submit), so it sees the items committed after it. A
// batch of more than
// MaxBatchItems is refused whole: every result holds the
// *registration.LimitError, and nothing is checked or stored.
func (s *Service) SubmitBatch(ctx context.Context, reqs []SubmitRequest, opts BatchOptions) []BatchResult {
	at := s.clock.Now()
	out := make([]BatchResult, len(reqs))
	if err := over("batch_items", "items", len(reqs), MaxBatchItems); err != nil {
		for i := range out {
			out[i] = BatchResult{Index: i, Err: wrap("submit", err)}
		}
		s.logCommand(ctx, "submit batch", "", err)
		return out
	}
	regs := make([]registration.Registration, len(reqs))
	var fns []func(tx store.Tx) error
	var units []int // the items of fns, in order
	flush := func() {
		for k, err := range s.store.UpdateEach(ctx, fns) {
			i := units[k]
			if errors.Is(err, store.ErrDuplicate) { // see update
				err = s.store.Update(ctx, fns[k])
			}
			out[i] = s.batchResult(ctx, i, regs[i], err)
		}
		fns, units = fns[:0], units[:0]
	}
	for i, req := range reqs {
		f, err := newFiling(req, at, opts.DryRun, s.ids)
		if err != nil {
			s.logCommand(ctx, "submit", "", err) // as Submit logs it
			out[i] = BatchResult{Index: i, Err: wrap("submit", err)}
			continue
		}
		fns = append(fns, func(tx store.Tx) error {
			var err error
			regs[i], err = s.submitTx(ctx, tx, f)
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
	return out
}

// batchResult returns an item's result given what its unit returned.
func (s *Service) batchResult(ctx context.Context, i int, r registration.Registration, err error) BatchResult {
	r, err = submitted(r, err)
	s.logCommand(ctx, "submit", r.ID, err)
	return BatchResult{Index: i, Registration: r, Err: wrap("submit", err)}
}

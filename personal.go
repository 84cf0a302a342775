package migreg

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/printable"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// One person across documents.
//
// A foreigner's records are kept under one ID, whichever travel document
// they show. The ID is derived from the first document the Service saw
// them with; a later document resolves to it through a link
// (store.Link), which the Service follows before every command:
//
//   - an IIN is the state's identifier of the person (docs/legal.md Part B
//     §5), so a foreigner who has one is linked by it: the first time a
//     person is recorded with an IIN, the IIN's ID is linked to theirs,
//     and a renewed passport carrying the same IIN finds the same person,
//     with no one's intervention;
//   - without an IIN, an authority links the renewed document to the
//     person it knows (LinkDocument): a decision the law leaves to the
//     migration police (a POLICY of migreg, since the sources say nothing
//     of renewals), recorded with who made it, when and why.
//
// The stay engine, Status and Assess then see one history: the 90/180
// count, the registrations and the violations follow the person. An ID
// whose records LinkDocument merged into the person's goes on naming the
// person: RecordExit, Status, Assess, Person, Trips and ByForeigner follow
// its link, for a client that kept it from before the link (one read
// more, made only when that ID holds nothing). A
// renewed document seen before it was linked (a border crossing, a
// submission) has a history of its own under its own ID; LinkDocument
// merges it into the person's (store.Tx.MergeForeigner), unless the two
// cannot be one person's: trips that share a day, two active
// registrations.

// LinkDocument records, for an authority (by), that the person with the
// renewed travel document is the person the Service knows as known (the
// ID ForeignerID gave for their earlier document). From then on the
// renewed document resolves to known, the person record shows the renewed
// document, and their IIN, if any, is linked too. The link is the audit
// record: who, when, and note (a case number, say; no personal data).
// Linking again the same way changes nothing.
//
// Records kept under the renewed document before the link (it crossed the
// border, or was registered, first) are merged into the person's in the
// same transaction: its trips, registrations, deadlines and notifications
// move under known (store.Tx.MergeForeigner), so that the 90/180 count,
// Status and Assess see both documents' days. The events keep the actor
// they were recorded with.
//
// Errors: a *registration.ValidationError for an invalid person, known
// ID or note (not printable text); a *registration.LimitError for a note
// over registration.MaxTextBytes; one matching registration.ErrForbidden when by is not an authority;
// ErrNotFound when known is not stored; ErrConflict, changing nothing,
// when the renewed document is linked to another person already, or its
// records cannot be the same person's: a trip of one shares a day with a
// trip of the other, or both have an active registration (annul or end
// one first); a *registration.LimitError when the merged history would
// hold more than MaxTripsPerForeigner trips, MaxRegistrationsPerForeigner
// registrations or MaxPendingPerForeigner pending requests; the store's
// errors.
func (s *Service) LinkDocument(ctx context.Context, known registration.ForeignerID, renewed registration.Person, by registration.Actor, note string) error {
	err := s.linkDocument(ctx, known, renewed, by, note)
	s.logCommand(ctx, "link document", "", err)
	return wrap("link document", err)
}

func (s *Service) linkDocument(ctx context.Context, known registration.ForeignerID, renewed registration.Person, by registration.Actor, note string) error {
	if err := checkID("known", string(known)); err != nil {
		return err
	}
	if err := registration.CheckSize("text_bytes", "note", note, registration.MaxTextBytes); err != nil {
		return err
	}
	if !printable.Field(note) {
		return problem("note", registration.CodeInvalid)
	}
	if err := renewed.Validate(calendar.Date{}); err != nil {
		return err
	}
	if by.Kind != registration.ActorAuthority {
		return fmt.Errorf("%w: only an authority links a renewed document", registration.ErrForbidden)
	}
	at := s.clock.Now()
	from := s.ids.Foreigner(renewed)
	return s.update(ctx, func(tx store.Tx) error {
		// Both foreigners' records may change: lock both, the renewed
		// document's first, as every command locks a document's ID before
		// the person it leads to (lockPerson), so that a command and a
		// link never wait for each other.
		for _, id := range []registration.ForeignerID{from, known} {
			if err := tx.Lock(ctx, id); err != nil {
				return err
			}
		}
		if _, err := tx.Foreigner(ctx, known); err != nil {
			return err
		}
		if from == known {
			return nil // the same document
		}
		l, err := tx.Link(ctx, from)
		switch {
		case err == nil && l.To == known:
			return nil // linked already
		case err == nil:
			return fmt.Errorf("%w: the renewed document is linked to another person", store.ErrConflict)
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if err := checkMergedCounts(ctx, tx, known, from); err != nil {
			return err
		}
		if err := tx.MergeForeigner(ctx, from, known); err != nil {
			return err
		}
		if err := tx.PutLink(ctx, store.Link{From: from, To: known, By: by, At: at, Note: note}); err != nil {
			return err
		}
		if err := tx.PutForeigner(ctx, known, renewed); err != nil {
			return err
		}
		return s.linkIIN(ctx, tx, nil, renewed, known, at)
	})
}

// checkMergedCounts refuses a merge of the records of from into those of
// to that would hold more trips, registrations or pending requests than
// one foreigner may have: the bounds every command relies on to read a foreigner's past.
func checkMergedCounts(ctx context.Context, tx store.ReadTx, to, from registration.ForeignerID) error {
	var trips, regs, pending int
	for _, id := range []registration.ForeignerID{to, from} {
		n, err := tx.CountTrips(ctx, id)
		if err != nil {
			return err
		}
		m, err := tx.CountRegistrations(ctx, id)
		if err != nil {
			return err
		}
		// At most MaxPendingPerForeigner each: one page holds them.
		p, _, err := tx.Registrations(ctx, store.Filter{Foreigner: id, States: []registration.State{registration.Pending}}, store.Page{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		trips, regs, pending = trips+n, regs+m, pending+len(p)
	}
	return cmp.Or(over("trips_per_foreigner", "trips", trips, MaxTripsPerForeigner),
		over("registrations_per_foreigner", "registrations", regs, MaxRegistrationsPerForeigner),
		over("pending_per_foreigner", "pending", pending, MaxPendingPerForeigner))
}

// linkIIN links the person's IIN, if they have one that is not linked
// yet, to the ID their records are kept under. RecordEntry and Submit call
// it in their transactions.
func (s *Service) linkIIN(ctx context.Context, tx store.Tx, first *firstRead, p registration.Person, id registration.ForeignerID, at time.Time) error {
	ids := s.ids.ForeignersByIIN(p.IIN)
	if len(ids) == 0 {
		return nil
	}
	_, err := first.link(ctx, tx, ids[0])
	if !errors.Is(err, store.ErrNotFound) {
		return err // nil when linked already
	}
	return tx.PutLink(ctx, store.Link{From: ids[0], To: id, By: registration.System(), At: at, Note: "iin"})
}

// Retention says how long personal data is kept: the Law of the Republic
// of Kazakhstan «О персональных данных и их защите» requires data to be
// kept no longer than its purpose needs, and gives no term for migration
// records that migreg's sources found. Both terms are POLICY values, to be
// set by the agency; the defaults are documented guesses (README,
// "Personal data").
type Retention struct {
	// AfterEnd is how many days a foreigner's personal data is kept after
	// their last registration ended and their last trip closed, whichever
	// is later. Default DefaultRetentionDays.
	AfterEnd int `json:"after_end,omitempty"`
	// Idempotency is how long an idempotency key is kept, so that a
	// retry within it returns the first result. Default
	// DefaultIdempotencyTTL.
	Idempotency time.Duration `json:"idempotency,omitempty"`
}

// The default retention terms (POLICY). Three years covers the 180-day
// window of a returning visitor's 90/180 count many times over and leaves
// time to assess and fine late registrations; thirty days is far longer
// than any client retries a request.
const (
	DefaultRetentionDays  = 3 * 365
	DefaultIdempotencyTTL = 30 * 24 * time.Hour
)

// withDefaults returns r with its zero fields set to the defaults.
func (r Retention) withDefaults() Retention {
	if r.AfterEnd <= 0 {
		r.AfterEnd = DefaultRetentionDays
	}
	if r.Idempotency <= 0 {
		r.Idempotency = DefaultIdempotencyTTL
	}
	return r
}

// ErasureReport is what EraseExpired did.
type ErasureReport struct {
	// Checked is how many stored persons were looked at, Erased how many
	// of them had their personal data erased.
	Checked int `json:"checked"`
	Erased  int `json:"erased"`
	// IdempotencyExpired is how many idempotency keys were deleted.
	IdempotencyExpired int `json:"idempotency_expired"`
}

// EraseExpired erases the personal data of every foreigner whose records
// are past retention (Options.Retention): no registration pending or
// active, no trip open, and the later of the last registration's end and
// the last exit more than Retention.AfterEnd days before today. It erases
// it wherever the store keeps it (store.Tx.EraseForeigner: the person
// record, the names, document, IIN and address in their registrations and
// events, certificates, message bodies and their last delivery errors,
// idempotency records, deadlines and links) and keeps the history's shape
// and the counts statistics need (states, dates, citizenship, region,
// place, trips, under the pseudonym). Their messages that were not
// delivered yet never will be: Deliver parks an erased message without
// handing it to the Notifier. It also deletes idempotency keys older
// than Retention.Idempotency. Run it daily; running it again erases
// nothing twice.
//
// Each foreigner is erased in a transaction of its own, after taking
// their lock and checking again, so a command that runs meanwhile is
// never lost. On an error the report says what was done before it.
func (s *Service) EraseExpired(ctx context.Context) (ErasureReport, error) {
	rep, err := s.eraseExpired(ctx)
	s.logCommand(ctx, "erase expired", "", err)
	return rep, wrap("erase expired", err)
}

func (s *Service) eraseExpired(ctx context.Context) (ErasureReport, error) {
	var rep ErasureReport
	now := s.clock.Now()
	ret := s.keep.withDefaults()
	today := calendar.DateOf(now)
	var after store.Cursor
	for {
		// A page of persons is judged in one read transaction; only
		// those past retention are locked, judged again and erased, each
		// in a write transaction of its own.
		var candidates []registration.ForeignerID
		var next store.Cursor
		err := s.store.View(ctx, func(tx store.ReadTx) error {
			candidates = candidates[:0]
			ids, cursor, err := tx.Foreigners(ctx, store.Page{After: after, Limit: store.MaxLimit})
			if err != nil {
				return err
			}
			next = cursor
			rep.Checked += len(ids)
			for _, id := range ids {
				h, err := s.history(ctx, tx, id, today)
				if err != nil {
					return err
				}
				if pastRetention(h, today, ret.AfterEnd) {
					candidates = append(candidates, id)
				}
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
		for _, id := range candidates {
			erased := false
			err := s.store.Update(ctx, func(tx store.Tx) error {
				erased = false
				if err := tx.Lock(ctx, id); err != nil {
					return err
				}
				h, err := s.history(ctx, tx, id, today)
				if errors.Is(err, store.ErrNotFound) {
					return nil // erased meanwhile
				}
				if err != nil {
					return err
				}
				if !pastRetention(h, today, ret.AfterEnd) {
					return nil
				}
				erased = true
				return tx.EraseForeigner(ctx, id)
			})
			if err != nil {
				return rep, err
			}
			if erased {
				rep.Erased++
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	err := s.store.Update(ctx, func(tx store.Tx) error {
		var err error
		rep.IdempotencyExpired, err = tx.DeleteIdempotencyBefore(ctx, now.Add(-ret.Idempotency))
		return err
	})
	return rep, err
}

// pastRetention reports whether a foreigner's history is over and ended
// more than keep days before today.
func pastRetention(h registration.History, today calendar.Date, keep int) bool {
	var last calendar.Date
	for _, t := range h.Trips {
		if t.Exit.IsZero() {
			return false // still in the country
		}
		if t.Exit.After(last) {
			last = t.Exit
		}
	}
	for _, r := range h.Registrations {
		if !r.State.IsFinal() {
			return false
		}
		if r.ClosedOn.After(last) {
			last = r.ClosedOn
		}
	}
	// Counted in days, not as last.AddDays(keep): a keep past 9999-12-31
	// (a "keep for ever" such as math.MaxInt) would make that the zero
	// Date, before every day, and erase at once.
	return !last.IsZero() && today.DaysSince(last) > keep
}

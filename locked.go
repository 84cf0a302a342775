package migreg

import (
	"context"
	"fmt"
	"slices"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// How a command reads what it decides on: it locks the foreigner, then
// reads their records, with as few calls to the store as it can, since
// on PostgreSQL each is a round trip made while the foreigner's lock is
// held (store.Tx.LockRegistration, store.ReadTx.ForeignerRecords).

// lockRegistration takes the lock of the foreigner of the registration id
// (see store.Tx.LockRegistration) and returns the registration as read
// under it.
func lockRegistration(ctx context.Context, tx store.Tx, id registration.ID) (registration.Registration, error) {
	r, err := tx.LockRegistration(ctx, id)
	for range maxMerges {
		if err != nil {
			return registration.Registration{}, err
		}
		locked := r.Foreigner
		if r, err = tx.Registration(ctx, id); err == nil && r.Foreigner == locked {
			return r, nil
		}
		if err == nil {
			// LinkDocument merged the foreigner into another person while
			// this waited for the lock (see followMerge): take that one's,
			// and read the registration again under it.
			err = tx.Lock(ctx, r.Foreigner)
		}
	}
	return registration.Registration{}, errMoving
}

// errMoving: a registration moved to another foreigner, by a merge, each
// time a command took the lock of the one before.
var errMoving = fmt.Errorf("%w: the registration keeps moving to other foreigners", store.ErrConflict)

// lockDossier is lockRegistration with the part of the foreigner's
// dossier that a command on the registration can change: it, and the
// foreigner's active registration, which confirming it supersedes.
// Reading only these keeps a command's cost independent of how many
// registrations the foreigner had before. They are read in one listing
// of the pending and active registrations, which holds the registration
// unless it is closed, together with the trips a confirmation reads:
// first is that read, for the command's later reads (see firstRead).
func (s *Service) lockDossier(ctx context.Context, tx store.Tx, id registration.ID) (r registration.Registration, dos registration.Dossier, first *firstRead, err error) {
	// As stored before the lock: the foreigner, the citizenship and the
	// entry change only in a merge or an erasure, which the check below
	// and firstRead's query notice.
	before, err := tx.LockRegistration(ctx, id)
	for range maxMerges {
		if err != nil {
			return registration.Registration{}, registration.Dossier{}, nil, err
		}
		f := before.Foreigner
		from := s.rules.TripsFrom(before.Person.Citizenship, before.Entry)
		q := store.RecordsQuery{Foreigner: f, TripsFrom: from, Registrations: true, States: []registration.State{registration.Pending, registration.Confirmed}}
		var recs store.Records
		if recs, err = tx.ForeignerRecords(ctx, q, store.Page{Limit: store.MaxLimit}); err != nil {
			return registration.Registration{}, registration.Dossier{}, nil, err
		}
		regs := slices.Clone(recs.Registrations) // recs goes to firstRead as read
		if i := slices.IndexFunc(regs, func(r registration.Registration) bool { return r.ID == id }); i >= 0 {
			r = regs[i]
		} else if r, err = tx.Registration(ctx, id); err != nil {
			return registration.Registration{}, registration.Dossier{}, nil, err
		}
		if r.Foreigner == f {
			// r as read, and the active registration it may supersede.
			regs = slices.DeleteFunc(regs, func(a registration.Registration) bool { return a.ID == id || a.State != registration.Confirmed })
			return r, registration.Dossier{Foreigner: f, Registrations: append(regs, r)}, &firstRead{q: q, recs: recs}, nil
		}
		before, err = r, tx.Lock(ctx, r.Foreigner) // merged into another meanwhile, as in lockRegistration
	}
	return registration.Registration{}, registration.Dossier{}, nil, errMoving
}

// lockPersonRecords is lockPerson followed by the first read of a
// command, q for the ID found (its Foreigner and Links are set here).
// With one key, the links lockPerson reads after it locks the document's
// ID come with that read, in one call to the store, and first is that
// read, for the command's later reads of the trips, the registrations,
// the idempotency key's record and the links q asked for (see
// firstRead). Otherwise, or when the document is linked to another
// person, first is nil and the command reads as it would after
// lockPerson.
func (s *Service) lockPersonRecords(ctx context.Context, tx store.Tx, p registration.Person, q store.RecordsQuery) (id registration.ForeignerID, first *firstRead, err error) {
	docs := s.ids.Foreigners(p)
	if len(docs) != 1 {
		id, err := s.lockPerson(ctx, tx, p)
		return id, nil, err
	}
	if err := tx.Lock(ctx, docs[0]); err != nil {
		return "", nil, err
	}
	q.Foreigner, q.Links = docs[0], append(docs[:1:1], s.ids.ForeignersByIIN(p.IIN)...)
	recs, err := tx.ForeignerRecords(ctx, q, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return "", nil, err
	}
	id = docs[0]
	if len(recs.Links) > 0 { // the first link names the person's ID, as in resolveIDs
		id = recs.Links[0].To
	}
	if id == docs[0] {
		return id, &firstRead{q: q, recs: recs}, nil
	}
	if err := tx.Lock(ctx, id); err != nil {
		return "", nil, err
	}
	id, err = followMerge(ctx, tx, id)
	return id, nil, err
}

// firstRead is what a command read of a foreigner's records right after
// it locked them, in one call to the store (store.ReadTx.ForeignerRecords):
// the query q and its answer. The command hands it to the functions that
// read those records next, which take their answer from it rather than
// from the store, and which all run before the command writes anything
// that changes them. Each method answers what q asked for and reads
// anything else from tx; a nil *firstRead holds nothing, so that every
// read goes to the store.
type firstRead struct {
	q    store.RecordsQuery
	recs store.Records
}

// foreignerRecords is tx.ForeignerRecords of q's first page, answered
// from f when f read the same trips and registrations (links and key
// aside).
func (f *firstRead) foreignerRecords(ctx context.Context, tx store.ReadTx, q store.RecordsQuery) (store.Records, error) {
	if f == nil || len(q.Links) > 0 || q.Idempotency != "" || q.Foreigner != f.q.Foreigner || q.TripsFrom != f.q.TripsFrom ||
		q.Registrations != f.q.Registrations || !slices.Equal(q.States, f.q.States) {
		return tx.ForeignerRecords(ctx, q, store.Page{Limit: store.MaxLimit})
	}
	recs := f.recs
	recs.Links, recs.Idempotency = nil, nil
	recs.Registrations, recs.Trips = slices.Clone(recs.Registrations), slices.Clone(recs.Trips) // the caller's to change
	return recs, nil
}

// tripsFrom is tx.TripsFrom, answered from f when f read the trips of the
// foreigner from the same day.
func (f *firstRead) tripsFrom(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error) {
	if f == nil || foreigner != f.q.Foreigner || from != f.q.TripsFrom {
		return tx.TripsFrom(ctx, foreigner, from)
	}
	return slices.Clone(f.recs.Trips), nil // the caller's to change
}

// idempotency is tx.Idempotency, answered from f when f read the key.
func (f *firstRead) idempotency(ctx context.Context, tx store.ReadTx, key string) (store.IdempotencyRecord, error) {
	switch {
	case f == nil || key == "" || key != f.q.Idempotency:
		return tx.Idempotency(ctx, key)
	case f.recs.Idempotency == nil:
		return store.IdempotencyRecord{}, errNoRecord
	}
	return *f.recs.Idempotency, nil
}

// link is tx.Link, answered from f when f read the links of the ID.
func (f *firstRead) link(ctx context.Context, tx store.ReadTx, from registration.ForeignerID) (store.Link, error) {
	if f == nil || !slices.Contains(f.q.Links, from) {
		return tx.Link(ctx, from)
	}
	for _, l := range f.recs.Links {
		if l.From == from {
			return l, nil
		}
	}
	return store.Link{}, errNoLink
}

// errNoLink and errNoRecord are firstRead's answers for an ID without a
// link and a key without a record.
var (
	errNoLink   = fmt.Errorf("%w: link", store.ErrNotFound)
	errNoRecord = fmt.Errorf("%w: idempotency key", store.ErrNotFound)
)

// records reads what a submission decides on, in one call to the store
// (store.ReadTx.ForeignerRecords) where it can, or none when first
// holds it: the trips of the foreigner id, a citizen of citizenship, as
// trips reads them for the day on; their registrations in the states, as
// dossier reads them; and how many registrations are stored in every
// state.
func (s *Service) records(ctx context.Context, tx store.ReadTx, first *firstRead, id registration.ForeignerID, citizenship string, on calendar.Date, states ...registration.State) (trips []stay.Trip, all bool, dos registration.Dossier, count int, err error) {
	var recs store.Records
	read := false
	trips, all, err = s.tripsWith(citizenship, on, func(from calendar.Date) ([]stay.Trip, error) {
		if read { // the rules read further back
			return tx.TripsFrom(ctx, id, from)
		}
		read = true
		var err error
		recs, err = first.foreignerRecords(ctx, tx, store.RecordsQuery{Foreigner: id, TripsFrom: from, Registrations: true, States: states})
		return recs.Trips, err
	})
	if err != nil {
		return nil, false, registration.Dossier{}, 0, err
	}
	dos, err = moreDossier(ctx, tx, id, states, recs.Registrations, recs.Next)
	return trips, all, dos, recs.Count, err
}

// dossier reads the registrations of a foreigner in any of the states, or
// every one when none are given. A command reads only the states it can
// depend on, so that its cost does not grow with requests long closed.
func dossier(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID, states ...registration.State) (registration.Dossier, error) {
	page, next, err := tx.Registrations(ctx, store.Filter{Foreigner: foreigner, States: states}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return registration.Dossier{Foreigner: foreigner}, err
	}
	return moreDossier(ctx, tx, foreigner, states, page, next)
}

// moreDossier returns the dossier whose first page of registrations is
// regs, reading the pages after the cursor after.
func moreDossier(ctx context.Context, tx store.ReadTx, foreigner registration.ForeignerID, states []registration.State, regs []registration.Registration, after store.Cursor) (registration.Dossier, error) {
	d := registration.Dossier{Foreigner: foreigner, Registrations: regs}
	for after != "" {
		page, next, err := tx.Registrations(ctx, store.Filter{Foreigner: foreigner, States: states}, store.Page{After: after, Limit: store.MaxLimit})
		if err != nil {
			return d, err
		}
		d.Registrations = append(d.Registrations, page...)
		after = next
	}
	return d, nil
}

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
// unless it is closed, together with the trips a confirmation reads: the
// transaction returned answers that read from them (see prefetched).
func (s *Service) lockDossier(ctx context.Context, tx store.Tx, id registration.ID) (store.Tx, registration.Registration, registration.Dossier, error) {
	// As stored before the lock: the foreigner, the citizenship and the
	// entry change only in a merge or an erasure, which the check below
	// and prefetched's key notice.
	before, err := tx.LockRegistration(ctx, id)
	for range maxMerges {
		if err != nil {
			return nil, registration.Registration{}, registration.Dossier{}, err
		}
		f := before.Foreigner
		from := s.rules.TripsFrom(before.Person.Citizenship, before.Entry)
		q := store.RecordsQuery{Foreigner: f, TripsFrom: from, Registrations: true, States: []registration.State{registration.Pending, registration.Confirmed}}
		var recs store.Records
		if recs, err = tx.ForeignerRecords(ctx, q, store.Page{Limit: store.MaxLimit}); err != nil {
			return nil, registration.Registration{}, registration.Dossier{}, err
		}
		regs := slices.Clone(recs.Registrations) // recs goes to prefetched as read
		var r registration.Registration
		if i := slices.IndexFunc(regs, func(r registration.Registration) bool { return r.ID == id }); i >= 0 {
			r = regs[i]
		} else if r, err = tx.Registration(ctx, id); err != nil {
			return nil, registration.Registration{}, registration.Dossier{}, err
		}
		if r.Foreigner == f {
			// r as read, and the active registration it may supersede.
			regs = slices.DeleteFunc(regs, func(a registration.Registration) bool { return a.ID == id || a.State != registration.Confirmed })
			ptx := &prefetched{Tx: tx, q: q, recs: recs}
			return ptx, r, registration.Dossier{Foreigner: f, Registrations: append(regs, r)}, nil
		}
		before, err = r, tx.Lock(ctx, r.Foreigner) // merged into another meanwhile, as in lockRegistration
	}
	return nil, registration.Registration{}, registration.Dossier{}, errMoving
}

// lockPersonRecords is lockPerson followed by the first read of a
// command, q for the ID found (its Foreigner and Links are set here).
// With one key, the links lockPerson reads after it locks the document's
// ID come with that read, in one call to the store; the transaction
// returned answers the command's first ForeignerRecords, TripsFrom,
// Idempotency and Link calls of what q asked from it (see prefetched).
// Otherwise, or when the document is linked to another person, it is tx,
// and the command reads as it would after lockPerson.
func (s *Service) lockPersonRecords(ctx context.Context, tx store.Tx, p registration.Person, q store.RecordsQuery) (store.Tx, registration.ForeignerID, error) {
	docs := s.ids.Foreigners(p)
	if len(docs) != 1 {
		id, err := s.lockPerson(ctx, tx, p)
		return tx, id, err
	}
	if err := tx.Lock(ctx, docs[0]); err != nil {
		return nil, "", err
	}
	q.Foreigner, q.Links = docs[0], append(docs[:1:1], s.ids.ForeignersByIIN(p.IIN)...)
	recs, err := tx.ForeignerRecords(ctx, q, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return nil, "", err
	}
	id := docs[0]
	if len(recs.Links) > 0 { // the first link names the person's ID, as in resolveIDs
		id = recs.Links[0].To
	}
	if id == docs[0] {
		return &prefetched{Tx: tx, q: q, recs: recs}, id, nil
	}
	if err := tx.Lock(ctx, id); err != nil {
		return nil, "", err
	}
	id, err = followMerge(ctx, tx, id)
	return tx, id, err
}

// prefetched is a transaction that has read some of a foreigner's
// records together (store.ReadTx.ForeignerRecords, q) right after it
// locked them. It answers from what it read the first ForeignerRecords
// of the same query (first page, links and key aside), the first
// TripsFrom of the foreigner and day, the first Idempotency of the key
// and the first Link of each ID asked, and passes every other call on. A
// command gives it only to what reads each before it writes what it
// covers.
type prefetched struct {
	store.Tx
	q    store.RecordsQuery
	recs store.Records
	used struct {
		records, trips, idempotency bool
		links                       []registration.ForeignerID
	}
}

func (p *prefetched) ForeignerRecords(ctx context.Context, q store.RecordsQuery, pg store.Page) (store.Records, error) {
	if p.used.records || len(q.Links) > 0 || q.Idempotency != "" || q.Foreigner != p.q.Foreigner || q.TripsFrom != p.q.TripsFrom || q.Registrations != p.q.Registrations ||
		!slices.Equal(q.States, p.q.States) || pg != (store.Page{Limit: store.MaxLimit}) {
		return p.Tx.ForeignerRecords(ctx, q, pg)
	}
	p.used.records, p.used.trips = true, true // recs.Trips is handed out once
	recs := p.recs
	recs.Links, recs.Idempotency = nil, nil
	return recs, nil
}

func (p *prefetched) TripsFrom(ctx context.Context, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error) {
	if p.used.trips || foreigner != p.q.Foreigner || from != p.q.TripsFrom {
		return p.Tx.TripsFrom(ctx, foreigner, from)
	}
	p.used.trips, p.used.records = true, true
	return p.recs.Trips, nil
}

func (p *prefetched) Idempotency(ctx context.Context, key string) (store.IdempotencyRecord, error) {
	if p.used.idempotency || key == "" || key != p.q.Idempotency {
		return p.Tx.Idempotency(ctx, key)
	}
	p.used.idempotency = true
	if p.recs.Idempotency == nil {
		return store.IdempotencyRecord{}, errNoRecord
	}
	return *p.recs.Idempotency, nil
}

func (p *prefetched) Link(ctx context.Context, from registration.ForeignerID) (store.Link, error) {
	if !slices.Contains(p.q.Links, from) || slices.Contains(p.used.links, from) {
		return p.Tx.Link(ctx, from)
	}
	p.used.links = append(p.used.links, from)
	for _, l := range p.recs.Links {
		if l.From == from {
			return l, nil
		}
	}
	return store.Link{}, errNoLink
}

// A write that changes what prefetched read makes it pass every later
// read on: it never answers with records the transaction has since
// changed, whatever order a command reads and writes in.

func (p *prefetched) drop() {
	p.used.records, p.used.trips, p.used.idempotency, p.used.links = true, true, true, p.q.Links
}

func (p *prefetched) PutTrip(ctx context.Context, f registration.ForeignerID, t stay.Trip) error {
	p.drop()
	return p.Tx.PutTrip(ctx, f, t)
}

func (p *prefetched) CreateRegistration(ctx context.Context, r registration.Registration, e []registration.Event) error {
	p.drop()
	return p.Tx.CreateRegistration(ctx, r, e)
}

func (p *prefetched) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, e []registration.Event) error {
	p.drop()
	return p.Tx.UpdateRegistration(ctx, r, expected, e)
}

func (p *prefetched) PutIdempotency(ctx context.Context, rec store.IdempotencyRecord) error {
	p.drop()
	return p.Tx.PutIdempotency(ctx, rec)
}

func (p *prefetched) PutLink(ctx context.Context, l store.Link) error {
	p.drop()
	return p.Tx.PutLink(ctx, l)
}

func (p *prefetched) MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error {
	p.drop()
	return p.Tx.MergeForeigner(ctx, from, to)
}

func (p *prefetched) EraseForeigner(ctx context.Context, id registration.ForeignerID) error {
	p.drop()
	return p.Tx.EraseForeigner(ctx, id)
}

// errNoLink and errNoRecord are prefetched's answers for an ID without
// a link and a key without a record.
var (
	errNoLink   = fmt.Errorf("%w: link", store.ErrNotFound)
	errNoRecord = fmt.Errorf("%w: idempotency key", store.ErrNotFound)
)

// records reads what a submission decides on, in one call to the store
// (store.ReadTx.ForeignerRecords) where it can: the trips of the
// foreigner id, a citizen of citizenship, as trips reads them for the day
// on; their registrations in the states, as dossier reads them; and how
// many registrations are stored in every state.
func (s *Service) records(ctx context.Context, tx store.ReadTx, id registration.ForeignerID, citizenship string, on calendar.Date, states ...registration.State) (trips []stay.Trip, all bool, dos registration.Dossier, count int, err error) {
	var recs store.Records
	first := true
	trips, all, err = s.tripsWith(citizenship, on, func(from calendar.Date) ([]stay.Trip, error) {
		if !first { // the rules read further back
			return tx.TripsFrom(ctx, id, from)
		}
		first = false
		var err error
		recs, err = tx.ForeignerRecords(ctx, store.RecordsQuery{Foreigner: id, TripsFrom: from, Registrations: true, States: states}, store.Page{Limit: store.MaxLimit})
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

package migreg

import (
	"context"
	"errors"
	"slices"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// How a command reads what it decides on: it locks the foreigner, then
// reads their records, with as few calls to the store as it can, since
// on PostgreSQL each is a round trip made while the foreigner's lock is
// held (store.Tx.LockLinked, store.Tx.LockRegistration,
// store.ReadTx.ForeignerRecords).

// lockRegistration takes the lock of the foreigner of the registration id
// (see store.Tx.LockRegistration) and returns the registration as read
// under it.
func lockRegistration(ctx context.Context, tx store.Tx, id registration.ID) (registration.Registration, error) {
	r, err := tx.LockRegistration(ctx, id)
	for err == nil {
		f := r.Foreigner
		if r, err = tx.Registration(ctx, id); err != nil || r.Foreigner == f {
			return r, err
		}
		err = tx.Lock(ctx, r.Foreigner) // merged into another meanwhile
	}
	return registration.Registration{}, err
}

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
	for err == nil {
		f := before.Foreigner
		from := s.tripsFrom(before.Person.Citizenship, before.Entry)
		var recs store.Records
		recs, err = tx.ForeignerRecords(ctx, store.RecordsQuery{Foreigner: f, TripsFrom: from, States: []registration.State{registration.Pending, registration.Confirmed}}, store.Page{Limit: store.MaxLimit})
		if err != nil {
			break
		}
		regs := recs.Registrations
		var r registration.Registration
		if i := slices.IndexFunc(regs, func(r registration.Registration) bool { return r.ID == id }); i >= 0 {
			r = regs[i]
		} else if r, err = tx.Registration(ctx, id); err != nil {
			break
		}
		if r.Foreigner == f {
			// r as read, and the active registration it may supersede.
			regs = slices.DeleteFunc(regs, func(a registration.Registration) bool { return a.ID == id || a.State != registration.Confirmed })
			ptx := &prefetched{Tx: tx, foreigner: f, from: from, trips: recs.Trips}
			return ptx, r, registration.Dossier{Foreigner: f, Registrations: append(regs, r)}, nil
		}
		before, err = r, tx.Lock(ctx, r.Foreigner) // merged into another meanwhile
	}
	return nil, registration.Registration{}, registration.Dossier{}, err
}

// prefetched is a transaction that has read a foreigner's trips from a
// day together with other records: it answers the first TripsFrom of
// that foreigner and day from them, and passes every other call on. A
// command gives it only to what reads before the command writes.
type prefetched struct {
	store.Tx
	foreigner registration.ForeignerID
	from      calendar.Date
	trips     []stay.Trip
	used      bool
}

func (p *prefetched) TripsFrom(ctx context.Context, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error) {
	if p.used || foreigner != p.foreigner || from != p.from {
		return p.Tx.TripsFrom(ctx, foreigner, from)
	}
	p.used = true
	return p.trips, nil
}

// errFrom stops tripsFrom's ReadTrips after its first read.
var errFrom = errors.New("migreg: the first day read")

// tripsFrom returns the day from which trips reads the trips of a
// citizen of citizenship, for the day on, first.
func (s *Service) tripsFrom(citizenship string, on calendar.Date) calendar.Date {
	var from calendar.Date
	_, _ = s.rules.ReadTrips(citizenship, on, func(f calendar.Date) ([]stay.Trip, error) {
		from = f
		return nil, errFrom
	})
	return from
}

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
		recs, err = tx.ForeignerRecords(ctx, store.RecordsQuery{Foreigner: id, TripsFrom: from, States: states}, store.Page{Limit: store.MaxLimit})
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

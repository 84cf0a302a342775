package migreg

import (
	"context"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The two halves of a submission's transaction, shared by Submit and
// SubmitGroup: plan checks a submission against what is stored, write
// stores it. A group plans every member before it writes any.

// planned is a submission checked against the stored data of its
// foreigner (whose lock the transaction holds): the registration and
// events to store, or, with retry, the stored registration a request
// repeats.
type planned struct {
	sub    registration.Submission
	trips  []stay.Trip
	dos    registration.Dossier
	r      registration.Registration
	events []registration.Event
	retry  bool
}

// plan checks the submission sub (its IDs set) filed by by at the instant
// at against the foreigner's stored trips and registrations, and returns
// what to store; nothing is written. With retry, a request without an
// idempotency key, a stored registration it repeats is returned instead
// (see sameRequest). The first read is taken from first when it holds it
// (see firstRead).
func (s *Service) plan(ctx context.Context, tx store.Tx, first *firstRead, sub registration.Submission, by registration.Actor, at time.Time, retry *SubmitRequest) (planned, error) {
	p := planned{sub: sub}
	// The trips that can overlap the entry or count in its stay: not the
	// older ones, which would make a submission's cost grow with the past.
	// With them, the pending and active registrations (below) and how
	// many are stored in every state: one read.
	trips, all, dos, stored, err := s.records(ctx, tx, first, sub.Foreigner, sub.Person.Citizenship, sub.Entry, planStates...)
	if err != nil {
		return p, err
	}
	p.trips = trips
	if err := checkEntry(trips, sub.Entry); err != nil {
		return p, err
	}
	if !hasTrip(trips, sub.Entry) {
		stored, err := countTrips(ctx, tx, sub.Foreigner, trips, all)
		if err != nil {
			return p, err
		}
		if err := over("trips_per_foreigner", "trips", stored+1, MaxTripsPerForeigner); err != nil {
			return p, err
		}
	}
	// Only the pending and active registrations: a retry matches one of
	// them, and the new one supersedes the active one. An ID already taken
	// by a closed registration is refused by the store (store.ErrDuplicate).
	p.dos = dos
	if err := checkDossier(dos, stored); err != nil {
		return p, err
	}
	if retry != nil {
		if same, ok := sameRequest(dos, *retry); ok {
			p.r, p.retry = same, true
			return p, nil
		}
	}
	active, hasActive := dos.Active()
	switch {
	case sub.MovedFrom != "":
		if !hasActive || active.ID != sub.MovedFrom {
			return p, fmt.Errorf("%w: %s", ErrNotActive, redact.Cut(string(sub.MovedFrom), maxEchoedID))
		}
	case hasActive && by.Kind == registration.ActorHost:
		// A hotel checking in a guest who is registered elsewhere:
		// the guest moved today.
		sub.MovedFrom, sub.MovedOn = active.ID, calendar.DateOf(at)
	case hasActive:
		// A new address while another is active is a move, which
		// must say from where and when (its deadline runs from it).
		return p, problem("moved_from", registration.CodeRequired)
	case stored > len(dos.Registrations):
		// A closed registration may have been checked out from, the
		// foreigner still in the country: this filing is then the
		// re-registration the check-out called for. (Without one, no
		// read is spent on it.)
		m, ok, err := checkedOutMove(ctx, tx, sub.Foreigner, sub.Entry)
		if err != nil {
			return p, err
		}
		if ok {
			sub.MovedFrom, sub.MovedOn = m.From, m.On
		}
	}
	p.sub = sub
	p.r, p.events, err = s.rules.Submit(sub, trips, by, at)
	return p, err
}

// planStates are the states of the registrations plan reads.
var planStates = []registration.State{registration.Pending, registration.Confirmed}

// write stores a planned submission made at the instant at: the person,
// the link of their IIN, the trip of the entry, the registration with its
// events and effects. It returns the registration as stored. The link is
// taken from first when it holds it.
func (s *Service) write(ctx context.Context, tx store.Tx, first *firstRead, p planned, at time.Time) (registration.Registration, error) {
	sub := p.sub
	if err := tx.PutForeigner(ctx, sub.Foreigner, sub.Person); err != nil {
		return registration.Registration{}, err
	}
	if err := s.linkIIN(ctx, tx, first, sub.Person, sub.Foreigner, at); err != nil {
		return registration.Registration{}, err
	}
	if !hasTrip(p.trips, sub.Entry) {
		if err := tx.PutTrip(ctx, sub.Foreigner, stay.Trip{Entry: sub.Entry}); err != nil {
			return registration.Registration{}, err
		}
	}
	ch, err := p.dos.Add(p.r, p.events, at)
	if err != nil {
		return registration.Registration{}, err
	}
	if err := s.save(ctx, tx, ch, at); err != nil {
		return registration.Registration{}, err
	}
	return ch.Changed[0].Registration, nil
}

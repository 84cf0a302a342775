package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Foreigners and trips.

func (t *tx) PutForeigner(ctx context.Context, id registration.ForeignerID, p registration.Person) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckForeigner(id, p); err != nil {
		return err
	}
	body, err := marshal(p, "a foreigner")
	if err != nil {
		return err
	}
	if t.s.dialect == SQLite {
		if t.persons == nil {
			t.persons = make(map[registration.ForeignerID]storedPerson)
		}
		t.persons[id] = storedPerson{p, body}
	}
	return t.writeBlind(ctx, "storing a foreigner", "foreigner\x00"+string(id), t.s.q.putForeigner, string(id), body)
}

func (t *tx) Foreigner(ctx context.Context, id registration.ForeignerID) (registration.Person, error) {
	var p registration.Person
	if err := t.check(ctx); err != nil {
		return p, err
	}
	if !store.Storable(string(id)) {
		return p, fmt.Errorf("%w: a foreigner", store.ErrNotFound)
	}
	var body, submitted []byte
	if err := t.scanOne(ctx, "a foreigner", t.s.q.foreigner, []any{string(id)}, &body, &submitted); err != nil {
		return p, err
	}
	if submitted != nil { // the person a registration submitted (see personOf)
		sub, err := decodeSubmission(submitted, "", "")
		return sub.Person, err
	}
	err := unmarshal(body, &p, "foreigner")
	return p, err
}

// personOf makes the foreigner of r, on SQLite, refer to r for its person
// when the person stored is the one r's submission holds (which never
// changes), instead of keeping a second copy; PutForeigner stores a
// person of its own again. It does so when the transaction itself stored
// that person, as the Service does before it creates a registration: the
// statement is not worth running on the chance of an older one.
// (PostgreSQL keeps the copy: the statement would be one more round trip.)
func (t *tx) personOf(ctx context.Context, r registration.Registration, sub registration.Submission) error {
	put, ok := t.persons[r.Foreigner]
	// Equal persons have equal bodies: comparing the values spares
	// encoding the person again.
	if t.s.dialect != SQLite || !ok || put.p != sub.Person {
		return nil
	}
	_, err := t.exec(ctx, nil, "storing a foreigner", t.s.q.personOf, string(r.ID), string(r.Foreigner), put.body)
	return err
}

// storedPerson is a person the transaction's PutForeigner stored, and its
// body.
type storedPerson struct {
	p    registration.Person
	body string
}

func (t *tx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, trip stay.Trip) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckTrip(foreigner, trip); err != nil {
		return err
	}
	return t.writeBlind(ctx, "storing a trip", "trip\x00"+string(foreigner)+"\x00"+trip.Entry.String(), t.s.q.putTrip,
		string(foreigner), date(trip.Entry), date(trip.Exit))
}

func (t *tx) Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error) {
	return t.trips(ctx, foreigner, t.s.q.trips, string(foreigner))
}

func (t *tx) TripsFrom(ctx context.Context, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error) {
	if from.IsZero() {
		return t.Trips(ctx, foreigner)
	}
	return t.trips(ctx, foreigner, t.s.q.tripsFrom, string(foreigner), date(from), string(foreigner), date(from))
}

// CountTrips counts the foreigner's entries of the primary key of trips.
func (t *tx) CountTrips(ctx context.Context, foreigner registration.ForeignerID) (int, error) {
	if err := t.check(ctx); err != nil || !store.Storable(string(foreigner)) {
		return 0, err
	}
	var n int
	err := t.scanOne(ctx, "counting trips", t.s.q.countTrips, []any{string(foreigner)}, &n)
	return n, err
}

// trips runs a query of a foreigner's trips with the arguments args.
func (t *tx) trips(ctx context.Context, foreigner registration.ForeignerID, query string, args ...any) ([]stay.Trip, error) {
	if err := t.check(ctx); err != nil || !store.Storable(string(foreigner)) {
		return nil, err
	}
	var out []stay.Trip
	err := t.scanAll(ctx, "trips", query, args, func(rows *sql.Rows) error {
		var tr stay.Trip
		if err := rows.Scan(&tr.Entry, &tr.Exit); err != nil {
			return err
		}
		out = append(out, tr)
		return nil
	})
	return out, err
}

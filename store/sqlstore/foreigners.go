package sqlstore

import (
	"context"
	"database/sql"

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
	_, err = t.exec(ctx, store.ErrDuplicate, "storing a foreigner", t.s.q.putForeigner, string(id), body)
	return err
}

func (t *tx) Foreigner(ctx context.Context, id registration.ForeignerID) (registration.Person, error) {
	var p registration.Person
	if err := t.check(ctx); err != nil {
		return p, err
	}
	var body []byte
	if err := t.scanOne(ctx, "a foreigner", t.s.q.foreigner, []any{string(id)}, &body); err != nil {
		return p, err
	}
	err := unmarshal(body, &p, "foreigner")
	return p, err
}

func (t *tx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, trip stay.Trip) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckTrip(foreigner, trip); err != nil {
		return err
	}
	_, err := t.exec(ctx, store.ErrDuplicate, "storing a trip", t.s.q.putTrip, string(foreigner), date(trip.Entry), date(trip.Exit))
	return err
}

func (t *tx) Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	var out []stay.Trip
	err := t.scanAll(ctx, "trips", t.s.q.trips, []any{string(foreigner)}, func(rows *sql.Rows) error {
		var tr stay.Trip
		if err := rows.Scan(&tr.Entry, &tr.Exit); err != nil {
			return err
		}
		out = append(out, tr)
		return nil
	})
	return out, err
}

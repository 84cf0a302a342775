package store

import (
	"context"
	"errors"
	"log/slog"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
)

// The methods of the contract that combine others, each written here as
// the calls it combines. A store whose calls cost no round trip
// (memstore, SQLite) implements them with these; a store where each
// statement is a round trip answers each with one statement.

// RecordsQuery asks ReadTx.ForeignerRecords for a foreigner's records.
type RecordsQuery struct {
	Foreigner registration.ForeignerID `json:"foreigner"`
	// Links: the links (ReadTx.Link) of these IDs, read with the rest
	// (a command that locked a document's ID learns whether the person's
	// records are kept under another).
	Links []registration.ForeignerID `json:"links,omitempty"`
	// Idempotency: the record stored under this key
	// (ReadTx.Idempotency), when not "".
	Idempotency string `json:"idempotency,omitempty"`
	// TripsFrom: the trips as ReadTx.TripsFrom gives them from that day
	// (zero: every trip).
	TripsFrom calendar.Date `json:"trips_from,omitzero"`
	// Registrations: read the registrations in any of States (all when
	// none), one page, and count them in every state; without it,
	// Records holds neither.
	Registrations bool                 `json:"registrations,omitempty"`
	States        []registration.State `json:"states,omitempty"`
}

// Records is what ReadTx.ForeignerRecords reads: what Link, Idempotency,
// TripsFrom, Registrations (with Filter{Foreigner, States}) and
// CountRegistrations return for the query, in one consistent read.
type Records struct {
	// Links holds the links of the IDs asked for that have one, in the
	// order asked.
	Links []Link `json:"links,omitempty"`
	// Idempotency is the record stored under the key asked for; nil
	// when there is none.
	Idempotency *IdempotencyRecord `json:"idempotency,omitempty"`
	Trips       []stay.Trip        `json:"trips,omitempty"`
	// Registrations is a page of the listing; Next its cursor, empty on
	// the last page.
	Registrations []registration.Registration `json:"registrations,omitempty"`
	Next          Cursor                      `json:"next,omitempty"`
	// Count is how many registrations of the foreigner are stored, in
	// every state.
	Count int `json:"count"`
}

// LogValue implements slog.LogValuer: how many links, the first day of
// the trips and the states asked for, and whether a foreigner is named,
// not which.
func (q RecordsQuery) LogValue() slog.Value {
	states := make([]string, len(q.States))
	for i, s := range q.States {
		states[i] = s.String()
	}
	return slog.GroupValue(
		slog.Bool("one_foreigner", q.Foreigner != ""),
		slog.Int("links", len(q.Links)),
		slog.Bool("idempotency", q.Idempotency != ""),
		slog.String("trips_from", q.TripsFrom.String()),
		slog.Bool("registrations", q.Registrations),
		slog.Any("states", states),
	)
}

// LogValue implements slog.LogValuer: how many records were read, not
// what they hold.
func (r Records) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("links", len(r.Links)),
		slog.Bool("idempotency", r.Idempotency != nil),
		slog.Int("trips", len(r.Trips)),
		slog.Int("registrations", len(r.Registrations)),
		slog.Bool("more", r.Next != ""),
		slog.Int("count", r.Count),
	)
}

// StepwiseForeignerRecords is ReadTx.ForeignerRecords as
// tx.Registrations and tx.CountRegistrations (when asked), tx.Link of
// each ID, tx.Idempotency (when asked) and tx.TripsFrom.
func StepwiseForeignerRecords(ctx context.Context, tx ReadTx, q RecordsQuery, p Page) (Records, error) {
	var rec Records
	var err error
	if q.Registrations {
		if rec.Registrations, rec.Next, err = tx.Registrations(ctx, Filter{Foreigner: q.Foreigner, States: q.States}, p); err != nil {
			return Records{}, err
		}
		if rec.Count, err = tx.CountRegistrations(ctx, q.Foreigner); err != nil {
			return Records{}, err
		}
	}
	for _, id := range q.Links {
		if !Storable(string(id)) {
			continue // no link (and no query)
		}
		l, err := tx.Link(ctx, id)
		switch {
		case err == nil:
			rec.Links = append(rec.Links, l)
		case !errors.Is(err, ErrNotFound):
			return Records{}, err
		}
	}
	if q.Idempotency != "" {
		i, err := tx.Idempotency(ctx, q.Idempotency)
		switch {
		case err == nil:
			rec.Idempotency = &i
		case !errors.Is(err, ErrNotFound):
			return Records{}, err
		}
	}
	if rec.Trips, err = tx.TripsFrom(ctx, q.Foreigner, q.TripsFrom); err != nil {
		return Records{}, err
	}
	return rec, nil
}

// StepwiseLockRegistration is Tx.LockRegistration as tx.Registration,
// then tx.Lock of its foreigner.
func StepwiseLockRegistration(ctx context.Context, tx Tx, id registration.ID) (registration.Registration, error) {
	r, err := tx.Registration(ctx, id)
	if err != nil {
		return registration.Registration{}, err
	}
	if err := tx.Lock(ctx, r.Foreigner); err != nil {
		return registration.Registration{}, err
	}
	return r, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Registrations and events.

// registrationArgs returns the columns of a registration whose stored
// submission is sub: state, entry, valid_until, submitted_at, body.
func (t *tx) registrationArgs(r registration.Registration, sub registration.Submission) ([]any, error) {
	body, err := encodeRegistration(r, sub)
	if err != nil {
		return nil, err
	}
	return []any{nameArg(t.s.dialect, r.State.String()), date(r.Entry), date(r.ValidUntil), t.instant(r.SubmittedAt), body}, nil
}

func (t *tx) CreateRegistration(ctx context.Context, r registration.Registration, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckNewRegistration(r, events); err != nil {
		return err
	}
	sub := *events[0].Submission
	cols, err := t.registrationArgs(r, sub)
	if err != nil {
		return err
	}
	submitted, err := encodeSubmission(sub, r)
	if err != nil {
		return err
	}
	args := append([]any{string(r.ID), r.Version, cols[0], string(r.Foreigner), string(r.HostID)}, cols[1:4]...)
	args = append(args, submitted, cols[4])
	// A taken ID inserts nothing; the only unique violation left is
	// the partial index of active registrations.
	what := "creating registration " + redact.ID(string(r.ID))
	if t.s.dialect == PostgreSQL {
		// One statement: the registration, then its events (none when
		// the ID was taken).
		evArgs, err := t.eventArgs(r, events, false)
		if err != nil {
			return err
		}
		n, err := t.exec(ctx, store.ErrConflict, what, t.s.q.insertWithEventsSQL(len(events)), append(args, evArgs...)...)
		err = t.activeConflict(err)
		if err == nil && n == 0 {
			err = fmt.Errorf("%w: registration %s", store.ErrDuplicate, redact.ID(string(r.ID)))
		}
		return err
	}
	n, err := t.exec(ctx, store.ErrConflict, what, t.s.q.insertRegistration, args...)
	if err != nil {
		return t.activeConflict(err)
	}
	if n == 0 {
		return fmt.Errorf("%w: registration %s", store.ErrDuplicate, redact.ID(string(r.ID)))
	}
	if err := t.personOf(ctx, r, sub); err != nil {
		return err
	}
	return t.insertEvents(ctx, r, events)
}

// eventArgs returns the parameters of events: with the registration's ID
// first in each row (withID), as insertEvents writes them, or without it,
// as PostgreSQL's statements that take it from the registration do.
func (t *tx) eventArgs(r registration.Registration, events []registration.Event, withID bool) ([]any, error) {
	args := make([]any, 0, 5*len(events))
	for _, e := range events {
		body, err := encodeEvent(e, r, e.Seq == 1)
		if err != nil {
			return nil, err
		}
		if withID {
			args = append(args, string(r.ID))
		}
		args = append(args, e.Seq, nameArg(t.s.dialect, e.Type.String()), t.instant(e.At), body)
	}
	return args, nil
}

func (t *tx) insertEvents(ctx context.Context, r registration.Registration, events []registration.Event) error {
	args, err := t.eventArgs(r, events, true)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, store.ErrConflict, "appending the events of registration "+redact.ID(string(r.ID)), t.s.q.insertEventsSQL(len(events)), args...)
	return err
}

func (t *tx) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckUpdate(r, expected, events); err != nil {
		return err
	}
	// Written for the submission r holds, which the stored one is but for
	// a caller that changed it (see sqlUpdateRegistration).
	sub := submissionOf(r)
	cols, err := t.registrationArgs(r, sub)
	if err != nil {
		return err
	}
	submitted, err := encodeSubmission(sub, r)
	if err != nil {
		return err
	}
	args := append([]any{r.Version}, cols...)
	args = append(args, string(r.ID), expected, string(r.Foreigner), string(r.HostID), submitted)
	what := "updating registration " + redact.ID(string(r.ID))
	if t.s.dialect == PostgreSQL {
		// One statement: the update, then its events (none when it
		// matched no row).
		evArgs, err := t.eventArgs(r, events, false)
		if err != nil {
			return err
		}
		n, err := t.exec(ctx, store.ErrConflict, what, t.s.q.updateWithEventsSQL(len(events)), append(args, evArgs...)...)
		err = t.activeConflict(err)
		if err == nil && n == 0 {
			err = t.updateNotMatched(ctx, r, expected, events)
		}
		return err
	}
	n, err := t.exec(ctx, store.ErrConflict, what, t.s.q.updateRegistration, args...)
	if err != nil {
		return t.activeConflict(err)
	}
	if n == 0 {
		return t.updateNotMatched(ctx, r, expected, events)
	}
	return t.insertEvents(ctx, r, events)
}

// activeConflict says, of a unique violation, what it means for a
// registration's row: the partial index of active registrations is the
// one unique constraint an insert or update of a registration can meet
// (a taken ID inserts nothing). Other errors, a serialization failure
// say, keep their own text.
func (t *tx) activeConflict(err error) error {
	if err != nil && classify(t.s.dialect, err) == uniqueViolation {
		return fmt.Errorf("%w (is another registration of the foreigner active?)", err)
	}
	return err
}

// updateNotMatched explains an update that matched no row, or makes it
// when what stopped it was only the submission: a registration whose
// submitted data differs from the stored one, or a row from before
// version 4, which has none. Its body is then written for the stored
// submission.
func (t *tx) updateNotMatched(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	var version int
	var foreigner, host string
	var submitted []byte
	err := t.scanOne(ctx, "registration "+redact.ID(string(r.ID)), t.s.q.registrationKeys, []any{string(r.ID)}, &version, &foreigner, &host, &submitted)
	switch {
	case err != nil:
		return err
	case version != expected:
		return fmt.Errorf("%w: registration %s is at version %d, not %d", store.ErrConflict, redact.ID(string(r.ID)), version, expected)
	case foreigner != string(r.Foreigner) || host != string(r.HostID):
		return fmt.Errorf("%w: registration %s: foreigner and host cannot change", store.ErrConflict, redact.ID(string(r.ID)))
	}
	var sub registration.Submission // none before version 4: the body holds it all
	if submitted != nil {
		if sub, err = decodeSubmission(submitted, registration.ForeignerID(foreigner), registration.HostID(host)); err != nil {
			return err
		}
	}
	cols, err := t.registrationArgs(r, sub)
	if err != nil {
		return err
	}
	args := append([]any{r.Version}, cols...)
	args = append(args, string(r.ID), expected, string(r.Foreigner), string(r.HostID))
	if _, err := t.exec(ctx, store.ErrConflict, "updating registration "+redact.ID(string(r.ID)), t.s.q.updateRegistrationAny, args...); err != nil {
		return t.activeConflict(err)
	}
	return t.insertEvents(ctx, r, events)
}

// CountRegistrations counts the foreigner's entries of the index
// registrations_by_foreigner, without reading the rows.
func (t *tx) CountRegistrations(ctx context.Context, foreigner registration.ForeignerID) (int, error) {
	if err := t.check(ctx); err != nil {
		return 0, err
	}
	if !store.Storable(string(foreigner)) {
		return 0, nil
	}
	var n int
	err := t.scanOne(ctx, "counting registrations", t.s.q.countRegistrations, []any{string(foreigner)}, &n)
	return n, err
}

func (t *tx) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	if err := t.check(ctx); err != nil {
		return registration.Registration{}, err
	}
	if !store.Storable(string(id)) {
		return registration.Registration{}, fmt.Errorf("%w: registration", store.ErrNotFound)
	}
	if err := t.flush(ctx); err != nil {
		return registration.Registration{}, err
	}
	r, err := scanRegistration(t.q.QueryRowContext(ctx, t.s.q.registration, string(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return registration.Registration{}, fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(id)))
	}
	if err != nil {
		return registration.Registration{}, t.fail(err, nil, "registration "+redact.ID(string(id)))
	}
	return r, nil
}

func (t *tx) Events(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if !store.Storable(string(id)) {
		return nil, fmt.Errorf("%w: registration", store.ErrNotFound)
	}
	var out []registration.Event
	err := t.scanAll(ctx, "events of registration "+redact.ID(string(id)), t.s.q.events, []any{string(id)}, func(rows *sql.Rows) error {
		e, err := scanEvent(rows, id)
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		// Every registration has at least its first event.
		return nil, fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(id)))
	}
	return out, nil
}

func (t *tx) Registrations(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	return t.registrations(ctx, f, p, nil)
}

// registrations is Registrations; with other, its statement is part of
// one that reads other rows too (see combined.go).
func (t *tx) registrations(ctx context.Context, f store.Filter, p store.Page, other *otherRows) ([]registration.Registration, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, afterID, err := p.ByKey()
	if err != nil {
		return nil, "", err
	}
	if !store.Storable(string(f.Foreigner), string(f.Host)) {
		return nil, "", nil // a key no registration can have
	}
	// One walk of an index in ID order: of the foreigner's registrations
	// (registrations_by_foreigner, few), of the host's
	// (registrations_by_host_state, once per state asked, or per state
	// when none is: schema 6 has no index of the host alone, which
	// repeated the host and ID of every registration), or of all.
	var w walks
	walk := func(where []string, args []any) {
		if afterID != "" {
			where, args = append(where, "id > ?"), append(args, afterID)
		}
		query := "SELECT " + registrationColumns + " FROM @registrations"
		if len(where) > 0 {
			query += " WHERE " + strings.Join(where, " AND ")
		}
		// One more than the page, to know whether there is a next page.
		// SQLite's is written into the statement: with a parameter,
		// SQLite prepared the statement a second time when it first ran
		// it (sqlite3Reprepare, seen in profiles of the lifecycle
		// benchmark), as it does when a bound value can change a plan.
		if t.s.dialect == SQLite {
			w.add(query+" ORDER BY id LIMIT "+strconv.Itoa(limit+1), args...)
			return
		}
		w.add(query+" ORDER BY id LIMIT ?", append(args, limit+1)...)
	}
	states := distinct(f.States)
	if f.Foreigner == "" && f.Host != "" {
		if len(states) == 0 {
			states = registration.States()
		}
		for _, st := range states {
			walk([]string{"host_id = ?", "state = ?"}, []any{string(f.Host), nameArg(t.s.dialect, st.String())})
		}
	} else {
		var where []string
		var args []any
		if f.Foreigner != "" {
			where, args = append(where, "foreigner = ?"), append(args, string(f.Foreigner))
		}
		if f.Host != "" {
			where, args = append(where, "host_id = ?"), append(args, string(f.Host))
		}
		if len(states) > 0 {
			where = append(where, "state IN ("+placeholders(len(states))+")")
			for _, st := range states {
				args = append(args, nameArg(t.s.dialect, st.String()))
			}
		}
		walk(where, args)
	}
	query, args := w.statement("id", limit+1)
	if other != nil {
		query, args = other.around(query, args)
	}
	// A listing grows its slice as it reads (a Registration is over 500
	// bytes: a slice for a page of 128 would be a large allocation each
	// time, and a new foreigner, whom every submission of a bulk load
	// lists, has none).
	var out []registration.Registration
	err = t.scanAll(ctx, "listing registrations", rebind(t.s.dialect, t.s.prefix, query), args, func(rows *sql.Rows) error {
		if other != nil {
			return other.scan(rows, &out)
		}
		r, err := scanRegistration(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	var next store.Cursor
	if len(out) > limit {
		out = out[:limit]
		next = store.NewCursor(string(out[limit-1].ID))
	}
	return out, next, nil
}

// distinct returns the states of ss, each once, in their first order.
func distinct(ss []registration.State) []registration.State {
	var out []registration.State
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

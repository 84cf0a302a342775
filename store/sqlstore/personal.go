package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// The personal-data records of the contract (store/personal.go): finding
// certificates by number, links between a person's IDs, listing stored
// persons, erasure and the expiry of idempotency keys. Migration 0005
// adds the number index, the links table and the one change the event
// log's guard allows: erasing an event's personal data, once. These
// statements run rarely (an online check, a nightly job), so they are
// rebound on each use rather than prepared with the rest.

const (
	sqlCertificatesByNumber = `SELECT registration_id, token, issued_at FROM @certificates WHERE number = ? ORDER BY registration_id`
	sqlLink                 = `SELECT body FROM @links WHERE from_id = ?`
	sqlPutLink              = `INSERT INTO @links (from_id, to_id, body) VALUES (?, ?, ?)`
	sqlForeignerIDs         = `SELECT id FROM @foreigners WHERE id > ? ORDER BY id LIMIT ?`

	// Erasure. The registrations of the foreigner are named by a subquery
	// in each statement. A message's last error goes with its body: a
	// notifier's error text can quote a contact.
	sqlOfForeigner       = `SELECT id FROM @registrations WHERE foreigner = ?`
	sqlEraseForeigner    = `DELETE FROM @foreigners WHERE id = ?`
	sqlRegistrationsOf   = `SELECT ` + registrationColumns + ` FROM @registrations WHERE foreigner = ? ORDER BY id`
	sqlEraseRegistration = `UPDATE @registrations SET submitted = ?, body = ? WHERE id = ?`
	sqlEraseEvent        = `UPDATE @registration_events SET body = ? WHERE registration_id = ? AND seq = ?`
	sqlEraseCertificates = `DELETE FROM @certificates WHERE registration_id IN (` + sqlOfForeigner + `)`
	// On PostgreSQL two index walks, not one condition with OR, which it
	// can only check row by row; SQLite, which has not the indexes, reads
	// the outbox once for the OR (and walks both indexes for it, where a
	// store created them).
	sqlEraseMessages         = `UPDATE @outbox SET body = ?, last_error = '' WHERE registration_id IN (` + sqlOfForeigner + `) OR recipient = ?`
	sqlEraseMessagesPostgres = `UPDATE @outbox SET body = ?, last_error = '' WHERE id IN (SELECT id FROM @outbox WHERE registration_id IN (` + sqlOfForeigner + `)
UNION SELECT id FROM @outbox WHERE recipient = ?)`
	sqlEraseIdempotency  = `DELETE FROM @idempotency_keys WHERE registration_id IN (` + sqlOfForeigner + `)`
	sqlEraseDeadlines    = `DELETE FROM @deadlines WHERE foreigner = ?`
	sqlEraseLinks        = `DELETE FROM @links WHERE from_id = ? OR to_id = ?`
	sqlExpireIdempotency = `DELETE FROM @idempotency_keys WHERE created_at < ?`

	// Merging: the conflicts are read first, then each table's rows move
	// in one statement. The foreigner inside a JSON column (a submission,
	// a link) is set by jsonSet's expression, the %s.
	sqlMergeActive       = `SELECT count(DISTINCT foreigner) FROM @registrations WHERE foreigner IN (?, ?) AND state = ?`
	sqlMergeDeadlines    = `SELECT count(*) FROM @deadlines a JOIN @deadlines b ON b.kind = a.kind AND b.subject = a.subject WHERE a.foreigner = ? AND b.foreigner = ?`
	sqlMoveTrips         = `UPDATE @trips SET foreigner = ? WHERE foreigner = ?`
	sqlMoveRegistrations = `UPDATE @registrations SET foreigner = ?, submitted = %s WHERE foreigner = ?`
	sqlMoveDeadlines     = `UPDATE @deadlines SET foreigner = ? WHERE foreigner = ?`
	sqlMoveMessages      = `UPDATE @outbox SET recipient = ? WHERE recipient = ?`
	sqlMoveLinks         = `UPDATE @links SET to_id = ?, body = %s WHERE to_id = ?`
)

// sql returns a statement of this file for the store's dialect and schema.
func (t *tx) sql(query string) string { return rebind(t.s.dialect, t.s.q.prefix, query) }

func (t *tx) CertificatesByNumber(ctx context.Context, number string) ([]store.Certificate, error) {
	if err := t.check(ctx); err != nil || !store.Storable(number) {
		return nil, err
	}
	var out []store.Certificate
	err := t.scanAll(ctx, "certificates by number", t.sql(sqlCertificatesByNumber), []any{number}, func(rows *sql.Rows) error {
		c := store.Certificate{Number: number}
		var id string
		if err := rows.Scan(&id, token{&c.Token}, instant{&c.IssuedAt}); err != nil {
			return err
		}
		c.Registration = registration.ID(id)
		out = append(out, c)
		return nil
	})
	return out, err
}

func (t *tx) Link(ctx context.Context, from registration.ForeignerID) (store.Link, error) {
	if err := t.check(ctx); err != nil {
		return store.Link{}, err
	}
	if !store.Storable(string(from)) {
		return store.Link{}, fmt.Errorf("%w: link", store.ErrNotFound)
	}
	var body []byte
	if err := t.scanOne(ctx, "link", t.sql(sqlLink), []any{string(from)}, &body); err != nil {
		return store.Link{}, err
	}
	var l store.Link
	err := unmarshal(body, &l, "link")
	l.At = l.At.UTC()
	return l, err
}

func (t *tx) PutLink(ctx context.Context, l store.Link) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckLink(l); err != nil {
		return err
	}
	l.At = l.At.UTC()
	body, err := marshal(l, "a link")
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, store.ErrDuplicate, "storing a link", t.sql(sqlPutLink), string(l.From), string(l.To), body)
	return err
}

func (t *tx) Foreigners(ctx context.Context, p store.Page) ([]registration.ForeignerID, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, after, err := p.ByKey()
	if err != nil {
		return nil, "", err
	}
	var out []registration.ForeignerID
	err = t.scanAll(ctx, "foreigners", t.sql(sqlForeignerIDs), []any{after, limit + 1}, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, registration.ForeignerID(id))
		return nil
	})
	if err != nil || len(out) <= limit {
		return out, "", err
	}
	out = out[:limit]
	return out, store.NewCursor(string(out[limit-1])), nil
}

// erasedMarker begins the JSON of an erased event: the event log's guard
// (migration 0005) lets an event's body change only to one that says so,
// and only once.
const erasedMarker = `{"erased":true,`

func (t *tx) EraseForeigner(ctx context.Context, id registration.ForeignerID) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckLock(id); err != nil {
		return err
	}
	f := string(id)
	// Read everything first: a driver may not run a statement while the
	// rows of another are open. Registrations and events are read and
	// written through the same encoders as every other statement, so the
	// submitted column (schema 4), which holds what the foreigner
	// submitted once, is erased with the rest.
	var regs []registration.Registration
	if err := t.scanAll(ctx, "erasing: registrations", t.sql(sqlRegistrationsOf), []any{f}, func(rows *sql.Rows) error {
		r, err := scanRegistration(rows)
		regs = append(regs, r)
		return err
	}); err != nil {
		return err
	}
	type erasable struct {
		e      registration.Event
		erased bool
	}
	var events []erasable
	for _, r := range regs {
		if err := t.scanAll(ctx, "erasing: events", t.s.q.events, []any{string(r.ID)}, func(rows *sql.Rows) error {
			e, body, err := scanEventBody(rows, r.ID)
			if err != nil {
				return err
			}
			var mark struct {
				Erased bool `json:"erased"`
			}
			if err := unmarshal(body, &mark, "event"); err != nil {
				return err
			}
			events = append(events, erasable{e, mark.Erased})
			return nil
		}); err != nil {
			return err
		}
	}
	for _, r := range regs {
		r = store.ErasedRegistration(r)
		sub := submissionOf(r)
		submitted, err := encodeSubmission(sub, r)
		if err != nil {
			return err
		}
		body, err := encodeRegistration(r, sub)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, nil, "erasing registration "+redact.ID(string(r.ID)), t.sql(sqlEraseRegistration), submitted, body, string(r.ID)); err != nil {
			return err
		}
	}
	for _, ev := range events {
		if ev.erased {
			continue
		}
		// The first event's submission is the registration's submitted
		// column, erased above.
		body, err := encodeEvent(store.ErasedEvent(ev.e), registration.Registration{}, ev.e.Seq == 1) // the actor's ID in full
		if err != nil {
			return err
		}
		body = erasedMarker + body[1:]
		if _, err := t.exec(ctx, nil, "erasing an event of "+redact.ID(string(ev.e.Registration)), t.sql(sqlEraseEvent), body, string(ev.e.Registration), ev.e.Seq); err != nil {
			return err
		}
	}
	eraseMessages := sqlEraseMessages
	if t.s.dialect == PostgreSQL {
		eraseMessages = sqlEraseMessagesPostgres
	}
	for _, st := range []struct {
		what, query string
		args        []any
	}{
		{"the person", sqlEraseForeigner, []any{f}},
		{"certificates", sqlEraseCertificates, []any{f}},
		{"messages", eraseMessages, []any{store.ErasedBody(), f, f}},
		{"idempotency keys", sqlEraseIdempotency, []any{f}},
		{"deadlines", sqlEraseDeadlines, []any{f}},
		{"links", sqlEraseLinks, []any{f, f}},
	} {
		if _, err := t.exec(ctx, nil, "erasing "+st.what, t.sql(st.query), st.args...); err != nil {
			return err
		}
	}
	return nil
}

// MergeForeigner reads every conflict before it writes: a refused merge
// leaves the transaction usable. The registrations' submitted column
// (schema 4) holds the foreigner of the submission; rows from before it
// have none, and their first event's submission had no foreigner then.
// The event log is not written: its bodies hold no foreigner but an
// actor's, which stays as the audit record of who acted.
func (t *tx) MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckMerge(from, to); err != nil {
		return err
	}
	a, b := string(from), string(to)
	if l, err := t.Link(ctx, to); err == nil && l.To == from {
		return fmt.Errorf("%w: merge: the foreigner merged into is linked to the other", store.ErrConflict)
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	fromTrips, err := t.Trips(ctx, from)
	if err != nil {
		return err
	}
	toTrips, err := t.Trips(ctx, to)
	if err != nil {
		return err
	}
	if err := store.CheckMergeTrips(fromTrips, toTrips); err != nil {
		return err
	}
	var active, deadlines int
	if err := t.scanOne(ctx, "merge: active registrations", t.sql(sqlMergeActive), []any{a, b, nameArg(t.s.dialect, registration.Confirmed.String())}, &active); err != nil {
		return err
	}
	if active > 1 {
		return fmt.Errorf("%w: merge: both foreigners have an active registration", store.ErrConflict)
	}
	if err := t.scanOne(ctx, "merge: deadlines", t.sql(sqlMergeDeadlines), []any{a, b}, &deadlines); err != nil {
		return err
	}
	if deadlines > 0 {
		return fmt.Errorf("%w: merge: both foreigners have a deadline of one kind and subject", store.ErrConflict)
	}
	for _, st := range []struct {
		what, query string
		args        []any
	}{
		{"trips", sqlMoveTrips, []any{b, a}},
		{"registrations", fmt.Sprintf(sqlMoveRegistrations, t.jsonSet("submitted", "foreigner")), []any{b, b, a}},
		{"deadlines", sqlMoveDeadlines, []any{b, a}},
		{"messages", sqlMoveMessages, []any{b, a}},
		{"links", fmt.Sprintf(sqlMoveLinks, t.jsonSet("body", "to")), []any{b, b, a}},
		{"the person", sqlEraseForeigner, []any{a}},
	} {
		if _, err := t.exec(ctx, store.ErrConflict, "merging "+st.what, t.sql(st.query), st.args...); err != nil {
			return err
		}
	}
	return nil
}

// jsonSet returns the expression that sets the key of the JSON in a
// column to the text of a parameter, the key written as the store writes
// it (keys.go); a NULL stays NULL.
func (t *tx) jsonSet(column, key string) string {
	if t.s.dialect == PostgreSQL {
		return "jsonb_set(" + column + ", '{" + keyCodes[key] + "}', to_jsonb(CAST(? AS text)))"
	}
	return "json_set(" + column + ", '$." + keyCodes[key] + "', ?)"
}

func (t *tx) DeleteIdempotencyBefore(ctx context.Context, before time.Time) (int, error) {
	if err := t.writable(ctx); err != nil {
		return 0, err
	}
	n, err := t.exec(ctx, nil, "expiring idempotency keys", t.sql(sqlExpireIdempotency), t.instant(before))
	return int(n), err
}

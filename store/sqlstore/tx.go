package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// querier is what a transaction runs statements on: a *sql.Tx
// (PostgreSQL) or a *sql.Conn inside BEGIN ... COMMIT (SQLite).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx is both the read and the read-write transaction; write is false for
// View.
type tx struct {
	s     *Store
	q     querier
	write bool
	done  bool
	// failed is the first error the database returned. PostgreSQL cannot
	// continue such a transaction; SQLite could, but the store treats it
	// alike, so that no half-done write is ever committed.
	failed error
}

var _ store.Tx = (*tx)(nil)

// call runs fn and returns its error unchanged; if fn returns nil after
// the database refused a statement, or after ctx was cancelled, it returns
// that error instead, so that the transaction does not commit.
func (t *tx) call(ctx context.Context, fn func(t *tx) error) error {
	if err := fn(t); err != nil {
		return err
	}
	if t.failed != nil {
		return fmt.Errorf("sqlstore: transaction not committed after an earlier error: %w", t.failed)
	}
	return ctx.Err() // the caller gave up: do not commit
}

// retryable reports whether the transaction failed in a way that running
// it again may fix.
func (t *tx) retryable(err error) bool {
	return classify(t.s.dialect, t.failed) == retryable || classify(t.s.dialect, err) == retryable
}

func (t *tx) check(ctx context.Context) error {
	if t.done {
		return fmt.Errorf("%w: transaction used after it ended", store.ErrInvalid)
	}
	if t.failed != nil {
		return t.failed
	}
	return ctx.Err()
}

func (t *tx) writable(ctx context.Context) error {
	if err := t.check(ctx); err != nil {
		return err
	}
	if !t.write {
		return fmt.Errorf("%w: write in a read transaction", store.ErrInvalid)
	}
	return nil
}

// fail records and returns an error the database returned for a
// statement, as one of the store's sentinels where the refusal says which:
// a unique violation is onUnique (store.ErrDuplicate or
// store.ErrConflict), a foreign-key violation store.ErrNotFound (the
// registration a record names does not exist), a check store.ErrInvalid,
// the event log's guard and a serialization failure store.ErrConflict.
func (t *tx) fail(err error, onUnique error, what string) error {
	var sentinel error
	switch classify(t.s.dialect, err) {
	case uniqueViolation:
		sentinel = onUnique
	case foreignKeyViolation:
		sentinel = store.ErrNotFound
	case checkViolation:
		sentinel = store.ErrInvalid
	case appendOnlyViolation, retryable:
		sentinel = store.ErrConflict
	}
	if sentinel != nil {
		err = fmt.Errorf("%w: %s: %w", sentinel, what, err)
	} else {
		err = fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	if t.failed == nil {
		t.failed = err
	}
	return err
}

func (t *tx) exec(ctx context.Context, onUnique error, what, query string, args ...any) (int64, error) {
	res, err := t.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, t.fail(err, onUnique, what)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, t.fail(err, nil, what)
	}
	return n, nil
}

// scanOne runs a query for one row; no row is store.ErrNotFound.
func (t *tx) scanOne(ctx context.Context, what, query string, args []any, dest ...any) error {
	err := t.q.QueryRowContext(ctx, query, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s", store.ErrNotFound, what)
	}
	if err != nil {
		return t.fail(err, nil, what)
	}
	return nil
}

// scanAll runs a query and calls scan for each row.
func (t *tx) scanAll(ctx context.Context, what, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := t.q.QueryContext(ctx, query, args...)
	if err != nil {
		return t.fail(err, nil, what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return t.fail(err, nil, what)
		}
	}
	if err := rows.Err(); err != nil {
		return t.fail(err, nil, what)
	}
	return nil
}

// Values as the dialect stores them.

func (t *tx) instant(v time.Time) any { return instantArg(t.s.dialect, v) }

// sortInstant stores an instant that is sorted on: the zero time is
// stored as such, not as NULL, so that it sorts first in every dialect.
func (t *tx) sortInstant(v time.Time) any {
	if v.IsZero() {
		v = time.Time{}.UTC()
		if t.s.dialect == SQLite {
			return v.Format(instantLayout)
		}
		return v
	}
	return instantArg(t.s.dialect, v)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func date(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// marshal encodes a record for the body column.
func marshal(v any, what string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", store.ErrInvalid, what, err)
	}
	return string(b), nil
}

func unmarshal(b []byte, v any, what string) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("sqlstore: stored %s: %w", what, err)
	}
	return nil
}

// Registrations and events.

// registrationArgs returns the columns of a registration: state, entry,
// valid_until, submitted_at, body.
func (t *tx) registrationArgs(r registration.Registration) ([]any, error) {
	r.SubmittedAt = r.SubmittedAt.UTC()
	body, err := marshal(r, "registration "+string(r.ID))
	if err != nil {
		return nil, err
	}
	return []any{r.State.String(), date(r.Entry), date(r.ValidUntil), t.instant(r.SubmittedAt), body}, nil
}

func (t *tx) CreateRegistration(ctx context.Context, r registration.Registration, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckNewRegistration(r, events); err != nil {
		return err
	}
	cols, err := t.registrationArgs(r)
	if err != nil {
		return err
	}
	args := append([]any{string(r.ID), r.Version, cols[0], string(r.Foreigner), string(r.HostID)}, cols[1:]...)
	// A taken ID inserts nothing; the only unique violation left is
	// the partial index of active registrations.
	n, err := t.exec(ctx, store.ErrConflict, fmt.Sprintf("creating registration %s (is another registration of the foreigner active?)", r.ID), t.s.q.insertRegistration, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: registration %s", store.ErrDuplicate, r.ID)
	}
	return t.insertEvents(ctx, r.ID, events)
}

func (t *tx) insertEvents(ctx context.Context, id registration.ID, events []registration.Event) error {
	args := make([]any, 0, 5*len(events))
	for _, e := range events {
		e.At = e.At.UTC()
		body, err := marshal(e, fmt.Sprintf("event %d of registration %s", e.Seq, id))
		if err != nil {
			return err
		}
		args = append(args, string(id), e.Seq, e.Type.String(), t.instant(e.At), body)
	}
	_, err := t.exec(ctx, store.ErrConflict, "appending the events of registration "+string(id), t.s.q.insertEventsSQL(len(events)), args...)
	return err
}

func (t *tx) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if r.Version <= expected {
		return fmt.Errorf("%w: registration %s: new version %d does not follow %d", store.ErrConflict, r.ID, r.Version, expected)
	}
	if err := store.CheckEvents(r.ID, events, expected+1, r.Version); err != nil {
		return err
	}
	cols, err := t.registrationArgs(r)
	if err != nil {
		return err
	}
	args := append([]any{r.Version}, cols...)
	args = append(args, string(r.ID), expected, string(r.Foreigner), string(r.HostID))
	n, err := t.exec(ctx, store.ErrConflict, fmt.Sprintf("updating registration %s (is another registration of the foreigner active?)", r.ID), t.s.q.updateRegistration, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.whyNotUpdated(ctx, r, expected)
	}
	return t.insertEvents(ctx, r.ID, events)
}

// whyNotUpdated explains an update that matched no row.
func (t *tx) whyNotUpdated(ctx context.Context, r registration.Registration, expected int) error {
	var version int
	var foreigner, host string
	err := t.scanOne(ctx, "registration "+string(r.ID), t.s.q.registrationKeys, []any{string(r.ID)}, &version, &foreigner, &host)
	switch {
	case err != nil:
		return err
	case version != expected:
		return fmt.Errorf("%w: registration %s is at version %d, not %d", store.ErrConflict, r.ID, version, expected)
	default:
		return fmt.Errorf("%w: registration %s: foreigner and host cannot change", store.ErrConflict, r.ID)
	}
}

func (t *tx) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	var r registration.Registration
	if err := t.check(ctx); err != nil {
		return r, err
	}
	var body []byte
	if err := t.scanOne(ctx, "registration "+string(id), t.s.q.registration, []any{string(id)}, &body); err != nil {
		return r, err
	}
	err := unmarshal(body, &r, "registration")
	return r, err
}

func (t *tx) Events(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	var out []registration.Event
	err := t.scanAll(ctx, "events of registration "+string(id), t.s.q.events, []any{string(id)}, func(rows *sql.Rows) error {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return err
		}
		var e registration.Event
		if err := unmarshal(body, &e, "event"); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		// Every registration has at least its first event.
		return nil, fmt.Errorf("%w: registration %s", store.ErrNotFound, id)
	}
	return out, nil
}

func (t *tx) Registrations(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	var where []string
	var args []any
	if f.Foreigner != "" {
		where, args = append(where, "foreigner = ?"), append(args, string(f.Foreigner))
	}
	if f.Host != "" {
		where, args = append(where, "host_id = ?"), append(args, string(f.Host))
	}
	if len(f.States) > 0 {
		where = append(where, "state IN ("+placeholders(len(f.States))+")")
		for _, st := range f.States {
			args = append(args, st.String())
		}
	}
	if p.After != "" {
		parts, err := p.After.Parts(1)
		if err != nil {
			return nil, "", err
		}
		where, args = append(where, "id > ?"), append(args, parts[0])
	}
	query := "SELECT body FROM @registrations"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id LIMIT ?"
	args = append(args, limit+1) // one more, to know whether there is a next page
	out := make([]registration.Registration, 0, min(limit+1, 128))
	err = t.scanAll(ctx, "listing registrations", rebind(t.s.dialect, t.s.prefix, query), args, func(rows *sql.Rows) error {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return err
		}
		var r registration.Registration
		if err := unmarshal(body, &r, "registration"); err != nil {
			return err
		}
		out = append(out, r)
		return nil
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

// Foreigners and trips.

func (t *tx) PutForeigner(ctx context.Context, p registration.Person) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckForeigner(p); err != nil {
		return err
	}
	id := p.ID()
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

// Deadlines.

func (t *tx) PutDeadline(ctx context.Context, d store.Deadline) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	_, err := t.exec(ctx, store.ErrDuplicate, "storing a deadline", t.s.q.putDeadline,
		d.Kind.String(), string(d.Foreigner), d.Subject, date(d.Due), nullString(string(d.Registration)), date(d.Entry))
	return err
}

func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	_, err := t.exec(ctx, store.ErrDuplicate, "deleting a deadline", t.s.q.deleteDeadline, key.Kind.String(), string(key.Foreigner), key.Subject)
	return err
}

func (t *tx) Deadlines(ctx context.Context, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	if q.Through.IsZero() {
		return nil, "", fmt.Errorf("%w: a deadline query needs Through", store.ErrInvalid)
	}
	where := []string{"due <= ?"}
	args := []any{date(q.Through)}
	if !q.From.IsZero() {
		where, args = append(where, "due >= ?"), append(args, date(q.From))
	}
	if len(q.Kinds) > 0 {
		where = append(where, "kind IN ("+placeholders(len(q.Kinds))+")")
		for _, k := range q.Kinds {
			args = append(args, k.String())
		}
	}
	if q.Foreigner != "" {
		where, args = append(where, "foreigner = ?"), append(args, string(q.Foreigner))
	}
	if p.After != "" {
		parts, err := p.After.Parts(4)
		if err != nil {
			return nil, "", err
		}
		due, err1 := calendar.ParseDate(parts[0])
		_, err2 := store.ParseDeadlineKind(parts[1])
		if err1 != nil || err2 != nil {
			return nil, "", fmt.Errorf("%w: malformed cursor", store.ErrInvalid)
		}
		where = append(where, "(due, kind, foreigner, subject) > (?, ?, ?, ?)")
		args = append(args, date(due), parts[1], parts[2], parts[3])
	}
	query := "SELECT " + deadlineColumns + " FROM @deadlines WHERE " + strings.Join(where, " AND ") +
		" ORDER BY due, kind, foreigner, subject LIMIT ?"
	args = append(args, limit+1)
	out := make([]store.Deadline, 0, min(limit+1, 128))
	err = t.scanAll(ctx, "listing deadlines", rebind(t.s.dialect, t.s.prefix, query), args, func(rows *sql.Rows) error {
		var d store.Deadline
		var kind string
		var reg sql.NullString
		if err := rows.Scan(&kind, &d.Foreigner, &d.Subject, &d.Due, &reg, &d.Entry); err != nil {
			return err
		}
		k, err := store.ParseDeadlineKind(kind)
		if err != nil {
			return fmt.Errorf("sqlstore: stored deadline kind %q: %w", kind, err)
		}
		d.Kind, d.Registration = k, registration.ID(reg.String)
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	var next store.Cursor
	if len(out) > limit {
		out = out[:limit]
		l := out[limit-1]
		next = store.NewCursor(l.Due.String(), l.Kind.String(), string(l.Foreigner), l.Subject)
	}
	return out, next, nil
}

// Idempotency keys.

func (t *tx) PutIdempotency(ctx context.Context, rec store.IdempotencyRecord) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := rec.Validate(); err != nil {
		return err
	}
	n, err := t.exec(ctx, store.ErrDuplicate, "storing an idempotency key", t.s.q.putIdempotency,
		rec.Key, rec.Fingerprint, nullString(string(rec.Registration)), t.instant(rec.CreatedAt))
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: idempotency key", store.ErrDuplicate)
	}
	return nil
}

func (t *tx) Idempotency(ctx context.Context, key string) (store.IdempotencyRecord, error) {
	rec := store.IdempotencyRecord{Key: key}
	if err := t.check(ctx); err != nil {
		return store.IdempotencyRecord{}, err
	}
	var reg sql.NullString
	if err := t.scanOne(ctx, "idempotency key", t.s.q.idempotency, []any{key}, &rec.Fingerprint, &reg, instant{&rec.CreatedAt}); err != nil {
		return store.IdempotencyRecord{}, err
	}
	rec.Registration = registration.ID(reg.String)
	return rec, nil
}

// The outbox.

func (t *tx) messageArgs(m store.Message) []any {
	body := m.Body
	if body == nil {
		body = []byte{}
	}
	return []any{m.ID, m.Kind, m.To, nullString(string(m.Registration)), body, t.sortInstant(m.CreatedAt),
		m.Attempts, t.instant(m.NextAttempt), t.instant(m.DeliveredAt), m.LastError}
}

// enqueueBatch is how many messages one INSERT writes.
const enqueueBatch = 100

func (t *tx) Enqueue(ctx context.Context, msgs ...store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(msgs))
	for _, m := range msgs {
		if seen[m.ID] {
			return fmt.Errorf("%w: message %s", store.ErrDuplicate, m.ID)
		}
		seen[m.ID] = true
	}
	for start := 0; start < len(msgs); start += enqueueBatch {
		batch := msgs[start:min(start+enqueueBatch, len(msgs))]
		query := t.s.q.enqueue1
		if len(batch) > 1 {
			query = rebind(t.s.dialect, t.s.prefix, multiRow(sqlEnqueue, messageRow, len(batch)))
		}
		args := make([]any, 0, 10*len(batch))
		for _, m := range batch {
			args = append(args, t.messageArgs(m)...)
		}
		if _, err := t.exec(ctx, store.ErrDuplicate, "enqueueing messages (an ID taken?)", query, args...); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) UpdateMessage(ctx context.Context, m store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	args := append(t.messageArgs(m)[1:], m.ID)
	n, err := t.exec(ctx, store.ErrDuplicate, "updating message "+m.ID, t.s.q.updateMessage, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: message %s", store.ErrNotFound, m.ID)
	}
	return nil
}

func scanMessage(sc interface{ Scan(...any) error }) (store.Message, error) {
	var m store.Message
	var reg sql.NullString
	err := sc.Scan(&m.ID, &m.Kind, &m.To, &reg, &m.Body, instant{&m.CreatedAt}, &m.Attempts,
		instant{&m.NextAttempt}, instant{&m.DeliveredAt}, &m.LastError)
	m.Registration = registration.ID(reg.String)
	return m, err
}

func (t *tx) Message(ctx context.Context, id string) (store.Message, error) {
	if err := t.check(ctx); err != nil {
		return store.Message{}, err
	}
	m, err := scanMessage(t.q.QueryRowContext(ctx, t.s.q.message, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Message{}, fmt.Errorf("%w: message %s", store.ErrNotFound, id)
	}
	if err != nil {
		return store.Message{}, t.fail(err, nil, "message "+id)
	}
	return m, nil
}

func (t *tx) PendingMessages(ctx context.Context, now time.Time, limit int) ([]store.Message, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > store.MaxLimit {
		return nil, fmt.Errorf("%w: limit %d", store.ErrInvalid, limit)
	}
	var out []store.Message
	err := t.scanAll(ctx, "pending messages", t.s.q.pending, []any{t.sortInstant(now), limit}, func(rows *sql.Rows) error {
		m, err := scanMessage(rows)
		if err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// Certificates.

func (t *tx) PutCertificate(ctx context.Context, c store.Certificate) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	_, err := t.exec(ctx, store.ErrDuplicate, "storing the certificate of registration "+string(c.Registration), t.s.q.putCertificate,
		string(c.Registration), c.Number, c.Token, t.instant(c.IssuedAt))
	return err
}

func (t *tx) Certificate(ctx context.Context, id registration.ID) (store.Certificate, error) {
	c := store.Certificate{Registration: id}
	if err := t.check(ctx); err != nil {
		return store.Certificate{}, err
	}
	if err := t.scanOne(ctx, "certificate of "+string(id), t.s.q.certificate, []any{string(id)}, &c.Number, &c.Token, instant{&c.IssuedAt}); err != nil {
		return store.Certificate{}, err
	}
	return c, nil
}

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
	if !store.Storable(key) {
		return store.IdempotencyRecord{}, fmt.Errorf("%w: idempotency key", store.ErrNotFound)
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
	body := encodeBody(m.Body, m.Registration)
	return []any{m.ID, nameArg(t.s.dialect, m.Kind), m.To, nullString(string(m.Registration)), body, t.sortInstant(m.CreatedAt),
		m.Attempts, t.instant(m.NextAttempt), t.instant(m.DeliveredAt), m.LastError}
}

// enqueueBatch is how many messages one INSERT writes.
const enqueueBatch = 100

func (t *tx) Enqueue(ctx context.Context, msgs ...store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckMessages(msgs); err != nil {
		return err
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
		if _, err := t.exec(ctx, store.ErrDuplicate, "enqueueing messages", query, args...); err != nil {
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
	n, err := t.exec(ctx, store.ErrDuplicate, "updating message "+redact.ID(m.ID), t.s.q.updateMessage, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: message %s", store.ErrNotFound, redact.ID(m.ID))
	}
	return nil
}

func scanMessage(sc interface{ Scan(...any) error }) (store.Message, error) {
	var m store.Message
	var reg sql.NullString
	err := sc.Scan(&m.ID, storedName{&m.Kind}, &m.To, &reg, &m.Body, instant{&m.CreatedAt}, &m.Attempts,
		instant{&m.NextAttempt}, instant{&m.DeliveredAt}, &m.LastError)
	m.Registration = registration.ID(reg.String)
	m.Body = decodeBody(m.Body, m.Registration)
	return m, err
}

func (t *tx) Message(ctx context.Context, id string) (store.Message, error) {
	if err := t.check(ctx); err != nil {
		return store.Message{}, err
	}
	if !store.Storable(id) {
		return store.Message{}, fmt.Errorf("%w: message", store.ErrNotFound)
	}
	if err := t.flush(ctx); err != nil {
		return store.Message{}, err
	}
	query := t.s.q.message
	if t.write && t.s.dialect == PostgreSQL {
		query = t.s.q.messageForUpdate
	}
	m, err := scanMessage(t.q.QueryRowContext(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Message{}, fmt.Errorf("%w: message %s", store.ErrNotFound, redact.ID(string(id)))
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
	_, err := t.exec(ctx, store.ErrDuplicate, "storing the certificate of registration "+redact.ID(string(c.Registration)), t.s.q.putCertificate,
		string(c.Registration), c.Number, tokenArg(t.s.dialect, c.Token), t.instant(c.IssuedAt))
	return err
}

func (t *tx) Certificate(ctx context.Context, id registration.ID) (store.Certificate, error) {
	c := store.Certificate{Registration: id}
	if err := t.check(ctx); err != nil {
		return store.Certificate{}, err
	}
	if !store.Storable(string(id)) {
		return store.Certificate{}, fmt.Errorf("%w: certificate", store.ErrNotFound)
	}
	if err := t.scanOne(ctx, "certificate of "+redact.ID(string(id)), t.s.q.certificate, []any{string(id)}, &c.Number, token{&c.Token}, instant{&c.IssuedAt}); err != nil {
		return store.Certificate{}, err
	}
	return c, nil
}

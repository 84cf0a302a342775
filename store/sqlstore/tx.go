package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
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
	// pending are the blind writes kept for the next statement
	// (PostgreSQL; see pending.go).
	pending []blind
	// persons are the bodies the transaction's PutForeigner stored (SQLite;
	// see personOf).
	persons map[registration.ForeignerID]storedPerson
	// wrote: a write statement succeeded (a unit that wrote is undone
	// when it fails; see units.go).
	wrote bool
}

var _ store.Tx = (*tx)(nil)

// call runs fn and returns its error unchanged; if fn returns nil after
// the database refused a statement, or after ctx was cancelled, it returns
// that error instead, so that the transaction does not commit.
func (t *tx) call(ctx context.Context, fn func(t *tx) error) error {
	if err := fn(t); err != nil {
		return err
	}
	if t.failed == nil && ctx.Err() == nil {
		if err := t.flush(ctx); err != nil {
			return err
		}
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
	query, args = t.withPending(query, args)
	res, err := t.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, t.fail(err, onUnique, what)
	}
	t.wrote = true
	n, err := res.RowsAffected()
	if err != nil {
		return 0, t.fail(err, nil, what)
	}
	return n, nil
}

// scanOne runs a query for one row; no row is store.ErrNotFound.
func (t *tx) scanOne(ctx context.Context, what, query string, args []any, dest ...any) error {
	if err := t.flush(ctx); err != nil {
		return err
	}
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
	if err := t.flush(ctx); err != nil {
		return err
	}
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
			return v.UnixMicro()
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

// marshal encodes a record for a body column: JSON with short keys (see
// keys.go).
func marshal(v any, what string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", store.ErrInvalid, what, err)
	}
	return string(shortKeys(b)), nil
}

// unmarshal decodes what marshal encoded, or a body of a version before 4.
func unmarshal(b []byte, v any, what string) error {
	if err := json.Unmarshal(longKeys(b), v); err != nil {
		return fmt.Errorf("sqlstore: stored %s: %w", what, err)
	}
	return nil
}

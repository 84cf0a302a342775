package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// The methods of the contract that combine others (see store.Stepwise
// ...): on PostgreSQL, where each statement is a round trip, one
// statement each; on SQLite, where a statement costs no round trip, the
// calls they combine.

// RegistrationsCounted on PostgreSQL adds the count to the listing's
// statement: the count's one row, left-joined to the page (see
// countedListing).
func (t *tx) RegistrationsCounted(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, int, error) {
	if t.s.dialect != PostgreSQL || f.Foreigner == "" || !store.Storable(string(f.Foreigner), string(f.Host)) {
		return store.StepwiseRegistrationsCounted(ctx, t, f, p)
	}
	return t.registrations(ctx, f, p, true)
}

// countedListing returns a listing of registrations (a statement with
// its arguments, before rebind) with the count of the foreigner's
// registrations before its columns: a row with the count and no
// registration when the page is empty.
func countedListing(query string, args []any, foreigner registration.ForeignerID) (string, []any) {
	return "SELECT counted.n, page.* FROM (SELECT count(*) AS n FROM @registrations WHERE foreigner = ?) AS counted LEFT JOIN (" +
			query + ") AS page ON true ORDER BY page.id",
		append([]any{string(foreigner)}, args...)
}

// scanCounted scans a row of countedListing: the count into n, and the
// registration, if the row has one, onto out.
func scanCounted(rows *sql.Rows, n *int, out *[]registration.Registration) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var id sql.NullString
	dest := make([]any, len(cols))
	dest[0], dest[1] = n, &id
	for i := 2; i < len(dest); i++ {
		dest[i] = new(any)
	}
	if err := rows.Scan(dest...); err != nil || !id.Valid {
		return err
	}
	r, err := scanRegistration(afterCount{rows})
	*out = append(*out, r)
	return err
}

// afterCount scans a row of countedListing without its count.
type afterCount struct{ rows *sql.Rows }

func (a afterCount) Scan(dest ...any) error {
	return a.rows.Scan(append([]any{new(any)}, dest...)...)
}

// LockLinked on PostgreSQL reads the links and upserts the lock's row in
// one statement. When otherwise is not a foreigner Lock takes, the calls
// it combines say which error is due.
func (t *tx) LockLinked(ctx context.Context, ids []registration.ForeignerID, otherwise registration.ForeignerID) (registration.ForeignerID, error) {
	if t.s.dialect != PostgreSQL || store.CheckLock(otherwise) != nil {
		return store.StepwiseLockLinked(ctx, t, ids, otherwise)
	}
	if err := t.writable(ctx); err != nil {
		return "", err
	}
	var keys []string
	var args []any
	for _, id := range ids {
		if store.Storable(string(id)) { // another finds no link
			keys = append(keys, fmt.Sprintf("(CAST(? AS TEXT), %d)", len(keys)))
			args = append(args, string(id))
		}
	}
	if len(keys) == 0 {
		return otherwise, t.Lock(ctx, otherwise)
	}
	query := `INSERT INTO @foreigner_locks (foreigner)
SELECT coalesce((SELECT link.to_id FROM @links AS link JOIN (VALUES ` + strings.Join(keys, ", ") + `) AS k (id, n) ON link.from_id = k.id ORDER BY k.n LIMIT 1), ?)
ON CONFLICT (foreigner) DO UPDATE SET foreigner = excluded.foreigner RETURNING foreigner`
	return t.lockReturning(ctx, "locking a linked foreigner", t.sql(query), append(args, string(otherwise)))
}

// LockRegistration on PostgreSQL upserts the lock's row of the
// registration's foreigner, read in the same statement.
func (t *tx) LockRegistration(ctx context.Context, id registration.ID) (registration.ForeignerID, error) {
	if t.s.dialect != PostgreSQL {
		return store.StepwiseLockRegistration(ctx, t, id)
	}
	if err := t.writable(ctx); err != nil {
		return "", err
	}
	if !store.Storable(string(id)) {
		return "", fmt.Errorf("%w: registration", store.ErrNotFound)
	}
	const query = `INSERT INTO @foreigner_locks (foreigner) SELECT foreigner FROM @registrations WHERE id = ?
ON CONFLICT (foreigner) DO UPDATE SET foreigner = excluded.foreigner RETURNING foreigner`
	f, err := t.lockReturning(ctx, "locking the foreigner of a registration", t.sql(query), []any{string(id)})
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(id)))
	}
	return f, err
}

// lockReturning runs an upsert of foreigner_locks that returns the
// foreigner locked, with the blind writes kept before it (see pending.go).
// No row is sql.ErrNoRows, which leaves the transaction usable.
func (t *tx) lockReturning(ctx context.Context, what, query string, args []any) (registration.ForeignerID, error) {
	query, args = t.withPending(query, args)
	var f string
	err := t.q.QueryRowContext(ctx, query, args...).Scan(&f)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", err
	case err != nil:
		return "", t.fail(err, store.ErrConflict, what)
	}
	return registration.ForeignerID(f), nil
}

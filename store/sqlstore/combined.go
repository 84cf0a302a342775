package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The methods of the contract that combine others (see store.Stepwise
// ...): on PostgreSQL, where each statement is a round trip, one
// statement each; on SQLite, where a statement costs no round trip, the
// calls they combine.

// ForeignerRecords on PostgreSQL reads the page of registrations, the
// trips and the count in one statement (see otherRows).
func (t *tx) ForeignerRecords(ctx context.Context, q store.RecordsQuery, p store.Page) (store.Records, error) {
	if t.s.dialect != PostgreSQL || q.Foreigner == "" || !store.Storable(string(q.Foreigner)) {
		return store.StepwiseForeignerRecords(ctx, t, q, p)
	}
	o := &otherRows{q: q}
	regs, next, err := t.registrations(ctx, store.Filter{Foreigner: q.Foreigner, States: q.States}, p, o)
	if err != nil {
		return store.Records{}, err
	}
	return store.Records{Trips: o.trips, Registrations: regs, Next: next, Count: o.count}, nil
}

// otherRows are the rows ForeignerRecords reads beside a listing of
// registrations: the trips and the count. Each row of the statement says
// what it holds in its first column ('c', 'r' or 't'), then has the
// count, a trip's entry and exit, and the registration's columns, NULL
// where they do not apply. The listing's branch comes first, so that
// PostgreSQL takes the type of each column from it; the rows are sorted
// by kind, then by entry (trips) and ID (registrations).
type otherRows struct {
	q     store.RecordsQuery
	trips []stay.Trip
	count int
	width int // columns of a row, once known
}

// around returns the statement that reads the listing (query, before
// rebind, with its arguments) and the other rows.
func (o *otherRows) around(query string, args []any) (string, []any) {
	f := string(o.q.Foreigner)
	trips, tripArgs := sqlTrips, []any{f}
	if !o.q.TripsFrom.IsZero() {
		trips, tripArgs = sqlTripsFrom, []any{f, date(o.q.TripsFrom), f, date(o.q.TripsFrom)}
	}
	nulls := strings.Repeat(", NULL", strings.Count(registrationColumns, ",")+1)
	stmt := `SELECT 'r' AS kind, CAST(NULL AS BIGINT) AS n, CAST(NULL AS DATE) AS entry, CAST(NULL AS DATE) AS exit, page.* FROM (` + query + `) AS page
UNION ALL SELECT 't', NULL, trips.entry, trips.exit` + nulls + ` FROM (` + trips + `) AS trips
UNION ALL SELECT 'c', count(*), NULL, NULL` + nulls + ` FROM @registrations WHERE foreigner = ?
ORDER BY 1, 3, 5` // kind, entry, ID
	args = append(append(args, tripArgs...), f)
	return stmt, args
}

// scan reads a row of the statement around made: a registration onto
// out, a trip or the count into o.
func (o *otherRows) scan(rows *sql.Rows, out *[]registration.Registration) error {
	if o.width == 0 {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		o.width = len(cols)
	}
	var kind string
	if err := rows.Scan(o.at(0, &kind)...); err != nil {
		return err
	}
	switch kind {
	case "c":
		return rows.Scan(o.at(1, &o.count)...)
	case "t":
		var tr stay.Trip
		err := rows.Scan(o.at(2, &tr.Entry, &tr.Exit)...)
		o.trips = append(o.trips, tr)
		return err
	}
	r, err := scanRegistration(scanFunc(func(dest ...any) error { return rows.Scan(o.at(4, dest...)...) }))
	*out = append(*out, r)
	return err
}

// at returns the destinations of a whole row: dest for the columns from
// i on, and a discard for the others.
func (o *otherRows) at(i int, dest ...any) []any {
	all := make([]any, o.width)
	for j := range all {
		if k := j - i; k >= 0 && k < len(dest) {
			all[j] = dest[k]
		} else {
			all[j] = new(any)
		}
	}
	return all
}

// scanFunc makes a function a scanner of one row.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

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
	var f registration.ForeignerID
	err := t.lockReturning(ctx, "locking a linked foreigner", t.sql(query), append(args, string(otherwise)), func(row *sql.Row) error {
		return row.Scan(&f)
	})
	return f, err
}

// sqlLockRegistration reads a registration and upserts the lock's row of
// its foreigner. The lock's RETURNING joins the result, so that the
// statement returns its row only once it holds the lock.
const sqlLockRegistration = `WITH r AS (SELECT ` + registrationColumns + ` FROM @registrations WHERE id = ?),
locked AS (INSERT INTO @foreigner_locks (foreigner) SELECT foreigner FROM r
ON CONFLICT (foreigner) DO UPDATE SET foreigner = excluded.foreigner RETURNING foreigner)
SELECT r.* FROM r JOIN locked ON locked.foreigner = r.foreigner`

// LockRegistration on PostgreSQL reads the registration and upserts the
// lock's row of its foreigner in one statement.
func (t *tx) LockRegistration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	if t.s.dialect != PostgreSQL {
		return store.StepwiseLockRegistration(ctx, t, id)
	}
	if err := t.writable(ctx); err != nil {
		return registration.Registration{}, err
	}
	if !store.Storable(string(id)) {
		return registration.Registration{}, fmt.Errorf("%w: registration", store.ErrNotFound)
	}
	var r registration.Registration
	err := t.lockReturning(ctx, "locking the foreigner of a registration", t.sql(sqlLockRegistration), []any{string(id)}, func(row *sql.Row) error {
		var err error
		r, err = scanRegistration(row)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return registration.Registration{}, fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(id)))
	}
	return r, err
}

// lockReturning runs a statement that upserts foreigner_locks and
// returns a row, with the blind writes kept before it (see pending.go).
// No row is sql.ErrNoRows, which leaves the transaction usable.
func (t *tx) lockReturning(ctx context.Context, what, query string, args []any, scan func(*sql.Row) error) error {
	query, args = t.withPending(query, args)
	err := scan(t.q.QueryRowContext(ctx, query, args...))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return t.fail(err, store.ErrConflict, what)
	}
	return err
}

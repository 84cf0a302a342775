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
// calls they combine. (ForeignerRecords in one statement was measured on
// SQLite and did not pay: a transaction prepares each statement anew,
// and the combined one costs more to prepare than the calls it combines;
// see BENCHMARKS.md, issue 17.)

// ForeignerRecords on PostgreSQL reads the links, the idempotency
// record, the trips and, when asked, the page of registrations and their
// count in one statement (see otherRows).
func (t *tx) ForeignerRecords(ctx context.Context, q store.RecordsQuery, p store.Page) (store.Records, error) {
	if t.s.dialect != PostgreSQL || q.Foreigner == "" || !store.Storable(string(q.Foreigner)) {
		return store.StepwiseForeignerRecords(ctx, t, q, p)
	}
	o := &otherRows{q: q}
	var rec store.Records
	var err error
	if q.Registrations {
		rec.Registrations, rec.Next, err = t.registrations(ctx, store.Filter{Foreigner: q.Foreigner, States: q.States}, p, o)
	} else {
		if err = t.check(ctx); err != nil {
			return store.Records{}, err
		}
		query, args := o.around("", nil)
		err = t.scanAll(ctx, "reading a foreigner's records", t.sql(query), args, func(rows *sql.Rows) error { return o.scan(rows, nil) })
	}
	if err != nil {
		return store.Records{}, err
	}
	rec.Links, rec.Idempotency, rec.Trips, rec.Count = o.links, o.idem, o.trips, o.count
	return rec, nil
}

// otherRows are the rows ForeignerRecords reads beside a listing of
// registrations, or alone: the links, the idempotency record, the trips
// and the count. Each row of the statement says what it holds in its
// first column (kind), then has the columns of every kind, NULL where
// they do not apply (see the column numbers below). The first branch
// gives each column its type (the listing's are the table's; the others
// are NULLs of their table's column types); the rows are sorted by kind,
// then by place (links), entry (trips) and ID (registrations).
type otherRows struct {
	q     store.RecordsQuery
	links []store.Link
	idem  *store.IdempotencyRecord
	trips []stay.Trip
	count int
	width int // columns of a row, once known
}

// The columns of a row of otherRows, numbered from 0; the registration's
// columns follow.
const (
	colKind        = iota
	colN           // the count ('c'), or a link's place among those asked ('l')
	colEntry       // a trip's ('t')
	colExit        //
	colLink        // a link's body ('l')
	colFingerprint // the idempotency record's ('i')
	colIdemReg     //
	colIdemAt      //
	colRegistration
)

// typedNulls are NULLs of the types of the columns before
// colRegistration, for the first branch.
var typedNulls = [colRegistration]string{
	colN:           "CAST(NULL AS BIGINT)",
	colEntry:       "(SELECT entry FROM @trips WHERE false)",
	colExit:        "(SELECT exit FROM @trips WHERE false)",
	colLink:        "(SELECT body FROM @links WHERE false)",
	colFingerprint: "(SELECT fingerprint FROM @idempotency_keys WHERE false)",
	colIdemReg:     "(SELECT registration_id FROM @idempotency_keys WHERE false)",
	colIdemAt:      "(SELECT created_at FROM @idempotency_keys WHERE false)",
}

// branch returns "SELECT" and the columns of a row of kind: cols where
// given, NULL (typed in the first branch) elsewhere, then the
// registration's columns (regs) when the statement has them.
func branch(kind string, first bool, cols map[int]string, regs string) string {
	var b strings.Builder
	b.WriteString("SELECT '" + kind + "'")
	if first {
		b.WriteString(" AS kind")
	}
	for c := colN; c < colRegistration; c++ {
		switch e, ok := cols[c]; {
		case ok:
			b.WriteString(", " + e)
		case first:
			b.WriteString(", " + typedNulls[c])
		default:
			b.WriteString(", NULL")
		}
	}
	return b.String() + regs
}

// around returns the statement that reads the listing (query, before
// rebind, with its arguments; none when "") and the other rows.
func (o *otherRows) around(query string, args []any) (string, []any) {
	f := string(o.q.Foreigner)
	var arms []string
	nulls := ""
	if query != "" {
		nulls = strings.Repeat(", NULL", strings.Count(registrationColumns, ",")+1)
		arms = append(arms,
			branch("r", true, nil, ", page.*")+" FROM ("+query+") AS page",
			branch("c", false, map[int]string{colN: "count(*)"}, nulls)+" FROM @registrations WHERE foreigner = ?")
		args = append(args, f)
	}
	trips, tripArgs := sqlTrips, []any{f}
	if !o.q.TripsFrom.IsZero() {
		trips, tripArgs = sqlTripsFrom, []any{f, date(o.q.TripsFrom), f, date(o.q.TripsFrom)}
	}
	arms = append(arms, branch("t", len(arms) == 0, map[int]string{colEntry: "trips.entry", colExit: "trips.exit"}, nulls)+" FROM ("+trips+") AS trips")
	args = append(args, tripArgs...)
	var keys []string
	for _, id := range o.q.Links {
		if store.Storable(string(id)) { // another has no link
			keys = append(keys, fmt.Sprintf("(CAST(? AS TEXT), %d)", len(keys)))
			args = append(args, string(id))
		}
	}
	if len(keys) > 0 {
		arms = append(arms, branch("l", false, map[int]string{colN: "k.n", colLink: "link.body"}, nulls)+
			" FROM @links AS link JOIN (VALUES "+strings.Join(keys, ", ")+") AS k (id, n) ON link.from_id = k.id")
	}
	if store.Storable(o.q.Idempotency) && o.q.Idempotency != "" {
		arms = append(arms, branch("i", false, map[int]string{colFingerprint: "fingerprint", colIdemReg: "registration_id", colIdemAt: "created_at"}, nulls)+
			" FROM @idempotency_keys WHERE idem_key = ?")
		args = append(args, o.q.Idempotency)
	}
	order := fmt.Sprintf("\nORDER BY %d, %d, %d", colKind+1, colN+1, colEntry+1)
	if query != "" {
		order += fmt.Sprintf(", %d", colRegistration+1) // the registration's ID
	}
	return strings.Join(arms, "\nUNION ALL ") + order, args
}

// scan reads a row of the statement around made: a registration onto
// out, a link, the idempotency record, a trip or the count into o.
func (o *otherRows) scan(rows *sql.Rows, out *[]registration.Registration) error {
	if o.width == 0 {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		o.width = len(cols)
	}
	var kind string
	if err := rows.Scan(o.at(colKind, &kind)...); err != nil {
		return err
	}
	switch kind {
	case "c":
		return rows.Scan(o.at(colN, &o.count)...)
	case "l":
		var body []byte
		if err := rows.Scan(o.at(colLink, &body)...); err != nil {
			return err
		}
		var l store.Link
		err := unmarshal(body, &l, "link")
		l.At = l.At.UTC()
		o.links = append(o.links, l)
		return err
	case "i":
		rec := store.IdempotencyRecord{Key: o.q.Idempotency}
		var reg sql.NullString
		err := rows.Scan(o.at(colFingerprint, &rec.Fingerprint, &reg, instant{&rec.CreatedAt})...)
		rec.Registration = registration.ID(reg.String)
		o.idem = &rec
		return err
	case "t":
		var tr stay.Trip
		err := rows.Scan(o.at(colEntry, &tr.Entry, &tr.Exit)...)
		o.trips = append(o.trips, tr)
		return err
	}
	r, err := scanRegistration(scanFunc(func(dest ...any) error { return rows.Scan(o.at(colRegistration, dest...)...) }))
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

// sqlLockRegistration reads a registration and locks its foreigner as
// sqlLock does. PostgreSQL runs a WITH member that writes to completion
// before the statement ends, so the statement returns only once it holds
// the lock.
const sqlLockRegistration = `WITH r AS (SELECT ` + registrationColumns + ` FROM @registrations WHERE id = ?),
locked AS (INSERT INTO @foreigner_locks (foreigner) SELECT foreigner FROM r
ON CONFLICT (foreigner) DO UPDATE SET foreigner = excluded.foreigner WHERE false)
SELECT r.* FROM r`

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
	r, err := t.lockReturning(ctx, t.sql(sqlLockRegistration), string(id))
	if errors.Is(err, sql.ErrNoRows) {
		return registration.Registration{}, fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(id)))
	}
	return r, err
}

// lockReturning runs sqlLockRegistration with the blind writes kept
// before it (see pending.go). No row is sql.ErrNoRows, which leaves the
// transaction usable.
func (t *tx) lockReturning(ctx context.Context, query string, args ...any) (registration.Registration, error) {
	query, args = t.withPending(query, args)
	r, err := scanRegistration(t.q.QueryRowContext(ctx, query, args...))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return registration.Registration{}, t.fail(err, store.ErrConflict, "locking the foreigner of a registration")
	}
	return r, err
}

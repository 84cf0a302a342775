package sqlstore

import "strings"

// The statements of the store, written once for both dialects: ? marks a
// parameter and @ the schema of a table (see rebind). They use only SQL
// that SQLite (3.24 or later), PostgreSQL and the PostgreSQL-compatible
// distributed databases share: ON CONFLICT upserts, row-value comparisons
// for keyset pagination, partial indexes, UNION ALL of ordered and
// limited subqueries (see listing.go).
const (
	sqlInsertRegistration = `INSERT INTO @registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, submitted, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	// An update names the submission it read: what was submitted never
	// changes, so the body holds only what changed (see bodies.go). When
	// the registration's submitted data differs from the stored one (or
	// a row from before version 4 has none), the update matches no row,
	// and sqlUpdateRegistrationAny writes the body made for the stored one.
	sqlUpdateRegistrationAny = `UPDATE @registrations SET version = ?, state = ?, entry = ?, valid_until = ?, submitted_at = ?, body = ?
WHERE id = ? AND version = ? AND foreigner = ? AND host_id = ?`
	sqlUpdateRegistration = sqlUpdateRegistrationAny + ` AND submitted = ?`
	sqlRegistrationKeys   = `SELECT version, foreigner, host_id, submitted FROM @registrations WHERE id = ?`
	sqlRegistration       = `SELECT ` + registrationColumns + ` FROM @registrations WHERE id = ?`
	sqlCountRegistrations = `SELECT count(*) FROM @registrations WHERE foreigner = ?`
	sqlCountTrips         = `SELECT count(*) FROM @trips WHERE foreigner = ?`
	sqlInsertEvents       = `INSERT INTO @registration_events (registration_id, seq, type, at, body) VALUES `
	eventRow              = `(?, ?, ?, ?, ?)`

	// PostgreSQL writes a registration and its events in one statement:
	// the registration's INSERT or UPDATE in a WITH clause, whose RETURNING
	// gives the events their registration (none when it wrote no row).
	sqlInsertRegistrationWith = `WITH reg AS (` + sqlInsertRegistration + ` RETURNING id)
`
	sqlUpdateRegistrationWith = `WITH reg AS (` + sqlUpdateRegistration + ` RETURNING id)
`
	sqlEventsFromReg = `INSERT INTO @registration_events (registration_id, seq, type, at, body)
SELECT reg.id, e.seq, e.type, e.at, e.body FROM reg, (VALUES `
	eventValues = `(?::integer, ?::text, ?::timestamptz, ?::jsonb)`
	eventsAlias = `) AS e (seq, type, at, body)`

	sqlPutForeigner = `INSERT INTO @foreigners (id, body) VALUES (?, ?)
ON CONFLICT (id) DO UPDATE SET body = excluded.body, person_of = NULL`
	// A foreigner whose person is the one a registration submitted
	// refers to it (person_of) instead of holding a copy (schema 6).
	sqlForeigner = `SELECT body, (SELECT submitted FROM @registrations WHERE @registrations.id = person_of) FROM @foreigners WHERE id = ?`
	sqlPersonOf  = `UPDATE @foreigners SET body = '', person_of = ? WHERE id = ? AND body = ?`

	sqlPutTrip = `INSERT INTO @trips (foreigner, entry, exit) VALUES (?, ?, ?)
ON CONFLICT (foreigner, entry) DO UPDATE SET exit = excluded.exit`
	sqlTrips = `SELECT entry, exit FROM @trips WHERE foreigner = ? ORDER BY entry`
	// The trips from the last one beginning before a day: two walks of
	// the primary key (foreigner, entry), one backwards for one row.
	sqlTripsFrom = `SELECT * FROM (SELECT entry, exit FROM @trips WHERE foreigner = ? AND entry < ? ORDER BY entry DESC LIMIT 1) AS before_from
UNION ALL SELECT * FROM (SELECT entry, exit FROM @trips WHERE foreigner = ? AND entry >= ?) AS from_on ORDER BY entry`

	sqlPutDeadline = `INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (kind, foreigner, subject) DO UPDATE SET due = excluded.due, registration_id = excluded.registration_id, entry = excluded.entry`
	sqlDeleteDeadline = `DELETE FROM @deadlines WHERE kind = ? AND foreigner = ? AND subject = ?`
	// SQLite's deadlines have no unique key (kind, foreigner, subject) to
	// upsert on (schema 6): PutDeadline deletes the key's row, then inserts.
	sqlInsertDeadline = `INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry) VALUES (?, ?, ?, ?, ?, ?)`

	sqlPutIdempotency = `INSERT INTO @idempotency_keys (idem_key, fingerprint, registration_id, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (idem_key) DO NOTHING`
	sqlIdempotency = `SELECT fingerprint, registration_id, created_at FROM @idempotency_keys WHERE idem_key = ?`

	messageColumns   = `id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error`
	sqlEnqueue       = `INSERT INTO @outbox (` + messageColumns + `) VALUES `
	messageRow       = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlUpdateMessage = `UPDATE @outbox SET kind = ?, recipient = ?, registration_id = ?, body = ?, created_at = ?,
attempts = ?, next_attempt = ?, delivered_at = ?, last_error = ? WHERE id = ?`
	sqlMessage = `SELECT ` + messageColumns + ` FROM @outbox WHERE id = ?`
	// A write transaction reads a message to update it: on PostgreSQL it
	// locks the row, so that two deliveries of one message do not both
	// count an attempt from the same value.
	sqlMessageForUpdate = sqlMessage + ` FOR UPDATE`
	sqlPending          = `SELECT ` + messageColumns + ` FROM @outbox
WHERE delivered_at IS NULL AND (next_attempt IS NULL OR next_attempt <= ?) ORDER BY created_at, id LIMIT ?`

	sqlPutCertificate = `INSERT INTO @certificates (registration_id, number, token, issued_at) VALUES (?, ?, ?, ?)
ON CONFLICT (registration_id) DO UPDATE SET number = excluded.number, token = excluded.token, issued_at = excluded.issued_at`
	sqlCertificate = `SELECT number, token, issued_at FROM @certificates WHERE registration_id = ?`

	deadlineColumns = `kind, foreigner, subject, due, registration_id, entry`

	// PostgreSQL only (see Lock): the upsert locks the foreigner's row.
	// Its WHERE false changes nothing: PostgreSQL locks a conflicting row
	// before it evaluates the condition and keeps it locked when the
	// condition fails (INSERT, "ON CONFLICT Clause"), so a lock writes no
	// new version of the row for vacuum to collect.
	sqlLock = `INSERT INTO @foreigner_locks (foreigner) VALUES (?)
ON CONFLICT (foreigner) DO UPDATE SET foreigner = excluded.foreigner WHERE false`
)

// queries holds the statements rebound for one dialect and schema.
type queries struct {
	d      Dialect
	prefix string

	insertRegistration, updateRegistration, updateRegistrationAny                                             string
	registrationKeys, registration, events, countRegistrations, countTrips                                    string
	insertEvents                                                                                              [4]string // for 1 to 4 events
	insertWithEvents, updateWithEvents                                                                        [4]string // PostgreSQL: for 1 to 4 events
	putForeigner, foreigner, personOf, putTrip, trips, tripsFrom, putDeadline, deleteDeadline, insertDeadline string
	putIdempotency, idempotency                                                                               string
	enqueue1, updateMessage, message, messageForUpdate, pending                                               string
	lock                                                                                                      string
	putCertificate, certificate                                                                               string
}

func newQueries(d Dialect, prefix string) queries {
	r := func(s string) string { return rebind(d, prefix, s) }
	q := queries{
		d: d, prefix: prefix,
		insertRegistration:    r(sqlInsertRegistration),
		updateRegistration:    r(sqlUpdateRegistration),
		updateRegistrationAny: r(sqlUpdateRegistrationAny),
		registrationKeys:      r(sqlRegistrationKeys),
		registration:          r(sqlRegistration),
		countRegistrations:    r(sqlCountRegistrations),
		countTrips:            r(sqlCountTrips),
		events:                r(sqlEvents),
		putForeigner:          r(sqlPutForeigner),
		foreigner:             r(sqlForeigner),
		personOf:              r(sqlPersonOf),
		putTrip:               r(sqlPutTrip),
		trips:                 r(sqlTrips),
		tripsFrom:             r(sqlTripsFrom),
		putDeadline:           r(sqlPutDeadline),
		deleteDeadline:        r(sqlDeleteDeadline),
		insertDeadline:        r(sqlInsertDeadline),
		putIdempotency:        r(sqlPutIdempotency),
		idempotency:           r(sqlIdempotency),
		enqueue1:              r(sqlEnqueue + messageRow),
		updateMessage:         r(sqlUpdateMessage),
		message:               r(sqlMessage),
		messageForUpdate:      r(sqlMessageForUpdate),
		lock:                  r(sqlLock),
		pending:               r(sqlPending),
		putCertificate:        r(sqlPutCertificate),
		certificate:           r(sqlCertificate),
	}
	for n := range q.insertEvents {
		q.insertEvents[n] = r(multiRow(sqlInsertEvents, eventRow, n+1))
		q.insertWithEvents[n] = r(withEvents(sqlInsertRegistrationWith, n+1))
		q.updateWithEvents[n] = r(withEvents(sqlUpdateRegistrationWith, n+1))
	}
	return q
}

// withEvents returns a PostgreSQL statement that writes a registration
// (with, its WITH clause) and n events.
func withEvents(with string, n int) string {
	return with + multiRow(sqlEventsFromReg, eventValues, n) + eventsAlias
}

// multiRow returns an INSERT of n rows.
func multiRow(insert, row string, n int) string {
	var b strings.Builder
	b.WriteString(insert)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// insertEventsSQL returns the INSERT of n events.
func (q *queries) insertEventsSQL(n int) string {
	if n <= len(q.insertEvents) {
		return q.insertEvents[n-1]
	}
	return rebind(q.d, q.prefix, multiRow(sqlInsertEvents, eventRow, n))
}

// insertWithEventsSQL and updateWithEventsSQL return PostgreSQL's
// statements that write a registration with n events.
func (q *queries) insertWithEventsSQL(n int) string {
	if n <= len(q.insertWithEvents) {
		return q.insertWithEvents[n-1]
	}
	return rebind(q.d, q.prefix, withEvents(sqlInsertRegistrationWith, n))
}

func (q *queries) updateWithEventsSQL(n int) string {
	if n <= len(q.updateWithEvents) {
		return q.updateWithEvents[n-1]
	}
	return rebind(q.d, q.prefix, withEvents(sqlUpdateRegistrationWith, n))
}

// placeholders returns "?, ?, ?" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

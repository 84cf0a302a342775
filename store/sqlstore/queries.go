package sqlstore

import "strings"

// The statements of the store, written once for both dialects: ? marks a
// parameter and @ the schema of a table (see rebind). They use only SQL
// that SQLite (3.24 or later), PostgreSQL and the PostgreSQL-compatible
// distributed databases share: ON CONFLICT upserts, row-value comparisons
// for keyset pagination, partial indexes, UNION ALL of ordered and
// limited subqueries (see listing.go).
const (
	sqlInsertRegistration = `INSERT INTO @registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	sqlUpdateRegistration = `UPDATE @registrations SET version = ?, state = ?, entry = ?, valid_until = ?, submitted_at = ?, body = ?
WHERE id = ? AND version = ? AND foreigner = ? AND host_id = ?`
	sqlRegistrationKeys = `SELECT version, foreigner, host_id FROM @registrations WHERE id = ?`
	sqlRegistration     = `SELECT body FROM @registrations WHERE id = ?`
	sqlEvents           = `SELECT body FROM @registration_events WHERE registration_id = ? ORDER BY seq`
	sqlInsertEvents     = `INSERT INTO @registration_events (registration_id, seq, type, at, body) VALUES `
	eventRow            = `(?, ?, ?, ?, ?)`

	sqlPutForeigner = `INSERT INTO @foreigners (id, body) VALUES (?, ?)
ON CONFLICT (id) DO UPDATE SET body = excluded.body`
	sqlForeigner = `SELECT body FROM @foreigners WHERE id = ?`

	sqlPutTrip = `INSERT INTO @trips (foreigner, entry, exit) VALUES (?, ?, ?)
ON CONFLICT (foreigner, entry) DO UPDATE SET exit = excluded.exit`
	sqlTrips = `SELECT entry, exit FROM @trips WHERE foreigner = ? ORDER BY entry`

	sqlPutDeadline = `INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (kind, foreigner, subject) DO UPDATE SET due = excluded.due, registration_id = excluded.registration_id, entry = excluded.entry`
	sqlDeleteDeadline = `DELETE FROM @deadlines WHERE kind = ? AND foreigner = ? AND subject = ?`

	sqlPutIdempotency = `INSERT INTO @idempotency_keys (idem_key, fingerprint, registration_id, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (idem_key) DO NOTHING`
	sqlIdempotency = `SELECT fingerprint, registration_id, created_at FROM @idempotency_keys WHERE idem_key = ?`

	messageColumns   = `id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error`
	sqlEnqueue       = `INSERT INTO @outbox (` + messageColumns + `) VALUES `
	messageRow       = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlUpdateMessage = `UPDATE @outbox SET kind = ?, recipient = ?, registration_id = ?, body = ?, created_at = ?,
attempts = ?, next_attempt = ?, delivered_at = ?, last_error = ? WHERE id = ?`
	sqlMessage = `SELECT ` + messageColumns + ` FROM @outbox WHERE id = ?`
	sqlPending = `SELECT ` + messageColumns + ` FROM @outbox
WHERE delivered_at IS NULL AND (next_attempt IS NULL OR next_attempt <= ?) ORDER BY created_at, id LIMIT ?`

	sqlPutCertificate = `INSERT INTO @certificates (registration_id, number, token, issued_at) VALUES (?, ?, ?, ?)
ON CONFLICT (registration_id) DO UPDATE SET number = excluded.number, token = excluded.token, issued_at = excluded.issued_at`
	sqlCertificate = `SELECT number, token, issued_at FROM @certificates WHERE registration_id = ?`

	deadlineColumns = `kind, foreigner, subject, due, registration_id, entry`
)

// queries holds the statements rebound for one dialect and schema.
type queries struct {
	d      Dialect
	prefix string

	insertRegistration, updateRegistration, registrationKeys, registration, events string
	insertEvents                                                                   [4]string // for 1 to 4 events
	putForeigner, foreigner, putTrip, trips, putDeadline, deleteDeadline           string
	putIdempotency, idempotency                                                    string
	enqueue1, updateMessage, message, pending                                      string
	putCertificate, certificate                                                    string
}

func newQueries(d Dialect, prefix string) queries {
	r := func(s string) string { return rebind(d, prefix, s) }
	q := queries{
		d: d, prefix: prefix,
		insertRegistration: r(sqlInsertRegistration),
		updateRegistration: r(sqlUpdateRegistration),
		registrationKeys:   r(sqlRegistrationKeys),
		registration:       r(sqlRegistration),
		events:             r(sqlEvents),
		putForeigner:       r(sqlPutForeigner),
		foreigner:          r(sqlForeigner),
		putTrip:            r(sqlPutTrip),
		trips:              r(sqlTrips),
		putDeadline:        r(sqlPutDeadline),
		deleteDeadline:     r(sqlDeleteDeadline),
		putIdempotency:     r(sqlPutIdempotency),
		idempotency:        r(sqlIdempotency),
		enqueue1:           r(sqlEnqueue + messageRow),
		updateMessage:      r(sqlUpdateMessage),
		message:            r(sqlMessage),
		pending:            r(sqlPending),
		putCertificate:     r(sqlPutCertificate),
		certificate:        r(sqlCertificate),
	}
	for n := range q.insertEvents {
		q.insertEvents[n] = r(multiRow(sqlInsertEvents, eventRow, n+1))
	}
	return q
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

// placeholders returns "?, ?, ?" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

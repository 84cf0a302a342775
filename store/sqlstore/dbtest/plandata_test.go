package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/store/sqlstore"
)

// The world of the plan tests: n registrations written with plain SQL,
// shaped like a year or two of a country's registrations, so that the
// planner sees realistic statistics: 0.7 n foreigners (most registered
// once, some twice), a third as many private hosts and 97 hotels that
// take a fifth of the registrations, every state, three events each, one
// stay-end deadline each and the other kinds in their proportions, an
// outbox almost all delivered, certificates for the confirmed.
//
// Keys are hashed, not counted, so that no index's order follows the
// order the rows were written in (PostgreSQL's planner notices that).

// fillSQLite and fillPostgres write the world; $N, $F and $H stand for n,
// the number of foreigners and the number of private hosts, and @ for the
// tables' schema (so a subject's @ is written char(64), chr(64)).
// SQLite's states, event types and message kinds are the codes of schema 6
// (sqlstore's bodyValues: 1 pending, 2 confirmed, 5 submitted ...).
var fillSQLite = []string{
	`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO @registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, body)
SELECT printf('r%09d', i), 3,
	CASE WHEN i <= $F AND i % 100 < 20 THEN 2 WHEN i % 100 < 23 THEN 1 WHEN i % 100 < 28 THEN 11
		WHEN i % 100 < 32 THEN 12 WHEN i % 100 < 36 THEN 13 WHEN i % 100 < 38 THEN 14
		WHEN i % 100 < 39 THEN 16 ELSE 15 END,
	printf('f%08x', ((i % $F) * 2654435761) % 4294967291),
	CASE WHEN i % 5 = 0 THEN printf('hotel%02d', i % 97) ELSE printf('h%08x', ((i % $H) * 2246822519) % 4294967291) END,
	date('2025-01-01', '+' || (i * 7 % 730) || ' days'), date('2025-01-01', '+' || (i * 7 % 730 + 90) || ' days'),
	1735725600000000, json_object('id', printf('r%09d', i)) -- 2025-01-01T10:00:00Z
FROM n`,
	`INSERT INTO @registration_events (registration_id, seq, type, at, body)
SELECT id, s.seq, 5, submitted_at, '{}' FROM @registrations, (SELECT 1 AS seq UNION ALL SELECT 2 UNION ALL SELECT 3) AS s`,
	`INSERT INTO @foreigners (id, body) SELECT DISTINCT foreigner, '{}' FROM @registrations`,
	// Every foreigner is linked from an ID of their IIN.
	`INSERT INTO @links (from_id, to_id, body) SELECT 'i' || id, id, '{}' FROM @foreigners`,
	`INSERT OR IGNORE INTO @trips (foreigner, entry, exit) SELECT foreigner, entry, valid_until FROM @registrations`,
	`INSERT OR IGNORE INTO @deadlines (kind, foreigner, subject, due, registration_id, entry)
SELECT 'stay_end', foreigner, id, valid_until, id, entry FROM @registrations
UNION ALL SELECT 'host_answer', foreigner, id, date(entry, '+6 days'), id, entry FROM @registrations WHERE state = 1
UNION ALL SELECT 'registration', foreigner, entry, date(entry, '+30 days'), NULL, entry FROM @registrations WHERE substr(id, 2) % 20 = 0
UNION ALL SELECT 'reregistration', foreigner, id || char(64) || entry, date(entry, '+7 days'), id, entry FROM @registrations WHERE substr(id, 2) % 200 = 0`,
	`INSERT INTO @idempotency_keys (idem_key, fingerprint, registration_id, created_at) SELECT 'k' || id, 'fp', id, submitted_at FROM @registrations`,
	`INSERT INTO @outbox (id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error)
SELECT 'm' || id, 25, host_id, id, x'7b7d', submitted_at, 1, NULL,
	CASE WHEN substr(id, 2) % 1000 = 0 THEN NULL ELSE submitted_at END, '' FROM @registrations`,
	`INSERT INTO @certificates (registration_id, number, token, issued_at)
SELECT id, 'KZ-' || id, 'token-' || id, submitted_at FROM @registrations WHERE state IN (2, 15, 14)`,
}

var fillPostgres = []string{
	`INSERT INTO @registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, body)
SELECT 'r' || lpad(i::text, 9, '0'), 3,
	CASE WHEN i <= $F AND i % 100 < 20 THEN 'confirmed' WHEN i % 100 < 23 THEN 'pending' WHEN i % 100 < 28 THEN 'rejected'
		WHEN i % 100 < 32 THEN 'withdrawn' WHEN i % 100 < 36 THEN 'lapsed' WHEN i % 100 < 38 THEN 'superseded'
		WHEN i % 100 < 39 THEN 'annulled' ELSE 'ended' END,
	'f' || lpad(to_hex(((i % $F) * 2654435761) % 4294967291), 8, '0'),
	CASE WHEN i % 5 = 0 THEN 'hotel' || lpad((i % 97)::text, 2, '0') ELSE 'h' || lpad(to_hex(((i % $H) * 2246822519) % 4294967291), 8, '0') END,
	DATE '2025-01-01' + (i * 7 % 730)::int, DATE '2025-01-01' + (i * 7 % 730 + 90)::int,
	TIMESTAMPTZ '2025-01-01T10:00:00Z', jsonb_build_object('id', 'r' || lpad(i::text, 9, '0'))
FROM generate_series(1::bigint, $N) AS n(i)`,
	`INSERT INTO @registration_events (registration_id, seq, type, at, body)
SELECT id, s.seq, 'submitted', submitted_at, '{}' FROM @registrations, generate_series(1, 3) AS s(seq)`,
	`INSERT INTO @foreigners (id, body) SELECT DISTINCT foreigner, '{}'::jsonb FROM @registrations`,
	// Every foreigner is linked from an ID of their IIN.
	`INSERT INTO @links (from_id, to_id, body) SELECT 'i' || id, id, '{}' FROM @foreigners`,
	`INSERT INTO @trips (foreigner, entry, exit) SELECT foreigner, entry, valid_until FROM @registrations ON CONFLICT DO NOTHING`,
	`INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry)
SELECT 'stay_end', foreigner, id, valid_until, id, entry FROM @registrations
UNION ALL SELECT 'host_answer', foreigner, id, entry + 6, id, entry FROM @registrations WHERE state = 'pending'
UNION ALL SELECT 'registration', foreigner, entry::text, entry + 30, NULL, entry FROM @registrations WHERE substr(id, 2)::int % 20 = 0
UNION ALL SELECT 'reregistration', foreigner, id || chr(64) || entry, entry + 7, id, entry FROM @registrations WHERE substr(id, 2)::int % 200 = 0
ON CONFLICT DO NOTHING`,
	`INSERT INTO @idempotency_keys (idem_key, fingerprint, registration_id, created_at) SELECT 'k' || id, 'fp', id, submitted_at FROM @registrations`,
	`INSERT INTO @outbox (id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error)
SELECT 'm' || id, 'host_request', host_id, id, '\x7b7d'::bytea, submitted_at, 1, NULL,
	CASE WHEN substr(id, 2)::int % 1000 = 0 THEN NULL ELSE submitted_at END, '' FROM @registrations`,
	`INSERT INTO @certificates (registration_id, number, token, issued_at)
SELECT id, 'KZ-' || id, 'token-' || id, submitted_at FROM @registrations WHERE state IN ('confirmed', 'ended', 'superseded')`,
}

// fillWorld writes the world of n registrations into the store's tables
// (prefix: `"schema".` or empty) and returns how long it took.
func fillWorld(tb testing.TB, db *sql.DB, d sqlstore.Dialect, prefix string, n int) time.Duration {
	tb.Helper()
	script := fillSQLite
	if d == sqlstore.PostgreSQL {
		script = fillPostgres
	}
	r := strings.NewReplacer("$N", fmt.Sprint(n), "$F", fmt.Sprint(n*7/10+1), "$H", fmt.Sprint(n/3+1), "@", prefix)
	start := time.Now()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, s := range script {
		if _, err := tx.ExecContext(ctx, r.Replace(s)); err != nil {
			tb.Fatalf("filling the plan tests' world: %v\n%s", err, r.Replace(s))
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return time.Since(start)
}

// sqliteStats is what PRAGMA optimize = 0x10002 and ANALYZE alike wrote
// into sqlite_stat1 for the world of 1,000,000 registrations
// (MIGREG_PLAN_ROWS=1000000 go test -run TestQueryPlans/SQLite -v logs
// it): rows of (table, index, stat), where stat is the number of rows,
// then the average number of rows per value of each prefix of the
// index's columns.
var sqliteStats = [][3]string{
	{"certificates", "sqlite_autoindex_certificates_1", "770001 1"},
	{"deadlines", "deadlines_by_kind", "1144999 286250 713 1 1"},
	{"deadlines", "sqlite_autoindex_deadlines_1", "1144999 2 2 1 1"}, // (foreigner, kind, due, subject), schema 6
	{"foreigners", "sqlite_autoindex_foreigners_1", "700001 1"},
	{"idempotency_keys", "sqlite_autoindex_idempotency_keys_1", "1000000 1"},
	{"links", "links_by_to", "700001 1"}, // one link per foreigner, as the world is filled
	{"links", "sqlite_autoindex_links_1", "700001 1"},
	{"migreg_schema_version", "", "2"},
	{"outbox", "outbox_pending", "1000 1000 1"},
	{"outbox", "sqlite_autoindex_outbox_1", "1000000 1"},
	{"registration_events", "sqlite_autoindex_registration_events_1", "3000000 3 1"},
	{"registrations", "registrations_by_foreigner", "1000000 2 1"},
	{"registrations", "registrations_by_host_state", "1000000 3 2 1"},
	{"registrations", "registrations_one_active", "140001 1"},
	{"registrations", "sqlite_autoindex_registrations_1", "1000000 1"},
	{"trips", "sqlite_autoindex_trips_1", "1000000 2 1"},
}

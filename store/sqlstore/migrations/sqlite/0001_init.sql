-- migreg schema, version 1, for SQLite.
--
-- Dates are TEXT 'YYYY-MM-DD' (SQLite has no date type; ISO 8601 text
-- sorts as the dates do). Instants are TEXT 'YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ'
-- in UTC, of fixed width, so that they too sort as text. The records are
-- stored whole as JSON in body; the columns beside it are what the store
-- queries, indexes and constrains. Text compares as bytes (BINARY).

CREATE TABLE @registrations (
	id           TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	version      INTEGER NOT NULL CHECK (version >= 1),
	state        TEXT    NOT NULL,
	foreigner    TEXT    NOT NULL CHECK (foreigner <> ''),
	host_id      TEXT    NOT NULL,
	entry        TEXT,
	valid_until  TEXT,
	submitted_at TEXT,
	body         TEXT    NOT NULL
);

-- At most one active (confirmed) registration per foreigner.
CREATE UNIQUE INDEX registrations_one_active ON @registrations (foreigner) WHERE state = 'confirmed';
CREATE INDEX registrations_by_foreigner ON @registrations (foreigner, id);
CREATE INDEX registrations_by_host ON @registrations (host_id, id);

-- The event log: numbered 1, 2, 3 ... per registration, append-only.
CREATE TABLE @registration_events (
	registration_id TEXT    NOT NULL REFERENCES @registrations (id),
	seq             INTEGER NOT NULL CHECK (seq >= 1),
	type            TEXT    NOT NULL,
	at              TEXT    NOT NULL,
	body            TEXT    NOT NULL,
	PRIMARY KEY (registration_id, seq)
);

CREATE TRIGGER registration_events_no_update BEFORE UPDATE ON @registration_events
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

CREATE TRIGGER registration_events_no_delete BEFORE DELETE ON @registration_events
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

CREATE TABLE @foreigners (
	id   TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
	body TEXT NOT NULL
);

CREATE TABLE @trips (
	foreigner TEXT NOT NULL CHECK (foreigner <> ''),
	entry     TEXT NOT NULL,
	exit      TEXT CHECK (exit IS NULL OR exit >= entry),
	PRIMARY KEY (foreigner, entry)
);

CREATE TABLE @deadlines (
	kind            TEXT NOT NULL,
	foreigner       TEXT NOT NULL CHECK (foreigner <> ''),
	subject         TEXT NOT NULL,
	due             TEXT NOT NULL,
	registration_id TEXT,
	entry           TEXT,
	PRIMARY KEY (kind, foreigner, subject)
);

CREATE INDEX deadlines_by_due ON @deadlines (due, kind, foreigner, subject);
CREATE INDEX deadlines_by_foreigner ON @deadlines (foreigner, due, kind, subject);

CREATE TABLE @idempotency_keys (
	idem_key        TEXT NOT NULL PRIMARY KEY CHECK (idem_key <> ''),
	fingerprint     TEXT NOT NULL,
	registration_id TEXT REFERENCES @registrations (id),
	created_at      TEXT
);

-- The outbox. A message names a registration when it is about one
-- (reminders to register are not: registration_id is NULL).
CREATE TABLE @outbox (
	id              TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	kind            TEXT    NOT NULL,
	recipient       TEXT    NOT NULL,
	registration_id TEXT    REFERENCES @registrations (id),
	body            BLOB    NOT NULL,
	created_at      TEXT    NOT NULL, -- the zero time, not NULL, for none: it sorts first
	attempts        INTEGER NOT NULL CHECK (attempts >= 0),
	next_attempt    TEXT,
	delivered_at    TEXT,
	last_error      TEXT    NOT NULL
);

CREATE INDEX outbox_pending ON @outbox (created_at, id) WHERE delivered_at IS NULL;

CREATE TABLE @certificates (
	registration_id TEXT NOT NULL PRIMARY KEY REFERENCES @registrations (id),
	number          TEXT NOT NULL,
	token           TEXT NOT NULL CHECK (token <> ''),
	issued_at       TEXT
);

-- migreg schema, version 4, for SQLite: each fact stored once.
--
-- What was submitted is kept once, with the registration (submitted): the
-- first event's body and the registration's body leave it out, and an
-- event's body leaves out what its columns hold (see bodies.go). Rows
-- written before keep their whole bodies and read as before.
ALTER TABLE @registrations ADD COLUMN submitted TEXT;

-- The tables keyed by text, but registrations, become WITHOUT ROWID: the
-- rows are stored in their primary key's B-tree, not in a table beside a
-- copy of that key. (Registrations keep their rowid, which their four
-- indexes point to: a WITHOUT ROWID table's indexes would repeat its ID.)
CREATE TABLE @registration_events_v4 (
	registration_id TEXT    NOT NULL REFERENCES @registrations (id),
	seq             INTEGER NOT NULL CHECK (seq >= 1),
	type            TEXT    NOT NULL,
	at              TEXT    NOT NULL,
	body            TEXT    NOT NULL,
	PRIMARY KEY (registration_id, seq)
) WITHOUT ROWID;
INSERT INTO @registration_events_v4 SELECT registration_id, seq, type, at, body FROM @registration_events;
DROP TABLE @registration_events;
ALTER TABLE @registration_events_v4 RENAME TO registration_events;

CREATE TRIGGER registration_events_no_update BEFORE UPDATE ON @registration_events
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

CREATE TRIGGER registration_events_no_delete BEFORE DELETE ON @registration_events
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

CREATE TABLE @foreigners_v4 (
	id   TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
	body TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO @foreigners_v4 SELECT id, body FROM @foreigners;
DROP TABLE @foreigners;
ALTER TABLE @foreigners_v4 RENAME TO foreigners;

CREATE TABLE @trips_v4 (
	foreigner TEXT NOT NULL CHECK (foreigner <> ''),
	entry     TEXT NOT NULL,
	exit      TEXT CHECK (exit IS NULL OR exit >= entry),
	PRIMARY KEY (foreigner, entry)
) WITHOUT ROWID;
INSERT INTO @trips_v4 SELECT foreigner, entry, exit FROM @trips;
DROP TABLE @trips;
ALTER TABLE @trips_v4 RENAME TO trips;

CREATE TABLE @deadlines_v4 (
	kind            TEXT NOT NULL,
	foreigner       TEXT NOT NULL CHECK (foreigner <> ''),
	subject         TEXT NOT NULL,
	due             TEXT NOT NULL,
	registration_id TEXT,
	entry           TEXT,
	PRIMARY KEY (kind, foreigner, subject)
) WITHOUT ROWID;
INSERT INTO @deadlines_v4 SELECT kind, foreigner, subject, due, registration_id, entry FROM @deadlines;
DROP TABLE @deadlines;
ALTER TABLE @deadlines_v4 RENAME TO deadlines;
CREATE INDEX deadlines_by_kind ON @deadlines (kind, due, foreigner, subject);
CREATE INDEX deadlines_by_foreigner_kind ON @deadlines (foreigner, kind, due, subject);

CREATE TABLE @idempotency_keys_v4 (
	idem_key        TEXT NOT NULL PRIMARY KEY CHECK (idem_key <> ''),
	fingerprint     TEXT NOT NULL,
	registration_id TEXT REFERENCES @registrations (id),
	created_at      TEXT
) WITHOUT ROWID;
INSERT INTO @idempotency_keys_v4 SELECT idem_key, fingerprint, registration_id, created_at FROM @idempotency_keys;
DROP TABLE @idempotency_keys;
ALTER TABLE @idempotency_keys_v4 RENAME TO idempotency_keys;

CREATE TABLE @outbox_v4 (
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
) WITHOUT ROWID;
INSERT INTO @outbox_v4 SELECT id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error FROM @outbox;
DROP TABLE @outbox;
ALTER TABLE @outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_pending ON @outbox (created_at, id) WHERE delivered_at IS NULL;

CREATE TABLE @certificates_v4 (
	registration_id TEXT NOT NULL PRIMARY KEY REFERENCES @registrations (id),
	number          TEXT NOT NULL,
	token           TEXT NOT NULL CHECK (token <> ''),
	issued_at       TEXT
) WITHOUT ROWID;
INSERT INTO @certificates_v4 SELECT registration_id, number, token, issued_at FROM @certificates;
DROP TABLE @certificates;
ALTER TABLE @certificates_v4 RENAME TO certificates;

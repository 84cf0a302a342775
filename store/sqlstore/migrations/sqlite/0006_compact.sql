-- migreg schema, version 6, for SQLite: compact encodings (issue 17).
--
-- Instants become integers, the microseconds since 1970-01-01 UTC (8
-- bytes; the text of 'YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ' took 30), the
-- precision PostgreSQL keeps. A column declared TEXT would turn an
-- integer back into text, so the tables with instants are rebuilt with
-- INTEGER columns, their rows converted, their indexes and triggers made
-- again. Registrations are rebuilt first, under a new name: renaming the
-- old table first points the foreign keys of the tables that refer to it
-- at its old rows, which it keeps until they are rebuilt too.
--
-- A registration's state, an event's type and a message's kind, when the
-- store knows the name, become the number that codes it among the names
-- of its bodies (bodyValues in keys.go: 'confirmed' is 2).
ALTER TABLE @registrations RENAME TO registrations_v5;
DROP INDEX @registrations_one_active;
DROP INDEX @registrations_by_foreigner;
DROP INDEX @registrations_by_host; -- not made again: see below
DROP INDEX @registrations_by_host_state;

CREATE TABLE @registrations (
	id           TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	version      INTEGER NOT NULL CHECK (version >= 1),
	state        INTEGER NOT NULL, -- a number of bodyValues: 'confirmed' is 2
	foreigner    TEXT    NOT NULL CHECK (foreigner <> ''),
	host_id      TEXT    NOT NULL,
	entry        TEXT,
	valid_until  TEXT,
	submitted_at INTEGER,
	submitted    TEXT,
	body         TEXT    NOT NULL
);
INSERT INTO @registrations (rowid, id, version, state, foreigner, host_id, entry, valid_until, submitted_at, submitted, body)
SELECT rowid, id, version,
	CASE state WHEN 'pending' THEN 1 WHEN 'confirmed' THEN 2 WHEN 'rejected' THEN 11 WHEN 'withdrawn' THEN 12
		WHEN 'lapsed' THEN 13 WHEN 'superseded' THEN 14 WHEN 'ended' THEN 15 WHEN 'annulled' THEN 16 ELSE state END,
	foreigner, host_id, entry, valid_until,
	CAST(strftime('%s', substr(submitted_at, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(submitted_at, 21, 6) AS INTEGER),
	submitted, body
FROM @registrations_v5;
CREATE UNIQUE INDEX registrations_one_active ON @registrations (foreigner) WHERE state = 2; -- confirmed
CREATE INDEX registrations_by_foreigner ON @registrations (foreigner, id);
CREATE INDEX registrations_by_host_state ON @registrations (host_id, state, id);

CREATE TABLE @registration_events_v6 (
	registration_id TEXT    NOT NULL REFERENCES @registrations (id),
	seq             INTEGER NOT NULL CHECK (seq >= 1),
	type            INTEGER NOT NULL, -- a number of sqlstore's bodyValues (keys.go)
	at              INTEGER NOT NULL,
	body            TEXT    NOT NULL,
	PRIMARY KEY (registration_id, seq)
) WITHOUT ROWID;
INSERT INTO @registration_events_v6 (registration_id, seq, type, at, body)
SELECT registration_id, seq,
	CASE type WHEN 'confirmed' THEN 2 WHEN 'submitted' THEN 5 WHEN 'rejected' THEN 11 WHEN 'withdrawn' THEN 12
		WHEN 'lapsed' THEN 13 WHEN 'superseded' THEN 14 WHEN 'ended' THEN 15 WHEN 'annulled' THEN 16 ELSE type END,
	CAST(strftime('%s', substr(at, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(at, 21, 6) AS INTEGER), body
FROM @registration_events;
DROP TABLE @registration_events;
ALTER TABLE @registration_events_v6 RENAME TO registration_events;

CREATE TRIGGER registration_events_no_update BEFORE UPDATE ON @registration_events
WHEN NOT (NEW.registration_id = OLD.registration_id AND NEW.seq = OLD.seq AND NEW.type = OLD.type AND NEW.at = OLD.at
	AND json_extract(OLD.body, '$.erased') IS NULL AND json_extract(NEW.body, '$.erased') = 1)
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

CREATE TRIGGER registration_events_no_delete BEFORE DELETE ON @registration_events
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

CREATE TABLE @idempotency_keys_v6 (
	idem_key        TEXT    NOT NULL PRIMARY KEY CHECK (idem_key <> ''),
	fingerprint     TEXT    NOT NULL,
	registration_id TEXT    REFERENCES @registrations (id),
	created_at      INTEGER
) WITHOUT ROWID;
INSERT INTO @idempotency_keys_v6 (idem_key, fingerprint, registration_id, created_at)
SELECT idem_key, fingerprint, registration_id,
	CAST(strftime('%s', substr(created_at, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(created_at, 21, 6) AS INTEGER)
FROM @idempotency_keys;
DROP TABLE @idempotency_keys;
ALTER TABLE @idempotency_keys_v6 RENAME TO idempotency_keys;

CREATE TABLE @outbox_v6 (
	id              TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	kind            BLOB    NOT NULL, -- text, or a number of bodyValues: BLOB keeps both as they are
	recipient       TEXT    NOT NULL,
	registration_id TEXT    REFERENCES @registrations (id),
	body            BLOB    NOT NULL,
	created_at      INTEGER NOT NULL, -- the zero time, not NULL, for none: it sorts first
	attempts        INTEGER NOT NULL CHECK (attempts >= 0),
	next_attempt    INTEGER,
	delivered_at    INTEGER,
	last_error      TEXT    NOT NULL
) WITHOUT ROWID;
INSERT INTO @outbox_v6 (id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error)
SELECT id,
	CASE kind WHEN 'host_request' THEN 25 WHEN 'decision' THEN 26 WHEN 'request_closed' THEN 27 WHEN 'reminder' THEN 28
		WHEN 'checked_out' THEN 29 ELSE kind END,
	recipient, registration_id,
	-- A body that begins as a compact one (see bodies.go) is marked raw.
	CASE WHEN substr(CAST(body AS BLOB), 1, 1) IN (X'01', X'02') THEN CAST(X'02' || CAST(body AS BLOB) AS BLOB) ELSE body END,
	CAST(strftime('%s', substr(created_at, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(created_at, 21, 6) AS INTEGER),
	attempts,
	CAST(strftime('%s', substr(next_attempt, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(next_attempt, 21, 6) AS INTEGER),
	CAST(strftime('%s', substr(delivered_at, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(delivered_at, 21, 6) AS INTEGER),
	last_error
FROM @outbox;
DROP TABLE @outbox;
ALTER TABLE @outbox_v6 RENAME TO outbox;
CREATE INDEX outbox_pending ON @outbox (created_at, id) WHERE delivered_at IS NULL;

CREATE TABLE @certificates_v6 (
	registration_id TEXT    NOT NULL PRIMARY KEY REFERENCES @registrations (id),
	number          TEXT    NOT NULL,
	token           TEXT    NOT NULL CHECK (token <> ''),
	issued_at       INTEGER
) WITHOUT ROWID;
INSERT INTO @certificates_v6 (registration_id, number, token, issued_at)
SELECT registration_id, number, token,
	CAST(strftime('%s', substr(issued_at, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(issued_at, 21, 6) AS INTEGER)
FROM @certificates;
DROP TABLE @certificates;
ALTER TABLE @certificates_v6 RENAME TO certificates;
CREATE INDEX certificates_by_number ON @certificates (number, registration_id);

-- The deadlines are stored in the order of the walks of one foreigner's
-- (foreigner, kind, due, subject), which then need no index of their own
-- (deadlines_by_foreigner_kind repeated every row). The key stays
-- (kind, foreigner, subject): a deadline's store replaces the row of its
-- key (see PutDeadline), SQLite running one writer at a time.
CREATE TABLE @deadlines_v6 (
	kind            TEXT NOT NULL,
	foreigner       TEXT NOT NULL CHECK (foreigner <> ''),
	subject         TEXT NOT NULL,
	due             TEXT NOT NULL,
	registration_id TEXT,
	entry           TEXT,
	PRIMARY KEY (foreigner, kind, due, subject)
) WITHOUT ROWID;
INSERT INTO @deadlines_v6 (kind, foreigner, subject, due, registration_id, entry)
SELECT kind, foreigner, subject, due, registration_id, entry FROM @deadlines;
DROP TABLE @deadlines;
ALTER TABLE @deadlines_v6 RENAME TO deadlines;
CREATE INDEX deadlines_by_kind ON @deadlines (kind, due, foreigner, subject);

-- Nothing refers to the old registrations any more.
DROP TABLE @registrations_v5;

-- A foreigner whose person is the one a registration submitted may refer
-- to that registration instead of holding a copy (SQLite writes it so;
-- body is then empty).
ALTER TABLE @foreigners ADD COLUMN person_of TEXT;

-- A host's registrations are listed by walks of registrations_by_host_state,
-- one per state: registrations_by_host (host_id, id) repeated the host and
-- the ID of every registration, and is not made again above.

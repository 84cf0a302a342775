-- migreg schema, version 1, for PostgreSQL.
--
-- Dates are DATE; instants are TIMESTAMPTZ, written in UTC. The records are
-- stored whole as JSONB in body; the columns beside it are what the store
-- queries, indexes and constrains. Keys use the "C" collation, so that they
-- compare and sort as bytes, as the store contract orders them.
--
-- Keys are text, never sequences; there is one trigger (the append-only
-- guard of the event log) and no LISTEN/NOTIFY or advisory lock outside
-- migrations, so that the schema also runs on PostgreSQL-compatible
-- distributed databases.

CREATE TABLE @registrations (
	id           TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (id <> ''),
	version      INTEGER NOT NULL CHECK (version >= 1),
	state        TEXT COLLATE "C" NOT NULL,
	foreigner    TEXT COLLATE "C" NOT NULL CHECK (foreigner <> ''),
	host_id      TEXT COLLATE "C" NOT NULL,
	entry        DATE,
	valid_until  DATE,
	submitted_at TIMESTAMPTZ,
	body         JSONB NOT NULL
);

-- At most one active (confirmed) registration per foreigner.
CREATE UNIQUE INDEX registrations_one_active ON @registrations (foreigner) WHERE state = 'confirmed';
CREATE INDEX registrations_by_foreigner ON @registrations (foreigner, id);
CREATE INDEX registrations_by_host ON @registrations (host_id, id);

-- The event log: numbered 1, 2, 3 ... per registration, append-only.
CREATE TABLE @registration_events (
	registration_id TEXT COLLATE "C" NOT NULL REFERENCES @registrations (id),
	seq             INTEGER NOT NULL CHECK (seq >= 1),
	type            TEXT NOT NULL,
	at              TIMESTAMPTZ NOT NULL,
	body            JSONB NOT NULL,
	PRIMARY KEY (registration_id, seq)
);

CREATE FUNCTION @migreg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'migreg: registration events are append-only' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER registration_events_append_only BEFORE UPDATE OR DELETE ON @registration_events
	FOR EACH ROW EXECUTE FUNCTION @migreg_append_only();
CREATE TRIGGER registration_events_no_truncate BEFORE TRUNCATE ON @registration_events
	FOR EACH STATEMENT EXECUTE FUNCTION @migreg_append_only();

CREATE TABLE @foreigners (
	id   TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (id <> ''),
	body JSONB NOT NULL
);

CREATE TABLE @trips (
	foreigner TEXT COLLATE "C" NOT NULL CHECK (foreigner <> ''),
	entry     DATE NOT NULL,
	exit      DATE CHECK (exit IS NULL OR exit >= entry),
	PRIMARY KEY (foreigner, entry)
);

CREATE TABLE @deadlines (
	kind            TEXT COLLATE "C" NOT NULL,
	foreigner       TEXT COLLATE "C" NOT NULL CHECK (foreigner <> ''),
	subject         TEXT COLLATE "C" NOT NULL,
	due             DATE NOT NULL,
	registration_id TEXT COLLATE "C",
	entry           DATE,
	PRIMARY KEY (kind, foreigner, subject)
);

CREATE INDEX deadlines_by_due ON @deadlines (due, kind, foreigner, subject);
CREATE INDEX deadlines_by_foreigner ON @deadlines (foreigner, due, kind, subject);

CREATE TABLE @idempotency_keys (
	idem_key        TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (idem_key <> ''),
	fingerprint     TEXT NOT NULL,
	registration_id TEXT COLLATE "C" REFERENCES @registrations (id),
	created_at      TIMESTAMPTZ
);

-- The outbox. A message names a registration when it is about one
-- (reminders to register are not: registration_id is NULL).
CREATE TABLE @outbox (
	id              TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (id <> ''),
	kind            TEXT NOT NULL,
	recipient       TEXT NOT NULL,
	registration_id TEXT COLLATE "C" REFERENCES @registrations (id),
	body            BYTEA NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL, -- the zero time, not NULL, for none: it sorts first
	attempts        INTEGER NOT NULL CHECK (attempts >= 0),
	next_attempt    TIMESTAMPTZ,
	delivered_at    TIMESTAMPTZ,
	last_error      TEXT NOT NULL
);

CREATE INDEX outbox_pending ON @outbox (created_at, id) WHERE delivered_at IS NULL;

CREATE TABLE @certificates (
	registration_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES @registrations (id),
	number          TEXT NOT NULL,
	token           TEXT NOT NULL CHECK (token <> ''),
	issued_at       TIMESTAMPTZ
);

-- migreg schema, version 5, for SQLite: personal data over its whole life
-- (issue 21).
--
-- A certificate's token carries no registration ID, so an online check
-- finds it by its number.
CREATE INDEX certificates_by_number ON @certificates (number, registration_id);

-- Links between the IDs of one person (a renewed document linked by an
-- authority, an IIN): the audit record of each decision, in body.
CREATE TABLE @links (
	from_id TEXT NOT NULL PRIMARY KEY CHECK (from_id <> ''),
	to_id   TEXT NOT NULL CHECK (to_id <> ''),
	body    TEXT NOT NULL
);
CREATE INDEX links_by_to ON @links (to_id);

-- The event log stays append-only, with one exception: erasure may
-- replace an event's body, once, by one that says it was erased (and keeps
-- the registration, number, type and instant).
DROP TRIGGER @registration_events_no_update;
CREATE TRIGGER registration_events_no_update BEFORE UPDATE ON @registration_events
WHEN NOT (NEW.registration_id = OLD.registration_id AND NEW.seq = OLD.seq AND NEW.type = OLD.type AND NEW.at = OLD.at
	AND json_extract(OLD.body, '$.erased') IS NULL AND json_extract(NEW.body, '$.erased') = 1)
BEGIN
	SELECT RAISE(ABORT, 'migreg: registration events are append-only');
END;

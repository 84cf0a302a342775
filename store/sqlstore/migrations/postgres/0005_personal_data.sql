-- migreg schema, version 5, for PostgreSQL: personal data over its whole
-- life (issue 21).
--
-- A certificate's token carries no registration ID, so an online check
-- finds it by its number.
CREATE INDEX certificates_by_number ON @certificates (number, registration_id);

-- Links between the IDs of one person (a renewed document linked by an
-- authority, an IIN): the audit record of each decision, in body.
CREATE TABLE @links (
	from_id TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (from_id <> ''),
	to_id   TEXT COLLATE "C" NOT NULL CHECK (to_id <> ''),
	body    JSONB NOT NULL
);
CREATE INDEX links_by_to ON @links (to_id);

-- The event log stays append-only, with one exception: erasure may
-- replace an event's body, once, by one that says it was erased (and keeps
-- the registration, number, type and instant). DELETE and TRUNCATE stay
-- refused.
CREATE FUNCTION @migreg_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.registration_id = OLD.registration_id AND NEW.seq = OLD.seq AND NEW.type = OLD.type AND NEW.at = OLD.at
		AND OLD.body->'erased' IS NULL AND NEW.body->'erased' = 'true'::jsonb THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'migreg: registration events are append-only' USING ERRCODE = 'restrict_violation';
END
$$;
DROP TRIGGER registration_events_append_only ON @registration_events;
CREATE TRIGGER registration_events_no_delete BEFORE DELETE ON @registration_events
	FOR EACH ROW EXECUTE FUNCTION @migreg_append_only();
CREATE TRIGGER registration_events_erase_only BEFORE UPDATE ON @registration_events
	FOR EACH ROW EXECUTE FUNCTION @migreg_erase_only();

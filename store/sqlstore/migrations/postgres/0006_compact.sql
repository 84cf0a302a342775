-- migreg schema, version 6, for PostgreSQL: compact encodings (issue 17).
--
-- Instants stay TIMESTAMPTZ (SQLite's become integers). A message's body
-- is written compact when that is shorter (see compact.go): the few bodies
-- written before that begin as a compact one does are marked raw.
UPDATE @outbox SET body = '\x02'::bytea || body WHERE substr(body, 1, 1) IN ('\x01'::bytea, '\x02'::bytea);

-- A foreigner whose person is the one a registration submitted may refer
-- to that registration instead of holding a copy (SQLite writes it so;
-- body is then empty).
ALTER TABLE @foreigners ADD COLUMN person_of TEXT COLLATE "C";

-- A host's registrations are listed by walks of registrations_by_host_state,
-- one per state: registrations_by_host (host_id, id) repeated the host and
-- the ID of every registration.
DROP INDEX @registrations_by_host;

-- migreg schema, version 4, for PostgreSQL: each fact stored once.
--
-- What was submitted is kept once, with the registration (submitted): the
-- first event's body and the registration's body leave it out, and an
-- event's body leaves out what its columns hold (see bodies.go). Rows
-- written before keep their whole bodies and read as before.
ALTER TABLE @registrations ADD COLUMN submitted JSONB;

-- migreg schema, version 3, for SQLite: indexes that let every listing walk
-- one index in the order it returns, whatever the size of the tables.
--
-- A deadline listing walks, once per kind it asks for, the deadlines of
-- that kind (or of that foreigner and kind) in the order of the key: due,
-- foreigner, subject. The indexes led by the due date and by the foreigner
-- then the due date could not serve one kind without reading and sorting
-- every entry due in the period.
DROP INDEX @deadlines_by_due;
DROP INDEX @deadlines_by_foreigner;
CREATE INDEX deadlines_by_kind ON @deadlines (kind, due, foreigner, subject);
CREATE INDEX deadlines_by_foreigner_kind ON @deadlines (foreigner, kind, due, subject);

-- A host's registrations in some states (a hotel's pending requests, say)
-- walk this index once per state, in ID order.
CREATE INDEX registrations_by_host_state ON @registrations (host_id, state, id);

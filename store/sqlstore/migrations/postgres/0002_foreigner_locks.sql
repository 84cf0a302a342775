-- migreg schema, version 2, for PostgreSQL: the foreigners' write locks.
--
-- A write transaction locks the foreigner it changes (store.Tx.Lock) by
-- upserting the foreigner's row here, which holds the row's lock until the
-- transaction ends; one foreigner's writers thus run one at a time, at
-- READ COMMITTED, while other foreigners' run beside them. Nothing else
-- reads the table: it holds one short row per foreigner ever locked.

CREATE TABLE @foreigner_locks (
	foreigner TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (foreigner <> '')
);

-- migreg schema, version 7, for PostgreSQL: indexes for erasure and merges
-- (issue 17).
--
-- Erasing a foreigner (Tx.EraseForeigner) rewrites the bodies of the
-- messages about their registrations or addressed to them, and deletes the
-- idempotency records that name their registrations; merging two
-- (Tx.MergeForeigner) readdresses the messages addressed to one; the
-- nightly expiry of idempotency keys (Tx.DeleteIdempotencyBefore) deletes
-- the old ones. Without these indexes each read the whole outbox or
-- idempotency table, erasure once per foreigner erased.
-- Built in the migration's transaction, they hold a write lock on their
-- table while they are built (0.6 s for the four at 300,000 registrations
-- on the test machine, 2.0 s at a million: BenchmarkMigration7).
CREATE INDEX outbox_by_registration ON @outbox (registration_id);
CREATE INDEX outbox_by_recipient ON @outbox (recipient);
CREATE INDEX idempotency_keys_by_registration ON @idempotency_keys (registration_id);
CREATE INDEX idempotency_keys_by_created ON @idempotency_keys (created_at);

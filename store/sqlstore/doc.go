// Package sqlstore keeps migreg's records in a SQL database: SQLite, for
// one machine with the database embedded in the process, or PostgreSQL, for
// many application servers sharing one database. It implements the
// contract of package store and passes its conformance suite
// (store/storetest) on both.
//
// # Opening a store
//
// The caller opens the database with the database/sql driver of their
// choice and passes the *sql.DB with its Dialect; this package imports no
// driver, so the migreg module depends on none:
//
//	db, err := sql.Open("sqlite", "file:/var/lib/app/migreg.db") // modernc.org/sqlite
//	...
//	s, err := sqlstore.New(ctx, db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
//
// The caller keeps the *sql.DB: it sizes the connection pool, and closes
// the database after Store.Close. For PostgreSQL, Options.Schema puts the
// tables in a schema of their own.
//
// # Schema and migrations
//
// The schema is embedded, versioned ([SchemaVersion]) and applied by
// [Store.Migrate], or by New with Options.Migrate. Migrate applies what
// the database lacks in one transaction and records the version; running
// it twice, or from two processes at once, is safe.
//
// Each fact is stored once. The columns are what the store queries,
// indexes and constrains: a registration's ID, version, state, foreigner
// and host; an event's registration, number, type and instant; a
// deadline's key and due date. The rest is JSON (JSONB in PostgreSQL) in a
// body column, without what the columns hold: what a foreigner submitted
// is kept once, with the registration (its submitted column, version 4),
// not again in its first event or in the registration's body, which holds
// only what happened since (dates, reasons). The JSON keys the store
// knows are written as short codes of capital letters, and the names of
// migreg's enums ("confirmed", "passport" ...) as number codes. Rows
// written before version 4 hold whole records and read as they did. On
// SQLite, the tables keyed by text but registrations are WITHOUT ROWID, so
// that their rows are not stored beside a second copy of their key.
//
// Version 6 stores less again (issue 17). A registration's submission
// leaves its foreigner and host to its columns (an update changes
// neither; a merge moves both); its events leave out the host when the
// host acted, and the day when it is the day of the event's instant
// (calendar.DateOf); a deadline does not name its registration again when that is
// its subject; a message's body is written with its registration's ID as
// one byte and its keys as codes (when that reads back as the very body);
// on SQLite, a foreigner whose person is the one a registration submitted
// refers to that registration instead of holding a copy, a certificate's
// token is stored as the bytes its base45 encodes, and a state, an event
// type and a message kind the store knows as the number of its name. A
// lifecycle with its certificate and messages takes about 2.5 KB of
// SQLite file (3.5 KB before version 6, 5.2 KB before version 4; dbtest's
// TestSQLiteBytesPerRegistration measures it).
//
// Version 7 indexes PostgreSQL's outbox by registration and by recipient,
// and its idempotency records by registration and by age, so that erasing or
// merging a foreigner and expiring keys walk indexes. SQLite's version 7
// changes nothing: there the outbox indexes would cost an eighth of the
// file, and erasure and merges read the outbox whole instead, as erasure and
// the nightly expiry of keys read the idempotency records whole (a month of
// keys): the four exceptions (README, "Choosing a store"). The PostgreSQL
// migration builds them in its transaction, holding a write lock on those
// tables meanwhile: 0.6 s for the four at 300,000 registrations on the test
// machine, 2.0 s at a million (BenchmarkMigration7 in the dbtest module).
//
// Dates are SQL DATE in PostgreSQL and 'YYYY-MM-DD' text in SQLite, which
// has no date type (ISO 8601 text sorts as the dates do). Instants are
// TIMESTAMPTZ in PostgreSQL and, since version 6, integers in SQLite: the
// microseconds since 1970-01-01 UTC (8 bytes, where the text they were
// took 30). Both keep microseconds; the store contract's instants run
// from the year 1 to 9999, which an int64 of microseconds spans.
//
// # Invariants in the database
//
// The invariants of the store contract are enforced by the database itself
// where it can, and checked by the store before it writes:
//
//   - one active registration per foreigner: a partial unique index on
//     registrations (foreigner) WHERE state = 'confirmed' (on SQLite, the
//     state's code: 2);
//   - optimistic concurrency: an update names the version it read, in
//     UPDATE ... WHERE id = ? AND version = ?;
//   - unique registration IDs, idempotency keys and message IDs: primary
//     keys; one deadline per key: a primary key in PostgreSQL, and in
//     SQLite, whose deadlines are stored in the order of one foreigner's
//     walks (foreigner, kind, due, subject), PutDeadline's replacement of
//     the key's row, SQLite running one writer at a time;
//   - the event log: primary key (registration_id, seq), a foreign key to
//     the registration, and triggers that refuse DELETE (and, in
//     PostgreSQL, TRUNCATE) of events and every UPDATE but erasure's,
//     which replaces an event's body once by one marked erased (version
//     5);
//   - foreign keys from events, outbox messages, idempotency records and
//     certificates to their registration;
//   - an index for every listing (see Queries and indexes below).
//
// Errors the database reports become the store's sentinels: a unique
// violation store.ErrDuplicate (or store.ErrConflict for the active
// registration), a foreign-key violation store.ErrNotFound, a check
// store.ErrInvalid. The store recognizes them without importing a driver,
// through the methods the drivers' error types have: SQLState() string
// (pgx, lib/pq) and Code() int (modernc.org/sqlite). With a driver whose
// errors have neither, constraint violations come back as the driver
// reported them, not as sentinels.
//
// # Queries and indexes
//
// Every statement the store runs finds its rows through an index that
// matches its WHERE and ORDER BY (on SQLite, all but the four of version 7
// above), and a listing stops after its page, so that its cost does not grow
// with the database: the first 100 deadlines due among a million take as
// long as among a thousand. A listing walks an index led by the columns it
// fixes, then its order: the deadlines of one kind by deadlines_by_kind
// (kind, due, foreigner, subject), one foreigner's by
// deadlines_by_foreigner_kind (foreigner, kind, due, subject) in PostgreSQL
// and by the table itself in SQLite, a host's registrations in a state by
// registrations_by_host_state (host_id, state, id). A listing of several
// kinds (or of every kind) or of a host's registrations in several states
// (or in any: since version 6 no index of the host alone repeats every
// registration's host and ID) walks the index once per value, each walk
// limited to the page, and merges the walks in order (UNION ALL of the
// walks, ordered and limited): it reads at most a page per value. A page
// after a cursor starts the walk at the cursor (a row-value comparison on
// the index's columns), not at the start of the listing. Tests in the dbtest
// module check the plan of every statement on both databases.
//
// SQLite plans with statistics that only ANALYZE gathers. The store's
// statements have the same plans with and without them, and New runs
// PRAGMA optimize=0x10002, as SQLite's documentation recommends when a
// long-lived connection opens and after a schema change: it analyzes the
// tables that have no statistics yet, or whose size changed by an order
// of magnitude since; otherwise it does nothing. The first New on a large
// database never analyzed takes the time of that analysis (about 4
// seconds for a million registrations); later ones, well under a
// millisecond. The store does not own the connections, so it cannot run
// the pragma when they close: a process that runs for days can run
// PRAGMA optimize on its *sql.DB now and then (SQLite suggests every few
// hours), for the sake of its own queries on the same database.
//
// # Transactions
//
// SQLite: the database is switched to WAL mode, so that readers and the
// writer never wait for each other; every transaction sets a busy timeout on
// its connection, and write transactions turn foreign keys on and take the
// write lock when they begin (BEGIN IMMEDIATE), so a writer never fails with
// SQLITE_BUSY halfway. Writers of one process queue inside the Store; those
// of several processes wait for each other up to Options.BusyTimeout, and
// then retry. The Updates that wait meanwhile run together, as the units of
// one transaction with one commit (group commit), and each returns only
// after that commit. The units of a transaction (these, and UpdateEach's)
// run without savepoints until one fails after it wrote; the transaction
// then runs again with each unit in a savepoint, so that only that unit's
// writes are undone (a function may run twice, as the store contract
// allows). A unit alone is only rolled back. On PostgreSQL, UpdateEach puts
// every unit in a savepoint. Savepoints keep their copies of pages in memory
// (PRAGMA temp_store = MEMORY). The writer keeps its connection, with the
// statements prepared on it, from one write transaction to the next, so it
// takes one connection of the pool for the Store's life, until Close; with a
// pool of one connection (db.SetMaxOpenConns(1)) it gives it back after each
// write transaction instead, and prepares its statements per transaction.
// The statements of a write transaction are short and run to their end when
// the caller gives up meanwhile; the transaction then does not commit.
//
// PostgreSQL: write transactions run at READ COMMITTED and serialize per
// foreigner: Tx.Lock upserts the foreigner's row of foreigner_locks, and
// the row's lock makes another transaction's Lock of that foreigner wait
// until the first ends; each of its statements then sees what the first
// committed. Transactions of different foreigners never wait for each
// other, and none is aborted to keep an order among them: the database
// enforces the invariants on every write (the version column, the partial
// unique index, the event log's keys), whatever was read before. A
// transaction that ends in a deadlock or a serialization failure anyway
// (rare: a caller that locks two foreigners in different orders) runs
// again, up to Options.MaxRetries times with a short random backoff, which
// is why the function given to Store.Update may run more than once. A
// write transaction that reads an outbox message to update it locks the
// message's row. Every statement is a round trip to the server, so a
// transaction sends the writes that cannot be refused once checked (the
// upserts of foreigners, trips and deadlines, a deadline's deletion) with
// its next statement, as members of its WITH clause, or before its next
// read; the methods that combine others (Tx.LockRegistration,
// ReadTx.ForeignerRecords) are one statement each:
// a lifecycle (entry, submission, confirmation) takes 17 round trips,
// BEGIN and COMMIT included. Read transactions are REPEATABLE READ READ ONLY: one
// snapshot, never aborted and never waiting. The price: under concurrent
// writers a snapshot can show a state that no serial order of those
// writers produces (a read-only anomaly of snapshot isolation). Every
// invariant is enforced by the write transactions, so a view never sees a
// broken invariant; it may see two writers' effects in an order that
// never happened. Read inside Store.Update when that matters.
//
// # Failures of the database
//
// A transaction runs on a connection of its own between a BEGIN and a
// COMMIT the store sends itself. What fails before COMMIT was sent cannot
// have committed, so the store runs it again when that may get past the
// failure: an abort by the database (a serialization failure, a deadlock,
// SQLite's lock held by another process), up to Options.MaxRetries times;
// and, on PostgreSQL, a database that cannot take the transaction (a
// refused or broken connection, SQLSTATE class 08, 57P01, 57P02, 57P03 "the
// database system is starting up", 25006 or 0A000 from a standby a
// failover left behind) until Options.UnavailableTimeout (30 seconds) has
// passed, after which the error matches store.ErrUnavailable. A connection
// that failed so is dropped from the pool. A COMMIT whose answer is lost
// (the connection broke, or the caller's context ended while it ran) is
// never sent again: the error matches store.ErrCommitUnknown, and the
// caller retries the same command, which converges (see the Service).
//
// With synchronous replication, a COMMIT waits for the standby, and a
// caller's deadline can end that wait. Drivers end it in two ways, and both
// reach PostgreSQL as a cancel request: pgx by default stops reading at
// once and sends one as it closes the connection; lib/pq, and pgx with its
// CancelRequestContextWatcherHandler, send one and read on. PostgreSQL then
// ends the wait and reports the COMMIT a success, although the standby may
// not have it and a failover can lose it. The store therefore treats any
// answer to a COMMIT that comes after the context ended, success included,
// as unknown (store.ErrCommitUnknown): the caller's retry of the same
// command converges whichever happened. What no driver setting avoids is
// an administrator cancelling the wait (pg_cancel_backend): that success
// reaches the caller as a success.
//
// A Store is safe for concurrent use by multiple goroutines, and several
// Stores in several processes may share one database.
package sqlstore

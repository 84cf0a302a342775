// Package storetest is the conformance suite of the storage contract in
// package store: every implementation of [store.Store] runs it, and a store
// that passes it needs no further tests of the contract's semantics (the
// pattern of gocloud's drivertest and of testing/fstest.TestFS).
//
// # Using it
//
// A store's conformance test is one line in its own _test.go file:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return memstore.New(nil) })
//	}
//
// Run calls newStore once per subtest and expects a fresh, empty store each
// time. It closes that store when the subtest ends (with t.Cleanup), so
// newStore only releases what it opened itself, such as a database, with
// its own t.Cleanup; the suite's Close runs first. A second Close may
// return nil or an error matching [store.ErrClosed]. Subtests run one after
// another, never in parallel with each other, so a factory may reuse one
// database as long as each store it returns starts empty.
//
// RunBenchmarks measures the common operations the same way, for comparing
// stores.
//
// # What it checks
//
// The subtests are grouped by topic, so that -run selects a group
// ("-run 'Conformance/Outbox'") and a failure names the rule broken:
//
//   - Registration: create, read, update, not found, duplicate and empty
//     IDs, the version check, events that must match the version;
//   - Invariants: at most one active registration per foreigner, checked
//     on create and on update;
//   - Events: the log is append-only, numbered per registration, and never
//     rewritten;
//   - Tx and View: commit on nil, rollback on error (of every kind of
//     record), fn's error returned as is, reads of the transaction's own
//     writes, rollback on a panic, and one consistent state per View;
//   - List: filters, the order by ID, pages and cursors, and listings that
//     stay exact while other transactions write;
//   - Deadlines, Idempotency, Outbox, Foreigners, Trips and Certificates:
//     the other records and their keys;
//   - Aliasing: values are copied in and out;
//   - Concurrency: racing transactions, of which exactly one wins;
//   - Closed: a closed store returns store.ErrClosed;
//   - PersonalData: certificates by number, links, the list of persons,
//     idempotency expiry and erasure;
//   - Merge: MergeForeigner moves every record of one ID under another,
//     and a merge that would overlap trips or break an invariant changes
//     nothing.
//
// Errors are matched with errors.Is against the sentinels of package store,
// never by their text, so a store wraps them as it likes.
//
// # What a store may rely on
//
// The suite builds its records with the real domain (registration.Submit
// and Registration.Apply), so every registration is valid, its events
// replay, and its version equals its last event. Registrations, deadlines,
// outbox messages, idempotency records and certificates that name a
// registration are written after it, so a store may use foreign keys.
//
// Registration IDs are lower-case ASCII letters and digits ("reg0001",
// "reg0029b1"), so byte order and the usual database collations order them
// alike; where the suite checks an order among other keys (foreigner IDs,
// deadline subjects), they too compare alike in every collation. Instants
// are whole seconds; they are compared with time.Time.Equal, so a store may
// return them in another location. An empty byte slice and a nil one are
// the same to the suite.
//
// A transaction whose write fails is always abandoned: the suite returns
// the write's error from fn, so a store never has to keep a transaction
// usable after an error (PostgreSQL cannot without savepoints). Functions
// passed to Update have no effects outside the transaction, so a store may
// run them more than once.
//
// # How it reads the contract
//
// Where package store is terse, the suite checks the reading below.
//
//   - Every page of a listing but the last is full, and repeating a cursor
//     repeats its page. Across pages, IDs strictly increase: a registration
//     created behind the cursor is not listed, one confirmed ahead of it is
//     listed in its new state.
//   - A new registration whose log does not begin with its submission,
//     data included, is store.ErrInvalid, as CheckNewRegistration says.
//   - An empty key is store.ErrInvalid for every record, as the sentinel's
//     documentation says: a registration ID, an idempotency key, a message
//     ID, a certificate's registration, a trip's foreigner; so is a
//     deadline query without Through.
//   - PendingMessages orders by CreatedAt ("oldest first"), not by the next
//     attempt, and an undelivered message whose NextAttempt is the zero time
//     is due.
//   - A panic in the function given to Update rolls the transaction back and
//     propagates with the same value; the store stays usable.
//   - After Close, Update and View return store.ErrClosed without calling
//     their function.
//
// # What it leaves open
//
// Where the contract does not decide, the suite accepts either answer:
// whether a listing that ends on a full page returns an empty cursor with
// it or one more, empty page; how deadline entries due on the same day are
// ordered when their kinds differ (those of one kind are ordered by
// foreigner, then subject); whether a second active registration is refused
// by the write or by the commit, as long as the transaction fails with
// store.ErrConflict; whether a registration at version zero is
// store.ErrInvalid or store.ErrConflict.
package storetest

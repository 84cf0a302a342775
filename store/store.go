// Package store is the storage contract of migreg: the interfaces the
// Service needs, shaped so that SQL databases map onto them directly, and
// the invariants every implementation enforces itself.
//
// # Shape
//
// A [Store] runs work in transactions: [Store.Update] runs a function in one
// read-write transaction and commits only if it returns nil;
// [Store.View] runs a read-only one. Inside, a [Tx] (or [ReadTx]) reads and
// writes the records of migreg:
//
//   - registrations (the registration.Registration aggregate), with an
//     append-only event log per registration;
//   - foreigners (the person, as recorded at the border or with a
//     registration) and their border crossings (trips);
//   - the deadline index (what is due on which date);
//   - idempotency keys (a retried request returns the first result);
//   - the outbox of notifications (stored with the state change that caused
//     them, delivered later, at least once);
//   - certificates (the token issued for a registration).
//
// # Invariants
//
// Every store enforces these itself, not just the Service, so that a bug
// above it cannot corrupt the data. They are checked on every write, as a
// database's unique index would, not only at commit: a caller that moves a
// foreigner's active registration writes the one that stops being active
// before the one that becomes active.
//
//   - optimistic concurrency: an update names the version it read, and a
//     registration changed since fails with [ErrConflict];
//   - at most one active (confirmed) registration per foreigner
//     ([ErrConflict]);
//   - unique registration IDs, idempotency keys, message IDs
//     ([ErrDuplicate]);
//   - events are never rewritten: each registration's events are numbered
//     1, 2, 3 ... and the version of the registration equals the number of
//     its last event ([ErrConflict] otherwise).
//
// Values are copied in and out: changing a value after writing or reading
// it never changes what is stored.
//
// # Concurrency: one foreigner at a time
//
// Every invariant above belongs to one foreigner: their registrations, the
// events, deadlines, certificates and messages of those registrations,
// their trips and person record. So a write transaction that changes a
// foreigner's records first calls [Tx.Lock] with the foreigner (or
// [Tx.LockRegistration], which finds it): the write
// transactions of one foreigner then run one at a time, each seeing what
// the one before it committed, while those of different foreigners run
// side by side. A store may serialize more (memstore and SQLite run one
// writer at a time), never less. Without Lock a transaction still gets
// every invariant the store enforces on writes, but what it read may be
// stale by the time it writes.
//
// # Implementations
//
// store/memstore keeps everything in memory (tests, demos);
// store/sqlstore keeps it in SQLite or PostgreSQL. store/storetest is the
// conformance suite every implementation passes.
//
// # For implementers
//
// A caller of a store needs only the interfaces, the record types and the
// sentinels. The names below are for store implementations and the
// conformance suite: a store calls them so that every store refuses the
// same records and pages its listings alike, whatever its storage.
//
//   - Record checks, called before a write: [CheckNewRegistration],
//     [CheckEvents], [CheckUpdate], [CheckForeigner], [CheckLock],
//     [CheckTrip], [CheckLink], [CheckMerge], [CheckMergeTrips],
//     [Deadline.Validate],
//     [IdempotencyRecord.Validate], [Message.Validate], [CheckMessages]
//     and [Certificate.Validate]. Their errors match [ErrInvalid] or
//     [ErrConflict], as the methods of [Tx] promise. Every string a store
//     keeps is valid UTF-8, without NUL and at most [MaxStringBytes]
//     ([CheckStrings]; these checks apply it).
//   - Lookups: a key that is not [Storable] finds nothing ([ErrNotFound],
//     or an empty listing), without a query to the database.
//   - Listings: [Page.Size] applies [DefaultLimit] and [MaxLimit];
//     [NewCursor] and [Cursor.Parts] write and read the key a page ended
//     on ([Page.ByKey], [DeadlineCursor] and [Page.ByDeadline] read the
//     limit and that key for the contract's listings); a store that
//     cannot index all of a [Filter] or [DeadlineQuery] checks the rest
//     with [Filter.Matches] or [DeadlineQuery.Matches].
//   - Erasure ([Tx.EraseForeigner]): what a store keeps of the records
//     it erases, the same in every store: [ErasedRegistration],
//     [ErasedEvent], [ErasedPerson], [ErasedHost], [ErasedAddress] and
//     [ErasedBody].
//   - Methods that combine others, for a store that has no cheaper way
//     to answer them: [StepwiseForeignerRecords] and
//     [StepwiseLockRegistration].
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
)

// The sentinels every store returns (wrapped, so match with errors.Is).
// An error's text names the record and echoes at most 128 bytes of its
// key, however long the key asked for.
var (
	// ErrNotFound: no record with that key.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: the record changed since it was read (a version
	// mismatch), or the write would break an invariant that depends on
	// other records (a second active registration for a foreigner, an
	// event out of sequence). Re-read and retry, or give up.
	ErrConflict = errors.New("store: conflict")
	// ErrDuplicate: a record with that unique key already exists.
	ErrDuplicate = errors.New("store: duplicate")
	// ErrInvalid: the record cannot be stored as given (an empty key, a
	// zero date where one is required, a page limit out of range).
	ErrInvalid = errors.New("store: invalid record")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
	// ErrCommitUnknown: the transaction was sent to commit, and the
	// database's answer was lost (the connection broke, the server went
	// down, the context ended while it waited): it may or may not have
	// committed. Nothing is retried for you. Retry the same command, with
	// the same idempotency key where it takes one: every command of the
	// Service converges, returning the first result and changing nothing
	// if the first had committed.
	ErrCommitUnknown = errors.New("store: commit outcome unknown")
	// ErrUnavailable: the database could not be reached, or could not
	// take writes (a server starting up or shutting down, a standby), for
	// longer than the store retries; nothing was committed. Try again
	// later.
	ErrUnavailable = errors.New("store: database unavailable")
)

// Store is a transactional store for migreg's records. Implementations are
// safe for concurrent use by multiple goroutines.
type Store interface {
	// Update runs fn in one read-write transaction and commits it if fn
	// returns nil; otherwise it rolls back and returns fn's error
	// unchanged. A panic in fn rolls back and propagates. fn may be called
	// more than once when the store retries a transaction the database
	// aborted (a serialization failure), so it must not have effects
	// outside the transaction. After a write fails, fn should return: some
	// databases cannot continue the transaction. The Tx is valid only
	// during fn. A cancelled ctx aborts the transaction.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// UpdateEach runs the functions in order in one read-write
	// transaction, each as a unit of its own: a function that returns an
	// error has its writes undone, as if it had never run, and the next
	// one goes on; the writes of those that return nil are committed
	// together at the end, and each sees those of the ones before it. It
	// returns each function's error, or, when the commit fails, the
	// commit's error for each that had succeeded. A bulk import pays one
	// commit instead of one per item. As with Update, a function may be
	// called more than once, a panic in one rolls the whole transaction
	// back and propagates, and a cancelled ctx aborts the transaction: the
	// functions that had not failed then get ctx.Err().
	UpdateEach(ctx context.Context, fns []func(tx Tx) error) []error
	// View runs fn in a read-only transaction that sees one consistent
	// state of the store. The ReadTx is valid only during fn.
	View(ctx context.Context, fn func(tx ReadTx) error) error
	// Close releases the store's resources. Later calls return ErrClosed.
	Close() error
}

// ReadTx reads records inside a transaction.
type ReadTx interface {
	// Registration returns the registration with the ID, or ErrNotFound.
	Registration(ctx context.Context, id registration.ID) (registration.Registration, error)
	// Registrations lists registrations matching the filter, ordered by ID
	// (byte order), one page at a time; the cursor of the last page is
	// empty. Items that exist for the whole listing are returned exactly
	// once, whatever is written meanwhile. A filter with neither Foreigner
	// nor Host lists the registrations of every foreigner (still narrowed by
	// States). A malformed cursor is ErrInvalid. The cursor after a
	// registration is NewCursor(string(id)), so a listing can also resume
	// after any known ID.
	Registrations(ctx context.Context, f Filter, p Page) ([]registration.Registration, Cursor, error)
	// CountRegistrations returns how many registrations of the foreigner
	// are stored, in every state. The Service bounds it
	// (registrations_per_foreigner) without reading a foreigner's whole
	// past, so a store should answer from an index, not by loading them.
	CountRegistrations(ctx context.Context, foreigner registration.ForeignerID) (int, error)
	// ForeignerRecords reads what a command on a foreigner needs, as the
	// calls it combines would (see Records): a store where each statement
	// is a round trip answers with one. Errors: theirs.
	ForeignerRecords(ctx context.Context, q RecordsQuery, p Page) (Records, error)
	// Events returns the events of a registration in order, or ErrNotFound
	// when there is no such registration.
	Events(ctx context.Context, id registration.ID) ([]registration.Event, error)
	// Foreigner returns the person stored with PutForeigner under the ID,
	// or ErrNotFound. (The Service stores the person when it records an
	// entry and with each submission; CreateRegistration does not.)
	Foreigner(ctx context.Context, id registration.ForeignerID) (registration.Person, error)
	// Trips returns a foreigner's trips ordered by entry date (none is not
	// an error).
	Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error)
	// TripsFrom returns the part of Trips that a computation from the day
	// from on can see: every trip that begins on or after from, and the
	// last one that begins before it (which may still reach into it).
	// Trips never overlap, so no earlier one can. A zero from gives every
	// trip. The Service reads a foreigner's past this way so that its cost
	// does not grow with trips older than any rule it judges by; a store
	// should answer from its (foreigner, entry) order, not by a scan.
	TripsFrom(ctx context.Context, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error)
	// CountTrips returns how many trips of the foreigner are stored: the
	// Service bounds it (trips_per_foreigner) without reading them all.
	CountTrips(ctx context.Context, foreigner registration.ForeignerID) (int, error)
	// Deadlines lists deadline entries due on or before q.Through (and on
	// or after q.From when set) of the kinds asked (all when none) and of
	// the foreigner asked (all when none), ordered by due date, then key,
	// one page at a time. Among entries due on the same day, the order of
	// different kinds is the store's own (by number or by name), stable
	// for that store; within a kind, entries sort by foreigner, then
	// subject.
	Deadlines(ctx context.Context, q DeadlineQuery, p Page) ([]Deadline, Cursor, error)
	// Idempotency returns the record stored under the key, or ErrNotFound.
	Idempotency(ctx context.Context, key string) (IdempotencyRecord, error)
	// PendingMessages returns up to limit undelivered outbox messages whose
	// next attempt is due at or before now, oldest first.
	PendingMessages(ctx context.Context, now time.Time, limit int) ([]Message, error)
	// Message returns the outbox message with the ID, or ErrNotFound.
	Message(ctx context.Context, id string) (Message, error)
	// Certificate returns the certificate issued for a registration, or
	// ErrNotFound.
	Certificate(ctx context.Context, id registration.ID) (Certificate, error)
	// The personal-data records of personal.go: certificates by number,
	// links between a person's IDs, and the IDs of stored persons.
	CertificatesByNumber(ctx context.Context, number string) ([]Certificate, error)
	Link(ctx context.Context, from registration.ForeignerID) (Link, error)
	Foreigners(ctx context.Context, p Page) ([]registration.ForeignerID, Cursor, error)
}

// Tx reads and writes records inside a read-write transaction. A method
// keeps nothing its caller passed in once it returns (a store copies what
// it keeps, as storetest checks), so callers may reuse their buffers.
type Tx interface {
	ReadTx
	// Lock takes the write lock of a foreigner until the transaction ends:
	// another write transaction's Lock of the same foreigner waits for it.
	// Call it before reading any of the foreigner's records (see the
	// package documentation). Locking a foreigner twice in one transaction
	// is harmless. Errors: ErrInvalid for an empty foreigner or one that
	// is not valid text; the database's, such as a lock wait that times
	// out.
	Lock(ctx context.Context, foreigner registration.ForeignerID) error
	// LockRegistration takes the lock (as Lock) of the foreigner of the
	// registration id and returns the registration as stored when the
	// call began, before the lock: a command on a registration learns
	// whom to lock and locks in one step. What changed meanwhile is read
	// after it (a merge may even have moved the registration to another
	// foreigner). Errors: ErrNotFound for no such registration (nothing
	// is locked); Lock's.
	LockRegistration(ctx context.Context, id registration.ID) (registration.Registration, error)
	// CreateRegistration stores a new registration (Version >= 1) with its
	// events, which must be numbered 1 .. Version and begin with the
	// registration's submission, its data included. Errors: ErrDuplicate
	// for an ID already stored; ErrConflict for a second active
	// registration of the foreigner or events that do not match the
	// version; ErrInvalid for an empty ID or foreigner, a version below 1
	// (or ErrConflict, see storetest), or a first event that is not the
	// submission with its data (CheckNewRegistration).
	CreateRegistration(ctx context.Context, r registration.Registration, events []registration.Event) error
	// UpdateRegistration replaces a registration whose stored version is
	// expected and appends its new events, numbered expected+1 .. r.Version
	// (at least one: nothing changes without an event). Errors:
	// ErrNotFound; ErrConflict when the stored version is not expected, the
	// events do not continue the log, the foreigner or host changes, or
	// the update would make a second active registration of the foreigner.
	UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error
	// PutForeigner stores the person under the ID (the Service derives
	// it with its registration.Pseudonyms), replacing an earlier record.
	// ErrInvalid for an empty ID, or a person with no citizenship or
	// document number.
	PutForeigner(ctx context.Context, id registration.ForeignerID, p registration.Person) error
	// PutTrip stores a trip of a foreigner, replacing the one with the same
	// entry date. ErrInvalid for a zero entry or an exit before it.
	PutTrip(ctx context.Context, foreigner registration.ForeignerID, t stay.Trip) error
	// PutDeadline stores a deadline entry, replacing the one with the same
	// key. DeleteDeadline removes one (no error if absent).
	PutDeadline(ctx context.Context, d Deadline) error
	DeleteDeadline(ctx context.Context, key DeadlineKey) error
	// PutIdempotency stores a record under a new key; ErrDuplicate if the
	// key is taken.
	PutIdempotency(ctx context.Context, rec IdempotencyRecord) error
	// Enqueue stores new outbox messages; ErrDuplicate for an ID taken.
	Enqueue(ctx context.Context, msgs ...Message) error
	// UpdateMessage replaces an outbox message (its attempts, next attempt,
	// delivery); ErrNotFound if absent.
	UpdateMessage(ctx context.Context, m Message) error
	// PutCertificate stores the certificate of a registration, replacing
	// an earlier one.
	PutCertificate(ctx context.Context, c Certificate) error
	// The personal-data writes of personal.go: linking a person's IDs,
	// erasing a foreigner's personal data, merging two foreigners' records
	// (one person under two IDs), expiring idempotency keys.
	PutLink(ctx context.Context, l Link) error
	EraseForeigner(ctx context.Context, id registration.ForeignerID) error
	MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error
	DeleteIdempotencyBefore(ctx context.Context, before time.Time) (int, error)
}

// Filter selects registrations. Zero fields select everything.
type Filter struct {
	Foreigner registration.ForeignerID `json:"foreigner,omitempty"`
	Host      registration.HostID      `json:"host,omitempty"`
	States    []registration.State     `json:"states,omitempty"` // any of these; all when empty
}

// Cursor marks a position in a listing. It is opaque to callers: pass back
// what the previous page returned. The empty cursor starts a listing (in a
// Page) and ends one (when returned).
//
// A cursor encodes the key its page ended on, which may be a foreigner's
// pseudonymous ID (NewCursor): String, fmt verbs and LogValue show only
// whether it is empty; string(c) gives the cursor itself.
type Cursor string

// String returns "cursor(none)" for the empty cursor and "cursor(…)"
// for another: never the key it encodes.
func (c Cursor) String() string {
	if c == "" {
		return "cursor(none)"
	}
	return "cursor(…)"
}

// Format makes every fmt verb, %q and %#v included, print String.
func (c Cursor) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// LogValue implements slog.LogValuer with String.
func (c Cursor) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Page asks for one page of a listing: up to Limit items after the
// cursor. Limit must be between 1 and MaxLimit; zero means DefaultLimit.
type Page struct {
	After Cursor `json:"after,omitempty"`
	Limit int    `json:"limit,omitempty"`
}

// Page limits.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// DeadlineKind says what a deadline entry is for.
type DeadlineKind uint8

// The kinds of deadline. Never reorder; add new kinds at the end.
const (
	// DueRegistration: a foreigner who entered must register by Due.
	DueRegistration DeadlineKind = iota + 1
	// DueReregistration: a foreigner who moved must register at the new
	// address by Due.
	DueReregistration
	// DueHostAnswer: a host must answer a request by Due, or it lapses.
	DueHostAnswer
	// DueStayEnd: a confirmed registration covers the stay until Due.
	DueStayEnd
	// DueReminder: a reminder is to be sent on Due.
	DueReminder
)

var deadlineKindNames = [...]string{"", "registration", "reregistration", "host_answer", "stay_end", "reminder"}

// String returns the stable name, e.g. "host_answer".
func (k DeadlineKind) String() string {
	if k.known() {
		return deadlineKindNames[k]
	}
	return "DeadlineKind(" + strconv.Itoa(int(k)) + ")"
}

func (k DeadlineKind) known() bool { return k >= DueRegistration && int(k) < len(deadlineKindNames) }

// ParseDeadlineKind returns the kind with the stable name.
func ParseDeadlineKind(s string) (DeadlineKind, error) {
	for i := 1; i < len(deadlineKindNames); i++ {
		if deadlineKindNames[i] == s {
			return DeadlineKind(i), nil
		}
	}
	return 0, errors.Join(ErrInvalid, errors.New("store: unknown deadline kind"))
}

// DeadlineKey identifies a deadline entry: one per kind, foreigner and
// subject (a registration ID, or an entry date for DueRegistration).
type DeadlineKey struct {
	Kind      DeadlineKind
	Foreigner registration.ForeignerID
	Subject   string
}

// Deadline is an entry of the deadline index: something due on a date.
type Deadline struct {
	DeadlineKey
	Due          calendar.Date
	Registration registration.ID // the registration concerned, if any
	Entry        calendar.Date   // the stay it belongs to
}

// DeadlineQuery selects deadline entries: due from From (zero: any) through
// Through (required), of the given kinds (all when empty), of one
// foreigner (all when empty).
type DeadlineQuery struct {
	From      calendar.Date            `json:"from,omitzero"`
	Through   calendar.Date            `json:"through"`
	Kinds     []DeadlineKind           `json:"kinds,omitempty"`
	Foreigner registration.ForeignerID `json:"foreigner,omitempty"`
}

// IdempotencyRecord remembers the outcome of a request made with an
// idempotency key, so that a retry returns it instead of acting twice.
type IdempotencyRecord struct {
	Key string `json:"key"`
	// Fingerprint is a hash of the request's content: the same key with
	// other content is an error, not a retry.
	Fingerprint string `json:"fingerprint"`
	// Registration is the registration the request created.
	Registration registration.ID `json:"registration"`
	CreatedAt    time.Time       `json:"created_at"`
}

// Message is a notification in the outbox: stored in the same transaction
// as the state change it announces, then handed to a notifier until it is
// delivered (at least once). ID is stable across attempts, so a receiver
// can deduplicate on it. A store gives back its instants as the same
// instants, not necessarily in the same location (memstore and sqlstore
// give UTC), and may give back an empty Body as nil.
type Message struct {
	ID           string          `json:"id"`
	Kind         string          `json:"kind"` // e.g. "host_request", "reminder", "decision"
	To           string          `json:"to"`   // a HostID or ForeignerID
	Registration registration.ID `json:"registration,omitempty"`
	Body         []byte          `json:"body,omitempty"` // the payload, JSON
	CreatedAt    time.Time       `json:"created_at"`
	Attempts     int             `json:"attempts"`
	NextAttempt  time.Time       `json:"next_attempt"`          // when to try next; the zero time once delivered
	DeliveredAt  time.Time       `json:"delivered_at,omitzero"` // zero until delivered
	LastError    string          `json:"last_error,omitempty"`
}

// Delivered reports whether the message has been delivered.
func (m Message) Delivered() bool { return !m.DeliveredAt.IsZero() }

// Certificate is the certificate issued for a registration, as its signed
// token (see package certificate, which decodes and verifies it).
type Certificate struct {
	Registration registration.ID `json:"registration"`
	Number       string          `json:"number"`
	Token        string          `json:"token"`
	IssuedAt     time.Time       `json:"issued_at"`
}

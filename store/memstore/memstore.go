// Package memstore is the in-memory implementation of the store contract:
// the default store of migreg, for tests, demos and property suites. Real
// deployments use store/sqlstore. Nothing is persisted.
//
// A Store keeps its records in maps, and beside them the indexes its
// queries need: every registration ID, and each host's, in order; each
// foreigner's registration IDs in order, trips by date and deadlines;
// every deadline in the contract's order (due date, kind, foreigner,
// subject); and the undelivered messages, oldest first.
// An ordered index is a B-tree (see ordered), so that it stays cheap to
// change with a million keys.
//
// Values are copied in and out (events with their submissions, message
// bodies), so that changing a value after writing or reading it never
// changes what is stored. Every write checks the contract's invariants
// itself.
//
// A Store is safe for concurrent use. Read transactions (View) run in
// parallel, and goroutines may share one ReadTx while fn runs; write
// transactions (Update) run one at a time. A write changes the store at
// once and records a function that reverses the change; when fn fails or
// panics, or the context is cancelled before the commit, those functions
// run newest first and leave the store exactly as it was. Close drops
// every record.
package memstore

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Store is an in-memory store. The zero value is not usable; call New.
//
// String, fmt verbs and LogValue say "memstore.Store", never what it
// holds.
type Store struct {
	mu     sync.RWMutex
	closed bool

	regs    map[registration.ID]*record
	ids     *ordered[registration.ID] // every registration
	byHost  map[registration.HostID]*ordered[registration.ID]
	due     *ordered[store.Deadline] // every deadline, in the contract's order
	idem    map[string]store.IdempotencyRecord
	msgs    map[string]*store.Message
	pending *ordered[*store.Message] // the undelivered messages, oldest first

	// What the store keeps per foreigner. A foreigner has few
	// registrations, trips and deadlines, so plain slices hold them; a
	// write replaces a slice, never changes one (the undo log keeps it).
	persons   map[registration.ForeignerID]registration.Person
	regsOf    map[registration.ForeignerID][]regState  // by ID
	trips     map[registration.ForeignerID][]stay.Trip // by entry date
	deadlines map[registration.ForeignerID][]store.Deadline
	links     map[registration.ForeignerID]store.Link // by From (personal.go)
}

// record is a stored registration with its events and the certificate
// issued for it, if any.
type record struct {
	reg    registration.Registration
	events []registration.Event
	cert   *store.Certificate
}

// regState is a registration of a foreigner with its state, so that a
// listing by state skips the others without reading them: a foreigner's
// live requests are found in a slice, however many closed ones there are.
type regState struct {
	id    registration.ID
	state registration.State
}

func byID(r regState, id registration.ID) int { return cmp.Compare(r.id, id) }

// comparePending is the order of PendingMessages: by creation instant,
// then ID. Neither is changed in place: UpdateMessage stores a new value.
func comparePending(a, b *store.Message) int {
	return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
}

// compareDeadlines is the contract's order of deadlines.
func compareDeadlines(a, b store.Deadline) int {
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Kind, b.Kind),
		strings.Compare(string(a.Foreigner), string(b.Foreigner)), strings.Compare(a.Subject, b.Subject))
}

var _ store.Store = (*Store)(nil)

// New returns an empty store. The options are reserved; pass nil.
func New(*Options) *Store {
	s := &Store{}
	s.clear()
	return s
}

// Options configures a Store. There are none yet; the type exists so that
// options can be added without breaking New's callers.
type Options struct{}

// clear drops every record, leaving empty maps and indexes.
func (s *Store) clear() {
	s.regs = make(map[registration.ID]*record)
	s.ids = newOrdered(cmp.Compare[registration.ID])
	s.byHost = make(map[registration.HostID]*ordered[registration.ID])
	s.persons = make(map[registration.ForeignerID]registration.Person)
	s.regsOf = make(map[registration.ForeignerID][]regState)
	s.trips = make(map[registration.ForeignerID][]stay.Trip)
	s.deadlines = make(map[registration.ForeignerID][]store.Deadline)
	s.due = newOrdered(compareDeadlines)
	s.idem = make(map[string]store.IdempotencyRecord)
	s.msgs = make(map[string]*store.Message)
	s.pending = newOrdered(comparePending)
	s.links = make(map[registration.ForeignerID]store.Link)
}

// Update runs fn in a write transaction (see store.Store). Writers run one
// at a time; a failed or panicking fn leaves the store as it was.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return store.ErrClosed
	}
	t := &tx{s: s, write: true}
	committed := false
	defer func() {
		t.done = true
		if !committed { // fn failed or panicked, or ctx was cancelled
			t.rollbackTo(0)
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // the caller gave up: do not commit
	}
	committed = true
	return nil
}

// View runs fn in a read transaction; any number run at once.
func (s *Store) View(ctx context.Context, fn func(tx store.ReadTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return store.ErrClosed
	}
	t := &tx{s: s}
	defer func() { t.done = true }()
	return fn(t)
}

// Close drops every record, so that no personal data stays reachable
// through the store; later calls return store.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.clear()
	return nil
}

// String returns "memstore.Store": what the store is, not what it holds.
func (s *Store) String() string { return "memstore.Store" }

// Format makes every fmt verb print String: fmt's reflection would print
// every record the store holds, personal data and keys included.
func (s *Store) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// LogValue implements slog.LogValuer with String.
func (s *Store) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Stats reports how many records the store holds, for tests and sizing.
type Stats struct {
	Registrations int `json:"registrations"`
	Events        int `json:"events"`
	Trips         int `json:"trips"`
	Deadlines     int `json:"deadlines"`
	Messages      int `json:"messages"`
	Certificates  int `json:"certificates"`
}

// Stats returns the store's record counts (all zero once it is closed).
func (s *Store) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Stats{Registrations: len(s.regs), Deadlines: s.due.Len(), Messages: len(s.msgs)}
	for _, rec := range s.regs {
		st.Events += len(rec.events)
		if rec.cert != nil {
			st.Certificates++
		}
	}
	for _, trips := range s.trips {
		st.Trips += len(trips)
	}
	return st
}

// tx is both a read and a write transaction; write is false for View.
// Only a write transaction has an undo log, so a ReadTx shared by
// goroutines is never written to while fn runs.
type tx struct {
	s     *Store
	write bool
	done  bool
	undo  []func() // reverses the writes so far, when run newest first
}

var _ store.Tx = (*tx)(nil)

// rollbackTo undoes the writes logged after the first mark entries of
// the undo log, newest first, and forgets them.
func (t *tx) rollbackTo(mark int) {
	for i := len(t.undo) - 1; i >= mark; i-- {
		t.undo[i]()
	}
	clear(t.undo[mark:])
	t.undo = t.undo[:mark]
}

func (t *tx) check(ctx context.Context) error {
	if t.done {
		return fmt.Errorf("%w: transaction used after it ended", store.ErrInvalid)
	}
	return ctx.Err()
}

// copyMessage returns m as the store keeps and returns it: with a body of
// its own and its instants in UTC.
func copyMessage(m store.Message) store.Message {
	m.Body = bytes.Clone(m.Body)
	m.CreatedAt, m.NextAttempt, m.DeliveredAt = m.CreatedAt.UTC(), m.NextAttempt.UTC(), m.DeliveredAt.UTC()
	return m
}

// record returns the stored registration id once the transaction is
// checked, or ErrNotFound.
func (t *tx) record(ctx context.Context, id registration.ID) (*record, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if rec := t.s.regs[id]; rec != nil {
		return rec, nil
	}
	return nil, fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(id)))
}

// get returns m[k] once the transaction is checked (a transaction that
// ended holds no lock: it must not read), or ErrNotFound naming what was
// looked for.
func get[K comparable, V any](ctx context.Context, t *tx, m map[K]V, k K, what string) (V, error) {
	var zero V
	if err := t.check(ctx); err != nil {
		return zero, err
	}
	v, ok := m[k]
	if !ok {
		return zero, fmt.Errorf("%w: %s", store.ErrNotFound, what)
	}
	return v, nil
}

func (t *tx) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	rec, err := t.record(ctx, id)
	if err != nil {
		return registration.Registration{}, err
	}
	return rec.reg, nil
}

func (t *tx) Events(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	rec, err := t.record(ctx, id)
	if err != nil {
		return nil, err
	}
	return registration.CloneEvents(rec.events), nil
}

func (t *tx) CountRegistrations(ctx context.Context, foreigner registration.ForeignerID) (int, error) {
	if err := t.check(ctx); err != nil {
		return 0, err
	}
	return len(t.s.regsOf[foreigner]), nil
}

// Registrations lists from the foreigner's own registration IDs and
// states when the filter names a foreigner (the listing every command
// makes), from the host's index when it names a host, and from the index
// of every ID otherwise; the filter then checks the rest.
func (t *tx) Registrations(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, key, err := p.ByKey()
	if err != nil {
		return nil, "", err
	}
	after := registration.ID(key) // "" sorts before every ID
	var out []registration.Registration
	var next store.Cursor
	// take adds the registration id to the page when the filter passes
	// it, and reports whether the page has room for more.
	take := func(id registration.ID) bool {
		r := &t.s.regs[id].reg
		switch {
		case !f.Matches(r):
			return true
		case len(out) == limit:
			next = store.NewCursor(string(out[len(out)-1].ID))
			return false
		}
		out = append(out, *r)
		return true
	}
	var ids *ordered[registration.ID]
	switch {
	case f.Foreigner != "":
		own := t.s.regsOf[f.Foreigner]
		for _, r := range own[sort.Search(len(own), func(i int) bool { return own[i].id > after }):] {
			if (len(f.States) == 0 || slices.Contains(f.States, r.state)) && !take(r.id) {
				break
			}
		}
		return out, next, nil
	case f.Host != "":
		if ids = t.s.byHost[f.Host]; ids == nil {
			return nil, "", nil
		}
	default:
		ids = t.s.ids
	}
	for id := range ids.After(after) {
		if !take(id) {
			break
		}
	}
	return out, next, nil
}

func (t *tx) Foreigner(ctx context.Context, id registration.ForeignerID) (registration.Person, error) {
	return get(ctx, t, t.s.persons, id, "foreigner")
}

func (t *tx) Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error) {
	return t.TripsFrom(ctx, foreigner, calendar.Date{})
}

// TripsFrom searches the foreigner's trips, kept in order of entry.
func (t *tx) TripsFrom(ctx context.Context, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	trips := t.s.trips[foreigner]
	i := sort.Search(len(trips), func(i int) bool { return !trips[i].Entry.Before(from) })
	return slices.Clone(trips[max(i-1, 0):]), nil
}

func (t *tx) CountTrips(ctx context.Context, foreigner registration.ForeignerID) (int, error) {
	if err := t.check(ctx); err != nil {
		return 0, err
	}
	return len(t.s.trips[foreigner]), nil
}

// Deadlines lists from the index of every deadline, or, for one
// foreigner, from a sorted copy of that foreigner's few deadlines.
func (t *tx) Deadlines(ctx context.Context, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, after, err := p.ByDeadline()
	if err != nil {
		return nil, "", err
	}
	if q.Through.IsZero() {
		return nil, "", fmt.Errorf("%w: a deadline query needs Through", store.ErrInvalid)
	}
	if p.After == "" {
		// No deadline has kind 0, so this sorts before every one due on
		// From (and, with a zero From, before every one).
		after.Due = q.From
	}
	all := t.s.due.After(after)
	if q.Foreigner != "" {
		// A foreigner has few deadlines: sort a copy of them.
		own := slices.SortedFunc(slices.Values(t.s.deadlines[q.Foreigner]), compareDeadlines)
		all = slices.Values(own[sort.Search(len(own), func(i int) bool { return compareDeadlines(own[i], after) > 0 }):])
	}
	out := []store.Deadline{}
	for d := range all {
		if d.Due.After(q.Through) {
			break
		}
		if !q.Matches(&d) {
			continue
		}
		if len(out) == limit {
			return out, store.DeadlineCursor(out[len(out)-1]), nil
		}
		out = append(out, d)
	}
	return out, "", nil
}

func (t *tx) Idempotency(ctx context.Context, key string) (store.IdempotencyRecord, error) {
	return get(ctx, t, t.s.idem, key, "idempotency key")
}

// PendingMessages reads the undelivered messages oldest first, and keeps
// those due.
func (t *tx) PendingMessages(ctx context.Context, now time.Time, limit int) ([]store.Message, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > store.MaxLimit {
		return nil, fmt.Errorf("%w: limit %d", store.ErrInvalid, limit)
	}
	out := make([]store.Message, 0, min(limit, t.s.pending.Len()))
	for m := range t.s.pending.All() {
		if len(out) == limit {
			break
		}
		if !m.NextAttempt.After(now) {
			out = append(out, copyMessage(*m))
		}
	}
	return out, nil
}

func (t *tx) Message(ctx context.Context, id string) (store.Message, error) {
	m, err := get(ctx, t, t.s.msgs, id, "message "+redact.ID(id))
	if err != nil {
		return store.Message{}, err
	}
	return copyMessage(*m), nil
}

func (t *tx) Certificate(ctx context.Context, id registration.ID) (store.Certificate, error) {
	if err := t.check(ctx); err != nil {
		return store.Certificate{}, err
	}
	if rec := t.s.regs[id]; rec != nil && rec.cert != nil {
		return *rec.cert, nil
	}
	return store.Certificate{}, fmt.Errorf("%w: certificate of %s", store.ErrNotFound, redact.ID(string(id)))
}

// UpdateEach runs the functions in one write transaction (see
// store.Store): when one fails, the undo log is run back to where it
// began, and the next goes on.
func (s *Store) UpdateEach(ctx context.Context, fns []func(tx store.Tx) error) []error {
	errs := make([]error, len(fns))
	err := s.Update(ctx, func(txn store.Tx) error {
		t := txn.(*tx)
		for i, fn := range fns {
			mark := len(t.undo)
			if errs[i] = fn(t); errs[i] != nil {
				t.rollbackTo(mark)
			}
		}
		return nil
	})
	if err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
	}
	return errs
}

// Package memstore is the in-memory implementation of the store contract:
// the default store of migreg, for tests, demos and property suites.
//
// A Store keeps everything about one foreigner (person, trips,
// registrations, deadlines) behind one map entry, and ordered indexes of
// registrations by ID and by host, of messages by ID, of deadlines by due
// date and of undelivered messages by age. Registrations and messages are
// found through their ordered indexes, not hash maps: IDs drawn from a
// clock, as the Service's are, keep the newest at the hot end of the index,
// while IDs in random order cost a few hundred nanoseconds more per
// lookup in a large store (BENCHMARKS.md). It copies values in and out
// and enforces the contract's invariants itself. It is safe for
// concurrent use: read transactions run in parallel, and may be shared by
// goroutines; write transactions run one at a time, each applying its
// writes directly and recording how to undo them, so a failed transaction
// leaves no trace. Nothing is persisted.
package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Store is an in-memory store. The zero value is not usable; call New.
type Store struct {
	mu     sync.RWMutex
	closed bool

	ids        *ordered[regEntry] // every registration, by ID
	byHost     map[registration.HostID]*ordered[regEntry]
	foreigners map[registration.ForeignerID]*foreigner
	byDue      *dueIndex
	idem       map[string]store.IdempotencyRecord
	msgs       *ordered[msgEntry]     // by ID; a message is never changed once stored, only replaced
	pending    *ordered[pendingEntry] // undelivered messages, oldest first

	undo undoLog // the running write transaction's; see undoLog
}

// record is a registration with its events and certificate.
type record struct {
	reg    registration.Registration
	events []registration.Event // from the second on when implicit
	cert   *store.Certificate   // nil until issued; never changed once stored
}

// implicit reports whether rec does not store its first event, which
// firstEvent rebuilds from the registration (see newRecord). Events are
// numbered from 1 and a stored log starts with the first, so a log that is
// empty or starts later lacks it. (A flag would cost the record 64 bytes:
// at 568 bytes, with the allocator's header, it just fits its size class.)
func (rec *record) implicit() bool {
	return len(rec.events) == 0 || rec.events[0].Seq != 1
}

// foreigner is what the store keeps per foreigner, behind one map lookup,
// because a command reads or writes most of it: the person, the trips,
// the registrations (and which is active) and the deadlines.
type foreigner struct {
	person    registration.Person
	hasPerson bool
	trips     []stay.Trip       // by entry
	regs      []regEntry        // by ID
	active    registration.ID   // "" when none is
	deadlines []*store.Deadline // a foreigner has few; each never changed once stored
}

// empty reports whether f holds nothing, so that its entry can go.
func (f *foreigner) empty() bool {
	return !f.hasPerson && len(f.trips) == 0 && len(f.regs) == 0 && len(f.deadlines) == 0
}

// deadline returns the index of the foreigner's deadline with the key.
func (f *foreigner) deadline(k store.DeadlineKey) int {
	for i, d := range f.deadlines {
		if d.Kind == k.Kind && d.Subject == k.Subject {
			return i
		}
	}
	return -1
}

// removeDeadline removes d (by identity) from the foreigner's deadlines.
func (f *foreigner) removeDeadline(d *store.Deadline) {
	if i := slices.Index(f.deadlines, d); i >= 0 {
		f.deadlines = slices.Delete(f.deadlines, i, i+1)
	}
}

// A registration's first event carries the submission, whose fields the
// registration repeats and never changes, and the rest of it (the
// instant, the day, who filed, the host's deadline) is what the
// registration's own fields were replayed from. To save the memory, and
// the collector's time, a record does not store that event while the
// registration repeats it exactly (implicit), and eventsOut rebuilds it
// on the way out. A first event the registration does not repeat in full
// is stored, and only drops its copy of the submission (a nil Submission)
// while the registration holds the same fields, which expand puts back.

// submissionOf rebuilds the submission from the registration's fields.
func submissionOf(r *registration.Registration) *registration.Submission {
	return &registration.Submission{
		ID: r.ID, Person: r.Person, Host: r.Host, Address: r.Address, Place: r.Place,
		Entry: r.Entry, MovedFrom: r.MovedFrom, MovedOn: r.MovedOn,
	}
}

// sameStart reports whether two registrations hold the same submitted
// fields (those submissionOf copies), comparing them in place.
func sameStart(a, b *registration.Registration) bool {
	return a.ID == b.ID && a.Person == b.Person && a.Host == b.Host && a.Address == b.Address &&
		a.Place == b.Place && a.Entry == b.Entry && a.MovedFrom == b.MovedFrom && a.MovedOn == b.MovedOn
}

// firstEvent rebuilds a registration's first event from its fields, as
// the domain writes it and registration.Replay reads the fields off it,
// without the submission (submissionOf rebuilds that).
func firstEvent(r *registration.Registration) registration.Event {
	var filer string
	switch r.FiledBy {
	case registration.ActorForeigner:
		filer = string(r.Foreigner)
	case registration.ActorHost:
		filer = string(r.HostID)
	}
	return registration.Event{
		Registration: r.ID, Seq: 1, Type: registration.EventSubmitted, At: r.SubmittedAt, On: r.SubmittedOn,
		Actor: registration.Actor{Kind: r.FiledBy, ID: filer}, To: registration.Pending, HostDue: r.HostDue,
	}
}

// sameFirst reports whether two registrations rebuild the same first
// event.
func sameFirst(a, b *registration.Registration) bool {
	return sameStart(a, b) && firstEvent(a) == firstEvent(b)
}

// newRecord returns the record of a new registration with copies of its
// events: without the first when r repeats it exactly (implicit), or else
// the first without its submission when r repeats that (both checked
// before copying, so the dropped copy is never made).
//
// A pending registration gets room for one more event: its next one, the
// host's answer, then needs no new array. The events must have passed
// store.CheckNewRegistration.
func newRecord(r registration.Registration, events []registration.Event) *record {
	rec := &record{reg: r}
	sameSubmission := *events[0].Submission == *submissionOf(&rec.reg)
	first := events[0]
	first.Submission = nil
	implicit := sameSubmission && first == firstEvent(&rec.reg)
	if implicit {
		events = events[1:]
	}
	room := len(events)
	if r.State == registration.Pending {
		room++
	}
	if room > 0 {
		rec.events = make([]registration.Event, len(events), room)
	}
	for i, e := range events {
		if i == 0 && !implicit && sameSubmission {
			e.Submission = nil
		}
		rec.events[i] = copyEvent(e)
	}
	return rec
}

// eventsOut returns copies of rec's events, every one, with the first
// event or its submission rebuilt where the record dropped them.
func (rec *record) eventsOut() []registration.Event {
	implicit := rec.implicit()
	n := len(rec.events)
	if implicit {
		n++
	}
	out := make([]registration.Event, 0, n)
	if implicit {
		first := firstEvent(&rec.reg)
		first.Submission = submissionOf(&rec.reg)
		out = append(out, first)
	}
	for _, e := range rec.events {
		out = append(out, copyEvent(e))
	}
	if !implicit {
		rec.expand(out)
	}
	return out
}

// expand restores a dropped submission in events read out of rec, which
// stores its first event.
func (rec *record) expand(events []registration.Event) {
	if len(events) > 0 && events[0].Type == registration.EventSubmitted && events[0].Submission == nil {
		events[0].Submission = submissionOf(&rec.reg)
	}
}

var _ store.Store = (*Store)(nil)

// New returns an empty store. The options are reserved; pass nil.
func New(*Options) *Store {
	return &Store{
		ids:        newOrdered(compareRegEntries),
		byHost:     make(map[registration.HostID]*ordered[regEntry]),
		foreigners: make(map[registration.ForeignerID]*foreigner),
		byDue:      newDueIndex(),
		idem:       make(map[string]store.IdempotencyRecord),
		msgs:       newOrdered(compareMsgEntries),
		pending:    newOrdered(comparePending),
	}
}

// Options configures a Store. There are none yet; the type exists so that
// options can be added without breaking New's callers.
type Options struct{}

// regEntry is an element of the indexes of registrations, ordered by ID.
// The records live in an index ordered by ID rather than a hash map for
// the reason msgEntry gives: IDs drawn from a clock make the newest
// registrations, which commands touch most, the last keys, whose part of
// the index stays in the cache.
type regEntry struct {
	id  registration.ID
	rec *record
}

func compareRegEntries(a, b regEntry) int { return strings.Compare(string(a.id), string(b.id)) }

// Update runs fn in a write transaction (see store.Store). Writers run one
// at a time; a failed or panicking fn leaves the store as it was.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return store.ErrClosed
	}
	tx := &tx{s: s, write: true}
	defer func() {
		tx.done = true
		if p := recover(); p != nil {
			s.rollback()
			panic(p)
		}
		if err != nil {
			s.rollback()
		} else {
			s.commit()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err // the caller gave up: do not commit
	}
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

// Close drops every record; later calls return store.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	// Drop every index, not only the maps: each holds records, and a
	// closed store must not keep personal data reachable. Empty values,
	// not nil, so that Stats still answers.
	fresh := New(nil)
	s.ids, s.byHost, s.foreigners, s.byDue = fresh.ids, fresh.byHost, fresh.foreigners, fresh.byDue
	s.idem, s.msgs, s.pending = fresh.idem, fresh.msgs, fresh.pending
	s.undo = undoLog{}
	return nil
}

// Stats reports how many records the store holds, for tests and sizing.
type Stats struct {
	Registrations, Events, Trips, Deadlines, Messages, Certificates int
}

// Stats returns the store's record counts.
func (s *Store) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Stats{Registrations: s.ids.Len(), Deadlines: s.byDue.Len(), Messages: s.msgs.Len()}
	s.ids.Ascend(nil, false, func(e regEntry) bool {
		st.Events += len(e.rec.events)
		if e.rec.implicit() {
			st.Events++
		}
		if e.rec.cert != nil {
			st.Certificates++
		}
		return true
	})
	for _, f := range s.foreigners {
		st.Trips += len(f.trips)
	}
	return st
}

// tx is both a read and a write transaction; write is false for View.
type tx struct {
	s     *Store
	write bool
	done  bool

	// The last record and foreigner looked up: a command reads the same
	// ones several times. Only a write transaction keeps them, because
	// nothing else writes meanwhile and it has one user at a time, while
	// several goroutines may read through one View. Entries leave the indexes
	// only in a rollback, after which the transaction is over, and in
	// DeleteDeadline, which forgets the foreigner it drops. The foreigner
	// is remembered even when absent (fKnown with a nil lastF): a submit
	// for a new foreigner asks several times before adding the entry, and
	// each lookup of an absent key in a large map is a cache miss.
	lastRec *record
	lastFID registration.ForeignerID
	lastF   *foreigner
	fKnown  bool // lastF is the answer for lastFID, nil meaning absent
}

var _ store.Tx = (*tx)(nil)

// record returns the stored record of a registration, or nil.
func (t *tx) record(id registration.ID) *record {
	if r := t.lastRec; r != nil && r.reg.ID == id {
		return r
	}
	e, _ := t.s.ids.Find(regEntry{id: id})
	r := e.rec
	if r != nil && t.write {
		t.lastRec = r
	}
	return r
}

// foreigner returns what is stored for a foreigner, or nil.
func (t *tx) foreigner(id registration.ForeignerID) *foreigner {
	if t.fKnown && t.lastFID == id {
		return t.lastF
	}
	f := t.s.foreigners[id]
	if t.write {
		t.lastFID, t.lastF, t.fKnown = id, f, true
	}
	return f
}

// foreignerForWrite returns what is stored for a foreigner, adding an
// empty entry (removed again on rollback) when there is none.
func (t *tx) foreignerForWrite(id registration.ForeignerID) *foreigner {
	if f := t.foreigner(id); f != nil {
		return f
	}
	f := &foreigner{}
	t.s.foreigners[id] = f
	t.s.undo.added = append(t.s.undo.added, id)
	t.lastFID, t.lastF, t.fKnown = id, f, true
	return f
}

func (t *tx) check(ctx context.Context) error {
	if t.done {
		return fmt.Errorf("%w: transaction used after it ended", store.ErrInvalid)
	}
	return ctx.Err()
}

// copyEvent returns a deep copy of e.
func copyEvent(e registration.Event) registration.Event {
	if e.Submission != nil {
		s := *e.Submission
		e.Submission = &s
	}
	return e
}

func (t *tx) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	if err := t.check(ctx); err != nil {
		return registration.Registration{}, err
	}
	r := t.record(id)
	if r == nil {
		return registration.Registration{}, fmt.Errorf("%w: registration %s", store.ErrNotFound, id)
	}
	return r.reg, nil
}

func (t *tx) Events(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	r := t.record(id)
	if r == nil {
		return nil, fmt.Errorf("%w: registration %s", store.ErrNotFound, id)
	}
	return r.eventsOut(), nil
}

func (t *tx) Registrations(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	var start *regEntry
	if p.After != "" {
		parts, err := p.After.Parts(1)
		if err != nil {
			return nil, "", err
		}
		start = &regEntry{id: registration.ID(parts[0])}
	}
	var fd *foreigner
	var host *ordered[regEntry]
	hint := 16 // how many results to make room for up front
	switch {
	case f.Foreigner != "":
		if fd = t.foreigner(f.Foreigner); fd == nil {
			return nil, "", nil
		}
		hint = len(fd.regs)
	case f.Host != "":
		if host = t.s.byHost[f.Host]; host == nil {
			return nil, "", nil
		}
	}
	var out []registration.Registration // made on the first match: a filter may match none
	more := false
	// visit is passed only to functions that do not keep it, never
	// stored in a func variable, so that it and what it captures stay on
	// the stack.
	visit := func(e regEntry) bool {
		r := &e.rec.reg
		if !f.Matches(r) {
			return true
		}
		if len(out) == limit {
			more = true
			return false
		}
		if out == nil {
			out = make([]registration.Registration, 0, min(limit, hint))
		}
		out = append(out, *r)
		return true
	}
	switch {
	case fd != nil:
		i := 0
		if start != nil {
			var found bool
			i, found = slices.BinarySearchFunc(fd.regs, *start, compareRegEntries)
			if found {
				i++
			}
		}
		for ; i < len(fd.regs) && visit(fd.regs[i]); i++ {
		}
	case host != nil:
		host.Ascend(start, false, visit)
	default:
		t.s.ids.Ascend(start, false, visit)
	}
	var next store.Cursor
	if more {
		next = store.NewCursor(string(out[len(out)-1].ID))
	}
	return out, next, nil
}

func (t *tx) Foreigner(ctx context.Context, id registration.ForeignerID) (registration.Person, error) {
	if err := t.check(ctx); err != nil {
		return registration.Person{}, err
	}
	f := t.foreigner(id)
	if f == nil || !f.hasPerson {
		return registration.Person{}, fmt.Errorf("%w: foreigner", store.ErrNotFound)
	}
	return f.person, nil
}

func (t *tx) PutForeigner(ctx context.Context, p registration.Person) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckForeigner(p); err != nil {
		return err
	}
	f := t.foreignerForWrite(p.ID())
	t.s.undo.people = append(t.s.undo.people, personUndo{f: f, old: f.person, had: f.hasPerson})
	f.person, f.hasPerson = p, true
	return nil
}

func (t *tx) Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if f := t.foreigner(foreigner); f != nil {
		return slices.Clone(f.trips), nil
	}
	return nil, nil
}

func (t *tx) Deadlines(ctx context.Context, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	if q.Through.IsZero() {
		return nil, "", fmt.Errorf("%w: a deadline query needs Through", store.ErrInvalid)
	}
	var start *store.Deadline
	inclusive := true
	if p.After != "" {
		parts, err := p.After.Parts(4)
		if err != nil {
			return nil, "", err
		}
		due, err1 := calendar.ParseDate(parts[0])
		kind, err2 := store.ParseDeadlineKind(parts[1])
		if err1 != nil || err2 != nil {
			return nil, "", fmt.Errorf("%w: malformed cursor", store.ErrInvalid)
		}
		start = &store.Deadline{Due: due, DeadlineKey: store.DeadlineKey{Kind: kind, Foreigner: registration.ForeignerID(parts[2]), Subject: parts[3]}}
		inclusive = false
	} else if !q.From.IsZero() {
		start = &store.Deadline{Due: q.From}
	}
	ascend := t.s.byDue.Ascend
	if q.Foreigner != "" {
		// A foreigner has few deadlines: sort them rather than scan all.
		own := newOrdered(compareDeadlines)
		if f := t.foreigner(q.Foreigner); f != nil {
			for _, d := range f.deadlines {
				own.Insert(d)
			}
		}
		ascend = func(start *store.Deadline, inclusive bool, yield func(*store.Deadline) bool) {
			var from **store.Deadline
			if start != nil {
				from = &start
			}
			own.Ascend(from, inclusive, yield)
		}
	}
	out := make([]store.Deadline, 0, min(limit, 64))
	more := false
	ascend(start, inclusive, func(d *store.Deadline) bool {
		if d.Due.After(q.Through) {
			return false
		}
		if !q.Matches(d) {
			return true
		}
		if len(out) == limit {
			more = true
			return false
		}
		out = append(out, *d)
		return true
	})
	var next store.Cursor
	if more {
		l := out[len(out)-1]
		next = store.NewCursor(l.Due.String(), l.Kind.String(), string(l.Foreigner), l.Subject)
	}
	return out, next, nil
}

func (t *tx) Idempotency(ctx context.Context, key string) (store.IdempotencyRecord, error) {
	if err := t.check(ctx); err != nil {
		return store.IdempotencyRecord{}, err
	}
	rec, ok := t.s.idem[key]
	if !ok {
		return store.IdempotencyRecord{}, fmt.Errorf("%w: idempotency key", store.ErrNotFound)
	}
	return rec, nil
}

func (t *tx) PendingMessages(ctx context.Context, now time.Time, limit int) ([]store.Message, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > store.MaxLimit {
		return nil, fmt.Errorf("%w: limit %d", store.ErrInvalid, limit)
	}
	due := make([]store.Message, 0, min(limit, t.s.pending.Len()))
	t.s.pending.Ascend(nil, true, func(e pendingEntry) bool {
		if !e.m.instant(1).After(now) {
			due = append(due, e.m.message())
		}
		return len(due) < limit
	})
	return due, nil
}

func (t *tx) Message(ctx context.Context, id string) (store.Message, error) {
	if err := t.check(ctx); err != nil {
		return store.Message{}, err
	}
	e, ok := t.s.msgs.Find(msgEntry{id: id})
	if !ok {
		return store.Message{}, fmt.Errorf("%w: message %s", store.ErrNotFound, id)
	}
	return e.m.message(), nil
}

func (t *tx) Certificate(ctx context.Context, id registration.ID) (store.Certificate, error) {
	if err := t.check(ctx); err != nil {
		return store.Certificate{}, err
	}
	r := t.record(id)
	if r == nil || r.cert == nil {
		return store.Certificate{}, fmt.Errorf("%w: certificate of %s", store.ErrNotFound, id)
	}
	return *r.cert, nil
}

// writable checks that the transaction may write.
func (t *tx) writable(ctx context.Context) error {
	if err := t.check(ctx); err != nil {
		return err
	}
	if !t.write {
		return fmt.Errorf("%w: write in a read transaction", store.ErrInvalid)
	}
	return nil
}

func (t *tx) CreateRegistration(ctx context.Context, r registration.Registration, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckNewRegistration(r, events); err != nil {
		return err
	}
	if t.record(r.ID) != nil {
		return fmt.Errorf("%w: registration %s", store.ErrDuplicate, r.ID)
	}
	if r.State.IsActive() {
		if f := t.foreigner(r.Foreigner); f != nil && f.active != "" {
			return fmt.Errorf("%w: registration %s of the same foreigner is active", store.ErrConflict, f.active)
		}
	}
	s := t.s
	rec := newRecord(r, events)
	e := regEntry{r.ID, rec}
	s.ids.Insert(e)
	f := t.foreignerForWrite(r.Foreigner)
	if i, found := slices.BinarySearchFunc(f.regs, e, compareRegEntries); !found {
		f.regs = slices.Insert(f.regs, i, e)
	}
	indexInsert(s.byHost, r.HostID, e)
	s.undo.regs = append(s.undo.regs, regUndo{created: true, rec: rec, f: f, prevActive: f.active})
	if r.State.IsActive() {
		f.active = r.ID
	}
	t.lastRec = rec
	return nil
}

// removeRegistrationID undoes the insertion of id into the foreigner's
// sorted IDs.
func (f *foreigner) removeRegistrationID(id registration.ID) {
	if i, found := slices.BinarySearchFunc(f.regs, regEntry{id: id}, compareRegEntries); found {
		f.regs = slices.Delete(f.regs, i, i+1)
	}
}

func indexInsert[K comparable](m map[K]*ordered[regEntry], k K, e regEntry) {
	o := m[k]
	if o == nil {
		o = newOrdered(compareRegEntries)
		m[k] = o
	}
	o.Insert(e)
}

func indexDelete[K comparable](m map[K]*ordered[regEntry], k K, id registration.ID) {
	if o := m[k]; o != nil {
		o.Delete(regEntry{id: id})
		if o.Len() == 0 {
			delete(m, k)
		}
	}
}

func (t *tx) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	s := t.s
	rec := t.record(r.ID)
	if rec == nil {
		return fmt.Errorf("%w: registration %s", store.ErrNotFound, r.ID)
	}
	old := &rec.reg // until the registration changes, below
	if old.Version != expected {
		return fmt.Errorf("%w: registration %s is at version %d, not %d", store.ErrConflict, r.ID, old.Version, expected)
	}
	if r.Version <= expected {
		return fmt.Errorf("%w: registration %s: new version %d does not follow %d", store.ErrConflict, r.ID, r.Version, expected)
	}
	if err := store.CheckEvents(r.ID, events, expected+1, r.Version); err != nil {
		return err
	}
	if r.Foreigner != old.Foreigner || r.HostID != old.HostID {
		return fmt.Errorf("%w: registration %s: foreigner and host cannot change", store.ErrConflict, r.ID)
	}
	f := t.foreigner(r.Foreigner) // there since the registration is
	if r.State.IsActive() && f.active != "" && f.active != r.ID {
		return fmt.Errorf("%w: registration %s of the same foreigner is active", store.ErrConflict, f.active)
	}
	oldEvents, implicit := rec.events, rec.implicit()
	switch {
	case implicit && !sameFirst(old, &r):
		// The first event can no longer be read off the registration:
		// store it, in a new array, before the registration changes.
		first := firstEvent(old)
		first.Submission = submissionOf(old)
		rec.events = append(append(make([]registration.Event, 0, 1+len(oldEvents)+len(events)), first), oldEvents...)
	case !implicit && !sameStart(old, &r):
		// Nor can the submission: keep its own copy.
		rec.events = slices.Clone(oldEvents)
		rec.expand(rec.events[:1])
	}
	// Only an update keeps a copy of the old registration, apart from
	// the entry: a create's entry then stays small to write and clear.
	s.undo.oldRegs = append(s.undo.oldRegs, *old)
	s.undo.regs = append(s.undo.regs, regUndo{rec: rec, old: len(s.undo.oldRegs) - 1, oldEvents: oldEvents, f: f, prevActive: f.active})
	wasActive := old.State.IsActive()
	rec.reg = r
	// Appending past the old length leaves what oldEvents sees intact.
	for _, e := range events {
		rec.events = append(rec.events, copyEvent(e))
	}
	switch {
	case r.State.IsActive():
		f.active = r.ID
	case wasActive:
		f.active = ""
	}
	return nil
}

func (t *tx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, trip stay.Trip) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckTrip(foreigner, trip); err != nil {
		return err
	}
	f := t.foreignerForWrite(foreigner)
	// A new array, so that the undo log's copy of the old one stays intact.
	ts := slices.Clone(f.trips)
	i, found := slices.BinarySearchFunc(ts, trip.Entry, func(x stay.Trip, e calendar.Date) int { return x.Entry.Compare(e) })
	if found {
		ts[i] = trip
	} else {
		ts = slices.Insert(ts, i, trip)
	}
	t.s.undo.trips = append(t.s.undo.trips, tripUndo{f: f, old: f.trips})
	f.trips = ts
	return nil
}

func (t *tx) PutDeadline(ctx context.Context, d store.Deadline) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	s := t.s
	f := t.foreignerForWrite(d.Foreigner)
	put := s.byDue.newDeadline(d)
	var old *store.Deadline
	if i := f.deadline(d.DeadlineKey); i >= 0 {
		old = f.deadlines[i]
		s.byDue.Delete(old)
		f.deadlines[i] = put
	} else {
		f.deadlines = append(f.deadlines, put)
	}
	s.byDue.Insert(put)
	s.undo.deadlines = append(s.undo.deadlines, deadlineUndo{f: f, put: put, old: old})
	return nil
}

func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	f := t.foreigner(key.Foreigner)
	if f == nil {
		return nil
	}
	i := f.deadline(key)
	if i < 0 {
		return nil
	}
	old := f.deadlines[i]
	f.deadlines = slices.Delete(f.deadlines, i, i+1)
	t.s.byDue.Delete(old)
	u := deadlineUndo{f: f, old: old}
	if f.empty() {
		// Nothing else is stored for the foreigner: drop the entry.
		delete(t.s.foreigners, key.Foreigner)
		u.dropped = true
		if t.lastF == f {
			t.lastF, t.fKnown = nil, false
		}
	}
	t.s.undo.deadlines = append(t.s.undo.deadlines, u)
	return nil
}

func (t *tx) PutIdempotency(ctx context.Context, rec store.IdempotencyRecord) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := rec.Validate(); err != nil {
		return err
	}
	s := t.s
	if _, ok := s.idem[rec.Key]; ok {
		return fmt.Errorf("%w: idempotency key", store.ErrDuplicate)
	}
	s.idem[rec.Key] = rec
	s.undo.idem = append(s.undo.idem, rec.Key)
	return nil
}

func (t *tx) Enqueue(ctx context.Context, msgs ...store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return err
		}
	}
	s := t.s
	for i, m := range msgs {
		if _, ok := s.msgs.Find(msgEntry{id: m.ID}); ok || slices.ContainsFunc(msgs[:i], func(o store.Message) bool { return o.ID == m.ID }) {
			return fmt.Errorf("%w: message %s", store.ErrDuplicate, m.ID)
		}
	}
	recs := make([]msgRec, 0, 4)
	for i := range msgs {
		r, err := encodeMsg(&msgs[i])
		if err != nil {
			return err
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		s.addMessage(r)
		s.undo.msgs = append(s.undo.msgs, msgUndo{put: r})
	}
	return nil
}

// addMessage stores r, a new message, and indexes it if undelivered.
func (s *Store) addMessage(r msgRec) {
	s.msgs.Insert(msgEntry{r.id(), r})
	if !r.delivered() {
		s.pending.Insert(pendingOf(r))
	}
}

// dropMessage removes r, which is stored.
func (s *Store) dropMessage(r msgRec) {
	if !r.delivered() {
		s.pending.Delete(pendingOf(r))
	}
	s.msgs.Delete(msgEntry{id: r.id()})
}

// msgEntry is an element of the message index, ordered by ID. The
// Service's message IDs begin with a registration ID drawn from a clock,
// so a new message usually sorts last: the index then appends, and finds
// it absent from the last key alone, where a hash map would touch a
// random slot of a large table.
type msgEntry struct {
	id string // part of m
	m  msgRec
}

func compareMsgEntries(a, b msgEntry) int { return strings.Compare(a.id, b.id) }

// pendingEntry is an element of the index of undelivered messages, in the
// order PendingMessages returns them: by creation instant, then ID. A new
// message is usually the newest, so inserting it appends to the last
// chunk, and a read scans from the oldest without sorting.
type pendingEntry struct {
	sec  int64
	nsec int32
	id   string // part of m
	m    msgRec
}

// pendingOf returns r's entry: its CreatedAt as Unix seconds and
// nanoseconds, read where encodeMsg put them.
func pendingOf(r msgRec) pendingEntry {
	return pendingEntry{sec: int64(le64(string(r))), nsec: int32(le32(string(r[8:]))), id: r.id(), m: r}
}

func comparePending(a, b pendingEntry) int {
	if a.sec != b.sec {
		return cmp.Compare(a.sec, b.sec)
	}
	if a.nsec != b.nsec {
		return cmp.Compare(a.nsec, b.nsec)
	}
	return strings.Compare(a.id, b.id)
}

func (t *tx) UpdateMessage(ctx context.Context, m store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	s := t.s
	stored, err := encodeMsg(&m)
	if err != nil {
		return err
	}
	e, ok := s.msgs.Replace(msgEntry{stored.id(), stored})
	if !ok {
		return fmt.Errorf("%w: message %s", store.ErrNotFound, m.ID)
	}
	old := e.m
	if !old.delivered() {
		s.pending.Delete(pendingOf(old))
	}
	if !stored.delivered() {
		s.pending.Insert(pendingOf(stored))
	}
	s.undo.msgs = append(s.undo.msgs, msgUndo{put: stored, old: old})
	return nil
}

func (t *tx) PutCertificate(ctx context.Context, c store.Certificate) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	rec := t.record(c.Registration)
	if rec == nil {
		return fmt.Errorf("%w: registration %s", store.ErrNotFound, c.Registration)
	}
	t.s.undo.certs = append(t.s.undo.certs, certUndo{rec: rec, old: rec.cert})
	rec.cert = &c
	return nil
}

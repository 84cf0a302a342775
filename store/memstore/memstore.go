// Package memstore is the in-memory implementation of the store contract:
// the default store of migreg, for tests, demos and property suites.
//
// A Store keeps every record in maps with ordered indexes (registrations
// by ID, by foreigner and by host; deadlines by due date), copies values in
// and out, and enforces the contract's invariants itself. It is safe for
// concurrent use: read transactions run in parallel, write transactions
// one at a time, each applying its writes directly and undoing them if it
// fails, so a failed transaction leaves no trace. Nothing is persisted.
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

	regs        map[registration.ID]*record
	ids         *ordered[registration.ID]
	byForeigner map[registration.ForeignerID][]registration.ID // sorted; a foreigner has few
	byHost      map[registration.HostID]*ordered[registration.ID]
	active      map[registration.ForeignerID]registration.ID

	people    map[registration.ForeignerID]registration.Person
	trips     map[registration.ForeignerID][]stay.Trip
	deadlines map[store.DeadlineKey]*store.Deadline // never changed once stored
	byDue     dueIndex
	dueOf     map[registration.ForeignerID][]store.DeadlineKey // a foreigner has few
	idem      map[string]store.IdempotencyRecord
	msgs      map[string]store.Message
	pending   map[string]struct{} // undelivered message IDs
	certs     map[registration.ID]store.Certificate

	undo undoLog // the running write transaction's; see undoLog
}

type record struct {
	reg    registration.Registration
	events []registration.Event
}

// A registration's first event carries the submission, whose fields the
// registration repeats and never changes. To halve the memory a record
// takes, the stored event drops its copy (a nil Submission) while the
// registration still holds the same fields, and expand puts it back on
// the way out.

// submissionOf rebuilds the submission from the registration's fields.
func submissionOf(r *registration.Registration) *registration.Submission {
	return &registration.Submission{
		ID: r.ID, Person: r.Person, Host: r.Host, Address: r.Address, Place: r.Place,
		Entry: r.Entry, MovedFrom: r.MovedFrom, MovedOn: r.MovedOn,
	}
}

// sameStart reports whether two registrations hold the same submitted
// fields.
func sameStart(a, b *registration.Registration) bool {
	return *submissionOf(a) == *submissionOf(b)
}

// compact drops the first event's submission when the registration
// repeats it exactly.
func (rec *record) compact() {
	if len(rec.events) > 0 {
		if sub := rec.events[0].Submission; sub != nil && *sub == *submissionOf(&rec.reg) {
			rec.events[0].Submission = nil
		}
	}
}

// expand restores a dropped submission in events read out of rec.
func (rec *record) expand(events []registration.Event) {
	if len(events) > 0 && events[0].Type == registration.EventSubmitted && events[0].Submission == nil {
		events[0].Submission = submissionOf(&rec.reg)
	}
}

var _ store.Store = (*Store)(nil)

// New returns an empty store. The options are reserved; pass nil.
func New(*Options) *Store {
	return &Store{
		regs:        make(map[registration.ID]*record),
		ids:         newOrdered(compareIDs),
		byForeigner: make(map[registration.ForeignerID][]registration.ID),
		byHost:      make(map[registration.HostID]*ordered[registration.ID]),
		active:      make(map[registration.ForeignerID]registration.ID),
		people:      make(map[registration.ForeignerID]registration.Person),
		trips:       make(map[registration.ForeignerID][]stay.Trip),
		deadlines:   make(map[store.DeadlineKey]*store.Deadline),
		byDue:       newDueIndex(),
		dueOf:       make(map[registration.ForeignerID][]store.DeadlineKey),
		idem:        make(map[string]store.IdempotencyRecord),
		msgs:        make(map[string]store.Message),
		pending:     make(map[string]struct{}),
		certs:       make(map[registration.ID]store.Certificate),
	}
}

// Options configures a Store. There are none yet; the type exists so that
// options can be added without breaking New's callers.
type Options struct{}

func compareIDs(a, b registration.ID) int { return strings.Compare(string(a), string(b)) }

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
			s.undo.reset()
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
	s.regs, s.people, s.trips, s.msgs = nil, nil, nil, nil
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
	st := Stats{Registrations: len(s.regs), Deadlines: len(s.deadlines), Messages: len(s.msgs), Certificates: len(s.certs)}
	for _, r := range s.regs {
		st.Events += len(r.events)
	}
	for _, ts := range s.trips {
		st.Trips += len(ts)
	}
	return st
}

// tx is both a read and a write transaction; write is false for View.
type tx struct {
	s     *Store
	write bool
	done  bool
}

var _ store.Tx = (*tx)(nil)

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

func copyEvents(es []registration.Event) []registration.Event {
	out := make([]registration.Event, len(es))
	for i, e := range es {
		out[i] = copyEvent(e)
	}
	return out
}

func (t *tx) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	if err := t.check(ctx); err != nil {
		return registration.Registration{}, err
	}
	r, ok := t.s.regs[id]
	if !ok {
		return registration.Registration{}, fmt.Errorf("%w: registration %s", store.ErrNotFound, id)
	}
	return r.reg, nil
}

func (t *tx) Events(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	r, ok := t.s.regs[id]
	if !ok {
		return nil, fmt.Errorf("%w: registration %s", store.ErrNotFound, id)
	}
	out := copyEvents(r.events)
	r.expand(out)
	return out, nil
}

func (t *tx) Registrations(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	ascend := t.s.ids.Ascend
	hint := 16 // how many results to make room for up front
	switch {
	case f.Foreigner != "":
		ids := t.s.byForeigner[f.Foreigner]
		hint = len(ids)
		ascend = func(start *registration.ID, inclusive bool, yield func(registration.ID) bool) {
			i := 0
			if start != nil {
				var found bool
				i, found = slices.BinarySearch(ids, *start)
				if found && !inclusive {
					i++
				}
			}
			for ; i < len(ids); i++ {
				if !yield(ids[i]) {
					return
				}
			}
		}
	case f.Host != "":
		idx := t.s.byHost[f.Host]
		if idx == nil {
			return nil, "", nil
		}
		ascend = idx.Ascend
	}
	var start *registration.ID
	if p.After != "" {
		parts, err := p.After.Parts(1)
		if err != nil {
			return nil, "", err
		}
		id := registration.ID(parts[0])
		start = &id
	}
	out := make([]registration.Registration, 0, min(limit, hint))
	more := false
	ascend(start, false, func(id registration.ID) bool {
		r := &t.s.regs[id].reg
		if !f.Matches(r) {
			return true
		}
		if len(out) == limit {
			more = true
			return false
		}
		out = append(out, *r)
		return true
	})
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
	p, ok := t.s.people[id]
	if !ok {
		return registration.Person{}, fmt.Errorf("%w: foreigner", store.ErrNotFound)
	}
	return p, nil
}

func (t *tx) PutForeigner(ctx context.Context, p registration.Person) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckForeigner(p); err != nil {
		return err
	}
	s := t.s
	id := p.ID()
	old, had := s.people[id]
	s.people[id] = p
	s.undo.people = append(s.undo.people, personUndo{id: id, old: old, had: had})
	return nil
}

func (t *tx) Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	return slices.Clone(t.s.trips[foreigner]), nil
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
		for _, k := range t.s.dueOf[q.Foreigner] {
			own.Insert(t.s.deadlines[k])
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

func copyMessage(m store.Message) store.Message {
	m.Body = slices.Clone(m.Body)
	return m
}

func (t *tx) PendingMessages(ctx context.Context, now time.Time, limit int) ([]store.Message, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > store.MaxLimit {
		return nil, fmt.Errorf("%w: limit %d", store.ErrInvalid, limit)
	}
	var due []store.Message
	for id := range t.s.pending {
		if m := t.s.msgs[id]; !m.NextAttempt.After(now) {
			due = append(due, m)
		}
	}
	slices.SortFunc(due, func(a, b store.Message) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	if len(due) > limit {
		due = due[:limit]
	}
	for i := range due {
		due[i] = copyMessage(due[i])
	}
	return due, nil
}

func (t *tx) Message(ctx context.Context, id string) (store.Message, error) {
	if err := t.check(ctx); err != nil {
		return store.Message{}, err
	}
	m, ok := t.s.msgs[id]
	if !ok {
		return store.Message{}, fmt.Errorf("%w: message %s", store.ErrNotFound, id)
	}
	return copyMessage(m), nil
}

func (t *tx) Certificate(ctx context.Context, id registration.ID) (store.Certificate, error) {
	if err := t.check(ctx); err != nil {
		return store.Certificate{}, err
	}
	c, ok := t.s.certs[id]
	if !ok {
		return store.Certificate{}, fmt.Errorf("%w: certificate of %s", store.ErrNotFound, id)
	}
	return c, nil
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
	if _, ok := t.s.regs[r.ID]; ok {
		return fmt.Errorf("%w: registration %s", store.ErrDuplicate, r.ID)
	}
	if r.State.IsActive() {
		if other, ok := t.s.active[r.Foreigner]; ok {
			return fmt.Errorf("%w: registration %s of the same foreigner is active", store.ErrConflict, other)
		}
	}
	s := t.s
	rec := &record{reg: r, events: copyEvents(events)}
	rec.compact()
	s.regs[r.ID] = rec
	s.ids.Insert(r.ID)
	s.byForeigner[r.Foreigner] = insertSorted(s.byForeigner[r.Foreigner], r.ID)
	indexInsert(s.byHost, r.HostID, r.ID)
	u := regUndo{created: true, rec: rec}
	if r.State.IsActive() {
		s.active[r.Foreigner] = r.ID // none was active: checked above
	} else {
		u.prevActive, u.hadActive = s.active[r.Foreigner]
	}
	s.undo.regs = append(s.undo.regs, u)
	return nil
}

// insertSorted returns ids with id inserted in order, in a new array so
// that readers of the old slice are unaffected.
func insertSorted(ids []registration.ID, id registration.ID) []registration.ID {
	i, found := slices.BinarySearch(ids, id)
	if found {
		return ids
	}
	out := make([]registration.ID, 0, len(ids)+1)
	out = append(append(append(out, ids[:i]...), id), ids[i:]...)
	return out
}

func (s *Store) removeForeignerID(f registration.ForeignerID, id registration.ID) {
	ids := s.byForeigner[f]
	if i, found := slices.BinarySearch(ids, id); found {
		ids = slices.Delete(slices.Clone(ids), i, i+1)
	}
	if len(ids) == 0 {
		delete(s.byForeigner, f)
	} else {
		s.byForeigner[f] = ids
	}
}

func indexInsert[K comparable](m map[K]*ordered[registration.ID], k K, id registration.ID) {
	o := m[k]
	if o == nil {
		o = newOrdered(compareIDs)
		m[k] = o
	}
	o.Insert(id)
}

func indexDelete[K comparable](m map[K]*ordered[registration.ID], k K, id registration.ID) {
	if o := m[k]; o != nil {
		o.Delete(id)
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
	rec, ok := s.regs[r.ID]
	if !ok {
		return fmt.Errorf("%w: registration %s", store.ErrNotFound, r.ID)
	}
	old := rec.reg
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
	if r.State.IsActive() {
		if other, ok := s.active[r.Foreigner]; ok && other != r.ID {
			return fmt.Errorf("%w: registration %s of the same foreigner is active", store.ErrConflict, other)
		}
	}
	oldEvents := rec.events
	if !sameStart(&old, &r) {
		// The submission can no longer be read off the registration:
		// keep its own copy before the registration changes.
		rec.events = slices.Clone(oldEvents)
		rec.expand(rec.events[:1])
	}
	u := regUndo{rec: rec, old: old, oldEvents: oldEvents}
	u.prevActive, u.hadActive = s.active[r.Foreigner]
	rec.reg = r
	// Appending past the old length leaves what oldEvents sees intact.
	for _, e := range events {
		rec.events = append(rec.events, copyEvent(e))
	}
	switch {
	case r.State.IsActive():
		s.active[r.Foreigner] = r.ID
	case old.State.IsActive():
		delete(s.active, r.Foreigner)
	}
	s.undo.regs = append(s.undo.regs, u)
	return nil
}

func (t *tx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, trip stay.Trip) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckTrip(foreigner, trip); err != nil {
		return err
	}
	s := t.s
	old, had := s.trips[foreigner]
	ts := slices.Clone(old)
	i, found := slices.BinarySearchFunc(ts, trip.Entry, func(x stay.Trip, e calendar.Date) int { return x.Entry.Compare(e) })
	if found {
		ts[i] = trip
	} else {
		ts = slices.Insert(ts, i, trip)
	}
	s.trips[foreigner] = ts
	s.undo.trips = append(s.undo.trips, tripUndo{foreigner: foreigner, old: old, had: had})
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
	old, had := s.deadlines[d.DeadlineKey]
	if had {
		s.byDue.Delete(old)
	}
	put := &d
	s.deadlines[d.DeadlineKey] = put
	s.byDue.Insert(put)
	s.indexDue(d.DeadlineKey, true)
	s.undo.deadlines = append(s.undo.deadlines, deadlineUndo{put: put, old: old})
	return nil
}

// indexDue adds or removes a deadline key in the per-foreigner index.
func (s *Store) indexDue(k store.DeadlineKey, add bool) {
	keys := s.dueOf[k.Foreigner]
	i := slices.Index(keys, k)
	switch {
	case add && i < 0:
		s.dueOf[k.Foreigner] = append(keys, k)
	case !add && i >= 0:
		keys = slices.Delete(slices.Clone(keys), i, i+1)
		if len(keys) == 0 {
			delete(s.dueOf, k.Foreigner)
		} else {
			s.dueOf[k.Foreigner] = keys
		}
	}
}

func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	s := t.s
	old, had := s.deadlines[key]
	if !had {
		return nil
	}
	delete(s.deadlines, key)
	s.byDue.Delete(old)
	s.indexDue(key, false)
	s.undo.deadlines = append(s.undo.deadlines, deadlineUndo{old: old})
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
		if _, ok := s.msgs[m.ID]; ok || slices.ContainsFunc(msgs[:i], func(o store.Message) bool { return o.ID == m.ID }) {
			return fmt.Errorf("%w: message %s", store.ErrDuplicate, m.ID)
		}
	}
	for _, m := range msgs {
		s.putMessage(copyMessage(m))
		s.undo.msgs = append(s.undo.msgs, msgUndo{id: m.ID})
	}
	return nil
}

func (s *Store) putMessage(m store.Message) {
	s.msgs[m.ID] = m
	if m.Delivered() {
		delete(s.pending, m.ID)
	} else {
		s.pending[m.ID] = struct{}{}
	}
}

func (t *tx) UpdateMessage(ctx context.Context, m store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	s := t.s
	old, ok := s.msgs[m.ID]
	if !ok {
		return fmt.Errorf("%w: message %s", store.ErrNotFound, m.ID)
	}
	s.putMessage(copyMessage(m))
	s.undo.msgs = append(s.undo.msgs, msgUndo{id: m.ID, old: old, had: true})
	return nil
}

func (t *tx) PutCertificate(ctx context.Context, c store.Certificate) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	s := t.s
	if _, ok := s.regs[c.Registration]; !ok {
		return fmt.Errorf("%w: registration %s", store.ErrNotFound, c.Registration)
	}
	old, had := s.certs[c.Registration]
	s.certs[c.Registration] = c
	s.undo.certs = append(s.undo.certs, certUndo{id: c.Registration, old: old, had: had})
	return nil
}

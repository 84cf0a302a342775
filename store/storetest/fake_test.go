package storetest_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// fake is a throwaway in-memory store that exists only to exercise the
// suite: a mutex and maps, values copied in and out, and each read-write
// transaction working on a copy of the whole state that replaces it on
// commit. It is simple, not fast. Each bug switches off one rule, to check
// that the suite notices.
type fake struct {
	mu     sync.RWMutex
	closed bool
	st     *state
	bugs   bugs
}

// bugs are the rules a broken fake forgets.
type bugs struct {
	noVersionCheck bool // UpdateRegistration ignores the expected version
	noActiveCheck  bool // any number of confirmed registrations per foreigner
	noEventCheck   bool // events need not match the version
	noFirstCheck   bool // a log need not begin with its submission
	noRollback     bool // writes go straight to the committed state
	shallowCopy    bool // events and bodies are stored and returned as given
	offsetCursor   bool // cursors count items instead of naming the last one
	duplicateKeys  bool // PutIdempotency overwrites a taken key
	pendingByNext  bool // PendingMessages orders by next attempt, not age
	noClosedCheck  bool // a closed store keeps working
	looseTrips     bool // PutTrip takes an exit before the entry
	readsAnyway    bool // reads answer after the transaction ended or its context did
}

var _ store.Store = (*fake)(nil)

type state struct {
	regs      map[registration.ID]registration.Registration
	events    map[registration.ID][]registration.Event
	persons   map[registration.ForeignerID]registration.Person
	trips     map[registration.ForeignerID]map[calendar.Date]stay.Trip
	deadlines map[store.DeadlineKey]store.Deadline
	idem      map[string]store.IdempotencyRecord
	msgs      map[string]store.Message
	certs     map[registration.ID]store.Certificate
	links     map[registration.ForeignerID]store.Link
}

func newFake(b bugs) *fake {
	return &fake{bugs: b, st: &state{
		regs:      map[registration.ID]registration.Registration{},
		events:    map[registration.ID][]registration.Event{},
		persons:   map[registration.ForeignerID]registration.Person{},
		trips:     map[registration.ForeignerID]map[calendar.Date]stay.Trip{},
		deadlines: map[store.DeadlineKey]store.Deadline{},
		idem:      map[string]store.IdempotencyRecord{},
		msgs:      map[string]store.Message{},
		certs:     map[registration.ID]store.Certificate{},
		links:     map[registration.ForeignerID]store.Link{},
	}}
}

// clone copies the state. Stored values are never changed in place, so
// the maps may share them; event slices are copied because they grow.
func (s *state) clone() *state {
	c := &state{
		regs:      maps(s.regs),
		events:    map[registration.ID][]registration.Event{},
		persons:   maps(s.persons),
		trips:     map[registration.ForeignerID]map[calendar.Date]stay.Trip{},
		deadlines: maps(s.deadlines),
		idem:      maps(s.idem),
		msgs:      maps(s.msgs),
		certs:     maps(s.certs),
		links:     maps(s.links),
	}
	for k, v := range s.events {
		c.events[k] = slices.Clip(v)
	}
	for k, v := range s.trips {
		c.trips[k] = maps(v)
	}
	return c
}

func maps[K comparable, V any](m map[K]V) map[K]V {
	c := make(map[K]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func (f *fake) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed && !f.bugs.noClosedCheck {
		return store.ErrClosed
	}
	tx := &fakeTx{st: f.st, bugs: f.bugs}
	defer func() { tx.ended = true }()
	if !f.bugs.noRollback {
		tx.st = f.st.clone()
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // the caller gave up: do not commit
	}
	f.st = tx.st
	return nil
}

// UpdateEach runs each function on a copy of the state so far, kept only
// when the function succeeds (with noRollback, kept anyway).
func (f *fake) UpdateEach(ctx context.Context, fns []func(tx store.Tx) error) []error {
	errs := make([]error, len(fns))
	err := f.Update(ctx, func(txn store.Tx) error {
		tx := txn.(*fakeTx)
		for i, fn := range fns {
			before := tx.st
			if !f.bugs.noRollback {
				tx.st = tx.st.clone()
			}
			if errs[i] = fn(tx); errs[i] != nil && !f.bugs.noRollback {
				tx.st = before
			}
		}
		return nil
	})
	for i := range errs {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
	}
	return errs
}

func (f *fake) View(ctx context.Context, fn func(tx store.ReadTx) error) error {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.closed && !f.bugs.noClosedCheck {
		return store.ErrClosed
	}
	tx := &fakeTx{st: f.st, bugs: f.bugs}
	defer func() { tx.ended = true }()
	return fn(tx)
}

func (f *fake) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return store.ErrClosed
	}
	f.closed = true
	return nil
}

type fakeTx struct {
	st    *state
	bugs  bugs
	ended bool
}

// check refuses a read once the transaction or its context has ended.
func (tx *fakeTx) check(ctx context.Context) error {
	switch {
	case tx.bugs.readsAnyway:
		return nil
	case tx.ended:
		return fmt.Errorf("transaction ended: %w", store.ErrInvalid)
	}
	return ctx.Err()
}

func (tx *fakeTx) copyEvents(evs []registration.Event) []registration.Event {
	if tx.bugs.shallowCopy {
		return evs
	}
	return registration.CloneEvents(evs)
}

func (tx *fakeTx) copyMessage(m store.Message) store.Message {
	if !tx.bugs.shallowCopy {
		m.Body = slices.Clone(m.Body)
	}
	return m
}

func (tx *fakeTx) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	if err := tx.check(ctx); err != nil {
		return registration.Registration{}, err
	}
	r, ok := tx.st.regs[id]
	if !ok {
		return registration.Registration{}, fmt.Errorf("registration %q: %w", redact.ID(string(id)), store.ErrNotFound)
	}
	return r, nil
}

func (tx *fakeTx) CountRegistrations(ctx context.Context, foreigner registration.ForeignerID) (int, error) {
	n := 0
	for _, r := range tx.st.regs {
		if r.Foreigner == foreigner {
			n++
		}
	}
	return n, nil
}

func (tx *fakeTx) Registrations(ctx context.Context, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	var all []registration.Registration
	for _, r := range tx.st.regs {
		if f.Matches(&r) {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b registration.Registration) int { return cmp.Compare(a.ID, b.ID) })
	start := 0
	if tx.bugs.offsetCursor {
		if p.After != "" {
			start, _ = strconv.Atoi(string(p.After))
		}
	} else if p.After != "" {
		parts, err := p.After.Parts(1)
		if err != nil {
			return nil, "", err
		}
		start = sort.Search(len(all), func(i int) bool { return string(all[i].ID) > parts[0] })
	}
	start = min(start, len(all))
	end := min(start+limit, len(all))
	page := slices.Clone(all[start:end])
	var next store.Cursor
	if end < len(all) {
		next = store.NewCursor(string(page[len(page)-1].ID))
		if tx.bugs.offsetCursor {
			next = store.Cursor(strconv.Itoa(end))
		}
	}
	return page, next, nil
}

func (tx *fakeTx) Events(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	if err := tx.check(ctx); err != nil {
		return nil, err
	}
	evs, ok := tx.st.events[id]
	if !ok {
		return nil, fmt.Errorf("events of %q: %w", redact.ID(string(id)), store.ErrNotFound)
	}
	return tx.copyEvents(evs), nil
}

func (tx *fakeTx) Foreigner(ctx context.Context, id registration.ForeignerID) (registration.Person, error) {
	if err := tx.check(ctx); err != nil {
		return registration.Person{}, err
	}
	p, ok := tx.st.persons[id]
	if !ok {
		return registration.Person{}, fmt.Errorf("foreigner %q: %w", redact.ID(string(id)), store.ErrNotFound)
	}
	return p, nil
}

// Lock checks the foreigner: the fake runs one writer at a time.
func (tx *fakeTx) Lock(ctx context.Context, foreigner registration.ForeignerID) error {
	return store.CheckLock(foreigner)
}

func (tx *fakeTx) LockRegistration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	return store.StepwiseLockRegistration(ctx, tx, id)
}

func (tx *fakeTx) ForeignerRecords(ctx context.Context, q store.RecordsQuery, p store.Page) (store.Records, error) {
	return store.StepwiseForeignerRecords(ctx, tx, q, p)
}

func (tx *fakeTx) PutForeigner(ctx context.Context, id registration.ForeignerID, p registration.Person) error {
	if id == "" || p.Citizenship == "" || p.Document.Number == "" {
		return fmt.Errorf("a person without citizenship or document number: %w", store.ErrInvalid)
	}
	if err := store.CheckStrings(p); err != nil {
		return err
	}
	tx.st.persons[id] = p
	return nil
}

func (tx *fakeTx) Trips(ctx context.Context, foreigner registration.ForeignerID) ([]stay.Trip, error) {
	if err := tx.check(ctx); err != nil {
		return nil, err
	}
	var out []stay.Trip
	for _, t := range tx.st.trips[foreigner] {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	return out, nil
}

func (tx *fakeTx) TripsFrom(ctx context.Context, foreigner registration.ForeignerID, from calendar.Date) ([]stay.Trip, error) {
	all, _ := tx.Trips(ctx, foreigner)
	i := 0
	for i < len(all) && all[i].Entry.Before(from) {
		i++
	}
	return all[max(i-1, 0):], nil
}

func (tx *fakeTx) CountTrips(ctx context.Context, foreigner registration.ForeignerID) (int, error) {
	return len(tx.st.trips[foreigner]), nil
}

// deadlineCursor is the key of the last entry of a page.
type deadlineCursor struct {
	Due       calendar.Date
	Kind      store.DeadlineKind
	Foreigner registration.ForeignerID
	Subject   string
}

func compareDeadline(a, b deadlineCursor) int {
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Foreigner, b.Foreigner), cmp.Compare(a.Subject, b.Subject))
}

func cursorOf(d store.Deadline) deadlineCursor {
	return deadlineCursor{d.Due, d.Kind, d.Foreigner, d.Subject}
}

func (tx *fakeTx) Deadlines(ctx context.Context, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	if q.Through.IsZero() {
		return nil, "", fmt.Errorf("deadline query without Through: %w", store.ErrInvalid)
	}
	var after *deadlineCursor
	if p.After != "" {
		after = new(deadlineCursor)
		if err := json.Unmarshal([]byte(p.After), after); err != nil {
			return nil, "", fmt.Errorf("bad cursor: %w", store.ErrInvalid)
		}
	}
	var all []store.Deadline
	for _, d := range tx.st.deadlines {
		if q.Matches(&d) && (after == nil || compareDeadline(cursorOf(d), *after) > 0) {
			all = append(all, d)
		}
	}
	slices.SortFunc(all, func(a, b store.Deadline) int { return compareDeadline(cursorOf(a), cursorOf(b)) })
	if len(all) <= limit {
		return all, "", nil
	}
	page := all[:limit]
	c, err := json.Marshal(cursorOf(page[limit-1]))
	if err != nil {
		return nil, "", err
	}
	return page, store.Cursor(c), nil
}

func (tx *fakeTx) Idempotency(ctx context.Context, key string) (store.IdempotencyRecord, error) {
	if err := tx.check(ctx); err != nil {
		return store.IdempotencyRecord{}, err
	}
	rec, ok := tx.st.idem[key]
	if !ok {
		return store.IdempotencyRecord{}, fmt.Errorf("idempotency key %q: %w", redact.ID(string(key)), store.ErrNotFound)
	}
	return rec, nil
}

func (tx *fakeTx) PendingMessages(ctx context.Context, now time.Time, limit int) ([]store.Message, error) {
	var out []store.Message
	for _, m := range tx.st.msgs {
		if !m.Delivered() && !m.NextAttempt.After(now) {
			out = append(out, tx.copyMessage(m))
		}
	}
	slices.SortFunc(out, func(a, b store.Message) int {
		if tx.bugs.pendingByNext {
			return cmp.Or(a.NextAttempt.Compare(b.NextAttempt), cmp.Compare(a.ID, b.ID))
		}
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (tx *fakeTx) Message(ctx context.Context, id string) (store.Message, error) {
	if err := tx.check(ctx); err != nil {
		return store.Message{}, err
	}
	m, ok := tx.st.msgs[id]
	if !ok {
		return store.Message{}, fmt.Errorf("message %q: %w", redact.ID(string(id)), store.ErrNotFound)
	}
	return tx.copyMessage(m), nil
}

func (tx *fakeTx) Certificate(ctx context.Context, id registration.ID) (store.Certificate, error) {
	if err := tx.check(ctx); err != nil {
		return store.Certificate{}, err
	}
	c, ok := tx.st.certs[id]
	if !ok {
		return store.Certificate{}, fmt.Errorf("certificate of %q: %w", redact.ID(string(id)), store.ErrNotFound)
	}
	return c, nil
}

// checkEvents checks that evs are numbered from+1 .. version.
func (tx *fakeTx) checkEvents(evs []registration.Event, from, version int) error {
	if tx.bugs.noEventCheck {
		return nil
	}
	if version-from != len(evs) {
		return fmt.Errorf("%d events for versions %d to %d: %w", len(evs), from+1, version, store.ErrConflict)
	}
	for i, e := range evs {
		if e.Seq != from+1+i {
			return fmt.Errorf("event %d where %d belongs: %w", e.Seq, from+1+i, store.ErrConflict)
		}
	}
	return nil
}

// checkActive refuses r when another registration of its foreigner is
// active.
func (tx *fakeTx) checkActive(r registration.Registration) error {
	if tx.bugs.noActiveCheck || !r.State.IsActive() {
		return nil
	}
	for _, o := range tx.st.regs {
		if o.ID != r.ID && o.Foreigner == r.Foreigner && o.State.IsActive() {
			return fmt.Errorf("%s is already active: %w", o.ID, store.ErrConflict)
		}
	}
	return nil
}

func (tx *fakeTx) CreateRegistration(ctx context.Context, r registration.Registration, events []registration.Event) error {
	if err := errors.Join(store.CheckStrings(r), store.CheckStrings(events)); err != nil {
		return err
	}
	switch {
	case r.ID == "":
		return fmt.Errorf("empty registration ID: %w", store.ErrInvalid)
	case r.Version < 1:
		return fmt.Errorf("version %d: %w", r.Version, store.ErrInvalid)
	}
	if _, ok := tx.st.regs[r.ID]; ok {
		return fmt.Errorf("registration %q: %w", r.ID, store.ErrDuplicate)
	}
	if err := tx.checkEvents(events, 0, r.Version); err != nil {
		return err
	}
	if !tx.bugs.noFirstCheck && len(events) > 0 && (events[0].Type != registration.EventSubmitted || events[0].Submission == nil || events[0].Submission.ID != r.ID) {
		return fmt.Errorf("registration %q does not begin with its submission: %w", r.ID, store.ErrInvalid)
	}
	if err := tx.checkActive(r); err != nil {
		return err
	}
	tx.st.regs[r.ID] = r
	tx.st.events[r.ID] = tx.copyEvents(events)
	return nil
}

func (tx *fakeTx) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	if err := store.CheckStrings(events); err != nil {
		return err
	}
	old, ok := tx.st.regs[r.ID]
	if !ok {
		return fmt.Errorf("registration %q: %w", redact.ID(string(r.ID)), store.ErrNotFound)
	}
	if old.Version != expected && !tx.bugs.noVersionCheck {
		return fmt.Errorf("registration %q is at version %d, not %d: %w", r.ID, old.Version, expected, store.ErrConflict)
	}
	if err := tx.checkEvents(events, expected, r.Version); err != nil {
		return err
	}
	if err := tx.checkActive(r); err != nil {
		return err
	}
	tx.st.regs[r.ID] = r
	log := tx.st.events[r.ID]
	if tx.bugs.noVersionCheck {
		log = log[:min(len(log), expected)]
	}
	tx.st.events[r.ID] = append(slices.Clip(log), tx.copyEvents(events)...)
	return nil
}

func (tx *fakeTx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, t stay.Trip) error {
	if foreigner == "" || t.Entry.IsZero() || (!t.Exit.IsZero() && t.Exit.Before(t.Entry) && !tx.bugs.looseTrips) {
		return fmt.Errorf("trip %v of %q: %w", t, foreigner, store.ErrInvalid)
	}
	if err := store.CheckStrings(foreigner); err != nil {
		return err
	}
	if tx.st.trips[foreigner] == nil {
		tx.st.trips[foreigner] = map[calendar.Date]stay.Trip{}
	}
	tx.st.trips[foreigner][t.Entry] = t
	return nil
}

func (tx *fakeTx) PutDeadline(ctx context.Context, d store.Deadline) error {
	if err := d.Validate(); err != nil {
		return err
	}
	tx.st.deadlines[d.DeadlineKey] = d
	return nil
}

func (tx *fakeTx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	delete(tx.st.deadlines, key)
	return nil
}

func (tx *fakeTx) PutIdempotency(ctx context.Context, rec store.IdempotencyRecord) error {
	if err := rec.Validate(); err != nil {
		return err
	}
	if rec.Key == "" {
		return fmt.Errorf("empty idempotency key: %w", store.ErrInvalid)
	}
	if _, ok := tx.st.idem[rec.Key]; ok && !tx.bugs.duplicateKeys {
		return fmt.Errorf("idempotency key %q: %w", rec.Key, store.ErrDuplicate)
	}
	tx.st.idem[rec.Key] = rec
	return nil
}

func (tx *fakeTx) Enqueue(ctx context.Context, msgs ...store.Message) error {
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return err
		}
		if m.ID == "" {
			return fmt.Errorf("empty message ID: %w", store.ErrInvalid)
		}
		if _, ok := tx.st.msgs[m.ID]; ok {
			return fmt.Errorf("message %q: %w", m.ID, store.ErrDuplicate)
		}
		tx.st.msgs[m.ID] = tx.copyMessage(m)
	}
	return nil
}

func (tx *fakeTx) UpdateMessage(ctx context.Context, m store.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if _, ok := tx.st.msgs[m.ID]; !ok {
		return fmt.Errorf("message %q: %w", redact.ID(string(m.ID)), store.ErrNotFound)
	}
	tx.st.msgs[m.ID] = tx.copyMessage(m)
	return nil
}

func (tx *fakeTx) PutCertificate(ctx context.Context, c store.Certificate) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.Registration == "" {
		return fmt.Errorf("certificate without a registration: %w", store.ErrInvalid)
	}
	tx.st.certs[c.Registration] = c
	return nil
}

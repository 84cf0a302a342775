package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Each write changes the store at once and adds to the transaction's undo
// log what reverses the change (see Update).

// onUndo adds fn to the undo log.
func (t *tx) onUndo(fn func()) { t.undo = append(t.undo, fn) }

// insert adds k, which is absent, to the index o, and logs its removal.
func insert[K any](t *tx, o *ordered[K], k K) {
	o.Insert(k)
	t.onUndo(func() { o.Delete(k) })
}

// remove takes k, which is present, out of the index o, and logs its
// return.
func remove[K any](t *tx, o *ordered[K], k K) {
	o.Delete(k)
	t.onUndo(func() { o.Insert(k) })
}

// edit returns the foreigner's entry, made if there is none, ready to be
// changed in place: the first time in a unit of work, it logs how to
// restore the entry, and gives it slices of its own, so that the logged
// ones stay as they are.
func (t *tx) edit(id registration.ForeignerID) *foreigner {
	s := t.s
	f := s.foreigners[id]
	if f != nil && slices.Contains(t.edited, id) {
		return f
	}
	t.edited = append(t.edited, id)
	if f == nil {
		f = &foreigner{}
		s.foreigners[id] = f
		t.onUndo(func() { delete(s.foreigners, id) })
	}
	old := *f
	t.onUndo(func() { *f = old })
	f.trips, f.regs, f.states, f.deadlines = slices.Clone(f.trips), slices.Clone(f.regs), slices.Clone(f.states), slices.Clone(f.deadlines)
	return f
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

// checkActive refuses r when it is active and another registration of its
// foreigner is too.
func (t *tx) checkActive(r registration.Registration) error {
	if f := t.s.foreigners[r.Foreigner]; f != nil && r.State.IsActive() {
		for j, other := range f.regs {
			if other != r.ID && f.states[j].IsActive() {
				return fmt.Errorf("%w: registration %s of the same foreigner is active", store.ErrConflict, other)
			}
		}
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
	s := t.s
	if s.regs[r.ID] != nil {
		return fmt.Errorf("%w: registration %s", store.ErrDuplicate, redact.ID(string(r.ID)))
	}
	if err := t.checkActive(r); err != nil {
		return err
	}
	id := r.ID
	s.regs[id] = &record{reg: r, events: copyEvents(events)}
	t.onUndo(func() { delete(s.regs, id) })
	insert(t, s.ids, id)
	host := r.HostID
	h := s.byHost[host]
	if h == nil {
		h = newOrdered(cmp.Compare[registration.ID])
		s.byHost[host] = h
		t.onUndo(func() { delete(s.byHost, host) })
	}
	insert(t, h, id)
	f := t.edit(r.Foreigner)
	i, _ := slices.BinarySearch(f.regs, r.ID)
	f.regs = slices.Insert(f.regs, i, r.ID)
	f.states = slices.Insert(f.states, i, r.State)
	return nil
}

func (t *tx) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	rec := t.s.regs[r.ID]
	if rec == nil {
		return fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(r.ID)))
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
		return fmt.Errorf("%w: registration %s: foreigner and host cannot change", store.ErrConflict, redact.ID(string(r.ID)))
	}
	if err := t.checkActive(r); err != nil {
		return err
	}
	before := *rec
	t.onUndo(func() { *rec = before })
	rec.reg = r
	if r.State != old.State {
		f := t.edit(r.Foreigner)
		i, _ := slices.BinarySearch(f.regs, r.ID)
		f.states[i] = r.State
	}
	// Clipped, the old events' array is not appended into: the logged
	// copy keeps it as it was.
	rec.events = append(slices.Clip(rec.events), copyEvents(events)...)
	return nil
}

func (t *tx) PutForeigner(ctx context.Context, id registration.ForeignerID, p registration.Person) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckForeigner(id, p); err != nil {
		return err
	}
	f := t.edit(id)
	f.person, f.hasPerson = p, true
	return nil
}

func (t *tx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, trip stay.Trip) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckTrip(foreigner, trip); err != nil {
		return err
	}
	f := t.edit(foreigner)
	i, found := slices.BinarySearchFunc(f.trips, trip.Entry, func(x stay.Trip, e calendar.Date) int { return x.Entry.Compare(e) })
	if found {
		f.trips[i] = trip
	} else {
		f.trips = slices.Insert(f.trips, i, trip)
	}
	return nil
}

// deadline returns the index of the foreigner's deadline with the key, or
// -1.
func (f *foreigner) deadline(k store.DeadlineKey) int {
	return slices.IndexFunc(f.deadlines, func(d store.Deadline) bool { return d.DeadlineKey == k })
}

func (t *tx) PutDeadline(ctx context.Context, d store.Deadline) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	f := t.edit(d.Foreigner)
	if i := f.deadline(d.DeadlineKey); i >= 0 {
		remove(t, t.s.due, f.deadlines[i])
		f.deadlines[i] = d
	} else {
		f.deadlines = append(f.deadlines, d)
	}
	insert(t, t.s.due, d)
	return nil
}

// DeleteDeadline drops the foreigner's entry when the deadline was the
// last thing stored for the foreigner.
func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	s := t.s
	if f := s.foreigners[key.Foreigner]; f == nil || f.deadline(key) < 0 {
		return nil
	}
	f := t.edit(key.Foreigner)
	i := f.deadline(key)
	remove(t, s.due, f.deadlines[i])
	f.deadlines = slices.Delete(f.deadlines, i, i+1)
	if f.empty() {
		delete(s.foreigners, key.Foreigner)
		t.onUndo(func() { s.foreigners[key.Foreigner] = f })
	}
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
	t.onUndo(func() { delete(s.idem, rec.Key) })
	return nil
}

// Enqueue checks every message before it stores any.
func (t *tx) Enqueue(ctx context.Context, msgs ...store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckMessages(msgs); err != nil {
		return err
	}
	for _, m := range msgs {
		if _, ok := t.s.msgs[m.ID]; ok {
			return fmt.Errorf("%w: message %s", store.ErrDuplicate, redact.ID(m.ID))
		}
	}
	for _, m := range msgs {
		t.putMessage(copyMessage(m), nil)
	}
	return nil
}

func (t *tx) UpdateMessage(ctx context.Context, m store.Message) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	old := t.s.msgs[m.ID]
	if old == nil {
		return fmt.Errorf("%w: message %s", store.ErrNotFound, redact.ID(m.ID))
	}
	t.putMessage(copyMessage(m), old)
	return nil
}

// putMessage stores m, a copy of the caller's, in place of old, the
// message stored with its ID (nil for a new one), and keeps the index of
// undelivered messages in step.
func (t *tx) putMessage(m store.Message, old *store.Message) {
	s := t.s
	if old != nil && !old.Delivered() {
		remove(t, s.pending, pendingOf(*old))
	}
	s.msgs[m.ID] = &m
	t.onUndo(func() {
		if old != nil {
			s.msgs[m.ID] = old
		} else {
			delete(s.msgs, m.ID)
		}
	})
	if !m.Delivered() {
		insert(t, s.pending, pendingOf(m))
	}
}

func (t *tx) PutCertificate(ctx context.Context, c store.Certificate) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	rec := t.s.regs[c.Registration]
	if rec == nil {
		return fmt.Errorf("%w: registration %s", store.ErrNotFound, redact.ID(string(c.Registration)))
	}
	old := rec.cert
	rec.cert = &c
	t.onUndo(func() { rec.cert = old })
	return nil
}

// Lock checks the foreigner and returns: write transactions already run
// one at a time.
func (t *tx) Lock(ctx context.Context, foreigner registration.ForeignerID) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	return store.CheckLock(foreigner)
}

// LockLinked, LockRegistration and ForeignerRecords make the calls
// they combine: here no call costs a round trip.
func (t *tx) LockLinked(ctx context.Context, ids []registration.ForeignerID, otherwise registration.ForeignerID) (registration.ForeignerID, error) {
	return store.StepwiseLockLinked(ctx, t, ids, otherwise)
}
func (t *tx) LockRegistration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	return store.StepwiseLockRegistration(ctx, t, id)
}
func (t *tx) ForeignerRecords(ctx context.Context, q store.RecordsQuery, p store.Page) (store.Records, error) {
	return store.StepwiseForeignerRecords(ctx, t, q, p)
}

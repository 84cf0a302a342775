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

// onUndo adds to the undo log what reverses a write, which changed the
// store at once (see Update).
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

// set makes m[k] v and logs how to restore m[k]. A slice kept in m is
// never changed in place but replaced (see Store), so the log keeps it as
// it was.
func set[K comparable, V any](t *tx, m map[K]V, k K, v V) {
	old, had := m[k]
	m[k] = v
	t.onUndo(func() {
		if had {
			m[k] = old
		} else {
			delete(m, k)
		}
	})
}

// del deletes m[k], if there is one, and logs how to restore it.
func del[K comparable, V any](t *tx, m map[K]V, k K) {
	if old, had := m[k]; had {
		delete(m, k)
		t.onUndo(func() { m[k] = old })
	}
}

// keep logs how to restore the record, before a write changes it.
func (t *tx) keep(rec *record) {
	old := *rec
	t.onUndo(func() { *rec = old })
}

// setList is set for a foreigner's slices: an empty one is deleted, so
// that nothing is kept for no one.
func setList[V any](t *tx, m map[registration.ForeignerID][]V, k registration.ForeignerID, v []V) {
	if len(v) == 0 {
		del(t, m, k)
	} else {
		set(t, m, k, v)
	}
}

// writable checks that the transaction may write, and then returns
// invalid: the error of the store package's check of what is written (nil
// when it passes, or when there is none).
func (t *tx) writable(ctx context.Context, invalid ...error) error {
	if err := t.check(ctx); err != nil {
		return err
	}
	if !t.write {
		return fmt.Errorf("%w: write in a read transaction", store.ErrInvalid)
	}
	return cmp.Or(invalid...) // the first error, or nil
}

// checkActive refuses r when it is active and another registration of its
// foreigner is too.
func (t *tx) checkActive(r registration.Registration) error {
	for _, other := range t.s.regsOf[r.Foreigner] {
		if r.State.IsActive() && other.id != r.ID && other.state.IsActive() {
			return fmt.Errorf("%w: registration %s of the same foreigner is active", store.ErrConflict, redact.ID(string(other.id)))
		}
	}
	return nil
}

func (t *tx) CreateRegistration(ctx context.Context, r registration.Registration, events []registration.Event) error {
	if err := t.writable(ctx, store.CheckNewRegistration(r, events)); err != nil {
		return err
	}
	s := t.s
	if s.regs[r.ID] != nil {
		return fmt.Errorf("%w: registration %s", store.ErrDuplicate, redact.ID(string(r.ID)))
	}
	if err := t.checkActive(r); err != nil {
		return err
	}
	set(t, s.regs, r.ID, &record{reg: r, events: registration.CloneEvents(events)})
	insert(t, s.ids, r.ID)
	h := s.byHost[r.HostID]
	if h == nil {
		h = newOrdered(cmp.Compare[registration.ID])
		set(t, s.byHost, r.HostID, h)
	}
	insert(t, h, r.ID)
	// Clipped, the slice is copied, not changed: so with every slice below.
	own := slices.Clip(s.regsOf[r.Foreigner])
	i, _ := slices.BinarySearchFunc(own, r.ID, byID)
	set(t, s.regsOf, r.Foreigner, slices.Insert(own, i, regState{r.ID, r.State}))
	return nil
}

func (t *tx) UpdateRegistration(ctx context.Context, r registration.Registration, expected int, events []registration.Event) error {
	if err := t.writable(ctx, store.CheckUpdate(r, expected, events)); err != nil {
		return err
	}
	rec, err := t.record(ctx, r.ID)
	if err != nil {
		return err
	}
	old := rec.reg
	if old.Version != expected {
		return fmt.Errorf("%w: registration %s is at version %d, not %d", store.ErrConflict, redact.ID(string(r.ID)), old.Version, expected)
	}
	if r.Foreigner != old.Foreigner || r.HostID != old.HostID {
		return fmt.Errorf("%w: registration %s: foreigner and host cannot change", store.ErrConflict, redact.ID(string(r.ID)))
	}
	if err := t.checkActive(r); err != nil {
		return err
	}
	t.keep(rec)
	rec.reg = r
	if r.State != old.State {
		own := slices.Clone(t.s.regsOf[r.Foreigner])
		i, _ := slices.BinarySearchFunc(own, r.ID, byID)
		own[i].state = r.State
		set(t, t.s.regsOf, r.Foreigner, own)
	}
	// Clipped, the old events' array is not appended into: the logged
	// copy keeps it as it was.
	rec.events = append(slices.Clip(rec.events), registration.CloneEvents(events)...)
	return nil
}

func (t *tx) PutForeigner(ctx context.Context, id registration.ForeignerID, p registration.Person) error {
	if err := t.writable(ctx, store.CheckForeigner(id, p)); err != nil {
		return err
	}
	set(t, t.s.persons, id, p)
	return nil
}

func (t *tx) PutTrip(ctx context.Context, foreigner registration.ForeignerID, trip stay.Trip) error {
	if err := t.writable(ctx, store.CheckTrip(foreigner, trip)); err != nil {
		return err
	}
	trips := slices.Clip(t.s.trips[foreigner])
	i, found := slices.BinarySearchFunc(trips, trip.Entry, func(x stay.Trip, e calendar.Date) int { return x.Entry.Compare(e) })
	if found {
		trips = slices.Clone(trips)
		trips[i] = trip
	} else {
		trips = slices.Insert(trips, i, trip)
	}
	set(t, t.s.trips, foreigner, trips)
	return nil
}

// deadline returns the index of the deadline with the key among a
// foreigner's, or -1.
func deadline(own []store.Deadline, k store.DeadlineKey) int {
	return slices.IndexFunc(own, func(d store.Deadline) bool { return d.DeadlineKey == k })
}

func (t *tx) PutDeadline(ctx context.Context, d store.Deadline) error {
	if err := t.writable(ctx, d.Validate()); err != nil {
		return err
	}
	own := slices.Clip(t.s.deadlines[d.Foreigner])
	if i := deadline(own, d.DeadlineKey); i >= 0 {
		remove(t, t.s.due, own[i])
		own = slices.Clone(own)
		own[i] = d
	} else {
		own = append(own, d)
	}
	set(t, t.s.deadlines, d.Foreigner, own)
	insert(t, t.s.due, d)
	return nil
}

func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	own := t.s.deadlines[key.Foreigner]
	if i := deadline(own, key); i >= 0 {
		remove(t, t.s.due, own[i])
		setList(t, t.s.deadlines, key.Foreigner, slices.Delete(slices.Clone(own), i, i+1))
	}
	return nil
}

func (t *tx) PutIdempotency(ctx context.Context, rec store.IdempotencyRecord) error {
	if err := t.writable(ctx, rec.Validate()); err != nil {
		return err
	}
	if _, ok := t.s.idem[rec.Key]; ok {
		return fmt.Errorf("%w: idempotency key", store.ErrDuplicate)
	}
	set(t, t.s.idem, rec.Key, rec)
	return nil
}

// Enqueue checks every message before it stores any.
func (t *tx) Enqueue(ctx context.Context, msgs ...store.Message) error {
	if err := t.writable(ctx, store.CheckMessages(msgs)); err != nil {
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
	if err := t.writable(ctx, m.Validate()); err != nil {
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
		remove(t, s.pending, old)
	}
	set(t, s.msgs, m.ID, &m)
	if !m.Delivered() {
		insert(t, s.pending, &m)
	}
}

func (t *tx) PutCertificate(ctx context.Context, c store.Certificate) error {
	if err := t.writable(ctx, c.Validate()); err != nil {
		return err
	}
	rec, err := t.record(ctx, c.Registration)
	if err != nil {
		return err
	}
	old := rec.cert
	rec.cert = &c
	t.onUndo(func() { rec.cert = old })
	return nil
}

// Lock checks the foreigner and returns: write transactions already run
// one at a time.
func (t *tx) Lock(ctx context.Context, foreigner registration.ForeignerID) error {
	return t.writable(ctx, store.CheckLock(foreigner))
}

// LockRegistration and ForeignerRecords make the calls they combine:
// here no call costs a round trip.
func (t *tx) LockRegistration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	return store.StepwiseLockRegistration(ctx, t, id)
}
func (t *tx) ForeignerRecords(ctx context.Context, q store.RecordsQuery, p store.Page) (store.Records, error) {
	return store.StepwiseForeignerRecords(ctx, t, q, p)
}

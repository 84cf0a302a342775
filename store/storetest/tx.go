package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Transactions: commit on nil, roll back on an error or a panic, read
// their own writes; a View sees one consistent state.

// world is one of every kind of record the store keeps, all about one
// registration, so that a test can write them together and check that
// they are all there or all absent.
type world struct {
	rec       record
	person    registration.Person
	trip      stay.Trip
	deadline  store.Deadline
	deadline2 store.Deadline
	idem      store.IdempotencyRecord
	msg       store.Message
	cert      store.Certificate
}

// newWorld returns the records of the i-th pending registration.
func newWorld(t *testing.T, i int) world {
	t.Helper()
	r, evs := pending(t, regID(i), person(i), host(t, i))
	return world{
		rec:    record{r, evs},
		person: r.Person,
		trip:   stay.Trip{Entry: entryDay},
		deadline: store.Deadline{
			DeadlineKey:  store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: r.Foreigner, Subject: string(r.ID)},
			Due:          hostDueDay,
			Registration: r.ID,
			Entry:        entryDay,
		},
		deadline2: store.Deadline{
			DeadlineKey:  store.DeadlineKey{Kind: store.DueReminder, Foreigner: r.Foreigner, Subject: string(r.ID)},
			Due:          hostDueDay.AddDays(-1),
			Registration: r.ID,
			Entry:        entryDay,
		},
		idem: store.IdempotencyRecord{
			Key: fmt.Sprintf("key%04d", i), Fingerprint: "sha256-0123456789abcdef",
			Registration: r.ID, CreatedAt: submittedAt,
		},
		msg: store.Message{
			ID: fmt.Sprintf("msg%04d", i), Kind: "host_request", To: string(r.HostID), Registration: r.ID,
			Body: []byte(`{"registration":"` + string(r.ID) + `"}`), CreatedAt: submittedAt, NextAttempt: submittedAt,
		},
		cert: store.Certificate{
			Registration: r.ID, Number: fmt.Sprintf("KZ-2026-%06d", i), Token: fmt.Sprintf("token%04d", i),
			IssuedAt: answeredAt,
		},
	}
}

// write stores every record of the world in tx.
func (w world) write(tx store.Tx, t *testing.T) error {
	ctx := t.Context()
	if err := tx.CreateRegistration(ctx, w.rec.reg, w.rec.events); err != nil {
		return fmt.Errorf("CreateRegistration(%v): %w", w.rec.reg, err)
	}
	if err := tx.PutForeigner(ctx, fid(w.person), w.person); err != nil {
		return fmt.Errorf("PutForeigner(%v): %w", w.person, err)
	}
	if err := tx.PutTrip(ctx, w.rec.reg.Foreigner, w.trip); err != nil {
		return fmt.Errorf("PutTrip(%v): %w", w.trip, err)
	}
	for _, d := range []store.Deadline{w.deadline, w.deadline2} {
		if err := tx.PutDeadline(ctx, d); err != nil {
			return fmt.Errorf("PutDeadline(%v %v): %w", d.Kind, d.Due, err)
		}
	}
	if err := tx.PutIdempotency(ctx, w.idem); err != nil {
		return fmt.Errorf("PutIdempotency(%q): %w", w.idem.Key, err)
	}
	if err := tx.Enqueue(ctx, w.msg); err != nil {
		return fmt.Errorf("Enqueue(%q): %w", w.msg.ID, err)
	}
	if err := tx.PutCertificate(ctx, w.cert); err != nil {
		return fmt.Errorf("PutCertificate(%q): %w", w.cert.Registration, err)
	}
	return nil
}

// readWorld reads back what the store holds of the world's records, with
// zero values (and ErrNotFound) for what it does not hold.
type worldRead struct {
	reg       registration.Registration
	regErr    error
	events    []registration.Event
	person    registration.Person
	personErr error
	trips     []stay.Trip
	deadlines []store.Deadline
	idem      store.IdempotencyRecord
	idemErr   error
	msg       store.Message
	msgErr    error
	pending   []store.Message
	cert      store.Certificate
	certErr   error
}

func (w world) read(tx store.ReadTx, t *testing.T) (worldRead, error) {
	ctx := t.Context()
	var got worldRead
	var err error
	id := w.rec.reg.ID
	got.reg, got.regErr = tx.Registration(ctx, id)
	got.events, _ = tx.Events(ctx, id)
	got.person, got.personErr = tx.Foreigner(ctx, w.rec.reg.Foreigner)
	if got.trips, err = tx.Trips(ctx, w.rec.reg.Foreigner); err != nil {
		return got, fmt.Errorf("Trips: %w", err)
	}
	all, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: calendar.NewDate(2100, time.January, 1)}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return got, fmt.Errorf("Deadlines: %w", err)
	}
	for _, d := range all {
		if d.Foreigner == w.rec.reg.Foreigner {
			got.deadlines = append(got.deadlines, d)
		}
	}
	got.idem, got.idemErr = tx.Idempotency(ctx, w.idem.Key)
	got.msg, got.msgErr = tx.Message(ctx, w.msg.ID)
	pend, err := tx.PendingMessages(ctx, w.msg.NextAttempt.Add(time.Hour), 1000)
	if err != nil {
		return got, fmt.Errorf("PendingMessages: %w", err)
	}
	for _, m := range pend {
		if m.Registration == id {
			got.pending = append(got.pending, m)
		}
	}
	got.cert, got.certErr = tx.Certificate(ctx, id)
	return got, nil
}

// checkPresent reports an error unless the store holds every record of
// the world as written.
func (w world) checkPresent(t *testing.T, s store.Store, when string) {
	t.Helper()
	var got worldRead
	view(t, s, func(tx store.ReadTx) error {
		var err error
		got, err = w.read(tx, t)
		return err
	})
	w.compare(t, got, when)
}

func (w world) compare(t *testing.T, got worldRead, when string) {
	t.Helper()
	id := w.rec.reg.ID
	if got.regErr != nil {
		t.Errorf("%s: Registration(%q) = %v; want it", when, id, got.regErr)
	} else if d := diff(got.reg, w.rec.reg); d != "" {
		t.Errorf("%s: Registration(%q) differs:\n%s", when, id, d)
	}
	if d := diff(got.events, w.rec.events); d != "" {
		t.Errorf("%s: Events(%q) differs:\n%s", when, id, d)
	}
	if got.personErr != nil {
		t.Errorf("%s: Foreigner of %s = %v; want the person", when, id, got.personErr)
	} else if d := diff(got.person, w.person); d != "" {
		t.Errorf("%s: Foreigner of %s differs:\n%s", when, id, d)
	}
	if d := diff(got.trips, []stay.Trip{w.trip}); d != "" {
		t.Errorf("%s: Trips of %s differ:\n%s", when, id, d)
	}
	if d := diff(got.deadlines, []store.Deadline{w.deadline2, w.deadline}); d != "" {
		t.Errorf("%s: Deadlines of %s differ:\n%s", when, id, d)
	}
	if got.idemErr != nil {
		t.Errorf("%s: Idempotency(%q) = %v; want it", when, w.idem.Key, got.idemErr)
	} else if d := diff(got.idem, w.idem); d != "" {
		t.Errorf("%s: Idempotency(%q) differs:\n%s", when, w.idem.Key, d)
	}
	if got.msgErr != nil {
		t.Errorf("%s: Message(%q) = %v; want it", when, w.msg.ID, got.msgErr)
	} else if d := diff(got.msg, w.msg); d != "" {
		t.Errorf("%s: Message(%q) differs:\n%s", when, w.msg.ID, d)
	}
	if d := diff(got.pending, []store.Message{w.msg}); d != "" {
		t.Errorf("%s: PendingMessages for %s differ:\n%s", when, id, d)
	}
	if got.certErr != nil {
		t.Errorf("%s: Certificate(%q) = %v; want it", when, id, got.certErr)
	} else if d := diff(got.cert, w.cert); d != "" {
		t.Errorf("%s: Certificate(%q) differs:\n%s", when, id, d)
	}
}

// checkAbsent reports an error unless the store holds none of the world's
// records.
func (w world) checkAbsent(t *testing.T, s store.Store, when string) {
	t.Helper()
	var got worldRead
	view(t, s, func(tx store.ReadTx) error {
		var err error
		got, err = w.read(tx, t)
		return err
	})
	id := w.rec.reg.ID
	if !errors.Is(got.regErr, store.ErrNotFound) {
		t.Errorf("%s: Registration(%q) = %v, %v; want store.ErrNotFound", when, id, got.reg, got.regErr)
	}
	if len(got.events) != 0 {
		t.Errorf("%s: Events(%q) = %d events; want none", when, id, len(got.events))
	}
	if !errors.Is(got.personErr, store.ErrNotFound) {
		t.Errorf("%s: Foreigner of %s = %v, %v; want store.ErrNotFound", when, id, got.person, got.personErr)
	}
	if len(got.trips) != 0 {
		t.Errorf("%s: Trips of %s = %v; want none", when, id, got.trips)
	}
	if len(got.deadlines) != 0 {
		t.Errorf("%s: %d deadlines of %s; want none", when, len(got.deadlines), id)
	}
	if !errors.Is(got.idemErr, store.ErrNotFound) {
		t.Errorf("%s: Idempotency(%q) = %v; want store.ErrNotFound", when, w.idem.Key, got.idemErr)
	}
	if !errors.Is(got.msgErr, store.ErrNotFound) {
		t.Errorf("%s: Message(%q) = %v; want store.ErrNotFound", when, w.msg.ID, got.msgErr)
	}
	if len(got.pending) != 0 {
		t.Errorf("%s: %d pending messages for %s; want none", when, len(got.pending), id)
	}
	if !errors.Is(got.certErr, store.ErrNotFound) {
		t.Errorf("%s: Certificate(%q) = %v; want store.ErrNotFound", when, id, got.certErr)
	}
}

func testCommitOnNil(t *testing.T, s store.Store) {
	w1, w2 := newWorld(t, 1), newWorld(t, 2)
	update(t, s, func(tx store.Tx) error {
		if err := w1.write(tx, t); err != nil {
			return err
		}
		return w2.write(tx, t)
	})
	w1.checkPresent(t, s, "after the transaction committed")
	w2.checkPresent(t, s, "after the transaction committed")
}

func testRollbackOnError(t *testing.T, s store.Store) {
	ctx := t.Context()
	old := newWorld(t, 1)
	update(t, s, func(tx store.Tx) error { return old.write(tx, t) })

	// One transaction changes every record of old in place and writes a
	// whole new world, then fails.
	fresh := newWorld(t, 2)
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := changeWorld(t, tx, old); err != nil {
			return err
		}
		if err := fresh.write(tx, t); err != nil {
			return err
		}
		return errDeliberate
	})
	if !errors.Is(err, errDeliberate) {
		t.Errorf("Update(fn returning %q) = %v; want fn's error", errDeliberate, err)
	}
	old.checkPresent(t, s, "after the failed transaction")
	fresh.checkAbsent(t, s, "after the failed transaction")
}

// changeWorld changes every record of w in place: the registration is
// confirmed, the person's document renewed, the trip closed, one deadline moved and the other deleted, the
// message attempted, the certificate replaced.
func changeWorld(t *testing.T, tx store.Tx, w world) error {
	ctx := t.Context()
	next, evs := confirm(t, w.rec.reg)
	if err := tx.UpdateRegistration(ctx, next, w.rec.reg.Version, evs); err != nil {
		return fmt.Errorf("UpdateRegistration: %w", err)
	}
	p := w.person
	p.Document.Expiry, p.CyrillicPatronymic = p.Document.Expiry.AddDays(365), "Каримович"
	if err := tx.PutForeigner(ctx, fid(p), p); err != nil {
		return fmt.Errorf("PutForeigner: %w", err)
	}
	if err := tx.PutTrip(ctx, w.rec.reg.Foreigner, stay.Trip{Entry: w.trip.Entry, Exit: w.trip.Entry.AddDays(9)}); err != nil {
		return fmt.Errorf("PutTrip: %w", err)
	}
	moved := w.deadline
	moved.Due = moved.Due.AddDays(3)
	if err := tx.PutDeadline(ctx, moved); err != nil {
		return fmt.Errorf("PutDeadline: %w", err)
	}
	if err := tx.DeleteDeadline(ctx, w.deadline2.DeadlineKey); err != nil {
		return fmt.Errorf("DeleteDeadline: %w", err)
	}
	m := w.msg
	m.Attempts, m.LastError, m.NextAttempt = 1, "timeout", m.NextAttempt.Add(24*time.Hour)
	if err := tx.UpdateMessage(ctx, m); err != nil {
		return fmt.Errorf("UpdateMessage: %w", err)
	}
	c := w.cert
	c.Number, c.Token = c.Number+"R", c.Token+"r"
	if err := tx.PutCertificate(ctx, c); err != nil {
		return fmt.Errorf("PutCertificate: %w", err)
	}
	return nil
}

func testReadYourWrites(t *testing.T, s store.Store) {
	ctx := t.Context()
	old := newWorld(t, 1)
	update(t, s, func(tx store.Tx) error { return old.write(tx, t) })
	fresh := newWorld(t, 2)
	var got worldRead
	var listed []registration.ID
	update(t, s, func(tx store.Tx) error {
		if err := fresh.write(tx, t); err != nil {
			return err
		}
		var err error
		if got, err = fresh.read(tx, t); err != nil {
			return err
		}
		rs, _, err := tx.Registrations(ctx, store.Filter{}, store.Page{})
		if err != nil {
			return fmt.Errorf("Registrations: %w", err)
		}
		listed = ids(rs)
		return nil
	})
	fresh.compare(t, got, "inside the transaction that wrote them")
	if want := []registration.ID{old.rec.reg.ID, fresh.rec.reg.ID}; !slices.Equal(listed, want) {
		t.Errorf("Registrations inside the transaction that created %s = %v; want %v", fresh.rec.reg.ID, listed, want)
	}

	// Changes in place are seen too.
	var after registration.Registration
	update(t, s, func(tx store.Tx) error {
		if err := changeWorld(t, tx, old); err != nil {
			return err
		}
		var err error
		after, err = tx.Registration(ctx, old.rec.reg.ID)
		return err
	})
	if after.State != registration.Confirmed || after.Version != 2 {
		t.Errorf("Registration(%q) after UpdateRegistration in the same transaction = %v; want it confirmed at version 2", old.rec.reg.ID, after)
	}
}

func testRollbackOnPanic(t *testing.T, s store.Store) {
	ctx := t.Context()
	old := newWorld(t, 1)
	update(t, s, func(tx store.Tx) error { return old.write(tx, t) })
	fresh := newWorld(t, 2)

	const boom = "storetest: deliberate panic"
	got := catch(func() {
		_ = s.Update(ctx, func(tx store.Tx) error {
			if err := changeWorld(t, tx, old); err != nil {
				return err
			}
			if err := fresh.write(tx, t); err != nil {
				return err
			}
			panic(boom)
		})
	})
	if got != boom {
		t.Errorf("Update(fn that panics with %q) panicked with %v; want the same panic", boom, got)
	}
	old.checkPresent(t, s, "after a panic in Update")
	fresh.checkAbsent(t, s, "after a panic in Update")

	// The store is still usable: nothing is left locked or open.
	next := newWorld(t, 3)
	update(t, s, func(tx store.Tx) error { return next.write(tx, t) })
	next.checkPresent(t, s, "after a panic in an earlier Update")

	got = catch(func() {
		_ = s.View(ctx, func(tx store.ReadTx) error { panic(boom) })
	})
	if got != boom {
		t.Errorf("View(fn that panics with %q) panicked with %v; want the same panic", boom, got)
	}
	update(t, s, func(tx store.Tx) error { return changeWorld(t, tx, next) })
}

// catch runs f and returns what it panicked with, or nil.
func catch(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func testViewReturnsError(t *testing.T, s store.Store) {
	err := s.View(t.Context(), func(tx store.ReadTx) error { return errDeliberate })
	if !errors.Is(err, errDeliberate) {
		t.Errorf("View(fn returning %q) = %v; want fn's error", errDeliberate, err)
	}
}

func testViewConsistentUnderWrites(t *testing.T, s store.Store) {
	ctx := t.Context()
	const n = 6
	var recs []record
	for i := 1; i <= n; i++ {
		r, evs := pending(t, regID(i), person(i), host(t, i))
		recs = append(recs, record{r, evs})
	}
	create(t, s, recs...)

	// Writers take every registration from pending through confirmed to
	// ended, one transaction per step; readers check in each View that
	// every registration agrees with its log and with the listing.
	var wg sync.WaitGroup
	for _, rec := range recs {
		wg.Go(func() {
			for step := 0; step < 2; step++ {
				err := s.Update(ctx, func(tx store.Tx) error {
					r, err := tx.Registration(ctx, rec.reg.ID)
					if err != nil {
						return err
					}
					var next registration.Registration
					var evs []registration.Event
					if r.State == registration.Pending {
						next, evs, err = r.Confirm(registration.HostActor(r.HostID), validUntil, answeredAt)
					} else {
						next, evs, err = r.End(registration.System(), registration.Reason{Code: registration.Departed}, endedAt)
					}
					if err != nil {
						return err
					}
					return tx.UpdateRegistration(ctx, next, r.Version, evs)
				})
				if err != nil {
					t.Errorf("writer of %s, step %d: Update = %v; want nil", rec.reg.ID, step, err)
					return
				}
			}
		})
	}
	for round := 0; round < 30; round++ {
		err := s.View(ctx, func(tx store.ReadTx) error {
			listed, _, err := tx.Registrations(ctx, store.Filter{}, store.Page{})
			if err != nil {
				return fmt.Errorf("Registrations: %w", err)
			}
			if len(listed) != n {
				return fmt.Errorf("Registrations listed %d registrations; want %d", len(listed), n)
			}
			for _, l := range listed {
				r, err := tx.Registration(ctx, l.ID)
				if err != nil {
					return fmt.Errorf("Registration(%q): %w", l.ID, err)
				}
				evs, err := tx.Events(ctx, l.ID)
				if err != nil {
					return fmt.Errorf("Events(%q): %w", l.ID, err)
				}
				if r.Version != l.Version {
					return fmt.Errorf("in one View, Registrations listed %s at version %d but Registration returned version %d", l.ID, l.Version, r.Version)
				}
				if len(evs) == 0 {
					return fmt.Errorf("in one View, Registration(%q) is %v at version %d but Events returned no events", l.ID, r.State, r.Version)
				}
				if last := evs[len(evs)-1]; len(evs) != r.Version || last.Seq != r.Version || last.To != r.State {
					return fmt.Errorf("in one View, Registration(%q) is %v at version %d but Events returned %d events, the last %v", l.ID, r.State, r.Version, len(evs), last)
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("View, round %d: %v", round, err)
			break
		}
	}
	wg.Wait()
	for _, rec := range recs {
		r, evs, err := read(t, s, rec.reg.ID)
		if err != nil || r.State != registration.Ended || len(evs) != 3 {
			t.Errorf("after the writers: %s = %v with %d events, %v; want ended with 3 events", rec.reg.ID, r.State, len(evs), err)
		}
	}
}

package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// The invariants a store enforces itself, tried through its API directly:
// at most one active (confirmed) registration per foreigner, and an event
// log that only grows.

func testSecondActiveOnCreate(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, aevs := checkedIn(t, regID(1), person(1))
	create(t, s, record{a, aevs})

	b, bevs := checkedIn(t, regID(2), person(1))
	err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, b, bevs) })
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("CreateRegistration(%v) while %s of the same foreigner is confirmed = %v; want store.ErrConflict", b, a.ID, err)
	}
	checkAbsent(t, s, b.ID, "after the second active create failed")
	checkStored(t, s, record{a, aevs}, "after the second active create failed")

	// A pending request of the same foreigner is not active.
	c, cevs := pending(t, regID(3), person(1), host(t, 3))
	create(t, s, record{c, cevs})
	checkStored(t, s, record{c, cevs}, "after creating a pending request beside the active registration")
}

func testSecondActiveInOneTx(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, aevs := checkedIn(t, regID(1), person(1))
	b, bevs := checkedIn(t, regID(2), person(1))
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.CreateRegistration(ctx, a, aevs); err != nil {
			return fmt.Errorf("first CreateRegistration: %w (want nil)", err)
		}
		return tx.CreateRegistration(ctx, b, bevs)
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("creating two confirmed registrations of one foreigner in one transaction = %v; want store.ErrConflict", err)
	}
	checkAbsent(t, s, a.ID, "after the transaction failed")
	checkAbsent(t, s, b.ID, "after the transaction failed")
}

func testConfirmWhileAnotherActive(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, aevs := checkedIn(t, regID(1), person(1))
	b, bevs := pending(t, regID(2), person(1), host(t, 2))
	create(t, s, record{a, aevs}, record{b, bevs})

	next, nevs := confirm(t, b)
	err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, next, b.Version, nevs) })
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("UpdateRegistration confirming %s while %s of the same foreigner is confirmed = %v; want store.ErrConflict", b.ID, a.ID, err)
	}
	checkStored(t, s, record{a, aevs}, "after the second confirmation failed")
	checkStored(t, s, record{b, bevs}, "after the second confirmation failed")
}

func testSupersedeThenConfirm(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, aevs := checkedIn(t, regID(1), person(1))
	b, bevs := pending(t, regID(2), person(1), host(t, 2))
	create(t, s, record{a, aevs}, record{b, bevs})

	// The move: the old address is superseded and the new one confirmed in
	// one transaction, in that order.
	old, oevs := supersede(t, a, b.ID)
	now, nevs := confirm(t, b)
	update(t, s, func(tx store.Tx) error {
		if err := tx.UpdateRegistration(ctx, old, a.Version, oevs); err != nil {
			return fmt.Errorf("UpdateRegistration superseding %s: %w", a.ID, err)
		}
		if err := tx.UpdateRegistration(ctx, now, b.Version, nevs); err != nil {
			return fmt.Errorf("UpdateRegistration confirming %s after superseding %s: %w", b.ID, a.ID, err)
		}
		return nil
	})
	checkStored(t, s, record{a, aevs}.then(old, oevs), "after the move")
	checkStored(t, s, record{b, bevs}.then(now, nevs), "after the move")
}

func testActiveAgainAfterEnd(t *testing.T, s store.Store) {
	a, aevs := checkedIn(t, regID(1), person(1))
	rec := record{a, aevs}
	create(t, s, rec)
	ended, eevs := end(t, a)
	rec = advance(t, s, rec, ended, eevs)

	// With the first registration ended, the foreigner may have an active
	// one again, by create and by update.
	b, bevs := checkedIn(t, regID(2), person(1))
	create(t, s, record{b, bevs})
	checkStored(t, s, record{b, bevs}, "after creating a confirmed registration once the first ended")

	c, cevs := pending(t, regID(3), person(2), host(t, 3))
	crec := record{c, cevs}
	create(t, s, crec)
	rejected, revs := reject(t, c)
	advance(t, s, crec, rejected, revs)
	d, devs := pending(t, regID(4), person(2), host(t, 4))
	drec := record{d, devs}
	create(t, s, drec)
	confirmed, cfevs := confirm(t, d)
	drec = advance(t, s, drec, confirmed, cfevs)
	checkStored(t, s, drec, "after confirming a request beside a rejected one")
	checkStored(t, s, rec, "at the end")
}

func testForeignersAreIndependent(t *testing.T, s store.Store) {
	var recs []record
	for i := 1; i <= 3; i++ {
		r, evs := checkedIn(t, regID(i), person(i))
		recs = append(recs, record{r, evs})
	}
	// Several pending requests of one foreigner, beside their active
	// registration.
	for i := 4; i <= 6; i++ {
		r, evs := pending(t, regID(i), person(1), host(t, i))
		recs = append(recs, record{r, evs})
	}
	create(t, s, recs...)
	for _, rec := range recs {
		checkStored(t, s, rec, "after creating active registrations of different foreigners")
	}
}

func testEventsAppendOnly(t *testing.T, s store.Store) {
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	rec := record{r, evs}
	create(t, s, rec)
	first := registration.CloneEvents(rec.events)
	next, nevs := confirm(t, rec.reg)
	rec = advance(t, s, rec, next, nevs)
	next, nevs = end(t, rec.reg)
	rec = advance(t, s, rec, next, nevs)
	checkStored(t, s, rec, "after two updates")

	_, got, err := read(t, s, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < len(first) {
		t.Fatalf("Events(%q) = %d events after two updates; want %d", r.ID, len(got), len(rec.events))
	}
	if d := diff(got[:len(first)], first); d != "" {
		t.Errorf("Events(%q): the first events changed after updates:\n%s", r.ID, d)
	}
	for i, e := range got {
		if e.Seq != i+1 {
			t.Errorf("Events(%q)[%d].Seq = %d; want %d", r.ID, i, e.Seq, i+1)
		}
	}
}

func testEventsNoRewrite(t *testing.T, s store.Store) {
	ctx := t.Context()
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	rec := record{r, evs}
	create(t, s, rec)
	next, nevs := confirm(t, r)
	rec = advance(t, s, rec, next, nevs)

	// Rewriting the confirmation as a rejection: event 2 again, from the
	// version it replaced, and from the current version.
	rejected, revs := reject(t, r)
	for _, expected := range []int{1, 2} {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, rejected, expected, revs) })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("UpdateRegistration(%v, expected %d, event 2 again) = %v; want store.ErrConflict", rejected, expected, err)
		}
		checkStored(t, s, rec, fmt.Sprintf("after rewriting event 2 with expected version %d", expected))
	}
}

func testEventsPerRegistration(t *testing.T, s store.Store) {
	recs := sample(t, 1)
	create(t, s, recs...)
	// Interleave updates of the registrations.
	next, nevs := confirm(t, recs[0].reg)
	recs[0] = advance(t, s, recs[0], next, nevs)
	next, nevs = end(t, recs[1].reg)
	recs[1] = advance(t, s, recs[1], next, nevs)
	next, nevs = end(t, recs[0].reg)
	recs[0] = advance(t, s, recs[0], next, nevs)
	for _, rec := range recs {
		checkStored(t, s, rec, "after interleaved updates")
	}
}

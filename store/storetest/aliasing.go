package storetest

import (
	"slices"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Values are copied in and out: changing a value after writing it, or
// after reading it, never changes what is stored. The references inside
// the records are the events' submissions (a pointer), the messages'
// bodies and the slices the store returns.

// scribble changes every event and the submission behind it in place.
func scribble(evs []registration.Event) {
	for i := range evs {
		evs[i].Seq += 100
		evs[i].Reason.Note = "changed after the call"
		if sub := evs[i].Submission; sub != nil {
			sub.Person.Surname = "CHANGED"
			sub.Person.Document.Number = "XX0000000"
			sub.Address.Street = "changed"
		}
	}
}

func testAliasingRegistrationWritten(t *testing.T, s store.Store) {
	ctx := t.Context()
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	want := record{r, registration.CloneEvents(evs)}
	update(t, s, func(tx store.Tx) error {
		in := registration.CloneEvents(evs)
		if err := tx.CreateRegistration(ctx, r, in); err != nil {
			return err
		}
		scribble(in)
		return nil
	})
	checkStored(t, s, want, "after changing the events passed to CreateRegistration, in its transaction")

	r2, evs2 := pending(t, regID(2), person(2), host(t, 2))
	in2 := registration.CloneEvents(evs2)
	update(t, s, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r2, in2) })
	scribble(in2)
	checkStored(t, s, record{r2, evs2}, "after changing the events passed to CreateRegistration, after the commit")

	next, nevs := confirm(t, r)
	want = want.then(next, registration.CloneEvents(nevs))
	update(t, s, func(tx store.Tx) error {
		in := registration.CloneEvents(nevs)
		if err := tx.UpdateRegistration(ctx, next, r.Version, in); err != nil {
			return err
		}
		scribble(in)
		return nil
	})
	checkStored(t, s, want, "after changing the events passed to UpdateRegistration")
}

func testAliasingRegistrationRead(t *testing.T, s store.Store) {
	ctx := t.Context()
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	rec := record{r, evs}
	create(t, s, record{r, registration.CloneEvents(evs)}) // so that evs stays apart from the store

	// Changing what a View returned, then reading again in the same View.
	view(t, s, func(tx store.ReadTx) error {
		got, err := tx.Events(ctx, r.ID)
		if err != nil {
			return err
		}
		scribble(got)
		again, err := tx.Events(ctx, r.ID)
		if err != nil {
			return err
		}
		if d := diff(again, evs); d != "" {
			t.Errorf("Events(%q) after changing the events it returned earlier in the same View:\n%s", r.ID, d)
		}
		listed, _, err := tx.Registrations(ctx, store.Filter{}, store.Page{})
		if err != nil {
			return err
		}
		for i := range listed {
			listed[i].State, listed[i].Person.Surname = registration.Annulled, "CHANGED"
		}
		return nil
	})
	checkStored(t, s, rec, "after changing what a View returned")

	// Changing what an Update read, then committing it without a write.
	update(t, s, func(tx store.Tx) error {
		got, err := tx.Events(ctx, r.ID)
		if err != nil {
			return err
		}
		scribble(got)
		reg, err := tx.Registration(ctx, r.ID)
		if err != nil {
			return err
		}
		reg.State = registration.Annulled
		listed, _, err := tx.Registrations(ctx, store.Filter{}, store.Page{})
		if err != nil {
			return err
		}
		for i := range listed {
			listed[i].State = registration.Annulled
		}
		return nil
	})
	checkStored(t, s, rec, "after changing what an Update read and committing")
	if got := listAll(t, s, store.Filter{}, 10, nil); len(got) != 1 || diff(got[0], r) != "" {
		t.Errorf("Registrations after changing what earlier listings returned = %v; want [%v]", got, r)
	}
}

func testAliasingMessageBody(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	m := message(1, "m1", at(9, 0), at(9, 0))
	want := m
	want.Body = slices.Clone(m.Body)
	check := func(when string) {
		t.Helper()
		view(t, s, func(tx store.ReadTx) error {
			got, err := tx.Message(ctx, m.ID)
			if err != nil {
				t.Errorf("%s: Message(%q) = %v; want the message", when, m.ID, err)
				return nil
			}
			if d := diff(got, want); d != "" {
				t.Errorf("%s: Message(%q) differs from what was enqueued:\n%s", when, m.ID, d)
			}
			return nil
		})
	}
	var passed []byte // the body of the last attempt (fn may run again)
	update(t, s, func(tx store.Tx) error {
		in := m
		in.Body = slices.Clone(m.Body)
		passed = in.Body
		msgs := []store.Message{in}
		if err := tx.Enqueue(ctx, msgs...); err != nil {
			return err
		}
		in.Body[0] = 'X'
		// A caller may reuse the slice of messages too (the Service does).
		msgs[0] = store.Message{ID: m.ID, Kind: "scribbled"}
		return nil
	})
	check("after changing the body and the slice passed to Enqueue, in its transaction")
	passed[1] = 'Y'
	check("after changing the body passed to Enqueue, after the commit")

	view(t, s, func(tx store.ReadTx) error {
		got, err := tx.Message(ctx, m.ID)
		if err == nil && len(got.Body) > 0 {
			got.Body[0] = 'Z'
		}
		pend, err := tx.PendingMessages(ctx, at(10, 0), 10)
		for _, p := range pend {
			if len(p.Body) > 0 {
				p.Body[0] = 'Z'
			}
		}
		return err
	})
	check("after changing the bodies Message and PendingMessages returned")

	update(t, s, func(tx store.Tx) error {
		up := want
		up.Body, up.Attempts = slices.Clone(want.Body), 1
		if err := tx.UpdateMessage(ctx, up); err != nil {
			return err
		}
		up.Body[0] = 'W'
		return nil
	})
	want.Attempts = 1
	check("after changing the body passed to UpdateMessage")
}

func testAliasingReturnedSlices(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorld(t, 1)
	update(t, s, func(tx store.Tx) error { return w.write(tx, t) })
	view(t, s, func(tx store.ReadTx) error {
		got, err := w.read(tx, t)
		if err != nil {
			return err
		}
		for i := range got.events {
			got.events[i].Seq = 99
		}
		for i := range got.trips {
			got.trips[i] = stay.Trip{Entry: got.trips[i].Entry.AddDays(-1)}
		}
		ts, err := tx.Trips(ctx, w.rec.reg.Foreigner)
		if err != nil {
			return err
		}
		for i := range ts {
			ts[i].Exit = ts[i].Entry.AddDays(1)
		}
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: validUntil}, store.Page{})
		if err != nil {
			return err
		}
		for i := range ds {
			ds[i].Due = ds[i].Due.AddDays(100)
			ds[i].Subject = "changed"
		}
		ms, err := tx.PendingMessages(ctx, at(23, 0), 10)
		for i := range ms {
			ms[i].Attempts = 99
		}
		return err
	})
	w.checkPresent(t, s, "after changing the slices reads returned")
}

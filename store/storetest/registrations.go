package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Registrations and their event logs: create, read, update, and the checks
// on IDs, versions and event numbers (store.Tx.CreateRegistration and
// store.Tx.UpdateRegistration).

// sample returns three registrations of different shapes: a pending
// request (version 1), a request the host confirmed (version 2), and a
// hotel's check-in confirmed in the same step (version 2).
func sample(t *testing.T, first int) []record {
	t.Helper()
	r1, e1 := pending(t, regID(first), person(first), host(t, first))
	p2, pe2 := pending(t, regID(first+1), person(first+1), host(t, first+1))
	r2, e2 := confirm(t, p2)
	r3, e3 := checkedIn(t, regID(first+2), person(first+2))
	return []record{
		{r1, e1},
		record{p2, pe2}.then(r2, e2),
		{r3, e3},
	}
}

func testCreateAndRead(t *testing.T, s store.Store) {
	recs := sample(t, 1)
	create(t, s, recs...)
	for _, rec := range recs {
		checkStored(t, s, rec, "after CreateRegistration")
	}
}

// testCountRegistrations: CountRegistrations counts a foreigner's
// registrations in every state, none for an unknown foreigner, and sees
// the transaction's own writes.
func testCountRegistrations(t *testing.T, s store.Store) {
	ctx := t.Context()
	recs := sample(t, 1)
	create(t, s, recs...)
	count := func(tx store.ReadTx, f registration.ForeignerID) int {
		t.Helper()
		n, err := tx.CountRegistrations(ctx, f)
		if err != nil {
			t.Fatalf("CountRegistrations(%s) = %v", f, err)
		}
		return n
	}
	err := s.Update(ctx, func(tx store.Tx) error {
		for _, rec := range recs {
			if got := count(tx, rec.reg.Foreigner); got != 1 {
				t.Errorf("CountRegistrations of the foreigner of %s = %d; want 1", rec.reg.ID, got)
			}
		}
		if got := count(tx, "f_nobody"); got != 0 {
			t.Errorf("CountRegistrations of an unknown foreigner = %d; want 0", got)
		}
		// A second registration of the first foreigner, written in this
		// transaction, is counted by it.
		r, evs := pending(t, regID(50), person(1), host(t, 2))
		if err := tx.CreateRegistration(ctx, r, evs); err != nil {
			return err
		}
		if got := count(tx, r.Foreigner); got != 2 {
			t.Errorf("CountRegistrations after a second registration in the transaction = %d; want 2", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	rec := sample(t, 1)[0]
	create(t, s, rec)
	missing := regID(99)
	checkAbsent(t, s, missing, "in a store without it")

	// Also inside a read-write transaction.
	err := s.Update(ctx, func(tx store.Tx) error {
		if r, err := tx.Registration(ctx, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("in Update: Registration(%q) = %v, %v; want store.ErrNotFound", missing, r, err)
		}
		if evs, err := tx.Events(ctx, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("in Update: Events(%q) = %d events, %v; want store.ErrNotFound", missing, len(evs), err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update = %v; want nil", err)
	}

	// Updating a registration that is not there.
	ghost, _ := pending(t, missing, person(99), host(t, 99))
	next, evs := confirm(t, ghost)
	err = s.Update(ctx, func(tx store.Tx) error {
		return tx.UpdateRegistration(ctx, next, ghost.Version, evs)
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateRegistration(%v, %d) of a registration never created = %v; want store.ErrNotFound", next, ghost.Version, err)
	}
	checkAbsent(t, s, missing, "after the failed UpdateRegistration")
	checkStored(t, s, rec, "after the failed UpdateRegistration")
}

func testDuplicateID(t *testing.T, s store.Store) {
	ctx := t.Context()
	first, fevs := pending(t, regID(1), person(1), host(t, 1))
	create(t, s, record{first, fevs})

	// The same ID for another foreigner, with another host and log.
	dup, devs := pending(t, regID(1), person(2), host(t, 2))
	err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, dup, devs) })
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("CreateRegistration(%v) with the ID of a stored registration = %v; want store.ErrDuplicate", dup, err)
	}
	checkStored(t, s, record{first, fevs}, "after the duplicate CreateRegistration")

	// The same registration again, within one transaction.
	other, oevs := pending(t, regID(2), person(3), host(t, 3))
	err = s.Update(ctx, func(tx store.Tx) error {
		if err := tx.CreateRegistration(ctx, other, oevs); err != nil {
			return err
		}
		return tx.CreateRegistration(ctx, other, oevs)
	})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("CreateRegistration(%v) twice in one transaction = %v; want store.ErrDuplicate", other, err)
	}
	checkAbsent(t, s, other.ID, "after the transaction creating it twice failed")
}

func testEmptyID(t *testing.T, s store.Store) {
	ctx := t.Context()
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	// Blank the ID everywhere it appears, so that it is the only fault.
	r.ID = ""
	evs = registration.CloneEvents(evs)
	for i := range evs {
		evs[i].Registration = ""
		if evs[i].Submission != nil {
			evs[i].Submission.ID = ""
		}
	}
	err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, evs) })
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("CreateRegistration of a registration with an empty ID = %v; want store.ErrInvalid", err)
	}
	view(t, s, func(tx store.ReadTx) error {
		got, _, err := tx.Registrations(ctx, store.Filter{}, store.Page{})
		if err != nil || len(got) != 0 {
			t.Errorf("Registrations after the failed create = %v, %v; want none", ids(got), err)
		}
		return nil
	})
}

// renumber returns copies of the events with the given numbers.
func renumber(evs []registration.Event, seqs ...int) []registration.Event {
	out := registration.CloneEvents(evs)
	for i := range out {
		out[i].Seq = seqs[i]
	}
	return out
}

func testCreateEventsMatchVersion(t *testing.T, s store.Store) {
	ctx := t.Context()
	// Each row builds a registration whose events do not fit its version.
	// The version-zero row breaks "Version >= 1" rather than the numbering;
	// the contract does not say which error that is.
	tests := []struct {
		name  string
		build func(i int) (registration.Registration, []registration.Event)
		want  []error
	}{
		{"no events", func(i int) (registration.Registration, []registration.Event) {
			r, _ := pending(t, regID(i), person(i), host(t, i))
			return r, nil
		}, []error{store.ErrConflict}},
		{"fewer events than the version", func(i int) (registration.Registration, []registration.Event) {
			r, evs := checkedIn(t, regID(i), person(i))
			return r, evs[:1]
		}, []error{store.ErrConflict}},
		{"more events than the version", func(i int) (registration.Registration, []registration.Event) {
			r, evs := checkedIn(t, regID(i), person(i))
			r.Version = 1
			return r, evs
		}, []error{store.ErrConflict}},
		{"events out of order", func(i int) (registration.Registration, []registration.Event) {
			r, evs := checkedIn(t, regID(i), person(i))
			return r, []registration.Event{evs[1], evs[0]}
		}, []error{store.ErrConflict}},
		{"a number repeated", func(i int) (registration.Registration, []registration.Event) {
			r, evs := checkedIn(t, regID(i), person(i))
			return r, renumber(evs, 1, 1)
		}, []error{store.ErrConflict}},
		{"numbered from 2", func(i int) (registration.Registration, []registration.Event) {
			r, evs := checkedIn(t, regID(i), person(i))
			r.Version = 3
			return r, renumber(evs, 2, 3)
		}, []error{store.ErrConflict}},
		{"version zero", func(i int) (registration.Registration, []registration.Event) {
			r, _ := pending(t, regID(i), person(i), host(t, i))
			r.Version = 0
			return r, nil
		}, []error{store.ErrInvalid, store.ErrConflict}},
		{"a first event that is not the submission", func(i int) (registration.Registration, []registration.Event) {
			r, evs := checkedIn(t, regID(i), person(i))
			evs = slices.Clone(evs)
			evs[0].Type = registration.EventConfirmed
			return r, evs
		}, []error{store.ErrInvalid}},
		{"a submission without its data", func(i int) (registration.Registration, []registration.Event) {
			r, evs := pending(t, regID(i), person(i), host(t, i))
			evs = slices.Clone(evs)
			evs[0].Submission = nil
			return r, evs
		}, []error{store.ErrInvalid}},
	}
	for i, tt := range tests {
		r, evs := tt.build(i + 1)
		err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, evs) })
		if !isAny(err, tt.want...) {
			t.Errorf("%s: CreateRegistration(%v, events numbered %v) = %v; want %s", tt.name, r, seqs(evs), err, names(tt.want))
		}
		checkAbsent(t, s, r.ID, tt.name+": after the failed create")
	}
}

// seqs returns the numbers of events, for messages.
func seqs(evs []registration.Event) []int {
	out := make([]int, len(evs))
	for i, e := range evs {
		out[i] = e.Seq
	}
	return out
}

func testUpdate(t *testing.T, s store.Store) {
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	rec := record{r, evs}
	create(t, s, rec)
	next, nevs := confirm(t, r)
	rec = advance(t, s, rec, next, nevs)
	checkStored(t, s, rec, "after confirming")
	next, nevs = end(t, rec.reg)
	rec = advance(t, s, rec, next, nevs)
	checkStored(t, s, rec, "after ending")
	if rec.reg.Version != 3 || len(rec.events) != 3 {
		t.Fatalf("storetest: the sample registration has version %d and %d events; want 3 and 3", rec.reg.Version, len(rec.events))
	}
}

func testVersionConflict(t *testing.T, s store.Store) {
	ctx := t.Context()
	r, evs := pending(t, regID(1), person(1), host(t, 1))
	rec := record{r, evs}
	create(t, s, rec)
	confirmed, cevs := confirm(t, r)

	// Stale or future expected versions.
	for _, expected := range []int{0, 2, 5} {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, confirmed, expected, cevs) })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("UpdateRegistration(%v, expected %d) of a registration at version %d = %v; want store.ErrConflict", confirmed, expected, r.Version, err)
		}
		checkStored(t, s, rec, fmt.Sprintf("after UpdateRegistration with expected version %d", expected))
	}

	// The lost update: the host confirms, then a second writer that read
	// version 1 rejects.
	rec = advance(t, s, rec, confirmed, cevs)
	rejected, revs := reject(t, r)
	err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, rejected, r.Version, revs) })
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("UpdateRegistration(%v, expected %d) after another writer moved it to version %d = %v; want store.ErrConflict", rejected, r.Version, confirmed.Version, err)
	}
	checkStored(t, s, rec, "after the stale UpdateRegistration")
}

func testUpdateEventsContinueLog(t *testing.T, s store.Store) {
	ctx := t.Context()
	// Each row starts from a stored pending registration (version 1) and
	// tries to store its confirmation with events that do not continue the
	// log.
	type update struct {
		r        registration.Registration
		expected int
		events   []registration.Event
	}
	tests := []struct {
		name  string
		build func(stored record, next registration.Registration, evs []registration.Event) update
	}{
		{"no events", func(stored record, next registration.Registration, _ []registration.Event) update {
			return update{next, 1, nil}
		}},
		{"a gap", func(stored record, next registration.Registration, evs []registration.Event) update {
			next.Version = 3
			return update{next, 1, renumber(evs, 3)}
		}},
		{"the log rewritten from 1", func(stored record, next registration.Registration, evs []registration.Event) update {
			return update{next, 1, append(registration.CloneEvents(stored.events), evs...)}
		}},
		{"the first event replaced", func(stored record, next registration.Registration, evs []registration.Event) update {
			next.Version = 1
			return update{next, 1, renumber(evs, 1)}
		}},
		{"a version beyond the events", func(stored record, next registration.Registration, evs []registration.Event) update {
			next.Version = 3
			return update{next, 1, evs}
		}},
		{"a version behind the events", func(stored record, next registration.Registration, evs []registration.Event) update {
			next.Version = 1
			return update{next, 1, evs}
		}},
	}
	for i, tt := range tests {
		r, evs := pending(t, regID(i+1), person(i+1), host(t, i+1))
		stored := record{r, evs}
		create(t, s, stored)
		next, nevs := confirm(t, r)
		u := tt.build(stored, next, nevs)
		err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, u.r, u.expected, u.events) })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s: UpdateRegistration(%v at version %d, expected %d, events numbered %v) = %v; want store.ErrConflict",
				tt.name, u.r, u.r.Version, u.expected, seqs(u.events), err)
		}
		checkStored(t, s, stored, tt.name+": after the failed update")
	}
}

// testEndDatesAndPlannedEnd: a booking's planned end, and the date an end
// took effect beside the day it was processed, read back as written
// (issue 22): a hotel's check-in with a planned end, then its check-out
// two days before it is processed.
func testEndDatesAndPlannedEnd(t *testing.T, s store.Store) {
	in, evs := checkedIn(t, regID(1), person(1))
	rec := record{in, evs}
	create(t, s, rec)
	out := calendar.DateOf(endedAt).AddDays(-2)
	ended, eevs := apply(t, in, registration.HostActor(in.HostID),
		registration.End{Reason: registration.Reason{Code: registration.CheckedOut}, EffectiveOn: out}, endedAt)
	rec = advance(t, s, rec, ended, eevs)
	checkStored(t, s, rec, "after the check-out")
	r, got, err := read(t, s, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := got[len(got)-1]
	if r.PlannedEnd != validUntil || r.ClosedOn != out || last.EffectiveOn != out || last.On != calendar.DateOf(endedAt) {
		t.Errorf("read back: planned end %v, closed on %v, last event on %v effective %v; want planned end %v, closed and effective on %v, on %v",
			r.PlannedEnd, r.ClosedOn, last.On, last.EffectiveOn, validUntil, out, calendar.DateOf(endedAt))
	}
}

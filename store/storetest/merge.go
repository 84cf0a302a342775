package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Merging one person's two IDs (store/personal.go, Tx.MergeForeigner):
// every record of from moves under to; a merge that would break an
// invariant, or put one person on two trips at once, changes nothing.

// day returns the date n days after the suite's entry day (before it for
// a negative n).
func day(n int) calendar.Date { return entryDay.AddDays(n) }

// merge locks both foreigners, the lower ID first, and merges from into
// to, returning MergeForeigner's error; the transaction commits whatever
// it returned, so that a refusal that changed something would show.
func merge(t *testing.T, s store.Store, from, to registration.ForeignerID) error {
	t.Helper()
	var mergeErr error
	err := s.Update(t.Context(), func(tx store.Tx) error {
		for _, id := range slices.Sorted(slices.Values([]registration.ForeignerID{from, to})) {
			if id != "" && store.CheckLock(id) == nil {
				if err := tx.Lock(t.Context(), id); err != nil {
					return err
				}
			}
		}
		mergeErr = tx.MergeForeigner(t.Context(), from, to)
		return nil
	})
	if err != nil && mergeErr == nil {
		t.Fatalf("Update after MergeForeigner succeeded: %v", err)
	}
	return mergeErr
}

// moved returns rec as it reads after its foreigner was merged into to.
func moved(rec record, to registration.ForeignerID) record {
	out := rec.then(rec.reg, nil)
	out.reg.Foreigner = to
	sub := *out.events[0].Submission
	sub.Foreigner = to
	out.events[0].Submission = &sub
	return out
}

// testMergeMovesEverything merges a renewed document's history (an open
// trip, an active and a pending registration, their deadlines, a
// reminder, a link to it) into the person's earlier one, and reads every
// record back through the contract.
func testMergeMovesEverything(t *testing.T, s store.Store) {
	ctx := t.Context()
	to, from := fid(person(1)), fid(person(2))
	// The earlier document: an ended stay in spring.
	p1, e1 := pending(t, "merge-1", person(1), host(t, 1))
	c1, ce1 := confirm(t, p1)
	x1, xe1 := end(t, c1)
	old := record{p1, e1}.then(c1, ce1).then(x1, xe1)
	// The renewed one, seen at the border before it was linked.
	p2, e2 := pending(t, "merge-2", person(2), host(t, 2))
	c2, ce2 := confirm(t, p2)
	active := record{p2, e2}.then(c2, ce2)
	p3, e3 := pending(t, "merge-3", person(2), host(t, 3))
	waiting := record{p3, e3}
	create(t, s, old, active, waiting)
	toTrip, fromTrip := stay.Trip{Entry: day(-120), Exit: day(-61)}, stay.Trip{Entry: entryDay}
	toDeadline := store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: to, Subject: "x"}, Due: validUntil.AddDays(1)}
	fromDeadlines := []store.Deadline{
		{DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: from, Subject: entryDay.String()}, Due: entryDay.AddDays(30), Entry: entryDay},
		{DeadlineKey: store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: from, Subject: "merge-2"}, Due: validUntil, Registration: "merge-2", Entry: entryDay},
	}
	reminder := store.Message{ID: "merge-m1", Kind: "reminder", To: string(from), Body: []byte(`{"deadline":"registration"}`), CreatedAt: at(9, 0), NextAttempt: at(9, 0)}
	toHost := store.Message{ID: "merge-m2", Kind: "host_request", To: string(c2.HostID), Registration: "merge-2", Body: []byte(`{}`), CreatedAt: at(9, 0), NextAttempt: at(9, 0)}
	iinLink, fromLink := link(fid(person(77)), from), link(fid(person(78)), to)
	idem := store.IdempotencyRecord{Key: "foreigner:" + string(from) + "|k1", Fingerprint: "x", Registration: "merge-3", CreatedAt: submittedAt}
	cert := store.Certificate{Registration: "merge-2", Number: "KZ-2026-MERGE2", Token: "v1.merge.c2ln", IssuedAt: answeredAt}
	update(t, s, func(tx store.Tx) error {
		for _, err := range []error{
			tx.PutForeigner(ctx, to, person(1)), tx.PutForeigner(ctx, from, person(2)),
			tx.PutTrip(ctx, to, toTrip), tx.PutTrip(ctx, from, fromTrip),
			tx.PutDeadline(ctx, toDeadline), tx.PutDeadline(ctx, fromDeadlines[0]), tx.PutDeadline(ctx, fromDeadlines[1]),
			tx.Enqueue(ctx, reminder, toHost), tx.PutLink(ctx, iinLink), tx.PutLink(ctx, fromLink),
			tx.PutIdempotency(ctx, idem), tx.PutCertificate(ctx, cert),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})

	if err := merge(t, s, from, to); err != nil {
		t.Fatalf("MergeForeigner(the renewed document, the person) = %v; want nil", err)
	}

	for _, rec := range []record{moved(old, to), moved(active, to), moved(waiting, to)} {
		checkStored(t, s, rec, "after the merge")
	}
	view(t, s, func(tx store.ReadTx) error {
		trips, err := tx.Trips(ctx, to)
		if d := diff(trips, []stay.Trip{toTrip, fromTrip}); err != nil || d != "" {
			t.Errorf("Trips(to) after the merge = %v, %v; want both documents' trips by entry\n%s", trips, err, d)
		}
		if trips, err := tx.TripsFrom(ctx, to, entryDay); err != nil || len(trips) != 2 {
			t.Errorf("TripsFrom(to, %v) after the merge = %v, %v; want the trip before it and the open one", entryDay, trips, err)
		}
		for _, id := range []registration.ForeignerID{from, to} {
			want := map[registration.ForeignerID]int{to: 3}[id]
			regs, _, err := tx.Registrations(ctx, store.Filter{Foreigner: id}, store.Page{})
			n, err2 := tx.CountRegistrations(ctx, id)
			if err != nil || err2 != nil || len(regs) != want || n != want {
				t.Errorf("registrations of %s after the merge: listed %v, counted %d (%v, %v); want %d", whichOf(id, to), ids(regs), n, err, err2, want)
			}
			wantTrips := map[registration.ForeignerID]int{to: 2}[id]
			if n, err := tx.CountTrips(ctx, id); err != nil || n != wantTrips {
				t.Errorf("CountTrips(%s) after the merge = %d, %v; want %d", whichOf(id, to), n, err, wantTrips)
			}
		}
		regs, _, err := tx.Registrations(ctx, store.Filter{Foreigner: to, States: []registration.State{registration.Confirmed}}, store.Page{})
		if err != nil || len(regs) != 1 || regs[0].ID != "merge-2" {
			t.Errorf("the active registrations of to after the merge: %v, %v; want merge-2", ids(regs), err)
		}
		through := calendar.NewDate(2030, time.January, 1)
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: through, Foreigner: to}, store.Page{})
		want := []store.Deadline{fromDeadlines[0], fromDeadlines[1], toDeadline}
		for i := range want[:2] {
			want[i].Foreigner = to
		}
		if d := diff(ds, want); err != nil || d != "" {
			t.Errorf("Deadlines(to) after the merge: %d, %v; want from's re-keyed under to, in the contract's order\n%s", len(ds), err, d)
		}
		all, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: through}, store.Page{})
		if d := diff(all, want); err != nil || d != "" {
			t.Errorf("every deadline after the merge: %d, %v; want none left under from\n%s", len(all), err, d)
		}
		if m, err := tx.Message(ctx, "merge-m1"); err != nil || m.To != string(to) || string(m.Body) != string(reminder.Body) {
			t.Errorf("the reminder to from after the merge: addressed to %s, %v; want it addressed to to, body kept", whichOf(registration.ForeignerID(m.To), to), err)
		}
		if m, err := tx.Message(ctx, "merge-m2"); err != nil || m.To != toHost.To {
			t.Errorf("a message to a host after the merge: %v; want it unchanged", err)
		}
		want1 := iinLink
		want1.To = to
		for _, l := range []store.Link{want1, fromLink} {
			got, err := tx.Link(ctx, l.From)
			if d := diff(got, l); err != nil || d != "" {
				t.Errorf("a link after the merge: %v; want links to from pointing to to, the rest unchanged\n%s", err, d)
			}
		}
		if _, err := tx.Foreigner(ctx, from); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Foreigner(from) after the merge = %v; want store.ErrNotFound", err)
		}
		if p, err := tx.Foreigner(ctx, to); err != nil || p.Document.Number != person(1).Document.Number {
			t.Errorf("Foreigner(to) after the merge: %v; want to's person kept", err)
		}
		if got, _, err := tx.Foreigners(ctx, store.Page{}); err != nil || !slices.Equal(got, []registration.ForeignerID{to}) {
			t.Errorf("Foreigners after the merge: %d, %v; want to alone", len(got), err)
		}
		if got, err := tx.Idempotency(ctx, idem.Key); err != nil || got.Registration != idem.Registration {
			t.Errorf("the idempotency record after the merge: %v; want it kept", err)
		}
		if got, err := tx.Certificate(ctx, "merge-2"); err != nil || got.Number != cert.Number {
			t.Errorf("the certificate after the merge: %v; want it kept", err)
		}
		return nil
	})
	// The one-active invariant now counts from's active registration as
	// to's.
	r, evs := checkedIn(t, "merge-4", person(1))
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, evs) }); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second active registration of to after the merge = %v; want store.ErrConflict", err)
	}
}

// whichOf says which of the two foreigners an ID is, for messages: IDs
// are not printed.
func whichOf(id, to registration.ForeignerID) string {
	if id == to {
		return "to"
	}
	return "from"
}

// testMergeConflicts: each merge below would put one person on two trips
// at once or break an invariant; it is refused with store.ErrConflict
// and changes nothing of either foreigner. Trips that only follow each
// other merge.
func testMergeConflicts(t *testing.T, s store.Store) {
	ctx := t.Context()
	trips := func(tx store.Tx, id registration.ForeignerID, ts ...stay.Trip) error {
		for _, trip := range ts {
			if err := tx.PutTrip(ctx, id, trip); err != nil {
				return err
			}
		}
		return nil
	}
	closed := stay.Trip{Entry: day(-40), Exit: day(-10)}
	tests := []struct {
		name  string
		setup func(tx store.Tx, from, to registration.ForeignerID, n int) error
		want  error
	}{
		{"trips entered on the same day", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			return errors.Join(trips(tx, from, stay.Trip{Entry: entryDay}), trips(tx, to, stay.Trip{Entry: entryDay, Exit: day(5)}))
		}, store.ErrConflict},
		{"an entry while the other trip is open", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			return errors.Join(trips(tx, from, stay.Trip{Entry: day(20)}), trips(tx, to, stay.Trip{Entry: entryDay}))
		}, store.ErrConflict},
		{"an entry on the other trip's exit day", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			return errors.Join(trips(tx, from, stay.Trip{Entry: closed.Exit}), trips(tx, to, closed))
		}, store.ErrConflict},
		{"a trip inside the other", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			return errors.Join(trips(tx, from, closed), trips(tx, to, stay.Trip{Entry: day(-50), Exit: day(-5)}))
		}, store.ErrConflict},
		{"both have an active registration", func(tx store.Tx, from, to registration.ForeignerID, n int) error {
			a, ae := checkedIn(t, registration.ID("merge-a"+string(rune('0'+n))), person(100+2*n))
			b, be := checkedIn(t, registration.ID("merge-b"+string(rune('0'+n))), person(101+2*n))
			return errors.Join(tx.CreateRegistration(ctx, a, ae), tx.CreateRegistration(ctx, b, be))
		}, store.ErrConflict},
		{"deadlines of one kind and subject", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			d := store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: from, Subject: "x"}, Due: validUntil}
			e := d
			e.Foreigner = to
			return errors.Join(tx.PutDeadline(ctx, d), tx.PutDeadline(ctx, e))
		}, store.ErrConflict},
		{"to is linked to from", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			return tx.PutLink(ctx, link(to, from))
		}, store.ErrConflict},
		{"trips that follow each other (control)", func(tx store.Tx, from, to registration.ForeignerID, _ int) error {
			return errors.Join(trips(tx, from, stay.Trip{Entry: closed.Exit.AddDays(1)}), trips(tx, to, closed))
		}, nil},
	}
	for n, tt := range tests {
		from, to := fid(person(100+2*n)), fid(person(101+2*n))
		update(t, s, func(tx store.Tx) error {
			return errors.Join(tx.PutForeigner(ctx, from, person(100+2*n)), tx.PutForeigner(ctx, to, person(101+2*n)), tt.setup(tx, from, to, n))
		})
		regs := func(id registration.ForeignerID) []record {
			var out []record
			view(t, s, func(tx store.ReadTx) error {
				rs, _, err := tx.Registrations(ctx, store.Filter{Foreigner: id}, store.Page{})
				for _, r := range rs {
					evs, _ := tx.Events(ctx, r.ID)
					out = append(out, record{r, evs})
				}
				return err
			})
			return out
		}
		before := []string{dump(t, s, from, regs(from), "", nil, nil), dump(t, s, to, regs(to), "", nil, nil)}
		var links [2]store.Link
		view(t, s, func(tx store.ReadTx) error { links[0], _ = tx.Link(ctx, to); return nil })
		err := merge(t, s, from, to)
		if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("%s: MergeForeigner = %v; want %v", tt.name, err, tt.want)
		}
		if tt.want == nil {
			continue
		}
		after := []string{dump(t, s, from, regs(from), "", nil, nil), dump(t, s, to, regs(to), "", nil, nil)}
		view(t, s, func(tx store.ReadTx) error { links[1], _ = tx.Link(ctx, to); return nil })
		if strings.Join(before, "\n") != strings.Join(after, "\n") || diff(links[0], links[1]) != "" {
			t.Errorf("%s: a refused merge changed the records:\nbefore %s\nafter  %s", tt.name, before, after)
		}
	}
}

// testMergeInvalid: a merge with an empty or unstorable ID, or of a
// foreigner into themselves, is refused with store.ErrInvalid; a from the
// store holds nothing of merges, moving nothing.
func testMergeInvalid(t *testing.T, s store.Store) {
	f := fid(person(1))
	update(t, s, func(tx store.Tx) error { return tx.PutForeigner(t.Context(), f, person(1)) })
	tests := []struct {
		name     string
		from, to registration.ForeignerID
	}{
		{"no from", "", f},
		{"no to", f, ""},
		{"into themselves", f, f},
		{"NUL in from", "f\x00", f},
		{"invalid UTF-8 in to", f, "f\xff"},
		{"a from over the size limit", registration.ForeignerID(strings.Repeat("f", store.MaxStringBytes+1)), f},
	}
	for _, tt := range tests {
		if err := merge(t, s, tt.from, tt.to); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("MergeForeigner(%s) = %v; want store.ErrInvalid", tt.name, err)
		}
	}
	if err := merge(t, s, fid(person(999)), f); err != nil {
		t.Errorf("MergeForeigner of a foreigner the store does not know = %v; want nil", err)
	}
	view(t, s, func(tx store.ReadTx) error {
		if p, err := tx.Foreigner(t.Context(), f); err != nil || p.Document.Number != person(1).Document.Number {
			t.Errorf("after the merges refused, Foreigner(to) = %v; want it kept", err)
		}
		return nil
	})
}

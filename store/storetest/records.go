package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The records beside registrations: the deadline index, idempotency keys,
// the outbox, trips and certificates.

func july(day int) calendar.Date { return calendar.NewDate(2026, time.July, day) }

// deadlineWorld stores four pending registrations of two foreigners and
// nine deadline entries about them, named d1 … d9.
func deadlineWorld(t *testing.T, s store.Store) map[string]store.Deadline {
	t.Helper()
	f1, f2 := person(1).ID(), person(2).ID()
	var recs []record
	for i, p := range []int{1, 2, 2, 1} {
		r, evs := pending(t, regID(i+1), person(p), host(t, i+1))
		recs = append(recs, record{r, evs})
	}
	create(t, s, recs...)
	dl := func(kind store.DeadlineKind, f registration.ForeignerID, reg int, due calendar.Date) store.Deadline {
		return store.Deadline{
			DeadlineKey:  store.DeadlineKey{Kind: kind, Foreigner: f, Subject: string(regID(reg))},
			Due:          due,
			Registration: regID(reg),
			Entry:        entryDay,
		}
	}
	entryDue := func(f registration.ForeignerID) store.Deadline {
		// A registration deadline is about an entry, not a registration.
		return store.Deadline{
			DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: f, Subject: entryDay.String()},
			Due:         july(30),
			Entry:       entryDay,
		}
	}
	all := map[string]store.Deadline{
		"d1": dl(store.DueHostAnswer, f1, 1, july(7)),
		"d2": dl(store.DueHostAnswer, f2, 2, july(7)),
		"d3": entryDue(f1),
		"d4": dl(store.DueStayEnd, f1, 1, validUntil),
		"d5": dl(store.DueReminder, f1, 1, july(5)),
		"d6": dl(store.DueReminder, f2, 2, july(5)),
		"d7": dl(store.DueReregistration, f2, 3, july(10)),
		"d8": dl(store.DueHostAnswer, f1, 4, july(7)),
		"d9": entryDue(f2),
	}
	update(t, s, func(tx store.Tx) error {
		for _, name := range []string{"d7", "d3", "d1", "d9", "d5", "d2", "d8", "d4", "d6"} {
			if err := tx.PutDeadline(t.Context(), all[name]); err != nil {
				return fmt.Errorf("PutDeadline(%s): %w", name, err)
			}
		}
		return nil
	})
	return all
}

// deadlinesPage reads one page of deadlines in its own View.
func deadlinesPage(t *testing.T, s store.Store, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	t.Helper()
	var items []store.Deadline
	var next store.Cursor
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		var err error
		items, next, err = tx.Deadlines(t.Context(), q, p)
		return err
	})
	return items, next, err
}

func deadlinesAll(t *testing.T, s store.Store, q store.DeadlineQuery, limit int) []store.Deadline {
	t.Helper()
	return pageThrough(t, fmt.Sprintf("Deadlines(%+v)", q), limit, func(after store.Cursor) ([]store.Deadline, store.Cursor, error) {
		return deadlinesPage(t, s, q, store.Page{After: after, Limit: limit})
	}, nil)
}

// compareKeys orders deadline entries by due date and key, the kind by
// number: the suite's canonical order for comparing sets.
func compareKeys(a, b store.Deadline) int {
	return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Foreigner, b.Foreigner), cmp.Compare(a.Subject, b.Subject))
}

// checkDeadlines reports an error unless got holds exactly want, ordered by
// due date and, among entries of one kind due on one day, by foreigner and
// subject. How kinds are ordered among themselves is the store's choice.
func checkDeadlines(t *testing.T, got, want []store.Deadline, when string) {
	t.Helper()
	for i := range got {
		for j := i + 1; j < len(got); j++ {
			a, b := got[i], got[j]
			switch {
			case b.Due.Before(a.Due):
				t.Errorf("%s: %v due %v is listed before %v due %v; want the order of due dates", when, a.DeadlineKey, a.Due, b.DeadlineKey, b.Due)
			case a.Due == b.Due && a.Kind == b.Kind && cmp.Or(cmp.Compare(a.Foreigner, b.Foreigner), cmp.Compare(a.Subject, b.Subject)) >= 0:
				t.Errorf("%s: %v is listed before %v, both due %v; want the order of foreigner, then subject", when, a.DeadlineKey, b.DeadlineKey, a.Due)
			}
		}
	}
	g, w := slices.Clone(got), slices.Clone(want)
	slices.SortFunc(g, compareKeys)
	slices.SortFunc(w, compareKeys)
	if d := diff(g, w); d != "" {
		t.Errorf("%s: the entries differ from those written (compared in order of due date and key):\n%s", when, d)
	}
}

func testDeadlinesQuery(t *testing.T, s store.Store) {
	all := deadlineWorld(t, s)
	f1, f2 := person(1).ID(), person(2).ID()
	year := calendar.NewDate(2026, time.December, 31)
	tests := []struct {
		q    store.DeadlineQuery
		want []string
	}{
		{store.DeadlineQuery{Through: year}, []string{"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"}},
		{store.DeadlineQuery{Through: july(7)}, []string{"d1", "d2", "d5", "d6", "d8"}},
		{store.DeadlineQuery{From: july(6), Through: july(10)}, []string{"d1", "d2", "d7", "d8"}},
		{store.DeadlineQuery{From: july(30), Through: july(30)}, []string{"d3", "d9"}},
		{store.DeadlineQuery{Through: year, Kinds: []store.DeadlineKind{store.DueHostAnswer}}, []string{"d1", "d2", "d8"}},
		{store.DeadlineQuery{Through: year, Kinds: []store.DeadlineKind{store.DueReminder, store.DueStayEnd}}, []string{"d4", "d5", "d6"}},
		{store.DeadlineQuery{From: july(5), Through: july(7), Kinds: []store.DeadlineKind{store.DueReminder}}, []string{"d5", "d6"}},
		{store.DeadlineQuery{Through: year, Foreigner: f1}, []string{"d1", "d3", "d4", "d5", "d8"}},
		{store.DeadlineQuery{Through: july(7), Foreigner: f2}, []string{"d2", "d6"}},
		{store.DeadlineQuery{Through: year, Foreigner: f1, Kinds: []store.DeadlineKind{store.DueHostAnswer}}, []string{"d1", "d8"}},
		{store.DeadlineQuery{Through: year, Foreigner: person(9).ID()}, nil},
		{store.DeadlineQuery{From: july(8), Through: july(9)}, nil},
		{store.DeadlineQuery{Through: july(4)}, nil},
	}
	for _, tt := range tests {
		var want []store.Deadline
		for _, name := range tt.want {
			want = append(want, all[name])
		}
		got := deadlinesAll(t, s, tt.q, store.MaxLimit)
		checkDeadlines(t, got, want, fmt.Sprintf("Deadlines(%+v) (want %v)", tt.q, tt.want))
	}
}

func testDeadlinesPagination(t *testing.T, s store.Store) {
	deadlineWorld(t, s)
	for _, q := range []store.DeadlineQuery{
		{Through: calendar.NewDate(2026, time.December, 31)},
		{From: july(6), Through: july(30), Kinds: []store.DeadlineKind{store.DueHostAnswer, store.DueRegistration}},
		{Through: calendar.NewDate(2026, time.December, 31), Foreigner: person(1).ID()},
	} {
		whole := deadlinesAll(t, s, q, store.MaxLimit)
		for _, limit := range []int{1, 2, 4, len(whole), len(whole) + 1} {
			got := deadlinesAll(t, s, q, limit)
			if d := diff(got, whole); d != "" {
				t.Errorf("Deadlines(%+v) in pages of %d differs from one page of all:\n%s", q, limit, d)
			}
		}
		items, next, err := deadlinesPage(t, s, q, store.Page{})
		if d := diff(items, whole); err != nil || next != "" || d != "" {
			t.Errorf("Deadlines(%+v, Page{}) = %d items, cursor %q, %v; want all %d and no cursor\n%s", q, len(items), next, err, len(whole), d)
		}
	}
}

func testDeadlinesPutReplaces(t *testing.T, s store.Store) {
	all := deadlineWorld(t, s)
	moved := all["d1"]
	moved.Due, moved.Registration, moved.Entry = july(20), regID(4), july(2)
	update(t, s, func(tx store.Tx) error { return tx.PutDeadline(t.Context(), moved) })
	all["d1"] = moved
	var want []store.Deadline
	for _, d := range all {
		want = append(want, d)
	}
	got := deadlinesAll(t, s, store.DeadlineQuery{Through: calendar.NewDate(2026, time.December, 31)}, store.MaxLimit)
	checkDeadlines(t, got, want, "Deadlines after PutDeadline replaced d1")
	early := deadlinesAll(t, s, store.DeadlineQuery{Through: july(7), Kinds: []store.DeadlineKind{store.DueHostAnswer}}, store.MaxLimit)
	checkDeadlines(t, early, []store.Deadline{all["d2"], all["d8"]}, "Deadlines due by 7 July after d1 moved to 20 July")
}

func testDeadlinesDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	all := deadlineWorld(t, s)
	update(t, s, func(tx store.Tx) error { return tx.DeleteDeadline(ctx, all["d2"].DeadlineKey) })
	// Deleting again, or a key never stored, is not an error.
	absent := store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: person(7).ID(), Subject: string(regID(7))}
	for _, key := range []store.DeadlineKey{all["d2"].DeadlineKey, absent} {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.DeleteDeadline(ctx, key) })
		if err != nil {
			t.Errorf("DeleteDeadline(%v) of an absent entry = %v; want nil", key, err)
		}
	}
	delete(all, "d2")
	var want []store.Deadline
	for _, d := range all {
		want = append(want, d)
	}
	got := deadlinesAll(t, s, store.DeadlineQuery{Through: calendar.NewDate(2026, time.December, 31)}, store.MaxLimit)
	checkDeadlines(t, got, want, "Deadlines after DeleteDeadline(d2)")
}

func testDeadlinesThroughRequired(t *testing.T, s store.Store) {
	deadlineWorld(t, s)
	for _, q := range []store.DeadlineQuery{{}, {From: july(1)}, {Kinds: []store.DeadlineKind{store.DueHostAnswer}}} {
		items, _, err := deadlinesPage(t, s, q, store.Page{})
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Deadlines(%+v) without Through = %d items, %v; want store.ErrInvalid", q, len(items), err)
		}
	}
}

// idempotency returns an idempotency record for the i-th registration.
func idempotency(i int, key string) store.IdempotencyRecord {
	return store.IdempotencyRecord{
		Key: key, Fingerprint: fmt.Sprintf("sha256-%04x", i), Registration: regID(i),
		CreatedAt: submittedAt.Add(time.Duration(i) * time.Minute),
	}
}

func testIdempotencyPutAndGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	recs := sample(t, 1)
	create(t, s, recs...)
	a, b := idempotency(1, "client-a:0001"), idempotency(2, "client-b:0001")
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutIdempotency(ctx, a); err != nil {
			return err
		}
		return tx.PutIdempotency(ctx, b)
	})
	view(t, s, func(tx store.ReadTx) error {
		for _, want := range []store.IdempotencyRecord{a, b} {
			got, err := tx.Idempotency(ctx, want.Key)
			if err != nil {
				t.Errorf("Idempotency(%q) = %v; want the record", want.Key, err)
			} else if d := diff(got, want); d != "" {
				t.Errorf("Idempotency(%q) differs from what was written:\n%s", want.Key, d)
			}
		}
		if got, err := tx.Idempotency(ctx, "client-c:0001"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Idempotency of a key never stored = %+v, %v; want store.ErrNotFound", got, err)
		}
		return nil
	})
}

func testIdempotencyDuplicate(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	first := idempotency(1, "client-a:0001")
	update(t, s, func(tx store.Tx) error { return tx.PutIdempotency(ctx, first) })
	again := idempotency(2, first.Key)
	err := s.Update(ctx, func(tx store.Tx) error { return tx.PutIdempotency(ctx, again) })
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("PutIdempotency(%q) of a key taken = %v; want store.ErrDuplicate", again.Key, err)
	}
	twice := idempotency(3, "client-b:0001")
	err = s.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutIdempotency(ctx, twice); err != nil {
			return err
		}
		return tx.PutIdempotency(ctx, twice)
	})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("PutIdempotency(%q) twice in one transaction = %v; want store.ErrDuplicate", twice.Key, err)
	}
	view(t, s, func(tx store.ReadTx) error {
		got, err := tx.Idempotency(ctx, first.Key)
		if d := diff(got, first); err != nil || d != "" {
			t.Errorf("Idempotency(%q) after the duplicate = %v; want the first record\n%s", first.Key, err, d)
		}
		if got, err := tx.Idempotency(ctx, twice.Key); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Idempotency(%q) after the failed transaction = %+v, %v; want store.ErrNotFound", twice.Key, got, err)
		}
		return nil
	})
}

func testIdempotencyEmptyKey(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	err := s.Update(ctx, func(tx store.Tx) error { return tx.PutIdempotency(ctx, idempotency(1, "")) })
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutIdempotency with an empty key = %v; want store.ErrInvalid", err)
	}
}

// message returns an outbox message about the i-th registration.
func message(i int, id string, created, next time.Time) store.Message {
	return store.Message{
		ID: id, Kind: "decision", To: string(person(i).ID()), Registration: regID(i),
		Body: []byte(fmt.Sprintf(`{"registration":%q}`, regID(i))), CreatedAt: created, NextAttempt: next,
	}
}

// at returns hour:minute on 2 July 2026 in Kazakhstan.
func at(hour, minute int) time.Time {
	return instant(2, hour).Add(time.Duration(minute) * time.Minute)
}

// outboxWorld stores three registrations and five messages about them:
// m1 due (never tried), m2 due (retry), m3 not due yet, m4 delivered, m5
// due at exactly 11:30. Pending at 11:30, oldest first: m2, m1, m5.
func outboxWorld(t *testing.T, s store.Store) map[string]store.Message {
	t.Helper()
	create(t, s, sample(t, 1)...)
	m4 := message(3, "m4", at(8, 0), time.Time{})
	m4.Attempts, m4.DeliveredAt = 1, at(8, 1)
	m2 := message(1, "m2", at(9, 0), at(11, 0))
	m2.Attempts, m2.LastError = 2, "connection refused"
	all := map[string]store.Message{
		"m1": message(1, "m1", at(10, 0), time.Time{}),
		"m2": m2,
		"m3": message(2, "m3", at(11, 0), at(12, 0)),
		"m4": m4,
		"m5": message(2, "m5", at(10, 30), at(11, 30)),
	}
	update(t, s, func(tx store.Tx) error {
		return tx.Enqueue(t.Context(), all["m3"], all["m1"], all["m5"])
	})
	update(t, s, func(tx store.Tx) error { return tx.Enqueue(t.Context(), all["m4"], all["m2"]) })
	return all
}

func pendingMessages(t *testing.T, s store.Store, now time.Time, limit int) []store.Message {
	t.Helper()
	var got []store.Message
	view(t, s, func(tx store.ReadTx) error {
		var err error
		got, err = tx.PendingMessages(t.Context(), now, limit)
		if err != nil {
			return fmt.Errorf("PendingMessages(%v, %d): %w", now, limit, err)
		}
		return nil
	})
	return got
}

func testOutboxEnqueueAndGet(t *testing.T, s store.Store) {
	all := outboxWorld(t, s)
	view(t, s, func(tx store.ReadTx) error {
		for _, id := range []string{"m1", "m2", "m3", "m4", "m5"} {
			got, err := tx.Message(t.Context(), id)
			if err != nil {
				t.Errorf("Message(%q) = %v; want the message", id, err)
			} else if d := diff(got, all[id]); d != "" {
				t.Errorf("Message(%q) differs from what was enqueued:\n%s", id, d)
			}
		}
		if got, err := tx.Message(t.Context(), "m9"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Message of an ID never enqueued = %+v, %v; want store.ErrNotFound", got.ID, err)
		}
		return nil
	})
}

func testOutboxDuplicate(t *testing.T, s store.Store) {
	ctx := t.Context()
	all := outboxWorld(t, s)
	again := message(2, "m1", at(12, 0), at(12, 0))
	err := s.Update(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, again) })
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("Enqueue of a message with a taken ID = %v; want store.ErrDuplicate", err)
	}
	twice := message(2, "m6", at(12, 0), at(12, 0))
	err = s.Update(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, twice, twice) })
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("Enqueue of one ID twice in one call = %v; want store.ErrDuplicate", err)
	}
	view(t, s, func(tx store.ReadTx) error {
		got, err := tx.Message(ctx, "m1")
		if d := diff(got, all["m1"]); err != nil || d != "" {
			t.Errorf("Message(%q) after the duplicate = %v; want the first message\n%s", "m1", err, d)
		}
		if _, err := tx.Message(ctx, "m6"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Message(%q) after the failed transaction = %v; want store.ErrNotFound", "m6", err)
		}
		return nil
	})
}

func testOutboxEmptyID(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	err := s.Update(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, message(1, "", at(9, 0), at(9, 0))) })
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Enqueue of a message with an empty ID = %v; want store.ErrInvalid", err)
	}
}

// pick returns the named messages in order.
func pick(all map[string]store.Message, names ...string) []store.Message {
	out := []store.Message{}
	for _, n := range names {
		out = append(out, all[n])
	}
	return out
}

func testOutboxPending(t *testing.T, s store.Store) {
	all := outboxWorld(t, s)
	tests := []struct {
		now   time.Time
		limit int
		want  []string
	}{
		{at(11, 30), 10, []string{"m2", "m1", "m5"}},
		{at(11, 30), 2, []string{"m2", "m1"}},
		{at(11, 30), 1, []string{"m2"}},
		{at(11, 29), 10, []string{"m2", "m1"}},
		{at(12, 0), 10, []string{"m2", "m1", "m5", "m3"}},
		{at(7, 0), 10, []string{"m1"}},
		// The same instant in another location.
		{at(11, 30).UTC(), 10, []string{"m2", "m1", "m5"}},
	}
	for _, tt := range tests {
		got := pendingMessages(t, s, tt.now, tt.limit)
		if d := diff(got, pick(all, tt.want...)); d != "" {
			t.Errorf("PendingMessages(%v, %d) = %v; want %v (oldest first)\n%s", tt.now, tt.limit, messageIDs(got), tt.want, d)
		}
	}
}

func messageIDs(ms []store.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func testOutboxUpdateMessage(t *testing.T, s store.Store) {
	ctx := t.Context()
	all := outboxWorld(t, s)

	// m2 fails again and is put off to 13:00; m1 is delivered.
	m2 := all["m2"]
	m2.Attempts, m2.LastError, m2.NextAttempt = 3, "timeout", at(13, 0)
	m1 := all["m1"]
	m1.Attempts, m1.NextAttempt, m1.DeliveredAt, m1.LastError = 1, time.Time{}, at(11, 31), ""
	update(t, s, func(tx store.Tx) error {
		if err := tx.UpdateMessage(ctx, m2); err != nil {
			return err
		}
		return tx.UpdateMessage(ctx, m1)
	})
	all["m1"], all["m2"] = m1, m2
	view(t, s, func(tx store.ReadTx) error {
		for _, want := range []store.Message{m1, m2} {
			got, err := tx.Message(ctx, want.ID)
			if d := diff(got, want); err != nil || d != "" {
				t.Errorf("Message(%q) after UpdateMessage = %v; want the update\n%s", want.ID, err, d)
			}
		}
		return nil
	})
	if got := pendingMessages(t, s, at(12, 0), 10); !slices.Equal(messageIDs(got), []string{"m5", "m3"}) {
		t.Errorf("PendingMessages(12:00) after m1 was delivered and m2 put off = %v; want [m5 m3]", messageIDs(got))
	}
	if got := pendingMessages(t, s, at(13, 0), 10); !slices.Equal(messageIDs(got), []string{"m2", "m5", "m3"}) {
		t.Errorf("PendingMessages(13:00) = %v; want [m2 m5 m3]", messageIDs(got))
	}

	ghost := message(1, "m9", at(9, 0), at(9, 0))
	err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateMessage(ctx, ghost) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateMessage(%q) of a message never enqueued = %v; want store.ErrNotFound", ghost.ID, err)
	}
	view(t, s, func(tx store.ReadTx) error {
		if _, err := tx.Message(ctx, ghost.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Message(%q) after the failed UpdateMessage = %v; want store.ErrNotFound", ghost.ID, err)
		}
		return nil
	})
}

func trips(t *testing.T, s store.Store, f registration.ForeignerID) []stay.Trip {
	t.Helper()
	var got []stay.Trip
	view(t, s, func(tx store.ReadTx) error {
		var err error
		got, err = tx.Trips(t.Context(), f)
		return err
	})
	return got
}

func testTripsPutAndList(t *testing.T, s store.Store) {
	ctx := t.Context()
	f1, f2 := person(1).ID(), person(2).ID()
	march := stay.Trip{Entry: calendar.NewDate(2026, time.March, 1), Exit: calendar.NewDate(2026, time.March, 15)}
	may := stay.Trip{Entry: calendar.NewDate(2026, time.May, 10)}
	sameDay := stay.Trip{Entry: calendar.NewDate(2026, time.June, 3), Exit: calendar.NewDate(2026, time.June, 3)}
	summer := stay.Trip{Entry: entryDay, Exit: july(20)}
	other := stay.Trip{Entry: calendar.NewDate(2026, time.April, 1)}
	update(t, s, func(tx store.Tx) error {
		for _, tr := range []stay.Trip{summer, march, sameDay, may} {
			if err := tx.PutTrip(ctx, f1, tr); err != nil {
				return fmt.Errorf("PutTrip(%v): %w", tr, err)
			}
		}
		return tx.PutTrip(ctx, f2, other)
	})
	if got, want := trips(t, s, f1), []stay.Trip{march, may, sameDay, summer}; !slices.Equal(got, want) {
		t.Errorf("Trips(f1) = %v; want %v (by entry date)", got, want)
	}
	if got, want := trips(t, s, f2), []stay.Trip{other}; !slices.Equal(got, want) {
		t.Errorf("Trips(f2) = %v; want %v", got, want)
	}
	if got := trips(t, s, person(3).ID()); len(got) != 0 {
		t.Errorf("Trips of a foreigner without trips = %v; want none", got)
	}

	// The May trip ends: the same entry date replaces it.
	closed := stay.Trip{Entry: may.Entry, Exit: calendar.NewDate(2026, time.May, 30)}
	update(t, s, func(tx store.Tx) error { return tx.PutTrip(ctx, f1, closed) })
	if got, want := trips(t, s, f1), []stay.Trip{march, closed, sameDay, summer}; !slices.Equal(got, want) {
		t.Errorf("Trips(f1) after closing the May trip = %v; want %v", got, want)
	}
}

func testTripsInvalid(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := person(1).ID()
	valid := stay.Trip{Entry: entryDay}
	update(t, s, func(tx store.Tx) error { return tx.PutTrip(ctx, f, valid) })
	tests := []struct {
		name string
		f    registration.ForeignerID
		trip stay.Trip
	}{
		{"zero entry", f, stay.Trip{Exit: july(3)}},
		{"exit before entry", f, stay.Trip{Entry: july(5), Exit: july(4)}},
		{"exit before entry, same entry as a stored trip", f, stay.Trip{Entry: entryDay, Exit: entryDay.AddDays(-1)}},
		{"no foreigner", "", valid},
	}
	for _, tt := range tests {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.PutTrip(ctx, tt.f, tt.trip) })
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: PutTrip(%q, %v) = %v; want store.ErrInvalid", tt.name, tt.f, tt.trip, err)
		}
	}
	if got, want := trips(t, s, f), []stay.Trip{valid}; !slices.Equal(got, want) {
		t.Errorf("Trips after the invalid PutTrips = %v; want %v", got, want)
	}
}

func certificate(i int, serial string) store.Certificate {
	return store.Certificate{
		Registration: regID(i), Number: "KZ-2026-" + serial, Token: "v1." + serial + ".c2lnbmF0dXJl",
		IssuedAt: answeredAt.Add(time.Duration(i) * time.Second),
	}
}

func testCertificatesPutAndGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	a, b := certificate(2, "000001"), certificate(3, "000002")
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutCertificate(ctx, a); err != nil {
			return err
		}
		return tx.PutCertificate(ctx, b)
	})
	// A new certificate for the same registration replaces the first.
	a2 := certificate(2, "000003")
	update(t, s, func(tx store.Tx) error { return tx.PutCertificate(ctx, a2) })
	view(t, s, func(tx store.ReadTx) error {
		for _, want := range []store.Certificate{a2, b} {
			got, err := tx.Certificate(ctx, want.Registration)
			if d := diff(got, want); err != nil || d != "" {
				t.Errorf("Certificate(%q) = %v; want the latest certificate\n%s", want.Registration, err, d)
			}
		}
		if got, err := tx.Certificate(ctx, regID(1)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Certificate of a registration without one = %+v, %v; want store.ErrNotFound", got.Number, err)
		}
		return nil
	})
}

func testCertificatesEmptyRegistration(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := certificate(1, "000001")
	c.Registration = ""
	err := s.Update(ctx, func(tx store.Tx) error { return tx.PutCertificate(ctx, c) })
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutCertificate without a registration = %v; want store.ErrInvalid", err)
	}
}

func foreigner(t *testing.T, s store.Store, id registration.ForeignerID) (registration.Person, error) {
	t.Helper()
	var p registration.Person
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		var err error
		p, err = tx.Foreigner(t.Context(), id)
		return err
	})
	return p, err
}

func testForeignersPutAndGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	p1, p2 := person(1), person(2)
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutForeigner(ctx, p1); err != nil {
			return err
		}
		return tx.PutForeigner(ctx, p2)
	})
	for _, want := range []registration.Person{p1, p2} {
		got, err := foreigner(t, s, want.ID())
		if err != nil {
			t.Errorf("Foreigner(%q) = %v; want %v", want.ID(), err, want)
		} else if d := diff(got, want); d != "" {
			t.Errorf("Foreigner(%q) differs from what was stored:\n%s", want.ID(), d)
		}
	}
	if got, err := foreigner(t, s, person(3).ID()); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Foreigner of a person never stored = %v, %v; want store.ErrNotFound", got, err)
	}
}

func testForeignersReplace(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := person(1)
	update(t, s, func(tx store.Tx) error { return tx.PutForeigner(ctx, p) })
	// The same document, spelled as typed at the border: the same ID, so
	// it replaces the record.
	renewed := p
	renewed.Document.Number = "fa 000-0001"
	renewed.CyrillicPatronymic = "Каримович"
	renewed.Document.Expiry = renewed.Document.Expiry.AddDays(30)
	if renewed.ID() != p.ID() {
		t.Fatalf("storetest: %q and %q should give one ForeignerID", renewed.Document.Number, p.Document.Number)
	}
	update(t, s, func(tx store.Tx) error { return tx.PutForeigner(ctx, renewed) })
	got, err := foreigner(t, s, p.ID())
	if err != nil {
		t.Fatalf("Foreigner(%q) = %v; want the replaced record", p.ID(), err)
	}
	if d := diff(got, renewed); d != "" {
		t.Errorf("Foreigner(%q) after PutForeigner replaced it differs from the replacement:\n%s", p.ID(), d)
	}
}

func testForeignersInvalid(t *testing.T, s store.Store) {
	ctx := t.Context()
	noCitizenship := person(1)
	noCitizenship.Citizenship = ""
	noNumber := person(2)
	noNumber.Document.Number = ""
	for _, p := range []registration.Person{noCitizenship, noNumber} {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.PutForeigner(ctx, p) })
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("PutForeigner(%v) = %v; want store.ErrInvalid", p, err)
		}
		if got, err := foreigner(t, s, p.ID()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Foreigner(%q) after the invalid PutForeigner = %v, %v; want store.ErrNotFound", p.ID(), got, err)
		}
	}
}

// testUnstorableRecords: keys that are not valid text (a NUL byte breaks
// cursors, PostgreSQL stores none) and instants outside the years 1 to
// 9999 are refused with ErrInvalid by every store, and change nothing.
func testUnstorableRecords(t *testing.T, s store.Store) {
	ctx := t.Context()
	bad := []struct {
		name  string
		write func(tx store.Tx) error
	}{
		{"a deadline subject with a NUL byte", func(tx store.Tx) error {
			return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: "f-1", Subject: "x\x00y"}, Due: july(7)})
		}},
		{"a deadline foreigner of invalid UTF-8", func(tx store.Tx) error {
			return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: "f-\xff", Subject: "s"}, Due: july(7)})
		}},
		{"an idempotency key with a NUL byte", func(tx store.Tx) error {
			rec := idempotency(1, "k\x00")
			rec.Registration = ""
			return tx.PutIdempotency(ctx, rec)
		}},
		{"a message created in the year 10000", func(tx store.Tx) error {
			at := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			return tx.Enqueue(ctx, store.Message{ID: "m-far", Kind: "reminder", To: "f-1", CreatedAt: at, NextAttempt: at})
		}},
	}
	for _, tt := range bad {
		if err := s.Update(ctx, tt.write); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("storing %s: err = %v; want store.ErrInvalid", tt.name, err)
		}
	}
	view(t, s, func(tx store.ReadTx) error {
		items, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: july(31)}, store.Page{})
		if err != nil || len(items) != 0 {
			t.Errorf("after refused writes, Deadlines = %d items, %v; want none", len(items), err)
		}
		msgs, err := tx.PendingMessages(ctx, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), 10)
		if err != nil || len(msgs) != 0 {
			t.Errorf("after refused writes, PendingMessages = %d, %v; want none", len(msgs), err)
		}
		return nil
	})
}

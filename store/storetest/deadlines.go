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
	"github.com/migreg/migreg/store"
)

// The deadline index and idempotency keys.

func july(day int) calendar.Date { return calendar.NewDate(2026, time.July, day) }

// deadlineWorld stores four pending registrations of two foreigners and
// nine deadline entries about them, named d1 … d9.
func deadlineWorld(t *testing.T, s store.Store) map[string]store.Deadline {
	t.Helper()
	f1, f2 := fid(person(1)), fid(person(2))
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
	f1, f2 := fid(person(1)), fid(person(2))
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
		{store.DeadlineQuery{Through: year, Foreigner: fid(person(9))}, nil},
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
		{Through: calendar.NewDate(2026, time.December, 31), Foreigner: fid(person(1))},
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
			t.Errorf("Deadlines(%+v, Page{}) = %d items, cursor %q, %v; want all %d and no cursor\n%s", q, len(items), string(next), err, len(whole), d)
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
	absent := store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: fid(person(7)), Subject: string(regID(7))}
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

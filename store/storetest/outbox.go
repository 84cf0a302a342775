package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/migreg/migreg/store"
)

// message returns an outbox message about the i-th registration.
func message(i int, id string, created, next time.Time) store.Message {
	return store.Message{
		ID: id, Kind: "decision", To: string(fid(person(i))), Registration: regID(i),
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

package memstore

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"pgregory.net/rapid"
)

// instantGen draws instants a store accepts: zero, or in the years 1 to
// 9999, to the nanosecond, in UTC or another location.
func instantGen() *rapid.Generator[time.Time] {
	first, last := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	return rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.IntRange(0, 3).Draw(t, "zero") == 0 {
			return time.Time{}
		}
		u := time.Unix(rapid.Int64Range(first, last).Draw(t, "sec"), rapid.Int64Range(0, 999_999_999).Draw(t, "nsec"))
		if rapid.Bool().Draw(t, "elsewhere") {
			return u.In(time.FixedZone("UTC+5", 5*3600))
		}
		return u.UTC()
	})
}

// checkMsgRec encodes m and checks that everything read back is m: the
// whole message (instants as the same instants, in UTC, and a nil body for
// an empty one), and each part the indexes read.
func checkMsgRec(t interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}, m store.Message) {
	t.Helper()
	r, err := encodeMsg(&m)
	if err != nil {
		t.Fatalf("encodeMsg(%+v): %v", m, err)
	}
	got := r.message()
	want := m
	want.CreatedAt, want.NextAttempt, want.DeliveredAt = want.CreatedAt.UTC(), want.NextAttempt.UTC(), want.DeliveredAt.UTC()
	if len(want.Body) == 0 {
		want.Body = nil
	}
	if got.ID != want.ID || got.Kind != want.Kind || got.To != want.To || got.Registration != want.Registration ||
		string(got.Body) != string(want.Body) || (got.Body == nil) != (want.Body == nil) || got.Attempts != want.Attempts || got.LastError != want.LastError ||
		got.CreatedAt != want.CreatedAt || got.NextAttempt != want.NextAttempt || got.DeliveredAt != want.DeliveredAt {
		t.Fatalf("message %+v\nread back as %+v", want, got)
	}
	if r.id() != m.ID || r.delivered() != m.Delivered() || r.instant(1) != want.NextAttempt {
		t.Fatalf("id %q delivered %v next %v; want %q %v %v", r.id(), r.delivered(), r.instant(1), m.ID, m.Delivered(), want.NextAttempt)
	}
	if e := pendingOf(r); e.sec != m.CreatedAt.Unix() || e.nsec != int32(m.CreatedAt.Nanosecond()) || e.id != m.ID {
		t.Fatalf("pendingOf: %d %d %q; want %d %d %q", e.sec, e.nsec, e.id, m.CreatedAt.Unix(), m.CreatedAt.Nanosecond(), m.ID)
	}
	if len(got.Body) > 0 {
		got.Body[0]++
		if again := r.message(); string(again.Body) != string(want.Body) {
			t.Fatal("changing a body read out changed the stored message")
		}
	}
}

func TestMsgRecRoundTrip(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		text := rapid.StringN(0, 40, -1)
		checkMsgRec(rt, store.Message{
			ID: text.Draw(rt, "id"), Kind: text.Draw(rt, "kind"), To: text.Draw(rt, "to"),
			Registration: registration.ID(text.Draw(rt, "registration")),
			Body:         rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(rt, "body"),
			CreatedAt:    instantGen().Draw(rt, "created"), NextAttempt: instantGen().Draw(rt, "next"),
			DeliveredAt: instantGen().Draw(rt, "delivered"),
			Attempts:    rapid.IntRange(math.MinInt, math.MaxInt).Draw(rt, "attempts"),
			LastError:   text.Draw(rt, "last error"),
		})
	})
}

func FuzzMsgRec(f *testing.F) {
	f.Add("r-1/1", "host_request", "h_x", "r-1", []byte(`{"a":1}`), "", int64(1782882000), uint32(5), 0)
	f.Add("", "", "", "", []byte(nil), "timeout", int64(zeroUnix), uint32(0), -1)
	f.Fuzz(func(t *testing.T, id, kind, to, reg string, body []byte, lastErr string, sec int64, nsec uint32, attempts int) {
		first, last := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
		if sec < first || sec > last || nsec > 999_999_999 {
			t.Skip("an instant no store accepts")
		}
		at := time.Unix(sec, int64(nsec))
		checkMsgRec(t, store.Message{
			ID: id, Kind: kind, To: to, Registration: registration.ID(reg), Body: body,
			CreatedAt: at, NextAttempt: at.Add(time.Second), DeliveredAt: at, Attempts: attempts, LastError: lastErr,
		})
	})
}

// TestMsgRecLimits: a text or body longer than a msgRec can measure is
// refused with ErrInvalid (the real limit, 4 GiB, is lowered to reach it),
// and the zero instant's constant is right.
func TestMsgRecLimits(t *testing.T) {
	m := store.Message{ID: "r-1/1", Kind: "decision", To: "f_x", Registration: "r-1", Body: []byte("{}"), LastError: "timeout"}
	for _, c := range []struct {
		name string
		edit func(*store.Message)
	}{
		{"id", func(m *store.Message) { m.ID = "r-000001/1" }},
		{"kind", func(m *store.Message) { m.Kind = "host_request" }},
		{"to", func(m *store.Message) { m.To = "f_0123456789" }},
		{"registration", func(m *store.Message) { m.Registration = "r-000000001" }},
		{"body", func(m *store.Message) { m.Body = []byte(`{"a":"bcdefgh"}`) }},
		{"last error", func(m *store.Message) { m.LastError = "connection reset" }},
	} {
		long := m
		c.edit(&long)
		if _, err := encodeMsgWithin(&m, 9); err != nil {
			t.Fatalf("encodeMsgWithin(%+v, 9) = %v; want no error", m, err)
		}
		if _, err := encodeMsgWithin(&long, 9); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s of more than 9 bytes: encodeMsgWithin = %v; want ErrInvalid", c.name, err)
		}
	}
	if zeroUnix != (time.Time{}).Unix() {
		t.Errorf("zeroUnix = %d; time.Time{}.Unix() = %d", zeroUnix, (time.Time{}).Unix())
	}
}

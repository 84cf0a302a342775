package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/store"
)

// TestPageAfter reads back what the cursor helpers write, with the page's
// limit, and refuses cursors of the wrong shape and limits out of range.
func TestPageAfter(t *testing.T) {
	d := store.Deadline{Due: calendar.MustParseDate("2026-07-07"),
		DeadlineKey: store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: "f_x", Subject: "reg0001"}}
	if n, got, err := (store.Page{After: store.DeadlineCursor(d), Limit: 7}).ByDeadline(); err != nil || got != d || n != 7 {
		t.Errorf("ByDeadline(DeadlineCursor(%v), limit 7) = %d, %v, %v; want 7 and the same deadline", d, n, got, err)
	}
	if n, got, err := (store.Page{}).ByDeadline(); err != nil || got != (store.Deadline{}) || n != store.DefaultLimit {
		t.Errorf("ByDeadline of the first page = %d, %v, %v; want %d and the zero deadline", n, got, err, store.DefaultLimit)
	}
	if n, got, err := (store.Page{After: store.NewCursor("reg0001"), Limit: 3}).ByKey(); err != nil || got != "reg0001" || n != 3 {
		t.Errorf("ByKey(NewCursor(reg0001), limit 3) = %d, %q, %v; want 3, reg0001", n, got, err)
	}
	if n, got, err := (store.Page{}).ByKey(); err != nil || got != "" || n != store.DefaultLimit {
		t.Errorf("ByKey of the first page = %d, %q, %v; want %d, \"\"", n, got, err, store.DefaultLimit)
	}
	for _, c := range []store.Cursor{
		store.NewCursor("reg0001"), store.NewCursor("x", "host_answer", "f", "s"),
		store.NewCursor("2026-07-07", "no kind", "f", "s"), "%%%",
	} {
		if n, got, err := (store.Page{After: c}).ByDeadline(); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ByDeadline(%q) = %d, %v, %v; want ErrInvalid", c, n, got, err)
		}
	}
	if n, got, err := (store.Page{After: store.NewCursor("a", "b")}).ByKey(); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ByKey of a two-part cursor = %d, %q, %v; want ErrInvalid", n, got, err)
	}
	for _, limit := range []int{-1, store.MaxLimit + 1} {
		p := store.Page{After: store.NewCursor("reg0001"), Limit: limit}
		if n, got, err := p.ByKey(); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ByKey with limit %d = %d, %q, %v; want ErrInvalid", limit, n, got, err)
		}
		if n, got, err := (store.Page{Limit: limit}).ByDeadline(); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ByDeadline with limit %d = %d, %v, %v; want ErrInvalid", limit, n, got, err)
		}
	}
}

// TestCheckMessages refuses an invalid message and a batch naming one ID
// twice, and accepts distinct valid ones.
func TestCheckMessages(t *testing.T) {
	ok := store.Message{ID: "m1", Kind: "k"}
	other := store.Message{ID: "m2", Kind: "k"}
	for _, tc := range []struct {
		name string
		msgs []store.Message
		want error
	}{
		{"none", nil, nil},
		{"distinct", []store.Message{ok, other}, nil},
		{"one ID twice", []store.Message{ok, other, ok}, store.ErrDuplicate},
		{"no ID", []store.Message{ok, {Kind: "k"}}, store.ErrInvalid},
	} {
		if err := store.CheckMessages(tc.msgs); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: CheckMessages(%d messages) = %v; want %v", tc.name, len(tc.msgs), err, tc.want)
		}
	}
}

// FuzzPageAfter: reading a page's cursor never panics and refuses with
// ErrInvalid; a deadline it accepts writes back to the same cursor's key.
func FuzzPageAfter(f *testing.F) {
	f.Add(string(store.DeadlineCursor(store.Deadline{Due: calendar.MustParseDate("2026-07-07"),
		DeadlineKey: store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: "f_x", Subject: "r-1"}})))
	f.Add(string(store.NewCursor("r-0001")))
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, c string) {
		p := store.Page{After: store.Cursor(c)}
		if _, _, err := p.ByKey(); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("ByKey(%q) error %v does not match ErrInvalid", c, err)
		}
		_, d, err := p.ByDeadline()
		if err != nil {
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("ByDeadline(%q) error %v does not match ErrInvalid", c, err)
			}
			return
		}
		if c == "" {
			return
		}
		_, again, err := (store.Page{After: store.DeadlineCursor(d)}).ByDeadline()
		if err != nil || again != d {
			t.Fatalf("ByDeadline(DeadlineCursor(%v)) = %v, %v; want the same deadline", d, again, err)
		}
	})
}

// TestCursorShowsNoKey: a cursor encodes the key its page ended on, here
// a foreigner's pseudonymous ID, in base64 that anyone can decode; no fmt
// verb or slog record shows it (before, every one did), and string(c) is
// still the cursor.
func TestCursorShowsNoKey(t *testing.T) {
	const id = "f_k2026_0hbe0h3r1ams8mn9nr7n6s42ak"
	d := store.Deadline{Due: calendar.MustParseDate("2026-07-30"),
		DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: id, Subject: "2026-07-01"}}
	c := store.DeadlineCursor(d)
	if n, back, err := (store.Page{After: store.Cursor(string(c))}).ByDeadline(); err != nil || back != d || n != store.DefaultLimit {
		t.Fatalf("string(c) reads back as %v, %v; want the deadline", back, err)
	}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		outs = append(outs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, store.Page{After: c}))
	}
	var jb, tb bytes.Buffer
	slog.New(slog.NewJSONHandler(&jb, nil)).Info("m", "after", c)
	slog.New(slog.NewTextHandler(&tb, nil)).Info("m", "after", c)
	outs = append(outs, jb.String(), tb.String())
	for _, out := range outs {
		if strings.Contains(out, string(c)) || strings.Contains(out, id) {
			t.Errorf("a cursor printed as %q; want neither the cursor nor the ID it encodes", out)
		}
	}
	if b, err := json.Marshal(c); err != nil || string(b) != `"`+string(c)+`"` {
		t.Errorf("json.Marshal(cursor) = %s, %v; want the cursor itself, quoted", b, err)
	}
	if got := fmt.Sprint(store.Cursor("")); got != "cursor(none)" {
		t.Errorf("the empty cursor prints %q; want cursor(none)", got)
	}
}

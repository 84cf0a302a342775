package store_test

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/store"
)

// TestPageAfter reads back what the cursor helpers write, and refuses
// cursors of the wrong shape.
func TestPageAfter(t *testing.T) {
	d := store.Deadline{Due: calendar.MustParseDate("2026-07-07"),
		DeadlineKey: store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: "f_x", Subject: "reg0001"}}
	if got, err := (store.Page{After: store.DeadlineCursor(d)}).AfterDeadline(); err != nil || got != d {
		t.Errorf("AfterDeadline(DeadlineCursor(%v)) = %v, %v; want the same deadline", d, got, err)
	}
	if got, err := (store.Page{}).AfterDeadline(); err != nil || got != (store.Deadline{}) {
		t.Errorf("AfterDeadline of the first page = %v, %v; want the zero deadline", got, err)
	}
	if got, err := (store.Page{After: store.NewCursor("reg0001")}).AfterKey(); err != nil || got != "reg0001" {
		t.Errorf("AfterKey(NewCursor(reg0001)) = %q, %v; want reg0001", got, err)
	}
	if got, err := (store.Page{}).AfterKey(); err != nil || got != "" {
		t.Errorf("AfterKey of the first page = %q, %v; want \"\"", got, err)
	}
	for _, c := range []store.Cursor{
		store.NewCursor("reg0001"), store.NewCursor("x", "host_answer", "f", "s"),
		store.NewCursor("2026-07-07", "no kind", "f", "s"), "%%%",
	} {
		if got, err := (store.Page{After: c}).AfterDeadline(); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AfterDeadline(%q) = %v, %v; want ErrInvalid", c, got, err)
		}
	}
	if got, err := (store.Page{After: store.NewCursor("a", "b")}).AfterKey(); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("AfterKey of a two-part cursor = %q, %v; want ErrInvalid", got, err)
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
		if _, err := p.AfterKey(); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("AfterKey(%q) error %v does not match ErrInvalid", c, err)
		}
		d, err := p.AfterDeadline()
		if err != nil {
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("AfterDeadline(%q) error %v does not match ErrInvalid", c, err)
			}
			return
		}
		if c == "" {
			return
		}
		again, err := (store.Page{After: store.DeadlineCursor(d)}).AfterDeadline()
		if err != nil || again != d {
			t.Fatalf("AfterDeadline(DeadlineCursor(%v)) = %v, %v; want the same deadline", d, again, err)
		}
	})
}

package sqlstore

import (
	"fmt"
	"slices"
	"testing"
)

func TestKeyAfter(t *testing.T) {
	cols := []string{"due", "kind", "foreigner", "subject"}
	key := []string{"2026-07-01", "registration", "f1", "s1"}
	tests := []struct {
		fixed map[string]string
		cond  string
		args  []any
		none  bool
	}{
		{nil, "(due, kind, foreigner, subject) > (?, ?, ?, ?)", []any{"2026-07-01", "registration", "f1", "s1"}, false},
		// The cursor's own kind: the rest of the key decides.
		{map[string]string{"kind": "registration"}, "(due, foreigner, subject) > (?, ?, ?)", []any{"2026-07-01", "f1", "s1"}, false},
		// A kind after the cursor's: its entries due that day come after.
		{map[string]string{"kind": "stay_end"}, "due >= ?", []any{"2026-07-01"}, false},
		// A kind before the cursor's: its entries due that day came before.
		{map[string]string{"kind": "host_answer"}, "due > ?", []any{"2026-07-01"}, false},
		{map[string]string{"kind": "registration", "foreigner": "f1"}, "(due, subject) > (?, ?)", []any{"2026-07-01", "s1"}, false},
		{map[string]string{"kind": "registration", "foreigner": "f0"}, "due > ?", []any{"2026-07-01"}, false},
		{map[string]string{"kind": "registration", "foreigner": "f2"}, "due >= ?", []any{"2026-07-01"}, false},
		// Fixed leading columns decide alone.
		{map[string]string{"due": "2026-07-02"}, "", nil, false},
		{map[string]string{"due": "2026-06-30"}, "", nil, true},
		// Every column fixed at the cursor's values: only the cursor's row.
		{map[string]string{"due": "2026-07-01", "kind": "registration", "foreigner": "f1", "subject": "s1"}, "", nil, true},
	}
	for _, tt := range tests {
		cond, args, none := keyAfter(cols, key, tt.fixed)
		if cond != tt.cond || !slices.Equal(args, tt.args) || none != tt.none {
			t.Errorf("keyAfter(%q, %q, %v) = %q, %v, %t; want %q, %v, %t", cols, key, tt.fixed, cond, args, none, tt.cond, tt.args, tt.none)
		}
	}
}

func TestWalksStatement(t *testing.T) {
	tests := []struct {
		arms  []string
		query string
		args  []any
	}{
		{[]string{"SELECT a FROM t WHERE k = ? LIMIT ?"}, "SELECT a FROM t WHERE k = ? LIMIT ?", []any{"x", 3}},
		{
			[]string{"SELECT a FROM t WHERE k = ? LIMIT ?", "SELECT a FROM t WHERE k = ? LIMIT ?"},
			"SELECT * FROM (SELECT a FROM t WHERE k = ? LIMIT ?) AS walk1 UNION ALL SELECT * FROM (SELECT a FROM t WHERE k = ? LIMIT ?) AS walk2 ORDER BY a LIMIT ?",
			[]any{"x", 3, "y", 3, 3},
		},
	}
	for _, tt := range tests {
		var w walks
		for i, arm := range tt.arms {
			w.add(arm, string(rune('x'+i)), 3)
		}
		query, args := w.statement("a", 3)
		if query != tt.query || fmt.Sprint(args) != fmt.Sprint(tt.args) {
			t.Errorf("the walks %q merged = %q, %v; want %q, %v", tt.arms, query, args, tt.query, tt.args)
		}
	}
}

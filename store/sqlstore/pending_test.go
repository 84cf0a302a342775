package sqlstore

import "testing"

func TestNumberFrom(t *testing.T) {
	tests := []struct {
		query string
		n     int
		want  string
	}{
		{"DELETE FROM d WHERE a = $1 AND b = $2", 0, "DELETE FROM d WHERE a = $1 AND b = $2"},
		{"DELETE FROM d WHERE a = $1 AND b = $2", 9, "DELETE FROM d WHERE a = $10 AND b = $11"},
		{"INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING", 14, "INSERT INTO t (a) VALUES ($15) ON CONFLICT (a) DO NOTHING"},
		{"SELECT 1", 3, "SELECT 1"},
	}
	for _, tt := range tests {
		if got := numberFrom(tt.query, tt.n); got != tt.want {
			t.Errorf("numberFrom(%q, %d) = %q; want %q", tt.query, tt.n, got, tt.want)
		}
	}
}

func TestWithPending(t *testing.T) {
	tx := &tx{s: &Store{dialect: PostgreSQL}}
	if q, args := tx.withPending("SELECT $1", []any{1}); q != "SELECT $1" || len(args) != 1 {
		t.Errorf("with nothing pending: %q %v; want the statement unchanged", q, args)
	}
	// A second write of a row replaces the first.
	for _, w := range []struct{ key, query string }{
		{"d1", "DELETE FROM d WHERE k = $1"},
		{"t1", "INSERT INTO t (k) VALUES ($1)"},
		{"d1", "INSERT INTO d (k) VALUES ($1)"},
	} {
		if err := tx.writeBlind(t.Context(), "writing", w.key, w.query, w.key); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query, want string
	}{
		{"INSERT INTO o (k) VALUES ($1)",
			"WITH migreg_w1 AS (INSERT INTO t (k) VALUES ($2)), migreg_w2 AS (INSERT INTO d (k) VALUES ($3)) INSERT INTO o (k) VALUES ($1)"},
		{"WITH reg AS (UPDATE r SET v = $1 RETURNING id) INSERT INTO e SELECT id FROM reg",
			"WITH migreg_w1 AS (INSERT INTO t (k) VALUES ($2)), migreg_w2 AS (INSERT INTO d (k) VALUES ($3)), reg AS (UPDATE r SET v = $1 RETURNING id) INSERT INTO e SELECT id FROM reg"},
	}
	pending := tx.pending
	for _, tt := range tests {
		tx.pending = pending
		q, args := tx.withPending(tt.query, []any{"main"})
		if q != tt.want || len(args) != 3 || args[0] != "main" || args[1] != "t1" || args[2] != "d1" {
			t.Errorf("withPending(%q) = %q, %v; want %q, [main t1 d1]", tt.query, q, args, tt.want)
		}
		if len(tx.pending) != 0 {
			t.Errorf("withPending(%q) left %d writes pending; want none", tt.query, len(tx.pending))
		}
	}
}

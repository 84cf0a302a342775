package sqlstore

import (
	"bytes"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// dsnConnector is a connector that keeps its DSN, password included, as
// database/sql's own connector for sql.Open does.
type dsnConnector struct {
	brokenConnector
	dsn string
}

// TestStoreSaysWhatItIs: every fmt verb and both of slog's handlers show
// a *Store (a Store is never copied: it holds locks) as its dialect and
// schema: never
// its fields (the statements' text), nor, through the *sql.DB that fmt
// follows under %s and %q, the DSN's password.
func TestStoreSaysWhatItIs(t *testing.T) {
	const password = "hunter2-of-the-dsn"
	db := sql.OpenDB(dsnConnector{dsn: "postgres://migreg:" + password + "@db.internal/migreg"})
	defer db.Close()
	s, err := newStore(t.Context(), db, PostgreSQL, &Options{Schema: "migreg"})
	if err != nil {
		t.Fatal(err)
	}
	want := "sqlstore.Store{postgres, schema migreg}"
	for _, v := range []any{s} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
			if got := fmt.Sprintf(verb, v); got != want {
				t.Errorf("%s of a %T = %q; want %q", verb, v, got, want)
			}
		}
		var jb, tb bytes.Buffer
		slog.New(slog.NewJSONHandler(&jb, nil)).Info("m", "store", v)
		slog.New(slog.NewTextHandler(&tb, nil)).Info("m", "store", v)
		for _, out := range []string{jb.String(), tb.String()} {
			if !strings.Contains(out, want) || strings.Contains(out, password) || strings.Contains(out, "SELECT") {
				t.Errorf("slog record of a %T = %q; want %q, no statement and no password", v, out, want)
			}
		}
	}
	if got := fmt.Sprintf("%s", struct{ S *Store }{s}); strings.Contains(got, password) {
		t.Errorf("%%s of a struct holding a *Store = %q; want no password", got)
	}
	_ = s.Close()
	if got, want := s.String(), "sqlstore.Store{postgres, schema migreg, closed}"; got != want {
		t.Errorf("String of a closed Store = %q; want %q", got, want)
	}
}

package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/store"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		d             Dialect
		prefix, query string
		want          string
	}{
		{SQLite, "", "SELECT body FROM @registrations WHERE id = ?", "SELECT body FROM registrations WHERE id = ?"},
		{PostgreSQL, "", "SELECT body FROM @registrations WHERE id = ?", "SELECT body FROM registrations WHERE id = $1"},
		{PostgreSQL, `"s".`, "UPDATE @t SET a = ?, b = ? WHERE c IN (?, ?)", `UPDATE "s".t SET a = $1, b = $2 WHERE c IN ($3, $4)`},
		{SQLite, "", "INSERT INTO @a (x) VALUES (?), (?)", "INSERT INTO a (x) VALUES (?), (?)"},
	}
	for _, tt := range tests {
		if got := rebind(tt.d, tt.prefix, tt.query); got != tt.want {
			t.Errorf("rebind(%v, %q, %q) = %q; want %q", tt.d, tt.prefix, tt.query, got, tt.want)
		}
	}
}

// Every statement of the store has as many placeholders as its dialect
// form has parameters, and none is left in the PostgreSQL form.
func TestQueriesRebound(t *testing.T) {
	q := newQueries(PostgreSQL, `"s".`)
	for _, s := range []string{q.insertRegistration, q.updateRegistration, q.events, q.putDeadline, q.pending, q.insertEventsSQL(7), q.enqueue1} {
		if strings.ContainsAny(s, "?@") {
			t.Errorf("PostgreSQL statement %q still has ? or @", s)
		}
		if !strings.Contains(s, `"s".`) {
			t.Errorf("PostgreSQL statement %q does not name the schema", s)
		}
	}
	if got, want := strings.Count(q.insertEventsSQL(7), "$"), 35; got != want {
		t.Errorf("insertEventsSQL(7) has %d parameters; want %d", got, want)
	}
}

func TestDialectText(t *testing.T) {
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		b, err := d.MarshalText()
		var back Dialect
		if err == nil {
			err = back.UnmarshalText(b)
		}
		if err != nil || back != d || string(b) != d.String() {
			t.Errorf("%v: MarshalText = %q, UnmarshalText = %v, %v; want %q and back", d, b, back, err, d.String())
		}
	}
	// The zero Dialect (not set) is empty text, like every zero enum.
	if b, err := Dialect(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("Dialect(0).MarshalText() = %q, %v; want empty text", b, err)
	}
	if back := PostgreSQL; back.UnmarshalText(nil) != nil || back != 0 {
		t.Errorf("UnmarshalText of empty text = %v; want the zero Dialect", back)
	}
	for _, d := range []Dialect{0, 3, 255} {
		if _, err := d.MarshalText(); d != 0 && !errors.Is(err, ErrConfig) {
			t.Errorf("Dialect(%d).MarshalText() = %v; want ErrConfig", d, err)
		}
		if got, want := d.String(), fmt.Sprintf("Dialect(%d)", d); got != want {
			t.Errorf("Dialect(%d).String() = %q; want %q", d, got, want)
		}
	}
	var d Dialect
	for _, in := range []string{"SQLite", "postgresql", "mysql"} {
		if err := d.UnmarshalText([]byte(in)); !errors.Is(err, ErrConfig) {
			t.Errorf("UnmarshalText(%q) = %v; want ErrConfig", in, err)
		}
	}
}

func FuzzDialectUnmarshalText(f *testing.F) {
	for _, s := range []string{"sqlite", "postgres", "", "Dialect(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Dialect
		err := d.UnmarshalText([]byte(s))
		if err != nil {
			if !errors.Is(err, ErrConfig) {
				t.Errorf("UnmarshalText(%q) = %v; want nil or ErrConfig", s, err)
			}
			return
		}
		if b, err := d.MarshalText(); err != nil || string(b) != s {
			t.Errorf("UnmarshalText(%q) = %v; want the dialect named %q", s, d, s)
		}
	})
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(string(store.NewCursor("reg0001")), 1)
	f.Add(string(store.NewCursor("2026-07-07", "host_answer", "f_x", "reg0001")), 4)
	f.Add("!!", 1)
	f.Fuzz(func(t *testing.T, c string, n int) {
		if n < 1 || n > 8 {
			return
		}
		parts, err := store.Cursor(c).Parts(n)
		if err != nil {
			if !errors.Is(err, store.ErrInvalid) {
				t.Errorf("decodeCursor(%q, %d) = %v; want store.ErrInvalid", c, n, err)
			}
			return
		}
		if len(parts) != n {
			t.Fatalf("decodeCursor(%q, %d) = %d parts", c, n, len(parts))
		}
		if again, err := store.NewCursor(parts...).Parts(n); err != nil || strings.Join(again, "\x00") != strings.Join(parts, "\x00") {
			t.Errorf("decodeCursor(store.NewCursor(%q)) = %q, %v; want the same parts", parts, again, err)
		}
	})
}

// Instants stored as SQLite integers (microseconds) sort as the instants
// do at that precision, and read back equal to the microsecond; so does
// the text that versions before 6 stored.
func TestInstantInteger(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) time.Time {
		sec := rapid.Int64Range(-62135596800, 253402300799).Draw(t, "sec") // years 1 to 9999
		nsec := rapid.Int64Range(0, 999999999).Draw(t, "nsec")
		if sec == -62135596800 && nsec == 0 {
			nsec = 1 // the zero time is stored as NULL, tested apart
		}
		zone := rapid.IntRange(-12*3600, 14*3600).Draw(t, "zone")
		return time.Unix(sec, nsec).In(time.FixedZone("z", zone))
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		ia, ib := instantArg(SQLite, a).(int64), instantArg(SQLite, b).(int64)
		ma, mb := a.Truncate(time.Microsecond), b.Truncate(time.Microsecond)
		if got, want := cmp.Compare(ia, ib), ma.Compare(mb); got != want {
			t.Fatalf("%v vs %v: integers %d vs %d compare %d; want %d", a, b, ia, ib, got, want)
		}
		var back time.Time
		if err := (instant{&back}).Scan(ia); err != nil || !back.Equal(ma) {
			t.Fatalf("Scan(%d) = %v, %v; want %v", ia, back, err, ma)
		}
		old := a.UTC().Format(instantLayout)
		if err := (instant{&back}).Scan(old); err != nil || !back.Equal(a) {
			t.Fatalf("Scan(%q) = %v, %v; want %v", old, back, err, a)
		}
	})
}

func TestInstantScan(t *testing.T) {
	at := time.Date(2026, time.July, 2, 5, 0, 0, 0, time.UTC)
	tests := []struct {
		src  any
		want time.Time
	}{
		{nil, time.Time{}},
		{at.In(time.FixedZone("KZ", 5*3600)), at},
		{"2026-07-02T05:00:00.000000000Z", at},
		{[]byte("2026-07-02T10:00:00+05:00"), at},
		{at.UnixMicro(), at},
	}
	for _, tt := range tests {
		var got time.Time
		if err := (instant{&got}).Scan(tt.src); err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("Scan(%v) = %v, %v; want %v in UTC", tt.src, got, err, tt.want)
		}
	}
	for _, src := range []any{"yesterday", 4.2} {
		var got time.Time
		if err := (instant{&got}).Scan(src); err == nil {
			t.Errorf("Scan(%v) = %v; want an error", src, got)
		}
	}
}

// Driver errors, as the drivers' types expose them.
type pgError struct{ code string }

func (e *pgError) Error() string    { return "pg: " + e.code }
func (e *pgError) SQLState() string { return e.code }

type sqliteError struct{ code int }

func (e *sqliteError) Error() string { return fmt.Sprintf("sqlite: %d", e.code) }
func (e *sqliteError) Code() int     { return e.code }

func TestClassify(t *testing.T) {
	tests := []struct {
		d    Dialect
		err  error
		want refusal
	}{
		{PostgreSQL, nil, notRefused},
		{PostgreSQL, &pgError{"23505"}, uniqueViolation},
		{PostgreSQL, fmt.Errorf("wrapped: %w", &pgError{"23503"}), foreignKeyViolation},
		{PostgreSQL, &pgError{"23514"}, checkViolation},
		{PostgreSQL, &pgError{"23502"}, checkViolation},
		{SQLite, &sqliteError{1299}, checkViolation}, // SQLITE_CONSTRAINT_NOTNULL
		{PostgreSQL, &pgError{"23001"}, appendOnlyViolation},
		{PostgreSQL, &pgError{"40001"}, retryable},
		{PostgreSQL, &pgError{"40P01"}, retryable},
		{PostgreSQL, &pgError{"42P01"}, otherError},
		{PostgreSQL, &sqliteError{2067}, otherError},
		{SQLite, &sqliteError{2067}, uniqueViolation},
		{SQLite, &sqliteError{1555}, uniqueViolation},
		{SQLite, &sqliteError{787}, foreignKeyViolation},
		{SQLite, &sqliteError{275}, checkViolation},
		{SQLite, &sqliteError{1811}, appendOnlyViolation},
		{SQLite, &sqliteError{5}, retryable},
		{SQLite, &sqliteError{517}, retryable}, // SQLITE_BUSY_SNAPSHOT
		{SQLite, &sqliteError{6}, retryable},
		{SQLite, &sqliteError{1}, otherError},
		{SQLite, &pgError{"23505"}, otherError},
		{SQLite, errors.New("no code"), otherError},
	}
	for _, tt := range tests {
		if got := classify(tt.d, tt.err); got != tt.want {
			t.Errorf("classify(%v, %v) = %d; want %d", tt.d, tt.err, got, tt.want)
		}
	}
}

func TestAbortedAtCommit(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&pgError{"40001"}, true},  // serialization failure
		{&pgError{"40P01"}, true},  // deadlock
		{&pgError{"23505"}, true},  // deferred unique constraint
		{&pgError{"25P02"}, true},  // transaction already failed
		{&pgError{"57P01"}, false}, // shut down while waiting for the standby: maybe committed
		{&pgError{"08006"}, false},
		{&pgError{"XX000"}, false},
		{&pgError{"40"}, false}, // not a SQLSTATE
		{fmt.Errorf("commit: %w", &pgError{"40001"}), true},
		{errors.New("conn closed"), false},
		{&sqliteError{5}, false},
	}
	for _, tt := range tests {
		if got := abortedAtCommit(tt.err); got != tt.want {
			t.Errorf("abortedAtCommit(%v) = %v; want %v", tt.err, got, tt.want)
		}
	}
}

func TestActiveConflictText(t *testing.T) {
	const hint = "is another registration of the foreigner active?"
	tests := []struct {
		d        Dialect
		err      error
		wantHint bool
	}{
		{PostgreSQL, &pgError{"23505"}, true},
		{PostgreSQL, &pgError{"40001"}, false}, // a serialization failure is not a taken slot
		{PostgreSQL, &pgError{"40P01"}, false},
		{SQLite, &sqliteError{2067}, true},
		{SQLite, &sqliteError{5}, false},
		{SQLite, errors.New("disk I/O error"), false},
	}
	for _, tt := range tests {
		tx := &tx{s: &Store{dialect: tt.d}}
		err := tx.activeConflict(tx.fail(tt.err, store.ErrConflict, "updating registration r1"))
		if got := strings.Contains(err.Error(), hint); got != tt.wantHint {
			t.Errorf("%v, %v: error %q; want the hint %v", tt.d, tt.err, err, tt.wantHint)
		}
	}
	if err := (&tx{s: &Store{}}).activeConflict(nil); err != nil {
		t.Errorf("activeConflict(nil) = %v; want nil", err)
	}
}

func TestMigrationFiles(t *testing.T) {
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		ms, err := migrations(d)
		if err != nil {
			t.Fatalf("migrations(%v): %v", d, err)
		}
		if len(ms) != SchemaVersion {
			t.Errorf("migrations(%v) = %d files; want SchemaVersion = %d", d, len(ms), SchemaVersion)
		}
		for _, m := range ms {
			if strings.Contains(m.sql, "?") {
				t.Errorf("%v %s has a ?, which the migrations must not use", d, m.name)
			}
			// Every table, and every index dropped, is named with the
			// schema placeholder (but the new name of a table renamed,
			// which stays in its schema).
			tables := regexp.MustCompile(`(?i)\bCREATE TABLE\s+(\S+)|\bON\s+(@?\w+)\s*\(|\bREFERENCES\s+(\S+)|\bDROP (?:INDEX|TABLE)\s+(\S+)|\b(?:ALTER TABLE|INSERT INTO|FROM)\s+(\S+)|\bUPDATE\s+(\S+)\s+SET\b`).FindAllStringSubmatch(m.sql, -1)
			least := 0
			switch {
			case m.version == 1:
				least = 10 // the first migration creates every table
			case hasStatement(m.sql):
				least = 1
			}
			if len(tables) < least {
				t.Errorf("%v %s: found %d table names; the check reads the file wrongly", d, m.name, len(tables))
			}
			for _, match := range tables {
				name := match[1] + match[2] + match[3] + match[4] + match[5] + match[6]
				if !strings.HasPrefix(name, "@") {
					t.Errorf("%v %s: table %q is not written @%s", d, m.name, name, name)
				}
			}
		}
	}
}

// hasStatement reports whether a migration runs anything: SQLite's
// version 2 is only a comment.
func hasStatement(sql string) bool {
	for _, line := range strings.Split(sql, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "--") {
			return true
		}
	}
	return false
}

// brokenConnector is a database/sql connector that cannot connect: New
// must check its arguments before it touches the database.
type brokenConnector struct{}

var errNoDatabase = errors.New("no database in this test")

func (brokenConnector) Connect(context.Context) (driver.Conn, error) { return nil, errNoDatabase }
func (brokenConnector) Driver() driver.Driver                        { return nil }

func TestNewChecksConfig(t *testing.T) {
	ctx := t.Context()
	db := sql.OpenDB(brokenConnector{})
	defer db.Close()
	tests := []struct {
		name    string
		db      *sql.DB
		dialect Dialect
		opts    *Options
	}{
		{"no database", nil, SQLite, nil},
		{"zero dialect", db, 0, nil},
		{"unknown dialect", db, 9, nil},
		{"schema for SQLite", db, SQLite, &Options{Schema: "migreg"}},
		{"schema with a quote", db, PostgreSQL, &Options{Schema: `a"; DROP TABLE x; --`}},
		{"schema in upper case", db, PostgreSQL, &Options{Schema: "Migreg"}},
		{"schema starting with a digit", db, PostgreSQL, &Options{Schema: "1migreg"}},
	}
	for _, tt := range tests {
		if s, err := New(ctx, tt.db, tt.dialect, tt.opts); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New = %v, %v; want ErrConfig", tt.name, s, err)
		}
	}
}

func TestClosedAndUnreachable(t *testing.T) {
	ctx := t.Context()
	db := sql.OpenDB(brokenConnector{})
	defer db.Close()
	if _, err := New(ctx, db, PostgreSQL, &Options{Schema: "migreg", MaxRetries: -1}); !errors.Is(err, errNoDatabase) {
		t.Errorf("New without Migrate on an unreachable database = %v; want its error (it checks the schema version)", err)
	}
	s, err := newStore(ctx, db, PostgreSQL, &Options{Schema: "migreg", MaxRetries: -1, UnavailableTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("newStore = %v; want nil (it does not connect)", err)
	}
	called := false
	if err := s.Update(ctx, func(store.Tx) error { called = true; return nil }); !errors.Is(err, errNoDatabase) || !errors.Is(err, store.ErrUnavailable) || called {
		t.Errorf("Update on an unreachable database = %v (fn called: %t); want store.ErrUnavailable with its error, without calling fn", err, called)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close() = %v; want nil", err)
	}
	if err := s.Close(); !errors.Is(err, store.ErrClosed) {
		t.Errorf("second Close() = %v; want store.ErrClosed", err)
	}
	if err := s.View(ctx, func(store.ReadTx) error { called = true; return nil }); !errors.Is(err, store.ErrClosed) || called {
		t.Errorf("View after Close = %v (fn called: %t); want store.ErrClosed", err, called)
	}
	if err := s.Migrate(ctx); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Migrate after Close = %v; want store.ErrClosed", err)
	}
	if _, err := New(ctx, db, SQLite, nil); !errors.Is(err, errNoDatabase) {
		t.Errorf("New(SQLite) on an unreachable database = %v; want its error", err)
	}
}

// backoff waits less than its ceiling and gives up when ctx is done.
func TestBackoffCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := backoff(ctx, 20, time.Millisecond, time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("backoff(cancelled ctx) = %v; want context.Canceled", err)
	}
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/migreg/migreg/store"
)

// ErrConfig is matched by the errors of New for a configuration it cannot
// use: no database, an unknown dialect, a malformed schema name, a SQLite
// database that is not a file in WAL mode.
var ErrConfig = errors.New("sqlstore: invalid configuration")

// Options configures a Store. The zero value (and nil) gives the defaults.
type Options struct {
	// Migrate applies the schema migrations in New (see Store.Migrate).
	// Without it, call Migrate before the first transaction.
	Migrate bool `json:"migrate"`
	// Schema is the PostgreSQL schema that holds the tables, created by
	// Migrate if absent: lower-case letters, digits and underscores,
	// starting with a letter or an underscore. Empty: the tables are
	// unqualified, so they live in the connection's search_path (usually
	// "public"). SQLite has no schemas: it must be empty.
	Schema string `json:"schema"`
	// MaxRetries is how many times Update runs a transaction again after
	// the database aborted it: a PostgreSQL deadlock or serialization
	// failure, or a SQLite database still locked by another process after
	// BusyTimeout. Zero means 10; a negative value disables retries.
	MaxRetries int `json:"max_retries"`
	// BusyTimeout is how long a SQLite connection waits for another
	// process's write lock before giving up (PRAGMA busy_timeout). Zero
	// means 5 seconds. PostgreSQL ignores it.
	BusyTimeout time.Duration `json:"busy_timeout"`
	// UnavailableTimeout is how long Update and View keep trying a
	// PostgreSQL transaction that surely did not commit because the
	// database could not take it (refused connections, a server starting
	// up or shutting down, a standby that a failover left behind), before
	// they return an error matching store.ErrUnavailable. Zero means 30
	// seconds; a negative value disables these retries. SQLite ignores it.
	UnavailableTimeout time.Duration `json:"unavailable_timeout"`
}

const (
	defaultMaxRetries         = 10
	defaultBusyTimeout        = 5 * time.Second
	defaultUnavailableTimeout = 30 * time.Second
)

// Store is a store.Store in a SQL database, made by New (the zero Store
// has no database, and its methods panic). It is safe for concurrent use
// by multiple goroutines, and by several processes sharing the database.
//
// String, fmt verbs and LogValue show its dialect and schema, never its
// connection (whose DSN may hold a password) nor what it holds.
type Store struct {
	db          *sql.DB
	dialect     Dialect
	schema      string
	prefix      string // before table names: `"schema".` or empty
	maxRetries  int
	busyTimeout time.Duration
	unavailable time.Duration // the UnavailableTimeout
	closed      atomic.Bool
	// writer serializes this process's SQLite write transactions, so that
	// they queue here rather than in SQLite's busy handler (which polls).
	// Other processes still wait in the busy handler.
	writer chan struct{}
	// group holds the SQLite writes waiting to be committed together (see
	// update in group.go).
	group waiting
	// held is the SQLite writer's connection between write transactions,
	// with its prepared statements (see held.go).
	held heldLink
	q    queries
}

var _ store.Store = (*Store)(nil)

// validSchema reports whether name is a PostgreSQL identifier that needs
// no quoting: lower-case letters, digits and underscores, not starting
// with a digit, at most 63 bytes.
func validSchema(name string) bool {
	if name == "" || len(name) > 63 || ('0' <= name[0] && name[0] <= '9') {
		return false
	}
	for _, c := range []byte(name) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// New returns a Store over db, a database the caller opened with the driver
// of their choice, speaking dialect. With opts.Migrate it applies the
// schema migrations first. The caller keeps db: Store.Close does not close
// it, and the caller configures its connection pool.
//
// For SQLite, db must be a database file: New switches it to WAL mode
// (PRAGMA journal_mode=WAL, which persists in the file), and each
// transaction sets the busy timeout and turns foreign keys on for its
// connection, so the DSN need not. Then it runs PRAGMA optimize, which
// gathers the planner's statistics where they are missing or stale (see
// the package documentation). Keep the default synchronous=FULL for
// transactions that survive a power cut; NORMAL survives a crash of the
// process, not of the machine.
//
// Errors: ErrConfig for a configuration New cannot use; the database's
// errors, and those of Migrate.
func New(ctx context.Context, db *sql.DB, dialect Dialect, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	s, err := newStore(ctx, db, dialect, opts)
	if err != nil {
		return nil, err
	}
	if s, err = s.ready(ctx, opts.Migrate); err != nil {
		return nil, err
	}
	if err := s.optimize(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// newStore checks the arguments and prepares the store, without looking
// at the schema.
func newStore(ctx context.Context, db *sql.DB, dialect Dialect, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	if db == nil {
		return nil, fmt.Errorf("%w: no database", ErrConfig)
	}
	if !dialect.valid() {
		return nil, fmt.Errorf("%w: unknown dialect %v", ErrConfig, dialect)
	}
	s := &Store{db: db, dialect: dialect, maxRetries: opts.MaxRetries, busyTimeout: opts.BusyTimeout}
	switch {
	case s.maxRetries == 0:
		s.maxRetries = defaultMaxRetries
	case s.maxRetries < 0:
		s.maxRetries = 0
	}
	if s.busyTimeout <= 0 {
		s.busyTimeout = defaultBusyTimeout
	}
	switch s.unavailable = opts.UnavailableTimeout; {
	case s.unavailable == 0:
		s.unavailable = defaultUnavailableTimeout
	case s.unavailable < 0:
		s.unavailable = 0
	}
	if opts.Schema != "" {
		if dialect != PostgreSQL {
			return nil, fmt.Errorf("%w: a schema is for PostgreSQL only", ErrConfig)
		}
		if !validSchema(opts.Schema) {
			return nil, fmt.Errorf("%w: schema name %q", ErrConfig, opts.Schema)
		}
		s.schema = opts.Schema
		s.prefix = `"` + opts.Schema + `".`
	}
	if dialect == SQLite {
		s.writer = make(chan struct{}, 1)
		if err := s.useWAL(ctx); err != nil {
			return nil, err
		}
	}
	s.q = newQueries(dialect, s.prefix)
	return s, nil
}

// ready migrates the schema, or checks that it is the one this package
// was written for.
func (s *Store) ready(ctx context.Context, migrate bool) (*Store, error) {
	if migrate {
		if err := s.Migrate(ctx); err != nil {
			return nil, err
		}
		return s, nil
	}
	// Without migrating, refuse a schema this code was not written for:
	// an older binary must not write to a newer schema, and a missing one
	// would fail later on every call.
	v, err := s.Version(ctx)
	switch {
	case err != nil:
		return nil, err
	case v > SchemaVersion:
		return nil, fmt.Errorf("%w: the database is at version %d, this package at %d", ErrSchemaTooNew, v, SchemaVersion)
	case v < SchemaVersion:
		return nil, fmt.Errorf("%w: the database is at version %d, this package at %d", ErrNotMigrated, v, SchemaVersion)
	}
	return s, nil
}

// String returns "sqlstore.Store{postgres, schema migreg}", or
// "sqlstore.Store{sqlite}", with ", closed" once closed: what the store
// is, never its connection nor what it holds.
func (s *Store) String() string {
	out := "sqlstore.Store{" + s.dialect.String()
	if s.schema != "" {
		out += ", schema " + s.schema
	}
	if s.closed.Load() {
		out += ", closed"
	}
	return out + "}"
}

// Format makes every fmt verb print String: fmt's reflection would print
// the statements' text and, under %s and %q, follow the *sql.DB to its
// connector's DSN, password included.
func (s *Store) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// LogValue implements slog.LogValuer with String.
func (s *Store) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Dialect returns the dialect the store speaks.
func (s *Store) Dialect() Dialect { return s.dialect }

// useWAL puts a SQLite database in WAL mode, in which readers never block
// the writer nor the writer the readers. Changing the mode takes a lock
// that SQLite refuses at once (SQLITE_BUSY, without waiting the busy
// timeout) while another process holds one, as when several open a new
// database together: that is tried again, as Update does.
func (s *Store) useWAL(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		err := s.setWAL(ctx)
		if err == nil || classify(s.dialect, err) != retryable || attempt >= s.maxRetries {
			return err
		}
		if err := backoff(ctx, attempt, 2*time.Millisecond, 250*time.Millisecond); err != nil {
			return err
		}
	}
}

func (s *Store) setWAL(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, s.busyPragma()); err != nil {
		return fmt.Errorf("sqlstore: setting the busy timeout: %w", err)
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("sqlstore: setting WAL mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("%w: SQLite journal mode is %q, not wal: the database must be a file", ErrConfig, mode)
	}
	return nil
}

func (s *Store) busyPragma() string {
	return "PRAGMA busy_timeout = " + strconv.FormatInt(s.busyTimeout.Milliseconds(), 10)
}

// Close makes later calls of Update and View return store.ErrClosed.
// Transactions already running finish. On SQLite it gives back the
// connection the store keeps for its writes (see Update). It does not
// close the *sql.DB, which belongs to the caller.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return store.ErrClosed
	}
	s.closeHeld()
	return nil
}

// Update runs fn in a read-write transaction (see store.Store).
//
// On SQLite the transaction takes the write lock when it begins (BEGIN
// IMMEDIATE), so it never fails halfway for want of it: writers of this
// process queue in the Store, those of other processes wait up to
// Options.BusyTimeout. On PostgreSQL it runs at READ COMMITTED, and
// Tx.Lock serializes the transactions of one foreigner (see the package
// documentation). Either way, a transaction the database aborts (a
// serialization failure, a deadlock, a lock still busy) runs again, up to
// Options.MaxRetries times with a short random backoff; after that Update
// returns an error matching store.ErrConflict.
//
// On SQLite the store keeps the connection of its last write transaction,
// with the statements prepared on it, for the next one, until Close: it
// takes one connection of the pool for good, unless the pool is limited to
// one connection (db.SetMaxOpenConns(1)), which View needs too.
//
// A write that the database refuses spoils the transaction, as PostgreSQL
// does: later calls return the same error, and Update does not commit even
// if fn returns nil. The Tx is for the goroutine that runs fn.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if s.dialect == SQLite {
		return s.groupUpdate(ctx, fn)
	}
	return s.run(ctx, true, func(t *tx) error { return fn(t) })
}

// View runs fn in a read-only transaction that sees one snapshot of the
// database (see store.Store): a deferred transaction in SQLite's WAL mode,
// REPEATABLE READ READ ONLY in PostgreSQL. Views never wait for writers.
func (s *Store) View(ctx context.Context, fn func(tx store.ReadTx) error) error {
	return s.run(ctx, false, func(t *tx) error { return fn(t) })
}

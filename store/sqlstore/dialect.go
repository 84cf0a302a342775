package sqlstore

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Dialect is the SQL database a Store talks to. The zero Dialect is
// invalid; New refuses it.
type Dialect uint8

// The dialects. Never reorder; add new dialects at the end.
const (
	// SQLite: one file on one machine, embedded in the process (any
	// database/sql driver for SQLite 3.24 or later, such as
	// modernc.org/sqlite).
	SQLite Dialect = iota + 1
	// PostgreSQL: PostgreSQL 12 or later (any database/sql driver that
	// reports SQLSTATE codes, such as github.com/jackc/pgx/v5/stdlib).
	PostgreSQL
)

var dialectNames = [...]string{"", "sqlite", "postgres"}

// String returns the stable name: "sqlite" or "postgres".
func (d Dialect) String() string {
	if d.valid() {
		return dialectNames[d]
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}

func (d Dialect) valid() bool { return d >= SQLite && int(d) < len(dialectNames) }

// MarshalText returns the stable name, for configuration files, or empty
// text for the zero Dialect (not set), like every enum of migreg; a value
// outside the enum is an error matching ErrConfig.
func (d Dialect) MarshalText() ([]byte, error) {
	switch {
	case d == 0:
		return []byte{}, nil
	case !d.valid():
		return nil, fmt.Errorf("%w: unknown dialect %d", ErrConfig, d)
	}
	return []byte(dialectNames[d]), nil
}

// UnmarshalText accepts a stable name ("sqlite", "postgres"), and empty
// text as the zero Dialect. On error d is unchanged.
func (d *Dialect) UnmarshalText(b []byte) error {
	for i := range len(dialectNames) {
		if dialectNames[i] == string(b) {
			*d = Dialect(i)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown dialect %q", ErrConfig, b)
}

// rebind turns a query written with ? placeholders and @ before table
// names into the dialect's form: $1, $2 ... for PostgreSQL, and the
// tables qualified with the schema when one is set. The queries of this
// package have neither character anywhere else.
func rebind(d Dialect, prefix, query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '?' && d == PostgreSQL:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		case c == '@':
			b.WriteString(prefix)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// instantLayout wrote instants for SQLite before schema version 6: UTC,
// fixed width, so that the text sorted as the instants do. Version 6
// stores them as integers (see instantArg); the text still scans.
const instantLayout = "2006-01-02T15:04:05.000000000Z"

// instantArg returns the value that stores t: NULL for the zero time, the
// microseconds since 1970-01-01 UTC for SQLite (an integer of 8 bytes, not
// 30 of text; it sorts as the instants do, and spans every year the store
// contract accepts, 1 to 9999), the UTC time for PostgreSQL (TIMESTAMPTZ,
// which keeps microseconds too).
func instantArg(d Dialect, t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if d == SQLite {
		return t.UnixMicro()
	}
	return t.UTC()
}

// instant scans what instantArg stored: NULL is the zero time.
type instant struct{ t *time.Time }

func (s instant) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case int64:
		*s.t = time.UnixMicro(v).UTC()
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("sqlstore: cannot scan %T into an instant", src)
	}
	return nil
}

func (s instant) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("sqlstore: stored instant %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

// How the database refused a statement, independent of the dialect.
type refusal uint8

const (
	notRefused refusal = iota
	uniqueViolation
	foreignKeyViolation
	checkViolation
	appendOnlyViolation // the trigger guarding the event log
	retryable           // serialization failure, deadlock, SQLite busy
	unavailable         // PostgreSQL could not take the transaction: nothing was committed
	otherError
)

// Error codes, matched without importing a driver: PostgreSQL drivers
// (pgx, lib/pq) expose the SQLSTATE through a SQLState() method, and
// modernc.org/sqlite the extended result code through Code().
type sqlStater interface{ SQLState() string }
type sqliteCoder interface{ Code() int }

// SQLite result codes (https://sqlite.org/rescode.html).
const (
	sqliteBusy                 = 5
	sqliteLocked               = 6
	sqliteConstraint           = 19
	sqliteConstraintCheck      = 275
	sqliteConstraintForeignKey = 787
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintTrigger    = 1811
	sqliteConstraintUnique     = 2067
)

// refusedByDatabase reports whether PostgreSQL itself answered with err
// (it carries a SQLSTATE), as opposed to an error of the connection or the
// driver, after which the server's state is not known.
func refusedByDatabase(err error) bool {
	var e sqlStater
	return errors.As(err, &e)
}

// abortedAtCommit reports whether PostgreSQL answered a COMMIT with err
// in a way that says the transaction did not commit: a constraint checked
// at commit (class 23), a serialization failure or deadlock (class 40), or
// a transaction already failed (class 25). Any other answer, 57P01 from a
// server shutting down while a COMMIT waited for its synchronous standby
// say, leaves the outcome unknown: the commit may be on disk already.
func abortedAtCommit(err error) bool {
	var e sqlStater
	if !errors.As(err, &e) {
		return false
	}
	state := e.SQLState()
	return len(state) == 5 && (state[:2] == "23" || state[:2] == "40" || state[:2] == "25")
}

// connectionLost reports whether err says that the connection to the
// server failed or closed, as the drivers and the standard library say it
// (without importing a driver): database/sql's driver.ErrBadConn, a
// network error, an end of stream, or an error that pgx marks as raised
// before anything reached the server (SafeToRetry).
func connectionLost(err error) bool {
	var netErr net.Error
	var safe interface{ SafeToRetry() bool }
	return errors.Is(err, driver.ErrBadConn) || errors.As(err, &netErr) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		(errors.As(err, &safe) && safe.SafeToRetry())
}

// classify says how the database refused err, or otherError when it does
// not know the error (including errors of drivers that expose no code).
func classify(d Dialect, err error) refusal {
	if err == nil {
		return notRefused
	}
	switch d {
	case PostgreSQL:
		var e sqlStater
		if !errors.As(err, &e) {
			if connectionLost(err) {
				return unavailable
			}
			return otherError
		}
		switch code := e.SQLState(); code {
		case "23505":
			return uniqueViolation
		case "23503":
			return foreignKeyViolation
		case "23514", "23502": // check_violation, not_null_violation
			return checkViolation
		case "22021", "22P05", "22008", "22007": // bad text (NUL, invalid UTF-8), bad date or time
			return checkViolation
		case "23001": // restrict_violation, raised by the append-only trigger
			return appendOnlyViolation
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return retryable
		case "57P01", "57P02", "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
			"25006", "0A000": // read_only_sql_transaction, feature_not_supported: a standby
			return unavailable
		default:
			if strings.HasPrefix(code, "08") { // connection_exception
				return unavailable
			}
		}
	case SQLite:
		var e sqliteCoder
		if !errors.As(err, &e) {
			return otherError
		}
		switch code := e.Code(); {
		case code == sqliteConstraintUnique || code == sqliteConstraintPrimaryKey:
			return uniqueViolation
		case code == sqliteConstraintForeignKey:
			return foreignKeyViolation
		case code == sqliteConstraintCheck:
			return checkViolation
		case code == sqliteConstraintTrigger:
			return appendOnlyViolation
		case code&0xff == sqliteBusy || code&0xff == sqliteLocked:
			return retryable
		case code&0xff == sqliteConstraint:
			return checkViolation
		}
	}
	return otherError
}

package dbtest

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"testing"
)

// A recorder is a database/sql driver that passes everything to the real
// driver and notes the statements run through it, with their arguments.
// The plan tests open the store's database through one, run a store
// method, and explain the very statements the store ran: a test that
// rebuilt the store's SQL itself would not notice when the store's SQL
// changed.
type recorder struct {
	drv driver.Driver
	dsn string

	mu    sync.Mutex
	on    bool
	stmts []statement
	// prepares and connects count the statements prepared and the
	// connections opened while recording: the SQLite store keeps its
	// writer's connection and statements from one transaction to the
	// next.
	prepares, connects int
	// fail, when set, is the statement whose next run fails with
	// failErr; it is then unset.
	fail    string
	failErr error
}

// statement is a statement the store ran, with its arguments.
type statement struct {
	query string
	args  []any
}

// openRecorded opens dsn with the named driver (registered by its
// package) through a recorder, and closes the database when the test
// ends.
func openRecorded(tb testing.TB, driverName, dsn string) (*sql.DB, *recorder) {
	tb.Helper()
	plain, err := sql.Open(driverName, dsn)
	if err != nil {
		tb.Fatalf("sql.Open(%s): %v", driverName, err)
	}
	r := &recorder{drv: plain.Driver(), dsn: dsn}
	plain.Close()
	db := sql.OpenDB(r)
	tb.Cleanup(func() { db.Close() })
	return db, r
}

// record runs fn and returns the statements run meanwhile.
func (r *recorder) record(fn func() error) ([]statement, error) {
	r.mu.Lock()
	r.on, r.stmts, r.prepares, r.connects = true, nil, 0, 0
	r.mu.Unlock()
	err := fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmts, err
}

// counts returns the statements prepared and the connections opened in
// the last recording.
func (r *recorder) counts() (prepares, connects int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.prepares, r.connects
}

// failOnce makes the next run of query fail with err, without running.
func (r *recorder) failOnce(query string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail, r.failErr = query, err
}

// note notes a statement about to run, or fails it (see fail).
func (r *recorder) note(query string, args []driver.NamedValue) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != "" && r.fail == query {
		r.fail = ""
		return r.failErr
	}
	if !r.on {
		return nil
	}
	s := statement{query: query}
	for _, a := range args {
		v := a.Value
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b) // the caller may reuse its buffer
		}
		s.args = append(s.args, v)
	}
	r.stmts = append(r.stmts, s)
	return nil
}

// count adds one to a counter while recording.
func (r *recorder) count(n *int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		*n++
	}
}

// Connect and Driver make the recorder a driver.Connector.
func (r *recorder) Connect(context.Context) (driver.Conn, error) {
	c, err := r.drv.Open(r.dsn)
	if err != nil {
		return nil, err
	}
	r.count(&r.connects)
	return &recordedConn{c, r}, nil
}

func (r *recorder) Driver() driver.Driver { return r.drv }

// recordedConn passes every call to the driver's connection, noting the
// statements. It implements the optional interfaces both drivers'
// connections do, and answers driver.ErrSkip (use the fallback) where
// the driver's connection lacks one.
type recordedConn struct {
	driver.Conn
	r *recorder
}

func (c *recordedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if err := c.r.note(query, args); err != nil {
		return nil, err
	}
	return e.ExecContext(ctx, query, args)
}

func (c *recordedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if err := c.r.note(query, args); err != nil {
		return nil, err
	}
	return q.QueryContext(ctx, query, args)
}

func (c *recordedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var (
		st  driver.Stmt
		err error
	)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	c.r.count(&c.r.prepares)
	return &recordedStmt{st, query, c.r}, nil
}

// recordedStmt notes a prepared statement each time it runs: the SQLite
// store prepares the statements of a write transaction once and runs
// them many times.
type recordedStmt struct {
	driver.Stmt
	query string
	r     *recorder
}

func (s *recordedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e, ok := s.Stmt.(driver.StmtExecContext)
	if !ok {
		return nil, errors.New("recorder: the driver's statement has no ExecContext")
	}
	if err := s.r.note(s.query, args); err != nil {
		return nil, err
	}
	return e.ExecContext(ctx, args)
}

func (s *recordedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := s.Stmt.(driver.StmtQueryContext)
	if !ok {
		return nil, errors.New("recorder: the driver's statement has no QueryContext")
	}
	if err := s.r.note(s.query, args); err != nil {
		return nil, err
	}
	return q.QueryContext(ctx, args)
}

func (s *recordedStmt) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *recordedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return nil, errors.New("recorder: the driver's connection has no BeginTx")
}

func (c *recordedConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *recordedConn) ResetSession(ctx context.Context) error {
	if s, ok := c.Conn.(driver.SessionResetter); ok {
		return s.ResetSession(ctx)
	}
	return nil
}

func (c *recordedConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *recordedConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// The SQLite writer's connection, kept between transactions.
//
// SQLite parses a statement about as slowly as it runs one, and the driver
// keeps a statement's parse only as long as the *sql.Stmt lives; a
// lifecycle's transactions each prepared their dozen statements anew (a
// quarter of their CPU). Write transactions run one at a time anyway
// (s.writer), so the store keeps the connection of the last one, with the
// statements prepared on it, for the next. It keeps it only after the
// transaction ended cleanly (committed, or rolled back): a connection that
// failed is dropped from the pool instead.
//
// Keeping it takes one connection of the caller's pool for good. A pool
// limited to one connection (db.SetMaxOpenConns(1)) would then have none
// left for View, so with that limit the store gives the connection back
// after every write transaction, as it does on PostgreSQL, whose drivers
// keep their prepared statements per connection themselves. Close closes
// the statements and gives the connection back. A kept connection is not
// in the pool, so db.SetConnMaxLifetime and SetConnMaxIdleTime do not
// retire it.

// link is a transaction's connection and, on SQLite, the statements
// prepared on it.
type link struct {
	conn  *sql.Conn
	stmts *prepared // SQLite only
	// fresh: the connection was just taken from the pool, so it needs
	// the store's per-connection settings (see Store.setup).
	fresh bool
	// dropped: the connection failed, or is in a state not known; closing
	// it removes it from the pool.
	dropped bool
}

// heldLink holds the SQLite writer's link between write transactions.
type heldLink struct {
	mu sync.Mutex
	l  *link
}

// drop marks the link's connection bad, so that it is never used again.
// The statements are closed first: database/sql does not close a
// connection's statements when it closes the connection, and the SQLite
// driver crashes when a statement is closed after its connection.
func (l *link) drop() {
	l.dropped = true
	if l.stmts != nil {
		l.stmts.close()
	}
	drop(l.conn)
}

// close closes the statements and gives the connection back to the pool
// (or removes it, when dropped).
func (l *link) close() {
	if l.stmts != nil {
		l.stmts.close()
	}
	_ = l.conn.Close()
}

// acquire returns the link for a transaction: for a SQLite write, the
// one kept from the last, if any; otherwise a connection from the pool.
func (s *Store) acquire(ctx context.Context, write bool) (*link, error) {
	switch {
	case s.dialect != SQLite:
	case write:
		s.held.mu.Lock()
		l := s.held.l
		s.held.l = nil
		s.held.mu.Unlock()
		if l != nil {
			return l, nil
		}
	case !s.keepWriter():
		// The pool was limited to one connection after the writer's
		// was kept: the read needs it.
		s.closeHeld()
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &link{conn: conn, fresh: true}
	if s.dialect == SQLite {
		l.stmts = &prepared{conn: conn, uncut: write}
	}
	return l, nil
}

// release ends the use of a link by a transaction that has ended: the
// SQLite writer keeps it for the next write transaction (see above); any
// other closes it.
func (s *Store) release(l *link, write bool) {
	if !write || s.dialect != SQLite || l.dropped || !s.keepWriter() {
		l.close()
		return
	}
	l.fresh = false
	if len(l.stmts.stmts) > maxPrepared {
		l.stmts.close() // simpler than evicting, and rare
	}
	s.held.mu.Lock()
	if s.closed.Load() {
		// Close ran, or runs now: it found no link to close, or took
		// it before this one was put back.
		s.held.mu.Unlock()
		l.close()
		return
	}
	s.held.l = l
	s.held.mu.Unlock()
}

// keepWriter reports whether the pool can spare the writer's connection
// between transactions: not when it is limited to one connection.
func (s *Store) keepWriter() bool {
	return s.db.Stats().MaxOpenConnections != 1
}

// closeHeld closes the link kept for the writer, if any.
func (s *Store) closeHeld() {
	s.held.mu.Lock()
	l := s.held.l
	s.held.l = nil
	s.held.mu.Unlock()
	if l != nil {
		l.close()
	}
}

package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/migreg/migreg/store"
)

// Running a transaction, and running it again when that is safe.
//
// A transaction runs on a connection of its own, between BEGIN and COMMIT
// that the store sends itself. What fails before COMMIT was sent cannot
// have committed, and runs again when running it again may get past it:
// an abort by the database (a serialization failure, a deadlock, SQLite's
// lock held by another process), up to Options.MaxRetries times; a
// database that cannot take the transaction (unreachable, starting up or
// shutting down, a read-only standby), until Options.UnavailableTimeout
// has passed since the first such failure, after which the error matches
// store.ErrUnavailable. A COMMIT whose answer is lost is never sent again:
// its error matches store.ErrCommitUnknown. A connection that failed so is
// dropped, so that the pool never hands it out again.

// retry says whether, and why, a failed attempt runs again.
type retry uint8

const (
	noRetry          retry = iota
	retryAborted           // the database aborted it: up to MaxRetries
	retryUnavailable       // the database could not take it: up to UnavailableTimeout
)

// run runs fn in a transaction, again after failures that allow it.
func (s *Store) run(ctx context.Context, write bool, fn func(t *tx) error) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if write && s.writer != nil {
		select {
		case s.writer <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-s.writer }()
	}
	return s.runHeld(ctx, write, fn)
}

// runHeld is run for a caller that holds s.writer, if a writer needs it.
func (s *Store) runHeld(ctx context.Context, write bool, fn func(t *tx) error) error {
	aborted, unavailable := 0, 0
	var since time.Time // of the first attempt the database could not take
	for {
		why, err := s.attempt(ctx, write, fn)
		switch why {
		case noRetry:
			return err
		case retryAborted:
			if aborted >= s.maxRetries {
				if errors.Is(err, store.ErrConflict) {
					return err
				}
				return fmt.Errorf("%w: gave up after %d attempts: %w", store.ErrConflict, aborted+1, err)
			}
			if err := backoff(ctx, aborted, 2*time.Millisecond, 250*time.Millisecond); err != nil {
				return err
			}
			aborted++
		case retryUnavailable:
			if since.IsZero() {
				since = time.Now()
			}
			if time.Since(since) >= s.unavailable {
				return fmt.Errorf("%w: for %v: %w", store.ErrUnavailable, time.Since(since).Round(time.Millisecond), err)
			}
			if err := backoff(ctx, unavailable, 20*time.Millisecond, time.Second); err != nil {
				return err
			}
			unavailable++
		}
	}
}

// backoff sleeps before retry number attempt+1: a random time up to
// first, doubled per attempt, up to ceiling.
func backoff(ctx context.Context, attempt int, first, ceiling time.Duration) error {
	d := min(first<<min(attempt, 10), ceiling)
	timer := time.NewTimer(d/2 + rand.N(d/2+1))
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// setup returns the statements that set up a connection new to the store
// for its transactions: SQLite's pragmas, which do nothing inside a
// transaction and last as long as the connection. Write transactions turn
// foreign keys on, and keep the copies of the pages their units'
// savepoints change (the subjournal) in memory (temp_store), not in a
// temporary file written page by page. The writer's page cache holds 32
// MiB, not SQLite's 2: a batch of 500 units (UpdateEach) changes more
// pages than 2 MiB hold, and SQLite then writes them to the WAL before the
// commit, and again when they change again. secure_delete overwrites with
// zeros what a write frees (an erased row's old bytes, a deleted
// deadline), which SQLite otherwise leaves in the page for anyone reading
// the file: erasure is meant to remove personal data, not to hide it
// from SQL. One statement per call: not every driver runs several.
func (s *Store) setup(write bool) []string {
	switch {
	case s.dialect == PostgreSQL:
		return nil
	case write:
		return []string{s.busyPragma(), "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -32768", "PRAGMA secure_delete = ON"}
	}
	return []string{s.busyPragma()}
}

// begin returns the statement that starts a transaction. SQLite's write
// transaction takes the write lock at once (IMMEDIATE), so that it never
// fails for a lock it cannot upgrade to.
func (s *Store) begin(write bool) string {
	switch {
	case s.dialect == PostgreSQL && write:
		return "BEGIN ISOLATION LEVEL READ COMMITTED"
	case s.dialect == PostgreSQL:
		return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	case write:
		return "BEGIN IMMEDIATE"
	}
	return "BEGIN"
}

// attempt runs fn once in a transaction and says whether to run it again.
func (s *Store) attempt(ctx context.Context, write bool, fn func(t *tx) error) (retry, error) {
	l, err := s.acquire(ctx, write)
	if err != nil {
		return s.retryBeforeCommit(ctx, err, true), s.wrap(fmt.Errorf("sqlstore: connecting: %w", err))
	}
	defer s.release(l, write)
	if err := ctx.Err(); err != nil {
		// Gave up already: BEGIN interrupted would leave the connection
		// in a state unknown, to be dropped with its prepared statements.
		return noRetry, err
	}
	stmts := []string{s.begin(write)}
	if l.fresh {
		stmts = append(s.setup(write), stmts...)
	}
	for _, stmt := range stmts {
		if _, err := l.conn.ExecContext(ctx, stmt); err != nil {
			// The statement may have run although the call failed (a
			// driver can report ctx.Err() after BEGIN succeeded): never
			// return a connection in an unknown state to the pool.
			l.drop()
			return s.retryBeforeCommit(ctx, err, true), s.wrap(fmt.Errorf("sqlstore: begin: %w", err))
		}
	}
	var q querier = l.conn
	if l.stmts != nil {
		q = l.stmts
	}
	t := &tx{s: s, q: q, write: write}
	open := true
	defer func() {
		t.done = true
		if !open {
			return
		}
		// Roll back even when ctx is cancelled; a connection whose
		// transaction is still open must not go back to the pool.
		if _, err := l.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
			l.drop()
		}
	}()
	if err := t.call(ctx, fn); err != nil {
		why := s.retryBeforeCommit(ctx, t.failed, false)
		if why == noRetry && t.failed == nil {
			why = s.retryBeforeCommit(ctx, err, false)
		}
		if why == retryUnavailable {
			l.drop()
		}
		return why, err
	}
	return s.commit(ctx, l, write, &open)
}

// commit sends COMMIT and says what its answer means. SQLite's COMMIT is
// not interrupted by the caller's context (it is local and short). On
// PostgreSQL the context bounds the wait (for a synchronous standby, say),
// and a COMMIT that ends with the context, or whose answer is lost,
// has an unknown outcome.
func (s *Store) commit(ctx context.Context, l *link, write bool, open *bool) (retry, error) {
	commitCtx := ctx
	if s.dialect == SQLite {
		commitCtx = context.WithoutCancel(ctx)
	}
	_, err := l.conn.ExecContext(commitCtx, "COMMIT")
	switch {
	case err == nil && s.dialect == PostgreSQL && ctx.Err() != nil:
		// A driver that cancels by a cancel request makes PostgreSQL
		// end a wait for the synchronous standby and report success
		// for a commit that a failover can still lose.
		*open = false
		l.drop()
		if !write {
			return noRetry, ctx.Err()
		}
		return noRetry, fmt.Errorf("%w: the context ended while COMMIT ran: %w", store.ErrCommitUnknown, ctx.Err())
	case err == nil:
		*open = false
		return noRetry, nil
	case classify(s.dialect, err) == retryable:
		return retryAborted, s.wrap(fmt.Errorf("sqlstore: commit: %w", err))
	case !write:
		// A read-only transaction changed nothing: its COMMIT is as
		// good as any statement before it.
		l.drop()
		return s.retryBeforeCommit(ctx, err, false), fmt.Errorf("sqlstore: commit: %w", err)
	case s.dialect == SQLite || abortedAtCommit(err):
		// The database refused the COMMIT: the transaction did not
		// commit.
		return noRetry, s.wrap(fmt.Errorf("sqlstore: commit: %w", err))
	}
	*open = false // nothing to roll back that the database would know of
	l.drop()
	return noRetry, fmt.Errorf("%w: %w", store.ErrCommitUnknown, err)
}

// retryBeforeCommit says whether a transaction that failed with err before
// COMMIT was sent runs again: not when the caller gave up; after an abort
// by the database; and after a failure of the database or the connection
// (connecting says that it happened before a transaction began, where any
// failure is one).
func (s *Store) retryBeforeCommit(ctx context.Context, err error, connecting bool) retry {
	if err == nil || ctx.Err() != nil {
		return noRetry
	}
	switch classify(s.dialect, err) {
	case retryable:
		return retryAborted
	case unavailable:
		if s.unavailable > 0 {
			return retryUnavailable
		}
		return noRetry
	}
	if connecting && s.dialect == PostgreSQL && !refusedByDatabase(err) && s.unavailable > 0 {
		return retryUnavailable
	}
	return noRetry
}

// drop marks the connection bad, so that closing it removes it from the
// pool.
func drop(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

// wrap adds store.ErrConflict to the error of a transaction the database
// aborted, which running it again may get past.
func (s *Store) wrap(err error) error {
	if classify(s.dialect, err) == retryable {
		return fmt.Errorf("%w: %w", store.ErrConflict, err)
	}
	return err
}

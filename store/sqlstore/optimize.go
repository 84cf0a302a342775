package sqlstore

import (
	"context"
	"fmt"
)

// SQLite's planner statistics.
//
// SQLite plans with the statistics ANALYZE gathers, and never gathers
// them by itself. Its documentation (https://sqlite.org/pragma.html#pragma_optimize,
// https://sqlite.org/lang_analyze.html) asks applications to run PRAGMA
// optimize: with the mask 0x10002 when a long-lived connection opens (so
// that it looks at every table, not only those the connection used),
// after a schema change, and now and then; short-lived connections, just
// before they close. It analyzes a table only when it has no statistics
// yet or its size changed by an order of magnitude since.
//
// The caller's *sql.DB opens and closes the connections, so the store
// runs it where it can: once in New, after the migrations. The
// statistics live in the database file, for every connection and
// process. The store's own statements do not depend on them (the plan
// tests in dbtest check each with and without); other queries of the
// same database do. See the package documentation for what a
// long-running process may add.

// optimizeSQLite is what New runs on a SQLite database.
const optimizeSQLite = "PRAGMA optimize = 0x10002"

// optimize refreshes SQLite's statistics where they are missing or stale
// (see above). PostgreSQL's autovacuum keeps its own.
func (s *Store) optimize(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, s.busyPragma()); err != nil {
		return fmt.Errorf("sqlstore: setting the busy timeout: %w", err)
	}
	if _, err := conn.ExecContext(ctx, optimizeSQLite); err != nil {
		return fmt.Errorf("sqlstore: %s: %w", optimizeSQLite, err)
	}
	return nil
}

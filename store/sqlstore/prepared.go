package sqlstore

import (
	"context"
	"database/sql"
)

// prepared runs the statements of SQLite transactions on one connection,
// each prepared once and reused: the driver keeps no prepared statements
// of its own, and parsing a statement costs about as much as running it,
// while a batch (UpdateEach, a group of commits) runs the same dozen
// statements hundreds of times. A read transaction's statements live as
// long as it; the writer's, as long as its connection (see held.go).
// PostgreSQL's drivers cache prepared statements per connection
// themselves, so its transactions run statements directly.
type prepared struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
	// uncut: the statements run to their end even when the caller's
	// context ends (see stmtCtx).
	uncut bool
}

var _ querier = (*prepared)(nil)

// maxPrepared bounds the statements kept on a connection between
// transactions. The store's statements number about a hundred, but some
// have values written in (a listing's LIMIT, the length of an IN list),
// so their texts are not a fixed set.
const maxPrepared = 256

// stmt returns the statement for query, prepared on first use.
func (p *prepared) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if p.stmts == nil {
		p.stmts = make(map[string]*sql.Stmt)
	}
	p.stmts[query] = st
	return st, nil
}

func (p *prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(p.stmtCtx(ctx), args...)
}

func (p *prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(p.stmtCtx(ctx), args...)
}

// QueryRowContext reports a statement that cannot be prepared through the
// *sql.Row, as the connection's own QueryRowContext would.
func (p *prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return p.conn.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(p.stmtCtx(ctx), args...)
}

// stmtCtx returns the context to run a statement with. In the writer's
// transactions (uncut) that is ctx without its cancellation: the driver,
// and database/sql for a query's rows, watch the context of each
// statement with a goroutine of their own, which cost a tenth of the CPU
// of a bulk load (SubmitBatch), whose statements take microseconds each.
// The transaction checks ctx before each statement and does not commit
// after it ended (see tx.call), and a write transaction's statements are
// short: one foreigner's rows, a page of a listing. One exception, not
// cut short: expiring idempotency keys (Tx.DeleteIdempotencyBefore).
// Waiting for another process's write lock (BEGIN IMMEDIATE) and View's
// statements, which may scan much, stay cancellable.
func (p *prepared) stmtCtx(ctx context.Context) context.Context {
	if p.uncut {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// close closes the statements.
func (p *prepared) close() {
	for _, st := range p.stmts {
		_ = st.Close()
	}
	clear(p.stmts)
}

package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Blind writes on PostgreSQL: fewer round trips.
//
// Some writes cannot be refused once the store has checked their values:
// the upserts of a foreigner, a trip and a deadline, and the deletion of a
// deadline (no unique key they can break, no foreign key, every CHECK
// checked beforehand). On PostgreSQL, where each statement is a round
// trip, a transaction keeps them until it next talks to the database and
// sends them then, in the same statement: as members of a WITH clause
// before the next write (PostgreSQL runs every member), or as one
// statement of their own before the next read (a statement does not see
// what its own WITH members wrote) and before the transaction or unit
// ends. Only a failure of the database itself (a lost connection, a
// deadlock) can fail them, and that spoils the transaction whichever
// statement reports it. Two writes of one row are kept as the last: one
// statement cannot change a row twice.

// blind is a write kept for the next statement: key names the row it
// writes, query is rebound for PostgreSQL.
type blind struct {
	key   string
	query string
	args  []any
}

// writeBlind runs a blind write now (SQLite), or keeps it for the next
// statement (PostgreSQL).
func (t *tx) writeBlind(ctx context.Context, what, key, query string, args ...any) error {
	if t.s.dialect != PostgreSQL {
		_, err := t.exec(ctx, nil, what, query, args...)
		return err
	}
	t.pending = slices.DeleteFunc(t.pending, func(b blind) bool { return b.key == key })
	t.pending = append(t.pending, blind{key: key, query: query, args: args})
	return nil
}

// withPending returns a write statement (rebound for PostgreSQL) with the
// blind writes kept before it as members of its WITH clause, their
// parameters numbered after its own, and empties the list.
func (t *tx) withPending(query string, args []any) (string, []any) {
	if len(t.pending) == 0 {
		return query, args
	}
	t.wrote = true // the writes go with the statement, whatever it is
	members := make([]string, len(t.pending))
	for i, w := range t.pending {
		members[i] = "migreg_w" + strconv.Itoa(i+1) + " AS (" + numberFrom(w.query, len(args)) + ")"
		args = append(args, w.args...)
	}
	t.pending = nil
	if rest, ok := strings.CutPrefix(query, "WITH "); ok {
		return "WITH " + strings.Join(members, ", ") + ", " + rest, args
	}
	return "WITH " + strings.Join(members, ", ") + " " + query, args
}

// flush sends the blind writes kept, as one statement.
func (t *tx) flush(ctx context.Context) error {
	if len(t.pending) == 0 {
		return nil
	}
	last := t.pending[len(t.pending)-1]
	t.pending = t.pending[:len(t.pending)-1]
	query, args := t.withPending(last.query, last.args)
	_, err := t.exec(ctx, nil, "writing", query, args...)
	return err
}

// numberFrom adds n to the numbers of the $1, $2 ... parameters of a
// rebound PostgreSQL statement (whose only $ are its parameters).
func numberFrom(query string, n int) string {
	if n == 0 {
		return query
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(query, '$')
		if i < 0 {
			b.WriteString(query)
			return b.String()
		}
		b.WriteString(query[:i+1])
		j := i + 1
		for j < len(query) && '0' <= query[j] && query[j] <= '9' {
			j++
		}
		k, _ := strconv.Atoi(query[i+1 : j])
		b.WriteString(strconv.Itoa(k + n))
		query = query[j:]
	}
}

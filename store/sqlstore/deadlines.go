package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Deadlines.

func (t *tx) PutDeadline(ctx context.Context, d store.Deadline) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	args := []any{d.Kind.String(), string(d.Foreigner), d.Subject, date(d.Due), deadlineRegistration(d), date(d.Entry)}
	if t.s.dialect == SQLite {
		// No upsert: the table's key is the order of a foreigner's walks
		// (see migration 0006), and the row of this key is replaced.
		if _, err := t.exec(ctx, nil, "storing a deadline", t.s.q.deleteDeadline, args[:3]...); err != nil {
			return err
		}
		_, err := t.exec(ctx, nil, "storing a deadline", t.s.q.insertDeadline, args...)
		return err
	}
	return t.writeBlind(ctx, "storing a deadline", deadlineRow(d.DeadlineKey), t.s.q.putDeadline, args...)
}

// deadlineRegistration returns what stores a deadline's registration: NULL
// for none, and, since schema 6, empty text for the deadline's subject,
// which it most often is (a registration's stay end, its host's answer),
// so that the ID is not stored twice. (No registration has the empty ID.)
func deadlineRegistration(d store.Deadline) any {
	if d.Registration != "" && string(d.Registration) == d.Subject {
		return ""
	}
	return nullString(string(d.Registration))
}

func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil || !store.Storable(string(key.Foreigner), key.Subject) {
		return err // a key no deadline can have: nothing to delete
	}
	return t.writeBlind(ctx, "deleting a deadline", deadlineRow(key), t.s.q.deleteDeadline, key.Kind.String(), string(key.Foreigner), key.Subject)
}

// deadlineRow names the row of a deadline for writeBlind.
func deadlineRow(k store.DeadlineKey) string {
	return "deadline\x00" + k.Kind.String() + "\x00" + string(k.Foreigner) + "\x00" + k.Subject
}

func (t *tx) Deadlines(ctx context.Context, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, last, err := p.ByDeadline()
	if err != nil {
		return nil, "", err
	}
	if q.Through.IsZero() {
		return nil, "", fmt.Errorf("%w: a deadline query needs Through", store.ErrInvalid)
	}
	if !store.Storable(string(q.Foreigner)) {
		return nil, "", nil
	}
	var after []string // the cursor's key
	afterDue := last.Due
	if p.After != "" {
		after = []string{last.Due.String(), last.Kind.String(), string(last.Foreigner), last.Subject}
	}
	// One walk per kind, of deadlines_by_kind (kind, due, foreigner,
	// subject) or, for one foreigner, of deadlines_by_foreigner_kind
	// (foreigner, kind, due, subject) on PostgreSQL and of the table's own
	// key in that order on SQLite (schema 6): both fix the kind (and the
	// foreigner), and list in the order of the key.
	var w walks
	for _, k := range deadlineKinds(q.Kinds) {
		where := []string{"kind = ?"}
		args := []any{k.String()}
		fixed := map[string]string{"kind": k.String()}
		if q.Foreigner != "" {
			where, args = append(where, "foreigner = ?"), append(args, string(q.Foreigner))
			fixed["foreigner"] = string(q.Foreigner)
		}
		where, args = append(where, "due <= ?"), append(args, date(q.Through))
		// One lower bound, the stronger of From and the cursor (which
		// implies the other), so that the walk starts there: given two,
		// SQLite may start at the weaker and filter up to the other.
		if after != nil && !q.From.After(afterDue) {
			cond, condArgs, none := keyAfter(deadlineKey, after, fixed)
			if none {
				continue
			}
			if cond != "" {
				where, args = append(where, cond), append(args, condArgs...)
			}
		} else if !q.From.IsZero() {
			where, args = append(where, "due >= ?"), append(args, date(q.From))
		}
		w.add("SELECT "+deadlineColumns+" FROM @deadlines WHERE "+strings.Join(where, " AND ")+
			" ORDER BY due, foreigner, subject LIMIT ?", append(args, limit+1)...)
	}
	if len(w.arms) == 0 {
		return []store.Deadline{}, "", nil
	}
	query, args := w.statement("due, kind, foreigner, subject", limit+1)
	out := make([]store.Deadline, 0, min(limit+1, 128))
	err = t.scanAll(ctx, "listing deadlines", rebind(t.s.dialect, t.s.prefix, query), args, func(rows *sql.Rows) error {
		var d store.Deadline
		var kind string
		var reg sql.NullString
		if err := rows.Scan(&kind, &d.Foreigner, &d.Subject, &d.Due, &reg, &d.Entry); err != nil {
			return err
		}
		k, err := store.ParseDeadlineKind(kind)
		if err != nil {
			return fmt.Errorf("sqlstore: stored deadline kind %q: %w", kind, err)
		}
		d.Kind, d.Registration = k, registration.ID(reg.String)
		if reg.Valid && reg.String == "" {
			d.Registration = registration.ID(d.Subject) // see deadlineRegistration
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	var next store.Cursor
	if len(out) > limit {
		out = out[:limit]
		l := out[limit-1]
		next = store.DeadlineCursor(l)
	}
	return out, next, nil
}

// deadlineKey is the key the deadlines are listed by, in order.
var deadlineKey = []string{"due", "kind", "foreigner", "subject"}

// deadlineKinds returns the kinds a query asks for, each once: those of
// ks that are known (no other kind is stored: PutDeadline refuses it), or
// every known kind when ks is empty.
func deadlineKinds(ks []store.DeadlineKind) []store.DeadlineKind {
	var known []store.DeadlineKind
	for k := store.DeadlineKind(1); ; k++ {
		if _, err := store.ParseDeadlineKind(k.String()); err != nil {
			break
		}
		if len(ks) == 0 || slices.Contains(ks, k) {
			known = append(known, k)
		}
	}
	return known
}

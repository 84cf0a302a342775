package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/migreg/migreg/calendar"
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
	_, err := t.exec(ctx, store.ErrDuplicate, "storing a deadline", t.s.q.putDeadline,
		d.Kind.String(), string(d.Foreigner), d.Subject, date(d.Due), nullString(string(d.Registration)), date(d.Entry))
	return err
}

func (t *tx) DeleteDeadline(ctx context.Context, key store.DeadlineKey) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	_, err := t.exec(ctx, store.ErrDuplicate, "deleting a deadline", t.s.q.deleteDeadline, key.Kind.String(), string(key.Foreigner), key.Subject)
	return err
}

func (t *tx) Deadlines(ctx context.Context, q store.DeadlineQuery, p store.Page) ([]store.Deadline, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	if q.Through.IsZero() {
		return nil, "", fmt.Errorf("%w: a deadline query needs Through", store.ErrInvalid)
	}
	where := []string{"due <= ?"}
	args := []any{date(q.Through)}
	if !q.From.IsZero() {
		where, args = append(where, "due >= ?"), append(args, date(q.From))
	}
	if len(q.Kinds) > 0 {
		where = append(where, "kind IN ("+placeholders(len(q.Kinds))+")")
		for _, k := range q.Kinds {
			args = append(args, k.String())
		}
	}
	if q.Foreigner != "" {
		where, args = append(where, "foreigner = ?"), append(args, string(q.Foreigner))
	}
	if p.After != "" {
		parts, err := p.After.Parts(4)
		if err != nil {
			return nil, "", err
		}
		due, err1 := calendar.ParseDate(parts[0])
		_, err2 := store.ParseDeadlineKind(parts[1])
		if err1 != nil || err2 != nil {
			return nil, "", fmt.Errorf("%w: malformed cursor", store.ErrInvalid)
		}
		where = append(where, "(due, kind, foreigner, subject) > (?, ?, ?, ?)")
		args = append(args, date(due), parts[1], parts[2], parts[3])
	}
	query := "SELECT " + deadlineColumns + " FROM @deadlines WHERE " + strings.Join(where, " AND ") +
		" ORDER BY due, kind, foreigner, subject LIMIT ?"
	args = append(args, limit+1)
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
		next = store.NewCursor(l.Due.String(), l.Kind.String(), string(l.Foreigner), l.Subject)
	}
	return out, next, nil
}

package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// The Service on PostgreSQL through a proxy that breaks connections at
// chosen points (faultProxy): what surely did not commit runs again inside
// the store, and a commit whose outcome was lost is an error matching
// store.ErrCommitUnknown, after which the same command converges. Never a
// lost acknowledged write, never a duplicate.

// faultService returns a Service whose store reaches PostgreSQL through a
// fault proxy (over db), and a direct store on the same schema to check
// what was stored.
// A nil cancel keeps pgx's default way of ending a statement whose context
// ended.
func faultService(t *testing.T, cancel func(*pgconn.PgConn) ctxwatch.Handler) (svc *migreg.Service, p *faultProxy, db *sql.DB, check *sqlstore.Store) {
	t.Helper()
	direct := openPostgres(t)
	u, err := url.Parse(postgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	p = newFaultProxy(t, u.Host)
	u.Host = p.addr()
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		t.Fatal(err)
	}
	if cancel != nil {
		cfg.BuildContextWatcherHandler = cancel
	}
	db = stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	schema := newSchemaName()
	dropSchemaAtEnd(t, direct, schema)
	s, err := sqlstore.New(t.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema, UnavailableTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	check, err = sqlstore.New(t.Context(), direct, sqlstore.PostgreSQL, &sqlstore.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err = migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now }), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return svc, p, db, check
}

// submitRequest is a submission of the i-th foreigner at a flat.
func submitRequest(t *testing.T, i int, key string) migreg.SubmitRequest {
	t.Helper()
	h, err := host(i)
	if err != nil {
		t.Fatal(err)
	}
	return migreg.SubmitRequest{Submission: registration.Submission{
		Person: person(i), Host: h, Place: registration.PrivateHome, Entry: entryDay,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}, IdempotencyKey: key}
}

// registrationsOf returns what the store holds for a foreigner.
func registrationsOf(t *testing.T, s store.Store, f registration.ForeignerID) []registration.Registration {
	t.Helper()
	var out []registration.Registration
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		var err error
		out, _, err = tx.Registrations(t.Context(), store.Filter{Foreigner: f}, store.Page{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPostgresFaultsBeforeCommit: faults before COMMIT was sent are
// retried inside the store; the caller sees success.
func TestPostgresFaultsBeforeCommit(t *testing.T) {
	svc, p, db, check := faultService(t, nil)
	ctx := t.Context()
	tests := []struct {
		name string
		arm  func()
	}{
		{"connections refused for a while", func() {
			db.SetMaxIdleConns(0) // no idle connection to use meanwhile
			p.refuseFor(300 * time.Millisecond)
		}},
		{"connection dropped after BEGIN", func() { p.arm(dropAfterBegin) }},
	}
	for i, tt := range tests {
		req := submitRequest(t, i, "")
		tt.arm()
		r, err := svc.Submit(ctx, req)
		if err != nil {
			t.Errorf("%s: Submit = %v; want success (the store retries what did not commit)", tt.name, err)
			continue
		}
		if got := registrationsOf(t, check, demo.Foreigner(req.Submission.Person)); len(got) != 1 || got[0].ID != r.ID {
			t.Errorf("%s: the store holds %d registrations of the foreigner; want exactly %s", tt.name, len(got), r.ID)
		}
	}
}

// TestPostgresCommitOutcomeLost: a COMMIT whose answer is lost is never
// retried by the store; the caller sees ErrCommitUnknown, retries the same
// command, and gets one registration, whether the first had committed or
// not.
func TestPostgresCommitOutcomeLost(t *testing.T) {
	svc, p, _, check := faultService(t, nil)
	ctx := t.Context()
	tests := []struct {
		fault     fault
		key       string
		committed bool // whether the first attempt committed
	}{
		{dropBeforeCommit, "k-before", false},
		{dropCommitReply, "k-reply", true},
		{dropBeforeCommit, "", false},
		{dropCommitReply, "", true},
	}
	for i, tt := range tests {
		name := string(tt.fault) + ", key " + tt.key
		req := submitRequest(t, 100+i, tt.key)
		f := demo.Foreigner(req.Submission.Person)
		p.arm(tt.fault)
		_, err := svc.Submit(ctx, req)
		if !errors.Is(err, store.ErrCommitUnknown) {
			t.Errorf("%s: Submit = %v; want ErrCommitUnknown", name, err)
			continue
		}
		if got := len(registrationsOf(t, check, f)); got != map[bool]int{true: 1, false: 0}[tt.committed] {
			t.Errorf("%s: after the lost answer the store holds %d registrations; want committed: %t", name, got, tt.committed)
		}
		r, err := svc.Submit(ctx, req) // the caller's retry
		if err != nil {
			t.Errorf("%s: the retried Submit = %v; want success", name, err)
			continue
		}
		if got := registrationsOf(t, check, f); len(got) != 1 || got[0].ID != r.ID {
			t.Errorf("%s: after the retry the store holds %d registrations; want exactly %s", name, len(got), r.ID)
		}
		// A confirmation whose answer is lost, retried.
		p.arm(dropCommitReply)
		if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); !errors.Is(err, store.ErrCommitUnknown) {
			t.Errorf("%s: Confirm with its answer lost = %v; want ErrCommitUnknown", name, err)
		}
		c, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
		if err != nil || c.State != registration.Confirmed || c.Version != 2 {
			t.Errorf("%s: the retried Confirm = %v v%d, %v; want confirmed at version 2", name, c.State, c.Version, err)
		}
	}
}

// TestPostgresCommitContextEnds: a caller whose context ends while its
// COMMIT waits (for a synchronous standby, say) gets ErrCommitUnknown,
// never a success the database might not keep, nor a plain failure for a
// commit that happened, whichever way the driver ends the wait. pgx by
// default stops reading at once (and then sends a cancel request as it
// closes the connection); with CancelRequestContextWatcherHandler, as
// lib/pq does, it sends a cancel request and keeps reading, and receives
// the COMMIT's success: PostgreSQL reports one when a cancel request ends
// the wait for the standby, although a failover can still lose it.
func TestPostgresCommitContextEnds(t *testing.T) {
	cancelRequest := func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 5 * time.Second}
	}
	tests := []struct {
		name   string
		cancel func(*pgconn.PgConn) ctxwatch.Handler
	}{
		{"pgx default", nil},
		{"a cancel request, then reading on", cancelRequest},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, p, _, check := faultService(t, tt.cancel)
			p.hold = 300 * time.Millisecond
			req := submitRequest(t, 200+i, "k-slow")
			p.arm(holdCommitReply)
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel()
			_, err := svc.Submit(ctx, req)
			if !errors.Is(err, store.ErrCommitUnknown) {
				t.Fatalf("Submit whose context ended during COMMIT = %v; want ErrCommitUnknown", err)
			}
			r, err := svc.Submit(t.Context(), req)
			if err != nil {
				t.Fatalf("the retried Submit = %v", err)
			}
			if got := registrationsOf(t, check, demo.Foreigner(req.Submission.Person)); len(got) != 1 || got[0].ID != r.ID {
				t.Errorf("after the retry the store holds %d registrations; want exactly %s", len(got), r.ID)
			}
		})
	}
}

package dbtest

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// lockHookStore runs hook, once, just before the first Lock of the ID it
// is armed with is passed to the store: the moment a command has resolved
// a person and waits for the lock.
type lockHookStore struct {
	*sqlstore.Store
	armed atomic.Pointer[registration.ForeignerID]
	hook  func()
}

func (s *lockHookStore) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(hookTx{tx, s}) })
}

type hookTx struct {
	store.Tx
	s *lockHookStore
}

func (t hookTx) Lock(ctx context.Context, id registration.ForeignerID) error {
	if p := t.s.armed.Load(); p != nil && *p == id && t.s.armed.CompareAndSwap(p, nil) {
		t.s.hook()
	}
	return t.Tx.Lock(ctx, id)
}

// TestPostgresSubmitDuringMerge: a Submit with a renewed passport resolves
// the passport's own ID; before it takes that ID's lock, an authority's
// LinkDocument merges the passport's history into the person's and
// commits (on PostgreSQL, where writers of other foreigners run at once).
// The Submit must follow the merge: its registration is the person's, and
// nothing is written under the merged ID. Before followMerge it was filed
// under the renewed passport's ID, a history of its own again.
func TestPostgresSubmitDuringMerge(t *testing.T) {
	db := openPostgres(t)
	schema := newSchemaName()
	dropSchemaAtEnd(t, db, schema)
	st, err := sqlstore.New(t.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	hs := &lockHookStore{Store: st}
	ctx := context.Background()
	now := calendar.MustParseDate("2026-07-01").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err := migreg.New(hs, &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now })})
	if err != nil {
		t.Fatal(err)
	}
	old, renewed := passport("FA1111111"), passport("FB2222222")
	day := calendar.DateOf(now)
	if err := svc.RecordEntry(ctx, old, day.AddDays(-10)); err != nil {
		t.Fatal(err)
	}
	oldID, _ := svc.ForeignerID(ctx, old)
	if err := svc.RecordExit(ctx, oldID, day.AddDays(-5)); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordEntry(ctx, renewed, day); err != nil {
		t.Fatal(err)
	}
	newID, _ := svc.ForeignerID(ctx, renewed)
	linked := make(chan error, 1)
	hs.hook = func() {
		// In a goroutine of its own, as another request would: the
		// Submit's transaction holds no lock yet, so this commits.
		go func() {
			linked <- svc.LinkDocument(ctx, oldID, renewed, registration.AuthorityActor("MP-Almaty"), "")
		}()
		if err := <-linked; err != nil {
			t.Errorf("LinkDocument during the Submit: %v", err)
		}
	}
	hs.armed.Store(&newID)
	h := registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: validIIN(t, "1970-11-21"), Contact: registration.Contact{Phone: "+77011234567"}}
	r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
		Person: renewed, Host: h, Place: registration.PrivateHome, Entry: day,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}})
	if err != nil {
		t.Fatalf("Submit during the merge: %v", err)
	}
	if hs.armed.Load() != nil {
		t.Fatal("the Submit never locked the renewed passport's ID: the test did not run the race")
	}
	if r.Foreigner != oldID {
		t.Errorf("the Submit filed under the merged ID; want the person's")
	}
	var n int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM "`+schema+`".registrations WHERE foreigner = $1) + (SELECT count(*) FROM "`+schema+`".trips WHERE foreigner = $1)`, string(newID)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d registrations and trips stored under the merged ID after the race; want 0", n)
	}
}

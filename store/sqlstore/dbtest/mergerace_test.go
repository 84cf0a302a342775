package dbtest

import (
	"context"
	"database/sql"
	"sync/atomic"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// hookStore runs hook, once, just before the first call to the store
// that the test armed it for: a Lock of one ID, a MergeForeigner, a
// PutLink. Those are the moments a race test holds a command at while
// another request commits.
type hookStore struct {
	*sqlstore.Store
	armed atomic.Pointer[hookPoint]
	hook  func()
}

// hookPoint is a call a hookStore is armed for: its method, and the ID
// for Lock.
type hookPoint struct {
	method string
	id     registration.ForeignerID
}

func (s *hookStore) arm(method string, id registration.ForeignerID) {
	s.armed.Store(&hookPoint{method, id})
}

// fired reports whether the hook ran.
func (s *hookStore) fired() bool { return s.armed.Load() == nil }

func (s *hookStore) at(method string, id registration.ForeignerID) {
	if p := s.armed.Load(); p != nil && *p == (hookPoint{method, id}) && s.armed.CompareAndSwap(p, nil) {
		s.hook()
	}
}

func (s *hookStore) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(hookTx{tx, s}) })
}

type hookTx struct {
	store.Tx
	s *hookStore
}

func (t hookTx) Lock(ctx context.Context, id registration.ForeignerID) error {
	t.s.at("Lock", id)
	return t.Tx.Lock(ctx, id)
}

func (t hookTx) MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error {
	t.s.at("MergeForeigner", "")
	return t.Tx.MergeForeigner(ctx, from, to)
}

func (t hookTx) PutLink(ctx context.Context, l store.Link) error {
	t.s.at("PutLink", "")
	return t.Tx.PutLink(ctx, l)
}

// TestPostgresSubmitDuringMerge: a Submit with a renewed passport resolves
// the passport's own ID; before it takes that ID's lock, an authority's
// LinkDocument merges the passport's history into the person's and
// commits (on PostgreSQL, where writers of other foreigners run at once).
// The Submit must follow the merge: its registration is the person's, and
// nothing is written under the merged ID. Before followMerge it was filed
// under the renewed passport's ID, a history of its own again.
func TestPostgresSubmitDuringMerge(t *testing.T) {
	db, schema, svc, hs, oldID, day := renewalRace(t)
	ctx := context.Background()
	renewed := passport("FB2222222")
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
	hs.arm("Lock", newID)
	h := registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: validIIN(t, "1970-11-21"), Contact: registration.Contact{Phone: "+77011234567"}}
	r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
		Person: renewed, Host: h, Place: registration.PrivateHome, Entry: day,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}})
	if err != nil {
		t.Fatalf("Submit during the merge: %v", err)
	}
	if !hs.fired() {
		t.Fatal("the Submit never locked the renewed passport's ID: the test did not run the race")
	}
	if r.Foreigner != oldID {
		t.Errorf("the Submit filed under the merged ID; want the person's")
	}
	if n := heldUnder(t, db, schema, newID); n != 0 {
		t.Errorf("%d registrations and trips under the merged ID after the race; want 0", n)
	}
}

// TestPostgresConfirmWaitsForMerge: a host confirms a request filed with a
// renewed passport while LinkDocument, holding the locks, merges that
// passport's history into the person's. The confirmation waits for the
// lock of the registration's foreigner (PostgreSQL shows it waiting), then
// finds the registration moved, takes the person's lock and confirms it
// there: nothing is left under the merged ID.
func TestPostgresConfirmWaitsForMerge(t *testing.T) {
	db, schema, svc, hs, oldID, day := renewalRace(t)
	ctx := context.Background()
	renewed := passport("FB2222222")
	h := registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: validIIN(t, "1970-11-21"), Contact: registration.Contact{Phone: "+77011234567"}}
	r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
		Person: renewed, Host: h, Place: registration.PrivateHome, Entry: day,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		r   registration.Registration
		err error
	}
	confirmed := make(chan result, 1)
	hs.hook = func() {
		go func() {
			c, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
			confirmed <- result{c, err}
		}()
		// Return, and let the merge commit, only once the confirmation
		// waits for a lock this transaction holds.
		for waiting := 0; waiting == 0; {
			if err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`).Scan(&waiting); err != nil {
				t.Error(err)
				return
			}
			select {
			case res := <-confirmed:
				t.Errorf("the confirmation ended (%v) before the merge committed; want it to wait for the lock", res.err)
				confirmed <- res
				return
			default:
			}
		}
	}
	hs.arm("MergeForeigner", "")
	if err := svc.LinkDocument(ctx, oldID, renewed, registration.AuthorityActor("MP-Almaty"), ""); err != nil {
		t.Fatal(err)
	}
	if !hs.fired() {
		t.Fatal("LinkDocument merged nothing: the test did not run the race")
	}
	res := <-confirmed
	if res.err != nil || res.r.State != registration.Confirmed || res.r.Foreigner != oldID {
		t.Fatalf("Confirm during the merge = %v (state %v, under the person's ID: %t); want confirmed under the person's ID", res.err, res.r.State, res.r.Foreigner == oldID)
	}
	newID := demo.Foreigner(renewed)
	if n := heldUnder(t, db, schema, newID); n != 0 {
		t.Errorf("%d registrations and trips under the merged ID after the race; want 0", n)
	}
}

// TestPostgresGroupDuringMerge: a hotel checks in a group whose member
// shows a renewed passport; after the group locks the passport's own ID
// and before it reads its links, LinkDocument merges that passport's
// history into the person's and commits. The member's registration is
// the person's, and nothing is written under the merged ID.
func TestPostgresGroupDuringMerge(t *testing.T) {
	db, schema, svc, hs, oldID, day := renewalRace(t)
	ctx := context.Background()
	renewed := passport("FB2222222")
	friend := passport("FC3333333")
	if err := svc.RecordEntry(ctx, renewed, day); err != nil {
		t.Fatal(err)
	}
	newID := demo.Foreigner(renewed)
	linked := make(chan error, 1)
	hs.hook = func() {
		go func() {
			linked <- svc.LinkDocument(ctx, oldID, renewed, registration.AuthorityActor("MP-Almaty"), "")
		}()
		if err := <-linked; err != nil {
			t.Errorf("LinkDocument during the group's check-in: %v", err)
		}
	}
	hs.arm("Lock", newID)
	bin, err := kzid.ParseBIN("940140000385")
	if err != nil {
		t.Fatal(err)
	}
	hotel := registration.Host{Kind: registration.HostHotel, Name: "Hotel Almaty", BIN: bin, Contact: registration.Contact{Email: "desk@hotel.example"}}
	res, err := svc.SubmitGroup(ctx, migreg.GroupRequest{
		Host: hotel, Place: registration.Hotel, By: registration.HostActor(demo.Host(hotel)),
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10"},
		Members: []migreg.GroupMember{{Person: friend, Entry: day}, {Person: renewed, Entry: day}},
	})
	if err != nil {
		t.Fatalf("SubmitGroup during the merge: %v", err)
	}
	if !hs.fired() {
		t.Fatal("the group never locked the renewed passport's ID: the test did not run the race")
	}
	if len(res.Members) != 2 || res.Members[1].Err != nil || res.Members[1].Registration.Foreigner != oldID {
		t.Fatalf("the renewed passport's member after the race: %+v; want a registration under the person's ID", res.Members)
	}
	if n := heldUnder(t, db, schema, newID); n != 0 {
		t.Errorf("%d registrations and trips under the merged ID after the race; want 0", n)
	}
}

// renewalRace opens a PostgreSQL store in a schema of its own and a
// Service over a hookStore of it (not armed), at 09:00 on 1 July 2026
// (day), with the history of a person's earlier passport: an entry ten
// days before day and an exit five days before, under oldID.
func renewalRace(t *testing.T) (db *sql.DB, schema string, svc *migreg.Service, hs *hookStore, oldID registration.ForeignerID, day calendar.Date) {
	t.Helper()
	db, st, schema := newPostgresSchema(t)
	now := calendar.MustParseDate("2026-07-01").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	hs = &hookStore{Store: st}
	var err error
	if svc, err = migreg.New(hs, &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now })}); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	old := passport("FA1111111")
	day = calendar.DateOf(now)
	if err := svc.RecordEntry(ctx, old, day.AddDays(-10)); err != nil {
		t.Fatal(err)
	}
	oldID, _ = svc.ForeignerID(ctx, old)
	if err := svc.RecordExit(ctx, oldID, day.AddDays(-5)); err != nil {
		t.Fatal(err)
	}
	return db, schema, svc, hs, oldID, day
}

// heldUnder counts the registrations and trips stored under id.
func heldUnder(t *testing.T, db *sql.DB, schema string, id registration.ForeignerID) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM "`+schema+`".registrations WHERE foreigner = $1) + (SELECT count(*) FROM "`+schema+`".trips WHERE foreigner = $1)`, string(id)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

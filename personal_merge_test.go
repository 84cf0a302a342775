package migreg_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// TestRenewalSeenAtBorderFirst: the renewed passport (no IIN) crossed the
// border, and a request was filed with it, before an authority linked it
// to the person. LinkDocument merges the renewed passport's history into
// the person's: Status and Assess count the days of both passports in the
// 90/180 window, and the request filed with the new passport is the
// person's.
func TestRenewalSeenAtBorderFirst(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	old, renewed := person("FA1111111"), person("FB2222222")
	mp := registration.AuthorityActor("MP-Almaty")
	if err := svc.RecordEntry(ctx, old, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	oldID, _ := svc.ForeignerID(ctx, old)
	env.Clock.SetDate(date("2026-08-29"))
	if err := svc.RecordExit(ctx, oldID, date("2026-08-29")); err != nil { // 60 days
		t.Fatal(err)
	}
	env.Clock.SetDate(date("2026-09-10"))
	if err := svc.RecordEntry(ctx, renewed, date("2026-09-10")); err != nil {
		t.Fatal(err)
	}
	newID, _ := svc.ForeignerID(ctx, renewed)
	r, err := svc.Submit(ctx, request(renewed, landlord(t), "2026-09-10"))
	if err != nil {
		t.Fatal(err)
	}
	on := date("2026-09-20")
	env.Clock.SetDate(on)
	if st, err := svc.Status(ctx, newID, on); err != nil || st.Stay.Used != 11 || newID == oldID {
		t.Fatalf("before the link the renewed passport has %d days of its own (%v); want 11 under an ID of its own", st.Stay.Used, err)
	}

	if err := svc.LinkDocument(ctx, oldID, renewed, mp, "case 2026/18"); err != nil {
		t.Fatalf("LinkDocument of a passport seen at the border first = %v; want its history merged", err)
	}

	if id, err := svc.ForeignerID(ctx, renewed); err != nil || id != oldID {
		t.Errorf("after the link the renewed passport resolves to another ID (%v); want the person's", err)
	}
	st, err := svc.Status(ctx, oldID, on)
	if err != nil || st.Stay.Used != 60+11 {
		t.Errorf("after the link Status counts %d days (%v); want 60 + 11, both passports' trips", st.Stay.Used, err)
	}
	if len(st.Pending) != 1 || st.Pending[0].ID != r.ID || st.Pending[0].Foreigner != oldID {
		t.Errorf("after the link %d pending requests; want the one filed with the renewed passport, under the person's ID", len(st.Pending))
	}
	if trips, err := svc.Trips(ctx, oldID); err != nil || len(trips) != 2 {
		t.Errorf("after the link %d trips (%v); want both passports' 2", len(trips), err)
	}
	if got, err := svc.Registration(ctx, r.ID); err != nil || got.Foreigner != oldID {
		t.Errorf("the request filed with the renewed passport: %v; want it under the person's ID", err)
	}
	if p, err := svc.Person(ctx, oldID); err != nil || p.Document.Number != renewed.Document.Number {
		t.Errorf("the person record after the link: %v; want the renewed document", err)
	}
	// The first trip was never registered: the violation is the person's.
	vs, err := svc.Assess(ctx, oldID, on)
	if err != nil || len(vs) == 0 {
		t.Errorf("Assess after the link = %d violations, %v; want the first trip's unregistered stay", len(vs), err)
	}
	for _, v := range vs {
		if v.Foreigner != oldID {
			t.Errorf("a violation names another foreigner; want the person's one ID")
		}
	}
	// Linking again changes nothing.
	if err := svc.LinkDocument(ctx, oldID, renewed, mp, "case 2026/18"); err != nil {
		t.Errorf("LinkDocument again = %v; want nil", err)
	}
}

// TestLinkDocumentConflictKeepsBoth: two documents whose records cannot be
// one person's (a trip of each covering the same days; an active
// registration each) are not merged: LinkDocument refuses with
// ErrConflict, and both histories, and the renewed document's own ID,
// stay as they were.
func TestLinkDocumentConflictKeepsBoth(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, env *testEnv, old, renewed registration.Person)
	}{
		{"overlapping trips", func(t *testing.T, env *testEnv, old, renewed registration.Person) {
			for _, e := range []struct {
				p     registration.Person
				entry string
			}{{old, "2026-07-01"}, {renewed, "2026-07-05"}} {
				if err := env.Service.RecordEntry(ctx, e.p, date(e.entry)); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := env.Service.Submit(ctx, request(renewed, landlord(t), "2026-07-05")); err != nil {
				t.Fatal(err)
			}
		}},
		{"an active registration each", func(t *testing.T, env *testEnv, old, renewed registration.Person) {
			for _, p := range []registration.Person{old, renewed} {
				r, err := env.Service.Submit(ctx, request(p, landlord(t), "2026-07-05"))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := env.Service.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
	for _, tt := range tests {
		env := newEnv(t, date("2026-07-10"), nil)
		svc := env.Service
		old, renewed := person("FA1111111"), person("FB2222222")
		tt.setup(t, env, old, renewed)
		oldID, _ := svc.ForeignerID(ctx, old)
		newID, _ := svc.ForeignerID(ctx, renewed)
		snapshot := func() string {
			var out string
			for _, id := range []registration.ForeignerID{oldID, newID} {
				trips, err := svc.Trips(ctx, id)
				st, err2 := svc.Status(ctx, id, date("2026-07-10"))
				out += fmt.Sprintf("trips %v %v; used %d, active %v, pending %d, %v; ", trips, err, st.Stay.Used, st.Active != nil, len(st.Pending), err2)
				for r, err := range svc.ByForeigner(ctx, id, migreg.ListOptions{}) {
					out += fmt.Sprintf("%s %v %v; ", r.ID, r.State, err)
				}
			}
			return out
		}
		before := snapshot()
		err := svc.LinkDocument(ctx, oldID, renewed, registration.AuthorityActor("MP-Almaty"), "case 1")
		if !errors.Is(err, migreg.ErrConflict) {
			t.Errorf("%s: LinkDocument = %v; want ErrConflict", tt.name, err)
		}
		if after := snapshot(); after != before {
			t.Errorf("%s: a refused link changed the histories:\nbefore %s\nafter  %s", tt.name, before, after)
		}
		if id, _ := svc.ForeignerID(ctx, renewed); id != newID {
			t.Errorf("%s: after a refused link the renewed document resolves to another ID; want its own", tt.name)
		}
	}
}

// TestLinkDocumentMergeLimit: a merge that would give the person more trips
// than MaxTripsPerForeigner is refused with the limit's error, and both
// histories stay as they were; one trip fewer merges.
func TestLinkDocumentMergeLimit(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		knownHas  int // trips of the known person; the renewed passport has 2
		wantLimit bool
	}{
		{"at the limit", migreg.MaxTripsPerForeigner - 2, false},
		{"one past the limit", migreg.MaxTripsPerForeigner - 1, true},
	} {
		env := newEnv(t, date("2026-07-01"), nil)
		svc := env.Service
		old, renewed := person("FA1111111"), person("FB2222222")
		err := env.Store.Update(ctx, func(tx store.Tx) error {
			if err := tx.PutForeigner(ctx, fid(old), old); err != nil {
				return err
			}
			d := date("1990-01-01")
			for range tc.knownHas {
				if err := tx.PutTrip(ctx, fid(old), stay.Trip{Entry: d, Exit: d}); err != nil {
					return err
				}
				d = d.AddDays(2)
			}
			for _, e := range []string{"2026-06-01", "2026-06-10"} {
				if err := tx.PutTrip(ctx, fid(renewed), stay.Trip{Entry: date(e), Exit: date(e)}); err != nil {
					return err
				}
			}
			return tx.PutForeigner(ctx, fid(renewed), renewed)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = svc.LinkDocument(ctx, fid(old), renewed, registration.AuthorityActor("MP-Almaty"), "")
		knownTrips, _ := svc.Trips(ctx, fid(old))
		renewedTrips, _ := svc.Trips(ctx, fid(renewed))
		if tc.wantLimit {
			wantLimit(t, tc.name, err, "trips_per_foreigner", "trips")
			if len(knownTrips) != tc.knownHas || len(renewedTrips) != 2 {
				t.Errorf("%s: after the refusal %d and %d trips; want %d and 2, as before", tc.name, len(knownTrips), len(renewedTrips), tc.knownHas)
			}
			continue
		}
		// The renewed passport's own ID now names the person.
		if err != nil || len(knownTrips) != tc.knownHas+2 || len(renewedTrips) != tc.knownHas+2 {
			t.Errorf("%s: LinkDocument = %v, %d and %d trips; want nil, and the person's %d under both IDs", tc.name, err, len(knownTrips), len(renewedTrips), tc.knownHas+2)
		}
	}
}

// TestLinkDocumentMergePendingLimit: a merge that would leave the person
// more pending requests than MaxPendingPerForeigner is refused with the
// limit's error.
func TestLinkDocumentMergePendingLimit(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	old, renewed := person("FA1111111"), person("FB2222222")
	for i := range migreg.MaxPendingPerForeigner {
		p := old
		if i%2 == 1 {
			p = renewed
		}
		req := request(p, landlord(t), "2026-07-01")
		req.Submission.Address.Unit = fmt.Sprint(i + 1) // another request, not a retry
		if _, err := svc.Submit(ctx, req); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	// One more of the renewed passport's: each history alone is within
	// the limit, the two together one past it.
	req := request(renewed, landlord(t), "2026-07-01")
	req.Submission.Address.Unit = "99"
	if _, err := svc.Submit(ctx, req); err != nil {
		t.Fatal(err)
	}
	err := svc.LinkDocument(ctx, fid(old), renewed, registration.AuthorityActor("MP-Almaty"), "")
	wantLimit(t, "a merge one pending request past the limit", err, "pending_per_foreigner", "pending")
	n := 0
	for _, err := range svc.ByForeigner(ctx, fid(renewed), migreg.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if want := migreg.MaxPendingPerForeigner/2 + 1; n != want {
		t.Errorf("after the refusal the renewed passport has %d registrations; want %d, as before", n, want)
	}
}

// TestMergedIDNamesThePerson: a client that kept the renewed passport's
// own ID from before the link (a border system, a cabinet) still reaches
// the person through it: RecordExit closes the person's open trip, and
// Status, Person, Trips and ByForeigner answer for the person.
func TestMergedIDNamesThePerson(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	old, renewed := person("FA1111111"), person("FB2222222")
	if err := svc.RecordEntry(ctx, old, date("2026-06-01")); err != nil {
		t.Fatal(err)
	}
	oldID, _ := svc.ForeignerID(ctx, old)
	if err := svc.RecordExit(ctx, oldID, date("2026-06-10")); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordEntry(ctx, renewed, date("2026-06-20")); err != nil {
		t.Fatal(err)
	}
	newID, _ := svc.ForeignerID(ctx, renewed)
	if _, err := svc.Submit(ctx, request(renewed, landlord(t), "2026-06-20")); err != nil {
		t.Fatal(err)
	}
	if err := svc.LinkDocument(ctx, oldID, renewed, registration.AuthorityActor("MP-Almaty"), ""); err != nil {
		t.Fatal(err)
	}
	on := date("2026-07-01")
	if st, err := svc.Status(ctx, newID, on); err != nil || st.Foreigner != oldID || len(st.Pending) != 1 {
		t.Errorf("Status under the merged ID: %v, %d pending, the person's ID: %t; want the person's status", err, len(st.Pending), st.Foreigner == oldID)
	}
	if p, err := svc.Person(ctx, newID); err != nil || p.Document.Number != renewed.Document.Number {
		t.Errorf("Person under the merged ID: %v; want the person", err)
	}
	n := 0
	for r, err := range svc.ByForeigner(ctx, newID, migreg.ListOptions{}) {
		if err != nil || r.Foreigner != oldID {
			t.Fatalf("ByForeigner under the merged ID: %v; want the person's registrations", err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("ByForeigner under the merged ID listed %d; want the person's 1", n)
	}
	if err := svc.RecordExit(ctx, newID, on); err != nil {
		t.Fatalf("RecordExit under the merged ID = %v; want the person's open trip closed", err)
	}
	trips, err := svc.Trips(ctx, newID)
	if err != nil || len(trips) != 2 || trips[1].Exit != on {
		t.Errorf("Trips under the merged ID after the exit: %v, %v; want the person's 2, the second closed on %s", trips, err, on)
	}
}

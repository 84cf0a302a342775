package dbtest

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// A group registration (issue 22) on each database: a family of two
// parents and a child submitted in one commit, refused whole when a
// member fails, confirmed in one host decision with a certificate each,
// and read back with its group and the child's guardian. (Not to be
// confused with group_test.go, about SQLite's group commit.)

func TestSQLiteGroupRegistration(t *testing.T) { groupRegistration(t, newSQLiteStore(t)) }

func TestPostgresGroupRegistration(t *testing.T) {
	groupRegistration(t, newPostgresStore(t, openPostgres(t)))
}

func groupRegistration(t *testing.T, s store.Store) {
	ctx := t.Context()
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	var seed [ed25519.SeedSize]byte
	issuer, err := certificate.NewIssuer("test-1", ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: clock, Issuer: issuer, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h, err := host(1)
	if err != nil {
		t.Fatal(err)
	}
	kid := person(3)
	kid.BirthDate = calendar.NewDate(2016, time.March, 8)
	req := migreg.GroupRequest{
		Host: h, Place: registration.PrivateHome,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		Members: []migreg.GroupMember{
			{Person: person(1), Entry: entryDay},
			{Person: person(2), Entry: entryDay},
			{Person: kid, Entry: entryDay},
		},
		IdempotencyKey: "family-1",
	}

	// Without the child's guardian the group is refused whole.
	res, err := svc.SubmitGroup(ctx, req)
	var ge *migreg.GroupError
	if !errors.As(err, &ge) || len(ge.Members) != 1 || ge.Members[0].Index != 2 || res.Members[2].Err == nil {
		t.Fatalf("SubmitGroup without the child's guardian = %v, %v; want a *GroupError for member 2", res, err)
	}
	n := 0
	for _, err := range svc.ByHost(ctx, svc.HostID(h), migreg.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 0 {
		t.Fatalf("a refused group stored %d registrations; want 0", n)
	}

	req.Members[2].Guardian = new(0)
	req.IdempotencyKey = "family-2"
	res, err = svc.SubmitGroup(ctx, req)
	if err != nil || len(res.Members) != 3 {
		t.Fatalf("SubmitGroup = %v, %v; want 3 pending registrations", res, err)
	}
	again, err := svc.SubmitGroup(ctx, req)
	if err != nil || again.Group != res.Group {
		t.Errorf("SubmitGroup again with the same key = %v, %v; want group %q", again, err, res.Group)
	}
	now = now.Add(2 * time.Hour)
	conf, err := svc.ConfirmGroup(ctx, res.Group, registration.HostActor(svc.HostID(h)))
	if err != nil {
		t.Fatalf("ConfirmGroup = %v, %v", conf, err)
	}
	for i, m := range conf.Members {
		r, err := svc.Registration(ctx, m.Registration.ID)
		if err != nil || r.State != registration.Confirmed || r.Group != res.Group || m.Certificate == "" {
			t.Errorf("member %d as stored = %v in group %q, %v, certificate %t; want confirmed in %q with one", i, r, r.Group, err, m.Certificate != "", res.Group)
		}
		hist, err := svc.History(ctx, m.Registration.ID)
		if err != nil || len(hist) != 2 || hist[0].Submission == nil || hist[0].Submission.Group != res.Group {
			t.Errorf("member %d: history of %d events, %v; want the submission with its group first", i, len(hist), err)
		}
	}
	child, err := svc.Registration(ctx, res.Members[2].Registration.ID)
	if err != nil || child.Guardian != res.Members[0].Registration.ID {
		t.Errorf("the child as stored has guardian %q, %v; want %q", child.Guardian, err, res.Members[0].Registration.ID)
	}
	got, err := svc.Group(ctx, res.Group)
	if err != nil || len(got.Members) != 3 {
		t.Errorf("Group(%q) = %v, %v; want its 3 members", res.Group, got, err)
	}
}

// BenchmarkSubmitGroup: a hotel's group check-in of groupBench guests as
// one SubmitGroup (one transaction) beside the same guests as a
// SubmitBatch, on SQLite and PostgreSQL. One op is one group.
//
//	cd store/sqlstore/dbtest && go test -run '^$' -bench SubmitGroup -benchtime 10x ./...
func BenchmarkSubmitGroup(b *testing.B) {
	const groupBench = 50
	for _, d := range benchDatabases(b) {
		for _, how := range []string{"group", "batch"} {
			b.Run(d.name+"/"+how, func(b *testing.B) {
				svc := newBenchService(b, d.open(b).s)
				hotel := hotelAlmaty(b)
				by := registration.HostActor(demo.Host(hotel))
				addr := registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"}
				b.ResetTimer()
				for round := range b.N {
					b.StopTimer()
					g := migreg.GroupRequest{Host: hotel, Address: addr, Place: registration.Hotel, By: by}
					var reqs []migreg.SubmitRequest
					for i := range groupBench {
						p := person(round*groupBench + i)
						g.Members = append(g.Members, migreg.GroupMember{Person: p, Entry: entryDay})
						reqs = append(reqs, migreg.SubmitRequest{Submission: registration.Submission{
							Person: p, Host: hotel, Place: registration.Hotel, Entry: entryDay, Address: addr}, By: by})
					}
					b.StartTimer()
					if how == "group" {
						if _, err := svc.SubmitGroup(b.Context(), g); err != nil {
							b.Fatal(err)
						}
						continue
					}
					for i, r := range svc.SubmitBatch(b.Context(), reqs, migreg.BatchOptions{}) {
						if r.Err != nil {
							b.Fatalf("item %d: %v", i, r.Err)
						}
					}
				}
				b.ReportMetric(float64(b.N*groupBench)/b.Elapsed().Seconds(), "registrations/s")
			})
		}
	}
}

// Groups that share members, checked in at once by a hotel: each of 8
// people is in two groups of 2 (a ring), so each group's transaction
// locks two foreigners another group locks too. Every group is stored
// (a deadlock between two is retried by the store), and each person ends
// with one active registration, the other superseded by the later
// check-in.
func TestSQLiteGroupRace(t *testing.T) { groupRace(t, newSQLiteStore(t)) }

func TestPostgresGroupRace(t *testing.T) { groupRace(t, newPostgresStore(t, openPostgres(t))) }

func groupRace(t *testing.T, s store.Store) {
	const people = 8
	ctx := t.Context()
	svc := newBenchService(t, s)
	hotel := hotelAlmaty(t)
	by := registration.HostActor(svc.HostID(hotel))
	errs := make([]error, people)
	var wg sync.WaitGroup
	for g := range people {
		wg.Go(func() {
			req := migreg.GroupRequest{Host: hotel, Place: registration.Hotel, By: by,
				Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: fmt.Sprint("room ", g)},
				Members: []migreg.GroupMember{{Person: person(g), Entry: entryDay}, {Person: person((g + 1) % people), Entry: entryDay}}}
			_, errs[g] = svc.SubmitGroup(ctx, req)
		})
	}
	wg.Wait()
	for g, err := range errs {
		if err != nil {
			t.Errorf("group %d: %v", g, err)
		}
	}
	for i := range people {
		id, err := svc.ForeignerID(ctx, person(i))
		if err != nil {
			t.Fatal(err)
		}
		states := map[registration.State]int{}
		for r, err := range svc.ByForeigner(ctx, id, migreg.ListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			states[r.State]++
		}
		if states[registration.Confirmed] != 1 || states[registration.Superseded] != 1 {
			t.Errorf("person %d: %v; want one confirmed and one superseded", i, states)
		}
	}
}

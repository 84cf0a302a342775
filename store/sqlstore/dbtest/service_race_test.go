package dbtest

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// The Service's commands racing on PostgreSQL, where the transactions of
// different foreigners run side by side: a key raced for by requests of
// several foreigners ends as one registration and refusals of the reused
// key, and a foreigner's commands take turns.

func newRaceService(t *testing.T) *migreg.Service {
	t.Helper()
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err := migreg.New(newPostgresStore(t, openPostgres(t)), &migreg.Options{InsecureDemoKeys: true,
		Clock: migreg.ClockFunc(func() time.Time { return now }), Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestPostgresIdempotencyKeyRace: a hotel system that reuses one key for
// several guests at once gets one registration and, for every other
// guest, ErrIdempotencyMismatch; never a store error.
func TestPostgresIdempotencyKeyRace(t *testing.T) {
	ctx := t.Context()
	svc := newRaceService(t)
	hotel := hotelAlmaty(t)
	by := registration.HostActor(demo.Host(hotel))
	const guests = 8
	for round := range 3 {
		key := fmt.Sprintf("booking-%d", round)
		errs := make([]error, guests)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := range guests {
			wg.Go(func() {
				req := migreg.SubmitRequest{
					Submission: registration.Submission{
						Person: person(round*100 + g), Host: hotel, Place: registration.Hotel, Entry: entryDay,
						Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10"},
					},
					By: by, IdempotencyKey: key,
				}
				<-start
				_, errs[g] = svc.Submit(ctx, req)
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for g, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, migreg.ErrIdempotencyMismatch):
				t.Errorf("round %d: guest %d: Submit = %v; want nil or ErrIdempotencyMismatch", round, g, err)
			}
		}
		if won != 1 {
			t.Errorf("round %d: %d guests registered with the key %q; want 1", round, won, key)
		}
	}
}

// TestPostgresOneForeignerTakesTurns: two hosts confirm two pending
// requests of one foreigner (filed while neither was active) at once;
// both succeed, one after the other, and the later confirmation supersedes
// the earlier, because it saw the other's commit.
func TestPostgresOneForeignerTakesTurns(t *testing.T) {
	ctx := t.Context()
	svc := newRaceService(t)
	for round := range 3 {
		p := person(1000 + round)
		if err := svc.RecordEntry(ctx, p, entryDay); err != nil {
			t.Fatal(err)
		}
		var ids [2]registration.ID
		var hostIDs [2]registration.HostID
		for i := range ids {
			h, err := host(round*2 + i)
			if err != nil {
				t.Fatal(err)
			}
			req := migreg.SubmitRequest{Submission: registration.Submission{
				Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
				Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: fmt.Sprint(10 + i)},
			}}
			r, err := svc.Submit(ctx, req)
			if err != nil {
				t.Fatalf("round %d: Submit %d: %v", round, i, err)
			}
			ids[i], hostIDs[i] = r.ID, r.HostID
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 2 {
			wg.Go(func() {
				<-start
				_, errs[i] = svc.Confirm(ctx, ids[i], registration.HostActor(hostIDs[i]))
			})
		}
		close(start)
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("round %d: the confirmations = %v, %v; want both to succeed, one after the other", round, errs[0], errs[1])
		}
		active := 0
		for _, id := range ids {
			r, err := svc.Registration(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.State == registration.Confirmed {
				active++
			} else if r.State != registration.Superseded {
				t.Errorf("round %d: %s is %v; want confirmed or superseded", round, id, r.State)
			}
		}
		if active != 1 {
			t.Errorf("round %d: %d registrations of the foreigner are active; want 1", round, active)
		}
	}
}

// The host confirms and rejects one request at the same moment, through
// the Service: exactly one wins, the other is refused as a transition the
// state no longer allows, and the registration is stored as the winner
// left it. On PostgreSQL the two run at READ COMMITTED, serialised by the
// foreigner's lock; on SQLite, in one writer (often in one group commit).

func TestSQLiteHostConfirmRejectRace(t *testing.T) {
	hostConfirmRejectRace(t, newBenchService(t, newSQLiteStore(t)))
}

func TestPostgresHostConfirmRejectRace(t *testing.T) { hostConfirmRejectRace(t, newRaceService(t)) }

func hostConfirmRejectRace(t *testing.T, svc *migreg.Service) {
	ctx := t.Context()
	h, err := host(1)
	if err != nil {
		t.Fatal(err)
	}
	wins := map[registration.State]int{}
	for i := range 40 {
		p := person(i)
		r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
			Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
			Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		by := registration.HostActor(r.HostID)
		var errs [2]error
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Go(func() { <-start; _, errs[0] = svc.Confirm(ctx, r.ID, by) })
		wg.Go(func() {
			<-start
			_, errs[1] = svc.Reject(ctx, r.ID, by, registration.Reason{Code: registration.HostRefusal})
		})
		close(start)
		wg.Wait()
		got, err := svc.Registration(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		wins[got.State]++
		switch {
		case (errs[0] == nil) == (errs[1] == nil):
			t.Fatalf("round %d: confirm %v, reject %v; want exactly one to win", i, errs[0], errs[1])
		case errs[0] == nil && got.State != registration.Confirmed, errs[1] == nil && got.State != registration.Rejected:
			t.Fatalf("round %d: confirm %v, reject %v, stored %v; want the winner's state", i, errs[0], errs[1], got.State)
		case !errors.Is(errs[0], registration.ErrInvalidTransition) && !errors.Is(errs[1], registration.ErrInvalidTransition):
			t.Fatalf("round %d: the loser's error is %v / %v; want ErrInvalidTransition", i, errs[0], errs[1])
		}
	}
	t.Logf("winners over 40 rounds: %v", wins)
}

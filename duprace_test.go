package migreg_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// linkRaceStore plays, on memstore, a race that PostgreSQL runs for real
// (store/sqlstore/dbtest, TestPostgresSameIINRace): another foreigner's
// request links the same IIN while a transaction runs. The next fails
// PutLinks fail with store.ErrDuplicate, as the taken link would, and
// after the first such transaction ends, compete (if set) runs: the other
// request, which commits the link.
type linkRaceStore struct {
	*memstore.Store
	fails   int
	lost    bool
	compete func()
}

func (s *linkRaceStore) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error { return fn(linkRaceTx{tx, s}) })
	s.afterLoss()
	return err
}

func (s *linkRaceStore) UpdateEach(ctx context.Context, fns []func(tx store.Tx) error) []error {
	wrapped := make([]func(tx store.Tx) error, len(fns))
	for i, fn := range fns {
		wrapped[i] = func(tx store.Tx) error { return fn(linkRaceTx{tx, s}) }
	}
	errs := s.Store.UpdateEach(ctx, wrapped)
	s.afterLoss()
	return errs
}

// afterLoss runs compete, once, after the transaction that lost the link.
func (s *linkRaceStore) afterLoss() {
	if s.lost && s.compete != nil {
		compete := s.compete
		s.compete = nil
		compete()
	}
}

type linkRaceTx struct {
	store.Tx
	s *linkRaceStore
}

func (t linkRaceTx) PutLink(ctx context.Context, l store.Link) error {
	if t.s.fails > 0 {
		t.s.fails--
		t.s.lost = true
		return fmt.Errorf("%w: link (taken by the other request)", store.ErrDuplicate)
	}
	return t.Tx.PutLink(ctx, l)
}

// TestLinkRaceRunsAgain: a command that finds its person's IIN link taken
// by a request that committed meanwhile runs once more and succeeds, the
// two passports leading to one person; a duplicate that running again
// does not explain fails again, storing nothing.
func TestLinkRaceRunsAgain(t *testing.T) {
	day := date("2026-07-01")
	iin, err := kzid.NewIIN(date("1991-05-17"), kzid.Female, 322)
	if err != nil {
		t.Fatal(err)
	}
	withIIN := func(number string) registration.Person {
		p := person(number)
		p.IIN, p.BirthDate, p.Sex = iin, iin.BirthDate(), kzid.Female
		return p
	}
	first, second := withIIN("FC3333333"), withIIN("FD4444444")
	commands := []struct {
		name string
		run  func(ctx context.Context, svc *migreg.Service) error
	}{
		{"RecordEntry", func(ctx context.Context, svc *migreg.Service) error { return svc.RecordEntry(ctx, second, day) }},
		{"Submit without a key", func(ctx context.Context, svc *migreg.Service) error {
			_, err := svc.Submit(ctx, request(second, landlord(t), "2026-07-01"))
			return err
		}},
		{"SubmitBatch", func(ctx context.Context, svc *migreg.Service) error {
			return svc.SubmitBatch(ctx, []migreg.SubmitRequest{request(second, landlord(t), "2026-07-01")}, migreg.BatchOptions{})[0].Err
		}},
	}
	for _, c := range commands {
		for _, fails := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s, %d lost", c.name, fails), func(t *testing.T) {
				ctx := t.Context()
				st := &linkRaceStore{Store: memstore.New(nil), fails: fails}
				svc, _, err := migregtest.NewService(migregtest.Start(day), migregtest.WithStore(st))
				if err != nil {
					t.Fatal(err)
				}
				if fails == 1 {
					st.compete = func() {
						if err := svc.RecordEntry(ctx, first, day); err != nil {
							t.Errorf("the other request: %v", err)
						}
					}
				}
				err = c.run(ctx, svc)
				if fails == 2 {
					// No other request took the link: running again
					// loses it again.
					if !errors.Is(err, store.ErrDuplicate) {
						t.Errorf("%s after two lost links = %v; want ErrDuplicate", c.name, err)
					}
					if n := st.Stats().Registrations; n != 0 {
						t.Errorf("%d registrations stored after the failure; want 0", n)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s after the link was taken meanwhile: %v; want it run again", c.name, err)
				}
				firstID, err1 := svc.ForeignerID(ctx, first)
				secondID, err2 := svc.ForeignerID(ctx, second)
				if err1 != nil || err2 != nil || firstID != secondID {
					t.Errorf("the two passports lead to two people (%v, %v); want one", err1, err2)
				}
				if trips, err := svc.Trips(ctx, firstID); err != nil || len(trips) != 1 {
					t.Errorf("the person's trips = %d, %v; want one", len(trips), err)
				}
			})
		}
	}
}

// TestHostConfirmRejectRace: the host confirms and rejects one request at
// the same moment, through the Service, many times over: exactly one of
// the two wins, the other is refused as a transition the state no longer
// allows, and the registration is stored as the winner left it.
// (storetest races UpdateRegistration; migregtest's Runner sends the two
// in turn, so that a run is the same for the same seed.)
func TestHostConfirmRejectRace(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	wins := map[registration.State]int{}
	for i := range 100 {
		r, err := env.Service.Submit(ctx, request(person(docNumber(i)), landlord(t), "2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		by := registration.HostActor(r.HostID)
		var errs [2]error
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Go(func() { <-start; _, errs[0] = env.Service.Confirm(ctx, r.ID, by) })
		wg.Go(func() {
			<-start
			_, errs[1] = env.Service.Reject(ctx, r.ID, by, registration.Reason{Code: registration.HostRefusal})
		})
		close(start)
		wg.Wait()
		got, err := env.Service.Registration(ctx, r.ID)
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
	t.Logf("winners over 100 rounds: %v", wins)
}

package memstore_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
	"github.com/migreg/migreg/store/storetest"
	"pgregory.net/rapid"
)

// TestConformance runs the store contract's conformance suite.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return memstore.New(nil) })
}

// BenchmarkStore runs the suite's benchmarks on memstore.
func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, func(*testing.B) store.Store { return memstore.New(nil) })
}

// TestEventsKeepTheirSubmission: the store keeps one copy of the
// submitted fields; an update that changes them (a corrected Cyrillic
// name) must not rewrite the first event.
func TestEventsKeepTheirSubmission(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	r, events := template(t)
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, events) }); err != nil {
		t.Fatal(err)
	}
	changed := r
	changed.Person.CyrillicSurname = "Каримов-Исправлено"
	next, more, err := changed.End(registration.System(), registration.Reason{Code: registration.Departed}, time.Date(2026, 7, 20, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, next, r.Version, more) }); err != nil {
		t.Fatal(err)
	}
	var got []registration.Event
	if err := s.View(ctx, func(tx store.ReadTx) error {
		var err error
		got, err = tx.Events(ctx, r.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got[0].Submission == nil || got[0].Submission.Person.CyrillicSurname != r.Person.CyrillicSurname {
		t.Errorf("the first event's submission = %+v; want the original surname %q", got[0].Submission, r.Person.CyrillicSurname)
	}
	if len(got) != 3 {
		t.Errorf("%d events; want 3", len(got))
	}
}

// TestConcurrentReadsInOneView: goroutines may share a read transaction;
// under -race this fails if a read writes to the transaction.
func TestConcurrentReadsInOneView(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	r, events := template(t)
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, events) }); err != nil {
		t.Fatal(err)
	}
	err := s.View(ctx, func(tx store.ReadTx) error {
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				if _, err := tx.Registration(ctx, r.ID); err != nil {
					errs[i] = err
					return
				}
				_, _, errs[i] = tx.Registrations(ctx, store.Filter{Foreigner: r.Foreigner}, store.Page{})
			})
		}
		wg.Wait()
		return errors.Join(errs...)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDeadlineOnlyForeignerLeavesNoEntry: deleting the last record kept
// for a foreigner (here a deadline) leaves the store as if the foreigner
// had never been seen, and a rollback of that delete brings it back.
func TestDeadlineOnlyForeignerLeavesNoEntry(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	d := store.Deadline{
		DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: "f_only", Subject: "2026-07-01"},
		Due:         calendar.NewDate(2026, 7, 31), Entry: calendar.NewDate(2026, 7, 1),
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutDeadline(ctx, d) }); err != nil {
		t.Fatal(err)
	}
	deadlines := func() []store.Deadline {
		var got []store.Deadline
		if err := s.View(ctx, func(tx store.ReadTx) error {
			var err error
			got, _, err = tx.Deadlines(ctx, store.DeadlineQuery{Through: d.Due, Foreigner: d.Foreigner}, store.Page{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	// Delete, then write again and fail: the rollback must restore the
	// dropped entry with its deadline, not the later write's.
	errBoom := errors.New("boom")
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.DeleteDeadline(ctx, d.DeadlineKey); err != nil {
			return err
		}
		if err := tx.PutTrip(ctx, d.Foreigner, stay.Trip{Entry: d.Entry}); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update = %v; want %v", err, errBoom)
	}
	if got := deadlines(); len(got) != 1 || got[0] != d {
		t.Fatalf("after the rolled-back delete: deadlines %v; want [%v]", got, d)
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.DeleteDeadline(ctx, d.DeadlineKey) }); err != nil {
		t.Fatal(err)
	}
	if got := deadlines(); len(got) != 0 {
		t.Fatalf("after the delete: deadlines %v; want none", got)
	}
	if st := s.Stats(); st != (memstore.Stats{}) {
		t.Errorf("Stats after deleting everything = %+v; want zero", st)
	}
	if n := memstore.Foreigners(s); n != 0 {
		t.Errorf("%d foreigner entries after deleting everything; want 0", n)
	}
}

// TestCloseDropsEverything: after Close no index keeps a record, so no
// personal data stays reachable through a closed store, and Stats still
// answers.
func TestCloseDropsEverything(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	fill(t, s, 10)
	at := time.Date(2026, 7, 2, 5, 0, 0, 0, time.UTC)
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.Enqueue(ctx, store.Message{ID: "r-0000001/1", Kind: "host_request", To: "h_1", Registration: "r-0000001", CreatedAt: at, NextAttempt: at}); err != nil {
			return err
		}
		return tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: "k", Registration: "r-0000001", CreatedAt: at})
	})
	if err != nil {
		t.Fatal(err)
	}
	if memstore.Held(s) == 0 {
		t.Fatal("the store holds nothing before Close: the test is broken")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := memstore.Held(s); n != 0 {
		t.Errorf("after Close the store's indexes hold %d entries; want 0", n)
	}
	if st := s.Stats(); st != (memstore.Stats{}) {
		t.Errorf("Stats after Close = %+v; want zero", st)
	}
}

// TestEventsReadBackExactly: the store gives back exactly the events it
// was given, whatever the first event holds (an instant in another zone,
// an actor or a submission the registration does not repeat), before and
// after updates that change the registration's submitted fields, and
// after such an update is rolled back.
func TestEventsReadBackExactly(t *testing.T) {
	ctx := context.Background()
	plus5 := time.FixedZone("+05", 5*60*60)
	tmpl, tmplEvents := template(t)
	rapid.Check(t, func(t *rapid.T) {
		s := memstore.New(nil)
		r, events := tmpl, slices.Clone(tmplEvents)
		first := events[0]
		sub := *first.Submission
		first.Submission = &sub
		switch rapid.IntRange(0, 3).Draw(t, "first") {
		case 1: // the same instant in another zone: not rebuilt from the registration
			first.At = first.At.In(plus5)
		case 2: // an actor the registration does not name
			first.Actor.ID = "someone else"
		case 3: // a submission that differs from the registration
			sub.Person.CyrillicSurname = "Каримов"
		}
		events[0] = first
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, events) }); err != nil {
			t.Fatal(err)
		}
		check := func(when string, want []registration.Event, wantReg registration.Registration) {
			var got []registration.Event
			var reg registration.Registration
			if err := s.View(ctx, func(tx store.ReadTx) error {
				var err error
				if got, err = tx.Events(ctx, r.ID); err != nil {
					return err
				}
				reg, err = tx.Registration(ctx, r.ID)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if reg != wantReg {
				t.Fatalf("%s: registration %+v; want %+v", when, reg, wantReg)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d events; want %d", when, len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				if (g.Submission == nil) != (w.Submission == nil) || g.Submission != nil && *g.Submission != *w.Submission {
					t.Fatalf("%s: event %d submission %+v; want %+v", when, i, g.Submission, w.Submission)
				}
				g.Submission, w.Submission = nil, nil
				if g != w {
					t.Fatalf("%s: event %d = %+v; want %+v", when, i, g, w)
				}
			}
		}
		check("created", events, r)

		changed := r
		switch rapid.IntRange(0, 5).Draw(t, "change") {
		case 1:
			changed.SubmittedAt = changed.SubmittedAt.Add(time.Minute)
		case 2:
			changed.SubmittedOn = changed.SubmittedOn.AddDays(1)
		case 3:
			changed.FiledBy = registration.ActorHost
		case 4:
			changed.HostDue = changed.HostDue.AddDays(1)
		case 5:
			changed.Person.CyrillicSurname = "Каримов-Исправлено"
		}
		next, more, err := changed.End(registration.System(), registration.Reason{Code: registration.Departed}, time.Date(2026, 7, 20, 10, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		// Sometimes a second update in the same transaction, which may
		// change what the first event is rebuilt from again.
		final, added := next, more
		twice := rapid.Bool().Draw(t, "twice")
		if twice {
			final.Version++
			final.State = registration.Annulled
			if rapid.Bool().Draw(t, "second change") {
				final.HostDue = final.HostDue.AddDays(2)
			}
			added = append(slices.Clone(more), registration.Event{
				Registration: r.ID, Seq: final.Version, Type: registration.EventAnnulled, At: time.Date(2026, 7, 21, 9, 0, 0, 0, time.UTC),
				On: calendar.NewDate(2026, 7, 21), Actor: registration.System(), From: next.State, To: registration.Annulled,
				Reason: registration.Reason{Code: registration.FalseData},
			})
		}
		fail := rapid.Bool().Draw(t, "fail")
		errRollback := errors.New("roll back")
		err = s.Update(ctx, func(tx store.Tx) error {
			if err := tx.UpdateRegistration(ctx, next, r.Version, more); err != nil {
				return err
			}
			if twice {
				if err := tx.UpdateRegistration(ctx, final, next.Version, added[len(more):]); err != nil {
					return err
				}
			}
			if fail {
				return errRollback
			}
			return nil
		})
		if fail {
			if !errors.Is(err, errRollback) {
				t.Fatalf("update err = %v; want the rollback", err)
			}
			check("rolled back", events, r)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		check("updated", append(slices.Clone(events), added...), final)
		if got := s.Stats().Events; got != len(events)+len(added) {
			t.Fatalf("Stats counts %d events; want %d", got, len(events)+len(added))
		}
	})
}

package memstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
	"github.com/migreg/migreg/store/storetest"
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

package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// RunBenchmarks measures the common operations of a store: creating and
// updating a registration (one transaction each), reading one, listing a
// page of all registrations and of one foreigner's, and listing due
// deadlines. Like Run, it calls newStore once per benchmark and closes the
// store at the end.
//
// Run it from a store's tests with -bench and -benchmem:
//
//	func BenchmarkStore(b *testing.B) {
//		storetest.RunBenchmarks(b, func(b *testing.B) store.Store { return memstore.New(nil) })
//	}
func RunBenchmarks(b *testing.B, newStore func(b *testing.B) store.Store) {
	b.Run("CreateRegistration", func(b *testing.B) { benchCreate(b, openB(b, newStore)) })
	b.Run("UpdateRegistration", func(b *testing.B) { benchUpdate(b, openB(b, newStore)) })
	b.Run("Registration", func(b *testing.B) { benchRead(b, openB(b, newStore)) })
	b.Run("Registrations/All", func(b *testing.B) { benchList(b, openB(b, newStore), false) })
	b.Run("Registrations/Foreigner", func(b *testing.B) { benchList(b, openB(b, newStore), true) })
	b.Run("Deadlines", func(b *testing.B) { benchDeadlines(b, openB(b, newStore)) })
}

// benchSize is how many registrations the read benchmarks store first.
const benchSize = 1000

func openB(b *testing.B, newStore func(b *testing.B) store.Store) store.Store {
	b.Helper()
	s := newStore(b)
	if s == nil {
		b.Fatal("storetest: newStore returned nil")
	}
	b.Cleanup(func() {
		if err := s.Close(); err != nil && !errors.Is(err, store.ErrClosed) {
			b.Errorf("Close() = %v; want nil", err)
		}
	})
	return s
}

// benchRecords builds n pending registrations, numbered from first, of
// foreigners of their own (or, with foreigners > 0, of that many
// foreigners in turn), with a hundred hosts.
func benchRecords(b *testing.B, first, n, foreigners int) []record {
	b.Helper()
	hosts := make([]registration.Host, 100)
	for i := range hosts {
		hosts[i] = host(b, i)
	}
	recs := make([]record, n)
	for i := range n {
		p := first + i
		if foreigners > 0 {
			p = i % foreigners
		}
		r, evs := pending(b, regID(first+i), person(p), hosts[i%len(hosts)])
		recs[i] = record{r, evs}
	}
	return recs
}

// fill stores the records, a thousand per transaction.
func fill(b *testing.B, s store.Store, recs []record) {
	b.Helper()
	for start := 0; start < len(recs); start += 1000 {
		batch := recs[start:min(start+1000, len(recs))]
		err := s.Update(b.Context(), func(tx store.Tx) error {
			for _, rec := range batch {
				if err := tx.CreateRegistration(b.Context(), rec.reg, rec.events); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatalf("storing %d registrations: %v", len(batch), err)
		}
	}
}

func benchCreate(b *testing.B, s store.Store) {
	ctx := b.Context()
	recs := benchRecords(b, 0, b.N, 0)
	b.ResetTimer()
	for i := range b.N {
		rec := recs[i]
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, rec.reg, rec.events) }); err != nil {
			b.Fatal(err)
		}
	}
}

func benchUpdate(b *testing.B, s store.Store) {
	ctx := b.Context()
	recs := benchRecords(b, 0, b.N, 0)
	fill(b, s, recs)
	next := make([]record, b.N)
	for i, rec := range recs {
		r, evs := confirm(b, rec.reg)
		next[i] = record{r, evs}
	}
	b.ResetTimer()
	for i := range b.N {
		n := next[i]
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, n.reg, 1, n.events) }); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRead(b *testing.B, s store.Store) {
	ctx := b.Context()
	fill(b, s, benchRecords(b, 0, benchSize, 0))
	i := 0
	for b.Loop() {
		id := regID(i % benchSize)
		i++
		err := s.View(ctx, func(tx store.ReadTx) error {
			_, err := tx.Registration(ctx, id)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// benchList lists the first page of 100 of all registrations, or all of
// one foreigner's (ten among a thousand).
func benchList(b *testing.B, s store.Store, byForeigner bool) {
	ctx := b.Context()
	var f store.Filter
	want := 100
	if byForeigner {
		fill(b, s, benchRecords(b, 0, benchSize, benchSize/10))
		f.Foreigner, want = fid(person(7)), 10
	} else {
		fill(b, s, benchRecords(b, 0, benchSize, 0))
	}
	for b.Loop() {
		err := s.View(ctx, func(tx store.ReadTx) error {
			rs, _, err := tx.Registrations(ctx, f, store.Page{Limit: 100})
			if err == nil && len(rs) != want {
				err = fmt.Errorf("storetest: listed %d registrations; want %d", len(rs), want)
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// benchDeadlines lists the first 100 due of a thousand entries.
func benchDeadlines(b *testing.B, s store.Store) {
	ctx := b.Context()
	recs := benchRecords(b, 0, benchSize, 0)
	fill(b, s, recs)
	err := s.Update(ctx, func(tx store.Tx) error {
		for i, rec := range recs {
			d := store.Deadline{
				DeadlineKey:  store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: rec.reg.Foreigner, Subject: string(rec.reg.ID)},
				Due:          hostDueDay.AddDays(i % 30),
				Registration: rec.reg.ID,
				Entry:        entryDay,
			}
			if err := tx.PutDeadline(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	q := store.DeadlineQuery{Through: hostDueDay.AddDays(10)}
	for b.Loop() {
		err := s.View(ctx, func(tx store.ReadTx) error {
			ds, _, err := tx.Deadlines(ctx, q, store.Page{Limit: 100})
			if err == nil && len(ds) != 100 {
				err = fmt.Errorf("storetest: listed %d deadlines; want 100", len(ds))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

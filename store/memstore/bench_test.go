package memstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

const million = 1_000_000

// template returns a realistic confirmed registration and its two events.
func template(tb testing.TB) (registration.Registration, []registration.Event) {
	iin, err := kzid.ParseIIN("061211600012")
	if err != nil {
		tb.Fatal(err)
	}
	s := registration.Submission{
		ID: "r-0",
		Person: registration.Person{Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.NewDate(1990, 4, 12), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: "FA0000000", IssuingCountry: "UZB", Expiry: calendar.NewDate(2031, 1, 31)}},
		Host:    registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}},
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		Place:   registration.PrivateHome, Entry: calendar.NewDate(2026, 7, 1),
	}.WithIDs(registration.DemoPseudonyms())
	at := calendar.NewDate(2026, 7, 2).In(calendar.KazakhstanZone()).Add(10 * time.Hour)
	r, ev, err := registration.Submit(s, registration.ForeignerActor(s.Foreigner), at, calendar.NewDate(2026, 7, 7), calendar.Date{})
	if err != nil {
		tb.Fatal(err)
	}
	r, more, err := r.Confirm(registration.HostActor(r.HostID), calendar.NewDate(2026, 7, 30), at.Add(time.Hour))
	if err != nil {
		tb.Fatal(err)
	}
	return r, append(ev, more...)
}

// fill stores n confirmed registrations of n foreigners, each with its
// stay-end deadline spread over a year, as the Service would.
func fill(tb testing.TB, s *memstore.Store, n int) {
	ctx := context.Background()
	tmpl, events := template(tb)
	start := calendar.NewDate(2026, 7, 1)
	const batch = 10000
	for lo := 0; lo < n; lo += batch {
		err := s.Update(ctx, func(tx store.Tx) error {
			for i := lo; i < min(lo+batch, n); i++ {
				r := tmpl
				r.ID = registration.ID(fmt.Sprintf("r-%07d", i))
				r.Foreigner = registration.ForeignerID(fmt.Sprintf("f-%07d", i))
				r.ValidUntil = start.AddDays(i * 7919 % 365)
				evs := slices.Clone(events)
				for j := range evs {
					evs[j].Registration = r.ID
				}
				sub := *evs[0].Submission
				sub.ID = r.ID
				evs[0].Submission = &sub
				evs[0].Actor.ID = string(r.Foreigner) // the foreigner filed, as in the template
				if err := tx.CreateRegistration(ctx, r, evs); err != nil {
					return err
				}
				if err := tx.PutDeadline(ctx, store.Deadline{
					DeadlineKey: store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: r.Foreigner, Subject: string(r.ID)},
					Due:         r.ValidUntil, Registration: r.ID, Entry: r.Entry,
				}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

var (
	bigOnce  sync.Once
	bigStore *memstore.Store
)

func big(b *testing.B) *memstore.Store {
	bigOnce.Do(func() {
		bigStore = memstore.New(nil)
		fill(b, bigStore, million)
		// Collect the fill's garbage now: left to the collector, it is
		// collected while the first benchmark that asked for the store
		// runs, and that benchmark's time (BenchmarkDue: 6 to 42 µs
		// instead of 3.4) measures the fill's collection, not the query.
		runtime.GC()
	})
	return bigStore
}

// BenchmarkDue asks for the first 100 registrations due through a date
// among a million stored, through the deadline index. Compare with
// BenchmarkDueFullScan in the same run.
func BenchmarkDue(b *testing.B) {
	s := big(b)
	ctx := context.Background()
	through := calendar.NewDate(2026, 9, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		err := s.View(ctx, func(tx store.ReadTx) error {
			page, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: through, Kinds: []store.DeadlineKind{store.DueStayEnd}}, store.Page{Limit: 100})
			if len(page) != 100 {
				b.Fatalf("got %d", len(page))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDueFullScan answers the same question without an index: scan
// every registration, keep those due, sort, take 100.
func BenchmarkDueFullScan(b *testing.B) {
	s := big(b)
	ctx := context.Background()
	through := calendar.NewDate(2026, 9, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		err := s.View(ctx, func(tx store.ReadTx) error {
			var due []registration.Registration
			var after store.Cursor
			for {
				page, next, err := tx.Registrations(ctx, store.Filter{}, store.Page{After: after, Limit: store.MaxLimit})
				if err != nil {
					return err
				}
				for _, r := range page {
					if r.State == registration.Confirmed && !r.ValidUntil.After(through) {
						due = append(due, r)
					}
				}
				if next == "" {
					break
				}
				after = next
			}
			slices.SortFunc(due, func(a, b registration.Registration) int { return a.ValidUntil.Compare(b.ValidUntil) })
			if len(due) < 100 {
				b.Fatalf("got %d", len(due))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryPerRegistration reports the heap a stored registration
// costs, with its events and its deadline entry, over 100,000 of them.
func BenchmarkMemoryPerRegistration(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := memstore.New(nil)
		fill(b, s, n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/registration")
		runtime.KeepAlive(s)
	}
}

const backlogSize = 100_000

// backlog returns a store holding n undelivered messages created a second
// apart, as an outbox nobody delivered for a day would, and the messages.
func backlog(b *testing.B, n int) (*memstore.Store, []store.Message) {
	ctx := context.Background()
	s := memstore.New(nil)
	start := time.Date(2026, 7, 1, 5, 0, 0, 0, time.UTC)
	msgs := make([]store.Message, n)
	for i := range msgs {
		at := start.Add(time.Duration(i) * time.Second)
		msgs[i] = store.Message{
			ID: fmt.Sprintf("r-%07d/1", i), Kind: "host_request", To: "h_ookj2k9ntm096nt1a15qgj2blg",
			Registration: registration.ID(fmt.Sprintf("r-%07d", i)), Body: []byte(`{"event":"submitted"}`),
			CreatedAt: at, NextAttempt: at,
		}
	}
	for lo := 0; lo < n; lo += 10_000 {
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, msgs[lo:min(lo+10_000, n)]...) }); err != nil {
			b.Fatal(err)
		}
	}
	return s, msgs
}

// BenchmarkPendingMessages takes the 100 oldest due messages of a backlog
// of 100,000, as Deliver does, through the store's index of undelivered
// messages. Compare with BenchmarkPendingMessagesScan in the same run.
func BenchmarkPendingMessages(b *testing.B) {
	ctx := context.Background()
	s, _ := backlog(b, backlogSize)
	now := time.Date(2026, 7, 3, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		err := s.View(ctx, func(tx store.ReadTx) error {
			got, err := tx.PendingMessages(ctx, now, 100)
			if len(got) != 100 {
				b.Fatalf("got %d messages", len(got))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPendingMessagesScan answers the same question the way the
// store did before it kept the index: every undelivered message examined,
// the due ones sorted, the first 100 kept. It runs on a plain slice, which
// spares it the map the store iterated.
func BenchmarkPendingMessagesScan(b *testing.B) {
	_, msgs := backlog(b, backlogSize)
	now := time.Date(2026, 7, 3, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var due []store.Message
		for _, m := range msgs {
			if !m.NextAttempt.After(now) {
				due = append(due, m)
			}
		}
		slices.SortFunc(due, func(a, b store.Message) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		if len(due) < 100 {
			b.Fatalf("got %d messages", len(due))
		}
		_ = due[:100]
	}
}

// BenchmarkMessageLookup reads a message by ID from a backlog of 100,000,
// at random, as Deliver and Retry do for messages of any age.
func BenchmarkMessageLookup(b *testing.B) {
	ctx := context.Background()
	s, msgs := backlog(b, backlogSize)
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		id := msgs[rng.IntN(len(msgs))].ID
		err := s.View(ctx, func(tx store.ReadTx) error {
			_, err := tx.Message(ctx, id)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

package migreg_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/migreg/migreg"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The benchmarks of this file measure commands and queries for a
// foreigner with a long past on memstore (issue 20): 100, 1,000 and
// 10,000 trips, or past registrations. The recent past is the same in
// every size: 40 trips since 2023, the last of them open, under the rules
// and the visa-free regime, with a registration for each stay that needs
// one; the older trips lie before the first rules (2020) and are not
// judged. What a command touches is the same; only the past grows.

var pastSizes = []int{100, 1000, 10000}

// pastTrips returns n trips in order of entry: n-40 of them of one to
// three days before 2020, then 39 from 2023 of one to eight days, every
// tenth of 35 days (over the per-visit cap, and not registered), and one
// open from 2026-03-10.
func pastTrips(n int) []stay.Trip {
	rng := rand.New(rand.NewPCG(5, 6))
	trips := make([]stay.Trip, n)
	day := date("2026-03-10")
	trips[n-1] = stay.Trip{Entry: day}
	for i := n - 2; i >= n-recentTrips; i-- {
		day = day.AddDays(-10 - rng.IntN(10))
		length := 1 + rng.IntN(8)
		if i%10 == 0 {
			length = 35
		}
		trips[i] = stay.Trip{Entry: day.AddDays(-length + 1), Exit: day}
		day = trips[i].Entry
	}
	day = date("2019-12-31")
	for i := n - recentTrips - 1; i >= 0; i-- {
		length := 1 + rng.IntN(3)
		trips[i] = stay.Trip{Entry: day.AddDays(-length + 1), Exit: day}
		day = day.AddDays(-length - 1 - rng.IntN(5))
	}
	return trips
}

const recentTrips = 40

// judgedTrips returns n one-day trips every other day from 2023-02-01
// (90 days in every 180: the 90/180 cap is just kept), the last one open,
// and its entry day: every stay is judged under the rules and the regime
// (the clock must be set to that date).
func judgedTrips(n int) ([]stay.Trip, calendar.Date) {
	day := date("2023-02-01")
	trips := make([]stay.Trip, n)
	for i := range trips {
		trips[i] = stay.Trip{Entry: day, Exit: day}
		day = day.AddDays(2)
	}
	trips[n-1].Exit = calendar.Date{}
	return trips, trips[n-1].Entry
}

// longPast returns a service on 2026-03-20 with a foreigner who has the
// trips of pastTrips(trips) and regs past registrations of the open
// trip's stay, each withdrawn. They are written straight to the store:
// through the Service, the setup would cost what the issue measured.
func longPast(tb testing.TB, trips, regs int) (*testEnv, registration.Person) {
	return withPast(tb, pastTrips(trips), date("2026-03-20"), regs)
}

// withPast returns a service on the date today with a foreigner who has
// the trips ts, the last of them open, and regs past registrations of that
// trip's stay, each withdrawn.
func withPast(tb testing.TB, ts []stay.Trip, today calendar.Date, regs int) (*testEnv, registration.Person) {
	ctx := context.Background()
	env := newEnv(tb, today, nil)
	p := person("FA0000001")
	p.Document.Expiry = date("2099-12-31") // valid for every trip of judgedTrips
	entry := ts[len(ts)-1].Entry.String()
	err := env.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutForeigner(ctx, fid(p), p); err != nil {
			return err
		}
		for _, t := range ts {
			if err := tx.PutTrip(ctx, fid(p), t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	r, err := env.Service.Submit(ctx, request(p, landlord(tb), entry))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := env.Service.Withdraw(ctx, r.ID, registration.ForeignerActor(fid(p))); err != nil {
		tb.Fatal(err)
	}
	tmpl, err := env.Service.Registration(ctx, r.ID)
	if err != nil {
		tb.Fatal(err)
	}
	events, err := env.Service.History(ctx, r.ID)
	if err != nil {
		tb.Fatal(err)
	}
	for lo := 1; lo < regs; lo += 1000 {
		err := env.Store.Update(ctx, func(tx store.Tx) error {
			for i := lo; i < min(lo+1000, regs); i++ {
				r := tmpl
				r.ID = registration.ID(fmt.Sprintf("p%06d", i))
				es := make([]registration.Event, len(events))
				for j, e := range events {
					e.Registration = r.ID
					if e.Submission != nil {
						s := *e.Submission
						s.ID = r.ID
						e.Submission = &s
					}
					es[j] = e
				}
				if err := tx.CreateRegistration(ctx, r, es); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return env, p
}

// BenchmarkLongPastStatus is Service.Status and Service.Assess for a
// foreigner with 100, 1,000 and 10,000 trips.
func BenchmarkLongPastStatus(b *testing.B) {
	ctx := context.Background()
	on := date("2026-03-20")
	for _, n := range pastSizes {
		env, p := longPast(b, n, 1)
		b.Run(fmt.Sprintf("trips=%d/Status", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := env.Service.Status(ctx, fid(p), on); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("trips=%d/Assess", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := env.Service.Assess(ctx, fid(p), on); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJudgedPastStatus is Service.Status and Service.Assess for a
// foreigner with 100, 1,000 and 10,000 one-day trips, every one of them
// judged: the cost can only be linear in the trips, and is measured per
// trip.
func BenchmarkJudgedPastStatus(b *testing.B) {
	ctx := context.Background()
	for _, n := range pastSizes {
		ts, on := judgedTrips(n)
		env, p := withPast(b, ts, on, 1)
		b.Run(fmt.Sprintf("trips=%d/Status", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := env.Service.Status(ctx, fid(p), on); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/trip")
		})
		b.Run(fmt.Sprintf("trips=%d/Assess", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := env.Service.Assess(ctx, fid(p), on); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/trip")
		})
	}
}

// BenchmarkLongPastSubmitWithdraw is one request submitted and withdrawn
// by a foreigner with 100, 1,000 and 4,000 past registrations and 100
// trips, and with 100, 1,000 and 10,000 trips and one past registration.
// (10,000 registrations is past registrations_per_foreigner, 5,000.)
// Each iteration adds a withdrawn registration; before the foreigner
// would reach the limit, the timer stops and the past is rebuilt.
func BenchmarkLongPastSubmitWithdraw(b *testing.B) {
	ctx := context.Background()
	cycle := func(trips, regs int) func(b *testing.B) {
		return func(b *testing.B) {
			env, p := longPast(b, trips, regs)
			h := landlord(b)
			stored := regs
			b.ReportAllocs()
			for b.Loop() {
				if stored == migreg.MaxRegistrationsPerForeigner-1 {
					b.StopTimer()
					env, p = longPast(b, trips, regs)
					stored = regs
					b.StartTimer()
				}
				r, err := env.Service.Submit(ctx, request(p, h, "2026-03-10"))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := env.Service.Withdraw(ctx, r.ID, registration.ForeignerActor(fid(p))); err != nil {
					b.Fatal(err)
				}
				stored++
			}
		}
	}
	for _, n := range []int{100, 1000, 4000} {
		b.Run(fmt.Sprintf("registrations=%d", n), cycle(100, n))
	}
	for _, n := range pastSizes {
		b.Run(fmt.Sprintf("trips=%d", n), cycle(n, 1))
	}
}

// The long past must be judged as the recent one: the same violations
// whatever the number of older trips.
func TestLongPastViolations(t *testing.T) {
	ctx := context.Background()
	var want string
	for _, n := range []int{recentTrips, 1000} {
		env, p := longPast(t, n, 1)
		vs, err := env.Service.Assess(ctx, fid(p), date("2026-03-20"))
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(vs)
		if n == recentTrips {
			want = got
			if len(vs) == 0 {
				t.Fatal("the recent past should hold violations")
			}
			continue
		}
		if got != want {
			t.Errorf("%d trips: violations\n%s\nwant those of the recent trips alone\n%s", n, got, want)
		}
	}
}

// Package registrationtest holds [pgregory.net/rapid] generators of valid
// domain values for property tests: persons, IINs and BINs, hosts,
// hotels, families ([Family]), addresses, trips and submissions.
//
// The kit that builds and drives a Service (a fake clock that counts
// working days, a Service constructor for rapid.Check bodies, typed
// actors, step generators and a runner that compares the Service with
// your own system) is package github.com/migreg/migreg/migregtest, beside
// the root package, as net/http/httptest sits beside net/http. The
// Service helpers still here ([NewService], [Env], [Clock], [Inbox],
// [Issuer], [Key], [Sequence]) are deprecated copies kept
// for code written against them; they will move out of the domain's
// tree.
//
// Everything here is deterministic given rapid's seed: no wall clock, no
// global randomness.
package registrationtest

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/store/memstore"
)

// Clock is a fake clock for migreg.Options.Clock: it stands still until
// told to move. It is safe for concurrent use. The zero Clock reads
// 2026-07-01 09:00 in Kazakhstan.
//
// Deprecated: use migregtest.Clock, which also advances by working days.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at 09:00 Kazakhstan time on the date.
func NewClock(d calendar.Date) *Clock {
	return &Clock{now: d.In(calendar.KazakhstanZone()).Add(9 * time.Hour)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now.IsZero() {
		c.now = calendar.NewDate(2026, time.July, 1).In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	}
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// AdvanceDays moves the clock n days forward, keeping the time of day.
func (c *Clock) AdvanceDays(n int) { c.Advance(time.Duration(n) * 24 * time.Hour) }

// Today returns the clock's date in Kazakhstan.
func (c *Clock) Today() calendar.Date { return calendar.DateOf(c.Now()) }

// Inbox is a notifier that records every notification and counts
// duplicates by ID, as a deduplicating receiver would. It is safe for
// concurrent use.
//
// Deprecated: use migregtest.Inbox.
type Inbox struct {
	mu       sync.Mutex
	received []migreg.Notification
	seen     map[string]int
	// Fail, when set, makes Notify fail for the notifications it returns
	// true for (to test retries).
	Fail func(migreg.Notification) bool
}

// Notify records n (or fails it, see Fail).
func (in *Inbox) Notify(_ context.Context, n migreg.Notification) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.Fail != nil && in.Fail(n) {
		return fmt.Errorf("registrationtest: delivery of %s refused", n.ID)
	}
	if in.seen == nil {
		in.seen = make(map[string]int)
	}
	in.seen[n.ID]++
	if in.seen[n.ID] == 1 {
		in.received = append(in.received, n)
	}
	return nil
}

// Received returns the distinct notifications received, in order.
func (in *Inbox) Received() []migreg.Notification {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]migreg.Notification(nil), in.received...)
}

// Deliveries returns how many times the notification with the ID arrived.
func (in *Inbox) Deliveries(id string) int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.seen[id]
}

// KeyID is the key id of the test issuer's key.
//
// Deprecated: use migregtest.KeyID (the same key).
const KeyID = "test-1"

// Key returns the deterministic Ed25519 key of the test issuer. It is for
// tests only: anyone can compute it.
//
// Deprecated: use migregtest.Key (the same key).
func Key() ed25519.PrivateKey {
	var seed [ed25519.SeedSize]byte
	copy(seed[:], "migreg registrationtest key seed")
	return ed25519.NewKeyFromSeed(seed[:])
}

// Issuer returns a certificate issuer with the test key.
//
// Deprecated: use migregtest.Issuer.
func Issuer() *certificate.Issuer {
	iss, err := certificate.NewIssuer(KeyID, Key())
	if err != nil {
		panic(err) // the test key is valid by construction
	}
	return iss
}

// Sequence returns an ID generator for migreg.Options.NewID that counts:
// prefix-000001, prefix-000002, ... It is safe for concurrent use.
//
// Deprecated: use migregtest.Sequence.
func Sequence(prefix string) func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		var buf [32]byte
		b := append(buf[:0], prefix...)
		b = append(b, '-')
		d := strconv.Itoa(n)
		for i := len(d); i < 6; i++ {
			b = append(b, '0')
		}
		return string(append(b, d...)) // prefix-000042, as fmt's %06d would write it
	}
}

// Env is a ready in-memory Service with its parts exposed.
//
// Deprecated: use migregtest.NewService.
type Env struct {
	Service *migreg.Service
	Store   *memstore.Store
	Clock   *Clock
	Inbox   *Inbox
	Issuer  *certificate.Issuer
}

// NewService returns a Service on a fresh memstore with a fake clock at
// start, counting IDs, the test issuer, an Inbox notifier, and the
// published demo pseudonym key (Options.InsecureDemoKeys: a test kit
// needs no secret; opts.Pseudonyms replaces it). opts may
// override any option (nil keeps the kit's choices); a nil Logger discards
// logs (the Service's default). The store is closed when the test ends.
//
// Deprecated: use migregtest.NewService, which takes no testing.TB and
// so may be called inside a rapid.Check body.
func NewService(tb testing.TB, start calendar.Date, opts *migreg.Options) *Env {
	tb.Helper()
	env := &Env{Store: memstore.New(nil), Clock: NewClock(start), Inbox: &Inbox{}, Issuer: Issuer()}
	o := migreg.Options{Clock: env.Clock, Notifier: env.Inbox, Issuer: env.Issuer, NewID: Sequence("r"), InsecureDemoKeys: true}
	if opts != nil {
		if opts.Rules != nil {
			o.Rules = opts.Rules
		}
		if opts.Clock != nil {
			o.Clock = opts.Clock
		}
		if opts.Notifier != nil {
			o.Notifier = opts.Notifier
		}
		if opts.Issuer != nil {
			o.Issuer = opts.Issuer
		}
		if opts.Logger != nil {
			o.Logger = opts.Logger
		}
		if opts.NewID != nil {
			o.NewID = opts.NewID
		}
		o.Pseudonyms, o.Retention = opts.Pseudonyms, opts.Retention
		o.ReminderDays, o.Backoff, o.MaxAttempts = opts.ReminderDays, opts.Backoff, opts.MaxAttempts
	}
	svc, err := migreg.New(env.Store, &o)
	if err != nil {
		tb.Fatal(err)
	}
	env.Service = svc
	tb.Cleanup(func() { _ = env.Store.Close() })
	return env
}

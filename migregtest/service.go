package migregtest

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"strconv"
	"sync"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// Option changes what NewService builds; the kit's choices stand for
// everything an Option does not set.
type Option func(*config)

type config struct {
	start calendar.Date
	store store.Store
	opts  migreg.Options
}

// Start sets the clock's first day (09:00 Kazakhstan time). The default
// is 2026-07-01, the day order No. 923 came into force.
func Start(d calendar.Date) Option { return func(c *config) { c.start = d } }

// WithStore builds the Service over s instead of a fresh memstore, e.g.
// a sqlstore to run the same property against a database. The caller
// closes it.
func WithStore(s store.Store) Option { return func(c *config) { c.store = s } }

// WithOptions gives the Service's options. A field left at its zero value
// keeps the kit's choice: Clock (the returned fake Clock), NewID
// (counting, "r-000001"), Issuer (the test issuer, Issuer) and the
// pseudonym key (the published demo key, unless Pseudonyms is set).
// Everything else (Rules, Notifier, Logger, retries, retention) is the
// Service's default unless set here.
func WithOptions(o migreg.Options) Option { return func(c *config) { c.opts = o } }

// NewService returns a Service for tests on a fresh in-memory store
// (store/memstore), with a fake Clock at 09:00 of the start day,
// counting IDs, the test certificate issuer and the published demo
// pseudonym key (migreg.Options.InsecureDemoKeys: the kit needs no
// secret, and its IDs are not pseudonyms anyone may rely on). It takes
// no testing.TB, so a rapid.Check body builds one Service per case
// without capturing the outer test; the in-memory store holds nothing
// outside the process and needs no closing.
//
// The returned Clock is the Service's clock; it is nil when WithOptions
// set a Clock of its own. The error is what migreg.New returned.
func NewService(opts ...Option) (*migreg.Service, *Clock, error) {
	c := config{start: calendar.NewDate(2026, 7, 1)}
	for _, o := range opts {
		o(&c)
	}
	o := c.opts
	var clock *Clock
	if o.Clock == nil {
		clock = NewClock(c.start)
		o.Clock = clock
	}
	if o.NewID == nil {
		o.NewID = Sequence("r")
	}
	if o.Issuer == nil {
		o.Issuer = Issuer()
	}
	o.InsecureDemoKeys = true // ignored when o.Pseudonyms has a key
	st := c.store
	if st == nil {
		st = memstore.New(nil)
	}
	svc, err := migreg.New(st, &o)
	if err != nil {
		return nil, nil, err
	}
	return svc, clock, nil
}

// Inbox is a notifier that records every notification and counts
// repeated deliveries by ID, as a deduplicating receiver would. It is
// safe for concurrent use. String, fmt verbs and LogValue say
// "migregtest.Inbox", never what it received.
type Inbox struct {
	mu       sync.Mutex
	received []migreg.Notification
	seen     map[string]int
	// Fail, when set, makes Notify fail for the notifications it returns
	// true for, to test the Service's retries.
	Fail func(migreg.Notification) bool `json:"-"`
}

// String returns "migregtest.Inbox": what it is, not what it received.
func (in *Inbox) String() string { return "migregtest.Inbox" }

// Format makes every fmt verb print String: fmt's reflection would print
// the notifications, their bodies and recipients' IDs.
func (in *Inbox) Format(f fmt.State, verb rune) { fmt.Fprint(f, in.String()) }

// LogValue implements slog.LogValuer with String.
func (in *Inbox) LogValue() slog.Value { return slog.StringValue(in.String()) }

// Notify records n (or fails it, see Fail).
func (in *Inbox) Notify(_ context.Context, n migreg.Notification) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.Fail != nil && in.Fail(n) {
		return fmt.Errorf("migregtest: delivery of %s refused", n.ID)
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
const KeyID = "test-1"

// Key returns the deterministic Ed25519 key of the test issuer. It is for
// tests only: anyone can compute it.
func Key() ed25519.PrivateKey {
	var seed [ed25519.SeedSize]byte
	copy(seed[:], "migreg registrationtest key seed") // the seed registrationtest used: the same certificates
	return ed25519.NewKeyFromSeed(seed[:])
}

// Issuer returns a certificate issuer with the test key.
func Issuer() *certificate.Issuer {
	iss, err := certificate.NewIssuer(KeyID, Key())
	if err != nil {
		panic(err) // the test key is valid by construction
	}
	return iss
}

// Sequence returns an ID generator for migreg.Options.NewID that counts:
// prefix-000001, prefix-000002, ... so that a failing case names the
// same IDs every time it runs. It is safe for concurrent use.
func Sequence(prefix string) func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		d := strconv.Itoa(n)
		for len(d) < 6 {
			d = "0" + d
		}
		return prefix + "-" + d
	}
}

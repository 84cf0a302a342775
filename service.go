package migreg

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Clock tells the Service the time. Domain code never reads the time; the
// Service reads it once per command from its Clock, so tests and property
// suites can inject a fake one (migregtest.Clock).
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// systemClock is the real clock.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Notification is a message the Service hands to a Notifier: to a host
// (a request to confirm or refuse, a reminder) or to a foreigner (a
// decision, a reminder to register). ID is stable across delivery
// attempts, so a receiver deduplicates on it.
//
// In JSON the Body is the JSON object it holds, not base64 (see
// docs/wire.md). String, fmt verbs and LogValue leave out the recipient
// and the ID (a reminder's ID names the foreigner), and the body.
type Notification struct {
	ID           string          `json:"id"`
	Kind         string          `json:"kind"` // NotifyHostRequest, NotifyDecision, NotifyReminder ...
	To           string          `json:"to"`   // a HostID or a ForeignerID
	Registration registration.ID `json:"registration,omitempty"`
	Body         []byte          `json:"body,omitempty"` // JSON; see the Kind's documentation
	Attempt      int             `json:"attempt"`        // 1 for the first delivery
	CreatedAt    time.Time       `json:"created_at,omitzero"`
}

// The kinds of notification. Every body is a JSON object; dates are
// "YYYY-MM-DD", and the field names below are stable.
const (
	// NotifyHostRequest asks a host to confirm or refuse a registration.
	// Body: registration, event ("submitted"), on, host_due (the last day
	// to answer), address, place, entry.
	NotifyHostRequest = "host_request"
	// NotifyDecision tells the foreigner the outcome of a request, or
	// that their host checked them out. Body: registration, event
	// ("confirmed", "rejected", "lapsed", "superseded", "annulled", or
	// "ended" for a check-out), on, and as they apply reason ({"code",
	// "note"}), valid_until, certificate (the certificate number, when
	// one was issued), effective_on (the check-out date) and
	// reregister_by (the last day to register at the next address, for
	// a foreigner still in the country).
	NotifyDecision = "decision"
	// NotifyReminder reminds the foreigner of a registration deadline.
	// Body: deadline ("registration" or "reregistration"), due, entry.
	NotifyReminder = "reminder"
	// NotifyRequestClosed tells a host that a request it was asked to
	// answer was withdrawn. Body: registration, event ("withdrawn"), on.
	NotifyRequestClosed = "request_closed"
	// NotifyCheckedOut confirms to a host that the check-out of its
	// guest was recorded (Service.CheckOut). Body: registration, event
	// ("ended"), on (the day processed), effective_on (the check-out
	// date).
	NotifyCheckedOut = "checked_out"
)

// Notifier delivers notifications (a push service, e-mail, SMS, a queue).
// Deliver calls it outside any transaction, at least once per message: a
// returned error, or a crash before the Service records the delivery,
// leads to another attempt later with the same Notification.ID. A
// message erased (EraseExpired) before Deliver read it is not handed to
// it (see Service.Deliver).
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }

// discard is the default notifier: it accepts and drops everything.
type discard struct{}

func (discard) Notify(context.Context, Notification) error { return nil }

// Options configures a Service. The zero value (and nil) gives the
// defaults; every field is optional but Pseudonyms, without which New
// returns ErrNoPseudonymKey (unless InsecureDemoKeys, for tests and demos).
type Options struct {
	// Rules is the rulebook: calendar, effective-dated rules, stay regimes,
	// penalties. Default: registration.DefaultRulebook(); a nil part is
	// filled with its default.
	Rules *registration.Rulebook
	// Clock supplies the current time. Default: the system clock.
	Clock Clock
	// Notifier delivers notifications. Default: one that drops them.
	Notifier Notifier
	// Issuer issues certificates on confirmation. Default: none; a
	// confirmed registration then has no certificate.
	Issuer CertificateIssuer
	// Logger receives one record per command, without personal data: at
	// Debug when it succeeds, at Warn when it is refused (bad input, a
	// command the registration's state or the actor does not allow), at
	// Error when the store failed. Default: none; the Service logs
	// nothing.
	Logger *slog.Logger
	// NewID generates registration IDs. Default: time-ordered random IDs
	// ("r_" + 26 base32 characters). Property suites inject a
	// deterministic sequence.
	NewID func() string
	// ReminderDays is how many days before a registration deadline the
	// foreigner is reminded (Sweep enqueues the reminder). Default 3; a
	// negative value disables reminders.
	ReminderDays int
	// Backoff is the wait before delivery attempt n+1 after n failed ones.
	// Default: 30s doubled per attempt, capped at one hour.
	Backoff func(attempt int) time.Duration
	// MaxAttempts stops retrying a message after that many failures; it
	// stays in the outbox, parked, with its last error (Service.Retry
	// re-arms it). Default 20.
	MaxAttempts int
	// Pseudonyms derives ForeignerIDs and HostIDs under the application's
	// secret keys (see registration.Pseudonyms, which also says how to
	// rotate them). Required: there is no built-in production key, and New
	// returns ErrNoPseudonymKey without one unless InsecureDemoKeys is set.
	Pseudonyms registration.Pseudonyms
	// InsecureDemoKeys, for tests, examples and demos only, derives IDs
	// under registration.DemoPseudonyms, whose secret is published: anyone
	// can recompute its IDs from a passport or an IIN. Ignored when
	// Pseudonyms is set.
	InsecureDemoKeys bool
	// Retention says how long personal data and idempotency keys are
	// kept (EraseExpired erases what is past it). Zero fields take the
	// documented POLICY defaults.
	Retention Retention
}

// Service is what a hotel system or an agency back end calls: commands
// (record an entry or exit, submit, confirm, reject, withdraw, move,
// annul, batch submit) and queries (a registration, a foreigner's status,
// history, lists, deadlines, assessment), each taking a context first. What
// a command changes commits in one store transaction.
//
// Make one with New: the zero Service has no store, clock or keys, and
// its methods panic. A Service is safe for concurrent use. Concurrent
// commands on one registration are serialized by the store's transactions
// and optimistic versions: one wins, the others see the new state.
//
// String, fmt verbs and LogValue show "migreg.Service": never its
// pseudonym secrets, its issuer's private key or what its store holds.
type Service struct {
	store    store.Store
	rules    *registration.Rulebook
	clock    Clock
	notifier Notifier
	issuer   CertificateIssuer
	log      *slog.Logger
	newID    func() string
	remind   int
	backoff  func(int) time.Duration
	maxTries int
	ids      registration.Pseudonyms
	keep     Retention
}

// String returns "migreg.Service".
func (s Service) String() string { return "migreg.Service" }

// Format makes every fmt verb print String: fmt's reflection would print
// the unexported fields, the pseudonym secrets among them.
func (s Service) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// LogValue implements slog.LogValuer with String.
func (s Service) LogValue() slog.Value { return slog.StringValue(s.String()) }

// ErrNoStore is returned by New without a store.
var ErrNoStore = errors.New("migreg: no store")

// The store's errors that the Service passes on, under names of this
// package so that a caller matches them without importing package store.
// They are the store's own values: errors.Is matches either name.
var (
	// ErrNotFound: no registration, certificate or message with that ID;
	// no trip to close.
	ErrNotFound = store.ErrNotFound
	// ErrConflict: the record changed meanwhile and the store gave up
	// retrying; read again and retry, or give up.
	ErrConflict = store.ErrConflict
	// ErrClosed: the store was closed.
	ErrClosed = store.ErrClosed
	// ErrCommitUnknown: a command's commit was sent and its outcome lost
	// (see store.ErrCommitUnknown): retry the same command, with the same
	// idempotency key where it takes one; it converges.
	ErrCommitUnknown = store.ErrCommitUnknown
	// ErrUnavailable: the database could not be reached or take writes
	// for longer than the store retries; nothing was committed.
	ErrUnavailable = store.ErrUnavailable
)

// New returns a Service over the store s. nil options mean the defaults,
// which have no pseudonym key: New then returns ErrNoPseudonymKey.
func New(s store.Store, opts *Options) (*Service, error) {
	if s == nil {
		return nil, ErrNoStore
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	ids, err := pseudonyms(o)
	if err != nil {
		return nil, err
	}
	svc := &Service{ids: ids, keep: o.Retention,
		store: s, rules: o.Rules, clock: o.Clock, notifier: o.Notifier, issuer: o.Issuer,
		log: o.Logger, newID: o.NewID, remind: o.ReminderDays, backoff: o.Backoff, maxTries: o.MaxAttempts,
	}
	svc.rules = completeRules(svc.rules)
	if svc.clock == nil {
		svc.clock = systemClock{}
	}
	if svc.notifier == nil {
		svc.notifier = discard{}
	}
	if svc.log == nil {
		svc.log = slog.New(slog.DiscardHandler)
	}
	if svc.newID == nil {
		svc.newID = newIDGenerator(svc.clock)
	}
	if svc.remind == 0 {
		svc.remind = 3
	}
	if svc.backoff == nil {
		svc.backoff = defaultBackoff
	}
	if svc.maxTries <= 0 {
		svc.maxTries = 20
	}
	return svc, nil
}

// completeRules returns a rulebook with every nil part filled with its
// default, leaving the caller's value unchanged, so that a partly built
// rulebook never fails later on a nil calendar or table.
func completeRules(rb *registration.Rulebook) *registration.Rulebook {
	def := registration.DefaultRulebook()
	if rb == nil {
		return def
	}
	c := *rb
	if c.Calendar == nil {
		c.Calendar = def.Calendar
	}
	if len(c.Rules) == 0 {
		c.Rules = def.Rules
	}
	if c.Regimes == nil {
		c.Regimes = def.Regimes
	}
	if c.Penalties == nil {
		c.Penalties = def.Penalties
	}
	return &c
}

// Rules returns a copy of the Service's rulebook: changing it, or what it
// points to, changes nothing the Service does.
func (s *Service) Rules() *registration.Rulebook {
	c := *s.rules
	cal, regimes, penalties := *c.Calendar, *c.Regimes, *c.Penalties
	c.Calendar, c.Regimes, c.Penalties, c.Rules = &cal, &regimes, &penalties, slices.Clone(c.Rules)
	return &c
}

func defaultBackoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// newIDGenerator returns time-ordered IDs: 48 bits of milliseconds from
// the clock, then 80 random bits, in lower-case base32, with a counter
// breaking ties within a millisecond so IDs from one Service sort in
// creation order.
func newIDGenerator(c Clock) func() string {
	var mu sync.Mutex
	var last uint64
	var seq uint16
	// The "extended hex" alphabet sorts like the numbers it encodes.
	enc := base32.HexEncoding.WithPadding(base32.NoPadding)
	return func() string {
		mu.Lock()
		ms := uint64(c.Now().UnixMilli())
		if ms <= last {
			ms = last
			seq++
		} else {
			seq = 0
		}
		last = ms
		stamp := ms<<16 | uint64(seq)
		mu.Unlock()
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], stamp)
		_, _ = rand.Read(b[8:])
		return "r_" + strings.ToLower(enc.EncodeToString(b[:]))
	}
}

// logCommand records a command's outcome without personal data: at
// Debug when it succeeded, at Warn when it was refused, at Error when the
// store failed. The registration is named only when the command has one;
// attrs are what else the command reports (counts, never IDs of people).
func (s *Service) logCommand(ctx context.Context, cmd string, id registration.ID, err error, attrs ...slog.Attr) {
	s.logAt(ctx, levelOf(err), cmd, id, err, attrs...)
}

// levelOf is the level of a command's outcome.
func levelOf(err error) slog.Level {
	switch {
	case err == nil:
		return slog.LevelDebug
	case refused(err):
		return slog.LevelWarn
	}
	return slog.LevelError
}

// logAt records a command's outcome at level: "migreg: <cmd>", or
// "migreg: <cmd> failed" with the error's text (without the command's
// own prefix, and with any pseudonymous ID in it masked).
func (s *Service) logAt(ctx context.Context, level slog.Level, cmd string, id registration.ID, err error, attrs ...slog.Attr) {
	if !s.log.Enabled(ctx, level) {
		return // build no message nobody reads
	}
	if id != "" {
		attrs = append(attrs, slog.String("registration", redact.Cut(string(id), maxEchoedID)))
	}
	msg := "migreg: " + cmd
	if err != nil {
		msg += " failed"
		var ce *commandError
		if errors.As(err, &ce) {
			err = ce.err
		}
		attrs = append(attrs, slog.String("error", errorText(err)))
	}
	s.log.LogAttrs(ctx, level, msg, attrs...)
}

// update runs fn in a write transaction, and once more when it failed
// with store.ErrDuplicate. Transactions of different foreigners do not
// wait for each other, so a row that a request of another foreigner
// committed while fn ran can be taken when fn writes it: the same
// idempotency key, or the link of the same IIN (two passports of one
// person filed at once). Run again, fn reads that row and answers as it
// would have after that request: a retry of it, an IIN linked already. A
// duplicate that running again does not explain fails again, as it did.
func (s *Service) update(ctx context.Context, fn func(tx store.Tx) error) error {
	err := s.store.Update(ctx, fn)
	if errors.Is(err, store.ErrDuplicate) {
		err = s.store.Update(ctx, fn)
	}
	return err
}

// done logs a command's outcome and returns its error as the caller
// sees it, for a command that ends early.
func (s *Service) done(ctx context.Context, cmd string, id registration.ID, err error) error {
	s.logCommand(ctx, cmd, id, err)
	return wrap(cmd, err)
}

// refused reports whether err refuses a command for what it asks (bad
// input, a state or an actor that does not allow it, a record that does
// not exist), as opposed to a failure of the store.
func refused(err error) bool {
	for _, target := range []error{
		registration.ErrInvalid, registration.ErrInvalidTransition, registration.ErrForbidden, registration.ErrRefused,
		registration.ErrTooLate, registration.ErrNotDue, registration.ErrNoRules, ErrIdempotencyMismatch, ErrNotActive,
		store.ErrNotFound, store.ErrDuplicate, store.ErrInvalid,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

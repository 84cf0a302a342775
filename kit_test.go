package migreg_test

import (
	"context"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/store/memstore"
)

// testEnv is a Service for this package's tests with its parts exposed:
// its store (to look inside), its fake clock, the notifier that records
// what it receives, and the test certificate issuer.
type testEnv struct {
	Service *migreg.Service
	Store   *memstore.Store
	Clock   *migregtest.Clock
	Inbox   *migregtest.Inbox
	Issuer  *certificate.Issuer
}

// newEnv returns a Service built by migregtest.NewService on a fresh
// memstore, its clock at 09:00 on start and an Inbox as its notifier;
// opts (nil for none) override the kit's choices field by field. When
// opts sets a Clock, env.Clock is a kit clock the Service does not read.
// The store is closed when the test ends.
func newEnv(tb testing.TB, start calendar.Date, opts *migreg.Options) *testEnv {
	tb.Helper()
	env := &testEnv{Store: memstore.New(nil), Inbox: &migregtest.Inbox{}, Issuer: migregtest.Issuer()}
	var o migreg.Options
	if opts != nil {
		o = *opts
	}
	if o.Notifier == nil {
		o.Notifier = env.Inbox
	}
	svc, clock, err := migregtest.NewService(migregtest.Start(start), migregtest.WithStore(env.Store), migregtest.WithOptions(o))
	if err != nil {
		tb.Fatal(err)
	}
	if clock == nil {
		clock = migregtest.NewClock(start)
	}
	env.Service, env.Clock = svc, clock
	tb.Cleanup(func() { _ = env.Store.Close() })
	return env
}

// dueList is what svc.Due yields through the day for the kinds, failing
// the test on an error.
func dueList(tb testing.TB, svc *migreg.Service, through calendar.Date, kinds ...migreg.DeadlineKind) []migreg.Deadline {
	tb.Helper()
	var due []migreg.Deadline
	for d, err := range svc.Due(context.Background(), through, kinds...) {
		if err != nil {
			tb.Fatal(err)
		}
		due = append(due, d)
	}
	return due
}

package migreg_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// modelRun is one run of the Service against the model.
type modelRun struct {
	svc    *migreg.Service
	clock  *migregtest.Clock
	store  *memstore.Store
	inbox  *migregtest.Inbox
	runner *migregtest.Runner
	model  *model
}

// newModelRun builds a Service (failing the first delivery attempt of
// every third message), people, the model and a Runner between them.
func newModelRun(people []registration.Person) (*modelRun, error) {
	n := 0
	var failMu sync.Mutex
	run := &modelRun{store: memstore.New(nil), inbox: &migregtest.Inbox{Fail: func(m migreg.Notification) bool {
		failMu.Lock()
		defer failMu.Unlock()
		n++
		return m.Attempt == 1 && n%3 == 0
	}}}
	svc, clock, err := migregtest.NewService(migregtest.WithStore(run.store), migregtest.WithOptions(migreg.Options{Notifier: run.inbox}))
	if err != nil {
		return nil, err
	}
	run.svc, run.clock = svc, clock
	run.runner = &migregtest.Runner{Service: svc, Clock: clock, People: people}
	run.model = newModel(svc, people, run.runner.Registrations)
	run.runner.System = run.model
	run.runner.AfterStep = run.checkInvariants
	return run, nil
}

// TestServiceStateMachine runs random sequences of every command against
// the Service and the model through migregtest's Runner, including
// retries with the same idempotency key, failed deliveries and
// concurrent conflicting commands; the Runner compares every
// registration's state and every error after each step, and the
// invariants are checked after it.
func TestServiceStateMachine(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		people := []registration.Person{registrationtest.Person().Draw(rt, "p0"), registrationtest.Person().Draw(rt, "p1")}
		if fid(people[0]) == fid(people[1]) {
			people = people[:1]
		}
		run, err := newModelRun(people)
		if err != nil {
			rt.Fatal(err)
		}
		ops := append(migregtest.Entries(len(people)), migregtest.Ops(30).Draw(rt, "ops")...)
		if err := run.runner.Run(ctx, ops); err != nil {
			rt.Fatal(err)
		}
		run.checkDelivered(rt, ctx)
	})
}

// checkDelivered delivers everything: every message arrives, and a
// deduplicating receiver sees each exactly once.
func (run *modelRun) checkDelivered(rt *rapid.T, ctx context.Context) {
	for range 5 {
		run.clock.AdvanceDays(1)
		if _, err := run.svc.Deliver(ctx, 0); err != nil {
			rt.Fatal(err)
		}
	}
	var pending []store.Message
	_ = run.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		pending, err = tx.PendingMessages(ctx, run.clock.Now().AddDate(1, 0, 0), store.MaxLimit)
		return err
	})
	if len(pending) != 0 {
		rt.Fatalf("%d messages never delivered", len(pending))
	}
	seen := map[string]bool{}
	for _, m := range run.inbox.Received() {
		if seen[m.ID] {
			rt.Fatalf("message %s received twice by a deduplicating receiver", m.ID)
		}
		seen[m.ID] = true
	}
	if got, want := len(seen), run.store.Stats().Messages; got != want {
		rt.Fatalf("the receiver saw %d distinct messages; the outbox holds %d", got, want)
	}
}

// checkInvariants holds after every step: a confirmed registration has a
// certificate that verifies, a confirmed move superseded the address it
// left, the events replay to the stored registration, and no foreigner
// has two active registrations. (The Runner compared the states.)
func (run *modelRun) checkInvariants(ctx context.Context, s migregtest.Step, _ migregtest.Outcome) error {
	svc := run.svc
	keys, err := certificate.NewKeySet(map[string]ed25519.PublicKey{migregtest.KeyID: migregtest.Issuer().PublicKey()})
	if err != nil {
		return err
	}
	verifier := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}
	active := map[registration.ForeignerID]int{}
	ids := run.runner.Registrations()
	for i, id := range ids {
		r, err := svc.Registration(ctx, id)
		if err != nil {
			return err
		}
		if r.State == registration.Confirmed {
			active[r.Foreigner]++
			_, tok, err := svc.Certificate(ctx, r.ID)
			if err != nil {
				return fmt.Errorf("confirmed #%d has no certificate: %w", i, err)
			}
			if _, err := verifier.Verify(ctx, tok, r.ConfirmedOn); err != nil {
				return fmt.Errorf("the certificate of #%d does not verify: %w", i, err)
			}
			if from := run.model.regs[i].movedFrom; from >= 0 {
				old, err := svc.Registration(ctx, ids[from])
				if err != nil || old.State != registration.Superseded {
					return fmt.Errorf("a confirmed move left #%d %v, %v; want superseded", from, old.State, err)
				}
			}
		}
		events, err := svc.History(ctx, id)
		if err != nil {
			return err
		}
		replayed, err := registration.Replay(events)
		if err != nil {
			return err
		}
		if diff := cmp.Diff(r, replayed); diff != "" {
			return fmt.Errorf("events of #%d do not replay (-stored +replayed):\n%s", i, diff)
		}
	}
	for f, n := range active {
		if n > 1 {
			return fmt.Errorf("a foreigner (%s) has %d active registrations", f, n)
		}
	}
	return nil
}

// TestServiceModelCatchesDivergence: the model test fails when the
// Service and the model disagree. A model that forgets withdrawals (it
// keeps a withdrawn request pending) is caught at the withdrawal, with
// the steps that led to it; the same steps pass against the true model.
func TestServiceModelCatchesDivergence(t *testing.T) {
	ctx := context.Background()
	host := registrationtest.Host().Example(7)
	ops := []migregtest.Op{
		{Kind: migregtest.OpEntry},
		{Kind: migregtest.OpSubmit, Days: 3, Actor: migregtest.ActorForeigner, Submission: registration.Submission{
			Host: host, Address: registrationtest.Address().Example(8), Place: registrationtest.PlaceFor(host)}},
		{Kind: migregtest.OpWithdraw, Days: 1, Actor: migregtest.ActorForeigner},
		{Kind: migregtest.OpSweep, Days: 10},
	}
	people := []registration.Person{registrationtest.Person().Example(9)}

	run, err := newModelRun(people)
	if err != nil {
		t.Fatal(err)
	}
	if err := run.runner.Run(ctx, ops); err != nil {
		t.Fatalf("the true model: %v", err)
	}

	run, err = newModelRun(people)
	if err != nil {
		t.Fatal(err)
	}
	forgetful := run.model
	run.runner.System = migregtest.SystemFunc(func(ctx context.Context, s migregtest.Step) (migregtest.Outcome, error) {
		out, err := forgetful.Apply(ctx, s)
		if s.Op.Kind == migregtest.OpWithdraw && out.Err == "" {
			forgetful.regs[s.Target].state = registration.Pending
			out.States[s.Target] = registration.Pending
		}
		return out, err
	})
	err = run.runner.Run(ctx, ops)
	var d *migregtest.Divergence
	if !errors.As(err, &d) {
		t.Fatalf("Run with a model that forgets withdrawals = %v; want a *migregtest.Divergence", err)
	}
	if d.Step.N != 3 || d.Step.Op.Kind != migregtest.OpWithdraw || len(d.Steps) != 3 {
		t.Errorf("diverged at step %d (%s) after %d steps; want step 3, the withdrawal, after 3", d.Step.N, d.Step.Op.Kind, len(d.Steps))
	}
	if got, want := d.Service.String()+" / "+d.System.String(), "ok [withdrawn] / ok [pending]"; got != want {
		t.Errorf("the outcomes = %q; want %q", got, want)
	}
}

package migregtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
)

// TestRunnerReportsDivergence: a system that disagrees with the Service
// stops the run at the first step it disagrees on, with the steps that
// led there and both outcomes.
func TestRunnerReportsDivergence(t *testing.T) {
	ctx := context.Background()
	svc, clock, err := migregtest.NewService()
	if err != nil {
		t.Fatal(err)
	}
	var states []registration.State
	// A system that never heard of withdrawals: it says a withdrawn
	// request is still pending.
	sys := migregtest.SystemFunc(func(_ context.Context, s migregtest.Step) (migregtest.Outcome, error) {
		switch s.Op.Kind {
		case migregtest.OpSubmit:
			states = append(states, registration.Pending)
		}
		return migregtest.Outcome{States: append([]registration.State(nil), states...)}, nil
	})
	person := registrationtest.Person().Example(1)
	host := registrationtest.Host().Example(2)
	sub := registration.Submission{Host: host, Address: registrationtest.Address().Example(3), Place: registrationtest.PlaceFor(host)}
	ops := []migregtest.Op{
		{Kind: migregtest.OpEntry},
		{Kind: migregtest.OpSubmit, Actor: migregtest.ActorForeigner, Days: 1, Submission: sub},
		{Kind: migregtest.OpWithdraw, Actor: migregtest.ActorForeigner},
		{Kind: migregtest.OpSweep},
	}
	r := &migregtest.Runner{Service: svc, Clock: clock, People: []registration.Person{person}, System: sys}
	err = r.Run(ctx, ops)
	var d *migregtest.Divergence
	if !errors.As(err, &d) {
		t.Fatalf("Run = %v; want a *Divergence", err)
	}
	if d.Step.N != 3 || len(d.Steps) != 3 {
		t.Errorf("diverged at step %d after %d steps; want step 3 after 3", d.Step.N, len(d.Steps))
	}
	if got, want := d.Service.String(), "ok [withdrawn]"; got != want {
		t.Errorf("the service's outcome = %q; want %q", got, want)
	}
	if got, want := d.System.String(), "ok [pending]"; got != want {
		t.Errorf("the system's outcome = %q; want %q", got, want)
	}
	msg := err.Error()
	for _, want := range []string{"step 3 (withdraw by foreigner", "ok [withdrawn]", "ok [pending]", "  1 entry", "  2 submit"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error %q does not say %q", msg, want)
		}
	}
	for _, private := range []string{person.Surname, person.Document.Number, string(d.Step.Foreigner)} {
		if strings.Contains(msg, private) {
			t.Errorf("the error %q shows personal data %q", msg, private)
		}
	}
	if !clock.Today().Equal(calendar.NewDate(2026, 7, 2)) {
		t.Errorf("the clock is at %s; want 2026-07-02", clock.Today())
	}
}

// TestHistoryRuns: long histories of one person over years run on the
// Service alone without a harness error, the clock moving as the steps
// say, and the person never holds two active registrations.
func TestHistoryRuns(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		svc, clock, err := migregtest.NewService()
		if err != nil {
			t.Fatal(err)
		}
		ops := migregtest.History(0, 3).Draw(t, "history")
		days := 0
		for _, op := range ops {
			days += op.Days
		}
		r := &migregtest.Runner{Service: svc, Clock: clock, People: []registration.Person{registrationtest.Person().Draw(t, "person")}}
		r.AfterStep = func(ctx context.Context, s migregtest.Step, got migregtest.Outcome) error {
			active := 0
			for _, st := range got.States {
				if st == registration.Confirmed {
					active++
				}
			}
			if active > 1 {
				return errors.New("two active registrations")
			}
			return nil
		}
		if err := r.Run(ctx, ops); err != nil {
			t.Fatal(err)
		}
		if got, want := clock.Today(), calendar.NewDate(2026, 7, 1).AddDays(days); got != want {
			t.Fatalf("the clock is at %s; want %s", got, want)
		}
		if days < 3*365 {
			t.Fatalf("a 3-year history spans %d days", days)
		}
	})
}

// TestMirrorAgrees: two Services on two memstores, one the System of the
// other through Mirror, never diverge on any sequence: the Service is
// deterministic given its steps, and Mirror sends the host's confirm and
// reject in the Runner's order.
func TestMirrorAgrees(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		people := []registration.Person{registrationtest.Person().Draw(t, "p0"), registrationtest.Person().Draw(t, "p1")}
		a, clockA, err := migregtest.NewService()
		if err != nil {
			t.Fatal(err)
		}
		b, clockB, err := migregtest.NewService()
		if err != nil {
			t.Fatal(err)
		}
		r := &migregtest.Runner{Service: a, Clock: clockA, People: people, System: migregtest.Mirror(b, clockB, people)}
		if err := r.Run(ctx, append(migregtest.Entries(2), migregtest.Ops(30).Draw(t, "ops")...)); err != nil {
			t.Fatal(err)
		}
	})
}

// TestMirrorComparesRecords: a Mirror's outcome carries the registrations
// as stored, so a field that differs (here a valid-until date) is a
// divergence even when every state agrees, and the report names the
// field, not its value.
func TestMirrorComparesRecords(t *testing.T) {
	ctx := context.Background()
	a, clockA, _ := migregtest.NewService()
	b, clockB, _ := migregtest.NewService()
	people := []registration.Person{registrationtest.Person().Example(3)}
	mirror := migregtest.Mirror(b, clockB, people)
	changed := migregtest.SystemFunc(func(ctx context.Context, s migregtest.Step) (migregtest.Outcome, error) {
		out, err := mirror.Apply(ctx, s)
		for i := range out.Records {
			out.Records[i].ValidUntil = out.Records[i].ValidUntil.AddDays(1)
		}
		return out, err
	})
	hotel := registrationtest.Hotel().Example(4)
	ops := append(migregtest.Entries(1), migregtest.Op{Kind: migregtest.OpSubmit, Actor: migregtest.ActorHost,
		Submission: registration.Submission{Host: hotel, Address: registrationtest.Address().Example(5), Place: registrationtest.PlaceFor(hotel)}})
	r := &migregtest.Runner{Service: a, Clock: clockA, People: people, System: changed}
	err := r.Run(ctx, ops)
	var d *migregtest.Divergence
	if !errors.As(err, &d) || d.Step.N != 2 || !strings.Contains(d.Problem, "registration #0 differs in valid_until") {
		t.Fatalf("Run with a system whose records differ = %v; want a divergence at step 2 naming valid_until", err)
	}
	if !d.Service.Equal(d.Service) || d.Service.Equal(d.System) {
		t.Errorf("Outcome.Equal: an outcome equals itself and not one with other records")
	}
}

// TestRunDeterministic: the same steps give the same run on fresh
// Services, however the machine schedules goroutines: rapid replays a
// failing case to shrink it, and a run that could come out otherwise
// shrinks to nothing useful. The host's confirm with Retry sends confirm,
// then reject: the confirmation wins every time. (The two raced in
// goroutines, and either could win.)
func TestRunDeterministic(t *testing.T) {
	ctx := context.Background()
	people := []registration.Person{registrationtest.Person().Example(1)}
	host := registrationtest.Host().Example(4)
	ops := []migregtest.Op{
		{Kind: migregtest.OpEntry},
		{Kind: migregtest.OpSubmit, Actor: migregtest.ActorForeigner, Submission: registration.Submission{
			Host: host, Address: registrationtest.Address().Example(5), Place: registrationtest.PlaceFor(host)}},
		{Kind: migregtest.OpConfirm, Actor: migregtest.ActorHost, Retry: true},
	}
	for run := range 200 {
		svc, clock, err := migregtest.NewService()
		if err != nil {
			t.Fatal(err)
		}
		r := &migregtest.Runner{Service: svc, Clock: clock, People: people}
		if err := r.Run(ctx, ops); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		steps := r.Steps()
		id, err := svc.ForeignerID(ctx, people[0])
		if err != nil {
			t.Fatal(err)
		}
		var states []registration.State
		for reg, err := range svc.ByForeigner(ctx, id, migreg.ListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			states = append(states, reg.State)
		}
		if last := steps[len(steps)-1]; last.First != migregtest.OpConfirm || len(states) != 1 || states[0] != registration.Confirmed {
			t.Fatalf("run %d: the host's %q first, states %v; want confirm first, and confirmed", run, last.First, states)
		}
	}
}

// TestStepSaysItsDays: a step as a Divergence describes it has the day a check-out, a move or an exit names and a booking's
// nights: a counterexample that turns on them showed neither.
func TestStepSaysItsDays(t *testing.T) {
	s := migregtest.Step{Op: migregtest.Op{Kind: migregtest.OpCheckOut, Actor: migregtest.ActorHost, Nights: 3},
		Today: calendar.MustParseDate("2026-07-10"), On: calendar.MustParseDate("2026-07-09"), Target: 0}
	got := (&migregtest.Divergence{Step: s, Problem: "p"}).Error()
	for _, want := range []string{"day 2026-07-10", "on 2026-07-09", "3 nights"} {
		if !strings.Contains(got, want) {
			t.Errorf("Step %+v reads %q; want %q in it", s.Op, got, want)
		}
	}
}

// TestCheckOutBatchStepHasItsRequests: a check-out batch's Step carries
// the requests the Runner sent, each guest's day no earlier than the
// entry, so that a System sends the same without copying that rule; it
// had only On, the day before the clamp.
func TestCheckOutBatchStepHasItsRequests(t *testing.T) {
	ctx := context.Background()
	people := []registration.Person{registrationtest.Person().Example(1)}
	hotel := registrationtest.Hotel().Example(2)
	ops := []migregtest.Op{
		{Kind: migregtest.OpEntry},
		{Kind: migregtest.OpSubmit, Actor: migregtest.ActorForeigner, Submission: registration.Submission{
			Host: hotel, Address: registrationtest.Address().Example(5), Place: registrationtest.PlaceFor(hotel)}},
		{Kind: migregtest.OpCheckOutBatch, Actor: migregtest.ActorHost, Back: 2, Days: 1},
	}
	svc, clock, err := migregtest.NewService()
	if err != nil {
		t.Fatal(err)
	}
	r := &migregtest.Runner{Service: svc, Clock: clock, People: people}
	if err := r.Run(ctx, ops); err != nil {
		t.Fatal(err)
	}
	steps := r.Steps()
	entry, last := steps[0].Today, steps[len(steps)-1]
	if len(last.CheckOuts) != 1 || last.CheckOuts[0].On != entry || !last.On.Before(entry) || last.CheckOuts[0].Registration != last.Registration {
		t.Errorf("check-out batch step: On %v, requests %+v; want one request for %s on the entry day %v", last.On, last.CheckOuts, last.Registration, entry)
	}
}

package migregtest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// System is the user's own system, run beside the Service: a PMS, an
// agency back end, or a model. Apply performs the step and says what it
// led to; the Runner compares that with what the Service did. An error
// from Apply is a failure of the system itself, not an outcome: the run
// stops with it.
type System interface {
	Apply(ctx context.Context, s Step) (Outcome, error)
}

// SystemFunc adapts a function to System.
type SystemFunc func(ctx context.Context, s Step) (Outcome, error)

// Apply calls f.
func (f SystemFunc) Apply(ctx context.Context, s Step) (Outcome, error) { return f(ctx, s) }

// Step is a generated Op as the Runner applied it: resolved against the
// run (which person, which registration, which actor, what request), so
// that a System needs no bookkeeping of the Service's IDs.
type Step struct {
	// N counts the steps of the run from 1, skipped ones included.
	N  int `json:"n"`
	Op Op  `json:"op"`
	// Skipped says the step did not apply (see Runner) and ran nowhere.
	Skipped bool `json:"skipped,omitempty"`
	// Today is the clock's date when the step ran.
	Today calendar.Date `json:"today"`
	// Person is the index in Runner.People of the person the step is
	// about, and Foreigner their ID in the Service.
	Person    int                      `json:"person"`
	Foreigner registration.ForeignerID `json:"foreigner,omitempty"`
	// Target is the index, in the order the run created them, of the
	// registration the step acts on (for a move, the one it moves
	// from), or -1; Registration is its ID in the Service.
	Target       int             `json:"target"`
	Registration registration.ID `json:"registration,omitempty"`
	// By is the actor the role resolved to.
	By registration.Actor `json:"by"`
	// Request is what a submit or move sent (its idempotency key is
	// "k" and N).
	Request *migreg.SubmitRequest `json:"request,omitempty"`
	// Group is what a group submission sent: its members are the people
	// in the country, in the order of People (Members gives their
	// indices); its idempotency key is "g" and N.
	Group *migreg.GroupRequest `json:"group,omitempty"`
	// Members are the indices in People of a group submission's members,
	// or the registrations a check-out batch checks out.
	Members []int `json:"members,omitempty"`
	// CheckOuts are a check-out batch's requests as the Runner sent them,
	// in the order of Members: each guest's day is On, or the day the
	// guest came or moved in when On is earlier. Send these.
	CheckOuts []migreg.CheckOutRequest `json:"check_outs,omitempty"`
	// On is the day a check-out, a recorded move or an exit says the
	// person left.
	On calendar.Date `json:"on,omitzero"`
	// First, when the host both confirms and rejects (an OpConfirm or
	// OpReject with Retry, by the host), is the command the Runner sent
	// first: the step's own kind, then the other. A System sends them in
	// that order too.
	First OpKind `json:"first,omitempty"`
}

// Outcome is what a step led to, in a form two systems can agree on: the
// error's code ("" for success; for a confirm and reject, the first
// command's), and the state of every registration the run created, in
// order, after the step. A submission that succeeds adds one.
type Outcome struct {
	// Err is migreg.WireErrorOf(err).Code of the step's error, "" for
	// none: what a System built on migreg's codes computes the same way.
	Err    migreg.ErrorCode     `json:"error,omitempty"`
	States []registration.State `json:"states"`
	// Members, for a group step, is each member's error code ("" for a
	// member that succeeded, or that the group's error does not name):
	// WireErrorOf(m.Err).Code of each of GroupResult.Members, the result
	// a group command returns with its *migreg.GroupError.
	Members []migreg.ErrorCode `json:"members,omitempty"`
	// Records are the registrations themselves, as stored, in the order
	// of States. The Runner fills them in for the Service; they are
	// compared only when the System gives them too (a Mirror does): a
	// model says what state a registration is in, another Service what
	// it holds.
	Records []registration.Registration `json:"records,omitempty"`
}

// Equal reports whether o and p are the same outcome: the same codes and
// states, and, when both have records, records that marshal alike.
func (o Outcome) Equal(p Outcome) bool {
	return o.Err == p.Err && slices.Equal(o.States, p.States) && slices.Equal(o.Members, p.Members) &&
		(o.Records == nil || p.Records == nil || recordDiff(o.Records, p.Records) == "")
}

// recordDiff names the first record whose JSON differs, and its
// differing fields (never their values: they hold personal data), or "".
func recordDiff(a, b []registration.Registration) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d records against %d", len(a), len(b))
	}
	for i := range a {
		var fa, fb map[string]json.RawMessage
		ja, errA := json.Marshal(a[i])
		jb, errB := json.Marshal(b[i])
		if errA != nil || errB != nil || json.Unmarshal(ja, &fa) != nil || json.Unmarshal(jb, &fb) != nil {
			return fmt.Sprintf("registration #%d does not marshal", i)
		}
		var fields []string
		for k, v := range fa {
			if string(fb[k]) != string(v) {
				fields = append(fields, k)
			}
		}
		for k := range fb {
			if _, ok := fa[k]; !ok {
				fields = append(fields, k)
			}
		}
		if len(fields) > 0 {
			slices.Sort(fields)
			return fmt.Sprintf("registration #%d differs in %s", i, strings.Join(fields, ", "))
		}
	}
	return ""
}

// LogValue logs the outcome as String shows it: codes and states, never
// the records' personal data.
func (o Outcome) LogValue() slog.Value { return slog.StringValue(o.String()) }

// String shows the outcome: the error code or "ok", and the states.
func (o Outcome) String() string {
	var b strings.Builder
	if o.Err == "" {
		b.WriteString("ok")
	} else {
		b.WriteString(string(o.Err))
	}
	b.WriteString(" [")
	for i, s := range o.States {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.String())
	}
	b.WriteString("]")
	if o.Members != nil {
		b.WriteString(" members [")
		for i, c := range o.Members {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(cmp.Or(string(c), "ok"))
		}
		b.WriteString("]")
	}
	return b.String()
}

// Divergence is the first step at which the Service and the System
// disagreed, or at which the Service broke a property the Runner checks
// itself (a retry that did not return the first result). Steps holds the
// sequence that led to it, the diverging step last: rapid shrinks it to
// the shortest one that diverges.
type Divergence struct {
	Step    Step    `json:"step"`
	Steps   []Step  `json:"steps"`
	Service Outcome `json:"service"`
	System  Outcome `json:"system"`
	// Problem says what differed.
	Problem string `json:"problem"`
}

// Error describes the divergence and lists the steps by kind, actor,
// person and target: never a person's data or ID.
func (d *Divergence) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migregtest: step %d (%s) diverged: %s\nsteps:", d.Step.N, describe(d.Step), d.Problem)
	for _, s := range d.Steps {
		fmt.Fprintf(&b, "\n  %3d %s", s.N, describe(s))
	}
	return b.String()
}

// LogValue logs the step as Error describes it: no personal data, no ID.
func (s Step) LogValue() slog.Value { return slog.StringValue(describe(s)) }

// LogValue logs the divergence as its Error text.
func (d Divergence) LogValue() slog.Value { return slog.StringValue(d.Error()) }

// describe names a step without personal data.
func describe(s Step) string {
	out := string(s.Op.Kind)
	if s.Op.Actor != 0 {
		out += " by " + s.Op.Actor.String()
	}
	out += fmt.Sprintf(", day %s, person %d", s.Today, s.Person)
	if s.Target >= 0 {
		out += fmt.Sprintf(", registration #%d", s.Target)
	}
	if !s.On.IsZero() {
		out += fmt.Sprintf(", on %s", s.On) // a check-out's, a move's, an exit's day: Op.Back shows only here
	}
	if s.Op.Nights > 0 {
		out += fmt.Sprintf(", %d nights", s.Op.Nights)
	}
	switch {
	case s.First != "":
		out += ", " + string(s.First) + " first, then the other"
	case s.Op.Retry:
		out += ", retried"
	}
	if s.Skipped {
		out += " (skipped)"
	}
	return out
}

// Runner applies generated operations to a Service and, beside it, to a
// System, compares what each step led to, and stops at the first
// divergence with the sequence that led to it. It keeps the run's
// bookkeeping (who is in the country, which registrations the run
// created), so Run may be called again to continue a run. A Runner is for
// one goroutine; the Service may be shared.
//
// Each step moves the Clock by Op.Days, then calls the Service:
//
//   - OpEntry: RecordEntry of the person today. Skipped while the person
//     is in the country, or on the day of their last exit.
//   - OpSubmit, OpMove: Submit of Op.Submission for the person, with the
//     entry of their open trip, a planned end Op.Nights after today
//     (none for 0) and the idempotency key "k<N>"; by a
//     hotel or dormitory when the actor is the host and the host files
//     for its guests, else by the foreigner. A move goes from the
//     person's active registration. Skipped when the person is not in
//     the country, or (a move) has no active registration. With Retry,
//     the request is sent again (it must return the same registration)
//     and once more with other content (it must be refused with
//     idempotency_mismatch).
//   - OpConfirm, OpReject, OpWithdraw, OpAnnul, OpCheckOut, OpRecordMove:
//     the command on the target registration by the actor (a check-out
//     or a recorded move on today less Op.Back days, never before the
//     registration's entry, nor a check-out before the day the guest
//     moved in). Skipped before the run created any. With Retry it is
//     sent twice (the second must have the first's outcome); the host's
//     confirm or reject with Retry sends both instead, the step's kind
//     first (at most one may win; in turn, not in goroutines, so that a
//     run is the same for the same seed and rapid can shrink it).
//   - OpCheckOutBatch: CheckOutBatch, by the actor on today less Op.Back
//     days (for each guest no earlier than a check-out alone), of every
//     registration the run created with the target's host (Step.Members
//     gives their indices, Step.CheckOuts the requests as sent). Skipped
//     before the run created any. With
//     Retry the batch is sent twice (the second must have the first's
//     outcome).
//   - OpExit: RecordExit of the person on today less Op.Back days,
//     never before the trip's entry. Skipped when not in the country.
//   - OpSubmitGroup: SubmitGroup of every person in the country (skipped
//     unless two are), at Op.Submission's host and address, with a
//     planned end Op.Nights after today (none for 0), by the hotel
//     as a submission is, else by the first adult member (the first
//     member when none is adult); a minor member names the first adult
//     as guardian. With Retry, the request is sent again
//     (it must return the same group).
//   - OpConfirmGroup, OpRejectGroup: the decision on the group the run
//     filed that Op.Target picks (modulo their number) by the actor,
//     resolved against its first member. Skipped before the run filed
//     any. With Retry it is sent twice (the second must have the first's
//     outcome).
//   - OpSweep: Sweep, twice: the second must report nothing done (a
//     divergence otherwise). OpDeliver: Deliver, a batch of 3.
//
// A skipped step is not given to the System; Steps and a Divergence
// list it, marked Skipped.
//
// String, fmt verbs and LogValue show how many people and steps it has,
// never the people or the steps' IDs and requests.
type Runner struct {
	Service *migreg.Service
	// Clock is the Service's clock (NewService returns it).
	Clock *Clock
	// People are the persons the steps are about (Op.Person modulo
	// their number).
	People []registration.Person
	// System is the user's system; nil runs the Service alone.
	System System
	// AfterStep, when set, runs after each step that was not skipped
	// (after the comparison) with the Service's outcome: a place to check
	// invariants. Its error stops the run.
	AfterStep func(ctx context.Context, s Step, service Outcome) error

	regs    []created
	groups  []int // the index in regs of each group's first member
	steps   []Step
	in      map[int]calendar.Date // person -> entry of the open trip
	left    map[int]calendar.Date // person -> day of the last exit
	started bool
}

// String returns "migregtest.Runner{2 people, 14 steps}".
func (r Runner) String() string {
	return "migregtest.Runner{" + count(len(r.People), "person", "people") + ", " + count(len(r.steps), "step", "steps") + "}"
}

// Format makes every fmt verb print String: fmt's reflection would print
// the steps, kept unexported, without their own masking: the foreigners'
// and hosts' IDs, and the requests' hosts in full.
func (r Runner) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer with String.
func (r Runner) LogValue() slog.Value { return slog.StringValue(r.String()) }

// count returns "1 person", "2 people".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// created is a registration the run created.
type created struct {
	id     registration.ID
	person int
}

// Registrations returns the IDs of the registrations the run created, in
// order: Step.Target indexes it.
func (r *Runner) Registrations() []registration.ID {
	out := make([]registration.ID, len(r.regs))
	for i, c := range r.regs {
		out[i] = c.id
	}
	return out
}

// Steps returns the steps run so far, skipped ones included.
func (r *Runner) Steps() []Step { return slices.Clone(r.steps) }

// Run applies ops in order. It returns a *Divergence at the first step
// where the Service and the System disagree, or where a retry did not
// return its first result; the error of AfterStep or of the System's
// Apply; or an error when the Runner lacks a Service, a Clock or people.
func (r *Runner) Run(ctx context.Context, ops []Op) error {
	if r.Service == nil || r.Clock == nil || len(r.People) == 0 {
		return errors.New("migregtest: a Runner needs a Service, its Clock and at least one person")
	}
	r.start()
	for _, op := range ops {
		s, got, problem, err := r.next(ctx, op)
		if err != nil {
			return err
		}
		if s.Skipped {
			continue
		}
		if problem != "" {
			return r.diverged(s, got, Outcome{}, problem)
		}
		if r.System != nil {
			want, err := r.System.Apply(ctx, s)
			if err != nil {
				return fmt.Errorf("migregtest: step %d (%s): the system: %w", s.N, describe(s), err)
			}
			if !got.Equal(want) {
				problem := fmt.Sprintf("the service says %v; the system says %v", got, want)
				if d := recordDiff(got.Records, want.Records); want.Records != nil && d != "" {
					problem += "; " + d
				}
				return r.diverged(s, got, want, problem)
			}
		}
		if r.AfterStep != nil {
			if err := r.AfterStep(ctx, s, got); err != nil {
				return fmt.Errorf("migregtest: after step %d (%s): %w", s.N, describe(s), err)
			}
		}
	}
	return nil
}

// start prepares the run's bookkeeping once.
func (r *Runner) start() {
	if !r.started {
		r.in, r.left, r.started = map[int]calendar.Date{}, map[int]calendar.Date{}, true
	}
}

// next applies one op to the Service: the step as applied, the
// Service's outcome (with every state) and a problem with a retry.
func (r *Runner) next(ctx context.Context, op Op) (Step, Outcome, string, error) {
	if op.Days != 0 {
		r.Clock.AdvanceDays(op.Days)
	}
	s := Step{N: len(r.steps) + 1, Op: op, Today: r.Clock.Today(), Person: mod(op.Person, len(r.People)), Target: -1, By: op.Actor.resolve("", "")}
	got, problem, skip, err := r.apply(ctx, &s)
	s.Skipped = skip
	r.steps = append(r.steps, s)
	if err != nil {
		return s, got, "", fmt.Errorf("migregtest: step %d (%s): %w", s.N, describe(s), err)
	}
	if skip {
		return s, got, "", nil
	}
	if got.States, got.Records, err = r.states(ctx); err != nil {
		return s, got, "", fmt.Errorf("migregtest: step %d (%s): reading the registrations: %w", s.N, describe(s), err)
	}
	return s, got, problem, nil
}

func (r *Runner) diverged(s Step, service, system Outcome, problem string) *Divergence {
	return &Divergence{Step: s, Steps: r.Steps(), Service: service, System: system, Problem: problem}
}

// mod is i modulo n, counting from the end for a negative i (Last).
func mod(i, n int) int {
	i %= n
	if i < 0 {
		i += n
	}
	return i
}

// states reads every registration the run created: their states, and
// the records themselves.
func (r *Runner) states(ctx context.Context) ([]registration.State, []registration.Registration, error) {
	out := make([]registration.State, len(r.regs))
	recs := make([]registration.Registration, len(r.regs))
	for i, c := range r.regs {
		reg, err := r.Service.Registration(ctx, c.id)
		if err != nil {
			return nil, nil, err
		}
		out[i], recs[i] = reg.State, reg
	}
	return out, recs, nil
}

// codeOf is the error's public code, "" for nil.
func codeOf(err error) migreg.ErrorCode {
	if err == nil {
		return ""
	}
	return migreg.WireErrorOf(err).Code
}

// apply performs s on the Service: the outcome's error code, a problem
// with a retry, whether the step was skipped, or the harness's own error.
func (r *Runner) apply(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	svc := r.Service
	person := r.People[s.Person]
	fid, err := svc.ForeignerID(ctx, person)
	if err != nil {
		return Outcome{}, "", false, err
	}
	s.Foreigner = fid
	entry, inCountry := r.in[s.Person]
	switch s.Op.Kind {
	case OpEntry:
		if last, ok := r.left[s.Person]; inCountry || (ok && !s.Today.After(last)) {
			return Outcome{}, "", true, nil
		}
		err := svc.RecordEntry(ctx, person, s.Today)
		if err == nil {
			r.in[s.Person] = s.Today
		}
		return Outcome{Err: codeOf(err)}, "", false, nil
	case OpExit:
		if !inCountry {
			return Outcome{}, "", true, nil
		}
		s.On = s.Today.AddDays(-s.Op.Back)
		if s.On.Before(entry) {
			s.On = entry
		}
		err := svc.RecordExit(ctx, fid, s.On)
		if err == nil {
			delete(r.in, s.Person)
			r.left[s.Person] = s.On
		}
		return Outcome{Err: codeOf(err)}, "", false, nil
	case OpSubmit, OpMove:
		if !inCountry {
			return Outcome{}, "", true, nil
		}
		return r.submit(ctx, s, person, entry)
	case OpConfirm, OpReject, OpWithdraw, OpAnnul, OpCheckOut, OpRecordMove:
		if len(r.regs) == 0 {
			return Outcome{}, "", true, nil
		}
		return r.command(ctx, s)
	case OpSubmitGroup:
		return r.submitGroup(ctx, s)
	case OpCheckOutBatch:
		if len(r.regs) == 0 {
			return Outcome{}, "", true, nil
		}
		return r.checkOutBatch(ctx, s)
	case OpConfirmGroup, OpRejectGroup:
		if len(r.groups) == 0 {
			return Outcome{}, "", true, nil
		}
		return r.decideGroup(ctx, s)
	case OpSweep:
		if _, err := svc.Sweep(ctx); err != nil {
			return Outcome{Err: codeOf(err)}, "", false, nil
		}
		again, err := svc.Sweep(ctx)
		if err == nil && again != (migreg.SweepReport{}) {
			// What a sweep does, it does once: a second one at once
			// finds nothing left.
			return Outcome{}, fmt.Sprintf("a second Sweep at once did more: %+v", again), false, nil
		}
		return Outcome{Err: codeOf(err)}, "", false, nil
	case OpDeliver:
		_, err := svc.Deliver(ctx, 3)
		return Outcome{Err: codeOf(err)}, "", false, nil
	}
	return Outcome{}, "", false, fmt.Errorf("unknown step kind %q", s.Op.Kind)
}

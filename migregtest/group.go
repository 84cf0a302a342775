package migregtest

import (
	"context"
	"errors"
	"fmt"

	"pgregory.net/rapid"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
)

// GroupOps draws a sequence of up to max steps as Ops does, with group
// submissions and the host's decisions on groups among them.
func GroupOps(max int) *rapid.Generator[[]Op] {
	kinds := []OpKind{OpSubmit, OpMove, OpConfirm, OpConfirm, OpReject, OpWithdraw, OpAnnul, OpExit, OpSweep, OpDeliver,
		OpSubmitGroup, OpConfirmGroup, OpConfirmGroup, OpRejectGroup}
	return rapid.SliceOfN(opOf(kinds), 0, max)
}

// submitGroup performs a group submission: everyone in the country, in
// the order of People, each with the entry of their open trip, at
// Op.Submission, with the idempotency key "g<N>"; by the hotel or
// dormitory when the actor is the host and the host files for its
// guests, else by the first member. Skipped when no one is in the
// country. With Retry, the request is sent again and must return the same
// group.
func (r *Runner) submitGroup(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	svc := r.Service
	req := migreg.GroupRequest{Host: s.Op.Submission.Host, Address: s.Op.Submission.Address, Place: s.Op.Submission.Place,
		IdempotencyKey: fmt.Sprint("g", s.N)}
	var persons []int
	for p := range r.People {
		if entry, ok := r.in[p]; ok {
			req.Members = append(req.Members, migreg.GroupMember{Person: r.People[p], Entry: entry})
			persons = append(persons, p)
		}
	}
	if len(persons) == 0 {
		return Outcome{}, "", true, nil
	}
	s.Person = persons[0]
	if s.Op.Actor == ActorHost && req.Host.Kind.FilesForGuests() {
		req.By = registration.HostActor(svc.HostID(req.Host))
	}
	s.By = req.By
	res, err := svc.SubmitGroup(ctx, req)
	if err != nil {
		return Outcome{Err: codeOf(err)}, "", false, nil
	}
	for i, m := range res.Members {
		r.regs = append(r.regs, created{id: m.Registration.ID, person: persons[i], group: res.Group})
	}
	if !s.Op.Retry {
		return Outcome{}, "", false, nil
	}
	again, err := svc.SubmitGroup(ctx, req)
	if err != nil || again.Group != res.Group {
		return Outcome{}, fmt.Sprintf("a retried group submission returned group %s, %v; want %s again", again.Group, codeOf(err), res.Group), false, nil
	}
	return Outcome{}, "", false, nil
}

// GroupOf returns the indices of the registrations the run created in the
// group of registration i (i among them), in the order of the group's
// members; none when i was not filed in a group.
func (r *Runner) GroupOf(i int) []int {
	g := r.regs[i].group
	if g == "" {
		return nil
	}
	var out []int
	for j, c := range r.regs {
		if c.group == g {
			out = append(out, j)
		}
	}
	return out
}

// decideGroup performs the host's decision on the group of the target
// registration, by the actor resolved against it: ConfirmGroup, or
// RejectGroup (host_refusal). Skipped when the target was not filed in a
// group. The outcome's error is the code of the *GroupError (a member
// failed) or of the call. With Retry it is sent twice (the second must
// have the first's outcome).
func (r *Runner) decideGroup(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	s.Target = mod(s.Op.Target, len(r.regs))
	c := r.regs[s.Target]
	if c.group == "" {
		return Outcome{}, "", true, nil
	}
	reg, err := r.Service.Registration(ctx, c.id)
	if err != nil {
		return Outcome{}, "", false, err
	}
	s.Person, s.Registration, s.Foreigner = c.person, c.id, reg.Foreigner
	s.By = s.Op.Actor.Resolve(reg.Foreigner, reg.HostID)
	do := func() error {
		var res migreg.GroupResult
		var err error
		if s.Op.Kind == OpConfirmGroup {
			res, err = r.Service.ConfirmGroup(ctx, c.group, s.By)
		} else {
			res, err = r.Service.RejectGroup(ctx, c.group, s.By, registration.Reason{Code: registration.HostRefusal})
		}
		if got := len(res.Members); err == nil && got != len(r.GroupOf(s.Target)) {
			return fmt.Errorf("%d members; the run filed %d", got, len(r.GroupOf(s.Target)))
		}
		return err
	}
	first := do()
	if first != nil && codeOf(first) == migreg.CodeInternal {
		return Outcome{}, "", false, first
	}
	if s.Op.Retry {
		if again := codeOf(do()); again != codeOf(first) {
			return Outcome{Err: codeOf(first)}, fmt.Sprintf("a retried %s returned %q; the first returned %q", s.Op.Kind, again, codeOf(first)), false, nil
		}
	}
	return Outcome{Err: codeOf(first)}, "", false, nil
}

// GroupCode is the code a group command's error has when its members
// failed with the codes given ("" for a member that succeeded): that of a
// *migreg.GroupError of them, as migreg.WireErrorOf gives it; "" when all
// succeeded. A System that models group commands answers with it.
func GroupCode(codes []migreg.ErrorCode) migreg.ErrorCode {
	var ge migreg.GroupError
	for i, c := range codes {
		if c != "" {
			// The sentinel the code stands for, not a *WireError, which
			// WireErrorOf would return as it is.
			sentinel := errors.Join((&migreg.WireError{Code: c}).Unwrap()...)
			ge.Members = append(ge.Members, migreg.MemberResult{Index: i, Err: sentinel})
		}
	}
	if len(ge.Members) == 0 {
		return ""
	}
	return migreg.WireErrorOf(&ge).Code
}

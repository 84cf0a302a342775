package migregtest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// memberCodes returns each member's error code of a group command's
// result, or nil when the command failed before any member (no GroupError).
func memberCodes(res migreg.GroupResult, err error) []migreg.ErrorCode {
	var ge *migreg.GroupError
	if err != nil && !errors.As(err, &ge) {
		return nil
	}
	out := make([]migreg.ErrorCode, len(res.Members))
	for i, m := range res.Members {
		out[i] = codeOf(m.Err)
	}
	return out
}

// submitGroup performs a group submission step.
func (r *Runner) submitGroup(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	svc := r.Service
	sub := s.Op.Submission
	req := migreg.GroupRequest{Host: sub.Host, Address: sub.Address, Place: sub.Place, IdempotencyKey: fmt.Sprint("g", s.N)}
	if s.Op.Nights > 0 {
		req.PlannedEnd = s.Today.AddDays(s.Op.Nights)
	}
	adult := -1
	for i, p := range r.People {
		entry, in := r.in[i]
		if !in {
			continue
		}
		s.Members = append(s.Members, i)
		req.Members = append(req.Members, migreg.GroupMember{Person: p, Entry: entry})
		if adult < 0 && !r.minor(p, entry) {
			adult = len(req.Members) - 1
		}
	}
	if len(req.Members) < 2 {
		return Outcome{}, "", true, nil
	}
	for i := range req.Members {
		if m := &req.Members[i]; adult >= 0 && r.minor(m.Person, m.Entry) {
			g := adult
			m.Guardian = &g
		}
	}
	switch {
	case s.Op.Actor == ActorHost && sub.Host.Kind.FilesForGuests():
		req.By = registration.HostActor(svc.HostID(sub.Host))
	case adult > 0:
		// A parent files for the family; by default (zero By) the
		// first member, who may be a child.
		id, err := svc.ForeignerID(ctx, req.Members[adult].Person)
		if err != nil {
			return Outcome{}, "", false, err
		}
		req.By = registration.ForeignerActor(id)
	}
	s.Person, s.By, s.Group = s.Members[0], req.By, &req
	res, err := svc.SubmitGroup(ctx, req)
	out := Outcome{Err: codeOf(err), Members: memberCodes(res, err)}
	if err != nil {
		return out, "", false, nil
	}
	r.groups = append(r.groups, len(r.regs))
	for i, m := range res.Members {
		r.regs = append(r.regs, created{id: m.Registration.ID, person: s.Members[i]})
	}
	if s.Op.Retry {
		again, err := svc.SubmitGroup(ctx, req)
		if err != nil || again.Group != res.Group {
			return out, fmt.Sprintf("a retried group submission returned %s, %q; want the first group again", again.Group, codeOf(err)), false, nil
		}
	}
	return out, "", false, nil
}

// minor reports whether p is a minor on entry under the rules in force.
func (r *Runner) minor(p registration.Person, entry calendar.Date) bool {
	rules, err := r.Service.Rules().RulesFor(entry)
	return err == nil && rules.Minors.Minor(p.BirthDate, entry)
}

// decideGroup performs a group decision step.
func (r *Runner) decideGroup(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	svc := r.Service
	s.Target = r.groups[mod(s.Op.Target, len(r.groups))]
	c := r.regs[s.Target]
	reg, err := svc.Registration(ctx, c.id)
	if err != nil {
		return Outcome{}, "", false, err
	}
	s.Person, s.Registration, s.Foreigner = c.person, c.id, reg.Foreigner
	s.By = s.Op.Actor.resolve(reg.Foreigner, reg.HostID)
	do := func() Outcome {
		var res migreg.GroupResult
		var err error
		if s.Op.Kind == OpConfirmGroup {
			res, err = svc.ConfirmGroup(ctx, reg.Group, s.By)
		} else {
			res, err = svc.RejectGroup(ctx, reg.Group, s.By, registration.Reason{Code: registration.HostRefusal})
		}
		return Outcome{Err: codeOf(err), Members: memberCodes(res, err)}
	}
	first := do()
	if s.Op.Retry {
		if again := do(); !again.Equal(first) {
			return first, fmt.Sprintf("a retried %s returned %v; the first returned %v", s.Op.Kind, again, first), false, nil
		}
	}
	return first, "", false, nil
}

// checkOutBatch performs a check-out batch step: every registration of
// the target's host, by the actor, on today less Op.Back days (never
// before a registration's entry).
func (r *Runner) checkOutBatch(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	svc := r.Service
	s.Target = mod(s.Op.Target, len(r.regs))
	target, err := svc.Registration(ctx, r.regs[s.Target].id)
	if err != nil {
		return Outcome{}, "", false, err
	}
	s.Person, s.Registration, s.Foreigner = r.regs[s.Target].person, target.ID, target.Foreigner
	s.By = s.Op.Actor.resolve(target.Foreigner, target.HostID)
	s.On = s.Today.AddDays(-s.Op.Back)
	var reqs []migreg.CheckOutRequest
	for i, c := range r.regs {
		reg, err := svc.Registration(ctx, c.id)
		if err != nil {
			return Outcome{}, "", false, err
		}
		if reg.HostID != target.HostID {
			continue
		}
		on := s.On
		if on.Before(reg.Entry) {
			on = reg.Entry
		}
		if on.Before(reg.MovedOn) {
			on = reg.MovedOn // not before the guest moved in
		}
		s.Members = append(s.Members, i)
		reqs = append(reqs, migreg.CheckOutRequest{Registration: c.id, On: on, By: s.By})
	}
	s.CheckOuts = slices.Clone(reqs)
	do := func() Outcome {
		out := Outcome{Members: make([]migreg.ErrorCode, len(reqs))}
		for _, res := range svc.CheckOutBatch(ctx, reqs) {
			out.Members[res.Index] = codeOf(res.Err)
		}
		return out
	}
	first := do()
	if s.Op.Retry {
		if again := do(); !again.Equal(first) {
			return first, fmt.Sprintf("a retried check-out batch returned %v; the first returned %v", again, first), false, nil
		}
	}
	return first, "", false, nil
}

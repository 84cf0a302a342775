package migregtest

import (
	"context"
	"errors"
	"fmt"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// submit performs a submit or move step.
func (r *Runner) submit(ctx context.Context, s *Step, person registration.Person, entry calendar.Date) (Outcome, string, bool, error) {
	svc := r.Service
	sub := s.Op.Submission
	sub.Person, sub.Entry = person, entry
	if s.Op.Nights > 0 {
		sub.PlannedEnd = s.Today.AddDays(s.Op.Nights)
	}
	if s.Op.Kind == OpMove {
		i, ok, err := r.active(ctx, s.Person)
		if err != nil || !ok {
			return Outcome{}, "", !ok, err
		}
		s.Target, s.Registration = i, r.regs[i].id
		sub.MovedFrom, sub.MovedOn = r.regs[i].id, s.Today
	}
	req := migreg.SubmitRequest{Submission: sub, IdempotencyKey: fmt.Sprint("k", s.N)}
	if s.Op.Actor == ActorHost && sub.Host.Kind.FilesForGuests() {
		req.By = registration.HostActor(svc.HostID(sub.Host))
	}
	s.By, s.Request = req.By, &req
	got, err := svc.Submit(ctx, req)
	if err != nil {
		return Outcome{Err: codeOf(err)}, "", false, nil
	}
	r.regs = append(r.regs, created{id: got.ID, person: s.Person})
	if !s.Op.Retry {
		return Outcome{}, "", false, nil
	}
	again, err := svc.Submit(ctx, req)
	if err != nil || again.ID != got.ID {
		return Outcome{}, fmt.Sprintf("a retried submission returned %s, %v; want registration #%d again", again.ID, codeOf(err), len(r.regs)-1), false, nil
	}
	other := req
	other.Submission.Address.Building += "0"
	if _, err := svc.Submit(ctx, other); !errors.Is(err, migreg.ErrIdempotencyMismatch) {
		return Outcome{}, fmt.Sprintf("the same key with other content: error %q; want idempotency_mismatch", codeOf(err)), false, nil
	}
	return Outcome{}, "", false, nil
}

// active finds the person's active registration among the run's.
func (r *Runner) active(ctx context.Context, person int) (int, bool, error) {
	for i, c := range r.regs {
		if c.person != person {
			continue
		}
		reg, err := r.Service.Registration(ctx, c.id)
		if err != nil {
			return 0, false, err
		}
		if reg.State == registration.Confirmed {
			return i, true, nil
		}
	}
	return 0, false, nil
}

// command performs a confirm, reject, withdraw, annul, check-out or
// recorded-move step.
func (r *Runner) command(ctx context.Context, s *Step) (Outcome, string, bool, error) {
	svc := r.Service
	s.Target = mod(s.Op.Target, len(r.regs))
	c := r.regs[s.Target]
	reg, err := svc.Registration(ctx, c.id)
	if err != nil {
		return Outcome{}, "", false, err
	}
	s.Person, s.Registration, s.Foreigner = c.person, c.id, reg.Foreigner
	s.By = s.Op.Actor.resolve(reg.Foreigner, reg.HostID)
	if kind := s.Op.Kind; kind == OpCheckOut || kind == OpRecordMove {
		s.On = s.Today.AddDays(-s.Op.Back)
		if s.On.Before(reg.Entry) {
			s.On = reg.Entry
		}
		if kind == OpCheckOut && s.On.Before(reg.MovedOn) {
			s.On = reg.MovedOn // not before the guest moved in
		}
	}
	do := func(kind OpKind) error {
		var err error
		switch kind {
		case OpConfirm:
			_, err = svc.Confirm(ctx, c.id, s.By)
		case OpReject:
			_, err = svc.Reject(ctx, c.id, s.By, registration.Reason{Code: registration.HostRefusal})
		case OpWithdraw:
			_, err = svc.Withdraw(ctx, c.id, s.By)
		case OpCheckOut:
			_, err = svc.CheckOut(ctx, migreg.CheckOutRequest{Registration: c.id, On: s.On, By: s.By})
		case OpRecordMove:
			err = svc.RecordMove(ctx, c.id, s.On, s.By)
		default:
			_, err = svc.Annul(ctx, c.id, s.By, registration.Reason{Code: registration.FalseData})
		}
		return err
	}
	kind := s.Op.Kind
	pair := [2]OpKind{OpConfirm, OpReject}
	if s.Op.Retry && s.Op.Actor == ActorHost && (kind == OpConfirm || kind == OpReject) {
		// The host both confirms and rejects: the step's own kind first,
		// then the other. At most one wins. They run in turn, not in two
		// goroutines, whose winner would be the scheduler's choice: a run
		// must come out the same for the same seed, or rapid cannot
		// shrink it. TestHostConfirmRejectRace races them, on every
		// store.
		s.First = kind
		first, second := do(s.First), do(pair[1-kindIndex(s.First)])
		if first == nil && second == nil {
			return Outcome{}, "both the host's confirm and reject won; want at most one", false, nil
		}
		return Outcome{Err: codeOf(first)}, "", false, nil
	}
	first := codeOf(do(kind))
	if s.Op.Retry {
		if again := codeOf(do(kind)); again != first {
			return Outcome{Err: first}, fmt.Sprintf("a retried %s returned %q; the first returned %q", kind, again, first), false, nil
		}
	}
	return Outcome{Err: first}, "", false, nil
}

// kindIndex is the index of a host's answer in its pair: 0 confirm, 1
// reject.
func kindIndex(k OpKind) int {
	if k == OpReject {
		return 1
	}
	return 0
}

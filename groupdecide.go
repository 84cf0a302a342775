package migreg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// ConfirmGroup is the host's confirmation of a group (see SubmitGroup):
// each member's registration is confirmed as Confirm confirms one, valid
// until that member's own latest exit, and its certificate issued. The
// decision is the host's one, the outcome each member's own: a member whose
// own rules forbid it (the stay ended before the host answered, the
// request lapsed, a member already answered otherwise) is reported in its
// result and in the *GroupError, and the others are confirmed. The
// members share one commit; a retry confirms nothing twice.
//
// Errors: a *registration.ValidationError for an empty group ID, an
// error matching store.ErrNotFound for a group not stored, *GroupError,
// and the store's errors.
func (s *Service) ConfirmGroup(ctx context.Context, g registration.GroupID, by registration.Actor) (GroupResult, error) {
	return s.decideGroup(ctx, "confirm group", g, by, s.confirmation())
}

// RejectGroup is the host's refusal of a group, with one reason for
// every member; as ConfirmGroup, per member. A note over
// registration.MaxTextBytes is refused first with a
// *registration.LimitError.
func (s *Service) RejectGroup(ctx context.Context, g registration.GroupID, by registration.Actor, reason registration.Reason) (GroupResult, error) {
	if err := registration.CheckSize("text_bytes", "reason.note", reason.Note, registration.MaxTextBytes); err != nil {
		return GroupResult{}, wrap("reject group", err)
	}
	return s.decideGroup(ctx, "reject group", g, by, command(registration.Reject{Reason: reason}))
}

// Group returns the registrations of a group, in the order of its
// members, with the certificate of each confirmed one.
func (s *Service) Group(ctx context.Context, g registration.GroupID) (GroupResult, error) {
	if err := checkID("group", string(g)); err != nil {
		return GroupResult{}, wrap("group", err)
	}
	var regs []registration.Registration
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		regs, err = readGroup(ctx, tx, g)
		return err
	})
	if err != nil {
		return GroupResult{}, wrap("group", err)
	}
	out := groupResult(g, regs)
	return out, wrap("group", s.certificates(ctx, out.Members))
}

// decideGroup performs the host's command mk on every member of the group
// g, each as do would, in one transaction of units (store.UpdateEach).
func (s *Service) decideGroup(ctx context.Context, name string, g registration.GroupID, by registration.Actor, mk commandFunc) (GroupResult, error) {
	at := s.clock.Now()
	if err := errors.Join(checkID("group", string(g)), registration.CheckActor(by), checkDay("today", calendar.DateOf(at))); err != nil {
		s.logCommand(ctx, name, "", err)
		return GroupResult{}, wrap(name, err)
	}
	var regs []registration.Registration
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		regs, err = readGroup(ctx, tx, g)
		return err
	})
	if err != nil {
		s.logCommand(ctx, name, "", err)
		return GroupResult{}, wrap(name, err)
	}
	// In the order of the foreigners, so that two transactions that
	// lock several of them never wait for each other.
	order := make([]int, len(regs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(string(regs[a].Foreigner), string(regs[b].Foreigner)) })
	outs := make([]registration.Registration, len(regs))
	fns := make([]func(store.Tx) error, len(regs))
	for k, i := range order {
		fns[k] = func(tx store.Tx) error {
			var err error
			outs[i], err = s.perform(ctx, tx, regs[i].ID, by, mk, at)
			return err
		}
	}
	res := GroupResult{Group: g, Members: make([]MemberResult, len(regs))}
	var bad []MemberResult
	for k, err := range s.store.UpdateEach(ctx, fns) {
		i := order[k]
		res.Members[i] = MemberResult{Index: i, Registration: outs[i]}
		if err != nil {
			res.Members[i] = MemberResult{Index: i, Err: err}
		}
	}
	for _, m := range res.Members {
		if m.Err != nil {
			bad = append(bad, m)
		}
	}
	err = s.certificates(ctx, res.Members)
	if len(bad) > 0 {
		err = errors.Join(&GroupError{Members: bad}, err)
	}
	s.logCommand(ctx, name, "", err, slog.String("group", string(g)), slog.Int("members", len(regs)))
	return res, wrap(name, err)
}

// readGroup returns the registrations of the group g, in the order of its
// members: those with the IDs memberID gives, up to the first missing.
func readGroup(ctx context.Context, tx store.ReadTx, g registration.GroupID) ([]registration.Registration, error) {
	var regs []registration.Registration
	for i := range MaxGroupMembers {
		r, err := tx.Registration(ctx, memberID(g, i))
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		if r.Group != g {
			break // a registration filed alone under such an ID
		}
		regs = append(regs, r)
	}
	if len(regs) == 0 {
		return nil, fmt.Errorf("%w: group %s", store.ErrNotFound, redact.Cut(string(g), maxEchoedID))
	}
	return regs, nil
}

// certificates sets the certificate token of each confirmed member.
func (s *Service) certificates(ctx context.Context, members []MemberResult) error {
	return s.store.View(ctx, func(tx store.ReadTx) error {
		for i := range members {
			m := &members[i]
			if m.Err != nil || m.Registration.State != registration.Confirmed {
				continue
			}
			rec, err := tx.Certificate(ctx, m.Registration.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue // a Service without an issuer
			}
			if err != nil {
				return err
			}
			m.Certificate = rec.Token
		}
		return nil
	})
}

// checkGuardian checks the guardian a single submission names (see
// registration.MinorPolicy): an adult's registration, pending or active,
// at the same address with the same host, of another person. Otherwise:
// "guardian: invalid". A group's members name each other and are checked
// by SubmitGroup.
func (s *Service) checkGuardian(ctx context.Context, tx store.ReadTx, r registration.Registration) error {
	if r.Guardian == "" {
		return nil
	}
	g, err := tx.Registration(ctx, r.Guardian)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return problem("guardian", registration.CodeInvalid)
	case err != nil:
		return err
	}
	if (g.State != registration.Pending && g.State != registration.Confirmed) || g.HostID != r.HostID ||
		g.Address != r.Address || g.Foreigner == r.Foreigner || s.minor(GroupMember{Person: g.Person, Entry: g.Entry}) {
		return problem("guardian", registration.CodeInvalid)
	}
	return nil
}

package migreg

import (
	"context"
	"errors"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Confirm is the host's confirmation: the registration becomes active
// until its valid-until date (the stay's latest exit, never past the
// document's expiry nor the booking's planned end), the certificate is issued, and the foreigner's
// previous active registration is superseded, all in one commit.
func (s *Service) Confirm(ctx context.Context, id registration.ID, by registration.Actor) (registration.Registration, error) {
	return s.do(ctx, "confirm", id, by, s.confirmation())
}

// confirmation builds the host's confirmation of a registration: valid
// until the stay's latest exit, never past the document's expiry nor
// the booking's planned end. It reads the trips from first, which
// lockDossier read with them.
func (s *Service) confirmation() commandFunc {
	return func(ctx context.Context, tx store.Tx, r registration.Registration, first *firstRead) (registration.Command, error) {
		trips, _, err := s.trips(ctx, tx, first, r.Foreigner, r.Person.Citizenship, r.Entry)
		if err != nil {
			return nil, err
		}
		until, err := s.rules.ValidUntil(r.Person, trips, r.Entry)
		if err != nil {
			return nil, err
		}
		return registration.Confirm{ValidUntil: registration.CapPlanned(until, r.PlannedEnd)}, nil
	}
}

// Reject is the host's refusal, with a reason. A note over
// registration.MaxTextBytes is refused first with a
// *registration.LimitError.
func (s *Service) Reject(ctx context.Context, id registration.ID, by registration.Actor, reason registration.Reason) (registration.Registration, error) {
	if err := registration.CheckSize("text_bytes", "reason.note", reason.Note, registration.MaxTextBytes); err != nil {
		return registration.Registration{}, wrap("reject", err)
	}
	return s.do(ctx, "reject", id, by, command(registration.Reject{Reason: reason}))
}

// Withdraw is the foreigner withdrawing a pending request.
func (s *Service) Withdraw(ctx context.Context, id registration.ID, by registration.Actor) (registration.Registration, error) {
	return s.do(ctx, "withdraw", id, by, command(registration.Withdraw{}))
}

// Annul is an authority's annulment (false data), which revokes the
// certificate. A note over registration.MaxTextBytes is refused first
// with a *registration.LimitError.
func (s *Service) Annul(ctx context.Context, id registration.ID, by registration.Actor, reason registration.Reason) (registration.Registration, error) {
	if err := registration.CheckSize("text_bytes", "reason.note", reason.Note, registration.MaxTextBytes); err != nil {
		return registration.Registration{}, wrap("annul", err)
	}
	return s.do(ctx, "annul", id, by, command(registration.Annul{Reason: reason}))
}

// commandFunc builds the command do performs from the registration as the
// transaction read it, with what lockDossier read with it (first).
type commandFunc func(ctx context.Context, tx store.Tx, r registration.Registration, first *firstRead) (registration.Command, error)

// command returns a commandFunc for a command that does not depend on
// what is stored.
func command(cmd registration.Command) commandFunc {
	return func(context.Context, store.Tx, registration.Registration, *firstRead) (registration.Command, error) {
		return cmd, nil
	}
}

// do runs one command on a registration in a transaction: under the
// foreigner's lock it reads the registration and the foreigner's active
// registration, which confirming supersedes, applies the command through
// that dossier and saves the change with its effects. A command the same
// actor already performed on the registration (a retry after a lost
// reply, or after store.ErrCommitUnknown) succeeds again without a
// change, returning the registration as it is now.
func (s *Service) do(ctx context.Context, name string, id registration.ID, by registration.Actor, mk commandFunc) (registration.Registration, error) {
	at := s.clock.Now()
	if err := errors.Join(checkID("id", string(id)), registration.CheckActor(by), checkDay("today", calendar.DateOf(at))); err != nil {
		s.logCommand(ctx, name, "", err)
		return registration.Registration{}, wrap(name, err)
	}
	var out registration.Registration
	err := s.store.Update(ctx, func(tx store.Tx) error {
		var err error
		out, err = s.perform(ctx, tx, id, by, mk, at)
		return err
	})
	s.logCommand(ctx, name, id, err)
	if err != nil {
		return registration.Registration{}, wrap(name, err) // nothing was stored
	}
	return out, nil
}

// perform is the transaction of do: it performs the command mk builds on
// the registration id, as by at the instant at, and returns the
// registration as it is after it.
func (s *Service) perform(ctx context.Context, tx store.Tx, id registration.ID, by registration.Actor, mk commandFunc, at time.Time) (registration.Registration, error) {
	r, dos, first, err := s.lockDossier(ctx, tx, id)
	if err != nil {
		return registration.Registration{}, err
	}
	cmd, err := mk(ctx, tx, r, first)
	if err != nil {
		return registration.Registration{}, err
	}
	ch, err := dos.Apply(id, by, cmd, at)
	if errors.Is(err, registration.ErrInvalidTransition) {
		done, rerr := repeated(ctx, tx, r, by, cmd)
		if rerr != nil {
			return registration.Registration{}, rerr
		}
		if done {
			return r, nil
		}
	}
	if err != nil {
		return registration.Registration{}, err
	}
	if err := s.save(ctx, tx, ch, at); err != nil {
		return registration.Registration{}, err
	}
	return ch.Changed[0].Registration, nil
}

// repeated reports whether the registration's history holds cmd by the
// same actor with the same arguments: a command is performed at most once
// in a registration's life, so that is a retry, whatever happened since.
// The same command with other arguments (a rejection for false data after
// one for the host's refusal) is not: its ErrInvalidTransition stands.
func repeated(ctx context.Context, tx store.ReadTx, r registration.Registration, by registration.Actor, cmd registration.Command) (bool, error) {
	if cmd == nil || r.Version < 2 {
		return false, nil
	}
	events, err := tx.Events(ctx, r.ID)
	if err != nil {
		return false, err
	}
	for _, e := range events {
		if e.Actor == by && e.Type.Command() == cmd.Kind() && sameArguments(e, cmd) {
			return true, nil
		}
	}
	return false, nil
}

// sameArguments reports whether the event records cmd's arguments: the
// reason of a rejection, an annulment or an end, and of a lapse that
// names one, with the date an end or a departure took effect when the
// command gives one. A confirmation's valid-until date is the Service's
// computation, not the caller's argument, so any confirmation matches.
func sameArguments(e registration.Event, cmd registration.Command) bool {
	switch c := cmd.(type) {
	case registration.Reject:
		return e.Reason == c.Reason
	case registration.Annul:
		return e.Reason == c.Reason
	case registration.End:
		return e.Reason == c.Reason && (c.EffectiveOn.IsZero() || e.EffectiveOn == c.EffectiveOn)
	case registration.Lapse:
		return c.Reason.Code == 0 || (e.Reason == c.Reason && (c.EffectiveOn.IsZero() || e.EffectiveOn == c.EffectiveOn))
	}
	return true
}

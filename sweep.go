package migreg

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// SweepReport says what one Sweep call did.
type SweepReport struct {
	Lapsed    int `json:"lapsed"`    // pending requests the host did not answer in time
	Ended     int `json:"ended"`     // confirmed registrations whose stay ended
	Reminders int `json:"reminders"` // reminders enqueued for registration deadlines
}

// reminderBody is the JSON body of a NotifyReminder.
type reminderBody struct {
	Deadline string        `json:"deadline"`
	Due      calendar.Date `json:"due"`
	Entry    calendar.Date `json:"entry"`
}

// Sweep performs what the passage of time calls for, as of the clock's
// today (in Kazakhstan): it lapses pending requests whose host deadline has
// passed, ends registrations whose permitted stay (or booking) has ended,
// on their last day, and enqueues a reminder for every registration
// deadline within ReminderDays. A registration that ended with its
// booking's planned end, the foreigner still in the country and allowed
// to stay, left them without an address: the re-registration period
// starts from the planned end, as after a check-out. It is
// idempotent: running it twice in a day does nothing the second time.
// Each registration changes in its own transaction; a registration that
// changed meanwhile is left for the next sweep. Any other error, such as
// ErrNotFound for a deadline whose registration the store does not have,
// stops the sweep and is returned.
func (s *Service) Sweep(ctx context.Context) (SweepReport, error) {
	rep, err := s.sweep(ctx)
	s.logCommand(ctx, "sweep", "", err,
		slog.Int("lapsed", rep.Lapsed), slog.Int("ended", rep.Ended), slog.Int("reminders", rep.Reminders))
	return rep, err
}

// sweep is Sweep without its log record.
func (s *Service) sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	now := s.clock.Now()
	today := calendar.DateOf(now)
	if err := checkDay("today", today); err != nil {
		return rep, wrap("sweep", err)
	}
	yesterday := today.AddDays(-1)

	due := func(through calendar.Date, kinds ...store.DeadlineKind) ([]store.Deadline, error) {
		var out []store.Deadline
		for d, err := range s.deadlines(ctx, store.DeadlineQuery{Through: through, Kinds: kinds}) {
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
		return out, nil
	}
	act := func(list []store.Deadline, run func(store.Deadline) error, count *int) error {
		for _, d := range list {
			err := run(d)
			switch {
			case err == nil:
				*count++
			case errors.Is(err, registration.ErrInvalidTransition), errors.Is(err, registration.ErrNotDue):
				// Decided meanwhile, or not due yet by the domain's count.
				// (Registrations are never deleted: an ErrNotFound is
				// a deadline that names none, or a store that lost one,
				// and fails the sweep.)
			default:
				return err
			}
		}
		return nil
	}
	hosts, err := due(yesterday, store.DueHostAnswer)
	if err != nil {
		return rep, wrap("sweep", err)
	}
	lapse := func(d store.Deadline) error {
		_, err := s.do(ctx, "lapse", d.Registration, registration.System(), command(registration.Lapse{}))
		return err
	}
	if err := act(hosts, lapse, &rep.Lapsed); err != nil {
		return rep, wrap("sweep", err)
	}
	ends, err := due(yesterday, store.DueStayEnd)
	if err != nil {
		return rep, wrap("sweep", err)
	}
	expire := func(d store.Deadline) error { return s.expire(ctx, d) }
	if err := act(ends, expire, &rep.Ended); err != nil {
		return rep, wrap("sweep", err)
	}
	if s.remind < 0 {
		return rep, nil
	}
	through := today.AddDays(s.remind)
	if through.IsZero() {
		// ReminderDays past 9999-12-31: every deadline is near enough.
		through = calendar.NewDate(9999, time.December, 31)
	}
	filings, err := due(through, store.DueRegistration, store.DueReregistration)
	if err != nil {
		return rep, wrap("sweep", err)
	}
	for _, d := range filings {
		if d.Due.Before(today) {
			continue // overdue: a reminder is too late; Assess reports it
		}
		body, err := json.Marshal(reminderBody{Deadline: d.Kind.String(), Due: d.Due, Entry: d.Entry})
		if err != nil {
			return rep, wrap("sweep", err)
		}
		m := store.Message{
			ID:   "reminder/" + d.Kind.String() + "/" + string(d.Foreigner) + "/" + d.Subject,
			Kind: NotifyReminder, To: string(d.Foreigner), Registration: d.Registration, Body: body,
			CreatedAt: now.UTC(), NextAttempt: now.UTC(),
		}
		err = s.store.Update(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, m) })
		switch {
		case err == nil:
			rep.Reminders++
		case errors.Is(err, store.ErrDuplicate):
			// Reminded already.
		default:
			return rep, wrap("sweep", err)
		}
	}
	return rep, nil
}

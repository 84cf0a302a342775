package migreg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// DeliveryReport says what one Deliver call did.
type DeliveryReport struct {
	Delivered int // handed to the notifier successfully
	Failed    int // the notifier returned an error; retried later
	GaveUp    int // failed for the MaxAttempts-th time; kept, not retried
}

// Deliver hands pending outbox messages to the Notifier, oldest first, up
// to batch at a time until none is due (batch <= 0 means 100). Each
// message is marked delivered in its own transaction after the notifier
// accepted it, so a crash in between delivers it again later: delivery is
// at least once, and Notification.ID lets the receiver drop repeats. A
// failed attempt is retried after the Backoff for its attempt count; after
// MaxAttempts failures the message is parked (kept with its last error,
// no longer due; see Retry), so it never holds up the others.
func (s *Service) Deliver(ctx context.Context, batch int) (DeliveryReport, error) {
	if batch <= 0 {
		batch = 100
	}
	var rep DeliveryReport
	for {
		now := s.clock.Now()
		var msgs []store.Message
		err := s.store.View(ctx, func(tx store.ReadTx) error {
			var err error
			msgs, err = tx.PendingMessages(ctx, now, batch)
			return err
		})
		if err != nil {
			return rep, wrap("deliver", err)
		}
		if len(msgs) == 0 {
			return rep, nil
		}
		progressed := false
		for _, m := range msgs {
			nerr := s.notifier.Notify(ctx, Notification{
				ID: m.ID, Kind: m.Kind, To: m.To, Registration: m.Registration,
				Body: m.Body, Attempt: m.Attempts + 1, CreatedAt: m.CreatedAt,
			})
			if ctx.Err() != nil {
				return rep, wrap("deliver", ctx.Err())
			}
			err := s.store.Update(ctx, func(tx store.Tx) error {
				cur, err := tx.Message(ctx, m.ID)
				if err != nil {
					return err
				}
				if cur.Delivered() {
					return nil // another Deliver got there first
				}
				cur.Attempts++
				at := s.clock.Now().UTC()
				switch {
				case nerr == nil:
					cur.DeliveredAt, cur.NextAttempt, cur.LastError = at, at, ""
				case cur.Attempts >= s.maxTries:
					// Park it: no longer due, so it never blocks the
					// messages behind it; Retry re-arms it.
					cur.LastError = storableText(nerr.Error())
					cur.NextAttempt = parked
				default:
					cur.LastError = storableText(nerr.Error())
					cur.NextAttempt = at.Add(s.backoff(cur.Attempts))
				}
				return tx.UpdateMessage(ctx, cur)
			})
			if err != nil {
				return rep, wrap("deliver", err)
			}
			progressed = true
			switch {
			case nerr == nil:
				rep.Delivered++
			case m.Attempts+1 >= s.maxTries:
				rep.GaveUp++
			default:
				rep.Failed++
			}
		}
		if !progressed || len(msgs) < batch {
			return rep, nil
		}
	}
}

// storableText makes a notifier's error message safe to store in any
// database: valid UTF-8, no NUL bytes, at most 1,000 bytes.
func storableText(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	if len(s) > 1000 {
		s = strings.ToValidUTF8(s[:1000], "")
	}
	return s
}

// parked is the next attempt of a message the Service gave up on: far
// enough in the future never to be due.
var parked = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)

// Retry re-arms an outbox message the Service gave up on (after
// MaxAttempts failures), for delivery by the next Deliver: for example
// once a host's broken contact is fixed. store.ErrNotFound if there is no
// such message; a delivered message is left alone.
func (s *Service) Retry(ctx context.Context, id string) error {
	at := s.clock.Now().UTC()
	err := s.store.Update(ctx, func(tx store.Tx) error {
		m, err := tx.Message(ctx, id)
		if err != nil || m.Delivered() {
			return err
		}
		m.Attempts, m.NextAttempt = 0, at
		return tx.UpdateMessage(ctx, m)
	})
	return wrap("retry", err)
}

// SweepReport says what one Sweep call did.
type SweepReport struct {
	Lapsed    int // pending requests the host did not answer in time
	Ended     int // confirmed registrations whose stay ended
	Reminders int // reminders enqueued for registration deadlines
}

// Sweep performs what the passage of time calls for, as of the clock's
// today (in Kazakhstan): it lapses pending requests whose host deadline has
// passed, ends registrations whose permitted stay has ended, and enqueues a
// reminder for every registration deadline within ReminderDays. It is
// idempotent: running it twice in a day does nothing the second time.
// Each registration changes in its own transaction; a registration that
// changed meanwhile is left for the next sweep.
func (s *Service) Sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	now := s.clock.Now()
	today := calendar.DateOf(now)
	yesterday := today.AddDays(-1)

	due := func(kind store.DeadlineKind, through calendar.Date) ([]store.Deadline, error) {
		var out []store.Deadline
		for d, err := range s.Due(ctx, through, kind) {
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
		return out, nil
	}
	act := func(list []store.Deadline, cmd registration.Command, count *int) error {
		for _, d := range list {
			_, err := s.do(ctx, "sweep", d.Registration, registration.System(), func(context.Context, *Service, store.Tx, registration.Registration) (registration.Command, error) {
				return cmd, nil
			})
			switch {
			case err == nil:
				*count++
			case errors.Is(err, registration.ErrInvalidTransition), errors.Is(err, registration.ErrNotDue), errors.Is(err, store.ErrNotFound):
				// Decided meanwhile, or not due yet by the domain's count.
			default:
				return err
			}
		}
		return nil
	}
	hosts, err := due(store.DueHostAnswer, yesterday)
	if err != nil {
		return rep, wrap("sweep", err)
	}
	if err := act(hosts, registration.Lapse{}, &rep.Lapsed); err != nil {
		return rep, wrap("sweep", err)
	}
	ends, err := due(store.DueStayEnd, yesterday)
	if err != nil {
		return rep, wrap("sweep", err)
	}
	if err := act(ends, registration.End{Reason: registration.Reason{Code: registration.StayExpired}}, &rep.Ended); err != nil {
		return rep, wrap("sweep", err)
	}
	if s.remind < 0 {
		return rep, nil
	}
	regs, err := due(store.DueRegistration, today.AddDays(s.remind))
	if err != nil {
		return rep, wrap("sweep", err)
	}
	rereg, err := due(store.DueReregistration, today.AddDays(s.remind))
	if err != nil {
		return rep, wrap("sweep", err)
	}
	for _, d := range append(regs, rereg...) {
		if d.Due.Before(today) {
			continue // overdue: a reminder is too late; Assess reports it
		}
		body, err := json.Marshal(map[string]any{"deadline": d.Kind.String(), "due": d.Due, "entry": d.Entry})
		if err != nil {
			return rep, wrap("sweep", err)
		}
		m := store.Message{
			ID:   fmt.Sprintf("reminder/%s/%s/%s", d.Kind, d.Foreigner, d.Subject),
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

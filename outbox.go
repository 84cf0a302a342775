package migreg

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// DeliveryReport says what one Deliver call did.
type DeliveryReport struct {
	Delivered int `json:"delivered"` // handed to the notifier successfully
	Failed    int `json:"failed"`    // the notifier returned an error; retried later
	GaveUp    int `json:"gave_up"`   // failed for the MaxAttempts-th time; kept, not retried
	// Erased: erased (EraseExpired) before they were delivered; parked
	// without being handed to the notifier.
	Erased int `json:"erased"`
}

// Deliver hands pending outbox messages to the Notifier, oldest first, up
// to batch at a time until none is due (batch <= 0 means 100). Each
// message is marked delivered in its own transaction after the notifier
// accepted it, so a crash in between delivers it again later: delivery is
// at least once, and Notification.ID lets the receiver drop repeats. A
// failed attempt is retried after the Backoff for its attempt count; after
// MaxAttempts failures the message is parked (kept with its last error,
// no longer due; see Retry), so it never holds up the others.
//
// A message whose foreigner was erased (EraseExpired) before it was
// delivered is never handed to the Notifier: its body was replaced by
// one that says so ({"erased":true}, store.IsErasedBody) and no longer
// has the fields its kind documents, and its news concerns a stay long
// over. Deliver parks it instead, with "erased before delivery" as its
// last error, and counts it in DeliveryReport.Erased. (Deliver reads a
// batch, then calls the Notifier outside any transaction: a message read
// just before its foreigner's erasure commits may still go out once, as
// it was.)
func (s *Service) Deliver(ctx context.Context, batch int) (DeliveryReport, error) {
	rep, err := s.deliver(ctx, batch)
	level := levelOf(err)
	if err == nil && rep.Failed+rep.GaveUp > 0 {
		level = slog.LevelWarn // the notifier failed; the messages wait for the next Deliver
	}
	s.logAt(ctx, level, "deliver", "", err,
		slog.Int("delivered", rep.Delivered), slog.Int("failed", rep.Failed), slog.Int("gave_up", rep.GaveUp),
		slog.Int("erased", rep.Erased))
	return rep, wrap("deliver", err)
}

// deliver is Deliver without its log record, returning the cause of a
// failure unwrapped.
func (s *Service) deliver(ctx context.Context, batch int) (DeliveryReport, error) {
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
			return rep, err
		}
		if len(msgs) == 0 {
			return rep, nil
		}
		progressed := false
		for _, m := range msgs {
			if store.IsErasedBody(m.Body) {
				if err := s.parkErased(ctx, m.ID); err != nil {
					return rep, err
				}
				progressed = true
				rep.Erased++
				continue
			}
			nerr := s.notifier.Notify(ctx, Notification{
				ID: m.ID, Kind: m.Kind, To: m.To, Registration: m.Registration,
				Body: m.Body, Attempt: m.Attempts + 1, CreatedAt: m.CreatedAt,
			})
			if ctx.Err() != nil {
				return rep, ctx.Err()
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
				return rep, err
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

// erasedLastError is the last error of a message parked because it was
// erased before it was delivered: it says why, and names no one.
const erasedLastError = "erased before delivery"

// parkErased parks the message with the ID, erased before it was
// delivered, without handing it to the notifier: it is no longer due, and
// Retry leaves it alone. Its attempts stay as they were: none was made.
func (s *Service) parkErased(ctx context.Context, id string) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		cur, err := tx.Message(ctx, id)
		if err != nil || cur.Delivered() {
			return err
		}
		cur.NextAttempt, cur.LastError = parked, erasedLastError
		return tx.UpdateMessage(ctx, cur)
	})
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

// maxMessageID bounds the message IDs Retry accepts: the Service's
// longest, a reminder of a move, is under 200 bytes.
const maxMessageID = 512

// parked is the next attempt of a message the Service gave up on: far
// enough in the future never to be due.
var parked = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)

// Retry re-arms an outbox message the Service gave up on (after
// MaxAttempts failures), for delivery by the next Deliver: for example
// once a host's broken contact is fixed. ErrNotFound if there is no such
// message; a delivered message is left alone, and so is one erased before
// it was delivered (see Deliver), which is never delivered.
func (s *Service) Retry(ctx context.Context, id string) error {
	switch {
	case id == "":
		return s.done(ctx, "retry", "", problem("id", registration.CodeRequired))
	case len(id) > maxMessageID:
		return s.done(ctx, "retry", "", problem("id", registration.CodeTooLong))
	}
	at := s.clock.Now().UTC()
	err := s.store.Update(ctx, func(tx store.Tx) error {
		m, err := tx.Message(ctx, id)
		if err != nil || m.Delivered() || store.IsErasedBody(m.Body) {
			return err
		}
		m.Attempts, m.NextAttempt = 0, at
		return tx.UpdateMessage(ctx, m)
	})
	// The message's ID stays out of the record: a reminder's names the
	// foreigner (and the error's text masks it; see errorText).
	return s.done(ctx, "retry", "", err)
}

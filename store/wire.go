package store

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// The JSON and log forms of the record types: JSON in snake_case with the
// deadline kinds by name, like every value of migreg (docs/wire.md); fmt
// and slog without pseudonymous IDs, since a foreigner's ID, a message's
// recipient and an idempotency key (scoped by who filed) all point to a
// person.

// MarshalText returns the stable name, e.g. "host_answer", or empty text
// for the zero kind; a kind outside the enum is an error matching
// ErrInvalid.
func (k DeadlineKind) MarshalText() ([]byte, error) {
	switch {
	case k == 0:
		return []byte{}, nil
	case !k.known():
		return nil, fmt.Errorf("%w: cannot marshal %v", ErrInvalid, k)
	}
	return []byte(deadlineKindNames[k]), nil
}

// UnmarshalText accepts a stable name, and empty text as the zero kind.
// On error k is unchanged.
func (k *DeadlineKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	v, err := ParseDeadlineKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// deadlineJSON is a Deadline on the wire, its key's fields beside the
// others.
type deadlineJSON struct {
	Kind         DeadlineKind             `json:"kind"`
	Foreigner    registration.ForeignerID `json:"foreigner"`
	Subject      string                   `json:"subject"`
	Due          calendar.Date            `json:"due"`
	Registration registration.ID          `json:"registration,omitempty"`
	Entry        calendar.Date            `json:"entry"`
}

// MarshalJSON writes the deadline in snake_case with its kind by name:
// {"kind", "foreigner", "subject", "due", "registration", "entry"}.
func (d Deadline) MarshalJSON() ([]byte, error) {
	return json.Marshal(deadlineJSON{d.Kind, d.Foreigner, d.Subject, d.Due, d.Registration, d.Entry})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Deadline) UnmarshalJSON(b []byte) error {
	var w deadlineJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = Deadline{DeadlineKey: DeadlineKey{w.Kind, w.Foreigner, w.Subject}, Due: w.Due, Registration: w.Registration, Entry: w.Entry}
	return nil
}

// deadlineKeyJSON is a DeadlineKey on the wire.
type deadlineKeyJSON struct {
	Kind      DeadlineKind             `json:"kind"`
	Foreigner registration.ForeignerID `json:"foreigner"`
	Subject   string                   `json:"subject"`
}

// MarshalJSON writes {"kind", "foreigner", "subject"}.
func (k DeadlineKey) MarshalJSON() ([]byte, error) {
	return json.Marshal(deadlineKeyJSON(k))
}

// UnmarshalJSON reads what MarshalJSON writes.
func (k *DeadlineKey) UnmarshalJSON(b []byte) error {
	var w deadlineKeyJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*k = DeadlineKey(w)
	return nil
}

// String describes the key without the foreigner, e.g. "host_answer of
// r-1".
func (k DeadlineKey) String() string { return k.Kind.String() + " of " + k.Subject }

// Format makes every fmt verb, %#v included, print String.
func (k DeadlineKey) Format(f fmt.State, verb rune) { fmt.Fprint(f, k.String()) }

// LogValue implements slog.LogValuer without the foreigner.
func (k DeadlineKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", k.Kind.String()), slog.String("subject", k.Subject))
}

// String describes the deadline without the foreigner, e.g.
// "host_answer of r-1 due 2026-07-06".
func (d Deadline) String() string { return d.DeadlineKey.String() + " due " + d.Due.String() }

// Format makes every fmt verb, %#v included, print String.
func (d Deadline) Format(f fmt.State, verb rune) { fmt.Fprint(f, d.String()) }

// LogValue implements slog.LogValuer without the foreigner.
func (d Deadline) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", d.Kind.String()),
		slog.String("subject", d.Subject),
		slog.String("due", d.Due.String()),
	)
}

// LogValue implements slog.LogValuer: the dates and kinds asked for, and
// whether the query is narrowed to one foreigner, not which.
func (q DeadlineQuery) LogValue() slog.Value {
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = k.String()
	}
	return slog.GroupValue(
		slog.String("from", q.From.String()),
		slog.String("through", q.Through.String()),
		slog.Any("kinds", kinds),
		slog.Bool("one_foreigner", q.Foreigner != ""),
	)
}

// LogValue implements slog.LogValuer: the states asked for, and whether
// the filter is narrowed to a foreigner or a host, not which.
func (f Filter) LogValue() slog.Value {
	states := make([]string, len(f.States))
	for i, s := range f.States {
		states[i] = s.String()
	}
	return slog.GroupValue(
		slog.Bool("one_foreigner", f.Foreigner != ""),
		slog.Bool("one_host", f.Host != ""),
		slog.Any("states", states),
	)
}

// String describes the message without its ID (a reminder's names the
// foreigner), its recipient or its body, e.g. "decision message about
// r-1, 2 attempts".
func (m Message) String() string {
	s := "message"
	if m.Kind != "" {
		s = m.Kind + " message"
	}
	if m.Registration != "" {
		s += " about " + string(m.Registration)
	}
	s += ", " + strconv.Itoa(m.Attempts) + " attempts"
	if m.Delivered() {
		s += ", delivered"
	}
	return s
}

// Format makes every fmt verb, %#v included, print String.
func (m Message) Format(f fmt.State, verb rune) { fmt.Fprint(f, m.String()) }

// LogValue implements slog.LogValuer without the ID, the recipient, the
// body or the last error (a notifier's error may quote the recipient).
func (m Message) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", m.Kind),
		slog.String("registration", string(m.Registration)),
		slog.Int("attempts", m.Attempts),
		slog.Bool("delivered", m.Delivered()),
	)
}

// String describes the record without its key, which names who filed:
// "idempotency record of r-1".
func (r IdempotencyRecord) String() string { return "idempotency record of " + string(r.Registration) }

// Format makes every fmt verb, %#v included, print String.
func (r IdempotencyRecord) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the registration, without the key.
func (r IdempotencyRecord) LogValue() slog.Value {
	return slog.GroupValue(slog.String("registration", string(r.Registration)))
}

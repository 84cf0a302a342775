package migreg

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration"
)

// The JSON and log forms of the Service's own types (docs/wire.md). JSON
// is the wire: it carries what a client needs, personal data included.
// String, fmt verbs and LogValue are for people and logs: they carry no
// personal data and no pseudonymous ID.

// notificationJSON is a Notification on the wire: the body as the JSON it
// holds.
type notificationJSON struct {
	ID           string          `json:"id"`
	Kind         string          `json:"kind"`
	To           string          `json:"to"`
	Registration registration.ID `json:"registration,omitempty"`
	Body         json.RawMessage `json:"body,omitempty"`
	// BodyText carries a body that is not JSON (the Service never makes
	// one, a custom store might), as text, so that Marshal never fails.
	BodyText  string    `json:"body_text,omitempty"`
	Attempt   int       `json:"attempt"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// MarshalJSON writes the notification with its body as a JSON value, not
// base64.
func (n Notification) MarshalJSON() ([]byte, error) {
	w := notificationJSON{ID: n.ID, Kind: n.Kind, To: n.To, Registration: n.Registration, Attempt: n.Attempt, CreatedAt: n.CreatedAt}
	switch {
	case len(n.Body) == 0:
	case json.Valid(n.Body):
		w.Body = n.Body
	default:
		w.BodyText = string(n.Body)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (n *Notification) UnmarshalJSON(b []byte) error {
	var w notificationJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*n = Notification{ID: w.ID, Kind: w.Kind, To: w.To, Registration: w.Registration, Attempt: w.Attempt, CreatedAt: w.CreatedAt}
	switch {
	case len(w.Body) > 0 && string(w.Body) != "null":
		n.Body = []byte(w.Body)
	case w.BodyText != "":
		n.Body = []byte(w.BodyText)
	}
	return nil
}

// String describes the notification without its ID, recipient or body,
// e.g. "decision notification about r-1, attempt 1".
func (n Notification) String() string {
	s := n.Kind + " notification"
	if n.Kind == "" {
		s = "notification"
	}
	if n.Registration != "" {
		s += " about " + redact.Cut(string(n.Registration), maxEchoedID)
	}
	return s + ", attempt " + strconv.Itoa(n.Attempt)
}

// Format makes every fmt verb, %#v included, print String.
func (n Notification) Format(f fmt.State, verb rune) { fmt.Fprint(f, n.String()) }

// LogValue implements slog.LogValuer: the kind, the registration and the
// attempt, without the ID, the recipient or the body.
func (n Notification) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("kind", n.Kind), slog.Int("attempt", n.Attempt)}
	if n.Registration != "" {
		attrs = append(attrs, slog.String("registration", string(n.Registration)))
	}
	return slog.GroupValue(attrs...)
}

// resultJSON is a BatchResult or a MemberResult on the wire: the item's
// index and either its registration (and a group member's certificate)
// or its error in public form.
type resultJSON struct {
	Index        int                        `json:"index"`
	Registration *registration.Registration `json:"registration,omitempty"`
	Certificate  string                     `json:"certificate,omitempty"`
	Error        *WireError                 `json:"error,omitempty"`
}

// newResultJSON returns the wire form of an item's outcome.
func newResultJSON(index int, r registration.Registration, certificate string, err error) resultJSON {
	w := resultJSON{Index: index, Certificate: certificate, Error: WireErrorOf(err)}
	if !r.IsZero() {
		w.Registration = &r
	}
	return w
}

// registration returns the item's registration, zero when it failed.
func (w resultJSON) registration() registration.Registration {
	if w.Registration == nil {
		return registration.Registration{}
	}
	return *w.Registration
}

// err returns the item's error as a *WireError, or nil (never a nil
// *WireError in an error).
func (w resultJSON) err() error {
	if w.Error == nil {
		return nil
	}
	return w.Error
}

// MarshalJSON writes {"index", "registration"} for an item that succeeded
// and {"index", "error"} for one that failed, the error in its public
// form (WireErrorOf).
func (r BatchResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(newResultJSON(r.Index, r.Registration, "", r.Err))
}

// UnmarshalJSON reads what MarshalJSON writes; Err becomes a *WireError.
func (r *BatchResult) UnmarshalJSON(b []byte) error {
	var w resultJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = BatchResult{Index: w.Index, Registration: w.registration(), Err: w.err()}
	return nil
}

// String describes the item's outcome with personal data masked, e.g.
// "item 3: registration r-1 v2 confirmed" or "item 4: migreg: submit:
// registration: invalid input: person.iin: invalid".
func (r BatchResult) String() string {
	s := "item " + strconv.Itoa(r.Index) + ": "
	if r.Err != nil {
		return s + errorText(r.Err)
	}
	if r.Registration.IsZero() {
		return s + "no registration"
	}
	return s + "registration " + string(r.Registration.ID) + " v" + strconv.Itoa(r.Registration.Version) + " " + r.Registration.State.String()
}

// Format makes every fmt verb, %#v included, print String.
func (r BatchResult) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the index, and the registration's
// ID, version and state or the error's text (which carries no personal
// data).
func (r BatchResult) LogValue() slog.Value {
	attrs := []slog.Attr{slog.Int("index", r.Index)}
	if !r.Registration.IsZero() {
		attrs = append(attrs, slog.Any("registration", r.Registration))
	}
	if r.Err != nil {
		attrs = append(attrs, slog.String("error", errorText(r.Err)))
	}
	return slog.GroupValue(attrs...)
}

// String describes the request with personal data masked, as
// registration.Submission's String does, who files it by kind, and
// whether it has an idempotency key: not the key, which a client may
// make of a guest's name or booking.
func (r SubmitRequest) String() string {
	s := "submit request: " + r.Submission.String()
	if r.By.Kind != 0 {
		s += ", by " + r.By.String()
	}
	if r.IdempotencyKey != "" {
		s += ", with an idempotency key"
	}
	return s
}

// Format makes every fmt verb, %#v included, print String.
func (r SubmitRequest) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the submission's ID and entry, who
// files it by kind, and whether it has an idempotency key.
func (r SubmitRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Any("submission", r.Submission),
		slog.String("by", r.By.String()),
		slog.Bool("idempotency_key", r.IdempotencyKey != ""),
	)
}

// String describes the move with the host masked, e.g. "move from r-1 on
// 2026-07-18 to individual \"Z. S.\" (IIN ********0012)".
func (m MoveRequest) String() string {
	return fmt.Sprintf("move from %s on %v to %v at %q", redact.Cut(string(m.From), maxEchoedID), m.On, m.Host, m.Address.String())
}

// Format makes every fmt verb, %#v included, print String.
func (m MoveRequest) Format(f fmt.State, verb rune) { fmt.Fprint(f, m.String()) }

// LogValue implements slog.LogValuer: the registration moved out of, the
// date and the new host as Host.LogValue shows it.
func (m MoveRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("from", string(m.From)),
		slog.String("on", m.On.String()),
		slog.Any("host", m.Host),
	)
}

// String summarizes the status without personal data, e.g. "status on
// 2026-07-10: active r-1 (confirmed until 2026-08-12), 1 pending, 2
// deadlines, no violations".
func (s Status) String() string {
	out := "status on " + s.On.String() + ": "
	if s.Active != nil {
		out += "active " + redact.Cut(string(s.Active.ID), maxEchoedID) + " (confirmed until " + s.Active.ValidUntil.String() + ")"
	} else {
		out += "no active registration"
	}
	out += fmt.Sprintf(", %d pending, %d deadlines, ", len(s.Pending), len(s.Deadlines))
	if len(s.Violations) == 0 {
		return out + "no violations"
	}
	return out + strconv.Itoa(len(s.Violations)) + " violations"
}

// Format makes every fmt verb, %#v included, print String.
func (s Status) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// LogValue implements slog.LogValuer: the date, the active registration's
// ID, and how many pending requests, deadlines and violations there are.
func (s Status) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("on", s.On.String())}
	if s.Active != nil {
		attrs = append(attrs, slog.String("active", string(s.Active.ID)))
	}
	return slog.GroupValue(append(attrs,
		slog.Int("pending", len(s.Pending)),
		slog.Int("deadlines", len(s.Deadlines)),
		slog.Int("violations", len(s.Violations)),
	)...)
}

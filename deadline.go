package migreg

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// DeadlineKind says what a deadline is for.
type DeadlineKind uint8

// The kinds of deadline. Never reorder; add new kinds at the end.
const (
	// DueRegistration: a foreigner who entered must register by Due (the
	// 30th day of the stay).
	DueRegistration DeadlineKind = iota + 1
	// DueReregistration: a foreigner who moved must register at the new
	// address by Due (5 working days after the move).
	DueReregistration
	// DueHostAnswer: a host must answer a request by Due, or it lapses.
	DueHostAnswer
	// DueStayEnd: a confirmed registration covers the stay until Due.
	DueStayEnd
)

// deadlineKinds lists each kind's stable name and the store's kind that
// records it.
var deadlineKinds = [...]struct {
	name  string
	store store.DeadlineKind
}{
	DueRegistration:   {"registration", store.DueRegistration},
	DueReregistration: {"reregistration", store.DueReregistration},
	DueHostAnswer:     {"host_answer", store.DueHostAnswer},
	DueStayEnd:        {"stay_end", store.DueStayEnd},
}

// IsValid reports whether k is one of the defined kinds.
func (k DeadlineKind) IsValid() bool { return k >= DueRegistration && int(k) < len(deadlineKinds) }

// String returns the stable name, e.g. "host_answer".
func (k DeadlineKind) String() string {
	if !k.IsValid() {
		return "DeadlineKind(" + strconv.Itoa(int(k)) + ")"
	}
	return deadlineKinds[k].name
}

// MarshalText returns the stable name, or empty text for the zero kind;
// another kind that is not valid is an error.
func (k DeadlineKind) MarshalText() ([]byte, error) {
	switch {
	case k == 0:
		return []byte{}, nil
	case !k.IsValid():
		return nil, fmt.Errorf("migreg: cannot marshal %v", k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText accepts a stable name, and empty text as the zero kind.
// On error k is unchanged.
func (k *DeadlineKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = 0
		return nil
	}
	for c := DueRegistration; c.IsValid(); c++ {
		if c.String() == string(b) {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("migreg: unknown deadline kind %q", b[:min(len(b), 32)])
}

// Deadline is an entry of the Service's deadline index: something due on
// a date. Due lists them and Status shows a foreigner's. An entry due
// before today is overdue.
//
// Foreigner is a pseudonym of a person: String, fmt verbs and LogValue
// leave it out.
type Deadline struct {
	Kind      DeadlineKind             `json:"kind"`
	Foreigner registration.ForeignerID `json:"foreigner"`
	Due       calendar.Date            `json:"due"`
	// Registration is the registration concerned: the request the host
	// must answer, the registration whose stay ends, or the one the
	// foreigner moved out of; empty for DueRegistration.
	Registration registration.ID `json:"registration,omitempty"`
	// Entry is the entry date of the stay the deadline belongs to.
	Entry calendar.Date `json:"entry"`
	// MovedOn is the date of the move, for DueReregistration.
	MovedOn calendar.Date `json:"moved_on,omitzero"`
}

// String describes the deadline without the foreigner, e.g.
// "host_answer due 2026-07-07 (registration r-1, entry 2026-07-01)".
func (d Deadline) String() string {
	s := fmt.Sprintf("%v due %v (", d.Kind, d.Due)
	if d.Registration != "" {
		s += "registration " + string(d.Registration) + ", "
	}
	if !d.MovedOn.IsZero() {
		s += "moved on " + d.MovedOn.String() + ", "
	}
	return s + "entry " + d.Entry.String() + ")"
}

// Format makes every fmt verb print String.
func (d Deadline) Format(f fmt.State, verb rune) { fmt.Fprint(f, d.String()) }

// LogValue implements slog.LogValuer without the foreigner.
func (d Deadline) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", d.Kind.String()),
		slog.String("due", d.Due.String()),
		slog.String("registration", string(d.Registration)),
		slog.String("entry", d.Entry.String()),
	)
}

// deadlineOf returns the Service's view of a stored deadline; false for a
// kind the Service does not list.
func deadlineOf(d store.Deadline) (Deadline, bool) {
	out := Deadline{Foreigner: d.Foreigner, Due: d.Due, Registration: d.Registration, Entry: d.Entry}
	for k := DueRegistration; k.IsValid(); k++ {
		if deadlineKinds[k].store == d.Kind {
			out.Kind = k
		}
	}
	if out.Kind == DueReregistration {
		if m, ok := moveOf(d); ok {
			out.MovedOn = m.On
		}
	}
	return out, out.Kind != 0
}

// storeKinds returns the store's kinds for ks, or for every kind when ks
// is empty; false when a kind is not valid.
func storeKinds(ks []DeadlineKind) ([]store.DeadlineKind, bool) {
	if len(ks) == 0 {
		ks = []DeadlineKind{DueRegistration, DueReregistration, DueHostAnswer, DueStayEnd}
	}
	out := make([]store.DeadlineKind, 0, len(ks))
	for _, k := range ks {
		if !k.IsValid() {
			return nil, false
		}
		out = append(out, deadlineKinds[k].store)
	}
	return out, true
}

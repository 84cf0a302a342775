package migreg

import (
	"fmt"
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

// deadlineKinds maps each kind to the store's kind of the same name.
var deadlineKinds = [...]store.DeadlineKind{
	DueRegistration:   store.DueRegistration,
	DueReregistration: store.DueReregistration,
	DueHostAnswer:     store.DueHostAnswer,
	DueStayEnd:        store.DueStayEnd,
}

// IsValid reports whether k is one of the defined kinds.
func (k DeadlineKind) IsValid() bool { return k >= DueRegistration && int(k) < len(deadlineKinds) }

// String returns the stable name, e.g. "host_answer".
func (k DeadlineKind) String() string {
	if !k.IsValid() {
		return "DeadlineKind(" + strconv.Itoa(int(k)) + ")"
	}
	return deadlineKinds[k].String()
}

// MarshalText returns the stable name; a kind that is not valid is an
// error.
func (k DeadlineKind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, fmt.Errorf("migreg: cannot marshal %v", k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText accepts a stable name.
func (k *DeadlineKind) UnmarshalText(b []byte) error {
	for c := DueRegistration; c.IsValid(); c++ {
		if c.String() == string(b) {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("migreg: unknown deadline kind %q", b)
}

// Deadline is an entry of the Service's deadline index: something due on
// a date. Due lists them and Status shows a foreigner's. An entry whose
// due date has passed is overdue.
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

// deadlineOf returns the Service's view of a stored deadline.
func deadlineOf(d store.Deadline) Deadline {
	out := Deadline{Foreigner: d.Foreigner, Due: d.Due, Registration: d.Registration, Entry: d.Entry}
	for k, sk := range deadlineKinds {
		if sk == d.Kind && sk != 0 {
			out.Kind = DeadlineKind(k)
		}
	}
	if m, ok := moveOf(d); ok && out.Kind == DueReregistration {
		out.MovedOn = m.On
	}
	return out
}

// storeKinds returns the store's kinds for ks; a kind that is not valid
// has no store kind, and makes the query match nothing.
func storeKinds(ks []DeadlineKind) ([]store.DeadlineKind, bool) {
	out := make([]store.DeadlineKind, 0, len(ks))
	for _, k := range ks {
		if !k.IsValid() {
			return nil, false
		}
		out = append(out, deadlineKinds[k])
	}
	return out, true
}

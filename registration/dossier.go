package registration

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrNotFound is matched when a dossier has no registration with the
// requested ID.
var ErrNotFound = errors.New("registration: not found")

// Dossier is every registration of one foreigner, or the part of them a
// command can change. It keeps the rule that spans registrations: at most
// one is active (confirmed) at a time, because confirming a registration
// at a new address removes the old address in the same step (docs/legal.md
// Part A, item 6). The Service applies commands through a Dossier inside
// one store transaction.
//
// Like Registration, a Dossier is a value: Add and Apply return a Change
// holding a new Dossier, and never change the receiver or anything it
// refers to.
type Dossier struct {
	Foreigner     ForeignerID    `json:"foreigner"`
	Registrations []Registration `json:"registrations"`
}

// Change is the outcome of one operation on a Dossier: the dossier after
// it, every registration it changed with the version that registration
// had when it was read, and the events it produced, in order. A store
// saves the registrations at those versions (optimistic concurrency), each
// with its own events (EventsOf). A Change shares no memory with the
// dossier or the arguments it came from.
type Change struct {
	Dossier Dossier `json:"dossier"`
	// Changed holds the registration the operation was asked for first,
	// then those it superseded.
	Changed []Changed `json:"changed"`
	Events  []Event   `json:"events"`
}

// Changed is one registration of a Change: its new value, and the version
// it had when read (0 for a registration the change adds).
type Changed struct {
	Registration Registration `json:"registration"`
	ReadVersion  int          `json:"read_version"`
}

// EventsOf returns, in a new slice, the events of the change for one
// registration, in order.
func (c Change) EventsOf(id ID) []Event {
	var out []Event
	for _, e := range c.Events {
		if e.Registration == id {
			out = append(out, e)
		}
	}
	return out
}

// Active returns the foreigner's active registration, if any.
func (d Dossier) Active() (Registration, bool) {
	for _, r := range d.Registrations {
		if r.State.IsActive() {
			return r, true
		}
	}
	return Registration{}, false
}

// Find returns the registration with the ID, if the dossier has it.
func (d Dossier) Find(id ID) (Registration, bool) {
	if i := d.index(id); i >= 0 {
		return d.Registrations[i], true
	}
	return Registration{}, false
}

// Add adds a new registration, started by Submit with its events, at the
// instant at. A confirmed one (a hotel's check-in) supersedes the active
// one in the same step. The Change's events are events followed by those
// of the superseded registration.
//
// Errors: an error matching ErrInvalid for a registration of another
// foreigner or an ID already in the dossier; those of Registration.Apply
// for the supersession.
func (d Dossier) Add(r Registration, events []Event, at time.Time) (Change, error) {
	if d.Foreigner != "" && r.Foreigner != d.Foreigner {
		return Change{}, fmt.Errorf("%w: registration %s belongs to another foreigner", ErrInvalid, r.ID)
	}
	if d.index(r.ID) >= 0 {
		return Change{}, fmt.Errorf("%w: registration %s is already in the dossier", ErrInvalid, r.ID)
	}
	next := Dossier{Foreigner: r.Foreigner, Registrations: append(slices.Clone(d.Registrations), r)}
	ch := Change{Changed: []Changed{{Registration: r}}, Events: CloneEvents(events)}
	return next.supersede(ch, len(next.Registrations)-1, at)
}

// Apply performs a command on the registration id for actor by at the
// instant at, like Registration.Apply, and keeps the dossier's invariant:
// confirming a registration supersedes the one active before it, in the
// same step.
//
// Errors: those of Registration.Apply, and ErrNotFound for an unknown id.
func (d Dossier) Apply(id ID, by Actor, cmd Command, at time.Time) (Change, error) {
	i := d.index(id)
	if i < 0 {
		return Change{}, fmt.Errorf("%w: %s", ErrNotFound, regText(id))
	}
	old := d.Registrations[i]
	r, events, err := old.Apply(by, cmd, at)
	if err != nil {
		return Change{}, err
	}
	next := Dossier{Foreigner: d.Foreigner, Registrations: slices.Clone(d.Registrations)}
	next.Registrations[i] = r
	ch := Change{Changed: []Changed{{Registration: r, ReadVersion: old.Version}}, Events: events}
	return next.supersede(ch, i, at)
}

// supersede completes a change that put a registration at position i of
// d, a dossier the change owns: when that registration is active, every
// other active one is superseded by it, so that at most one stays active.
func (d Dossier) supersede(ch Change, i int, at time.Time) (Change, error) {
	r := d.Registrations[i]
	if r.State.IsActive() {
		for j, o := range d.Registrations {
			if j == i || !o.State.IsActive() {
				continue
			}
			s, events, err := o.Supersede(r.ID, at)
			if err != nil {
				return Change{}, err
			}
			d.Registrations[j] = s
			ch.Changed = append(ch.Changed, Changed{Registration: s, ReadVersion: o.Version})
			ch.Events = append(ch.Events, events...)
		}
	}
	ch.Dossier = d
	return ch, nil
}

// Check verifies the dossier's invariants: every registration belongs to
// the dossier's foreigner, IDs are unique, and at most one is active.
func (d Dossier) Check() error {
	seen := make(map[ID]bool, len(d.Registrations))
	active := 0
	for _, r := range d.Registrations {
		if r.Foreigner != d.Foreigner {
			return fmt.Errorf("%w: registration %s belongs to another foreigner", ErrInvalid, r.ID)
		}
		if seen[r.ID] {
			return fmt.Errorf("%w: registration %s appears twice", ErrInvalid, r.ID)
		}
		seen[r.ID] = true
		if r.State.IsActive() {
			active++
		}
	}
	if active > 1 {
		return fmt.Errorf("%w: %d active registrations", ErrInvalid, active)
	}
	return nil
}

func (d Dossier) index(id ID) int {
	return slices.IndexFunc(d.Registrations, func(r Registration) bool { return r.ID == id })
}

package registration

import (
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is matched when a dossier has no registration with the
// requested ID.
var ErrNotFound = errors.New("registration: not found")

// Dossier is every registration of one foreigner. It keeps the rule that
// spans registrations: at most one is active (confirmed) at a time, because
// confirming a registration at a new address removes the old address in
// the same step (domain.md Part A, item 6). The Service applies commands
// through a Dossier inside one store transaction.
//
// Like Registration, a Dossier is a value: its methods return a new
// Dossier and never change the receiver's registrations.
type Dossier struct {
	Foreigner     ForeignerID
	Registrations []Registration
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
	for _, r := range d.Registrations {
		if r.ID == id {
			return r, true
		}
	}
	return Registration{}, false
}

// Add returns the dossier with a new registration (from Submit) added. It
// refuses a registration of another foreigner or an ID already present,
// and a confirmed one (a hotel's check-in) supersedes the active one.
func (d Dossier) Add(r Registration, events []Event, at time.Time) (Dossier, []Registration, []Event, error) {
	if d.Foreigner == "" {
		d.Foreigner = r.Foreigner
	}
	if r.Foreigner != d.Foreigner {
		return d, nil, nil, fmt.Errorf("%w: registration %s belongs to another foreigner", ErrInvalid, r.ID)
	}
	if _, ok := d.Find(r.ID); ok {
		return d, nil, nil, fmt.Errorf("%w: registration %s is already in the dossier", ErrInvalid, r.ID)
	}
	next, changed := d.grow(1)
	next.Registrations[len(next.Registrations)-1] = r
	changed[0] = r
	if r.State.IsActive() {
		var more []Registration
		var evs []Event
		var err error
		next, more, evs, err = next.supersedeOthers(r.ID, at)
		if err != nil {
			return d, nil, nil, err
		}
		changed = append(changed, more...)
		events = append(append([]Event(nil), events...), evs...)
	}
	return next, changed, events, nil
}

// Apply performs a command on the registration id for actor by at the
// instant at, like Registration.Apply, and keeps the dossier's invariant:
// confirming a registration supersedes the one active before it, in the
// same step. It returns the new dossier, the registrations that changed
// (the target first) and every event produced, in order.
//
// Errors: those of Registration.Apply, and ErrNotFound for an unknown id.
func (d Dossier) Apply(id ID, by Actor, cmd Command, at time.Time) (Dossier, []Registration, []Event, error) {
	i := d.index(id)
	if i < 0 {
		return d, nil, nil, fmt.Errorf("%w: registration %s", ErrNotFound, id)
	}
	r, events, err := d.Registrations[i].Apply(by, cmd, at)
	if err != nil {
		return d, nil, nil, err
	}
	next, changed := d.grow(0)
	next.Registrations[i] = r
	changed[0] = r
	if r.State.IsActive() {
		var more []Registration
		var evs []Event
		next, more, evs, err = next.supersedeOthers(id, at)
		if err != nil {
			return d, nil, nil, err
		}
		changed = append(changed, more...)
		events = append(events, evs...)
	}
	return next, changed, events, nil
}

// supersedeOthers supersedes every active registration other than id.
func (d Dossier) supersedeOthers(id ID, at time.Time) (Dossier, []Registration, []Event, error) {
	var changed []Registration
	var events []Event
	for j, o := range d.Registrations {
		if o.ID == id || !o.State.IsActive() {
			continue
		}
		s, evs, err := o.Supersede(id, at)
		if err != nil {
			return d, nil, nil, err
		}
		d.Registrations[j] = s
		changed = append(changed, s)
		events = append(events, evs...)
	}
	return d, changed, events, nil
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

// grow returns a copy of d with extra zero registrations at the end, and
// a one-element slice for the first changed registration, both in one
// allocation. Their capacities end where they do, so that appending to
// either never writes into the other.
func (d Dossier) grow(extra int) (Dossier, []Registration) {
	n := len(d.Registrations) + extra
	buf := make([]Registration, n+1)
	copy(buf, d.Registrations)
	return Dossier{Foreigner: d.Foreigner, Registrations: buf[:n:n]}, buf[n : n+1 : n+1]
}

func (d Dossier) index(id ID) int {
	for i, r := range d.Registrations {
		if r.ID == id {
			return i
		}
	}
	return -1
}

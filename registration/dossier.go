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

// Dossier is every registration of one foreigner. It keeps the rule that
// spans registrations: at most one is active (confirmed) at a time, because
// confirming a registration at a new address removes the old address in
// the same step (domain.md Part A, item 6). The Service applies commands
// through a Dossier inside one store transaction.
//
// Like Registration, a Dossier is a value: Add and Apply return a new
// Dossier and never change the receiver's registrations. Insert and Step
// do the same work on the dossier itself, for a caller that owns it and
// would only discard the old value (the Service, once per command).
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
// and a confirmed one (a hotel's check-in) supersedes the active one. It
// returns the registrations that changed, the new one first, and every
// event, in a new slice: events, then those of the superseded
// registration.
func (d Dossier) Add(r Registration, events []Event, at time.Time) (Dossier, []Registration, []Event, error) {
	next, changed := d.grow(1)
	next.Registrations = next.Registrations[:len(d.Registrations)]
	_, sup, evs, err := next.Insert(r, events, at)
	if err != nil {
		return d, nil, nil, err
	}
	if len(sup) == 0 {
		// Insert returns events itself when nothing was superseded; a
		// value method returns nothing that shares memory with its
		// arguments.
		evs = slices.Clone(events)
	}
	return next, next.collect(changed, len(next.Registrations)-1, sup), evs, nil
}

// Apply performs a command on the registration id for actor by at the
// instant at, like Registration.Apply, and keeps the dossier's invariant:
// confirming a registration supersedes the one active before it, in the
// same step. It returns the new dossier, the registrations that changed
// (the target first) and every event produced, in order.
//
// Errors: those of Registration.Apply, and ErrNotFound for an unknown id.
func (d Dossier) Apply(id ID, by Actor, cmd Command, at time.Time) (Dossier, []Registration, []Event, error) {
	next, changed := d.grow(0)
	i, sup, events, err := next.Step(id, by, cmd, at)
	if err != nil {
		return d, nil, nil, err
	}
	return next, next.collect(changed, i, sup), events, nil
}

// Step is Apply performed on d itself, for a caller that owns d, such as
// the Service inside a transaction: the registrations that change are
// replaced in d.Registrations, and no new dossier is built. It returns the
// target's position in d.Registrations, the positions of the registrations
// it superseded (nil when none) and every event produced, in order. On
// error nothing is written.
//
// Like append, Step writes into d's backing array, which a copy of d made
// before it shares; use Apply where the dossier before the command is
// still needed.
//
// Errors: those of Apply.
func (d *Dossier) Step(id ID, by Actor, cmd Command, at time.Time) (int, []int, []Event, error) {
	return d.AppendStep(nil, id, by, cmd, at)
}

// AppendStep is Step appending the events to events, like append, for a
// caller that reuses the memory of its events from one command to the
// next. The events returned are nil on error; d is then unchanged, though
// events' spare capacity may have been written.
//
// Errors: those of Apply.
func (d *Dossier) AppendStep(events []Event, id ID, by Actor, cmd Command, at time.Time) (int, []int, []Event, error) {
	i := d.index(id)
	if i < 0 {
		return -1, nil, nil, fmt.Errorf("%w: registration %s", ErrNotFound, id)
	}
	r, events, err := d.Registrations[i].appendApply(events, by, cmd, at)
	if err != nil {
		return -1, nil, nil, err
	}
	sup, superseded, events, err := d.supersessions(i, &r, events, at, false)
	if err != nil {
		return -1, nil, nil, err
	}
	d.Registrations[i] = r
	d.write(sup, superseded)
	return i, sup, events, nil
}

// Insert is Add performed on d itself, with Step's terms: r is appended to
// d.Registrations (its position is the last), and the positions of the
// registrations it superseded and every event are returned. On error
// nothing is written, not even to d's spare capacity. The events returned
// begin with events, which Insert does not change; they are events itself
// when nothing was superseded.
//
// Errors: those of Add.
func (d *Dossier) Insert(r Registration, events []Event, at time.Time) (int, []int, []Event, error) {
	if d.Foreigner != "" && r.Foreigner != d.Foreigner {
		return -1, nil, nil, fmt.Errorf("%w: registration %s belongs to another foreigner", ErrInvalid, r.ID)
	}
	if d.index(r.ID) >= 0 {
		return -1, nil, nil, fmt.Errorf("%w: registration %s is already in the dossier", ErrInvalid, r.ID)
	}
	n := len(d.Registrations)
	sup, superseded, events, err := d.supersessions(n, &r, events, at, true)
	if err != nil {
		return -1, nil, nil, err
	}
	d.Foreigner, d.Registrations = r.Foreigner, append(d.Registrations, r)
	d.write(sup, superseded)
	return n, sup, events, nil
}

// supersessions works out, without changing d, what putting r at
// position i means for the other registrations: when r is active, every
// other active one is superseded, so that the dossier keeps at most one.
// It returns their positions, their new values and events followed by
// their events. copyEvents asks for a new slice before events is
// extended, for a caller whose events belong to someone else.
func (d *Dossier) supersessions(i int, r *Registration, events []Event, at time.Time, copyEvents bool) ([]int, []Registration, []Event, error) {
	if !r.State.IsActive() {
		return nil, nil, events, nil
	}
	var sup []int
	var superseded []Registration
	for j := range d.Registrations {
		o := &d.Registrations[j]
		if j == i || !o.State.IsActive() {
			continue
		}
		s, evs, err := o.Supersede(r.ID, at)
		if err != nil {
			return nil, nil, nil, err
		}
		if copyEvents {
			events, copyEvents = slices.Clone(events), false
		}
		sup, superseded = append(sup, j), append(superseded, s)
		events = append(events, evs...)
	}
	return sup, superseded, events, nil
}

// write puts the superseded registrations in place.
func (d *Dossier) write(sup []int, superseded []Registration) {
	for k, j := range sup {
		d.Registrations[j] = superseded[k]
	}
}

// collect returns the registrations at positions i and sup of d, in that
// order, in changed, which has room for the first.
func (d Dossier) collect(changed []Registration, i int, sup []int) []Registration {
	changed[0] = d.Registrations[i]
	for _, j := range sup {
		changed = append(changed, d.Registrations[j])
	}
	return changed
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

package memstore

import (
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// undoLog records how to reverse the writes of the running write
// transaction. Writers run one at a time, so the Store keeps a single log
// and reuses its arrays: being able to roll back costs a transaction no
// allocation, where a closure per write would copy what it captures to
// the heap.
//
// Each kind of record has its own list, undone newest first. The lists
// are independent because no two of them touch the same map or index.
type undoLog struct {
	regs      []regUndo
	oldRegs   []registration.Registration // registrations before an update, by regUndo.old
	people    []personUndo
	trips     []tripUndo
	deadlines []deadlineUndo
	idem      []string // keys added
	msgs      []msgUndo
	certs     []certUndo
	added     []registration.ForeignerID // foreigner entries added, dropped if left empty
}

// regUndo reverses CreateRegistration (created) or UpdateRegistration.
type regUndo struct {
	created    bool
	rec        *record
	old        int // before an update: the registration at oldRegs[old]
	oldEvents  []registration.Event
	f          *foreigner
	prevActive registration.ID // the foreigner's active registration before
}

// personUndo reverses PutForeigner.
type personUndo struct {
	f   *foreigner
	old registration.Person
	had bool
}

// tripUndo reverses PutTrip: old is the foreigner's previous trips.
type tripUndo struct {
	f   *foreigner
	old []stay.Trip
}

// deadlineUndo reverses PutDeadline (put is the deadline written) or
// DeleteDeadline (put is nil); old is what the key held before, if any,
// and dropped says the delete removed the foreigner's emptied entry.
type deadlineUndo struct {
	f        *foreigner
	put, old *store.Deadline
	dropped  bool
}

// msgUndo reverses Enqueue (old "") or UpdateMessage: put is the message
// written.
type msgUndo struct {
	put, old msgRec
}

// certUndo reverses PutCertificate.
type certUndo struct {
	rec *record
	old *store.Certificate
}

// rollback undoes every change in the log, newest first, and empties it.
func (s *Store) rollback() {
	l := &s.undo
	for i := len(l.regs) - 1; i >= 0; i-- {
		u := &l.regs[i]
		if u.created {
			r := &u.rec.reg
			s.ids.Delete(regEntry{id: r.ID})
			u.f.removeRegistrationID(r.ID)
			indexDelete(s.byHost, r.HostID, r.ID)
		} else {
			u.rec.reg, u.rec.events = l.oldRegs[u.old], u.oldEvents
			// The update may have appended into the old array's spare
			// room: leave nothing of it there.
			clear(u.oldEvents[len(u.oldEvents):cap(u.oldEvents)])
		}
		u.f.active = u.prevActive
	}
	for i := len(l.people) - 1; i >= 0; i-- {
		u := &l.people[i]
		u.f.person, u.f.hasPerson = u.old, u.had
	}
	for i := len(l.trips) - 1; i >= 0; i-- {
		u := &l.trips[i]
		u.f.trips = u.old
	}
	for i := len(l.deadlines) - 1; i >= 0; i-- {
		u := &l.deadlines[i]
		if u.put != nil {
			s.byDue.Delete(u.put)
			u.f.removeDeadline(u.put)
			// Written by this transaction and now gone: no later
			// (older) record refers to it.
			s.byDue.release(u.put)
		}
		if u.dropped {
			s.foreigners[u.old.Foreigner] = u.f
		}
		if u.old != nil {
			s.byDue.Insert(u.old)
			u.f.deadlines = append(u.f.deadlines, u.old)
		}
	}
	for i := len(l.idem) - 1; i >= 0; i-- {
		delete(s.idem, l.idem[i])
	}
	for i := len(l.msgs) - 1; i >= 0; i-- {
		u := &l.msgs[i]
		s.dropMessage(u.put)
		if u.old != "" {
			s.addMessage(u.old)
		}
	}
	for i := len(l.certs) - 1; i >= 0; i-- {
		u := &l.certs[i]
		u.rec.cert = u.old
	}
	for _, id := range l.added {
		if f := s.foreigners[id]; f != nil && f.empty() {
			delete(s.foreigners, id)
		}
	}
	l.reset()
}

// commit empties the log of a transaction that committed, releasing the
// deadlines it removed from the store (replaced or deleted: the old of
// each record; each is removed once), whose memory the log kept for a
// rollback until now.
func (s *Store) commit() {
	for i := range s.undo.deadlines {
		if old := s.undo.deadlines[i].old; old != nil {
			s.byDue.release(old)
		}
	}
	s.undo.reset()
}

// reset empties the log, dropping its references to old values so that
// they can be collected, and keeps the arrays for the next transaction.
func (l *undoLog) reset() {
	l.regs = clearSlice(l.regs)
	l.oldRegs = clearSlice(l.oldRegs)
	l.people = clearSlice(l.people)
	l.trips = clearSlice(l.trips)
	l.deadlines = clearSlice(l.deadlines)
	l.idem = clearSlice(l.idem)
	l.msgs = clearSlice(l.msgs)
	l.certs = clearSlice(l.certs)
	l.added = clearSlice(l.added)
}

// maxKept bounds the entries a log list keeps between transactions, so
// that one huge import does not pin its undo arrays forever.
const maxKept = 1024

func clearSlice[T any](s []T) []T {
	if cap(s) > maxKept {
		return nil
	}
	clear(s)
	return s[:0]
}

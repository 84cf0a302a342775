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
	people    []personUndo
	trips     []tripUndo
	deadlines []deadlineUndo
	idem      []string // keys added
	msgs      []msgUndo
	certs     []certUndo
}

// regUndo reverses CreateRegistration (created) or UpdateRegistration.
type regUndo struct {
	created    bool
	rec        *record
	old        registration.Registration // before an update
	oldEvents  []registration.Event
	prevActive registration.ID // the foreigner's active registration before
	hadActive  bool
}

type personUndo struct {
	id  registration.ForeignerID
	old registration.Person
	had bool
}

type tripUndo struct {
	foreigner registration.ForeignerID
	old       []stay.Trip
	had       bool
}

// deadlineUndo reverses PutDeadline (put is the deadline written) or
// DeleteDeadline (put is nil); old is what the key held before, if any.
type deadlineUndo struct {
	put, old *store.Deadline
}

// msgUndo reverses Enqueue (had false) or UpdateMessage.
type msgUndo struct {
	id  string
	old store.Message
	had bool
}

type certUndo struct {
	id  registration.ID
	old store.Certificate
	had bool
}

// rollback undoes every change in the log, newest first, and empties it.
func (s *Store) rollback() {
	l := &s.undo
	for i := len(l.regs) - 1; i >= 0; i-- {
		u := &l.regs[i]
		r := &u.rec.reg
		if u.created {
			delete(s.regs, r.ID)
			s.ids.Delete(r.ID)
			s.removeForeignerID(r.Foreigner, r.ID)
			indexDelete(s.byHost, r.HostID, r.ID)
		} else {
			u.rec.reg, u.rec.events = u.old, u.oldEvents
		}
		if u.hadActive {
			s.active[r.Foreigner] = u.prevActive
		} else {
			delete(s.active, r.Foreigner)
		}
	}
	for i := len(l.people) - 1; i >= 0; i-- {
		u := &l.people[i]
		if u.had {
			s.people[u.id] = u.old
		} else {
			delete(s.people, u.id)
		}
	}
	for i := len(l.trips) - 1; i >= 0; i-- {
		u := &l.trips[i]
		if u.had {
			s.trips[u.foreigner] = u.old
		} else {
			delete(s.trips, u.foreigner)
		}
	}
	for i := len(l.deadlines) - 1; i >= 0; i-- {
		u := &l.deadlines[i]
		if u.put != nil {
			s.byDue.Delete(u.put)
			delete(s.deadlines, u.put.DeadlineKey)
			s.indexDue(u.put.DeadlineKey, false)
		}
		if u.old != nil {
			s.deadlines[u.old.DeadlineKey] = u.old
			s.byDue.Insert(u.old)
			s.indexDue(u.old.DeadlineKey, true)
		}
	}
	for i := len(l.idem) - 1; i >= 0; i-- {
		delete(s.idem, l.idem[i])
	}
	for i := len(l.msgs) - 1; i >= 0; i-- {
		u := &l.msgs[i]
		if u.had {
			s.putMessage(u.old)
		} else {
			delete(s.msgs, u.id)
			delete(s.pending, u.id)
		}
	}
	for i := len(l.certs) - 1; i >= 0; i-- {
		u := &l.certs[i]
		if u.had {
			s.certs[u.id] = u.old
		} else {
			delete(s.certs, u.id)
		}
	}
	l.reset()
}

// reset empties the log, dropping its references to old values so that
// they can be collected, and keeps the arrays for the next transaction.
func (l *undoLog) reset() {
	l.regs = clearSlice(l.regs)
	l.people = clearSlice(l.people)
	l.trips = clearSlice(l.trips)
	l.deadlines = clearSlice(l.deadlines)
	l.idem = clearSlice(l.idem)
	l.msgs = clearSlice(l.msgs)
	l.certs = clearSlice(l.certs)
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

package sqlstore

import (
	"context"
	"sync"

	"github.com/migreg/migreg/store"
)

// Group commit on SQLite. SQLite runs one write transaction at a time,
// and the fsync of each commit is most of a small transaction's time. So
// when several goroutines call Update at once, the first to take the
// store's writer lock leads: it runs the functions waiting in the queue as
// the units of one transaction (each undone alone when it fails; see
// units.go for when a unit gets a savepoint), commits once, and only then answers each caller, with its
// function's error or the commit's. A caller's guarantees do not change:
// Update returns nil only after its writes are durable.

// maxGroup bounds the units of one transaction, so that the first caller
// of a long queue is not kept waiting for the last.
const maxGroup = 64

// waiting is the queue of Update calls not yet run.
type waiting struct {
	mu    sync.Mutex
	calls []*call
}

// call is one Update waiting in the queue, and its answer. unit runs the
// caller's function as a unit of the leader's transaction, under the
// caller's context, which it closes over; nothing keeps a call once it
// is answered.
type call struct {
	unit func(t *tx, guarded bool) error
	done chan answer // buffered: the leader never waits for the caller
}

// answer is the outcome of a call: its error, or the panic of its
// function, which the caller raises again in its own goroutine.
type answer struct {
	err      error
	panicked bool
	panic    any
}

// groupUpdate is Update on SQLite: it queues the call, then either leads
// (runs the queue until its own call is answered) or waits for a leader to
// answer it. It never returns before its function has run, or been
// skipped, so that fn does not outlive the call.
func (s *Store) groupUpdate(ctx context.Context, fn func(tx store.Tx) error) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c := &call{unit: func(t *tx, guarded bool) error {
		if err := ctx.Err(); err != nil {
			return err // gave up while it waited: it does not run
		}
		return t.unit(ctx, fn, guarded)
	}, done: make(chan answer, 1)}
	s.group.mu.Lock()
	s.group.calls = append(s.group.calls, c)
	s.group.mu.Unlock()
	for {
		select {
		case a := <-c.done:
			if a.panicked {
				panic(a.panic)
			}
			return a.err
		case s.writer <- struct{}{}:
			s.lead(c)
			<-s.writer
		}
	}
}

// lead runs groups from the queue until c is answered. The caller holds
// s.writer.
func (s *Store) lead(c *call) {
	for {
		s.group.mu.Lock()
		n := min(len(s.group.calls), maxGroup)
		group := s.group.calls[:n:n]
		s.group.calls = s.group.calls[n:]
		s.group.mu.Unlock()
		if n == 0 {
			return // c was answered by an earlier leader
		}
		s.commitGroup(group)
		for _, g := range group {
			if g == c {
				return
			}
		}
	}
}

// commitGroup runs the calls as the units of one transaction and answers
// each. The caller holds s.writer.
func (s *Store) commitGroup(group []*call) {
	answers := make([]answer, len(group))
	// The transaction belongs to no caller: a caller that gives up fails
	// its own unit, not the others'. Unguarded first (see units.go).
	err := s.runUnits(len(group), func(guarded bool) error {
		return s.runHeld(context.Background(), true, func(t *tx) error {
			clear(answers) // an attempt the database aborted starts over
			for i, c := range group {
				answers[i] = runUnit(t, c, guarded)
				if t.failed != nil {
					return t.failed
				}
			}
			return nil
		})
	})
	for i, c := range group {
		a := answers[i]
		if err != nil && !a.panicked && a.err == nil {
			a.err = err // the commit failed: no unit's writes are durable
		}
		c.done <- a
	}
}

// runUnit runs a call's function as a unit of t, catching its panic for
// the caller.
func runUnit(t *tx, c *call, guarded bool) (a answer) {
	defer func() {
		if p := recover(); p != nil {
			a = answer{panicked: true, panic: p}
		}
	}()
	return answer{err: c.unit(t, guarded)}
}

package memstore

import (
	"cmp"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/store"
)

// dueIndex is the deadline index in the contract's order (due date, kind,
// foreigner, subject). Its elements are small (24 bytes), begin with a
// fixed-size prefix of the sort key, so that most comparisons are settled
// without reading the deadline's strings, and hold no pointer: a deadline
// is named by its slot in slab. Deadlines arrive in no particular order,
// so an insert or a delete moves half a chunk; memory without pointers
// moves without the garbage collector's write barriers, and the collector
// need not scan the index at all.
//
// The index also owns the memory of the deadlines it holds (see
// newDeadline).
type dueIndex struct {
	entries *ordered[dueEntry]
	slab    []*store.Deadline // by slot; nil for a free slot
	free    []uint32          // free slots, reused before the slab grows; it never shrinks
	arena   []store.Deadline  // the unused rest of the array newDeadline takes deadlines from
	spare   []*store.Deadline // released deadlines, cleared, reused first; it never shrinks
	made    int               // deadlines taken from arrays: every one is indexed or spare
}

// dueChunk is the most entries a chunk of the index holds: a quarter of
// the other indexes' chunkMax. Deadlines arrive in no order, so every put
// and delete moves half a chunk on average, and a lifecycle makes three;
// with chunks of 256 that work took twice as long (BENCHMARKS.md). The
// indexes whose keys arrive in order append instead, and keep the larger
// chunks, whose array of last keys is shorter to search.
const dueChunk = 64

// arenaSize is how many deadlines newDeadline allocates at once.
const arenaSize = 128

// newDeadline returns a copy of d in memory the index owns: a released
// deadline's, or the next of an array of arenaSize. A command stores two
// or three deadlines, and an allocation of their own would be a quarter
// of its allocations. A deadline's memory is reused only once released,
// which the store does when the transaction that removed it commits: the
// undo log needs it until then. Like the slab, the arrays never shrink: a
// store that once held many deadlines keeps their memory (cleared, so no
// personal data) for the deadlines to come.
func (x *dueIndex) newDeadline(d store.Deadline) *store.Deadline {
	var p *store.Deadline
	if n := len(x.spare); n > 0 {
		p, x.spare = x.spare[n-1], x.spare[:n-1]
	} else {
		if len(x.arena) == 0 {
			x.arena = make([]store.Deadline, arenaSize)
		}
		p, x.arena = &x.arena[0], x.arena[1:]
		x.made++
	}
	*p = d
	return p
}

// release takes back p, from newDeadline, which nothing refers to any
// more, and clears it so that it keeps no personal data reachable.
func (x *dueIndex) release(p *store.Deadline) {
	*p = store.Deadline{}
	x.spare = append(x.spare, p)
}

// dueEntry is an element of the dueIndex. hi holds the due date, the kind
// and the first 3 bytes of the foreigner, lo the next 8, both so that
// comparing them as numbers orders like compareDeadlines (shorter strings
// padded with zeros; equal prefixes fall back to the full comparison);
// slot is where the deadline is in the slab.
type dueEntry struct {
	hi, lo uint64
	slot   uint32
}

func newDueIndex() *dueIndex {
	x := &dueIndex{}
	x.entries = newOrderedChunks(func(a, b dueEntry) int { return x.compareEntry(a, b, x.slab[b.slot]) }, dueChunk)
	return x
}

// prefixOf packs d's sort key into an entry without a slot.
func prefixOf(d *store.Deadline) dueEntry {
	// Dates are days since year 1; the offset keeps the order of any int32.
	days := uint64(uint32(int64(d.Due.DaysSince(calendar.Date{})) + 1<<31))
	f := string(d.Foreigner)
	var b [11]byte
	copy(b[:], f)
	hi := days<<32 | uint64(d.Kind)<<24 | uint64(b[0])<<16 | uint64(b[1])<<8 | uint64(b[2])
	var lo uint64
	for _, c := range b[3:] {
		lo = lo<<8 | uint64(c)
	}
	return dueEntry{hi: hi, lo: lo}
}

func comparePrefix(a, b dueEntry) int {
	if a.hi != b.hi {
		return cmp.Compare(a.hi, b.hi)
	}
	return cmp.Compare(a.lo, b.lo)
}

// compareEntry orders a stored entry against the deadline d, whose packed
// prefix is p, in the contract's order.
func (x *dueIndex) compareEntry(e dueEntry, p dueEntry, d *store.Deadline) int {
	if c := comparePrefix(e, p); c != 0 {
		return c
	}
	return compareDeadlines(x.slab[e.slot], d)
}

// compareDeadlines is the contract's order of deadlines. It stops at the
// first field that differs instead of comparing every field as cmp.Or
// would.
func compareDeadlines(a, b *store.Deadline) int {
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	if a.Kind != b.Kind {
		return cmp.Compare(a.Kind, b.Kind)
	}
	if c := strings.Compare(string(a.Foreigner), string(b.Foreigner)); c != 0 {
		return c
	}
	return strings.Compare(a.Subject, b.Subject)
}

// search returns where the deadline d, whose packed prefix is p, is in
// the index or would be inserted: its chunk and position there, and
// whether it is present (as ordered.locate; 0, 0 in an empty index).
// Deadlines arrive in no particular order, so every put and delete
// searches the whole index; the search is written out here, comparing the
// prefixes in line, because the generic one calls a comparison function
// at every step.
func (s *dueIndex) search(p dueEntry, d *store.Deadline) (ci, i int, found bool) {
	o := s.entries
	lo, hi := 0, len(o.maxes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.before(o.maxes[m], p, d) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(o.chunks) { // after every key: the end of the last chunk
		if lo == 0 {
			return 0, 0, false
		}
		return lo - 1, len(o.chunks[lo-1]), false
	}
	c := o.chunks[lo]
	a, b := 0, len(c)
	for a < b {
		m := int(uint(a+b) >> 1)
		if s.before(c[m], p, d) {
			a = m + 1
		} else {
			b = m
		}
	}
	return lo, a, s.compareEntry(c[a], p, d) == 0
}

// before reports whether the indexed entry e sorts before the deadline d,
// whose packed prefix is p.
func (s *dueIndex) before(e, p dueEntry, d *store.Deadline) bool {
	switch {
	case e.hi != p.hi:
		return e.hi < p.hi
	case e.lo != p.lo:
		return e.lo < p.lo
	}
	return compareDeadlines(s.slab[e.slot], d) < 0
}

// Insert adds d, which must not change while it is indexed.
func (s *dueIndex) Insert(d *store.Deadline) {
	e := prefixOf(d)
	ci, i, found := s.search(e, d)
	if found {
		return // already indexed
	}
	if n := len(s.free); n > 0 {
		e.slot, s.free = s.free[n-1], s.free[:n-1]
		s.slab[e.slot] = d
	} else {
		e.slot = uint32(len(s.slab))
		s.slab = append(s.slab, d)
	}
	s.entries.insertAt(ci, i, e)
}

// Delete removes the deadline with d's key and date.
func (s *dueIndex) Delete(d *store.Deadline) {
	if ci, i, found := s.search(prefixOf(d), d); found {
		e := s.entries.removeAt(ci, i)
		s.slab[e.slot] = nil
		s.free = append(s.free, e.slot)
	}
}

// Len returns the number of deadlines indexed.
func (s *dueIndex) Len() int { return s.entries.Len() }

// Ascend calls yield with the deadlines after (or from, when inclusive)
// start in order, until it returns false; nil starts at the first.
func (s *dueIndex) Ascend(start *store.Deadline, inclusive bool, yield func(*store.Deadline) bool) {
	visit := func(e dueEntry) bool { return yield(s.slab[e.slot]) }
	if start == nil {
		s.entries.AscendFunc(nil, false, visit)
		return
	}
	p := prefixOf(start)
	s.entries.AscendFunc(func(e dueEntry) int { return s.compareEntry(e, p, start) }, inclusive, visit)
}

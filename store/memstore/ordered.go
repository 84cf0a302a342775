package memstore

import (
	"slices"
	"sort"
)

// ordered is a sorted set of keys kept in chunks of at most max (chunkMax
// unless made by newOrderedChunks) sorted slices, so that inserts and
// deletes move at most a chunk's worth of memory and a lookup is two
// binary searches. It backs the indexes that
// must list in order from a cursor (registrations by ID, deadlines by due
// date) for a million records.
//
// The last key of every chunk is also kept in maxes, one array, so that
// finding a key's chunk reads contiguous memory instead of one chunk per
// step of the search, each likely a cache miss in a large index.
type ordered[K any] struct {
	cmp    func(a, b K) int
	chunks [][]K
	maxes  []K // maxes[i] is the last key of chunks[i]
	n      int
	max    int // the most keys a chunk holds
}

const chunkMax = 256

func newOrdered[K any](cmp func(a, b K) int) *ordered[K] { return newOrderedChunks(cmp, chunkMax) }

// newOrderedChunks is newOrdered with chunks of at most max keys.
func newOrderedChunks[K any](cmp func(a, b K) int, max int) *ordered[K] {
	return &ordered[K]{cmp: cmp, max: max}
}

// chunk returns the index of the first chunk whose last key is >= k.
func (o *ordered[K]) chunk(k K) int {
	return o.chunkFunc(func(e K) int { return o.cmp(e, k) })
}

// chunkFunc is chunk for a key described by pos, which compares a key of
// the set with it (<0: the key sorts before). The *Func methods let a
// caller search for a key it cannot build as a K.
func (o *ordered[K]) chunkFunc(pos func(K) int) int {
	return sort.Search(len(o.maxes), func(i int) bool { return pos(o.maxes[i]) >= 0 })
}

// Insert adds k; it reports false if k was already present.
func (o *ordered[K]) Insert(k K) bool {
	ci, i, found := o.locate(k)
	if found {
		return false
	}
	o.insertAt(ci, i, k)
	return true
}

// insertAt inserts k at position i of chunk ci, where a search (locate,
// or a caller's own) placed it; an empty set takes it at 0, 0.
func (o *ordered[K]) insertAt(ci, i int, k K) {
	if len(o.chunks) == 0 {
		o.chunks, o.maxes = [][]K{{k}}, []K{k}
		o.n = 1
		return
	}
	if len(o.chunks[ci]) == o.max {
		if ci == len(o.chunks)-1 && i == o.max {
			// A key past the last one, as keys arriving in order (IDs
			// drawn from a clock, messages as they are created) are:
			// start a new chunk and leave the full one full. Halving it
			// would leave a left half that nothing refills, so that an
			// index built in order would be half empty.
			o.chunks = append(o.chunks, append(make([]K, 0, o.max), k))
			o.maxes = append(o.maxes, k)
			o.n++
			return
		}
		ci, i = o.split(ci, i)
	}
	c := slices.Insert(o.chunks[ci], i, k)
	o.chunks[ci] = c
	if i == len(c)-1 {
		o.maxes[ci] = k
	}
	o.n++
}

// split halves the full chunk ci before an insert at its position i, and
// returns the chunk and position where the insert now goes. The left half
// keeps the chunk's array and the right half gets one of its own, both
// with room for chunkMax keys, so that neither reallocates as it refills:
// splitting after the insert would grow the full array first, and leave
// two halves without room, each reallocated by its next insert.
func (o *ordered[K]) split(ci, i int) (int, int) {
	half := o.max / 2
	c := o.chunks[ci]
	right := append(make([]K, 0, o.max), c[half:]...)
	clear(c[half:]) // no pointer lingers in the left half's spare room
	o.chunks[ci] = c[:half]
	o.chunks = slices.Insert(o.chunks, ci+1, right)
	o.maxes = slices.Insert(o.maxes, ci, c[half-1])
	if i <= half {
		return ci, i
	}
	return ci + 1, i - half
}

// locate returns where k is, or would be inserted: its chunk and its
// position there, and whether it is present. Keys often arrive in order
// (IDs drawn from a clock, messages as they are created), so the end is
// checked first: a key past the last one is placed from maxes alone. In
// an empty set, k would go at 0, 0.
func (o *ordered[K]) locate(k K) (ci, i int, found bool) {
	if len(o.chunks) == 0 {
		return 0, 0, false
	}
	if last := len(o.chunks) - 1; o.cmp(o.maxes[last], k) < 0 {
		return last, len(o.chunks[last]), false
	}
	ci = o.chunk(k)
	i, found = slices.BinarySearchFunc(o.chunks[ci], k, o.cmp)
	return ci, i, found
}

// Find returns the key equal to k, if present.
func (o *ordered[K]) Find(k K) (K, bool) {
	ci, i, found := o.locate(k)
	if !found {
		var zero K
		return zero, false
	}
	return o.chunks[ci][i], true
}

// Replace puts k in place of the key equal to it and returns that key; it
// reports false, changing nothing, if there is none.
func (o *ordered[K]) Replace(k K) (K, bool) {
	ci, i, found := o.locate(k)
	if !found {
		var zero K
		return zero, false
	}
	c := o.chunks[ci]
	old := c[i]
	c[i] = k
	if i == len(c)-1 {
		o.maxes[ci] = k // equal, but the old key's pointers must not linger
	}
	return old, true
}

// Delete removes k; it reports false if k was absent.
func (o *ordered[K]) Delete(k K) bool {
	ci, i, found := o.locate(k)
	if found {
		o.removeAt(ci, i)
	}
	return found
}

// removeAt removes and returns the key at position i of chunk ci.
func (o *ordered[K]) removeAt(ci, i int) K {
	c := o.chunks[ci]
	removed := c[i]
	c = slices.Delete(c, i, i+1)
	switch {
	case len(c) == 0:
		o.chunks = slices.Delete(o.chunks, ci, ci+1)
		o.maxes = slices.Delete(o.maxes, ci, ci+1)
	case i == len(c):
		o.chunks[ci], o.maxes[ci] = c, c[i-1]
	default:
		o.chunks[ci] = c
	}
	o.n--
	return removed
}

// Len returns the number of keys.
func (o *ordered[K]) Len() int { return o.n }

// Ascend calls yield for the keys after (or from, when inclusive) start in
// order until it returns false. A nil start begins at the smallest key.
func (o *ordered[K]) Ascend(start *K, inclusive bool, yield func(K) bool) {
	if start == nil {
		o.AscendFunc(nil, false, yield)
		return
	}
	k := *start
	o.AscendFunc(func(e K) int { return o.cmp(e, k) }, inclusive, yield)
}

// AscendFunc is Ascend from the key that pos describes (see chunkFunc); a
// nil pos begins at the smallest key.
func (o *ordered[K]) AscendFunc(pos func(K) int, inclusive bool, yield func(K) bool) {
	ci, i := 0, 0
	if pos != nil {
		ci = o.chunkFunc(pos)
		if ci == len(o.chunks) {
			return
		}
		var found bool
		i, found = slices.BinarySearchFunc(o.chunks[ci], 0, func(e K, _ int) int { return pos(e) })
		if found && !inclusive {
			i++
		}
	}
	for ; ci < len(o.chunks); ci, i = ci+1, 0 {
		for c := o.chunks[ci]; i < len(c); i++ {
			if !yield(c[i]) {
				return
			}
		}
	}
}

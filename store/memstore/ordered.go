package memstore

import (
	"iter"
	"slices"
	"sort"
)

// ordered is a sorted set of keys, kept in chunks of sorted slices of at
// most chunkMax keys each: a lookup is a binary search over the chunks'
// last keys, then one within a chunk, and an insert or a delete moves the
// keys of one chunk only, not of the whole set. It backs the indexes that
// list in order from a cursor, with up to a million keys or more.
type ordered[K any] struct {
	cmp    func(a, b K) int
	chunks [][]K // each non-empty and sorted; every key of one sorts before the next's
	n      int
}

const chunkMax = 256

func newOrdered[K any](cmp func(a, b K) int) *ordered[K] { return &ordered[K]{cmp: cmp} }

// locate returns where k is, or would be inserted: its chunk and its
// position there, and whether it is present. In an empty set that is 0, 0.
func (o *ordered[K]) locate(k K) (ci, i int, found bool) {
	if len(o.chunks) == 0 {
		return 0, 0, false
	}
	ci = sort.Search(len(o.chunks), func(c int) bool {
		chunk := o.chunks[c]
		return o.cmp(chunk[len(chunk)-1], k) >= 0
	})
	if ci == len(o.chunks) { // after every key
		ci--
		return ci, len(o.chunks[ci]), false
	}
	i, found = slices.BinarySearchFunc(o.chunks[ci], k, o.cmp)
	return ci, i, found
}

// Insert adds k, replacing the key equal to it if there is one.
func (o *ordered[K]) Insert(k K) {
	ci, i, found := o.locate(k)
	switch {
	case found:
		o.chunks[ci][i] = k
		return
	case len(o.chunks) == 0:
		o.chunks = [][]K{{k}}
	default:
		c := slices.Insert(o.chunks[ci], i, k)
		o.chunks[ci] = c
		if len(c) > chunkMax {
			// Split the chunk in two, each with an array of its own.
			half := len(c) / 2
			o.chunks[ci] = slices.Clone(c[:half])
			o.chunks = slices.Insert(o.chunks, ci+1, slices.Clone(c[half:]))
		}
	}
	o.n++
}

// Delete removes the key equal to k, if there is one.
func (o *ordered[K]) Delete(k K) {
	ci, i, found := o.locate(k)
	if !found {
		return
	}
	c := slices.Delete(o.chunks[ci], i, i+1)
	if len(c) == 0 {
		o.chunks = slices.Delete(o.chunks, ci, ci+1)
	} else {
		o.chunks[ci] = c
	}
	o.n--
}

// Len returns the number of keys.
func (o *ordered[K]) Len() int { return o.n }

// All yields every key in order.
func (o *ordered[K]) All() iter.Seq[K] { return o.from(0, 0) }

// After yields the keys that sort after k, in order.
func (o *ordered[K]) After(k K) iter.Seq[K] {
	ci, i, found := o.locate(k)
	if found {
		i++
	}
	return o.from(ci, i)
}

// from yields the keys from position i of chunk ci on. The set must not
// change while it does.
func (o *ordered[K]) from(ci, i int) iter.Seq[K] {
	return func(yield func(K) bool) {
		for c, j := ci, i; c < len(o.chunks); c, j = c+1, 0 {
			for _, k := range o.chunks[c][j:] {
				if !yield(k) {
					return
				}
			}
		}
	}
}

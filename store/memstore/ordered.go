package memstore

import (
	"iter"

	"github.com/google/btree"
)

// ordered is a sorted set of keys, a B-tree of github.com/google/btree: an
// insert or a delete moves the keys of a node or two (at most 63), not of
// the whole set, and a listing starts from any key, with a million keys
// or more. Reads may run in parallel; a write may not run beside anything.
type ordered[K any] struct {
	tree *btree.BTreeG[K]
	less btree.LessFunc[K]
}

// degree is the B-tree's minimum number of children of a node.
const degree = 32

func newOrdered[K any](cmp func(a, b K) int) *ordered[K] {
	less := func(a, b K) bool { return cmp(a, b) < 0 }
	return &ordered[K]{tree: btree.NewG(degree, less), less: less}
}

// Insert adds k, replacing the key equal to it if there is one.
func (o *ordered[K]) Insert(k K) { o.tree.ReplaceOrInsert(k) }

// Delete removes the key equal to k, if there is one.
func (o *ordered[K]) Delete(k K) { o.tree.Delete(k) }

// Len returns the number of keys.
func (o *ordered[K]) Len() int { return o.tree.Len() }

// All yields every key in order. The set must not change while it does.
func (o *ordered[K]) All() iter.Seq[K] {
	return func(yield func(K) bool) { o.tree.Ascend(yield) }
}

// After yields the keys that sort after k, in order. The set must not
// change while it does.
func (o *ordered[K]) After(k K) iter.Seq[K] {
	return func(yield func(K) bool) {
		o.tree.AscendGreaterOrEqual(k, func(x K) bool { return !o.less(k, x) || yield(x) })
	}
}

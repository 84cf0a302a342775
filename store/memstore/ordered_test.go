package memstore

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// kv is a key of a test set: ordered by k alone, so that an insert of an
// equal key with another v shows whether it replaced the stored one.
type kv struct{ k, v int }

func compareKV(a, b kv) int { return cmp.Compare(a.k, b.k) }

// refInsert and refDelete do to a sorted slice what Insert and Delete do
// to a set.
func refInsert(ref []kv, e kv) []kv {
	i, found := slices.BinarySearchFunc(ref, e, compareKV)
	if found {
		ref[i] = e
		return ref
	}
	return slices.Insert(ref, i, e)
}

func refDelete(ref []kv, e kv) []kv {
	if i, found := slices.BinarySearchFunc(ref, e, compareKV); found {
		return slices.Delete(ref, i, i+1)
	}
	return ref
}

// checkOrdered fails unless o holds exactly ref, in order, in chunks that
// are neither empty nor over chunkMax keys, and lists from start what ref
// holds past it.
func checkOrdered(t interface{ Fatalf(string, ...any) }, o *ordered[kv], ref []kv, start int) {
	if got := slices.Collect(o.All()); !slices.Equal(got, ref) || o.Len() != len(ref) {
		t.Fatalf("All() = %v (Len %d); want %v", got, o.Len(), ref)
	}
	for i, c := range o.chunks {
		if len(c) == 0 || len(c) > chunkMax {
			t.Fatalf("chunk %d of %d holds %d keys; want 1 to %d", i, len(o.chunks), len(c), chunkMax)
		}
	}
	var want []kv
	for _, e := range ref {
		if e.k > start {
			want = append(want, e)
		}
	}
	if got := slices.Collect(o.After(kv{k: start})); !slices.Equal(got, want) {
		t.Fatalf("After(%d) = %v; want %v", start, got, want)
	}
}

// TestOrderedAgainstSortedSlice compares the chunked set with a plain
// sorted slice over random inserts (of new keys and of equal ones, which
// replace), deletes and listings from a start.
func TestOrderedAgainstSortedSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := newOrdered(compareKV)
		var ref []kv
		for i, n := 0, rapid.IntRange(0, 2000).Draw(t, "ops"); i < n; i++ {
			e := kv{rapid.IntRange(0, 1000).Draw(t, "key"), rapid.Int().Draw(t, "value")}
			if len(ref) > 0 && rapid.IntRange(0, 3).Draw(t, "append") == 0 {
				e.k = ref[len(ref)-1].k + 1 // past the last key, as IDs drawn from a clock are
			}
			if rapid.IntRange(0, 3).Draw(t, "delete") == 0 {
				o.Delete(e)
				ref = refDelete(ref, e)
			} else {
				o.Insert(e)
				ref = refInsert(ref, e)
			}
		}
		checkOrdered(t, o, ref, rapid.IntRange(-1, 1001).Draw(t, "start"))
		// A listing stopped early yields a prefix.
		var got []kv
		for e := range o.All() {
			if len(got) == 10 {
				break
			}
			got = append(got, e)
		}
		if n := min(10, len(ref)); !slices.Equal(got, ref[:n]) {
			t.Fatalf("the first %d keys = %v; want %v", n, got, ref[:n])
		}
	})
}

// TestOrderedManyChunks holds the set to a sorted slice through tens of
// thousands of operations, so that it spans many chunks, splits them and
// empties some (a rapid run stays within a few chunks).
func TestOrderedManyChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2026))
	o := newOrdered(compareKV)
	var ref []kv
	maxChunks := 0
	for i := range 40000 {
		e := kv{rng.IntN(30000), i}
		deleting := i >= 30000 && rng.IntN(10) > 0 || rng.IntN(4) == 0 // the last quarter deletes most
		if deleting && len(ref) > 0 {
			e = ref[rng.IntN(len(ref))]
			o.Delete(e)
			ref = refDelete(ref, e)
		} else {
			o.Insert(e)
			ref = refInsert(ref, e)
		}
		maxChunks = max(maxChunks, len(o.chunks))
		if i%2000 == 1999 {
			checkOrdered(t, o, ref, rng.IntN(30000))
		}
	}
	if maxChunks < 20 {
		t.Fatalf("the set spanned at most %d chunks; the test means to span many", maxChunks)
	}
	for _, e := range slices.Clone(ref) {
		o.Delete(e)
	}
	checkOrdered(t, o, nil, 0)
	if len(o.chunks) != 0 {
		t.Fatalf("%d chunks left in an empty set", len(o.chunks))
	}
}

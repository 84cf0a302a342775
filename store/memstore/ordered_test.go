package memstore

import (
	"cmp"
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

// checkOrdered fails unless o holds exactly ref, in order, and lists from
// start what ref holds past it.
func checkOrdered(t interface{ Fatalf(string, ...any) }, o *ordered[kv], ref []kv, start int) {
	if got := slices.Collect(o.All()); !slices.Equal(got, ref) || o.Len() != len(ref) {
		t.Fatalf("All() = %v (Len %d); want %v", got, o.Len(), ref)
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

// TestOrderedAgainstSortedSlice compares the set with a plain sorted slice
// (up to a thousand keys: a tree of several levels) over random inserts (of new keys and of equal ones, which
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

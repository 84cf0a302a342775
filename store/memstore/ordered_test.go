package memstore

import (
	"cmp"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestOrderedAgainstSortedSlice compares the chunked set with a plain
// sorted slice over random inserts, deletes and ascents.
func TestOrderedAgainstSortedSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		o := newOrdered(cmp.Compare[int])
		var ref []int
		for i, n := 0, rapid.IntRange(0, 3000).Draw(t, "ops"); i < n; i++ {
			k := rapid.IntRange(0, 2000).Draw(t, "key")
			j, found := slices.BinarySearch(ref, k)
			if rapid.IntRange(0, 3).Draw(t, "op") == 0 {
				if got := o.Delete(k); got != found {
					t.Fatalf("Delete(%d) = %v; want %v", k, got, found)
				}
				if found {
					ref = slices.Delete(ref, j, j+1)
				}
			} else {
				if got := o.Insert(k); got == found {
					t.Fatalf("Insert(%d) = %v; want %v", k, got, !found)
				}
				if !found {
					ref = slices.Insert(ref, j, k)
				}
			}
		}
		if o.Len() != len(ref) {
			t.Fatalf("Len() = %d; want %d", o.Len(), len(ref))
		}
		start := rapid.IntRange(-1, 2001).Draw(t, "start")
		inclusive := rapid.Bool().Draw(t, "inclusive")
		var got []int
		o.Ascend(&start, inclusive, func(k int) bool { got = append(got, k); return true })
		var want []int
		for _, k := range ref {
			if k > start || (inclusive && k == start) {
				want = append(want, k)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Ascend(%d, %v) = %v; want %v", start, inclusive, got, want)
		}
		got = got[:0]
		o.Ascend(nil, false, func(k int) bool { got = append(got, k); return len(got) < 10 })
		if n := min(10, len(ref)); !slices.Equal(got, ref[:n]) {
			t.Fatalf("Ascend(nil) stopped early = %v; want %v", got, ref[:n])
		}
	})
}

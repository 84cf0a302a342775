package memstore

import (
	"cmp"
	"slices"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
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
			if len(ref) > 0 && rapid.IntRange(0, 3).Draw(t, "append") == 0 {
				k = ref[len(ref)-1] + 1 // past the last key, as keys arriving in order are
			}
			j, found := slices.BinarySearch(ref, k)
			switch rapid.IntRange(0, 5).Draw(t, "op") {
			case 0:
				if got := o.Delete(k); got != found {
					t.Fatalf("Delete(%d) = %v; want %v", k, got, found)
				}
				if found {
					ref = slices.Delete(ref, j, j+1)
				}
			case 1:
				if got, ok := o.Find(k); ok != found || (ok && got != k) {
					t.Fatalf("Find(%d) = %d, %v; want found %v", k, got, ok, found)
				}
			case 2:
				if got, ok := o.Replace(k); ok != found || (ok && got != k) {
					t.Fatalf("Replace(%d) = %d, %v; want found %v", k, got, ok, found)
				}
			default:
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

// TestOrderedInOrderStaysFull: keys inserted in order fill every chunk
// but the last, instead of leaving half-empty ones behind.
func TestOrderedInOrderStaysFull(t *testing.T) {
	o := newOrdered(cmp.Compare[int])
	const n = 5*chunkMax + 7
	for k := range n {
		o.Insert(k)
	}
	for i, c := range o.chunks[:len(o.chunks)-1] {
		if len(c) != chunkMax {
			t.Errorf("chunk %d of %d holds %d keys; want %d", i, len(o.chunks), len(c), chunkMax)
		}
	}
	if got := len(o.chunks); got != n/chunkMax+1 {
		t.Errorf("%d chunks; want %d", got, n/chunkMax+1)
	}
	var got []int
	o.Ascend(nil, false, func(k int) bool { got = append(got, k); return true })
	for k := range n {
		if k >= len(got) || got[k] != k {
			t.Fatalf("key %d missing or out of order", k)
		}
	}
	for i, c := range o.chunks {
		if o.maxes[i] != c[len(c)-1] {
			t.Errorf("maxes[%d] = %d; the chunk ends at %d", i, o.maxes[i], c[len(c)-1])
		}
	}
}

// TestDueEntryOrder checks that the deadline index's packed prefix orders
// exactly like the contract's comparison, on keys chosen to share
// prefixes, differ only in length or in bytes past the prefix, and span
// the whole range of dates.
func TestDueEntryOrder(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) store.Deadline {
		f := rapid.OneOf(
			rapid.StringMatching(`f_[0-9a-v]{0,26}`),
			rapid.StringMatching(`f_0000000[0-9]{0,6}\x00?`),
			rapid.String(),
		).Draw(t, "foreigner")
		due := calendar.NewDate(1, 1, 1).AddDays(rapid.OneOf(rapid.IntRange(0, 3_652_058), rapid.IntRange(739_000, 739_010)).Draw(t, "days"))
		return store.Deadline{
			DeadlineKey: store.DeadlineKey{
				Kind:      store.DeadlineKind(rapid.IntRange(0, 4).Draw(t, "kind")),
				Foreigner: registration.ForeignerID(f),
				Subject:   rapid.StringMatching(`[a-c]{0,3}`).Draw(t, "subject"),
			},
			Due: due,
		}
	})
	sign := func(c int) int { return cmp.Compare(c, 0) }
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		if rapid.Bool().Draw(t, "same date") {
			b.Due, b.Kind = a.Due, a.Kind
		}
		if f := []byte(a.Foreigner); rapid.Bool().Draw(t, "near foreigner") && len(f) > 0 {
			// b's foreigner first differs from a's at a chosen byte, or is
			// a prefix or an extension of it.
			i := rapid.IntRange(0, len(f)-1).Draw(t, "at")
			switch rapid.IntRange(0, 2).Draw(t, "how") {
			case 0:
				f[i] = rapid.Byte().Draw(t, "byte")
				for j := i + 1; j < len(f); j++ {
					f[j] = rapid.Byte().Draw(t, "tail")
				}
			case 1:
				f = f[:i]
			default:
				f = append(f, rapid.Byte().Draw(t, "byte"))
			}
			b.Foreigner = registration.ForeignerID(f)
		}
		x := newDueIndex()
		x.Insert(&a)
		var e dueEntry
		x.entries.Ascend(nil, false, func(k dueEntry) bool { e = k; return false })
		got := sign(x.compareEntry(e, prefixOf(&b), &b))
		want := sign(compareDeadlines(&a, &b))
		if got != want {
			t.Fatalf("compare(%+v, %+v): packed %d; want %d", a, b, got, want)
		}
	})
}

// TestOrderedReplace checks that Replace swaps in the new value of a key
// wherever it sits, the last key of a chunk included, and that the
// chunks' last keys kept aside are exactly the chunks' last elements,
// so that no replaced value lingers there.
func TestOrderedReplace(t *testing.T) {
	type kv struct{ k, v int }
	rapid.Check(t, func(t *rapid.T) {
		o := newOrdered(func(a, b kv) int { return cmp.Compare(a.k, b.k) })
		ref := map[int]int{}
		for i, n := 0, rapid.IntRange(0, 2000).Draw(t, "ops"); i < n; i++ {
			k, v := rapid.IntRange(0, 1500).Draw(t, "key"), rapid.Int().Draw(t, "value")
			old, had := ref[k]
			switch rapid.IntRange(0, 2).Draw(t, "op") {
			case 0:
				got, ok := o.Replace(kv{k, v})
				if ok != had || (ok && got != (kv{k, old})) {
					t.Fatalf("Replace(%d) = %v, %v; want %v, %v", k, got, ok, kv{k, old}, had)
				}
				if had {
					ref[k] = v
				}
			case 1:
				if o.Delete(kv{k: k}) {
					delete(ref, k)
				}
			default:
				if o.Insert(kv{k, v}) {
					ref[k] = v
				}
			}
		}
		for k, v := range ref {
			if got, ok := o.Find(kv{k: k}); !ok || got.v != v {
				t.Fatalf("Find(%d) = %v, %v; want value %d", k, got, ok, v)
			}
		}
		if len(o.maxes) != len(o.chunks) {
			t.Fatalf("%d last keys for %d chunks", len(o.maxes), len(o.chunks))
		}
		for i, c := range o.chunks {
			if o.maxes[i] != c[len(c)-1] {
				t.Fatalf("chunk %d ends with %v; the last keys say %v", i, c[len(c)-1], o.maxes[i])
			}
		}
	})
}

// TestDueIndexAgainstSortedSlice runs random inserts and deletes of
// deadlines (from a small set of keys, so that prefixes tie and slots are
// reused) against a sorted slice, and checks the order, ascents from a
// start, and that the slab holds exactly the indexed deadlines.
func TestDueIndexAgainstSortedSlice(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) *store.Deadline {
		return &store.Deadline{
			DeadlineKey: store.DeadlineKey{
				Kind:      store.DeadlineKind(rapid.IntRange(1, 4).Draw(t, "kind")),
				Foreigner: registration.ForeignerID(rapid.SampledFrom([]string{"f_aaaaaaaaaaaa1", "f_aaaaaaaaaaaa2", "f_b", ""}).Draw(t, "foreigner")),
				Subject:   rapid.StringMatching(`[ab]{0,2}`).Draw(t, "subject"),
			},
			Due: calendar.NewDate(2026, 7, 1).AddDays(rapid.IntRange(0, 3).Draw(t, "day")),
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		x := newDueIndex()
		var ref []*store.Deadline
		for i, n := 0, rapid.IntRange(0, 400).Draw(t, "ops"); i < n; i++ {
			d := gen.Draw(t, "deadline")
			j, found := slices.BinarySearchFunc(ref, d, compareDeadlines)
			if rapid.Bool().Draw(t, "delete") {
				x.Delete(d) // an equal deadline, not the stored pointer; or none
				if found {
					ref = slices.Delete(ref, j, j+1)
				}
			} else if !found {
				x.Insert(d)
				ref = slices.Insert(ref, j, d)
			}
		}
		var got []*store.Deadline
		x.Ascend(nil, false, func(d *store.Deadline) bool { got = append(got, d); return true })
		if len(got) != len(ref) || x.Len() != len(ref) {
			t.Fatalf("index holds %d (Len %d); want %d", len(got), x.Len(), len(ref))
		}
		for i := range ref {
			if got[i] != ref[i] {
				t.Fatalf("deadline %d is %+v; want %+v", i, got[i], ref[i])
			}
		}
		start := gen.Draw(t, "start")
		inclusive := rapid.Bool().Draw(t, "inclusive")
		got = got[:0]
		x.Ascend(start, inclusive, func(d *store.Deadline) bool { got = append(got, d); return true })
		var want []*store.Deadline
		for _, d := range ref {
			if c := compareDeadlines(d, start); c > 0 || (inclusive && c == 0) {
				want = append(want, d)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Ascend(%+v, %v) gave %d deadlines; want %d", start, inclusive, len(got), len(want))
		}
		used := 0
		for _, d := range x.slab {
			if d != nil {
				used++
			}
		}
		if used != len(ref) || len(x.slab)-len(x.free) != len(ref) {
			t.Fatalf("slab: %d used, %d slots, %d free; want %d used", used, len(x.slab), len(x.free), len(ref))
		}
	})
}

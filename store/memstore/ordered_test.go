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
		got := sign(compareDueEntries(entryOf(&a), entryOf(&b)))
		want := sign(compareDeadlines(&a, &b))
		if got != want {
			t.Fatalf("compare(%+v, %+v): packed %d; want %d", a, b, got, want)
		}
	})
}

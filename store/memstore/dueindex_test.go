package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"pgregory.net/rapid"
)

// checkDue checks the deadline index against the foreigners' deadlines:
// in order, the same pointers, and every slab slot accounted for.
func checkDue(t interface{ Fatalf(string, ...any) }, s *Store) {
	want := map[*store.Deadline]bool{}
	for _, f := range s.foreigners {
		for _, d := range f.deadlines {
			want[d] = true
		}
	}
	got := map[*store.Deadline]bool{}
	var prev *store.Deadline
	s.byDue.Ascend(nil, false, func(d *store.Deadline) bool {
		if prev != nil && compareDeadlines(prev, d) >= 0 {
			t.Fatalf("the index is out of order at %+v", d)
		}
		prev = d
		got[d] = true
		return true
	})
	if len(got) != len(want) || s.byDue.Len() != len(want) {
		t.Fatalf("index %d (Len %d); foreigners %d", len(got), s.byDue.Len(), len(want))
	}
	for d := range want {
		if !got[d] {
			t.Fatalf("deadline %+v not indexed by pointer", d)
		}
	}
	used := 0
	for _, d := range s.byDue.slab {
		if d != nil {
			used++
		}
	}
	if used != len(want) || len(s.byDue.slab)-len(s.byDue.free) != len(want) {
		t.Fatalf("slab: used %d, len %d, free %d; want %d", used, len(s.byDue.slab), len(s.byDue.free), len(want))
	}
	seen := map[uint32]bool{}
	for _, f := range s.byDue.free {
		if seen[f] || s.byDue.slab[f] != nil {
			t.Fatalf("free slot %d duplicated or in use", f)
		}
		seen[f] = true
	}
	// The deadlines' memory: each one made is indexed or spare, never
	// both, and a spare one is cleared.
	spare := map[*store.Deadline]bool{}
	for _, d := range s.byDue.spare {
		if spare[d] || want[d] || *d != (store.Deadline{}) {
			t.Fatalf("spare deadline %p: duplicated %v, indexed %v, holds %+v", d, spare[d], want[d], *d)
		}
		spare[d] = true
	}
	if s.byDue.made != len(want)+len(spare) {
		t.Fatalf("%d deadlines made, %d indexed and %d spare: some leaked", s.byDue.made, len(want), len(spare))
	}
}

// TestDueIndexRollback runs random deadline writes in transactions that
// randomly fail, so that rollback re-inserts and deletes through the
// index, and checks after each the index, its slab and its deadlines'
// memory, and the deadlines stored against a map of the committed writes
// (memory reused too early would change a stored deadline).
func TestDueIndexRollback(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		s := New(nil)
		model := map[store.DeadlineKey]store.Deadline{}
		for i, n := 0, rapid.IntRange(1, 30).Draw(t, "txs"); i < n; i++ {
			fail := rapid.Bool().Draw(t, "fail")
			next := maps.Clone(model)
			_ = s.Update(ctx, func(tx store.Tx) error {
				for j, m := 0, rapid.IntRange(0, 8).Draw(t, "ops"); j < m; j++ {
					k := store.DeadlineKey{
						Kind:      store.DeadlineKind(rapid.IntRange(1, 3).Draw(t, "kind")),
						Foreigner: registration.ForeignerID(rapid.SampledFrom([]string{"f_a", "f_b"}).Draw(t, "f")),
						Subject:   rapid.SampledFrom([]string{"", "x"}).Draw(t, "sub"),
					}
					if rapid.Bool().Draw(t, "del") {
						if err := tx.DeleteDeadline(ctx, k); err != nil {
							return err
						}
						delete(next, k)
					} else {
						d := store.Deadline{DeadlineKey: k, Due: calendar.NewDate(2026, 7, 1).AddDays(rapid.IntRange(0, 2).Draw(t, "day")), Registration: registration.ID(fmt.Sprint("r-", i, "-", j))}
						if err := tx.PutDeadline(ctx, d); err != nil {
							return err
						}
						next[k] = d
					}
				}
				if fail {
					return errors.New("fail")
				}
				return nil
			})
			if !fail {
				model = next
			}
			checkDue(t, s)
			var got []store.Deadline
			s.byDue.Ascend(nil, false, func(d *store.Deadline) bool { got = append(got, *d); return true })
			want := slices.SortedFunc(maps.Values(model), func(a, b store.Deadline) int { return compareDeadlines(&a, &b) })
			if !slices.Equal(got, want) {
				t.Fatalf("stored deadlines %+v\nwant %+v", got, want)
			}
		}
	})
}

// TestDueIndexDuplicateInsert: inserting a deadline already indexed, or an
// equal one under another pointer, keeps one entry and leaks no slot.
func TestDueIndexDuplicateInsert(t *testing.T) {
	x := newDueIndex()
	a := &store.Deadline{DeadlineKey: store.DeadlineKey{Kind: 1, Foreigner: "f"}, Due: calendar.NewDate(2026, 7, 1)}
	b := *a
	x.Insert(a)
	x.Insert(a)
	x.Insert(&b)
	x.Delete(&b)
	x.Insert(&b)
	x.Insert(a)
	if x.Len() != 1 || len(x.slab)-len(x.free) != 1 {
		t.Fatalf("Len %d slab %d free %d", x.Len(), len(x.slab), len(x.free))
	}
	var got *store.Deadline
	x.Ascend(nil, false, func(d *store.Deadline) bool { got = d; return true })
	if got != &b {
		t.Fatalf("the index holds %p; want the last one inserted, %p", got, &b)
	}
}

// TestDueIndexManyChunks holds the index to a sorted slice through
// thousands of inserts and deletes, mostly inserts, so that it spans many
// chunks: the search over the chunks' last keys, the placement past the
// last key and the splits all run (a rapid test of a few hundred
// operations stays within one chunk).
func TestDueIndexManyChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2026))
	x := newDueIndex()
	var ref []*store.Deadline
	maxChunks := 0
	for i := range 20000 {
		d := &store.Deadline{
			DeadlineKey: store.DeadlineKey{
				Kind: store.DeadlineKind(1 + rng.IntN(4)),
				// Short IDs, and long ones whose packed 11-byte prefixes are
				// equal, so that the full comparison decides.
				Foreigner: registration.ForeignerID(fmt.Sprintf([]string{"f_%03d", "f_%03da", "f_0000000000%03d"}[rng.IntN(3)], rng.IntN(500))),
				Subject:   fmt.Sprintf("r%d", rng.IntN(40)),
			},
			Due: calendar.NewDate(2026, 7, 1).AddDays(rng.IntN(30)),
		}
		j, found := slices.BinarySearchFunc(ref, d, compareDeadlines)
		phase := i >= 15000 // the last quarter deletes most of what is stored
		switch {
		case len(ref) > 0 && (phase && rng.IntN(10) > 0 || !phase && rng.IntN(4) == 0):
			// Delete a stored deadline, through an equal copy.
			k := rng.IntN(len(ref))
			cp := *ref[k]
			x.Delete(&cp)
			ref = slices.Delete(ref, k, k+1)
		case found || rng.IntN(20) == 0:
			x.Delete(d) // present (a duplicate key) or absent
			if found {
				ref = slices.Delete(ref, j, j+1)
			}
		default:
			x.Insert(d)
			ref = slices.Insert(ref, j, d)
		}
		maxChunks = max(maxChunks, len(x.entries.chunks))
		if i%1000 == 999 || i == 19999 {
			var got []*store.Deadline
			x.Ascend(nil, false, func(d *store.Deadline) bool { got = append(got, d); return true })
			if !slices.Equal(got, ref) || x.Len() != len(ref) {
				t.Fatalf("after %d operations the index holds %d (Len %d), not the %d of the sorted slice", i+1, len(got), x.Len(), len(ref))
			}
		}
	}
	if maxChunks < 10 {
		t.Fatalf("the index spanned at most %d chunks; the test means to span many", maxChunks)
	}
}

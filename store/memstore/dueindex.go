package memstore

import (
	"cmp"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/store"
)

// dueIndex is the deadline index in the contract's order (due date, kind,
// foreigner, subject). Its elements are small (24 bytes) and begin with a
// fixed-size prefix of the sort key, so that an insert moves little memory
// and most comparisons are settled without reading the deadline's strings,
// which live elsewhere on the heap.
type dueIndex struct {
	o *ordered[dueEntry]
}

// dueEntry is an element of the dueIndex. hi holds the due date, the kind
// and the first 3 bytes of the foreigner, lo the next 8, both so that
// comparing them as numbers orders like compareDeadlines (shorter strings
// padded with zeros; equal prefixes fall back to the full comparison).
type dueEntry struct {
	hi, lo uint64
	d      *store.Deadline
}

func newDueIndex() dueIndex { return dueIndex{o: newOrdered(compareDueEntries)} }

// entryOf packs d's sort key into an entry pointing at d.
func entryOf(d *store.Deadline) dueEntry {
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
	return dueEntry{hi: hi, lo: lo, d: d}
}

// compareDueEntries orders entries by their packed prefixes, then, when
// those are equal, by the deadlines themselves.
func compareDueEntries(a, b dueEntry) int {
	if a.hi != b.hi {
		return cmp.Compare(a.hi, b.hi)
	}
	if a.lo != b.lo {
		return cmp.Compare(a.lo, b.lo)
	}
	return compareDeadlines(a.d, b.d)
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

// Insert adds d, which must not change while it is indexed.
func (x dueIndex) Insert(d *store.Deadline) { x.o.Insert(entryOf(d)) }

// Delete removes the deadline with d's key and date.
func (x dueIndex) Delete(d *store.Deadline) { x.o.Delete(entryOf(d)) }

// Ascend calls yield with the deadlines after (or from, when inclusive)
// start in order, until it returns false; nil starts at the first.
func (x dueIndex) Ascend(start *store.Deadline, inclusive bool, yield func(*store.Deadline) bool) {
	var from *dueEntry
	if start != nil {
		e := entryOf(start)
		from = &e
	}
	x.o.Ascend(from, inclusive, func(e dueEntry) bool { return yield(e.d) })
}

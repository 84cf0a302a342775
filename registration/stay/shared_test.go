package stay

import (
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
)

// TestDefaultTableShared: after the first call, RegimeFor and
// DefaultTable read the table built once instead of building it again.
// Counted in allocations, not time: building the table costs hundreds, a
// call a few.
func TestDefaultTableShared(t *testing.T) {
	on := calendar.NewDate(2026, time.July, 1)
	if _, err := RegimeFor("UZB", on); err != nil { // the first call builds the table
		t.Fatalf("RegimeFor(UZB, %v): %v", on, err)
	}
	build := testing.AllocsPerRun(3, func() {
		if _, err := NewTable(defaultRows()); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name string
		call func()
	}{
		{"RegimeFor", func() { regimeSink, _ = RegimeFor("UZB", on) }},
		{"DefaultTable", func() { tableSink = DefaultTable() }},
	} {
		call := testing.AllocsPerRun(100, tc.call)
		t.Logf("%s: %.0f allocations a call; building the table: %.0f", tc.name, call, build)
		if build < 100 || call > 2 {
			t.Errorf("%s allocates %.0f times a call, building the table %.0f times; want at most 2 a call and a build of 100 or more", tc.name, call, build)
		}
	}
}

// The sinks keep what the allocation counts return on the heap, as a
// caller's would be.
var (
	regimeSink Regime
	tableSink  *Table
)

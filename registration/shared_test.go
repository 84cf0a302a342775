package registration

import "testing"

// TestConveniencesShareTheirTables: after the first call, DefaultRulebook
// and NewMessages copy the tables built once instead of building them
// again. Counted in allocations, not time: building the message catalog
// costs thousands, the calendar a DefaultRulebook holds over a hundred
// (calendar's TestKazakhstanSharesItsTables); a call costs a few.
func TestConveniencesShareTheirTables(t *testing.T) {
	DefaultRulebook() // the first calls build the shared tables
	NewMessages()
	build := testing.AllocsPerRun(3, func() { messagesSink = buildMessages() })
	for _, tc := range []struct {
		name string
		call func()
		most float64 // allocations a call may make
	}{
		{"DefaultRulebook", func() { rulebookSink = DefaultRulebook() }, 8},
		{"NewMessages", func() { messagesSink = NewMessages() }, 2},
	} {
		call := testing.AllocsPerRun(100, tc.call)
		t.Logf("%s: %.0f allocations a call", tc.name, call)
		if call > tc.most {
			t.Errorf("%s allocates %.0f times a call; want at most %.0f (a copy of the shared tables)", tc.name, call, tc.most)
		}
	}
	t.Logf("building the message catalog: %.0f allocations", build)
	if build < 100 {
		t.Errorf("building the message catalog allocates %.0f times; want 100 or more, or this test no longer tells a rebuild from a copy", build)
	}
}

// The sinks keep what the allocation counts return on the heap, as a
// caller's would be.
var (
	rulebookSink *Rulebook
	messagesSink *Messages
)

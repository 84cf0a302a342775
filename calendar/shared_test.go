package calendar

import "testing"

// TestKazakhstanSharesItsTables: after the first call, Kazakhstan copies
// the calendar built once instead of building it again. Counted in
// allocations, not time: building it costs hundreds, a call a few.
func TestKazakhstanSharesItsTables(t *testing.T) {
	Kazakhstan() // the first call builds the shared calendar
	build := testing.AllocsPerRun(3, func() { buildKazakhstan() })
	call := testing.AllocsPerRun(100, func() { sink = Kazakhstan() })
	t.Logf("a call: %.0f allocations; a build: %.0f", call, build)
	if build < 100 || call > 2 {
		t.Errorf("Kazakhstan() allocates %.0f times a call, building the calendar %.0f times; want at most 2 a call (a copy of the shared calendar) and a build of 100 or more", call, build)
	}
}

// sink keeps what the allocation counts return on the heap, as a caller's
// would be.
var sink *Calendar

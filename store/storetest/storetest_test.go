package storetest_test

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/storetest"
)

func TestRunOnFake(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return newFake(bugs{}) })
}

func BenchmarkFake(b *testing.B) {
	storetest.RunBenchmarks(b, func(b *testing.B) store.Store { return newFake(bugs{}) })
}

// brokenEnv names the bug TestRunOnBrokenFake gives its fake.
const brokenEnv = "STORETEST_FAKE_BUG"

// brokenFakes are the fakes that forget one rule each.
func brokenFakes() map[string]bugs {
	return map[string]bugs{
		"noVersionCheck": {noVersionCheck: true},
		"noActiveCheck":  {noActiveCheck: true},
		"noEventCheck":   {noEventCheck: true},
		"noFirstCheck":   {noFirstCheck: true},
		"noRollback":     {noRollback: true},
		"shallowCopy":    {shallowCopy: true},
		"offsetCursor":   {offsetCursor: true},
		"duplicateKeys":  {duplicateKeys: true},
		"pendingByNext":  {pendingByNext: true},
		"noClosedCheck":  {noClosedCheck: true},
		"looseTrips":     {looseTrips: true},
		"readsAnyway":    {readsAnyway: true},
	}
}

// TestRunOnBrokenFake runs the suite against a broken fake. It is meant to
// fail, so it runs only in the subprocess TestBrokenFakesFail starts.
func TestRunOnBrokenFake(t *testing.T) {
	name := os.Getenv(brokenEnv)
	if name == "" {
		t.Skip("run by TestBrokenFakesFail")
	}
	b, ok := brokenFakes()[name]
	if !ok {
		t.Fatalf("no broken fake %q", name)
	}
	storetest.Run(t, func(t *testing.T) store.Store { return newFake(b) })
}

// TestBrokenFakesFail checks that the suite can fail: each broken fake
// must fail the subtests of the rule it forgets, without a panic that would
// stop the rest of the suite.
func TestBrokenFakesFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite once per broken fake")
	}
	tests := []struct {
		bug      string
		wantFail []string
	}{
		{"noVersionCheck", []string{"Registration/VersionConflict", "Events/NoRewrite", "Concurrency/ConfirmRejectRace"}},
		{"noActiveCheck", []string{"Invariants/SecondActiveOnCreate", "Invariants/SecondActiveInOneTx", "Invariants/ConfirmWhileAnotherActive", "Concurrency/OneActiveRace"}},
		{"noEventCheck", []string{"Registration/CreateEventsMatchVersion", "Registration/UpdateEventsContinueLog"}},
		{"noFirstCheck", []string{"Registration/CreateEventsMatchVersion"}},
		{"noRollback", []string{"Tx/RollbackOnError", "Tx/RollbackOnPanic", "Each/UndoesFailedUnits"}},
		{"shallowCopy", []string{"Aliasing/RegistrationWritten", "Aliasing/RegistrationRead", "Aliasing/MessageBody"}},
		{"offsetCursor", []string{"List/PaginationStableUnderWrites"}},
		{"duplicateKeys", []string{"Idempotency/Duplicate", "Concurrency/IdempotencyRace"}},
		{"pendingByNext", []string{"Outbox/Pending"}},
		{"noClosedCheck", []string{"Closed/UpdateAndView"}},
		{"looseTrips", []string{"Trips/Invalid"}},
		{"readsAnyway", []string{"Tx/UsedAfterEnd", "Tx/CancelledRead"}},
	}
	failed := regexp.MustCompile(`--- FAIL: TestRunOnBrokenFake/(\S+)`)
	for _, tt := range tests {
		t.Run(tt.bug, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestRunOnBrokenFake$", "-test.count=1")
			cmd.Env = append(os.Environ(), brokenEnv+"="+tt.bug)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a fake with the bug %s; want it to fail", tt.bug)
			}
			if bytes.Contains(out, []byte("panic: ")) {
				t.Errorf("the suite panicked on a fake with the bug %s:\n%s", tt.bug, out)
			}
			got := map[string]bool{}
			var names []string
			for _, m := range failed.FindAllSubmatch(out, -1) {
				got[string(m[1])] = true
				names = append(names, string(m[1]))
			}
			for _, name := range tt.wantFail {
				if !got[name] {
					t.Errorf("with the bug %s, the subtest %s passed; want it to fail (failed: %v)", tt.bug, name, names)
				}
			}
			t.Logf("bug %s fails: %v", tt.bug, names)
		})
	}
}

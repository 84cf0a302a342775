package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Run runs the conformance suite against the store newStore returns. It
// calls newStore once per subtest, expects a fresh, empty store each time,
// and closes it when the subtest ends (see the package documentation).
//
// The subtests are named by topic and rule, such as
// "Registration/VersionConflict" or "Concurrency/ConfirmRejectRace"; they
// run one after another.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	for _, g := range groups() {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					c.run(t, open(t, newStore))
				})
			}
		})
	}
}

// A group is a topic of the suite; its cases are the subtests.
type group struct {
	name  string
	cases []testCase
}

type testCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// groups lists the whole suite. It is a function, not a variable, so that
// the suite has no package-level state.
func groups() []group {
	return []group{
		{"Registration", []testCase{
			{"CreateAndRead", testCreateAndRead},
			{"CountRegistrations", testCountRegistrations},
			{"ForeignerRecords", testForeignerRecords},
			{"NotFound", testNotFound},
			{"NotFoundTextBounded", testNotFoundTextBounded},
			{"DuplicateID", testDuplicateID},
			{"EmptyID", testEmptyID},
			{"CreateEventsMatchVersion", testCreateEventsMatchVersion},
			{"Update", testUpdate},
			{"VersionConflict", testVersionConflict},
			{"UpdateEventsContinueLog", testUpdateEventsContinueLog},
			{"GroupAndGuardian", testGroupAndGuardian},
			{"EndDatesAndPlannedEnd", testEndDatesAndPlannedEnd},
		}},
		{"Invariants", []testCase{
			{"SecondActiveOnCreate", testSecondActiveOnCreate},
			{"SecondActiveInOneTx", testSecondActiveInOneTx},
			{"ConfirmWhileAnotherActive", testConfirmWhileAnotherActive},
			{"SupersedeThenConfirm", testSupersedeThenConfirm},
			{"ActiveAgainAfterEnd", testActiveAgainAfterEnd},
			{"ForeignersAreIndependent", testForeignersAreIndependent},
		}},
		{"Events", []testCase{
			{"AppendOnly", testEventsAppendOnly},
			{"NoRewrite", testEventsNoRewrite},
			{"PerRegistration", testEventsPerRegistration},
		}},
		{"Tx", []testCase{
			{"CommitOnNil", testCommitOnNil},
			{"RollbackOnError", testRollbackOnError},
			{"ReadYourWrites", testReadYourWrites},
			{"RollbackOnPanic", testRollbackOnPanic},
			{"UsedAfterEnd", testUsedAfterEnd},
			{"CancelledRead", testCancelledRead},
		}},
		{"View", []testCase{
			{"ReturnsError", testViewReturnsError},
			{"ConsistentUnderWrites", testViewConsistentUnderWrites},
		}},
		{"List", []testCase{
			{"EmptyStore", testListEmptyStore},
			{"Filters", testListFilters},
			{"Pagination", testListPagination},
			{"CursorRepeatable", testListCursorRepeatable},
			{"ResumeAfterID", testListResumeAfterID},
			{"DefaultLimit", testListDefaultLimit},
			{"LimitOutOfRange", testListLimitOutOfRange},
			{"PaginationStableUnderWrites", testListStableUnderWrites},
			{"PaginationStableUnderConcurrentWrites", testListStableUnderConcurrentWrites},
		}},
		{"Deadlines", []testCase{
			{"QueryAndOrder", testDeadlinesQuery},
			{"Pagination", testDeadlinesPagination},
			{"PutReplaces", testDeadlinesPutReplaces},
			{"Delete", testDeadlinesDelete},
			{"ThroughRequired", testDeadlinesThroughRequired},
			{"UnstorableRecords", testUnstorableRecords},
		}},
		{"Idempotency", []testCase{
			{"PutAndGet", testIdempotencyPutAndGet},
			{"Duplicate", testIdempotencyDuplicate},
			{"EmptyKey", testIdempotencyEmptyKey},
		}},
		{"Outbox", []testCase{
			{"EnqueueAndGet", testOutboxEnqueueAndGet},
			{"Duplicate", testOutboxDuplicate},
			{"EmptyID", testOutboxEmptyID},
			{"Pending", testOutboxPending},
			{"UpdateMessage", testOutboxUpdateMessage},
		}},
		{"Foreigners", []testCase{
			{"PutAndGet", testForeignersPutAndGet},
			{"Replace", testForeignersReplace},
			{"Invalid", testForeignersInvalid},
		}},
		{"Trips", []testCase{
			{"PutAndList", testTripsPutAndList},
			{"From", testTripsFrom},
			{"Invalid", testTripsInvalid},
		}},
		{"Certificates", []testCase{
			{"PutAndGet", testCertificatesPutAndGet},
			{"EmptyRegistration", testCertificatesEmptyRegistration},
		}},
		{"Aliasing", []testCase{
			{"RegistrationWritten", testAliasingRegistrationWritten},
			{"RegistrationRead", testAliasingRegistrationRead},
			{"MessageBody", testAliasingMessageBody},
			{"ReturnedSlices", testAliasingReturnedSlices},
		}},
		{"Each", []testCase{
			{"UndoesFailedUnits", testEachUndoesFailedUnits},
			{"SeesEarlierUnits", testEachSeesEarlierUnits},
			{"PanicRollsBackAll", testEachPanicRollsBackAll},
			{"Cancelled", testEachCancelled},
		}},
		{"Lock", []testCase{
			{"ChecksTheForeigner", testLockChecksTheForeigner},
			{"SerializesAForeigner", testLockSerializesAForeigner},
			{"Registration", testLockRegistration},
		}},
		{"Concurrency", []testCase{
			{"ConfirmRejectRace", testConfirmRejectRace},
			{"OneActiveRace", testOneActiveRace},
			{"CreateRace", testCreateRace},
			{"IdempotencyRace", testIdempotencyRace},
		}},
		{"Strings", []testCase{
			{"KeysAtTheLimit", testKeysAtTheLimit},
			{"TextsAsGiven", testTextsAsGiven},
			{"UnstorableKeysNotFound", testUnstorableKeysNotFound},
		}},
		{"Closed", []testCase{
			{"UpdateAndView", testClosed},
		}},
		{"PersonalData", []testCase{
			{"CertificatesByNumber", testCertificatesByNumber},
			{"Links", testLinks},
			{"ForeignersList", testForeignersList},
			{"IdempotencyExpiry", testIdempotencyExpiry},
			{"Erase", testErase},
			{"EraseHostNames", testEraseHostNames},
		}},
		{"Merge", []testCase{
			{"MovesEverything", testMergeMovesEverything},
			{"Conflicts", testMergeConflicts},
			{"Invalid", testMergeInvalid},
		}},
	}
}

// open returns a fresh store and closes it when the test ends.
func open(t *testing.T, newStore func(t *testing.T) store.Store) store.Store {
	t.Helper()
	s := newStore(t)
	if s == nil {
		t.Fatal("storetest: newStore returned nil")
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil && !errors.Is(err, store.ErrClosed) {
			t.Errorf("Close() = %v; want nil (or store.ErrClosed after an earlier Close)", err)
		}
	})
	return s
}

// update runs fn in a transaction and fails the test if it does not
// commit.
func update(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in a read-only transaction and fails the test on an error.
func view(t *testing.T, s store.Store, fn func(tx store.ReadTx) error) {
	t.Helper()
	if err := s.View(t.Context(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// create stores the records in one transaction.
func create(t *testing.T, s store.Store, recs ...record) {
	t.Helper()
	update(t, s, func(tx store.Tx) error {
		for _, rec := range recs {
			if err := tx.CreateRegistration(t.Context(), rec.reg, rec.events); err != nil {
				return fmt.Errorf("CreateRegistration(%v, %d events): %w", rec.reg, len(rec.events), err)
			}
		}
		return nil
	})
}

// advance stores the transition from rec to next in one transaction, and
// returns the record after it.
func advance(t *testing.T, s store.Store, rec record, next registration.Registration, evs []registration.Event) record {
	t.Helper()
	update(t, s, func(tx store.Tx) error {
		if err := tx.UpdateRegistration(t.Context(), next, rec.reg.Version, evs); err != nil {
			return fmt.Errorf("UpdateRegistration(%v, %d, %d events): %w", next, rec.reg.Version, len(evs), err)
		}
		return nil
	})
	return rec.then(next, evs)
}

// read returns what the store holds for a registration: the registration
// and its events, read in one View.
func read(t *testing.T, s store.Store, id registration.ID) (registration.Registration, []registration.Event, error) {
	t.Helper()
	var r registration.Registration
	var evs []registration.Event
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		var err error
		if r, err = tx.Registration(t.Context(), id); err != nil {
			return fmt.Errorf("Registration(%q): %w", id, err)
		}
		if evs, err = tx.Events(t.Context(), id); err != nil {
			return fmt.Errorf("Events(%q): %w", id, err)
		}
		return nil
	})
	return r, evs, err
}

// checkStored reports an error unless the store holds exactly rec: the
// registration and its whole event log. when says at which point of the
// test, for the message.
func checkStored(t *testing.T, s store.Store, rec record, when string) {
	t.Helper()
	r, evs, err := read(t, s, rec.reg.ID)
	if err != nil {
		t.Errorf("%s: reading registration %q: %v; want %v", when, rec.reg.ID, err, rec.reg)
		return
	}
	if d := diff(r, rec.reg); d != "" {
		t.Errorf("%s: Registration(%q) differs from what was written:\n%s", when, rec.reg.ID, d)
	}
	if d := diff(evs, rec.events); d != "" {
		t.Errorf("%s: Events(%q) differs from what was written:\n%s", when, rec.reg.ID, d)
	}
}

// checkAbsent reports an error unless the store has no registration with
// the ID (and no events for it).
func checkAbsent(t *testing.T, s store.Store, id registration.ID, when string) {
	t.Helper()
	view(t, s, func(tx store.ReadTx) error {
		r, err := tx.Registration(t.Context(), id)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: Registration(%q) = %v, %v; want store.ErrNotFound", when, id, r, err)
		}
		evs, err := tx.Events(t.Context(), id)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: Events(%q) = %d events, %v; want store.ErrNotFound", when, id, len(evs), err)
		}
		return nil
	})
}

// isAny reports whether err matches one of the targets.
func isAny(err error, targets ...error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// names prints the sentinels for a failure message.
func names(errs []error) string {
	s := make([]string, len(errs))
	for i, err := range errs {
		s[i] = err.Error()
	}
	return strings.Join(s, " or ")
}

// ids returns the IDs of registrations, for messages and comparisons.
func ids(rs []registration.Registration) []registration.ID {
	out := make([]registration.ID, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// errDeliberate is the error the suite's functions return to make a
// transaction roll back.
var errDeliberate = errors.New("storetest: deliberate failure")

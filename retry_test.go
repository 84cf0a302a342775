package migreg_test

import (
	"context"
	"errors"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// retryingStore runs every Update's function twice, as a database does
// when it aborts a transaction for a serialization failure: the first
// attempt is rolled back after the function returns, the second commits.
// When between is set, it runs *between once before the next retry, as
// another transaction that commits in that gap would.
type retryingStore struct {
	store.Store
	between *func()
}

var errAbort = errors.New("test: serialization failure")

func (s retryingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		return err
	}
	if s.between != nil && *s.between != nil {
		f := *s.between
		*s.between = nil
		f()
	}
	return s.Store.Update(ctx, fn)
}

// UpdateEach runs every function once in a transaction that is then
// aborted, and then all of them for real.
func (s retryingStore) UpdateEach(ctx context.Context, fns []func(store.Tx) error) []error {
	_ = s.Store.Update(ctx, func(tx store.Tx) error {
		for _, fn := range fns {
			_ = fn(tx)
		}
		return errAbort
	})
	return s.Store.UpdateEach(ctx, fns)
}

// TestServiceSurvivesRetriedTransactions: every command gives the same
// result when the store re-runs its transaction.
func TestServiceSurvivesRetriedTransactions(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc, err := migreg.New(retryingStore{Store: env.Store}, &migreg.Options{InsecureDemoKeys: true,
		Clock: env.Clock, Issuer: env.Issuer, Notifier: env.Inbox, NewID: migregtest.Sequence("q"),
	})
	if err != nil {
		t.Fatal(err)
	}
	p := person("FA1234567")
	if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	req := request(p, landlord(t), "2026-07-01")
	req.IdempotencyKey = "k1"
	r, err := svc.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil || r.State != registration.Confirmed {
		t.Fatalf("Confirm = %v, %v", r.State, err)
	}
	// A hotel checks the guest in: the move is filled in by the first
	// attempt and must be recomputed, not inherited, by the second.
	h := hotel(t)
	in := request(p, h, "2026-07-01")
	in.By, in.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
	got, err := svc.Submit(ctx, in)
	if err != nil || got.State != registration.Confirmed || got.MovedFrom != r.ID {
		t.Fatalf("a hotel check-in under retries = %v from %q, %v; want confirmed, moved from %s", got.State, got.MovedFrom, err, r.ID)
	}
	if old, _ := svc.Registration(ctx, r.ID); old.State != registration.Superseded {
		t.Errorf("the flat's registration is %v; want superseded", old.State)
	}
	if again, err := svc.Submit(ctx, req); err != nil || again.ID != r.ID {
		t.Errorf("a retried submit = %s, %v; want %s", again.ID, err, r.ID)
	}
	if n := env.Store.Stats().Registrations; n != 2 {
		t.Errorf("the store holds %d registrations; want 2", n)
	}
	if _, err := svc.Deliver(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestRetryStartsFromTheRequest: a hotel checks in a guest whose flat's
// registration is active, the database aborts the attempt, and the
// registration is annulled before the retry. The retry must read the
// dossier afresh and file a first registration, not a move from the
// registration the aborted attempt saw (which is no longer active).
func TestRetryStartsFromTheRequest(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	var between func()
	svc, err := migreg.New(retryingStore{Store: env.Store, between: &between}, &migreg.Options{InsecureDemoKeys: true,
		Clock: env.Clock, Issuer: env.Issuer, Notifier: env.Inbox, NewID: migregtest.Sequence("q"),
	})
	if err != nil {
		t.Fatal(err)
	}
	p := person("FA1234567")
	flat, err := env.Service.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if flat, err = env.Service.Confirm(ctx, flat.ID, registration.HostActor(flat.HostID)); err != nil {
		t.Fatal(err)
	}
	between = func() {
		if _, err := env.Service.Annul(ctx, flat.ID, registration.AuthorityActor("MP"), registration.Reason{Code: registration.FalseData}); err != nil {
			t.Errorf("Annul between the attempts: %v", err)
		}
	}
	h := hotel(t)
	in := request(p, h, "2026-07-01")
	in.By, in.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
	got, err := svc.Submit(ctx, in)
	if between != nil {
		t.Fatal("the store did not run the check-in twice")
	}
	if err != nil || got.State != registration.Confirmed || got.MovedFrom != "" {
		t.Fatalf("the check-in retried after the annulment = %v from %q, %v; want confirmed, moved from nowhere", got.State, got.MovedFrom, err)
	}
}

// failingStore refuses to commit: every Update runs its function and then
// fails, as a database whose COMMIT fails does.
type failingStore struct{ store.Store }

var errCommit = errors.New("test: commit failed")

func (s failingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errCommit
	})
	return err
}

// UpdateEach runs the functions, then fails to commit.
func (s failingStore) UpdateEach(ctx context.Context, fns []func(store.Tx) error) []error {
	errs := make([]error, len(fns))
	_ = s.Store.Update(ctx, func(tx store.Tx) error {
		for i, fn := range fns {
			errs[i] = fn(tx)
		}
		return errCommit
	})
	for i := range errs {
		if errs[i] == nil {
			errs[i] = errCommit
		}
	}
	return errs
}

// TestFailedCommitReturnsNoRegistration: a command whose transaction did
// not commit returns the zero registration with the error, never the
// registration it would have stored.
func TestFailedCommitReturnsNoRegistration(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	r, err := env.Service.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	failing, err := migreg.New(failingStore{env.Store}, &migreg.Options{InsecureDemoKeys: true, Clock: env.Clock, NewID: migregtest.Sequence("q")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := failing.Submit(ctx, request(person("FA7654321"), landlord(t), "2026-07-01"))
	if !errors.Is(err, errCommit) || !got.IsZero() {
		t.Errorf("Submit = %v, %v; want the zero registration and the commit's error", got, err)
	}
	got, err = failing.Withdraw(ctx, r.ID, registration.ForeignerActor(r.Foreigner))
	if !errors.Is(err, errCommit) || !got.IsZero() {
		t.Errorf("Withdraw = %v, %v; want the zero registration and the commit's error", got, err)
	}
	results := failing.SubmitBatch(ctx, []migreg.SubmitRequest{request(person("FA7654321"), landlord(t), "2026-07-01")}, migreg.BatchOptions{})
	if !errors.Is(results[0].Err, errCommit) || !results[0].Registration.IsZero() {
		t.Errorf("SubmitBatch = %+v; want the zero registration and the commit's error", results[0])
	}
	stored, err := env.Service.Registration(ctx, r.ID)
	if err != nil || stored.State != registration.Pending {
		t.Errorf("after the failed withdrawal, the stored registration is %v, %v; want it pending", stored, err)
	}
}

func TestRetriedCommandsSucceed(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	r, err := svc.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	host := registration.HostActor(r.HostID)
	first, err := svc.Confirm(ctx, r.ID, host)
	if err != nil {
		t.Fatal(err)
	}
	again, err := svc.Confirm(ctx, r.ID, host) // the reply was lost; the PMS retries
	if err != nil || again.Version != first.Version {
		t.Errorf("a retried confirm = v%d, %v; want v%d, no error", again.Version, err, first.Version)
	}
	if _, err := svc.Reject(ctx, r.ID, host, registration.Reason{Code: registration.HostRefusal}); !errors.Is(err, registration.ErrInvalidTransition) {
		t.Errorf("a reject after the confirm: err = %v; want ErrInvalidTransition", err)
	}
}

// TestRetriesWithoutAKeyConverge: a command retried after an unknown
// outcome (store.ErrCommitUnknown, a lost reply) changes nothing and
// returns the registration, for a submission without an idempotency key
// too, and for a decision whatever happened since it.
func TestRetriesWithoutAKeyConverge(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	req := request(p, landlord(t), "2026-07-01")
	first, err := svc.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := svc.Submit(ctx, req)
	if err != nil || again.ID != first.ID {
		t.Fatalf("the same request again = %s, %v; want %s", again.ID, err, first.ID)
	}
	// Once the first is withdrawn, the same request files a new one.
	if _, err := svc.Withdraw(ctx, first.ID, registration.ForeignerActor(fid(p))); err != nil {
		t.Fatal(err)
	}
	second, err := svc.Submit(ctx, req)
	if err != nil || second.ID == first.ID {
		t.Fatalf("the same request after a withdrawal = %s, %v; want a new registration", second.ID, err)
	}
	host := registration.HostActor(second.HostID)
	if _, err := svc.Confirm(ctx, second.ID, host); err != nil {
		t.Fatal(err)
	}
	// A hotel checks the guest in (a move it fills in), and retries.
	h := hotel(t)
	in := request(p, h, "2026-07-01")
	in.By, in.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
	checkIn, err := svc.Submit(ctx, in)
	if err != nil || checkIn.MovedFrom != second.ID {
		t.Fatalf("the check-in = %v from %q, %v; want a move from %s", checkIn.ID, checkIn.MovedFrom, err, second.ID)
	}
	retried, err := svc.Submit(ctx, in)
	if err != nil || retried.ID != checkIn.ID {
		t.Errorf("the check-in retried = %s, %v; want %s", retried.ID, err, checkIn.ID)
	}
	// The landlord's confirmation, retried after the move superseded it.
	got, err := svc.Confirm(ctx, second.ID, host)
	if err != nil || got.State != registration.Superseded {
		t.Errorf("the confirmation retried after the move = %v, %v; want success, the registration superseded", got.State, err)
	}
	if n := env.Store.Stats().Registrations; n != 3 {
		t.Errorf("the store holds %d registrations; want 3", n)
	}
}

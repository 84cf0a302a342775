package migreg_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/penalty"
)

func TestMoveIsAtomic(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	first, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if first, err = svc.Confirm(ctx, first.ID, registration.HostActor(first.HostID)); err != nil {
		t.Fatal(err)
	}
	_, oldToken, err := svc.Certificate(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(5)
	moved, err := svc.Move(ctx, migreg.MoveRequest{From: first.ID, On: env.Clock.Today(), Host: hotel(t), Address: flat("77"), Place: registration.PrivateHome})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := svc.Registration(ctx, first.ID); r.State != registration.Confirmed {
		t.Errorf("while the move is pending the old address is %v; want still confirmed", r.State)
	}
	if _, err := svc.Move(ctx, migreg.MoveRequest{From: moved.ID, On: env.Clock.Today(), Host: hotel(t), Address: flat("78"), Place: registration.PrivateHome}); !errors.Is(err, migreg.ErrNotActive) {
		t.Errorf("a move from a pending registration: err = %v; want ErrNotActive", err)
	}
	if _, err := svc.Confirm(ctx, moved.ID, registration.HostActor(moved.HostID)); err != nil {
		t.Fatal(err)
	}
	old, _ := svc.Registration(ctx, first.ID)
	if old.State != registration.Superseded || old.SupersededBy != moved.ID {
		t.Errorf("after the move the old registration is %v by %q; want superseded by %s", old.State, old.SupersededBy, moved.ID)
	}
	keys, _ := certificate.NewKeySet(map[string]ed25519.PublicKey{migregtest.KeyID: env.Issuer.PublicKey()})
	v := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}
	if _, err := v.Verify(ctx, oldToken, env.Clock.Today()); !errors.Is(err, certificate.ErrRevoked) {
		t.Errorf("the old address's certificate: err = %v; want ErrRevoked", err)
	}
}

func TestSecondAddressMustBeAMove(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc := env.Service
	p := person("FA1234567")
	r, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	second := request(p, landlord(t), "2026-07-01")
	second.Submission.Address = flat("99")
	var ve *registration.ValidationError
	if _, err := svc.Submit(ctx, second); !errors.As(err, &ve) || !ve.Has("moved_from", registration.CodeRequired) {
		t.Errorf("a second address without moved_from: err = %v; want moved_from: required", err)
	}
	// A hotel checking the guest in records the move itself.
	h := hotel(t)
	checkIn := request(p, h, "2026-07-01")
	checkIn.By, checkIn.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
	got, err := svc.Submit(ctx, checkIn)
	if err != nil || got.MovedFrom != r.ID || got.MovedOn != date("2026-07-02") {
		t.Errorf("a hotel check-in of a registered guest = moved from %q on %v, %v; want from %s on 2026-07-02", got.MovedFrom, got.MovedOn, err, r.ID)
	}
	if old, _ := svc.Registration(ctx, r.ID); old.State != registration.Superseded {
		t.Errorf("the flat's registration is %v; want superseded", old.State)
	}
}

func TestRecordMoveWithoutNewRegistration(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-10-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	p.Citizenship, p.Document.IssuingCountry = "RUS", "RUS" // 90 days per visit
	if err := svc.RecordEntry(ctx, p, date("2026-10-01")); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Submit(ctx, request(p, landlord(t), "2026-10-01"))
	if err != nil {
		t.Fatal(err)
	}
	if r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(date("2026-10-23").In(calendar.KazakhstanZone()).Add(12 * time.Hour))
	if err := svc.RecordMove(ctx, r.ID, date("2026-10-23"), registration.ForeignerActor(fid(p))); err != nil {
		t.Fatal(err)
	}
	due := dueList(t, svc, date("2026-12-31"), migreg.DueReregistration)
	if len(due) != 1 || due[0].Due != date("2026-11-02") || due[0].MovedOn != date("2026-10-23") || due[0].Registration != r.ID {
		t.Fatalf("re-registration deadlines = %+v; want one due 2026-11-02 for the move out of %s on 2026-10-23", due, r.ID)
	}
	vs, err := svc.Assess(ctx, fid(p), date("2026-11-05"))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Offence != penalty.LateReregistration || vs[0].Days != 3 || !vs[0].Ongoing {
		t.Errorf("Assess = %v; want an ongoing late re-registration of 3 days", vs)
	}
	// Registering at the new address clears the deadline.
	env.Clock.Set(date("2026-11-05").In(calendar.KazakhstanZone()).Add(12 * time.Hour))
	m, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-10-23"), Host: landlord(t), Address: flat("12"), Place: registration.PrivateHome})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, m.ID, registration.HostActor(m.HostID)); err != nil {
		t.Fatal(err)
	}
	for d, err := range svc.Due(ctx, date("2026-12-31"), migreg.DueReregistration) {
		t.Errorf("after re-registering, Due still lists %v (%v)", d, err)
	}
}

// TestMoveOutOfACallerChosenID: the re-registration deadline of a move
// out of a registration whose ID the caller chose is found, reported and
// cleared like any other. (An ID with '@', which the deadline's key uses,
// is refused: TestRegistrationIDWithSeparator.)
func TestMoveOutOfACallerChosenID(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-10-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	req := request(p, landlord(t), "2026-10-01")
	req.Submission.ID = "booking-hotel-1"
	r, err := svc.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(date("2026-10-05").In(calendar.KazakhstanZone()).Add(12 * time.Hour))
	if err := svc.RecordMove(ctx, r.ID, date("2026-10-05"), registration.ForeignerActor(fid(p))); err != nil {
		t.Fatal(err)
	}
	due := dueList(t, svc, date("2026-12-31"), migreg.DueReregistration)
	if len(due) != 1 || due[0].Registration != r.ID || due[0].MovedOn != date("2026-10-05") {
		t.Fatalf("re-registration deadlines = %+v; want one for the move out of %s on 2026-10-05", due, r.ID)
	}
	m, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-10-05"), Host: landlord(t), Address: flat("12"), Place: registration.PrivateHome})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, m.ID, registration.HostActor(m.HostID)); err != nil {
		t.Fatal(err)
	}
	for d, err := range svc.Due(ctx, date("2026-12-31"), migreg.DueReregistration) {
		t.Errorf("after re-registering, Due still lists %v (%v)", d, err)
	}
	vs, err := svc.Assess(ctx, fid(p), date("2026-10-20"))
	if err != nil || len(vs) != 0 {
		t.Errorf("Assess = %v, %v; want no violation", vs, err)
	}
}

// TestFailedMoveUnderOldRules: a stay that began before order No. 923
// (1 July 2026) has no re-registration period. A move of it that is
// refused, withdrawn or lapses puts nothing back; before the fix the
// command failed as "internal" (ErrNotRequired from ReregistrationDue),
// and a lapse made every Sweep fail, stopping every foreigner's lapses,
// expiries and reminders.
func TestFailedMoveUnderOldRules(t *testing.T) {
	for _, how := range []string{"reject", "withdraw", "lapse"} {
		ctx := context.Background()
		env := newEnv(t, date("2026-06-10"), nil)
		svc := env.Service
		p := person("FA0000001")
		if err := svc.RecordEntry(ctx, p, date("2026-06-10")); err != nil {
			t.Fatal(err)
		}
		h := hotel(t)
		req := request(p, h, "2026-06-10")
		req.Submission.Place, req.By = registration.Hotel, registration.HostActor(svc.HostID(h))
		r, err := svc.Submit(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.AdvanceDays(28) // 8 July: under order No. 923, but the stay began before it
		m, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: env.Clock.Today(), Host: landlord(t), Address: flat("12"), Place: registration.PrivateHome})
		if err != nil {
			t.Fatal(err)
		}
		switch how {
		case "reject":
			_, err = svc.Reject(ctx, m.ID, registration.HostActor(m.HostID), registration.Reason{Code: registration.HostRefusal})
		case "withdraw":
			_, err = svc.Withdraw(ctx, m.ID, registration.ForeignerActor(m.Foreigner))
		case "lapse":
			env.Clock.AdvanceDays(15)
			_, err = svc.Sweep(ctx)
		}
		if err != nil {
			t.Errorf("%s of a move of a stay that began on 10 June: %v (code %s); want it done", how, err, migreg.WireErrorOf(err).Code)
		}
		if _, err := svc.Sweep(ctx); err != nil {
			t.Errorf("after the %s, Sweep = %v; want it to run", how, err)
		}
	}
}

// TestRecordMoveBeforeMoveIn: a recorded move dated before the guest moved
// into the address is refused, as a check-out on that day is; it was
// accepted, and Assess then fined a re-registration owed from a day the
// guest was still registered there.
func TestRecordMoveBeforeMoveIn(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	r := landlordStay(t, svc, "2026-07-01")
	env.Clock.AdvanceDays(10) // 11 July
	h := hotel(t)
	m, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: env.Clock.Today(), Host: h, Address: flat("12"), Place: registration.Hotel, By: registration.HostActor(svc.HostID(h))})
	if err != nil || m.State != registration.Confirmed {
		t.Fatalf("the hotel's move = %v, %v; want it confirmed", m.State, err)
	}
	err = svc.RecordMove(ctx, m.ID, date("2026-07-02"), registration.HostActor(m.HostID))
	if !errors.Is(err, registration.ErrInvalid) || !hasProblem("moved_on", registration.CodeBeforeEntry)(err) {
		t.Errorf("RecordMove(moved in 11 July, left 2 July) = %v; want moved_on: before_entry", err)
	}
}

// TestMoveProblemsUseItsKeys: Move's problems name MoveRequest's own JSON
// keys, "from" and "on", each once: they said moved_from and moved_on
// (the submission Move files), and an over-long From was reported twice.
func TestMoveProblemsUseItsKeys(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-03"), nil)
	svc := env.Service
	r := landlordStay(t, svc, "2026-07-02")
	move := func(edit func(*migreg.MoveRequest)) migreg.MoveRequest {
		m := migreg.MoveRequest{From: r.ID, On: date("2026-07-03"), Host: hotel(t), Address: flat("12"), Place: registration.Hotel}
		edit(&m)
		return m
	}
	for _, tt := range []struct {
		name string
		req  migreg.MoveRequest
		want string
	}{
		{"From over the ID limit", move(func(m *migreg.MoveRequest) { m.From = registration.ID(strings.Repeat("r", 200)) }), "from: too_long"},
		{"no On", move(func(m *migreg.MoveRequest) { m.On = calendar.Date{} }), "on: required"},
		{"On tomorrow", move(func(m *migreg.MoveRequest) { m.On = date("2026-07-04") }), "on: in_future"},
		{"On before the entry", move(func(m *migreg.MoveRequest) { m.On = date("2026-07-01") }), "on: before_entry"},
	} {
		_, err := svc.Move(ctx, tt.req)
		var got []string
		for _, p := range migreg.WireErrorOf(err).Problems {
			got = append(got, p.Path+": "+string(p.Code))
		}
		if !slices.Equal(got, []string{tt.want}) {
			t.Errorf("%s: Move problems %v (err %v); want [%s]", tt.name, got, err, tt.want)
		}
	}
}

// landlordStay records a foreigner's entry on the day and returns their
// registration at a landlord's flat, confirmed.
func landlordStay(t *testing.T, svc *migreg.Service, entry string) registration.Registration {
	t.Helper()
	ctx := context.Background()
	p := person("FA0000001")
	if err := svc.RecordEntry(ctx, p, date(entry)); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Submit(ctx, request(p, landlord(t), entry))
	if err != nil {
		t.Fatal(err)
	}
	if r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	return r
}

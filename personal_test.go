package migreg_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"math"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
)

// TestCertificateRevokedWhenRegistrationEnds: the certificate of a
// registration that ends (here by the foreigner's exit) fails online
// verification at once, though its ValidUntil has not passed; offline,
// without revocations, it still shows the period it was signed for.
func TestCertificateRevokedWhenRegistrationEnds(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc := env.Service
	p := person("FA1234567")
	r, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	_, token, err := svc.Certificate(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := certificate.NewKeySet(map[string]ed25519.PublicKey{migregtest.KeyID: env.Issuer.PublicKey()})
	online := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}
	offline := certificate.Verifier{Keys: keys}
	if _, err := online.Verify(ctx, token, date("2026-07-05")); err != nil {
		t.Fatalf("the active registration's certificate: %v", err)
	}
	env.Clock.AdvanceDays(3)
	if err := svc.RecordExit(ctx, r.Foreigner, env.Clock.Today()); err != nil {
		t.Fatal(err)
	}
	if _, err := online.Verify(ctx, token, env.Clock.Today()); !errors.Is(err, certificate.ErrRevoked) {
		t.Errorf("after the exit, online: err = %v; want ErrRevoked", err)
	}
	if _, err := offline.Verify(ctx, token, env.Clock.Today()); err != nil {
		t.Errorf("after the exit, offline: err = %v; want the signed period to verify", err)
	}
}

// TestRenewalKeepsStayCount: a foreigner renews their passport. Linked by
// an authority, or carrying the same IIN, the new passport finds the same
// person, so the days of the first trip still count towards 90/180; an
// unlinked passport without an IIN would start from zero (the control,
// which shows the test can fail).
func TestRenewalKeepsStayCount(t *testing.T) {
	ctx := context.Background()
	iin, err := kzid.NewIIN(date("1990-04-12"), kzid.Male, 123)
	if err != nil {
		t.Fatal(err)
	}
	withIIN := func(p registration.Person) registration.Person { p.IIN = iin; return p }
	tests := []struct {
		name     string
		old, new registration.Person
		link     bool
		want     int
	}{
		{"linked by an authority", person("FA1111111"), person("FB2222222"), true, 60 + 11},
		{"the same IIN", withIIN(person("FA1111111")), withIIN(person("FB2222222")), false, 60 + 11},
		{"not linked (control)", person("FA1111111"), person("FB2222222"), false, 11},
	}
	for _, tt := range tests {
		env := newEnv(t, date("2026-09-20"), nil)
		svc := env.Service
		if err := svc.RecordEntry(ctx, tt.old, date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
		oldID, _ := svc.ForeignerID(ctx, tt.old)
		if err := svc.RecordExit(ctx, oldID, date("2026-08-29")); err != nil { // 60 days
			t.Fatal(err)
		}
		if tt.link {
			if err := svc.LinkDocument(ctx, oldID, tt.new, registration.AuthorityActor("MP-Almaty"), "case 2026/17"); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.RecordEntry(ctx, tt.new, date("2026-09-10")); err != nil {
			t.Fatal(err)
		}
		id, _ := svc.ForeignerID(ctx, tt.new)
		st, err := svc.Status(ctx, id, date("2026-09-20"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Stay.Used != tt.want || (id == oldID) != (tt.want > 11) {
			t.Errorf("%s: after the renewal %d days used (same ID: %v); want %d", tt.name, st.Stay.Used, id == oldID, tt.want)
		}
		// Unregistered past day 30 of the first trip: the violation
		// names the person's one ID.
		vs, err := svc.Assess(ctx, id, date("2026-09-20"))
		if err != nil || (tt.want > 11) != (len(vs) > 0) {
			t.Errorf("%s: Assess = %d violations, %v", tt.name, len(vs), err)
		}
		for _, v := range vs {
			if v.Foreigner != id {
				t.Errorf("%s: a violation names foreigner %q; want %q", tt.name, string(v.Foreigner), string(id))
			}
		}
	}
}

func TestLinkDocumentRefuses(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-10"), nil)
	svc := env.Service
	old, renewed, busy := person("FA1111111"), person("FB2222222"), person("FC3333333")
	for _, p := range []registration.Person{old, busy} {
		if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
	}
	oldID, _ := svc.ForeignerID(ctx, old)
	mp := registration.AuthorityActor("MP-Almaty")
	tests := []struct {
		name    string
		known   registration.ForeignerID
		renewed registration.Person
		by      registration.Actor
		want    error
	}{
		{"the foreigner links themselves", oldID, renewed, registration.ForeignerActor(oldID), registration.ErrForbidden},
		{"unknown person", fid(person("FZ0000000")), renewed, mp, migreg.ErrNotFound},
		{"a document whose trip overlaps the person's", oldID, busy, mp, migreg.ErrConflict},
		{"no ID", "", renewed, mp, registration.ErrInvalid},
		{"linked", oldID, renewed, mp, nil},
		{"linked again: no change", oldID, renewed, mp, nil},
	}
	for _, tt := range tests {
		if err := svc.LinkDocument(ctx, tt.known, tt.renewed, tt.by, "case 1"); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: LinkDocument = %v; want %v", tt.name, err, tt.want)
		}
	}
	if got, _ := svc.Person(ctx, oldID); got.Document.Number != renewed.Document.Number {
		t.Errorf("after the link the person record shows document %v; want the renewed one", got.Document)
	}
}

// TestEraseExpired: past retention, a foreigner's personal data is erased
// and the history's shape stays; a foreigner still in the country, or
// within retention, is kept; old idempotency keys expire.
func TestEraseExpired(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), &migreg.Options{Retention: migreg.Retention{AfterEnd: 30}})
	svc := env.Service
	left, stays := person("FA1111111"), person("FA2222222")
	req := request(left, landlord(t), "2026-07-01")
	req.IdempotencyKey = "booking-1"
	r, err := svc.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Submit(ctx, request(stays, landlord(t), "2026-07-01")); err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(8)
	if err := svc.RecordExit(ctx, r.Foreigner, env.Clock.Today()); err != nil { // 10 July
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(30) // 9 August: within 30 days of the exit
	rep, err := svc.EraseExpired(ctx)
	if err != nil || rep.Erased != 0 || rep.Checked != 2 || rep.IdempotencyExpired != 1 {
		t.Errorf("within retention: EraseExpired = %+v, %v; want 2 checked, none erased, the 38-day-old key expired", rep, err)
	}
	env.Clock.AdvanceDays(1)
	if rep, err = svc.EraseExpired(ctx); err != nil || rep.Erased != 1 {
		t.Errorf("past retention: EraseExpired = %+v, %v; want 1 erased", rep, err)
	}
	if _, err := svc.Person(ctx, r.Foreigner); !errors.Is(err, migreg.ErrNotFound) {
		t.Errorf("the erased person: %v; want ErrNotFound", err)
	}
	got, err := svc.Registration(ctx, r.ID)
	if err != nil || got.State != registration.Ended || got.Person.Document.Number != "" || got.Person.Surname != "" || got.Address.Street != "" {
		t.Errorf("the erased registration: %v, %v %q %q; want its state kept and no personal data", err, got.State, got.Person.Surname, got.Address.Street)
	}
	stillID, _ := svc.ForeignerID(ctx, stays)
	if p, err := svc.Person(ctx, stillID); err != nil || p.Surname == "" {
		t.Errorf("the foreigner still in the country: %v; want kept", err)
	}
	if rep, err = svc.EraseExpired(ctx); err != nil || rep.Erased != 0 {
		t.Errorf("again: %+v, %v; want nothing erased twice", rep, err)
	}
}

// TestEraseExpiredLongRetention: a retention of more days than the
// calendar holds (a "keep for ever" such as math.MaxInt) keeps the data;
// counted as a date it was the zero Date, before every day, and erased
// the day after the foreigner left.
func TestEraseExpiredLongRetention(t *testing.T) {
	for _, tt := range []struct {
		afterEnd   int
		wantErased int
	}{
		{30, 1},
		{2_900_000, 0},
		{3_000_000, 0},
		{math.MaxInt32, 0},
		{math.MaxInt, 0},
	} {
		ctx := context.Background()
		env := newEnv(t, date("2026-07-02"), &migreg.Options{Retention: migreg.Retention{AfterEnd: tt.afterEnd}})
		r, err := env.Service.Submit(ctx, request(person("FA1111111"), landlord(t), "2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Service.RecordExit(ctx, r.Foreigner, env.Clock.Today()); err != nil {
			t.Fatal(err)
		}
		env.Clock.AdvanceDays(40)
		rep, err := env.Service.EraseExpired(ctx)
		if err != nil || rep.Erased != tt.wantErased {
			t.Errorf("AfterEnd %d, 40 days after the exit: EraseExpired = %+v, %v; want %d erased", tt.afterEnd, rep, err, tt.wantErased)
		}
	}
}

// TestSweepLongReminderHorizon: ReminderDays past the calendar's last day
// reminds of every deadline; counted as a date it was the zero Date, which
// the store refuses as a bound, and every Sweep failed.
func TestSweepLongReminderHorizon(t *testing.T) {
	for _, days := range []int{3, 3_000_000, math.MaxInt} {
		ctx := context.Background()
		env := newEnv(t, date("2026-07-01"), &migreg.Options{ReminderDays: days})
		if err := env.Service.RecordEntry(ctx, person("FA0000001"), date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
		// Due on 30 July: within 3 days on 27 July.
		env.Clock.AdvanceDays(26)
		if rep, err := env.Service.Sweep(ctx); err != nil || rep.Reminders != 1 {
			t.Errorf("ReminderDays %d: Sweep = %+v, %v; want 1 reminder", days, rep, err)
		}
	}
}

// TestErasedMessagesNotDelivered: the messages of a foreigner erased
// before they were delivered, one given up on (parked) and one never
// tried, no longer hold the fields their kinds document; Deliver never
// hands them to the Notifier, not even after Retry, and takes them out of
// the queue.
func TestErasedMessagesNotDelivered(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), &migreg.Options{Retention: migreg.Retention{AfterEnd: 30}, MaxAttempts: 1})
	svc := env.Service
	p := person("FA1111111")
	r, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	env.Inbox.Fail = func(migreg.Notification) bool { return true } // "smtp: 550 mailbox ... unavailable"
	if rep, err := svc.Deliver(ctx, 0); err != nil || rep.GaveUp != 1 {
		t.Fatalf("Deliver = %+v, %v; want the host's request given up on", rep, err)
	}
	env.Inbox.Fail = nil
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil { // the decision waits for the next Deliver
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(8)
	if err := svc.RecordExit(ctx, r.Foreigner, env.Clock.Today()); err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(31)
	if rep, err := svc.EraseExpired(ctx); err != nil || rep.Erased != 1 {
		t.Fatalf("EraseExpired = %+v, %v; want the foreigner erased", rep, err)
	}
	if err := svc.Retry(ctx, string(r.ID)+"/1"); err != nil { // left parked
		t.Fatal(err)
	}
	// The decision is parked, not delivered; the request stays parked.
	for i, want := range []migreg.DeliveryReport{{Erased: 1}, {}} {
		rep, err := svc.Deliver(ctx, 0)
		if err != nil || rep != want {
			t.Errorf("Deliver %d after the erasure = %+v, %v; want %+v", i+1, rep, err, want)
		}
	}
	for _, n := range env.Inbox.Received() {
		t.Errorf("the notifier received %s %s: %s; want no message of the erased foreigner", n.ID, n.Kind, n.Body)
	}
}

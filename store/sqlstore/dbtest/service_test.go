package dbtest

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// The Service on each database, through one lifecycle: an entry, a
// submission, the host's confirmation, the certificate, the notifications.

func TestSQLiteService(t *testing.T) { serviceLifecycle(t, newSQLiteStore(t)) }

func TestPostgresService(t *testing.T) { serviceLifecycle(t, newPostgresStore(t, openPostgres(t))) }

func serviceLifecycle(t *testing.T, s store.Store) {
	ctx := t.Context()
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	var seed [ed25519.SeedSize]byte
	issuer, err := certificate.NewIssuer("test-1", ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	var notified []string
	notifier := migreg.NotifierFunc(func(_ context.Context, n migreg.Notification) error {
		notified = append(notified, n.Kind)
		return nil
	})
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: clock, Issuer: issuer, Notifier: notifier, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h, err := host(1)
	if err != nil {
		t.Fatal(err)
	}
	p := person(1)
	if err := svc.RecordEntry(ctx, p, entryDay); err != nil {
		t.Fatalf("RecordEntry: %v", err)
	}
	req := migreg.SubmitRequest{
		Submission: registration.Submission{
			Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
			Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		},
		IdempotencyKey: "cabinet-1",
	}
	r, err := svc.Submit(ctx, req)
	if err != nil || r.State != registration.Pending {
		t.Fatalf("Submit = %v, %v; want a pending registration", r, err)
	}
	// A retry returns the same registration.
	if again, err := svc.Submit(ctx, req); err != nil || again.ID != r.ID {
		t.Errorf("Submit again with the same key = %v, %v; want %s", again.ID, err, r.ID)
	}
	now = now.Add(2 * time.Hour)
	c, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
	if err != nil || c.State != registration.Confirmed || c.Version != 2 {
		t.Fatalf("Confirm = %v, %v; want it confirmed at version 2", c, err)
	}
	if hist, err := svc.History(ctx, r.ID); err != nil || len(hist) != 2 {
		t.Errorf("History = %d events, %v; want 2", len(hist), err)
	}

	cert, token, err := svc.Certificate(ctx, r.ID)
	if err != nil {
		t.Fatalf("Certificate: %v", err)
	}
	keys, err := certificate.NewKeySet(map[string]ed25519.PublicKey{"test-1": issuer.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	v, err := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}.Verify(ctx, token, calendar.MustParseDate("2026-07-10"))
	if err != nil || v.Number != cert.Number {
		t.Errorf("Verify(the stored token) = %v, %v; want certificate %v", v.Number, err, cert.Number)
	}

	rep, err := svc.Deliver(ctx, 0)
	if err != nil || rep.Delivered != 2 || !slices.Equal(notified, []string{migreg.NotifyHostRequest, migreg.NotifyDecision}) {
		t.Errorf("Deliver = %+v, %v, notified %v; want the host's request and the decision delivered", rep, err, notified)
	}
	if rep, err := svc.Deliver(ctx, 0); err != nil || rep.Delivered != 0 {
		t.Errorf("Deliver again = %+v, %v; want nothing left to deliver", rep, err)
	}

	st, err := svc.Status(ctx, demo.Foreigner(p), calendar.MustParseDate("2026-07-10"))
	if err != nil || st.Active == nil || st.Active.ID != r.ID || st.Certificate == "" {
		t.Errorf("Status = %+v, %v; want %s active with its certificate", st, err, r.ID)
	}
}

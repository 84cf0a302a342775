package migreg_test

import (
	"context"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
)

// TestNotificationBodies holds every kind of notification to the format
// the Notify constants document, byte for byte: a host's request, the
// decisions (confirmed with the certificate, superseded, rejected with the
// host's words), a withdrawal, and a reminder.
func TestNotificationBodies(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	h := landlord(t)
	r, err := svc.Submit(ctx, request(p, h, "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	c, _, err := svc.Certificate(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(2)
	moved, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-07-03"), Host: h, Address: flat("12"), Place: registration.PrivateHome})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reject(ctx, moved.ID, registration.HostActor(moved.HostID), registration.Reason{Code: registration.HostRefusal, Note: `no room "here"`}); err != nil {
		t.Fatal(err)
	}
	again, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-07-03"), Host: h, Address: flat("14"), Place: registration.PrivateHome})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Withdraw(ctx, again.ID, registration.ForeignerActor(fid(p))); err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(7) // three days before the re-registration deadline (5 working days after the move, across Capital Day)
	if _, err := svc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Deliver(ctx, 0); err != nil {
		t.Fatal(err)
	}
	host, foreigner := string(r.HostID), string(fid(p))
	want := []struct{ id, kind, to, body string }{
		{"r-000001/1", migreg.NotifyHostRequest, host, `{"registration":"r-000001","event":"submitted","on":"2026-07-01","host_due":"2026-07-07","address":"Алматы, проспект Абая, 10, 5","place":"private_home","entry":"2026-07-01"}`},
		{"r-000001/2", migreg.NotifyDecision, foreigner, `{"registration":"r-000001","event":"confirmed","on":"2026-07-01","valid_until":"2026-07-30","certificate":"` + c.Number.String() + `"}`},
		{"r-000002/1", migreg.NotifyHostRequest, host, `{"registration":"r-000002","event":"submitted","on":"2026-07-03","host_due":"2026-07-09","address":"Алматы, проспект Абая, 12, 5","place":"private_home","entry":"2026-07-01"}`},
		{"r-000002/2", migreg.NotifyDecision, foreigner, `{"registration":"r-000002","event":"rejected","on":"2026-07-03","reason":{"code":"host_refusal","note":"no room \"here\""}}`},
		{"r-000003/1", migreg.NotifyHostRequest, host, `{"registration":"r-000003","event":"submitted","on":"2026-07-03","host_due":"2026-07-09","address":"Алматы, проспект Абая, 14, 5","place":"private_home","entry":"2026-07-01"}`},
		{"r-000003/2", migreg.NotifyRequestClosed, host, `{"registration":"r-000003","event":"withdrawn","on":"2026-07-03"}`},
		{"reminder/reregistration/" + foreigner + "/r-000001@2026-07-03", migreg.NotifyReminder, foreigner, `{"deadline":"reregistration","due":"2026-07-13","entry":"2026-07-01"}`},
	}
	got := env.Inbox.Received()
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("%s %s %s", g.ID, g.Kind, g.Body)
		}
		t.Fatalf("%d notifications; want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Kind != w.kind || g.To != w.to || string(g.Body) != w.body {
			t.Errorf("notification %d = %s %s to %s:\n%s\nwant %s %s to %s:\n%s", i, g.ID, g.Kind, g.To, g.Body, w.id, w.kind, w.to, w.body)
		}
	}
}

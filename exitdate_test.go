package migreg_test

import (
	"context"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// TestEndsRecordTheirOwnDate: an exit, a departure's lapse and the end of
// the stay close a registration on the day they happened, whenever the
// Service learns of them; the audit log keeps the day processed (on)
// beside it (effective_on).
func TestEndsRecordTheirOwnDate(t *testing.T) {
	tests := []struct {
		name      string
		hotel     bool   // a hotel's check-in (confirmed), else a pending request
		exit      string // the exit date; "" for none (Sweep ends the stay)
		processed string // the day the Service records it
		wantState registration.State
		wantOn    string // ClosedOn and the last event's EffectiveOn
	}{
		{"exit recorded 3 days late", true, "2026-07-10", "2026-07-13", registration.Ended, "2026-07-10"},
		{"exit recorded the same day", true, "2026-07-10", "2026-07-10", registration.Ended, "2026-07-10"},
		{"request lapses on the exit date", false, "2026-07-03", "2026-07-06", registration.Lapsed, "2026-07-03"},
		{"stay ends on its last day, swept later", true, "", "2026-08-03", registration.Ended, "2026-07-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			env := newEnv(t, date("2026-07-01"), nil)
			svc := env.Service
			p := person("FA1234567")
			if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
				t.Fatal(err)
			}
			req := request(p, landlord(t), "2026-07-01")
			if tt.hotel {
				h := hotel(t)
				req = request(p, h, "2026-07-01")
				req.By, req.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
			}
			r, err := svc.Submit(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			env.Clock.Set(date(tt.processed).In(calendar.KazakhstanZone()).Add(11 * time.Hour))
			if tt.exit != "" {
				err = svc.RecordExit(ctx, fid(p), date(tt.exit))
			} else {
				_, err = svc.Sweep(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := svc.Registration(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			events, err := svc.History(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := events[len(events)-1]
			if got.State != tt.wantState || got.ClosedOn != date(tt.wantOn) || last.EffectiveOn != date(tt.wantOn) || last.On != date(tt.processed) {
				t.Errorf("exit %q processed %s: %v closed on %v, last event on %v effective %v; want %v closed and effective on %s, processed on %s",
					tt.exit, tt.processed, got.State, got.ClosedOn, last.On, last.EffectiveOn, tt.wantState, tt.wantOn, tt.processed)
			}
		})
	}
}

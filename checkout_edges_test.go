package migreg_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/penalty"
)

// Regressions of a review of the check-out (issue 22): the duty to
// re-register is the same whichever way a guest left the address, is owed
// only with a lawful day left, and a late check-out agrees with Sweep.

// bookedStay is newHotelStay with a booking that ends on planned.
func bookedStay(t *testing.T, planned string) hotelStay {
	t.Helper()
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	h := hotelStay{env: env, svc: env.Service, guest: person("FA1234567"), desk: hotel(t)}
	if err := h.svc.RecordEntry(ctx, h.guest, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	req := checkIn(h.guest, h.desk)
	req.Submission.PlannedEnd = date(planned)
	var err error
	if h.reg, err = h.svc.Submit(ctx, req); err != nil || h.reg.State != registration.Confirmed {
		t.Fatalf("check-in = %v, %v", h.reg.State, err)
	}
	return h
}

// kinds lists the deadlines as "kind due".
func kinds(ds []migreg.Deadline) string {
	out := ""
	for _, d := range ds {
		out += fmt.Sprintf("%v %v; ", d.Kind, d.Due)
	}
	return out
}

// TestRefusedRefilingRestoresTheDuty: after a booking ends (by a check-out,
// or by Sweep on its planned end) the guest owes a re-registration; a
// filing the landlord refuses puts the deadline back, and Assess reports
// it once missed. Before the fix the Sweep case lost it for good.
func TestRefusedRefilingRestoresTheDuty(t *testing.T) {
	for _, via := range []string{"check-out", "sweep"} {
		t.Run(via, func(t *testing.T) {
			ctx := context.Background()
			h := bookedStay(t, "2026-07-05")
			h.at("2026-07-07")
			var err error
			if via == "check-out" {
				_, err = h.svc.CheckOut(ctx, h.checkOut("2026-07-05"))
			} else {
				_, err = h.svc.Sweep(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			before := kinds(h.due(t))
			r, err := h.svc.Submit(ctx, request(h.guest, landlord(t), "2026-07-01"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.svc.Reject(ctx, r.ID, registration.HostActor(r.HostID), registration.Reason{Code: registration.HostRefusal}); err != nil {
				t.Fatal(err)
			}
			if got := kinds(h.due(t)); got != before || got == "" {
				t.Errorf("due after the refusal = %q; want %q, as before the filing", got, before)
			}
			vs, err := h.svc.Assess(ctx, fid(h.guest), date("2026-07-25"))
			if err != nil || len(vs) != 1 || vs[0].Offence != penalty.LateReregistration {
				t.Errorf("Assess(07-25) = %v, %v; want one late_reregistration", vs, err)
			}
		})
	}
}

// TestCheckOutOnTheLastLawfulDay: a guest checked out on the last day the
// stay limits allow must leave; no re-registration is owed, so none is
// due, notified or fined.
func TestCheckOutOnTheLastLawfulDay(t *testing.T) {
	ctx := context.Background()
	h := newHotelStay(t)
	last := h.reg.ValidUntil
	h.at(last.String())
	if _, err := h.svc.CheckOut(ctx, h.checkOut(last.String())); err != nil {
		t.Fatal(err)
	}
	if got := kinds(h.due(t)); got != "" {
		t.Errorf("check-out on the last lawful day %v: due %q; want nothing", last, got)
	}
	vs, err := h.svc.Assess(ctx, fid(h.guest), last.AddDays(20))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Offence == penalty.LateReregistration {
			t.Errorf("Assess 20 days on: %v; want no late_reregistration (only the overstay)", v)
		}
	}
}

// TestLateCheckOutAgreesWithSweep: a check-out reported for a day after the
// booking's end ends the registration on that end, whether Sweep ran
// first or not, and succeeds either way.
func TestLateCheckOutAgreesWithSweep(t *testing.T) {
	for _, sweepFirst := range []bool{false, true} {
		t.Run(fmt.Sprint("sweep first ", sweepFirst), func(t *testing.T) {
			ctx := context.Background()
			h := bookedStay(t, "2026-07-05")
			h.at("2026-07-10")
			if sweepFirst {
				if _, err := h.svc.Sweep(ctx); err != nil {
					t.Fatal(err)
				}
			}
			got, err := h.svc.CheckOut(ctx, h.checkOut("2026-07-08"))
			if err != nil || got.State != registration.Ended || got.ClosedOn != date("2026-07-05") {
				t.Fatalf("CheckOut(on 07-08) of a booking until 07-05 = %v closed %v, %v; want ended on 07-05", got.State, got.ClosedOn, err)
			}
			if due := h.due(t); len(due) != 1 || due[0].Due != date("2026-07-13") {
				t.Errorf("due = %q; want one re-registration due 2026-07-13 (5 working days from 07-05)", kinds(due))
			}
		})
	}
}

// TestAnnulmentRestoresTheDuty: a registration annulled for false data
// does not count as filed (Assess reports the stay unregistered), so the
// overdue scan lists its registration deadline again, as after a refusal.
// Before the fix an annulled foreigner dropped out of Due, Sweep and
// Status.Deadlines while Assess fined them.
func TestAnnulmentRestoresTheDuty(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc := env.Service
	r, err := svc.Submit(ctx, request(person("FA0000001"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		t.Fatal(err)
	}
	if got := dueList(t, svc, date("2026-12-31"), migreg.DueRegistration); len(got) != 0 {
		t.Fatalf("registered: due %v; want no registration deadline", got)
	}
	env.Clock.AdvanceDays(40)
	if _, err := svc.Annul(ctx, r.ID, registration.AuthorityActor("MP Almaty"), registration.Reason{Code: registration.FalseData}); err != nil {
		t.Fatal(err)
	}
	got := dueList(t, svc, env.Clock.Today(), migreg.DueRegistration)
	if len(got) != 1 || got[0].Due != date("2026-07-30") {
		t.Errorf("annulled: due %v; want the registration deadline of 30 July again", got)
	}
	st, err := svc.Status(ctx, r.Foreigner, env.Clock.Today())
	if err != nil || len(st.Deadlines) != 1 {
		t.Errorf("annulled: Status = %v, %v; want the registration deadline in it", st.Deadlines, err)
	}
}

package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
)

// TestPlannedEndThroughTheService: a booking's planned end, given at
// check-in or in a foreigner's request, caps the registration's validity;
// one past the latest lawful exit is refused with the date the stay would
// have to end, in Go and on the wire.
func TestPlannedEndThroughTheService(t *testing.T) {
	tests := []struct {
		name       string
		hotel      bool
		planned    string
		wantUntil  string
		wantLatest string // a refusal's latest exit
	}{
		{"hotel, a week", true, "2026-07-08", "2026-07-08", ""},
		{"hotel, no planned end", true, "", "2026-07-30", ""},
		{"flat, ten days, confirmed later", false, "2026-07-11", "2026-07-11", ""},
		{"hotel, past the 30 days", true, "2026-08-05", "", "2026-07-30"},
		{"flat, past the 30 days", false, "2026-08-05", "", "2026-07-30"},
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
				req = checkIn(p, hotel(t))
			}
			if tt.planned != "" {
				req.Submission.PlannedEnd = date(tt.planned)
			}
			r, err := svc.Submit(ctx, req)
			if tt.wantLatest != "" {
				var re *registration.RefusalError
				we := migreg.WireErrorOf(err)
				if !errors.As(err, &re) || re.LatestExit != date(tt.wantLatest) || we.Code != migreg.CodeRefused || we.LatestExit != date(tt.wantLatest) {
					t.Fatalf("Submit planned to %s = %v, %v (wire %+v); want refused with latest exit %s", tt.planned, r.State, err, we, tt.wantLatest)
				}
				b, _ := json.Marshal(we)
				var back migreg.WireError
				var backRefusal *registration.RefusalError
				if err := json.Unmarshal(b, &back); err != nil || back.LatestExit != date(tt.wantLatest) || !errors.Is(&back, registration.ErrRefused) ||
					!errors.As(&back, &backRefusal) || backRefusal.LatestExit != date(tt.wantLatest) {
					t.Errorf("the wire error %s reads back as %+v, %v", b, back, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.hotel {
				env.Clock.AdvanceDays(1)
				if r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
					t.Fatal(err)
				}
			}
			if r, err = svc.Registration(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			if r.ValidUntil != date(tt.wantUntil) || r.PlannedEnd != req.Submission.PlannedEnd {
				t.Errorf("planned %q: valid until %v, planned end %v; want until %s", tt.planned, r.ValidUntil, r.PlannedEnd, tt.wantUntil)
			}
		})
	}
}

// TestDecodePlannedEnd: a client's raw JSON carries the planned end.
func TestDecodePlannedEnd(t *testing.T) {
	for _, tt := range []struct {
		json string
		want string
		bad  bool
	}{
		{`{"planned_end": "2026-07-08"}`, "2026-07-08", false},
		{`{}`, "", false},
		{`{"planned_end": "8 July"}`, "", true},
	} {
		s, err := registration.DecodeSubmission([]byte(tt.json))
		var ve *registration.ValidationError
		hasBad := errors.As(err, &ve) && ve.Has("planned_end", registration.CodeInvalid)
		if hasBad != tt.bad || (tt.want != "" && s.PlannedEnd != date(tt.want)) {
			t.Errorf("DecodeSubmission(%s) = planned end %v, %v; want %q (invalid: %v)", tt.json, s.PlannedEnd, err, tt.want, tt.bad)
		}
	}
}

// TestPlannedEndPasses: a booking whose planned end passes without a
// check-out ends on that day when Sweep runs; a guest who may stay
// longer must re-register as after a check-out, one whose stay ends with
// the booking owes nothing more.
func TestPlannedEndPasses(t *testing.T) {
	tests := []struct {
		name       string
		planned    string
		sweepOn    string
		wantClosed string
		wantRereg  bool
	}{
		{"a week's booking, swept two days later", "2026-07-08", "2026-07-10", "2026-07-08", true},
		{"booked to the last lawful day", "2026-07-30", "2026-08-01", "2026-07-30", false},
		{"no planned end: the stay ran out", "", "2026-08-01", "2026-07-30", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			h := newHotelStay(t)
			if tt.planned != "" {
				// Checked in again the same day, now with the booking's end.
				req := checkIn(h.guest, h.desk)
				req.Submission.PlannedEnd = date(tt.planned)
				req.Submission.Address = flat("12")
				var err error
				if h.reg, err = h.svc.Submit(ctx, req); err != nil {
					t.Fatal(err)
				}
			}
			h.at(tt.sweepOn)
			if _, err := h.svc.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
			r, err := h.svc.Registration(ctx, h.reg.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.State != registration.Ended || r.Reason.Code != registration.StayExpired || r.ClosedOn != date(tt.wantClosed) {
				t.Errorf("planned %q, swept on %s: %v (%v) closed on %v; want ended, stay_expired, on %s", tt.planned, tt.sweepOn, r.State, r.Reason, r.ClosedOn, tt.wantClosed)
			}
			var rereg []migreg.Deadline
			for _, d := range h.due(t) {
				if d.Kind == migreg.DueReregistration {
					rereg = append(rereg, d)
				}
			}
			if (len(rereg) == 1) != tt.wantRereg || (tt.wantRereg && (rereg[0].MovedOn != date(tt.planned) || rereg[0].Registration != r.ID)) {
				t.Errorf("planned %q: re-registration deadlines %v; want one from %s: %v", tt.planned, rereg, tt.planned, tt.wantRereg)
			}
		})
	}
}

// TestMoveWithPlannedEnd: a move into a hotel carries the booking's end.
func TestMoveWithPlannedEnd(t *testing.T) {
	ctx := context.Background()
	h := newHotelStay(t)
	h.at("2026-07-05")
	other := hotel(t)
	other.Name = "Hotel Astana"
	by := registration.HostActor(hid(other))
	moved, err := h.svc.Move(ctx, migreg.MoveRequest{From: h.reg.ID, On: date("2026-07-05"), Host: other, Address: flat("44"),
		Place: registration.Hotel, By: by, PlannedEnd: date("2026-07-09")})
	if err != nil || moved.PlannedEnd != date("2026-07-09") || moved.ValidUntil != date("2026-07-09") {
		t.Fatalf("Move with a planned end = planned %v, valid until %v, %v; want both 2026-07-09", moved.PlannedEnd, moved.ValidUntil, err)
	}
	_, err = h.svc.Move(ctx, migreg.MoveRequest{From: moved.ID, On: date("2026-07-05"), Host: h.desk, Address: flat("10"),
		Place: registration.Hotel, By: registration.HostActor(h.reg.HostID), PlannedEnd: date("2026-08-09")})
	var re *registration.RefusalError
	if !errors.As(err, &re) || re.LatestExit != date("2026-07-30") {
		t.Errorf("Move planned past the stay = %v; want refused with the latest exit 2026-07-30", err)
	}
}

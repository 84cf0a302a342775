package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/penalty"
)

// hotelStay is a guest who entered on 1 July 2026 and whom the hotel
// checked in the same day.
type hotelStay struct {
	env   *testEnv
	svc   *migreg.Service
	guest registration.Person
	desk  registration.Host
	reg   registration.Registration
}

func newHotelStay(t *testing.T) hotelStay {
	t.Helper()
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	h := hotelStay{env: env, svc: env.Service, guest: person("FA1234567"), desk: hotel(t)}
	if err := h.svc.RecordEntry(ctx, h.guest, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	var err error
	h.reg, err = h.svc.Submit(ctx, checkIn(h.guest, h.desk))
	if err != nil || h.reg.State != registration.Confirmed {
		t.Fatalf("check-in = %v, %v", h.reg.State, err)
	}
	return h
}

// checkIn is a hotel's check-in of its guest on entry on 1 July 2026.
func checkIn(p registration.Person, desk registration.Host) migreg.SubmitRequest {
	req := request(p, desk, "2026-07-01")
	req.By, req.Submission.Place = registration.HostActor(hid(desk)), registration.Hotel
	return req
}

// at sets the clock to 11:00 in Kazakhstan on the day.
func (h hotelStay) at(day string) {
	h.env.Clock.Set(date(day).In(calendar.KazakhstanZone()).Add(11 * time.Hour))
}

func (h hotelStay) checkOut(on string) migreg.CheckOutRequest {
	return migreg.CheckOutRequest{Registration: h.reg.ID, On: date(on), By: registration.HostActor(h.reg.HostID)}
}

// due returns the deadlines listed for the guest through a far date.
func (h hotelStay) due(t *testing.T) []migreg.Deadline {
	t.Helper()
	var out []migreg.Deadline
	for d, err := range h.svc.Due(context.Background(), date("2026-12-31")) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Foreigner == fid(h.guest) {
			out = append(out, d)
		}
	}
	return out
}

// TestCheckOutRefuses: a check-out that cannot be recorded is a typed
// error naming what was wrong, and changes nothing.
func TestCheckOutRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, h *hotelStay) migreg.CheckOutRequest
		check func(err error) bool
		want  string
	}{
		{"no date", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			r := h.checkOut("2026-07-05")
			r.On = calendar.Date{}
			return r
		}, hasProblem("on", registration.CodeRequired), "on: required"},
		{"tomorrow", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest { return h.checkOut("2026-07-11") },
			hasProblem("on", registration.CodeInFuture), "on: in_future"},
		{"before the entry", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest { return h.checkOut("2026-06-30") },
			hasProblem("on", registration.CodeBeforeEntry), "on: before_entry"},
		{"before moving in", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			// The guest moved to another hotel on 5 July.
			h.at("2026-07-05")
			other := hotel(t)
			other.Name = "Hotel Astana"
			req := checkIn(h.guest, other)
			req.Submission.Address = flat("44")
			moved, err := h.svc.Submit(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			h.at("2026-07-10")
			return migreg.CheckOutRequest{Registration: moved.ID, On: date("2026-07-04"), By: registration.HostActor(moved.HostID)}
		}, hasProblem("on", registration.CodeBeforeEntry), "on: before_entry"},
		{"no registration", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			r := h.checkOut("2026-07-05")
			r.Registration = "r-unknown"
			return r
		}, is(migreg.ErrNotFound), "ErrNotFound"},
		{"no registration ID", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			r := h.checkOut("2026-07-05")
			r.Registration = ""
			return r
		}, hasProblem("registration", registration.CodeRequired), "registration: required"},
		{"another hotel", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			r := h.checkOut("2026-07-05")
			r.By = registration.HostActor(hid(landlord(t)))
			return r
		}, is(registration.ErrForbidden), "ErrForbidden"},
		{"the foreigner", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			r := h.checkOut("2026-07-05")
			r.By = registration.ForeignerActor(fid(h.guest))
			return r
		}, is(registration.ErrForbidden), "ErrForbidden"},
		{"a pending request", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			// A second guest whose own request at a flat awaits its host.
			p := person("FA7654321")
			if err := h.svc.RecordEntry(context.Background(), p, date("2026-07-01")); err != nil {
				t.Fatal(err)
			}
			r, err := h.svc.Submit(context.Background(), request(p, landlord(t), "2026-07-01"))
			if err != nil {
				t.Fatal(err)
			}
			return migreg.CheckOutRequest{Registration: r.ID, On: date("2026-07-05"), By: registration.HostActor(r.HostID)}
		}, transitionFrom(registration.Pending), "a *TransitionError from pending"},
		{"a guest who left the country", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			if err := h.svc.RecordExit(context.Background(), fid(h.guest), date("2026-07-04")); err != nil {
				t.Fatal(err)
			}
			return h.checkOut("2026-07-05")
		}, transitionFrom(registration.Ended), "a *TransitionError from ended"},
		{"checked out already on another date", func(t *testing.T, h *hotelStay) migreg.CheckOutRequest {
			if _, err := h.svc.CheckOut(context.Background(), h.checkOut("2026-07-04")); err != nil {
				t.Fatal(err)
			}
			return h.checkOut("2026-07-05")
		}, transitionFrom(registration.Ended), "a *TransitionError from ended"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHotelStay(t)
			h.at("2026-07-10")
			req := tt.setup(t, &h)
			before, _ := h.svc.History(context.Background(), req.Registration)
			got, err := h.svc.CheckOut(context.Background(), req)
			if !tt.check(err) || !got.IsZero() {
				t.Fatalf("CheckOut(%v) = %v, %v; want %s", req, got, err, tt.want)
			}
			after, _ := h.svc.History(context.Background(), req.Registration)
			if len(after) != len(before) {
				t.Errorf("CheckOut(%v) failed but the history grew from %d to %d events", req, len(before), len(after))
			}
		})
	}
}

func hasProblem(path string, code registration.Code) func(error) bool {
	return func(err error) bool {
		var ve *registration.ValidationError
		return errors.As(err, &ve) && ve.Has(path, code)
	}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func transitionFrom(s registration.State) func(error) bool {
	return func(err error) bool {
		var te *registration.TransitionError
		return errors.As(err, &te) && te.From == s && te.Command == registration.CmdEnd
	}
}

// TestCheckOutThenWhat: after a check-out the registration ends on the
// check-out date; a guest who stays must re-register within 5 working
// days (Due lists it, Assess reports it missed), a guest who registers
// elsewhere in time or leaves the country owes nothing.
func TestCheckOutThenWhat(t *testing.T) {
	tests := []struct {
		name      string
		checkOut  string // the check-out date (processed on 10 July)
		then      string // "stay", "hotel" (checked in elsewhere on next), "exit" (left on next)
		next      string
		assessOn  string
		wantDue   bool // a re-registration deadline listed after "then"
		wantLate  int  // days of late re-registration Assess reports on assessOn
		wantMoved bool // the next registration completes the move from the hotel
	}{
		{"stays, never re-registers", "2026-07-10", "stay", "", "2026-07-27", true, 10, false},
		{"stays, reported two days late, on the last day", "2026-07-08", "stay", "", "2026-07-15", true, 0, false},
		{"stays, reported two days late, a day after", "2026-07-08", "stay", "", "2026-07-16", true, 1, false},
		{"registers at another hotel in time", "2026-07-10", "hotel", "2026-07-13", "2026-07-27", false, 0, true},
		{"registers at another hotel late", "2026-07-10", "hotel", "2026-07-20", "2026-07-27", false, 3, true},
		{"leaves the country", "2026-07-10", "exit", "2026-07-11", "2026-07-27", false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			h := newHotelStay(t)
			h.at("2026-07-10")
			out, err := h.svc.CheckOut(ctx, h.checkOut(tt.checkOut))
			if err != nil {
				t.Fatal(err)
			}
			if out.State != registration.Ended || out.Reason.Code != registration.CheckedOut || out.ClosedOn != date(tt.checkOut) {
				t.Errorf("checked out on %s: %v (%v) closed on %v; want ended, checked_out, on %s", tt.checkOut, out.State, out.Reason, out.ClosedOn, tt.checkOut)
			}
			rd, err := h.svc.Rules().ReregistrationDue(date("2026-07-01"), date(tt.checkOut))
			if err != nil {
				t.Fatal(err)
			}
			if due := h.due(t); len(due) != 1 || due[0].Kind != migreg.DueReregistration || due[0].Due != rd.Due ||
				due[0].Registration != h.reg.ID || due[0].MovedOn != date(tt.checkOut) {
				t.Errorf("after the check-out on %s Due lists %v; want the re-registration due %v", tt.checkOut, due, rd.Due)
			}
			var next registration.Registration
			switch tt.then {
			case "hotel":
				h.at(tt.next)
				other := hotel(t)
				other.Name = "Hotel Astana"
				req := checkIn(h.guest, other)
				req.Submission.Address = flat("44")
				if next, err = h.svc.Submit(ctx, req); err != nil {
					t.Fatal(err)
				}
			case "exit":
				h.at(tt.next)
				if err := h.svc.RecordExit(ctx, fid(h.guest), date(tt.next)); err != nil {
					t.Fatal(err)
				}
			}
			due := h.due(t)
			hasRereg := false
			for _, d := range due {
				hasRereg = hasRereg || d.Kind == migreg.DueReregistration
			}
			if hasRereg != tt.wantDue {
				t.Errorf("then %s %s: Due lists %v; want a re-registration: %v", tt.then, tt.next, due, tt.wantDue)
			}
			if moved := next.MovedFrom == h.reg.ID && next.MovedOn == date(tt.checkOut); moved != tt.wantMoved {
				t.Errorf("the next registration moved from %q on %v; want from the hotel on %s: %v", next.MovedFrom, next.MovedOn, tt.checkOut, tt.wantMoved)
			}
			h.at(tt.assessOn)
			vs, err := h.svc.Assess(ctx, fid(h.guest), date(tt.assessOn))
			if err != nil {
				t.Fatal(err)
			}
			late := 0
			for _, v := range vs {
				if v.Offence == penalty.LateReregistration {
					late = v.Days
				}
			}
			if late != tt.wantLate {
				t.Errorf("Assess on %s = %v; want %d days of late re-registration", tt.assessOn, vs, tt.wantLate)
			}
		})
	}
}

// TestCheckOutNotifiesAndRetries: the foreigner and the host are told
// through the outbox, once; a retry returns the registration unchanged.
func TestCheckOutNotifiesAndRetries(t *testing.T) {
	ctx := context.Background()
	h := newHotelStay(t)
	h.at("2026-07-10")
	req := h.checkOut("2026-07-09")
	first, err := h.svc.CheckOut(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := h.svc.CheckOut(ctx, req)
	if err != nil || again.Version != first.Version {
		t.Fatalf("a retried CheckOut = v%d, %v; want v%d, nil", again.Version, err, first.Version)
	}
	if _, err := h.svc.Deliver(ctx, 0); err != nil {
		t.Fatal(err)
	}
	rd, _ := h.svc.Rules().ReregistrationDue(date("2026-07-01"), date("2026-07-09"))
	want := map[string]string{
		migreg.NotifyDecision:   `{"registration":"` + string(h.reg.ID) + `","event":"ended","on":"2026-07-10","reason":{"code":"checked_out"},"effective_on":"2026-07-09","reregister_by":"` + rd.Due.String() + `"}`,
		migreg.NotifyCheckedOut: `{"registration":"` + string(h.reg.ID) + `","event":"ended","on":"2026-07-10","effective_on":"2026-07-09"}`,
	}
	to := map[string]string{migreg.NotifyDecision: string(fid(h.guest)), migreg.NotifyCheckedOut: string(h.reg.HostID)}
	got := map[string]int{}
	for _, n := range h.env.Inbox.Received() {
		if n.Registration != h.reg.ID || (n.Kind != migreg.NotifyDecision && n.Kind != migreg.NotifyCheckedOut) {
			continue
		}
		var compact, wantBody any
		_ = json.Unmarshal(n.Body, &compact)
		if compact.(map[string]any)["event"] != "ended" {
			continue // the check-in's confirmation
		}
		got[n.Kind]++
		_ = json.Unmarshal([]byte(want[n.Kind]), &wantBody)
		if b1, _ := json.Marshal(compact); string(b1) != mustJSON(t, wantBody) || n.To != to[n.Kind] {
			t.Errorf("%s to %s: %s; want to %s: %s", n.Kind, n.To, n.Body, to[n.Kind], want[n.Kind])
		}
	}
	if got[migreg.NotifyDecision] != 1 || got[migreg.NotifyCheckedOut] != 1 {
		t.Errorf("notifications %v; want one decision and one checked_out", got)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCheckOutBatch: a group checks out at noon; each item has its own
// result, and a bad item blocks none of the others.
func TestCheckOutBatch(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	desk := hotel(t)
	var regs []registration.Registration
	for _, doc := range []string{"FA0000001", "FA0000002", "FA0000003"} {
		p := person(doc)
		if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
		r, err := svc.Submit(ctx, checkIn(p, desk))
		if err != nil {
			t.Fatal(err)
		}
		regs = append(regs, r)
	}
	env.Clock.Set(date("2026-07-05").In(calendar.KazakhstanZone()).Add(12 * time.Hour))
	by := registration.HostActor(hid(desk))
	reqs := []migreg.CheckOutRequest{
		{Registration: regs[0].ID, On: date("2026-07-05"), By: by},
		{Registration: regs[1].ID, On: date("2026-07-06"), By: by}, // tomorrow
		{Registration: "r-unknown", On: date("2026-07-05"), By: by},
		{Registration: regs[2].ID, On: date("2026-07-05"), By: by},
		{Registration: regs[0].ID, On: date("2026-07-05"), By: by}, // the same again
	}
	got := svc.CheckOutBatch(ctx, reqs)
	wantOK := []bool{true, false, false, true, true}
	for i, res := range got {
		if res.Index != i || (res.Err == nil) != wantOK[i] {
			t.Errorf("item %d (%v): %+v; want ok=%v", i, reqs[i], res, wantOK[i])
			continue
		}
		if wantOK[i] && (res.Registration.State != registration.Ended || res.Registration.ClosedOn != date("2026-07-05")) {
			t.Errorf("item %d: %v closed on %v; want ended on 2026-07-05", i, res.Registration.State, res.Registration.ClosedOn)
		}
	}
	if !hasProblem("on", registration.CodeInFuture)(got[1].Err) || !errors.Is(got[2].Err, migreg.ErrNotFound) {
		t.Errorf("errors %v, %v; want on: in_future, ErrNotFound", got[1].Err, got[2].Err)
	}
	if r, _ := svc.Registration(ctx, regs[1].ID); r.State != registration.Confirmed {
		t.Errorf("the guest whose item failed is %v; want still confirmed", r.State)
	}
	over := svc.CheckOutBatch(ctx, make([]migreg.CheckOutRequest, migreg.MaxBatchItems+1))
	if !errors.Is(over[0].Err, registration.ErrLimit) {
		t.Errorf("a batch over the limit: %v; want ErrLimit", over[0].Err)
	}
}

package registration

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

// file submits through the rulebook and fails the test on error.
func file(t *testing.T, rb *Rulebook, s Submission, trips []stay.Trip, by Actor, when time.Time) Registration {
	t.Helper()
	r, _, err := rb.Submit(s.WithIDs(demo), trips, by, when)
	if err != nil {
		t.Fatalf("Submit(%s): %v", s.ID, err)
	}
	return r
}

func confirm(t *testing.T, r Registration, when time.Time) Registration {
	t.Helper()
	r, _, err := r.Confirm(HostActor(r.HostID), d("2026-12-31"), when)
	if err != nil {
		t.Fatalf("Confirm(%s): %v", r.ID, err)
	}
	return r
}

type wantViolation struct {
	offence  penalty.Offence
	offender penalty.Offender
	since    string
	days     int
	ongoing  bool
	amount   string // "" when unpriced
}

func checkViolations(t *testing.T, name string, got []Violation, want []wantViolation) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d violations %v; want %d", name, len(got), got, len(want))
		return
	}
	for i, w := range want {
		g := got[i]
		amount := ""
		if g.Sanction != nil {
			amount = g.Sanction.Amount.String()
		}
		if g.Offence != w.offence || g.Offender != w.offender || g.Since.String() != w.since || g.Days != w.days || g.Ongoing != w.ongoing || amount != w.amount {
			t.Errorf("%s: violation %d = %v %v since %v, %d days, ongoing %v, amount %q; want %v %v since %s, %d days, ongoing %v, amount %q",
				name, i, g.Offence, g.Offender, g.Since, g.Days, g.Ongoing, amount, w.offence, w.offender, w.since, w.days, w.ongoing, w.amount)
		}
		if w.amount == "" && g.Unpriced == nil {
			t.Errorf("%s: violation %d is neither priced nor explained", name, i)
		}
	}
}

func TestAssessNotRegistered(t *testing.T) {
	rb := DefaultRulebook()
	uz := samplePerson()
	h := History{Person: uz, Trips: []stay.Trip{{Entry: d("2026-07-01")}}}
	got, err := rb.Assess(h, d("2026-08-05"))
	if err != nil {
		t.Fatal(err)
	}
	checkViolations(t, "never registered, still present", got, []wantViolation{
		// Due 30 July; 31 July is the first day in breach (15 MRP of 2026, L).
		{penalty.NotRegistered, penalty.Foreigner, "2026-07-31", 6, true, "64875"},
		// The per-visit cap of 30 days ended on 30 July: 6 days overstayed,
		// a tier the sources do not confirm.
		{penalty.Overstay, penalty.Foreigner, "2026-07-31", 6, true, ""},
	})
	if !errors.Is(got[1].Unpriced, penalty.ErrUnconfirmed) {
		t.Errorf("the 6-day overstay: Unpriced = %v; want penalty.ErrUnconfirmed", got[1].Unpriced)
	}
	if c := got[0].Citation(); c.Article != 517 {
		t.Errorf("not registered: citation %v; want art. 517", c)
	}

	// Leaving by the 30th day needs no registration.
	h.Trips[0].Exit = d("2026-07-30")
	if got, err := rb.Assess(h, d("2026-08-05")); err != nil || len(got) != 0 {
		t.Errorf("left on the due date: %v, %v; want no violation", got, err)
	}
	// Before the due date nothing is late yet.
	h.Trips[0].Exit = calendar0
	if got, err := rb.Assess(h, d("2026-07-30")); err != nil || len(got) != 0 {
		t.Errorf("assessed on the due date: %v, %v; want no violation", got, err)
	}
}

func TestAssessLateRegistrationAndMoves(t *testing.T) {
	rb := DefaultRulebook()
	ru := samplePerson()
	ru.Citizenship, ru.Document.IssuingCountry = "RUS", "RUS"
	trips := []stay.Trip{{Entry: d("2026-09-01")}}

	s1 := sampleSubmission(t, "r-1", "2026-09-01")
	s1.Person = ru
	r1 := confirm(t, file(t, rb, s1, trips, ForeignerActor(fid(ru)), at("2026-10-03")), at("2026-10-04"))

	// Moved on Friday 23 October; 5 working days end on 2 November.
	s2 := s1
	s2.ID, s2.Address.Building, s2.MovedFrom, s2.MovedOn = "r-2", "12", "r-1", d("2026-10-23")
	r2 := file(t, rb, s2, trips, ForeignerActor(fid(ru)), at("2026-11-03"))

	got, err := rb.Assess(History{Person: ru, Trips: trips, Registrations: []Registration{r1, r2}}, d("2026-11-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkViolations(t, "late registration and late re-registration", got, []wantViolation{
		{penalty.NotRegistered, penalty.Foreigner, "2026-10-01", 3, false, "64875"},
		{penalty.LateReregistration, penalty.Foreigner, "2026-11-03", 1, false, "64875"},
	})

	// A move with no registration at the new address: late while it lasts.
	got, err = rb.Assess(History{Person: ru, Trips: trips, Registrations: []Registration{r1}, Moves: []Move{{From: "r-1", On: d("2026-10-23")}}}, d("2026-11-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkViolations(t, "moved, never re-registered", got, []wantViolation{
		{penalty.NotRegistered, penalty.Foreigner, "2026-10-01", 3, false, "64875"},
		{penalty.LateReregistration, penalty.Foreigner, "2026-11-03", 8, true, "64875"},
	})
}

func TestAssessRefusedRequestDoesNotCount(t *testing.T) {
	rb := DefaultRulebook()
	uz := samplePerson()
	trips := []stay.Trip{{Entry: d("2026-07-01"), Exit: d("2026-07-31")}}
	r := file(t, rb, sampleSubmission(t, "r-1", "2026-07-01"), trips, ForeignerActor(fid(uz)), at("2026-07-05"))
	r, _, err := r.Reject(HostActor(r.HostID), Reason{Code: HostRefusal}, at("2026-07-06"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := rb.Assess(History{Person: uz, Trips: trips, Registrations: []Registration{r}}, d("2026-08-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkViolations(t, "refused, not re-filed, left on day 31", got, []wantViolation{
		{penalty.NotRegistered, penalty.Foreigner, "2026-07-31", 1, false, "64875"},
		{penalty.Overstay, penalty.Foreigner, "2026-07-31", 1, false, "0"}, // a warning
	})
	if !got[1].Sanction.Rule.Sanction.Warning {
		t.Errorf("a 1-day overstay: sanction %v; want a warning", got[1].Sanction)
	}
}

func TestAssessHostLateNotification(t *testing.T) {
	rb := DefaultRulebook()
	ru := samplePerson()
	ru.Citizenship, ru.Document.IssuingCountry = "RUS", "RUS"
	trips := []stay.Trip{{Entry: d("2026-03-02"), Exit: d("2026-03-20")}}
	s := sampleSubmission(t, "n-1", "2026-03-02")
	s.Person, s.Host, s.Place = ru, sampleHotel(t), Hotel
	// Arrival Monday 2 March: 3 working days end on Thursday 5 March.
	n := file(t, rb, s, trips, HostActor(hid(s.Host)), at("2026-03-10"))
	got, err := rb.Assess(History{Person: ru, Trips: trips, Registrations: []Registration{n}}, d("2026-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	// A medium business: 15 MRP of 2026.
	checkViolations(t, "hotel notified late (old regime)", got, []wantViolation{
		{penalty.HostLateNotification, penalty.HostEntity, "2026-03-06", 5, false, "64875"},
	})
	if got[0].Host != hid(s.Host) || got[0].Size != penalty.MediumBusiness {
		t.Errorf("the violation names host %s, size %v; want %s, medium", got[0].Host, got[0].Size, hid(s.Host))
	}
}

func TestAssessFinesAcrossYears(t *testing.T) {
	rb := DefaultRulebook()
	uz := samplePerson()
	tests := []struct {
		name       string
		entry, out string
		since      string
		days       int
		amount     string
	}{
		// 30-day visits overstayed by 4 days: 10 MRP of the year of the
		// first day in breach.
		{"2024", "2024-06-01", "2024-07-04", "2024-07-01", 4, "36920"},
		{"2025", "2025-06-01", "2025-07-04", "2025-07-01", 4, "39320"},
		{"2026", "2026-03-01", "2026-04-03", "2026-03-31", 4, "43250"},
		// 3 days: a warning; 5 days: still 10 MRP.
		{"3 days", "2026-03-01", "2026-04-02", "2026-03-31", 3, "0"},
		{"5 days", "2026-03-01", "2026-04-04", "2026-03-31", 5, "43250"},
	}
	for _, tt := range tests {
		h := History{Person: uz, Trips: []stay.Trip{{Entry: d(tt.entry), Exit: d(tt.out)}}}
		got, err := rb.Assess(h, d(tt.out).AddDays(30))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		checkViolations(t, tt.name, got, []wantViolation{{penalty.Overstay, penalty.Foreigner, tt.since, tt.days, false, tt.amount}})
		if tt.amount != "0" && len(got) == 1 && got[0].Sanction != nil && !got[0].Sanction.Amount.Equal(decimal.RequireFromString(tt.amount)) {
			t.Errorf("%s: amount %v; want %s", tt.name, got[0].Sanction.Amount, tt.amount)
		}
	}
}

func TestAssessRepeatAndFalseData(t *testing.T) {
	rb := DefaultRulebook()
	uz := samplePerson()
	trips := []stay.Trip{
		{Entry: d("2026-01-05"), Exit: d("2026-02-07")}, // 4 days over 30
		{Entry: d("2026-05-01"), Exit: d("2026-06-03")}, // again, within a year
	}
	got, err := rb.Assess(History{Person: uz, Trips: trips}, d("2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	checkViolations(t, "two overstays", got, []wantViolation{
		{penalty.Overstay, penalty.Foreigner, "2026-02-04", 4, false, "43250"},
		{penalty.Overstay, penalty.Foreigner, "2026-05-31", 4, false, ""},
	})
	if len(got) == 2 && (!got[1].Repeat || !errors.Is(got[1].Unpriced, penalty.ErrUnconfirmed)) {
		t.Errorf("second overstay: repeat %v, unpriced %v; want a repeat with an unconfirmed price", got[1].Repeat, got[1].Unpriced)
	}

	trips = []stay.Trip{{Entry: d("2026-07-01"), Exit: d("2026-07-20")}}
	r := confirm(t, file(t, rb, sampleSubmission(t, "r-1", "2026-07-01"), trips, ForeignerActor(fid(uz)), at("2026-07-02")), at("2026-07-03"))
	r, _, err = r.Annul(AuthorityActor("MP Almaty"), Reason{Code: FalseData, Note: "address does not exist"}, at("2026-07-10"))
	if err != nil {
		t.Fatal(err)
	}
	got, err = rb.Assess(History{Person: uz, Trips: trips, Registrations: []Registration{r}}, d("2026-08-01"))
	if err != nil {
		t.Fatal(err)
	}
	checkViolations(t, "annulled for false data", got, []wantViolation{
		{penalty.FalseData, penalty.Foreigner, "2026-07-10", 1, false, ""},
	})
}

func TestAssessErrors(t *testing.T) {
	rb := DefaultRulebook()
	p := samplePerson()
	if _, err := rb.Assess(History{Person: p}, calendar0); !errors.Is(err, ErrInvalid) {
		t.Errorf("Assess on the zero date: err = %v; want ErrInvalid", err)
	}
	bad := History{Person: p, Trips: []stay.Trip{{Entry: d("2026-07-10"), Exit: d("2026-07-01")}}}
	if _, err := rb.Assess(bad, d("2026-08-01")); !errors.Is(err, stay.ErrInvalidTrip) {
		t.Errorf("Assess with an exit before entry: err = %v; want stay.ErrInvalidTrip", err)
	}
	// A visa national's visit is history the stay checks do not judge: no
	// overstay, and no error (issue 20).
	p.Citizenship = "TKM"
	vs, err := rb.Assess(History{Person: p, Trips: []stay.Trip{{Entry: d("2026-07-01")}}}, d("2026-12-01"))
	if err != nil {
		t.Errorf("Assess of a visa national: err = %v; want none", err)
	}
	for _, v := range vs {
		if v.Offence == penalty.Overstay {
			t.Errorf("Assess of a visa national: %v; want no overstay judged", v)
		}
	}
	// Stays before any rules in force are not judged.
	old := History{Person: samplePerson(), Trips: []stay.Trip{{Entry: d("2019-06-01"), Exit: d("2019-12-01")}}}
	if got, err := rb.Assess(old, d("2020-01-01")); err != nil || len(got) != 0 {
		t.Errorf("Assess of a 2019 stay = %v, %v; want nothing judged", got, err)
	}
}

func TestSubmitChecks(t *testing.T) {
	rb := DefaultRulebook()
	s := sampleSubmission(t, "r-1", "2026-07-01")
	s.Person.Citizenship = "TKM"
	s.Person.Document.Expiry = d("2026-07-05")
	s.MovedFrom, s.MovedOn = "r-0", d("2026-08-01")
	_, _, err := rb.Submit(s, nil, ForeignerActor(fid(s.Person)), at("2026-07-10"))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Submit = %v; want a *ValidationError", err)
	}
	for _, p := range []Problem{
		{"person.citizenship", CodeVisaRequired},
		{"person.document.expiry", CodeExpired},
		{"moved_on", CodeInFuture},
	} {
		if !ve.Has(p.Path, p.Code) {
			t.Errorf("Submit: %v lacks %v", err, p)
		}
	}

	// Already beyond the 30-day cap on the day of submission: refused.
	s = sampleSubmission(t, "r-1", "2026-07-01")
	_, _, err = rb.Submit(s, nil, ForeignerActor(fid(s.Person)), at("2026-08-02"))
	var re *RefusalError
	if !errors.As(err, &re) || !errors.Is(err, ErrRefused) || re.Ground != StayLimitViolation {
		t.Errorf("Submit after the stay ended: err = %v; want a *RefusalError for the stay limit", err)
	}

	// In time: pending, with the host's deadline set.
	r, events, err := rb.Submit(s, nil, ForeignerActor(fid(s.Person)), at("2026-07-03"))
	if err != nil || r.State != Pending || r.HostDue != d("2026-07-09") || len(events) != 1 {
		t.Errorf("Submit in time = %v (host due %v), %d events, %v; want pending, host due 2026-07-09", r.State, r.HostDue, len(events), err)
	}
}

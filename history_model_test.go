package migreg_test

import (
	"context"
	"errors"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/registrationtest"
)

// TestServiceLongHistories runs one person's long histories (many trips
// and registrations over three years, from migregtest.History) against
// the Service and the model through the Runner: entries with a passport
// that expired, stays over the limits, moves to hotels, sweeps.
func TestServiceLongHistories(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		people := []registration.Person{registrationtest.Person().Draw(rt, "person")}
		run, err := newModelRun(people)
		if err != nil {
			rt.Fatal(err)
		}
		if err := run.runner.Run(context.Background(), migregtest.History(0, 3).Draw(rt, "history")); err != nil {
			rt.Fatal(err)
		}
	})
}

// TestConfirmAfterEntryOverLimit is the regression test of what
// TestServiceLongHistories found: a foreigner whose entry was itself over
// a cumulative limit (an Albanian citizen, 90 days in each 365 from the
// first entry, back with none left) may submit once a new period has
// begun, but no day of that stay was permitted, so the host's
// confirmation, and a hotel's filing, are refused on the stay-limit
// ground, not answered with an internal error.
func TestConfirmAfterEntryOverLimit(t *testing.T) {
	ctx := context.Background()
	p := registrationtest.Person().Example(1)
	p.Citizenship, p.Document.IssuingCountry, p.Document.Expiry = "ALB", "ALB", calendar.NewDate(2031, 1, 1)
	host := registrationtest.Host().Example(2)
	host.Kind, host.IIN, host.BIN, host.Size = registration.HostIndividual, registrationtest.IIN().Example(3), kzid.BIN{}, 0
	hotel := registrationtest.Hotel().Example(4)
	for _, h := range []registration.Host{host, hotel} {
		svc, clock, err := migregtest.NewService()
		if err != nil {
			t.Fatal(err)
		}
		first, left, back := calendar.NewDate(2026, 7, 1), calendar.NewDate(2026, 9, 28), calendar.NewDate(2027, 6, 25)
		clock.SetDate(first)
		if err := svc.RecordEntry(ctx, p, first); err != nil {
			t.Fatal(err)
		}
		clock.SetDate(left) // after 90 days
		if err := svc.RecordExit(ctx, fid(p), left); err != nil {
			t.Fatal(err)
		}
		clock.SetDate(back) // with no day left in the period
		if err := svc.RecordEntry(ctx, p, back); err != nil {
			t.Fatal(err)
		}
		clock.SetDate(calendar.NewDate(2027, 7, 1)) // a new period: the status is no longer in breach
		req := migreg.SubmitRequest{Submission: registration.Submission{
			Person: p, Host: h, Address: registrationtest.Address().Example(5), Place: registrationtest.PlaceFor(h), Entry: back}}
		if h.Kind.FilesForGuests() {
			req.By = registration.HostActor(svc.HostID(h))
		}
		r, err := svc.Submit(ctx, req)
		if !h.Kind.FilesForGuests() {
			if err != nil {
				t.Fatalf("Submit on 2027-07-01 = %v; want a pending request", err)
			}
			_, err = svc.Confirm(ctx, r.ID, registration.HostActor(svc.HostID(h)))
		}
		var re *registration.RefusalError
		if !errors.As(err, &re) || re.Ground != registration.StayLimitViolation {
			t.Errorf("%v registering an entry on %s with no day left: err = %v; want a *registration.RefusalError, stay_limit_violation", h.Kind, back, err)
		}
	}
}

package migreg

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// TestFirstReadAnswersAsRead: the first read lockDossier returns answers
// a later read of the same query with the records as the store holds
// them (a review found the dossier it builds had overwritten them), and a
// read of anything else, or through a nil first read, goes to the store.
func TestFirstReadAnswersAsRead(t *testing.T) {
	ctx := context.Background()
	st := memstore.New(nil)
	now := time.Date(2026, 7, 1, 4, 0, 0, 0, time.UTC)
	s, err := New(st, &Options{InsecureDemoKeys: true, Clock: ClockFunc(func() time.Time { return now })})
	if err != nil {
		t.Fatal(err)
	}
	iin, err := kzid.ParseIIN("061211600012")
	if err != nil {
		t.Fatal(err)
	}
	host := registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}}
	p := registration.Person{Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.NewDate(1990, 4, 12), Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{Kind: registration.Passport, Number: "FA1234567", IssuingCountry: "UZB", Expiry: calendar.NewDate(2031, 1, 31)}}
	submit := func(unit string) registration.Registration {
		r, err := s.Submit(ctx, SubmitRequest{Submission: registration.Submission{Person: p, Host: host, Place: registration.PrivateHome,
			Entry: calendar.NewDate(2026, 7, 1), Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: unit}}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := submit("1")
	submit("2") // a second pending request
	ids := func(rs []registration.Registration) []registration.ID {
		var out []registration.ID
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		_, _, first, err := s.lockDossier(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		q := first.q
		want, err := tx.ForeignerRecords(ctx, q, store.Page{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		got, err := first.foreignerRecords(ctx, tx, q)
		if err != nil {
			return err
		}
		if !slices.Equal(ids(got.Registrations), ids(want.Registrations)) || len(want.Registrations) != 2 {
			t.Errorf("the first read of %d registrations = %v; want the store's %v (a and b)", len(want.Registrations), ids(got.Registrations), ids(want.Registrations))
		}
		// A trip the first read does not hold, read from another day
		// and through a nil first read: both from the store.
		trip := stay.Trip{Entry: calendar.NewDate(2026, 6, 1), Exit: calendar.NewDate(2026, 6, 5)}
		if err := tx.PutTrip(ctx, a.Foreigner, trip); err != nil {
			return err
		}
		for _, tc := range []struct {
			name  string
			first *firstRead
			from  calendar.Date
		}{
			{"another day", first, calendar.NewDate(2026, 1, 1)},
			{"no first read", nil, q.TripsFrom},
		} {
			trips, err := tc.first.tripsFrom(ctx, tx, a.Foreigner, tc.from)
			if err != nil {
				return err
			}
			if !slices.Contains(trips, trip) {
				t.Errorf("%s: tripsFrom(%v) = %v; want the store's trips, with %v", tc.name, tc.from, trips, trip)
			}
		}
		// Another foreigner's records, from the store.
		other := q
		other.Foreigner = "f_someone_else"
		if got, err := first.foreignerRecords(ctx, tx, other); err != nil || len(got.Registrations) != 0 {
			t.Errorf("foreignerRecords of another foreigner = %v, %v; want none", ids(got.Registrations), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

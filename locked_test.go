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

// TestPrefetchedAnswersAsRead: the transaction lockDossier returns answers
// a later read of the same query with the records as the store holds
// them (a review found the dossier it builds had overwritten them), and
// once the transaction writes, it passes every read on to the store.
func TestPrefetchedAnswersAsRead(t *testing.T) {
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
	a, b := submit("1"), submit("2") // two pending requests
	err = st.Update(ctx, func(tx store.Tx) error {
		ptx, _, _, err := s.lockDossier(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		q := ptx.(*prefetched).q
		page := store.Page{Limit: store.MaxLimit}
		want, err := tx.ForeignerRecords(ctx, q, page)
		if err != nil {
			return err
		}
		got, err := ptx.ForeignerRecords(ctx, q, page)
		if err != nil {
			return err
		}
		ids := func(rs []registration.Registration) []registration.ID {
			var out []registration.ID
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		if !slices.Equal(ids(got.Registrations), ids(want.Registrations)) || len(want.Registrations) != 2 {
			t.Errorf("the prefetched read of %d registrations = %v; want the store's %v (a and b)", len(want.Registrations), ids(got.Registrations), ids(want.Registrations))
		}
		// A write, then a read of the trips: the store's, with the trip.
		trip := stay.Trip{Entry: calendar.NewDate(2026, 6, 1), Exit: calendar.NewDate(2026, 6, 5)}
		ptx2, _, _, err := s.lockDossier(ctx, tx, b.ID)
		if err != nil {
			return err
		}
		if err := ptx2.PutTrip(ctx, a.Foreigner, trip); err != nil {
			return err
		}
		trips, err := ptx2.TripsFrom(ctx, a.Foreigner, ptx2.(*prefetched).q.TripsFrom)
		if err != nil {
			return err
		}
		if !slices.Contains(trips, trip) {
			t.Errorf("after PutTrip the prefetched transaction read %d trips without the one written; want the store's", len(trips))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

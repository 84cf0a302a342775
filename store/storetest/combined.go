package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The methods that combine others (store.ReadTx.ForeignerRecords,
// store.Tx.LockRegistration): each answers as the
// calls it combines would (see the store.Stepwise functions).

// testForeignerRecords: ForeignerRecords gives what Registrations,
// CountRegistrations, Link, Idempotency and TripsFrom give, an empty page
// included.
func testForeignerRecords(t *testing.T, s store.Store) {
	ctx := t.Context()
	p1 := person(1)
	f1 := fid(p1)
	r1, e1 := pending(t, regID(1), p1, host(t, 1))
	r2, e2 := pending(t, regID(2), p1, host(t, 2))
	rj, ej := reject(t, r2)
	create(t, s, record{r1, e1}, record{r2, e2}.then(rj, ej))
	f2, f3 := fid(person(2)), fid(person(3))
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutLink(ctx, link(f2, f1)); err != nil {
			return err
		}
		if err := tx.PutLink(ctx, link(f3, f1)); err != nil {
			return err
		}
		if err := tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: "k1", Fingerprint: "fp1", Registration: r1.ID, CreatedAt: submittedAt}); err != nil {
			return err
		}
		for _, tr := range []stay.Trip{{Entry: july(1), Exit: july(3)}, {Entry: july(5), Exit: july(8)}, {Entry: july(10)}} {
			if err := tx.PutTrip(ctx, f1, tr); err != nil {
				return err
			}
		}
		return nil
	})
	var cursor store.Cursor
	view(t, s, func(tx store.ReadTx) error {
		_, cursor, _ = tx.Registrations(ctx, store.Filter{Foreigner: f1}, store.Page{Limit: 1})
		return nil
	})
	active := []registration.State{registration.Pending, registration.Confirmed}
	tests := []struct {
		name      string
		q         store.RecordsQuery
		p         store.Page
		wantIDs   []registration.ID
		wantTrips int
		wantCount int
		wantErr   error
	}{
		{"pending and active, trips from a day", store.RecordsQuery{Foreigner: f1, TripsFrom: july(6), Registrations: true, States: active}, store.Page{}, []registration.ID{r1.ID}, 2, 2, nil},
		{"every trip", store.RecordsQuery{Foreigner: f1, Registrations: true, States: active}, store.Page{}, []registration.ID{r1.ID}, 3, 2, nil},
		{"empty page, closed ones counted", store.RecordsQuery{Foreigner: f1, TripsFrom: july(20), Registrations: true, States: []registration.State{registration.Confirmed}}, store.Page{}, nil, 1, 2, nil},
		{"first page", store.RecordsQuery{Foreigner: f1, Registrations: true}, store.Page{Limit: 1}, []registration.ID{r1.ID}, 3, 2, nil},
		{"after the cursor", store.RecordsQuery{Foreigner: f1, Registrations: true}, store.Page{After: cursor, Limit: 1}, []registration.ID{r2.ID}, 3, 2, nil},
		{"trips and links, no registrations", store.RecordsQuery{Foreigner: f1, Links: []registration.ForeignerID{f3, f2, "f-\xff", f1}, TripsFrom: july(6)}, store.Page{}, nil, 2, 0, nil},
		// Links come in the order asked, not in the IDs' order: one of
		// the two orders is not theirs.
		{"links in the order asked", store.RecordsQuery{Foreigner: f1, Links: []registration.ForeignerID{f2, f3}}, store.Page{}, nil, 3, 0, nil},
		{"an idempotency key", store.RecordsQuery{Foreigner: f1, Idempotency: "k1", Registrations: true, States: active}, store.Page{}, []registration.ID{r1.ID}, 3, 2, nil},
		{"an unknown idempotency key", store.RecordsQuery{Foreigner: f1, Idempotency: "k2"}, store.Page{}, nil, 3, 0, nil},
		{"an unstorable idempotency key", store.RecordsQuery{Foreigner: f1, Idempotency: "k-\xff"}, store.Page{}, nil, 3, 0, nil},
		{"links with the registrations", store.RecordsQuery{Foreigner: f1, Links: []registration.ForeignerID{f2}, Registrations: true}, store.Page{Limit: 1}, []registration.ID{r1.ID}, 3, 2, nil},
		{"unknown foreigner", store.RecordsQuery{Foreigner: "f_nobody", Registrations: true, States: active}, store.Page{}, nil, 0, 0, nil},
		{"unstorable foreigner", store.RecordsQuery{Foreigner: "f-\x00"}, store.Page{}, nil, 0, 0, nil},
		{"malformed cursor", store.RecordsQuery{Foreigner: f1, Registrations: true}, store.Page{After: "!"}, nil, 0, 0, store.ErrInvalid},
		{"limit out of range", store.RecordsQuery{Foreigner: f1, Registrations: true}, store.Page{Limit: store.MaxLimit + 1}, nil, 0, 0, store.ErrInvalid},
	}
	view(t, s, func(tx store.ReadTx) error {
		for _, tt := range tests {
			got, err := tx.ForeignerRecords(ctx, tt.q, tt.p)
			want, wantErr := store.StepwiseForeignerRecords(ctx, tx, tt.q, tt.p)
			var ids []registration.ID
			for _, r := range got.Registrations {
				ids = append(ids, r.ID)
			}
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("%s: ForeignerRecords(%+v, %+v) = %v; want %v", tt.name, tt.q, tt.p, err, tt.wantErr)
				}
			case err != nil || wantErr != nil:
				t.Errorf("%s: ForeignerRecords(%+v, %+v) = %v (the calls it combines: %v); want nil", tt.name, tt.q, tt.p, err, wantErr)
			case diff(ids, tt.wantIDs) != "" || len(got.Trips) != tt.wantTrips || got.Count != tt.wantCount || len(got.Links) != len(want.Links) || len(want.Links) != wantLinks(tt.q) ||
				(got.Idempotency != nil) != (tt.q.Idempotency == "k1"):
				t.Errorf("%s: ForeignerRecords(%+v, %+v) = %v, %d trips, count %d, %d links, idempotency record %v; want %v, %d trips, count %d, %d links, one only for k1",
					tt.name, tt.q, tt.p, ids, len(got.Trips), got.Count, len(got.Links), got.Idempotency != nil, tt.wantIDs, tt.wantTrips, tt.wantCount, wantLinks(tt.q))
			case diff(got, want) != "":
				t.Errorf("%s: ForeignerRecords(%+v, %+v) differs from the calls it combines\n%s", tt.name, tt.q, tt.p, diff(got, want))
			}
		}
		return nil
	})
}

// testLockRegistration: LockRegistration locks the registration's
// foreigner and returns the registration, finds no registration as Registration does,
// and waits as Lock does.
func testLockRegistration(t *testing.T, s store.Store) {
	ctx := t.Context()
	r1, e1 := pending(t, regID(1), person(1), host(t, 1))
	create(t, s, record{r1, e1})
	tests := []struct {
		id      registration.ID
		want    registration.Registration
		wantErr error
	}{
		{r1.ID, r1, nil},
		{regID(2), registration.Registration{}, store.ErrNotFound},
		{"", registration.Registration{}, store.ErrNotFound},
		{"reg-\xff", registration.Registration{}, store.ErrNotFound},
	}
	for _, tt := range tests {
		var got registration.Registration
		err := s.Update(ctx, func(tx store.Tx) error {
			var err error
			got, err = tx.LockRegistration(ctx, tt.id)
			return err
		})
		if d := diff(got, tt.want); !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) || d != "" {
			t.Errorf("LockRegistration(%q) = %v; want %v and the registration stored\n%s", tt.id, err, tt.wantErr, d)
		}
	}
	checkWaits(t, s, r1.Foreigner, "LockRegistration of a registration of it", 1, func(tx store.Tx) error {
		_, err := tx.LockRegistration(ctx, r1.ID)
		return err
	})
}

// wantLinks is how many links testForeignerRecords's store holds among
// those q asks for: those from the second and third persons' IDs.
func wantLinks(q store.RecordsQuery) int {
	n := 0
	for _, p := range []int{2, 3} {
		if slices.Contains(q.Links, fid(person(p))) {
			n++
		}
	}
	return n
}

package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The records about a foreigner beside registrations: trips, the person,
// certificates; and records no store can keep.

func trips(t *testing.T, s store.Store, f registration.ForeignerID) []stay.Trip {
	t.Helper()
	var got []stay.Trip
	view(t, s, func(tx store.ReadTx) error {
		var err error
		got, err = tx.Trips(t.Context(), f)
		return err
	})
	return got
}

// testTripsFrom: TripsFrom returns the trips beginning on or after a day
// and the last one beginning before it, in order; a zero day gives all.
// CountTrips counts them all.
func testTripsFrom(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := fid(person(1))
	d := func(m time.Month, day int) calendar.Date { return calendar.NewDate(2026, m, day) }
	jan := stay.Trip{Entry: d(time.January, 5), Exit: d(time.January, 9)}
	mar := stay.Trip{Entry: d(time.March, 1), Exit: d(time.March, 15)}
	may := stay.Trip{Entry: d(time.May, 10)}
	update(t, s, func(tx store.Tx) error {
		for _, tr := range []stay.Trip{may, jan, mar} {
			if err := tx.PutTrip(ctx, f, tr); err != nil {
				return fmt.Errorf("PutTrip(%v): %w", tr, err)
			}
		}
		return nil
	})
	view(t, s, func(tx store.ReadTx) error {
		if n, err := tx.CountTrips(ctx, f); n != 3 || err != nil {
			t.Errorf("CountTrips = %d, %v; want 3", n, err)
		}
		if n, err := tx.CountTrips(ctx, fid(person(2))); n != 0 || err != nil {
			t.Errorf("CountTrips of a foreigner without trips = %d, %v; want 0", n, err)
		}
		return nil
	})
	for _, c := range []struct {
		from calendar.Date
		want []stay.Trip
	}{
		{calendar.Date{}, []stay.Trip{jan, mar, may}},
		{d(time.January, 1), []stay.Trip{jan, mar, may}},
		{d(time.January, 5), []stay.Trip{jan, mar, may}},
		{d(time.February, 1), []stay.Trip{jan, mar, may}},
		{d(time.March, 2), []stay.Trip{mar, may}},
		{d(time.April, 30), []stay.Trip{mar, may}},
		{d(time.May, 11), []stay.Trip{may}},
		{d(time.December, 31), []stay.Trip{may}},
	} {
		view(t, s, func(tx store.ReadTx) error {
			got, err := tx.TripsFrom(ctx, f, c.from)
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("TripsFrom(%v) = %v, %v; want %v", c.from, got, err, c.want)
			}
			if got, err := tx.TripsFrom(ctx, fid(person(2)), c.from); err != nil || len(got) != 0 {
				t.Errorf("TripsFrom(%v) of a foreigner without trips = %v, %v; want none", c.from, got, err)
			}
			return nil
		})
	}
}

func testTripsPutAndList(t *testing.T, s store.Store) {
	ctx := t.Context()
	f1, f2 := fid(person(1)), fid(person(2))
	march := stay.Trip{Entry: calendar.NewDate(2026, time.March, 1), Exit: calendar.NewDate(2026, time.March, 15)}
	may := stay.Trip{Entry: calendar.NewDate(2026, time.May, 10)}
	sameDay := stay.Trip{Entry: calendar.NewDate(2026, time.June, 3), Exit: calendar.NewDate(2026, time.June, 3)}
	summer := stay.Trip{Entry: entryDay, Exit: july(20)}
	other := stay.Trip{Entry: calendar.NewDate(2026, time.April, 1)}
	update(t, s, func(tx store.Tx) error {
		for _, tr := range []stay.Trip{summer, march, sameDay, may} {
			if err := tx.PutTrip(ctx, f1, tr); err != nil {
				return fmt.Errorf("PutTrip(%v): %w", tr, err)
			}
		}
		return tx.PutTrip(ctx, f2, other)
	})
	if got, want := trips(t, s, f1), []stay.Trip{march, may, sameDay, summer}; !slices.Equal(got, want) {
		t.Errorf("Trips(f1) = %v; want %v (by entry date)", got, want)
	}
	if got, want := trips(t, s, f2), []stay.Trip{other}; !slices.Equal(got, want) {
		t.Errorf("Trips(f2) = %v; want %v", got, want)
	}
	if got := trips(t, s, fid(person(3))); len(got) != 0 {
		t.Errorf("Trips of a foreigner without trips = %v; want none", got)
	}

	// The May trip ends: the same entry date replaces it.
	closed := stay.Trip{Entry: may.Entry, Exit: calendar.NewDate(2026, time.May, 30)}
	update(t, s, func(tx store.Tx) error { return tx.PutTrip(ctx, f1, closed) })
	if got, want := trips(t, s, f1), []stay.Trip{march, closed, sameDay, summer}; !slices.Equal(got, want) {
		t.Errorf("Trips(f1) after closing the May trip = %v; want %v", got, want)
	}
}

func testTripsInvalid(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := fid(person(1))
	valid := stay.Trip{Entry: entryDay}
	update(t, s, func(tx store.Tx) error { return tx.PutTrip(ctx, f, valid) })
	tests := []struct {
		name string
		f    registration.ForeignerID
		trip stay.Trip
	}{
		{"zero entry", f, stay.Trip{Exit: july(3)}},
		{"exit before entry", f, stay.Trip{Entry: july(5), Exit: july(4)}},
		{"exit before entry, same entry as a stored trip", f, stay.Trip{Entry: entryDay, Exit: entryDay.AddDays(-1)}},
		{"no foreigner", "", valid},
	}
	for _, tt := range tests {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.PutTrip(ctx, tt.f, tt.trip) })
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: PutTrip(%q, %v) = %v; want store.ErrInvalid", tt.name, tt.f, tt.trip, err)
		}
	}
	if got, want := trips(t, s, f), []stay.Trip{valid}; !slices.Equal(got, want) {
		t.Errorf("Trips after the invalid PutTrips = %v; want %v", got, want)
	}
}

func certificate(i int, serial string) store.Certificate {
	return store.Certificate{
		Registration: regID(i), Number: "KZ-2026-" + serial, Token: "v1." + serial + ".c2lnbmF0dXJl",
		IssuedAt: answeredAt.Add(time.Duration(i) * time.Second),
	}
}

func testCertificatesPutAndGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	a, b := certificate(2, "000001"), certificate(3, "000002")
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutCertificate(ctx, a); err != nil {
			return err
		}
		return tx.PutCertificate(ctx, b)
	})
	// A new certificate for the same registration replaces the first.
	a2 := certificate(2, "000003")
	update(t, s, func(tx store.Tx) error { return tx.PutCertificate(ctx, a2) })
	view(t, s, func(tx store.ReadTx) error {
		for _, want := range []store.Certificate{a2, b} {
			got, err := tx.Certificate(ctx, want.Registration)
			if d := diff(got, want); err != nil || d != "" {
				t.Errorf("Certificate(%q) = %v; want the latest certificate\n%s", want.Registration, err, d)
			}
		}
		if got, err := tx.Certificate(ctx, regID(1)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Certificate of a registration without one = %+v, %v; want store.ErrNotFound", got.Number, err)
		}
		return nil
	})
}

func testCertificatesEmptyRegistration(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := certificate(1, "000001")
	c.Registration = ""
	err := s.Update(ctx, func(tx store.Tx) error { return tx.PutCertificate(ctx, c) })
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutCertificate without a registration = %v; want store.ErrInvalid", err)
	}
}

func foreigner(t *testing.T, s store.Store, id registration.ForeignerID) (registration.Person, error) {
	t.Helper()
	var p registration.Person
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		var err error
		p, err = tx.Foreigner(t.Context(), id)
		return err
	})
	return p, err
}

func testForeignersPutAndGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	p1, p2 := person(1), person(2)
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutForeigner(ctx, fid(p1), p1); err != nil {
			return err
		}
		return tx.PutForeigner(ctx, fid(p2), p2)
	})
	for _, want := range []registration.Person{p1, p2} {
		got, err := foreigner(t, s, fid(want))
		if err != nil {
			t.Errorf("Foreigner(%q) = %v; want %v", fid(want), err, want)
		} else if d := diff(got, want); d != "" {
			t.Errorf("Foreigner(%q) differs from what was stored:\n%s", fid(want), d)
		}
	}
	if got, err := foreigner(t, s, fid(person(3))); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Foreigner of a person never stored = %v, %v; want store.ErrNotFound", got, err)
	}
}

func testForeignersReplace(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := person(1)
	update(t, s, func(tx store.Tx) error { return tx.PutForeigner(ctx, fid(p), p) })
	// The same document, spelled as typed at the border: the same ID, so
	// it replaces the record.
	renewed := p
	renewed.Document.Number = "fa 000-0001"
	renewed.CyrillicPatronymic = "Каримович"
	renewed.Document.Expiry = renewed.Document.Expiry.AddDays(30)
	if fid(renewed) != fid(p) {
		t.Fatalf("storetest: %q and %q should give one ForeignerID", renewed.Document.Number, p.Document.Number)
	}
	update(t, s, func(tx store.Tx) error { return tx.PutForeigner(ctx, fid(renewed), renewed) })
	got, err := foreigner(t, s, fid(p))
	if err != nil {
		t.Fatalf("Foreigner(%q) = %v; want the replaced record", fid(p), err)
	}
	if d := diff(got, renewed); d != "" {
		t.Errorf("Foreigner(%q) after PutForeigner replaced it differs from the replacement:\n%s", fid(p), d)
	}
}

func testForeignersInvalid(t *testing.T, s store.Store) {
	ctx := t.Context()
	noCitizenship := person(1)
	noCitizenship.Citizenship = ""
	noNumber := person(2)
	noNumber.Document.Number = ""
	for _, p := range []registration.Person{noCitizenship, noNumber} {
		err := s.Update(ctx, func(tx store.Tx) error { return tx.PutForeigner(ctx, fid(p), p) })
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("PutForeigner(%v) = %v; want store.ErrInvalid", p, err)
		}
		if got, err := foreigner(t, s, fid(p)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Foreigner(%q) after the invalid PutForeigner = %v, %v; want store.ErrNotFound", fid(p), got, err)
		}
	}
	// No ID: a store never keys a person by the empty pseudonym.
	err := s.Update(ctx, func(tx store.Tx) error { return tx.PutForeigner(ctx, "", person(3)) })
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutForeigner with no ID = %v; want store.ErrInvalid", err)
	}
}

// testUnstorableRecords: keys that are not valid text (a NUL byte breaks
// cursors, PostgreSQL stores none) and instants outside the years 1 to
// 9999 are refused with ErrInvalid by every store, and change nothing.
func testUnstorableRecords(t *testing.T, s store.Store) {
	ctx := t.Context()
	bad := []struct {
		name  string
		write func(tx store.Tx) error
	}{
		{"a deadline subject with a NUL byte", func(tx store.Tx) error {
			return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: "f-1", Subject: "x\x00y"}, Due: july(7)})
		}},
		{"a deadline foreigner of invalid UTF-8", func(tx store.Tx) error {
			return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: "f-\xff", Subject: "s"}, Due: july(7)})
		}},
		{"an idempotency key with a NUL byte", func(tx store.Tx) error {
			rec := idempotency(1, "k\x00")
			rec.Registration = ""
			return tx.PutIdempotency(ctx, rec)
		}},
		{"a message created in the year 10000", func(tx store.Tx) error {
			at := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			return tx.Enqueue(ctx, store.Message{ID: "m-far", Kind: "reminder", To: "f-1", CreatedAt: at, NextAttempt: at})
		}},
	}
	for _, tt := range bad {
		if err := s.Update(ctx, tt.write); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("storing %s: err = %v; want store.ErrInvalid", tt.name, err)
		}
	}
	view(t, s, func(tx store.ReadTx) error {
		items, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: july(31)}, store.Page{})
		if err != nil || len(items) != 0 {
			t.Errorf("after refused writes, Deadlines = %d items, %v; want none", len(items), err)
		}
		msgs, err := tx.PendingMessages(ctx, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), 10)
		if err != nil || len(msgs) != 0 {
			t.Errorf("after refused writes, PendingMessages = %d, %v; want none", len(msgs), err)
		}
		return nil
	})
}

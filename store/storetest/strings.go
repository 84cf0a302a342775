package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The rules of strings every store shares (store.MaxStringBytes, valid
// UTF-8, no NUL): each key and text at the limit and one byte past it, so
// that a store that refuses less (memstore keeps anything) or more
// (PostgreSQL cannot index a long key) fails here.

// textOf returns n bytes of text: two-byte Cyrillic letters, and one
// Latin letter when n is odd, so that a store that counts characters
// instead of bytes fails.
func textOf(n int) string { return strings.Repeat("ы", n/2) + strings.Repeat("k", n%2) }

// wantTooLong fails unless err is the store's refusal of a string over
// store.MaxStringBytes: store.ErrInvalid, and a *registration.LimitError.
func wantTooLong(t *testing.T, what string, err error) {
	t.Helper()
	var le *registration.LimitError
	if !errors.Is(err, store.ErrInvalid) || !errors.As(err, &le) || le.Limit != "string_bytes" || le.Max != store.MaxStringBytes {
		t.Errorf("%s of %d bytes: err = %v; want store.ErrInvalid and a string_bytes *registration.LimitError", what, store.MaxStringBytes+1, err)
	}
}

// withID returns rec with every mention of its ID replaced by id.
func withID(rec record, id registration.ID) record {
	rec.reg.ID = id
	rec.events = registration.CloneEvents(rec.events)
	for i := range rec.events {
		rec.events[i].Registration = id
		if s := rec.events[i].Submission; s != nil {
			c := *s
			c.ID = id
			rec.events[i].Submission = &c
		}
	}
	return rec
}

func testKeysAtTheLimit(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...) // the registration records refer to
	keys := []struct {
		name  string
		write func(tx store.Tx, key string) error
		read  func(tx store.ReadTx, key string) error
	}{
		{"an idempotency key", func(tx store.Tx, k string) error {
			return tx.PutIdempotency(ctx, idempotency(1, k))
		}, func(tx store.ReadTx, k string) error {
			rec, err := tx.Idempotency(ctx, k)
			if err == nil && rec.Key != k {
				err = errors.New("another key came back")
			}
			return err
		}},
		{"a deadline subject", func(tx store.Tx, k string) error {
			return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: "f-1", Subject: k}, Due: july(7)})
		}, func(tx store.ReadTx, k string) error {
			ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: july(31), Foreigner: "f-1"}, store.Page{})
			if err == nil && (len(ds) != 1 || ds[0].Subject != k) {
				err = errors.New("another subject came back")
			}
			return err
		}},
		{"a message ID", func(tx store.Tx, k string) error {
			return tx.Enqueue(ctx, message(1, k, at(9, 0), at(9, 0)))
		}, func(tx store.ReadTx, k string) error {
			m, err := tx.Message(ctx, k)
			if err == nil && m.ID != k {
				err = errors.New("another ID came back")
			}
			return err
		}},
		{"a foreigner of a trip", func(tx store.Tx, k string) error {
			return tx.PutTrip(ctx, registration.ForeignerID(k), stay.Trip{Entry: entryDay})
		}, func(tx store.ReadTx, k string) error {
			ts, err := tx.Trips(ctx, registration.ForeignerID(k))
			if err == nil && len(ts) != 1 {
				err = errors.New("the trip did not come back")
			}
			return err
		}},
		{"a registration ID", func(tx store.Tx, k string) error {
			rec := withID(sample(t, 1)[0], registration.ID(k))
			return tx.CreateRegistration(ctx, rec.reg, rec.events)
		}, func(tx store.ReadTx, k string) error {
			r, err := tx.Registration(ctx, registration.ID(k))
			if err == nil && string(r.ID) != k {
				err = errors.New("another ID came back")
			}
			return err
		}},
	}
	for _, tt := range keys {
		key := textOf(store.MaxStringBytes)
		if err := s.Update(ctx, func(tx store.Tx) error { return tt.write(tx, key) }); err != nil {
			t.Errorf("storing %s of %d bytes: %v; want it stored", tt.name, len(key), err)
			continue
		}
		if err := s.View(ctx, func(tx store.ReadTx) error { return tt.read(tx, key) }); err != nil {
			t.Errorf("reading %s of %d bytes back: %v", tt.name, len(key), err)
		}
		long := textOf(store.MaxStringBytes + 1)
		wantTooLong(t, "storing "+tt.name, s.Update(ctx, func(tx store.Tx) error { return tt.write(tx, long) }))
	}
}

// testTextsAsGiven: an authority's name in an event, at the limit, comes
// back byte for byte; one past it, with a NUL or with invalid UTF-8 (which
// the SQL stores would give back as U+FFFD: the audit log would name
// someone else) is refused, and nothing changes.
func testTextsAsGiven(t *testing.T, s store.Store) {
	ctx := t.Context()
	r, evs := checkedIn(t, regID(1), person(1))
	rec := record{reg: r, events: evs}
	create(t, s, rec)
	annul := func(name string) (registration.Registration, []registration.Event) {
		return apply(t, rec.reg, registration.AuthorityActor(name), registration.Annul{Reason: registration.Reason{Code: registration.FalseData, Note: "ы"}}, answeredAt)
	}
	for _, name := range []string{"MVD\xff", "MVD\x00", textOf(store.MaxStringBytes + 1)} {
		next, evs := annul(name)
		err := s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, next, rec.reg.Version, evs) })
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("an event by the authority %+q: err = %v; want store.ErrInvalid", cut(name), err)
		}
	}
	checkStored(t, s, rec, "after the refused events")

	name := textOf(store.MaxStringBytes)
	next, evs := annul(name)
	update(t, s, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, next, rec.reg.Version, evs) })
	checkStored(t, s, rec.then(next, evs), "after an authority's name at the limit")

	p := person(2)
	p.Surname = "KARIMOV\xff"
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutForeigner(ctx, fid(p), p) }); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutForeigner with a surname of invalid UTF-8: err = %v; want store.ErrInvalid", err)
	}
	p.Surname = textOf(store.MaxStringBytes + 1)
	wantTooLong(t, "PutForeigner with a surname", s.Update(ctx, func(tx store.Tx) error { return tx.PutForeigner(ctx, fid(p), p) }))
}

// testUnstorableKeysNotFound: a read by a key no store can hold (invalid
// UTF-8, a NUL, over the limit) finds nothing, on every store alike, for
// every read by a key the contract has (PostgreSQL, asked, would refuse
// the query with an error and abort the transaction).
func testUnstorableKeysNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	f := fid(person(1))
	update(t, s, func(tx store.Tx) error {
		if err := tx.PutCertificate(ctx, certificate(1, "000001")); err != nil {
			return err
		}
		return tx.PutLink(ctx, link(fid(person(2)), f))
	})
	for _, key := range []string{"reg\xff", "reg\x00", textOf(store.MaxStringBytes + 1)} {
		bad := registration.ForeignerID(key)
		view(t, s, func(tx store.ReadTx) error {
			if _, err := tx.Link(ctx, bad); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Link(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if cs, err := tx.CertificatesByNumber(ctx, key); err != nil || len(cs) != 0 {
				t.Errorf("CertificatesByNumber(%+q) = %d, %v; want none", cut(key), len(cs), err)
			}
			if n, err := tx.CountRegistrations(ctx, bad); err != nil || n != 0 {
				t.Errorf("CountRegistrations(%+q) = %d, %v; want 0", cut(key), n, err)
			}
			if n, err := tx.CountTrips(ctx, bad); err != nil || n != 0 {
				t.Errorf("CountTrips(%+q) = %d, %v; want 0", cut(key), n, err)
			}
			if ts, err := tx.TripsFrom(ctx, bad, entryDay); err != nil || len(ts) != 0 {
				t.Errorf("TripsFrom(%+q) = %v, %v; want none", cut(key), ts, err)
			}
			q := store.RecordsQuery{Foreigner: bad, Links: []registration.ForeignerID{bad}, Idempotency: key, Registrations: true}
			if rec, err := tx.ForeignerRecords(ctx, q, store.Page{}); err != nil || len(rec.Links)+len(rec.Trips)+len(rec.Registrations)+rec.Count != 0 || rec.Idempotency != nil {
				t.Errorf("ForeignerRecords of the foreigner %+q = %v, %v; want nothing", cut(key), rec, err)
			}
			// A stored foreigner, asked with keys no store can hold.
			q.Foreigner = f
			if rec, err := tx.ForeignerRecords(ctx, q, store.Page{}); err != nil || len(rec.Links) != 0 || rec.Idempotency != nil || len(rec.Registrations) != 1 {
				t.Errorf("ForeignerRecords of a foreigner with the link and idempotency key %+q = %v, %v; want their registration, no link, no record", cut(key), rec, err)
			}
			if _, err := tx.Registration(ctx, registration.ID(key)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Registration(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if _, err := tx.Events(ctx, registration.ID(key)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Events(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if _, err := tx.Idempotency(ctx, key); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Idempotency(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if _, err := tx.Message(ctx, key); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Message(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if _, err := tx.Certificate(ctx, registration.ID(key)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Certificate(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if _, err := tx.Foreigner(ctx, registration.ForeignerID(key)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Foreigner(%+q) = %v; want store.ErrNotFound", cut(key), err)
			}
			if ts, err := tx.Trips(ctx, registration.ForeignerID(key)); err != nil || len(ts) != 0 {
				t.Errorf("Trips(%+q) = %v, %v; want none", cut(key), ts, err)
			}
			if rs, _, err := tx.Registrations(ctx, store.Filter{Foreigner: registration.ForeignerID(key)}, store.Page{}); err != nil || len(rs) != 0 {
				t.Errorf("Registrations of the foreigner %+q = %d, %v; want none", cut(key), len(rs), err)
			}
			if rs, _, err := tx.Registrations(ctx, store.Filter{Host: registration.HostID(key)}, store.Page{}); err != nil || len(rs) != 0 {
				t.Errorf("Registrations of the host %+q = %d, %v; want none", cut(key), len(rs), err)
			}
			if ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: july(31), Foreigner: registration.ForeignerID(key)}, store.Page{}); err != nil || len(ds) != 0 {
				t.Errorf("Deadlines of the foreigner %+q = %d, %v; want none", cut(key), len(ds), err)
			}
			return nil
		})
		update(t, s, func(tx store.Tx) error {
			return tx.DeleteDeadline(ctx, store.DeadlineKey{Kind: store.DueReminder, Foreigner: registration.ForeignerID(key), Subject: key})
		})
		err := s.Update(ctx, func(tx store.Tx) error {
			_, err := tx.LockRegistration(ctx, registration.ID(key))
			return err
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("LockRegistration(%+q) = %v; want store.ErrNotFound", cut(key), err)
		}
	}
}

// cut shortens a key for a test's message.
func cut(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}

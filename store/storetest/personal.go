package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The personal-data part of the contract (store/personal.go): certificates
// by number, links, the list of stored persons, erasure and the expiry of
// idempotency keys.

func testCertificatesByNumber(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	a, b, c := certificate(1, "000001"), certificate(2, "000002"), certificate(3, "000001") // a and c share a number
	update(t, s, func(tx store.Tx) error {
		for _, x := range []store.Certificate{c, b, a} {
			if err := tx.PutCertificate(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx store.ReadTx) error {
		tests := []struct {
			number string
			want   []store.Certificate
		}{
			{a.Number, []store.Certificate{a, c}},
			{b.Number, []store.Certificate{b}},
			{"KZ-2026-999999", nil},
		}
		for _, tt := range tests {
			got, err := tx.CertificatesByNumber(ctx, tt.number)
			if d := diff(got, tt.want); err != nil || (d != "" && len(got)+len(tt.want) > 0) {
				t.Errorf("CertificatesByNumber(%q) = %v; want %d certificates in registration order\n%s", tt.number, err, len(tt.want), d)
			}
		}
		return nil
	})
}

func link(from, to registration.ForeignerID) store.Link {
	return store.Link{From: from, To: to, By: registration.AuthorityActor("MP-Almaty"), At: answeredAt, Note: "case 42"}
}

func testLinks(t *testing.T, s store.Store) {
	ctx := t.Context()
	f1, f2, f3 := fid(person(1)), fid(person(2)), fid(person(3))
	l := link(f2, f1)
	update(t, s, func(tx store.Tx) error { return tx.PutLink(ctx, l) })
	view(t, s, func(tx store.ReadTx) error {
		got, err := tx.Link(ctx, f2)
		if d := diff(got, l); err != nil || d != "" {
			t.Errorf("Link(f2) = %v; want the link stored\n%s", err, d)
		}
		if _, err := tx.Link(ctx, f1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Link of an ID never linked = %v; want store.ErrNotFound", err)
		}
		return nil
	})
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutLink(ctx, link(f2, f3)) }); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("PutLink from an ID linked already = %v; want store.ErrDuplicate", err)
	}
	noActor := link(f3, f1)
	noActor.By = registration.Actor{}
	noTime := link(f3, f1)
	noTime.At = time.Time{}
	for name, bad := range map[string]store.Link{
		"no from": link("", f1), "no to": link(f3, ""), "to itself": link(f3, f3),
		"no actor": noActor, "no time": noTime, "NUL in from": link("f\x00", f1),
	} {
		if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutLink(ctx, bad) }); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("PutLink(%s) = %v; want store.ErrInvalid", name, err)
		}
	}
}

func testForeignersList(t *testing.T, s store.Store) {
	ctx := t.Context()
	var want []registration.ForeignerID
	update(t, s, func(tx store.Tx) error {
		for i := 1; i <= 5; i++ {
			if err := tx.PutForeigner(ctx, fid(person(i)), person(i)); err != nil {
				return err
			}
			want = append(want, fid(person(i)))
		}
		// A trip alone stores no person.
		return tx.PutTrip(ctx, fid(person(9)), stay.Trip{Entry: entryDay})
	})
	var got []registration.ForeignerID
	var after store.Cursor
	for range 10 {
		var page []registration.ForeignerID
		view(t, s, func(tx store.ReadTx) error {
			var err error
			page, after, err = tx.Foreigners(ctx, store.Page{After: after, Limit: 2})
			return err
		})
		got = append(got, page...)
		if after == "" {
			break
		}
	}
	sortIDs(want)
	if d := diff(got, want); d != "" {
		t.Errorf("Foreigners, 2 a page: the persons stored, each once, in byte order\n%s", d)
	}
}

func sortIDs(ids []registration.ForeignerID) {
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			if ids[j] < ids[i] {
				ids[i], ids[j] = ids[j], ids[i]
			}
		}
	}
}

func testIdempotencyExpiry(t *testing.T, s store.Store) {
	ctx := t.Context()
	create(t, s, sample(t, 1)...)
	recs := []store.IdempotencyRecord{
		{Key: "old", Fingerprint: "sha256-1", Registration: regID(1), CreatedAt: at(8, 0)},
		{Key: "edge", Fingerprint: "sha256-2", Registration: regID(2), CreatedAt: at(9, 0)},
		{Key: "new", Fingerprint: "sha256-3", Registration: regID(3), CreatedAt: at(10, 0)},
		{Key: "ageless", Fingerprint: "sha256-4"},
	}
	update(t, s, func(tx store.Tx) error {
		for _, r := range recs {
			if err := tx.PutIdempotency(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	var n int
	update(t, s, func(tx store.Tx) error {
		var err error
		n, err = tx.DeleteIdempotencyBefore(ctx, at(9, 0))
		return err
	})
	if n != 1 {
		t.Errorf("DeleteIdempotencyBefore(9:00) deleted %d; want 1 (the one created at 8:00)", n)
	}
	view(t, s, func(tx store.ReadTx) error {
		for _, r := range recs {
			_, err := tx.Idempotency(ctx, r.Key)
			if gone := errors.Is(err, store.ErrNotFound); gone != (r.Key == "old") {
				t.Errorf("Idempotency(%q) after expiry = %v; want it gone only if created before 9:00", r.Key, err)
			}
		}
		return nil
	})
}

// The foreigner erased by testErase, with personal data that appears
// nowhere else in the suite, so that a scan can look for it.
const (
	secretSurname = "ERASEDSURNAME"
	secretGiven   = "ERASEDGIVEN"
	secretDoc     = "ZZ7654321"
	secretStreet  = "ErasedStreet"
	secretUnit    = "ErasedUnit-77"
	secretHost    = "Erased Hostname"
	secretPhone   = "+77019998877"
	// A notifier's error text, kept as a message's LastError, can hold a
	// contact.
	secretEmail = "erased.mailbox@example.kz"
)

func erasable(t *testing.T) (registration.Person, registration.Host, []string) {
	p := person(1)
	p.Surname, p.GivenNames, p.CyrillicSurname, p.CyrillicGivenNames = secretSurname, secretGiven, "", ""
	p.Document.Number = secretDoc
	p.IIN = iin(t, 4321)
	p.BirthDate, p.Sex = p.IIN.BirthDate(), p.IIN.Sex()
	h := host(t, 2)
	h.Name, h.Contact = secretHost, registration.Contact{Phone: secretPhone}
	secrets := []string{secretSurname, secretGiven, secretDoc, p.IIN.Digits(), secretStreet, secretUnit, secretHost, secretPhone, h.IIN.Digits(), secretEmail}
	return p, h, secrets
}

// testErase erases one foreigner among others and checks, record by
// record through the contract, that none of their personal data remains,
// that the history keeps its shape and counts, and that no other
// foreigner's records changed.
func testErase(t *testing.T, s store.Store) {
	ctx := t.Context()
	p, h, secrets := erasable(t)
	f := fid(p)
	sub := submission("erase-1", p, h)
	sub.Address.Street, sub.Address.Unit = secretStreet, secretUnit
	sub = sub.WithIDs(demo)
	r1, e1, err := registration.Submit(sub, registration.ForeignerActor(f), submittedAt, hostDueDay, calendar.Date{})
	if err != nil {
		t.Fatal(err)
	}
	r2, e2 := apply(t, r1, registration.HostActor(r1.HostID), registration.Confirm{ValidUntil: validUntil}, answeredAt)
	r3, e3 := apply(t, r2, registration.System(), registration.End{Reason: registration.Reason{Code: registration.Departed, Note: "left via " + secretStreet}}, endedAt)
	erased := record{r1, e1}.then(r2, e2).then(r3, e3)
	others := sample(t, 10) // three registrations of other foreigners, kept as they are
	create(t, s, append([]record{erased}, others...)...)
	cert := store.Certificate{Registration: r1.ID, Number: "KZ-ERAS-E000-0001", Token: "KZR2:" + secretSurname, IssuedAt: answeredAt}
	kept := certificate(10, "000010")
	msg := store.Message{ID: "erase-m1", Kind: "host_request", To: string(r1.HostID), Registration: r1.ID,
		Body: []byte(fmt.Sprintf(`{"address":%q}`, secretStreet)), CreatedAt: at(9, 0), NextAttempt: at(9, 0),
		Attempts: 1, LastError: "smtp: 550 mailbox " + secretEmail + " unavailable"}
	reminder := store.Message{ID: "erase-m2", Kind: "reminder", To: string(f),
		Body: []byte(fmt.Sprintf(`{"document":%q}`, secretDoc)), CreatedAt: at(9, 0), NextAttempt: at(9, 0),
		Attempts: 1, LastError: "sms: " + secretPhone + " unreachable"}
	other := message(10, "keep-m1", at(9, 0), at(9, 0))
	other.Attempts, other.LastError = 1, "smtp: 550 mailbox kept@example.kz unavailable" // another's: kept
	update(t, s, func(tx store.Tx) error {
		for _, err := range []error{
			tx.PutForeigner(ctx, f, p),
			tx.PutForeigner(ctx, fid(person(10)), person(10)),
			tx.PutTrip(ctx, f, stay.Trip{Entry: entryDay, Exit: calendar.DateOf(endedAt)}),
			tx.PutCertificate(ctx, cert),
			tx.PutCertificate(ctx, kept),
			tx.Enqueue(ctx, msg, reminder, other),
			tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: "foreigner:" + secretDoc, Fingerprint: "x", Registration: r1.ID, CreatedAt: submittedAt}),
			tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: "keep", Fingerprint: "y", Registration: regID(10), CreatedAt: submittedAt}),
			tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueReminder, Foreigner: f, Subject: "x"}, Due: validUntil}),
			tx.PutLink(ctx, link(fid(person(77)), f)),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	othersBefore := dump(t, s, fid(person(10)), others, kept.Registration, []string{"keep-m1"}, []string{"keep"})

	for range 2 { // erasing twice is erasing once
		update(t, s, func(tx store.Tx) error { return tx.EraseForeigner(ctx, f) })
	}
	update(t, s, func(tx store.Tx) error { return tx.EraseForeigner(ctx, fid(person(999))) }) // unknown: no error
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.EraseForeigner(ctx, "") }); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("EraseForeigner(\"\") = %v; want store.ErrInvalid", err)
	}

	// Nothing of the person remains, in any record the contract reads.
	after := dump(t, s, f, []record{erased}, r1.ID, []string{"erase-m1", "erase-m2"}, []string{"foreigner:" + secretDoc})
	for _, secret := range secrets {
		if strings.Contains(after, secret) {
			t.Errorf("after EraseForeigner the store still holds %q:\n%s", secret, after)
		}
	}
	view(t, s, func(tx store.ReadTx) error {
		if _, err := tx.Foreigner(ctx, f); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Foreigner after erasure = %v; want store.ErrNotFound", err)
		}
		// The history keeps its shape: the registration, its state,
		// version and events, the trip; and what statistics count.
		got, err := tx.Registration(ctx, r1.ID)
		if err != nil || got.State != registration.Ended || got.Version != 3 || got.Foreigner != f || got.Place != r1.Place ||
			got.Person.Citizenship != "UZB" || got.Address.Region != sub.Address.Region || got.Entry != entryDay {
			t.Errorf("the erased registration = %v, %v; want state, version, IDs, place, citizenship, region and dates kept", got.State, err)
		}
		evs, err := tx.Events(ctx, r1.ID)
		if err != nil || len(evs) != 3 || evs[0].Type != registration.EventSubmitted || evs[2].Type != registration.EventEnded {
			t.Errorf("the erased events: %d, %v; want the 3 events, types kept", len(evs), err)
		} else if replayed, err := registration.Replay(evs); err != nil || replayed.State != registration.Ended {
			t.Errorf("the erased events do not replay: %v", err)
		}
		if trips, err := tx.Trips(ctx, f); err != nil || len(trips) != 1 {
			t.Errorf("trips after erasure = %v, %v; want the trip kept", trips, err)
		}
		regs, _, err := tx.Registrations(ctx, store.Filter{Foreigner: f}, store.Page{})
		if err != nil || len(regs) != 1 {
			t.Errorf("the foreigner's registrations after erasure: %d, %v; want 1", len(regs), err)
		}
		if _, err := tx.Certificate(ctx, r1.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the certificate after erasure: %v; want store.ErrNotFound", err)
		}
		if _, err := tx.Idempotency(ctx, "foreigner:"+secretDoc); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the idempotency record after erasure: %v; want store.ErrNotFound", err)
		}
		if _, err := tx.Link(ctx, fid(person(77))); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the link to the erased foreigner: %v; want store.ErrNotFound", err)
		}
		for _, id := range []string{"erase-m1", "erase-m2"} {
			if m, err := tx.Message(ctx, id); err != nil || string(m.Body) != string(store.ErasedBody()) || m.LastError != "" {
				t.Errorf("message %s after erasure: body %s, last error %q, %v; want the erased body and no last error", id, m.Body, m.LastError, err)
			}
		}
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: calendar.NewDate(2030, time.January, 1), Foreigner: f}, store.Page{})
		if err != nil || len(ds) != 0 {
			t.Errorf("the foreigner's deadlines after erasure: %d, %v; want none", len(ds), err)
		}
		return nil
	})
	// Every other foreigner's records are as they were.
	if othersAfter := dump(t, s, fid(person(10)), others, kept.Registration, []string{"keep-m1"}, []string{"keep"}); othersAfter != othersBefore {
		t.Errorf("erasing one foreigner changed another's records:\nbefore %s\nafter  %s", othersBefore, othersAfter)
	}
}

// testEraseHostNames: erasure keeps the name of a host identified by a
// BIN, which names a business, and drops every other host's: an
// individual's, and that of a hotel, rest house or organisation run under
// its owner's IIN, which is often the owner's name (as the certificate
// leaves it out; package certificate). The name goes from the
// registration and from the submission its first event holds.
func testEraseHostNames(t *testing.T, s store.Store) {
	ctx := t.Context()
	bin, err := kzid.NewBIN(2005, time.March, kzid.ResidentLegalEntity, kzid.HeadOffice, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind     registration.HostKind
		iin, bin bool
		keep     bool // the name after erasure
	}{
		{registration.HostIndividual, true, false, false},
		{registration.HostHotel, true, false, false},
		{registration.HostRestHouse, true, false, false},
		{registration.HostOrganisation, true, false, false},
		{registration.HostHotel, false, true, true},
		{registration.HostOrganisation, false, true, true},
		{registration.HostDormitory, true, true, true},
	}
	for i, tt := range tests {
		h := registration.Host{Kind: tt.kind, Name: "Bekova Aigerim", Contact: registration.Contact{Phone: "+77011234567"}}
		if tt.iin {
			h.IIN = iin(t, 500+i)
		}
		if tt.bin {
			h.BIN = bin
		}
		p := person(500 + i)
		r, evs := pending(t, regID(500+i), p, h)
		rec := record{r, evs}
		create(t, s, rec.then(reject(t, r)))
		update(t, s, func(tx store.Tx) error { return tx.EraseForeigner(ctx, fid(p)) })
		want := ""
		if tt.keep {
			want = h.Name
		}
		got, evs, err := read(t, s, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sub string
		if len(evs) > 0 && evs[0].Submission != nil {
			sub = evs[0].Submission.Host.Name
		}
		if got.Host.Name != want || sub != want {
			t.Errorf("host %v (IIN %t, BIN %t), erased: name %q, in the submission %q; want %q", tt.kind, tt.iin, tt.bin, got.Host.Name, sub, want)
		}
	}
}

// dump reads, through the contract, every record of a foreigner and of
// the given registrations, messages and idempotency keys, as JSON text to
// search.
func dump(t *testing.T, s store.Store, f registration.ForeignerID, recs []record, certOf registration.ID, msgs, keys []string) string {
	t.Helper()
	ctx := t.Context()
	var parts []any
	view(t, s, func(tx store.ReadTx) error {
		p, err := tx.Foreigner(ctx, f)
		parts = append(parts, p, errString(err))
		trips, err := tx.Trips(ctx, f)
		parts = append(parts, trips, errString(err))
		for _, rec := range recs {
			r, err := tx.Registration(ctx, rec.reg.ID)
			evs, err2 := tx.Events(ctx, rec.reg.ID)
			c, err3 := tx.Certificate(ctx, rec.reg.ID)
			parts = append(parts, r, evs, c, errString(err), errString(err2), errString(err3))
		}
		c, err := tx.Certificate(ctx, certOf)
		parts = append(parts, c, errString(err))
		for _, id := range msgs {
			m, err := tx.Message(ctx, id)
			parts = append(parts, m.ID, string(m.Body), m.To, m.LastError, errString(err))
		}
		for _, k := range keys {
			rec, err := tx.Idempotency(ctx, k)
			parts = append(parts, rec, errString(err))
		}
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: calendar.NewDate(2030, time.January, 1), Foreigner: f}, store.Page{})
		parts = append(parts, ds, errString(err))
		return nil
	})
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// errString names an error without its text, which may quote the key
// looked up.
func errString(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, store.ErrNotFound):
		return "not found"
	}
	return "error"
}

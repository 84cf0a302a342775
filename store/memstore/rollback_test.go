package memstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
	"pgregory.net/rapid"
)

// dump is everything a Store holds, deep-copied, so that a write that
// changed a stored array in place would show.
type dump struct {
	Regs      map[registration.ID]record
	IDs       []registration.ID
	ByHost    map[registration.HostID][]registration.ID
	Persons   map[registration.ForeignerID]registration.Person
	RegsOf    map[registration.ForeignerID][]regState
	Trips     map[registration.ForeignerID][]stay.Trip
	Deadlines map[registration.ForeignerID][]store.Deadline
	Due       []store.Deadline
	Idem      map[string]store.IdempotencyRecord
	Msgs      map[string]store.Message
	Pending   []store.Message // the messages the index points to, in its order
	Stale     []string        // IDs of messages the index points to that the map does not hold
	Links     map[registration.ForeignerID]store.Link
}

func dumpOf(s *Store) dump {
	d := dump{
		Regs: map[registration.ID]record{}, IDs: slices.Collect(s.ids.All()), ByHost: map[registration.HostID][]registration.ID{},
		Persons: maps.Clone(s.persons), RegsOf: map[registration.ForeignerID][]regState{}, Trips: map[registration.ForeignerID][]stay.Trip{},
		Deadlines: map[registration.ForeignerID][]store.Deadline{}, Due: slices.Collect(s.due.All()), Idem: maps.Clone(s.idem),
		Msgs: map[string]store.Message{}, Links: maps.Clone(s.links),
	}
	for id, rec := range s.regs {
		d.Regs[id] = record{reg: rec.reg, events: registration.CloneEvents(rec.events), cert: rec.cert}
	}
	for h, o := range s.byHost {
		d.ByHost[h] = slices.Collect(o.All())
	}
	for id, v := range s.regsOf {
		d.RegsOf[id] = slices.Clone(v)
	}
	for id, v := range s.trips {
		d.Trips[id] = slices.Clone(v)
	}
	for id, v := range s.deadlines {
		d.Deadlines[id] = slices.Clone(v)
	}
	for id, m := range s.msgs {
		c := *m
		c.Body = bytes.Clone(m.Body)
		d.Msgs[id] = c
	}
	for m := range s.pending.All() {
		if s.msgs[m.ID] != m {
			d.Stale = append(d.Stale, m.ID)
		}
		c := *m
		c.Body = bytes.Clone(m.Body)
		d.Pending = append(d.Pending, c)
	}
	return d
}

// diffDumps compares two dumps, unexported fields included.
func diffDumps(got, want dump) string {
	return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }))
}

// consistent reports an index that does not match the records: the
// indexes of registrations, each foreigner's registrations and
// deadlines, the deadline index and the index of undelivered messages.
func (d dump) consistent() error {
	ids := slices.Sorted(maps.Keys(d.Regs))
	byHost := map[registration.HostID][]registration.ID{}
	byForeigner := map[registration.ForeignerID][]registration.ID{}
	for _, id := range ids {
		r := d.Regs[id].reg
		byHost[r.HostID] = append(byHost[r.HostID], id)
		byForeigner[r.Foreigner] = append(byForeigner[r.Foreigner], id)
	}
	var due []store.Deadline
	for id, own := range d.RegsOf {
		var ids []registration.ID
		for _, r := range own {
			ids = append(ids, r.id)
			if r.state != d.Regs[r.id].reg.State {
				return fmt.Errorf("foreigner %s: registration %s listed as %v; its record is %v", id, r.id, r.state, d.Regs[r.id].reg.State)
			}
		}
		if len(own) == 0 || !slices.Equal(ids, byForeigner[id]) {
			return fmt.Errorf("foreigner %s: registrations %v; the records say %v", id, ids, byForeigner[id])
		}
		delete(byForeigner, id)
	}
	for id, own := range d.Deadlines {
		if len(own) == 0 {
			return fmt.Errorf("foreigner %s: an empty list of deadlines", id)
		}
		due = append(due, own...)
	}
	for id, trips := range d.Trips {
		if len(trips) == 0 {
			return fmt.Errorf("foreigner %s: an empty list of trips", id)
		}
	}
	slices.SortFunc(due, compareDeadlines)
	var pending []store.Message
	for _, m := range d.Msgs {
		if !m.Delivered() {
			pending = append(pending, m)
		}
	}
	slices.SortFunc(pending, func(a, b store.Message) int { return comparePending(&a, &b) })
	switch {
	case !slices.Equal(d.IDs, ids):
		return fmt.Errorf("ID index %v; the records hold %v", d.IDs, ids)
	case !reflect.DeepEqual(d.ByHost, byHost):
		return fmt.Errorf("host index %v; the records say %v", d.ByHost, byHost)
	case len(byForeigner) > 0:
		return fmt.Errorf("registrations of foreigners not listed as theirs: %v", byForeigner)
	case !slices.Equal(d.Due, due):
		return fmt.Errorf("deadline index %v; the foreigners hold %v", d.Due, due)
	case len(d.Stale) > 0:
		return fmt.Errorf("pending index points to messages %v the store no longer holds", d.Stale)
	case !reflect.DeepEqual(d.Pending, pending):
		return fmt.Errorf("pending index %v; the undelivered messages are %v", d.Pending, pending)
	}
	return nil
}

// templates returns a pending registration with its event and the same
// registration confirmed with its two events.
func templates(t interface{ Fatal(...any) }) (registration.Registration, []registration.Event, registration.Registration, []registration.Event) {
	iin, err := kzid.ParseIIN("061211600012")
	if err != nil {
		t.Fatal(err)
	}
	sub := registration.Submission{
		ID: "r-0",
		Person: registration.Person{Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.NewDate(1990, 4, 12), Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: "FA0000000", IssuingCountry: "UZB", Expiry: calendar.NewDate(2031, 1, 31)}},
		Host:    registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}},
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		Place:   registration.PrivateHome, Entry: calendar.NewDate(2026, 7, 1),
	}.WithIDs(registration.DemoPseudonyms())
	at := time.Date(2026, 7, 2, 5, 0, 0, 0, time.UTC)
	pending, evs, err := registration.Submit(sub, registration.ForeignerActor(sub.Foreigner), at, calendar.NewDate(2026, 7, 7), calendar.Date{})
	if err != nil {
		t.Fatal(err)
	}
	confirmed, more, err := pending.Confirm(registration.HostActor(pending.HostID), calendar.NewDate(2026, 7, 30), at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return pending, evs, confirmed, append(slices.Clone(evs), more...)
}

// writes draws one write of every kind the store has, on a few keys, so
// that writes meet records earlier ones made, and some fail.
func writes(tmplPending, tmplConfirmed registration.Registration, evPending, evConfirmed []registration.Event) *rapid.Generator[func(context.Context, store.Tx) error] {
	person := func(t *rapid.T) registration.Person {
		p := tmplPending.Person
		p.Document.Number = rapid.SampledFrom([]string{"FA1", "FA2"}).Draw(t, "document")
		return p
	}
	// Foreigners whose person PutForeigner stores, and one it never does.
	foreigner := func(t *rapid.T) registration.ForeignerID {
		if rapid.IntRange(0, 2).Draw(t, "stranger") == 0 {
			return "f_x"
		}
		return registration.DemoPseudonyms().Foreigner(person(t))
	}
	regID := func(t *rapid.T) registration.ID {
		return registration.ID(rapid.SampledFrom([]string{"r-1", "r-2", "r-3", "r-4"}).Draw(t, "registration"))
	}
	day := func(t *rapid.T, label string) calendar.Date {
		return calendar.NewDate(2026, 7, 1).AddDays(rapid.IntRange(0, 3).Draw(t, label))
	}
	instant := func(t *rapid.T, label string) time.Time {
		return time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(rapid.IntRange(0, 3).Draw(t, label)) * time.Hour)
	}
	return rapid.Custom(func(t *rapid.T) func(context.Context, store.Tx) error {
		switch rapid.IntRange(0, 13).Draw(t, "write") {
		case 0:
			r, evs := tmplPending, evPending
			if rapid.Bool().Draw(t, "confirmed") {
				r, evs = tmplConfirmed, evConfirmed
			}
			r.ID, r.Foreigner = regID(t), foreigner(t)
			r.HostID = registration.HostID(rapid.SampledFrom([]string{"h_1", "h_2"}).Draw(t, "host"))
			evs = registration.CloneEvents(evs)
			for i := range evs {
				evs[i].Registration = r.ID
			}
			evs[0].Submission.ID = r.ID
			return func(ctx context.Context, tx store.Tx) error { return tx.CreateRegistration(ctx, r, evs) }
		case 1:
			id := regID(t)
			state := rapid.SampledFrom([]registration.State{registration.Pending, registration.Confirmed, registration.Ended}).Draw(t, "state")
			stale := rapid.IntRange(0, 4).Draw(t, "stale") == 0
			return func(ctx context.Context, tx store.Tx) error {
				r, err := tx.Registration(ctx, id)
				if err != nil {
					return err
				}
				expected := r.Version
				if stale {
					expected--
				}
				r.Version++
				r.State = state
				e := registration.Event{Registration: id, Seq: r.Version, Type: registration.EventEnded, At: r.SubmittedAt, On: r.SubmittedOn, Actor: registration.System(), To: state}
				return tx.UpdateRegistration(ctx, r, expected, []registration.Event{e})
			}
		case 2:
			p := person(t)
			p.CyrillicSurname = rapid.SampledFrom([]string{"", "Каримов"}).Draw(t, "surname")
			return func(ctx context.Context, tx store.Tx) error {
				return tx.PutForeigner(ctx, registration.DemoPseudonyms().Foreigner(p), p)
			}
		case 3:
			f, trip := foreigner(t), stay.Trip{Entry: day(t, "entry")}
			if rapid.Bool().Draw(t, "exited") {
				trip.Exit = trip.Entry.AddDays(rapid.IntRange(-1, 5).Draw(t, "length"))
			}
			return func(ctx context.Context, tx store.Tx) error { return tx.PutTrip(ctx, f, trip) }
		case 4, 5:
			k := store.DeadlineKey{
				Kind:      store.DeadlineKind(rapid.IntRange(1, 3).Draw(t, "kind")),
				Foreigner: foreigner(t),
				Subject:   rapid.SampledFrom([]string{"", "x"}).Draw(t, "subject"),
			}
			if rapid.Bool().Draw(t, "delete") {
				return func(ctx context.Context, tx store.Tx) error { return tx.DeleteDeadline(ctx, k) }
			}
			d := store.Deadline{DeadlineKey: k, Due: day(t, "due"), Registration: regID(t)}
			return func(ctx context.Context, tx store.Tx) error { return tx.PutDeadline(ctx, d) }
		case 6:
			rec := store.IdempotencyRecord{Key: rapid.SampledFrom([]string{"k1", "k2"}).Draw(t, "key"), Registration: regID(t), CreatedAt: instant(t, "at")}
			return func(ctx context.Context, tx store.Tx) error { return tx.PutIdempotency(ctx, rec) }
		case 7, 8:
			m := store.Message{
				ID: rapid.SampledFrom([]string{"m1", "m2", "m3"}).Draw(t, "message"), Kind: "decision", To: "f_x",
				Body: []byte(`{"n":1}`), CreatedAt: instant(t, "created"), NextAttempt: instant(t, "next"),
			}
			if rapid.Bool().Draw(t, "delivered") {
				m.NextAttempt, m.DeliveredAt = time.Time{}, instant(t, "delivered at")
			}
			if rapid.Bool().Draw(t, "enqueue") {
				return func(ctx context.Context, tx store.Tx) error { return tx.Enqueue(ctx, m) }
			}
			return func(ctx context.Context, tx store.Tx) error { return tx.UpdateMessage(ctx, m) }
		case 10:
			l := store.Link{From: foreigner(t), To: foreigner(t), By: registration.AuthorityActor("MP"), At: instant(t, "linked")}
			return func(ctx context.Context, tx store.Tx) error { return tx.PutLink(ctx, l) }
		case 11:
			f := foreigner(t)
			return func(ctx context.Context, tx store.Tx) error { return tx.EraseForeigner(ctx, f) }
		case 12:
			from, to := foreigner(t), foreigner(t)
			return func(ctx context.Context, tx store.Tx) error { return tx.MergeForeigner(ctx, from, to) }
		case 13:
			before := instant(t, "before")
			return func(ctx context.Context, tx store.Tx) error {
				_, err := tx.DeleteIdempotencyBefore(ctx, before)
				return err
			}
		default:
			c := store.Certificate{Registration: regID(t), Number: rapid.SampledFrom([]string{"1", "2"}).Draw(t, "number"), Token: "token", IssuedAt: instant(t, "issued")}
			return func(ctx context.Context, tx store.Tx) error { return tx.PutCertificate(ctx, c) }
		}
	})
}

// TestRollback runs transactions of random writes of every kind (some of
// which fail, and the transaction goes on), that end in a commit, an
// error, a panic or a cancelled context. Whatever does not commit must
// leave the store exactly as it was; after each transaction every index
// must match the records.
func TestRollback(t *testing.T) {
	p, pe, c, ce := templates(t)
	gen := writes(p, c, pe, ce)
	errFail := errors.New("fail")
	rapid.Check(t, func(t *rapid.T) {
		s := New(nil)
		for i, n := 0, rapid.IntRange(1, 12).Draw(t, "transactions"); i < n; i++ {
			ops := rapid.SliceOfN(gen, 0, 12).Draw(t, "writes")
			end := rapid.SampledFrom([]string{"commit", "error", "panic", "cancel"}).Draw(t, "end")
			before := dumpOf(s)
			ctx, cancel := context.WithCancel(context.Background())
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil && p != errFail {
						panic(p)
					}
				}()
				err = s.Update(ctx, func(tx store.Tx) error {
					for _, op := range ops {
						_ = op(ctx, tx) // a failed write changes nothing; go on
					}
					switch end {
					case "error":
						return errFail
					case "panic":
						panic(errFail)
					case "cancel":
						cancel()
					}
					return nil
				})
			}()
			cancel()
			after := dumpOf(s)
			if err := after.consistent(); err != nil {
				t.Fatalf("transaction %d (%s): %v", i, end, err)
			}
			switch {
			case end == "commit" && err != nil:
				t.Fatalf("transaction %d: Update = %v; want nil", i, err)
			case end != "commit" && end != "panic" && err == nil:
				t.Fatalf("transaction %d (%s): Update = nil; want an error", i, end)
			case end != "commit":
				if d := diffDumps(after, before); d != "" {
					t.Fatalf("transaction %d (%s) changed the store (-before +after):\n%s", i, end, d)
				}
			}
		}
	})
}

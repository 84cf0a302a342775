package migreg_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// FuzzService runs random sequences of every command of the Service, with
// hostile values (text that does not show, invalid UTF-8, NUL, IDs with
// separators, megabyte strings, dates at the ends of the calendar, a
// clock that jumps), on the in-memory store. After each step: nothing
// panicked, every error has a public code other than "internal" (it is
// typed), and the store's invariants hold: every registration's events
// replay to it, a foreigner has at most one active registration, no two
// of a foreigner's trips overlap, and an ID merged into a person
// (LinkDocument) holds no trip or registration.
//
// CI runs it for a short, bounded time (.ci/run); to run it longer:
//
//	go test -run '^$' -fuzz '^FuzzService$' -fuzztime 30m .
func FuzzService(f *testing.F) {
	for _, seed := range [][]byte{
		{},
		{0, 0, 5, 2, 0, 0, 5, 0, 0, 4, 0, 0}, // entry, submission, confirmation
		{0, 0, 5, 2, 0, 0, 5, 0, 0, 5, 0, 1, 1, 5, 0, 2, 3}, // entry, submission, two rejections
		{0, 0, 5, 13, 20, 1, 0, 9, 0, 0, 3, 10},             // entry, days pass, exit, entry before it
		{13, 255, 10, 11, 0, 7, 12, 0, 8},                   // the calendar's last year
		{2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17},
		{15, '[', '{', '}', ',', '{', '}', ']'},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, prog []byte) {
		run := newFuzzRun(t, prog)
		for step := 0; step < 48 && len(run.b) > 0; step++ {
			op := run.pick(23)
			err := run.do(op)
			if w := migreg.WireErrorOf(err); w != nil && w.Code == migreg.CodeInternal {
				t.Fatalf("step %d, op %d: an untyped error: %v", step, op, err)
			}
			run.checkInvariants(step, op)
		}
	})
}

// fuzzRun is one fuzzed sequence: the program's remaining bytes, the
// Service and what the sequence created.
type fuzzRun struct {
	t       *testing.T
	b       []byte
	ctx     context.Context
	env     *testEnv
	people  []registration.Person
	hosts   []registration.Host
	ids     []registration.ID
	seenIDs map[registration.ForeignerID]bool
}

func newFuzzRun(t *testing.T, prog []byte) *fuzzRun {
	env := newEnv(t, calendar.NewDate(2026, 7, 1), nil)
	r := &fuzzRun{t: t, b: prog, ctx: context.Background(), env: env, seenIDs: map[registration.ForeignerID]bool{}}
	for i, c := range []string{"UZB", "DEU", "RUS"} {
		p := person(docNumber(i))
		p.Citizenship, p.Document.IssuingCountry = c, c
		r.people = append(r.people, p)
		r.seenIDs[fid(p)] = true
	}
	r.hosts = []registration.Host{landlord(t), hotel(t)}
	return r
}

// byte consumes one byte of the program; an exhausted program reads 0.
func (r *fuzzRun) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// pick returns a number below n.
func (r *fuzzRun) pick(n int) int { return int(r.byte()) % n }

// text returns a plain value or a hostile one.
func (r *fuzzRun) text(plain string) string {
	switch r.pick(16) {
	case 0:
		return ""
	case 1:
		return plain + "\u200b"
	case 2:
		return plain + "\xff"
	case 3:
		return plain + "\x00"
	case 4:
		return strings.Repeat("ы", registration.MaxTextBytes/2) + "x"
	case 5:
		return strings.Repeat("-", 1<<20)
	case 6:
		return plain + "@1/2|3"
	case 7:
		return "\u202e" + plain
	case 8:
		n := r.pick(24)
		s := string(r.b[:min(n, len(r.b))])
		r.b = r.b[min(n, len(r.b)):]
		return s
	case 9:
		return strings.Repeat("k", store.MaxStringBytes+1)
	case 10:
		return " "
	}
	return plain
}

// date returns a date near the clock's today, or one at an edge.
func (r *fuzzRun) date() calendar.Date {
	today := r.env.Clock.Today()
	switch r.pick(12) {
	case 0:
		return calendar.Date{}
	case 1:
		return calendar.NewDate(1, 1, 1)
	case 2:
		return calendar.NewDate(9999, 12, 31)
	case 3:
		return calendar.NewDate(2022, 6, 1)
	case 4:
		return today.AddDays(1 + r.pick(30))
	}
	return today.AddDays(-r.pick(120))
}

func (r *fuzzRun) person() registration.Person {
	p := r.people[r.pick(len(r.people))]
	switch r.pick(8) {
	case 0:
		p.Surname = r.text(p.Surname)
	case 1:
		p.Document.Number = r.text(p.Document.Number)
	case 2:
		p.Citizenship = r.text("KAZ")
	}
	if id := fid(p); !r.seenIDs[id] && len(r.seenIDs) < 64 {
		r.seenIDs[id] = true
	}
	return p
}

func (r *fuzzRun) foreigner() registration.ForeignerID {
	if r.pick(8) == 0 {
		return registration.ForeignerID(r.text("f"))
	}
	return fid(r.people[r.pick(len(r.people))])
}

func (r *fuzzRun) id() registration.ID {
	if len(r.ids) == 0 || r.pick(6) == 0 {
		return registration.ID(r.text("r-1"))
	}
	return r.ids[r.pick(len(r.ids))]
}

func (r *fuzzRun) actor() registration.Actor {
	switch r.pick(6) {
	case 0:
		return registration.ForeignerActor(r.foreigner())
	case 1:
		return registration.AuthorityActor(r.text("MVD"))
	case 2:
		return registration.System()
	case 3:
		return registration.Actor{}
	}
	return registration.HostActor(hid(r.hosts[r.pick(len(r.hosts))]))
}

func (r *fuzzRun) reason() registration.Reason {
	return registration.Reason{Code: registration.ReasonCode(r.pick(8)), Note: r.text("")}
}

func (r *fuzzRun) request() migreg.SubmitRequest {
	h := r.hosts[r.pick(len(r.hosts))]
	req := migreg.SubmitRequest{Submission: registration.Submission{
		Person: r.person(), Host: h, Place: registration.Place(r.pick(7)), Entry: r.date(),
		Address: registration.Address{Region: "Алматы", Street: r.text("проспект Абая"), Building: r.text("10"), Unit: "5"},
	}}
	if r.pick(2) == 0 {
		req.By = registration.HostActor(hid(h))
		req.Submission.Place = registration.Hotel
	}
	if r.pick(4) == 0 {
		req.Submission.ID = registration.ID(r.text("booking-1"))
	}
	if r.pick(3) == 0 {
		req.IdempotencyKey = r.text("key-1")
	}
	if r.pick(4) == 0 {
		req.Submission.PlannedEnd = r.date()
	}
	return req
}

// keep remembers a registration the sequence created.
func (r *fuzzRun) keep(reg registration.Registration, err error) error {
	if err == nil && reg.ID != "" && !slices.Contains(r.ids, reg.ID) {
		r.ids = append(r.ids, reg.ID)
	}
	return err
}

// do performs the command op.
func (r *fuzzRun) do(op int) error {
	svc, ctx := r.env.Service, r.ctx
	switch op {
	case 0:
		return svc.RecordEntry(ctx, r.person(), r.date())
	case 1:
		return svc.RecordExit(ctx, r.foreigner(), r.date())
	case 2:
		return r.keep(svc.Submit(ctx, r.request()))
	case 3:
		reqs := make([]migreg.SubmitRequest, r.pick(4))
		for i := range reqs {
			reqs[i] = r.request()
		}
		for _, res := range svc.SubmitBatch(ctx, reqs, migreg.BatchOptions{DryRun: r.pick(4) == 0}) {
			if err := r.keep(res.Registration, res.Err); err != nil {
				if w := migreg.WireErrorOf(err); w.Code == migreg.CodeInternal {
					return err
				}
			}
		}
		return nil
	case 4:
		return r.keep(svc.Confirm(ctx, r.id(), r.actor()))
	case 5:
		return r.keep(svc.Reject(ctx, r.id(), r.actor(), r.reason()))
	case 6:
		return r.keep(svc.Withdraw(ctx, r.id(), r.actor()))
	case 7:
		return r.keep(svc.Annul(ctx, r.id(), r.actor(), r.reason()))
	case 8:
		req := r.request()
		return r.keep(svc.Move(ctx, migreg.MoveRequest{From: r.id(), On: r.date(), Host: req.Submission.Host,
			Address: req.Submission.Address, Place: req.Submission.Place, By: req.By, IdempotencyKey: req.IdempotencyKey}))
	case 9:
		return svc.RecordMove(ctx, r.id(), r.date(), r.actor())
	case 10:
		_, err := svc.Sweep(ctx)
		return err
	case 11:
		_, err := svc.Status(ctx, r.foreigner(), r.date())
		return err
	case 12:
		_, err := svc.Assess(ctx, r.foreigner(), r.date())
		return err
	case 13:
		switch n := r.pick(64); {
		case n == 63:
			r.env.Clock.Set(calendar.NewDate(9998, 12, 29).In(calendar.KazakhstanZone()).Add(12 * time.Hour))
		default:
			r.env.Clock.AdvanceDays(n)
		}
		return nil
	case 14:
		_, err := svc.Deliver(ctx, r.pick(4))
		return err
	case 15:
		n := r.pick(64)
		data := r.b[:min(n, len(r.b))]
		r.b = r.b[min(n, len(r.b)):]
		res, err := svc.SubmitBatchJSON(ctx, data, migreg.BatchOptions{})
		for _, x := range res {
			if err := r.keep(x.Registration, x.Err); err != nil && migreg.WireErrorOf(err).Code == migreg.CodeInternal {
				return err
			}
		}
		return err
	case 16:
		id := r.id()
		if _, err := svc.History(ctx, id); err != nil {
			return err
		}
		_, _, err := svc.Certificate(ctx, id)
		return err
	case 17:
		req := r.request()
		g := migreg.GroupRequest{Host: req.Submission.Host, Address: req.Submission.Address, Place: req.Submission.Place,
			By: req.By, IdempotencyKey: req.IdempotencyKey}
		for range r.pick(4) {
			m := migreg.GroupMember{Person: r.person(), Entry: r.date()}
			if r.pick(3) == 0 {
				m.Guardian = new(r.pick(6) - 1)
			}
			g.Members = append(g.Members, m)
		}
		res, err := svc.SubmitGroup(ctx, g)
		for _, m := range res.Members {
			_ = r.keep(m.Registration, m.Err)
		}
		return err
	case 18:
		var g registration.GroupID
		if reg, err := svc.Registration(ctx, r.id()); err == nil && r.pick(4) != 0 {
			g = reg.Group
		} else {
			g = registration.GroupID(r.text("g-1"))
		}
		var err error
		if r.pick(2) == 0 {
			_, err = svc.ConfirmGroup(ctx, g, r.actor())
		} else {
			_, err = svc.RejectGroup(ctx, g, r.actor(), r.reason())
		}
		return err
	case 19:
		reqs := make([]migreg.CheckOutRequest, 1+r.pick(3))
		for i := range reqs {
			reqs[i] = migreg.CheckOutRequest{Registration: r.id(), On: r.date(), By: r.actor()}
		}
		if len(reqs) == 1 {
			return r.keep(svc.CheckOut(ctx, reqs[0]))
		}
		for _, res := range svc.CheckOutBatch(ctx, reqs) {
			if w := migreg.WireErrorOf(res.Err); w != nil && w.Code == migreg.CodeInternal {
				return res.Err
			}
		}
		return nil
	case 20:
		by := registration.AuthorityActor("MP-Almaty")
		if r.pick(4) == 0 {
			by = r.actor()
		}
		return svc.LinkDocument(ctx, r.foreigner(), r.person(), by, r.text("case 1"))
	case 21:
		_, err := svc.EraseExpired(ctx)
		return err
	default:
		for _, err := range svc.ByForeigner(ctx, r.foreigner(), migreg.ListOptions{PageSize: r.pick(3)}) {
			if err != nil {
				return err
			}
		}
		_, err := svc.Trips(ctx, r.foreigner())
		return err
	}
}

// checkInvariants fails the test unless the store's invariants hold.
func (r *fuzzRun) checkInvariants(step, op int) {
	t, ctx := r.t, r.ctx
	err := r.env.Store.View(ctx, func(tx store.ReadTx) error {
		var all []registration.Registration
		var after store.Cursor
		for {
			page, next, err := tx.Registrations(ctx, store.Filter{}, store.Page{After: after, Limit: store.MaxLimit})
			if err != nil {
				return err
			}
			all = append(all, page...)
			if next == "" {
				break
			}
			after = next
		}
		active := map[registration.ForeignerID]registration.ID{}
		for _, reg := range all {
			events, err := tx.Events(ctx, reg.ID)
			if err != nil {
				return err
			}
			replayed, err := registration.Replay(events)
			if err != nil {
				t.Fatalf("step %d, op %d: the events of %s do not replay: %v", step, op, reg.ID, err)
			}
			if diff := cmp.Diff(reg, replayed); diff != "" {
				t.Fatalf("step %d, op %d: the events of %s replay to another registration (-stored +replayed):\n%s", step, op, reg.ID, diff)
			}
			if reg.State.IsActive() {
				if other, ok := active[reg.Foreigner]; ok {
					t.Fatalf("step %d, op %d: %s and %s are both active", step, op, other, reg.ID)
				}
				active[reg.Foreigner] = reg.ID
			}
		}
		for id := range r.seenIDs {
			trips, err := tx.Trips(ctx, id)
			if err != nil {
				return err
			}
			if err := overlap(trips); err != nil {
				t.Fatalf("step %d, op %d: %v", step, op, err)
			}
			// An ID merged into a person (it has a link) holds nothing.
			if _, err := tx.Link(ctx, id); err == nil && len(trips) > 0 {
				t.Fatalf("step %d, op %d: a linked ID holds %d trips", step, op, len(trips))
			}
		}
		for _, reg := range all {
			if _, err := tx.Link(ctx, reg.Foreigner); err == nil {
				t.Fatalf("step %d, op %d: registration %s is kept under a linked ID", step, op, reg.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("step %d, op %d: reading the store: %v", step, op, err)
	}
}

// overlap reports two trips that share a day, or an open trip that is not
// the last.
func overlap(trips []stay.Trip) error {
	trips = slices.Clone(trips)
	slices.SortFunc(trips, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	for i := 1; i < len(trips); i++ {
		prev := trips[i-1]
		if prev.Exit.IsZero() || !trips[i].Entry.After(prev.Exit) {
			return errors.New("trips " + prev.Entry.String() + ".." + prev.Exit.String() + " and " + trips[i].Entry.String() + " overlap")
		}
	}
	return nil
}

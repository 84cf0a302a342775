package migreg_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
)

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

func person(doc string) registration.Person {
	return registration.Person{
		Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: date("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{Kind: registration.Passport, Number: doc, IssuingCountry: "UZB", Expiry: date("2031-01-31")},
	}
}

func landlord(t testing.TB) registration.Host {
	iin, err := kzid.ParseIIN("061211600012")
	if err != nil {
		t.Fatal(err)
	}
	return registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}}
}

func hotel(t testing.TB) registration.Host {
	bin, err := kzid.ParseBIN("940140000385")
	if err != nil {
		t.Fatal(err)
	}
	return registration.Host{Kind: registration.HostHotel, Name: "Hotel Almaty", BIN: bin, Size: penalty.LargeBusiness, Contact: registration.Contact{Email: "desk@hotel.example"}}
}

func flat(building string) registration.Address {
	return registration.Address{Region: "Алматы", Street: "проспект Абая", Building: building, Unit: "5"}
}

func request(p registration.Person, h registration.Host, entry string) migreg.SubmitRequest {
	return migreg.SubmitRequest{Submission: registration.Submission{
		Person: p, Host: h, Address: flat("10"), Place: registration.PrivateHome, Entry: date(entry),
	}}
}

func TestNewWithoutStore(t *testing.T) {
	if _, err := migreg.New(nil, nil); !errors.Is(err, migreg.ErrNoStore) {
		t.Errorf("New(nil, nil) err = %v; want ErrNoStore", err)
	}
}

func TestIdempotentSubmit(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	req := request(person("FA1234567"), landlord(t), "2026-07-01")
	req.IdempotencyKey = "pms-42"
	first, err := env.Service.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Minute) // a retry after a timeout
	again, err := env.Service.Submit(ctx, req)
	if err != nil || again.ID != first.ID || again.Version != first.Version {
		t.Errorf("retry = %s v%d, %v; want %s v%d", again.ID, again.Version, err, first.ID, first.Version)
	}
	if n := env.Store.Stats().Registrations; n != 1 {
		t.Errorf("after a retry the store holds %d registrations; want 1", n)
	}
	req.Submission.Address = flat("11")
	if _, err := env.Service.Submit(ctx, req); !errors.Is(err, migreg.ErrIdempotencyMismatch) {
		t.Errorf("same key, other content: err = %v; want ErrIdempotencyMismatch", err)
	}
}

func TestSubmitBatch(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	h := hotel(t)
	var reqs []migreg.SubmitRequest
	for i, doc := range []string{"FA0000001", "FA0000002", "", "FA0000004", "FA0000005"} {
		r := request(person(doc), h, "2026-07-01")
		r.By = registration.HostActor(hid(h))
		r.Submission.Place = registration.Hotel
		r.IdempotencyKey = "group-7/" + string(rune('a'+i))
		reqs = append(reqs, r)
	}
	reqs[4].Submission.Person.Surname = "Каримов"
	reqs[4].Submission.Address.Building = ""

	dry := env.Service.SubmitBatch(ctx, reqs, migreg.BatchOptions{DryRun: true})
	if n := env.Store.Stats().Registrations; n != 0 {
		t.Errorf("a dry run stored %d registrations", n)
	}
	for _, res := range dry {
		wantErr := res.Index == 2 || res.Index == 4
		if (res.Err != nil) != wantErr {
			t.Errorf("dry run item %d: err = %v; want error %v", res.Index, res.Err, wantErr)
		}
	}

	res := env.Service.SubmitBatch(ctx, reqs, migreg.BatchOptions{})
	var ve *registration.ValidationError
	if !errors.As(res[2].Err, &ve) || !ve.Has("person.document.number", registration.CodeRequired) {
		t.Errorf("item 2: err = %v; want person.document.number: required", res[2].Err)
	}
	if !errors.As(res[4].Err, &ve) || !ve.Has("person.surname", registration.CodeNotLatin) || !ve.Has("address.building", registration.CodeRequired) {
		t.Errorf("item 4: err = %v; want both of its problems", res[4].Err)
	}
	for _, i := range []int{0, 1, 3} {
		if res[i].Err != nil || res[i].Registration.State != registration.Confirmed {
			t.Errorf("item %d = %v, %v; want confirmed at check-in", i, res[i].Registration.State, res[i].Err)
		}
	}
	// The same batch again after a timeout: nothing new.
	again := env.Service.SubmitBatch(ctx, reqs, migreg.BatchOptions{})
	for _, i := range []int{0, 1, 3} {
		if again[i].Registration.ID != res[i].Registration.ID {
			t.Errorf("retried item %d = %s; want %s", i, again[i].Registration.ID, res[i].Registration.ID)
		}
	}
	if n := env.Store.Stats().Registrations; n != 3 {
		t.Errorf("after a retried batch the store holds %d registrations; want 3", n)
	}
}

func TestOutboxAtLeastOnce(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	// The receiver takes the message, but the acknowledgement is lost:
	// a crash between delivery and recording it.
	lost := true
	env.Inbox.Fail = nil
	crashy := migreg.NotifierFunc(func(ctx context.Context, n migreg.Notification) error {
		_ = env.Inbox.Notify(ctx, n)
		if lost {
			lost = false
			return errors.New("connection reset")
		}
		return nil
	})
	env2 := newEnv(t, date("2026-07-01"), &migreg.Options{InsecureDemoKeys: true, Notifier: crashy, Clock: env.Clock})
	r, err := env2.Service.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := env2.Service.Deliver(ctx, 0)
	if err != nil || rep.Failed != 1 {
		t.Fatalf("first delivery = %+v, %v; want 1 failed", rep, err)
	}
	rep, _ = env2.Service.Deliver(ctx, 0)
	if rep.Delivered != 0 {
		t.Errorf("a retry before its backoff delivered %d", rep.Delivered)
	}
	env.Clock.Advance(time.Minute)
	rep, err = env2.Service.Deliver(ctx, 0)
	if err != nil || rep.Delivered != 1 {
		t.Fatalf("retry = %+v, %v; want 1 delivered", rep, err)
	}
	got := env.Inbox.Received()
	if len(got) != 1 || got[0].Kind != migreg.NotifyHostRequest || got[0].To != string(r.HostID) {
		t.Fatalf("received %v; want one host request to %s", got, r.HostID)
	}
	if n := env.Inbox.Deliveries(got[0].ID); n != 2 {
		t.Errorf("the message arrived %d times; want 2 (at least once, with the same ID)", n)
	}
}

func TestSweepLapsesEndsAndReminds(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	a, b := person("FA0000001"), person("FA0000002")
	for _, p := range []registration.Person{a, b} {
		if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := svc.Submit(ctx, request(a, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	// 27 July: b's registration is due on 30 July; a's request lapsed long ago.
	env.Clock.Set(date("2026-07-27").In(calendar.KazakhstanZone()).Add(9 * time.Hour))
	rep, err := svc.Sweep(ctx)
	// Both are reminded: a's request lapsed, so a is not registered either.
	if err != nil || rep.Lapsed != 1 || rep.Reminders != 2 {
		t.Fatalf("Sweep = %+v, %v; want 1 lapsed, 2 reminders", rep, err)
	}
	if r, _ := svc.Registration(ctx, pending.ID); r.State != registration.Lapsed {
		t.Errorf("the unanswered request is %v; want lapsed", r.State)
	}
	if rep, err := svc.Sweep(ctx); err != nil || rep != (migreg.SweepReport{}) {
		t.Errorf("a second Sweep = %+v, %v; want nothing to do", rep, err)
	}
	if _, err := svc.Deliver(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var reminded bool
	for _, n := range env.Inbox.Received() {
		reminded = reminded || (n.Kind == migreg.NotifyReminder && n.To == string(fid(b)))
	}
	if !reminded {
		t.Errorf("no reminder reached %s: %v", fid(b), env.Inbox.Received())
	}
}

func TestListsAndDue(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc := env.Service
	h := landlord(t)
	var ids []registration.ID
	for _, doc := range []string{"FA0000001", "FA0000002", "FA0000003", "FA0000004", "FA0000005"} {
		r, err := svc.Submit(ctx, request(person(doc), h, "2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	var got []registration.ID
	for r, err := range svc.ByHost(ctx, hid(h), migreg.ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.ID)
	}
	if len(got) != 5 || got[0] != ids[0] || got[4] != ids[4] {
		t.Errorf("ByHost = %v; want %v", got, ids)
	}
	got = got[:0]
	for r, err := range svc.ByHost(ctx, hid(h), migreg.ListOptions{PageSize: 2, After: ids[2]}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.ID)
	}
	if len(got) != 2 || got[0] != ids[3] {
		t.Errorf("ByHost after %s = %v; want %v", ids[2], got, ids[3:])
	}
	n := 0
	for d, err := range svc.Due(ctx, date("2026-07-31"), migreg.DueHostAnswer) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Due != date("2026-07-08") { // submitted Thursday 2 July; 6 July is Capital Day
			t.Errorf("host answer due %v; want 2026-07-08", d.Due)
		}
		n++
	}
	if n != 5 {
		t.Errorf("Due listed %d host answers; want 5", n)
	}
	for r, err := range svc.ByForeigner(ctx, fid(person("FA0000003")), migreg.ListOptions{}) {
		if err != nil || r.ID != ids[2] {
			t.Errorf("ByForeigner = %s, %v; want %s", r.ID, err, ids[2])
		}
	}
}

func TestAssessAndStatus(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	vs, err := svc.Assess(ctx, fid(p), date("2026-08-03"))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Offence != penalty.NotRegistered || vs[0].Sanction == nil || vs[0].Sanction.Amount.String() != "64875" {
		t.Errorf("Assess = %v; want not registered (64 875 ₸) and an overstay", vs)
	}
	st, err := svc.Status(ctx, fid(p), date("2026-07-10"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Active != nil || len(st.Deadlines) != 1 || st.Deadlines[0].Due != date("2026-07-30") || st.Stay.VisitDay != 10 {
		t.Errorf("Status = active %v, deadlines %v, visit day %d; want none, registration due 2026-07-30, day 10", st.Active, st.Deadlines, st.Stay.VisitDay)
	}
	env.Clock.AdvanceDays(25)
	if err := svc.RecordExit(ctx, fid(p), date("2026-07-20")); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordExit(ctx, fid(p), date("2026-07-20")); err != nil {
		t.Errorf("recording the exit twice: %v", err)
	}
	if vs, err := svc.Assess(ctx, fid(p), date("2026-08-03")); err != nil || len(vs) != 0 {
		t.Errorf("Assess after leaving on day 20 = %v, %v; want nothing", vs, err)
	}
}

func TestExitEndsRegistration(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc := env.Service
	p := person("FA1234567")
	if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	h := hotel(t)
	req := request(p, h, "2026-07-01")
	req.By, req.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
	r, err := svc.Submit(ctx, req)
	if err != nil || r.State != registration.Confirmed {
		t.Fatalf("hotel check-in = %v, %v", r.State, err)
	}
	env.Clock.AdvanceDays(3)
	if err := svc.RecordExit(ctx, fid(p), env.Clock.Today()); err != nil {
		t.Fatal(err)
	}
	if r, _ = svc.Registration(ctx, r.ID); r.State != registration.Ended || r.Reason.Code != registration.Departed {
		t.Errorf("after check-out and exit the registration is %v (%v); want ended, departed", r.State, r.Reason)
	}
}

func TestDefaultIDsSortInCreationOrder(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), &migreg.Options{InsecureDemoKeys: true, NewID: nil})
	svc, err := migreg.New(env.Store, &migreg.Options{InsecureDemoKeys: true, Clock: env.Clock})
	if err != nil {
		t.Fatal(err)
	}
	var prev registration.ID
	for i, doc := range []string{"FA0000001", "FA0000002", "FA0000003", "FA0000004"} {
		env.Clock.Advance(time.Duration(i*37) * time.Second)
		r, err := svc.Submit(ctx, request(person(doc), landlord(t), "2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		if r.ID <= prev {
			t.Errorf("ID %s does not sort after the earlier %s", r.ID, prev)
		}
		prev = r.ID
	}
}

func TestGivenUpMessagesDoNotBlock(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), &migreg.Options{InsecureDemoKeys: true, MaxAttempts: 1})
	env.Inbox.Fail = func(n migreg.Notification) bool { return n.To == string(hid(landlord(t))) }
	for _, doc := range []string{"FA0000001", "FA0000002", "FA0000003"} {
		if _, err := env.Service.Submit(ctx, request(person(doc), landlord(t), "2026-07-01")); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := env.Service.Deliver(ctx, 2)
	if err != nil || rep.GaveUp != 3 {
		t.Fatalf("Deliver = %+v, %v; want 3 given up", rep, err)
	}
	h := hotel(t)
	req := request(person("FA0000009"), h, "2026-07-01")
	req.Submission.Place = registration.Hotel
	r, err := env.Service.Submit(ctx, req) // filed by the foreigner: the hotel is asked
	if err != nil {
		t.Fatal(err)
	}
	rep, err = env.Service.Deliver(ctx, 2)
	if err != nil || rep.Delivered != 1 {
		t.Errorf("after three messages were given up, Deliver = %+v, %v; want the new one delivered", rep, err)
	}
	env.Inbox.Fail = nil
	if err := env.Service.Retry(ctx, string(r.ID)+"/1"); err != nil {
		t.Fatal(err)
	}
	msgID := ""
	for _, n := range env.Inbox.Received() {
		if n.Registration == r.ID {
			msgID = n.ID
		}
	}
	if msgID == "" {
		t.Errorf("the hotel's request was not received: %v", env.Inbox.Received())
	}
}

func TestEntriesAndExitsAreChecked(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-10"), nil)
	svc := env.Service
	p := person("FA1234567")
	var ve *registration.ValidationError
	if err := svc.RecordEntry(ctx, p, date("2026-07-11")); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeInFuture) {
		t.Errorf("an entry tomorrow: err = %v; want entry: in_future", err)
	}
	if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordExit(ctx, fid(p), date("2026-07-12")); !errors.As(err, &ve) || !ve.Has("exit", registration.CodeInFuture) {
		t.Errorf("an exit in the future: err = %v; want exit: in_future", err)
	}
	if err := svc.RecordExit(ctx, fid(p), date("2026-06-30")); !errors.As(err, &ve) || !ve.Has("exit", registration.CodeBeforeEntry) {
		t.Errorf("an exit before the entry: err = %v; want exit: before_entry", err)
	}
	if err := svc.RecordExit(ctx, fid(p), date("2026-07-05")); err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordEntry(ctx, p, date("2026-07-03")); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeOverlapsTrip) {
		t.Errorf("an entry inside a recorded trip: err = %v; want entry: overlaps_trip", err)
	}
	// A submission for an entry inside a recorded trip is refused too.
	if _, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-04")); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeOverlapsTrip) {
		t.Errorf("a submission inside a recorded trip: err = %v; want entry: overlaps_trip", err)
	}
	if err := svc.RecordEntry(ctx, p, date("2026-07-08")); err != nil {
		t.Fatal(err)
	}
	// While the trip from 8 July is open, another entry date is a mistake.
	if _, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-09")); !errors.As(err, &ve) || !ve.Has("entry", registration.CodeMismatch) {
		t.Errorf("a submission with another entry date: err = %v; want entry: mismatch", err)
	}
}

func TestExitLapsesPendingRequests(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	p := person("FA1234567")
	if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(1)
	if err := svc.RecordExit(ctx, fid(p), env.Clock.Today()); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Registration(ctx, r.ID); got.State != registration.Lapsed || got.Reason.Code != registration.Departed {
		t.Errorf("a request pending at exit is %v (%v); want lapsed, departed", got.State, got.Reason)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); !errors.Is(err, registration.ErrInvalidTransition) {
		t.Errorf("confirming it later: err = %v; want ErrInvalidTransition", err)
	}
}

func TestIdempotencyKeysAreScopedByFiler(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	h := hotel(t)
	a := request(person("FA0000001"), h, "2026-07-01")
	a.By, a.Submission.Place, a.IdempotencyKey = registration.HostActor(hid(h)), registration.Hotel, "booking-123"
	b := request(person("FA0000002"), landlord(t), "2026-07-01")
	b.IdempotencyKey = "booking-123" // another system, the same key
	ra, err := env.Service.Submit(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := env.Service.Submit(ctx, b)
	if err != nil || rb.ID == ra.ID {
		t.Errorf("the same key from another filer = %s, %v; want a new registration", rb.ID, err)
	}
}

// TestRulesIsACopy: what Rules returns can be changed without changing
// the Service's deadlines.
func TestRulesIsACopy(t *testing.T) {
	env := newEnv(t, date("2026-07-01"), nil)
	due := func(rb *registration.Rulebook) (calendar.Date, calendar.Date) {
		t.Helper()
		reg, err := rb.RegistrationDue(date("2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		rereg, err := rb.ReregistrationDue(date("2026-07-01"), date("2026-07-03"))
		if err != nil {
			t.Fatal(err)
		}
		return reg.Due, rereg.Due
	}
	wantReg, wantRereg := due(env.Service.Rules())
	rb := env.Service.Rules()
	for i := range rb.Rules {
		rb.Rules[i].RegistrationDays, rb.Rules[i].ReregistrationWorkingDays = 1, 1
	}
	// Two more days off in July 2026 (the zero Calendar will not do: it
	// answers as Kazakhstan's).
	spoiled, err := rb.Calendar.WithTransferOrder(calendar.TransferOrder{Year: 2026, Act: "test", Transfers: []calendar.Transfer{
		{DayOff: date("2026-07-08"), WorkingDay: date("2026-07-18")}, {DayOff: date("2026-07-14"), WorkingDay: date("2026-07-25")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, rereg := due(&registration.Rulebook{Calendar: spoiled, Rules: registration.DefaultRules()}); rereg == wantRereg {
		t.Fatalf("the spoiled calendar gives the same re-registration deadline %v: the test would prove nothing", rereg)
	}
	*rb.Calendar = *spoiled
	gotReg, gotRereg := due(env.Service.Rules())
	if gotReg != wantReg || gotRereg != wantRereg {
		t.Errorf("after changing a copy, the deadlines are %v and %v; want %v and %v", gotReg, gotRereg, wantReg, wantRereg)
	}
}

// TestSubmitBatchAcrossTransactions: a batch longer than one transaction's
// share (500 items) is stored item by item as Submit would store it, bad
// items in every transaction refused alone, and the same batch again
// (after a timeout) creates nothing, even when the store runs every
// transaction twice.
func TestSubmitBatchAcrossTransactions(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-02"), nil)
	svc, err := migreg.New(retryingStore{Store: env.Store}, &migreg.Options{InsecureDemoKeys: true, Clock: env.Clock, Issuer: env.Issuer, NewID: migregtest.Sequence("q")})
	if err != nil {
		t.Fatal(err)
	}
	h := hotel(t)
	const n = migreg.MaxBatchItems // two transactions' shares
	var reqs []migreg.SubmitRequest
	for i := range n {
		r := request(person(docNumber(i)), h, "2026-07-01")
		r.By, r.Submission.Place = registration.HostActor(hid(h)), registration.Hotel
		r.IdempotencyKey = fmt.Sprint("import/", i)
		if i%250 == 7 {
			r.Submission.Address.Street = "" // refused: address.street required
		}
		reqs = append(reqs, r)
	}
	for round := range 2 {
		res := svc.SubmitBatch(ctx, reqs, migreg.BatchOptions{})
		for i, r := range res {
			var ve *registration.ValidationError
			switch {
			case r.Index != i:
				t.Fatalf("round %d: result %d has index %d", round, i, r.Index)
			case i%250 == 7 && (!errors.As(r.Err, &ve) || !ve.Has("address.street", registration.CodeRequired) || !r.Registration.IsZero()):
				t.Errorf("round %d: item %d = %v, %v; want address.street: required", round, i, r.Registration.ID, r.Err)
			case i%250 != 7 && (r.Err != nil || r.Registration.State != registration.Confirmed):
				t.Errorf("round %d: item %d = %v, %v; want confirmed", round, i, r.Registration.State, r.Err)
			}
		}
		if got, want := env.Store.Stats().Registrations, n-(n+242)/250; got != want {
			t.Errorf("round %d: the store holds %d registrations; want %d", round, got, want)
		}
	}
}

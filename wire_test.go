package migreg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// wireDir holds one golden file per type (and per notable case), the JSON
// of a typical value, indented. docs/wire.md quotes them.
const wireDir = "testdata/wire"

// wireCase is a typical value of a type, as a user sends or receives it.
type wireCase struct {
	name  string // the golden file's name, without ".json"
	value any
	// input: the value is something a user sends, so it must round-trip
	// exactly: Unmarshal(Marshal(x)) == x.
	input bool
}

// wireWorld runs a small story on the Service and returns a typical value
// of every type of the wire, so that the golden files show values as the
// Service makes them.
func wireWorld(t *testing.T) []wireCase {
	t.Helper()
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	aziz, bek := person("FA1234567"), person("FA7777777")
	bek.Surname, bek.GivenNames = "RAKHIMOV", "BOBUR"
	host, desk := landlord(t), hotel(t)
	for _, p := range []registration.Person{aziz, bek} {
		if err := svc.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
			t.Fatal(err)
		}
	}
	req := request(aziz, host, "2026-07-01")
	req.IdempotencyKey = "pms-4711"
	req.Submission.PlannedEnd = date("2026-07-30") // as long as the 30 days allow
	r, err := svc.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(1)
	r, err = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Deliver(ctx, 0); err != nil {
		t.Fatal(err)
	}
	events, err := svc.History(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	cert, _, err := svc.Certificate(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	bad := request(bek, desk, "2026-07-01")
	bad.By = registration.HostActor(hid(desk))
	bad.Submission.Place = registration.Hotel
	bad.Submission.Person.Document.Expiry = date("2026-06-30")
	long := request(bek, desk, "2026-07-01")
	long.By, long.Submission.Place = registration.HostActor(hid(desk)), registration.Hotel
	long.Submission.PlannedEnd = date("2026-08-15") // past the 30 days: refused with the latest exit
	batch := svc.SubmitBatch(ctx, []migreg.SubmitRequest{bad, long}, migreg.BatchOptions{DryRun: true})

	// Bek never registers and overstays: on 10 August he is 11 days over
	// the 30 days per visit, whose fine the sources do not confirm.
	env.Clock.Set(date("2026-08-10").In(calendar.KazakhstanZone()).Add(10 * time.Hour))
	status, err := svc.Status(ctx, fid(bek), date("2026-08-10"))
	if err != nil {
		t.Fatal(err)
	}
	if len(status.Violations) < 2 || status.Violations[1].Unpriced == nil {
		t.Fatalf("Bek's violations %v; want a priced one and an unpriced overstay", status.Violations)
	}
	due := dueList(t, svc, date("2026-08-31"))
	cal := calendar.Kazakhstan()
	rereg, err := cal.WorkingDaysAfter(date("2026-10-23"), 5, calendar.PeriodOptions{})
	if err != nil {
		t.Fatal(err)
	}
	daysOff := cal.DaysOff(2026)
	mrp, err := penalty.DefaultCatalogue().MRP(2026)
	if err != nil {
		t.Fatal(err)
	}
	var note migreg.Notification
	for _, n := range env.Inbox.Received() {
		if n.Kind == migreg.NotifyDecision {
			note = n
		}
	}
	// Aziz left on 8 August; the border data reached the Service on the
	// 10th: the registration ended on the exit date, processed two days
	// later (effective_on beside at and on).
	if err := svc.RecordExit(ctx, fid(aziz), date("2026-08-08")); err != nil {
		t.Fatal(err)
	}
	ended, err := svc.History(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	move := migreg.MoveRequest{
		From: r.ID, On: date("2026-07-18"), Host: desk, Address: registration.Address{Region: "Алматы", Street: "ул. Сатпаева", Building: "29/6", Unit: "room 214"},
		Place: registration.Hotel, By: registration.HostActor(hid(desk)), IdempotencyKey: "hotel-almaty/stay-70108",
	}
	// A family checks in at the hotel: a mother and her daughter of 9.
	mother, daughter := person("FA5550001"), person("FA5550002")
	mother.Surname, mother.GivenNames, mother.Sex = "RAKHIMOVA", "NODIRA", kzid.Female
	daughter.Surname, daughter.GivenNames, daughter.Sex, daughter.BirthDate = "RAKHIMOVA", "MALIKA", kzid.Female, date("2017-03-08")
	group := migreg.GroupRequest{
		Host: desk, Address: move.Address, Place: registration.Hotel, By: registration.HostActor(hid(desk)), IdempotencyKey: "hotel-almaty/stay-70230",
		PlannedEnd: date("2026-08-16"),
		Members:    []migreg.GroupMember{{Person: mother, Entry: date("2026-08-09")}, {Person: daughter, Entry: date("2026-08-09"), Guardian: new(0)}},
	}
	orphan := group
	orphan.Members = []migreg.GroupMember{group.Members[0], {Person: daughter, Entry: date("2026-08-09")}}
	_, groupErr := svc.SubmitGroup(ctx, orphan)
	checkedIn, err := svc.SubmitGroup(ctx, group)
	if err != nil || groupErr == nil {
		t.Fatalf("SubmitGroup = %v, %v; without the guardian: %v", checkedIn, err, groupErr)
	}
	// Cyd checks in at the hotel on 10 August and out the same day: the
	// host's receipt and the foreigner's decision, with the day to
	// re-register by.
	cyd := person("FA5555555")
	cyd.GivenNames = "CYRUS"
	if err := svc.RecordEntry(ctx, cyd, date("2026-08-10")); err != nil {
		t.Fatal(err)
	}
	stayReq := request(cyd, desk, "2026-08-10")
	stayReq.By, stayReq.Submission.Place = registration.HostActor(hid(desk)), registration.Hotel
	stayed, err := svc.Submit(ctx, stayReq)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckOut(ctx, migreg.CheckOutRequest{Registration: stayed.ID, On: date("2026-08-10"), By: stayReq.By}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Deliver(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var receipt, checkedOut migreg.Notification
	for _, n := range env.Inbox.Received() {
		switch {
		case n.Kind == migreg.NotifyCheckedOut:
			receipt = n
		case n.Kind == migreg.NotifyDecision && n.Registration == stayed.ID && strings.Contains(string(n.Body), `"ended"`):
			checkedOut = n
		}
	}
	return []wireCase{
		{"migreg.GroupRequest", group, true},
		{"migreg.GroupResult", checkedIn, false},
		{"migreg.WireError.group", *migreg.WireErrorOf(groupErr), false},
		{"calendar.Date", date("2026-07-01"), true},
		{"calendar.Deadline", rereg, false},
		{"calendar.DayOff", daysOff[len(daysOff)-1], false},
		{"calendar.TransferOrder", calendar.TransferOrder{Year: 2027, Act: "order No. 1", Transfers: []calendar.Transfer{{DayOff: date("2027-01-08"), WorkingDay: date("2027-01-09")}}}, true},
		{"kzid.IIN", host.IIN, true},
		{"kzid.BIN", desk.BIN, true},
		{"registration.Person", aziz, true},
		{"registration.Host.individual", host, true},
		{"registration.Host.hotel", desk, true},
		{"registration.Submission", req.Submission, true},
		{"registration.Actor", registration.HostActor(r.HostID), true},
		{"registration.Reason", registration.Reason{Code: registration.HostRefusal, Note: "I do not know this person"}, true},
		{"registration.Registration", r, true},
		{"registration.Event.submitted", events[0], true},
		{"registration.Event.confirmed", events[1], true},
		{"registration.Event.ended", ended[len(ended)-1], true},
		{"registration.Violation.priced", status.Violations[0], false},
		{"registration.Violation.unpriced", status.Violations[1], false},
		{"registration.ValidationError", registration.ValidationError{Problems: []registration.Problem{{Path: "person.iin", Code: registration.CodeInvalid}}}, true},
		{"penalty.Assessment", *status.Violations[0].Sanction, false},
		{"penalty.MRP", mrp, true},
		{"penalty.Rule", status.Violations[0].Sanction.Rule, true},
		{"penalty.Query", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: date("2026-07-31")}, true},
		{"stay.Trip", stay.Trip{Entry: date("2026-07-01"), Exit: date("2026-07-18")}, true},
		{"stay.Status", status.Stay, false},
		{"certificate.Certificate", cert, true},
		{"migreg.SubmitRequest", req, true},
		{"migreg.MoveRequest", move, true},
		{"migreg.CheckOutRequest", migreg.CheckOutRequest{Registration: r.ID, On: date("2026-07-18"), By: registration.HostActor(hid(desk))}, true},
		{"migreg.BatchResult.accepted", migreg.BatchResult{Index: 0, Registration: r}, false},
		{"migreg.BatchResult.rejected", batch[0], false},
		{"migreg.WireError", *migreg.WireErrorOf(batch[0].Err), false},
		{"migreg.WireError.planned_end", *migreg.WireErrorOf(batch[1].Err), false},
		{"migreg.Notification", note, false},
		{"migreg.Notification.checked_out", receipt, false},
		{"migreg.Notification.decision_checked_out", checkedOut, false},
		{"migreg.Deadline", due[0], false},
		{"migreg.Status", status, false},
		{"migreg.DeliveryReport", migreg.DeliveryReport{Delivered: 3}, true},
		{"migreg.SweepReport", migreg.SweepReport{Lapsed: 1, Ended: 2, Reminders: 5}, true},
		{"migreg.ListOptions", migreg.ListOptions{States: []registration.State{registration.Pending, registration.Confirmed}, PageSize: 50}, true},
		{"store.Deadline", store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: fid(aziz), Subject: string(r.ID)}, Due: r.HostDue, Registration: r.ID, Entry: r.Entry}, true},
	}
}

// TestWireGolden: each typical value marshals to its golden file, with
// snake_case keys, and each input reads back equal to itself.
func TestWireGolden(t *testing.T) {
	for _, c := range wireWorld(t) {
		got, err := json.MarshalIndent(c.value, "", "  ")
		if err != nil {
			t.Errorf("%s: json.Marshal: %v", c.name, err)
			continue
		}
		got = append(got, '\n')
		file := filepath.Join(wireDir, c.name+".json")
		if *update {
			if err := os.MkdirAll(wireDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
		} else if want, err := os.ReadFile(file); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: JSON differs from %s (go test -run TestWireGolden -update . rewrites it):\ngot:\n%s\nwant:\n%s", c.name, file, got, want)
		}
		for _, k := range badKeys(got) {
			t.Errorf("%s: key %q is not snake_case", c.name, k)
		}
		if c.input {
			back := reflect.New(reflect.TypeOf(c.value))
			if err := json.Unmarshal(got, back.Interface()); err != nil {
				t.Errorf("%s: json.Unmarshal of its own JSON: %v", c.name, err)
			} else if diff := cmp.Diff(c.value, back.Elem().Interface(), cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
				t.Errorf("%s: does not round-trip (-sent +read):\n%s", c.name, diff)
			}
		}
	}
}

// TestWireReadsBack: what the outputs' UnmarshalJSON gives back: a
// violation's Unpriced matches the same penalty sentinel with the same
// text and citation, a failed batch item's error matches what the
// Service's matched, a notification's body is its JSON.
func TestWireReadsBack(t *testing.T) {
	cases := map[string]any{}
	for _, c := range wireWorld(t) {
		cases[c.name] = c.value
	}
	v := cases["registration.Violation.unpriced"].(registration.Violation)
	var gotV registration.Violation
	roundTrip(t, v, &gotV)
	if !errors.Is(gotV.Unpriced, penalty.ErrUnconfirmed) || gotV.Unpriced.Error() != v.Unpriced.Error() || gotV.Citation() != v.Citation() {
		t.Errorf("unpriced violation read back: Unpriced %v, citation %v; want %v matching ErrUnconfirmed, citation %v", gotV.Unpriced, gotV.Citation(), v.Unpriced, v.Citation())
	}
	b := cases["migreg.BatchResult.rejected"].(migreg.BatchResult)
	var gotB migreg.BatchResult
	roundTrip(t, b, &gotB)
	var ve *registration.ValidationError
	if !errors.Is(gotB.Err, registration.ErrInvalid) || !errors.As(gotB.Err, &ve) || !ve.Has("person.document.expiry", registration.CodeExpiredBeforeEntry) {
		t.Errorf("rejected item read back: %v; want a ValidationError with person.document.expiry: expired_before_entry", gotB.Err)
	}
	n := cases["migreg.Notification"].(migreg.Notification)
	var gotN migreg.Notification
	raw := roundTrip(t, n, &gotN)
	if !bytes.Contains(raw, []byte(`"body":{"registration":`)) || !bytes.Equal(gotN.Body, n.Body) {
		t.Errorf("notification JSON %s read back with body %s; want the body as a JSON object, read back as it was", raw, gotN.Body)
	}
	n.Body = []byte("not JSON")
	roundTrip(t, n, &gotN)
	if string(gotN.Body) != "not JSON" {
		t.Errorf("a body that is not JSON read back as %q", gotN.Body)
	}
}

// roundTrip marshals v, unmarshals the JSON into out and returns it.
func roundTrip(t *testing.T, v, out any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", b, err)
	}
	return b
}

// notWire lists the exported types that are not values a user sends or
// receives, and why; every other exported type must marshal. Error types
// and store records are on the list of values: they are not the wire
// (errors travel as WireError, records stay in the store), but they
// marshal in the same style, for a program that logs or forwards them.
var notWire = map[reflect.Type]string{
	reflect.TypeFor[migreg.Options]():        "configuration: holds functions and interfaces",
	reflect.TypeFor[migreg.Service]():        "the service itself",
	reflect.TypeFor[certificate.Verifier]():  "configuration: keys and a revocation check",
	reflect.TypeFor[registration.Rulebook](): "configuration: the calendar, rules, regimes and penalties",
	reflect.TypeFor[migregtest.Inbox]():      "test kit",
	reflect.TypeFor[migregtest.Runner]():     "test kit: holds a Service, a System and a function",
}

// TestEveryTypeMarshals: every exported type that is a value (errors and
// store records included) marshals, at its zero value and full of data,
// with snake_case keys, and reads back what it wrote; an enum (an integer
// type with a String method) marshals as a string code, never a number.
// Types that are not values are listed in notWire with the reason.
func TestEveryTypeMarshals(t *testing.T) {
	f := newFiller(t)
	stringer := reflect.TypeFor[fmt.Stringer]()
	checked, enums := 0, 0
	for _, typ := range exportedTypes {
		if _, ok := notWire[typ]; ok {
			// Not a value of the wire, but what it marshals, if
			// anything, has the one style too.
			if b, err := json.Marshal(reflect.New(typ).Interface()); err == nil {
				for _, k := range badKeys(b) {
					t.Errorf("%v: key %q is not snake_case: %s", typ, k, b)
				}
			}
			continue
		}
		if k := typ.Kind(); k == reflect.Interface || k == reflect.Func {
			continue
		}
		checked++
		values := []reflect.Value{reflect.New(typ).Elem(), f.value(typ)}
		if isEnum(typ, stringer) {
			one := reflect.New(typ).Elem()
			if typ.Kind() <= reflect.Int64 {
				one.SetInt(1)
			} else {
				one.SetUint(1)
			}
			values = append(values, one)
			enums++
			if b, err := json.Marshal(one.Interface()); err != nil || !bytes.HasPrefix(b, []byte(`"`)) {
				t.Errorf("%v(1) marshals as %s, %v; want a string code", typ, b, err)
			}
			for _, code := range enumCodes(typ) {
				if !enumCode.MatchString(code) {
					t.Errorf("%v: the code %q is not snake_case (a set's members joined by +)", typ, code)
				}
			}
		}
		for _, v := range values {
			b, err := json.Marshal(v.Interface())
			if err != nil {
				t.Errorf("json.Marshal(%v %v): %v", typ, v.Interface(), err)
				continue
			}
			for _, k := range badKeys(b) {
				t.Errorf("%v: key %q is not snake_case: %s", typ, k, b)
			}
			back := reflect.New(typ)
			if err := json.Unmarshal(b, back.Interface()); err != nil {
				t.Errorf("%v: json.Unmarshal(%s): %v", typ, b, err)
				continue
			}
			again, err := json.Marshal(back.Elem().Interface())
			if err != nil || !bytes.Equal(again, b) {
				t.Errorf("%v: %s reads back and marshals as %s, %v", typ, b, again, err)
			}
		}
	}
	t.Logf("checked %d types, %d of them enums", checked, enums)
	if checked < 120 || enums < 25 {
		t.Errorf("checked %d types, %d of them enums; want every value type of the module (more than 120, more than 25 enums)", checked, enums)
	}
}

// enumCode is the form of every enum's code: snake_case, a set's
// members joined by "+" (stay.Limit's "per_visit+cumulative").
var enumCode = regexp.MustCompile(`^([a-z][a-z0-9]*(_[a-z0-9]+)*(\+[a-z][a-z0-9]*(_[a-z0-9]+)*)*)?$`)

// isEnum reports whether typ is an integer type with a String method.
func isEnum(typ, stringer reflect.Type) bool {
	k := typ.Kind()
	return k >= reflect.Int && k <= reflect.Uint64 && typ.Implements(stringer)
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// badKeys returns the object keys of a JSON document that are not
// snake_case, sorted.
func badKeys(b []byte) []string {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return []string{"(not JSON: " + err.Error() + ")"}
	}
	bad := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !snakeCase.MatchString(k) {
					bad[k] = true
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	out := make([]string, 0, len(bad))
	for k := range bad {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestBadKeysFindsPascalCase: the key check can fail.
func TestBadKeysFindsPascalCase(t *testing.T) {
	got := badKeys([]byte(`{"ok_key":1,"Kind":2,"nested":[{"Foreigner":"x","fine_mrp":3}]}`))
	if want := []string{"Foreigner", "Kind"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("badKeys = %v; want %v", got, want)
	}
}

package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store"
)

// child returns a person born on birth.
func child(doc, birth string) registration.Person {
	p := person(doc)
	p.GivenNames, p.BirthDate = "MALIKA", date(birth)
	return p
}

// family returns a group request of two parents and a child of 10, whose
// guardian is the first member, at a landlord's flat.
func family(t testing.TB) migreg.GroupRequest {
	return migreg.GroupRequest{
		Host: landlord(t), Address: flat("10"), Place: registration.PrivateHome,
		Members: []migreg.GroupMember{
			{Person: person("FA1000001"), Entry: date("2026-07-01")},
			{Person: person("FA1000002"), Entry: date("2026-07-01")},
			{Person: child("FA1000003", "2016-03-08"), Entry: date("2026-07-01"), Guardian: new(0)},
		},
	}
}

// problemsOf returns the problems err lists as "path: code", sorted.
func problemsOf(err error) []string {
	var ve *registration.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.String())
	}
	slices.Sort(out)
	return out
}

func TestSubmitGroup(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		edit func(t testing.TB, r *migreg.GroupRequest)
		// want: the members' states, or the problems (sorted) and the
		// members that failed.
		wantStates   []registration.State
		wantProblems []string
		wantFailed   []int
		wantErr      error
	}{
		{name: "a family filed by a parent", edit: func(testing.TB, *migreg.GroupRequest) {},
			wantStates: []registration.State{registration.Pending, registration.Pending, registration.Pending}},
		{name: "a hotel checks in a family", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.Host, r.Place, r.By = hotel(t), registration.Hotel, registration.HostActor(hid(hotel(t)))
		}, wantStates: []registration.State{registration.Confirmed, registration.Confirmed, registration.Confirmed}},
		{name: "filed by the second parent", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.By = registration.ForeignerActor(fid(r.Members[1].Person))
		}, wantStates: []registration.State{registration.Pending, registration.Pending, registration.Pending}},
		{name: "a child without a guardian", edit: func(t testing.TB, r *migreg.GroupRequest) { r.Members[2].Guardian = nil },
			wantProblems: []string{"members[2].guardian: required"}, wantFailed: []int{2}, wantErr: registration.ErrInvalid},
		{name: "a guardian out of range", edit: func(t testing.TB, r *migreg.GroupRequest) { r.Members[2].Guardian = new(3) },
			wantProblems: []string{"members[2].guardian: invalid"}, wantErr: registration.ErrInvalid},
		{name: "the child's own guardian", edit: func(t testing.TB, r *migreg.GroupRequest) { r.Members[2].Guardian = new(2) },
			wantProblems: []string{"members[2].guardian: invalid"}, wantErr: registration.ErrInvalid},
		{name: "a minor as guardian", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.Members = append(r.Members, migreg.GroupMember{Person: child("FA1000004", "2019-01-01"), Entry: date("2026-07-01"), Guardian: new(2)})
		}, wantProblems: []string{"members[3].guardian: invalid"}, wantErr: registration.ErrInvalid},
		{name: "one person twice", edit: func(t testing.TB, r *migreg.GroupRequest) { r.Members[1].Person = r.Members[0].Person },
			wantProblems: []string{"members[1].person: invalid"}, wantFailed: []int{1}, wantErr: registration.ErrInvalid},
		{name: "a member's and the address's problems", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.Members[1].Person.Document.Number = ""
			r.Members[2].Person.Surname = "Каримова"
			r.Address.Building = ""
		}, wantProblems: []string{"address.building: required", "members[1].person.document.number: required", "members[2].person.surname: not_latin"},
			wantFailed: []int{0, 1, 2}, wantErr: registration.ErrInvalid},
		{name: "a member beyond the stay", edit: func(t testing.TB, r *migreg.GroupRequest) { r.Members[1].Entry = date("2026-04-01") },
			wantFailed: []int{1}, wantErr: registration.ErrRefused},
		{name: "filed by a stranger", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.By = registration.ForeignerActor(fid(person("FA9999999")))
		}, wantErr: registration.ErrForbidden},
		{name: "filed by the child", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.By = registration.ForeignerActor(fid(r.Members[2].Person))
		}, wantErr: registration.ErrForbidden},
		{name: "a landlord files", edit: func(t testing.TB, r *migreg.GroupRequest) { r.By = registration.HostActor(hid(r.Host)) },
			wantErr: registration.ErrForbidden},
		{name: "no members", edit: func(t testing.TB, r *migreg.GroupRequest) { r.Members = nil },
			wantProblems: []string{"members: required"}, wantErr: registration.ErrInvalid},
		{name: "over the group limit", edit: func(t testing.TB, r *migreg.GroupRequest) {
			for i := range migreg.MaxGroupMembers {
				r.Members = append(r.Members, migreg.GroupMember{Person: person(fmt.Sprintf("FB%07d", i)), Entry: date("2026-07-01")})
			}
		}, wantProblems: []string{"members: too_long"}, wantErr: registration.ErrLimit},
		{name: "a member's name over the text limit", edit: func(t testing.TB, r *migreg.GroupRequest) {
			r.Members[1].Person.GivenNames = strings.Repeat("A", registration.MaxTextBytes+1)
		}, wantProblems: []string{"members[1].person.given_names: too_long"}, wantErr: registration.ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, date("2026-07-03"), nil)
			req := family(t)
			tt.edit(t, &req)
			res, err := env.Service.SubmitGroup(ctx, req)
			t.Logf("input: %v; got %v, err %v", req, res, err)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v; want %v", err, tt.wantErr)
				}
				if got := problemsOf(err); tt.wantProblems != nil && !slices.Equal(got, tt.wantProblems) {
					t.Errorf("problems = %q; want %q", got, tt.wantProblems)
				}
				var failed []int
				for _, m := range res.Members {
					if m.Err != nil {
						failed = append(failed, m.Index)
					}
				}
				if !slices.Equal(failed, tt.wantFailed) {
					t.Errorf("failed members = %v; want %v", failed, tt.wantFailed)
				}
				if n := env.Store.Stats().Registrations; n != 0 {
					t.Errorf("a refused group stored %d registrations; want 0", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v; want nil", err)
			}
			if res.Group == "" || len(res.Members) != len(tt.wantStates) {
				t.Fatalf("got group %q with %d members; want %d", res.Group, len(res.Members), len(tt.wantStates))
			}
			for i, m := range res.Members {
				r := m.Registration
				if r.State != tt.wantStates[i] || r.Group != res.Group || r.Foreigner != fid(req.Members[i].Person) {
					t.Errorf("member %d = %v, group %q; want %v in group %q, the member's own", i, r, r.Group, tt.wantStates[i], res.Group)
				}
				if (m.Certificate != "") != (r.State == registration.Confirmed) {
					t.Errorf("member %d: certificate %t; want one only once confirmed", i, m.Certificate != "")
				}
				if stored, err := env.Service.Registration(ctx, r.ID); err != nil || stored.Group != res.Group || stored.Guardian != r.Guardian {
					t.Errorf("member %d as stored = %v (group %q, guardian %q), %v; want as returned", i, stored, stored.Group, stored.Guardian, err)
				}
			}
			if g := res.Members[2].Registration.Guardian; g != res.Members[0].Registration.ID {
				t.Errorf("the child's guardian = %q; want the first member's registration %q", g, res.Members[0].Registration.ID)
			}
		})
	}
}

func TestSubmitGroupIdempotent(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		key     string
		edit    func(r *migreg.GroupRequest)
		wantErr error
		same    bool
	}{
		{name: "same key, same request", key: "trip-7", edit: func(*migreg.GroupRequest) {}, same: true},
		{name: "no key, same request", edit: func(*migreg.GroupRequest) {}, same: true},
		{name: "same key, other address", key: "trip-7", edit: func(r *migreg.GroupRequest) { r.Address = flat("11") }, wantErr: migreg.ErrIdempotencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, date("2026-07-03"), nil)
			req := family(t)
			req.IdempotencyKey = tt.key
			first, err := env.Service.SubmitGroup(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			env.Clock.Advance(time.Minute)
			tt.edit(&req)
			again, err := env.Service.SubmitGroup(ctx, req)
			t.Logf("input: %v, key %q; first %v; again %v, %v", req, tt.key, first, again, err)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("retry err = %v; want %v", err, tt.wantErr)
			}
			if tt.same && (again.Group != first.Group || again.String() != first.String()) {
				t.Errorf("retry = %v; want %v", again, first)
			}
			if n := env.Store.Stats().Registrations; n != 3 {
				t.Errorf("the store holds %d registrations; want 3", n)
			}
		})
	}
}

func TestConfirmGroup(t *testing.T) {
	ctx := context.Background()
	reason := registration.Reason{Code: registration.HostRefusal}
	tests := []struct {
		name string
		// before runs on the submitted group, before the decision.
		before     func(t *testing.T, env *testEnv, res migreg.GroupResult)
		reject     bool
		by         func(r migreg.GroupRequest) registration.Actor
		wantStates []registration.State
		wantFailed []int
		wantErr    error
	}{
		{name: "the host confirms", wantStates: []registration.State{registration.Confirmed, registration.Confirmed, registration.Confirmed}},
		{name: "the host refuses", reject: true, wantStates: []registration.State{registration.Rejected, registration.Rejected, registration.Rejected}},
		{name: "a member withdrew before", before: func(t *testing.T, env *testEnv, res migreg.GroupResult) {
			r := res.Members[1].Registration
			if _, err := env.Service.Withdraw(ctx, r.ID, registration.ForeignerActor(r.Foreigner)); err != nil {
				t.Fatal(err)
			}
		}, wantStates: []registration.State{registration.Confirmed, registration.Withdrawn, registration.Confirmed},
			wantFailed: []int{1}, wantErr: registration.ErrInvalidTransition},
		{name: "confirmed twice", before: func(t *testing.T, env *testEnv, res migreg.GroupResult) {
			if _, err := env.Service.ConfirmGroup(ctx, res.Group, registration.HostActor(res.Members[0].Registration.HostID)); err != nil {
				t.Fatal(err)
			}
		}, wantStates: []registration.State{registration.Confirmed, registration.Confirmed, registration.Confirmed}},
		{name: "not the host", by: func(r migreg.GroupRequest) registration.Actor { return registration.HostActor(hid(hotel(t))) },
			wantStates: []registration.State{registration.Pending, registration.Pending, registration.Pending},
			wantFailed: []int{0, 1, 2}, wantErr: registration.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, date("2026-07-03"), nil)
			req := family(t)
			sub, err := env.Service.SubmitGroup(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if tt.before != nil {
				tt.before(t, env, sub)
			}
			by := registration.HostActor(hid(req.Host))
			if tt.by != nil {
				by = tt.by(req)
			}
			env.Clock.Advance(time.Hour)
			var res migreg.GroupResult
			if tt.reject {
				res, err = env.Service.RejectGroup(ctx, sub.Group, by, reason)
			} else {
				res, err = env.Service.ConfirmGroup(ctx, sub.Group, by)
			}
			t.Logf("input: group %q by %v, reject %t; got %v, %v", sub.Group, by, tt.reject, res, err)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err = %v; want %v", err, tt.wantErr)
			}
			var failed []int
			for _, m := range res.Members {
				if m.Err != nil {
					failed = append(failed, m.Index)
				}
			}
			if !slices.Equal(failed, tt.wantFailed) {
				t.Errorf("failed members = %v; want %v", failed, tt.wantFailed)
			}
			now, err := env.Service.Group(ctx, sub.Group)
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range now.Members {
				if m.Registration.State != tt.wantStates[i] {
					t.Errorf("member %d is %v; want %v", i, m.Registration.State, tt.wantStates[i])
				}
				if want := m.Registration.State == registration.Confirmed; (m.Certificate != "") != want {
					t.Errorf("member %d: certificate %t; want %t", i, m.Certificate != "", want)
				}
				if want := i < len(res.Members) && res.Members[i].Err == nil && m.Registration.State == registration.Confirmed; want &&
					(res.Members[i].Certificate != m.Certificate || res.Members[i].Registration.ValidUntil.IsZero()) {
					t.Errorf("member %d: the decision's result %v has no certificate or no valid-until date", i, res.Members[i])
				}
			}
		})
	}
}

func TestGroupNotFound(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-03"), nil)
	by := registration.HostActor(hid(landlord(t)))
	for _, g := range []registration.GroupID{"nope", ""} {
		_, err := env.Service.ConfirmGroup(ctx, g, by)
		t.Logf("input: %q; got %v", g, err)
		want := store.ErrNotFound
		if g == "" {
			want = registration.ErrInvalid
		}
		if !errors.Is(err, want) {
			t.Errorf("ConfirmGroup(%q) = %v; want %v", g, err, want)
		}
	}
}

func TestMinorSubmittedAlone(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		rules    func(rb *registration.Rulebook)
		guardian func(parent registration.Registration) registration.ID
		want     []string
	}{
		{name: "alone", want: []string{"guardian: required"}},
		{name: "beside a parent's registration", guardian: func(p registration.Registration) registration.ID { return p.ID }},
		{name: "a guardian not stored", guardian: func(registration.Registration) registration.ID { return "r404" }, want: []string{"guardian: invalid"}},
		{name: "alone, with the rule off", rules: func(rb *registration.Rulebook) {
			for i := range rb.Rules {
				rb.Rules[i].Minors = registration.MinorPolicy{}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := registration.DefaultRulebook()
			if tt.rules != nil {
				tt.rules(rb)
			}
			env := newEnv(t, date("2026-07-03"), &migreg.Options{Rules: rb})
			parent, err := env.Service.Submit(ctx, request(person("FA2000001"), landlord(t), "2026-07-01"))
			if err != nil {
				t.Fatal(err)
			}
			req := request(child("FA2000002", "2012-07-02"), landlord(t), "2026-07-01") // 14 on entry
			if tt.guardian != nil {
				req.Submission.Guardian = tt.guardian(parent)
			}
			r, err := env.Service.Submit(ctx, req)
			t.Logf("input: %v; got %v, %v", req, r, err)
			if got := problemsOf(err); !slices.Equal(got, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("err = %v; want problems %q", err, tt.want)
			}
		})
	}
}

func TestGroupWire(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-03"), nil)
	req := family(t)
	req.Members[2].Guardian = nil
	res, err := env.Service.SubmitGroup(ctx, req)
	w := migreg.WireErrorOf(err)
	if w.Code != migreg.CodeInvalid || len(w.Problems) != 1 || w.Problems[0].Path != "members[2].guardian" {
		t.Errorf("WireErrorOf(%v) = %+v; want invalid with members[2].guardian", err, w)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back migreg.GroupResult
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(back.Members[2].Err, registration.ErrInvalid) || back.Members[0].Err != nil {
		t.Errorf("JSON %s read back as %v; want member 2 invalid", b, back)
	}
}

// TestFamilyGroupProperty: any family (registrationtest.Family) files as a
// group when each child names a parent as guardian, every member getting
// a registration of their own in the group; without guardians the group
// is refused whole, with "members[i].guardian: required" for exactly the
// children.
func TestFamilyGroupProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		arrival := date("2026-07-01").AddDays(rapid.IntRange(0, 400).Draw(rt, "arrival"))
		h := registrationtest.Family(arrival).Draw(rt, "family")
		svc, _, err := migregtest.NewService(migregtest.Start(arrival))
		if err != nil {
			rt.Fatal(err)
		}
		req := migreg.GroupRequest{Host: h.Host, Address: h.Address, Place: registrationtest.PlaceFor(h.Host)}
		seen := map[registration.ForeignerID]bool{}
		for _, p := range h.Members() {
			if seen[fid(p)] {
				rt.Skip("two members are one person")
			}
			seen[fid(p)] = true
			req.Members = append(req.Members, migreg.GroupMember{Person: p, Entry: arrival})
		}
		var want []string
		for i := len(h.Parents); i < len(req.Members); i++ {
			want = append(want, fmt.Sprintf("members[%d].guardian: required", i))
		}
		slices.Sort(want)
		_, err = svc.SubmitGroup(ctx, req)
		if got := problemsOf(err); !slices.Equal(got, want) {
			rt.Fatalf("without guardians: %v; want %q", err, want)
		}
		for i := len(h.Parents); i < len(req.Members); i++ {
			req.Members[i].Guardian = new(rapid.IntRange(0, len(h.Parents)-1).Draw(rt, "guardian"))
		}
		res, err := svc.SubmitGroup(ctx, req)
		if err != nil || len(res.Members) != len(req.Members) {
			rt.Fatalf("with guardians: %v, %v; want %d registrations", res, err, len(req.Members))
		}
		for i, m := range res.Members {
			r := m.Registration
			wantGuardian := registration.ID("")
			if g := req.Members[i].Guardian; g != nil {
				wantGuardian = res.Members[*g].Registration.ID
			}
			if r.Group != res.Group || r.Guardian != wantGuardian || r.Foreigner != fid(req.Members[i].Person) {
				rt.Fatalf("member %d = %v in group %q with guardian %q; want group %q, guardian %q", i, r, r.Group, r.Guardian, res.Group, wantGuardian)
			}
		}
	})
}

// TestMinorMoves: a child registered beside her mother moves with her to
// a new flat: the move names the mother's new registration as guardian;
// without it the move is refused.
func TestMinorMoves(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-03"), nil)
	host := landlord(t)
	req := family(t)
	req.Members = req.Members[1:] // the mother and the child
	req.Members[1].Guardian = new(0)
	res, err := env.Service.SubmitGroup(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.ConfirmGroup(ctx, res.Group, registration.HostActor(hid(host))); err != nil {
		t.Fatal(err)
	}
	env.Clock.AdvanceDays(3)
	move := func(from registration.ID, guardian registration.ID) (registration.Registration, error) {
		return env.Service.Move(ctx, migreg.MoveRequest{From: from, On: env.Clock.Today(), Host: host, Address: flat("12"),
			Place: registration.PrivateHome, Guardian: guardian})
	}
	mother, err := move(res.Members[0].Registration.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		guardian registration.ID
		want     []string
	}{
		{"without a guardian", "", []string{"guardian: required"}},
		{"beside the mother's old address", res.Members[0].Registration.ID, []string{"guardian: invalid"}},
		{"beside the mother's new registration", mother.ID, nil},
	}
	for _, tt := range tests {
		r, err := move(res.Members[1].Registration.ID, tt.guardian)
		t.Logf("input: %s, guardian %q; got %v, %v", tt.name, tt.guardian, r, err)
		if got := problemsOf(err); !slices.Equal(got, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: err = %v; want %q", tt.name, err, tt.want)
		}
	}
}

// TestGroupFiledByFirstAdult: a group that names no filer is filed by its
// first adult member, wherever the children are listed.
func TestGroupFiledByFirstAdult(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-03"), nil)
	req := family(t)
	req.Members = []migreg.GroupMember{req.Members[2], req.Members[0], req.Members[1]} // the child first
	req.Members[0].Guardian = new(1)
	res, err := env.Service.SubmitGroup(ctx, req)
	t.Logf("input: %v; got %v, %v", req, res, err)
	if err != nil || len(res.Members) != 3 {
		t.Fatalf("SubmitGroup with the child listed first = %v, %v; want 3 registrations", res, err)
	}
	for i, m := range res.Members {
		events, err := env.Service.History(ctx, m.Registration.ID)
		if err != nil || events[0].Actor != registration.ForeignerActor(m.Registration.Foreigner) {
			t.Errorf("member %d was submitted by %v, %v; want its own submission", i, events[0].Actor, err)
		}
	}
}

// TestGroupPlannedEnd: a hotel books a group until a day; each member is
// checked against their own stay limit: a member whose stay would end
// before the booking refuses the group, naming the member and the date.
func TestGroupPlannedEnd(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		plannedEnd string
		wantFailed []int
		wantUntil  string
	}{
		{name: "a week's booking", plannedEnd: "2026-07-08", wantUntil: "2026-07-08"},
		{name: "past the 30 days of an Uzbek's visit", plannedEnd: "2026-08-15", wantFailed: []int{0, 2}}, // the Russian mother may stay 90 days
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, date("2026-07-02"), nil)
			req := family(t)
			req.Host, req.Place, req.By = hotel(t), registration.Hotel, registration.HostActor(hid(hotel(t)))
			req.PlannedEnd = date(tt.plannedEnd)
			mother := &req.Members[1].Person
			mother.Citizenship, mother.Document.IssuingCountry = "RUS", "RUS"
			res, err := env.Service.SubmitGroup(ctx, req)
			t.Logf("input: planned end %s; got %v, %v", tt.plannedEnd, res, err)
			var failed []int
			for _, m := range res.Members {
				if m.Err != nil {
					failed = append(failed, m.Index)
					var re *registration.RefusalError
					if !errors.As(m.Err, &re) || re.PlannedEnd != req.PlannedEnd || re.LatestExit.IsZero() {
						t.Errorf("member %d: %v; want a refusal naming the planned end and the latest exit", m.Index, m.Err)
					}
				} else if err == nil && (m.Registration.PlannedEnd != req.PlannedEnd || m.Registration.ValidUntil != date(tt.wantUntil)) {
					t.Errorf("member %d: planned end %v, valid until %v; want %v, %v", m.Index, m.Registration.PlannedEnd, m.Registration.ValidUntil, req.PlannedEnd, tt.wantUntil)
				}
			}
			if !slices.Equal(failed, tt.wantFailed) {
				t.Errorf("failed members = %v; want %v", failed, tt.wantFailed)
			}
		})
	}
}

// TestRejectGroupWithoutReason: a refusal without a reason is refused for
// every member, and the problem is reported once, as the group's.
func TestRejectGroupWithoutReason(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-03"), nil)
	res, err := env.Service.SubmitGroup(ctx, family(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Service.RejectGroup(ctx, res.Group, registration.HostActor(hid(landlord(t))), registration.Reason{})
	t.Logf("input: group %q, no reason; got %v", res.Group, err)
	if got, want := problemsOf(err), []string{"reason.code: required"}; !slices.Equal(got, want) {
		t.Errorf("problems = %q; want %q", got, want)
	}
}

// TestGroupEnumOutOfRange: a value outside an enum is reported as a
// problem of the member (or of the place, once), never an internal error;
// when it is a member's, the result lists every member, as for any group
// refused whole (members is how many; 0 for the filer's, not a member).
func TestGroupEnumOutOfRange(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		edit    func(r *migreg.GroupRequest)
		want    []string
		members int
	}{
		{"a place", func(r *migreg.GroupRequest) { r.Place = 99 }, []string{"place: invalid"}, 3},
		{"a member's document kind", func(r *migreg.GroupRequest) { r.Members[1].Person.Document.Kind = 99 }, []string{"members[1].person.document.kind: invalid"}, 3},
		{"a member's sex", func(r *migreg.GroupRequest) { r.Members[1].Person.Sex = 99 }, []string{"members[1].person.sex: invalid"}, 3},
		{"the filer's kind", func(r *migreg.GroupRequest) { r.By = registration.Actor{Kind: 99, ID: "x"} }, []string{"by.kind: invalid"}, 0},
	}
	for _, tt := range tests {
		env := newEnv(t, date("2026-07-03"), nil)
		req := family(t)
		tt.edit(&req)
		res, err := env.Service.SubmitGroup(ctx, req)
		t.Logf("input: %s out of range; got %v, %d members in the result", tt.name, err, len(res.Members))
		if got := problemsOf(err); !slices.Equal(got, tt.want) {
			t.Errorf("%s: problems %q (%v); want %q", tt.name, got, err, tt.want)
		}
		if len(res.Members) != tt.members {
			t.Errorf("%s: %d members in the result; want %d", tt.name, len(res.Members), tt.members)
		}
	}
}

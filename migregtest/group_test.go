package migregtest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
)

// TestRunnerGroupSteps: a family of two registers as a group at a flat
// (another host may not confirm it; the landlord does), cannot file a
// second group while registered there, checks in at a hotel as a group
// (which supersedes the flat), and the hotel's group cannot be refused
// once confirmed, all through the Runner.
func TestRunnerGroupSteps(t *testing.T) {
	ctx := context.Background()
	svc, clock, err := migregtest.NewService()
	if err != nil {
		t.Fatal(err)
	}
	people := []registration.Person{registrationtest.Person().Example(1), registrationtest.Person().Example(2)}
	hotel := registrationtest.Hotel().Example(3)
	flat := registrationtest.Host().Example(4)
	for flat.Kind.FilesForGuests() {
		flat = registrationtest.Host().Example(5)
	}
	at := func(h registration.Host) registration.Submission {
		return registration.Submission{Host: h, Address: registrationtest.Address().Example(6), Place: registrationtest.PlaceFor(h)}
	}
	tests := []struct {
		op         migregtest.Op
		wantErr    migreg.ErrorCode
		wantStates []registration.State
	}{
		{migregtest.Op{Kind: migregtest.OpEntry, Person: 0}, "", []registration.State{}},
		{migregtest.Op{Kind: migregtest.OpEntry, Person: 1}, "", []registration.State{}},
		{migregtest.Op{Kind: migregtest.OpSubmitGroup, Actor: migregtest.ActorForeigner, Submission: at(flat)}, "",
			[]registration.State{registration.Pending, registration.Pending}},
		{migregtest.Op{Kind: migregtest.OpConfirmGroup, Actor: migregtest.ActorOtherHost, Target: 0}, migreg.CodeForbidden,
			[]registration.State{registration.Pending, registration.Pending}},
		{migregtest.Op{Kind: migregtest.OpConfirmGroup, Actor: migregtest.ActorHost, Target: 1, Retry: true}, "",
			[]registration.State{registration.Confirmed, registration.Confirmed}},
		{migregtest.Op{Kind: migregtest.OpSubmitGroup, Actor: migregtest.ActorForeigner, Days: 2, Submission: at(flat)}, migreg.CodeInvalid,
			[]registration.State{registration.Confirmed, registration.Confirmed}}, // both are registered elsewhere: a move must say so
		{migregtest.Op{Kind: migregtest.OpSubmitGroup, Actor: migregtest.ActorHost, Submission: at(hotel), Retry: true}, "",
			[]registration.State{registration.Superseded, registration.Superseded, registration.Confirmed, registration.Confirmed}},
		{migregtest.Op{Kind: migregtest.OpRejectGroup, Actor: migregtest.ActorHost, Target: 2}, migreg.CodeInvalidTransition,
			[]registration.State{registration.Superseded, registration.Superseded, registration.Confirmed, registration.Confirmed}},
	}
	var got []migregtest.Outcome
	r := &migregtest.Runner{Service: svc, Clock: clock, People: people,
		AfterStep: func(_ context.Context, _ migregtest.Step, o migregtest.Outcome) error {
			got = append(got, o)
			return nil
		}}
	for i, tt := range tests {
		if err := r.Run(ctx, []migregtest.Op{tt.op}); err != nil {
			t.Fatalf("step %d (%s): %v", i+1, tt.op.Kind, err)
		}
		o := got[len(got)-1]
		t.Logf("input: %s by %s; got %v", tt.op.Kind, tt.op.Actor, o)
		if o.Err != tt.wantErr || !slices.Equal(o.States, tt.wantStates) {
			t.Errorf("step %d (%s) = %v; want %q %v", i+1, tt.op.Kind, o, tt.wantErr, tt.wantStates)
		}
	}
	if g := r.GroupOf(3); !slices.Equal(g, []int{2, 3}) {
		t.Errorf("GroupOf(3) = %v; want [2 3]", g)
	}
}

func TestGroupCode(t *testing.T) {
	tests := []struct {
		codes []migreg.ErrorCode
		want  migreg.ErrorCode
	}{
		{nil, ""},
		{[]migreg.ErrorCode{"", ""}, ""},
		{[]migreg.ErrorCode{migreg.CodeRefused, migreg.CodeInvalid}, migreg.CodeInvalid},
		{[]migreg.ErrorCode{"", migreg.CodeInvalidTransition, migreg.CodeForbidden}, migreg.CodeForbidden},
		{[]migreg.ErrorCode{migreg.CodeTooLate}, migreg.CodeTooLate},
	}
	for _, tt := range tests {
		if got := migregtest.GroupCode(tt.codes); got != tt.want {
			t.Errorf("GroupCode(%q) = %q; want %q", tt.codes, got, tt.want)
		}
	}
}

package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store"
)

// TestErrorTexts: the Service's error texts are plain and bounded: one
// "migreg:" prefix, no "State(0)", no empty or megabyte-long ID echoed.
func TestErrorTexts(t *testing.T) {
	ctx := context.Background()
	env := registrationtest.NewService(t, date("2026-07-01"), nil)
	req := request(person("FA1234567"), landlord(t), "2026-07-01")
	req.IdempotencyKey = "pms-1"
	r, err := env.Service.Submit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	other := req
	other.Submission.Address = flat("12")
	_, mismatch := env.Service.Submit(ctx, other)
	huge := registration.ID(strings.Repeat("x", 1<<20))
	_, hugeErr := env.Service.Registration(ctx, huge)
	_, emptyErr := env.Service.Registration(ctx, "")
	_, emptyConfirm := env.Service.Confirm(ctx, "", registration.HostActor(r.HostID))
	_, _, zeroErr := registration.Registration{}.Confirm(registration.HostActor("h"), date("2026-07-30"), env.Clock.Now())
	tests := []struct {
		name      string
		err       error
		want      string // a part of the text
		wantMatch error
	}{
		{"idempotency mismatch", mismatch, "migreg: submit: idempotency key reused with a different request", migreg.ErrIdempotencyMismatch},
		{"a 1 MB ID", hugeErr, "migreg: registration: registration: invalid input: id: too_long", registration.ErrInvalid},
		{"an empty ID", emptyErr, "migreg: registration: registration: invalid input: id: required", registration.ErrInvalid},
		{"confirming an empty ID", emptyConfirm, "migreg: confirm: registration: invalid input: id: required", registration.ErrInvalid},
		{"a zero registration", zeroErr, "cannot confirm a registration without an ID, which has no state", registration.ErrInvalidTransition},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		got := tt.err.Error()
		if !strings.Contains(got, tt.want) || !errors.Is(tt.err, tt.wantMatch) {
			t.Errorf("%s: error %q; want it to contain %q and match %v", tt.name, got, tt.want, tt.wantMatch)
		}
		for _, bad := range []string{"migreg: migreg:", ": migreg:", "State(0)", "registration  ", "registration :"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: error %q contains %q", tt.name, got, bad)
			}
		}
		if len(got) > 1000 {
			t.Errorf("%s: error of %d bytes; want at most 1000", tt.name, len(got))
		}
	}
}

// TestWireErrorOf: each error the Service returns maps to its code, with
// the problems of invalid input and the ground of a refusal, and a store
// error's text is replaced by a fixed one.
func TestWireErrorOf(t *testing.T) {
	invalid := &registration.ValidationError{Problems: []registration.Problem{{Path: "person.iin", Code: registration.CodeInvalid}}}
	tests := []struct {
		give         error
		wantCode     migreg.ErrorCode
		wantMessage  string
		wantProblems int
		wantReason   registration.ReasonCode
	}{
		{fmt.Errorf("migreg: submit: %w", invalid), migreg.CodeInvalid, "migreg: submit: registration: invalid input: person.iin: invalid", 1, 0},
		{&registration.RefusalError{ID: "r-1", Ground: registration.StayLimitViolation}, migreg.CodeRefused, "registration: refused: registration r-1: stay_limit_violation", 0, registration.StayLimitViolation},
		{fmt.Errorf("%w: registration f_secret not found (SQL said: key (id)=(f_secret))", store.ErrNotFound), migreg.CodeNotFound, "not found", 0, 0},
		{fmt.Errorf("%w: dial tcp 10.0.0.1:5432", store.ErrUnavailable), migreg.CodeUnavailable, "the database is unavailable: nothing was stored; try again later", 0, 0},
		{context.Canceled, migreg.CodeCanceled, "the request was canceled", 0, 0},
		{errors.New("something with +77011234567 in it"), migreg.CodeInternal, "internal error", 0, 0},
		{fmt.Errorf("migreg: submit: %w", migreg.ErrIdempotencyMismatch), migreg.CodeIdempotencyMismatch, "migreg: submit: migreg: idempotency key reused with a different request", 0, 0},
	}
	for _, tt := range tests {
		got := migreg.WireErrorOf(tt.give)
		if got.Code != tt.wantCode || got.Message != tt.wantMessage || len(got.Problems) != tt.wantProblems || got.Reason != tt.wantReason {
			t.Errorf("WireErrorOf(%q) = %+v; want code %q, message %q, %d problems, reason %q",
				tt.give, *got, tt.wantCode, tt.wantMessage, tt.wantProblems, tt.wantReason)
		}
	}
	if migreg.WireErrorOf(nil) != nil {
		t.Error("WireErrorOf(nil) is not nil")
	}
	long := migreg.WireErrorOf(fmt.Errorf("%w: %s", registration.ErrInvalid, strings.Repeat("y", 5000)))
	if len(long.Message) > 1003 {
		t.Errorf("WireErrorOf of a 5,000-byte text has a %d-byte message; want at most 1,000 and an ellipsis", len(long.Message))
	}
}

// TestWireErrorMatches: a WireError read back from JSON matches what the
// original error matched, and errors.As finds its ValidationError.
func TestWireErrorMatches(t *testing.T) {
	invalid := &registration.ValidationError{Problems: []registration.Problem{{Path: "entry", Code: registration.CodeRequired}}}
	tests := []struct {
		give error
		want error
	}{
		{invalid, registration.ErrInvalid},
		{fmt.Errorf("x: %w", store.ErrNotFound), migreg.ErrNotFound},
		{&registration.RefusalError{Ground: registration.FalseData}, registration.ErrRefused},
		{store.ErrCommitUnknown, migreg.ErrCommitUnknown},
	}
	for _, tt := range tests {
		b, err := json.Marshal(migreg.WireErrorOf(tt.give))
		if err != nil {
			t.Fatal(err)
		}
		var back migreg.WireError
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(&back, tt.want) {
			t.Errorf("WireError %s read back does not match %v", b, tt.want)
		}
	}
	var back migreg.WireError
	if err := json.Unmarshal([]byte(`{"code":"invalid","message":"m","problems":[{"path":"entry","code":"required"}]}`), &back); err != nil {
		t.Fatal(err)
	}
	var ve *registration.ValidationError
	if !errors.As(&back, &ve) || !ve.Has("entry", registration.CodeRequired) {
		t.Errorf("errors.As(%+v) = %v; want the ValidationError with entry: required", back, ve)
	}
}

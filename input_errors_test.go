package migreg_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// TestBadInputIsInvalidNotStorage: a caller's bad input (an ID or key no
// store can keep, a missing date, an over-long note, JSON null for a
// batch) is refused before the store as the caller's error, a
// *registration.ValidationError naming the field (or a
// *registration.LimitError), never as a storage error (store.ErrInvalid,
// "invalid_record"), which is what these gave before: the stores refused
// them, or a zero date reached a query that needs one.
func TestBadInputIsInvalidNotStorage(t *testing.T) {
	ctx := context.Background()
	nul, bad := "r-1\x00", "r-\xff"
	tests := []struct {
		name string
		call func(svc *migreg.Service, today calendar.Date) error
		want string // the problem, "path: code"
	}{
		{"Status on no date", func(svc *migreg.Service, _ calendar.Date) error {
			_, err := svc.Status(ctx, "f_1", calendar.Date{})
			return err
		}, "on: required"},
		{"Assess on no date", func(svc *migreg.Service, _ calendar.Date) error {
			_, err := svc.Assess(ctx, "f_1", calendar.Date{})
			return err
		}, "on: required"},
		{"RecordEntry on no date", func(svc *migreg.Service, _ calendar.Date) error {
			return svc.RecordEntry(ctx, person("FA0000001"), calendar.Date{})
		}, "entry: required"},
		{"RecordExit of an ID with a NUL", func(svc *migreg.Service, today calendar.Date) error {
			return svc.RecordExit(ctx, registration.ForeignerID(nul), today)
		}, "foreigner: invalid"},
		{"Registration of an ID of invalid UTF-8", func(svc *migreg.Service, _ calendar.Date) error {
			_, err := svc.Registration(ctx, registration.ID(bad))
			return err
		}, "id: invalid"},
		{"Confirm of an ID with a NUL", func(svc *migreg.Service, _ calendar.Date) error {
			_, err := svc.Confirm(ctx, registration.ID(nul), registration.HostActor("h_1"))
			return err
		}, "id: invalid"},
		{"Submit with an idempotency key with a NUL", func(svc *migreg.Service, _ calendar.Date) error {
			req := request(person("FA0000001"), landlord(t), "2026-07-01")
			req.IdempotencyKey = "booking\x00"
			_, err := svc.Submit(ctx, req)
			return err
		}, "idempotency_key: invalid"},
		{"Submit with an idempotency key of invalid UTF-8", func(svc *migreg.Service, _ calendar.Date) error {
			req := request(person("FA0000001"), landlord(t), "2026-07-01")
			req.IdempotencyKey = "booking\xff"
			_, err := svc.Submit(ctx, req)
			return err
		}, "idempotency_key: invalid"},
		{"SubmitGroup with an idempotency key with a NUL", func(svc *migreg.Service, _ calendar.Date) error {
			req := family(t)
			req.IdempotencyKey = "tour\x00"
			_, err := svc.SubmitGroup(ctx, req)
			return err
		}, "idempotency_key: invalid"},
		{"LinkDocument with a note over the text limit", func(svc *migreg.Service, _ calendar.Date) error {
			return svc.LinkDocument(ctx, "f_1", person("FA0000002"), registration.AuthorityActor("MP"), strings.Repeat("n", registration.MaxTextBytes+1))
		}, "note: too_long"},
		{"LinkDocument with a note with a NUL", func(svc *migreg.Service, _ calendar.Date) error {
			return svc.LinkDocument(ctx, "f_1", person("FA0000002"), registration.AuthorityActor("MP"), "case\x00")
		}, "note: invalid"},
		{"ByForeigner after an ID with a NUL", func(svc *migreg.Service, _ calendar.Date) error {
			for _, err := range svc.ByForeigner(ctx, "f_1", migreg.ListOptions{After: registration.ID(nul)}) {
				return err
			}
			return nil
		}, "after: invalid"},
		{"ByHost after an ID over the ID limit", func(svc *migreg.Service, _ calendar.Date) error {
			for _, err := range svc.ByHost(ctx, "h_1", migreg.ListOptions{After: registration.ID(strings.Repeat("r", 600))}) {
				return err
			}
			return nil
		}, "after: too_long"},
		{"ByForeigner of no ID (the store's empty filter lists everyone)", func(svc *migreg.Service, _ calendar.Date) error {
			for _, err := range svc.ByForeigner(ctx, "", migreg.ListOptions{}) {
				return err
			}
			return nil
		}, "foreigner: required"},
		{"ByHost of no ID", func(svc *migreg.Service, _ calendar.Date) error {
			for _, err := range svc.ByHost(ctx, "", migreg.ListOptions{}) {
				return err
			}
			return nil
		}, "host: required"},
		{"SubmitBatchJSON of null", func(svc *migreg.Service, _ calendar.Date) error {
			_, err := svc.SubmitBatchJSON(ctx, []byte(" null "), migreg.BatchOptions{})
			return err
		}, ": invalid"},
	}
	for _, tt := range tests {
		env := newEnv(t, date("2026-07-03"), nil)
		err := tt.call(env.Service, env.Clock.Today())
		t.Logf("%s: %v", tt.name, err)
		path, code, _ := strings.Cut(tt.want, ": ")
		switch {
		case !errors.Is(err, registration.ErrInvalid), !hasProblem(path, registration.Code(code))(err):
			t.Errorf("%s: err = %v; want the problem %q", tt.name, err, tt.want)
		case errors.Is(err, store.ErrInvalid), migreg.WireErrorOf(err).Code != migreg.CodeInvalid && migreg.WireErrorOf(err).Code != migreg.CodeOverLimit:
			t.Errorf("%s: err = %v, code %q; want the caller's error, not a storage error", tt.name, err, migreg.WireErrorOf(err).Code)
		}
	}
}

// TestWireErrorListsEveryProblem: a command that checks several inputs
// joins their errors; the wire form lists the problems of every one, as
// docs/wire.md says. It listed the first error's only (errors.As finds
// one), here dropping "by.id: too_long".
func TestWireErrorListsEveryProblem(t *testing.T) {
	env := newEnv(t, date("2026-07-03"), nil)
	_, err := env.Service.CheckOut(context.Background(), migreg.CheckOutRequest{
		By: registration.HostActor(registration.HostID(strings.Repeat("h", registration.MaxTextBytes+1))),
	})
	w := migreg.WireErrorOf(err)
	var got []string
	for _, p := range w.Problems {
		got = append(got, p.Path+": "+string(p.Code))
	}
	for _, want := range []string{"registration: required", "by.id: too_long"} {
		if !slices.Contains(got, want) {
			t.Errorf("CheckOut(no registration, an actor ID over the limit): wire problems %v (code %s); want %q among them", got, w.Code, want)
		}
	}
}

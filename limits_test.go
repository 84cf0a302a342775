package migreg_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Regression tests of issue 20: the documented limits (README, "Limits"),
// each at its value and one past it, and the calendar's last year.

// wantLimit fails unless err is a *registration.LimitError for limit at
// path that also matches registration.ErrInvalid and has a public code.
func wantLimit(t *testing.T, what string, err error, limit, path string) {
	t.Helper()
	var le *registration.LimitError
	if !errors.As(err, &le) || le.Limit != limit || le.Path != path || le.Got <= le.Max {
		t.Errorf("%s: err = %v; want a *LimitError %s at %s", what, err, limit, path)
		return
	}
	if !errors.Is(err, registration.ErrLimit) || !errors.Is(err, registration.ErrInvalid) {
		t.Errorf("%s: %v matches neither ErrLimit nor ErrInvalid", what, err)
	}
	if w := migreg.WireErrorOf(err); w.Code != migreg.CodeOverLimit || len(w.Problems) != 1 || w.Problems[0].Path != path {
		t.Errorf("%s: WireErrorOf = %+v; want over_limit, %s: too_long", what, w, path)
	}
}

func TestSizeLimits(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	tests := []struct {
		name, limit, path string
		set               func(r *migreg.SubmitRequest, n int)
		max               int
	}{
		{"street", "text_bytes", "address.street", func(r *migreg.SubmitRequest, n int) {
			r.Submission.Address.Street = strings.Repeat("ы", n/2) + strings.Repeat("a", n%2)
		}, registration.MaxTextBytes},
		{"host name", "text_bytes", "host.name", func(r *migreg.SubmitRequest, n int) { r.Submission.Host.Name = strings.Repeat("A", n) }, registration.MaxTextBytes},
		{"surname", "text_bytes", "person.surname", func(r *migreg.SubmitRequest, n int) { r.Submission.Person.Surname = strings.Repeat("K", n) }, registration.MaxTextBytes},
		{"document number of spaces", "text_bytes", "person.document.number", func(r *migreg.SubmitRequest, n int) {
			r.Submission.Person.Document.Number = "FA1234567" + strings.Repeat(" ", n-9)
		}, registration.MaxTextBytes},
		{"registration ID", "id_bytes", "id", func(r *migreg.SubmitRequest, n int) { r.Submission.ID = registration.ID(strings.Repeat("b", n)) }, registration.MaxIDBytes},
		{"idempotency key", "idempotency_key_bytes", "idempotency_key", func(r *migreg.SubmitRequest, n int) { r.IdempotencyKey = strings.Repeat("k", n) }, migreg.MaxIdempotencyKeyBytes},
		{"authority filing", "text_bytes", "by.id", func(r *migreg.SubmitRequest, n int) { r.By = registration.AuthorityActor(strings.Repeat("M", n)) }, registration.MaxTextBytes},
	}
	for i, tt := range tests {
		req := request(person(fmt.Sprintf("FA%07d", i)), landlord(t), "2026-07-01")
		tt.set(&req, tt.max+1)
		_, err := svc.Submit(ctx, req)
		wantLimit(t, tt.name+" one past the limit", err, tt.limit, tt.path)
		tt.set(&req, 10<<20)
		_, err = svc.Submit(ctx, req)
		wantLimit(t, tt.name+" ten megabytes", err, tt.limit, tt.path)

		req = request(person(fmt.Sprintf("FA%07d", i)), landlord(t), "2026-07-01")
		tt.set(&req, tt.max)
		_, err = svc.Submit(ctx, req)
		var le *registration.LimitError
		if errors.As(err, &le) {
			t.Errorf("%s at the limit (%d bytes): %v; want no limit error", tt.name, tt.max, err)
		}
	}
}

func TestAuthorityNameIsChecked(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	r, err := svc.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	reason := registration.Reason{Code: registration.FalseData}
	_, err = svc.Annul(ctx, r.ID, registration.AuthorityActor(strings.Repeat("M", registration.MaxTextBytes+1)), reason)
	wantLimit(t, "a long authority name", err, "text_bytes", "by.id")
	for _, name := range []string{"MVD\x00", "MVD\xff", "MVD\u200b", ""} {
		_, err = svc.Annul(ctx, r.ID, registration.AuthorityActor(name), reason)
		var ve *registration.ValidationError
		if name != "" && (!errors.As(err, &ve) || !ve.Has("by.id", registration.CodeInvalid)) {
			t.Errorf("Annul by %+q: %v; want by.id: invalid", name, err)
		}
	}
	if h, err := svc.History(ctx, r.ID); err != nil || len(h) != 1 {
		t.Errorf("History = %d events, %v; want the submission alone", len(h), err)
	}
}

func TestRegistrationIDWithSeparator(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	for i, id := range []registration.ID{"r@1", "r/1", "r|1", "r 1", "r\u00a01"} {
		req := request(person(fmt.Sprintf("FA%07d", i)), landlord(t), "2026-07-01")
		req.Submission.ID = id
		_, err := env.Service.Submit(ctx, req)
		var ve *registration.ValidationError
		if !errors.As(err, &ve) || !ve.Has("id", registration.CodeInvalid) {
			t.Errorf("Submit with ID %q: %v; want id: invalid", id, err)
		}
	}
}

func TestBatchLimit(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	reqs := make([]migreg.SubmitRequest, migreg.MaxBatchItems+1)
	for i := range reqs {
		reqs[i] = request(person(fmt.Sprintf("FA%07d", i)), hotel(t), "2026-07-01")
	}
	res := env.Service.SubmitBatch(ctx, reqs, migreg.BatchOptions{DryRun: true})
	if len(res) != len(reqs) {
		t.Fatalf("%d results for %d items", len(res), len(reqs))
	}
	for i, r := range res {
		if r.Index != i {
			t.Fatalf("result %d has index %d", i, r.Index)
		}
		wantLimit(t, fmt.Sprintf("item %d of %d", i, len(reqs)), r.Err, "batch_items", "items")
		if t.Failed() {
			break
		}
	}
	res = env.Service.SubmitBatch(ctx, reqs[:migreg.MaxBatchItems], migreg.BatchOptions{DryRun: true})
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("a batch of %d, item %d: %v; want no error", migreg.MaxBatchItems, r.Index, r.Err)
		}
	}
}

// TestTripLimit: a foreigner with MaxTripsPerForeigner-1 trips records one
// more, and no further.
func TestTripLimit(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	p := person("FA1234567")
	p.BirthDate = date("1960-01-01")
	err := env.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutForeigner(ctx, fid(p), p); err != nil {
			return err
		}
		d := date("1990-01-01")
		for range migreg.MaxTripsPerForeigner - 1 {
			if err := tx.PutTrip(ctx, fid(p), stay.Trip{Entry: d, Exit: d}); err != nil {
				return err
			}
			d = d.AddDays(2)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Service.RecordEntry(ctx, p, date("2026-06-01")); err != nil {
		t.Fatalf("RecordEntry of trip %d: %v", migreg.MaxTripsPerForeigner, err)
	}
	if err := env.Service.RecordExit(ctx, fid(p), date("2026-06-02")); err != nil {
		t.Fatal(err)
	}
	wantLimit(t, "RecordEntry past the limit", env.Service.RecordEntry(ctx, p, date("2026-06-10")), "trips_per_foreigner", "trips")
	_, err = env.Service.Submit(ctx, request(p, landlord(t), "2026-06-20"))
	wantLimit(t, "Submit with a new entry past the limit", err, "trips_per_foreigner", "trips")
}

// TestRegistrationLimit: a foreigner with MaxRegistrationsPerForeigner-1
// withdrawn registrations may file one more, and no further. Submit reads
// only the pending and active ones, so the store counts the rest
// (store.ReadTx.CountRegistrations).
func TestRegistrationLimit(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	p := person("FA1234567")
	if err := env.Service.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	h := landlord(t)
	by := registration.Actor{Kind: registration.ActorForeigner, ID: string(fid(p))}
	for i := range migreg.MaxRegistrationsPerForeigner - 1 {
		r, err := env.Service.Submit(ctx, request(p, h, "2026-07-01"))
		if err != nil {
			t.Fatalf("registration %d: %v", i+1, err)
		}
		if _, err := env.Service.Withdraw(ctx, r.ID, by); err != nil {
			t.Fatalf("withdrawing registration %d: %v", i+1, err)
		}
	}
	if _, err := env.Service.Submit(ctx, request(p, h, "2026-07-01")); err != nil {
		t.Fatalf("registration %d: %v; want the last one allowed", migreg.MaxRegistrationsPerForeigner, err)
	}
	req := request(p, landlord(t), "2026-07-01")
	req.Submission.Address = flat("100")
	_, err := env.Service.Submit(ctx, req)
	wantLimit(t, "one registration past the limit", err, "registrations_per_foreigner", "registrations")
}

func TestPendingLimit(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	p := person("FA1234567")
	if err := env.Service.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	for i := range migreg.MaxPendingPerForeigner {
		req := request(p, landlord(t), "2026-07-01")
		req.Submission.Address = flat(fmt.Sprint(i + 1))
		if _, err := env.Service.Submit(ctx, req); err != nil {
			t.Fatalf("pending request %d: %v", i+1, err)
		}
	}
	req := request(p, landlord(t), "2026-07-01")
	req.Submission.Address = flat("100")
	_, err := env.Service.Submit(ctx, req)
	wantLimit(t, "one pending request past the limit", err, "pending_per_foreigner", "pending")
}

// TestLastYearOfTheCalendar: within 366 days of 9999-12-31 every command
// is refused with a typed error; the day before, each works.
func TestLastYearOfTheCalendar(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		day     string
		refused bool
	}{
		{"9998-12-30", false},
		{"9998-12-31", true},
		{"9999-06-01", true},
		{"9999-12-31", true},
	} {
		day := date(tt.day)
		env := newEnv(t, day, nil)
		env.Clock.Set(day.In(calendar.KazakhstanZone()).Add(12 * time.Hour))
		svc := env.Service
		p := person("FA1234567")
		p.Document.Expiry = date("9999-12-31")
		check := func(what, path string, err error) {
			t.Helper()
			var ve *registration.ValidationError
			switch {
			case !tt.refused && err != nil:
				t.Errorf("%s on %s: %v; want no error", what, tt.day, err)
			case tt.refused && (!errors.As(err, &ve) || !ve.Has(path, registration.CodeNoRules)):
				t.Errorf("%s on %s: %v; want %s: no_rules", what, tt.day, err, path)
			}
			if w := migreg.WireErrorOf(err); w != nil && w.Code == migreg.CodeInternal {
				t.Errorf("%s on %s: an untyped error %v", what, tt.day, err)
			}
		}
		check("RecordEntry", "today", svc.RecordEntry(ctx, p, day))
		_, err := svc.Submit(ctx, request(p, landlord(t), tt.day))
		check("Submit", "submitted_at", err)
		_, err = svc.Status(ctx, fid(p), day)
		check("Status", "on", err)
		_, err = svc.Assess(ctx, fid(p), day)
		check("Assess", "on", err)
		_, err = svc.Sweep(ctx)
		check("Sweep", "today", err)
	}
}

func TestBatchJSONLimit(t *testing.T) {
	env := newEnv(t, date("2026-07-01"), nil)
	data := "[" + strings.Repeat("{},", migreg.MaxBatchItems) + "{}]"
	res, err := env.Service.SubmitBatchJSON(context.Background(), []byte(data), migreg.BatchOptions{DryRun: true})
	if res != nil {
		t.Errorf("SubmitBatchJSON of %d items returned %d results; want none", migreg.MaxBatchItems+1, len(res))
	}
	wantLimit(t, "SubmitBatchJSON", err, "batch_items", "items")
}

func TestReasonNoteAndMoveLimits(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	svc := env.Service
	r, err := svc.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	long := registration.Reason{Code: registration.HostRefusal, Note: strings.Repeat("n", registration.MaxTextBytes+1)}
	_, err = svc.Reject(ctx, r.ID, registration.HostActor(r.HostID), long)
	wantLimit(t, "Reject with a long note", err, "text_bytes", "reason.note")
	long.Code = registration.FalseData
	_, err = svc.Annul(ctx, r.ID, registration.AuthorityActor("MVD"), long)
	wantLimit(t, "Annul with a long note", err, "text_bytes", "reason.note")
	addr := flat("12")
	addr.Street = strings.Repeat("s", 10<<20)
	_, err = svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-07-01"), Host: landlord(t), Address: addr, Place: registration.PrivateHome})
	wantLimit(t, "Move to a long street", err, "text_bytes", "address.street")
	_, err = svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-07-01"), Host: landlord(t), Address: flat("12"), Place: registration.PrivateHome, IdempotencyKey: strings.Repeat("k", 200)})
	wantLimit(t, "Move with a long key", err, "idempotency_key_bytes", "idempotency_key")
}

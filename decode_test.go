package migreg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
)

// rawRequest returns a PMS's JSON submit request for the guest with the
// document number doc at the test hotel, with edits applied to the
// submission's JSON.
func rawRequest(t *testing.T, doc string, edits ...[2]string) string {
	req := request(person(doc), hotel(t), "2026-07-01")
	req.Submission.Place = registration.Hotel
	req.By = registration.HostActor(hid(hotel(t)))
	req.IdempotencyKey = "stay-" + doc
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, e := range edits {
		if !strings.Contains(s, e[0]) {
			t.Fatalf("the request %s has no %q to edit", s, e[0])
		}
		s = strings.Replace(s, e[0], e[1], 1)
	}
	return s
}

// TestDecodeSubmitRequest: the request's own problems beside its
// submission's, at the paths Submit reports; a good request reads back
// as it was written.
func TestDecodeSubmitRequest(t *testing.T) {
	good := rawRequest(t, "FA1234567")
	tests := []struct {
		name string
		give string
		want []registration.Problem // nil: no error
	}{
		{"good", good, nil},
		{
			"a malformed IIN, an unknown actor kind, a key that is a number",
			rawRequest(t, "FA1234567",
				[2]string{`"given_names":"AZIZ"`, `"given_names":"AZIZ","iin":"0612116000"`},
				[2]string{`"by":{"kind":"host"`, `"by":{"kind":"landlord"`},
				[2]string{`"idempotency_key":"stay-FA1234567"`, `"idempotency_key":4711`}),
			[]registration.Problem{
				{Path: "person.iin", Code: registration.CodeInvalid},
				{Path: "by.kind", Code: registration.CodeInvalid},
				{Path: "idempotency_key", Code: registration.CodeInvalid},
			},
		},
		{"no submission", `{"idempotency_key":"k"}`, []registration.Problem{{Path: "submission", Code: registration.CodeRequired}}},
		{"a submission that is not an object", `{"submission":"x"}`, []registration.Problem{{Path: "submission", Code: registration.CodeInvalid}}},
		{"not an object", `[1]`, []registration.Problem{{Path: "", Code: registration.CodeInvalid}}},
	}
	for _, tt := range tests {
		got, err := migreg.DecodeSubmitRequest([]byte(tt.give))
		if tt.want == nil {
			var want migreg.SubmitRequest
			if err := json.Unmarshal([]byte(tt.give), &want); err != nil {
				t.Fatal(err)
			}
			if err != nil || !cmp.Equal(got, want) {
				t.Errorf("%s: DecodeSubmitRequest = %v, %v; want %v", tt.name, got, err, want)
			}
			continue
		}
		var ve *registration.ValidationError
		if !errors.As(err, &ve) || !cmp.Equal(ve.Problems, tt.want) {
			t.Errorf("%s: DecodeSubmitRequest(%s) = %v; want the problems %v", tt.name, tt.give, err, tt.want)
		}
	}
}

// TestSubmitBatchJSON: a PMS's raw batch, one item with a malformed IIN
// among good ones: that item is reported with all its problems, the
// others are registered, and the results marshal as a PMS API returns
// them.
func TestSubmitBatchJSON(t *testing.T) {
	ctx := context.Background()
	env := newEnv(t, date("2026-07-01"), nil)
	items := []string{
		rawRequest(t, "FA1000001"),
		rawRequest(t, "FA1000002",
			[2]string{`"given_names":"AZIZ"`, `"given_names":"AZIZ","iin":"12345"`},
			[2]string{`"building":"10"`, `"building":""`}),
		rawRequest(t, "FA1000003", [2]string{`"expiry":"2031-01-31"`, `"expiry":"2026-06-30"`}),
		rawRequest(t, "FA1000004"),
	}
	body := "[" + strings.Join(items, ",") + "]"
	results, err := env.Service.SubmitBatchJSON(ctx, []byte(body), migreg.BatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		index    int
		state    registration.State
		problems []registration.Problem
	}{
		{0, registration.Confirmed, nil},
		{1, 0, []registration.Problem{{Path: "person.iin", Code: registration.CodeInvalid}, {Path: "address.building", Code: registration.CodeRequired}}},
		{2, 0, []registration.Problem{{Path: "person.document.expiry", Code: registration.CodeExpiredBeforeEntry}}},
		{3, registration.Confirmed, nil},
	}
	if len(results) != len(want) {
		t.Fatalf("%d results; want %d", len(results), len(want))
	}
	for i, w := range want {
		r := results[i]
		var ve *registration.ValidationError
		switch {
		case r.Index != w.index:
			t.Errorf("result %d has index %d", i, r.Index)
		case w.problems == nil && (r.Err != nil || r.Registration.State != w.state):
			t.Errorf("item %d: %v, %v; want a %v registration", i, r.Registration.State, r.Err, w.state)
		case w.problems != nil && (!errors.As(r.Err, &ve) || !cmp.Equal(ve.Problems, w.problems)):
			t.Errorf("item %d: error %v; want the problems %v", i, r.Err, w.problems)
		}
	}
	out, err := json.Marshal(results)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"index":1,"error":{"code":"invalid"`, `{"path":"person.iin","code":"invalid"}`, `"index":3,"registration":{"id":"r-000002"`} {
		if !strings.Contains(string(out), s) {
			t.Errorf("the results' JSON lacks %s:\n%s", s, out)
		}
	}
	if _, err := env.Service.SubmitBatchJSON(ctx, []byte(`{"not":"an array"}`), migreg.BatchOptions{}); !errors.Is(err, registration.ErrInvalid) {
		t.Errorf("SubmitBatchJSON of an object = %v; want ErrInvalid", err)
	}
}

// FuzzDecodeSubmitRequest: arbitrary input never panics; a request that
// decodes reads back equal from its own JSON.
func FuzzDecodeSubmitRequest(f *testing.F) {
	f.Add([]byte(`{"submission":{},"by":{"kind":"host","id":"h_1"},"idempotency_key":"k"}`))
	f.Add([]byte(`{"by":[],"idempotency_key":{}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := migreg.DecodeSubmitRequest(b)
		if err != nil {
			var ve *registration.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("DecodeSubmitRequest(%q) = %v; want a *ValidationError", b, err)
			}
			return
		}
		again, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		back, err := migreg.DecodeSubmitRequest(again)
		if err != nil || !cmp.Equal(back, req) {
			t.Fatalf("DecodeSubmitRequest(%s) = %v, %v; want %v", again, back, err, fmt.Sprint(req))
		}
	})
}

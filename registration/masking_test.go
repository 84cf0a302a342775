package registration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPersonalDataIsMasked prints people, hosts, documents and
// registrations every way a program might, and checks that no document
// number or IIN appears in full.
func TestPersonalDataIsMasked(t *testing.T) {
	r := pending(t)
	secrets := []string{"FA1234567", "061211600012", "940140000385"}
	hotel := sampleHotel(t)
	values := map[string]any{
		"person": r.Person, "document": r.Person.Document, "host": r.Host, "hotel": hotel,
		"registration": r, "submission": sampleSubmission(t, "r-1", "2026-07-01"),
		"person pointer": &r.Person, "registration pointer": &r,
		"event": Event{Registration: "r-1", Seq: 1, Type: EventSubmitted, Submission: &Submission{Person: r.Person, Host: r.Host}},
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("fmt %s of %s shows %s: %s", verb, name, s, out)
				}
			}
		}
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			var buf bytes.Buffer
			slog.New(h(&buf)).Info("x", "v", v)
			for _, s := range secrets {
				if strings.Contains(buf.String(), s) {
					t.Errorf("slog of %s shows %s: %s", name, s, buf.String())
				}
			}
		}
	}
	if got := r.Person.Document.MaskedNumber(); got != "******567" {
		t.Errorf("MaskedNumber() = %q; want ******567", got)
	}
}

// TestJSONKeepsEverything: JSON is for storage, so it round-trips in full.
func TestJSONKeepsEverything(t *testing.T) {
	r := pending(t)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"FA1234567", "061211600012", `"state":"pending"`, `"place":"private_home"`} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("JSON lacks %s: %s", s, b)
		}
	}
	var back Registration
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}

func TestIDs(t *testing.T) {
	p := samplePerson()
	q := p
	q.Document.Number = "fa 123-4567"
	if fid(p) != fid(q) {
		t.Errorf("the same document typed differently gives IDs %s and %s", fid(p), fid(q))
	}
	q.Citizenship = "TJK"
	if fid(p) == fid(q) {
		t.Error("another citizenship gives the same ID")
	}
	if id := string(fid(p)); strings.Contains(id, "1234567") || len(id) != 33 {
		t.Errorf("ID = %q; want an opaque 33-character pseudonym", id)
	}
	h := sampleHost(t)
	if hid(h) == "" || hid(h) == hid(sampleHotel(t)) {
		t.Errorf("host IDs %q and %q should be set and differ", hid(h), hid(sampleHotel(t)))
	}
	if hid(Host{}) != "" {
		t.Error("a host with no number has an ID")
	}
}

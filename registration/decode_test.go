package registration_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"pgregory.net/rapid"
)

// rawSubmission is a PMS's submission as it arrives, every value a raw
// string; each test case edits it.
const rawSubmission = `{
  "id": "r-1",
  "person": {
    "surname": "KARIMOV", "given_names": "AZIZ", "birth_date": "1990-04-12", "sex": "male",
    "citizenship": "UZB", "iin": "",
    "document": {"kind": "passport", "number": "FA1234567", "issuing_country": "UZB", "expiry": "2031-01-31"}
  },
  "host": {"kind": "individual", "name": "Aigerim Bekova", "iin": "061211600012", "contact": {"phone": "+77011234567"}},
  "address": {"region": "Алматы", "street": "проспект Абая", "building": "10", "unit": "5"},
  "place": "private_home",
  "entry": "2026-07-01"
}`

// TestDecodeSubmission: every problem of a raw submission in one error,
// those json.Unmarshal would stop at (a malformed IIN, a bad date, an
// unknown code, a wrong type) and those Validate finds, with paths and
// codes; a good submission decodes as json.Unmarshal decodes it.
func TestDecodeSubmission(t *testing.T) {
	tests := []struct {
		name string
		edit func(s string) string
		want []registration.Problem // in order; nil: no error
	}{
		{"good", func(s string) string { return s }, nil},
		{
			"a malformed IIN with other problems",
			func(s string) string {
				s = strings.Replace(s, `"iin": ""`, `"iin": "12345"`, 1)
				s = strings.Replace(s, `"2031-01-31"`, `"31.01.2031"`, 1)
				s = strings.Replace(s, `"private_home"`, `"motel"`, 1)
				return strings.Replace(s, `"building": "10"`, `"building": ""`, 1)
			},
			[]registration.Problem{
				{Path: "person.document.expiry", Code: registration.CodeInvalid},
				{Path: "person.iin", Code: registration.CodeInvalid},
				{Path: "place", Code: registration.CodeInvalid},
				{Path: "address.building", Code: registration.CodeRequired},
			},
		},
		{
			"a host's BIN with a bad check digit, an IIN as a number",
			func(s string) string {
				s = strings.Replace(s, `"kind": "individual", "name": "Aigerim Bekova", "iin": "061211600012"`, `"kind": "hotel", "name": "Hotel", "bin": "940140000386"`, 1)
				return strings.Replace(s, `"iin": ""`, `"iin": 61211600012`, 1)
			},
			[]registration.Problem{
				{Path: "person.iin", Code: registration.CodeInvalid},
				{Path: "host.bin", Code: registration.CodeInvalid},
			},
		},
		{
			"values of the wrong type, and an unknown member (ignored)",
			func(s string) string {
				s = strings.Replace(s, `"surname": "KARIMOV"`, `"surname": 7`, 1)
				s = strings.Replace(s, `"address": {`, `"address": ["x"], "old": {`, 1)
				return strings.Replace(s, `"entry": "2026-07-01"`, `"entry": 20260701`, 1)
			},
			[]registration.Problem{
				{Path: "person.surname", Code: registration.CodeInvalid},
				{Path: "address", Code: registration.CodeInvalid},
				{Path: "entry", Code: registration.CodeInvalid},
			},
		},
		{"not an object", func(string) string { return `["a"]` }, []registration.Problem{{Path: "", Code: registration.CodeInvalid}}},
		{"not JSON", func(string) string { return `{"id": ` }, []registration.Problem{{Path: "", Code: registration.CodeInvalid}}},
		{"null", func(string) string { return `null` }, []registration.Problem{{Path: "", Code: registration.CodeInvalid}}},
		{
			"an empty object",
			func(string) string { return `{}` },
			nil, // checked below: Validate's problems, no others
		},
	}
	for _, tt := range tests {
		in := tt.edit(rawSubmission)
		got, err := registration.DecodeSubmission([]byte(in))
		if tt.name == "an empty object" {
			want := registration.Submission{}.Validate()
			if diff := cmp.Diff(want, err); diff != "" {
				t.Errorf("%s: DecodeSubmission(%s) error differs from Validate's (-want +got):\n%s", tt.name, in, diff)
			}
			continue
		}
		if tt.want == nil {
			var want registration.Submission
			if err := json.Unmarshal([]byte(in), &want); err != nil {
				t.Fatal(err)
			}
			if err != nil || !cmp.Equal(got, want) {
				t.Errorf("%s: DecodeSubmission = %v, %v; want %v as json.Unmarshal reads it", tt.name, got, err, want)
			}
			continue
		}
		var ve *registration.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, registration.ErrInvalid) {
			t.Errorf("%s: DecodeSubmission(%s) = %v; want a *ValidationError", tt.name, in, err)
			continue
		}
		if !cmp.Equal(ve.Problems, tt.want) {
			t.Errorf("%s: DecodeSubmission(%s) problems\n got  %v\n want %v", tt.name, in, ve.Problems, tt.want)
		}
	}
}

// TestDecodeSubmissionKeepsWhatItRead: on error the submission holds
// what could be read, and a value that could not be read is zero.
func TestDecodeSubmissionKeepsWhatItRead(t *testing.T) {
	in := strings.Replace(rawSubmission, `"iin": ""`, `"iin": "12345"`, 1)
	got, err := registration.DecodeSubmission([]byte(in))
	if err == nil || got.Person.Surname != "KARIMOV" || !got.Person.IIN.IsZero() || got.Entry != calendar.MustParseDate("2026-07-01") {
		t.Errorf("DecodeSubmission with a bad IIN = %v, %v; want the rest read, the IIN zero, and an error", got, err)
	}
}

// TestDecodeSubmissionMaskedError: a malformed IIN's problem, and the
// error's text, never show the digits.
func TestDecodeSubmissionMaskedError(t *testing.T) {
	in := strings.Replace(rawSubmission, `"iin": ""`, `"iin": "901231400129"`, 1)
	_, err := registration.DecodeSubmission([]byte(in))
	if err == nil || strings.Contains(err.Error(), "901231400129") || !strings.Contains(err.Error(), "person.iin: invalid") {
		t.Errorf("DecodeSubmission with a bad IIN = %v; want person.iin: invalid without the digits", err)
	}
}

// TestDecodeSubmissionRoundTrip: what json.Marshal writes of a valid
// submission, DecodeSubmission reads back equal, as json.Unmarshal does.
func TestDecodeSubmissionRoundTrip(t *testing.T) {
	entry := calendar.MustParseDate("2026-07-10")
	rapid.Check(t, func(t *rapid.T) {
		p := registrationtest.Person().Draw(t, "person")
		s := registrationtest.Submission(p, entry).Draw(t, "submission")
		s.ID = registration.ID(rapid.StringMatching(`r-[0-9a-z]{1,20}`).Draw(t, "id"))
		if err := s.Validate(); err != nil {
			t.Fatalf("the generator made an invalid submission: %v", err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := registration.DecodeSubmission(b)
		if err != nil {
			t.Fatalf("DecodeSubmission(%s): %v", b, err)
		}
		if diff := cmp.Diff(s, got); diff != "" {
			t.Fatalf("DecodeSubmission(%s) (-sent +read):\n%s", b, diff)
		}
	})
}

// FuzzDecodeSubmission: arbitrary input never panics; what decodes is
// valid and decodes again to itself from its own JSON; every problem has
// a code, and only the input itself has the empty path.
func FuzzDecodeSubmission(f *testing.F) {
	f.Add([]byte(rawSubmission))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"person":{"iin":"12345","document":[]},"place":"motel","entry":"2026-02-30"}`))
	f.Add([]byte(`{"host":{"bin":940140000385,"contact":"x"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := registration.DecodeSubmission(b)
		if err != nil {
			var ve *registration.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("DecodeSubmission(%q) = %v; want a non-empty *ValidationError", b, err)
			}
			empty := slices.IndexFunc(ve.Problems, func(p registration.Problem) bool { return p.Path == "" })
			for _, p := range ve.Problems {
				if p.Code == "" || (empty >= 0 && len(ve.Problems) > 1) {
					t.Fatalf("DecodeSubmission(%q) problems %v", b, ve.Problems)
				}
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("DecodeSubmission(%q) accepted a submission that Validate refuses: %v", b, err)
		}
		again, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := registration.DecodeSubmission(again)
		if err != nil || !cmp.Equal(back, s) {
			t.Fatalf("DecodeSubmission(%s) = %v, %v; want %v", again, back, err, s)
		}
	})
}

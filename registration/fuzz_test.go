package registration

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// FuzzSubmissionValidate feeds arbitrary text into every free-text field:
// validation never panics, and every problem it reports has a path and a
// code.
func FuzzSubmissionValidate(f *testing.F) {
	f.Add("KARIMOV", "AZIZ", "UZB", "FA1234567", "Алматы", "Абая", "10", "+77011234567", "r-1")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Add("Ка\x00римов", "A\uFFFDB", "uzb", "fa-123 456", strings.Repeat("x", 300), "ул.", "д.", "77011234567", "id\n")
	f.Fuzz(func(t *testing.T, surname, given, citizenship, doc, region, street, building, phone, id string) {
		s := sampleSubmission(t, ID(id), "2026-07-01")
		s.Person.Surname, s.Person.GivenNames, s.Person.Citizenship = surname, given, citizenship
		s.Person.Document.Number = doc
		s.Address.Region, s.Address.Street, s.Address.Building = region, street, building
		s.Host.Contact.Phone = phone
		err := s.Validate()
		if err == nil {
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) || len(ve.Problems) == 0 {
			t.Fatalf("Validate = %v; want a non-empty *ValidationError", err)
		}
		for _, p := range ve.Problems {
			if p.Path == "" || p.Code == "" {
				t.Fatalf("problem %+v lacks a path or a code", p)
			}
		}
		if doc != "" && len(doc) > 4 && strings.Contains(err.Error(), doc) {
			t.Fatalf("the error %q shows the document number", err)
		}
	})
}

// FuzzAddressKey: normalization never panics, is idempotent, and equal
// keys are what Equal reports.
func FuzzAddressKey(f *testing.F) {
	f.Add("г. Алматы", "", "ул. Абая", "д. 10А", "кв. 5")
	f.Add("Almaty city", "Almaty", "Abay avenue", "10 a", "flat 5")
	f.Fuzz(func(t *testing.T, region, locality, street, building, unit string) {
		a := Address{Region: region, Locality: locality, Street: street, Building: building, Unit: unit}
		n := a.Normalized()
		if n.Normalized() != n {
			t.Fatalf("Normalized is not idempotent: %q -> %q -> %q", a.Line(), n.Line(), n.Normalized().Line())
		}
		if a.Key() != n.Key() || !a.Equal(n) {
			t.Fatalf("an address and its normalized form differ: %q vs %q", a.Key(), n.Key())
		}
	})
}

// FuzzUnmarshalText: every enum accepts exactly its stable names, and what
// it accepts marshals back to the same text.
func FuzzUnmarshalText(f *testing.F) {
	for _, s := range []string{"pending", "confirmed", "hotel", "private_home", "passport", "host", "host_refusal", "submitted", "self_registration", "", "PENDING", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		type textEnum interface {
			UnmarshalText([]byte) error
			MarshalText() ([]byte, error)
		}
		for _, v := range []textEnum{new(State), new(Place), new(HostKind), new(DocumentKind), new(ActorKind), new(ReasonCode), new(EventType), new(Regime)} {
			if err := v.UnmarshalText([]byte(s)); err != nil {
				if !errors.Is(err, ErrUnknownName) {
					t.Fatalf("%T.UnmarshalText(%q) error %v does not match ErrUnknownName", v, s, err)
				}
				continue
			}
			b, err := v.MarshalText()
			if err != nil || string(b) != s {
				t.Fatalf("%T: UnmarshalText(%q) then MarshalText = %q, %v", v, s, b, err)
			}
		}
	})
}

// FuzzUnmarshalJSON: decoding arbitrary JSON into a submission or a
// registration never panics, and a decoded submission validates without
// panicking.
func FuzzUnmarshalJSON(f *testing.F) {
	s := sampleSubmission(f, "r-1", "2026-07-01")
	b, _ := json.Marshal(s)
	f.Add(b)
	r := pending(f)
	b, _ = json.Marshal(r)
	f.Add(b)
	f.Add([]byte(`{"person":{"birth_date":"2026-02-30"}}`))
	f.Add([]byte(`{"state":"nope"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Submission
		if json.Unmarshal(b, &s) == nil {
			_ = s.Validate()
		}
		var r Registration
		_ = json.Unmarshal(b, &r)
	})
}

func FuzzMessagesMatch(f *testing.F) {
	for _, s := range []string{"", "ru-KZ", "kk", "uz-Latn-UZ", "de,kk;q=0.9", "*;q=0.1", "x-" + strings.Repeat("a", 300), "ru;q=0", "en-u-rg-kzzzzz"} {
		f.Add(s, "ky")
	}
	m := NewMessages()
	f.Fuzz(func(t *testing.T, a, b string) {
		got := m.Match(a, b)
		if !slices.Contains(m.Languages(), got) {
			t.Fatalf("Match(%q, %q) = %v; want one of %v", a, b, got, m.Languages())
		}
		tag, _ := language.Parse(a)
		if s := m.State(tag, Confirmed); s == "" || s == "confirmed" {
			t.Fatalf("State(%v, Confirmed) = %q; want a text", tag, s)
		}
		_ = m.Problem(tag, Problem{Path: a, Code: Code(b)})
	})
}

// FuzzRulesJSON: any input either is refused or reads as Rules whose JSON
// reads back as the same Rules; never a panic.
func FuzzRulesJSON(f *testing.F) {
	for _, r := range DefaultRules() {
		b, err := json.Marshal(r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"Name":"old","RegistrationDays":30}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		var r Rules
		if json.Unmarshal([]byte(s), &r) != nil {
			return
		}
		b, err := json.Marshal(r)
		var back Rules
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Fatalf("%s read as %+v, which writes %s and reads back as %+v, %v", s, r, b, back, err)
		}
	})
}

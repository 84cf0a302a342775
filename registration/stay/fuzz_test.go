package stay_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration/stay"
)

func FuzzParseCitizenship(f *testing.F) {
	for _, s := range []string{"UZB", "uz", " KOR ", "", "XK", "KAZ", "ÜZB", "uzbk", "\tgb\n", "Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := stay.ParseCitizenship(s)
		if err != nil {
			if !errors.Is(err, stay.ErrUnknownCitizenship) || code != "" {
				t.Fatalf("ParseCitizenship(%q) = %q, %v; want an ErrUnknownCitizenship error", s, code, err)
			}
			return
		}
		if len(code) != 3 || strings.ToUpper(code) != code {
			t.Fatalf("ParseCitizenship(%q) = %q; want three upper-case letters", s, code)
		}
		if strings.ToUpper(strings.TrimSpace(s)) != code && len(strings.TrimSpace(s)) != 2 {
			t.Fatalf("ParseCitizenship(%q) = %q; not the input's alpha-3 form", s, code)
		}
		again, err := stay.ParseCitizenship(strings.ToLower(code))
		if err != nil || again != code {
			t.Fatalf("ParseCitizenship(%q) = %q, %v; want %q", strings.ToLower(code), again, err, code)
		}
		// Every known code resolves to a regime or to a typed refusal.
		if _, err := stay.RegimeFor(s, d("2026-03-01")); err != nil &&
			!errors.Is(err, stay.ErrVisaRequired) && !errors.Is(err, stay.ErrNotInForce) && !errors.Is(err, stay.ErrNotForeign) {
			t.Fatalf("RegimeFor(%q) error = %v", s, err)
		}
	})
}

func FuzzEnumUnmarshalText(f *testing.F) {
	for _, s := range []string{"high", "H", "m", "LOW", "rolling_window", "fixed_period", "per_visit", "per_visit+cumulative", "rolling-window", "fixed-period", "per-visit", "per-visit+cumulative", "none", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var c stay.Confidence
		if err := c.UnmarshalText([]byte(s)); err == nil {
			b, err := c.MarshalText()
			var back stay.Confidence
			if err != nil || back.UnmarshalText(b) != nil || back != c || (!c.IsValid() && c != 0) {
				t.Fatalf("Confidence %q -> %v -> %q, %v -> %v", s, c, b, err, back)
			}
		} else if !errors.Is(err, stay.ErrUnknownName) {
			t.Fatalf("Confidence.UnmarshalText(%q) error = %v; want ErrUnknownName", s, err)
		}
		// The names with hyphens written before the codes became
		// snake_case read as the codes with underscores.
		canonical := strings.ReplaceAll(s, "-", "_")
		var k stay.CapKind
		if err := k.UnmarshalText([]byte(s)); err == nil {
			if b, err := k.MarshalText(); err != nil || string(b) != canonical {
				t.Fatalf("CapKind %q -> %v -> %q, %v", s, k, b, err)
			}
		} else if !errors.Is(err, stay.ErrUnknownName) {
			t.Fatalf("CapKind.UnmarshalText(%q) error = %v; want ErrUnknownName", s, err)
		}
		var l stay.Limit
		if err := l.UnmarshalText([]byte(s)); err == nil {
			if b, err := l.MarshalText(); err != nil || string(b) != canonical {
				t.Fatalf("Limit %q -> %v -> %q, %v", s, l, b, err)
			}
		} else if !errors.Is(err, stay.ErrUnknownName) {
			t.Fatalf("Limit.UnmarshalText(%q) error = %v; want ErrUnknownName", s, err)
		}
	})
}

// A History read from JSON is checked like one built from trips, and
// writes back what it read.
func FuzzHistoryJSON(f *testing.F) {
	for _, s := range []string{
		`{"policy":{},"trips":[{"entry":"2026-01-05","exit":"2026-02-03"},{"entry":"2025-03-01"}]}`,
		`{"policy":{"exclude_exit_day":true},"trips":[{"entry":"2026-01-05","exit":"2026-01-01"}]}`,
		`{"trips":[{"exit":"2026-01-01"}]}`, `{"trips":null}`, `[]`, `{"trips":[{"entry":"9999-12-31"}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var h stay.History
		if err := json.Unmarshal([]byte(s), &h); err != nil {
			var te *stay.TripError
			if h.Len() != 0 {
				t.Fatalf("Unmarshal(%q) = %v and a history of %d trips; want it unchanged", s, err, h.Len())
			}
			if errors.As(err, &te) && !errors.Is(err, stay.ErrInvalidTrip) {
				t.Fatalf("Unmarshal(%q): %v does not match ErrInvalidTrip", s, err)
			}
			return
		}
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatalf("Marshal after Unmarshal(%q): %v", s, err)
		}
		var again stay.History
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("Unmarshal(%s), written from %q: %v", b, s, err)
		}
		if b2, _ := json.Marshal(again); string(b2) != string(b) {
			t.Fatalf("round trip of %q: %s, then %s", s, b, b2)
		}
	})
}

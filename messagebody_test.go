package migreg

import (
	"encoding/json"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"pgregory.net/rapid"
)

// TestMessageBodyMatchesEncodingJSON holds the hand-written encoder to
// encoding/json, the definition of the format, on random bodies whose
// texts include quotes, HTML characters, control characters, U+2028 and
// invalid UTF-8.
func TestMessageBodyMatchesEncodingJSON(t *testing.T) {
	text := rapid.OneOf(
		rapid.String(),
		rapid.StringMatching(`[a-zA-Zа-я0-9 "\\<>&\x00-\x1f\x7f\x{2028}\x{2029}]{0,12}`),
		rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
	)
	date := rapid.Custom(func(t *rapid.T) calendar.Date {
		if rapid.Bool().Draw(t, "zero") {
			return calendar.Date{}
		}
		return calendar.NewDate(2026, 1, 1).AddDays(rapid.IntRange(-20000, 20000).Draw(t, "days"))
	})
	rapid.Check(t, func(t *rapid.T) {
		m := messageBody{
			Registration: registration.ID(text.Draw(t, "id")),
			Event:        registration.EventType(rapid.IntRange(0, 12).Draw(t, "event")),
			On:           date.Draw(t, "on"),
			HostDue:      date.Draw(t, "host_due"),
			Address:      text.Draw(t, "address"),
			Place:        registration.Place(rapid.IntRange(0, 6).Draw(t, "place")),
			Entry:        date.Draw(t, "entry"),
			ValidUntil:   date.Draw(t, "valid_until"),
			Certificate:  text.Draw(t, "certificate"),
		}
		if rapid.Bool().Draw(t, "reason") {
			m.Reason = &registration.Reason{Code: registration.ReasonCode(rapid.IntRange(0, 12).Draw(t, "code")), Note: text.Draw(t, "note")}
		}
		want, wantErr := json.Marshal(m)
		got, gotErr := m.appendJSON(nil)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("appendJSON(%+v) err = %v; json.Marshal err = %v", m, gotErr, wantErr)
		}
		if wantErr == nil && string(got) != string(want) {
			t.Fatalf("appendJSON(%+v)\n got %s\nwant %s", m, got, want)
		}
	})
}

// TestMessageBodyAddressInPlace holds the address written part by part to
// the same body with Address set to the joined String, on addresses whose
// parts are blank, padded, escaped or invalid UTF-8.
func TestMessageBodyAddressInPlace(t *testing.T) {
	part := rapid.OneOf(
		rapid.SampledFrom([]string{"", " ", "\t", "Almaty", " Abai ave 10 ", "кв. 5"}),
		rapid.StringMatching(`[ a-zа-я0-9,"\\<>&\x00-\x1f\x{2028}]{0,8}`),
		rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
	)
	rapid.Check(t, func(t *rapid.T) {
		a := registration.Address{
			Region: part.Draw(t, "region"), Locality: part.Draw(t, "locality"), Street: part.Draw(t, "street"),
			Building: part.Draw(t, "building"), Unit: part.Draw(t, "unit"),
		}
		m := messageBody{Registration: "r-1", Event: registration.EventSubmitted, Place: registration.Place(1)}
		joined := m
		joined.Address = a.String()
		m.addr = &a
		want, wantErr := joined.appendJSON(nil)
		got, err := m.appendJSON(nil)
		if string(got) != string(want) || (err == nil) != (wantErr == nil) {
			t.Fatalf("address %+v in place:\n got %s, %v\nwant %s, %v", a, got, err, want, wantErr)
		}
	})
}

// TestJSONPlainTable holds the lookup table to the rule it encodes: every
// ASCII byte but the control characters and "\<>& is copied as it is.
func TestJSONPlainTable(t *testing.T) {
	if len(jsonPlain) != 128 {
		t.Fatalf("jsonPlain has %d entries; want 128", len(jsonPlain))
	}
	for c := 0; c < 128; c++ {
		want := c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
		if got := jsonPlain[c] == '1'; got != want || (jsonPlain[c] != '0' && jsonPlain[c] != '1') {
			t.Errorf("jsonPlain[%#x] = %q; want plain = %v", c, jsonPlain[c], want)
		}
	}
}

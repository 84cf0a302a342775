package registration

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestTexts: what String and fmt show of the values that name people:
// kinds and masks, never a pseudonymous ID, an individual host's full
// name or a contact's values, and never "State(0)".
func TestTexts(t *testing.T) {
	r := pending(t)
	submitted := Event{Registration: "r-1", Seq: 1, Type: EventSubmitted, On: d("2026-07-01"), Actor: ForeignerActor(r.Foreigner), To: Pending}
	confirmed := Event{Registration: "r-1", Seq: 2, Type: EventConfirmed, On: d("2026-07-03"), Actor: HostActor(r.HostID), From: Pending, To: Confirmed}
	tests := []struct {
		name string
		give any
		want string
	}{
		{"a foreigner's ID", r.Foreigner, "f_***"},
		{"a host's ID", r.HostID, "h_***"},
		{"an empty ID", ForeignerID(""), ""},
		{"a foreigner", ForeignerActor(r.Foreigner), "foreigner"},
		{"an authority", AuthorityActor("officer Nurlanov, Almaty"), "authority"},
		{"the zero actor", Actor{}, "no actor"},
		{"a contact", Contact{Phone: "+77011234567", Email: "a@b.example"}, "phone, e-mail"},
		{"no contact", Contact{}, "no contact"},
		{"an individual host", sampleHost(t), `individual "A. B." (IIN ********0012)`},
		{"a hotel", sampleHotel(t), `hotel "Hotel Almaty" (BIN ********0385)`},
		{"a host of no kind", Host{Name: "Aigerim Bekova"}, `host "A. B."`},
		{"a submitted event", submitted, "r-1 #1 2026-07-01 submitted by foreigner (to pending)"},
		{"a confirmed event", confirmed, "r-1 #2 2026-07-03 confirmed by host (pending -> confirmed)"},
		{"the zero event", Event{}, "no event"},
	}
	for _, tt := range tests {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			got := fmt.Sprintf(verb, tt.give)
			if verb == "%#v" && (tt.name == "a foreigner's ID" || tt.name == "a host's ID" || tt.name == "an empty ID") {
				got = strings.Trim(got, `"`) // %#v of a string type quotes it
			}
			if got != tt.want {
				t.Errorf("%s: Sprintf(%q) = %q; want %q", tt.name, verb, got, tt.want)
			}
		}
	}
}

// TestLogValuesOfPseudonyms: slog shows the masks, not the IDs.
func TestLogValuesOfPseudonyms(t *testing.T) {
	r := pending(t)
	tests := []struct {
		give slog.LogValuer
		want string
	}{
		{r.Foreigner, "f_***"},
		{r.HostID, "h_***"},
		{ForeignerActor(r.Foreigner), "foreigner"},
		{Contact{App: "x"}, "app"},
	}
	for _, tt := range tests {
		if got := tt.give.LogValue().String(); got != tt.want {
			t.Errorf("%T.LogValue() = %q; want %q", tt.give, got, tt.want)
		}
	}
}

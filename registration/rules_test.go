package registration

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

func TestRulesFor(t *testing.T) {
	tests := []struct {
		entry string
		want  Regime
	}{
		{"2020-01-11", HostNotification},
		{"2026-06-30", HostNotification},
		{"2026-07-01", SelfRegistration},
		{"2027-03-15", SelfRegistration},
	}
	for _, tt := range tests {
		r, err := RulesFor(d(tt.entry))
		if err != nil || r.Regime != tt.want {
			t.Errorf("RulesFor(%s) = %v, %v; want %v", tt.entry, r.Regime, err, tt.want)
		}
	}
	if _, err := RulesFor(d("2019-12-31")); !errors.Is(err, ErrNoRules) {
		t.Errorf("RulesFor(2019-12-31) err = %v; want ErrNoRules", err)
	}
}

func TestDeadlines(t *testing.T) {
	rb := DefaultRulebook()
	type fn func(entry, event calendar.Date) (calendar.Deadline, error)
	reg := func(entry, _ calendar.Date) (calendar.Deadline, error) { return rb.RegistrationDue(entry) }
	tests := []struct {
		name         string
		f            fn
		entry, event string
		want         string
		err          error
	}{
		// Order 923: the 30th calendar day, entry day = day 1, not rolled.
		{"registration", reg, "2026-07-01", "", "2026-07-30", nil},
		{"registration ending on a holiday", reg, "2026-11-16", "", "2026-12-15", nil},
		{"registration ending on Independence Day, not rolled", reg, "2026-11-17", "", "2026-12-16", nil},
		{"registration before the switch", reg, "2026-06-30", "", "", ErrNotRequired},
		{"registration before any rules", reg, "2019-06-01", "", "", ErrNoRules},
		// 5 working days after a move: Republic Day's substitute skipped.
		{"re-registration", rb.ReregistrationDue, "2026-10-01", "2026-10-23", "2026-11-02", nil},
		{"re-registration over Victory Day", rb.ReregistrationDue, "2026-05-01", "2026-05-05", "", ErrNotRequired},
		{"re-registration over Victory Day 2027", rb.ReregistrationDue, "2027-05-01", "2027-05-06", "2027-05-17", nil},
		// The host's answer: 3 working days; Capital Day skipped.
		{"host answer", rb.HostAnswerDue, "2026-07-01", "2026-07-03", "2026-07-09", nil},
		// The old regime's host notification: 3 working days after arrival.
		{"host notification", rb.HostNotificationDue, "2026-06-20", "2026-07-02", "2026-07-08", nil},
		{"host notification over Nauryz", rb.HostNotificationDue, "2025-03-19", "2025-03-19", "2025-03-27", nil},
		// May 2024: 7 and 9 May are holidays, 8 May a day off by transfer,
		// and Saturday 4 May a working day in exchange.
		{"host notification over a transferred day off", rb.HostNotificationDue, "2024-05-06", "2024-05-06", "2024-05-14", nil},
		{"host notification counting a working Saturday", rb.HostNotificationDue, "2024-05-03", "2024-05-03", "2024-05-10", nil},
		{"host notification under order 923", rb.HostNotificationDue, "2026-07-01", "2026-07-01", "", ErrNotRequired},
	}
	for _, tt := range tests {
		var ev calendar.Date
		if tt.event != "" {
			ev = d(tt.event)
		}
		got, err := tt.f(d(tt.entry), ev)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s (entry %s, event %s): err = %v; want %v", tt.name, tt.entry, tt.event, err, tt.err)
			}
			continue
		}
		if err != nil || got.Due.String() != tt.want {
			t.Errorf("%s (entry %s, event %s) = %v, %v; want %s", tt.name, tt.entry, tt.event, got.Due, err, tt.want)
		}
		if got.Explain() == "" {
			t.Errorf("%s: no explanation", tt.name)
		}
	}
}

// tenTrips returns ten trips of 8 days each, ten days apart, from 1
// February 2026: 80 days, all inside the 180-day window of an exit in July.
func tenTrips() []stay.Trip {
	var trips []stay.Trip
	for k := range 10 {
		entry := d("2026-02-01").AddDays(10 * k)
		trips = append(trips, stay.Trip{Entry: entry, Exit: entry.AddDays(7)})
	}
	return trips
}

func TestValidUntil(t *testing.T) {
	rb := DefaultRulebook()
	uz := samplePerson()
	ru := samplePerson()
	ru.Citizenship, ru.Document.IssuingCountry = "RUS", "RUS"
	shortDoc := samplePerson()
	shortDoc.Document.Expiry = d("2026-07-20")
	tests := []struct {
		name  string
		p     Person
		trips []stay.Trip
		entry string
		want  string
	}{
		{"per-visit cap of 30 days", uz, nil, "2026-07-01", "2026-07-30"},
		{"per-visit cap of 90 days", ru, nil, "2026-07-01", "2026-09-28"},
		{"document expiry first", shortDoc, nil, "2026-07-01", "2026-07-20"},
		{"90/180 nearly used", ru, []stay.Trip{{Entry: d("2026-03-01"), Exit: d("2026-05-19")}}, "2026-07-01", "2026-07-10"}, // 80 days in March–May + 10 = 90
		{"the current trip is ignored", uz, []stay.Trip{{Entry: d("2026-07-01")}}, "2026-07-01", "2026-07-30"},
		{"ten earlier trips, more than ValidUntil keeps on the stack", ru, tenTrips(), "2026-07-01", "2026-07-10"}, // 10 × 8 days + 10 = 90
		{"90/180 used up: not even the entry day, the day before it", ru, []stay.Trip{{Entry: d("2026-04-01"), Exit: d("2026-06-29")}}, "2026-07-01", "2026-06-30"},
	}
	for _, tt := range tests {
		got, err := rb.ValidUntil(tt.p, tt.trips, d(tt.entry))
		if err != nil || got.String() != tt.want {
			t.Errorf("%s: ValidUntil(%s, %v, %s) = %v, %v; want %s", tt.name, tt.p.Citizenship, tt.trips, tt.entry, got, err, tt.want)
		}
	}
	turkmen := samplePerson()
	turkmen.Citizenship = "TKM"
	if _, err := rb.ValidUntil(turkmen, nil, d("2026-07-01")); !errors.Is(err, stay.ErrVisaRequired) {
		t.Errorf("ValidUntil for a visa national: err = %v; want stay.ErrVisaRequired", err)
	}
}

// TestReregistrationDueBeforeEntry: a move before the stay began is
// refused as a submission refuses it; it was answered with a deadline.
func TestReregistrationDueBeforeEntry(t *testing.T) {
	rb := DefaultRulebook()
	entry := calendar.MustParseDate("2026-12-08")
	for _, tt := range []struct {
		moved   string
		wantErr bool
	}{{"2026-10-23", true}, {"2026-12-07", true}, {"2026-12-08", false}, {"2026-12-18", false}} {
		d, err := rb.ReregistrationDue(entry, calendar.MustParseDate(tt.moved))
		var ve *ValidationError
		if got := errors.As(err, &ve) && ve.Has("moved_on", CodeBeforeEntry); got != tt.wantErr || (!tt.wantErr && err != nil) {
			t.Errorf("ReregistrationDue(entry %v, moved %s) = %v, %v; want an error: %v", entry, tt.moved, d.Due, err, tt.wantErr)
		}
	}
}

// TestReregistrationDueNoMove: no move date is "moved_on: required", not
// a move before the entry.
func TestReregistrationDueNoMove(t *testing.T) {
	_, err := DefaultRulebook().ReregistrationDue(calendar.MustParseDate("2026-12-08"), calendar.Date{})
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("moved_on", CodeRequired) {
		t.Errorf("ReregistrationDue(entry, zero) = %v; want moved_on: required", err)
	}
}

// TestRulesJSONRefusesUnknownKeys: Rules read back from JSON, as an agency
// keeps its policy in a file, round-trip; a key Rules does not have (a
// typo, or the Go field names it marshalled as before it had tags) is an
// error, where it was silently zero: RegistrationDays 0 means no duty.
func TestRulesJSONRefusesUnknownKeys(t *testing.T) {
	want := DefaultRules()[1]
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got Rules
	if err := json.Unmarshal(b, &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Rules %s read back as %+v, %v; want the same", b, got, err)
	}
	for _, in := range []string{
		`{"Name":"order 923","RegistrationDays":30}`,
		`{"name":"order 923","registration_dayz":30}`,
		`{"name":"order 923","registration_count":{"event_day_count":true}}`,
	} {
		var r Rules
		if err := json.Unmarshal([]byte(in), &r); err == nil {
			t.Errorf("Rules from %s = %+v, nil; want an error naming the unknown key", in, r)
		}
	}
}

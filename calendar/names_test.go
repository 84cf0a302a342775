package calendar_test

import (
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
)

var (
	republicDay = calendar.Names{En: "Republic Day", Ru: "День Республики", Kk: "Республика күні"}
	// 25 October's name from 2026 (docs/legal.md Part B §4.1).
	republicOfKazakhstanDay = calendar.Names{
		En: "Day of the Republic of Kazakhstan",
		Ru: "День Республики Казахстан",
		Kk: "Қазақстан Республикасы күні",
	}
)

// TestRepublicDayNamesByYear: 25 October keeps its date and its weekend
// rule, and takes its new name from 2026, in all three languages; a
// substitute carries the name of the holiday it stands for.
func TestRepublicDayNamesByYear(t *testing.T) {
	tests := []struct {
		date string
		kind calendar.Kind
		want calendar.Names
	}{
		{"2008-10-25", calendar.KindHoliday, republicDay},
		{"2022-10-25", calendar.KindHoliday, republicDay},
		{"2024-10-25", calendar.KindHoliday, republicDay},
		{"2025-10-25", calendar.KindHoliday, republicDay},                // a Saturday
		{"2025-10-27", calendar.KindSubstitute, republicDay},             // its substitute
		{"2026-10-25", calendar.KindHoliday, republicOfKazakhstanDay},    // a Sunday
		{"2026-10-26", calendar.KindSubstitute, republicOfKazakhstanDay}, // its substitute
		{"2027-10-25", calendar.KindHoliday, republicOfKazakhstanDay},
		{"2040-10-25", calendar.KindHoliday, republicOfKazakhstanDay},
	}
	c := calendar.Kazakhstan()
	for _, tt := range tests {
		day := calendar.MustParseDate(tt.date)
		var got *calendar.DayOff
		for _, o := range c.DaysOff(day.Year()) {
			if o.Date == day {
				got = &o
				break
			}
		}
		if got == nil {
			t.Errorf("DaysOff(%d) has no %s; want a %v named %q", day.Year(), tt.date, tt.kind, tt.want.En)
			continue
		}
		if got.Kind != tt.kind || got.Names != tt.want {
			t.Errorf("DaysOff(%d) on %s = %v %+v; want %v %+v", day.Year(), tt.date, got.Kind, got.Names, tt.kind, tt.want)
		}
	}
}

// TestRepublicDayNotOffBetween2009And2021: the rename changes nothing about
// the years 25 October is a day off.
func TestRepublicDayNotOffBetween2009And2021(t *testing.T) {
	c := calendar.Kazakhstan()
	for _, y := range []int{2009, 2015, 2021} {
		for _, o := range c.DaysOff(y) {
			if o.Names == republicDay || o.Names == republicOfKazakhstanDay {
				t.Errorf("DaysOff(%d) has %v; want no Republic Day in %d", y, o, y)
			}
		}
	}
}

// TestRepublicDayNamesInRickar: the rickar/cal export names 25 October by
// year too (the Kazakh name, with English and Russian in the description).
func TestRepublicDayNamesInRickar(t *testing.T) {
	tests := []struct {
		year     int
		wantName string
		wantDesc string
	}{
		{2025, republicDay.Kk, republicDay.En + " / " + republicDay.Ru},
		{2026, republicOfKazakhstanDay.Kk, republicOfKazakhstanDay.En + " / " + republicOfKazakhstanDay.Ru},
	}
	for _, tt := range tests {
		var names []string
		var desc string
		for _, h := range calendar.Kazakhstan().Holidays() {
			if actual, _ := h.Calc(tt.year); !actual.IsZero() && actual.Month() == time.October && actual.Day() == 25 {
				names = append(names, h.Name)
				desc = h.Description
			}
		}
		if len(names) != 1 || names[0] != tt.wantName || desc != tt.wantDesc {
			t.Errorf("Holidays() on %d-10-25 = %q (%q); want one, %q (%q)", tt.year, names, desc, tt.wantName, tt.wantDesc)
		}
	}
}

package stay_test

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

func TestLookback(t *testing.T) {
	table := stay.DefaultTable()
	tests := []struct {
		code, day string
		policy    stay.Policy
		want      string
	}{
		// 90/180 counted back from the day: the window and a day for
		// WindowEndsDayBefore.
		{"UZB", "2026-07-01", stay.Policy{}, "2026-01-01"},
		{"RUS", "2026-07-01", stay.Policy{}, "2026-01-01"},
		// 30/365: the longer window.
		{"ARG", "2026-07-01", stay.Policy{}, "2025-06-30"},
		// Fixed periods chain from the treaty's first day (2016-09-06)...
		{"BRA", "2026-07-01", stay.Policy{}, "2016-09-06"},
		// ... or from an earlier start the policy sets.
		{"BRA", "2026-07-01", stay.Policy{RegimeStart: calendar.NewDate(2010, 1, 1)}, "2010-01-01"},
	}
	for _, tt := range tests {
		got, err := table.Lookback(tt.code, d(tt.day), tt.policy)
		if err != nil || got != d(tt.want) {
			t.Errorf("Lookback(%q, %s, %+v) = %v, %v; want %s", tt.code, tt.day, tt.policy, got, err, tt.want)
		}
	}
}

func TestLookbackErrors(t *testing.T) {
	table := stay.DefaultTable()
	tests := []struct {
		code string
		want error
	}{
		{"KAZ", stay.ErrNotForeign},
		{"TKM", stay.ErrVisaRequired},
		{"not a code", stay.ErrUnknownCitizenship},
	}
	for _, tt := range tests {
		got, err := table.Lookback(tt.code, d("2026-07-01"), stay.Policy{})
		if !errors.Is(err, tt.want) || !got.IsZero() {
			t.Errorf("Lookback(%q) = %v, %v; want the zero date and %v", tt.code, got, err, tt.want)
		}
	}
}

// TestLookbackNotAfterDay: for every citizenship the table lists, the day
// returned is never after the day asked about, and never later for an
// earlier day.
func TestLookbackNotAfterDay(t *testing.T) {
	table := stay.DefaultTable()
	for _, code := range table.Citizenships() {
		for _, day := range []string{"2023-01-27", "2026-07-01", "2030-12-31"} {
			got, err := table.Lookback(code, d(day), stay.Policy{})
			if err != nil || got.After(d(day)) {
				t.Errorf("Lookback(%q, %s) = %v, %v; want a day not after it", code, day, got, err)
			}
			earlier, err := table.Lookback(code, d(day).AddDays(-1), stay.Policy{})
			if err != nil || earlier.After(got) {
				t.Errorf("Lookback(%q, the day before %s) = %v, %v; want at most %v", code, day, earlier, err, got)
			}
		}
	}
}

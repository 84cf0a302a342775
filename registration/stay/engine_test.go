package stay_test

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

var d = calendar.MustParseDate

func trip(entry, exit string) stay.Trip {
	t := stay.Trip{Entry: d(entry)}
	if exit != "" {
		t.Exit = d(exit)
	}
	return t
}

func regime(t *testing.T, code, on string) stay.Regime {
	t.Helper()
	r, err := stay.RegimeFor(code, d(on))
	if err != nil {
		t.Fatalf("RegimeFor(%q, %s): %v", code, on, err)
	}
	return r
}

// The edge cases that stay calculators get wrong (peers.md §2.4).
func TestDaysUsed(t *testing.T) {
	tests := []struct {
		name  string
		trips []stay.Trip
		on    string
		want  int
	}{
		{"no trips", nil, "2025-06-28", 0},
		{"same-day entry and exit is one day", []stay.Trip{trip("2025-03-10", "2025-03-10")}, "2025-03-10", 1},
		{"entry and exit days both count", []stay.Trip{trip("2025-03-01", "2025-03-10")}, "2025-06-28", 10},
		{"day 179 back is in the window", []stay.Trip{trip("2024-12-31", "2024-12-31")}, "2025-06-28", 1},
		{"day 180 back is out of the window", []stay.Trip{trip("2024-12-30", "2024-12-30")}, "2025-06-28", 0},
		{"a trip across the window start is clipped", []stay.Trip{trip("2024-12-20", "2025-01-09")}, "2025-06-28", 10},
		{"the control day itself counts", []stay.Trip{trip("2025-06-28", "2025-07-05")}, "2025-06-28", 1},
		{"days after the control day do not count", []stay.Trip{trip("2025-06-20", "2025-07-20")}, "2025-06-28", 9},
		{"overlapping trips count each day once", []stay.Trip{trip("2025-03-01", "2025-03-10"), trip("2025-03-05", "2025-03-15")}, "2025-06-28", 15},
		{"duplicate trips count once", []stay.Trip{trip("2025-03-01", "2025-03-10"), trip("2025-03-01", "2025-03-10")}, "2025-06-28", 10},
		{"a trip inside another adds nothing", []stay.Trip{trip("2025-03-01", "2025-03-31"), trip("2025-03-10", "2025-03-12")}, "2025-06-28", 31},
		{"unsorted trips", []stay.Trip{trip("2025-05-01", "2025-05-05"), trip("2025-01-10", "2025-01-19"), trip("2025-03-01", "2025-03-01")}, "2025-06-28", 16},
		{"exit and re-entry on the same day count that day once", []stay.Trip{trip("2025-03-01", "2025-03-10"), trip("2025-03-10", "2025-03-20")}, "2025-06-28", 20},
		{"an open trip counts through the control day", []stay.Trip{trip("2025-06-01", "")}, "2025-06-28", 28},
		{"an open trip entering after the control day counts nothing", []stay.Trip{trip("2025-07-01", "")}, "2025-06-28", 0},
		{"a full window", []stay.Trip{trip("2024-06-01", "2025-12-31")}, "2025-06-28", 180},
		{"leap year: 2024-02-02 is day 179 back from 2024-07-30", []stay.Trip{trip("2024-02-02", "2024-02-02")}, "2024-07-30", 1},
		{"leap year: 2024-02-01 is day 180 back from 2024-07-30", []stay.Trip{trip("2024-02-01", "2024-02-01")}, "2024-07-30", 0},
		{"non-leap year: 2025-02-01 is day 179 back from 2025-07-30", []stay.Trip{trip("2025-02-01", "2025-02-01")}, "2025-07-30", 1},
		{"leap day counts", []stay.Trip{trip("2024-02-28", "2024-03-01")}, "2024-03-01", 3},
		{"days before 27 Jan 2023 do not count", []stay.Trip{trip("2023-01-20", "2023-02-05")}, "2023-02-05", 10},
		{"a trip entirely before 27 Jan 2023 counts nothing", []stay.Trip{trip("2022-12-01", "2023-01-26")}, "2023-03-01", 0},
	}
	for _, tt := range tests {
		got, err := stay.DaysUsed(tt.trips, d(tt.on))
		if err != nil || got != tt.want {
			t.Errorf("%s: DaysUsed(%v, %s) = %d, %v; want %d", tt.name, tt.trips, tt.on, got, err, tt.want)
		}
	}
}

func TestDaysUsedPolicy(t *testing.T) {
	trips := []stay.Trip{trip("2025-03-01", "2025-03-10"), trip("2025-06-20", "2025-06-28")}
	tests := []struct {
		name string
		p    stay.Policy
		want int
	}{
		{"default", stay.Policy{}, 19},
		{"exit day not counted", stay.Policy{ExcludeExitDay: true}, 17},
		{"window ends the day before", stay.Policy{WindowEndsDayBefore: true}, 18},
		{"regime start inside the window", stay.Policy{RegimeStart: d("2025-03-06")}, 14},
	}
	for _, tt := range tests {
		got, err := tt.p.DaysUsed(trips, d("2025-06-28"))
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v.DaysUsed(%v) = %d, %v; want %d", tt.name, tt.p, trips, got, err, tt.want)
		}
	}
}

func TestInvalidInput(t *testing.T) {
	uzb := stay.Regime{Citizenship: "UZB", PerVisitDays: 30, Cap: stay.Cap{Kind: stay.RollingWindow, Days: 90, WindowDays: 180}}
	tests := []struct {
		name  string
		trips []stay.Trip
		on    calendar.Date
		r     stay.Regime
		want  error
		index int // of the *TripError, when want is ErrInvalidTrip
	}{
		{"exit before entry", []stay.Trip{trip("2025-01-01", "2025-01-05"), trip("2025-03-10", "2025-03-01")}, d("2025-06-01"), uzb, stay.ErrInvalidTrip, 1},
		{"zero entry", []stay.Trip{{Exit: d("2025-03-01")}}, d("2025-06-01"), uzb, stay.ErrInvalidTrip, 0},
		{"invalid trip outside the window", []stay.Trip{trip("2020-03-10", "2020-03-01")}, d("2025-06-01"), uzb, stay.ErrInvalidTrip, 0},
		{"zero control date", nil, calendar.Date{}, uzb, stay.ErrInvalidDate, 0},
		{"zero regime", nil, d("2025-06-01"), stay.Regime{}, stay.ErrInvalidRegime, 0},
		{"cap over its window", nil, d("2025-06-01"), stay.Regime{PerVisitDays: 30, Cap: stay.Cap{Kind: stay.RollingWindow, Days: 200, WindowDays: 180}}, stay.ErrInvalidRegime, 0},
	}
	for _, tt := range tests {
		_, err1 := stay.StatusOn(tt.trips, tt.r, tt.on)
		_, err2 := stay.Remaining(tt.trips, tt.r, tt.on)
		_, err3 := stay.LatestExit(tt.trips, tt.r, tt.on)
		_, err4 := stay.EarliestEntry(tt.trips, tt.r, tt.on, 1)
		for i, err := range []error{err1, err2, err3, err4} {
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: query %d(%v, %v) error = %v; want %v", tt.name, i, tt.trips, tt.on, err, tt.want)
			}
			var te *stay.TripError
			if errors.As(err, &te) && te.Index != tt.index {
				t.Errorf("%s: query %d: TripError.Index = %d; want %d", tt.name, i, te.Index, tt.index)
			}
		}
	}
}

func TestDaysUsedInvalidInput(t *testing.T) {
	tests := []struct {
		name  string
		trips []stay.Trip
		on    calendar.Date
		want  error
	}{
		{"exit before entry", []stay.Trip{trip("2025-03-10", "2025-03-01")}, d("2025-06-01"), stay.ErrInvalidTrip},
		{"zero control date", nil, calendar.Date{}, stay.ErrInvalidDate},
	}
	for _, tt := range tests {
		_, err := stay.DaysUsed(tt.trips, tt.on)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: DaysUsed(%v, %v) error = %v; want %v", tt.name, tt.trips, tt.on, err, tt.want)
		}
	}
}

func TestPlanningRejectsTripsAfterEntry(t *testing.T) {
	r := stay.Regime{PerVisitDays: 30, Cap: stay.Cap{Kind: stay.RollingWindow, Days: 90, WindowDays: 180}}
	tests := []struct {
		name  string
		trips []stay.Trip
	}{
		{"open trip", []stay.Trip{trip("2025-01-01", "")}},
		{"trip ending after the entry", []stay.Trip{trip("2025-01-01", "2025-03-02")}},
		{"trip starting after the entry", []stay.Trip{trip("2025-04-01", "2025-04-02")}},
	}
	for _, tt := range tests {
		_, err := stay.LatestExit(tt.trips, r, d("2025-03-01"))
		if !errors.Is(err, stay.ErrInvalidTrip) {
			t.Errorf("%s: LatestExit(%v, 2025-03-01) error = %v; want ErrInvalidTrip", tt.name, tt.trips, err)
		}
	}
}

func TestLatestExit(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		trips     []stay.Trip
		entry     string
		want      string
		wantLimit stay.Limit
	}{
		{"30-day country, no history: 30 days", "UZB", nil, "2025-03-01", "2025-03-30", stay.PerVisit},
		{"90-day country, no history: exactly 90 days", "RUS", nil, "2025-01-01", "2025-03-31", stay.PerVisit | stay.Cumulative},
		{"per-visit cap reached before the 90/180 cap", "UZB", []stay.Trip{trip("2025-01-01", "2025-02-09")}, "2025-03-01", "2025-03-30", stay.PerVisit},
		{"90/180 reached before the per-visit cap", "RUS", []stay.Trip{trip("2025-01-01", "2025-03-01")}, "2025-04-01", "2025-04-30", stay.Cumulative},
		{"days age out of the window during the stay", "RUS", []stay.Trip{trip("2024-10-01", "2024-12-29")}, "2025-03-30", "2025-06-27", stay.PerVisit | stay.Cumulative},
		{"one day left", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-30"), trip("2025-02-10", "2025-03-11"), trip("2025-03-20", "2025-04-17")}, "2025-04-20", "2025-04-20", stay.Cumulative},
		{"same-day re-entry starts a new visit", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-30")}, "2025-01-30", "2025-02-28", stay.PerVisit},
		{"42/180 for India", "IND", []stay.Trip{trip("2025-01-01", "2025-01-14"), trip("2025-02-01", "2025-02-14")}, "2025-03-01", "2025-03-14", stay.PerVisit | stay.Cumulative},
		{"60/180 for Korea", "KOR", []stay.Trip{trip("2025-01-01", "2025-01-30"), trip("2025-02-10", "2025-03-01")}, "2025-03-10", "2025-03-19", stay.Cumulative},
		{"trips before 27 Jan 2023 do not count", "RUS", []stay.Trip{trip("2022-10-01", "2023-01-26")}, "2023-02-01", "2023-05-01", stay.PerVisit | stay.Cumulative},
		{"a stay across 27 Jan 2023 counts only from it", "RUS", []stay.Trip{trip("2023-01-01", "2023-01-31")}, "2023-02-10", "2023-05-05", stay.Cumulative},
		{"leap year: 90 days from 2024-01-01", "RUS", nil, "2024-01-01", "2024-03-30", stay.PerVisit | stay.Cumulative},
		{"fixed period: 30 days left of 90", "ALB", []stay.Trip{trip("2024-01-01", "2024-02-29")}, "2024-06-01", "2024-06-30", stay.Cumulative},
		{"fixed period: the stay runs into a new period", "ALB", []stay.Trip{trip("2024-01-01", "2024-02-29")}, "2024-12-20", "2025-03-19", stay.PerVisit},
		{"fixed period: a new period after the first ends", "ALB", []stay.Trip{trip("2024-01-01", "2024-03-30")}, "2024-12-31", "2025-03-30", stay.PerVisit | stay.Cumulative},
		{"Brazil: 30 per 365 days", "BRA", []stay.Trip{trip("2025-01-01", "2025-01-20")}, "2025-06-01", "2025-06-10", stay.Cumulative},
	}
	for _, tt := range tests {
		r := regime(t, tt.code, tt.entry)
		pl, err := stay.PlanStay(tt.trips, r, d(tt.entry))
		if err != nil || pl.LatestExit != d(tt.want) || pl.Limit != tt.wantLimit {
			t.Errorf("%s: PlanStay(%v, %s, %s) = %v (%v), %v; want %s (%v)", tt.name, tt.trips, tt.code, tt.entry, pl.LatestExit, pl.Limit, err, tt.want, tt.wantLimit)
		}
	}
}

func TestLatestExitEntryNotAllowed(t *testing.T) {
	tests := []struct {
		name         string
		code         string
		trips        []stay.Trip
		entry        string
		wantEarliest string
	}{
		{"90 days used", "RUS", []stay.Trip{trip("2025-01-01", "2025-03-31")}, "2025-04-10", "2025-06-30"},
		{"90 days used over several visits", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-30"), trip("2025-02-10", "2025-03-11"), trip("2025-03-20", "2025-04-18")}, "2025-04-20", "2025-06-30"},
		{"fixed period used up", "ALB", []stay.Trip{trip("2024-01-01", "2024-03-30")}, "2024-06-01", "2024-12-31"},
		{"Brazil's 30 per 365 used up", "BRA", []stay.Trip{trip("2025-01-01", "2025-01-30")}, "2025-03-01", "2026-01-01"},
	}
	for _, tt := range tests {
		_, err := stay.LatestExit(tt.trips, regime(t, tt.code, tt.entry), d(tt.entry))
		var ee *stay.EntryError
		if !errors.As(err, &ee) || !errors.Is(err, stay.ErrEntryNotAllowed) || ee.Earliest != d(tt.wantEarliest) || ee.Limit != stay.Cumulative {
			t.Errorf("%s: LatestExit(%v, %s, %s) error = %v; want an *EntryError with earliest %s", tt.name, tt.trips, tt.code, tt.entry, err, tt.wantEarliest)
		}
	}
}

func TestEarliestEntry(t *testing.T) {
	tests := []struct {
		name  string
		code  string
		trips []stay.Trip
		from  string
		days  int
		want  string
	}{
		{"no history", "UZB", nil, "2025-06-01", 30, "2025-06-01"},
		{"a full 90 after 90 used: the 90/180 gap", "RUS", []stay.Trip{trip("2025-01-01", "2025-03-31")}, "2025-04-01", 90, "2025-06-30"},
		{"30 days after 90 used", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-30"), trip("2025-02-10", "2025-03-11"), trip("2025-03-20", "2025-04-18")}, "2025-04-20", 30, "2025-06-30"},
		{"a short stay fits earlier", "RUS", []stay.Trip{trip("2025-01-01", "2025-03-01")}, "2025-03-02", 30, "2025-03-02"},
		{"fixed period: the stay may start before the period ends", "ALB", []stay.Trip{trip("2024-01-01", "2024-03-20")}, "2024-04-01", 90, "2024-12-21"},
	}
	for _, tt := range tests {
		got, err := stay.EarliestEntry(tt.trips, regime(t, tt.code, tt.from), d(tt.from), tt.days)
		if err != nil || got != d(tt.want) {
			t.Errorf("%s: EarliestEntry(%v, %s, %s, %d) = %v, %v; want %s", tt.name, tt.trips, tt.code, tt.from, tt.days, got, err, tt.want)
		}
	}
}

func TestEarliestEntryTooLong(t *testing.T) {
	tests := []struct {
		name string
		code string
		days int
	}{
		{"over the per-visit cap", "UZB", 31},
		{"zero days", "UZB", 0},
		{"over the cumulative cap in one stay", "IND", 14 + 1},
	}
	for _, tt := range tests {
		_, err := stay.EarliestEntry(nil, regime(t, tt.code, "2025-06-01"), d("2025-06-01"), tt.days)
		if !errors.Is(err, stay.ErrStayTooLong) {
			t.Errorf("%s: EarliestEntry(nil, %s, 2025-06-01, %d) error = %v; want ErrStayTooLong", tt.name, tt.code, tt.days, err)
		}
	}
}

func TestStatusOn(t *testing.T) {
	type want struct {
		used, remaining, visitDay, overstay int
		latestExit, firstBreach             string
		breached                            stay.Limit
	}
	open := []stay.Trip{trip("2025-01-01", "")}
	tests := []struct {
		name  string
		code  string
		trips []stay.Trip
		on    string
		want  want
	}{
		{"day 90 of 90: allowed", "RUS", open, "2025-03-31", want{90, 0, 90, 0, "2025-03-31", "", 0}},
		{"day 91: the breach", "RUS", open, "2025-04-01", want{91, 0, 91, 1, "2025-03-31", "2025-04-01", stay.PerVisit | stay.Cumulative}},
		{"day 30 of a 30-day visit", "UZB", open, "2025-01-30", want{30, 60, 30, 0, "2025-01-30", "", 0}},
		{"per-visit breach before the 90/180 cap", "UZB", open, "2025-02-05", want{36, 54, 36, 6, "2025-01-30", "2025-01-31", stay.PerVisit}},
		{"cumulative breach before the per-visit cap", "RUS", []stay.Trip{trip("2024-11-01", "2025-01-09"), trip("2025-03-01", "")}, "2025-03-25", want{95, 0, 25, 5, "2025-03-20", "2025-03-21", stay.Cumulative}},
		{"absent", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-10")}, "2025-02-01", want{10, 80, 0, 0, "", "", 0}},
		{"exit day counted", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-10")}, "2025-01-10", want{10, 80, 10, 0, "2025-01-30", "", 0}},
		{"re-entry on the exit day: day 1 of a new visit", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-20"), trip("2025-01-20", "")}, "2025-01-20", want{20, 70, 1, 0, "2025-02-18", "", 0}},
		{"overlapping trips are one visit", "UZB", []stay.Trip{trip("2025-01-01", "2025-01-20"), trip("2025-01-10", "")}, "2025-01-25", want{25, 65, 25, 0, "2025-01-30", "", 0}},
		{"fixed period: the count restarts after 365 days", "ALB", []stay.Trip{trip("2024-01-01", "2024-03-30"), trip("2024-12-01", "")}, "2025-01-05", want{6, 84, 36, 30, "2024-11-30", "2024-12-01", 0}},
	}
	for _, tt := range tests {
		st, err := stay.StatusOn(tt.trips, regime(t, tt.code, "2025-01-01"), d(tt.on))
		var fb, le calendar.Date
		if tt.want.firstBreach != "" {
			fb = d(tt.want.firstBreach)
		}
		if tt.want.latestExit != "" {
			le = d(tt.want.latestExit)
		}
		if err != nil || st.Used != tt.want.used || st.Remaining != tt.want.remaining || st.VisitDay != tt.want.visitDay ||
			st.Overstay != tt.want.overstay || st.LatestExit != le || st.FirstBreach != fb || st.Breached != tt.want.breached {
			t.Errorf("%s: StatusOn(%v, %s, %s) = %v, %v; want %+v", tt.name, tt.trips, tt.code, tt.on, st, err, tt.want)
		}
	}
}

func TestExitAllowed(t *testing.T) {
	trips := []stay.Trip{trip("2025-01-01", "2025-02-09"), trip("2025-03-01", "")}
	tests := []struct {
		exit, latest string
		allowed      bool
		overstay     int
	}{
		{"2025-03-01", "2025-03-30", true, 0},
		{"2025-03-30", "2025-03-30", true, 0},
		{"2025-03-31", "2025-03-30", false, 1},
		{"2025-04-09", "2025-03-30", false, 10},
	}
	r := regime(t, "UZB", "2025-03-01")
	for _, tt := range tests {
		got, err := stay.ExitAllowed(trips, r, d(tt.exit))
		if err != nil || got.Allowed != tt.allowed || got.LatestExit != d(tt.latest) || got.Overstay != tt.overstay {
			t.Errorf("ExitAllowed(%v, UZB, %s) = %v, %v; want allowed %v, latest %s, overstay %d", trips, tt.exit, got, err, tt.allowed, tt.latest, tt.overstay)
		}
	}
}

func TestExitAllowedErrors(t *testing.T) {
	r := regime(t, "UZB", "2025-03-01")
	tests := []struct {
		name  string
		trips []stay.Trip
		exit  string
		want  error
	}{
		{"no open trip", []stay.Trip{trip("2025-03-01", "2025-03-05")}, "2025-03-10", stay.ErrNotPresent},
		{"exit before the entry", []stay.Trip{trip("2025-03-01", "")}, "2025-02-10", stay.ErrInvalidDate},
	}
	for _, tt := range tests {
		_, err := stay.ExitAllowed(tt.trips, r, d(tt.exit))
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: ExitAllowed(%v, UZB, %s) error = %v; want %v", tt.name, tt.trips, tt.exit, err, tt.want)
		}
	}
}

// Under a fixed period "from first entry", removing a day of presence can
// lower the days remaining: without the first entry, the period starts
// later and takes in a later trip. This is the legal construction, not a
// bug; the rolling window never does it (TestRemovingADayNeverHurts).
func TestFixedPeriodIsNotMonotone(t *testing.T) {
	r := regime(t, "ALB", "2025-01-01")
	with := []stay.Trip{trip("2024-01-01", "2024-01-01"), trip("2024-10-01", "2024-10-20"), trip("2025-01-10", "2025-01-20")}
	without := with[1:]
	a, err1 := stay.Remaining(with, r, d("2025-01-20"))
	b, err2 := stay.Remaining(without, r, d("2025-01-20"))
	if err1 != nil || err2 != nil || a != 79 || b != 59 {
		t.Errorf("Remaining with the first day = %d, %v; without = %d, %v; want 79 and 59", a, err1, b, err2)
	}
}

func TestWindowExplains(t *testing.T) {
	trips := []stay.Trip{trip("2025-05-01", "2025-05-05"), trip("2024-12-20", "2025-01-09"), trip("2025-05-03", "2025-05-10")}
	w, err := stay.WindowOn(trips, d("2025-06-28"))
	if err != nil {
		t.Fatal(err)
	}
	want := `window 2024-12-31..2025-06-28: 20 days
  trip 1 2024-12-20..2025-01-09: 2024-12-31..2025-01-09, 10 days
  trip 0 2025-05-01..2025-05-05: 2025-05-01..2025-05-05, 5 days
  trip 2 2025-05-03..2025-05-10: 2025-05-03..2025-05-10, 5 days (3 already counted)`
	if got := w.String(); got != want {
		t.Errorf("WindowOn(%v).String() =\n%s\nwant\n%s", trips, got, want)
	}
}

func TestPlanWindow(t *testing.T) {
	trips := []stay.Trip{trip("2025-01-01", "2025-03-01")}
	pl, err := stay.PlanStay(trips, regime(t, "RUS", "2025-04-01"), d("2025-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := `window 2024-11-02..2025-04-30: 90 of 90 days
  trip 0 2025-01-01..2025-03-01: 2025-01-01..2025-03-01, 60 days
  planned 2025-04-01..2025-04-30: 2025-04-01..2025-04-30, 30 days`
	if got := pl.Window().String(); got != want {
		t.Errorf("Plan.Window() =\n%s\nwant\n%s", got, want)
	}
}

func TestRegimeExtend(t *testing.T) {
	bra := regime(t, "BRA", "2025-01-01")
	ext, err := bra.Extend(1)
	if err != nil || ext.PerVisitDays != 60 || ext.Cap.Days != 60 || ext.Extended != 1 {
		t.Errorf("BRA.Extend(1) = %v, %v; want 60 days per visit, 60 per 365", ext, err)
	}
	if _, err := ext.Extend(1); !errors.Is(err, stay.ErrNoExtension) {
		t.Errorf("BRA.Extend(1).Extend(1) error = %v; want ErrNoExtension", err)
	}
	if _, err := regime(t, "UZB", "2025-01-01").Extend(1); !errors.Is(err, stay.ErrNoExtension) {
		t.Errorf("UZB.Extend(1) error = %v; want ErrNoExtension", err)
	}
	x, err := stay.LatestExit([]stay.Trip{trip("2025-01-01", "2025-01-20")}, ext, d("2025-06-01"))
	if err != nil || x != d("2025-07-10") {
		t.Errorf("LatestExit with Brazil's extension = %v, %v; want 2025-07-10", x, err)
	}
}

// Error text is part of the API (it is logged and shown); keep it stable.
func TestErrorText(t *testing.T) {
	uzb := regime(t, "UZB", "2025-01-01")
	_, tripErr := stay.DaysUsed([]stay.Trip{trip("2025-01-01", "2025-01-05"), trip("2025-03-10", "2025-03-01")}, d("2025-06-01"))
	_, regimeErr := stay.StatusOn(nil, stay.Regime{}, d("2025-06-01"))
	_, tableErr := stay.NewTable([]stay.Regime{uzb, uzb})
	_, inForceErr := stay.RegimeFor("IND", d("2022-07-07"))
	_, kazErr := stay.RegimeFor("kz", d("2025-01-01"))
	_, entryErr := stay.LatestExit([]stay.Trip{trip("2025-01-01", "2025-03-31")}, regime(t, "RUS", "2025-04-10"), d("2025-04-10"))
	_, tooLong := stay.EarliestEntry(nil, uzb, d("2025-01-01"), 31)
	tests := []struct {
		err  error
		want string
	}{
		{tripErr, "stay: invalid trip 1 (2025-03-10..2025-03-01): exit before entry"},
		{regimeErr, "stay: invalid regime: per-visit days 0 outside 1..36600"},
		{tableErr, "stay: invalid regime UZB from 2023-01-27: overlaps the row from 2023-01-27"},
		{inForceErr, "stay: no visa-free regime for IND in force on 2022-07-07"},
		{kazErr, "stay: citizens of Kazakhstan are not foreigners"},
		{entryErr, "stay: entry on 2025-04-10 not allowed (cumulative limit); entry possible from 2025-06-30"},
		{tooLong, "stay: stay longer than the regime allows: 31 days under UZB 30 days per visit, 90/180"},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("error = %v; want %q", tt.err, tt.want)
		}
	}
}

func TestStatusReadouts(t *testing.T) {
	alb := regime(t, "ALB", "2025-01-01")
	st, err := stay.StatusOn([]stay.Trip{trip("2024-01-01", "2024-01-10")}, alb, d("2025-06-01"))
	if err != nil || st.InBreach() || st.Window().String() != "no period running: 0 days of 90" {
		t.Errorf("StatusOn(ALB, absent) = %v, %v; window %q", st, err, st.Window())
	}
	st, err = stay.StatusOn([]stay.Trip{trip("2025-01-01", "")}, regime(t, "UZB", "2025-01-01"), d("2025-02-15"))
	if err != nil || !st.InBreach() || !st.Breached.Has(stay.PerVisit) || st.Breached.Has(stay.Cumulative) {
		t.Errorf("StatusOn(UZB, day 46) = %v, %v; want in breach of the per-visit limit only", st, err)
	}
}

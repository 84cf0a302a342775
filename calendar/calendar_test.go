package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// daysOffTable lists every day off of 2016–2027 (five-day week) with its
// kind and related day, as given by docs/legal.md Part B §4.3 (transfers) and
// §4.4 (resulting days off); 2016–2022 follow §4.1 and §4.3 day by day.
// Holidays on a weekend are listed with the substitute they gave.
var daysOffTable = []struct {
	date    string
	kind    Kind
	related string
}{
	{"2016-01-01", KindHoliday, ""},
	{"2016-01-02", KindHoliday, "2016-01-04"},
	{"2016-01-04", KindSubstitute, "2016-01-02"},
	{"2016-01-07", KindHoliday, ""},
	{"2016-03-07", KindTransfer, "2016-03-05"},
	{"2016-03-08", KindHoliday, ""},
	{"2016-03-21", KindHoliday, ""},
	{"2016-03-22", KindHoliday, ""},
	{"2016-03-23", KindHoliday, ""},
	{"2016-05-01", KindHoliday, "2016-05-02"},
	{"2016-05-02", KindSubstitute, "2016-05-01"},
	{"2016-05-07", KindHoliday, "2016-05-10"},
	{"2016-05-09", KindHoliday, ""},
	{"2016-05-10", KindSubstitute, "2016-05-07"},
	{"2016-07-06", KindHoliday, ""},
	{"2016-08-30", KindHoliday, ""},
	{"2016-09-12", KindHoliday, ""},
	{"2016-12-01", KindHoliday, ""},
	{"2016-12-16", KindHoliday, ""},
	{"2016-12-17", KindHoliday, "2016-12-19"},
	{"2016-12-19", KindSubstitute, "2016-12-17"},
	{"2017-01-01", KindHoliday, "2017-01-03"},
	{"2017-01-02", KindHoliday, ""},
	{"2017-01-03", KindSubstitute, "2017-01-01"},
	{"2017-01-07", KindHoliday, ""},
	{"2017-03-08", KindHoliday, ""},
	{"2017-03-20", KindTransfer, "2017-03-18"},
	{"2017-03-21", KindHoliday, ""},
	{"2017-03-22", KindHoliday, ""},
	{"2017-03-23", KindHoliday, ""},
	{"2017-05-01", KindHoliday, ""},
	{"2017-05-07", KindHoliday, "2017-05-08"},
	{"2017-05-08", KindSubstitute, "2017-05-07"},
	{"2017-05-09", KindHoliday, ""},
	{"2017-07-06", KindHoliday, ""},
	{"2017-07-07", KindTransfer, "2017-07-01"},
	{"2017-08-30", KindHoliday, ""},
	{"2017-09-01", KindHoliday, ""},
	{"2017-12-01", KindHoliday, ""},
	{"2017-12-16", KindHoliday, "2017-12-18"},
	{"2017-12-17", KindHoliday, "2017-12-19"},
	{"2017-12-18", KindSubstitute, "2017-12-16"},
	{"2017-12-19", KindSubstitute, "2017-12-17"},
	{"2018-01-01", KindHoliday, ""},
	{"2018-01-02", KindHoliday, ""},
	{"2018-01-07", KindHoliday, ""},
	{"2018-03-08", KindHoliday, ""},
	{"2018-03-09", KindTransfer, "2018-03-03"},
	{"2018-03-21", KindHoliday, ""},
	{"2018-03-22", KindHoliday, ""},
	{"2018-03-23", KindHoliday, ""},
	{"2018-04-30", KindTransfer, "2018-04-28"},
	{"2018-05-01", KindHoliday, ""},
	{"2018-05-07", KindHoliday, ""},
	{"2018-05-08", KindTransfer, "2018-05-05"},
	{"2018-05-09", KindHoliday, ""},
	{"2018-07-06", KindHoliday, ""},
	{"2018-08-21", KindHoliday, ""},
	{"2018-08-30", KindHoliday, ""},
	{"2018-08-31", KindTransfer, "2018-08-25"},
	{"2018-12-01", KindHoliday, "2018-12-03"},
	{"2018-12-03", KindSubstitute, "2018-12-01"},
	{"2018-12-16", KindHoliday, "2018-12-18"},
	{"2018-12-17", KindHoliday, ""},
	{"2018-12-18", KindSubstitute, "2018-12-16"},
	{"2018-12-31", KindTransfer, "2018-12-29"},
	{"2019-01-01", KindHoliday, ""},
	{"2019-01-02", KindHoliday, ""},
	{"2019-01-07", KindHoliday, ""},
	{"2019-03-08", KindHoliday, ""},
	{"2019-03-21", KindHoliday, ""},
	{"2019-03-22", KindHoliday, ""},
	{"2019-03-23", KindHoliday, "2019-03-25"},
	{"2019-03-25", KindSubstitute, "2019-03-23"},
	{"2019-05-01", KindHoliday, ""},
	{"2019-05-07", KindHoliday, ""},
	{"2019-05-09", KindHoliday, ""},
	{"2019-05-10", KindTransfer, "2019-05-04"},
	{"2019-07-06", KindHoliday, "2019-07-08"},
	{"2019-07-08", KindSubstitute, "2019-07-06"},
	{"2019-08-11", KindHoliday, ""},
	{"2019-08-30", KindHoliday, ""},
	{"2019-12-01", KindHoliday, "2019-12-02"},
	{"2019-12-02", KindSubstitute, "2019-12-01"},
	{"2019-12-16", KindHoliday, ""},
	{"2019-12-17", KindHoliday, ""},
	{"2020-01-01", KindHoliday, ""},
	{"2020-01-02", KindHoliday, ""},
	{"2020-01-03", KindTransfer, "2020-01-05"},
	{"2020-01-07", KindHoliday, ""},
	{"2020-03-08", KindHoliday, "2020-03-09"},
	{"2020-03-09", KindSubstitute, "2020-03-08"},
	{"2020-03-21", KindHoliday, "2020-03-24"},
	{"2020-03-22", KindHoliday, "2020-03-25"},
	{"2020-03-23", KindHoliday, ""},
	{"2020-03-24", KindSubstitute, "2020-03-21"},
	{"2020-03-25", KindSubstitute, "2020-03-22"},
	{"2020-05-01", KindHoliday, ""},
	{"2020-05-07", KindHoliday, ""},
	{"2020-05-08", KindTransfer, "2020-05-11"},
	{"2020-05-09", KindHoliday, "2020-05-11"},
	{"2020-07-06", KindHoliday, ""},
	{"2020-07-31", KindHoliday, ""},
	{"2020-08-30", KindHoliday, "2020-08-31"},
	{"2020-08-31", KindSubstitute, "2020-08-30"},
	{"2020-12-01", KindHoliday, ""},
	{"2020-12-16", KindHoliday, ""},
	{"2020-12-17", KindHoliday, ""},
	{"2020-12-18", KindTransfer, "2020-12-20"},
	{"2021-01-01", KindHoliday, ""},
	{"2021-01-02", KindHoliday, "2021-01-04"},
	{"2021-01-04", KindSubstitute, "2021-01-02"},
	{"2021-01-07", KindHoliday, ""},
	{"2021-03-08", KindHoliday, ""},
	{"2021-03-21", KindHoliday, "2021-03-24"},
	{"2021-03-22", KindHoliday, ""},
	{"2021-03-23", KindHoliday, ""},
	{"2021-03-24", KindSubstitute, "2021-03-21"},
	{"2021-05-01", KindHoliday, "2021-05-03"},
	{"2021-05-03", KindSubstitute, "2021-05-01"},
	{"2021-05-07", KindHoliday, ""},
	{"2021-05-09", KindHoliday, "2021-05-10"},
	{"2021-05-10", KindSubstitute, "2021-05-09"},
	{"2021-07-05", KindTransfer, "2021-07-03"},
	{"2021-07-06", KindHoliday, ""},
	{"2021-07-20", KindHoliday, ""},
	{"2021-08-30", KindHoliday, ""},
	{"2021-12-01", KindHoliday, ""},
	{"2021-12-16", KindHoliday, ""},
	{"2021-12-17", KindHoliday, ""},
	{"2022-01-01", KindHoliday, "2022-01-03"},
	{"2022-01-02", KindHoliday, "2022-01-04"},
	{"2022-01-03", KindSubstitute, "2022-01-01"},
	{"2022-01-04", KindSubstitute, "2022-01-02"},
	{"2022-01-07", KindHoliday, ""},
	{"2022-03-07", KindTransfer, "2022-03-05"},
	{"2022-03-08", KindHoliday, ""},
	{"2022-03-21", KindHoliday, ""},
	{"2022-03-22", KindHoliday, ""},
	{"2022-03-23", KindHoliday, ""},
	{"2022-05-01", KindHoliday, "2022-05-02"},
	{"2022-05-02", KindSubstitute, "2022-05-01"},
	{"2022-05-07", KindHoliday, "2022-05-10"},
	{"2022-05-09", KindHoliday, ""},
	{"2022-05-10", KindSubstitute, "2022-05-07"},
	{"2022-07-06", KindHoliday, ""},
	{"2022-07-09", KindHoliday, ""},
	{"2022-08-29", KindTransfer, "2022-08-27"},
	{"2022-08-30", KindHoliday, ""},
	{"2022-10-24", KindTransfer, "2022-10-22"},
	{"2022-10-25", KindHoliday, ""},
	{"2022-12-16", KindHoliday, ""},
	{"2023-01-01", KindHoliday, "2023-01-03"},
	{"2023-01-02", KindHoliday, ""},
	{"2023-01-03", KindSubstitute, "2023-01-01"},
	{"2023-01-07", KindHoliday, ""},
	{"2023-03-08", KindHoliday, ""},
	{"2023-03-21", KindHoliday, ""},
	{"2023-03-22", KindHoliday, ""},
	{"2023-03-23", KindHoliday, ""},
	{"2023-05-01", KindHoliday, ""},
	{"2023-05-07", KindHoliday, "2023-05-08"},
	{"2023-05-08", KindSubstitute, "2023-05-07"},
	{"2023-05-09", KindHoliday, ""},
	{"2023-06-28", KindHoliday, ""},
	{"2023-07-06", KindHoliday, ""},
	{"2023-07-07", KindTransfer, "2023-07-01"},
	{"2023-08-30", KindHoliday, ""},
	{"2023-10-25", KindHoliday, ""},
	{"2023-12-16", KindHoliday, "2023-12-18"},
	{"2023-12-18", KindSubstitute, "2023-12-16"},
	{"2024-01-01", KindHoliday, ""},
	{"2024-01-02", KindHoliday, ""},
	{"2024-01-07", KindHoliday, ""},
	{"2024-03-08", KindHoliday, ""},
	{"2024-03-21", KindHoliday, ""},
	{"2024-03-22", KindHoliday, ""},
	{"2024-03-23", KindHoliday, "2024-03-25"},
	{"2024-03-25", KindSubstitute, "2024-03-23"},
	{"2024-05-01", KindHoliday, ""},
	{"2024-05-07", KindHoliday, ""},
	{"2024-05-08", KindTransfer, "2024-05-04"},
	{"2024-05-09", KindHoliday, ""},
	{"2024-06-16", KindHoliday, ""},
	{"2024-07-06", KindHoliday, "2024-07-08"},
	{"2024-07-08", KindSubstitute, "2024-07-06"},
	{"2024-08-30", KindHoliday, ""},
	{"2024-10-25", KindHoliday, ""},
	{"2024-12-16", KindHoliday, ""},
	{"2025-01-01", KindHoliday, ""},
	{"2025-01-02", KindHoliday, ""},
	{"2025-01-03", KindTransfer, "2025-01-05"},
	{"2025-01-07", KindHoliday, ""},
	{"2025-03-08", KindHoliday, "2025-03-10"},
	{"2025-03-10", KindSubstitute, "2025-03-08"},
	{"2025-03-21", KindHoliday, ""},
	{"2025-03-22", KindHoliday, "2025-03-24"},
	{"2025-03-23", KindHoliday, "2025-03-25"},
	{"2025-03-24", KindSubstitute, "2025-03-22"},
	{"2025-03-25", KindSubstitute, "2025-03-23"},
	{"2025-05-01", KindHoliday, ""},
	{"2025-05-07", KindHoliday, ""},
	{"2025-05-09", KindHoliday, ""},
	{"2025-06-06", KindHoliday, ""},
	{"2025-07-06", KindHoliday, "2025-07-07"},
	{"2025-07-07", KindSubstitute, "2025-07-06"},
	{"2025-08-30", KindHoliday, "2025-09-01"},
	{"2025-09-01", KindSubstitute, "2025-08-30"},
	{"2025-10-25", KindHoliday, "2025-10-27"},
	{"2025-10-27", KindSubstitute, "2025-10-25"},
	{"2025-12-16", KindHoliday, ""},
	{"2026-01-01", KindHoliday, ""},
	{"2026-01-02", KindHoliday, ""},
	{"2026-01-07", KindHoliday, ""},
	{"2026-03-08", KindHoliday, "2026-03-09"},
	{"2026-03-09", KindSubstitute, "2026-03-08"},
	{"2026-03-21", KindHoliday, "2026-03-24"},
	{"2026-03-22", KindHoliday, "2026-03-25"},
	{"2026-03-23", KindHoliday, ""},
	{"2026-03-24", KindSubstitute, "2026-03-21"},
	{"2026-03-25", KindSubstitute, "2026-03-22"},
	{"2026-05-01", KindHoliday, ""},
	{"2026-05-07", KindHoliday, ""},
	{"2026-05-09", KindHoliday, "2026-05-11"},
	{"2026-05-11", KindSubstitute, "2026-05-09"},
	{"2026-05-27", KindHoliday, ""},
	{"2026-07-06", KindHoliday, ""},
	{"2026-10-25", KindHoliday, "2026-10-26"},
	{"2026-10-26", KindSubstitute, "2026-10-25"},
	{"2026-12-16", KindHoliday, ""},
	{"2027-01-01", KindHoliday, ""},
	{"2027-01-02", KindHoliday, "2027-01-04"},
	{"2027-01-04", KindSubstitute, "2027-01-02"},
	{"2027-01-07", KindHoliday, ""},
	{"2027-03-08", KindHoliday, ""},
	{"2027-03-15", KindHoliday, ""},
	{"2027-03-21", KindHoliday, "2027-03-24"},
	{"2027-03-22", KindHoliday, ""},
	{"2027-03-23", KindHoliday, ""},
	{"2027-03-24", KindSubstitute, "2027-03-21"},
	{"2027-05-01", KindHoliday, "2027-05-03"},
	{"2027-05-03", KindSubstitute, "2027-05-01"},
	{"2027-05-07", KindHoliday, ""},
	{"2027-05-09", KindHoliday, "2027-05-10"},
	{"2027-05-10", KindSubstitute, "2027-05-09"},
	{"2027-05-16", KindHoliday, ""},
	{"2027-07-06", KindHoliday, ""},
	{"2027-10-25", KindHoliday, ""},
	{"2027-12-16", KindHoliday, ""},
}

// workingDaysPerYear counts Monday–Friday minus weekday days off plus the
// weekends worked by transfer, from the table above.
var workingDaysPerYear = map[int]int{
	2016: 245, 2017: 245, 2018: 246, 2019: 246, 2020: 246, 2021: 245,
	2022: 246, 2023: 246, 2024: 249, 2025: 246, 2026: 247, 2027: 247,
}

func TestDaysOffPerYear(t *testing.T) {
	c := Kazakhstan()
	type row struct {
		Date    string
		Kind    string
		Related string
	}
	want := map[int][]row{}
	for _, r := range daysOffTable {
		y := MustParseDate(r.date).Year()
		want[y] = append(want[y], row{r.date, r.kind.String(), r.related})
	}
	for y := 2016; y <= 2027; y++ {
		var got []row
		for _, o := range c.DaysOff(y) {
			rel := ""
			if !o.Related.IsZero() {
				rel = o.Related.String()
			}
			got = append(got, row{o.Date.String(), o.Kind.String(), rel})
		}
		if diff := cmp.Diff(want[y], got); diff != "" {
			t.Errorf("DaysOff(%d) mismatch (-want +got):\n%s", y, diff)
		}
	}
}

func TestWorkingDaysPerYear(t *testing.T) {
	c := Kazakhstan()
	for y := 2016; y <= 2027; y++ {
		n := 0
		for d := NewDate(y, time.January, 1); d.Year() == y; d = d.AddDays(1) {
			if c.IsWorkingDay(d) {
				n++
			}
		}
		if n != workingDaysPerYear[y] {
			t.Errorf("working days in %d: counted %d; want %d", y, n, workingDaysPerYear[y])
		}
		if got := c.WorkingDaysBetween(NewDate(y-1, time.December, 31), NewDate(y, time.December, 31)); got != workingDaysPerYear[y] {
			t.Errorf("WorkingDaysBetween(%d-12-31, %d-12-31) = %d; want %d", y-1, y, got, workingDaysPerYear[y])
		}
	}
}

// TestDaysOffTableAgreesWithWorkingDays checks the table against the
// per-year counts, so that neither can drift alone.
func TestDaysOffTableAgreesWithWorkingDays(t *testing.T) {
	off := map[Date]bool{}
	worked := map[Date]bool{}
	for _, r := range daysOffTable {
		off[MustParseDate(r.date)] = true
		if r.kind == KindTransfer {
			worked[MustParseDate(r.related)] = true
		}
	}
	for y, want := range workingDaysPerYear {
		n := 0
		for d := NewDate(y, time.January, 1); d.Year() == y; d = d.AddDays(1) {
			if worked[d] || (!isWeekend(d) && !off[d]) {
				n++
			}
		}
		if n != want {
			t.Errorf("the days-off table gives %d working days in %d; workingDaysPerYear says %d", n, y, want)
		}
	}
}

func TestKnownDays(t *testing.T) {
	c := Kazakhstan()
	tests := []struct {
		give    string
		working bool
		why     string
	}{
		{"2016-05-10", false, "day off: substitute for Defender of the Fatherland Day of 2016-05-07"},
		{"2022-01-03", false, "day off: substitute for New Year of 2022-01-01"},
		{"2022-01-04", false, "day off: substitute for New Year of 2022-01-02"},
		{"2025-03-24", false, "day off: substitute for Nauryz of 2025-03-22"},
		{"2023-01-07", false, "day off: Orthodox Christmas, Saturday"},
		{"2024-06-16", false, "day off: Kurban Ait (first day), Sunday"},
		{"2024-06-17", true, "working day"},
		{"2020-05-11", true, "working day: working Monday, in exchange for 2020-05-08"},
		{"2025-01-05", true, "working day: working Sunday, in exchange for 2025-01-03"},
		{"2024-05-04", true, "working day: working Saturday, in exchange for 2024-05-08"},
		{"2024-05-08", false, "day off: transferred day off (Saturday 2024-05-04 worked instead)"},
		{"2026-08-30", false, "day off: Sunday"},
		{"2026-08-31", true, "working day"},
		{"2025-08-30", false, "day off: Constitution Day, Saturday"},
		{"2027-03-15", false, "day off: Constitution Day"},
		{"2026-11-24", true, "working day"},
		{"2026-11-28", false, "day off: Saturday"},
	}
	for _, tt := range tests {
		d := MustParseDate(tt.give)
		if got := c.IsWorkingDay(d); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v; want %v", tt.give, got, tt.working)
		}
		if got := c.Explain(d); got != tt.why {
			t.Errorf("Explain(%s) = %q; want %q", tt.give, got, tt.why)
		}
	}
}

func TestZeroDateQueries(t *testing.T) {
	c := Kazakhstan()
	var z Date
	if c.IsWorkingDay(z) {
		t.Error("IsWorkingDay(zero) = true; want false")
	}
	if got := c.AddWorkingDays(z, 5); !got.IsZero() {
		t.Errorf("AddWorkingDays(zero, 5) = %v; want zero", got)
	}
	if got := c.WorkingDaysBetween(z, MustParseDate("2026-01-01")); got != 0 {
		t.Errorf("WorkingDaysBetween(zero, 2026-01-01) = %d; want 0", got)
	}
	if got := c.AddWorkingDays(MustParseDate("9999-12-30"), 5); !got.IsZero() {
		t.Errorf("AddWorkingDays(9999-12-30, 5) = %v; want zero", got)
	}
	if got := c.AddWorkingDays(MustParseDate("0001-01-02"), -5); !got.IsZero() {
		t.Errorf("AddWorkingDays(0001-01-02, -5) = %v; want zero", got)
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := Kazakhstan()
	tests := []struct {
		give string
		n    int
		want string
	}{
		{"2026-05-05", 5, "2026-05-14"}, // skips 7 May, 9–10 May, substitute 11 May
		{"2026-05-05", 1, "2026-05-06"},
		{"2026-05-06", 1, "2026-05-08"},
		{"2026-05-08", 1, "2026-05-12"},
		{"2026-05-09", 0, "2026-05-09"},
		{"2026-05-12", -1, "2026-05-08"},
		{"2026-05-14", -5, "2026-05-05"},
		{"2025-12-31", 1, "2026-01-05"},
		{"2026-03-20", 1, "2026-03-26"},  // 21–25 March
		{"2100-12-30", 3, "2101-01-06"},  // leaves the table: 1–2 Jan holidays, 3–4 weekend? 2101-01-01 is a Saturday
		{"1991-01-03", -3, "1990-12-27"}, // enters the rules-only years below the table
	}
	for _, tt := range tests {
		if got := c.AddWorkingDays(MustParseDate(tt.give), tt.n); got.String() != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %v; want %s", tt.give, tt.n, got, tt.want)
		}
	}
	if got := c.NextWorkingDay(MustParseDate("2026-03-20")); got.String() != "2026-03-26" {
		t.Errorf("NextWorkingDay(2026-03-20) = %v; want 2026-03-26", got)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindHoliday: "holiday", KindSubstitute: "substitute", KindTransfer: "transfer", 0: "Kind(0)", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q; want %q", uint8(k), got, want)
		}
	}
	for u, want := range map[Unit]string{CalendarDays: "calendar days", WorkingDays: "working days", 0: "Unit(0)"} {
		if got := u.String(); got != want {
			t.Errorf("Unit(%d).String() = %q; want %q", uint8(u), got, want)
		}
	}
}

func TestDayOffString(t *testing.T) {
	c := Kazakhstan()
	var got []string
	for _, o := range c.DaysOff(2020) {
		if o.Date.Month() == time.May {
			got = append(got, o.String())
		}
	}
	want := []string{
		"2020-05-01 Unity Day of the People of Kazakhstan",
		"2020-05-07 Defender of the Fatherland Day",
		"2020-05-08 transferred day off (working day instead: 2020-05-11 Monday)",
		"2020-05-09 Victory Day (Saturday, moved to 2020-05-11)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DaysOff(2020) in May (-want +got):\n%s", diff)
	}
}

// TestZeroCalendarIsKazakhstan: the zero Calendar answers as Kazakhstan()
// does; it panicked on the zero Date and, on real dates, took every
// holiday for a working day.
func TestZeroCalendarIsKazakhstan(t *testing.T) {
	var zero Calendar
	kz := Kazakhstan()
	for d := NewDate(2026, 12, 1); d.Before(NewDate(2027, 1, 15)); d = d.AddDays(1) {
		if got, want := zero.IsWorkingDay(d), kz.IsWorkingDay(d); got != want {
			t.Errorf("zero Calendar: IsWorkingDay(%v) = %v; want %v, as Kazakhstan()", d, got, want)
		}
	}
	if zero.IsWorkingDay(Date{}) {
		t.Error("zero Calendar: the zero Date is a working day")
	}
	from := NewDate(2026, 12, 10)
	if got, want := zero.AddWorkingDays(from, 5), kz.AddWorkingDays(from, 5); got != want {
		t.Errorf("zero Calendar: AddWorkingDays(%v, 5) = %v; want %v", from, got, want)
	}
	got, err1 := zero.WorkingDaysAfter(from, 5, PeriodOptions{})
	want, err2 := kz.WorkingDaysAfter(from, 5, PeriodOptions{})
	if err1 != nil || err2 != nil || got.Due != want.Due || len(got.Days()) != len(want.Days()) {
		t.Errorf("zero Calendar: WorkingDaysAfter(%v, 5) = %v, %v; want %v, %v", from, got.Due, err1, want.Due, err2)
	}
	if got, want := len(zero.DaysOff(2026)), len(kz.DaysOff(2026)); got != want {
		t.Errorf("zero Calendar: %d days off in 2026; want %d", got, want)
	}
	// Every other exported method too, each against Kazakhstan()'s answer.
	day := NewDate(2026, 12, 16)
	order := TransferOrder{Year: 2026, Act: "test", Transfers: []Transfer{{DayOff: NewDate(2026, 12, 30), WorkingDay: NewDate(2026, 12, 26)}}}
	zo, errZ := zero.WithTransferOrder(order)
	ko, errK := kz.WithTransferOrder(order)
	zk, errZK := zero.WithKurbanAit(NewDate(2027, 5, 16), "test")
	kk, errKK := kz.WithKurbanAit(NewDate(2027, 5, 16), "test")
	zc, _ := zero.CalendarDaysAfter(from, 30, PeriodOptions{})
	kc, _ := kz.CalendarDaysAfter(from, 30, PeriodOptions{RollForward: false})
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"Confirmed(2026)", zero.Confirmed(2026), kz.Confirmed(2026)},
		{"NextWorkingDay", zero.NextWorkingDay(day), kz.NextWorkingDay(day)},
		{"WorkingDaysBetween", zero.WorkingDaysBetween(NewDate(2026, 12, 1), NewDate(2027, 1, 31)), kz.WorkingDaysBetween(NewDate(2026, 12, 1), NewDate(2027, 1, 31))},
		{"WorkingWeekends(2018)", len(zero.WorkingWeekends(2018)), len(kz.WorkingWeekends(2018))},
		{"Explain", zero.Explain(day), kz.Explain(day)},
		{"Holidays", len(zero.Holidays()), len(kz.Holidays())},
		{"BusinessCalendar", zero.BusinessCalendar().IsWorkday(day.In(KazakhstanZone())), kz.BusinessCalendar().IsWorkday(day.In(KazakhstanZone()))},
		{"CalendarDaysAfter", zc.Due, kc.Due},
		{"WithTransferOrder", [2]any{len(zo.DaysOff(2026)), errZ}, [2]any{len(ko.DaysOff(2026)), errK}},
		{"WithKurbanAit", [2]any{len(zk.DaysOff(2027)), errZK}, [2]any{len(kk.DaysOff(2027)), errKK}},
	} {
		if tt.got != tt.want {
			t.Errorf("zero Calendar: %s = %v; want %v, as Kazakhstan()", tt.name, tt.got, tt.want)
		}
	}
}

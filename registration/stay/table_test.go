package stay_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

func TestRegimeFor(t *testing.T) {
	tests := []struct {
		code, on  string
		perVisit  int
		cap       string
		confident stay.Confidence
	}{
		{"UZB", "2026-01-01", 30, "90/180", stay.High},
		{"uz", "2026-01-01", 30, "90/180", stay.High},
		{" Uzb\t", "2026-01-01", 30, "90/180", stay.High},
		{"RUS", "2026-01-01", 90, "90/180", stay.High},
		{"KOR", "2026-01-01", 30, "60/180, counting from 2014-11-29", stay.High},
		{"IND", "2022-07-08", 14, "42/180, counting from 2022-07-08", stay.High},
		{"IRN", "2026-01-01", 14, "42/180, counting from 2022-07-08", stay.High},
		{"CHN", "2023-11-09", 14, "42/180, counting from 2022-07-08", stay.High},
		{"CHN", "2023-11-10", 30, "90/180", stay.High},
		{"HKG", "2026-01-01", 14, "90/180", stay.Low},
		{"MO", "2026-01-01", 14, "90/180", stay.Low},
		{"TUR", "2025-09-07", 30, "90/180", stay.Medium},
		{"TUR", "2025-09-08", 90, "90/180", stay.Low},
		{"ALB", "2026-01-01", 90, "90 per 365 days from first entry, counting from 2023-04-25", stay.High},
		{"BRA", "2026-01-01", 30, "30 per 365 days from first entry, 1 extension(s) of 30 days, counting from 2016-09-06", stay.High},
		{"ARG", "2026-01-01", 30, "30/365, counting from 2014-10-31", stay.Low},
		{"MAR", "2026-01-01", 30, "30/180, counting from 2025-03-19", stay.High},
		{"NIC", "2026-02-17", 30, "30/180, counting from 2026-02-17", stay.Low},
		{"ECU", "2026-01-01", 30, "30/180, counting from 2019-10-01", stay.Low},
		{"SRB", "2026-01-01", 30, "90/180", stay.Low},
		{"DEU", "2019-05-01", 30, "90/180", stay.Medium},
		{"DEU", "2022-01-01", 30, "90/180", stay.High},
		{"KNA", "2026-02-17", 90, "90 per 365 days from first entry, counting from 2026-02-17", stay.Low},
	}
	for _, tt := range tests {
		r, err := stay.RegimeFor(tt.code, d(tt.on))
		if err != nil || r.PerVisitDays != tt.perVisit || r.Cap.String() != tt.cap || r.Confidence != tt.confident {
			t.Errorf("RegimeFor(%q, %s) = %v (cap %q), %v; want %d days, %q, %v", tt.code, tt.on, r, r.Cap, err, tt.perVisit, tt.cap, tt.confident)
		}
	}
}

func TestRegimeForErrors(t *testing.T) {
	tests := []struct {
		code, on string
		want     error
	}{
		{"TKM", "2026-01-01", stay.ErrVisaRequired},
		{"pk", "2026-01-01", stay.ErrVisaRequired},
		{"CUB", "2026-01-01", stay.ErrVisaRequired},
		{"XKX", "2026-01-01", stay.ErrVisaRequired},
		{"XX", "2026-01-01", stay.ErrUnknownCitizenship},
		{"", "2026-01-01", stay.ErrUnknownCitizenship},
		{"UZBK", "2026-01-01", stay.ErrUnknownCitizenship},
		{"KZ", "2026-01-01", stay.ErrNotForeign},
		{"KAZ", "2026-01-01", stay.ErrNotForeign},
		{"IND", "2022-07-07", stay.ErrNotInForce},
		{"DEU", "2021-06-01", stay.ErrNotInForce}, // the COVID-19 suspension
		{"DEU", "2016-12-31", stay.ErrNotInForce},
		{"TUR", "2016-12-31", stay.ErrNotInForce},
		{"NIC", "2026-02-16", stay.ErrNotInForce},
	}
	for _, tt := range tests {
		_, err := stay.RegimeFor(tt.code, d(tt.on))
		var ce *stay.CitizenshipError
		if !errors.Is(err, tt.want) || !errors.As(err, &ce) {
			t.Errorf("RegimeFor(%q, %s) error = %v; want a *CitizenshipError matching %v", tt.code, tt.on, err, tt.want)
		}
	}
	if _, err := stay.RegimeFor("UZB", calendar.Date{}); !errors.Is(err, stay.ErrInvalidDate) {
		t.Errorf("RegimeFor(UZB, zero) error = %v; want ErrInvalidDate", err)
	}
}

// On 1 Mar 2026 the table agrees with docs/legal.md Part C's summary: 85
// jurisdictions, 66 at 30 days, 15 at 90, 4 at 14.
func TestDefaultTableSummary(t *testing.T) {
	tab := stay.DefaultTable()
	codes := tab.Citizenships()
	if len(codes) != 85 {
		t.Errorf("DefaultTable lists %d citizenships; want 85", len(codes))
	}
	byDays := map[int]int{}
	for _, c := range codes {
		r, err := tab.RegimeFor(c, d("2026-03-01"))
		if err != nil {
			t.Errorf("RegimeFor(%s, 2026-03-01): %v", c, err)
			continue
		}
		byDays[r.PerVisitDays]++
		if r.Basis == "" || len(r.Sources) == 0 || r.Name == "" || r.Alpha2 == "" {
			t.Errorf("row %v lacks basis, sources, name or alpha-2", r)
		}
		if r.Confidence == stay.Low && r.Note == "" {
			t.Errorf("low-confidence row %v has no note", r)
		}
	}
	if want := map[int]int{30: 66, 90: 15, 14: 4}; !cmp.Equal(byDays, want) {
		t.Errorf("per-visit days on 2026-03-01: %v; want %v", byDays, want)
	}
}

func TestTableCopies(t *testing.T) {
	tab := stay.DefaultTable()
	r, _ := tab.RegimeFor("UZB", d("2026-01-01"))
	r.Sources[0] = "changed"
	again, _ := tab.RegimeFor("UZB", d("2026-01-01"))
	if again.Sources[0] == "changed" {
		t.Errorf("changing a returned row changed the table: %v", again.Sources)
	}
	rows := tab.Rows()
	rows[0].PerVisitDays = 1
	rows[0].Sources[0] = "changed"
	if tab.Rows()[0].PerVisitDays == 1 || tab.Rows()[0].Sources[0] == "changed" {
		t.Errorf("changing Rows() changed the table")
	}
}

func TestNewTableRejects(t *testing.T) {
	ok := stay.Regime{
		Citizenship: "UZB", PerVisitDays: 30, Cap: stay.Cap{Kind: stay.RollingWindow, Days: 90, WindowDays: 180},
		EffectiveFrom: d("2023-01-27"), Confidence: stay.High,
	}
	mod := func(f func(*stay.Regime)) stay.Regime { r := ok; f(&r); return r }
	tests := []struct {
		name string
		rows []stay.Regime
	}{
		{"alpha-2 citizenship", []stay.Regime{mod(func(r *stay.Regime) { r.Citizenship = "UZ" })}},
		{"lower-case citizenship", []stay.Regime{mod(func(r *stay.Regime) { r.Citizenship = "uzb" })}},
		{"unknown citizenship", []stay.Regime{mod(func(r *stay.Regime) { r.Citizenship = "ZZZ" })}},
		{"Kazakhstan", []stay.Regime{mod(func(r *stay.Regime) { r.Citizenship = "KAZ" })}},
		{"wrong alpha-2", []stay.Regime{mod(func(r *stay.Regime) { r.Alpha2 = "US" })}},
		{"no start", []stay.Regime{mod(func(r *stay.Regime) { r.EffectiveFrom = calendar.Date{} })}},
		{"end before start", []stay.Regime{mod(func(r *stay.Regime) { r.EffectiveTo = d("2023-01-01") })}},
		{"no confidence", []stay.Regime{mod(func(r *stay.Regime) { r.Confidence = 0 })}},
		{"no per-visit cap", []stay.Regime{mod(func(r *stay.Regime) { r.PerVisitDays = 0 })}},
		{"no cap kind", []stay.Regime{mod(func(r *stay.Regime) { r.Cap.Kind = 0 })}},
		{"cap over window", []stay.Regime{mod(func(r *stay.Regime) { r.Cap.Days = 181 })}},
		{"overlapping rows", []stay.Regime{ok, mod(func(r *stay.Regime) { r.EffectiveFrom = d("2025-01-01") })}},
	}
	for _, tt := range tests {
		_, err := stay.NewTable(tt.rows)
		var re *stay.RegimeError
		if !errors.Is(err, stay.ErrInvalidRegime) || !errors.As(err, &re) {
			t.Errorf("%s: NewTable(%v) error = %v; want a *RegimeError", tt.name, tt.rows, err)
		}
	}
}

func TestTableWith(t *testing.T) {
	base := stay.DefaultTable()
	kor90 := stay.Regime{
		Citizenship: "KOR", PerVisitDays: 30, Cap: stay.Cap{Kind: stay.RollingWindow, Days: 90, WindowDays: 180},
		Basis: "decree 148 rules (30-day list)", EffectiveFrom: d("2023-01-27"), EffectiveTo: d("2024-12-31"), Confidence: stay.Medium,
	}
	tab, err := base.With(kor90)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := tab.History("KOR")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		from, to string
		cap      int
	}
	var got []row
	for _, r := range hist {
		to := ""
		if !r.EffectiveTo.IsZero() {
			to = r.EffectiveTo.String()
		}
		got = append(got, row{r.EffectiveFrom.String(), to, r.Cap.Days})
	}
	want := []row{{"2014-11-29", "2023-01-26", 60}, {"2023-01-27", "2024-12-31", 90}, {"2025-01-01", "", 60}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("KOR history after With (-want +got):\n%s", diff)
	}
	if r, _ := base.RegimeFor("KOR", d("2024-01-01")); r.Cap.Days != 60 {
		t.Errorf("With changed the original table: %v", r)
	}
	// A row for a citizenship the table lacks adds it.
	tkm := kor90
	tkm.Citizenship, tkm.EffectiveTo = "TKM", calendar.Date{}
	tab, err = base.With(tkm)
	if _, err2 := tab.RegimeFor("TM", d("2026-01-01")); err != nil || err2 != nil {
		t.Errorf("With(TKM): %v, %v", err, err2)
	}
}

func TestRegimeJSONRoundTrip(t *testing.T) {
	rows := stay.DefaultTable().Rows()
	b, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	var back []stay.Regime
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rows, back, cmp.Comparer(func(a, b calendar.Date) bool { return a == b })); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if _, err := stay.NewTable(back); err != nil {
		t.Errorf("NewTable(decoded rows): %v", err)
	}
}

func TestParseCitizenship(t *testing.T) {
	tests := []struct{ in, want string }{
		{"UZB", "UZB"}, {"uzb", "UZB"}, {"uz", "UZB"}, {" KR ", "KOR"}, {"hk", "HKG"}, {"MAC", "MAC"},
		{"mo", "MAC"}, {"xk", "XKX"}, {"GB", "GBR"}, {"tr", "TUR"},
	}
	for _, tt := range tests {
		got, err := stay.ParseCitizenship(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCitizenship(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "U", "UZBK", "ZZ", "ZZZ", "U Z", "ÜZB", "12", "ırl", "ſgp"} {
		if _, err := stay.ParseCitizenship(in); !errors.Is(err, stay.ErrUnknownCitizenship) {
			t.Errorf("ParseCitizenship(%q) error = %v; want ErrUnknownCitizenship", in, err)
		}
	}
}

func TestEnumText(t *testing.T) {
	for _, c := range []stay.Confidence{stay.High, stay.Medium, stay.Low} {
		b, err := c.MarshalText()
		var back stay.Confidence
		if err != nil || back.UnmarshalText(b) != nil || back != c {
			t.Errorf("Confidence %v: MarshalText = %q, %v; round trip %v", c, b, err, back)
		}
	}
	for _, k := range []stay.CapKind{stay.RollingWindow, stay.FixedPeriod} {
		b, err := k.MarshalText()
		var back stay.CapKind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("CapKind %v: MarshalText = %q, %v; round trip %v", k, b, err, back)
		}
	}
	for _, l := range []stay.Limit{0, stay.PerVisit, stay.Cumulative, stay.PerVisit | stay.Cumulative} {
		b, err := l.MarshalText()
		var back stay.Limit
		if err != nil || back.UnmarshalText(b) != nil || back != l {
			t.Errorf("Limit %v: MarshalText = %q, %v; round trip %v", l, b, err, back)
		}
	}
	if b, err := stay.Confidence(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("Confidence(0).MarshalText() = %q, %v; want empty text", b, err)
	}
	if b, err := stay.CapKind(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("CapKind(0).MarshalText() = %q, %v; want empty text", b, err)
	}
	if _, err := stay.Confidence(9).MarshalText(); err == nil {
		t.Errorf("Confidence(9).MarshalText() succeeded")
	}
	if _, err := stay.CapKind(9).MarshalText(); err == nil {
		t.Errorf("CapKind(9).MarshalText() succeeded")
	}
	var c stay.Confidence
	if err := c.UnmarshalText([]byte("certain")); !errors.Is(err, stay.ErrUnknownName) {
		t.Errorf("Confidence.UnmarshalText(certain) error = %v; want ErrUnknownName", err)
	}
}

func TestZeroTable(t *testing.T) {
	var zero stay.Table
	var nilTable *stay.Table
	for _, tab := range []*stay.Table{&zero, nilTable} {
		if _, err := tab.RegimeFor("UZB", d("2026-01-01")); !errors.Is(err, stay.ErrVisaRequired) {
			t.Errorf("%v.RegimeFor(UZB) error = %v; want ErrVisaRequired", tab, err)
		}
		if n := len(tab.Rows()); n != 0 {
			t.Errorf("%v.Rows() has %d rows; want 0", tab, n)
		}
		if _, err := tab.With(stay.DefaultTable().Rows()[0]); err != nil {
			t.Errorf("%v.With(row) error = %v", tab, err)
		}
	}
}

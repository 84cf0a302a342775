package penalty_test

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/shopspring/decimal"
)

func TestMRP(t *testing.T) {
	c := penalty.DefaultCatalogue()
	tests := []struct {
		year    int
		want    int64
		wantErr error
	}{
		{2015, 1982, nil}, {2019, 2525, nil}, {2021, 2917, nil}, {2023, 3450, nil},
		{2024, 3692, nil}, {2025, 3932, nil}, {2026, 4325, nil},
		{2016, 2121, nil}, {2018, 2405, nil}, {2020, 2651, nil}, {2022, 3063, nil},
		{2017, 0, penalty.ErrUnknownYear}, {2014, 0, penalty.ErrUnknownYear},
		{2027, 0, penalty.ErrUnknownYear}, {0, 0, penalty.ErrUnknownYear}, {10000, 0, penalty.ErrUnknownYear},
	}
	for _, tt := range tests {
		got, err := c.MRP(tt.year)
		if !errors.Is(err, tt.wantErr) || !got.Amount.Equal(decimal.NewFromInt(tt.want)) {
			t.Errorf("MRP(%d) = %s, %v; want %d, %v", tt.year, got.Amount, err, tt.want, tt.wantErr)
		}
	}
}

// MRPOn answers by the day: 2020 changed on 1 April, and every other
// default year has one value from 1 January to 31 December.
func TestMRPOn(t *testing.T) {
	c := penalty.DefaultCatalogue()
	tests := []struct {
		on        string
		want      int64
		wantStart string
		wantErr   error
	}{
		{"2020-01-01", 2651, "2020-01-01", nil},
		{"2020-03-31", 2651, "2020-01-01", nil},
		{"2020-04-01", 2778, "2020-04-01", nil},
		{"2020-05-15", 2778, "2020-04-01", nil},
		{"2020-12-31", 2778, "2020-04-01", nil},
		{"2016-12-31", 2121, "2016-01-01", nil},
		{"2018-01-01", 2405, "2018-01-01", nil},
		{"2022-04-01", 3063, "2022-01-01", nil},
		{"2022-12-31", 3063, "2022-01-01", nil},
		{"2023-07-10", 3450, "2023-01-01", nil},
		{"2026-12-31", 4325, "2026-01-01", nil},
		{"2017-06-01", 0, "", penalty.ErrUnknownYear},
		{"2027-01-01", 0, "", penalty.ErrUnknownYear},
		{"2014-12-31", 0, "", penalty.ErrUnknownYear},
		{"", 0, "", penalty.ErrUnknownYear},
	}
	for _, tt := range tests {
		var on calendar.Date
		if tt.on != "" {
			on = d(tt.on)
		}
		got, err := c.MRPOn(on)
		var start string
		if err == nil {
			start = got.Start().String()
		}
		if !errors.Is(err, tt.wantErr) || !got.Amount.Equal(decimal.NewFromInt(tt.want)) || start != tt.wantStart {
			t.Errorf("MRPOn(%q) = %s from %q, %v; want %d from %q, %v", tt.on, got.Amount, start, err, tt.want, tt.wantStart, tt.wantErr)
		}
		var ye *penalty.YearError
		if tt.wantErr != nil && (!errors.As(err, &ye) || ye.On != on || ye.Year != on.Year()) {
			t.Errorf("MRPOn(%q) error = %#v; want *YearError{Year: %d, On: %v}", tt.on, err, on.Year(), on)
		}
	}
}

// Under the DecisionYear policy the decision's day picks the MRP, within a
// year too: an offence of March 2020 decided in May 2020 is priced at the
// value from 1 April.
func TestPolicyDecisionYearWithinYear(t *testing.T) {
	c, err := penalty.DefaultCatalogue().WithPolicy(penalty.Policy{MRPYear: penalty.DecisionYear})
	if err != nil {
		t.Fatal(err)
	}
	q := penalty.Query{Offence: penalty.NotRegistered, Offender: penalty.Foreigner, On: d("2020-03-10"), Decided: d("2020-05-12")}
	if got, err := c.Assess(q); err != nil || !got.Amount.Equal(decimal.NewFromInt(15*2778)) || got.MRP.Start() != d("2020-04-01") {
		t.Errorf("decision policy: Assess(%v, decided 2020-05-12) = %v (MRP from %v), %v; want %d ₸ at the MRP from 2020-04-01",
			q, got, got.MRP.Start(), err, 15*2778)
	}
	if got, err := penalty.DefaultCatalogue().Assess(q); err != nil || !got.Amount.Equal(decimal.NewFromInt(15*2651)) {
		t.Errorf("default policy: Assess(%v) = %v, %v; want %d ₸ (the offence date's MRP)", q, got, err, 15*2651)
	}
}

// A change within a year is added as an entry with From: the year's value
// applies up to the day before, the new one from that day, and the
// receiver is unchanged.
func TestWithMRPWithinYear(t *testing.T) {
	c := penalty.DefaultCatalogue()
	july := penalty.MRP{Year: 2026, From: d("2026-07-01"), Amount: decimal.NewFromInt(4500), Confidence: penalty.LowConfidence, Source: "test"}
	c2, err := c.WithMRP(july)
	if err != nil {
		t.Fatalf("WithMRP(2026 from 1 Jul) error = %v", err)
	}
	tests := []struct {
		cat  *penalty.Catalogue
		on   string
		want int64
	}{
		{c2, "2026-06-30", 4325}, {c2, "2026-07-01", 4500}, {c2, "2026-12-31", 4500},
		{c, "2026-07-01", 4325},
	}
	for _, tt := range tests {
		got, err := tt.cat.MRPOn(d(tt.on))
		if err != nil || !got.Amount.Equal(decimal.NewFromInt(tt.want)) {
			t.Errorf("MRPOn(%s) = %s, %v; want %d", tt.on, got.Amount, err, tt.want)
		}
	}
	if got, err := c2.MRP(2026); err != nil || !got.Amount.Equal(decimal.NewFromInt(4325)) {
		t.Errorf("MRP(2026) after a July change = %s, %v; want the value of 1 January, 4325", got.Amount, err)
	}
	if n, want := len(c2.MRPTable()), len(c.MRPTable())+1; n != want {
		t.Errorf("len(MRPTable()) after WithMRP = %d; want %d", n, want)
	}
	// An entry from a later day alone leaves the start of its year unknown.
	c3, err := c.WithMRP(penalty.MRP{Year: 2027, From: d("2027-04-01"), Amount: decimal.NewFromInt(4600), Confidence: penalty.LowConfidence, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c3.MRPOn(d("2027-03-31")); !errors.Is(err, penalty.ErrUnknownYear) {
		t.Errorf("MRPOn(2027-03-31) with only a 1 April entry: error = %v; want ErrUnknownYear", err)
	}
	if _, err := c3.MRP(2027); !errors.Is(err, penalty.ErrUnknownYear) {
		t.Errorf("MRP(2027) with only a 1 April entry: error = %v; want ErrUnknownYear", err)
	}
	if got, err := c3.MRPOn(d("2027-04-01")); err != nil || !got.Amount.Equal(decimal.NewFromInt(4600)) {
		t.Errorf("MRPOn(2027-04-01) = %s, %v; want 4600", got.Amount, err)
	}
}

func TestWithMRP(t *testing.T) {
	c := penalty.DefaultCatalogue()
	// 2017 is unknown (docs/legal.md Part B §3.3); the amount is a test value.
	y2017 := penalty.MRP{Year: 2017, Amount: decimal.NewFromInt(2000), Confidence: penalty.LowConfidence, Source: "test"}
	c2, err := c.WithMRP(y2017)
	if err != nil {
		t.Fatalf("WithMRP(2017) error = %v", err)
	}
	q := penalty.Query{Offence: penalty.NotRegistered, Offender: penalty.Foreigner, On: d("2017-05-01")}
	got, err := c2.Assess(q)
	if err != nil || !got.Amount.Equal(decimal.NewFromInt(15*2000)) || got.Confidence() != penalty.LowConfidence {
		t.Errorf("after WithMRP(2017): Assess(%v) = %v, %v; want %d ₸, low", q, got, err, 15*2000)
	}
	if _, err := c.Assess(q); !errors.Is(err, penalty.ErrUnknownYear) {
		t.Errorf("WithMRP changed its receiver: Assess(%v) error = %v; want ErrUnknownYear", q, err)
	}

	bad := []struct {
		name    string
		give    []penalty.MRP
		wantErr error
	}{
		{"existing year, same amount", []penalty.MRP{{Year: 2026, Amount: decimal.NewFromInt(4325), Confidence: penalty.HighConfidence}}, penalty.ErrDuplicateYear},
		{"existing year, other amount", []penalty.MRP{{Year: 2026, Amount: decimal.NewFromInt(4300), Confidence: penalty.HighConfidence}}, penalty.ErrDuplicateYear},
		{"twice in one call", []penalty.MRP{y2017, y2017}, penalty.ErrDuplicateYear},
		{"existing change within a year", []penalty.MRP{{Year: 2020, From: d("2020-04-01"), Amount: decimal.NewFromInt(2778), Confidence: penalty.HighConfidence}}, penalty.ErrDuplicateYear},
		{"1 January given as From", []penalty.MRP{{Year: 2026, From: d("2026-01-01"), Amount: decimal.NewFromInt(4325), Confidence: penalty.HighConfidence}}, penalty.ErrDuplicateYear},
		{"From in another year", []penalty.MRP{{Year: 2027, From: d("2026-07-01"), Amount: decimal.NewFromInt(4500), Confidence: penalty.HighConfidence}}, penalty.ErrInvalidMRP},
		{"zero amount", []penalty.MRP{{Year: 2027, Confidence: penalty.HighConfidence}}, penalty.ErrInvalidMRP},
		{"negative amount", []penalty.MRP{{Year: 2027, Amount: decimal.NewFromInt(-5), Confidence: penalty.HighConfidence}}, penalty.ErrInvalidMRP},
		{"fractional amount", []penalty.MRP{{Year: 2027, Amount: decimal.RequireFromString("4500.5"), Confidence: penalty.HighConfidence}}, penalty.ErrInvalidMRP},
		{"year zero", []penalty.MRP{{Year: 0, Amount: decimal.NewFromInt(4500), Confidence: penalty.HighConfidence}}, penalty.ErrInvalidMRP},
		{"unconfirmed", []penalty.MRP{{Year: 2027, Amount: decimal.NewFromInt(4500), Confidence: penalty.Unconfirmed}}, penalty.ErrInvalidMRP},
		{"no confidence", []penalty.MRP{{Year: 2027, Amount: decimal.NewFromInt(4500)}}, penalty.ErrInvalidMRP},
	}
	for _, tt := range bad {
		if _, err := c.WithMRP(tt.give...); !errors.Is(err, tt.wantErr) {
			t.Errorf("WithMRP(%s) error = %v; want %v", tt.name, err, tt.wantErr)
		}
	}

	_, err = c.WithMRP(penalty.MRP{Year: 2026, Amount: decimal.NewFromInt(4300), Confidence: penalty.HighConfidence})
	var de *penalty.DuplicateYearError
	if !errors.As(err, &de) || de.Year != 2026 || !de.Have.Equal(decimal.NewFromInt(4325)) || !de.Got.Equal(decimal.NewFromInt(4300)) {
		t.Errorf("WithMRP(2026: 4300) error = %v; want *DuplicateYearError{2026, 4325, 4300}", err)
	}
}

func TestPolicyDecisionYear(t *testing.T) {
	c, err := penalty.DefaultCatalogue().WithPolicy(penalty.Policy{MRPYear: penalty.DecisionYear})
	if err != nil {
		t.Fatalf("WithPolicy error = %v", err)
	}
	base := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2025-12-30")}
	tests := []struct {
		decided   string
		wantTenge int64
		wantErr   error
	}{
		{"2026-01-15", 43250, nil},
		{"2025-12-30", 39320, nil},
		{"2027-01-15", 0, penalty.ErrUnknownYear},
		{"2025-12-29", 0, penalty.ErrInvalidQuery},
		{"", 0, penalty.ErrInvalidQuery},
	}
	for _, tt := range tests {
		q := base
		if tt.decided != "" {
			q.Decided = d(tt.decided)
		}
		got, err := c.Assess(q)
		if !errors.Is(err, tt.wantErr) || !got.Amount.Equal(decimal.NewFromInt(tt.wantTenge)) {
			t.Errorf("Assess(%v, decided %q) = %s, %v; want %d, %v", q, tt.decided, got.Amount, err, tt.wantTenge, tt.wantErr)
		}
	}
	// The default policy ignores the decision date.
	q := base
	q.Decided = d("2026-01-15")
	if got, err := penalty.DefaultCatalogue().Assess(q); err != nil || !got.Amount.Equal(decimal.NewFromInt(39320)) {
		t.Errorf("default policy: Assess(%v) = %v, %v; want 39320", q, got, err)
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		give    penalty.Policy
		wantErr error
	}{
		{penalty.Policy{}, nil},
		{penalty.Policy{MRPYear: penalty.OffenceYear, RepeatWindowDays: 366}, nil},
		{penalty.Policy{MRPYear: 7}, penalty.ErrInvalidPolicy},
		{penalty.Policy{RepeatWindowDays: -1}, penalty.ErrInvalidPolicy},
	}
	for _, tt := range tests {
		_, err := penalty.DefaultCatalogue().WithPolicy(tt.give)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("WithPolicy(%+v) error = %v; want %v", tt.give, err, tt.wantErr)
		}
	}
}

func TestPolicyRepeat(t *testing.T) {
	tests := []struct {
		policy    penalty.Policy
		on        string
		penalties []string
		want      string // the penalty found; "" for none
	}{
		{penalty.Policy{}, "2026-03-10", nil, ""},
		{penalty.Policy{}, "2026-03-10", []string{"2026-03-10"}, ""},
		{penalty.Policy{}, "2026-03-10", []string{"2026-03-09"}, "2026-03-09"},
		{penalty.Policy{}, "2026-03-10", []string{"2025-03-10"}, "2025-03-10"}, // 365 days
		{penalty.Policy{}, "2026-03-10", []string{"2025-03-09"}, ""},           // 366 days
		{penalty.Policy{}, "2025-02-01", []string{"2024-02-01"}, ""},           // a year spanning 29 Feb is 366 days
		{penalty.Policy{RepeatWindowDays: 366}, "2025-02-01", []string{"2024-02-01"}, "2024-02-01"},
		{penalty.Policy{}, "2026-03-10", []string{"2026-03-11"}, ""},
		{penalty.Policy{}, "2026-03-10", []string{"2025-06-01", "2026-01-01", "2025-09-01"}, "2026-01-01"},
		{penalty.Policy{}, "2026-03-10", []string{"", "2025-06-01"}, "2025-06-01"},
		{penalty.Policy{}, "", []string{"2025-06-01"}, ""},
	}
	parse := func(s string) calendar.Date {
		if s == "" {
			return calendar.Date{}
		}
		return d(s)
	}
	for _, tt := range tests {
		var penalties []calendar.Date
		for _, p := range tt.penalties {
			penalties = append(penalties, parse(p))
		}
		got, ok := tt.policy.Repeat(parse(tt.on), penalties)
		if got != parse(tt.want) || ok != (tt.want != "") {
			t.Errorf("%+v.Repeat(%s, %v) = %v, %v; want %q", tt.policy, tt.on, tt.penalties, got, ok, tt.want)
		}
	}
}

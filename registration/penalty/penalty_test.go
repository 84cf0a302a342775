package penalty_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/shopspring/decimal"
)

var d = calendar.MustParseDate

func TestAssessFines(t *testing.T) {
	c := penalty.DefaultCatalogue()
	overstay := func(days int, on string) penalty.Query {
		return penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: days, On: d(on)}
	}
	host := func(by penalty.Offender, size penalty.BusinessSize, repeat bool, on string) penalty.Query {
		return penalty.Query{Offence: penalty.HostLateNotification, Offender: by, Size: size, Repeat: repeat, Days: 2, On: d(on)}
	}
	foreigner := func(o penalty.Offence, on string) penalty.Query {
		return penalty.Query{Offence: o, Offender: penalty.Foreigner, Days: 7, On: d(on)}
	}
	tests := []struct {
		give       penalty.Query
		want       string
		wantTenge  int64
		wantMRPYr  int
		wantBanInv int
	}{
		// Art. 517 part 3 across the MRP years.
		{overstay(4, "2024-03-01"), "10 MRP = 36 920 ₸ (art. 517 part 3, medium)", 36920, 2024, 0},
		{overstay(4, "2025-03-01"), "10 MRP = 39 320 ₸ (art. 517 part 3, medium)", 39320, 2025, 0},
		{overstay(4, "2026-07-10"), "10 MRP = 43 250 ₸ (art. 517 part 3, medium)", 43250, 2026, 0},
		{overstay(4, "2023-12-31"), "10 MRP = 34 500 ₸ (art. 517 part 3, medium)", 34500, 2023, 0},
		{overstay(4, "2023-01-01"), "10 MRP = 34 500 ₸ (art. 517 part 3, medium)", 34500, 2023, 0},
		// Tier boundaries: up to 3 days, more than 3 up to 5.
		{overstay(1, "2026-07-10"), "warning (art. 517 part 3, medium)", 0, 0, 0},
		{overstay(3, "2026-07-10"), "warning (art. 517 part 3, medium)", 0, 0, 0},
		{overstay(5, "2026-07-10"), "10 MRP = 43 250 ₸ (art. 517 part 3, medium)", 43250, 2026, 0},
		// A warning needs no MRP, even in a year the table lacks.
		{overstay(2, "2027-01-10"), "warning (art. 517 part 3, medium)", 0, 0, 0},
		// Art. 518 part 1 by offender.
		{host(penalty.HostIndividual, 0, false, "2025-05-05"), "warning (art. 518 part 1, medium)", 0, 0, 0},
		{host(penalty.HostOfficial, 0, false, "2025-05-05"), "10 MRP = 39 320 ₸ (art. 518 part 1, medium)", 39320, 2025, 0},
		{host(penalty.HostEntity, penalty.SmallBusiness, false, "2025-05-05"), "10 MRP = 39 320 ₸ (art. 518 part 1, medium)", 39320, 2025, 0},
		{host(penalty.HostEntity, penalty.NonProfit, false, "2025-05-05"), "10 MRP = 39 320 ₸ (art. 518 part 1, medium)", 39320, 2025, 0},
		{host(penalty.HostEntity, penalty.MediumBusiness, false, "2025-05-05"), "15 MRP = 58 980 ₸ (art. 518 part 1, medium)", 58980, 2025, 0},
		{host(penalty.HostEntity, penalty.LargeBusiness, false, "2025-05-05"), "20 MRP = 78 640 ₸ (art. 518 part 1, medium)", 78640, 2025, 0},
		{host(penalty.HostEntity, penalty.LargeBusiness, false, "2024-01-01"), "20 MRP = 73 840 ₸ (art. 518 part 1, medium)", 73840, 2024, 0},
		{host(penalty.HostEntity, penalty.MediumBusiness, false, "2026-09-01"), "15 MRP = 64 875 ₸ (art. 518 part 1, medium)", 64875, 2026, 0},
		// Repeat within a year.
		{host(penalty.HostIndividual, 0, true, "2025-05-05"), "30 MRP = 117 960 ₸ (art. 518, low)", 117960, 2025, 0},
		{host(penalty.HostEntity, penalty.LargeBusiness, true, "2026-09-01"), "100 MRP + 1-year ban on invitations = 432 500 ₸ (art. 518, low)", 432500, 2026, 1},
		// Living without registration: the old wording, low confidence.
		{foreigner(penalty.NotRegistered, "2026-08-01"), "15 MRP or expulsion = 64 875 ₸ (art. 517, low)", 64875, 2026, 0},
		{foreigner(penalty.LateReregistration, "2019-08-01"), "15 MRP or expulsion = 37 875 ₸ (art. 517, low)", 37875, 2019, 0},
		{foreigner(penalty.NotRegistered, "2015-01-01"), "15 MRP or expulsion = 29 730 ₸ (art. 517, low)", 29730, 2015, 0},
		// The MRP rows found since the first version (docs/legal.md Part B
		// §3.3): 2016, 2018, 2022 (fines kept the January value all year).
		{foreigner(penalty.NotRegistered, "2016-06-01"), "15 MRP or expulsion = 31 815 ₸ (art. 517, low)", 31815, 2016, 0},
		{foreigner(penalty.LateReregistration, "2018-12-31"), "15 MRP or expulsion = 36 075 ₸ (art. 517, low)", 36075, 2018, 0},
		{foreigner(penalty.NotRegistered, "2022-01-01"), "15 MRP or expulsion = 45 945 ₸ (art. 517, low)", 45945, 2022, 0},
		{foreigner(penalty.NotRegistered, "2022-05-01"), "15 MRP or expulsion = 45 945 ₸ (art. 517, low)", 45945, 2022, 0},
		// 2020 changed on 1 April: March at 2,651 ₸, May at 2,778 ₸.
		{foreigner(penalty.NotRegistered, "2020-03-15"), "15 MRP or expulsion = 39 765 ₸ (art. 517, low)", 39765, 2020, 0},
		{foreigner(penalty.NotRegistered, "2020-03-31"), "15 MRP or expulsion = 39 765 ₸ (art. 517, low)", 39765, 2020, 0},
		{foreigner(penalty.NotRegistered, "2020-04-01"), "15 MRP or expulsion = 41 670 ₸ (art. 517, low)", 41670, 2020, 0},
		{foreigner(penalty.LateReregistration, "2020-05-15"), "15 MRP or expulsion = 41 670 ₸ (art. 517, low)", 41670, 2020, 0},
		// Art. 517 part 4.
		{foreigner(penalty.CourtExpulsion, "2026-08-01"), "expulsion + 5-year entry ban (art. 517 part 4, medium)", 0, 0, 0},
	}
	for _, tt := range tests {
		got, err := c.Assess(tt.give)
		if err != nil {
			t.Errorf("Assess(%v) error = %v; want nil", tt.give, err)
			continue
		}
		if got.String() != tt.want || !got.Amount.Equal(decimal.NewFromInt(tt.wantTenge)) ||
			got.MRP.Year != tt.wantMRPYr || got.Rule.Sanction.InvitationBanYears != tt.wantBanInv {
			t.Errorf("Assess(%v) = %q, amount %s, MRP year %d, invitation ban %d; want %q, %d, %d, %d",
				tt.give, got, got.Amount, got.MRP.Year, got.Rule.Sanction.InvitationBanYears,
				tt.want, tt.wantTenge, tt.wantMRPYr, tt.wantBanInv)
		}
	}
}

func TestAssessErrors(t *testing.T) {
	c := penalty.DefaultCatalogue()
	overstay := func(days int, on string) penalty.Query {
		return penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: days, On: d(on)}
	}
	tests := []struct {
		give    penalty.Query
		wantErr error
	}{
		{overstay(6, "2026-07-10"), penalty.ErrUnconfirmed},
		{overstay(10, "2026-07-10"), penalty.ErrUnconfirmed},
		{overstay(11, "2026-07-10"), penalty.ErrUnconfirmed},
		{overstay(400, "2026-07-10"), penalty.ErrUnconfirmed},
		{overstay(0, "2026-07-10"), penalty.ErrNoRule},
		{overstay(4, "2022-12-31"), penalty.ErrNoRule},
		{overstay(4, "2027-01-10"), penalty.ErrUnknownYear},
		{overstay(4, "2022-06-01"), penalty.ErrNoRule},
		{penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Repeat: true, Days: 4, On: d("2026-07-10")}, penalty.ErrUnconfirmed},
		{penalty.Query{Offence: penalty.NotRegistered, Offender: penalty.Foreigner, On: d("2017-06-01")}, penalty.ErrUnknownYear},
		{penalty.Query{Offence: penalty.NotRegistered, Offender: penalty.Foreigner, On: d("2027-06-01")}, penalty.ErrUnknownYear},
		{penalty.Query{Offence: penalty.NotRegistered, Offender: penalty.Foreigner, On: d("2014-12-31")}, penalty.ErrNoRule},
		{penalty.Query{Offence: penalty.FalseData, Offender: penalty.Foreigner, On: d("2026-07-01")}, penalty.ErrUnconfirmed},
		{penalty.Query{Offence: penalty.FalseData, Offender: penalty.Foreigner, On: d("2026-06-30")}, penalty.ErrNoRule},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostIndividual, On: d("2023-12-31")}, penalty.ErrNoRule},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, Size: penalty.MediumBusiness, Repeat: true, On: d("2026-07-10")}, penalty.ErrUnconfirmed},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostOfficial, Repeat: true, On: d("2026-07-10")}, penalty.ErrUnconfirmed},
		{penalty.Query{Offence: penalty.HostHousingViolator, Offender: penalty.HostIndividual, On: d("2026-07-10")}, penalty.ErrUnconfirmed},
		{penalty.Query{Offence: penalty.HostLateConfirmation, Offender: penalty.HostEntity, Size: penalty.SmallBusiness, On: d("2026-07-10")}, penalty.ErrUnconfirmed},
		{penalty.Query{Offence: penalty.HostLateConfirmation, Offender: penalty.HostIndividual, On: d("2026-06-30")}, penalty.ErrNoRule},
		// Malformed queries.
		{penalty.Query{Offender: penalty.Foreigner, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.Overstay, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: 99, Offender: penalty.Foreigner, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.Overstay, Offender: penalty.HostIndividual, Days: 4, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.Foreigner, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostIndividual, Size: penalty.LargeBusiness, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, Size: 9, On: d("2026-07-10")}, penalty.ErrInvalidQuery},
		{overstay(-1, "2026-07-10"), penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4}, penalty.ErrInvalidQuery},
		{penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2026-07-10"), Decided: d("2026-07-09")}, penalty.ErrInvalidQuery},
	}
	for _, tt := range tests {
		got, err := c.Assess(tt.give)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("Assess(%v) = %v, %v; want error %v", tt.give, got, err, tt.wantErr)
		}
	}
}

func TestAssessErrorDetails(t *testing.T) {
	c := penalty.DefaultCatalogue()
	q := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2027-02-01")}
	_, err := c.Assess(q)
	var ye *penalty.YearError
	if !errors.As(err, &ye) || ye.Year != 2027 {
		t.Errorf("Assess(%v) = %v; want *YearError{Year: 2027}", q, err)
	}

	q = penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 6, On: d("2026-07-10")}
	_, err = c.Assess(q)
	var ue *penalty.UnconfirmedError
	if !errors.As(err, &ue) || ue.Rule.Citation != (penalty.Citation{Article: 517, Part: 3}) ||
		ue.Rule.Tier != (penalty.Tier{MinDays: 5, MaxDays: 10}) || ue.Query != q {
		t.Errorf("Assess(%v) = %v; want *UnconfirmedError for art. 517 part 3, tier (5, 10]", q, err)
	}
	want := "penalty: sanction unconfirmed for overstay by foreigner, first offence, 6 days, on 2026-07-10 under art. 517 part 3"
	if err == nil || err.Error() != want {
		t.Errorf("Assess(%v) error text = %v; want %q", q, err, want)
	}

	q.Days = 0
	_, err = c.Assess(q)
	var ne *penalty.NoRuleError
	if !errors.As(err, &ne) || ne.Query != q {
		t.Errorf("Assess(%v) = %v; want *NoRuleError carrying the query", q, err)
	}

	q.On = calendar.Date{}
	_, err = c.Assess(q)
	var qe *penalty.QueryError
	if !errors.As(err, &qe) || qe.Reason != "missing offence date" {
		t.Errorf("Assess(%v) = %v; want *QueryError for the missing date", q, err)
	}
}

func TestLookupUnconfirmedRow(t *testing.T) {
	q := penalty.Query{Offence: penalty.HostHousingViolator, Offender: penalty.HostEntity, Size: penalty.MediumBusiness, On: d("2026-07-10")}
	got, err := penalty.DefaultCatalogue().Lookup(q)
	if err != nil || got.Confidence != penalty.Unconfirmed || got.Citation.String() != "art. 518 part 2" || !got.Sanction.IsZero() {
		t.Errorf("Lookup(%v) = %v, %v; want the unconfirmed art. 518 part 2 row", q, got, err)
	}
}

// Every offence has a first and a repeat row for every offender that can
// commit it once all the rows are in force.
func TestDefaultCatalogueIsComplete(t *testing.T) {
	c := penalty.DefaultCatalogue()
	type who struct {
		by   penalty.Offender
		size penalty.BusinessSize
	}
	hosts := []who{{penalty.HostIndividual, 0}, {penalty.HostOfficial, 0}, {penalty.HostEntity, penalty.SmallBusiness},
		{penalty.HostEntity, penalty.MediumBusiness}, {penalty.HostEntity, penalty.LargeBusiness}, {penalty.HostEntity, penalty.NonProfit}}
	for o := penalty.NotRegistered; o.IsValid(); o++ {
		offenders := []who{{penalty.Foreigner, 0}}
		if o.Host() {
			offenders = hosts
		}
		for _, w := range offenders {
			for _, repeat := range []bool{false, true} {
				q := penalty.Query{Offence: o, Offender: w.by, Size: w.size, Repeat: repeat, Days: 1, On: d("2026-07-01")}
				if _, err := c.Lookup(q); err != nil {
					t.Errorf("Lookup(%v) error = %v; want a row", q, err)
				}
			}
		}
	}
}

func TestDefaultCatalogueRoundTrip(t *testing.T) {
	c := penalty.DefaultCatalogue()
	rules := c.Rules()
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			t.Errorf("default row %v: Validate() = %v; want nil", r, err)
		}
	}
	again, err := penalty.NewCatalogue(rules, c.MRPTable())
	if err != nil {
		t.Fatalf("NewCatalogue(default rows) error = %v", err)
	}
	if !slices.Equal(again.Rules(), rules) {
		t.Errorf("NewCatalogue(default rows).Rules() differs from the default rows")
	}
	if got := len(rules); got != 49 {
		t.Errorf("len(DefaultCatalogue().Rules()) = %d; want 49", got)
	}
	years := []int{}
	for _, m := range c.MRPTable() {
		years = append(years, m.Year)
	}
	if want := []int{2015, 2016, 2018, 2019, 2020, 2020, 2021, 2022, 2023, 2024, 2025, 2026}; !slices.Equal(years, want) {
		t.Errorf("MRP years = %v; want %v", years, want)
	}
}

func TestCatalogueCopies(t *testing.T) {
	c := penalty.DefaultCatalogue()
	rules := c.Rules()
	rules[0].Sanction.FineMRP = 1000
	mrp := c.MRPTable()
	mrp[0].Year = 1999
	if got := c.Rules()[0].Sanction.FineMRP; got == 1000 {
		t.Errorf("changing Rules() changed the catalogue")
	}
	if _, err := c.MRP(1999); err == nil {
		t.Errorf("changing MRPTable() changed the catalogue")
	}
	if a, b := penalty.DefaultCatalogue(), penalty.DefaultCatalogue(); a == b {
		t.Errorf("DefaultCatalogue() returned the same pointer twice")
	}
}

func TestEmptyCatalogues(t *testing.T) {
	q := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2026-07-10")}
	for _, c := range []*penalty.Catalogue{nil, {}} {
		if _, err := c.Assess(q); !errors.Is(err, penalty.ErrNoRule) {
			t.Errorf("(%p).Assess(%v) error = %v; want ErrNoRule", c, q, err)
		}
		if _, err := c.MRP(2026); !errors.Is(err, penalty.ErrUnknownYear) {
			t.Errorf("(%p).MRP(2026) error = %v; want ErrUnknownYear", c, err)
		}
		if n := len(c.Rules()) + len(c.MRPTable()); n != 0 {
			t.Errorf("(%p) has %d rows and entries; want 0", c, n)
		}
		if c.Without(nil) == nil {
			t.Errorf("(%p).Without(nil) = nil", c)
		}
	}
}

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

// Overstay by 6 to 10 days is unconfirmed; an override makes it computable
// on the dates it covers and nowhere else.
func TestOverrideMakesTierComputable(t *testing.T) {
	c := penalty.DefaultCatalogue()
	row := penalty.Rule{
		Offence: penalty.Overstay, Offender: penalty.Foreigner,
		Tier: penalty.Tier{MinDays: 5, MaxDays: 10}, From: d("2026-01-01"),
		Citation: penalty.Citation{Article: 517, Part: 3}, Sanction: penalty.Sanction{FineMRP: 20},
		Confidence: penalty.LowConfidence, Source: "our lawyer",
	}
	c2, err := c.Override(row)
	if err != nil {
		t.Fatalf("Override(%v) error = %v", row, err)
	}
	tests := []struct {
		catalogue string
		give      penalty.Query
		wantTenge int64
		wantErr   error
	}{
		{"override", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 6, On: d("2026-07-10")}, 86500, nil},
		{"override", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 10, On: d("2026-01-01")}, 86500, nil},
		{"override", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 6, On: d("2025-12-31")}, 0, penalty.ErrUnconfirmed},
		{"override", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 11, On: d("2026-07-10")}, 0, penalty.ErrUnconfirmed},
		{"override", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 5, On: d("2026-07-10")}, 43250, nil},
		{"default", penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 6, On: d("2026-07-10")}, 0, penalty.ErrUnconfirmed},
	}
	for _, tt := range tests {
		cat := map[string]*penalty.Catalogue{"override": c2, "default": c}[tt.catalogue]
		got, err := cat.Assess(tt.give)
		if !errors.Is(err, tt.wantErr) || !got.Amount.Equal(decimal.NewFromInt(tt.wantTenge)) {
			t.Errorf("%s.Assess(%v) = %s, %v; want %d, %v", tt.catalogue, tt.give, got.Amount, err, tt.wantTenge, tt.wantErr)
		}
	}
	if got, want := len(c2.Rules()), len(c.Rules())+1; got != want {
		t.Errorf("rows after a partial override = %d; want %d (the old row is split, not lost)", got, want)
	}
}

func TestOverrideBoundedSpanSplitsRow(t *testing.T) {
	row := penalty.Rule{
		Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, Size: penalty.MediumBusiness,
		From: d("2025-01-01"), To: d("2025-12-31"),
		Citation: penalty.Citation{Article: 518, Part: 1}, Sanction: penalty.Sanction{FineMRP: 12},
		Confidence: penalty.LowConfidence,
	}
	c, err := penalty.DefaultCatalogue().Override(row)
	if err != nil {
		t.Fatalf("Override(%v) error = %v", row, err)
	}
	tests := []struct {
		on      string
		wantMRP int
	}{{"2024-12-31", 15}, {"2025-01-01", 12}, {"2025-12-31", 12}, {"2026-01-01", 15}}
	for _, tt := range tests {
		q := penalty.Query{Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, Size: penalty.MediumBusiness, On: d(tt.on)}
		got, err := c.Assess(q)
		if err != nil || got.Rule.Sanction.FineMRP != tt.wantMRP {
			t.Errorf("Assess(%v) = %v, %v; want %d MRP", q, got, err, tt.wantMRP)
		}
	}
}

func TestCatalogueRejects(t *testing.T) {
	c := penalty.DefaultCatalogue()
	valid := penalty.Rule{
		Offence: penalty.Overstay, Offender: penalty.Foreigner, Tier: penalty.Tier{MinDays: 5, MaxDays: 10},
		From: d("2026-01-01"), Citation: penalty.Citation{Article: 517, Part: 3},
		Sanction: penalty.Sanction{FineMRP: 20}, Confidence: penalty.LowConfidence,
	}
	with := func(f func(*penalty.Rule)) penalty.Rule { r := valid; f(&r); return r }
	tests := []struct {
		name    string
		op      func(...penalty.Rule) (*penalty.Catalogue, error)
		give    []penalty.Rule
		wantErr error
	}{
		{"With over an unconfirmed tier", c.With, []penalty.Rule{valid}, penalty.ErrOverlap},
		{"With an untiered row over tiers", c.With, []penalty.Rule{with(func(r *penalty.Rule) { r.Tier = penalty.Tier{} })}, penalty.ErrOverlap},
		{"With overlapping new rows", c.Without(func(penalty.Rule) bool { return true }).With, []penalty.Rule{valid, with(func(r *penalty.Rule) { r.From = d("2026-06-01") })}, penalty.ErrOverlap},
		{"Override a different tier", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Tier.MaxDays = 7 })}, penalty.ErrOverlap},
		{"Override with overlapping new rows", c.Override, []penalty.Rule{valid, with(func(r *penalty.Rule) { r.From = d("2026-06-01") })}, penalty.ErrOverlap},
		{"zero offence", c.With, []penalty.Rule{with(func(r *penalty.Rule) { r.Offence = 0 })}, penalty.ErrInvalidRule},
		{"zero offender", c.With, []penalty.Rule{with(func(r *penalty.Rule) { r.Offender = 0 })}, penalty.ErrInvalidRule},
		{"host offender for a foreigner's offence", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Offender = penalty.HostIndividual })}, penalty.ErrInvalidRule},
		{"size for a foreigner", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Size = penalty.SmallBusiness })}, penalty.ErrInvalidRule},
		{"missing From", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.From = calendar.Date{} })}, penalty.ErrInvalidRule},
		{"To before From", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.To = d("2025-12-31") })}, penalty.ErrInvalidRule},
		{"inverted tier", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Tier = penalty.Tier{MinDays: 5, MaxDays: 5} })}, penalty.ErrInvalidRule},
		{"negative tier", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Tier = penalty.Tier{MinDays: -1, MaxDays: 5} })}, penalty.ErrInvalidRule},
		{"no article", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Citation = penalty.Citation{} })}, penalty.ErrInvalidRule},
		{"no confidence", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Confidence = 0 })}, penalty.ErrInvalidRule},
		{"unconfirmed with a sanction", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Confidence = penalty.Unconfirmed })}, penalty.ErrInvalidRule},
		{"confirmed without a sanction", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Sanction = penalty.Sanction{} })}, penalty.ErrInvalidRule},
		{"negative fine", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Sanction.FineMRP = -1; r.Sanction.Warning = true })}, penalty.ErrInvalidRule},
		{"entry ban without expulsion", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Sanction.EntryBanYears = 5 })}, penalty.ErrInvalidRule},
		{"alternative with one option", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Sanction.Alternative = true })}, penalty.ErrInvalidRule},
		{"warning plus fine", c.Override, []penalty.Rule{with(func(r *penalty.Rule) { r.Sanction.Warning = true })}, penalty.ErrInvalidRule},
	}
	for _, tt := range tests {
		if _, err := tt.op(tt.give...); !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: error = %v; want %v", tt.name, err, tt.wantErr)
		}
	}
	if _, err := penalty.NewCatalogue([]penalty.Rule{valid, valid}, nil); !errors.Is(err, penalty.ErrOverlap) {
		t.Errorf("NewCatalogue(duplicate rows) error = %v; want ErrOverlap", err)
	}
	if _, err := penalty.NewCatalogue(nil, []penalty.MRP{{Year: 2026}}); !errors.Is(err, penalty.ErrInvalidMRP) {
		t.Errorf("NewCatalogue(invalid MRP) error = %v; want ErrInvalidMRP", err)
	}
}

func TestWithAddsNonOverlappingRows(t *testing.T) {
	// The pre-2023 overstay wording, as a caller might supply it.
	old := penalty.Rule{
		Offence: penalty.Overstay, Offender: penalty.Foreigner, Tier: penalty.Tier{MinDays: 3},
		From: d("2015-01-01"), To: d("2022-12-31"), Citation: penalty.Citation{Article: 517},
		Sanction:   penalty.Sanction{FineMRP: 15, Expulsion: true, Alternative: true},
		Confidence: penalty.LowConfidence,
	}
	c, err := penalty.DefaultCatalogue().With(old)
	if err != nil {
		t.Fatalf("With(%v) error = %v", old, err)
	}
	q := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2021-03-01")}
	got, err := c.Assess(q)
	if err != nil || !got.Amount.Equal(decimal.NewFromInt(15*2917)) {
		t.Errorf("Assess(%v) = %v, %v; want %d", q, got, err, 15*2917)
	}
}

func TestWithoutThenRetier(t *testing.T) {
	c := penalty.DefaultCatalogue().Without(func(r penalty.Rule) bool {
		return r.Offence == penalty.Overstay && !r.Repeat && r.Tier.MinDays >= 5
	})
	row := func(lo, hi, mrp int) penalty.Rule {
		return penalty.Rule{Offence: penalty.Overstay, Offender: penalty.Foreigner, Tier: penalty.Tier{MinDays: lo, MaxDays: hi},
			From: d("2023-01-01"), Citation: penalty.Citation{Article: 517, Part: 3},
			Sanction: penalty.Sanction{FineMRP: mrp}, Confidence: penalty.LowConfidence}
	}
	c, err := c.With(row(5, 7, 15), row(7, 0, 20))
	if err != nil {
		t.Fatalf("With(re-tiered rows) error = %v", err)
	}
	tests := []struct{ days, wantMRP int }{{5, 10}, {6, 15}, {7, 15}, {8, 20}, {100, 20}}
	for _, tt := range tests {
		q := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: tt.days, On: d("2026-07-10")}
		got, err := c.Assess(q)
		if err != nil || got.Rule.Sanction.FineMRP != tt.wantMRP {
			t.Errorf("Assess(%v) = %v, %v; want %d MRP", q, got, err, tt.wantMRP)
		}
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

func TestFormatTenge(t *testing.T) {
	tests := []struct{ give, want string }{
		{"0", "0 ₸"},
		{"5", "5 ₸"},
		{"999", "999 ₸"},
		{"1000", "1 000 ₸"},
		{"43250", "43 250 ₸"},
		{"100000", "100 000 ₸"},
		{"1234567", "1 234 567 ₸"},
		{"-43250", "-43 250 ₸"},
		{"1234.5", "1 234.5 ₸"},
		{"0.25", "0.25 ₸"},
		{"43250.00", "43 250 ₸"},
	}
	for _, tt := range tests {
		if got := penalty.FormatTenge(decimal.RequireFromString(tt.give)); got != tt.want {
			t.Errorf("FormatTenge(%s) = %q; want %q", tt.give, got, tt.want)
		}
	}
}

func TestStrings(t *testing.T) {
	tests := []struct {
		give fmtStringer
		want string
	}{
		{penalty.Citation{Article: 518, Part: 1}, "art. 518 part 1"},
		{penalty.Citation{Article: 517}, "art. 517"},
		{penalty.Tier{}, "any length"},
		{penalty.Tier{MaxDays: 3}, "up to 3 days"},
		{penalty.Tier{MinDays: 3, MaxDays: 5}, "more than 3, up to 5 days"},
		{penalty.Tier{MinDays: 10}, "more than 10 days"},
		{penalty.Sanction{}, "none"},
		{penalty.Sanction{Warning: true}, "warning"},
		{penalty.Sanction{FineMRP: 15, Expulsion: true, Alternative: true}, "15 MRP or expulsion"},
		{penalty.Sanction{Warning: true, FineMRP: 2, Alternative: true}, "warning or 2 MRP"},
		{penalty.Sanction{Expulsion: true, EntryBanYears: 5}, "expulsion + 5-year entry ban"},
		{penalty.Sanction{FineMRP: 100, InvitationBanYears: 1}, "100 MRP + 1-year ban on invitations"},
		{penalty.Sanction{InvitationBanYears: 1}, "1-year ban on invitations"},
		{penalty.Offence(0), "Offence(0)"},
		{penalty.Offender(9), "Offender(9)"},
		{penalty.BusinessSize(0), "BusinessSize(0)"},
		{penalty.Confidence(5), "Confidence(5)"},
		{penalty.PricingYear(3), "PricingYear(3)"},
		{penalty.Rule{Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, Size: penalty.LargeBusiness,
			Repeat: true, From: d("2024-01-01"), To: d("2024-12-31"), Citation: penalty.Citation{Article: 518},
			Sanction: penalty.Sanction{FineMRP: 100, InvitationBanYears: 1}, Confidence: penalty.LowConfidence},
			"host_late_notification by host_entity (large), repeat, any length, from 2024-01-01 to 2024-12-31: " +
				"100 MRP + 1-year ban on invitations (art. 518, low)"},
		{penalty.Rule{Offence: penalty.Overstay, Offender: penalty.Foreigner, Tier: penalty.Tier{MinDays: 10},
			From: d("2023-01-01"), Citation: penalty.Citation{Article: 517, Part: 3}, Confidence: penalty.Unconfirmed},
			"overstay by foreigner, first offence, more than 10 days, from 2023-01-01: unconfirmed (art. 517 part 3, unconfirmed)"},
	}
	for _, tt := range tests {
		if got := tt.give.String(); got != tt.want {
			t.Errorf("%#v.String() = %q; want %q", tt.give, got, tt.want)
		}
	}
}

type fmtStringer interface{ String() string }

func TestEnumText(t *testing.T) {
	type codec interface {
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		give codec
		want string
	}{
		{penalty.NotRegistered, "not_registered"},
		{penalty.LateReregistration, "late_reregistration"},
		{penalty.Overstay, "overstay"},
		{penalty.HostLateNotification, "host_late_notification"},
		{penalty.HostHousingViolator, "host_housing_violator"},
		{penalty.FalseData, "false_data"},
		{penalty.HostLateConfirmation, "host_late_confirmation"},
		{penalty.CourtExpulsion, "court_expulsion"},
		{penalty.Foreigner, "foreigner"},
		{penalty.HostIndividual, "host_individual"},
		{penalty.HostOfficial, "host_official"},
		{penalty.HostEntity, "host_entity"},
		{penalty.SmallBusiness, "small"},
		{penalty.MediumBusiness, "medium"},
		{penalty.LargeBusiness, "large"},
		{penalty.NonProfit, "non_profit"},
		{penalty.HighConfidence, "high"},
		{penalty.MediumConfidence, "medium"},
		{penalty.LowConfidence, "low"},
		{penalty.Unconfirmed, "unconfirmed"},
		{penalty.OffenceYear, "offence_year"},
		{penalty.DecisionYear, "decision_year"},
	}
	for _, tt := range tests {
		got, err := tt.give.MarshalText()
		if err != nil || string(got) != tt.want {
			t.Errorf("%v.MarshalText() = %q, %v; want %q", tt.give, got, err, tt.want)
		}
	}
	// The zero value of every enum is "not set": empty text, never an
	// error, so that a zero value inside a result still marshals.
	for _, v := range []codec{penalty.Offence(0), penalty.Offender(0), penalty.BusinessSize(0),
		penalty.Confidence(0), penalty.PricingYear(0)} {
		if got, err := v.MarshalText(); err != nil || len(got) != 0 {
			t.Errorf("%v.MarshalText() = %q, %v; want empty text", v, got, err)
		}
	}
	for _, v := range []codec{penalty.Offence(9), penalty.Offender(5), penalty.BusinessSize(5),
		penalty.Confidence(5), penalty.PricingYear(3)} {
		if got, err := v.MarshalText(); !errors.Is(err, penalty.ErrUnknownName) {
			t.Errorf("%v.MarshalText() = %q, %v; want ErrUnknownName", v, got, err)
		}
	}
}

func TestEnumUnmarshalText(t *testing.T) {
	tests := []struct {
		give    string
		want    penalty.Offence
		wantErr error
	}{
		{"overstay", penalty.Overstay, nil},
		{"court_expulsion", penalty.CourtExpulsion, nil},
		{"Overstay", penalty.FalseData, penalty.ErrUnknownName},
		{"", 0, nil},
		{"Offence(3)", penalty.FalseData, penalty.ErrUnknownName},
		{"overstay ", penalty.FalseData, penalty.ErrUnknownName},
	}
	for _, tt := range tests {
		got := penalty.FalseData
		err := got.UnmarshalText([]byte(tt.give))
		if got != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, %v", tt.give, got, err, tt.want, tt.wantErr)
		}
	}
	var size penalty.BusinessSize
	err := size.UnmarshalText([]byte("huge"))
	var ne *penalty.NameError
	if !errors.As(err, &ne) || ne.Type != "business size" || ne.Name != "huge" {
		t.Errorf("BusinessSize.UnmarshalText(huge) = %v; want *NameError{business size, huge}", err)
	}
}

func TestAssessmentConfidence(t *testing.T) {
	c := penalty.DefaultCatalogue()
	tests := []struct {
		give penalty.Query
		want penalty.Confidence
	}{
		// Row medium, MRP high.
		{penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2026-07-10")}, penalty.MediumConfidence},
		// Row low.
		{penalty.Query{Offence: penalty.NotRegistered, Offender: penalty.Foreigner, On: d("2026-07-10")}, penalty.LowConfidence},
		// No fine: the row's confidence alone.
		{penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 1, On: d("2026-07-10")}, penalty.MediumConfidence},
	}
	for _, tt := range tests {
		got, err := c.Assess(tt.give)
		if err != nil || got.Confidence() != tt.want {
			t.Errorf("Assess(%v).Confidence() = %v, %v; want %v", tt.give, got.Confidence(), err, tt.want)
		}
	}
	withHighRow, err := c.Override(penalty.Rule{Offence: penalty.Overstay, Offender: penalty.Foreigner,
		Tier: penalty.Tier{MinDays: 3, MaxDays: 5}, From: d("2023-01-01"), Citation: penalty.Citation{Article: 517, Part: 3},
		Sanction: penalty.Sanction{FineMRP: 10}, Confidence: penalty.HighConfidence})
	if err != nil {
		t.Fatal(err)
	}
	// Row high, MRP medium: the weaker wins. (The 2023 MRP used here
	// before is now high, docs/legal.md Part B §3.3; a medium 2027 entry
	// takes its place.)
	withHighRow, err = withHighRow.WithMRP(penalty.MRP{Year: 2027, Amount: decimal.NewFromInt(4500), Confidence: penalty.MediumConfidence, Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	q := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2027-07-10")}
	if got, err := withHighRow.Assess(q); err != nil || got.Confidence() != penalty.MediumConfidence {
		t.Errorf("Assess(%v).Confidence() = %v, %v; want medium", q, got.Confidence(), err)
	}
}

// The messages are API (callers log them); this pins them.
func TestErrorText(t *testing.T) {
	q := penalty.Query{Offence: penalty.Overstay, Offender: penalty.Foreigner, Days: 4, On: d("2026-07-10")}
	r := penalty.Rule{Offence: penalty.Overstay, Offender: penalty.Foreigner, From: d("2023-01-01"),
		Citation: penalty.Citation{Article: 517, Part: 3}, Sanction: penalty.Sanction{Warning: true}, Confidence: penalty.MediumConfidence}
	rs := "overstay by foreigner, first offence, any length, from 2023-01-01: warning (art. 517 part 3, medium)"
	tests := []struct {
		give error
		want string
	}{
		{&penalty.YearError{Year: 2027}, "penalty: unknown MRP year 2027"},
		{&penalty.YearError{Year: 2027, On: d("2027-02-01")}, "penalty: unknown MRP year 2027"},
		{&penalty.NoRuleError{Query: q}, "penalty: no rule for overstay by foreigner, first offence, 4 days, on 2026-07-10"},
		{&penalty.QueryError{Query: q, Reason: "negative days"}, "penalty: invalid query overstay by foreigner, first offence, 4 days, on 2026-07-10: negative days"},
		{&penalty.RuleError{Rule: r, Reason: "missing article"}, "penalty: invalid rule " + rs + ": missing article"},
		{&penalty.OverlapError{A: r, B: r}, "penalty: overlapping rules " + rs + " and " + rs},
		{&penalty.MRPError{Entry: penalty.MRP{Year: 2027}, Reason: "x"}, "penalty: invalid MRP entry for 2027: x"},
		{&penalty.DuplicateYearError{Year: 2026, Have: decimal.NewFromInt(4325), Got: decimal.NewFromInt(4300)}, "penalty: duplicate MRP year 2026 (have 4325, got 4300)"},
		{&penalty.DuplicateYearError{Year: 2020, From: d("2020-04-01"), Have: decimal.NewFromInt(2778), Got: decimal.NewFromInt(2778)}, "penalty: duplicate MRP year 2020 from 2020-04-01 (have 2778, got 2778)"},
		{&penalty.NameError{Type: "offence", Name: "x"}, `penalty: unknown offence "x"`},
	}
	for _, tt := range tests {
		if got := tt.give.Error(); got != tt.want {
			t.Errorf("%T.Error() = %q; want %q", tt.give, got, tt.want)
		}
	}
}

func TestWithPolicyKeepsData(t *testing.T) {
	p := penalty.Policy{MRPYear: penalty.DecisionYear, RepeatWindowDays: 366}
	c, err := penalty.DefaultCatalogue().WithPolicy(p)
	if err != nil || c.Policy() != p || len(c.Rules()) != len(penalty.DefaultCatalogue().Rules()) || len(c.MRPTable()) != 12 {
		t.Errorf("WithPolicy(%+v) = policy %+v, %d rows, %d MRP entries, %v; want the policy and the default data",
			p, c.Policy(), len(c.Rules()), len(c.MRPTable()), err)
	}
	if got := penalty.DefaultCatalogue().Policy(); got != (penalty.Policy{}) {
		t.Errorf("DefaultCatalogue().Policy() = %+v; want the zero Policy", got)
	}
}

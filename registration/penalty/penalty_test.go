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

package penalty_test

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/registration/penalty"
	"github.com/shopspring/decimal"
)

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

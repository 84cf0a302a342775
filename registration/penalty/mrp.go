package penalty

import (
	"github.com/shopspring/decimal"
)

// MRP is the monthly calculation index (месячный расчётный показатель) of
// one calendar year, in whole tenge, as set by that year's budget law
// (domain.md Part B §3.3). КоАП expresses fines as multiples of it.
type MRP struct {
	Year       int
	Amount     decimal.Decimal // tenge per MRP, a positive whole number
	Confidence Confidence      // never Unconfirmed
	Source     string
	Note       string
}

func (m MRP) validate() string {
	switch {
	case m.Year < 1 || m.Year > 9999:
		return "year out of range"
	case !m.Amount.IsPositive() || !m.Amount.IsInteger():
		return "amount must be a positive whole number of tenge"
	case !m.Confidence.IsValid() || m.Confidence == Unconfirmed:
		return "confidence must be high, medium or low"
	}
	return ""
}

// defaultMRP is the table of domain.md Part B §3.3. Years missing here
// (2016–2018, 2020, 2022 and from 2027) are unknown: pricing a fine in
// them is a [*YearError] until the caller supplies the value with
// [Catalogue.WithMRP]. 2022 stays unknown on purpose: it is believed to
// have had two values (a mid-year increase), which is UNCONFIRMED, and a
// single entry per year could not express it anyway.
func defaultMRP() []MRP {
	return []MRP{
		{Year: 2015, Amount: decimal.NewFromInt(1982), Confidence: HighConfidence, Source: "archive.wfin.kz"},
		{Year: 2019, Amount: decimal.NewFromInt(2525), Confidence: MediumConfidence, Source: "dos-immigration.kz"},
		{Year: 2021, Amount: decimal.NewFromInt(2917), Confidence: MediumConfidence, Source: "korgan-zan.kz"},
		{Year: 2023, Amount: decimal.NewFromInt(3450), Confidence: MediumConfidence, Source: "oq.gov.kz",
			Note: "derived: the source gives 10 MRP = 34,500 tenge"},
		{Year: 2024, Amount: decimal.NewFromInt(3692), Confidence: HighConfidence, Source: "tengrinews.kz 01 Jan 2024; zhaikpress.kz"},
		{Year: 2025, Amount: decimal.NewFromInt(3932), Confidence: HighConfidence, Source: "tengrinews.kz 09 Dec 2024"},
		{Year: 2026, Amount: decimal.NewFromInt(4325), Confidence: HighConfidence,
			Source: "ddn.kz; lada.kz; zakon.kz (budget law 2026-2028, signed 8 Dec 2025)"},
	}
}

package penalty

import (
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/shopspring/decimal"
)

// MRP is one value of the monthly calculation index (месячный расчётный
// показатель) used for fines, in whole tenge (docs/legal.md Part B §3.3). КоАП
// expresses fines as multiples of it.
//
// The budget law sets the MRP for each year from 1 January, but the value
// for fines can change during the year: 2020 had 2,651 ₸ from 1 January and
// 2,778 ₸ from 1 April. So an entry applies from its start day (From, or
// 1 January of Year) until the day before the next entry of the same year,
// or to the end of its year. A value never carries over into the next year,
// which stays unknown until it has an entry of its own.
//
// In JSON the amount is a decimal string with its currency, "KZT".
type MRP struct {
	Year int
	// From is the first day the value applies, when it is not 1 January:
	// a day in Year. The zero Date means 1 January of Year.
	From       calendar.Date
	Amount     decimal.Decimal // tenge per MRP, a positive whole number
	Confidence Confidence      // never Unconfirmed
	Source     string
	Note       string
}

// Start returns the first day the value applies: From, or 1 January of
// Year when From is zero.
func (m MRP) Start() calendar.Date {
	if m.From.IsZero() {
		return calendar.NewDate(m.Year, time.January, 1)
	}
	return m.From
}

func (m MRP) validate() string {
	switch {
	case m.Year < 1 || m.Year > 9999:
		return "year out of range"
	case !m.From.IsZero() && m.From.Year() != m.Year:
		return "from date not in the entry's year"
	case !m.Amount.IsPositive() || !m.Amount.IsInteger():
		return "amount must be a positive whole number of tenge"
	case !m.Confidence.IsValid() || m.Confidence == Unconfirmed:
		return "confidence must be high, medium or low"
	}
	return ""
}

// defaultMRP is the table of docs/legal.md Part B §3.3, the values for fines.
// Years missing here (2017, and from 2027) are unknown: pricing a fine in
// them is a [*YearError] until the caller supplies the value with
// [Catalogue.WithMRP].
func defaultMRP() []MRP {
	apr2020 := calendar.NewDate(2020, time.April, 1)
	return []MRP{
		{Year: 2015, Amount: decimal.NewFromInt(1982), Confidence: HighConfidence, Source: "archive.wfin.kz"},
		{Year: 2016, Amount: decimal.NewFromInt(2121), Confidence: HighConfidence,
			Source: "kazpravda.kz (budget law No. 426-V of 30 Nov 2015); newtimes.kz"},
		{Year: 2018, Amount: decimal.NewFromInt(2405), Confidence: HighConfidence,
			Source: "tengrinews.kz 3 Jan 2018 (budget law 2018-2020)"},
		{Year: 2019, Amount: decimal.NewFromInt(2525), Confidence: MediumConfidence, Source: "dos-immigration.kz"},
		{Year: 2020, Amount: decimal.NewFromInt(2651), Confidence: MediumConfidence, Source: "16news.kz 10 Apr 2020",
			Note: "until 31 Mar 2020"},
		{Year: 2020, From: apr2020, Amount: decimal.NewFromInt(2778), Confidence: MediumConfidence, Source: "16news.kz 10 Apr 2020",
			Note: "raised from 1 Apr 2020, fines included"},
		{Year: 2021, Amount: decimal.NewFromInt(2917), Confidence: MediumConfidence, Source: "korgan-zan.kz"},
		{Year: 2022, Amount: decimal.NewFromInt(3063), Confidence: MediumConfidence,
			Source: "kzaif.kz; informburo.kz; paryz.kz",
			Note:   "for fines all year: the 3,180 of 1 Apr 2022 applied to benefits and social payments only"},
		{Year: 2023, Amount: decimal.NewFromInt(3450), Confidence: HighConfidence,
			Source: "knews.kz; prodengi.kz (budget law 2023-2025); kzaif.kz; oq.gov.kz"},
		{Year: 2024, Amount: decimal.NewFromInt(3692), Confidence: HighConfidence, Source: "tengrinews.kz 01 Jan 2024; zhaikpress.kz"},
		{Year: 2025, Amount: decimal.NewFromInt(3932), Confidence: HighConfidence, Source: "tengrinews.kz 09 Dec 2024"},
		{Year: 2026, Amount: decimal.NewFromInt(4325), Confidence: HighConfidence,
			Source: "ddn.kz; lada.kz; zakon.kz (budget law 2026-2028, signed 8 Dec 2025)"},
	}
}

// mrpTable is the MRP table of a Catalogue: the entries of each year,
// sorted by start day. Nothing writes to a table after addMRP returns it.
type mrpTable map[int][]MRP

// on returns the entry in force on d: the last entry of d's year that
// starts on or before d.
func (t mrpTable) on(d calendar.Date) (MRP, bool) {
	var found MRP
	ok := false
	for _, m := range t[d.Year()] {
		if m.Start().After(d) {
			break
		}
		found, ok = m, true
	}
	return found, ok
}

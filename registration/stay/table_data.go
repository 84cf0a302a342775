package stay

import (
	"slices"

	"github.com/migreg/migreg/calendar"
)

// This file is docs/legal.md Part C (status early 2026) as data. Every
// row cites the source keys of that part; its notes are referred to as
// "note N", which is Part C §N. The decree 148 rules are Government decree No. 148 of
// 21 Jan 2012 as amended by No. 1146 (90/180 from 27 Jan 2023, docs/legal.md
// Part B §1, §2.1).

func rolling(days, window int, from string) Cap {
	return Cap{Kind: RollingWindow, Days: days, WindowDays: window, CountFrom: calendar.MustParseDate(from)}
}

func fixed(days, window int, from string) Cap {
	return Cap{Kind: FixedPeriod, Days: days, WindowDays: window, CountFrom: calendar.MustParseDate(from)}
}

// unilateral is one state of the 30-day list of the decree 148 rules.
type unilateral struct {
	code, name string
	oct2019    bool // added in Oct 2019 (S-L2019) rather than on 1 Jan 2017 (S-L2017)
	seen2025   bool // its 2025 wording was read (note 5): S-D2025, else S-L2020
}

// unilateralList returns the 30-day list without ARE and KOR (which have
// treaties and rows of their own) and without TUR (moved to 90 days in
// 2025): the 54 states suspended from 30 Mar 2020 to 31 Dec 2021.
func unilateralList() []unilateral {
	return []unilateral{
		{"AUS", "Australia", false, true}, {"AUT", "Austria", false, true}, {"BEL", "Belgium", false, true},
		{"BGR", "Bulgaria", false, true}, {"BHR", "Bahrain", true, true}, {"CAN", "Canada", false, true},
		{"CHE", "Switzerland", false, false}, {"CHL", "Chile", false, false}, {"COL", "Colombia", true, true},
		{"CYP", "Cyprus", false, true}, {"CZE", "Czechia", false, false}, {"DEU", "Germany", false, true},
		{"DNK", "Denmark", false, true}, {"ESP", "Spain", false, true}, {"EST", "Estonia", false, false},
		{"FIN", "Finland", false, false}, {"FRA", "France", false, false}, {"GBR", "United Kingdom", false, false},
		{"GRC", "Greece", false, true}, {"HRV", "Croatia", false, false}, {"HUN", "Hungary", false, true},
		{"IDN", "Indonesia", true, true}, {"IRL", "Ireland", false, true}, {"ISL", "Iceland", false, true},
		{"ISR", "Israel", false, true}, {"ITA", "Italy", false, true}, {"JPN", "Japan", false, true},
		{"KWT", "Kuwait", true, true}, {"LIE", "Liechtenstein", true, true}, {"LTU", "Lithuania", false, true},
		{"LUX", "Luxembourg", false, true}, {"LVA", "Latvia", false, true}, {"MCO", "Monaco", false, true},
		{"MEX", "Mexico", false, true}, {"MLT", "Malta", false, true}, {"MYS", "Malaysia", false, true},
		{"NLD", "Netherlands", false, true}, {"NOR", "Norway", false, true}, {"NZL", "New Zealand", false, true},
		{"OMN", "Oman", true, true}, {"PHL", "Philippines", true, false}, {"POL", "Poland", false, true},
		{"PRT", "Portugal", false, false}, {"QAT", "Qatar", true, true}, {"ROU", "Romania", false, false},
		{"SAU", "Saudi Arabia", true, false}, {"SGP", "Singapore", false, false}, {"SVK", "Slovakia", false, false},
		{"SVN", "Slovenia", false, false}, {"SWE", "Sweden", false, false}, {"THA", "Thailand", true, false},
		{"USA", "United States", false, true}, {"VAT", "Holy See", true, true}, {"VNM", "Viet Nam", true, true},
	}
}

func defaultRows() []Regime {
	d := calendar.MustParseDate
	src := func(keys ...string) []string { return keys }
	// The cap of the decree 148 rules: 90 days in every 180, counted from
	// Policy.RegimeStart.
	rulesCap := Cap{Kind: RollingWindow, Days: 90, WindowDays: 180}
	var rows []Regime

	suspensionEnd, resumed := d("2020-03-29"), d("2022-01-01")
	for _, u := range unilateralList() {
		from, listKey, basis := d("2017-01-01"), "S-L2017", "Unilateral: decree No. 848 of 23 Dec 2016 (30-day list of the decree 148 rules)"
		if u.oct2019 {
			from, listKey, basis = d("2019-10-01"), "S-L2019", "Unilateral: 30-day list of the decree 148 rules, extended Oct 2019"
		}
		current := "S-D2025"
		note := "30-day list kept by the decree of 25 Aug 2025 (note 4)."
		if !u.seen2025 {
			current = "S-L2020"
			note = "The 2025 wording of the list after \"Poland\" was not seen; the state is kept from the earlier lists, as the Passport Index of Feb 2026 does (note 5)."
		}
		if u.code == "VNM" {
			basis += "; bilateral agreement signed Aug 2023"
		}
		switch u.code { // acts approved but not known to be in force: see PendingRegimes
		case "THA":
			note += " A bilateral agreement (Bangkok, 23 Apr 2024) gives the same limits; its entry into force is not known (docs/legal.md Part C §9)."
		case "QAT":
			note += " A protocol approved for signing by decree No. 803 of 10 Oct 2022 would give 30 days within 90 from the first entry; whether it is in force is not known (docs/legal.md Part C §9)."
		}
		early := "Suspended for COVID-19 from 30 Mar 2020 to 31 Dec 2021 (S-L2020)."
		if u.oct2019 {
			early = "The sources give the month (Oct 2019) only; the 1st is used. " + early
		}
		rows = append(rows,
			Regime{
				Citizenship: u.code, Name: u.name, PerVisitDays: 30, Cap: rulesCap,
				Basis: basis, EffectiveFrom: from, EffectiveTo: suspensionEnd,
				Sources: src(listKey, "S-L2020", "S-PI"), Confidence: Medium, Note: early,
			},
			Regime{
				Citizenship: u.code, Name: u.name, PerVisitDays: 30, Cap: rulesCap,
				Basis: "Unilateral (decree 148 rules, 30-day list)", EffectiveFrom: resumed,
				Sources: src(current, listKey, "S-PI"), Confidence: High,
				Note: "Resumed for all 57 states of the list on 1 Jan 2022 after the COVID-19 suspension. " + note,
			})
	}

	eaeu := func(code, name string, sources ...string) Regime {
		return Regime{
			Citizenship: code, Name: name, PerVisitDays: 90, Cap: rulesCap,
			Basis: "EAEU", EffectiveFrom: d("2023-01-27"), Sources: sources, Confidence: High,
			Note: "Visa-free long before; the row starts with the current 90/180 form (decree No. 1146); earlier years are not modelled.",
		}
	}
	arm := eaeu("ARM", "Armenia", "S-EAEU", "S-ARM", "S-PI")
	arm.Basis = "EAEU / bilateral agreement"
	arm.Note += " Armenian citizens may switch to a temporary residence permit after 90 days without leaving."
	kgz := eaeu("KGZ", "Kyrgyzstan", "S-EAEU", "S-PI")
	kgz.Note += " Kyrgyz citizens may extend 90 days by another 90 under an agreement of 11 May 2012 (M, not modelled); the refusal-of-entry clause was suspended for them until 1 Sep 2024."

	rows = append(rows,
		Regime{
			Citizenship: "ALB", Name: "Albania", PerVisitDays: 90, Cap: fixed(90, 365, "2023-04-25"),
			Basis: "Bilateral agreement (approved by decree No. 1098 of 29 Dec 2022)", EffectiveFrom: d("2023-04-25"),
			Sources: src("S-ALB", "S-PI"), Confidence: High,
		},
		Regime{
			Citizenship: "AND", Name: "Andorra", PerVisitDays: 90, Cap: fixed(90, 365, "2024-11-01"),
			Basis: "Bilateral agreement (signed 4 Aug 2022)", EffectiveFrom: d("2024-11-01"),
			Sources: src("S-AND", "S-PI"), Confidence: Low,
			Note: "Date of entry into force not found: the Passport Index shows Andorra from Nov 2024, Kazakh media from early 2024; 1 Nov 2024 is used.",
		},
		Regime{
			Citizenship: "ARE", Name: "United Arab Emirates", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Bilateral protocol of 23 May 2017; also on the 30-day list", EffectiveFrom: d("2018-03-10"),
			Sources: src("S-ARE", "S-D2025", "S-PI"), Confidence: High,
			Note: "Exempted from the 2020 suspension of the 30-day list from about May 2020; the short gap before is not modelled.",
		},
		Regime{
			Citizenship: "ARG", Name: "Argentina", PerVisitDays: 30, Cap: rolling(30, 365, "2014-10-31"),
			Basis: "Bilateral agreement on short-term visa-free trips (signed 30 May 2014)", EffectiveFrom: d("2014-10-31"),
			Sources: src("S-ARG", "S-MVD2019", "S-PI"), Confidence: Low,
			Note: "Cap not verified: the 2022 MFA table says \"up to 30 days within a year\"; read as 30 days in any 365, the stricter reading.",
		},
		arm,
		Regime{
			Citizenship: "AZE", Name: "Azerbaijan", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Bilateral agreement of 2 Oct 2009 + protocol (stay raised 30 to 90 days)", EffectiveFrom: d("2023-01-27"),
			Sources: src("S-AZE", "S-MVD2023", "S-PI"), Confidence: Medium,
			Note: "The Passport Index says 30 days per visit; the protocol and the MVD (Jan 2023: \"90 days within 180\") say 90 (note 3). Earlier years are not modelled.",
		},
		eaeu("BLR", "Belarus", "S-EAEU", "S-PI"),
		Regime{
			Citizenship: "BRA", Name: "Brazil", PerVisitDays: 30,
			Cap: Cap{
				Kind: FixedPeriod, Days: 30, WindowDays: 365, CountFrom: d("2016-09-06"),
				Extensions: 1, ExtensionDays: 30,
			},
			Basis: "Bilateral exchange of notes of 25 Jul 2016", EffectiveFrom: d("2016-09-06"),
			Sources: src("S-BRA", "S-PI"), Confidence: High,
			Note: "One extension of 30 days; use Regime.Extend once it is granted (that it raises the 30-per-365 cap too is an inference).",
		},
		Regime{
			Citizenship: "CHN", Name: "China", PerVisitDays: 14, Cap: rolling(42, 180, "2022-07-08"),
			Basis: "Unilateral: Govt decree No. 464 of 7 Jul 2022", EffectiveFrom: d("2022-07-08"), EffectiveTo: d("2023-11-09"),
			Sources: src("S-IND", "S-PI"), Confidence: High,
			Note: "Replaced the 72-hour transit regime (note 5).",
		},
		Regime{
			Citizenship: "CHN", Name: "China", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Bilateral agreement of 17 May 2023 (excludes Hong Kong and Macau passports)", EffectiveFrom: d("2023-11-10"),
			Sources: src("S-CHN", "S-PI"), Confidence: High,
		},
		Regime{
			Citizenship: "ECU", Name: "Ecuador", PerVisitDays: 30, Cap: rolling(30, 180, "2019-10-01"),
			Basis: "Bilateral agreement (Ecuador approved it Jun 2016)", EffectiveFrom: d("2019-10-01"),
			Sources: src("S-ECU", "S-MVD2019", "S-PI"), Confidence: Low,
			Note: "Date of entry into force not found; the MVD list of 2019 shows it: 1 Oct 2019 is used. The treaty wording \"30 within 180\" is read as a 30/180 cap.",
		},
		Regime{
			Citizenship: "GEO", Name: "Georgia", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Bilateral agreement", EffectiveFrom: d("2007-06-21"),
			Sources: src("S-GEO", "S-MVD2019", "S-PI"), Confidence: Medium,
			Note: "Treaty figure of 90 days per visit; a strict reading of the 2023 rules would give 30 (note 3). Start date per the old MFA table.",
		},
		Regime{
			Citizenship: "HKG", Name: "Hong Kong SAR", PerVisitDays: 14, Cap: rulesCap,
			Basis: "Bilateral agreement (HKSAR passports)", EffectiveFrom: d("2019-01-01"),
			Sources: src("S-MVD2019", "S-CHN", "S-PI"), Confidence: Low,
			Note: "Cap not found: the decree default 90/180 is used. In place before 2019 (exact date not found): 1 Jan 2019 is used.",
		},
		Regime{
			Citizenship: "IND", Name: "India", PerVisitDays: 14, Cap: rolling(42, 180, "2022-07-08"),
			Basis: "Unilateral: Govt decree No. 464 of 7 Jul 2022; kept in the 2025 rules", EffectiveFrom: d("2022-07-08"),
			Sources: src("S-IND", "S-TUR", "S-PI"), Confidence: High,
		},
		Regime{
			Citizenship: "IRN", Name: "Iran", PerVisitDays: 14, Cap: rolling(42, 180, "2022-07-08"),
			Basis: "Unilateral: Govt decree No. 464 of 7 Jul 2022; kept in the 2025 rules", EffectiveFrom: d("2022-07-08"),
			Sources: src("S-IND", "S-TUR", "S-PI"), Confidence: High,
		},
		kgz,
		Regime{
			Citizenship: "KNA", Name: "Saint Kitts and Nevis", PerVisitDays: 90, Cap: fixed(90, 365, "2026-02-17"),
			Basis: "Bilateral agreement (signed Jan 2024; approved by decree of 20 Nov 2024)", EffectiveFrom: d("2026-02-17"),
			Sources: src("S-KNA", "S-PI"), Confidence: Low,
			Note: "Date of entry into force not found (2025?); the Passport Index data of 17 Feb 2026 is the first to show it, so that date is used. Confirm the treaty is in force (note 4).",
		},
		Regime{
			Citizenship: "KOR", Name: "Korea, Republic of", PerVisitDays: 30, Cap: rolling(60, 180, "2014-11-29"),
			Basis: "Bilateral agreement (decree No. 1083 of 9 Oct 2014); also on the 30-day list", EffectiveFrom: d("2014-11-29"),
			Sources: src("S-KOR", "S-D2025", "S-PI"), Confidence: High,
			Note: "The treaty's 60/180 is stricter than the 90/180 of the rules, which list Korea too; the stricter cap is used (note 3). Exempted from the 2020 suspension from about May 2020.",
		},
		Regime{
			Citizenship: "MAC", Name: "Macau SAR", PerVisitDays: 14, Cap: rulesCap,
			Basis: "Bilateral agreement of 9 Apr 2024 (MSAR passports)", EffectiveFrom: d("2024-10-24"),
			Sources: src("S-MAC", "S-PI"), Confidence: Low,
			Note: "Cap not found: the decree default 90/180 is used.",
		},
		Regime{
			Citizenship: "MAR", Name: "Morocco", PerVisitDays: 30, Cap: rolling(30, 180, "2025-03-19"),
			Basis: "Bilateral agreement of 26 Sep 2024", EffectiveFrom: d("2025-03-19"),
			Sources: src("S-MAR", "S-PI"), Confidence: High,
			Note: "The treaty wording \"each stay not exceeding 30 days within a 180-day period\" is read as a 30/180 cap (note 3).",
		},
		Regime{
			Citizenship: "MDA", Name: "Moldova", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Bilateral agreement", EffectiveFrom: d("2007-01-05"),
			Sources: src("S-OLDMFA", "S-MVD2019", "S-PI"), Confidence: Medium,
			Note: "Treaty figure of 90 days per visit; a strict reading of the 2023 rules would give 30 (note 3). Start date per the old MFA table.",
		},
		Regime{
			Citizenship: "MDV", Name: "Maldives", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Bilateral agreement of 9 May 2022 (approved by decree No. 484 of 16 Jul 2022)", EffectiveFrom: d("2022-12-01"),
			Sources: src("S-MDV", "S-PI"), Confidence: Low,
			Note: "The treaty states no cap: the decree default 90/180 is used. Date of entry into force not found; the Passport Index shows it from Dec 2022: 1 Dec 2022 is used.",
		},
		Regime{
			Citizenship: "MNG", Name: "Mongolia", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Bilateral agreement of 2 Dec 1994", EffectiveFrom: d("1995-01-02"),
			Sources: src("S-MNG", "S-MVD2019", "S-PI"), Confidence: Medium,
			Note: "Treaty figure of 90 days per visit; a strict reading of the 2023 rules would give 30 (note 3).",
		},
		Regime{
			Citizenship: "NIC", Name: "Nicaragua", PerVisitDays: 30, Cap: rolling(30, 180, "2026-02-17"),
			Basis: "Bilateral agreement of 21 Sep 2022", EffectiveFrom: d("2026-02-17"),
			Sources: src("S-NIC", "S-PI"), Confidence: Low,
			Note: "Date of entry into force not found (after Jun 2023); the Passport Index data of 17 Feb 2026 is the first to show it, so that date is used. Confirm the treaty is in force (note 4). \"30 within 180\" is read as a 30/180 cap.",
		},
		eaeu("RUS", "Russia", "S-EAEU", "S-PI"),
		Regime{
			Citizenship: "SMR", Name: "San Marino", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Bilateral agreement (approved by decree No. 955 of 12 Nov 2024)", EffectiveFrom: d("2025-01-05"),
			Sources: src("S-SMR", "S-PI"), Confidence: High,
		},
		Regime{
			Citizenship: "SRB", Name: "Serbia", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Bilateral agreement of 7 Oct 2010", EffectiveFrom: d("2011-05-28"),
			Sources: src("S-SRB", "S-MVD2019", "S-PI"), Confidence: Low,
			Note: "The treaty states no cap: the decree default 90/180 is used.",
		},
		Regime{
			Citizenship: "SYC", Name: "Seychelles", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Bilateral agreement of 22 Sep 2023", EffectiveFrom: d("2024-01-06"),
			Sources: src("S-SYC", "S-PI"), Confidence: High,
		},
		Regime{
			Citizenship: "TJK", Name: "Tajikistan", PerVisitDays: 90, Cap: rulesCap,
			Basis: "CIS visa-free agreement of 30 Nov 2000 + bilateral migration agreement of 14 Mar 2018", EffectiveFrom: d("2023-01-27"),
			Sources: src("S-TJK", "S-MVD2023", "S-PI"), Confidence: Medium,
			Note: "The Passport Index says 30 days per visit; the 2018 agreement and the MVD (Jan 2023) say 90 (note 3). Earlier years are not modelled.",
		},
		Regime{
			Citizenship: "TUR", Name: "Türkiye", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Agreement of 1992 (up to one month); 30-day list of the decree 148 rules", EffectiveFrom: d("2017-01-01"), EffectiveTo: d("2025-09-07"),
			Sources: src("S-TUR", "S-L2017", "S-L2020", "S-PI"), Confidence: Medium,
			Note: "Visa-free earlier under the 1992 agreement; the row starts with the 30-day list of 2017. Exempted from the 2020 suspension from about May 2020.",
		},
		Regime{
			Citizenship: "TUR", Name: "Türkiye", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Unilateral: Govt decree of 25 Aug 2025 amending the decree 148 rules", EffectiveFrom: d("2025-09-08"),
			Sources: src("S-TUR", "S-D2025", "S-PI"), Confidence: Low,
			Note: "In force 10 days after official publication; the exact date was not found. Press reports of 28 Aug 2025 put it no earlier than about 7 Sep; 8 Sep 2025 is used.",
		},
		Regime{
			Citizenship: "UKR", Name: "Ukraine", PerVisitDays: 90, Cap: rulesCap,
			Basis: "Bilateral agreement", EffectiveFrom: d("2002-02-27"),
			Sources: src("S-OLDMFA", "S-MVD2023", "S-MVD2019", "S-PI"), Confidence: Medium,
			Note: "Start date per the old MFA table.",
		},
		Regime{
			Citizenship: "UZB", Name: "Uzbekistan", PerVisitDays: 30, Cap: rulesCap,
			Basis: "Bilateral protocol to the agreement of 7 Jul 2000 (ratified early 2023)", EffectiveFrom: d("2023-01-27"),
			Sources: src("S-UZB", "S-PI"), Confidence: High,
			Note: "Applies to entries after 27 Jan 2023; stays over 30 days need a temporary residence permit. Earlier years are not modelled.",
		},
	)
	slices.SortStableFunc(rows, func(a, b Regime) int {
		if a.Citizenship != b.Citizenship {
			if a.Citizenship < b.Citizenship {
				return -1
			}
			return 1
		}
		return a.EffectiveFrom.Compare(b.EffectiveFrom)
	})
	return rows
}

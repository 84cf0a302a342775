package stay

// PendingRegimes returns the regimes of acts that Kazakhstan has approved
// but whose entry into force is not established (docs/legal.md Part C §9):
//
//   - THA: the agreement done at Bangkok on 23 Apr 2024 and approved by a
//     Government decree of 14 Aug 2024, 30 days per visit and 90 in 180 —
//     the limits of the 30-day list, on a treaty basis;
//   - QAT: the protocol extending the 2015 agreement to ordinary passports,
//     approved for signing by Government decree No. 803 of 10 Oct 2022, 30
//     days within 90 from the first entry — stricter than the list.
//
// They are not in DefaultTable, so they change no answer until a caller
// enables them. Each row's EffectiveFrom is zero, which NewTable and
// Table.With reject: a caller who learns the date of entry into force sets
// EffectiveFrom to it — and Cap.CountFrom too where the act sets a cap of
// its own (QAT), so that days before it do not count — and adds the row
// with Table.With. Each call returns fresh rows.
func PendingRegimes() []Regime {
	return []Regime{
		{
			Citizenship: "QAT", Name: "Qatar", PerVisitDays: 30,
			Cap: Cap{Kind: FixedPeriod, Days: 30, WindowDays: 90},
			Basis: "Protocol amending the agreement of 26 Oct 2015 on visa exemption for diplomatic and special passports, " +
				"extending it to ordinary passports (draft approved for signing by Government decree No. 803 of 10 Oct 2022)",
			Sources:    []string{"S-QAT2022"},
			Confidence: Medium,
			Note: "Not known to be in force (docs/legal.md Part C §9): set EffectiveFrom and Cap.CountFrom to its date of entry into force. " +
				"\"30 days within 90 days from the date of first entry\" is read as 30 days per period of 90 from the first entry; " +
				"the figure comes from press reports of the draft.",
		},
		{
			Citizenship: "THA", Name: "Thailand", PerVisitDays: 30,
			Cap: Cap{Kind: RollingWindow, Days: 90, WindowDays: 180},
			Basis: "Bilateral agreement on visa exemption for holders of national passports, done at Bangkok on 23 Apr 2024 " +
				"(approved by Government decree of 14 Aug 2024)",
			Sources:    []string{"S-THA2024"},
			Confidence: High,
			Note: "Not known to be in force (docs/legal.md Part C §9): set EffectiveFrom to its date of entry into force. " +
				"The limits are those of the 30-day list, so its 90/180 counts like the rules' cap (Cap.CountFrom zero).",
		},
	}
}

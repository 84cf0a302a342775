package penalty

import (
	"time"

	"github.com/migreg/migreg/calendar"
)

// Sources of the default rows, as cited in docs/legal.md Part B §3.
const (
	src518p1 = "forum.zakon.kz (art. 518 quoted, Jun 2024); kodeksy-kz.com/ob_administrativnyh_pravonarusheniyah/518.htm (checked 05.12.2024)"
	src518rp = "islam.kz citing the East Kazakhstan police via zakon.kz; korgan-zan.kz (\"30 to 100 MCI\"); adyrna.kz"
	src517p3 = "oq.gov.kz/en/news/872 (2023)"
	src517p4 = "ernur.kz (a court in Aktobe)"
	src517ol = "oq.gov.kz/en home page (pre-2023 wording, outdated)"
	src923   = "one.uz (press summary of MVD order No. 923)"
)

// hostOffender is one kind of host that art. 518 fines separately.
type hostOffender struct {
	offender Offender
	size     BusinessSize
}

// hostOffenders lists every host an art. 518 row must cover.
func hostOffenders() []hostOffender {
	return []hostOffender{
		{HostIndividual, 0},
		{HostOfficial, 0},
		{HostEntity, SmallBusiness},
		{HostEntity, MediumBusiness},
		{HostEntity, LargeBusiness},
		{HostEntity, NonProfit},
	}
}

// defaultRules is the catalogue of docs/legal.md Part B §3, one row per cell;
// the package documentation tabulates it with the reasons for each choice.
func defaultRules() []Rule {
	var (
		codeStart = calendar.NewDate(2015, time.January, 1) // КоАП No. 235-V in force
		since2023 = calendar.NewDate(2023, time.January, 1) // art. 517 part 3 tiers attested
		since2024 = calendar.NewDate(2024, time.January, 1) // art. 518 wording attested
		order923  = calendar.NewDate(2026, time.July, 1)    // MVD order No. 923 in force
	)
	art517 := func(part int) Citation { return Citation{Article: 517, Part: part} }
	art518 := func(part int) Citation { return Citation{Article: 518, Part: part} }
	unconfirmed := func(o Offence, by Offender, size BusinessSize, repeat bool, from calendar.Date, c Citation, src, note string) Rule {
		return Rule{Offence: o, Offender: by, Size: size, Repeat: repeat, From: from,
			Citation: c, Confidence: Unconfirmed, Source: src, Note: note}
	}

	const (
		noteOld = "pre-2023 wording (15 MRP or expulsion); the current wording of this part was not retrieved, " +
			"and no newer figure is known, so the old one is kept at low confidence"
		noteRepeat517 = "no sanction for a repeat within a year was found for this offence"
		noteP3Gap     = "the source is truncated after the 5-day tier; a 2018-19 MVD proposal (dos-immigration.kz) is not used"
		noteFalse     = "order 923 names false data as a ground for refusal; the press reports fines, annulment or " +
			"expulsion, but no amount"
		noteP4 = "the text of part 4 was not retrieved; applied by a court as expulsion with a 5-year entry ban"
		noteP1 = "the sources give the 2024 wording; dates before 2024 are not covered. The article was not reported " +
			"amended on 1 Jul 2026, so the rows are open-ended"
		noteRepeatInd   = "sources: 30 MRP for individuals (docs/legal.md Part B §3.1 gives M-L; recorded as the lower level)"
		noteRepeatLarge = "sources give only a ceiling, \"up to 100 MRP\" plus a 1-year ban on invitations for " +
			"businesses; read as the large-business amount by analogy with part 1, where fines rise with size"
		noteRepeatOther = "sources give only a ceiling, \"up to 100 MRP\" plus a 1-year ban on invitations for " +
			"businesses; the amount for this offender is not known"
		noteP2         = "the sanction of part 2 was not retrieved"
		noteLateAnswer = "order 923 publishes no time limit for the host's answer, and whether a late " +
			"confirmation is a failure to inform the police in time (art. 518 part 1) is not known; override " +
			"these rows, e.g. with the part 1 amounts, to treat it as one"
	)

	rules := []Rule{
		// Art. 517: the foreigner.
		{Offence: NotRegistered, Offender: Foreigner, From: codeStart, Citation: art517(0),
			Sanction:   Sanction{FineMRP: 15, Expulsion: true, Alternative: true},
			Confidence: LowConfidence, Source: src517ol, Note: "living without registration: " + noteOld},
		unconfirmed(NotRegistered, Foreigner, 0, true, codeStart, art517(0), src517ol, noteRepeat517),
		{Offence: LateReregistration, Offender: Foreigner, From: codeStart, Citation: art517(0),
			Sanction:   Sanction{FineMRP: 15, Expulsion: true, Alternative: true},
			Confidence: LowConfidence, Source: src517ol, Note: "living at an address other than the registered one: " + noteOld},
		unconfirmed(LateReregistration, Foreigner, 0, true, codeStart, art517(0), src517ol, noteRepeat517),

		{Offence: Overstay, Offender: Foreigner, Tier: Tier{0, 3}, From: since2023, Citation: art517(3),
			Sanction: Sanction{Warning: true}, Confidence: MediumConfidence, Source: src517p3},
		{Offence: Overstay, Offender: Foreigner, Tier: Tier{3, 5}, From: since2023, Citation: art517(3),
			Sanction: Sanction{FineMRP: 10}, Confidence: MediumConfidence, Source: src517p3},
		{Offence: Overstay, Offender: Foreigner, Tier: Tier{5, 10}, From: since2023, Citation: art517(3),
			Confidence: Unconfirmed, Source: src517p3, Note: noteP3Gap},
		{Offence: Overstay, Offender: Foreigner, Tier: Tier{10, 0}, From: since2023, Citation: art517(3),
			Confidence: Unconfirmed, Source: src517p3, Note: noteP3Gap},
		unconfirmed(Overstay, Foreigner, 0, true, since2023, art517(0), src517p3, noteRepeat517),

		unconfirmed(FalseData, Foreigner, 0, false, order923, art517(0), src923, noteFalse),
		unconfirmed(FalseData, Foreigner, 0, true, order923, art517(0), src923, noteFalse),

		{Offence: CourtExpulsion, Offender: Foreigner, From: since2023, Citation: art517(4),
			Sanction:   Sanction{Expulsion: true, EntryBanYears: 5},
			Confidence: MediumConfidence, Source: src517p4, Note: noteP4},
		unconfirmed(CourtExpulsion, Foreigner, 0, true, since2023, art517(4), src517p4, noteRepeat517),
	}

	// Art. 518 part 1, first offence: the table of docs/legal.md Part B §3.1
	// (H-M, recorded as M).
	firstP1 := map[hostOffender]Sanction{
		{HostIndividual, 0}:          {Warning: true},
		{HostOfficial, 0}:            {FineMRP: 10},
		{HostEntity, SmallBusiness}:  {FineMRP: 10},
		{HostEntity, NonProfit}:      {FineMRP: 10},
		{HostEntity, MediumBusiness}: {FineMRP: 15},
		{HostEntity, LargeBusiness}:  {FineMRP: 20},
	}
	for _, h := range hostOffenders() {
		rules = append(rules, Rule{Offence: HostLateNotification, Offender: h.offender, Size: h.size,
			From: since2024, Citation: art518(1), Sanction: firstP1[h], Confidence: MediumConfidence,
			Source: src518p1, Note: noteP1})

		// Repeat within a year: only two cells are modelled (see the notes).
		switch h {
		case hostOffender{HostIndividual, 0}:
			rules = append(rules, Rule{Offence: HostLateNotification, Offender: h.offender, Repeat: true,
				From: since2024, Citation: art518(0), Sanction: Sanction{FineMRP: 30}, Confidence: LowConfidence,
				Source: src518rp, Note: noteRepeatInd})
		case hostOffender{HostEntity, LargeBusiness}:
			rules = append(rules, Rule{Offence: HostLateNotification, Offender: h.offender, Size: h.size,
				Repeat: true, From: since2024, Citation: art518(0),
				Sanction: Sanction{FineMRP: 100, InvitationBanYears: 1}, Confidence: LowConfidence,
				Source: src518rp, Note: noteRepeatLarge})
		default:
			rules = append(rules, unconfirmed(HostLateNotification, h.offender, h.size, true, since2024,
				art518(0), src518rp, noteRepeatOther))
		}

		for _, repeat := range []bool{false, true} {
			rules = append(rules,
				unconfirmed(HostHousingViolator, h.offender, h.size, repeat, since2024, art518(2), src518p1, noteP2),
				unconfirmed(HostLateConfirmation, h.offender, h.size, repeat, order923, art518(1), src923, noteLateAnswer))
		}
	}
	return rules
}

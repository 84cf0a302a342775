// Package penalty prices the administrative sanctions for breaking the
// registration rules for foreigners in Kazakhstan: КоАП (the Code of
// Administrative Offences, No. 235-V) art. 517 for the foreigner and
// art. 518 for the host, as effective-dated data (docs/legal.md Part B §3).
//
// The registration package detects violations and names them with an
// [Offence]; this package says what the law imposes for it and how much
// that costs in tenge.
//
// # Asking for a sanction
//
// A [Catalogue] holds the rows ([Rule]) and the MRP table ([MRP]).
// [DefaultCatalogue] returns the figures of docs/legal.md; [Catalogue.Assess]
// answers a [Query]:
//
//	a, err := penalty.DefaultCatalogue().Assess(penalty.Query{
//		Offence:  penalty.Overstay,
//		Offender: penalty.Foreigner,
//		Days:     4,          // days overstayed; the first day in breach is day 1
//		On:       firstDay,   // the offence date: the first day in breach
//	})
//	// a.Amount == 43 250 tenge (10 MRP at the 2026 MRP of 4 325)
//
// The [Assessment] carries the row applied (its [Citation], [Sanction],
// [Confidence], source and note), the MRP entry used and the amount as a
// [decimal.Decimal] of whole tenge. Amounts never pass through float64,
// and this package never changes the decimal package's global settings.
// [FormatTenge] prints an amount as "43 250 ₸".
//
// # What is known and what is not
//
// docs/legal.md grades every figure H, M, L or UNCONFIRMED, and says not to
// hard-code what is UNCONFIRMED. So the default catalogue has a row for
// each such cell too, but with confidence [Unconfirmed] and no sanction:
// [Catalogue.Assess] returns an [*UnconfirmedError] for it, which still
// carries the row (article, part, source, note), and [Catalogue.Lookup]
// returns the row itself. A caller who knows the figure supplies it with
// [Catalogue.Override]. An [ErrNoRule] error, by contrast, means the
// catalogue has nothing at all for the question.
//
// The default rows (offence dates from "From"; "part 0" means the sources
// did not give the part):
//
//	Offence                Offender                 Repeat  Days     Sanction                       Conf.  Art./part  From
//	not_registered         foreigner                no      any      15 MRP or expulsion            L      517        2015-01-01
//	not_registered         foreigner                yes     any      unconfirmed                    -      517        2015-01-01
//	late_reregistration    foreigner                no      any      15 MRP or expulsion            L      517        2015-01-01
//	late_reregistration    foreigner                yes     any      unconfirmed                    -      517        2015-01-01
//	overstay               foreigner                no      1-3      warning                        M      517/3      2023-01-01
//	overstay               foreigner                no      4-5      10 MRP                         M      517/3      2023-01-01
//	overstay               foreigner                no      6-10     unconfirmed                    -      517/3      2023-01-01
//	overstay               foreigner                no      11+      unconfirmed                    -      517/3      2023-01-01
//	overstay               foreigner                yes     any      unconfirmed                    -      517        2023-01-01
//	court_expulsion        foreigner                no      any      expulsion + 5-year entry ban   M      517/4      2023-01-01
//	court_expulsion        foreigner                yes     any      unconfirmed                    -      517/4      2023-01-01
//	false_data             foreigner                both    any      unconfirmed                    -      517        2026-07-01
//	host_late_notification host_individual          no      any      warning                        M      518/1      2024-01-01
//	host_late_notification host_official            no      any      10 MRP                         M      518/1      2024-01-01
//	host_late_notification entity: small/non_profit no      any      10 MRP                         M      518/1      2024-01-01
//	host_late_notification entity: medium           no      any      15 MRP                         M      518/1      2024-01-01
//	host_late_notification entity: large            no      any      20 MRP                         M      518/1      2024-01-01
//	host_late_notification host_individual          yes     any      30 MRP                         L      518        2024-01-01
//	host_late_notification entity: large            yes     any      100 MRP + 1-year invit. ban    L      518        2024-01-01
//	host_late_notification other hosts              yes     any      unconfirmed                    -      518        2024-01-01
//	host_housing_violator  every host               both    any      unconfirmed                    -      518/2      2024-01-01
//	host_late_confirmation every host               both    any      unconfirmed                    -      518/1      2026-07-01
//
// The choices behind the rows:
//
//   - Dates. "From" is the start of the year in which the sources attest
//     the wording (2023 for art. 517 part 3, and for part 4, whose source is
//     undated, with it; 2024 for art. 518), not the unknown date it entered
//     into force; earlier offences get
//     [ErrNoRule]. The two rows built on the pre-2023 wording run from the
//     Code's entry into force, 1 Jan 2015. No row ends: no later change is
//     known. A case is judged under the row in force on the offence date.
//   - Confidence ranges. docs/legal.md's "H-M" and "M-L" are recorded as the
//     lower level (M and L).
//   - Living without registration, or at another address (not_registered,
//     late_reregistration). The only figure found is the pre-2023 wording,
//     "15 MRP or expulsion", from an outdated page (L). It is kept, at
//     [LowConfidence] with a note, because a row citing the article is more
//     useful than nothing and no newer figure is known; the alternative is
//     a [Sanction] with Alternative set, and the amount is that of the fine.
//   - Overstay tiers (art. 517 part 3). "Up to 3 days" is days 1 to 3,
//     "more than 3, up to 5" days 4 and 5 ([Tier] bounds are exclusive
//     below and inclusive above). The source is truncated after 5 days, so
//     6 to 10 and over 10 are unconfirmed; the 2018-19 MVD proposal is not
//     used. An overstay of 0 days matches no tier.
//   - Art. 517 part 4 is known only from a court applying it as expulsion
//     with a 5-year entry ban; its conduct is unknown, so it is an offence
//     of its own, [CourtExpulsion], which registration never detects.
//   - Repeat offences by the host (art. 518). Individuals: 30 MRP (L).
//     Organisations: the sources give only a ceiling, "up to 100 MRP" with
//     a 1-year ban on invitations. It is read as the large-business amount
//     (L), by analogy with part 1 where fines rise with size; applying the
//     ceiling to smaller organisations or officials would overstate, so
//     their cells are unconfirmed. The part number is not known.
//   - Repeat offences by the foreigner: no figure was found; the rows exist
//     and are unconfirmed, so every offence has a first and a repeat row.
//   - The host under order 923 (from 1 Jul 2026). Art. 518 part 1 punishes
//     failing to inform the police in time, and is not reported amended, so
//     the host_late_notification rows stay open-ended: they still price a
//     late notice for a stay that began under the old regime. Whether a host
//     who confirms the foreigner's request late in the new system commits
//     that offence is not known (no time limit for the answer was
//     published), so it has its own code, [HostLateConfirmation], with
//     unconfirmed rows citing part 1. To treat it as a part 1 offence,
//     override those rows with the part 1 amounts.
//   - False data (order 923): the press reports fines, annulment or
//     expulsion but no amount; unconfirmed from 1 Jul 2026.
//   - Criminal liability for repeated violations (L) and the art. 517
//     sanction for acting against the purpose of a visa are not modelled.
//
// # The MRP
//
// Fines are multiples of the MRP (месячный расчётный показатель), set each
// year by the budget law (docs/legal.md Part B §3.3). The value for fines
// can change within a year, so each [MRP] entry applies from a day: 1
// January, or its From. The default table has 2015, 2016, 2018 to 2026,
// and for 2020 two values, 2,651 ₸ from 1 January and 2,778 ₸ from
// 1 April; 2022 is 3,063 ₸ all year, because its rise of 1 April applied
// to benefits, not fines. A day no entry covers (2017, 2027 and later,
// any year before 2015) is an [ErrUnknownYear] error ([*YearError]), never
// an estimate. [Catalogue.MRPOn] gives the value of a day, [Catalogue.MRP]
// that of 1 January. Add a year, or a change within a year, with
// [Catalogue.WithMRP]; an entry starting on the same day as another is an
// [ErrDuplicateYear] error. docs/legal.md Part D says when each year's
// value is published.
//
// Which day's MRP prices a fine is a [Policy] value: by default the
// offence date, the first day in breach (docs/legal.md Part A; the
// question itself is UNCONFIRMED), or else the day of the decision. A fine
// for an offence of March 2020 is priced at 2,651 ₸ per MRP, one of May
// 2020 at 2,778 ₸. A sanction without a fine (a warning, expulsion) needs
// no MRP.
//
// # Repeat offences
//
// КоАП raises the sanction for an offence committed "within one year" of a
// penalty for the same offence. [Policy.Repeat] decides it from the dates
// earlier penalties were imposed: the new offence date must fall 1 to 365
// days after one of them. The window is a Policy value.
//
// # Changing the data
//
// Every figure is overridable, and a Catalogue is immutable: each change
// returns a new one.
//
//   - [Catalogue.Override] replaces rows of the same offence, offender,
//     repeat flag and tier on the dates the new row covers (the way to make
//     an unconfirmed tier computable);
//   - [Catalogue.With] adds rows and rejects any overlap ([ErrOverlap]);
//   - [Catalogue.Without] removes rows, e.g. before re-tiering;
//   - [Catalogue.WithMRP] adds MRP years; [Catalogue.WithPolicy] sets the
//     policy; [NewCatalogue] starts from scratch.
//
// # Errors
//
// Every error matches one sentinel with [errors.Is] and, where details
// matter, is a typed error for [errors.As]: [*YearError], [*NoRuleError],
// [*UnconfirmedError], [*QueryError], [*RuleError], [*OverlapError],
// [*MRPError], [*DuplicateYearError], [*NameError]. Nothing in the package
// panics on bad input.
//
// # Concurrency
//
// A [Catalogue] is immutable and safe for concurrent use; [Policy],
// [Rule], [Query] and [Assessment] are plain values.
package penalty

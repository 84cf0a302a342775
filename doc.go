// Package migreg models how visa-free foreigners register in Kazakhstan
// under the digital procedure of the migration police (MVD order No. 923
// of 17 Nov 2025, in force from 1 July 2026), and the regime before it.
//
// migreg is an embeddable library: it computes every deadline on
// Kazakhstan's working-day calendar, checks stay limits, validates every
// state transition of a registration, issues verifiable certificates and
// stores everything through pluggable storage. It includes no server.
// Its users are hotel property-management systems (check-in and check-out
// in batches, with retries), agencies' back ends (audit trail, overdue
// scans, violations and fines), and property-based test suites that use it
// as a reference model.
//
// # What it models
//
//   - A visa-free foreigner enters (stays of up to 90 days; Uzbek citizens
//     are the largest group) and registers no later than the 30th calendar
//     day from the day of entry: personal data, the address and the host,
//     the person or organisation providing the housing.
//   - The host confirms or refuses in an app; on confirmation a
//     registration certificate appears in the foreigner's cabinet.
//   - After a change of address the foreigner re-registers within 5 working
//     days, on Kazakhstan's working-day calendar; the old address is removed
//     automatically.
//   - Missing registration, overstays and false data lead to fines,
//     annulment and expulsion.
//
// # Packages
//
// Dependencies point one way, from the calendar up to this package:
//
//   - [github.com/migreg/migreg/calendar]: the civil Date, Kazakhstan time,
//     the working-day calendar (holidays, weekend substitutes, decreed
//     transfers) and legal periods with a day-by-day explanation.
//   - registration/kzid: IIN and BIN numbers (planned).
//   - registration/stay: per-citizenship stay limits and the 90/180 engine
//     (planned).
//   - registration/penalty: the sanctions of КоАП art. 517 and 518 and the
//     MRP table (planned).
//   - registration: people, hosts, addresses, the registration lifecycle,
//     deadlines and violations (planned).
//   - certificate, store and its implementations, and the Service in this
//     package (planned).
//
// The examples directory holds runnable programs; start with
// examples/calendar.
//
// # Where the facts come from
//
// Every legal rule cites the section of the project's domain reference
// (domain.md) it implements. Part A fixes what migreg models and the
// conventions where the law is silent; Part B is the sourced research,
// each fact with a confidence level. Where a rule is uncertain it is a
// documented, overridable policy value, never a silent guess, and unknown
// data (a calendar year without published data, an unknown country or MRP
// year) is reported, not invented.
//
// # Glossary
//
//	ИС МП, ИС «Миграционная полиция»   the migration police information system
//	справка о регистрации             registration certificate
//	принимающее лицо                  host (the person or organisation providing housing)
//	перенос выходных дней             decreed transfer of days off
//	МРП (месячный расчётный показатель) monthly calculation index; fines are multiples of it
//	КоАП                              Code of Administrative Offences
//	ИИН / БИН                         individual / business identification number
package migreg

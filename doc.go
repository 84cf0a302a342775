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
// # The Service
//
// [Service] is what a hotel system or an agency back end calls. Build one
// with [New] over a store (store/memstore for tests and demos,
// store/sqlstore for SQLite or PostgreSQL) and [Options] (nil for the
// defaults): the rulebook, the [Clock], the [Notifier], the certificate
// issuer, a *slog.Logger.
//
//   - Commands, each in one store transaction: [Service.RecordEntry] and
//     [Service.RecordExit] (border facts), [Service.Submit] (with an
//     idempotency key), [Service.Confirm], [Service.Reject],
//     [Service.Withdraw], [Service.Move], [Service.Annul],
//     [Service.SubmitBatch] (per-item results, a dry run), and
//     [Service.CheckOut] and [Service.CheckOutBatch] (a host checks its
//     guests out), [Service.SubmitGroup] (a family or a tour group in one
//     submission), [Service.ConfirmGroup] and [Service.RejectGroup] (the
//     host's one decision on a group), [Service.Group].
//   - Queries: [Service.Registration], [Service.Status] (what the foreigner
//     sees in their cabinet), [Service.Person] (whom a pseudonymous
//     [registration.ForeignerID] stands for), [Service.History] (the audit log),
//     [Service.ByForeigner] and [Service.ByHost] (iterators over pages),
//     [Service.Due] (the deadline index, as [Deadline] values), [Service.Assess]
//     (violations and fines), [Service.Certificate].
//   - Time: [Service.Sweep] lapses unanswered requests, ends finished
//     stays and enqueues reminders; [Service.Deliver] hands the outbox to the
//     notifier, at least once, with retries and backoff.
//
// A host's [registration.Host.Contact] is required: the request to
// confirm goes there. A submission without one is refused with
// "host.contact: required".
//
// Every command that ends something takes the date it happened: an exit,
// a check-out. The registration ends on that date, and its event records
// it (EffectiveOn) beside the day it was processed, so that data a day
// late does not move the end. A check-out ends the registration at the
// host's address; a foreigner who stays in the country then re-registers
// within the period after a move, whose deadline [Service.Due] lists and
// [Service.Assess] reports missed, and their next filing for the stay is
// that re-registration.
//
// A submission may give the booking's planned end
// ([registration.Submission].PlannedEnd): a planned stay past the latest
// exit the stay limits allow is refused with a [registration.RefusalError]
// carrying the LatestExit, and the registration is valid until the planned
// end at the latest.
//
// A group registration ([GroupRequest]) files one registration per
// member, at one address with one host, all or nothing: a member who
// fails fails the group, and the [GroupError] names each failing member
// with its problems ("members[2].guardian: required"). Each member keeps
// their own deadlines, stay count and certificate; the host's one
// decision is each member's own outcome ([GroupResult]). Minors travel
// with a parent or guardian: order No. 923's rule is not published, and
// migreg's policy ([registration.MinorPolicy], in [registration.Rules])
// registers a child under 18 on the entry date only beside an adult's
// registration at the same address ([GroupMember.Guardian],
// [registration.Submission.Guardian]).
//
// A move is atomic: the old address stays active until the new
// registration is confirmed, and is superseded in the same commit, so a
// foreigner never has two active registrations.
//
// Ordinary calls need only this package and the domain packages: the
// store's errors a caller matches are here too ([ErrNotFound],
// [ErrConflict]). Package store is for those who choose or implement a
// store.
//
// Every command follows the same path: it reads the clock, then runs one
// closure in store.Store.Update that reads what the command needs, asks
// the domain for a [registration.Change] (a value: the registrations to
// save at the versions they were read at, and their events), and saves
// the change with what follows from it (deadlines, the certificate,
// outbox messages) in the same transaction.
//
// # JSON, raw input and logs
//
// Every value a program sends or receives has one JSON form, described
// with an example of each type in docs/wire.md: snake_case keys, enums as
// stable codes (the zero value as ""), dates as "YYYY-MM-DD", instants in
// RFC 3339, money as a decimal string with its currency, a notification's
// body as the JSON it holds, and errors in their public form, [WireError]
// ([WireErrorOf]); [BatchResult] marshals as {"index", "registration"} or
// {"index", "error"}, ready to send back to a client.
//
// A client's raw JSON is read with every problem at once, not stopping at
// the first value json.Unmarshal cannot read (a malformed IIN, a bad
// date): [registration.DecodeSubmission], [DecodeSubmitRequest], and
// [Service.SubmitBatchJSON], which reports an item that does not decode
// like any other invalid item.
//
// The Service logs nothing unless [Options.Logger] is set; then each
// command logs at Debug, a refused one at Warn and a store failure at
// Error. No String, fmt verb or slog value of any migreg type shows
// personal data or a pseudonymous ID: they are masked ("******567",
// "K. A.", "Алматы, ***", "f_***"). slog calls LogValue only for an attribute's own
// value, so a slice or a struct of your own holding migreg values, logged
// whole, goes through slog's JSON handler in its JSON form, personal data
// included: log each value as its own attribute (docs/wire.md, "Logs").
//
// # Packages
//
// Dependencies point one way, from the calendar up to this package:
//
//   - [github.com/migreg/migreg/calendar]: the civil Date, Kazakhstan time,
//     the working-day calendar (holidays, weekend substitutes, decreed
//     transfers) and legal periods with a day-by-day explanation.
//   - [github.com/migreg/migreg/registration/kzid]: IIN and BIN numbers.
//   - [github.com/migreg/migreg/registration/stay]: per-citizenship stay
//     limits and the 90/180 engine with planning queries.
//   - [github.com/migreg/migreg/registration/penalty]: the sanctions of
//     КоАП art. 517 and 518 and the MRP table.
//   - [github.com/migreg/migreg/registration]: people, hosts, addresses,
//     the registration lifecycle, rules, deadlines and violations.
//   - [github.com/migreg/migreg/certificate]: signed certificates, QR
//     tokens, offline verification, rendering.
//   - [github.com/migreg/migreg/store], store/memstore, store/sqlstore,
//     store/storetest: the storage contract, the in-memory store, the SQL
//     store for SQLite and PostgreSQL, the conformance suite.
//   - [github.com/migreg/migreg/registration/registrationtest]: rapid
//     generators of valid domain values (persons, hosts, hotels,
//     families, addresses, trips).
//   - [github.com/migreg/migreg/migregtest]: the test kit beside this
//     package, as httptest is beside net/http: a Service for tests
//     (usable inside rapid.Check bodies), a fake clock that counts
//     working days, generated steps with typed actors, and a runner that
//     applies them to a Service and to your own system, reporting the
//     first divergence.
//
// The examples directory holds runnable programs: start with
// examples/quickstart (go run ./examples/quickstart), then hotel,
// landlord, agency and calendar.
//
// # Where the facts come from
//
// Every legal rule cites the section of the legal reference that ships
// with the module, docs/legal.md, that it implements, in one form:
// "docs/legal.md Part B §3.3". Part A fixes what migreg models and the
// conventions where the law is silent; Part B is the sourced research,
// each fact with a confidence level; Part C lists every visa-free
// citizenship; Part D is the yearly update of the transfer order, Kurban
// Ait and the MRP. A test fails when a citation names a section the file
// lacks. Where a rule is uncertain it is a documented, overridable policy
// value, never a silent guess, and unknown data (a calendar year without
// published data, an unknown country or MRP year) is reported, not
// invented.
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

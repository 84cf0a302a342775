// Package stay answers the question every visa-free foreigner in Kazakhstan
// asks: how long may I stay, and am I in breach today? It holds the stay
// limits of every visa-free citizenship, effective-dated, and the engine that
// applies them to a history of trips. Everything is a pure function of its
// arguments: no I/O, no clock, no package-level state that can change.
//
// # Trips and days
//
// A [Trip] is an entry date and an exit date ([calendar.Date]); a zero exit
// means the person is still in the country. Each calendar day on which the
// person is present is a day of presence, counted once however many trips
// cover it. The entry day is day 1 (periods run from 00:01 of the crossing
// day, docs/legal.md Part B §2.1) and, by default, the exit day counts too
// (docs/legal.md Part A, "Stay days"). A same-day trip is one day.
//
// # Regimes
//
// A [Regime] has two limits:
//
//   - the per-visit cap, PerVisitDays: the longest continuous stay from one
//     entry (14, 30 or 90 days). Trips that overlap form one visit; a new
//     crossing, even on the day of the last exit, starts a new one;
//   - the cumulative [Cap]: either a RollingWindow — on every day of
//     presence, the window of WindowDays days that ends on it holds at most
//     Days days of presence (90/180 since 27 Jan 2023, also 42/180, 60/180,
//     30/180, 30/365) — or a FixedPeriod of WindowDays days counted from the
//     first entry, restarted by the first entry after it ends (90 per 365
//     days; 30 per 365 with one extension, see [Regime.Extend]).
//
// [RegimeFor] looks up the regime of a citizenship (ISO 3166-1 alpha-3 or
// alpha-2, see [ParseCitizenship]) on a date in [DefaultTable], the table of
// all 85 visa-free jurisdictions of docs/legal.md Part C (Part B §2.1a).
// Each row carries its legal basis, dates, sources and [Confidence]; rows
// that rest on estimates say so. A citizenship that needs a visa, or an
// unknown code, is an error, never a default. Callers can build their own
// table with [NewTable] or override rows with [Table.With]. By the
// convention of docs/legal.md Part A, a stay is judged under the regime in force
// on its entry date. Acts approved but not known to be in force (Thailand's
// agreement of 2024, Qatar's protocol of 2022) are not in the table:
// [PendingRegimes] returns their rows for a caller to enable with the date
// of entry into force (docs/legal.md Part C §9).
//
// # Queries
//
// Every query takes its control or planning date as an argument — there is
// no hidden "now". Each is a function of a []Trip, a method of [Policy]
// and a method of [History]:
//
//   - [DaysUsed]: days of presence in the 180-day window ending on a date;
//   - [StatusOn]: the control query — days used and remaining, the current
//     visit's day number, its latest exit, overstay days and which limit is
//     broken;
//   - [Remaining]: the days left under the cumulative cap;
//   - [LatestExit] and [PlanStay]: the planning query — the longest stay
//     from a planned entry; an [EntryError] when not even the entry day is
//     allowed, with the first date it is;
//   - [EarliestEntry]: the first date a stay of N days can begin;
//   - [ExitAllowed]: whether a person now in the country may leave on a
//     given date without breaking a limit.
//
// Results explain themselves: [Status.Window], [Plan.Window] and [WindowOn]
// return a [Window] listing the trips that fill the window and how many
// days each contributes. Explanations are computed on request, never by the
// fast queries.
//
// # Policy
//
// The conventions the law leaves open are fields of [Policy]; its zero
// value is the default the package-level functions use: the exit day
// counts, the window of date D is [D−179, D], and the 90/180 rule counts
// days of presence from 27 Jan 2023 (before it only the per-visit cap
// applied). Use a Policy's methods to count differently.
//
// # Cost
//
// The engine turns the trips into sorted, disjoint spans of days and
// reasons about span boundaries, never about single days. A [History]
// holds the trips checked and sorted by entry (built once, in O(t log t)
// for t trips, O(t) when they are already in order); each of its queries
// finds by binary search the first trip that can reach its window and
// looks only at the trips from there to the window's end, so its cost
// does not grow with the years of travel before the window, and it does
// not allocate for up to 16 trips in the window. The exception is a
// FixedPeriod cap, whose periods chain from the first entry after the
// count start: its queries look at every trip since then. The functions
// and Policy methods that take a []Trip build a History for each call (one
// allocation) and ask it: build one yourself to ask many questions.
//
// # Errors
//
// Every error matches a sentinel with [errors.Is]: [ErrInvalidTrip] (as
// [*TripError]), [ErrUnknownCitizenship], [ErrVisaRequired], [ErrNotInForce]
// and [ErrNotForeign] (as [*CitizenshipError]), [ErrEntryNotAllowed] (as
// [*EntryError]), [ErrInvalidRegime] (as [*RegimeError]), [ErrStayTooLong],
// [ErrNotPresent], [ErrNoExtension], [ErrInvalidDate] and [ErrUnknownName].
//
// # Concurrency
//
// All functions and methods are safe for concurrent use. [Table] is
// immutable; [Policy], [Regime], [Trip] and the results are values.
package stay

// Package calendar owns legal days in Kazakhstan: the civil [Date], the
// conversion of instants to dates in Kazakhstan time ([DateOf]), the
// official working-day [Calendar] of the five-day week, and legal periods
// counted on it with an explanation of every day ([Deadline]).
//
// # Dates, not instants
//
// Deadlines in migration law run in whole days ("не позднее 30-го
// календарного дня", "в течение 5 рабочих дней"), so every legal day in
// migreg is a [Date]: a year, month and day with no time zone. An instant
// (a border crossing's timestamp) becomes a Date once, at the edge, with
// [DateOf], which uses Kazakhstan's offsets — UTC+5 everywhere since
// 1 March 2024, Asia/Almaty before — from a table embedded in this
// package, never the host's tzdata.
//
// # The working-day calendar
//
// [Kazakhstan] returns the official calendar for the five-day week, built
// from the sources of docs/legal.md Part B §4:
//
//   - fixed-date holidays with the years each was in force: the 2022 law
//     (Republic Day back on 25 October; First President Day and the second
//     day of Independence Day gone), and Constitution Day on 30 August until
//     2025, on 15 March from 2027, and on neither in 2026; a holiday's names
//     (English, Russian, Kazakh) can change by year too: 25 October is
//     «Қазақстан Республикасы күні», the Day of the Republic of Kazakhstan,
//     from 2026;
//   - the weekend rule of the Law on holidays, art. 5: each holiday on a
//     Saturday or Sunday gives its own substitute, the next working day that
//     is neither a holiday nor another substitute, so substitutes chain;
//   - its exceptions: 7 January and the first day of Kurban Ait are never
//     moved (Labour Code art. 84 p. 5);
//   - Kurban Ait from a per-year table (2027 is an estimate);
//   - the decreed transfers of each year (a weekend day worked, a working
//     day off), which apply last and can even take back a substitute, as in
//     May 2020.
//
// Dates from 2016 through 2027 are checked day by day against the
// published calendars; [Calendar.Confirmed] tells which years rest on
// published data. Earlier years are best effort and later years follow the
// fixed-date rules until their data is added with
// [Calendar.WithKurbanAit] and [Calendar.WithTransferOrder], which return
// a new calendar and reject contradictions with a typed [*AdditionError].
//
// The calendar compiles its rules into a table of one bit per day with
// running counts, so [Calendar.IsWorkingDay], [Calendar.AddWorkingDays]
// and [Calendar.WorkingDaysBetween] take nanoseconds and never allocate
// (see BENCHMARKS.md). A Calendar is immutable and safe for concurrent use.
// [Kazakhstan] compiles the table once per process and every calendar it
// returns shares it, so calling it per request costs next to nothing.
//
// # Legal periods
//
// [Calendar.CalendarDaysAfter] and [Calendar.WorkingDaysAfter] count a
// period from an event and return a [Deadline] that can print itself day by
// day. The conventions the law leaves open are explicit [PeriodOptions]:
// whether the event day is day 1 and whether a last day that is a day off
// rolls forward. docs/legal.md Part A fixes the defaults migreg uses: the
// 30-day registration deadline counts the entry day and does not roll; the
// 5-working-day re-registration period starts the day after the move.
//
// # rickar/cal
//
// [Calendar.Holidays] exports the holiday rules as github.com/rickar/cal/v2
// definitions, and [Calendar.BusinessCalendar] a rickar business calendar
// that agrees with this one on every day.
package calendar

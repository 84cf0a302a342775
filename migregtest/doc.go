// Package migregtest is a test kit for programs built on migreg, and for
// property tests that use migreg as a reference model, as
// net/http/httptest is for net/http. It sits beside the root package
// because it builds a [migreg.Service]; the generators of domain values
// it draws from (persons, hosts, hotels, families, addresses, trips) are
// in registration/registrationtest.
//
//   - [NewService] builds a Service for tests: a fresh in-memory store, a
//     fake [Clock], counting IDs, the test certificate issuer and the
//     published demo pseudonym key (never for production data). It takes
//     no testing.TB, so a rapid.Check body can build one per case.
//   - [Clock] stands still until told to move, by instants, calendar days
//     or working days of Kazakhstan's calendar ([Clock.AdvanceWorkingDays]
//     skips weekends, holidays and decreed transfers).
//   - [Ops] and [History] draw sequences of generated steps ([Op]) with
//     typed actors ([Actor]): random mixes of every command (submissions,
//     moves, the host's answers, withdrawals, annulments, check-outs alone
//     and in batches,
//     group filings and decisions, exits, sweeps, deliveries, with
//     retries, and a host's confirm and reject of one request), and
//     long histories of one person with many
//     trips and registrations over years.
//   - [Runner] applies the steps to a Service and, beside it, to the
//     user's own [System] (a PMS, a back end, a model), compares what each
//     step led to ([Outcome]), and stops at the first [Divergence] with
//     the sequence that led to it, which rapid then shrinks.
//   - [Mirror] makes another Service the System: two stores (memstore and
//     SQLite or PostgreSQL) or two configurations must agree step by step.
//   - [Inbox] is a notifier that records what it receives.
//
// A property test of a PMS against migreg, in outline:
//
//	rapid.Check(t, func(t *rapid.T) {
//		svc, clock, err := migregtest.NewService()
//		if err != nil {
//			t.Fatal(err)
//		}
//		people := []registration.Person{registrationtest.Person().Draw(t, "guest")}
//		ops := append(migregtest.Entries(len(people)), migregtest.Ops(30).Draw(t, "ops")...)
//		r := &migregtest.Runner{Service: svc, Clock: clock, People: people, System: myPMS(clock)}
//		if err := r.Run(context.Background(), ops); err != nil {
//			t.Fatal(err) // a *migregtest.Divergence lists the steps
//		}
//	})
//
// Everything is deterministic given rapid's seed: no wall clock, no
// global randomness, IDs that count.
package migregtest

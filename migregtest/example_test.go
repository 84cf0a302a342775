package migregtest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
)

// A Service for a test, with no testing.TB: one per rapid case.
func ExampleNewService() {
	ctx := context.Background()
	svc, clock, err := migregtest.NewService(migregtest.Start(calendar.MustParseDate("2026-08-03")))
	if err != nil {
		fmt.Println(err)
		return
	}
	guest := registrationtest.Person().Example(1)
	if err := svc.RecordEntry(ctx, guest, clock.Today()); err != nil {
		fmt.Println(err)
		return
	}
	id, _ := svc.ForeignerID(ctx, guest)
	st, err := svc.Status(ctx, id, clock.Today())
	if err != nil || len(st.Deadlines) == 0 {
		fmt.Println(err)
		return
	}
	fmt.Println(clock.Today(), st.Deadlines[0].Kind, st.Deadlines[0].Due)
	// Output:
	// 2026-08-03 registration 2026-09-01
}

// The fake clock moves by calendar days and by working days: five
// working days after Friday 4 December 2026 skip the weekend, landing on
// Friday 11; from Wednesday 16 December, Independence Day, the next
// working day is Thursday 17.
func ExampleClock() {
	c := migregtest.NewClock(calendar.MustParseDate("2026-12-04"))
	fmt.Println(c.Now().Format("2006-01-02 15:04 -07:00"))
	fmt.Println(c.AdvanceWorkingDays(5))
	c.AdvanceDays(5)
	fmt.Println(c.Today(), c.Today().Weekday())
	fmt.Println(c.AdvanceWorkingDays(1)) // Wednesday 16 December is Independence Day
	c.SetDate(calendar.MustParseDate("2027-01-01"))
	fmt.Println(c.Today())
	// Output:
	// 2026-12-04 09:00 +05:00
	// 2026-12-11
	// 2026-12-16 Wednesday
	// 2026-12-17
	// 2027-01-01
}

// The generators draw valid hotels, families and long histories; Example
// shows one value of each (rapid draws many in a property).
func ExampleHistory() {
	hotel := registrationtest.Hotel().Example(1)
	family := registrationtest.Family(calendar.MustParseDate("2026-07-10")).Example(2)
	fmt.Println(hotel.Kind, hotel.Validate() == nil, hotel.Kind.FilesForGuests())
	fmt.Println(len(family.Parents) >= 1, len(family.Children) >= 1)
	for _, child := range family.Children {
		fmt.Println(child.Surname == family.Parents[0].Surname, child.BirthDate.After(calendar.MustParseDate("2008-07-10")))
		break
	}
	ops := migregtest.History(0, 2).Example(3)
	trips, days := 0, 0
	for _, op := range ops {
		days += op.Days
		if op.Kind == migregtest.OpEntry {
			trips++
		}
	}
	fmt.Println(trips > 1, days >= 2*365)
	// Output:
	// hotel true true
	// true true
	// true true
	// true true
}

// The runner applies generated steps to a Service and to your own
// system, compares what each step led to, and stops at the first
// divergence. Here the "system" forgets that a request the foreigner
// withdraws is withdrawn.
func ExampleRunner() {
	ctx := context.Background()
	svc, clock, err := migregtest.NewService()
	if err != nil {
		fmt.Println(err)
		return
	}
	var mine []registration.State // what my system knows
	sys := migregtest.SystemFunc(func(_ context.Context, s migregtest.Step) (migregtest.Outcome, error) {
		if s.Op.Kind == migregtest.OpSubmit {
			mine = append(mine, registration.Pending)
		}
		return migregtest.Outcome{States: append([]registration.State(nil), mine...)}, nil
	})
	host := registrationtest.Host().Example(4)
	ops := []migregtest.Op{
		{Kind: migregtest.OpEntry},
		{Kind: migregtest.OpSubmit, Days: 2, Actor: migregtest.ActorForeigner, Submission: registration.Submission{
			Host: host, Address: registrationtest.Address().Example(5), Place: registrationtest.PlaceFor(host)}},
		{Kind: migregtest.OpWithdraw, Days: 1, Actor: migregtest.ActorForeigner},
	}
	r := &migregtest.Runner{Service: svc, Clock: clock, People: []registration.Person{registrationtest.Person().Example(6)}, System: sys}
	err = r.Run(ctx, ops)
	var d *migregtest.Divergence
	if errors.As(err, &d) {
		fmt.Println(err)
	}
	// In a property, the steps come from migregtest.Ops inside
	// rapid.Check, which shrinks a diverging sequence to a short one.

	// Output:
	// migregtest: step 3 (withdraw by foreigner, day 2026-07-04, person 0, registration #0) diverged: the service says ok [withdrawn]; the system says ok [pending]
	// steps:
	//     1 entry, day 2026-07-01, person 0
	//     2 submit by foreigner, day 2026-07-03, person 0
	//     3 withdraw by foreigner, day 2026-07-04, person 0, registration #0
}

// Mirror makes another Service the system: here two in-memory ones (in
// store/sqlstore/dbtest, memstore and a SQL database) run the same steps
// and must agree on each.
func ExampleMirror() {
	ctx := context.Background()
	a, clockA, _ := migregtest.NewService()
	b, clockB, _ := migregtest.NewService()
	people := []registration.Person{registrationtest.Person().Example(7)}
	host := registrationtest.Hotel().Example(8)
	ops := append(migregtest.Entries(1),
		migregtest.Op{Kind: migregtest.OpSubmit, Days: 1, Actor: migregtest.ActorHost, Submission: registration.Submission{
			Host: host, Address: registrationtest.Address().Example(9), Place: registrationtest.PlaceFor(host)}},
		migregtest.Op{Kind: migregtest.OpCheckOut, Days: 3, Back: 1, Actor: migregtest.ActorHost},
	)
	r := &migregtest.Runner{Service: a, Clock: clockA, People: people, System: migregtest.Mirror(b, clockB, people)}
	fmt.Println(r.Run(ctx, ops))
	for _, s := range r.Steps() {
		fmt.Println(s.N, s.Op.Kind, s.Today, s.On)
	}
	// Output:
	// <nil>
	// 1 entry 2026-07-01 0000-00-00
	// 2 submit 2026-07-02 0000-00-00
	// 3 check_out 2026-07-05 2026-07-04
}

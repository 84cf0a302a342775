package dbtest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// Check-outs, exit dates and planned ends on each database: what the
// Service records (the end on its own date beside the day processed, the
// re-registration deadline, a booking's planned end, the refusals) reads
// back the same from every store.

func TestMemoryCheckOut(t *testing.T) { checkOutStory(t, memstore.New(nil)) }

func TestSQLiteCheckOut(t *testing.T) { checkOutStory(t, newSQLiteStore(t)) }

func TestPostgresCheckOut(t *testing.T) { checkOutStory(t, newPostgresStore(t, openPostgres(t))) }

// checkOutWant is the story's transcript on every store.
const checkOutWant = `batch 0: ended checked_out closed 2026-07-09
batch 1: error on: in_future
batch 2: error not found
batch 3: ended checked_out closed 2026-07-10
retry: v3
pending request: transition from pending
other host: forbidden
guest 0 event 3: ended on 2026-07-10 effective 2026-07-09 reason checked_out
guest 3 event 3: ended on 2026-07-10 effective 2026-07-09 reason departed
due: reregistration 2026-07-16 moved 2026-07-09
assess guest 0 on 2026-07-20: late_reregistration 4 days
guest 0 next: confirmed moved from guest 0 on 2026-07-09, planned end 2026-07-25, valid until 2026-07-25
planned past the limit: refused, latest exit 2026-07-30
due after: none
`

func checkOutStory(t *testing.T, s store.Store) {
	ctx := t.Context()
	now := entryDay.In(calendar.KazakhstanZone()).Add(14 * time.Hour)
	clock := migreg.ClockFunc(func() time.Time { return now })
	svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	desk := hotelAlmaty(t)
	by := registration.HostActor(svc.HostID(desk))
	checkIn := func(p registration.Person, building string, planned calendar.Date) registration.Registration {
		t.Helper()
		r, err := svc.Submit(ctx, migreg.SubmitRequest{
			Submission: registration.Submission{Person: p, Host: desk, Place: registration.Hotel, Entry: entryDay, PlannedEnd: planned,
				Address: registration.Address{Region: "Алматы", Street: "ул. Сатпаева", Building: building}},
			By: by,
		})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	var regs []registration.Registration
	for i := range 4 {
		if err := svc.RecordEntry(ctx, person(i), entryDay); err != nil {
			t.Fatal(err)
		}
		regs = append(regs, checkIn(person(i), "29/6", calendar.Date{}))
	}
	h, err := host(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordEntry(ctx, person(9), entryDay); err != nil {
		t.Fatal(err)
	}
	pending, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
		Person: person(9), Host: h, Place: registration.PrivateHome, Entry: entryDay,
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10"},
	}})
	if err != nil {
		t.Fatal(err)
	}

	var b strings.Builder
	errText := func(err error) string {
		var ve *registration.ValidationError
		var te *registration.TransitionError
		switch {
		case errors.As(err, &ve):
			return fmt.Sprintf("%s: %s", ve.Problems[0].Path, ve.Problems[0].Code)
		case errors.As(err, &te):
			return "transition from " + te.From.String()
		case errors.Is(err, migreg.ErrNotFound):
			return "not found"
		case errors.Is(err, registration.ErrForbidden):
			return "forbidden"
		}
		return fmt.Sprint(err)
	}
	now = now.AddDate(0, 0, 9) // 10 July: yesterday's check-outs reach the Service
	day := calendar.MustParseDate
	for _, res := range svc.CheckOutBatch(ctx, []migreg.CheckOutRequest{
		{Registration: regs[0].ID, On: day("2026-07-09"), By: by},
		{Registration: regs[1].ID, On: day("2026-07-11"), By: by},
		{Registration: "r-unknown", On: day("2026-07-09"), By: by},
		{Registration: regs[2].ID, On: day("2026-07-10"), By: by},
	}) {
		if res.Err != nil {
			fmt.Fprintf(&b, "batch %d: error %s\n", res.Index, errText(res.Err))
			continue
		}
		r := res.Registration
		fmt.Fprintf(&b, "batch %d: %v %v closed %v\n", res.Index, r.State, r.Reason.Code, r.ClosedOn)
	}
	again, err := svc.CheckOut(ctx, migreg.CheckOutRequest{Registration: regs[0].ID, On: day("2026-07-09"), By: by})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "retry: v%d\n", again.Version)
	_, err = svc.CheckOut(ctx, migreg.CheckOutRequest{Registration: pending.ID, On: day("2026-07-09"), By: registration.HostActor(pending.HostID)})
	fmt.Fprintf(&b, "pending request: %s\n", errText(err))
	_, err = svc.CheckOut(ctx, migreg.CheckOutRequest{Registration: regs[1].ID, On: day("2026-07-09"), By: registration.HostActor(pending.HostID)})
	fmt.Fprintf(&b, "other host: %s\n", errText(err))

	// Guest 2 leaves the country on the check-out day, guest 3 the day
	// before (border data a day late), without being checked out.
	for i, exit := range map[int]string{2: "2026-07-10", 3: "2026-07-09"} {
		id, err := svc.ForeignerID(ctx, person(i))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.RecordExit(ctx, id, day(exit)); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{0, 3} {
		events, err := svc.History(ctx, regs[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		e := events[len(events)-1]
		fmt.Fprintf(&b, "guest %d event %d: %v on %v effective %v reason %v\n", i, e.Seq, e.Type, e.On, e.EffectiveOn, e.Reason.Code)
	}
	due := func() {
		n := 0
		for d, err := range svc.Due(ctx, day("2026-07-31"), migreg.DueReregistration) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			fmt.Fprintf(&b, "due: %v %v moved %v\n", d.Kind, d.Due, d.MovedOn)
		}
		if n == 0 {
			b.WriteString("due after: none\n")
		}
	}
	due()
	guest0, err := svc.ForeignerID(ctx, person(0))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := svc.Assess(ctx, guest0, day("2026-07-20"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		fmt.Fprintf(&b, "assess guest 0 on 2026-07-20: %v %d days\n", v.Offence, v.Days)
	}
	now = day("2026-07-20").In(calendar.KazakhstanZone()).Add(10 * time.Hour)
	next := checkIn(person(0), "44", day("2026-07-25"))
	if next, err = svc.Registration(ctx, next.ID); err != nil {
		t.Fatal(err)
	}
	from := "another"
	if next.MovedFrom == regs[0].ID {
		from = "guest 0"
	}
	fmt.Fprintf(&b, "guest 0 next: %v moved from %s on %v, planned end %v, valid until %v\n", next.State, from, next.MovedOn, next.PlannedEnd, next.ValidUntil)
	_, err = svc.Submit(ctx, migreg.SubmitRequest{By: by, Submission: registration.Submission{
		Person: person(1), Host: desk, Place: registration.Hotel, Entry: entryDay, PlannedEnd: day("2026-08-15"),
		Address: registration.Address{Region: "Алматы", Street: "ул. Сатпаева", Building: "29/6"},
	}})
	var re *registration.RefusalError
	if errors.As(err, &re) {
		fmt.Fprintf(&b, "planned past the limit: refused, latest exit %v\n", re.LatestExit)
	} else {
		fmt.Fprintf(&b, "planned past the limit: %v\n", err)
	}
	due()

	if got := b.String(); got != checkOutWant {
		t.Errorf("the check-out story on %T:\n%s\nwant:\n%s", s, got, checkOutWant)
	}
}

// BenchmarkSQLiteCheckOut compares a group's check-out as one
// CheckOutBatch (the items share a transaction, so one commit, one fsync)
// with one CheckOut per guest, on SQLite in a file.
func BenchmarkSQLiteCheckOut(b *testing.B) {
	const n = 50
	for _, how := range []string{"batch", "single"} {
		b.Run(how, func(b *testing.B) {
			ctx := b.Context()
			round := 0
			for b.Loop() {
				b.StopTimer()
				now := entryDay.In(calendar.KazakhstanZone()).Add(14 * time.Hour)
				svc, err := migreg.New(newSQLiteStore(b), &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now })})
				if err != nil {
					b.Fatal(err)
				}
				desk := hotelAlmaty(b)
				by := registration.HostActor(svc.HostID(desk))
				round++
				var reqs []migreg.SubmitRequest
				for i := range n {
					reqs = append(reqs, migreg.SubmitRequest{By: by, Submission: registration.Submission{
						Person: person(round*1000 + i), Host: desk, Place: registration.Hotel, Entry: entryDay,
						Address: registration.Address{Region: "Алматы", Street: "ул. Сатпаева", Building: "29/6"},
					}})
				}
				var outs []migreg.CheckOutRequest
				for _, res := range svc.SubmitBatch(ctx, reqs, migreg.BatchOptions{}) {
					if res.Err != nil {
						b.Fatal(res.Err)
					}
					outs = append(outs, migreg.CheckOutRequest{Registration: res.Registration.ID, On: entryDay.AddDays(3), By: by})
				}
				now = now.AddDate(0, 0, 3)
				b.StartTimer()
				if how == "batch" {
					for _, res := range svc.CheckOutBatch(ctx, outs) {
						if res.Err != nil {
							b.Fatal(res.Err)
						}
					}
					continue
				}
				for _, o := range outs {
					if _, err := svc.CheckOut(ctx, o); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/guest")
		})
	}
}

package migreg_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
)

// BenchmarkCheckOut compares a hotel's check-out of a tour group as one
// CheckOutBatch (items sharing transactions) with the same guests checked
// out one CheckOut at a time, on the in-memory store: the cost per guest
// of the Service's own work (each check-out ends the registration,
// revokes nothing it must read, indexes the re-registration deadline and
// enqueues two notifications).
func BenchmarkCheckOut(b *testing.B) {
	for _, n := range []int{50} {
		for _, how := range []string{"batch", "single"} {
			b.Run(fmt.Sprintf("%s/%d", how, n), func(b *testing.B) {
				ctx := context.Background()
				h := hotel(b)
				by := registration.HostActor(hid(h))
				round := 0
				for b.Loop() {
					b.StopTimer()
					svc, clock, err := migregtest.NewService(migregtest.Start(date("2026-07-02")))
					if err != nil {
						b.Fatal(err)
					}
					round++
					var reqs []migreg.SubmitRequest
					for i := range n {
						r := request(person(fmt.Sprintf("FC%03d%04d", round%1000, i)), h, "2026-07-01")
						r.By, r.Submission.Place = by, registration.Hotel
						reqs = append(reqs, r)
					}
					var outs []migreg.CheckOutRequest
					for _, res := range svc.SubmitBatch(ctx, reqs, migreg.BatchOptions{}) {
						if res.Err != nil {
							b.Fatal(res.Err)
						}
						outs = append(outs, migreg.CheckOutRequest{Registration: res.Registration.ID, On: date("2026-07-05"), By: by})
					}
					clock.AdvanceDays(3)
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
}

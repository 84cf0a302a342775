package migreg_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
)

// BenchmarkGroupCheckIn compares a hotel's check-in of a tour group as
// one SubmitGroup (one transaction, all or nothing) with the same guests
// as a SubmitBatch (per-item units), on the in-memory store: the cost per
// guest of the Service's own work.
func BenchmarkGroupCheckIn(b *testing.B) {
	for _, n := range []int{4, 50, 500} {
		for _, how := range []string{"group", "batch"} {
			b.Run(fmt.Sprintf("%s/%d", how, n), func(b *testing.B) {
				ctx := context.Background()
				h := hotel(b)
				by := registration.HostActor(hid(h))
				round := 0
				for b.Loop() {
					b.StopTimer()
					svc, _, err := migregtest.NewService(migregtest.Start(date("2026-07-02")))
					if err != nil {
						b.Fatal(err)
					}
					round++
					g := migreg.GroupRequest{Host: h, Address: flat("10"), Place: registration.Hotel, By: by}
					var reqs []migreg.SubmitRequest
					for i := range n {
						p := person(fmt.Sprintf("FB%03d%04d", round%1000, i))
						g.Members = append(g.Members, migreg.GroupMember{Person: p, Entry: date("2026-07-01")})
						r := request(p, h, "2026-07-01")
						r.By, r.Submission.Place = by, registration.Hotel
						reqs = append(reqs, r)
					}
					b.StartTimer()
					if how == "group" {
						if _, err := svc.SubmitGroup(ctx, g); err != nil {
							b.Fatal(err)
						}
						continue
					}
					for _, res := range svc.SubmitBatch(ctx, reqs, migreg.BatchOptions{}) {
						if res.Err != nil {
							b.Fatal(res.Err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/guest")
			})
		}
	}
}

package migreg

import (
	"sync"
	"testing"
	"time"
)

// TestIDGeneratorConcurrent: IDs drawn by many goroutines at once, within
// one millisecond, are distinct and sort in the order of their counter;
// under -race, drawing them is race-free.
func TestIDGeneratorConcurrent(t *testing.T) {
	now := time.Date(2026, 7, 1, 4, 0, 0, 0, time.UTC)
	next := newIDGenerator(ClockFunc(func() time.Time { return now }))
	const goroutines, each = 8, 200
	ids := make([][]string, goroutines)
	var wg sync.WaitGroup
	for g := range ids {
		wg.Go(func() {
			for range each {
				ids[g] = append(ids[g], next())
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for g, list := range ids {
		for i, id := range list {
			if seen[id] {
				t.Fatalf("the ID %s was drawn twice", id)
			}
			seen[id] = true
			if i > 0 && id <= list[i-1] {
				t.Fatalf("goroutine %d drew %s after %s; want IDs that sort in the order drawn", g, id, list[i-1])
			}
		}
	}
}

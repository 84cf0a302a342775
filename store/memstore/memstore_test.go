package memstore_test

import (
	"testing"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
	"github.com/migreg/migreg/store/storetest"
)

// TestConformance runs the store contract's conformance suite.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return memstore.New(nil) })
}

// BenchmarkStore runs the suite's benchmarks on memstore.
func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, func(*testing.B) store.Store { return memstore.New(nil) })
}

package storetest_test

import (
	"testing"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/storetest"
)

// A store's conformance test is one line. This is the whole of one; a real
// store passes its own constructor, such as memstore.New, where this
// example uses the package's test fake.
func ExampleRun() {
	testConformance := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store { return newFake(bugs{}) })
	}
	_ = testConformance // in a _test.go file: func TestConformance(t *testing.T) { ... }
}

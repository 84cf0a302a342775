package penalty_test

import (
	"testing"

	"github.com/migreg/migreg/registration/penalty"
	"github.com/shopspring/decimal"
)

var benchQuery = penalty.Query{
	Offence: penalty.HostLateNotification, Offender: penalty.HostEntity, Size: penalty.MediumBusiness,
	Days: 2, On: d("2026-03-02"),
}

func BenchmarkAssess(b *testing.B) {
	c := penalty.DefaultCatalogue()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Assess(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	c := penalty.DefaultCatalogue()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Lookup(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinearScan is the baseline for Lookup: the obvious scan over
// all rows, as in the property tests' oracle.
func BenchmarkLinearScan(b *testing.B) {
	rules := penalty.DefaultCatalogue().Rules()
	b.ReportAllocs()
	for b.Loop() {
		found := false
		for _, r := range rules {
			if r.Offence == benchQuery.Offence && r.Offender == benchQuery.Offender && r.Size == benchQuery.Size &&
				r.Repeat == benchQuery.Repeat && r.Tier.Contains(benchQuery.Days) &&
				!benchQuery.On.Before(r.From) && (r.To.IsZero() || !benchQuery.On.After(r.To)) {
				found = true
			}
		}
		if !found {
			b.Fatal("no row")
		}
	}
}

var sinkCatalogue *penalty.Catalogue

// BenchmarkDefaultCatalogue is the cost of a default catalogue after the
// first call, which builds the shared rows (run with -benchtime=1x in a
// fresh process to see that cost). The sink keeps the result on the heap,
// as a caller's would be.
func BenchmarkDefaultCatalogue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkCatalogue = penalty.DefaultCatalogue()
	}
}

func BenchmarkFormatTenge(b *testing.B) {
	amount := decimal.NewFromInt(432500)
	b.ReportAllocs()
	for b.Loop() {
		_ = penalty.FormatTenge(amount)
	}
}

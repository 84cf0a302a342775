package penalty_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/migreg/migreg/registration/penalty"
)

// catalogueView is everything a catalogue tells a caller: its rows, its
// MRP table, its policy and the answer of Lookup and Assess for a query
// at the start of every row. It holds copies, so it can be compared after
// the catalogue's users have changed what they were given.
type catalogueView struct {
	Rules   []penalty.Rule
	MRP     []penalty.MRP
	Policy  penalty.Policy
	Lookups []penalty.Rule
	Assess  []penalty.Assessment
	Errors  []string
}

// rowQuery is a query the row r answers.
func rowQuery(r penalty.Rule) penalty.Query {
	return penalty.Query{Offence: r.Offence, Offender: r.Offender, Size: r.Size, Repeat: r.Repeat,
		Days: r.Tier.MinDays + 1, On: r.From}
}

func viewOfCatalogue(c *penalty.Catalogue) catalogueView {
	v := catalogueView{Rules: c.Rules(), MRP: c.MRPTable(), Policy: c.Policy()}
	for _, r := range v.Rules {
		got, err := c.Lookup(rowQuery(r))
		v.Lookups = append(v.Lookups, got)
		a, aerr := c.Assess(rowQuery(r))
		v.Assess = append(v.Assess, a)
		v.Errors = append(v.Errors, errText(errors.Join(err, aerr)))
	}
	return v
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// spoilRule changes every field of r.
func spoilRule(r *penalty.Rule) {
	r.Offence, r.Offender, r.Size, r.Repeat = 0, 0, 0, !r.Repeat
	r.Tier = penalty.Tier{MinDays: 7, MaxDays: 8}
	r.From, r.To = r.From.AddDays(-1), r.From
	r.Citation = penalty.Citation{Article: 1, Part: 2}
	r.Sanction = penalty.Sanction{FineMRP: 1000, EntryBanYears: 9}
	r.Confidence, r.Source, r.Note = 0, "changed", "changed"
}

// spoilMRP changes every field of m.
func spoilMRP(m *penalty.MRP) {
	m.Year, m.Amount, m.Confidence, m.Source, m.Note = 1999, decimal.NewFromInt(1), 0, "changed", "changed"
	m.From = m.Start().AddDays(-400)
}

// spoilCatalogue changes everything a caller can reach from c through
// the exported API: the rows, MRP entries and assessments its methods
// return, the rows and entries given to the methods that derive a
// catalogue and the catalogues they return, and finally *c itself. It
// reports with tb.Errorf, so goroutines may call it.
func spoilCatalogue(tb testing.TB, c *penalty.Catalogue) {
	tb.Helper()
	rules := c.Rules()
	for i := range rules {
		q := rowQuery(rules[i])
		if r, err := c.Lookup(q); err == nil {
			spoilRule(&r)
		}
		if a, err := c.Assess(q); err == nil {
			spoilRule(&a.Rule)
			spoilMRP(&a.MRP)
			a.Amount = decimal.NewFromInt(-1)
		}
	}
	mrp := c.MRPTable()
	if m, err := c.MRP(mrp[0].Year); err == nil {
		spoilMRP(&m)
	}

	// Derived catalogues, and the caller's arguments to them.
	extra := []penalty.MRP{{Year: 2030, Amount: decimal.NewFromInt(5000), Confidence: penalty.LowConfidence}}
	override := []penalty.Rule{rules[len(rules)-1]}
	override[0].From = override[0].From.AddDays(1)
	derived := []func() (*penalty.Catalogue, error){
		func() (*penalty.Catalogue, error) { return c.WithMRP(extra...) },
		func() (*penalty.Catalogue, error) { return c.Override(override...) },
		func() (*penalty.Catalogue, error) { return c.WithPolicy(penalty.Policy{RepeatWindowDays: 366}) },
		func() (*penalty.Catalogue, error) {
			return c.Without(func(r penalty.Rule) bool { return r.Offence == penalty.Overstay }), nil
		},
		func() (*penalty.Catalogue, error) {
			return c.Without(func(r penalty.Rule) bool { return r == rules[0] }).With(rules[0])
		},
	}
	for i, derive := range derived {
		n, err := derive()
		if err != nil {
			tb.Errorf("derived catalogue %d: error = %v", i, err)
			continue
		}
		for _, r := range n.Rules() {
			if got, err := n.Lookup(rowQuery(r)); err == nil {
				spoilRule(&got)
			}
		}
		*n = penalty.Catalogue{}
	}
	spoilMRP(&extra[0])
	spoilRule(&override[0])
	for i := range rules {
		spoilRule(&rules[i])
	}
	for i := range mrp {
		spoilMRP(&mrp[i])
	}
	*c = penalty.Catalogue{}
}

// TestDefaultCatalogueResultsAreIndependent: whatever a caller does to
// one default catalogue, or to what it was given, the next
// DefaultCatalogue answers as before.
func TestDefaultCatalogueResultsAreIndependent(t *testing.T) {
	want := viewOfCatalogue(penalty.DefaultCatalogue())
	if len(want.Rules) == 0 || len(want.MRP) == 0 {
		t.Fatalf("DefaultCatalogue() has %d rows and %d MRP entries; want some", len(want.Rules), len(want.MRP))
	}
	spoilCatalogue(t, penalty.DefaultCatalogue())
	if diff := cmp.Diff(want, viewOfCatalogue(penalty.DefaultCatalogue())); diff != "" {
		t.Errorf("DefaultCatalogue() after a caller changed an earlier one (-want +got):\n%s", diff)
	}
}

// TestDefaultCatalogueConcurrentUse calls DefaultCatalogue from many
// goroutines at once, each assessing with its catalogue and then spoiling
// it (run with -race).
func TestDefaultCatalogueConcurrentUse(t *testing.T) {
	want, wantErr := penalty.DefaultCatalogue().Assess(benchQuery)
	if wantErr != nil {
		t.Fatalf("Assess(%v) error = %v", benchQuery, wantErr)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			<-start
			c := penalty.DefaultCatalogue()
			got, err := c.Assess(benchQuery)
			if diff := cmp.Diff(want, got); err != nil || diff != "" {
				t.Errorf("DefaultCatalogue().Assess(%v) error = %v, diff (-want +got):\n%s", benchQuery, err, diff)
			}
			spoilCatalogue(t, c)
		})
	}
	close(start)
	wg.Wait()
}

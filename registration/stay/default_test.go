package stay_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// lookup is one answer of RegimeFor, with the error as text.
type lookup struct {
	Code   string
	On     calendar.Date
	Regime stay.Regime
	Err    string
}

// defaultView is everything the default table tells a caller: every row,
// the codes, and the answer of Table.RegimeFor and of the package-level
// RegimeFor for each row's citizenship (in both code forms) on the row's
// first and last day and the days around them, and for codes the table
// does not list. It holds copies, so it can be compared after the table's
// users have changed what they were given.
type defaultView struct {
	Rows         []stay.Regime
	Citizenships []string
	Method       []lookup
	Func         []lookup
}

func viewOfDefault() defaultView {
	tab := stay.DefaultTable()
	v := defaultView{Rows: tab.Rows(), Citizenships: tab.Citizenships()}
	on := calendar.MustParseDate("2026-07-01")
	ask := func(code string, day calendar.Date) {
		answer := func(r stay.Regime, err error) lookup {
			l := lookup{Code: code, On: day, Regime: r}
			if err != nil {
				l.Err = err.Error()
			}
			return l
		}
		v.Method = append(v.Method, answer(tab.RegimeFor(code, day)))
		v.Func = append(v.Func, answer(stay.RegimeFor(code, day)))
	}
	for _, code := range []string{"KAZ", "kz", "XYZ", ""} {
		ask(code, on)
	}
	ask("uzb", calendar.Date{})
	for _, r := range v.Rows {
		days := []calendar.Date{r.EffectiveFrom.AddDays(-1), r.EffectiveFrom}
		if !r.EffectiveTo.IsZero() {
			days = append(days, r.EffectiveTo, r.EffectiveTo.AddDays(1))
		}
		for _, day := range days {
			ask(r.Citizenship, day)
			ask(r.Alpha2, day)
		}
	}
	return v
}

// spoilRegime changes every field of r that shares memory with anything,
// and the rest too.
func spoilRegime(r *stay.Regime) {
	for i := range r.Sources {
		r.Sources[i] = "changed"
	}
	_ = append(r.Sources, "appended") // into any spare capacity
	r.Citizenship, r.Name, r.Note = "XXX", "changed", "changed"
	r.PerVisitDays, r.Cap.Days = 1, 1
	r.EffectiveFrom = r.EffectiveFrom.AddDays(-1000)
}

// spoilTable changes everything a caller can reach from t through the
// exported API: the rows and codes its methods return, the row given to
// With and the table With returns, the package-level RegimeFor's rows,
// and finally *t itself. It reports with tb.Errorf, so goroutines may
// call it.
func spoilTable(tb testing.TB, t *stay.Table) {
	tb.Helper()
	rows := t.Rows()
	override := rows[0]
	override.EffectiveFrom = calendar.MustParseDate("2030-01-01")
	override.EffectiveTo = calendar.Date{}
	with, err := t.With(override)
	if err != nil {
		tb.Errorf("With(%v) error = %v", override, err)
	} else {
		spoilReads(with)
		*with = stay.Table{}
	}
	spoilRegime(&override)
	for i := range rows {
		spoilRegime(&rows[i])
	}
	spoilReads(t)
	*t = stay.Table{}
}

// spoilReads changes what t's lookups, and the package-level RegimeFor,
// return.
func spoilReads(t *stay.Table) {
	on := calendar.MustParseDate("2026-07-01")
	codes := t.Citizenships()
	for _, code := range codes {
		if r, err := t.RegimeFor(code, on); err == nil {
			spoilRegime(&r)
			if x, err := r.Extend(r.Cap.Extensions - r.Extended); err == nil {
				spoilRegime(&x)
			}
		}
		if r, err := stay.RegimeFor(code, on); err == nil {
			spoilRegime(&r)
		}
		if rs, err := t.History(code); err == nil {
			for i := range rs {
				spoilRegime(&rs[i])
			}
		}
	}
	for i := range codes {
		codes[i] = "XXX"
	}
}

// TestDefaultTableResultsAreIndependent: whatever a caller does to one
// default table or to the rows it was given, the next DefaultTable and
// RegimeFor answer as before.
func TestDefaultTableResultsAreIndependent(t *testing.T) {
	want := viewOfDefault()
	if len(want.Rows) == 0 || len(want.Method) == 0 {
		t.Fatalf("the default table gave %d rows and %d lookups; want some", len(want.Rows), len(want.Method))
	}
	if diff := cmp.Diff(want.Method, want.Func); diff != "" {
		t.Errorf("RegimeFor differs from DefaultTable().RegimeFor (-method +func):\n%s", diff)
	}
	spoilTable(t, stay.DefaultTable())
	if diff := cmp.Diff(want, viewOfDefault()); diff != "" {
		t.Errorf("the default table after a caller changed an earlier one (-want +got):\n%s", diff)
	}
}

// TestDefaultTableConcurrentUse calls DefaultTable and RegimeFor from many
// goroutines at once, each spoiling what it got, and checks every lookup
// (run with -race).
func TestDefaultTableConcurrentUse(t *testing.T) {
	on := calendar.MustParseDate("2026-07-01")
	codes := []string{"UZB", "RUS", "KOR", "BRA", "DEU"}
	want := map[string]stay.Regime{}
	for _, code := range codes {
		r, err := stay.DefaultTable().RegimeFor(code, on)
		if err != nil {
			t.Fatalf("RegimeFor(%q, %v) error = %v", code, on, err)
		}
		want[code] = r
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			<-start
			tab := stay.DefaultTable()
			for _, code := range codes {
				got, err := stay.RegimeFor(code, on)
				if diff := cmp.Diff(want[code], got); err != nil || diff != "" {
					t.Errorf("RegimeFor(%q, %v) error = %v, diff (-want +got):\n%s", code, on, err, diff)
				}
				got, err = tab.RegimeFor(code, on)
				if diff := cmp.Diff(want[code], got); err != nil || diff != "" {
					t.Errorf("DefaultTable().RegimeFor(%q, %v) error = %v, diff (-want +got):\n%s", code, on, err, diff)
				}
			}
			spoilTable(t, tab)
		})
	}
	close(start)
	wg.Wait()
}

var sinkRegime stay.Regime

// BenchmarkRegimeFor is the package-level lookup in the default table, as
// a caller without a Table of its own makes it once per request.
func BenchmarkRegimeFor(b *testing.B) {
	on := calendar.MustParseDate("2026-07-01")
	b.ReportAllocs()
	for b.Loop() {
		r, err := stay.RegimeFor("UZB", on)
		if err != nil {
			b.Fatal(err)
		}
		sinkRegime = r
	}
}

var sinkTable *stay.Table

// BenchmarkDefaultTable is the cost of a Table of the default rows. The
// sink keeps the result on the heap, as a caller's would be.
func BenchmarkDefaultTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkTable = stay.DefaultTable()
	}
}

package penalty_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// span returns the dates of year on which r is in force, or false.
func span(r penalty.Rule, year int) (lo, hi calendar.Date, ok bool) {
	lo, hi = calendar.NewDate(year, time.January, 1), calendar.NewDate(year, time.December, 31)
	if r.From.After(lo) {
		lo = r.From
	}
	if !r.To.IsZero() && r.To.Before(hi) {
		hi = r.To
	}
	return lo, hi, !lo.After(hi)
}

// daysIn draws a number of days that the tier contains.
func daysIn(t *rapid.T, tier penalty.Tier, label string) int {
	if tier == (penalty.Tier{}) {
		return rapid.IntRange(0, 1000).Draw(t, label)
	}
	hi := tier.MaxDays
	if hi == 0 {
		hi = tier.MinDays + 1000
	}
	return rapid.IntRange(tier.MinDays+1, hi).Draw(t, label)
}

// entrySpan narrows [lo, hi] to the days the MRP entry i of table (sorted
// by start) is in force: from its start to the day before the next entry
// of its year, or to the end of the year.
func entrySpan(table []penalty.MRP, i int, lo, hi calendar.Date) (calendar.Date, calendar.Date, bool) {
	if s := table[i].Start(); s.After(lo) {
		lo = s
	}
	if i+1 < len(table) && table[i+1].Year == table[i].Year {
		if end := table[i+1].Start().AddDays(-1); end.Before(hi) {
			hi = end
		}
	}
	return lo, hi, !lo.After(hi)
}

// For every default row and every MRP entry in force while the row is, an
// assessment on any date the entry covers, for any days in the row's tier,
// uses that row and that entry, and its amount is exactly MRP × multiple.
// Assessments are deterministic, also across fresh catalogues.
func TestPropertyAmountIsMRPTimesMultiple(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c1, c2 := penalty.DefaultCatalogue(), penalty.DefaultCatalogue()
		table := c1.MRPTable()
		for i, r := range c1.Rules() {
			for j, m := range table {
				lo, hi, ok := span(r, m.Year)
				if ok {
					lo, hi, ok = entrySpan(table, j, lo, hi)
				}
				if !ok {
					continue
				}
				label := fmt.Sprintf("row %d, %v", i, m.Start())
				on := lo.AddDays(rapid.IntRange(0, hi.DaysSince(lo)).Draw(t, "day of "+label))
				q := penalty.Query{Offence: r.Offence, Offender: r.Offender, Size: r.Size, Repeat: r.Repeat,
					Days: daysIn(t, r.Tier, "days of "+label), On: on}

				got, err := c1.Assess(q)
				again, err2 := c2.Assess(q)
				if fmt.Sprint(err) != fmt.Sprint(err2) || got.Rule != again.Rule || !got.Amount.Equal(again.Amount) ||
					got.MRP.Year != again.MRP.Year {
					t.Fatalf("Assess(%v) is not deterministic: %v, %v then %v, %v", q, got, err, again, err2)
				}

				if r.Confidence == penalty.Unconfirmed {
					var ue *penalty.UnconfirmedError
					if !errors.As(err, &ue) || ue.Rule != r {
						t.Fatalf("Assess(%v) = %v, %v; want *UnconfirmedError for %v", q, got, err, r)
					}
					continue
				}
				want := m.Amount.IntPart() * int64(r.Sanction.FineMRP) // int64 oracle
				if err != nil || got.Rule != r || !got.Amount.Equal(decimal.NewFromInt(want)) || !got.Amount.IsInteger() {
					t.Fatalf("Assess(%v) = %v (%s), %v; want row %v, amount %d", q, got, got.Amount, err, r, want)
				}
				if r.Sanction.FineMRP > 0 && (got.MRP.Year != m.Year || got.MRP.Start() != m.Start()) {
					t.Fatalf("Assess(%v) priced with the MRP of %d from %v; want %d from %v",
						q, got.MRP.Year, got.MRP.Start(), m.Year, m.Start())
				}
			}
		}
	})
}

func genQuery(t *rapid.T) penalty.Query {
	o := penalty.Offence(rapid.IntRange(1, int(penalty.CourtExpulsion)).Draw(t, "offence"))
	q := penalty.Query{Offence: o, Offender: penalty.Foreigner, Repeat: rapid.Bool().Draw(t, "repeat")}
	if o.Host() {
		q.Offender = penalty.Offender(rapid.IntRange(int(penalty.HostIndividual), int(penalty.HostEntity)).Draw(t, "offender"))
		if q.Offender == penalty.HostEntity {
			q.Size = penalty.BusinessSize(rapid.IntRange(int(penalty.SmallBusiness), int(penalty.NonProfit)).Draw(t, "size"))
		}
	}
	q.Days = rapid.OneOf(rapid.IntRange(0, 15), rapid.IntRange(0, 5000)).Draw(t, "days")
	q.On = d("2014-01-01").AddDays(rapid.IntRange(0, 15*366).Draw(t, "on"))
	return q
}

// matches is the reference oracle for "row r answers q".
func matches(r penalty.Rule, q penalty.Query) bool {
	inTier := r.Tier == (penalty.Tier{}) ||
		q.Days > r.Tier.MinDays && (r.Tier.MaxDays == 0 || q.Days <= r.Tier.MaxDays)
	inDates := r.From.Compare(q.On) <= 0 && (r.To.IsZero() || q.On.Compare(r.To) <= 0)
	return r.Offence == q.Offence && r.Offender == q.Offender && r.Size == q.Size && r.Repeat == q.Repeat &&
		inTier && inDates
}

// oracle scans all rows; it fails the test if two rows match.
func oracle(t *rapid.T, rules []penalty.Rule, q penalty.Query) (penalty.Rule, bool) {
	var found []penalty.Rule
	for _, r := range rules {
		if matches(r, q) {
			found = append(found, r)
		}
	}
	if len(found) > 1 {
		t.Fatalf("query %v matches %d rows: %v", q, len(found), found)
	}
	if len(found) == 0 {
		return penalty.Rule{}, false
	}
	return found[0], true
}

func checkLookup(t *rapid.T, c *penalty.Catalogue, rules []penalty.Rule, q penalty.Query) {
	got, err := c.Lookup(q)
	want, ok := oracle(t, rules, q)
	switch {
	case ok && (err != nil || got != want):
		t.Fatalf("Lookup(%v) = %v, %v; want %v", q, got, err, want)
	case !ok && !errors.Is(err, penalty.ErrNoRule):
		t.Fatalf("Lookup(%v) = %v, %v; want ErrNoRule", q, got, err)
	}
}

// Lookup agrees with a linear scan, and no query matches two rows.
func TestPropertyLookupMatchesOracle(t *testing.T) {
	c := penalty.DefaultCatalogue()
	rules := c.Rules()
	rapid.Check(t, func(t *rapid.T) {
		checkLookup(t, c, rules, genQuery(t))
	})
}

// An override of a row's tier over a span answers every query on that span
// and leaves every other answer as it was.
func TestPropertyOverride(t *testing.T) {
	base := penalty.DefaultCatalogue()
	rules := base.Rules()
	rapid.Check(t, func(t *rapid.T) {
		r := rapid.SampledFrom(rules).Draw(t, "row")
		n := r
		n.From = d("2014-01-01").AddDays(rapid.IntRange(0, 15*366).Draw(t, "from"))
		n.To = calendar.Date{}
		if rapid.Bool().Draw(t, "bounded") {
			n.To = n.From.AddDays(rapid.IntRange(0, 1000).Draw(t, "length"))
		}
		n.Sanction = penalty.Sanction{FineMRP: rapid.IntRange(1, 200).Draw(t, "fine")}
		n.Confidence = penalty.LowConfidence
		c, err := base.Override(n)
		if err != nil {
			t.Fatalf("Override(%v) error = %v", n, err)
		}
		q := genQuery(t)
		if rapid.Bool().Draw(t, "same key") {
			q.Offence, q.Offender, q.Size, q.Repeat = r.Offence, r.Offender, r.Size, r.Repeat
		}
		if matches(n, q) {
			if got, err := c.Lookup(q); err != nil || got != n {
				t.Fatalf("after Override(%v): Lookup(%v) = %v, %v; want the new row", n, q, got, err)
			}
			return
		}
		// Otherwise the default answer, from a row whose span may have been
		// cut around the new one.
		got, err := c.Lookup(q)
		want, ok := oracle(t, rules, q)
		undated := func(r penalty.Rule) penalty.Rule { r.From, r.To = calendar.Date{}, calendar.Date{}; return r }
		switch {
		case ok && (err != nil || undated(got) != undated(want) || !matches(got, q)):
			t.Fatalf("after Override(%v): Lookup(%v) = %v, %v; want %v", n, q, got, err, want)
		case !ok && !errors.Is(err, penalty.ErrNoRule):
			t.Fatalf("after Override(%v): Lookup(%v) = %v, %v; want ErrNoRule", n, q, got, err)
		}
	})
}

// Repeat agrees with a reference written with AddDays.
func TestPropertyRepeat(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		window := rapid.IntRange(0, 800).Draw(t, "window")
		on := d("2020-01-01").AddDays(rapid.IntRange(0, 3000).Draw(t, "on"))
		penalties := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) calendar.Date {
			return on.AddDays(rapid.IntRange(-900, 10).Draw(t, "offset"))
		}), 0, 6).Draw(t, "penalties")

		w := window
		if w == 0 {
			w = penalty.DefaultRepeatWindowDays
		}
		var want calendar.Date
		for _, p := range penalties {
			if !on.Before(p.AddDays(1)) && !on.After(p.AddDays(w)) && p.After(want) {
				want = p
			}
		}
		got, ok := penalty.Policy{RepeatWindowDays: window}.Repeat(on, penalties)
		if got != want || ok != !want.IsZero() {
			t.Fatalf("Repeat(%v, %v) with window %d = %v, %v; want %v", on, penalties, window, got, ok, want)
		}
	})
}

// FormatTenge keeps every digit and groups them by three.
func TestPropertyFormatTenge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.Int64().Draw(t, "n")
		got := penalty.FormatTenge(decimal.NewFromInt(n))
		body, ok := strings.CutSuffix(got, " ₸")
		if !ok || strings.ReplaceAll(body, " ", "") != strconv.FormatInt(n, 10) {
			t.Fatalf("FormatTenge(%d) = %q", n, got)
		}
		groups := strings.Split(strings.TrimPrefix(body, "-"), " ")
		for i, g := range groups {
			if len(g) > 3 || len(g) == 0 || i > 0 && len(g) != 3 {
				t.Fatalf("FormatTenge(%d) = %q: bad group %q", n, got, g)
			}
		}
	})
}

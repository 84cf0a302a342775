package penalty

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/shopspring/decimal"
)

// Catalogue is an effective-dated table of sanctions ([Rule] rows), the MRP
// table ([MRP] entries) and the [Policy] that connects them. Build one with
// [DefaultCatalogue] or [NewCatalogue] and adjust it with [Catalogue.With],
// [Catalogue.Override], [Catalogue.Without], [Catalogue.WithMRP] and
// [Catalogue.WithPolicy], each of which returns a new Catalogue and leaves
// the receiver unchanged.
//
// A Catalogue never changes after it is built, so it is safe for
// concurrent use by multiple goroutines. The zero Catalogue (and a nil
// *Catalogue) is a valid empty one: every lookup is an [ErrNoRule] error.
//
// The catalogue guarantees that at most one row answers any [Query]: rows
// with the same offence, offender, business size and repeat flag never
// overlap in both dates and tiers.
type Catalogue struct {
	// Catalogues share these slices and maps (every DefaultCatalogue
	// shares one set; the With methods share what they do not change):
	// nothing writes to them after build or WithMRP returns.
	rules  []Rule // sorted by compareRules
	index  map[key][]Rule
	mrp    mrpTable
	policy Policy
}

// DefaultCatalogue returns a new catalogue holding the figures of
// docs/legal.md Part B §3 and the zero (default) Policy. Each call returns a
// fresh value the caller owns. The package documentation tabulates its
// rows.
//
// The rows and the MRP table are checked and indexed once, on the first
// call, and every default catalogue shares them; as no method changes a
// Catalogue or hands out its rows or table uncopied, a later call costs
// one small allocation and no caller can change what another caller's
// catalogue says.
func DefaultCatalogue() *Catalogue {
	c := *defaultCatalogue()
	return &c
}

// defaultCatalogue is the catalogue every DefaultCatalogue copies, built
// on first use. It never changes after it is built.
var defaultCatalogue = sync.OnceValue(func() *Catalogue {
	mrp, err := addMRP(nil, defaultMRP())
	if err != nil {
		// As below: the default table is checked by the package tests.
		panic(err)
	}
	c, err := build(defaultRules(), mrp, Policy{})
	if err != nil {
		// The default data is checked by the package tests; reaching this
		// line is a bug in this package, never a consequence of input.
		panic(err)
	}
	return c
})

// NewCatalogue builds a catalogue from scratch, with the zero Policy. It
// validates every row and entry and returns the first problem: a
// [*RuleError], [*OverlapError], [*MRPError] or [*DuplicateYearError].
func NewCatalogue(rules []Rule, mrp []MRP) (*Catalogue, error) {
	table, err := addMRP(nil, mrp)
	if err != nil {
		return nil, err
	}
	return build(rules, table, Policy{})
}

// build validates rules, sorts and indexes them. It copies rules and keeps
// mrp, which the caller must not retain.
func build(rules []Rule, mrp mrpTable, policy Policy) (*Catalogue, error) {
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return nil, err
		}
	}
	sorted := slices.Clone(rules)
	slices.SortStableFunc(sorted, compareRules)
	index := make(map[key][]Rule)
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].key() == sorted[i].key() {
			j++
		}
		group := sorted[i:j:j]
		for a := range group {
			for b := a + 1; b < len(group); b++ {
				if group[a].overlaps(group[b]) {
					return nil, &OverlapError{A: group[a], B: group[b]}
				}
			}
		}
		index[sorted[i].key()] = group
		i = j
	}
	return &Catalogue{rules: sorted, index: index, mrp: mrp, policy: policy}, nil
}

func compareRules(a, b Rule) int {
	return cmp.Or(
		cmp.Compare(a.Offence, b.Offence),
		cmp.Compare(a.Offender, b.Offender),
		cmp.Compare(a.Size, b.Size),
		compareBool(a.Repeat, b.Repeat),
		a.From.Compare(b.From),
		cmp.Compare(a.Tier.MinDays, b.Tier.MinDays),
		cmp.Compare(a.Tier.MaxDays, b.Tier.MaxDays),
	)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// orEmpty lets every method treat a nil *Catalogue as the empty one.
func (c *Catalogue) orEmpty() *Catalogue {
	if c == nil {
		return &Catalogue{}
	}
	return c
}

// Rules returns a copy of all rows, sorted by offence, offender, business
// size, repeat flag, From and tier.
func (c *Catalogue) Rules() []Rule { return slices.Clone(c.orEmpty().rules) }

// MRPTable returns a copy of the MRP entries, sorted by the day each
// starts.
func (c *Catalogue) MRPTable() []MRP {
	c = c.orEmpty()
	var out []MRP
	for _, y := range slices.Sorted(maps.Keys(c.mrp)) {
		out = append(out, c.mrp[y]...)
	}
	return out
}

// MRP returns the entry in force on 1 January of year, or a [*YearError]
// when the table has none for that day. It never estimates a missing year.
// In a year whose value changed (2020) it is the first value; use
// [Catalogue.MRPOn] for the value of a given day.
func (c *Catalogue) MRP(year int) (MRP, error) {
	if year < 1 || year > 9999 {
		return MRP{}, &YearError{Year: year}
	}
	m, ok := c.orEmpty().mrp.on(calendar.NewDate(year, time.January, 1))
	if !ok {
		return MRP{}, &YearError{Year: year}
	}
	return m, nil
}

// MRPOn returns the entry in force on day d: the latest entry of d's year
// that starts on or before d. A day no entry covers, or the zero Date, is
// a [*YearError] carrying d. It never estimates a missing value.
func (c *Catalogue) MRPOn(d calendar.Date) (MRP, error) {
	m, ok := c.orEmpty().mrp.on(d)
	if !ok || d.IsZero() {
		return MRP{}, &YearError{Year: d.Year(), On: d}
	}
	return m, nil
}

// Policy returns the catalogue's policy.
func (c *Catalogue) Policy() Policy { return c.orEmpty().policy }

// With returns a catalogue with rules added. A row that fails validation
// is a [*RuleError]; a row that overlaps an existing one (or another new
// one) is an [*OverlapError]: use [Catalogue.Override] to replace rows.
func (c *Catalogue) With(rules ...Rule) (*Catalogue, error) {
	c = c.orEmpty()
	return build(slices.Concat(c.rules, rules), c.mrp, c.policy)
}

// Override returns a catalogue in which each of rules replaces the
// existing rows with the same offence, offender, business size, repeat
// flag and the same tier, on the dates it covers. Those rows keep the
// dates outside the new row's span; so an override from 1 Jan 2026
// changes nothing before that date. This is how a caller makes an
// [Unconfirmed] tier computable, or corrects a figure.
//
// Changing the tier layout (say, splitting a tier) is not an override:
// remove the old rows with [Catalogue.Without], then add the new ones with
// [Catalogue.With]. A new row that overlaps a row of a different tier, or
// another new row, is an [*OverlapError]; an invalid row is a
// [*RuleError].
func (c *Catalogue) Override(rules ...Rule) (*Catalogue, error) {
	c = c.orEmpty()
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return nil, err
		}
	}
	kept := slices.Clone(c.rules)
	for _, n := range rules {
		var next []Rule
		for _, r := range kept {
			next = append(next, subtract(r, n)...)
		}
		kept = next
	}
	return build(slices.Concat(kept, rules), c.mrp, c.policy)
}

// subtract returns what is left of r on the dates n does not cover, when n
// overrides r (same key, same tier, overlapping dates); otherwise r.
func subtract(r, n Rule) []Rule {
	if r.key() != n.key() || r.Tier != n.Tier || !datesOverlap(r, n) {
		return []Rule{r}
	}
	var out []Rule
	if r.From.Before(n.From) {
		before := r
		before.To = n.From.AddDays(-1)
		out = append(out, before)
	}
	if after := n.To.AddDays(1); !after.IsZero() && (r.To.IsZero() || r.To.After(n.To)) {
		rest := r
		rest.From = after
		out = append(out, rest)
	}
	return out
}

// Without returns a catalogue without the rows for which drop reports
// true. A nil drop removes nothing.
func (c *Catalogue) Without(drop func(Rule) bool) *Catalogue {
	c = c.orEmpty()
	rules := slices.Clone(c.rules)
	if drop != nil {
		rules = slices.DeleteFunc(rules, drop)
	}
	// Removing rows cannot make the others invalid or overlapping.
	out, _ := build(rules, c.mrp, c.policy)
	return out
}

// WithMRP returns a catalogue with MRP entries added, e.g. for a year the
// default table lacks, or for a change within a year (an entry with From
// set). An entry starting on the same day as one already present, or
// given twice, is a [*DuplicateYearError] even when the amounts agree; an
// invalid entry is a [*MRPError]. To replace an entry, build a new table
// with [NewCatalogue].
func (c *Catalogue) WithMRP(entries ...MRP) (*Catalogue, error) {
	c = c.orEmpty()
	table, err := addMRP(c.mrp, entries)
	if err != nil {
		return nil, err
	}
	return &Catalogue{rules: c.rules, index: c.index, mrp: table, policy: c.policy}, nil
}

// addMRP returns a new table holding base and entries. It never writes to
// base or to its slices.
func addMRP(base mrpTable, entries []MRP) (mrpTable, error) {
	table := maps.Clone(base)
	if table == nil {
		table = make(mrpTable, len(entries))
	}
	for _, m := range entries {
		if reason := m.validate(); reason != "" {
			return nil, &MRPError{Entry: m, Reason: reason}
		}
		year := table[m.Year]
		i, found := slices.BinarySearchFunc(year, m.Start(), func(e MRP, d calendar.Date) int { return e.Start().Compare(d) })
		if found {
			return nil, &DuplicateYearError{Year: m.Year, From: m.From, Have: year[i].Amount, Got: m.Amount}
		}
		table[m.Year] = slices.Insert(slices.Clip(year), i, m)
	}
	return table, nil
}

// WithPolicy returns a catalogue using p. An invalid p is an error matching
// [ErrInvalidPolicy].
func (c *Catalogue) WithPolicy(p Policy) (*Catalogue, error) {
	c = c.orEmpty()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Catalogue{rules: c.rules, index: c.index, mrp: c.mrp, policy: p}, nil
}

// Query asks for the sanction of one offence.
type Query struct {
	Offence  Offence  `json:"offence"`
	Offender Offender `json:"offender"`
	// Size is required when Offender is HostEntity and must be zero
	// otherwise.
	Size BusinessSize `json:"size,omitzero"`
	// Repeat: the offence was committed within a year of a penalty for the
	// same offence; decide it with [Policy.Repeat].
	Repeat bool `json:"repeat"`
	// Days is the number of days in breach (days overstayed, days late),
	// counting the first day in breach as 1. It selects the tier; rows
	// that are not tiered ignore it. Zero means "not measured" and matches
	// only rows that are not tiered.
	Days int `json:"days"`
	// On is the offence date, the first day in breach. It selects the rows
	// in force and, by default, the MRP (the one in force on that day).
	On calendar.Date `json:"on"`
	// Decided is the date of the decision imposing the penalty. It is
	// required only when the policy prices fines at the MRP of the decision
	// (DecisionYear), and may not precede On.
	Decided calendar.Date `json:"decided,omitzero"`
}

// String describes the query, e.g. "overstay by foreigner, first offence,
// 4 days, on 2026-07-10".
func (q Query) String() string {
	return describe(q.Offence, q.Offender, q.Size, q.Repeat) + ", " +
		strconv.Itoa(q.Days) + " days, on " + q.On.String()
}

func (q Query) validate() string {
	switch {
	case !q.Offence.IsValid():
		return "invalid offence"
	case !q.Offender.IsValid():
		return "invalid offender"
	case q.Offence.Host() != q.Offender.Host():
		return "offence and offender do not match (host offence by a foreigner or the reverse)"
	}
	if reason := checkSize(q.Offender, q.Size); reason != "" {
		return reason
	}
	switch {
	case q.Days < 0:
		return "negative days"
	case q.On.IsZero():
		return "missing offence date"
	case !q.Decided.IsZero() && q.Decided.Before(q.On):
		return "decision before the offence"
	}
	return ""
}

// Lookup returns the row that answers q, whatever its confidence: unlike
// [Catalogue.Assess] it succeeds for an [Unconfirmed] row, so a caller
// can cite the article even when no amount is known. Errors: a
// [*QueryError] for a malformed query, a [*NoRuleError] when no row
// answers it.
func (c *Catalogue) Lookup(q Query) (Rule, error) {
	c = c.orEmpty()
	if reason := q.validate(); reason != "" {
		return Rule{}, &QueryError{Query: q, Reason: reason}
	}
	k := key{q.Offence, q.Offender, q.Size, q.Repeat}
	for _, r := range c.index[k] {
		if r.activeOn(q.On) && r.Tier.Contains(q.Days) {
			return r, nil
		}
	}
	return Rule{}, &NoRuleError{Query: q}
}

// Assessment is the priced sanction for a [Query]. In JSON the amount is a
// decimal string with its currency, {"amount": "43250", "currency": "KZT"}
// (see docs/wire.md), as is the MRP's.
type Assessment struct {
	// Rule is the row applied: its Citation, Sanction, Confidence, Source
	// and Note.
	Rule Rule
	// MRP is the entry that priced the fine; the zero MRP when the
	// sanction has no fine.
	MRP MRP
	// Amount is the fine in tenge, MRP × Rule.Sanction.FineMRP, a whole
	// number; zero when the sanction has no fine. With an Alternative
	// sanction it is the amount of the fine option.
	Amount decimal.Decimal
}

// Confidence returns the weaker of the row's and the MRP's confidence: how
// far the whole assessment can be trusted. It is never Unconfirmed;
// LowConfidence means it rests on one weak or outdated source.
func (a Assessment) Confidence() Confidence {
	if a.MRP.Confidence == 0 {
		return a.Rule.Confidence
	}
	return a.Rule.Confidence.weaker(a.MRP.Confidence)
}

// String returns e.g. "10 MRP = 43 250 ₸ (art. 517 part 3, medium)" or
// "warning (art. 518 part 1, medium)".
func (a Assessment) String() string {
	s := a.Rule.Sanction.String()
	if a.Rule.Sanction.FineMRP != 0 {
		s += " = " + FormatTenge(a.Amount)
	}
	return s + " (" + a.Rule.Citation.String() + ", " + a.Confidence().String() + ")"
}

// Assess prices the sanction for q: it finds the row (see
// [Catalogue.Lookup]) and multiplies its fine by the MRP in force on the
// day the policy selects (see [Catalogue.MRPOn]): by default q.On, the
// offence date, so a fine of March 2020 and one of May 2020 use different
// values (docs/legal.md Part B §3.3). A sanction without a fine needs no
// MRP. Errors:
//   - [*QueryError]: a malformed query, or a missing q.Decided under the
//     DecisionYear policy;
//   - [*NoRuleError]: no row answers q;
//   - [*UnconfirmedError]: the row's sanction is Unconfirmed;
//   - [*YearError]: the table has no MRP for the pricing day.
func (c *Catalogue) Assess(q Query) (Assessment, error) {
	c = c.orEmpty()
	r, err := c.Lookup(q)
	if err != nil {
		return Assessment{}, err
	}
	priceOn := q.On
	if c.policy.mrpYear() == DecisionYear {
		if q.Decided.IsZero() {
			return Assessment{}, &QueryError{Query: q, Reason: "missing decision date (the policy prices fines in the decision year)"}
		}
		priceOn = q.Decided
	}
	if r.Confidence == Unconfirmed {
		return Assessment{}, &UnconfirmedError{Rule: r, Query: q}
	}
	a := Assessment{Rule: r}
	if r.Sanction.FineMRP == 0 {
		return a, nil
	}
	m, err := c.MRPOn(priceOn)
	if err != nil {
		return Assessment{}, err
	}
	a.MRP = m
	a.Amount = m.Amount.Mul(decimal.NewFromInt(int64(r.Sanction.FineMRP)))
	return a, nil
}

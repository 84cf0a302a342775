package stay

import (
	"fmt"
	"slices"
	"sync"

	"github.com/migreg/migreg/calendar"
)

// Table is an effective-dated regime table: for each citizenship, rows that
// do not overlap in time. DefaultTable is the table of docs/legal.md Part C; NewTable
// builds one from the caller's rows and With overrides rows of an existing
// one.
//
// A Table is immutable: no method changes it, and the rows it returns are
// copies. It is safe for concurrent use. The zero Table (and a nil *Table)
// lists no citizenship, so every known code needs a visa.
type Table struct {
	// rows is shared between tables (every DefaultTable shares one; With
	// shares the rows' Sources): nothing writes to it, or to a row's
	// Sources, after NewTable or With returns.
	rows map[string][]Regime // by alpha-3, sorted by EffectiveFrom
}

// DefaultTable returns the regime table of docs/legal.md Part C (Part B
// §2.1a): the 85 jurisdictions whose ordinary passports enter Kazakhstan
// visa-free, with the history the sources give. Each call returns a new
// Table the caller owns.
//
// Where the sources leave a value open, the row holds the documented
// default and says so in Note and Confidence (Low): caps that no source
// states use the decree default of 90/180 (HKG, MAC, MDV, SRB) or the
// stricter reading (ARG: 30 in any 365 days; MAR, NIC, ECU: 30/180; KOR: the
// treaty's 60/180); unknown dates of entry into force use the latest date
// the evidence supports (AND 2024-11-01, ECU 2019-10-01, HKG 2019-01-01,
// MDV 2022-12-01, KNA and NIC 2026-02-17, TUR's 90 days 2025-09-08), so the
// table never claims a visa-free regime earlier than the evidence does.
// Override any of them with With.
//
// The rows are built and checked once, on the first call, and every
// default Table shares them; as no method changes a Table's rows or hands
// them out uncopied, a later call costs one small allocation and no
// caller can change what another caller's table says.
func DefaultTable() *Table {
	return &Table{rows: defaultTable().rows}
}

// defaultTable is the table every DefaultTable shares the rows of, and
// the one RegimeFor reads, built on first use. It never changes after it
// is built.
var defaultTable = sync.OnceValue(func() *Table {
	t, err := NewTable(defaultRows())
	if err != nil {
		panic("stay: the default regime table is invalid: " + err.Error())
	}
	return t
})

// NewTable validates rows and builds a table from them. Each row must have
// a known alpha-3 Citizenship (not KAZ), a matching or empty Alpha2 (filled
// in when empty), an EffectiveFrom, an EffectiveTo that is zero or not
// before it, a valid Confidence and sensible limits; rows of one
// citizenship must not overlap. Errors are *RegimeError (ErrInvalidRegime).
// The rows are copied.
func NewTable(rows []Regime) (*Table, error) {
	t := &Table{rows: make(map[string][]Regime)}
	for _, r := range rows {
		r, err := checkRow(r)
		if err != nil {
			return nil, err
		}
		t.rows[r.Citizenship] = append(t.rows[r.Citizenship], r)
	}
	for code, rs := range t.rows {
		slices.SortFunc(rs, func(a, b Regime) int { return a.EffectiveFrom.Compare(b.EffectiveFrom) })
		for i := 1; i < len(rs); i++ {
			if prev := rs[i-1]; prev.EffectiveTo.IsZero() || !prev.EffectiveTo.Before(rs[i].EffectiveFrom) {
				return nil, &RegimeError{Citizenship: code, EffectiveFrom: rs[i].EffectiveFrom,
					Reason: fmt.Sprintf("overlaps the row from %s", prev.EffectiveFrom)}
			}
		}
	}
	return t, nil
}

// checkRow validates a row for a table and returns a copy with Alpha2
// filled in and Sources cloned.
func checkRow(r Regime) (Regime, error) {
	bad := func(reason string) (Regime, error) {
		return Regime{}, &RegimeError{Citizenship: r.Citizenship, EffectiveFrom: r.EffectiveFrom, Reason: reason}
	}
	if len(r.Citizenship) != 3 {
		return bad("citizenship must be an ISO 3166-1 alpha-3 code")
	}
	a2, a3, ok := isoEntry(r.Citizenship)
	switch {
	case !ok || a3 != r.Citizenship:
		return bad("citizenship must be an ISO 3166-1 alpha-3 code")
	case a3 == "KAZ":
		return bad("Kazakhstan's own citizens have no stay limits")
	case r.Alpha2 != "" && r.Alpha2 != a2:
		return bad(fmt.Sprintf("alpha-2 code %q does not match %s (%s)", cut(r.Alpha2), a3, a2))
	case !r.EffectiveFrom.IsValid():
		return bad("no EffectiveFrom")
	case !r.EffectiveTo.IsZero() && r.EffectiveTo.Before(r.EffectiveFrom):
		return bad("EffectiveTo before EffectiveFrom")
	case !r.Confidence.IsValid():
		return bad("no Confidence")
	}
	if err := r.validate(); err != nil {
		return Regime{}, err
	}
	r.Alpha2 = a2
	r.Sources = slices.Clone(r.Sources)
	return r, nil
}

// With returns a new table in which each of rows overrides the rows of its
// citizenship for the days it covers, from its EffectiveFrom to its
// EffectiveTo (open-ended when zero): rows it covers entirely are dropped,
// rows it covers in part are cut back, and a row it falls inside is split
// around it. Rows for citizenships the table lacks are added. The rows are
// applied in order and validated as NewTable does; t is not changed.
//
// To stop treating a citizenship as visa-free, build a table without it
// with NewTable from Rows.
func (t *Table) With(rows ...Regime) (*Table, error) {
	out := &Table{rows: make(map[string][]Regime)}
	if t != nil {
		for code, rs := range t.rows {
			out.rows[code] = slices.Clone(rs)
		}
	}
	for _, nr := range rows {
		nr, err := checkRow(nr)
		if err != nil {
			return nil, err
		}
		var kept []Regime
		for _, r := range out.rows[nr.Citizenship] {
			if r.EffectiveFrom.Before(nr.EffectiveFrom) { // the part before nr
				left := r
				if left.EffectiveTo.IsZero() || !left.EffectiveTo.Before(nr.EffectiveFrom) {
					left.EffectiveTo = nr.EffectiveFrom.AddDays(-1)
				}
				kept = append(kept, left)
			}
			if !nr.EffectiveTo.IsZero() && (r.EffectiveTo.IsZero() || r.EffectiveTo.After(nr.EffectiveTo)) { // the part after nr
				right := r
				if !right.EffectiveFrom.After(nr.EffectiveTo) {
					right.EffectiveFrom = nr.EffectiveTo.AddDays(1)
				}
				right.Sources = slices.Clone(right.Sources)
				kept = append(kept, right)
			}
		}
		kept = append(kept, nr)
		slices.SortFunc(kept, func(a, b Regime) int { return a.EffectiveFrom.Compare(b.EffectiveFrom) })
		out.rows[nr.Citizenship] = kept
	}
	return out, nil
}

// RegimeFor returns the regime of DefaultTable for a citizenship on a date.
// See Table.RegimeFor. It reads the default table built once for the
// package, so it is as cheap as the method, and the row it returns is a
// copy the caller owns.
func RegimeFor(citizenship string, on calendar.Date) (Regime, error) {
	return defaultTable().RegimeFor(citizenship, on)
}

// RegimeFor returns the row in force on on for a citizenship given as an
// ISO 3166-1 alpha-3 or alpha-2 code (see ParseCitizenship). By the
// convention of docs/legal.md Part A, a stay is judged under the regime in
// force on its entry date, so pass the entry date of the stay in question.
//
// Errors are *CitizenshipError values matching ErrUnknownCitizenship (not
// an ISO code), ErrNotForeign (KAZ), ErrVisaRequired (a known code the
// table does not list) or ErrNotInForce (listed, but no row on that date);
// ErrInvalidDate for a zero date. There is never a default regime.
func (t *Table) RegimeFor(citizenship string, on calendar.Date) (Regime, error) {
	code, err := ParseCitizenship(citizenship)
	if err != nil {
		return Regime{}, err
	}
	if code == "KAZ" {
		return Regime{}, &CitizenshipError{Code: code, On: on, Err: ErrNotForeign}
	}
	if !on.IsValid() {
		return Regime{}, dateError("date of the regime is zero")
	}
	rs, ok := t.rowsOf(code)
	if !ok {
		return Regime{}, &CitizenshipError{Code: code, On: on, Err: ErrVisaRequired}
	}
	for i := range rs {
		if rs[i].InForce(on) {
			r := rs[i]
			r.Sources = slices.Clone(r.Sources)
			return r, nil
		}
	}
	return Regime{}, &CitizenshipError{Code: code, On: on, Err: ErrNotInForce}
}

// History returns every row of a citizenship, oldest first, or the error
// RegimeFor gives for a code the table does not list.
func (t *Table) History(citizenship string) ([]Regime, error) {
	rs, err := t.history(citizenship)
	if err != nil {
		return nil, err
	}
	return cloneRows(rs), nil
}

// history is History without the copy, for readers that change nothing.
func (t *Table) history(citizenship string) ([]Regime, error) {
	code, err := ParseCitizenship(citizenship)
	if err != nil {
		return nil, err
	}
	if code == "KAZ" {
		return nil, &CitizenshipError{Code: code, Err: ErrNotForeign}
	}
	rs, ok := t.rowsOf(code)
	if !ok {
		return nil, &CitizenshipError{Code: code, Err: ErrVisaRequired}
	}
	return rs, nil
}

// Lookback returns the earliest day whose presence can count in judging a
// stay of the citizenship on day or later, under any of its rows: day less
// the longest a row counts back (its window or its per-visit stay, with
// every extension, and a day for Policy.WindowEndsDayBefore). A row of
// fixed periods chains them from the first, so for it the earliest day a
// period can start (Cap.CountFrom, p.RegimeStart, DefaultRegimeStart)
// too. It reads the rows without copying them: a store reads the trips
// from this day for every command. The errors are History's.
func (t *Table) Lookback(citizenship string, day calendar.Date, p Policy) (calendar.Date, error) {
	rs, err := t.history(citizenship)
	if err != nil {
		return calendar.Date{}, err
	}
	from := day
	for _, row := range rs {
		back := max(row.Cap.WindowDays, row.PerVisitDays) + row.Cap.Extensions*row.Cap.ExtensionDays + 1
		starts := []calendar.Date{day.AddDays(-back)}
		if row.Cap.Kind == FixedPeriod {
			starts = append(starts, row.Cap.CountFrom, p.RegimeStart, DefaultRegimeStart())
		}
		for _, start := range starts {
			if !start.IsZero() && start.Before(from) {
				from = start
			}
		}
	}
	return from, nil
}

func (t *Table) rowsOf(code string) ([]Regime, bool) {
	if t == nil {
		return nil, false
	}
	rs, ok := t.rows[code]
	return rs, ok
}

// Citizenships returns the alpha-3 codes the table lists, sorted.
func (t *Table) Citizenships() []string {
	if t == nil {
		return nil
	}
	codes := make([]string, 0, len(t.rows))
	for c := range t.rows {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Rows returns a copy of every row, sorted by citizenship and date.
func (t *Table) Rows() []Regime {
	var out []Regime
	for _, c := range t.Citizenships() {
		rs, _ := t.rowsOf(c)
		out = append(out, cloneRows(rs)...)
	}
	return out
}

func cloneRows(rs []Regime) []Regime {
	out := slices.Clone(rs)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}

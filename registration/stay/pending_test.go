package stay_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration/stay"
)

// pending returns the pending row of a citizenship.
func pending(t *testing.T, code string) stay.Regime {
	t.Helper()
	for _, r := range stay.PendingRegimes() {
		if r.Citizenship == code {
			return r
		}
	}
	t.Fatalf("PendingRegimes() has no %s row", code)
	return stay.Regime{}
}

// The default table answers for Thailand and Qatar as before the acts of
// docs/legal.md Part C §9 were recorded: the 30-day list, 90/180; the
// rows' notes name the acts.
func TestPendingActsChangeNoDefaultAnswer(t *testing.T) {
	tests := []struct {
		code, on string
		wantNote string
	}{
		{"THA", "2026-12-01", "Bangkok, 23 Apr 2024"},
		{"QAT", "2026-12-01", "No. 803 of 10 Oct 2022"},
		{"THA", "2025-01-01", "Bangkok, 23 Apr 2024"},
		{"QAT", "2023-06-01", "No. 803 of 10 Oct 2022"},
	}
	for _, tt := range tests {
		r, err := stay.RegimeFor(tt.code, d(tt.on))
		if err != nil || r.PerVisitDays != 30 || r.Cap.String() != "90/180" || r.Confidence != stay.High ||
			r.Basis != "Unilateral (decree 148 rules, 30-day list)" {
			t.Errorf("RegimeFor(%s, %s) = %v, basis %q, %v; want the 30-day list: 30 days, 90/180, high", tt.code, tt.on, r, r.Basis, err)
		}
		if !strings.Contains(r.Note, tt.wantNote) || !strings.Contains(r.Note, "Part C §9") {
			t.Errorf("RegimeFor(%s, %s).Note = %q; want it to name %q and Part C §9", tt.code, tt.on, r.Note, tt.wantNote)
		}
	}
}

// The pending rows are THA and QAT, with the limits of their acts, and
// cannot be used until a caller gives them a date.
func TestPendingRegimes(t *testing.T) {
	tests := []struct {
		code     string
		perVisit int
		cap      string
		source   string
	}{
		{"QAT", 30, "30 per 90 days from first entry", "S-QAT2022"},
		{"THA", 30, "90/180", "S-THA2024"},
	}
	rows := stay.PendingRegimes()
	if len(rows) != len(tests) {
		t.Fatalf("len(PendingRegimes()) = %d; want %d", len(rows), len(tests))
	}
	for i, tt := range tests {
		r := rows[i]
		if r.Citizenship != tt.code || r.PerVisitDays != tt.perVisit || r.Cap.String() != tt.cap ||
			len(r.Sources) != 1 || r.Sources[0] != tt.source || !r.EffectiveFrom.IsZero() {
			t.Errorf("PendingRegimes()[%d] = %v (cap %q, sources %v, from %v); want %s, %d days, %q, [%s], no date",
				i, r, r.Cap, r.Sources, r.EffectiveFrom, tt.code, tt.perVisit, tt.cap, tt.source)
		}
		if _, err := stay.DefaultTable().With(r); !errors.Is(err, stay.ErrInvalidRegime) {
			t.Errorf("DefaultTable().With(pending %s without a date) error = %v; want ErrInvalidRegime", tt.code, err)
		}
	}
	rows[0].Sources[0] = "changed"
	if got := stay.PendingRegimes()[0].Sources[0]; got != "S-QAT2022" {
		t.Errorf("PendingRegimes() shares its rows between calls: Sources[0] = %q after a change", got)
	}
}

// A caller who learns the date of entry into force enables a pending row
// with Table.With: before that date the table answers as before, from it
// under the act. Qatar's protocol is stricter than the list.
func TestPendingRegimesEnabled(t *testing.T) {
	tha := pending(t, "THA")
	tha.EffectiveFrom = d("2025-06-01")
	qat := pending(t, "QAT")
	qat.EffectiveFrom, qat.Cap.CountFrom = d("2026-03-01"), d("2026-03-01")
	table, err := stay.DefaultTable().With(tha, qat)
	if err != nil {
		t.Fatalf("DefaultTable().With(THA, QAT with dates) error = %v", err)
	}

	tests := []struct {
		code, on  string
		wantBasis string
		wantCap   string
	}{
		{"THA", "2025-05-31", "Unilateral (decree 148 rules, 30-day list)", "90/180"},
		{"THA", "2025-06-01", "Bilateral agreement on visa exemption", "90/180"},
		{"QAT", "2026-02-28", "Unilateral (decree 148 rules, 30-day list)", "90/180"},
		{"QAT", "2026-03-01", "Protocol amending the agreement of 26 Oct 2015", "30 per 90 days from first entry, counting from 2026-03-01"},
	}
	for _, tt := range tests {
		r, err := table.RegimeFor(tt.code, d(tt.on))
		if err != nil || !strings.HasPrefix(r.Basis, tt.wantBasis) || r.Cap.String() != tt.wantCap || r.PerVisitDays != 30 {
			t.Errorf("RegimeFor(%s, %s) = %v, basis %q, %v; want basis %q…, cap %q", tt.code, tt.on, r, r.Basis, err, tt.wantBasis, tt.wantCap)
		}
	}

	// Two visits of 20 and 15 days within 90 days of the first entry:
	// within the list's limits, a breach of the protocol's 30 in 90.
	trips := []stay.Trip{
		{Entry: d("2026-03-02"), Exit: d("2026-03-21")},
		{Entry: d("2026-04-01"), Exit: d("2026-04-15")},
	}
	on := d("2026-04-15")
	list, _ := stay.RegimeFor("QAT", on)
	protocol, _ := table.RegimeFor("QAT", on)
	for _, c := range []struct {
		name       string
		r          stay.Regime
		wantBreach bool
	}{{"list", list, false}, {"protocol", protocol, true}} {
		st, err := stay.StatusOn(trips, c.r, on)
		if err != nil || st.InBreach() != c.wantBreach {
			t.Errorf("StatusOn(20 + 15 days, QAT %s, %v) = %v, %v; want in breach %v", c.name, on, st, err, c.wantBreach)
		}
	}
}

package stay

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migreg/migreg/calendar"
)

// Cap is the cumulative limit of a regime: at most Days days of presence in
// each window (RollingWindow) or period (FixedPeriod) of WindowDays days.
type Cap struct {
	Kind       CapKind `json:"kind"`        // how the days are counted
	Days       int     `json:"days"`        // the most days of presence allowed ...
	WindowDays int     `json:"window_days"` // ... in each window or period of this many days

	// CountFrom is the first day of presence the cap counts. Zero means
	// Policy.RegimeStart (27 Jan 2023 by default): the cap is the one of the
	// decree 148 rules, which counts only days from that date. Treaty caps
	// carry the treaty's date of entry into force; for a FixedPeriod cap it
	// is also the earliest day the first period can start.
	CountFrom calendar.Date `json:"count_from,omitzero"`

	// Extensions is how many times the stay may be extended (Brazil: once),
	// and ExtensionDays how many days each extension adds to both the
	// per-visit and the cumulative cap. See Regime.Extend.
	Extensions    int `json:"extensions"`
	ExtensionDays int `json:"extension_days"`
}

// String returns the cap in the notation of docs/legal.md Part C: "90/180",
// "90 per 365 days from first entry", with any extension and count start.
func (c Cap) String() string {
	var b strings.Builder
	switch c.Kind {
	case RollingWindow:
		fmt.Fprintf(&b, "%d/%d", c.Days, c.WindowDays)
	case FixedPeriod:
		fmt.Fprintf(&b, "%d per %d days from first entry", c.Days, c.WindowDays)
	default:
		fmt.Fprintf(&b, "%v %d/%d", c.Kind, c.Days, c.WindowDays)
	}
	if c.Extensions > 0 {
		fmt.Fprintf(&b, ", %d extension(s) of %d days", c.Extensions, c.ExtensionDays)
	}
	if c.CountFrom.IsValid() {
		fmt.Fprintf(&b, ", counting from %s", c.CountFrom)
	}
	return b.String()
}

// Regime is one row of the regime table: the stay limits of one
// citizenship from EffectiveFrom to EffectiveTo, with the legal basis and
// the evidence for it (docs/legal.md Part B §2.1, Part C). A query takes
// the Regime to apply as an argument, so callers can also build one by hand.
//
// Regime is a value; Sources is the only reference field, and the Table
// methods return copies of it.
type Regime struct {
	Citizenship string `json:"citizenship"` // ISO 3166-1 alpha-3, upper case: "UZB"
	Alpha2      string `json:"alpha2"`      // ISO 3166-1 alpha-2: "UZ"; filled in by NewTable when empty
	Name        string `json:"name"`        // English short name

	// PerVisitDays is the longest continuous stay from one entry, the entry
	// day being day 1 (14, 30 or 90 today).
	PerVisitDays int `json:"per_visit_days"`
	Cap          Cap `json:"cap"`

	Basis         string        `json:"basis"`                 // the legal instrument
	EffectiveFrom calendar.Date `json:"effective_from"`        // first day the row applies
	EffectiveTo   calendar.Date `json:"effective_to,omitzero"` // last day the row applies; zero: still in force
	Sources       []string      `json:"sources"`               // source keys of docs/legal.md Part C ("S-D2025", ...)
	Confidence    Confidence    `json:"confidence"`
	Note          string        `json:"note"` // caveats, estimated dates, readings chosen

	// Extended is the number of extensions applied with Extend; the caps
	// above already include them.
	Extended int `json:"extended"`
}

// InForce reports whether the row applies on day d.
func (r Regime) InForce(d calendar.Date) bool {
	return !d.Before(r.EffectiveFrom) && (r.EffectiveTo.IsZero() || !d.After(r.EffectiveTo))
}

// String summarises the row: "UZB 30 days per visit, 90/180 (from 2023-01-27, high)".
func (r Regime) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d days per visit, %v", r.Citizenship, r.PerVisitDays, r.Cap)
	if r.Extended > 0 {
		fmt.Fprintf(&b, ", extended %d time(s)", r.Extended)
	}
	b.WriteString(" (from ")
	b.WriteString(r.EffectiveFrom.String())
	if !r.EffectiveTo.IsZero() {
		b.WriteString(" to ")
		b.WriteString(r.EffectiveTo.String())
	}
	if r.Confidence.IsValid() {
		b.WriteString(", ")
		b.WriteString(r.Confidence.String())
	}
	b.WriteString(")")
	return b.String()
}

// Extend returns r with n more extensions granted: each adds
// Cap.ExtensionDays to PerVisitDays and to Cap.Days. Brazil's exchange of
// notes allows one extension of 30 days (docs/legal.md Part C); that the extension
// raises the 30-per-365 cap as well as the stay is an inference, since an
// extension the cap then forbids would be void. Asking for more extensions
// than Cap.Extensions - Extended is an error matching ErrNoExtension.
func (r Regime) Extend(n int) (Regime, error) {
	if n < 0 || n > r.Cap.Extensions-r.Extended {
		return r, fmt.Errorf("%w: %s allows %d more extension(s), asked for %d", ErrNoExtension, r.Citizenship, max(0, r.Cap.Extensions-r.Extended), n)
	}
	r.Extended += n
	r.PerVisitDays += n * r.Cap.ExtensionDays
	r.Cap.Days += n * r.Cap.ExtensionDays
	r.Sources = slices.Clone(r.Sources)
	return r, nil
}

// validate checks the limits a query needs. The table checks the rest
// (codes, dates, confidence) in validateRow.
func (r *Regime) validate() error {
	bad := func(reason string) error {
		return &RegimeError{Citizenship: r.Citizenship, EffectiveFrom: r.EffectiveFrom, Reason: reason}
	}
	switch {
	case r.PerVisitDays < 1 || r.PerVisitDays > maxDays:
		return bad(fmt.Sprintf("per-visit days %d outside 1..%d", r.PerVisitDays, maxDays))
	case !r.Cap.Kind.IsValid():
		return bad(fmt.Sprintf("cap kind %v", r.Cap.Kind))
	case r.Cap.WindowDays < 1 || r.Cap.WindowDays > maxDays:
		return bad(fmt.Sprintf("cap window %d outside 1..%d", r.Cap.WindowDays, maxDays))
	case r.Cap.Days < 1 || r.Cap.Days > r.Cap.WindowDays:
		return bad(fmt.Sprintf("cap of %d days outside 1..%d (the window)", r.Cap.Days, r.Cap.WindowDays))
	case r.Cap.Extensions < 0 || r.Cap.ExtensionDays < 0 || r.Extended < 0 || r.Extended > r.Cap.Extensions:
		return bad("negative or excess extensions")
	case r.Cap.Extensions > 0 && r.Cap.ExtensionDays == 0:
		return bad("extensions of zero days")
	}
	return nil
}

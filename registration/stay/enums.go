package stay

import (
	"fmt"
	"strings"
)

// Confidence grades the evidence behind a row of the regime table, with the
// scale of docs/legal.md (Part B, Part C). The zero value is invalid.
type Confidence uint8

const (
	// High: an official text or several consistent sources.
	High Confidence = iota + 1
	// Medium: one good source, or sources that agree but are not official.
	Medium
	// Low: weak or conflicting sources, an unconfirmed cap, or a date of
	// entry into force that had to be estimated.
	Low
)

var confidenceNames = [...]string{High: "high", Medium: "medium", Low: "low"}

// String returns "high", "medium" or "low".
func (c Confidence) String() string {
	if c >= High && c <= Low {
		return confidenceNames[c]
	}
	return fmt.Sprintf("Confidence(%d)", uint8(c))
}

// IsValid reports whether c is High, Medium or Low.
func (c Confidence) IsValid() bool { return c >= High && c <= Low }

// MarshalText implements encoding.TextMarshaler with the names of String,
// and empty text for the zero value ("not set").
func (c Confidence) MarshalText() ([]byte, error) {
	if c == 0 {
		return []byte{}, nil
	}
	if !c.IsValid() {
		return nil, fmt.Errorf("stay: cannot marshal %v", c)
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts the names of
// String and the letters H, M and L of the source tables, in any case, and
// empty text as the zero value.
func (c *Confidence) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "":
		*c = 0
	case "high", "h":
		*c = High
	case "medium", "m":
		*c = Medium
	case "low", "l":
		*c = Low
	default:
		return fmt.Errorf("%w: confidence %q", ErrUnknownName, cut(string(b)))
	}
	return nil
}

// CapKind says how a cumulative cap counts days. The zero value is invalid.
type CapKind uint8

const (
	// RollingWindow: on every day of presence, the days of presence in the
	// window of WindowDays days that ends on that day must not exceed Days
	// (the 90/180 rule of decree 148 as amended by No. 1146, docs/legal.md
	// Part B §2.1; 42/180, 60/180, 30/180 of the other rows).
	RollingWindow CapKind = iota + 1
	// FixedPeriod: a period of WindowDays days starts on the first day of
	// presence and at most Days days of presence may fall in it; the next
	// period starts on the first day of presence after it ends ("90 days per
	// 365 days from the date of first entry" of the Albania, Andorra and
	// Saint Kitts and Nevis treaties; 30 per 365 for Brazil).
	FixedPeriod
)

var capKindNames = [...]string{RollingWindow: "rolling_window", FixedPeriod: "fixed_period"}

// String returns "rolling_window" or "fixed_period".
func (k CapKind) String() string {
	if k.IsValid() {
		return capKindNames[k]
	}
	return fmt.Sprintf("CapKind(%d)", uint8(k))
}

// IsValid reports whether k is RollingWindow or FixedPeriod.
func (k CapKind) IsValid() bool { return k == RollingWindow || k == FixedPeriod }

// MarshalText implements encoding.TextMarshaler with the names of String,
// and empty text for the zero value ("not set").
func (k CapKind) MarshalText() ([]byte, error) {
	if k == 0 {
		return []byte{}, nil
	}
	if !k.IsValid() {
		return nil, fmt.Errorf("stay: cannot marshal %v", k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler for the names of
// String, and empty text as the zero value. It also reads the names with
// hyphens ("rolling-window") written before the codes became snake_case
// like every other enum's.
func (k *CapKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "":
		*k = 0
	case "rolling_window", "rolling-window":
		*k = RollingWindow
	case "fixed_period", "fixed-period":
		*k = FixedPeriod
	default:
		return fmt.Errorf("%w: cap kind %q", ErrUnknownName, cut(string(b)))
	}
	return nil
}

// Limit is a set of the two limits of a regime: the per-visit cap and the
// cumulative cap. The zero value is the empty set ("no limit").
type Limit uint8

const (
	// PerVisit is the longest continuous stay from one entry.
	PerVisit Limit = 1 << iota
	// Cumulative is the cap on days of presence in a window or period.
	Cumulative
)

// String returns "none", "per_visit", "cumulative" or
// "per_visit+cumulative": the snake_case codes of the set's members,
// joined by "+".
func (l Limit) String() string {
	switch l {
	case 0:
		return "none"
	case PerVisit:
		return "per_visit"
	case Cumulative:
		return "cumulative"
	case PerVisit | Cumulative:
		return "per_visit+cumulative"
	}
	return fmt.Sprintf("Limit(%d)", uint8(l))
}

// words returns l as the package's sentences say it: String with hyphens
// ("per-visit"), which codes cannot have.
func (l Limit) words() string { return strings.ReplaceAll(l.String(), "_", "-") }

// Has reports whether l contains all of m.
func (l Limit) Has(m Limit) bool { return l&m == m && m != 0 }

// MarshalText implements encoding.TextMarshaler with the names of String.
func (l Limit) MarshalText() ([]byte, error) {
	if l&^(PerVisit|Cumulative) != 0 {
		return nil, fmt.Errorf("stay: cannot marshal %v", l)
	}
	return []byte(l.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler for the names of
// String, and the names with a hyphen ("per-visit") written before the
// codes became snake_case like every other enum's.
func (l *Limit) UnmarshalText(b []byte) error {
	switch string(b) {
	case "none":
		*l = 0
	case "per_visit", "per-visit":
		*l = PerVisit
	case "cumulative":
		*l = Cumulative
	case "per_visit+cumulative", "per-visit+cumulative":
		*l = PerVisit | Cumulative
	default:
		return fmt.Errorf("%w: limit %q", ErrUnknownName, cut(string(b)))
	}
	return nil
}

// cut shortens untrusted text quoted in error messages.
func cut(s string) string {
	if len(s) > 16 {
		return s[:16]
	}
	return s
}

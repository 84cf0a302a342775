package penalty

import (
	"strconv"
	"strings"

	"github.com/migreg/migreg/calendar"
)

// Citation names the provision of the Code of Administrative Offences
// (КоАП РК, No. 235-V of 5 Jul 2014) that a row implements.
type Citation struct {
	Article int `json:"article"`        // 517 (the foreigner) or 518 (the host)
	Part    int `json:"part,omitempty"` // the part of the article; 0 when the sources did not give it
}

// String returns e.g. "art. 518 part 1", or "art. 517" when the part is
// unknown.
func (c Citation) String() string {
	s := "art. " + strconv.Itoa(c.Article)
	if c.Part > 0 {
		s += " part " + strconv.Itoa(c.Part)
	}
	return s
}

// Tier is a band of days in breach (days overstayed, days late), written
// as the law writes it: more than MinDays, up to and including MaxDays. A
// MaxDays of 0 means no upper bound. So Tier{3, 5} is "more than 3, up to
// 5 days" and Tier{10, 0} is "more than 10 days".
//
// The zero Tier is special: it marks a row that does not depend on the
// number of days, and it matches any [Query.Days], including 0.
type Tier struct {
	MinDays int `json:"min_days"` // exclusive lower bound, >= 0
	MaxDays int `json:"max_days"` // inclusive upper bound, > MinDays; 0 for none
}

// IsZero reports whether t is the zero Tier, "any number of days".
func (t Tier) IsZero() bool { return t == Tier{} }

// Contains reports whether a breach of days falls in t.
func (t Tier) Contains(days int) bool {
	if t.IsZero() {
		return true
	}
	return days > t.MinDays && (t.MaxDays == 0 || days <= t.MaxDays)
}

// overlaps reports whether some number of days falls in both tiers.
func (t Tier) overlaps(u Tier) bool {
	if t.IsZero() || u.IsZero() {
		return true
	}
	lo := max(t.MinDays, u.MinDays)
	return (t.MaxDays == 0 || lo < t.MaxDays) && (u.MaxDays == 0 || lo < u.MaxDays)
}

// String returns e.g. "more than 3, up to 5 days", "up to 3 days", or
// "any length".
func (t Tier) String() string {
	switch {
	case t.IsZero():
		return "any length"
	case t.MinDays == 0:
		return "up to " + strconv.Itoa(t.MaxDays) + " days"
	case t.MaxDays == 0:
		return "more than " + strconv.Itoa(t.MinDays) + " days"
	}
	return "more than " + strconv.Itoa(t.MinDays) + ", up to " + strconv.Itoa(t.MaxDays) + " days"
}

func (t Tier) validate() string {
	switch {
	case t.MinDays < 0:
		return "tier lower bound is negative"
	case t.MaxDays < 0:
		return "tier upper bound is negative"
	case t.MaxDays != 0 && t.MaxDays <= t.MinDays:
		return "tier upper bound is not above its lower bound"
	}
	return ""
}

// Sanction is what the law imposes, in the terms of КоАП. The fine is a
// whole multiple of the MRP ([MRP]); an [Assessment] turns it into tenge.
// Sanctions are cumulative ("10 MRP with a ban on invitations") unless
// Alternative is set ("15 MRP or expulsion", the choice being the
// authority's).
//
// The zero Sanction imposes nothing; only a row of [Unconfirmed]
// confidence carries it.
type Sanction struct {
	// Warning is a formal warning (предупреждение).
	Warning bool `json:"warning,omitempty"`
	// FineMRP is the fine as a multiple of the MRP; 0 for no fine.
	FineMRP int `json:"fine_mrp,omitempty"`
	// Expulsion is administrative expulsion (выдворение) of the foreigner,
	// ordered by a court.
	Expulsion bool `json:"expulsion,omitempty"`
	// EntryBanYears is the ban on re-entry that accompanies Expulsion.
	EntryBanYears int `json:"entry_ban_years,omitempty"`
	// InvitationBanYears is a ban on the host issuing invitations to
	// foreigners (docs/legal.md Part B §3.1, repeat offences of organisations).
	InvitationBanYears int `json:"invitation_ban_years,omitempty"`
	// Alternative makes Warning, the fine and Expulsion alternatives rather
	// than cumulative. The bans are never alternatives.
	Alternative bool `json:"alternative,omitempty"`
}

// IsZero reports whether s imposes nothing.
func (s Sanction) IsZero() bool { return s == Sanction{} }

// String returns e.g. "warning", "10 MRP", "100 MRP + 1-year ban on
// invitations", "15 MRP or expulsion", "expulsion + 5-year entry ban", or
// "none" for the zero Sanction.
func (s Sanction) String() string {
	var main []string
	if s.Warning {
		main = append(main, "warning")
	}
	if s.FineMRP != 0 {
		main = append(main, strconv.Itoa(s.FineMRP)+" MRP")
	}
	if s.Expulsion {
		main = append(main, "expulsion")
	}
	sep := " + "
	if s.Alternative {
		sep = " or "
	}
	parts := []string{strings.Join(main, sep)}
	if s.EntryBanYears != 0 {
		parts = append(parts, strconv.Itoa(s.EntryBanYears)+"-year entry ban")
	}
	if s.InvitationBanYears != 0 {
		parts = append(parts, strconv.Itoa(s.InvitationBanYears)+"-year ban on invitations")
	}
	if parts[0] == "" {
		parts = parts[1:]
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " + ")
}

func (s Sanction) validate() string {
	options := 0
	for _, b := range []bool{s.Warning, s.FineMRP > 0, s.Expulsion} {
		if b {
			options++
		}
	}
	switch {
	case s.FineMRP < 0:
		return "negative fine"
	case s.EntryBanYears < 0 || s.InvitationBanYears < 0:
		return "negative ban"
	case s.EntryBanYears > 0 && !s.Expulsion:
		return "entry ban without expulsion"
	case s.Alternative && options < 2:
		return "alternative sanction with fewer than two options"
	case !s.Alternative && s.Warning && options > 1:
		return "warning combined with a fine or expulsion"
	}
	return ""
}

// Rule is one row of the catalogue: the sanction for an offence by an
// offender, first or repeated, for a band of days, on a span of dates. A
// [Query] matches a row when Offence, Offender, Size and Repeat are equal,
// Tier contains Query.Days and From <= Query.On <= To.
//
// Rule is a plain value; a [Catalogue] keeps its own copies, so changing a
// Rule after passing it in, or one returned by [Catalogue.Rules], changes
// nothing in the catalogue.
type Rule struct {
	Offence  Offence  `json:"offence"`
	Offender Offender `json:"offender"`
	// Size is set only when Offender is HostEntity.
	Size BusinessSize `json:"size,omitzero"`
	// Repeat selects the row for an offence committed within a year of a
	// penalty for the same offence (see [Policy.Repeat]); false is a first
	// offence.
	Repeat bool `json:"repeat"`
	// Tier is the band of days the row covers; the zero Tier covers any.
	Tier Tier `json:"tier,omitzero"`
	// From is the first date of the span, required. Dates are offence
	// dates (the first day in breach). For the default rows it is the
	// earliest date the sources attest the wording, not necessarily the
	// date the wording entered into force.
	From calendar.Date `json:"from"`
	// To is the last date of the span, inclusive; the zero Date means
	// open-ended.
	To calendar.Date `json:"to,omitzero"`

	Citation Citation `json:"citation"`
	Sanction Sanction `json:"sanction,omitzero"`
	// Confidence of the sanction. Unconfirmed rows carry the zero Sanction.
	Confidence Confidence `json:"confidence"`
	// Source cites where the figures come from (docs/legal.md Part B).
	Source string `json:"source,omitempty"`
	// Note explains a modelling choice, in English.
	Note string `json:"note,omitempty"`
}

// String describes the row for logs and errors, e.g.
// "overstay by foreigner, first offence, more than 3, up to 5 days, from
// 2023-01-01: 10 MRP (art. 517 part 3, medium)".
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString(describe(r.Offence, r.Offender, r.Size, r.Repeat))
	b.WriteString(", ")
	b.WriteString(r.Tier.String())
	b.WriteString(", from ")
	b.WriteString(r.From.String())
	if !r.To.IsZero() {
		b.WriteString(" to ")
		b.WriteString(r.To.String())
	}
	b.WriteString(": ")
	if r.Confidence == Unconfirmed {
		b.WriteString("unconfirmed")
	} else {
		b.WriteString(r.Sanction.String())
	}
	b.WriteString(" (")
	b.WriteString(r.Citation.String())
	b.WriteString(", ")
	b.WriteString(r.Confidence.String())
	b.WriteString(")")
	return b.String()
}

// Validate reports whether r can be a catalogue row. It returns a
// [*RuleError] naming the first problem found, or nil.
func (r Rule) Validate() error {
	if reason := r.validate(); reason != "" {
		return &RuleError{Rule: r, Reason: reason}
	}
	return nil
}

func (r Rule) validate() string {
	switch {
	case !r.Offence.IsValid():
		return "invalid offence"
	case !r.Offender.IsValid():
		return "invalid offender"
	case r.Offence.Host() != r.Offender.Host():
		return "offence and offender do not match (host offence by a foreigner or the reverse)"
	}
	if reason := checkSize(r.Offender, r.Size); reason != "" {
		return reason
	}
	if reason := r.Tier.validate(); reason != "" {
		return reason
	}
	switch {
	case r.From.IsZero():
		return "missing From date"
	case !r.To.IsZero() && r.To.Before(r.From):
		return "To is before From"
	case r.Citation.Article <= 0:
		return "missing article"
	case r.Citation.Part < 0:
		return "negative part"
	case !r.Confidence.IsValid():
		return "invalid confidence"
	case r.Confidence == Unconfirmed && !r.Sanction.IsZero():
		return "unconfirmed row with a sanction"
	case r.Confidence != Unconfirmed && r.Sanction.IsZero():
		return "confirmed row without a sanction"
	}
	return r.Sanction.validate()
}

func checkSize(o Offender, s BusinessSize) string {
	switch {
	case o == HostEntity && !s.IsValid():
		return "host entity without a valid business size"
	case o != HostEntity && s != 0:
		return "business size set for an offender that is not a host entity"
	}
	return ""
}

// key is what a query must match exactly.
type key struct {
	offence  Offence
	offender Offender
	size     BusinessSize
	repeat   bool
}

func (r Rule) key() key { return key{r.Offence, r.Offender, r.Size, r.Repeat} }

// activeOn reports whether d lies in [From, To].
func (r Rule) activeOn(d calendar.Date) bool {
	return !d.Before(r.From) && (r.To.IsZero() || !d.After(r.To))
}

// overlaps reports whether some query matches both r and s.
func (r Rule) overlaps(s Rule) bool {
	return r.key() == s.key() && datesOverlap(r, s) && r.Tier.overlaps(s.Tier)
}

func datesOverlap(r, s Rule) bool {
	return (s.To.IsZero() || !r.From.After(s.To)) && (r.To.IsZero() || !s.From.After(r.To))
}

// describe renders the matching key, e.g. "overstay by foreigner, first
// offence" or "host_late_notification by host_entity (medium), repeat".
func describe(o Offence, by Offender, size BusinessSize, repeat bool) string {
	s := o.String() + " by " + by.String()
	if size != 0 {
		s += " (" + size.String() + ")"
	}
	if repeat {
		return s + ", repeat"
	}
	return s + ", first offence"
}

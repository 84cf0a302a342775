package penalty

import "strconv"

// Offence is what was done wrong: the stable vocabulary the registration
// package uses to attach a sanction to each violation it detects. The zero
// Offence is invalid. Values are stored by name (MarshalText), so new
// offences are only ever appended.
type Offence uint8

const (
	// NotRegistered: the foreigner was not registered by the due date
	// (order 923: the 30th calendar day after entry). КоАП art. 517, "living
	// without registration" (docs/legal.md Part B §3.2).
	NotRegistered Offence = iota + 1

	// LateReregistration: after a move the foreigner did not register at the
	// new address within 5 working days. КоАП art. 517, "living at a
	// different address" (docs/legal.md Part B §3.2).
	LateReregistration

	// Overstay: the foreigner did not leave when the permitted stay (per
	// visit or 90/180) ended. КоАП art. 517 part 3, tiered by the days
	// overstayed (docs/legal.md Part B §3.2).
	Overstay

	// HostLateNotification: under the regime before 1 Jul 2026 the host did
	// not notify the police within 3 working days of arrival. КоАП art. 518
	// part 1 (docs/legal.md Part B §2.2, §3.1).
	HostLateNotification

	// HostHousingViolator: the host houses a foreigner who stays in breach
	// of the law. КоАП art. 518 part 2 (docs/legal.md Part B §3.1).
	HostHousingViolator

	// FalseData: the foreigner gave false data, so the registration was
	// refused or annulled. КоАП art. 517 (docs/legal.md Part A, Part B §2.3).
	FalseData

	// HostLateConfirmation: under order 923 (from 1 Jul 2026) the host
	// confirmed the foreigner's request only after the foreigner's deadline.
	// Whether this is an art. 518 part 1 offence is UNCONFIRMED (docs/legal.md
	// Part B §2.3, §6 item 1); see the package documentation.
	HostLateConfirmation

	// CourtExpulsion: conduct a court punished under КоАП art. 517 part 4,
	// whose text was not retrieved; it has been applied as expulsion with a
	// 5-year entry ban (docs/legal.md Part B §3.2). The registration package
	// cannot detect it; a caller who knows of such a decision can price it.
	CourtExpulsion

	lastOffence = CourtExpulsion
)

// String returns the stable name used by MarshalText, e.g. "overstay".
func (o Offence) String() string {
	switch o {
	case NotRegistered:
		return "not_registered"
	case LateReregistration:
		return "late_reregistration"
	case Overstay:
		return "overstay"
	case HostLateNotification:
		return "host_late_notification"
	case HostHousingViolator:
		return "host_housing_violator"
	case FalseData:
		return "false_data"
	case HostLateConfirmation:
		return "host_late_confirmation"
	case CourtExpulsion:
		return "court_expulsion"
	}
	return "Offence(" + strconv.Itoa(int(o)) + ")"
}

// IsValid reports whether o is one of the declared offences.
func (o Offence) IsValid() bool { return o >= 1 && o <= lastOffence }

// Host reports whether the offence is committed by the host (КоАП art.
// 518) rather than by the foreigner (art. 517). A [Rule] or [Query] pairs a
// host offence only with a host [Offender], and a foreigner's offence only
// with [Foreigner].
func (o Offence) Host() bool {
	switch o {
	case HostLateNotification, HostHousingViolator, HostLateConfirmation:
		return true
	}
	return false
}

// MarshalText returns the stable name, or empty text for the zero value;
// any other value outside the enum is a [*NameError].
func (o Offence) MarshalText() ([]byte, error) { return marshalEnum("offence", o) }

// UnmarshalText parses a stable name, and empty text as the zero value;
// unknown text is a [*NameError] and leaves o unchanged.
func (o *Offence) UnmarshalText(b []byte) error { return unmarshalEnum("offence", lastOffence, o, b) }

// Offender is who is punished. Sanctions of art. 518 depend on the kind of
// host and, for organisations, on their [BusinessSize]. The zero Offender is
// invalid.
type Offender uint8

const (
	// Foreigner is the immigrant (art. 517).
	Foreigner Offender = iota + 1

	// HostIndividual is a host who is a natural person (физическое лицо).
	HostIndividual

	// HostOfficial is an official (должностное лицо) of a host
	// organisation, punished personally; art. 518 fines officials like small
	// businesses whatever the organisation's size.
	HostOfficial

	// HostEntity is a host organisation (a legal entity or an individual
	// entrepreneur); its [BusinessSize] selects the sanction.
	HostEntity

	lastOffender = HostEntity
)

// String returns the stable name used by MarshalText, e.g. "host_entity".
func (o Offender) String() string {
	switch o {
	case Foreigner:
		return "foreigner"
	case HostIndividual:
		return "host_individual"
	case HostOfficial:
		return "host_official"
	case HostEntity:
		return "host_entity"
	}
	return "Offender(" + strconv.Itoa(int(o)) + ")"
}

// IsValid reports whether o is one of the declared offenders.
func (o Offender) IsValid() bool { return o >= 1 && o <= lastOffender }

// Host reports whether o is a host of any kind.
func (o Offender) Host() bool { return o.IsValid() && o != Foreigner }

// MarshalText returns the stable name, or empty text for the zero value;
// any other value outside the enum is a [*NameError].
func (o Offender) MarshalText() ([]byte, error) { return marshalEnum("offender", o) }

// UnmarshalText parses a stable name, and empty text as the zero value;
// unknown text is a [*NameError] and leaves o unchanged.
func (o *Offender) UnmarshalText(b []byte) error {
	return unmarshalEnum("offender", lastOffender, o, b)
}

// BusinessSize is the category of a [HostEntity] under the Entrepreneurial
// Code, as КоАП uses it to scale fines (docs/legal.md Part B §3.1). It is set
// only for HostEntity; the zero BusinessSize means "not an organisation".
type BusinessSize uint8

const (
	// SmallBusiness covers small (and micro) business, including individual
	// entrepreneurs.
	SmallBusiness BusinessSize = iota + 1
	// MediumBusiness is a medium-sized business.
	MediumBusiness
	// LargeBusiness is a large business.
	LargeBusiness
	// NonProfit is a non-commercial organisation; art. 518 part 1 fines it
	// like a small business.
	NonProfit

	lastSize = NonProfit
)

// String returns the stable name used by MarshalText, e.g. "medium".
func (s BusinessSize) String() string {
	switch s {
	case SmallBusiness:
		return "small"
	case MediumBusiness:
		return "medium"
	case LargeBusiness:
		return "large"
	case NonProfit:
		return "non_profit"
	}
	return "BusinessSize(" + strconv.Itoa(int(s)) + ")"
}

// IsValid reports whether s is one of the declared sizes.
func (s BusinessSize) IsValid() bool { return s >= 1 && s <= lastSize }

// MarshalText returns the stable name, or empty text for the zero value;
// any other value outside the enum is a [*NameError].
func (s BusinessSize) MarshalText() ([]byte, error) { return marshalEnum("business size", s) }

// UnmarshalText parses a stable name, and empty text as the zero value;
// unknown text is a [*NameError] and leaves s unchanged.
func (s *BusinessSize) UnmarshalText(b []byte) error {
	return unmarshalEnum("business size", lastSize, s, b)
}

// Confidence is how well the sources support a figure, on the scale of
// docs/legal.md Part B: H, M, L, UNCONFIRMED. Where docs/legal.md gives a range such
// as "H-M" the catalogue records the lower level. Values are ordered from
// strongest to weakest, so a larger value is weaker.
type Confidence uint8

const (
	// HighConfidence (H): an official text or several independent,
	// consistent sources.
	HighConfidence Confidence = iota + 1
	// MediumConfidence (M): one good secondary source, or agreeing
	// unofficial ones.
	MediumConfidence
	// LowConfidence (L): a single weak or old source, or an inference.
	LowConfidence
	// Unconfirmed: not found. A row with this confidence carries no
	// sanction, and looking it up is an [ErrUnconfirmed] error.
	Unconfirmed

	lastConfidence = Unconfirmed
)

// String returns the stable name used by MarshalText, e.g. "medium".
func (c Confidence) String() string {
	switch c {
	case HighConfidence:
		return "high"
	case MediumConfidence:
		return "medium"
	case LowConfidence:
		return "low"
	case Unconfirmed:
		return "unconfirmed"
	}
	return "Confidence(" + strconv.Itoa(int(c)) + ")"
}

// IsValid reports whether c is one of the declared levels.
func (c Confidence) IsValid() bool { return c >= 1 && c <= lastConfidence }

// weaker returns the weaker of c and d.
func (c Confidence) weaker(d Confidence) Confidence { return max(c, d) }

// MarshalText returns the stable name, or empty text for the zero value;
// any other value outside the enum is a [*NameError].
func (c Confidence) MarshalText() ([]byte, error) { return marshalEnum("confidence", c) }

// UnmarshalText parses a stable name, and empty text as the zero value;
// unknown text is a [*NameError] and leaves c unchanged.
func (c *Confidence) UnmarshalText(b []byte) error {
	return unmarshalEnum("confidence", lastConfidence, c, b)
}

// PricingYear chooses whose date selects the MRP that prices a fine (a
// [Policy] field): the offence's or the decision's. The MRP in force on
// that day is used ([Catalogue.MRPOn]). The names say "year" because the
// MRP is set for a year; a value changed within a year (2020) is honoured
// by the day. The zero value means the default, [OffenceYear].
type PricingYear uint8

const (
	// OffenceYear prices a fine at the MRP in force on the offence date,
	// [Query.On], the first day in breach: the default of docs/legal.md
	// Part A and the usual Kazakh practice (Part B §3.3, L).
	OffenceYear PricingYear = iota + 1
	// DecisionYear prices a fine at the MRP in force on the decision date,
	// [Query.Decided].
	DecisionYear

	lastPricingYear = DecisionYear
)

// String returns the stable name used by MarshalText, e.g. "offence_year".
func (p PricingYear) String() string {
	switch p {
	case OffenceYear:
		return "offence_year"
	case DecisionYear:
		return "decision_year"
	}
	return "PricingYear(" + strconv.Itoa(int(p)) + ")"
}

// IsValid reports whether p is one of the declared values.
func (p PricingYear) IsValid() bool { return p >= 1 && p <= lastPricingYear }

// MarshalText returns the stable name, or empty text for the zero value;
// any other value outside the enum is a [*NameError].
func (p PricingYear) MarshalText() ([]byte, error) { return marshalEnum("pricing year", p) }

// UnmarshalText parses a stable name, and empty text as the zero value;
// unknown text is a [*NameError] and leaves p unchanged.
func (p *PricingYear) UnmarshalText(b []byte) error {
	return unmarshalEnum("pricing year", lastPricingYear, p, b)
}

// enum is what the shared text codecs need of an enum type.
type enum interface {
	~uint8
	String() string
	IsValid() bool
}

func marshalEnum[T enum](typ string, v T) ([]byte, error) {
	if v == 0 {
		return []byte{}, nil
	}
	if !v.IsValid() {
		return nil, &NameError{Type: typ, Name: v.String()}
	}
	return []byte(v.String()), nil
}

func unmarshalEnum[T enum](typ string, last T, v *T, b []byte) error {
	if len(b) == 0 {
		*v = 0
		return nil
	}
	for c := T(1); c <= last; c++ {
		if c.String() == string(b) {
			*v = c
			return nil
		}
	}
	if len(b) > 64 {
		b = b[:64]
	}
	return &NameError{Type: typ, Name: string(b)}
}

package registration

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

// Regime is the registration procedure a stay falls under.
type Regime uint8

// The procedures. Never reorder; add new ones at the end.
const (
	// HostNotification is the procedure until 30 June 2026 (docs/legal.md Part B
	// §2.2): no registration for stays of up to 30 days; the host notifies
	// the police within 3 working days of arrival (eQonaq, vmp.gov.kz).
	HostNotification Regime = iota + 1
	// SelfRegistration is MVD order No. 923 from 1 July 2026 (Part B §2.3):
	// the foreigner registers by the 30th calendar day from entry, the host
	// confirms or refuses, and a move is re-registered within 5 working days.
	SelfRegistration
)

var regimeNames = names{"", "host_notification", "self_registration"}

// String returns the stable name, e.g. "self_registration".
func (g Regime) String() string { return regimeNames.str(uint8(g), "Regime") }

// MarshalText returns the stable name, or empty text for the zero value.
func (g Regime) MarshalText() ([]byte, error) { return regimeNames.marshal(uint8(g), "Regime") }

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (g *Regime) UnmarshalText(b []byte) error {
	v, err := regimeNames.parse(b, "Regime")
	if err == nil {
		*g = Regime(v)
	}
	return err
}

// Rules are the registration rules in force for stays that begin (by entry
// date) between From and To. Every convention of docs/legal.md Part A's policy
// table is a field with its documented default, so a caller who reads the
// law differently changes a value instead of the code.
type Rules struct {
	Name   string        `json:"name"`
	Basis  string        `json:"basis"`       // the legal act
	Regime Regime        `json:"regime"`      // which procedure
	From   calendar.Date `json:"from"`        // first entry date the rules apply to
	To     calendar.Date `json:"to,omitzero"` // last entry date; zero: still in force

	// RegistrationDays is the registration deadline in calendar days from
	// entry (order 923: "не позднее 30-го календарного дня"), counted with
	// RegistrationCount. Default: 30, the entry day is day 1, not rolled
	// forward off a day off (Part A; Part B §2.1, Part B §6 item 6). Zero: no
	// registration by the foreigner (the host-notification regime).
	RegistrationDays  int                    `json:"registration_days"`
	RegistrationCount calendar.PeriodOptions `json:"registration_count"`

	// ReregistrationWorkingDays is the period for registering at a new
	// address after a move, counted with ReregistrationCount. Default: 5
	// working days from the day after the move (Part A; Part B §6 item 7).
	ReregistrationWorkingDays int                    `json:"reregistration_working_days"`
	ReregistrationCount       calendar.PeriodOptions `json:"reregistration_count"`

	// HostNotificationWorkingDays is the host's period to notify the police
	// of an arrival (the regime until 30 June 2026: 3 working days from the
	// day after arrival; Part A, Part B §2.2). Zero: no such duty.
	HostNotificationWorkingDays int                    `json:"host_notification_working_days"`
	HostNotificationCount       calendar.PeriodOptions `json:"host_notification_count"`

	// HostAnswerWorkingDays is the host's time to confirm or refuse a
	// request before it lapses. No source gives it (Part B §6, UNCONFIRMED item
	// 1); the default, 3 working days from the day after submission,
	// mirrors the host-notification period (Part A).
	HostAnswerWorkingDays int                    `json:"host_answer_working_days"`
	HostAnswerCount       calendar.PeriodOptions `json:"host_answer_count"`

	// LateConfirmationIsHostOffence: whether a host who confirms after the
	// foreigner's registration deadline is reported as an offender
	// (penalty.HostLateConfirmation, unconfirmed in the sources). Default
	// false: the sources name no such offence.
	LateConfirmationIsHostOffence bool `json:"late_confirmation_is_host_offence"`

	// Minors is how a minor is registered: beside a parent or guardian
	// (see MinorPolicy, a POLICY: order No. 923's rule for children is
	// not published). Default: under 18 on the entry date, with a
	// guardian, for order No. 923; no rule before it.
	Minors MinorPolicy `json:"minors"`
}

// UnmarshalJSON reads Rules as json.Unmarshal would, but refuses a key it
// does not know, in Rules or in its periods' options: a misspelt key, or
// a Go field name (Rules marshalled as "RegistrationDays" before it had
// tags), would leave its field zero, and a zero RegistrationDays means no
// registration duty at all. A key that is missing is zero, as always.
func (r *Rules) UnmarshalJSON(b []byte) error {
	type fields Rules // without the methods
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var f fields
	if err := d.Decode(&f); err != nil {
		return fmt.Errorf("registration: rules: %w", err)
	}
	*r = Rules(f)
	return nil
}

// IsZero reports whether r is the zero Rules.
func (r Rules) IsZero() bool { return r.Name == "" && r.Regime == 0 }

// applies reports whether the rules cover a stay that began on entry.
func (r Rules) applies(entry calendar.Date) bool {
	return !entry.Before(r.From) && (r.To.IsZero() || !entry.After(r.To))
}

// DefaultRules returns the rules of docs/legal.md, oldest first: the
// host-notification regime (from 11 Jan 2020, when registration for stays
// up to 30 days was abolished) and order No. 923 (from 1 Jul 2026). Each
// call returns fresh values.
func DefaultRules() []Rules {
	answer := calendar.PeriodOptions{}
	return []Rules{
		{
			Name:   "Host notification (decree No. 148 rules, para. 9)",
			Basis:  "Government decree No. 148 of 21 Jan 2012, para. 9; MVD order No. 83 of 27 Jan 2016",
			Regime: HostNotification,
			From:   calendar.NewDate(2020, time.January, 11),
			To:     calendar.NewDate(2026, time.June, 30),

			// No registration by the foreigner for stays up to 30 days (Part B
			// §2.2); longer stays need a residence permit, which migreg
			// does not model. A change of address is a new arrival for the
			// new host, who notifies within the same 3 working days (wpk.kz,
			// Part B §2.2, M): there is no separate re-registration.
			HostNotificationWorkingDays: 3,
			HostNotificationCount:       calendar.PeriodOptions{},
			HostAnswerWorkingDays:       3,
			HostAnswerCount:             answer,
		},
		{
			Name:   "Self-registration (MVD order No. 923)",
			Basis:  "MVD order No. 923 of 17 Nov 2025 «Об утверждении Правил регистрации иммигрантов в РК», in force 1 Jul 2026",
			Regime: SelfRegistration,
			From:   calendar.NewDate(2026, time.July, 1),

			RegistrationDays:          30,
			RegistrationCount:         calendar.PeriodOptions{EventDayCounts: true},
			ReregistrationWorkingDays: 5,
			ReregistrationCount:       calendar.PeriodOptions{},
			HostAnswerWorkingDays:     3,
			HostAnswerCount:           answer,
			Minors:                    MinorPolicy{Age: 18},
		},
	}
}

// ErrNoRules is matched when no rules cover a date: an entry before 11 Jan
// 2020, or outside the caller's rules.
var ErrNoRules = errors.New("registration: no rules in force")

// ErrNotRequired is matched when a deadline is asked of rules that have
// none: a registration deadline under the host-notification regime, a
// host notification under order No. 923.
var ErrNotRequired = errors.New("registration: not required by the rules in force")

// RulesFor returns the default rules in force for a stay that began on
// entry: the regime is judged by the entry date (docs/legal.md Part A). An
// entry no rules cover is an error matching ErrNoRules.
func RulesFor(entry calendar.Date) (Rules, error) { return rulesFor(DefaultRules(), entry) }

func rulesFor(all []Rules, entry calendar.Date) (Rules, error) {
	for _, r := range all {
		if r.applies(entry) {
			return r, nil
		}
	}
	return Rules{}, fmt.Errorf("%w for an entry on %v", ErrNoRules, entry)
}

// Rulebook bundles everything the domain judges by: the working-day
// calendar, the effective-dated Rules, the stay regimes and their
// counting Policy, and the penalty catalogue. Build one with
// DefaultRulebook and change fields before sharing it; after that it is
// read-only and safe for concurrent use.
type Rulebook struct {
	Calendar   *calendar.Calendar
	Rules      []Rules
	Regimes    *stay.Table
	StayPolicy stay.Policy
	Penalties  *penalty.Catalogue
}

// MarshalJSON refuses: a Rulebook is configuration, whose calendar,
// regime table and penalty catalogue are compiled tables JSON does not
// carry, so that one read back would count no holidays. Marshal its Rules,
// which are data, instead.
func (rb Rulebook) MarshalJSON() ([]byte, error) {
	return nil, errors.New("registration: a Rulebook is configuration, not data: marshal its Rules")
}

// UnmarshalJSON refuses, as MarshalJSON does: build a Rulebook with
// DefaultRulebook and set its Rules.
func (rb *Rulebook) UnmarshalJSON([]byte) error {
	return errors.New("registration: a Rulebook is configuration, not data: read its Rules")
}

// DefaultRulebook returns the defaults of docs/legal.md: Kazakhstan's
// calendar, DefaultRules, the regime table of docs/legal.md Part C, the default
// stay policy and the default penalty catalogue. Each call returns fresh
// values: a new Rules slice, and a new Calendar, Table and Catalogue
// that share the tables their packages build once and never change. A
// caller who sets a field, changes the Rules or overwrites *Calendar,
// *Regimes or *Penalties changes only this Rulebook, and a call costs a
// few small allocations.
func DefaultRulebook() *Rulebook {
	return &Rulebook{
		Calendar:  calendar.Kazakhstan(),
		Rules:     DefaultRules(),
		Regimes:   stay.DefaultTable(),
		Penalties: penalty.DefaultCatalogue(),
	}
}

// RulesFor returns the rules in force for a stay that began on entry.
func (rb *Rulebook) RulesFor(entry calendar.Date) (Rules, error) { return rulesFor(rb.Rules, entry) }

// RegistrationDue returns the foreigner's registration deadline for a stay
// that began on entry, with its explanation: under order No. 923 the 30th
// calendar day, the entry day being day 1. Under rules with no
// registration by the foreigner it is an error matching ErrNotRequired.
func (rb *Rulebook) RegistrationDue(entry calendar.Date) (calendar.Deadline, error) {
	r, err := rb.RulesFor(entry)
	if err != nil {
		return calendar.Deadline{}, err
	}
	if r.RegistrationDays == 0 {
		return calendar.Deadline{}, fmt.Errorf("%w: %s has no registration by the foreigner", ErrNotRequired, r.Name)
	}
	return rb.Calendar.CalendarDaysAfter(entry, r.RegistrationDays, r.RegistrationCount)
}

// ReregistrationDue returns the deadline for registering at a new address
// after a move on moved, in a stay that began on entry: 5 working days
// from the day after the move under order No. 923. No move date, or one
// before the entry, is a *ValidationError ("moved_on: required",
// "moved_on: before_entry"), as in a submission.
func (rb *Rulebook) ReregistrationDue(entry, moved calendar.Date) (calendar.Deadline, error) {
	if moved.IsZero() {
		return calendar.Deadline{}, &ValidationError{Problems: []Problem{{Path: "moved_on", Code: CodeRequired}}}
	}
	if moved.Before(entry) {
		return calendar.Deadline{}, &ValidationError{Problems: []Problem{{Path: "moved_on", Code: CodeBeforeEntry}}}
	}
	r, err := rb.RulesFor(entry)
	if err != nil {
		return calendar.Deadline{}, err
	}
	if r.ReregistrationWorkingDays == 0 {
		return calendar.Deadline{}, fmt.Errorf("%w: %s has no re-registration period", ErrNotRequired, r.Name)
	}
	return rb.Calendar.WorkingDaysAfter(moved, r.ReregistrationWorkingDays, r.ReregistrationCount)
}

// HostAnswerDue returns the last day for the host's answer to a request
// submitted on submitted in a stay that began on entry.
func (rb *Rulebook) HostAnswerDue(entry, submitted calendar.Date) (calendar.Deadline, error) {
	r, err := rb.RulesFor(entry)
	if err != nil {
		return calendar.Deadline{}, err
	}
	if r.HostAnswerWorkingDays == 0 {
		return calendar.Deadline{}, fmt.Errorf("%w: %s sets no time for the host's answer", ErrNotRequired, r.Name)
	}
	return rb.Calendar.WorkingDaysAfter(submitted, r.HostAnswerWorkingDays, r.HostAnswerCount)
}

// HostNotificationDue returns the host's deadline to notify the police of
// an arrival on arrived, under the regime until 30 June 2026: 3 working
// days from the day after arrival. Under order No. 923 it is an error
// matching ErrNotRequired.
func (rb *Rulebook) HostNotificationDue(entry, arrived calendar.Date) (calendar.Deadline, error) {
	r, err := rb.RulesFor(entry)
	if err != nil {
		return calendar.Deadline{}, err
	}
	if r.HostNotificationWorkingDays == 0 {
		return calendar.Deadline{}, fmt.Errorf("%w: %s has no host notification", ErrNotRequired, r.Name)
	}
	return rb.Calendar.WorkingDaysAfter(arrived, r.HostNotificationWorkingDays, r.HostNotificationCount)
}

// Regime returns the stay regime of a citizenship in force on a date, from
// the rulebook's table.
func (rb *Rulebook) Regime(citizenship string, on calendar.Date) (stay.Regime, error) {
	return rb.Regimes.RegimeFor(citizenship, on)
}

// ReadTrips reads the part of a foreigner's trips that can change what
// Assess finds on the day on, or their stay status on it, through read,
// which returns the trips that begin on or after a day and the last one
// before it (store.ReadTx.TripsFrom). Older trips are never judged and
// fall in no window that reaches a judged day, so the Service's cost does
// not grow with them. For a citizenship the table does not know, every
// trip.
func (rb *Rulebook) ReadTrips(citizenship string, on calendar.Date, read func(from calendar.Date) ([]stay.Trip, error)) ([]stay.Trip, error) {
	from := rb.TripsFrom(citizenship, on)
	trips, err := read(from)
	if err != nil {
		return nil, err
	}
	// The stay status on on is that of the last trip begun by then, whose
	// windows count back from its own entry: a trip begun before the
	// rules (an overstay since) needs the trips before it too.
	for i := len(trips) - 1; i >= 0; i-- {
		if !trips[i].Entry.After(on) {
			if again := rb.TripsFrom(citizenship, trips[i].Entry); again.Before(from) {
				return read(again)
			}
			break
		}
	}
	return trips, nil
}

// TripsFrom returns the first day whose trips ReadTrips reads first, so
// that a store read can be made before ReadTrips asks for it (the Service
// reads it with other records in one call): the stay.Table.Lookback of
// the earlier of on and the first day any Rules apply. Zero (every trip)
// for a citizenship the table does not know.
func (rb *Rulebook) TripsFrom(citizenship string, on calendar.Date) calendar.Date {
	if len(rb.Rules) == 0 {
		return calendar.Date{}
	}
	first := on
	for _, r := range rb.Rules {
		if r.From.Before(first) {
			first = r.From
		}
	}
	from, err := rb.Regimes.Lookback(citizenship, first, rb.StayPolicy)
	if err != nil {
		return calendar.Date{}
	}
	return from
}

// ValidUntil returns the last day a registration for the stay that began on
// entry may cover: the stay's latest exit under the per-visit cap and the
// cumulative cap (stay.LatestExit over the earlier trips), and never past
// the travel document's expiry (docs/legal.md Part A, "How long a registration
// lasts"). trips are the person's trips; the one that began on entry, and
// any later, are ignored. When not even the entry day was permitted (the
// person came back with no day left under a cumulative cap,
// stay.ErrEntryNotAllowed), no day is: it returns the day before entry,
// so that a confirmation is refused on the stay-limit ground, as one
// after the stay ended is.
func (rb *Rulebook) ValidUntil(p Person, trips []stay.Trip, entry calendar.Date) (calendar.Date, error) {
	reg, err := rb.Regime(p.Citizenship, entry)
	if err != nil {
		return calendar.Date{}, err
	}
	last, err := rb.latestExit(reg, trips, entry)
	if err != nil {
		return calendar.Date{}, err
	}
	if exp := p.Document.Expiry; !exp.IsZero() && exp.Before(last) {
		last = exp
	}
	return last, nil
}

// latestExit is the last day a stay that began on entry may last under
// the stay limits, given the earlier trips among trips (the stay engine's
// LatestExit).
func (rb *Rulebook) latestExit(reg stay.Regime, trips []stay.Trip, entry calendar.Date) (calendar.Date, error) {
	// A person has few trips: room for them on the stack, as this runs on
	// every confirmation.
	var room [8]stay.Trip
	earlier := room[:0]
	if len(trips) > len(room) {
		earlier = make([]stay.Trip, 0, len(trips))
	}
	for _, t := range trips {
		if t.Entry.Before(entry) {
			if !t.Exit.IsZero() && !t.Exit.Before(entry) {
				t.Exit = entry.AddDays(-1)
			}
			if t.Exit.IsZero() {
				t.Exit = entry.AddDays(-1)
			}
			earlier = append(earlier, t)
		}
	}
	last, err := rb.StayPolicy.LatestExit(earlier, reg, entry)
	if errors.Is(err, stay.ErrEntryNotAllowed) {
		return entry.AddDays(-1), nil
	}
	return last, err
}

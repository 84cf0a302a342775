package registration

import (
	"errors"
	"fmt"
	"slices"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

// History is what is known of one foreigner: their border crossings, every
// registration of theirs in any state, and moves that have not (yet) led
// to a registration at the new address.
type History struct {
	// Foreigner is the person's ID, which every violation names: the one
	// their records are stored under, whichever document they hold now.
	Foreigner     ForeignerID    `json:"foreigner,omitempty"`
	Person        Person         `json:"person"`
	Trips         []stay.Trip    `json:"trips"`
	Registrations []Registration `json:"registrations"`
	Moves         []Move         `json:"moves"`
}

// Move records that the foreigner left the address of registration From on
// On. A move followed by a registration at the new address needs no Move:
// the new registration's MovedFrom and MovedOn say it.
type Move struct {
	From ID            `json:"from"`
	On   calendar.Date `json:"on"`
}

// Violation is one breach of the rules found by Assess, with who is liable,
// how late, under which article and with what sanction.
type Violation struct {
	// Foreigner is whose history the violation was found in.
	Foreigner ForeignerID          `json:"foreigner"`
	Offence   penalty.Offence      `json:"offence"`
	Offender  penalty.Offender     `json:"offender"`
	Size      penalty.BusinessSize `json:"size,omitzero"`
	Host      HostID               `json:"host,omitempty"`         // for a host's offence
	Related   ID                   `json:"registration,omitempty"` // the registration concerned, if any
	Entry     calendar.Date        `json:"entry"`                  // the stay it belongs to
	// Due is the deadline missed (zero for an overstay or false data).
	Due calendar.Date `json:"due,omitzero"`
	// Since is the offence date: the first day in breach.
	Since calendar.Date `json:"since"`
	// Days is how long the breach lasted: days late (up to the act, or up
	// to the assessment date while it goes on), or days overstayed.
	Days int `json:"days"`
	// Ongoing reports a breach that still lasts on the assessment date.
	Ongoing bool `json:"ongoing"`
	// Limit is the stay limit broken, for an overstay.
	Limit stay.Limit `json:"limit,omitzero"`
	// Repeat: within the penalty policy's window after an earlier breach of
	// the same kind by the same offender.
	Repeat bool `json:"repeat"`
	// Sanction is the priced sanction, with its citation; nil when the
	// catalogue could not price it, and then Unpriced says why (for
	// example an unconfirmed tier, matching penalty.ErrUnconfirmed).
	//
	// In JSON Unpriced is {"code", "message", "citation"} (see
	// MarshalJSON).
	Sanction *penalty.Assessment `json:"sanction,omitempty"`
	Unpriced error               `json:"-"`
}

// Citation returns the article and part the violation falls under, from
// its sanction or, when unpriced, from the error when it carries the rule.
func (v Violation) Citation() penalty.Citation {
	if v.Sanction != nil {
		return v.Sanction.Rule.Citation
	}
	var ue *penalty.UnconfirmedError
	if asUnconfirmed(v.Unpriced, &ue) {
		return ue.Rule.Citation
	}
	var we *unpricedError
	if v.Unpriced != nil && errors.As(v.Unpriced, &we) {
		return we.citation
	}
	return penalty.Citation{}
}

// String describes the violation on one line, e.g.
// "not_registered by foreigner since 2026-07-31, 5 days (art. 517): 15 MRP or expulsion ...".
func (v Violation) String() string {
	s := fmt.Sprintf("%v by %v since %v, %d days", v.Offence, v.Offender, v.Since, v.Days)
	if v.Ongoing {
		s += ", ongoing"
	}
	if v.Repeat {
		s += ", repeat"
	}
	if v.Sanction != nil {
		return s + ": " + v.Sanction.String()
	}
	if v.Unpriced != nil {
		return s + ": not priced: " + v.Unpriced.Error()
	}
	return s
}

// Assess judges a foreigner's history on the date on and returns every
// violation found, ordered by offence date (docs/legal.md Part A; Part B §2,
// §3, §6). Each stay is judged under the rules in force on its entry date:
//
//   - order No. 923: not registered by the 30th calendar day (the
//     foreigner; late filing counts from the submission, a request later
//     refused, withdrawn or lapsed does not count as filed); a
//     re-registration after a move filed after its 5 working days, or not
//     filed at all (the foreigner); optionally a host's confirmation after
//     the registration deadline (Rules.LateConfirmationIsHostOffence);
//   - the regime until 30 June 2026: a host's notification filed after its
//     3 working days (the host);
//   - under both: an overstay beyond the per-visit or the cumulative cap
//     (the foreigner; days overstayed up to the exit or the assessment
//     date), and a registration annulled for false data (the foreigner).
//
// Stays that began before any rules in force (before 11 Jan 2020 by
// default) are not judged. Every violation is priced with the penalty
// catalogue; a price the sources do not confirm is left out with the
// reason in Violation.Unpriced.
//
// A visit that began while no visa-free regime covered the citizenship (a
// visa was required: before the regime began, or during a suspension such
// as the 30-day list's in 2020-2021) is kept as history and never makes
// Assess fail: it is not judged for overstay (its limit was its visa's,
// which is not modelled), its registration duties are judged like any
// other's, and its days count as days of presence in the windows of later
// visa-free visits, as every day in the country does.
//
// Errors: invalid trips (stay.ErrInvalidTrip) and a citizenship with no
// regime table at all (stay.ErrNotForeign, stay.ErrUnknownCitizenship).
func (rb *Rulebook) Assess(h History, on calendar.Date) ([]Violation, error) {
	if on.IsZero() {
		return nil, fmt.Errorf("%w: no assessment date", ErrInvalid)
	}
	// The stay engine checks the trips (exit before entry, zero entry) and
	// sorts them once; each stay is then judged from its own registrations
	// and the trips of its window, so that the cost grows linearly with
	// the history.
	hist, err := rb.StayPolicy.History(h.Trips)
	if err != nil {
		return nil, err
	}
	trips := hist.Trips()
	byEntry := make(map[calendar.Date][]Registration)
	for _, r := range h.Registrations {
		byEntry[r.Entry] = append(byEntry[r.Entry], r)
	}
	var out []Violation
	for i, t := range trips {
		if t.Entry.After(on) {
			break // sorted by entry
		}
		if !slices.ContainsFunc(rb.Rules, func(r Rules) bool { return r.applies(t.Entry) }) {
			continue // not judged: no rules in force for this entry
		}
		rules, err := rb.RulesFor(t.Entry)
		if err != nil {
			return nil, err
		}
		last := on // the last day of presence considered
		if !t.Exit.IsZero() && t.Exit.Before(on) {
			last = t.Exit
		}
		regs := byEntry[t.Entry]
		switch rules.Regime {
		case SelfRegistration:
			vs, err := rb.registrationViolations(rules, t, last, on, regs, h.Moves)
			if err != nil {
				return nil, err
			}
			out = append(out, vs...)
		case HostNotification:
			vs, err := rb.notificationViolations(t, regs)
			if err != nil {
				return nil, err
			}
			out = append(out, vs...)
		}
		v, err := rb.overstay(h, hist, trips, i, last, on)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, *v)
		}
	}
	for _, r := range h.Registrations {
		if r.State == Annulled && r.Reason.Code == FalseData && !r.ClosedOn.After(on) {
			out = append(out, Violation{
				Offence: penalty.FalseData, Offender: penalty.Foreigner, Related: r.ID,
				Entry: r.Entry, Since: r.ClosedOn, Days: 1,
			})
		}
	}
	slices.SortStableFunc(out, func(a, b Violation) int { return a.Since.Compare(b.Since) })
	for i := range out {
		out[i].Foreigner = h.Foreigner
	}
	rb.price(out)
	return out, nil
}

// filedInTime reports whether the registration counts as filed: it was not
// refused, withdrawn, lapsed or annulled.
func countsAsFiled(r Registration) bool {
	switch r.State {
	case Rejected, Withdrawn, Lapsed, Annulled:
		return false
	}
	return true
}

func (rb *Rulebook) registrationViolations(rules Rules, t stay.Trip, last, on calendar.Date, regs []Registration, moves []Move) ([]Violation, error) {
	var out []Violation
	due, err := rb.RegistrationDue(t.Entry)
	if err != nil {
		return nil, err
	}
	// Registration by the 30th day: needed only if the stay goes past it.
	if last.After(due.Due) {
		var first *Registration
		for i := range regs {
			r := &regs[i]
			if r.MovedFrom == "" && countsAsFiled(*r) && (first == nil || r.SubmittedOn.Before(first.SubmittedOn)) {
				first = r
			}
		}
		switch {
		case first == nil:
			out = append(out, Violation{
				Offence: penalty.NotRegistered, Offender: penalty.Foreigner, Entry: t.Entry,
				Due: due.Due, Since: due.Due.AddDays(1), Days: last.DaysSince(due.Due), Ongoing: last == on,
			})
		case first.SubmittedOn.After(due.Due):
			out = append(out, Violation{
				Offence: penalty.NotRegistered, Offender: penalty.Foreigner, Entry: t.Entry, Related: first.ID,
				Due: due.Due, Since: due.Due.AddDays(1), Days: first.SubmittedOn.DaysSince(due.Due),
			})
		}
		if rules.LateConfirmationIsHostOffence && first != nil && first.ConfirmedOn.After(due.Due) && !first.SubmittedOn.After(due.Due) {
			off, size := first.Host.Offender()
			out = append(out, Violation{
				Offence: penalty.HostLateConfirmation, Offender: off, Size: size, Host: first.HostID,
				Related: first.ID, Entry: t.Entry, Due: due.Due, Since: due.Due.AddDays(1),
				Days: first.ConfirmedOn.DaysSince(due.Due),
			})
		}
	}
	// Re-registration after each move.
	type move struct {
		from ID
		on   calendar.Date
		reg  *Registration
	}
	var ms []move
	for i := range regs {
		if r := &regs[i]; r.MovedFrom != "" && countsAsFiled(*r) {
			ms = append(ms, move{r.MovedFrom, r.MovedOn, r})
		}
	}
	for _, m := range moves {
		if m.On.IsZero() || m.On.After(last) {
			continue
		}
		covered := slices.ContainsFunc(ms, func(x move) bool { return x.from == m.From })
		if !covered && slices.ContainsFunc(regs, func(r Registration) bool { return r.ID == m.From }) {
			ms = append(ms, move{m.From, m.On, nil})
		}
	}
	for _, m := range ms {
		rd, err := rb.ReregistrationDue(t.Entry, m.on)
		if err != nil {
			return nil, err
		}
		v := Violation{
			Offence: penalty.LateReregistration, Offender: penalty.Foreigner, Entry: t.Entry,
			Due: rd.Due, Since: rd.Due.AddDays(1),
		}
		switch {
		case m.reg == nil && last.After(rd.Due):
			v.Related, v.Days, v.Ongoing = m.from, last.DaysSince(rd.Due), last == on
		case m.reg != nil && m.reg.SubmittedOn.After(rd.Due):
			v.Related, v.Days = m.reg.ID, m.reg.SubmittedOn.DaysSince(rd.Due)
		default:
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

func (rb *Rulebook) notificationViolations(t stay.Trip, regs []Registration) ([]Violation, error) {
	var out []Violation
	for _, r := range regs {
		if !countsAsFiled(r) {
			continue
		}
		arrived := t.Entry
		if !r.MovedOn.IsZero() {
			arrived = r.MovedOn
		}
		due, err := rb.HostNotificationDue(t.Entry, arrived)
		if err != nil {
			return nil, err
		}
		if r.SubmittedOn.After(due.Due) {
			off, size := r.Host.Offender()
			out = append(out, Violation{
				Offence: penalty.HostLateNotification, Offender: off, Size: size, Host: r.HostID,
				Related: r.ID, Entry: t.Entry, Due: due.Due, Since: due.Due.AddDays(1),
				Days: r.SubmittedOn.DaysSince(due.Due),
			})
		}
	}
	return out, nil
}

// overstay checks the visit that began with trips[i], up to last. trips
// are those of hist, sorted by entry.
func (rb *Rulebook) overstay(h History, hist stay.History, trips []stay.Trip, i int, last, on calendar.Date) (*Violation, error) {
	t := trips[i]
	reg, err := rb.Regime(h.Person.Citizenship, t.Entry)
	if outsideRegimes(err) {
		return nil, nil // not judged: a visit on a visa (see Assess)
	}
	if err != nil {
		return nil, err
	}
	// Only days up to last count, and the trip itself is cut at last. A
	// trip that ended by then, and is the only one that began that day,
	// needs no cut: the status on its exit day already ignores later
	// trips. Otherwise (the trip in progress on the assessment date) the
	// cut history is built anew.
	unique := (i == 0 || trips[i-1].Entry != t.Entry) && (i == len(trips)-1 || trips[i+1].Entry != t.Entry)
	if t.Exit.IsZero() || t.Exit != last || !unique {
		upTo := make([]stay.Trip, 0, len(trips))
		for _, x := range trips {
			if x.Entry.After(last) {
				break
			}
			if x.Entry == t.Entry {
				x.Exit = last
			}
			upTo = append(upTo, x)
		}
		if hist, err = rb.StayPolicy.History(upTo); err != nil {
			return nil, err
		}
	}
	st, err := hist.StatusOn(reg, last)
	if err != nil {
		return nil, err
	}
	if st.Overstay == 0 || st.VisitEntry != t.Entry {
		return nil, nil
	}
	limit := st.Breached
	if limit == 0 {
		limit = st.LatestExitBy
	}
	return &Violation{
		Offence: penalty.Overstay, Offender: penalty.Foreigner, Entry: t.Entry,
		Since: st.FirstBreach, Days: st.Overstay, Ongoing: last == on && st.InBreach(), Limit: limit,
	}, nil
}

// price marks repeats and prices every violation, in place. vs must be
// sorted by Since.
func (rb *Rulebook) price(vs []Violation) {
	pol := rb.Penalties.Policy()
	// Of the earlier violations of the same kind, only the latest before
	// the day of v can make v a repeat: penalty.Policy.Repeat takes the
	// most recent penalty in its window, and one on the same day does not
	// count. So each kind keeps its last offence date and the one before
	// that date.
	type kind struct {
		offence  penalty.Offence
		offender penalty.Offender
		host     HostID
	}
	type dates struct{ last, before calendar.Date }
	seen := make(map[kind]dates)
	for i := range vs {
		v := &vs[i]
		k := kind{v.Offence, v.Offender, v.Host}
		d, ok := seen[k]
		var earlier []calendar.Date
		switch {
		case !ok:
		case d.last.Before(v.Since):
			earlier = []calendar.Date{d.last}
			d.before = d.last
		default: // d.last is v.Since
			earlier = []calendar.Date{d.before}
		}
		d.last = v.Since
		seen[k] = d
		_, v.Repeat = pol.Repeat(v.Since, earlier)
		a, err := rb.Penalties.Assess(penalty.Query{
			Offence: v.Offence, Offender: v.Offender, Size: v.Size, Repeat: v.Repeat, Days: v.Days, On: v.Since,
		})
		if err != nil {
			v.Unpriced = err
			continue
		}
		v.Sanction = &a
	}
}

func asUnconfirmed(err error, target **penalty.UnconfirmedError) bool {
	return err != nil && errors.As(err, target)
}

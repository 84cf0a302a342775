package registration

import (
	"errors"
	"fmt"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// ErrRefused is matched by a *RefusalError: the system refuses a
// submission on one of the grounds of order No. 923.
var ErrRefused = errors.New("registration: refused")

// RefusalError reports a submission refused on a ground of order No. 923
// (docs/legal.md Part B §2.3): a stay-limit violation (the foreigner is already
// beyond the permitted stay on the day of submission) or false data. The
// host's refusal is not an error but the Reject transition. It matches
// ErrRefused.
type RefusalError struct {
	ID     ID         `json:"id"`
	Ground ReasonCode `json:"ground"`
	// Status is the stay status on the day of submission, for a
	// stay-limit refusal of a submission: what limit was broken and since
	// when. It is zero when a confirmation is refused because the
	// registration's valid-until date has passed.
	Status stay.Status `json:"status"`
	// PlannedEnd and LatestExit, for a submission whose planned end is
	// past the latest day the stay limits allow: the booking would have
	// to end on LatestExit.
	PlannedEnd calendar.Date `json:"planned_end,omitzero"`
	LatestExit calendar.Date `json:"latest_exit,omitzero"`
}

// Error implements the error interface.
func (e *RefusalError) Error() string {
	ground := "no ground given"
	if e.Ground != 0 {
		ground = e.Ground.String()
	}
	if !e.LatestExit.IsZero() {
		return fmt.Sprintf("registration: refused: %s: %s: the planned end %v is past the latest exit %v", regText(e.ID), ground, e.PlannedEnd, e.LatestExit)
	}
	if e.Ground == StayLimitViolation && !e.Status.On.IsZero() {
		return fmt.Sprintf("registration: refused: %s: %s: %v", regText(e.ID), ground, e.Status)
	}
	return fmt.Sprintf("registration: refused: %s: %s", regText(e.ID), ground)
}

// Unwrap returns ErrRefused.
func (e *RefusalError) Unwrap() error { return ErrRefused }

// Submit checks a submission under the rules in force for its entry and
// starts the registration (see the package function Submit for the
// lifecycle). trips are the foreigner's border crossings; the trip that
// began on s.Entry is added, open, if the caller did not include it.
//
// A field over its size limit is refused first, alone, with a *LimitError
// (Submission.CheckLimits). Then it reports every problem at once in a
// *ValidationError: the form of the
// submission, a citizenship that does not enter visa-free
// ("person.citizenship: visa_required"), a document expired before the
// day of submission ("person.document.expiry: expired"), an entry or move
// after the day of submission ("entry: in_future"), an entry no rules
// cover ("entry: no_rules"), a minor without a guardian under the rules'
// MinorPolicy ("guardian: required"), a planned end before the day of
// submission ("planned_end: in_past"). A foreigner already beyond the
// permitted stay, or a planned end past the latest exit the stay limits
// allow, is refused with a *RefusalError (ErrRefused, ground
// StayLimitViolation; for the planned end, with the LatestExit the booking
// would have to end on).
// An actor who may not file is a *ForbiddenError (ErrForbidden).
func (rb *Rulebook) Submit(s Submission, trips []stay.Trip, by Actor, at time.Time) (Registration, []Event, error) {
	if err := s.CheckLimits(); err != nil {
		return Registration{}, nil, err
	}
	var ps problems
	s.validate(&ps)
	on := calendar.DateOf(at)
	if at.IsZero() {
		ps.add("submitted_at", CodeRequired)
	}
	var reg stay.Regime
	haveRegime := false
	if !s.Entry.IsZero() && !at.IsZero() {
		if s.Entry.After(on) {
			ps.add("entry", CodeInFuture)
		}
		if !s.MovedOn.IsZero() && s.MovedOn.After(on) {
			ps.add("moved_on", CodeInFuture)
		}
		if !s.PlannedEnd.IsZero() && s.PlannedEnd.Before(on) && !s.PlannedEnd.Before(s.Entry) {
			ps.add("planned_end", CodeInPast) // the booking is over: nothing to register
		}
		if _, err := rb.RulesFor(s.Entry); err != nil {
			ps.add("entry", CodeNoRules)
		}
		if exp := s.Person.Document.Expiry; !exp.IsZero() && !exp.Before(s.Entry) && exp.Before(on) {
			ps.add("person.document.expiry", CodeExpired)
		}
		if KnownCountry(s.Person.Citizenship) && s.Person.Citizenship != "KAZ" {
			r, err := rb.Regime(s.Person.Citizenship, s.Entry)
			switch {
			case err == nil:
				reg, haveRegime = r, true
			case errors.Is(err, stay.ErrNotForeign):
				ps.add("person.citizenship", CodeNotForeign)
			default:
				ps.add("person.citizenship", CodeVisaRequired)
			}
		}
	}
	s.checkIDs(&ps)
	rb.checkMinor(s, &ps)
	if err := ps.err(); err != nil {
		return Registration{}, nil, err
	}

	all := withTrip(trips, s.Entry)
	if haveRegime {
		st, err := rb.StayPolicy.StatusOn(all, reg, on)
		if err != nil {
			return Registration{}, nil, fmt.Errorf("registration: submit %s: %w", s.ID, err)
		}
		if st.InBreach() {
			return Registration{}, nil, &RefusalError{ID: s.ID, Ground: StayLimitViolation, Status: st}
		}
		if !s.PlannedEnd.IsZero() {
			latest, err := rb.latestExit(reg, all, s.Entry)
			if err != nil {
				return Registration{}, nil, fmt.Errorf("registration: submit %s: %w", s.ID, err)
			}
			if s.PlannedEnd.After(latest) {
				return Registration{}, nil, &RefusalError{ID: s.ID, Ground: StayLimitViolation, Status: st, PlannedEnd: s.PlannedEnd, LatestExit: latest}
			}
		}
	}
	hostDue, err := rb.HostAnswerDue(s.Entry, on)
	if err != nil {
		return Registration{}, nil, fmt.Errorf("registration: submit %s: %w", s.ID, err)
	}
	var validUntil calendar.Date
	if by.Kind == ActorHost {
		if validUntil, err = rb.ValidUntil(s.Person, all, s.Entry); err != nil {
			return Registration{}, nil, fmt.Errorf("registration: submit %s: %w", s.ID, err)
		}
		validUntil = CapPlanned(validUntil, s.PlannedEnd)
	}
	return start(s, by, at, hostDue.Due, validUntil)
}

// withTrip returns trips with an open trip from entry added unless one
// already begins on entry. It never changes the caller's slice.
func withTrip(trips []stay.Trip, entry calendar.Date) []stay.Trip {
	for _, t := range trips {
		if t.Entry == entry {
			return trips
		}
	}
	out := make([]stay.Trip, len(trips), len(trips)+1)
	copy(out, trips)
	return append(out, stay.Trip{Entry: entry})
}

// CapPlanned returns the valid-until date of a registration whose
// booking ends on planned: until, or planned when that is earlier (a zero
// planned changes nothing).
func CapPlanned(until, planned calendar.Date) calendar.Date {
	if !planned.IsZero() && planned.Before(until) {
		return planned
	}
	return until
}

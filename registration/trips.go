package registration

import (
	"errors"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// CheckEntry checks a border crossing into Kazakhstan on entry against the
// foreigner's recorded trips, and reports whether a trip from entry is
// recorded already. Trips never overlap: a new trip must begin after every
// recorded one ended, so they are recorded in the order they happened (an
// older trip recorded late would overlap the later ones until its exit
// were known). Otherwise the error is a *ValidationError "entry:
// overlaps_trip"; an entry on the day of an exit is one too, since that
// day is already a day of presence.
func CheckEntry(trips []stay.Trip, entry calendar.Date) (recorded bool, err error) {
	for _, t := range trips {
		if t.Entry == entry {
			return true, nil
		}
	}
	for _, t := range trips {
		if t.Exit.IsZero() || !entry.After(t.Exit) {
			return false, &ValidationError{Problems: []Problem{{Path: "entry", Code: CodeOverlapsTrip}}}
		}
	}
	return false, nil
}

// outsideRegimes reports whether err says a citizenship had no visa-free
// regime on a date (a visa was required, or the table has no row in force
// then): a trip that began so is history the stay checks do not judge.
func outsideRegimes(err error) bool {
	return errors.Is(err, stay.ErrVisaRequired) || errors.Is(err, stay.ErrNotInForce)
}

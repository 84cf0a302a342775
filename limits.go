package migreg

import (
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// The Service's limits (README, "Limits"), chosen from real use with a
// wide margin, so that no caller, however hostile, makes a command's cost
// or a foreigner's record grow without bound. A request over one is
// refused with a *registration.LimitError naming it, before any other
// work; the registration package holds the limits of text and IDs
// (registration.MaxTextBytes, registration.MaxIDBytes).
const (
	// MaxIdempotencyKeyBytes bounds an idempotency key: a UUID has 36
	// bytes, a PMS booking reference rarely 40.
	MaxIdempotencyKeyBytes = 128
	// MaxTripsPerForeigner bounds the border crossings the Service keeps
	// for one foreigner: a weekly commuter for 50 years makes 2,600.
	MaxTripsPerForeigner = 5000
	// MaxRegistrationsPerForeigner bounds the registrations of one
	// foreigner, closed ones included: a business traveller with 50 hotel
	// stays a year for 50 years files 2,500.
	MaxRegistrationsPerForeigner = 5000
	// MaxPendingPerForeigner bounds the requests awaiting a host at once:
	// a foreigner asks one host, or a few while looking for a flat; each
	// pending request notifies its host.
	MaxPendingPerForeigner = 10
	// MaxBatchItems bounds a SubmitBatch (and a CheckOutBatch): the
	// largest group check-in of the largest hotel in Kazakhstan (about 700
	// rooms, two guests in a room, fills less than half); a bulk import
	// sends several batches.
	MaxBatchItems = 1000
	// MaxGroupMembers bounds a group registration (SubmitGroup): a family,
	// a coach's tour group (60 seats) or a charter's (about 300) fit. A
	// group is stored in one transaction that locks every member, as a
	// unit of SubmitBatch shares one among at most 500 items.
	MaxGroupMembers = 500
)

// lastDay is the last day the Service works on: 366 days before the end
// of the calendar (9999-12-31), so that every deadline and every window a
// command computes from it (a year at most) is a date. A command on a
// later day, by the clock or as an argument, is refused as a
// *registration.ValidationError "path: no_rules".
func lastDay() calendar.Date { return calendar.NewDate(9998, 12, 30) }

// checkDay refuses a zero date, which no store keeps as a bound, and a
// date after lastDay.
func checkDay(path string, d calendar.Date) error {
	if d.IsZero() {
		return problem(path, registration.CodeRequired)
	}
	if d.After(lastDay()) {
		return problem(path, registration.CodeNoRules)
	}
	return nil
}

// over returns a *registration.LimitError when got passes max.
func over(limit, path string, got, max int) error {
	if got > max {
		return &registration.LimitError{Limit: limit, Max: max, Got: got, Path: path}
	}
	return nil
}

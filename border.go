package migreg

import (
	"context"
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// RecordEntry records that a foreigner crossed the border into Kazakhstan
// on entry (a fact the Service receives, e.g. from border data), stores
// the person (replacing what was stored for them), and indexes the
// registration deadline the entry starts. Recording the same entry again
// changes nothing else. An entry while no visa-free regime covered the
// citizenship (a visit on a visa) is recorded too, as history: see
// registration.Rulebook.Assess for how it counts.
//
// Errors: a *registration.LimitError for a text field over its size or a
// foreigner with MaxTripsPerForeigner trips; a
// *registration.ValidationError for an invalid person, no entry date
// ("entry: required"), an entry after today ("entry: in_future"), an entry inside a trip already
// recorded, before one, or while another trip is open ("entry:
// overlaps_trip", see registration.CheckEntry); an error matching
// registration.ErrNoRules for an entry no rules cover; the store's errors.
func (s *Service) RecordEntry(ctx context.Context, p registration.Person, entry calendar.Date) error {
	if err := p.CheckLimits(); err != nil {
		return s.done(ctx, "record entry", "", err)
	}
	if entry.IsZero() { // else reported as an entry no rules cover
		return s.done(ctx, "record entry", "", problem("entry", registration.CodeRequired))
	}
	if err := p.Validate(entry); err != nil {
		return s.done(ctx, "record entry", "", err)
	}
	if err := checkDay("today", calendar.DateOf(s.clock.Now())); err != nil {
		return wrap("record entry", err)
	}
	if entry.After(calendar.DateOf(s.clock.Now())) {
		return s.done(ctx, "record entry", "", problem("entry", registration.CodeInFuture))
	}
	if _, err := s.rules.RulesFor(entry); err != nil {
		return s.done(ctx, "record entry", "", err)
	}
	err := s.update(ctx, func(tx store.Tx) error {
		// Locked, the trips read below come with the person's links.
		id, first, err := s.lockPersonRecords(ctx, tx, p, store.RecordsQuery{TripsFrom: s.rules.TripsFrom(p.Citizenship, entry)})
		if err != nil {
			return err
		}
		if err := s.linkIIN(ctx, tx, first, p, id, s.clock.Now()); err != nil {
			return err
		}
		// The trips that can overlap the entry, not the older ones: from
		// first, which linkIIN's write (a link) leaves true.
		trips, all, err := s.trips(ctx, tx, first, id, p.Citizenship, entry)
		if err != nil {
			return err
		}
		recorded, err := registration.CheckEntry(trips, entry)
		switch {
		case err != nil:
			return err
		case recorded:
			return tx.PutForeigner(ctx, id, p)
		}
		stored, err := countTrips(ctx, tx, id, trips, all)
		if err != nil {
			return err
		}
		if err := over("trips_per_foreigner", "trips", stored+1, MaxTripsPerForeigner); err != nil {
			return err
		}
		if err := tx.PutForeigner(ctx, id, p); err != nil {
			return err
		}
		if err := tx.PutTrip(ctx, id, stay.Trip{Entry: entry}); err != nil {
			return err
		}
		due, err := s.rules.RegistrationDue(entry)
		if errors.Is(err, registration.ErrNotRequired) {
			return nil
		}
		if err != nil {
			return err
		}
		return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: registrationKey(id, entry), Due: due.Due, Entry: entry})
	})
	s.logCommand(ctx, "record entry", "", err)
	return wrap("record entry", err)
}

// RecordExit records that the foreigner left Kazakhstan on exit. In the
// same commit it closes the open trip, ends the active registration of
// that stay (reason Departed), lapses its pending requests (nobody is left
// to register) and drops its registration deadline and the
// re-registration deadlines of moves and check-outs that the exit made
// moot (those not yet missed on the exit day; a missed one stays, for
// Assess). The registration ends on the exit date, whenever the exit is recorded: its events carry
// the exit as EffectiveOn beside the day it was processed, and its
// ClosedOn is the exit. Recording it again changes nothing.
//
// Errors: a *registration.ValidationError for an exit after today
// ("exit: in_future") or before the trip's entry ("exit: before_entry");
// ErrNotFound when no trip is open; the store's errors.
func (s *Service) RecordExit(ctx context.Context, foreigner registration.ForeignerID, exit calendar.Date) error {
	if err := checkID("foreigner", string(foreigner)); err != nil {
		s.logCommand(ctx, "record exit", "", err)
		return wrap("record exit", err)
	}
	at := s.clock.Now()
	if err := checkDay("today", calendar.DateOf(at)); err != nil {
		return wrap("record exit", err)
	}
	if exit.IsZero() {
		return s.done(ctx, "record exit", "", problem("exit", registration.CodeRequired))
	}
	if exit.After(calendar.DateOf(at)) {
		return s.done(ctx, "record exit", "", problem("exit", registration.CodeInFuture))
	}
	err := s.store.Update(ctx, func(tx store.Tx) error {
		if err := tx.Lock(ctx, foreigner); err != nil {
			return err
		}
		// The open trip is the last, and a trip that ended on exit is the
		// last to begin before it: both are among the trips from exit on.
		trips, err := tx.TripsFrom(ctx, foreigner, exit)
		if err == nil && len(trips) == 0 {
			// An ID LinkDocument merged away holds nothing: its person's.
			if foreigner, err = followMerge(ctx, tx, foreigner); err == nil {
				trips, err = tx.TripsFrom(ctx, foreigner, exit)
			}
		}
		if err != nil {
			return err
		}
		open := -1
		for i, t := range trips {
			if t.Exit == exit && !t.Entry.After(exit) {
				return nil // already recorded
			}
			if t.Exit.IsZero() {
				open = i
			}
		}
		if open < 0 {
			return fmt.Errorf("%w: no open trip of the foreigner", store.ErrNotFound)
		}
		trip := trips[open]
		if exit.Before(trip.Entry) {
			return problem("exit", registration.CodeBeforeEntry)
		}
		trip.Exit = exit
		if err := tx.PutTrip(ctx, foreigner, trip); err != nil {
			return err
		}
		if err := tx.DeleteDeadline(ctx, registrationKey(foreigner, trip.Entry)); err != nil {
			return err
		}
		if err := dropMoves(ctx, tx, foreigner, trip.Entry, exit); err != nil {
			return err
		}
		// Only the pending and active registrations end with the stay.
		dos, err := dossier(ctx, tx, foreigner, registration.Pending, registration.Confirmed)
		if err != nil {
			return err
		}
		departed := registration.Reason{Code: registration.Departed}
		for _, r := range dos.Registrations {
			var cmd registration.Command
			switch {
			case r.Entry != trip.Entry:
				continue
			case r.State == registration.Confirmed:
				cmd = registration.End{Reason: departed, EffectiveOn: exit}
			case r.State == registration.Pending:
				cmd = registration.Lapse{Reason: departed, EffectiveOn: exit}
			default:
				continue
			}
			ch, err := dos.Apply(r.ID, registration.System(), cmd, at)
			if err != nil {
				return err
			}
			if err := s.save(ctx, tx, ch, at); err != nil {
				return err
			}
			dos = ch.Dossier
		}
		return nil
	})
	s.logCommand(ctx, "record exit", "", err)
	return wrap("record exit", err)
}

// checkEntry checks a submission's entry against the recorded trips: it
// must be the entry of a trip, or a new crossing while no trip is open
// and after every recorded trip (border data may arrive later; see
// registration.CheckEntry).
func checkEntry(trips []stay.Trip, entry calendar.Date) error {
	for _, t := range trips {
		if t.Exit.IsZero() && t.Entry != entry {
			return problem("entry", registration.CodeMismatch) // in the country since another date
		}
	}
	_, err := registration.CheckEntry(trips, entry)
	return err
}

func hasTrip(trips []stay.Trip, entry calendar.Date) bool {
	for _, t := range trips {
		if t.Entry == entry {
			return true
		}
	}
	return false
}

// problem returns a *registration.ValidationError with one problem.
func problem(path string, code registration.Code) error {
	return &registration.ValidationError{Problems: []registration.Problem{{Path: path, Code: code}}}
}

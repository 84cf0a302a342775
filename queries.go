package migreg

import (
	"context"
	"errors"
	"iter"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// Registration returns a registration (ErrNotFound if none).
func (s *Service) Registration(ctx context.Context, id registration.ID) (registration.Registration, error) {
	if err := checkID("id", string(id)); err != nil {
		return registration.Registration{}, wrap("registration", err)
	}
	var r registration.Registration
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		r, err = tx.Registration(ctx, id)
		return err
	})
	return r, wrap("registration", err)
}

// Person returns the person recorded for a foreigner, at the border or
// with their latest submission (ErrNotFound if none): for a back end that
// must reach someone the overdue list names only by pseudonym. A Person
// masks its personal data in String, fmt verbs and LogValue.
func (s *Service) Person(ctx context.Context, id registration.ForeignerID) (registration.Person, error) {
	if err := checkID("foreigner", string(id)); err != nil {
		return registration.Person{}, wrap("person", err)
	}
	var p registration.Person
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		p, err = tx.Foreigner(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			// An ID LinkDocument merged away holds nothing: its person's.
			if id, err = mergedInto(ctx, tx, id); err == nil {
				p, err = tx.Foreigner(ctx, id)
			}
		}
		return err
	})
	return p, wrap("person", err)
}

// Trips returns a foreigner's recorded border crossings, ordered by entry.
func (s *Service) Trips(ctx context.Context, id registration.ForeignerID) ([]stay.Trip, error) {
	if err := checkID("foreigner", string(id)); err != nil {
		return nil, wrap("trips", err)
	}
	var ts []stay.Trip
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		if ts, err = tx.Trips(ctx, id); err == nil && len(ts) == 0 {
			// An ID LinkDocument merged away holds nothing: its person's.
			if id, err = mergedInto(ctx, tx, id); err == nil {
				ts, err = tx.Trips(ctx, id)
			}
		}
		return err
	})
	return ts, wrap("trips", err)
}

// History returns the events of a registration, oldest first: its audit
// log (ErrNotFound if none).
func (s *Service) History(ctx context.Context, id registration.ID) ([]registration.Event, error) {
	if err := checkID("id", string(id)); err != nil {
		return nil, wrap("history", err)
	}
	var es []registration.Event
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		es, err = tx.Events(ctx, id)
		return err
	})
	return es, wrap("history", err)
}

// Certificate returns the certificate issued for a registration, decoded
// from its stored token, and the token itself, the text a QR code carries
// (ErrNotFound if none was issued).
func (s *Service) Certificate(ctx context.Context, id registration.ID) (cert certificate.Certificate, token string, err error) {
	if err := checkID("id", string(id)); err != nil {
		return certificate.Certificate{}, "", wrap("certificate", err)
	}
	var rec store.Certificate
	err = s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		rec, err = tx.Certificate(ctx, id)
		return err
	})
	if err != nil {
		return certificate.Certificate{}, "", wrap("certificate", err)
	}
	cert, err = certificate.DecodeToken(rec.Token)
	return cert, rec.Token, wrap("certificate", err)
}

// Revocations returns a certificate revocation check backed by the store.
// The token carries no registration ID: the check finds the stored
// certificate by its number and token. A certificate is revoked as soon as
// its registration stops being active (ended by an exit or the end of the
// stay, superseded by a move, annulled: certificate.Revokes), when another
// certificate replaced it, or when the store no longer holds it (erased).
func (s *Service) Revocations() certificate.Revocations {
	return certificate.RevocationFunc(func(ctx context.Context, c certificate.Certificate) (bool, error) {
		token, err := c.Token()
		if err != nil {
			return false, err
		}
		revoked := true
		err = s.store.View(ctx, func(tx store.ReadTx) error {
			recs, err := tx.CertificatesByNumber(ctx, c.Number.String())
			if err != nil {
				return err
			}
			for _, rec := range recs {
				if rec.Token != token {
					continue
				}
				r, err := tx.Registration(ctx, rec.Registration)
				switch {
				case errors.Is(err, store.ErrNotFound):
					continue
				case err != nil:
					return err
				}
				revoked = certificate.Revokes(r.State)
				return nil
			}
			return nil
		})
		return revoked, err
	})
}

// Page sizes of a listing: how many records each read of the store
// fetches.
const (
	DefaultPageSize = store.DefaultLimit
	MaxPageSize     = store.MaxLimit
)

// ListOptions narrows a listing.
type ListOptions struct {
	States []registration.State `json:"states,omitempty"` // any of these; all when empty
	// PageSize is how many records each read of the store fetches, from 1
	// to MaxPageSize; zero means DefaultPageSize. Another value is a
	// *registration.ValidationError ("page_size: invalid").
	PageSize int `json:"page_size,omitempty"`
	// After resumes a listing after the registration with this ID, as
	// returned by an earlier listing; empty starts at the beginning. An
	// ID no registration can have (over registration.MaxIDBytes, or not
	// valid UTF-8 text) is a *registration.ValidationError ("after:
	// too_long" or "after: invalid").
	After registration.ID `json:"after,omitempty"`
}

// ByForeigner lists a foreigner's registrations in ID order (which is
// creation order for the Service's IDs), reading the store a page at a
// time. Iteration stops at the first error, which it yields: an empty ID
// is a *registration.ValidationError ("foreigner: required"), never a
// listing of every foreigner.
func (s *Service) ByForeigner(ctx context.Context, id registration.ForeignerID, opts ListOptions) iter.Seq2[registration.Registration, error] {
	return s.list(ctx, "foreigner", string(id), store.Filter{Foreigner: id, States: opts.States}, opts)
}

// ByHost lists a host's registrations, as ByForeigner does ("host:
// required" for an empty ID).
func (s *Service) ByHost(ctx context.Context, id registration.HostID, opts ListOptions) iter.Seq2[registration.Registration, error] {
	return s.list(ctx, "host", string(id), store.Filter{Host: id, States: opts.States}, opts)
}

// list reads the registrations f selects. Its ID (the foreigner's or the
// host's, named path) is required: the store's empty Filter selects every
// registration, and a handler that passes an unset parameter would list
// every person in the store.
func (s *Service) list(ctx context.Context, path, id string, f store.Filter, opts ListOptions) iter.Seq2[registration.Registration, error] {
	return func(yield func(registration.Registration, error) bool) {
		if err := checkID(path, id); err != nil {
			yield(registration.Registration{}, wrap("list", err))
			return
		}
		if opts.PageSize < 0 || opts.PageSize > MaxPageSize {
			yield(registration.Registration{}, wrap("list", problem("page_size", registration.CodeInvalid)))
			return
		}
		var after store.Cursor
		if opts.After != "" {
			if err := checkID("after", string(opts.After)); err != nil {
				yield(registration.Registration{}, wrap("list", err))
				return
			}
			after = store.NewCursor(string(opts.After)) // see store.ReadTx.Registrations
		}
		for {
			var page []registration.Registration
			var next store.Cursor
			err := s.store.View(ctx, func(tx store.ReadTx) error {
				var err error
				page, next, err = tx.Registrations(ctx, f, store.Page{After: after, Limit: opts.PageSize})
				if err == nil && len(page) == 0 && f.Foreigner != "" && after == "" {
					// An ID LinkDocument merged away holds nothing: its
					// person's.
					var to registration.ForeignerID
					if to, err = mergedInto(ctx, tx, f.Foreigner); err == nil && to != f.Foreigner {
						f.Foreigner = to
						page, next, err = tx.Registrations(ctx, f, store.Page{After: after, Limit: opts.PageSize})
					}
				}
				return err
			})
			if err != nil {
				yield(registration.Registration{}, wrap("list", err))
				return
			}
			for _, r := range page {
				if !yield(r, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			after = next
		}
	}
}

// Due lists the deadline index through a date, earliest first: pending
// requests whose host must answer, confirmed registrations whose stay ends,
// foreigners who must register or re-register. Kinds narrows it (all
// when empty). An entry due before today is overdue: an overdue scan asks
// through yesterday. Entries due on the same day come in an order each
// store keeps stable but that differs between stores (memstore by kind's
// number, the SQL stores by its name; store.ReadTx.Deadlines): sort them
// yourself if the order of kinds within a day matters. Iteration stops at
// the first error, which it yields:
// a *registration.ValidationError for a zero through ("through:
// required") or a kind that is not valid ("kinds: invalid"), or the
// store's.
func (s *Service) Due(ctx context.Context, through calendar.Date, kinds ...DeadlineKind) iter.Seq2[Deadline, error] {
	return func(yield func(Deadline, error) bool) {
		if through.IsZero() {
			yield(Deadline{}, wrap("due", problem("through", registration.CodeRequired)))
			return
		}
		sk, ok := storeKinds(kinds)
		if !ok {
			yield(Deadline{}, wrap("due", problem("kinds", registration.CodeInvalid)))
			return
		}
		for d, err := range s.deadlines(ctx, store.DeadlineQuery{Through: through, Kinds: sk}) {
			if err != nil {
				yield(Deadline{}, wrap("due", err))
				return
			}
			if dl, ok := deadlineOf(d); ok && !yield(dl, nil) {
				return
			}
		}
	}
}

// deadlines lists the deadline index, reading a page at a time, each in
// its own read transaction. Iteration stops at the first error, which it
// yields.
func (s *Service) deadlines(ctx context.Context, q store.DeadlineQuery) iter.Seq2[store.Deadline, error] {
	return func(yield func(store.Deadline, error) bool) {
		var after store.Cursor
		for {
			var page []store.Deadline
			var next store.Cursor
			err := s.store.View(ctx, func(tx store.ReadTx) error {
				var err error
				page, next, err = tx.Deadlines(ctx, q, store.Page{After: after})
				return err
			})
			if err != nil {
				yield(store.Deadline{}, err)
				return
			}
			for _, d := range page {
				if !yield(d, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			after = next
		}
	}
}

// trips reads the trips of the foreigner id, a citizen of citizenship,
// that can matter on the day on (registration.Rulebook.ReadTrips): every
// command and query reads the past this way, so that its cost does not
// grow with trips older than any rule it judges by. all reports that
// they are every trip of the foreigner (none begins before the first day
// read), so that len counts them without asking the store. A read that
// first holds is taken from it (see firstRead).
func (s *Service) trips(ctx context.Context, tx store.ReadTx, first *firstRead, id registration.ForeignerID, citizenship string, on calendar.Date) (trips []stay.Trip, all bool, err error) {
	return s.tripsWith(citizenship, on, func(from calendar.Date) ([]stay.Trip, error) { return first.tripsFrom(ctx, tx, id, from) })
}

// tripsWith is trips with the reads made by read (the trips from a day).
func (s *Service) tripsWith(citizenship string, on calendar.Date, read func(from calendar.Date) ([]stay.Trip, error)) (trips []stay.Trip, all bool, err error) {
	var from calendar.Date
	trips, err = s.rules.ReadTrips(citizenship, on, func(f calendar.Date) ([]stay.Trip, error) {
		from = f
		return read(f)
	})
	return trips, len(trips) == 0 || !trips[0].Entry.Before(from), err
}

// countTrips returns how many trips the foreigner has stored, from the
// trips read when they are all of them.
func countTrips(ctx context.Context, tx store.ReadTx, id registration.ForeignerID, trips []stay.Trip, all bool) (int, error) {
	if all {
		return len(trips), nil
	}
	return tx.CountTrips(ctx, id)
}

// history loads what the store knows of a foreigner that can matter on
// the day on: their registrations, and the trips the rules can judge or
// count on that day (registration.Rulebook.ReadTrips), not older ones.
func (s *Service) history(ctx context.Context, tx store.ReadTx, id registration.ForeignerID, on calendar.Date) (registration.History, error) {
	var h registration.History
	p, err := tx.Foreigner(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		// An ID LinkDocument merged away holds nothing: its person's.
		if id, err = mergedInto(ctx, tx, id); err == nil {
			p, err = tx.Foreigner(ctx, id)
		}
	}
	if err != nil {
		return h, err
	}
	trips, _, err := s.trips(ctx, tx, nil, id, p.Citizenship, on)
	if err != nil {
		return h, err
	}
	dos, err := dossier(ctx, tx, id)
	if err != nil {
		return h, err
	}
	ms, err := moves(ctx, tx, id)
	if err != nil {
		return h, err
	}
	return registration.History{Foreigner: id, Person: p, Trips: trips, Registrations: dos.Registrations, Moves: ms}, nil
}

// Assess judges a foreigner's history on a date (see
// registration.Rulebook.Assess): every violation with its fine.
func (s *Service) Assess(ctx context.Context, id registration.ForeignerID, on calendar.Date) ([]registration.Violation, error) {
	if err := errors.Join(checkID("foreigner", string(id)), checkDay("on", on)); err != nil {
		return nil, wrap("assess", err)
	}
	var vs []registration.Violation
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		h, err := s.history(ctx, tx, id, on)
		if err != nil {
			return err
		}
		vs, err = s.rules.Assess(h, on)
		return err
	})
	return vs, wrap("assess", err)
}

// Status is what a foreigner sees in their cabinet: their legal stay and
// any violations on one date, and their active and pending registrations
// and the deadlines that apply to them as stored now (see Service.Status).
//
// A Status holds personal data: JSON carries it in full, for the
// foreigner's own cabinet; String, fmt verbs and LogValue show counts,
// states and dates only.
type Status struct {
	On        calendar.Date            `json:"on"`
	Foreigner registration.ForeignerID `json:"foreigner"`
	// Stay is the stay status on On under the regime of the current (or
	// last) trip: days used and remaining, the latest exit, any overstay.
	// It is zero when no visa-free regime covered that trip's entry (a
	// visit on a visa; see registration.Rulebook.Assess).
	Stay stay.Status `json:"stay"`
	// Active is the active registration, if any; Pending the requests
	// awaiting their host.
	Active     *registration.Registration  `json:"active,omitempty"`
	Pending    []registration.Registration `json:"pending,omitempty"`
	Deadlines  []Deadline                  `json:"deadlines,omitempty"`
	Violations []registration.Violation    `json:"violations,omitempty"`
	// Certificate is the token of the active registration's certificate,
	// if one was issued.
	Certificate string `json:"certificate,omitempty"`
}

// Status returns the foreigner's status on a date. Stay and Violations are
// judged on that date; Active, Pending, Certificate and Deadlines are the
// records as stored now, whatever the date: Status is what the cabinet
// shows today, with the stay counted to on (to see, say, the latest exit
// of a stay planned ahead), not a reconstruction of an earlier day's
// records (use History for those).
func (s *Service) Status(ctx context.Context, id registration.ForeignerID, on calendar.Date) (Status, error) {
	if err := errors.Join(checkID("foreigner", string(id)), checkDay("on", on)); err != nil {
		return Status{}, wrap("status", err)
	}
	st := Status{On: on, Foreigner: id}
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		h, err := s.history(ctx, tx, id, on)
		if err != nil {
			return err
		}
		st.Foreigner = h.Foreigner // the person's, if id was merged into them
		for i := range h.Registrations {
			r := h.Registrations[i]
			switch r.State {
			case registration.Confirmed:
				st.Active = &r
				if c, err := tx.Certificate(ctx, r.ID); err == nil {
					st.Certificate = c.Token
				} else if !errors.Is(err, store.ErrNotFound) {
					return err
				}
			case registration.Pending:
				st.Pending = append(st.Pending, r)
			}
		}
		if len(h.Trips) > 0 {
			var last stay.Trip
			for _, t := range h.Trips {
				if !t.Entry.After(on) {
					last = t
				}
			}
			if !last.Entry.IsZero() {
				reg, err := s.rules.Regime(h.Person.Citizenship, last.Entry)
				switch {
				case errors.Is(err, stay.ErrVisaRequired), errors.Is(err, stay.ErrNotInForce):
					// A visit on a visa: no visa-free stay to show.
				case err != nil:
					return err
				default:
					if st.Stay, err = s.rules.StayPolicy.StatusOn(h.Trips, reg, on); err != nil {
						return err
					}
				}
			}
		}
		var after store.Cursor
		far := on.AddDays(366)
		kinds, _ := storeKinds(nil)
		for {
			page, next, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: h.Foreigner, Kinds: kinds}, store.Page{After: after})
			if err != nil {
				return err
			}
			for _, d := range page {
				if dl, ok := deadlineOf(d); ok {
					st.Deadlines = append(st.Deadlines, dl)
				}
			}
			if next == "" {
				break
			}
			after = next
		}
		st.Violations, err = s.rules.Assess(h, on)
		return err
	})
	return st, wrap("status", err)
}

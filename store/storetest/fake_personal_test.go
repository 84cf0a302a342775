package storetest_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The personal-data records of the contract, kept by the fake as plainly
// as it keeps the rest.

func (tx *fakeTx) CertificatesByNumber(ctx context.Context, number string) ([]store.Certificate, error) {
	var out []store.Certificate
	for _, c := range tx.st.certs {
		if c.Number == number {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b store.Certificate) int { return cmp.Compare(a.Registration, b.Registration) })
	return out, nil
}

func (tx *fakeTx) Link(ctx context.Context, from registration.ForeignerID) (store.Link, error) {
	if err := tx.check(ctx); err != nil {
		return store.Link{}, err
	}
	l, ok := tx.st.links[from]
	if !ok {
		return store.Link{}, fmt.Errorf("link: %w", store.ErrNotFound)
	}
	return l, nil
}

func (tx *fakeTx) Foreigners(ctx context.Context, p store.Page) ([]registration.ForeignerID, store.Cursor, error) {
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	var after registration.ForeignerID
	if p.After != "" {
		parts, err := p.After.Parts(1)
		if err != nil {
			return nil, "", err
		}
		after = registration.ForeignerID(parts[0])
	}
	var ids []registration.ForeignerID
	for id := range tx.st.persons {
		if id > after {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) <= limit {
		return ids, "", nil
	}
	return ids[:limit], store.NewCursor(string(ids[limit-1])), nil
}

func (tx *fakeTx) PutLink(ctx context.Context, l store.Link) error {
	if err := store.CheckLink(l); err != nil {
		return err
	}
	if _, ok := tx.st.links[l.From]; ok {
		return fmt.Errorf("link: %w", store.ErrDuplicate)
	}
	l.At = l.At.UTC()
	tx.st.links[l.From] = l
	return nil
}

func (tx *fakeTx) EraseForeigner(ctx context.Context, id registration.ForeignerID) error {
	if id == "" {
		return fmt.Errorf("erase: %w", store.ErrInvalid)
	}
	st := tx.st
	delete(st.persons, id)
	for from, l := range st.links {
		if l.From == id || l.To == id {
			delete(st.links, from)
		}
	}
	for k := range st.deadlines {
		if k.Foreigner == id {
			delete(st.deadlines, k)
		}
	}
	for rid, r := range st.regs {
		if r.Foreigner != id {
			continue
		}
		st.regs[rid] = store.ErasedRegistration(r)
		evs := make([]registration.Event, len(st.events[rid]))
		for i, e := range st.events[rid] {
			evs[i] = store.ErasedEvent(e)
		}
		st.events[rid] = evs
		delete(st.certs, rid)
		for mid, m := range st.msgs {
			if m.Registration == rid {
				m.Body, m.LastError = store.ErasedBody(), ""
				st.msgs[mid] = m
			}
		}
		for key, rec := range st.idem {
			if rec.Registration == rid {
				delete(st.idem, key)
			}
		}
	}
	for mid, m := range st.msgs {
		if m.To == string(id) {
			m.Body, m.LastError = store.ErasedBody(), ""
			st.msgs[mid] = m
		}
	}
	return nil
}

func (tx *fakeTx) DeleteIdempotencyBefore(ctx context.Context, before time.Time) (int, error) {
	n := 0
	for key, rec := range tx.st.idem {
		if !rec.CreatedAt.IsZero() && rec.CreatedAt.Before(before) {
			delete(tx.st.idem, key)
			n++
		}
	}
	return n, nil
}

func (tx *fakeTx) MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error {
	if err := store.CheckMerge(from, to); err != nil {
		return err
	}
	st := tx.st
	if l, ok := st.links[to]; ok && l.To == from {
		return fmt.Errorf("merge: %w", store.ErrConflict)
	}
	if err := store.CheckMergeTrips(tripList(st.trips[from]), tripList(st.trips[to])); err != nil {
		return err
	}
	active := map[registration.ForeignerID]bool{}
	for _, r := range st.regs {
		active[r.Foreigner] = active[r.Foreigner] || r.State.IsActive()
	}
	if active[from] && active[to] {
		return fmt.Errorf("merge: active: %w", store.ErrConflict)
	}
	for k := range st.deadlines {
		if _, ok := st.deadlines[store.DeadlineKey{Kind: k.Kind, Foreigner: to, Subject: k.Subject}]; ok && k.Foreigner == from {
			return fmt.Errorf("merge: deadline: %w", store.ErrConflict)
		}
	}
	for k, l := range st.links {
		if l.To == from {
			l.To = to
			st.links[k] = l
		}
	}
	for id, m := range st.msgs {
		if m.To == string(from) {
			m.To = string(to)
			st.msgs[id] = m
		}
	}
	if st.trips[to] == nil {
		st.trips[to] = map[calendar.Date]stay.Trip{}
	}
	for d, trip := range st.trips[from] {
		st.trips[to][d] = trip
	}
	delete(st.trips, from)
	for id, r := range st.regs {
		if r.Foreigner == from {
			r.Foreigner = to
			st.regs[id] = r
			evs := tx.copyEvents(st.events[id])
			evs[0].Submission.Foreigner = to
			st.events[id] = evs
		}
	}
	for k, d := range st.deadlines {
		if k.Foreigner == from {
			delete(st.deadlines, k)
			d.Foreigner = to
			st.deadlines[d.DeadlineKey] = d
		}
	}
	delete(st.persons, from)
	return nil
}

// tripList returns a foreigner's trips ordered by entry.
func tripList(m map[calendar.Date]stay.Trip) []stay.Trip {
	out := make([]stay.Trip, 0, len(m))
	for _, trip := range m {
		out = append(out, trip)
	}
	slices.SortFunc(out, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	return out
}

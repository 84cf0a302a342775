package memstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The personal-data records of the contract (store/personal.go). They are
// read rarely (an online certificate check, a nightly erasure), so they
// scan what they need rather than keep indexes of their own: memstore is
// for tests and demos.

func (t *tx) CertificatesByNumber(ctx context.Context, number string) ([]store.Certificate, error) {
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	var out []store.Certificate
	for _, rec := range t.s.regs {
		if rec.cert != nil && rec.cert.Number == number {
			out = append(out, *rec.cert)
		}
	}
	slices.SortFunc(out, func(a, b store.Certificate) int { return cmp.Compare(a.Registration, b.Registration) })
	return out, nil
}

func (t *tx) Link(ctx context.Context, from registration.ForeignerID) (store.Link, error) {
	return get(ctx, t, t.s.links, from, "link")
}

func (t *tx) Foreigners(ctx context.Context, p store.Page) ([]registration.ForeignerID, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, key, err := p.ByKey()
	if err != nil {
		return nil, "", err
	}
	ids := slices.Sorted(maps.Keys(t.s.persons))
	if ids = ids[sort.Search(len(ids), func(i int) bool { return string(ids[i]) > key }):]; len(ids) <= limit {
		return ids, "", nil
	}
	return ids[:limit:limit], store.NewCursor(string(ids[limit-1])), nil
}

func (t *tx) PutLink(ctx context.Context, l store.Link) error {
	if err := t.writable(ctx, store.CheckLink(l)); err != nil {
		return err
	}
	if _, ok := t.s.links[l.From]; ok {
		return fmt.Errorf("%w: link", store.ErrDuplicate)
	}
	l.At = l.At.UTC()
	set(t, t.s.links, l.From, l)
	return nil
}

func (t *tx) EraseForeigner(ctx context.Context, id registration.ForeignerID) error {
	if err := t.writable(ctx, store.CheckLock(id)); err != nil {
		return err
	}
	s := t.s
	for from, l := range s.links { // deleting as it goes is safe in Go
		if l.From == id || l.To == id {
			del(t, s.links, from)
		}
	}
	del(t, s.persons, id)
	for _, d := range s.deadlines[id] {
		remove(t, s.due, d)
	}
	del(t, s.deadlines, id)
	regs := make(map[registration.ID]bool, len(s.regsOf[id]))
	for _, r := range s.regsOf[id] {
		regs[r.id] = true
		rec := s.regs[r.id]
		t.keep(rec)
		events := make([]registration.Event, len(rec.events))
		for i, e := range rec.events {
			events[i] = store.ErasedEvent(e)
		}
		rec.reg, rec.events, rec.cert = store.ErasedRegistration(rec.reg), events, nil
	}
	for _, m := range s.msgs {
		if regs[m.Registration] || m.To == string(id) {
			body, lastErr := m.Body, m.LastError
			m.Body, m.LastError = store.ErasedBody(), ""
			t.onUndo(func() { m.Body, m.LastError = body, lastErr })
		}
	}
	for key, rec := range s.idem {
		if regs[rec.Registration] {
			del(t, s.idem, key)
		}
	}
	return nil
}

// MergeForeigner checks every conflict before it moves anything.
func (t *tx) MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error {
	if err := t.writable(ctx, store.CheckMerge(from, to)); err != nil {
		return err
	}
	s := t.s
	if l, ok := s.links[to]; ok && l.To == from {
		return fmt.Errorf("%w: merge: the foreigner merged into is linked to the other", store.ErrConflict)
	}
	if err := store.CheckMergeTrips(s.trips[from], s.trips[to]); err != nil {
		return err
	}
	active := func(r regState) bool { return r.state.IsActive() }
	if slices.ContainsFunc(s.regsOf[from], active) && slices.ContainsFunc(s.regsOf[to], active) {
		return fmt.Errorf("%w: merge: both foreigners have an active registration", store.ErrConflict)
	}
	for _, d := range s.deadlines[from] {
		if deadline(s.deadlines[to], store.DeadlineKey{Kind: d.Kind, Foreigner: to, Subject: d.Subject}) >= 0 {
			return fmt.Errorf("%w: merge: both foreigners have a %v deadline of one subject", store.ErrConflict, d.Kind)
		}
	}
	for k, l := range s.links {
		if l.To == from {
			l.To = to
			set(t, s.links, k, l)
		}
	}
	for _, m := range s.msgs {
		if m.To == string(from) {
			m.To = string(to)
			t.onUndo(func() { m.To = string(from) })
		}
	}
	trips := slices.Concat(s.trips[to], s.trips[from]) // a new slice, sorted below
	slices.SortFunc(trips, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	setList(t, s.trips, to, trips)
	for _, r := range s.regsOf[from] {
		rec := s.regs[r.id]
		t.keep(rec)
		rec.reg.Foreigner, rec.events = to, registration.CloneEvents(rec.events)
		rec.events[0].Submission.Foreigner = to
	}
	regs := slices.Concat(s.regsOf[to], s.regsOf[from])
	slices.SortFunc(regs, func(a, b regState) int { return cmp.Compare(a.id, b.id) })
	setList(t, s.regsOf, to, regs)
	own := slices.Clip(s.deadlines[to])
	for _, d := range s.deadlines[from] {
		remove(t, s.due, d)
		d.Foreigner = to
		insert(t, s.due, d)
		own = append(own, d)
	}
	setList(t, s.deadlines, to, own)
	del(t, s.regsOf, from)
	del(t, s.trips, from)
	del(t, s.deadlines, from)
	del(t, s.persons, from)
	return nil
}

func (t *tx) DeleteIdempotencyBefore(ctx context.Context, before time.Time) (int, error) {
	if err := t.writable(ctx); err != nil {
		return 0, err
	}
	s := t.s
	n := 0
	for key, rec := range s.idem { // deleting as it goes is safe in Go
		if !rec.CreatedAt.IsZero() && rec.CreatedAt.Before(before) {
			del(t, s.idem, key)
			n++
		}
	}
	return n, nil
}

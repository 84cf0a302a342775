package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
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
	if err := t.check(ctx); err != nil {
		return store.Link{}, err
	}
	l, ok := t.s.links[from]
	if !ok {
		return store.Link{}, errNoLink
	}
	return l, nil
}

func (t *tx) Foreigners(ctx context.Context, p store.Page) ([]registration.ForeignerID, store.Cursor, error) {
	if err := t.check(ctx); err != nil {
		return nil, "", err
	}
	limit, err := p.Size()
	if err != nil {
		return nil, "", err
	}
	key, err := p.AfterKey()
	if err != nil {
		return nil, "", err
	}
	after := registration.ForeignerID(key)
	var ids []registration.ForeignerID
	for id, f := range t.s.foreigners {
		if f.hasPerson && id > after {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) <= limit {
		return ids, "", nil
	}
	ids = ids[:limit]
	return ids, store.NewCursor(string(ids[limit-1])), nil
}

func (t *tx) PutLink(ctx context.Context, l store.Link) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckLink(l); err != nil {
		return err
	}
	s := t.s
	if _, ok := s.links[l.From]; ok {
		return fmt.Errorf("%w: link", store.ErrDuplicate)
	}
	l.At = l.At.UTC()
	s.links[l.From] = l
	t.onUndo(func() { delete(s.links, l.From) })
	return nil
}

func (t *tx) EraseForeigner(ctx context.Context, id registration.ForeignerID) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckLock(id); err != nil {
		return err
	}
	s := t.s
	for from, l := range s.links {
		if l.From == id || l.To == id {
			delete(s.links, from)
			t.onUndo(func() { s.links[from] = l })
		}
	}
	if s.foreigners[id] == nil {
		return nil
	}
	f := t.edit(id)
	f.person, f.hasPerson = registration.Person{}, false
	for _, d := range f.deadlines {
		remove(t, s.due, d)
	}
	f.deadlines = nil
	regs := make(map[registration.ID]bool, len(f.regs))
	for _, rid := range f.regs {
		regs[rid] = true
		rec := s.regs[rid]
		old := *rec
		events := make([]registration.Event, len(rec.events))
		for i, e := range rec.events {
			events[i] = store.ErasedEvent(e)
		}
		rec.reg, rec.events, rec.cert = store.ErasedRegistration(rec.reg), events, nil
		t.onUndo(func() { *rec = old })
	}
	for _, m := range s.msgs {
		if regs[m.Registration] || m.To == string(id) {
			old := m.Body
			m.Body = store.ErasedBody()
			t.onUndo(func() { m.Body = old })
		}
	}
	for key, rec := range s.idem {
		if regs[rec.Registration] {
			delete(s.idem, key)
			t.onUndo(func() { s.idem[key] = rec })
		}
	}
	if f.empty() {
		delete(s.foreigners, id)
		t.onUndo(func() { s.foreigners[id] = f })
	}
	return nil
}

// MergeForeigner checks every conflict before it moves anything.
func (t *tx) MergeForeigner(ctx context.Context, from, to registration.ForeignerID) error {
	if err := t.writable(ctx); err != nil {
		return err
	}
	if err := store.CheckMerge(from, to); err != nil {
		return err
	}
	s, src, dst := t.s, t.s.foreigners[from], t.s.foreigners[to]
	if l, ok := s.links[to]; ok && l.To == from {
		return fmt.Errorf("%w: merge: the foreigner merged into is linked to the other", store.ErrConflict)
	}
	if src != nil && dst != nil {
		if err := store.CheckMergeTrips(src.trips, dst.trips); err != nil {
			return err
		}
		if slices.ContainsFunc(src.states, registration.State.IsActive) && slices.ContainsFunc(dst.states, registration.State.IsActive) {
			return fmt.Errorf("%w: merge: both foreigners have an active registration", store.ErrConflict)
		}
		for _, d := range src.deadlines {
			if dst.deadline(store.DeadlineKey{Kind: d.Kind, Foreigner: to, Subject: d.Subject}) >= 0 {
				return fmt.Errorf("%w: merge: both foreigners have a %v deadline of one subject", store.ErrConflict, d.Kind)
			}
		}
	}
	for k, l := range s.links {
		if l.To == from {
			s.links[k] = store.Link{From: l.From, To: to, By: l.By, At: l.At, Note: l.Note}
			t.onUndo(func() { s.links[k] = l })
		}
	}
	for _, m := range s.msgs {
		if m.To == string(from) {
			m.To = string(to)
			t.onUndo(func() { m.To = string(from) })
		}
	}
	if src == nil {
		return nil
	}
	g := t.edit(to)
	g.trips = append(g.trips, src.trips...)
	slices.SortFunc(g.trips, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	for i, rid := range src.regs {
		rec := s.regs[rid]
		old := *rec
		rec.reg.Foreigner, rec.events = to, copyEvents(rec.events)
		rec.events[0].Submission.Foreigner = to
		t.onUndo(func() { *rec = old })
		j, _ := slices.BinarySearch(g.regs, rid)
		g.regs, g.states = slices.Insert(g.regs, j, rid), slices.Insert(g.states, j, src.states[i])
	}
	for _, d := range src.deadlines {
		remove(t, s.due, d)
		d.Foreigner = to
		insert(t, s.due, d)
		g.deadlines = append(g.deadlines, d)
	}
	delete(s.foreigners, from)
	t.onUndo(func() { s.foreigners[from] = src })
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
			delete(s.idem, key)
			t.onUndo(func() { s.idem[key] = rec })
			n++
		}
	}
	return n, nil
}

package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// Listing registrations (store.ReadTx.Registrations): filters, the order
// by ID, pages and cursors, and listings that stay exact while other
// transactions write.

// listPage reads one page in its own View.
func listPage(t *testing.T, s store.Store, f store.Filter, p store.Page) ([]registration.Registration, store.Cursor, error) {
	t.Helper()
	var items []registration.Registration
	var next store.Cursor
	err := s.View(t.Context(), func(tx store.ReadTx) error {
		var err error
		items, next, err = tx.Registrations(t.Context(), f, p)
		return err
	})
	return items, next, err
}

// listAll pages through a listing of registrations with the given limit,
// each page in its own View, and returns them in order (see pageThrough).
// between, when not nil, runs after each page that has a cursor.
func listAll(t *testing.T, s store.Store, f store.Filter, limit int, between func(last registration.ID)) []registration.Registration {
	t.Helper()
	return pageThrough(t, fmt.Sprintf("Registrations(%+v)", f), limit, func(after store.Cursor) ([]registration.Registration, store.Cursor, error) {
		return listPage(t, s, f, store.Page{After: after, Limit: limit})
	}, func(items []registration.Registration) {
		if between != nil && len(items) > 0 {
			between(items[len(items)-1].ID)
		}
	})
}

// pageThrough reads a listing page by page and checks the paging rules: no
// page is longer than the limit; every page but the last is full; the
// cursor advances; the listing ends with an empty cursor. A full last page
// may carry a cursor, as long as the page after it is empty and ends the
// listing. between runs after each page that has a cursor.
func pageThrough[T any](t *testing.T, what string, limit int, get func(after store.Cursor) ([]T, store.Cursor, error), between func([]T)) []T {
	t.Helper()
	var all []T
	var after store.Cursor
	for n := 0; ; n++ {
		if n > 10000 {
			t.Fatalf("%s with pages of %d: more than 10000 pages", what, limit)
		}
		items, next, err := get(after)
		if err != nil {
			t.Fatalf("%s with Page{After: %q, Limit: %d} = %v; want nil", what, string(after), limit, err)
		}
		if len(items) > limit {
			t.Fatalf("%s with Page{After: %q, Limit: %d} returned %d items; want at most %d", what, string(after), limit, len(items), limit)
		}
		all = append(all, items...)
		if next == "" {
			return all
		}
		if len(items) < limit {
			t.Fatalf("%s with Page{After: %q, Limit: %d} returned %d items and the cursor %q; want a full page before the end", what, string(after), limit, len(items), string(next))
		}
		if next == after {
			t.Fatalf("%s with Page{After: %q, Limit: %d} returned the cursor it was given", what, string(after), limit)
		}
		after = next
		if between != nil {
			between(items)
		}
	}
}

func testListEmptyStore(t *testing.T, s store.Store) {
	items, next, err := listPage(t, s, store.Filter{}, store.Page{})
	if err != nil || len(items) != 0 || next != "" {
		t.Errorf("Registrations of an empty store = %v, %q, %v; want none, an empty cursor, nil", ids(items), string(next), err)
	}
}

// listingWorld stores eight registrations of three foreigners with three
// individual hosts and a hotel, in several states, created out of ID
// order, and returns them by ID.
func listingWorld(t *testing.T, s store.Store) map[registration.ID]record {
	t.Helper()
	recs := map[registration.ID]record{}
	add := func(rec record) { recs[rec.reg.ID] = rec }
	p := func(i, f, h int) record {
		r, evs := pending(t, regID(i), person(f), host(t, h))
		return record{r, evs}
	}
	add(p(1, 1, 1))
	r2 := p(2, 1, 2)
	add(r2.then(reject(t, r2.reg)))
	r3 := p(3, 1, 3)
	add(r3.then(confirm(t, r3.reg)))
	r4 := p(4, 2, 1)
	add(r4.then(confirm(t, r4.reg)))
	r5 := p(5, 2, 1)
	add(r5.then(apply(t, r5.reg, registration.ForeignerActor(r5.reg.Foreigner), registration.Withdraw{}, answeredAt)))
	add(p(6, 3, 2))
	r7, e7 := checkedIn(t, regID(7), person(3))
	add(record{r7, e7})
	add(p(8, 2, 3))
	var order []record
	for _, i := range []int{5, 1, 8, 3, 7, 2, 6, 4} {
		order = append(order, recs[regID(i)])
	}
	create(t, s, order...)
	return recs
}

func testListFilters(t *testing.T, s store.Store) {
	recs := listingWorld(t, s)
	f1, f2, f3 := fid(person(1)), fid(person(2)), fid(person(3))
	h1, h2 := hid(host(t, 1)), hid(host(t, 2))
	tests := []struct {
		f    store.Filter
		want []int
	}{
		{store.Filter{}, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{store.Filter{Foreigner: f1}, []int{1, 2, 3}},
		{store.Filter{Foreigner: f3}, []int{6, 7}},
		{store.Filter{Host: h1}, []int{1, 4, 5}},
		{store.Filter{Host: hid(hotel(t))}, []int{7}},
		{store.Filter{States: []registration.State{registration.Pending}}, []int{1, 6, 8}},
		{store.Filter{States: []registration.State{registration.Confirmed, registration.Rejected}}, []int{2, 3, 4, 7}},
		{store.Filter{Foreigner: f2, States: []registration.State{registration.Confirmed}}, []int{4}},
		{store.Filter{Foreigner: f2, Host: h1}, []int{4, 5}},
		{store.Filter{Host: h2, States: []registration.State{registration.Pending, registration.Withdrawn}}, []int{6}},
		{store.Filter{Foreigner: fid(person(9))}, nil},
		{store.Filter{Foreigner: f1, Host: hid(host(t, 9))}, nil},
		{store.Filter{States: []registration.State{registration.Annulled}}, nil},
	}
	for _, tt := range tests {
		var want []registration.ID
		for _, i := range tt.want {
			want = append(want, regID(i))
		}
		for _, limit := range []int{1, 2, 3, 100} {
			got := listAll(t, s, tt.f, limit, nil)
			if !slices.Equal(ids(got), want) {
				t.Errorf("Registrations(%+v) with pages of %d = %v; want %v", tt.f, limit, ids(got), want)
				continue
			}
			for _, r := range got {
				if d := diff(r, recs[r.ID].reg); d != "" {
					t.Errorf("Registrations(%+v) with pages of %d: %s differs from what was written:\n%s", tt.f, limit, r.ID, d)
				}
			}
		}
	}
}

// manyPending creates pending registrations with the given numbers, each
// of its own foreigner, in one transaction, and returns their IDs in
// order.
func manyPending(t *testing.T, s store.Store, nums []int) []registration.ID {
	t.Helper()
	recs := make([]record, len(nums))
	for i, n := range nums {
		r, evs := pending(t, regID(n), person(n), host(t, n%7))
		recs[i] = record{r, evs}
	}
	create(t, s, recs...)
	var out []registration.ID
	for _, rec := range recs {
		out = append(out, rec.reg.ID)
	}
	slices.Sort(out)
	return out
}

func seq(from, to, step int) []int {
	var out []int
	for i := from; i <= to; i += step {
		out = append(out, i)
	}
	return out
}

func testListPagination(t *testing.T, s store.Store) {
	// Created in reverse, so that insertion order is not ID order.
	nums := seq(1, 23, 1)
	slices.Reverse(nums)
	want := manyPending(t, s, nums)
	for _, limit := range []int{1, 2, 5, 10, 22, 23, 24, 100, store.MaxLimit} {
		got := ids(listAll(t, s, store.Filter{}, limit, nil))
		if !slices.Equal(got, want) {
			t.Errorf("Registrations in pages of %d = %v; want %v", limit, got, want)
		}
	}
	// A filtered listing pages the same way.
	f := store.Filter{States: []registration.State{registration.Pending}}
	if got := ids(listAll(t, s, f, 4, nil)); !slices.Equal(got, want) {
		t.Errorf("Registrations(%+v) in pages of 4 = %v; want %v", f, got, want)
	}
}

func testListCursorRepeatable(t *testing.T, s store.Store) {
	manyPending(t, s, seq(1, 10, 1))
	_, c, err := listPage(t, s, store.Filter{}, store.Page{Limit: 4})
	if err != nil || c == "" {
		t.Fatalf("Registrations(first page of 4 of 10) = cursor %q, %v; want a cursor", string(c), err)
	}
	a, ca, errA := listPage(t, s, store.Filter{}, store.Page{After: c, Limit: 4})
	b, cb, errB := listPage(t, s, store.Filter{}, store.Page{After: c, Limit: 4})
	if errA != nil || errB != nil || !slices.Equal(ids(a), ids(b)) || ca != cb {
		t.Errorf("Registrations(after %q) twice = %v %q %v, then %v %q %v; want the same page", string(c), ids(a), string(ca), errA, ids(b), string(cb), errB)
	}
	if want := []registration.ID{regID(5), regID(6), regID(7), regID(8)}; !slices.Equal(ids(a), want) {
		t.Errorf("Registrations(second page of 4) = %v; want %v", ids(a), want)
	}
}

// testListResumeAfterID: the cursor after a registration is
// store.NewCursor of its ID, so a listing resumes after any known ID.
func testListResumeAfterID(t *testing.T, s store.Store) {
	manyPending(t, s, seq(1, 10, 1))
	page, _, err := listPage(t, s, store.Filter{}, store.Page{After: store.NewCursor(string(regID(6))), Limit: 3})
	if want := []registration.ID{regID(7), regID(8), regID(9)}; err != nil || !slices.Equal(ids(page), want) {
		t.Errorf("Registrations(after NewCursor(%s)) = %v, %v; want %v", regID(6), ids(page), err, want)
	}
}

func testListDefaultLimit(t *testing.T, s store.Store) {
	want := manyPending(t, s, seq(1, store.DefaultLimit+3, 1))
	items, next, err := listPage(t, s, store.Filter{}, store.Page{})
	if err != nil || len(items) != store.DefaultLimit || next == "" {
		t.Fatalf("Registrations(Page{}) of %d = %d items, cursor %q, %v; want %d items and a cursor", len(want), len(items), string(next), err, store.DefaultLimit)
	}
	rest, last, err := listPage(t, s, store.Filter{}, store.Page{After: next})
	if err != nil || last != "" || !slices.Equal(ids(append(items, rest...)), want) {
		t.Errorf("Registrations(Page{After: %q}) = %v, cursor %q, %v; want %v and no cursor", string(next), ids(rest), string(last), err, want[store.DefaultLimit:])
	}
}

func testListLimitOutOfRange(t *testing.T, s store.Store) {
	manyPending(t, s, seq(1, 3, 1))
	for _, limit := range []int{-1, store.MaxLimit + 1} {
		items, _, err := listPage(t, s, store.Filter{}, store.Page{Limit: limit})
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Registrations(Page{Limit: %d}) = %d items, %v; want store.ErrInvalid", limit, len(items), err)
		}
		err = s.View(t.Context(), func(tx store.ReadTx) error {
			_, _, err := tx.Deadlines(t.Context(), store.DeadlineQuery{Through: validUntil}, store.Page{Limit: limit})
			return err
		})
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Deadlines(Page{Limit: %d}) = %v; want store.ErrInvalid", limit, err)
		}
	}
}

// checkListing reports an error unless got is in strictly increasing ID
// order and holds every ID of must exactly once.
func checkListing(t *testing.T, got []registration.Registration, must []registration.ID, when string) {
	t.Helper()
	for i := 1; i < len(got); i++ {
		if got[i].ID <= got[i-1].ID {
			t.Errorf("%s: the listing has %s after %s; want strictly increasing IDs, each once", when, got[i].ID, got[i-1].ID)
		}
	}
	count := map[registration.ID]int{}
	for _, r := range got {
		count[r.ID]++
	}
	for _, id := range must {
		if count[id] != 1 {
			t.Errorf("%s: %s, which existed for the whole listing, was listed %d times; want once", when, id, count[id])
		}
	}
}

func testListStableUnderWrites(t *testing.T, s store.Store) {
	ctx := t.Context()
	// reg0010, reg0020, ..., reg0200: room for new IDs on both sides of
	// every cursor.
	initial := manyPending(t, s, seq(10, 200, 10))
	ahead := map[registration.ID]bool{} // confirmed before their page was read
	k := 0
	between := func(last registration.ID) {
		k++
		var n int
		if _, err := fmt.Sscanf(string(last), "reg%d", &n); err != nil {
			t.Fatalf("storetest: cannot read the number of %q", last)
		}
		// A registration before the cursor and one just after it
		// ("reg0029b1" and "reg0030c1" after "reg0030").
		for _, id := range []registration.ID{
			registration.ID(fmt.Sprintf("%sb%d", regID(n-1), k)),
			registration.ID(fmt.Sprintf("%sc%d", last, k)),
		} {
			r, evs := pending(t, id, person(5000+k), host(t, 1))
			create(t, s, record{r, evs})
		}
		// Confirm one registration already listed and the next one ahead.
		next := regID((n/10 + 1) * 10)
		for _, id := range []registration.ID{regID(n), next} {
			var done bool
			update(t, s, func(tx store.Tx) error {
				done = false
				r, err := tx.Registration(ctx, id)
				if errors.Is(err, store.ErrNotFound) {
					return nil
				}
				if err != nil || r.State != registration.Pending {
					return err
				}
				c, evs, err := r.Confirm(registration.HostActor(r.HostID), validUntil, answeredAt)
				if err != nil {
					return err
				}
				done = true
				return tx.UpdateRegistration(ctx, c, r.Version, evs)
			})
			if done && id == next {
				ahead[id] = true
			}
		}
	}
	got := listAll(t, s, store.Filter{}, 3, between)
	checkListing(t, got, initial, "listing in pages of 3 while creating and confirming between pages")
	for _, r := range got {
		if ahead[r.ID] && r.State != registration.Confirmed {
			t.Errorf("listing in pages of 3: %s was confirmed before its page was read, but listed as %v", r.ID, r.State)
		}
	}
	if len(ahead) == 0 {
		t.Fatal("storetest: no registration was confirmed ahead of the cursor")
	}
}

func testListStableUnderConcurrentWrites(t *testing.T, s store.Store) {
	ctx := t.Context()
	// reg0100, reg0200, ..., reg4000; writers add IDs between them.
	initial := manyPending(t, s, seq(100, 4000, 100))
	// Each writer's new registrations, built before the writers start.
	const writers, perWriter = 3, 40
	var fresh [writers][perWriter]record
	for w := range writers {
		for j := range perWriter {
			n := 100*(j+1) + (w+1)*10
			r, evs := pending(t, regID(n), person(n), host(t, w+1))
			fresh[w][j] = record{r, evs}
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for j := range perWriter {
				select {
				case <-done:
					return
				default:
				}
				r, evs := fresh[w][j].reg, fresh[w][j].events
				if err := s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, r, evs) }); err != nil {
					t.Errorf("writer %d: CreateRegistration(%v) = %v; want nil", w, r, err)
					return
				}
				id := regID(100 * (perWriter - j))
				err := s.Update(ctx, func(tx store.Tx) error {
					r, err := tx.Registration(ctx, id)
					if err != nil || r.State != registration.Pending {
						return err
					}
					next, evs, err := r.Confirm(registration.HostActor(r.HostID), validUntil, answeredAt)
					if err != nil {
						return err
					}
					return tx.UpdateRegistration(ctx, next, r.Version, evs)
				})
				if err != nil && !errors.Is(err, store.ErrConflict) {
					t.Errorf("writer %d: confirming %s = %v; want nil or store.ErrConflict", w, id, err)
					return
				}
			}
		})
	}
	for round := 0; round < 5; round++ {
		got := listAll(t, s, store.Filter{}, 3, nil)
		checkListing(t, got, initial, fmt.Sprintf("listing %d in pages of 3 while other goroutines write", round))
	}
	close(done)
	wg.Wait()
}

package stay

import (
	"encoding/json"
	"slices"
	"sort"
)

// History is a person's trips, checked once and kept sorted by entry, with
// the Policy that counts them: build it once with NewHistory or
// Policy.History and ask it as many questions as needed. Each query looks
// only at the trips that can reach its window, found by a binary search,
// so its cost does not grow with the years of travel before the window.
// The functions and Policy methods that take a []Trip build a History and
// ask it.
//
// A History does not alias the slice it was made from. The zero History
// has no trips and counts under the default Policy. A History is
// immutable and safe for concurrent use.
type History struct {
	policy Policy
	trips  []histTrip // sorted by entry (stable)
	open   int        // 1 + the index in trips of the open trip that entered last; 0 when none
}

// histTrip is a checked trip with what the binary searches need.
type histTrip struct {
	Trip
	index int // position in the slice the History was made from
	reach int // the latest raw exit of this trip and every earlier one (never when one is open)
}

// NewHistory checks the trips and returns them as a History under the
// default Policy. See Policy.History.
func NewHistory(trips []Trip) (History, error) { return Policy{}.History(trips) }

// History checks every trip and returns them as a History counted under
// p. Trips may come in any order and may overlap or repeat, as in every
// query: every day of presence counts once. The cost is one pass, and a
// sort when the trips are not in order of entry.
//
// Errors: a *TripError (ErrInvalidTrip) for the first trip, in the order
// given, with a zero entry or an exit before its entry.
func (p Policy) History(trips []Trip) (History, error) {
	h := History{policy: p}
	if len(trips) == 0 {
		return h, nil
	}
	h.trips = make([]histTrip, len(trips))
	sorted := true
	for i, t := range trips {
		if err := checkTrip(i, t, 0); err != nil {
			return History{}, err
		}
		h.trips[i] = histTrip{Trip: t, index: i}
		if i > 0 && t.Entry.Before(trips[i-1].Entry) {
			sorted = false
		}
	}
	if !sorted {
		slices.SortStableFunc(h.trips, func(a, b histTrip) int { return a.Entry.Compare(b.Entry) })
	}
	reach := 0
	for i := range h.trips {
		t := &h.trips[i]
		if t.IsOpen() {
			reach = never
			h.open = i + 1 // the last open one in entry order entered last
		} else {
			reach = max(reach, dayOf(t.Exit))
		}
		t.reach = reach
	}
	return h, nil
}

// Policy returns the Policy the history counts under.
func (h History) Policy() Policy { return h.policy }

// Len returns the number of trips.
func (h History) Len() int { return len(h.trips) }

// Trips returns the trips in a new slice, sorted by entry (trips with the
// same entry in the order given). Window contributions name trips by their
// position in the slice the History was made from, not in this one.
func (h History) Trips() []Trip {
	out := make([]Trip, len(h.trips))
	for i, t := range h.trips {
		out[i] = t.Trip
	}
	return out
}

// historyJSON is the JSON form of a History.
type historyJSON struct {
	Policy Policy `json:"policy"`
	Trips  []Trip `json:"trips"`
}

// MarshalJSON writes the history as {"policy": ..., "trips": [...]}, the
// trips sorted by entry.
func (h History) MarshalJSON() ([]byte, error) {
	return json.Marshal(historyJSON{Policy: h.policy, Trips: h.Trips()})
}

// UnmarshalJSON reads what MarshalJSON writes and checks the trips as
// Policy.History does: an invalid trip is a *TripError, and h is left as
// it was.
func (h *History) UnmarshalJSON(b []byte) error {
	var v historyJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	nh, err := v.Policy.History(v.Trips)
	if err != nil {
		return err
	}
	*h = nh
	return nil
}

// first returns the index of the first trip whose raw exit is on or after
// day lo: every trip before it ended before lo, so it is where the days
// from lo on begin.
func (h History) first(lo int) int {
	return sort.Search(len(h.trips), func(i int) bool { return h.trips[i].reach >= lo })
}

// upTo returns the number of trips that entered on or before day d.
func (h History) upTo(d int) int {
	return sort.Search(len(h.trips), func(i int) bool { return dayOf(h.trips[i].Entry) > d })
}

// spans appends to dst the days of presence the trips count in [lo, hi]
// as sorted, disjoint, non-adjacent spans; open trips count through
// openEnd. It looks only at the trips from first(lo) that entered by hi.
// dst is normally a slice of a stack array: spans allocates only when the
// days outgrow it.
func (h History) spans(dst []span, lo, hi, openEnd int) []span {
	for _, t := range h.trips[h.first(lo):] {
		s := h.policy.counted(t.Trip, openEnd)
		if s.lo > hi {
			break // sorted by entry: every later trip starts later still
		}
		s.lo, s.hi = max(s.lo, lo), min(s.hi, hi)
		if s.lo <= s.hi {
			dst = append(dst, s) // in order of lo: max(entry, lo) grows with entry
		}
	}
	return merge(dst)
}

// endedBy checks that every trip ended by day e, as planning queries
// require. The error names the first such trip in the order given.
func (h History) endedBy(e int) error {
	if len(h.trips) == 0 || h.trips[len(h.trips)-1].reach <= e {
		return nil
	}
	var bad *histTrip
	for i := range h.trips {
		t := &h.trips[i]
		if (t.IsOpen() || dayOf(t.Exit) > e) && (bad == nil || t.index < bad.index) {
			bad = t
		}
	}
	return checkTrip(bad.index, bad.Trip, e)
}

// visitAt returns the first day of the visit in progress on day d: the
// visit, among those whose counted days include d, that started last.
//
// Trips that overlap (one enters before every earlier one has left) are
// one visit; a trip entering on or after the day all earlier ones left
// starts a new visit (see Trip). Sorted by entry, trip i starts a visit
// exactly when its entry is on or after reach of trip i-1, so the visit
// holding the last trip entered by d is found by walking back from it, and
// no earlier visit can include d: it ended by the day that one began.
func (h History) visitAt(d int) (start int, ok bool) {
	k := h.upTo(d)
	if k == 0 {
		return 0, false
	}
	j := k - 1
	for j > 0 && dayOf(h.trips[j].Entry) < h.trips[j-1].reach {
		j--
	}
	hi := 0
	for _, t := range h.trips[j:k] {
		hi = max(hi, h.policy.counted(t.Trip, d).hi)
	}
	if d > hi {
		return 0, false
	}
	return dayOf(h.trips[j].Entry), true
}

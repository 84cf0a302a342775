package stay_test

import (
	"errors"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// A History answers from the trips that can reach a query's window, found
// by binary search. These properties draw longer pasts than the others,
// with long and open trips early on that reach far past later ones, and
// compare a History built from the trips in order and from a permutation
// with the oracle.

// genLongTrips draws up to 16 trips over about three years, sorted by
// entry when sorted is true, permuted otherwise.
func genLongTrips(t *rapid.T, sorted bool) []stay.Trip {
	trips := genTrips(t, 16, 0, 1000, true)
	if rapid.Bool().Draw(t, "longFirst") && len(trips) > 0 {
		trips[0].Exit = trips[0].Entry.AddDays(rapid.IntRange(0, 900).Draw(t, "longLength"))
	}
	slices.SortStableFunc(trips, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) })
	if !sorted {
		trips = rapid.Permutation(trips).Draw(t, "perm")
	}
	return trips
}

func TestHistoryMatchesOracle(t *testing.T) {
	for _, sorted := range []bool{true, false} {
		name := map[bool]string{true: "sorted", false: "unsorted"}[sorted]
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				p, r := genPolicy(t), genRegime(t)
				trips := genLongTrips(t, sorted)
				on := genDate(t, "on", 0, 1100)
				h, err := p.History(trips)
				if err != nil {
					t.Fatalf("History(%v) error %v", trips, err)
				}
				o := oracle{pol: p, r: r}
				if got, err := h.DaysUsed(on); err != nil || got != o.daysUsed(trips, on) {
					t.Fatalf("%+v: History(%v).DaysUsed(%v) = %d, %v; want %d", p, trips, on, got, err, o.daysUsed(trips, on))
				}
				st, err := h.StatusOn(r, on)
				if err != nil {
					t.Fatalf("StatusOn error %v", err)
				}
				got := oracleStatus{
					used: st.Used, remaining: st.Remaining, present: st.Present, visitEntry: st.VisitEntry,
					visitDay: st.VisitDay, overstay: st.Overstay, latestExit: st.LatestExit,
					firstBreach: st.FirstBreach, breached: st.Breached,
				}
				if w := o.status(trips, on); got != w {
					t.Fatalf("%+v: History(%v).StatusOn(%v, %v) =\n%+v; want\n%+v", p, trips, r, on, got, w)
				}
				if win := st.Window(); win.Days != st.Used {
					t.Fatalf("Status.Window().Days = %d; want Used %d\n%v", win.Days, st.Used, win)
				}
			})
		})
	}
}

func TestHistoryPlanningMatchesOracle(t *testing.T) {
	for _, sorted := range []bool{true, false} {
		name := map[bool]string{true: "sorted", false: "unsorted"}[sorted]
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				p, r := genPolicy(t), genRegime(t)
				trips := genLongTrips(t, sorted)
				entry := genDate(t, "entry", 0, 1100)
				h, err := p.History(trips)
				if err != nil {
					t.Fatalf("History(%v) error %v", trips, err)
				}
				o := oracle{pol: p, r: r}
				got, err := h.LatestExit(r, entry)
				ended := !slices.ContainsFunc(trips, func(x stay.Trip) bool { return x.IsOpen() || x.Exit.After(entry) })
				if !ended {
					if !errors.Is(err, stay.ErrInvalidTrip) {
						t.Fatalf("History(%v).LatestExit(%v) = %v, %v; want ErrInvalidTrip", trips, entry, got, err)
					}
					return
				}
				want, ok := o.latestExit(trips, entry)
				if ok && (err != nil || got != want) || !ok && !errors.Is(err, stay.ErrEntryNotAllowed) {
					t.Fatalf("%+v: History(%v).LatestExit(%v, %v) = %v, %v; want %v (allowed %v)", p, trips, r, entry, got, err, want, ok)
				}
			})
		})
	}
}

// A History does not depend on the order of its trips, keeps them sorted,
// and names a bad trip by its position in the slice given.
func TestHistoryTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		trips := genLongTrips(t, false)
		h, err := stay.NewHistory(trips)
		if err != nil {
			t.Fatal(err)
		}
		got := h.Trips()
		if h.Len() != len(trips) || !slices.IsSortedFunc(got, func(a, b stay.Trip) int { return a.Entry.Compare(b.Entry) }) {
			t.Fatalf("History(%v).Trips() = %v: not the trips sorted by entry", trips, got)
		}
		if len(trips) == 0 {
			return
		}
		i := rapid.IntRange(0, len(trips)-1).Draw(t, "bad")
		bad := slices.Clone(trips)
		bad[i].Exit = bad[i].Entry.AddDays(-1)
		_, err = stay.NewHistory(bad)
		var te *stay.TripError
		if !errors.As(err, &te) || te.Index != i {
			t.Fatalf("NewHistory with trip %d invalid: %v; want a *TripError at %d", i, err, i)
		}
	})
}

func TestZeroHistory(t *testing.T) {
	var h stay.History
	n, err := h.DaysUsed(calendar.MustParseDate("2026-01-01"))
	if n != 0 || err != nil || h.Len() != 0 {
		t.Errorf("zero History: DaysUsed = %d, %v; Len %d", n, err, h.Len())
	}
	if _, err := h.ExitAllowed(stay.Regime{Citizenship: "TST", PerVisitDays: 30, Cap: stay.Cap{Kind: stay.RollingWindow, Days: 90, WindowDays: 180}}, calendar.MustParseDate("2026-01-01")); !errors.Is(err, stay.ErrNotPresent) {
		t.Errorf("zero History: ExitAllowed error %v; want ErrNotPresent", err)
	}
}

package dbtest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestUnitsTakeSavepointsOnlyToUndo: on SQLite, UpdateEach runs its units
// without savepoints while no unit fails after it wrote (a unit that
// fails before it writes needs no undoing); a unit that fails after it
// wrote makes the store roll back and run the units again, each between
// a SAVEPOINT and its RELEASE, so that only that unit's writes are
// undone; alone, it is only rolled back. On PostgreSQL every unit has its
// savepoint (see units.go). Counted in statements and in calls of each
// unit's function.
func TestUnitsTakeSavepointsOnlyToUndo(t *testing.T) {
	for _, d := range []struct {
		name    string
		guarded bool // every unit has its savepoint
		open    func(t *testing.T) (*sqlstore.Store, *recorder)
	}{
		{"SQLite", false, func(t *testing.T) (*sqlstore.Store, *recorder) {
			db, rec := openRecorded(t, "sqlite", sqliteDSN(t.TempDir()))
			s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s, rec
		}},
		{"PostgreSQL", true, func(t *testing.T) (*sqlstore.Store, *recorder) {
			openPostgres(t) // skips without a server
			db, rec := openRecorded(t, "pgx", postgresDSN())
			return newPostgresStore(t, db), rec
		}},
	} {
		t.Run(d.name, func(t *testing.T) {
			s, rec := d.open(t)
			errFail := errors.New("this unit fails")
			for _, tc := range []struct {
				name       string
				failsAfter bool // the failing unit writes first
				savepoints int
				calls      []int
			}{
				{"a unit fails before it writes", false, 0, []int{1, 1, 1}},
				{"a unit fails after it wrote", true, 3, []int{2, 2, 1}},
			} {
				if d.guarded {
					tc.savepoints, tc.calls = 3, []int{1, 1, 1}
				}
				var regs [3]registration.Registration
				var evs [3][]registration.Event
				for i := range regs {
					var err error
					regs[i], evs[i], err = pending(registration.ID(fmt.Sprintf("unit-%t-%d", tc.failsAfter, i)), i)
					if err != nil {
						t.Fatal(err)
					}
				}
				calls := make([]int, 3)
				unit := func(i int, fail bool) func(tx store.Tx) error {
					return func(tx store.Tx) error {
						calls[i]++
						if fail && !tc.failsAfter {
							return errFail
						}
						if err := tx.CreateRegistration(t.Context(), regs[i], evs[i]); err != nil {
							return err
						}
						if fail {
							return errFail
						}
						return nil
					}
				}
				var errs []error
				stmts, _ := rec.record(func() error {
					errs = s.UpdateEach(t.Context(), []func(tx store.Tx) error{unit(0, false), unit(1, true), unit(2, false)})
					return nil
				})
				savepoints := savepoints(stmts)
				if !errors.Is(errs[1], errFail) || errs[0] != nil || errs[2] != nil {
					t.Errorf("%s: UpdateEach = %v; want nil, the unit's error, nil", tc.name, errs)
				}
				if savepoints != tc.savepoints || !slices.Equal(calls, tc.calls) {
					t.Errorf("%s: %d savepoints, the units called %v times; want %d savepoints and %v calls", tc.name, savepoints, calls, tc.savepoints, tc.calls)
				}
				err := s.View(t.Context(), func(tx store.ReadTx) error {
					for i, want := range []bool{true, false, true} {
						_, err := tx.Registration(t.Context(), regs[i].ID)
						if got := err == nil; got != want {
							t.Errorf("%s: unit %d's registration stored: %t (%v); want %t", tc.name, i, got, err, want)
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			// One unit alone that fails after it wrote: the rollback
			// undoes it; nothing runs again.
			r, evs, err := pending("unit-alone", 3)
			if err != nil {
				t.Fatal(err)
			}
			calls := 0
			var errs []error
			stmts, _ := rec.record(func() error {
				errs = s.UpdateEach(t.Context(), []func(tx store.Tx) error{func(tx store.Tx) error {
					calls++
					if err := tx.CreateRegistration(t.Context(), r, evs); err != nil {
						return err
					}
					return errFail
				}})
				return nil
			})
			savepoints := savepoints(stmts)
			want := 0
			if d.guarded {
				want = 1
			}
			if len(errs) != 1 || !errors.Is(errs[0], errFail) || calls != 1 || savepoints != want {
				t.Errorf("one unit that fails after it wrote: UpdateEach = %v, called %d times, %d savepoints; want its error, 1 call, %d savepoints", errs, calls, savepoints, want)
			}
			err = s.View(t.Context(), func(tx store.ReadTx) error {
				if _, err := tx.Registration(t.Context(), r.ID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("one unit that failed after it wrote: its registration %v; want store.ErrNotFound", err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// savepoints counts the SAVEPOINT statements among stmts.
func savepoints(stmts []statement) int {
	n := 0
	for _, st := range stmts {
		if strings.HasPrefix(st.query, "SAVEPOINT") {
			n++
		}
	}
	return n
}

package dbtest

import (
	"errors"
	"testing"

	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestBlindWritesInOrder: PostgreSQL sends the upserts of foreigners,
// trips and deadlines with the transaction's next statement (pending.go);
// a transaction still reads what it wrote, a second write of a row wins,
// and a unit that fails takes its writes with it.
func TestBlindWritesInOrder(t *testing.T) {
	for name, s := range map[string]*sqlstore.Store{"SQLite": newSQLiteStore(t), "PostgreSQL": newPostgresStore(t, openPostgres(t))} {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			p := person(1)
			f := demo.Foreigner(p)
			d := store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: f, Subject: "2026-07-01"}, Due: validUntil, Entry: entryDay}
			other := d
			other.Subject, other.Due = "2026-07-02", hostDueDay
			err := s.Update(ctx, func(tx store.Tx) error {
				if err := tx.PutForeigner(ctx, f, p); err != nil {
					return err
				}
				if err := tx.PutTrip(ctx, f, stay.Trip{Entry: entryDay}); err != nil {
					return err
				}
				if err := tx.PutTrip(ctx, f, stay.Trip{Entry: entryDay, Exit: hostDueDay}); err != nil {
					return err
				}
				trips, err := tx.Trips(ctx, f)
				if err != nil {
					return err
				}
				if len(trips) != 1 || trips[0].Exit != hostDueDay {
					t.Errorf("Trips after two writes of one trip = %v; want the second", trips)
				}
				for _, w := range []func() error{
					func() error { return tx.PutDeadline(ctx, d) },
					func() error { return tx.DeleteDeadline(ctx, d.DeadlineKey) },
					func() error { return tx.PutDeadline(ctx, other) },
				} {
					if err := w(); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			errUndo := errors.New("undo")
			errs := s.UpdateEach(ctx, []func(tx store.Tx) error{
				func(tx store.Tx) error {
					if err := tx.DeleteDeadline(ctx, other.DeadlineKey); err != nil {
						return err
					}
					return errUndo
				},
				func(tx store.Tx) error { return tx.PutTrip(ctx, f, stay.Trip{Entry: validUntil}) },
			})
			if !errors.Is(errs[0], errUndo) || errs[1] != nil {
				t.Fatalf("UpdateEach = %v; want [undo <nil>]", errs)
			}
			err = s.View(ctx, func(tx store.ReadTx) error {
				ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: f}, store.Page{})
				if err != nil {
					return err
				}
				if len(ds) != 1 || ds[0].DeadlineKey != other.DeadlineKey {
					t.Errorf("Deadlines = %v; want only %v", ds, other)
				}
				if _, err := tx.Foreigner(ctx, f); err != nil {
					return err
				}
				trips, err := tx.Trips(ctx, f)
				if err == nil && len(trips) != 2 {
					t.Errorf("Trips = %v; want two", trips)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

package store_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// A unit of work: everything inside Update commits together, or not at
// all; listings go page by page with a cursor.
func Example() {
	ctx := context.Background()
	var s store.Store = memstore.New(nil)
	defer s.Close()

	due := calendar.MustParseDate("2026-07-30")
	err := s.Update(ctx, func(tx store.Tx) error {
		for _, f := range []registration.ForeignerID{"f_a", "f_b", "f_c"} {
			if err := tx.PutDeadline(ctx, store.Deadline{
				DeadlineKey: store.DeadlineKey{Kind: store.DueRegistration, Foreigner: f, Subject: "2026-07-01"},
				Due:         due, Entry: calendar.MustParseDate("2026-07-01"),
			}); err != nil {
				return err
			}
		}
		return nil
	})
	fmt.Println("stored:", err)

	// A failed unit of work leaves nothing behind.
	errOops := errors.New("oops")
	err = s.Update(ctx, func(tx store.Tx) error {
		_ = tx.DeleteDeadline(ctx, store.DeadlineKey{Kind: store.DueRegistration, Foreigner: "f_a", Subject: "2026-07-01"})
		return errOops
	})
	fmt.Println("rolled back:", errors.Is(err, errOops))

	_ = s.View(ctx, func(tx store.ReadTx) error {
		var after store.Cursor
		for {
			page, next, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: due}, store.Page{After: after, Limit: 2})
			if err != nil {
				return err
			}
			for _, d := range page {
				fmt.Println(string(d.Foreigner), d.Kind, d.Due)
			}
			if next == "" {
				return nil
			}
			after = next
		}
	})
	// Output:
	// stored: <nil>
	// rolled back: true
	// f_a registration 2026-07-30
	// f_b registration 2026-07-30
	// f_c registration 2026-07-30
}

package memstore_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

func ExampleNew() {
	ctx := context.Background()
	s := memstore.New(nil)
	defer s.Close()
	err := s.View(ctx, func(tx store.ReadTx) error {
		_, err := tx.Registration(ctx, registration.ID("r-1"))
		return err
	})
	fmt.Println(errors.Is(err, store.ErrNotFound), s.Stats().Registrations)
	// Output:
	// true 0
}

package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// testNotFoundTextBounded: a lookup by an unknown key of a megabyte is
// store.ErrNotFound, and its text echoes at most 128 bytes of the key
// (the store contract), so that no error repeats a caller's input whole.
func testNotFoundTextBounded(t *testing.T, s store.Store) {
	ctx := t.Context()
	huge := strings.Repeat("x", 1<<20)
	err := s.View(ctx, func(tx store.ReadTx) error {
		_, rerr := tx.Registration(ctx, registration.ID(huge))
		_, eerr := tx.Events(ctx, registration.ID(huge))
		_, merr := tx.Message(ctx, huge)
		_, cerr := tx.Certificate(ctx, registration.ID(huge))
		for what, err := range map[string]error{"Registration": rerr, "Events": eerr, "Message": merr, "Certificate": cerr} {
			text := fmt.Sprint(err)
			if !errors.Is(err, store.ErrNotFound) || len(text) > 128+100 {
				t.Errorf("%s of a 1 MB key = %.300s (%d bytes); want store.ErrNotFound echoing at most 128 bytes of the key", what, text, len(text))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

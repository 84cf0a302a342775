package store

import (
	"context"
	"errors"

	"github.com/migreg/migreg/registration"
)

// The methods of the contract that combine others, each written as the
// calls it combines. A store whose calls cost no round trip (memstore,
// SQLite) implements them with these; a store where each statement is a
// round trip answers each with one statement.

// StepwiseRegistrationsCounted is ReadTx.RegistrationsCounted as
// tx.Registrations, then tx.CountRegistrations.
func StepwiseRegistrationsCounted(ctx context.Context, tx ReadTx, f Filter, p Page) ([]registration.Registration, Cursor, int, error) {
	regs, next, err := tx.Registrations(ctx, f, p)
	if err != nil {
		return nil, "", 0, err
	}
	n, err := tx.CountRegistrations(ctx, f.Foreigner)
	if err != nil {
		return nil, "", 0, err
	}
	return regs, next, n, nil
}

// StepwiseLockLinked is Tx.LockLinked as tx.Link of each ID in turn,
// then tx.Lock.
func StepwiseLockLinked(ctx context.Context, tx Tx, ids []registration.ForeignerID, otherwise registration.ForeignerID) (registration.ForeignerID, error) {
	id := otherwise
	for _, from := range ids {
		l, err := tx.Link(ctx, from)
		if err == nil {
			id = l.To
			break
		}
		if !errors.Is(err, ErrNotFound) {
			return "", err
		}
	}
	return id, tx.Lock(ctx, id)
}

// StepwiseLockRegistration is Tx.LockRegistration as tx.Registration,
// then tx.Lock of its foreigner.
func StepwiseLockRegistration(ctx context.Context, tx Tx, id registration.ID) (registration.ForeignerID, error) {
	r, err := tx.Registration(ctx, id)
	if err != nil {
		return "", err
	}
	return r.Foreigner, tx.Lock(ctx, r.Foreigner)
}

package migreg

import (
	"context"
	"errors"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// ErrNoPseudonymKey is returned by New when the options give no
// pseudonym key (Options.Pseudonyms) and do not ask, by name, for the
// published demo key (Options.InsecureDemoKeys): migreg has no built-in
// production key, so a Service never derives guessable IDs by mistake.
var ErrNoPseudonymKey = errors.New("migreg: no pseudonym key (set Options.Pseudonyms; Options.InsecureDemoKeys only in tests and demos)")

// pseudonyms returns the keys the options give, or ErrNoPseudonymKey.
func pseudonyms(o Options) (registration.Pseudonyms, error) {
	switch {
	case !o.Pseudonyms.IsZero():
		return o.Pseudonyms, nil
	case o.InsecureDemoKeys:
		return registration.DemoPseudonyms(), nil
	}
	return registration.Pseudonyms{}, ErrNoPseudonymKey
}

// ForeignerID returns the ID the Service knows the person by: the one
// their records are stored under. That is the ID their document or IIN is
// linked to (a renewed passport: see LinkDocument), or else the ID
// derived under the current key, unless the person was stored before a key
// rotation under a retired key (the first key whose ID the store knows
// wins). Use it to name the foreigner in RecordExit, Status, Assess and as
// a registration.ForeignerActor.
func (s *Service) ForeignerID(ctx context.Context, p registration.Person) (registration.ForeignerID, error) {
	var id registration.ForeignerID
	err := s.store.View(ctx, func(tx store.ReadTx) error {
		var err error
		id, err = s.resolveForeigner(ctx, tx, p)
		return err
	})
	return id, wrap("foreigner ID", err)
}

// HostID returns the host's ID under the current key: how a host is named
// as a registration.HostActor and in ByHost. A request filed before a key
// rotation names the host by its ID under the old key (HostIDs lists
// them).
func (s *Service) HostID(h registration.Host) registration.HostID { return s.ids.Host(h) }

// HostIDs returns the host's ID under each of the Service's keys, current
// first: during a rotation, ByHost lists the registrations under each.
func (s *Service) HostIDs(h registration.Host) []registration.HostID { return s.ids.Hosts(h) }

// resolveForeigner is ForeignerID inside a transaction. A transaction
// resolves before it locks: which ID a person has is settled by records
// that, once written, no command changes.
func (s *Service) resolveForeigner(ctx context.Context, tx store.ReadTx, p registration.Person) (registration.ForeignerID, error) {
	ids := s.ids.Foreigners(p)
	// A link of the document or of the IIN (personal.go) names the ID
	// the person's records are kept under.
	for _, id := range append(ids[:len(ids):len(ids)], s.ids.ForeignersByIIN(p.IIN)...) {
		l, err := tx.Link(ctx, id)
		switch {
		case err == nil:
			return l.To, nil
		case !errors.Is(err, store.ErrNotFound):
			return "", err
		}
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	for _, id := range ids {
		_, err := tx.Foreigner(ctx, id)
		switch {
		case err == nil:
			return id, nil
		case !errors.Is(err, store.ErrNotFound):
			return "", err
		}
	}
	return ids[0], nil
}

// lockForeigner is resolveForeigner followed by the lock of the ID
// (store.Tx.Lock). With one key, the ID is the one the first link names
// or else the derived one, and the store resolves and locks in one step
// (store.Tx.LockLinked): a command's first round trip to the database.
func (s *Service) lockForeigner(ctx context.Context, tx store.Tx, p registration.Person) (registration.ForeignerID, error) {
	ids := s.ids.Foreigners(p)
	if len(ids) == 1 {
		return tx.LockLinked(ctx, append(ids[:1:1], s.ids.ForeignersByIIN(p.IIN)...), ids[0])
	}
	id, err := s.resolveForeigner(ctx, tx, p)
	if err != nil {
		return "", err
	}
	return id, tx.Lock(ctx, id)
}

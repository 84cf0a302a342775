package migreg

import (
	"context"
	"errors"
	"fmt"
	"slices"

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

// lockPerson locks a person for a command and returns the ID their
// records are kept under: lockPeople for one person.
func (s *Service) lockPerson(ctx context.Context, tx store.Tx, p registration.Person) (registration.ForeignerID, error) {
	docs := s.ids.Foreigners(p)
	if err := tx.Lock(ctx, docs[0]); err != nil {
		return "", err
	}
	id, err := s.resolveIDs(ctx, tx, p, docs)
	if err != nil || id == docs[0] {
		return id, err
	}
	if err := tx.Lock(ctx, id); err != nil {
		return "", err
	}
	return followMerge(ctx, tx, id)
}

// lockPeople locks persons for a command and returns, for each, the ID
// their records are kept under. It first locks each document's ID under
// the current key, in order: the ID LinkDocument merges away, under its
// lock, so that the links read next (resolveForeigner) show every merge
// that committed. Then it locks the IDs found, when they are others, and
// follows a merge of those (followMerge). A person no one ever linked, the
// common case, costs no read more than resolving.
func (s *Service) lockPeople(ctx context.Context, tx store.Tx, people []registration.Person) ([]registration.ForeignerID, error) {
	keyed := make([][]registration.ForeignerID, len(people)) // each document's ID under each key
	docs := make([]registration.ForeignerID, len(people))
	for i, p := range people {
		keyed[i] = s.ids.Foreigners(p)
		docs[i] = keyed[i][0]
	}
	if err := lockAll(ctx, tx, docs); err != nil {
		return nil, err
	}
	ids := make([]registration.ForeignerID, len(people))
	var others []registration.ForeignerID
	for i, p := range people {
		id, err := s.resolveIDs(ctx, tx, p, keyed[i])
		if err != nil {
			return nil, err
		}
		if ids[i] = id; !slices.Contains(docs, id) {
			others = append(others, id)
		}
	}
	if err := lockAll(ctx, tx, others); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if !slices.Contains(others, id) {
			continue
		}
		to, err := followMerge(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		ids[i] = to
	}
	return ids, nil
}

// lockAll locks each of ids once, in byte order, so that two commands
// locking some of the same foreigners in one call never wait for each
// other. lockPeople calls it twice (documents, then the persons they are
// linked to), so two groups with linked members can, rarely, each hold
// what the other waits for: PostgreSQL detects the deadlock and sqlstore
// runs the transaction again; memstore and SQLite have one writer.
func lockAll(ctx context.Context, tx store.Tx, ids []registration.ForeignerID) error {
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		if err := tx.Lock(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// followMerge returns the ID the records of id are kept under, read after
// id's lock is taken, and takes that ID's lock too when it is another.
// LinkDocument merges a foreigner's records into another's under both
// locks: a command that resolved or read the merged ID before the merge
// committed, and waited for its lock, must not write under it. One read
// more, and no command writes under an ID that was merged away.
func followMerge(ctx context.Context, tx store.Tx, id registration.ForeignerID) (registration.ForeignerID, error) {
	return follow(ctx, tx, id, func(id registration.ForeignerID) error { return tx.Lock(ctx, id) })
}

// mergedInto returns the ID LinkDocument merged id into, or id when it was
// never merged: for the methods that take an ID a client may have kept
// from before a link, asked when that ID holds nothing, so that it costs
// a read only then.
func mergedInto(ctx context.Context, tx store.ReadTx, id registration.ForeignerID) (registration.ForeignerID, error) {
	return follow(ctx, tx, id, nil)
}

// follow follows the links from id until an ID has none, and returns
// that ID; lock, when not nil, locks each ID it moves to before it reads
// that ID's link: the person merged into may have been merged on while
// this waited. A link is never made back to where it comes from
// (MergeForeigner refuses it), so the bound only guards against a store
// that holds a loop.
func follow(ctx context.Context, tx store.ReadTx, id registration.ForeignerID, lock func(registration.ForeignerID) error) (registration.ForeignerID, error) {
	for range maxMerges {
		l, err := tx.Link(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return id, nil
		case err != nil:
			return "", err
		}
		id = l.To
		if lock == nil {
			continue
		}
		if err := lock(id); err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("%w: the foreigner's links run in a loop", store.ErrConflict)
}

// maxMerges bounds the merges a command follows while it waits for locks.
const maxMerges = 16

// resolveForeigner is ForeignerID inside a transaction. A transaction
// resolves before it locks: which ID a person has is settled by records
// that, once written, no command changes.
func (s *Service) resolveForeigner(ctx context.Context, tx store.ReadTx, p registration.Person) (registration.ForeignerID, error) {
	return s.resolveIDs(ctx, tx, p, s.ids.Foreigners(p))
}

// resolveIDs is resolveForeigner given the IDs of the person's document
// under each key (Pseudonyms.Foreigners), current first.
func (s *Service) resolveIDs(ctx context.Context, tx store.ReadTx, p registration.Person, ids []registration.ForeignerID) (registration.ForeignerID, error) {
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

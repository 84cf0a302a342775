package memstore

import "github.com/migreg/migreg/registration"

// Foreigners returns how many foreigner entries s holds, for tests that
// check nothing is left behind.
func Foreigners(s *Store) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.foreigners)
}

// Held returns how many entries s's indexes and maps hold in all, for
// tests that check Close drops everything.
func Held(s *Store) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ids.Len() + len(s.byHost) + len(s.foreigners) + s.byDue.Len() + len(s.idem) + s.msgs.Len() + s.pending.Len()
}

// Implicit reports whether s keeps the registration without its first
// event, rebuilt on the way out.
func Implicit(s *Store, id registration.ID) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, _ := s.ids.Find(regEntry{id: id})
	return e.rec != nil && e.rec.implicit()
}

// SpareEvents returns what lies in the spare room of a registration's
// event array, for tests that check a rollback leaves nothing there.
func SpareEvents(s *Store, id registration.ID) []registration.Event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, _ := s.ids.Find(regEntry{id: id})
	if e.rec == nil {
		return nil
	}
	return e.rec.events[len(e.rec.events):cap(e.rec.events)]
}

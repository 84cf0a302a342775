package memstore

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

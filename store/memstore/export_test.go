package memstore

// Foreigners returns how many foreigner entries s holds, for tests that
// check nothing is left behind.
func Foreigners(s *Store) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.foreigners)
}

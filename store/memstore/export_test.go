package memstore

// Foreigners returns how many entries s holds per foreigner, for tests
// that check nothing is left behind.
func Foreigners(s *Store) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.persons) + len(s.regsOf) + len(s.trips) + len(s.deadlines)
}

// Held returns how many entries s's maps and indexes hold in all, for
// tests that check Close drops everything.
func Held(s *Store) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.regs) + s.ids.Len() + len(s.byHost) + len(s.persons) + len(s.regsOf) + len(s.trips) + len(s.deadlines) + s.due.Len() +
		len(s.idem) + len(s.msgs) + s.pending.Len()
}

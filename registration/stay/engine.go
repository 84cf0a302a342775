package stay

// The engine works on sorted, disjoint spans of counted days (see collect)
// and never walks day by day: every query is a pass over the spans plus
// O(1) arithmetic, so its cost depends on the number of trips, not on how
// many days they cover.
//
// Two facts make this possible.
//
// Rolling window. Along a continuous stay, the count in the window of day D
// changes from D to D+1 by +1 (day D+1 enters) minus 1 if day D+1−K leaves
// the window while counted. So the count never decreases along a stay, the
// days in breach form a suffix of it, and the count grows exactly when a
// day that was not counted (a gap, or a day before the count start) leaves
// the window. The stay from start therefore first breaks a cap of C days on
// x+K, where x is the (C−f+1)-th uncounted day from start−K+1 on and f the
// count on start.
//
// Fixed period. Periods chain from the first counted day; within a
// continuous stay a period that starts inside it is all presence, so the
// breach days of each period are a closed-form range.

// firstBreach returns the first day of a continuous stay starting on day e
// on which the cumulative cap is broken, or never. hist holds the counted
// days of the history; only those before e (and from the count start) are
// used.
func (ru rules) firstBreach(hist []span, e int) int {
	start := max(e, ru.from)
	if ru.kind == FixedPeriod {
		pe, c := ru.periodAt(hist, start)
		return ru.fixedFirstBreach(start, pe, c)
	}
	lo0 := start - ru.window + 1
	f := 1 + total(hist, max(lo0, ru.from), start-1)
	if f > ru.cap {
		return start
	}
	need := ru.cap - f + 1 // uncounted days that must leave the window
	cur := lo0
	for _, x := range hist {
		a, b := max(x.lo, ru.from, cur), min(x.hi, start-1)
		if a > b {
			continue
		}
		if a-cur >= need {
			break
		}
		need -= a - cur
		cur = b + 1
	}
	if start-cur >= need {
		return cur + need - 1 + ru.window
	}
	return never // the cap is at least as long as the window
}

// periodAt returns the end of the fixed period in which a continuous stay
// starting on start (>= ru.from) runs, and the days counted in it before
// start. When no period of the history reaches start, a new one starts
// there.
func (ru rules) periodAt(hist []span, start int) (pe, c int) {
	_, pe, c, ok := ru.lastPeriod(hist, start-1)
	if !ok || start > pe {
		return start + ru.window - 1, 0
	}
	return pe, c
}

// lastPeriod chains the fixed periods over the counted days of hist up to
// day upto and returns the last one: its first and last day and the days
// counted in it. A period starts on the first counted day after the
// previous one ended (docs/legal.md Part B §2.1a: "90 per 365 days from first
// entry"); a stay that runs on past the end of a period starts the next one
// the following day.
func (ru rules) lastPeriod(hist []span, upto int) (ps, pe, c int, ok bool) {
	w := ru.window
	for _, x := range hist {
		lo, hi := max(x.lo, ru.from), min(x.hi, upto)
		if lo > hi {
			continue
		}
		if !ok || lo > pe {
			ps, pe, c, ok = lo, lo+w-1, 0, true
		}
		if hi <= pe {
			c += hi - lo + 1
			continue
		}
		// The rest of the span, [pe+1, hi], is continuous presence: periods
		// start at pe+1, pe+1+w, ...; jump to the one holding hi.
		ps = pe + 1 + (hi-pe-1)/w*w
		pe = ps + w - 1
		c = hi - ps + 1
	}
	return ps, pe, c, ok
}

// fixedFirstBreach returns the first day in breach of a continuous stay
// from start, in a period ending on pe that already counts c days.
func (ru rules) fixedFirstBreach(start, pe, c int) int {
	a := ru.cap - c
	switch {
	case a <= 0:
		return start
	case start+a-1 < pe:
		return start + a
	case ru.cap < ru.window: // the next period starts on pe+1 and fills up
		return pe + 1 + ru.cap
	}
	return never
}

// cumBreaches returns on how many days of [e, t] a continuous stay from e
// breaks the cumulative cap. For a rolling window they are a suffix of the
// stay; a fixed period restarts the count, so they come in runs.
func (ru rules) cumBreaches(hist []span, e, t int) int {
	if ru.kind == RollingWindow {
		return max(0, t-ru.firstBreach(hist, e)+1)
	}
	start := max(e, ru.from)
	if t < start {
		return 0
	}
	pe, c := ru.periodAt(hist, start)
	n := max(0, min(t, pe)-start+1-max(0, ru.cap-c))
	if t > pe {
		m := t - pe
		n += m/ru.window*(ru.window-ru.cap) + max(0, m%ru.window-ru.cap)
	}
	return n
}

// lastDay returns the last day of presence allowed in a continuous stay
// that starts on day e after the history hist, and the limit(s) that end
// it. It is e-1 when the entry day itself is not allowed.
func (ru rules) lastDay(hist []span, e int) (int, Limit) {
	lv := e + ru.perVisit - 1
	lc := ru.firstBreach(hist, e) - 1
	switch {
	case lv < lc:
		return lv, PerVisit
	case lc < lv:
		return lc, Cumulative
	}
	return lv, PerVisit | Cumulative
}

// earliest returns the first day on or after from on which a stay of n
// days can begin, given the history hist (all before or on from).
//
// The stay length allowed from a start day E is not monotone in E around
// the count start, so the search checks a handful of candidates exactly:
// from itself; the count start; and, past it, the first day the history has
// aged out enough (rolling: the (C−n+1)-th latest counted day y must leave
// the window, E = y+K−n+1; fixed: the stay may begin when the rest of the
// current period, plus a fresh period, holds it, or when the period ends).
// Between the candidates the allowed length only shrinks or stays put, so
// the first candidate that fits is the answer.
func (ru rules) earliest(hist []span, from, n int) (int, bool) {
	if n < 1 || n > ru.perVisit {
		return 0, false
	}
	var cand [4]int
	k := 0
	add := func(d int) { cand[k] = max(d, from); k++ }
	add(from)
	add(ru.from)
	if ru.kind == RollingWindow {
		if y, ok := kthLatest(hist, ru.cap-n+1, ru.from); ok {
			add(max(ru.from, y+ru.window-n+1))
		}
	} else if _, pe, c, ok := ru.lastPeriod(hist, never); ok {
		add(max(ru.from, pe-(ru.cap-c)+1))
		add(pe + 1)
	}
	best, found := never, false
	for _, e := range cand[:k] {
		if e < best {
			if last, _ := ru.lastDay(hist, e); last >= e+n-1 {
				best, found = e, true
			}
		}
	}
	return best, found
}

// kthLatest returns the k-th latest counted day (from day from on) in
// sorted disjoint spans.
func kthLatest(s []span, k, from int) (int, bool) {
	if k < 1 {
		return 0, false
	}
	for i := len(s) - 1; i >= 0; i-- {
		lo := max(s[i].lo, from)
		if lo > s[i].hi {
			break
		}
		if d := s[i].hi - lo + 1; d >= k {
			return s[i].hi - k + 1, true
		} else {
			k -= d
		}
	}
	return 0, false
}

// histLo is the first day a planning query needs from the history: the
// check window of the entry day for a rolling cap; the whole counted
// history for a fixed period, whose chain starts at the first entry.
func (ru rules) histLo(e int) int {
	if ru.kind == RollingWindow {
		return max(ru.from, e-ru.window+1)
	}
	return ru.from
}

// visitReport evaluates a continuous visit that started on day s and is
// followed through day t (its last counted day so far).
type visitReport struct {
	last      int   // last day allowed
	limit     Limit // the limit(s) that end the visit on last+1
	overstay  int   // days of [s, t] in breach of any limit
	breachedT Limit // limits broken on day t
}

func (ru rules) visit(hist []span, s, t int) visitReport {
	var v visitReport
	v.last, v.limit = ru.lastDay(hist, s)
	a0 := s + ru.perVisit // first day over the per-visit cap
	v.overstay = max(0, t-a0+1) + ru.cumBreaches(hist, s, min(t, a0-1))
	if t >= a0 {
		v.breachedT |= PerVisit
	}
	if ru.cumBreaches(hist, s, t)-ru.cumBreaches(hist, s, t-1) == 1 {
		v.breachedT |= Cumulative
	}
	return v
}

// used returns the days the cumulative cap counts on day d: the window of d
// (rolling) or the period running on d (fixed).
func (ru rules) used(spans []span, d int) int {
	if ru.kind == RollingWindow {
		return total(spans, max(ru.from, d-ru.window+1), d-ru.shift)
	}
	if _, pe, c, ok := ru.lastPeriod(spans, d); ok && d <= pe {
		return c
	}
	return 0
}

// controlLo is the first day a control query on day d needs, given the
// current visit started on s (s = d when absent).
func (ru rules) controlLo(s, d int) int {
	if ru.kind == RollingWindow {
		return max(ru.from, min(s, d)-ru.window+1)
	}
	return ru.from
}

package calendar

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"time"
)

// Calendar is Kazakhstan's official working-day calendar for the five-day
// week: Saturdays and Sundays off, public holidays off, a holiday that
// falls on a weekend moved to the next working day (except 7 January and
// Kurban Ait), and the decreed transfers of each year.
//
// Build one with Kazakhstan. The rules are compiled once, when the
// Calendar is built, into a table of one bit per day with running counts,
// so IsWorkingDay and WorkingDaysBetween cost O(1) and AddWorkingDays
// O(log n), without allocating, for every date of the table's years (1991
// to 2100, and any later year the caller adds data for). Dates outside the
// table are answered from the same rules, day by day.
//
// A Calendar is immutable once built: it is safe for concurrent use by
// multiple goroutines, and methods that add data (WithTransferOrder,
// WithKurbanAit) return a new Calendar and leave the receiver unchanged.
// The zero Calendar is not usable; a nil *Calendar panics.
type Calendar struct {
	fixed  []fixedHoliday
	kurban map[int]kurbanEntry
	orders map[int][]TransferOrder

	first, last Date     // the table's first and last day
	working     []uint64 // bit i of word w: first+64w+i is a working day
	rank        []int32  // working days before word w
	total       int      // working days in the whole table
}

// Table bounds; widened when data beyond them is added.
const (
	tableFirstYear = 1991
	tableLastYear  = 2100
)

// Kazakhstan returns the official calendar for the five-day week with the
// data of domain.md Part B §4: fixed-date holidays with the years each was
// in force, the weekend rule and its exceptions, Kurban Ait by year, and
// the decreed transfers. The result is a fresh value the caller owns.
//
// Dates from 2016-01-01 through 2027-12-31 are correct per the published
// data (2027 provisionally: see Confirmed). Earlier years are best effort:
// holidays and substitutes follow the rules, but transfers before 2016 are
// not recorded and Kurban Ait before 2014 is taken from the global Islamic
// table. Years after 2027 follow the fixed-date rules only, with no Kurban
// Ait and no transfers until the caller adds them.
func Kazakhstan() *Calendar {
	orders := make(map[int][]TransferOrder)
	for y, o := range transferOrders() {
		orders[y] = []TransferOrder{o}
	}
	c := &Calendar{fixed: fixedHolidays(), kurban: kurbanAitTable(), orders: orders}
	c.compile()
	return c
}

// clone returns a copy of c's rule data (not its table) that can be
// changed without touching c.
func (c *Calendar) clone() *Calendar {
	n := &Calendar{fixed: c.fixed, kurban: make(map[int]kurbanEntry, len(c.kurban)), orders: make(map[int][]TransferOrder, len(c.orders))}
	for y, e := range c.kurban {
		n.kurban[y] = e
	}
	for y, os := range c.orders {
		n.orders[y] = append([]TransferOrder(nil), os...)
	}
	return n
}

// compile builds the day table from the rules.
func (c *Calendar) compile() {
	from, to := tableFirstYear, tableLastYear
	for y := range c.kurban {
		from, to = min(from, y), max(to, y)
	}
	for y := range c.orders {
		from, to = min(from, y), max(to, y)
	}
	c.first = NewDate(from, time.January, 1)
	c.last = NewDate(to, time.December, 31)
	days := c.last.DaysSince(c.first) + 1
	words := (days + 63) / 64
	c.working = make([]uint64, words)
	c.rank = make([]int32, words)

	// Mark Monday to Friday, then clear the days off and set the weekend
	// days worked by transfer.
	w := c.first.Weekday()
	for i := 0; i < days; i++ {
		if w != time.Saturday && w != time.Sunday {
			c.working[i>>6] |= 1 << (i & 63)
		}
		if w++; w > time.Saturday {
			w = time.Sunday
		}
	}
	off, workingWeekend := c.daysOff(from, to)
	for _, o := range off {
		if i := o.Date.DaysSince(c.first); i >= 0 && i < days {
			c.working[i>>6] &^= 1 << (i & 63)
		}
	}
	for d := range workingWeekend {
		if i := d.DaysSince(c.first); i >= 0 && i < days {
			c.working[i>>6] |= 1 << (i & 63)
		}
	}
	total := 0
	for w, word := range c.working {
		c.rank[w] = int32(total)
		total += bits.OnesCount64(word)
	}
	c.total = total
}

// holidayOn is one occurrence of a holiday.
type holidayOn struct {
	date    Date
	names   Names
	shifted bool
	rule    string
}

// daysOff computes, from the rules alone, every day off of the years from
// through to (substitutes may spill past to; they are included) and the
// weekend days that transfers made working days.
func (c *Calendar) daysOff(from, to int) (out []DayOff, workingWeekend map[Date]bool) {
	hols := make([]holidayOn, 0, (to-from+1)*(len(c.fixed)+1))
	isHoliday := make(map[Date]bool, cap(hols))
	for y := from; y <= to; y++ {
		for i := range c.fixed {
			h := &c.fixed[i]
			if !h.inForce(y) {
				continue
			}
			d := NewDate(y, h.month, h.day)
			rule := ruleHoliday
			if !h.shifted {
				rule = ruleNotMoved
			}
			hols = append(hols, holidayOn{d, h.names, h.shifted, rule})
			isHoliday[d] = true
		}
		if e, ok := c.kurban[y]; ok && y >= kurbanAitSince {
			if !isHoliday[e.date] {
				hols = append(hols, holidayOn{e.date, nameKurbanAit, false, ruleNotMoved + "; date: " + e.source})
				isHoliday[e.date] = true
			}
		}
	}
	slices.SortStableFunc(hols, func(a, b holidayOn) int { return a.date.Compare(b.date) })

	// The weekend rule: each holiday on a Saturday or Sunday gives its own
	// substitute, the next weekday that is neither a holiday nor already a
	// substitute, so substitutes chain (2016: 7 May, a Saturday, gives
	// 10 May because 9 May is itself a holiday).
	isSub := make(map[Date]bool, len(hols)/4)
	subOf := make(map[Date]Date, len(hols)/4)
	out = make([]DayOff, 0, len(hols)+len(hols)/4)
	for _, h := range hols {
		if !h.shifted || !isWeekend(h.date) {
			continue
		}
		d := h.date.AddDays(1)
		for isWeekend(d) || isHoliday[d] || isSub[d] {
			d = d.AddDays(1)
		}
		isSub[d] = true
		subOf[h.date] = d
		out = append(out, DayOff{Date: d, Kind: KindSubstitute, Names: h.names, Rule: ruleSubstitute, Related: h.date})
	}
	for _, h := range hols {
		out = append(out, DayOff{Date: h.date, Kind: KindHoliday, Names: h.names, Rule: h.rule, Related: subOf[h.date]})
	}

	// Decreed transfers apply last: they may even take back a substitute
	// (2020: Monday 11 May, the substitute for Victory Day, became a
	// working day in exchange for Friday 8 May).
	workingWeekend = make(map[Date]bool)
	for y := from; y <= to; y++ {
		for _, o := range c.orders[y] {
			for _, t := range o.Transfers {
				out = append(out, DayOff{Date: t.DayOff, Kind: KindTransfer, Names: nameTransfer, Rule: "Labour Code art. 85 p. 3: " + o.Act, Related: t.WorkingDay})
				workingWeekend[t.WorkingDay] = true
			}
		}
	}
	if len(workingWeekend) > 0 {
		kept := out[:0]
		for _, o := range out {
			if o.Kind == KindSubstitute && workingWeekend[o.Date] {
				continue
			}
			kept = append(kept, o)
		}
		out = kept
	}
	slices.SortStableFunc(out, func(a, b DayOff) int { return a.Date.Compare(b.Date) })
	return out, workingWeekend
}

func isWeekend(d Date) bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// DayOff is a day that is not worked although it is not (only) a weekend
// day: a holiday, a substitute for a holiday that fell on a weekend, or a
// day off by decreed transfer. DaysOff also reports holidays that fell on
// a weekend, so every holiday of a year can be seen.
type DayOff struct {
	Date  Date
	Kind  Kind
	Names Names
	// Rule cites the law or act that makes the day a day off.
	Rule string
	// Related links the day to another: for a holiday on a weekend, the
	// substitute it gave (zero if it is never moved, like 7 January and
	// Kurban Ait; kept even when a transfer made the substitute a working
	// day again, as in May 2020); for a
	// Substitute, the holiday it stands for; for a Transfer, the weekend
	// day that became a working day in exchange.
	Related Date
}

// OnWeekend reports whether the day off fell on a Saturday or Sunday.
func (o DayOff) OnWeekend() bool { return isWeekend(o.Date) }

// String describes the day off in English, e.g.
// "2026-03-09 substitute for International Women's Day of 2026-03-08".
func (o DayOff) String() string {
	switch o.Kind {
	case KindSubstitute:
		return fmt.Sprintf("%v substitute for %s of %v", o.Date, o.Names.En, o.Related)
	case KindTransfer:
		return fmt.Sprintf("%v transferred day off (working day instead: %v %s)", o.Date, o.Related, o.Related.Weekday())
	}
	s := fmt.Sprintf("%v %s", o.Date, o.Names.En)
	if o.OnWeekend() {
		if o.Related.IsZero() {
			s += fmt.Sprintf(" (%s, not moved)", o.Date.Weekday())
		} else {
			s += fmt.Sprintf(" (%s, moved to %v)", o.Date.Weekday(), o.Related)
		}
	}
	return s
}

// DaysOff returns every day off of the year in date order: holidays
// (including those that fell on a weekend), substitutes and transferred
// days off, each with its kind, names and rule. Ordinary weekends are not
// listed. It allocates a fresh slice on every call.
func (c *Calendar) DaysOff(year int) []DayOff {
	all, _ := c.daysOff(year-1, year)
	out := make([]DayOff, 0, 20)
	for _, o := range all {
		if o.Date.Year() == year {
			out = append(out, o)
		}
	}
	return out
}

// WorkingWeekends returns the weekend days (and substitutes) of the year
// that decreed transfers made working days, in date order.
func (c *Calendar) WorkingWeekends(year int) []Transfer {
	var out []Transfer
	for y := year - 1; y <= year+1; y++ {
		for _, o := range c.orders[y] {
			for _, t := range o.Transfers {
				if t.WorkingDay.Year() == year {
					out = append(out, t)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].WorkingDay.Before(out[j].WorkingDay) })
	return out
}

// Explain says, in English, why d is or is not a working day, e.g.
// "day off: Victory Day, Saturday", "day off: Sunday", "working day" or
// "working day: working Saturday, in exchange for 2024-05-08".
func (c *Calendar) Explain(d Date) string {
	if d.IsZero() {
		return "no date"
	}
	why := newReasons(c).why(d)
	if c.IsWorkingDay(d) {
		if why == "working day" {
			return why
		}
		return "working day: " + why
	}
	return "day off: " + why
}

// inTable reports whether d is within the compiled table.
func (c *Calendar) inTable(d Date) bool { return !d.Before(c.first) && !d.After(c.last) }

// cnt returns the number of working days in [first, d] for d in
// [first-1, last].
func (c *Calendar) cnt(d Date) int {
	i := d.DaysSince(c.first)
	if i < 0 {
		return 0
	}
	w := i >> 6
	// Bits 0..i&63; for bit 63 the shift by 64 gives 0 and the mask all ones.
	mask := uint64(1)<<(uint(i&63)+1) - 1
	return int(c.rank[w]) + bits.OnesCount64(c.working[w]&mask)
}

// selectK returns the k-th working day of the table (1-based), for
// 1 <= k <= total.
func (c *Calendar) selectK(k int) Date {
	// The last word whose rank is below k holds the k-th working day.
	w := sort.Search(len(c.rank), func(i int) bool { return int(c.rank[i]) >= k }) - 1
	r := k - int(c.rank[w]) // 1-based rank within the word
	word := c.working[w]
	// Skip whole bytes, then bits.
	base := 0
	for {
		n := bits.OnesCount8(uint8(word))
		if r <= n {
			break
		}
		r -= n
		word >>= 8
		base += 8
	}
	for ; r > 1; r-- {
		word &= word - 1
	}
	return c.first.AddDays(w<<6 + base + bits.TrailingZeros64(word))
}

// IsWorkingDay reports whether d is a working day of the five-day week.
// The zero Date is not a working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if c.inTable(d) {
		i := d.DaysSince(c.first)
		return c.working[i>>6]&(1<<(i&63)) != 0
	}
	if d.IsZero() {
		return false
	}
	return c.slowIsWorking(d, nil)
}

// slowYear caches the rules' days off of one year for day-by-day walks
// outside the table.
type slowYear struct {
	year    int
	off     map[Date]bool
	working map[Date]bool
}

func (c *Calendar) slowIsWorking(d Date, cache *slowYear) bool {
	if cache == nil {
		cache = &slowYear{}
	}
	if cache.off == nil || cache.year != d.Year() {
		cache.year = d.Year()
		all, ww := c.daysOff(d.Year()-1, d.Year())
		cache.off = make(map[Date]bool, len(all))
		for _, o := range all {
			cache.off[o.Date] = true
		}
		cache.working = ww
	}
	if cache.working[d] {
		return true
	}
	return !isWeekend(d) && !cache.off[d]
}

// NextWorkingDay returns the first working day after d.
func (c *Calendar) NextWorkingDay(d Date) Date { return c.AddWorkingDays(d, 1) }

// AddWorkingDays returns the date n working days after d: the n-th working
// day counted from the day after d, whether or not d itself is a working
// day. A negative n counts back: AddWorkingDays(d, -1) is the last working
// day before d. AddWorkingDays(d, 0) is d. The zero Date, or a result
// beyond 9999-12-31, gives the zero Date.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	if d.IsZero() {
		return Date{}
	}
	var cache slowYear
	for n > 0 {
		if !d.Before(c.first.AddDays(-1)) && d.Before(c.last) {
			k := c.cnt(d) + n
			if k <= c.total {
				return c.selectK(k)
			}
			n -= c.total - c.cnt(d)
			d = c.last
			continue
		}
		if d = d.AddDays(1); d.IsZero() {
			return Date{}
		}
		if c.slowIsWorking(d, &cache) {
			n--
		}
	}
	for n < 0 {
		if d.After(c.first) && !d.After(c.last.AddDays(1)) {
			before := c.cnt(d.AddDays(-1))
			k := before + n + 1
			if k >= 1 {
				return c.selectK(k)
			}
			n += before
			d = c.first
			continue
		}
		if d = d.AddDays(-1); d.IsZero() {
			return Date{}
		}
		if c.slowIsWorking(d, &cache) {
			n++
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days stepped on when
// walking from one date to the other: the working days d with
// from < d <= to, or, when to is before from, minus the number with
// to <= d < from. Counting both directions by the days stepped on makes
// WorkingDaysBetween(d, AddWorkingDays(d, n)) == n for every n, negative
// ones included; the price is that swapping the arguments does not always
// just flip the sign (from a Saturday back to the Friday is -1, from the
// Friday on to the Saturday is 0). It is 0 when either date is zero.
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	if from.IsZero() || to.IsZero() {
		return 0
	}
	if to.Before(from) {
		return -c.countRange(to, from.AddDays(-1))
	}
	if from == to {
		return 0
	}
	return c.countRange(from.AddDays(1), to)
}

// countRange returns the number of working days in [lo, hi], both valid.
func (c *Calendar) countRange(lo, hi Date) int {
	count := 0
	var cache slowYear
	for !lo.After(hi) && lo.Before(c.first) {
		if c.slowIsWorking(lo, &cache) {
			count++
		}
		lo = lo.AddDays(1)
	}
	for !hi.Before(lo) && hi.After(c.last) {
		if c.slowIsWorking(hi, &cache) {
			count++
		}
		hi = hi.AddDays(-1)
	}
	if !lo.After(hi) {
		count += c.cnt(hi) - c.cnt(lo.AddDays(-1))
	}
	return count
}

// Confirmed reports whether the calendar of the year rests on published
// data — the year's Kurban Ait date and its transfer orders — rather than
// on rules and estimates. It is true for 2016 through 2026 out of the box;
// 2027 becomes confirmed once its Kurban Ait date and a transfer order
// (possibly with no transfers) are added.
func (c *Calendar) Confirmed(year int) bool {
	e, ok := c.kurban[year]
	if !ok || !e.confirmed || len(c.orders[year]) == 0 {
		return false
	}
	if year < firstConfirmedYear {
		return false
	}
	return true
}

// ErrContradiction is matched by an addition that contradicts the
// calendar: a transfer onto a day that is already off, a working day made
// of a holiday, a Kurban Ait date different from a published one.
var ErrContradiction = errors.New("calendar: contradictory addition")

// ErrDuplicate is matched by an addition the calendar already has.
var ErrDuplicate = errors.New("calendar: duplicate addition")

// AdditionError reports why WithTransferOrder or WithKurbanAit refused an
// addition. It matches ErrContradiction or ErrDuplicate.
type AdditionError struct {
	Date   Date   // the day at issue
	Reason string // what contradicts what
	Err    error  // ErrContradiction or ErrDuplicate
}

// Error implements the error interface.
func (e *AdditionError) Error() string {
	return fmt.Sprintf("%v: %v: %s", e.Err, e.Date, e.Reason)
}

// Unwrap returns ErrContradiction or ErrDuplicate.
func (e *AdditionError) Unwrap() error { return e.Err }

// WithTransferOrder returns a new calendar with the transfers of o added,
// so that a new year's order can be used without waiting for a release of
// migreg. Each transfer must make a working day a day off and a weekend day
// (or a substitute) a working day; the day off must be in o.Year and the
// working day within a year of it. A transfer the calendar already has is
// an *AdditionError matching ErrDuplicate; one that contradicts the
// calendar (a day off onto a holiday, substitute, weekend or earlier
// transfer; a holiday made a working day) matches ErrContradiction. An
// order with no transfers records that the year has none (see Confirmed).
// The receiver is not changed.
func (c *Calendar) WithTransferOrder(o TransferOrder) (*Calendar, error) {
	if o.Year < 1 || o.Year > 9999 {
		return nil, &AdditionError{Reason: fmt.Sprintf("year %d out of range", o.Year), Err: ErrContradiction}
	}
	for _, known := range c.orders[o.Year] {
		for _, t := range o.Transfers {
			for _, k := range known.Transfers {
				if k == t {
					return nil, &AdditionError{Date: t.DayOff, Reason: "this transfer is already in the calendar", Err: ErrDuplicate}
				}
			}
		}
	}
	n := c.clone()
	cur := c
	for i, t := range o.Transfers {
		if t.DayOff.IsZero() || t.WorkingDay.IsZero() {
			return nil, &AdditionError{Reason: fmt.Sprintf("transfer %d has a zero date", i), Err: ErrContradiction}
		}
		if t.DayOff.Year() != o.Year {
			return nil, &AdditionError{Date: t.DayOff, Reason: fmt.Sprintf("the new day off is not in %d", o.Year), Err: ErrContradiction}
		}
		if dy := t.WorkingDay.Year() - o.Year; dy < -1 || dy > 1 {
			return nil, &AdditionError{Date: t.WorkingDay, Reason: "the new working day is more than a year away", Err: ErrContradiction}
		}
		if !cur.IsWorkingDay(t.DayOff) {
			return nil, &AdditionError{Date: t.DayOff, Reason: "already a day off (" + cur.Explain(t.DayOff) + ")", Err: ErrContradiction}
		}
		if cur.IsWorkingDay(t.WorkingDay) {
			return nil, &AdditionError{Date: t.WorkingDay, Reason: "already a working day", Err: ErrContradiction}
		}
		for _, off := range cur.DaysOff(t.WorkingDay.Year()) {
			if off.Date == t.WorkingDay && off.Kind != KindSubstitute {
				return nil, &AdditionError{Date: t.WorkingDay, Reason: "a " + off.Kind.String() + " cannot become a working day", Err: ErrContradiction}
			}
		}
		// Apply each transfer before checking the next, so that two
		// transfers of one order cannot use the same day.
		step := cur.clone()
		step.orders[o.Year] = append(step.orders[o.Year], TransferOrder{Year: o.Year, Act: o.Act, Transfers: []Transfer{t}})
		step.compile()
		cur = step
	}
	o.Transfers = append([]Transfer(nil), o.Transfers...)
	n.orders[o.Year] = append(n.orders[o.Year], o)
	n.compile()
	return n, nil
}

// WithKurbanAit returns a new calendar in which the first day of Kurban
// Ait of d's year is d, marked as published (see Confirmed); source cites
// where the date comes from. It replaces an estimate (2027 out of the
// box); the same date as a published one is an *AdditionError matching
// ErrDuplicate, a different one matches ErrContradiction, as does a year
// before 2006, when Kurban Ait was not yet a day off. The receiver is not
// changed.
func (c *Calendar) WithKurbanAit(d Date, source string) (*Calendar, error) {
	if d.IsZero() {
		return nil, &AdditionError{Reason: "zero date", Err: ErrContradiction}
	}
	y := d.Year()
	if y < kurbanAitSince {
		return nil, &AdditionError{Date: d, Reason: fmt.Sprintf("Kurban Ait is a day off only since %d", kurbanAitSince), Err: ErrContradiction}
	}
	if e, ok := c.kurban[y]; ok && e.confirmed {
		if e.date == d {
			return nil, &AdditionError{Date: d, Reason: "Kurban Ait of this year is already published as this date", Err: ErrDuplicate}
		}
		return nil, &AdditionError{Date: d, Reason: fmt.Sprintf("Kurban Ait of %d is published as %v", y, e.date), Err: ErrContradiction}
	}
	n := c.clone()
	n.kurban[y] = kurbanEntry{date: d, confirmed: true, source: source}
	n.compile()
	return n, nil
}

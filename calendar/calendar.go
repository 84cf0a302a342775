package calendar

import (
	"math/bits"
	"sort"
	"sync"
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
// The zero Calendar is Kazakhstan's, as Kazakhstan returns it; a nil
// *Calendar panics.
type Calendar struct {
	// Calendars share the slices and maps below (every calendar Kazakhstan
	// returns shares those of one built table): nothing writes to them
	// after compile, and no method hands them out.
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
// data of docs/legal.md Part B §4: fixed-date holidays with the years each was
// in force, the weekend rule and its exceptions, Kurban Ait by year, and
// the decreed transfers. The result is a fresh value the caller owns.
//
// The rules are compiled once, on the first call, into a table that every
// later result shares; the table is never written to again, so a later
// call costs a copy of the Calendar's few words and a caller cannot change
// what another caller's calendar says. Call it per request if that is
// simpler than keeping one.
//
// Dates from 2016-01-01 through 2027-12-31 are correct per the published
// data (2027 provisionally: see Confirmed). Earlier years are best effort:
// holidays and substitutes follow the rules, but transfers before 2016 are
// not recorded and Kurban Ait before 2014 is taken from the global Islamic
// table. Years after 2027 follow the fixed-date rules only, with no Kurban
// Ait and no transfers until the caller adds them.
func Kazakhstan() *Calendar {
	c := *kazakhstan()
	return &c
}

// built returns c, or for the zero Calendar the one Kazakhstan returns,
// so that the zero value is usable: every exported method starts with it.
func (c *Calendar) built() *Calendar {
	if c.working == nil {
		return kazakhstan()
	}
	return c
}

// kazakhstan is the calendar every Kazakhstan result copies, built on
// first use. Its value never changes after it is built.
var kazakhstan = sync.OnceValue(buildKazakhstan)

// buildKazakhstan compiles the calendar of Kazakhstan from the package's
// data.
func buildKazakhstan() *Calendar {
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
	c = c.built()
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
	c = c.built()
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
	c = c.built()
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

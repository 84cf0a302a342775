package calendar

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

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
	Date  Date  `json:"date"`
	Kind  Kind  `json:"kind"`
	Names Names `json:"names"`
	// Rule cites the law or act that makes the day a day off.
	Rule string `json:"rule"`
	// Related links the day to another: for a holiday on a weekend, the
	// substitute it gave (zero if it is never moved, like 7 January and
	// Kurban Ait; kept even when a transfer made the substitute a working
	// day again, as in May 2020); for a
	// Substitute, the holiday it stands for; for a Transfer, the weekend
	// day that became a working day in exchange.
	Related Date `json:"related"`
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
	c = c.built()
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
	c = c.built()
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
	c = c.built()
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

package calendar

import (
	"time"

	"github.com/rickar/cal/v2"
)

// Holidays returns the public holidays of the calendar as rickar/cal/v2
// holiday definitions, so that a user of that library can reuse them: the
// fixed-date holidays with the years each was in force (StartYear, EndYear,
// Except), and Kurban Ait, whose Func reads this calendar's per-year table
// (and reports no date for a year the table lacks). Each call returns fresh
// values the caller owns.
//
// rickar's Observed rule can only move a weekend holiday by a fixed number
// of days, so the returned holidays observe a Saturday or Sunday holiday on
// the following Monday. Kazakhstan's real rule chains substitutes past
// other holidays (7 May 2016 gave 10 May) and decreed transfers move days
// too; for exact working days use the Calendar itself, or BusinessCalendar.
func (c *Calendar) Holidays() []*cal.Holiday {
	c = c.built()
	out := make([]*cal.Holiday, 0, len(c.fixed)+1)
	for _, h := range c.fixed {
		r := &cal.Holiday{
			Name:        h.names.Kk,
			Description: h.names.En + " / " + h.names.Ru,
			Type:        cal.ObservancePublic,
			Month:       h.month,
			Day:         h.day,
			Func:        cal.CalcDayOfMonth,
			StartYear:   h.years[0].from,
			EndYear:     h.years[len(h.years)-1].to,
		}
		for i := 1; i < len(h.years); i++ {
			for y := h.years[i-1].to + 1; y < h.years[i].from; y++ {
				r.Except = append(r.Except, y)
			}
		}
		if h.shifted {
			// rickar's way to say "observed on the following Monday".
			r.Observed = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 1}}
		}
		out = append(out, r)
	}
	kurban := make(map[int]Date, len(c.kurban))
	for y, e := range c.kurban {
		kurban[y] = e.date
	}
	out = append(out, &cal.Holiday{
		Name:        nameKurbanAit.Kk,
		Description: nameKurbanAit.En + " / " + nameKurbanAit.Ru,
		Type:        cal.ObservanceReligious,
		StartYear:   kurbanAitSince,
		Func: func(_ *cal.Holiday, year int) time.Time {
			d, ok := kurban[year]
			if !ok {
				return time.Time{}
			}
			y, m, dd := d.Date()
			return time.Date(y, m, dd, 0, 0, 0, 0, cal.DefaultLoc)
		},
	})
	return out
}

// BusinessCalendar returns a rickar/cal/v2 business calendar that agrees
// with c on every working day: it carries c's holidays (for names, without
// rickar's approximate weekend rule) and a WorkdayFunc backed by c's table,
// which applies substitutes and decreed transfers exactly. The date of a
// time.Time is taken in its own location. Each call returns a fresh value.
func (c *Calendar) BusinessCalendar() *cal.BusinessCalendar {
	c = c.built()
	b := cal.NewBusinessCalendar()
	b.Name = "KZ"
	b.Description = "Kazakhstan, five-day week (migreg)"
	for _, h := range c.Holidays() {
		h.Observed = nil
		b.AddHoliday(h)
	}
	b.WorkdayFunc = func(t time.Time) bool {
		y, m, d := t.Date()
		return c.IsWorkingDay(NewDate(y, m, d))
	}
	return b
}

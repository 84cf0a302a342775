package calendar

import "time"

// Names holds the name of a day off in the three languages the law is
// published in, plus English.
type Names struct {
	En string `json:"en"` // English
	Ru string `json:"ru"` // Russian
	Kk string `json:"kk"` // Kazakh
}

// Kind says why a day is a day off.
type Kind uint8

// The kinds of day off. Values are stable: new kinds go at the end.
const (
	// KindHoliday is a public holiday that is a day off (Law «О праздниках»,
	// art. 5; Labour Code art. 84). A holiday that falls on a Saturday or
	// Sunday is reported with this kind too, with its substitute in
	// DayOff.Related.
	KindHoliday Kind = iota + 1
	// KindSubstitute is the working day that becomes a day off because a
	// holiday fell on a weekend (Law «О праздниках», art. 5).
	KindSubstitute
	// KindTransfer is a working day made a day off by a decreed transfer, in
	// exchange for a weekend day made a working day (Labour Code art. 85
	// p. 3; Government decrees until 2023, Labour Minister's orders since).
	KindTransfer
)

var kindNames = [...]string{KindHoliday: "holiday", KindSubstitute: "substitute", KindTransfer: "transfer"}

// String returns "holiday", "substitute" or "transfer".
func (k Kind) String() string {
	if k >= KindHoliday && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + itoa(int(k)) + ")"
}

// MarshalText implements encoding.TextMarshaler with the names of String,
// and empty text for the zero Kind.
func (k Kind) MarshalText() ([]byte, error) { return marshalCode(kindNames[:], uint8(k), "Kind") }

// UnmarshalText implements encoding.TextUnmarshaler for the names of
// String and empty text. On error k is unchanged.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := parseCode(kindNames[:], b, "Kind")
	if err == nil {
		*k = Kind(v)
	}
	return err
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Rule citations, printed in explanations and carried by every DayOff.
const (
	ruleHoliday    = "Law No. 267-II «О праздниках в РК», art. 5: public holiday, a day off"
	ruleNotMoved   = "Labour Code art. 84 p. 5: a day off, never moved when it falls on a weekend"
	ruleSubstitute = "Law No. 267-II «О праздниках в РК», art. 5: a holiday on a weekend moves to the next working day"
)

// span is a range of years in which a holiday was a day off; to == 0
// means "still in force".
type span struct{ from, to int }

// fixedHoliday is a holiday on the same date every year (docs/legal.md Part B §4.1).
type fixedHoliday struct {
	month   time.Month
	day     int
	names   Names
	years   []span
	shifted bool // moved to the next working day when it falls on a weekend
}

func (h *fixedHoliday) inForce(year int) bool {
	for _, s := range h.years {
		if year >= s.from && (s.to == 0 || year <= s.to) {
			return true
		}
	}
	return false
}

// Holiday names.
var (
	nameNewYear        = Names{"New Year", "Новый год", "Жаңа жыл"}
	nameChristmas      = Names{"Orthodox Christmas", "Православное Рождество", "Православиелік Рождество"}
	nameWomensDay      = Names{"International Women's Day", "Международный женский день", "Халықаралық әйелдер күні"}
	nameConstitution   = Names{"Constitution Day", "День Конституции", "Конституция күні"}
	nameNauryz         = Names{"Nauryz", "Наурыз мейрамы", "Наурыз мейрамы"}
	nameUnity          = Names{"Unity Day of the People of Kazakhstan", "Праздник единства народа Казахстана", "Қазақстан халқының бірлігі мерекесі"}
	nameDefender       = Names{"Defender of the Fatherland Day", "День защитника Отечества", "Отан қорғаушы күні"}
	nameVictory        = Names{"Victory Day", "День Победы", "Жеңіс күні"}
	nameCapital        = Names{"Capital Day", "День Столицы", "Астана күні"}
	nameRepublic       = Names{"Republic Day", "День Республики", "Республика күні"}
	nameRepublicKZ     = Names{"Day of the Republic of Kazakhstan", "День Республики Казахстан", "Қазақстан Республикасы күні"}
	nameFirstPresident = Names{"First President Day", "День Первого Президента", "Тұңғыш Президент күні"}
	nameIndependence   = Names{"Independence Day", "День Независимости", "Тәуелсіздік күні"}
	nameKurbanAit      = Names{"Kurban Ait (first day)", "Курбан айт (первый день)", "Құрбан айт (бірінші күні)"}
	nameTransfer       = Names{"Transferred day off", "Перенесённый день отдыха", "Ауыстырылған демалыс күні"}
)

// fixedHolidays returns the fixed-date holidays of docs/legal.md Part B §4.1,
// in calendar order. It builds a fresh slice on every call: the package
// keeps no mutable state.
func fixedHolidays() []fixedHoliday {
	return []fixedHoliday{
		{time.January, 1, nameNewYear, []span{{1991, 0}}, true},
		{time.January, 2, nameNewYear, []span{{1991, 0}}, true},
		{time.January, 7, nameChristmas, []span{{2006, 0}}, false},
		{time.March, 8, nameWomensDay, []span{{1991, 0}}, true},
		// From 2027 Constitution Day is 15 March (new Constitution adopted
		// at the referendum of 15 Mar 2026).
		{time.March, 15, nameConstitution, []span{{2027, 0}}, true},
		{time.March, 21, nameNauryz, []span{{2010, 0}}, true},
		{time.March, 22, nameNauryz, []span{{1991, 0}}, true},
		{time.March, 23, nameNauryz, []span{{2010, 0}}, true},
		{time.May, 1, nameUnity, []span{{1991, 0}}, true},
		{time.May, 7, nameDefender, []span{{2013, 0}}, true},
		{time.May, 9, nameVictory, []span{{1991, 0}}, true},
		{time.July, 6, nameCapital, []span{{2009, 0}}, true},
		// 30 August: 1996–2025 only; not a holiday from 2026.
		{time.August, 30, nameConstitution, []span{{1996, 2025}}, true},
		// 25 October: Republic Day, named «Қазақстан Республикасы күні»
		// from 2026; one holiday on one date, two names by year.
		{time.October, 25, nameRepublic, []span{{1994, 2008}, {2022, 2025}}, true},
		{time.October, 25, nameRepublicKZ, []span{{2026, 0}}, true},
		{time.December, 1, nameFirstPresident, []span{{2012, 2021}}, true},
		{time.December, 16, nameIndependence, []span{{1991, 0}}, true},
		{time.December, 17, nameIndependence, []span{{2002, 2021}}, true},
	}
}

// kurbanAitSince is the first year in which the first day of Kurban Ait
// was a day off.
const kurbanAitSince = 2006

// kurbanAit is the first day of Kurban Ait by year (docs/legal.md Part B §4.2).
// The dates are the ones Kazakhstan observed, which differ from the global
// Islamic table in 2015 and 2016. 2006–2013 are best effort (the global
// table; 2006 had a second Eid al-Adha on 31 December, not modelled).
// 2027 is an estimate.
type kurbanEntry struct {
	date      Date
	confirmed bool
	source    string
}

func kurbanAitTable() map[int]kurbanEntry {
	d := func(y int, m time.Month, day int, confirmed bool, src string) kurbanEntry {
		return kurbanEntry{NewDate(y, m, day), confirmed, src}
	}
	const ph = "python-holidays Kazakhstan table (docs/legal.md Part B §4.2)"
	return map[int]kurbanEntry{
		2006: d(2006, time.January, 10, false, "global Islamic table (best effort)"),
		2007: d(2007, time.December, 20, false, "global Islamic table (best effort)"),
		2008: d(2008, time.December, 8, false, "global Islamic table (best effort)"),
		2009: d(2009, time.November, 27, false, "global Islamic table (best effort)"),
		2010: d(2010, time.November, 16, false, "global Islamic table (best effort)"),
		2011: d(2011, time.November, 6, false, "global Islamic table (best effort)"),
		2012: d(2012, time.October, 26, false, "global Islamic table (best effort)"),
		2013: d(2013, time.October, 15, false, "global Islamic table (best effort)"),
		2014: d(2014, time.October, 4, true, ph),
		2015: d(2015, time.September, 24, true, ph),
		2016: d(2016, time.September, 12, true, ph),
		2017: d(2017, time.September, 1, true, ph),
		2018: d(2018, time.August, 21, true, ph),
		2019: d(2019, time.August, 11, true, ph),
		2020: d(2020, time.July, 31, true, ph),
		2021: d(2021, time.July, 20, true, ph),
		2022: d(2022, time.July, 9, true, ph),
		2023: d(2023, time.June, 28, true, ph),
		2024: d(2024, time.June, 16, true, ph),
		2025: d(2025, time.June, 6, true, ph),
		2026: d(2026, time.May, 27, true, "ДУМК calendar published Nov 2025 (zakon.kz 6496885)"),
		2027: d(2027, time.May, 16, false, "global Islamic table; not yet published by ДУМК (estimate)"),
	}
}

// Transfer is one decreed transfer of a day off (перенос выходного дня): the
// working day DayOff becomes a day off and the weekend day (or substitute)
// WorkingDay becomes a working day. It applies to the five-day week.
type Transfer struct {
	DayOff     Date `json:"day_off"`
	WorkingDay Date `json:"working_day"`
}

// TransferOrder is the act that moves days off in a year: a Government
// decree until 2023, an order of the Minister of Labour and Social
// Protection since 2024 (Labour Code art. 85 p. 3). An order with no
// transfers records that the year's transfers are known to be none.
type TransferOrder struct {
	Year      int        `json:"year"`
	Act       string     `json:"act"` // citation, e.g. "Order of the Minister of Labour, 17 Apr 2024 (adilet G24G0000109)"
	Transfers []Transfer `json:"transfers"`
}

// transferOrders returns the decreed transfers of docs/legal.md Part B §4.3.
// 2016–2026 are published; no order is known for 2027 yet.
func transferOrders() map[int]TransferOrder {
	t := func(y int, offM time.Month, offD int, workM time.Month, workD int) Transfer {
		return Transfer{DayOff: NewDate(y, offM, offD), WorkingDay: NewDate(y, workM, workD)}
	}
	const decree = "Government decree (python-holidays; docs/legal.md Part B §4.3)"
	return map[int]TransferOrder{
		2016: {2016, decree, []Transfer{t(2016, time.March, 7, time.March, 5)}},
		2017: {2017, decree, []Transfer{t(2017, time.March, 20, time.March, 18), t(2017, time.July, 7, time.July, 1)}},
		2018: {2018, decree, []Transfer{
			t(2018, time.March, 9, time.March, 3), t(2018, time.April, 30, time.April, 28),
			t(2018, time.May, 8, time.May, 5), t(2018, time.August, 31, time.August, 25),
			t(2018, time.December, 31, time.December, 29),
		}},
		2019: {2019, decree, []Transfer{t(2019, time.May, 10, time.May, 4)}},
		2020: {2020, decree, []Transfer{
			t(2020, time.January, 3, time.January, 5), t(2020, time.May, 8, time.May, 11),
			t(2020, time.December, 18, time.December, 20),
		}},
		2021: {2021, decree, []Transfer{t(2021, time.July, 5, time.July, 3)}},
		2022: {2022, decree, []Transfer{
			t(2022, time.March, 7, time.March, 5), t(2022, time.August, 29, time.August, 27),
			t(2022, time.October, 24, time.October, 22),
		}},
		2023: {2023, "Government decree of 25 Apr 2023 «О переносе дня отдыха в 2023 году» (adilet P2300000326)",
			[]Transfer{t(2023, time.July, 7, time.July, 1)}},
		2024: {2024, "Order of the acting Minister of Labour, 17 Apr 2024 (adilet G24G0000109)",
			[]Transfer{t(2024, time.May, 8, time.May, 4)}},
		2025: {2025, "Order of the Minister of Labour, Nov 2024 (adilet G24G0000436)",
			[]Transfer{t(2025, time.January, 3, time.January, 5)}},
		2026: {2026, "none: the Labour Ministry's 2026 production calendar lists only weekend substitutes (docs/legal.md Part B §4.3)", nil},
	}
}

// Years whose data the package treats as published (docs/legal.md Part B §4).
const (
	firstConfirmedYear = 2016
	lastConfirmedYear  = 2026
)

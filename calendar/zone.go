package calendar

import (
	"sort"
	"time"
)

// almatyTransitions is the UTC offset history of the IANA zone Asia/Almaty,
// which the eastern regions of Kazakhstan (Astana, Almaty, Shymkent and
// twelve regions) followed until the country moved to a single zone, UTC+5,
// at 00:00 local time on 1 March 2024 (Government decree No. 20 of 19 Jan
// 2024; docs/legal.md Part B §4.5). Each entry takes effect at the given Unix
// second. The table is copied from tzdata 2024a or later and checked
// against Go's embedded time/tzdata in the tests; it is embedded so that
// DateOf never depends on the tzdata of the machine it runs on (older
// tzdata still puts Almaty at +06 after 2024).
var almatyTransitions = [...]struct {
	at     int64 // Unix seconds, UTC
	offset int32 // seconds east of UTC
}{
	{-2208988800, 18468}, // 1900-01-01T00:00:00Z LMT
	{-1441170468, 18000}, // 1924-05-01T18:52:12Z +05
	{-1247547600, 21600}, // 1930-06-20T19:00:00Z +06
	{354909600, 25200},   // 1981-03-31T18:00:00Z +07
	{370717200, 21600},   // 1981-09-30T17:00:00Z +06
	{386445600, 25200},   // 1982-03-31T18:00:00Z +07
	{402253200, 21600},   // 1982-09-30T17:00:00Z +06
	{417981600, 25200},   // 1983-03-31T18:00:00Z +07
	{433789200, 21600},   // 1983-09-30T17:00:00Z +06
	{449604000, 25200},   // 1984-03-31T18:00:00Z +07
	{465336000, 21600},   // 1984-09-29T20:00:00Z +06
	{481060800, 25200},   // 1985-03-30T20:00:00Z +07
	{496785600, 21600},   // 1985-09-28T20:00:00Z +06
	{512510400, 25200},   // 1986-03-29T20:00:00Z +07
	{528235200, 21600},   // 1986-09-27T20:00:00Z +06
	{543960000, 25200},   // 1987-03-28T20:00:00Z +07
	{559684800, 21600},   // 1987-09-26T20:00:00Z +06
	{575409600, 25200},   // 1988-03-26T20:00:00Z +07
	{591134400, 21600},   // 1988-09-24T20:00:00Z +06
	{606859200, 25200},   // 1989-03-25T20:00:00Z +07
	{622584000, 21600},   // 1989-09-23T20:00:00Z +06
	{638308800, 25200},   // 1990-03-24T20:00:00Z +07
	{654638400, 21600},   // 1990-09-29T20:00:00Z +06
	{670363200, 21600},   // 1991-03-30T20:00:00Z +06
	{686091600, 18000},   // 1991-09-28T21:00:00Z +05
	{695768400, 21600},   // 1992-01-18T21:00:00Z +06
	{701812800, 25200},   // 1992-03-28T20:00:00Z +07
	{717537600, 21600},   // 1992-09-26T20:00:00Z +06
	{733262400, 25200},   // 1993-03-27T20:00:00Z +07
	{748987200, 21600},   // 1993-09-25T20:00:00Z +06
	{764712000, 25200},   // 1994-03-26T20:00:00Z +07
	{780436800, 21600},   // 1994-09-24T20:00:00Z +06
	{796161600, 25200},   // 1995-03-25T20:00:00Z +07
	{811886400, 21600},   // 1995-09-23T20:00:00Z +06
	{828216000, 25200},   // 1996-03-30T20:00:00Z +07
	{846360000, 21600},   // 1996-10-26T20:00:00Z +06
	{859665600, 25200},   // 1997-03-29T20:00:00Z +07
	{877809600, 21600},   // 1997-10-25T20:00:00Z +06
	{891115200, 25200},   // 1998-03-28T20:00:00Z +07
	{909259200, 21600},   // 1998-10-24T20:00:00Z +06
	{922564800, 25200},   // 1999-03-27T20:00:00Z +07
	{941313600, 21600},   // 1999-10-30T20:00:00Z +06
	{954014400, 25200},   // 2000-03-25T20:00:00Z +07
	{972763200, 21600},   // 2000-10-28T20:00:00Z +06
	{985464000, 25200},   // 2001-03-24T20:00:00Z +07
	{1004212800, 21600},  // 2001-10-27T20:00:00Z +06
	{1017518400, 25200},  // 2002-03-30T20:00:00Z +07
	{1035662400, 21600},  // 2002-10-26T20:00:00Z +06
	{1048968000, 25200},  // 2003-03-29T20:00:00Z +07
	{1067112000, 21600},  // 2003-10-25T20:00:00Z +06
	{1080417600, 25200},  // 2004-03-27T20:00:00Z +07
	{1099166400, 21600},  // 2004-10-30T20:00:00Z +06
	{1709229600, 18000},  // 2024-02-29T18:00:00Z +05
}

// KazakhstanOffset is the UTC offset of Kazakhstan since 1 March 2024: the
// whole country keeps UTC+5 with no daylight saving time.
const KazakhstanOffset = 5 * time.Hour

// Kazakhstan time zone as a fixed zone, valid for instants from 1 March 2024.
// It is a function, not a variable, so that no caller can change it for
// everyone else.
func KazakhstanZone() *time.Location { return time.FixedZone("+05", int(KazakhstanOffset/time.Second)) }

// DateOf returns the civil date in Kazakhstan at the instant t, whatever
// t's own location. This is the one place where instants (a border
// crossing's timestamp, a submission time) become legal days.
//
// From 2024-03-01 00:00 local time (2024-02-29 18:00 UTC) the whole country
// is on UTC+5. Before that DateOf follows Asia/Almaty, the zone of the
// capital and the eastern regions (UTC+6 from 2005, with summer time
// before), because most registrations were filed there; the western regions
// (Aktobe, Atyrau, Oral, Aktau, Kyzylorda) were already on UTC+5, so for
// them DateOf can be a day late for instants between 18:00 and 19:00 UTC
// before March 2024. The offsets are embedded (docs/legal.md Part B §4.5) and
// never read from the host's tzdata. The zero time.Time, and instants
// outside the years 1..9999, give the zero Date.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	u := t.Unix()
	off := int64(KazakhstanOffset / time.Second)
	if u < almatyTransitions[len(almatyTransitions)-1].at {
		i := sort.Search(len(almatyTransitions), func(i int) bool { return almatyTransitions[i].at > u })
		if i > 0 {
			off = int64(almatyTransitions[i-1].offset)
		} else {
			off = int64(almatyTransitions[0].offset)
		}
	}
	local := u + off
	days := local / 86400
	if local%86400 < 0 {
		days--
	}
	return fromDays(days + unixEpochN - 1)
}

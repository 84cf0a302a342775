package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"checks in a tour group of 50 guests who entered Kazakhstan on 2026-07-14",
		"accepted 48 of 50 (48 confirmed at check-in)",
		"item 17 rejected:",
		"person.iin: invalid",
		"person.surname: not_latin",
		"address.building: required",
		"item 33 rejected:",
		"person.document.expiry: expired_before_entry",
		"The PMS answers with",
		`"index": 17,`,
		`"path": "person.iin",`,
		`"code": "expired_before_entry"`,
		"48 items returned the registration of the first attempt; 2 still fail.",
		"Registrations of the hotel: 48 (the store holds 48, as before the retry): nothing was duplicated.",
		"accepted 2 of 2 (2 confirmed at check-in)",
		"The PMS checks 42 guests out in one batch: their registrations end on 2026-07-18 (reason: checked_out).",
		"41 guests fly home: border data on 2026-07-19 records their exits on 2026-07-18",
		"the hotel's r-0009 is superseded",
		"Without the child's guardian the group is refused whole",
		`"path": "members[2].guardian",`,
		"member 2: r-0052-3 confirmed until 2026-07-21 (the booking's end), guardian r-0052-2",
		"moves to Hotel Medeu: its PMS checks her in (r-0054, confirmed), and Hotel Almaty's r-0046 is superseded",
		"confirmed    9",
		"superseded   2",
		"ended       42",
		"total       53",
		"valid until 2026-08-12",
		"due: reregistration due 2026-07-24 (registration r-0021, moved on 2026-07-18, entry 2026-07-14)",
		"due: reregistration due 2026-07-28 (registration r-0052-1, moved on 2026-07-21, entry 2026-07-14)",
		"guest 22: 1 violations",
		"late_reregistration by foreigner since 2026-07-25, 3 days, ongoing",
		"guest 9: 0 violations",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "FA4100") {
		t.Error("output shows a passport number in full")
	}
}

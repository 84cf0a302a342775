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
		"42 guests fly home",
		"the hotel's r-0009 is superseded",
		"confirmed    7",
		"superseded   1",
		"ended       42",
		"total       50",
		"valid until 2026-08-12",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "FA4100") {
		t.Error("output shows a passport number in full")
	}
}

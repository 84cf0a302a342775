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
		// The story's headings, in order.
		"1. Entry", "2. Stay limits", "3. Registration due", "4. Submit", "5. Host confirms",
		"6. Certificate", "7. Move", "8. Re-registration deadline", "9. A second foreigner assessed",
		// Stay limits, with the 90/180 window explained.
		"Regime: UZB 30 days per visit, 90/180",
		"Latest exit: 2026-11-13 (Friday), set by the per_visit limit.",
		"window 2026-05-18..2026-11-13: 58 of 90 days",
		// The 30th calendar day, the entry day being day 1.
		"2026-11-13 (Friday): 30 calendar days from 2026-10-15, the event day counted",
		"2026-10-26 Mon  day 12 (substitute for Day of the Republic of Kazakhstan of 2026-10-25)",
		// Submission, confirmation, certificate.
		"Registration r-0001 is pending; the host answers by 2026-10-21",
		"[notification] host_request to the host about r-0001",
		"r-0001 is confirmed, valid until 2026-11-13",
		"Registration certificate",
		"Travel document     passport ******567",
		"KZR2:",
		"is authentic and in force (2026-10-19 to 2026-11-13)",
		"production uses a secret key",
		// The re-registration deadline, day by day across Republic Day.
		"2026-11-02 (Monday): 5 working days after 2026-10-23",
		"2026-10-25 Sun  skipped: Day of the Republic of Kazakhstan, Sunday",
		"2026-10-26 Mon  skipped: substitute for Day of the Republic of Kazakhstan of 2026-10-25",
		"2026-11-02 Mon  day 5",
		"r-0001 is superseded by r-0002",
		"now fails verification: it is revoked",
		"Violations of KARIMOV assessed on 2026-11-03, after the deadline: 0.",
		// The second foreigner: violation, article, fine in tenge.
		"He was due to register by 2026-10-30.",
		"violation: Living without registration (not_registered) by the foreigner, since 2026-10-31: 6 days",
		"article:   КоАП РК art. 517",
		"fine:      64 875 ₸ (15 MRP × 4 325 ₸, the 2026 MRP)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
	for _, secret := range []string{"FA1234567", "AC7654321", "061211600012"} {
		if strings.Contains(got, secret) {
			t.Errorf("output shows the personal number %q in full", secret)
		}
	}
}

// TestRunIsReproducible checks that the story does not depend on the wall
// clock or on random IDs: two runs print the same.
func TestRunIsReproducible(t *testing.T) {
	var a, b bytes.Buffer
	if err := run(&a); err != nil {
		t.Fatal(err)
	}
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("two runs differ:\n%s\n---\n%s", a.String(), b.String())
	}
}

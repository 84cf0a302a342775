package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/migreg/migreg"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		`Host: individual "A. B." (IIN ********0012)`,
		"r-0001 filed by K. A.",
		"[r-0001/1] K. A.",
		"asks to be registered at Алматы, ул. Жандосова, 3, 41 (private_home), entered 2026-09-01; answer by 2026-09-10",
		"r-0001: confirmed (she knows her tenant); registered until 2026-09-30",
		"r-0002: rejected, reason host_refusal: I do not know this person",
		"another host's confirmation: registration: forbidden",
		"to KARIMOV's phone (uz-UZ, shown in uz-Latn): confirmed:",
		"to RAHIMOV's phone (tg-TJ, shown in ru): rejected: В регистрации отказано — Отказ принимающей стороны: I do not know this person",
		"1 request lapsed (the host's 3 working days ended on 2026-09-10)",
		"to ISMAILOVA's phone (ky-KG, shown in ru): lapsed:",
		"ISMAILOVA is still not registered and must file again by 2026-10-03.",
		"r-0003  lapsed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
}

// TestPhonesDropRepeats checks the receiving side of at-least-once
// delivery: a notification delivered twice is kept once.
func TestPhonesDropRepeats(t *testing.T) {
	ph := &phones{seen: map[string]bool{}, inbox: map[string][]migreg.Notification{}}
	n := migreg.Notification{ID: "r-1/1", Kind: migreg.NotifyHostRequest, To: "h_x", Attempt: 1}
	for attempt := 1; attempt <= 2; attempt++ {
		n.Attempt = attempt
		if err := ph.Notify(context.Background(), n); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(ph.take("h_x")); got != 1 {
		t.Errorf("after two deliveries of one notification the inbox holds %d; want 1", got)
	}
}

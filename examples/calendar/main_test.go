package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/migreg/migreg/calendar"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, calendar.MustParseDate("2026-05-05")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Days off in Kazakhstan in 2026 (five-day week; published data)",
		"2026-05-11 Mon  substitute for Victory Day (2026-05-09)",
		"2026-05-27 Wed  holiday    Kurban Ait (first day) / Құрбан айт (бірінші күні)",
		"Working days in 2026: 247",
		"2026-06-03 (Wednesday): 30 calendar days from 2026-05-05, the event day counted",
		"2026-05-14 (Thursday): 5 working days after 2026-05-05",
		"2026-05-11 Mon  skipped: substitute for Victory Day of 2026-05-09",
		"2026-05-12 (Tuesday): 3 working days after 2026-05-05",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "2026-08-30") {
		t.Error("30 August is not a holiday in 2026")
	}
}

func TestRunUnconfirmedYear(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, calendar.MustParseDate("2027-01-10")); err != nil {
		t.Fatal(err)
	}
	if want := "rules and estimates"; !strings.Contains(out.String(), want) {
		t.Errorf("output for 2027 lacks %q; got:\n%s", want, out.String())
	}
}

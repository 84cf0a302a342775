package migreg_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store/memstore"
)

// TestSilentWithoutALogger: a Service built without a logger writes
// nothing to the default logger, whatever its commands do.
func TestSilentWithoutALogger(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)
	ctx := context.Background()
	clock := registrationtest.NewClock(date("2026-07-01"))
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	p := person("FA1234567")
	_ = svc.RecordEntry(ctx, p, date("2026-07-01"))
	r, _ := svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
	_, _ = svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
	_, _ = svc.Confirm(ctx, "r-none", registration.HostActor(r.HostID)) // refused
	if buf.Len() != 0 {
		t.Errorf("a Service without a logger wrote to the default logger:\n%s", buf.String())
	}
}

// TestLogLevels: with a logger, a command logs at Debug when it succeeds
// and at Warn when it is refused, and an entry, which has no registration,
// logs no empty registration field.
func TestLogLevels(t *testing.T) {
	var buf bytes.Buffer
	ctx := context.Background()
	env := registrationtest.NewService(t, date("2026-07-01"), &migreg.Options{InsecureDemoKeys: true,
		Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	p := person("FA1234567")
	if err := env.Service.RecordEntry(ctx, p, date("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Service.Confirm(ctx, "r-none", registration.HostActor("h-1")); err == nil {
		t.Fatal("confirming a registration that does not exist succeeded")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines; want 2:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[0], "level=DEBUG") || strings.Contains(lines[0], "registration=") {
		t.Errorf("the entry logged %q; want a Debug line without a registration", lines[0])
	}
	if !strings.Contains(lines[1], "level=WARN") || !strings.Contains(lines[1], "registration=r-none") {
		t.Errorf("the refused confirmation logged %q; want a Warn line naming the registration", lines[1])
	}
}

package migreg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/memstore"
)

// logStep is one command of logStory and the record it must leave.
type logStep struct {
	name      string
	run       func() error
	wantMsg   string
	wantLevel slog.Level
	wantErr   string // a part of the command's error text; "" for success
}

// logStory builds a Service with the options given (a logger or none)
// and returns every kind of command, succeeding and failing, each with
// the record it must log. The notifier fails once, so that one Deliver
// reports a failure.
func logStory(t *testing.T, logger *slog.Logger) (steps []logStep, p registration.Person) {
	ctx := context.Background()
	clock := migregtest.NewClock(date("2026-07-01"))
	failed := false
	notifier := migreg.NotifierFunc(func(context.Context, migreg.Notification) error {
		if !failed {
			failed = true
			return errors.New("smtp: 550 no such user +77011234567")
		}
		return nil
	})
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true, Clock: clock, Notifier: notifier, Logger: logger, NewID: migregtest.Sequence("r")})
	if err != nil {
		t.Fatal(err)
	}
	p = person("FA1234567")
	var r registration.Registration
	reminder := "reminder/registration/" + string(fid(p)) + "/2026-07-01"
	debug, warn := slog.LevelDebug, slog.LevelWarn
	return []logStep{
		{"an entry", func() error { return svc.RecordEntry(ctx, p, date("2026-07-01")) }, "migreg: record entry", debug, ""},
		{"an entry tomorrow", func() error { return svc.RecordEntry(ctx, p, date("2026-07-02")) }, "migreg: record entry failed", warn, "migreg: record entry: registration: invalid input: entry: in_future"},
		{"a submission", func() error {
			r, err = svc.Submit(ctx, request(p, landlord(t), "2026-07-01"))
			return err
		}, "migreg: submit", debug, ""},
		{"a delivery the notifier fails", func() error { _, err := svc.Deliver(ctx, 0); return err }, "migreg: deliver", warn, ""},
		{"a confirmation", func() error {
			_, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID))
			return err
		}, "migreg: confirm", debug, ""},
		{"confirming nothing", func() error {
			_, err := svc.Confirm(ctx, "r-none", registration.HostActor(r.HostID))
			return err
		}, "migreg: confirm failed", warn, "migreg: confirm: store: not found"},
		{"a sweep", func() error { _, err := svc.Sweep(ctx); return err }, "migreg: sweep", debug, ""},
		{"retrying a reminder that is not there", func() error { return svc.Retry(ctx, reminder) }, "migreg: retry failed", warn, "migreg: retry: store: not found"},
		{"retrying nothing", func() error { return svc.Retry(ctx, "") }, "migreg: retry failed", warn, "migreg: retry: registration: invalid input: id: required"},
		{"a move from nowhere", func() error {
			_, err := svc.Move(ctx, migreg.MoveRequest{From: "r-none", On: date("2026-07-01"), Host: hotel(t), Address: flat("12"), Place: registration.Hotel})
			return err
		}, "migreg: move failed", warn, "migreg: move: store: not found"},
		{"a move to a host without a kind", func() error {
			_, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-07-01"), Address: flat("12"), Place: registration.Hotel})
			return err
		}, "migreg: move failed", warn, "migreg: move: registration: invalid input: host.kind: required"},
		{"a move without a date", func() error { return svc.RecordMove(ctx, r.ID, calendar.Date{}, registration.ForeignerActor(fid(p))) }, "migreg: record move failed", warn, "migreg: record move: registration: invalid input: moved_on: required"},
		{"an exit without a date", func() error { return svc.RecordExit(ctx, fid(p), calendar.Date{}) }, "migreg: record exit failed", warn, "migreg: record exit: registration: invalid input: exit: required"},
		{"an exit", func() error { return svc.RecordExit(ctx, fid(p), date("2026-07-01")) }, "migreg: record exit", debug, ""},
		{"a delivery", func() error { _, err := svc.Deliver(ctx, 0); return err }, "migreg: deliver", debug, ""},
		{"a delivery from a closed store", func() error {
			closed, err := migreg.New(closedStore(t), &migreg.Options{InsecureDemoKeys: true, Clock: clock, Logger: logger})
			if err != nil {
				return err
			}
			_, err = closed.Deliver(ctx, 0)
			return err
		}, "migreg: deliver failed", slog.LevelError, "migreg: deliver: store: closed"},
		{"a sweep of a closed store", func() error {
			closed, err := migreg.New(closedStore(t), &migreg.Options{InsecureDemoKeys: true, Clock: clock, Logger: logger})
			if err != nil {
				return err
			}
			_, err = closed.Sweep(ctx)
			return err
		}, "migreg: sweep failed", slog.LevelError, "migreg: sweep: store: closed"},
		{"a batch item refused before the store", func() error {
			bad := request(p, landlord(t), "2026-07-01")
			bad.IdempotencyKey = "key\x00"
			return svc.SubmitBatch(ctx, []migreg.SubmitRequest{bad}, migreg.BatchOptions{})[0].Err
		}, "migreg: submit failed", warn, "migreg: submit: registration: invalid input: idempotency_key: invalid"},
		{"a group refused", func() error {
			_, err := svc.SubmitGroup(ctx, migreg.GroupRequest{Host: hotel(t), Address: flat("12"), Place: registration.Hotel, By: registration.HostActor(hid(hotel(t)))})
			return err
		}, "migreg: submit group failed", warn, "migreg: submit group: registration: invalid input: members: required"},
		{"a move of nobody", func() error {
			_, err := svc.Move(ctx, migreg.MoveRequest{From: r.ID, On: date("2026-07-01"), Host: hotel(t), Address: flat("12"), Place: registration.Hotel})
			return err
		}, "migreg: move failed", warn, "migreg: move: not the active registration: r-000001"},
	}, p
}

// closedStore returns a memstore already closed: every command on it
// fails as a store failure.
func closedStore(t *testing.T) store.Store {
	s := memstore.New(nil)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSilentWithoutALogger: a Service built without a logger writes
// nothing to the default logger, whatever its commands do, deliveries,
// sweeps and retries included.
func TestSilentWithoutALogger(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)
	steps, _ := logStory(t, nil)
	for _, st := range steps {
		_ = st.run()
		if buf.Len() != 0 {
			t.Fatalf("%s: a Service without a logger wrote to the default logger:\n%s", st.name, buf.String())
		}
	}
}

// TestLogLevels: with a logger, every command leaves one record: at Debug
// when it succeeds, at Warn when it is refused (or the notifier failed),
// named for the command ("migreg: move", never "migreg: submit" for a
// move), without an empty field, a doubled "migreg:" or a pseudonymous
// ID; and its error says the command once.
func TestLogLevels(t *testing.T) {
	var buf bytes.Buffer
	steps, p := logStory(t, slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	host := landlord(t)
	for _, st := range steps {
		buf.Reset()
		err := st.run()
		switch {
		case st.wantErr == "" && err != nil:
			t.Errorf("%s: %v", st.name, err)
		case st.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), st.wantErr)):
			t.Errorf("%s: error %v; want one starting %q", st.name, err, st.wantErr)
		}
		if err != nil {
			for _, bad := range []string{string(fid(p)), string(hid(host)), "+77011234567"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("%s: error %q shows %q", st.name, err, bad)
				}
			}
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != 1 || lines[0] == "" {
			t.Errorf("%s: %d log records; want 1:\n%s", st.name, len(lines), buf.String())
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if rec["msg"] != st.wantMsg || rec["level"] != st.wantLevel.String() {
			t.Errorf("%s: logged %s; want %q at %v", st.name, lines[0], st.wantMsg, st.wantLevel)
		}
		for k, v := range rec {
			if v == "" {
				t.Errorf("%s: logged the empty field %q: %s", st.name, k, lines[0])
			}
		}
		for _, bad := range []string{string(fid(p)), string(hid(host)), "+77011234567", "migreg: migreg", ": migreg: "} {
			if strings.Contains(lines[0], bad) {
				t.Errorf("%s: logged %q: %s", st.name, bad, lines[0])
			}
		}
	}
}

// TestNoOutputOfItsOwn: no package of the library writes to the default
// logger, standard output or standard error: the one way it logs is the
// Logger a program gives the Service. Commands (the examples) may print.
func TestNoOutputOfItsOwn(t *testing.T) {
	dirs, err := docPackageDirs(".")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := map[string]bool{
		"slog.Default": true, "slog.Debug": true, "slog.Info": true, "slog.Warn": true, "slog.Error": true, "slog.Log": true,
		"slog.DebugContext": true, "slog.InfoContext": true, "slog.WarnContext": true, "slog.ErrorContext": true, "slog.LogAttrs": true,
		"log.Print": true, "log.Printf": true, "log.Println": true, "log.Fatal": true, "log.Fatalf": true, "log.Panic": true, "log.Default": true,
		"fmt.Print": true, "fmt.Printf": true, "fmt.Println": true, "os.Stdout": true, "os.Stderr": true,
	}
	scanned := 0
	for _, dir := range dirs {
		files, err := docReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if isCommand(files) {
			continue
		}
		for name, src := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			scanned++
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && forbidden[x.Name+"."+sel.Sel.Name] {
						t.Errorf("%s/%s:%d uses %s.%s", dir, name, fset.Position(sel.Pos()).Line, x.Name, sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
	if scanned < 50 {
		t.Errorf("scanned %d files; want every non-test file of the library", scanned)
	}
}

// failingUpdates is a store whose writes fail as a database that went
// away would, while reads still work.
type failingUpdates struct {
	store.Store
	fail bool
}

func (s *failingUpdates) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if s.fail {
		return fmt.Errorf("%w: connection refused", store.ErrUnavailable)
	}
	return s.Store.Update(ctx, fn)
}

// TestSweepFailureSaysSweepOnce: a sweep whose lapse of a registration
// fails says "migreg: sweep: lapse: ", sweep once, and logs the sweep's
// failure at Error.
func TestSweepFailureSaysSweepOnce(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	clock := migregtest.NewClock(date("2026-07-01"))
	st := &failingUpdates{Store: memstore.New(nil)}
	svc, err := migreg.New(st, &migreg.Options{InsecureDemoKeys: true, Clock: clock, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Submit(ctx, request(person("FA1234567"), landlord(t), "2026-07-01")); err != nil {
		t.Fatal(err)
	}
	clock.AdvanceDays(30) // the host's answer is overdue: Sweep lapses it
	st.fail = true
	_, err = svc.Sweep(ctx)
	if !errors.Is(err, store.ErrUnavailable) || !strings.HasPrefix(err.Error(), "migreg: sweep: lapse: store: ") || strings.Count(err.Error(), "sweep") != 1 {
		t.Errorf("Sweep = %v; want store.ErrUnavailable, saying sweep once, then lapse", err)
	}
	if !strings.Contains(buf.String(), `level=ERROR msg="migreg: sweep failed"`) {
		t.Errorf("logged:\n%s\nwant a sweep failure at Error", buf.String())
	}
}

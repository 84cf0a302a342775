package dbtest

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// The tests that need several processes run this test binary again as a
// child, selected by an environment variable that TestMain checks first.

const (
	childModeEnv   = "MIGREG_DBTEST_CHILD"
	childConfigEnv = "MIGREG_DBTEST_CONFIG"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(runChild(mode, os.Getenv(childConfigEnv)))
	}
	os.Exit(m.Run())
}

// childConfig tells a child which database to open and what to do.
type childConfig struct {
	Dialect sqlstore.Dialect
	DSN     string
	Schema  string
	// Writer: the prefix of the registration IDs and the number of the
	// first foreigner.
	Prefix string
	Base   int
	// Racer: the registrations to race for, and the racer's number.
	IDs   []registration.ID
	Racer int
}

// startChild starts this binary as a child in the mode, with its stdout
// as a line scanner and its stdin as a pipe.
func startChild(t *testing.T, ctx context.Context, mode string, cfg childConfig) (*exec.Cmd, *bufio.Scanner, *os.File, *strings.Builder) {
	t.Helper()
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childModeEnv+"="+mode, childConfigEnv+"="+string(b))
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the child: %v", err)
	}
	r.Close()
	t.Cleanup(func() { w.Close() })
	return cmd, bufio.NewScanner(stdout), w, stderr
}

// runChild is the child's main function; it returns the exit code.
func runChild(mode, config string) int {
	var cfg childConfig
	if err := json.Unmarshal([]byte(config), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "child config:", err)
		return 2
	}
	ctx := context.Background()
	driver := "sqlite"
	if cfg.Dialect == sqlstore.PostgreSQL {
		driver = "pgx"
	}
	db, err := sql.Open(driver, cfg.DSN)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 2
	}
	defer db.Close()
	s, err := sqlstore.New(ctx, db, cfg.Dialect, &sqlstore.Options{Schema: cfg.Schema})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sqlstore.New:", err)
		return 2
	}
	switch mode {
	case "writer":
		err = writer(ctx, s, cfg)
	case "racer":
		err = racer(ctx, s, cfg)
	default:
		err = fmt.Errorf("unknown child mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

// writer submits registrations and confirms every other one, each in a
// transaction of its own, until it is killed. After each commit it prints
// "ack <id> <version>".
func writer(ctx context.Context, s *sqlstore.Store, cfg childConfig) error {
	pause := func() { time.Sleep(time.Duration(rand.IntN(1000)) * time.Microsecond) }
	fmt.Println("ready")
	for i := 0; ; i++ {
		id := registration.ID(fmt.Sprintf("%s%06d", cfg.Prefix, i))
		r, evs, err := pending(id, cfg.Base+i)
		if err != nil {
			return err
		}
		if err := s.Update(ctx, func(tx store.Tx) error { return writeSubmission(ctx, tx, r, evs, pause) }); err != nil {
			return fmt.Errorf("submitting %s: %w", id, err)
		}
		fmt.Printf("ack %s %d\n", id, r.Version)
		if i%2 == 1 {
			continue
		}
		next, nevs, err := confirm(r)
		if err != nil {
			return err
		}
		err = s.Update(ctx, func(tx store.Tx) error {
			if err := tx.UpdateRegistration(ctx, next, r.Version, nevs); err != nil {
				return err
			}
			pause()
			if err := tx.DeleteDeadline(ctx, store.DeadlineKey{Kind: store.DueHostAnswer, Foreigner: r.Foreigner, Subject: string(r.ID)}); err != nil {
				return err
			}
			return tx.PutDeadline(ctx, store.Deadline{
				DeadlineKey: store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: r.Foreigner, Subject: string(r.ID)},
				Due:         next.ValidUntil, Registration: r.ID, Entry: r.Entry,
			})
		})
		if err != nil {
			return fmt.Errorf("confirming %s: %w", id, err)
		}
		fmt.Printf("ack %s %d\n", id, next.Version)
	}
}

// racer reads the registrations, says "ready", waits for "go" on stdin,
// then confirms or rejects each of them with the version it read, and
// prints "win <id>", "conflict <id>" or "error <id> <error>" for each.
func racer(ctx context.Context, s *sqlstore.Store, cfg childConfig) error {
	seen := make(map[registration.ID]registration.Registration)
	err := s.View(ctx, func(tx store.ReadTx) error {
		for _, id := range cfg.IDs {
			r, err := tx.Registration(ctx, id)
			if err != nil {
				return err
			}
			seen[id] = r
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	if !in.Scan() || in.Text() != "go" {
		return errors.New("no go from the parent")
	}
	order := rand.Perm(len(cfg.IDs))
	for _, k := range order {
		id := cfg.IDs[k]
		r := seen[id]
		act := confirm
		if (cfg.Racer+k)%2 == 1 {
			act = reject
		}
		next, evs, err := act(r)
		if err != nil {
			return err
		}
		err = s.Update(ctx, func(tx store.Tx) error { return tx.UpdateRegistration(ctx, next, r.Version, evs) })
		switch {
		case err == nil:
			fmt.Printf("win %s %s\n", id, next.State)
		case errors.Is(err, store.ErrConflict):
			fmt.Printf("conflict %s\n", id)
		default:
			fmt.Printf("error %s %v\n", id, strings.ReplaceAll(err.Error(), "\n", " "))
		}
	}
	fmt.Println("done")
	return nil
}

package dbtest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// Concurrency across processes: several processes confirm and reject the
// same registrations, each from the version it read before any of them
// wrote. Exactly one wins each registration; the others get
// store.ErrConflict; nothing is lost.

const (
	raceRegistrations = 24
	raceProcesses     = 4
)

func TestSQLiteProcessRace(t *testing.T) {
	db, dsn := openSQLite(t)
	s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	processRace(t, s, childConfig{Dialect: sqlstore.SQLite, DSN: dsn})
}

func TestPostgresProcessRace(t *testing.T) {
	_, s, schema := newPostgresSchema(t)
	processRace(t, s, childConfig{Dialect: sqlstore.PostgreSQL, DSN: postgresDSN(), Schema: schema})
}

func processRace(t *testing.T, s *sqlstore.Store, cfg childConfig) {
	ctx := t.Context()
	var ids []registration.ID
	err := s.Update(ctx, func(tx store.Tx) error {
		for i := range raceRegistrations {
			id := registration.ID(fmt.Sprintf("race%03d", i))
			r, evs, err := pending(id, 900000+i)
			if err != nil {
				return err
			}
			if err := tx.CreateRegistration(ctx, r, evs); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.IDs = ids

	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	type child struct {
		lines  chan string
		stdin  io.Writer
		stderr *strings.Builder
		wait   func() error
	}
	var children []child
	for g := range raceProcesses {
		cfg.Racer = g
		cmd, out, stdin, stderr := startChild(t, cctx, "racer", cfg)
		lines := make(chan string, 2*raceRegistrations+2)
		go func() {
			defer close(lines)
			for out.Scan() {
				lines <- out.Text()
			}
		}()
		children = append(children, child{lines, stdin, stderr, cmd.Wait})
	}
	for g, c := range children {
		if line := <-c.lines; line != "ready" {
			t.Fatalf("racer %d said %q before it was ready: %s", g, line, c.stderr)
		}
	}
	for _, c := range children {
		fmt.Fprintln(c.stdin, "go")
	}
	wins := make(map[registration.ID][]string)
	conflicts := make(map[registration.ID]int)
	for g, c := range children {
		for line := range c.lines {
			f := strings.SplitN(line, " ", 3)
			switch {
			case f[0] == "win" && len(f) == 3:
				wins[registration.ID(f[1])] = append(wins[registration.ID(f[1])], f[2])
			case f[0] == "conflict" && len(f) == 2:
				conflicts[registration.ID(f[1])]++
			case f[0] == "done":
			default:
				t.Errorf("racer %d: %s; want a win or store.ErrConflict", g, line)
			}
		}
		if err := c.wait(); err != nil {
			t.Errorf("racer %d: %v: %s", g, err, c.stderr)
		}
	}
	total := 0
	for _, n := range conflicts {
		total += n
	}
	t.Logf("%d processes raced for %d registrations: %d wins, %d conflicts", raceProcesses, len(ids), len(wins), total)
	err = s.View(ctx, func(tx store.ReadTx) error {
		for _, id := range ids {
			if len(wins[id]) != 1 || conflicts[id] != raceProcesses-1 {
				t.Errorf("%s: %d wins %v and %d conflicts; want 1 and %d", id, len(wins[id]), wins[id], conflicts[id], raceProcesses-1)
				continue
			}
			r, err := tx.Registration(ctx, id)
			if err != nil {
				return err
			}
			evs, err := tx.Events(ctx, id)
			if err != nil {
				return err
			}
			if r.State.String() != wins[id][0] || r.Version != 2 || len(evs) != 2 || evs[1].To != r.State {
				t.Errorf("%s is %v at version %d with %d events; want %s (the winner's) at version 2 with 2 events", id, r.State, r.Version, len(evs), wins[id][0])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

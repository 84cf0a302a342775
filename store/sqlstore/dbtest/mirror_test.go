package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// Every store accepts and refuses the same inputs: random sequences of
// every command (migregtest.Ops: submissions, moves, answers, check-outs
// alone and in batches, groups, exits, sweeps, deliveries, with retries,
// and a host's confirm and reject of one request) run on a Service over
// memstore and, through
// migregtest.Mirror, on one over SQLite or PostgreSQL, and every step
// must lead to the same error codes and the same states.

func TestSQLiteMatchesMemory(t *testing.T) {
	dir := t.TempDir()
	n := 0
	mirrorProperty(t, func() (store.Store, func(), error) {
		n++
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, fmt.Sprintf("case%d.db", n)))
		if err != nil {
			return nil, nil, err
		}
		s, err := sqlstore.New(context.Background(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		return s, func() { s.Close(); db.Close() }, nil
	})
}

func TestPostgresMatchesMemory(t *testing.T) {
	db := openPostgres(t)
	mirrorProperty(t, func() (store.Store, func(), error) {
		schema := newSchemaName()
		s, err := sqlstore.New(context.Background(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
		drop := func() { _, _ = db.Exec(`DROP SCHEMA IF EXISTS "` + schema + `" CASCADE`) }
		if err != nil {
			drop()
			return nil, nil, err
		}
		return s, func() { s.Close(); drop() }, nil
	})
}

// mirrorProperty runs the property with a fresh SQL store per case from
// open, which also returns how to close it.
func mirrorProperty(t *testing.T, open func() (store.Store, func(), error)) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		people := []registration.Person{registrationtest.Person().Draw(rt, "p0"), registrationtest.Person().Draw(rt, "p1")}
		mem, memClock, err := migregtest.NewService()
		if err != nil {
			rt.Fatal(err)
		}
		st, closeStore, err := open()
		if err != nil {
			rt.Fatal(err)
		}
		defer closeStore()
		sqlSvc, sqlClock, err := migregtest.NewService(migregtest.WithStore(st))
		if err != nil {
			rt.Fatal(err)
		}
		r := &migregtest.Runner{Service: mem, Clock: memClock, People: people, System: migregtest.Mirror(sqlSvc, sqlClock, people)}
		if err := r.Run(ctx, append(migregtest.Entries(len(people)), migregtest.Ops(20).Draw(rt, "ops")...)); err != nil {
			rt.Fatal(err)
		}
	})
}

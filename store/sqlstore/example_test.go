package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	"github.com/migreg/migreg/store/sqlstore"
)

// Opening a store: the caller opens the database with its driver (here
// modernc.org/sqlite, imported by the program as
// _ "modernc.org/sqlite"); New migrates it. The runnable version, with the
// driver and the Service, is in the module store/sqlstore/dbtest.
func ExampleNew() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:/var/lib/myapp/migreg.db")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close() // after the store: Close leaves the *sql.DB open
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	// migreg.New(s, nil) ...
}

// For PostgreSQL, a pool sized by the caller and a schema of its own.
func ExampleNew_postgreSQL() {
	ctx := context.Background()
	db, err := sql.Open("pgx", "postgres://migreg@db.internal:5432/migreg") // github.com/jackc/pgx/v5/stdlib
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	s, err := sqlstore.New(ctx, db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: "migreg"})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
}

// Dialects have stable names, for configuration files.
func ExampleDialect() {
	var d sqlstore.Dialect
	if err := d.UnmarshalText([]byte("postgres")); err != nil {
		fmt.Println(err)
	}
	fmt.Println(d == sqlstore.PostgreSQL, sqlstore.SQLite)
	fmt.Println(d.UnmarshalText([]byte("mysql")))
	// Output:
	// true sqlite
	// sqlstore: invalid configuration: unknown dialect "mysql"
}

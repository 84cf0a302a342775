// Package dbtest runs package sqlstore against real databases: the
// conformance suite of the store contract (store/storetest), durability
// under SIGKILL, races between processes, and benchmarks, on SQLite
// (modernc.org/sqlite, pure Go, a temporary file) and on PostgreSQL
// (github.com/jackc/pgx/v5/stdlib).
//
// It is a module of its own, so that the drivers never become
// dependencies of the migreg module. Run it from this directory:
//
//	go test -race ./...
//
// The PostgreSQL tests use the database at MIGREG_POSTGRES_DSN, by default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable, each run in
// schemas of its own (migreg_test_<random>_<n>) that it drops at the end.
// Without a reachable PostgreSQL they skip, with a message saying why;
// when the CI environment variable is set they fail instead.
package dbtest

// Package dbtest runs package sqlstore against real databases: the
// conformance suite of the store contract (store/storetest), durability
// under SIGKILL, races between processes, the plans of the store's
// statements (each must walk the index that fits it: plan_test.go), and
// benchmarks, on SQLite (modernc.org/sqlite, pure Go, a temporary file)
// and on PostgreSQL (github.com/jackc/pgx/v5/stdlib).
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
//
// The benchmarks run only when asked for; BenchmarkDue builds databases
// of up to 1,000,000 registrations (-short leaves that size out):
//
//	go test -run '^$' -bench . -benchmem
//	go test -run '^$' -bench Due -benchtime 2000x
//
// The plan tests check a world of 100,000 registrations in PostgreSQL and
// SQLite's statistics for 1,000,000; to check both on worlds of that size
// filled for real (about two minutes each):
//
//	MIGREG_PLAN_ROWS=1000000 go test -run TestQueryPlans -v
package dbtest

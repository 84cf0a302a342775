package dbtest

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestQueryPlans checks the plan of every statement the store runs (see
// plan_test.go) on SQLite and on PostgreSQL.
func TestQueryPlans(t *testing.T) {
	t.Run("SQLite", testSQLitePlans)
	t.Run("PostgreSQL", testPostgresPlans)
}

func testSQLitePlans(t *testing.T) {
	n, real := planRows(t, 2000)
	db, rec := openRecorded(t, "sqlite", sqliteDSN(t.TempDir()))
	s, err := sqlstore.New(t.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	took := fillWorld(t, db, sqlstore.SQLite, "", n)
	t.Logf("filled a world of %d registrations in %v", n, took)
	k := worldKeys(t, db, "")
	explain := sqliteExplainer(db)

	setStats(t, db, nil)
	t.Run("no statistics", func(t *testing.T) { checkPlans(t, s, rec, k, explain) })
	if real {
		// PRAGMA optimize, as SQLite recommends at open, then a full
		// ANALYZE.
		for _, stats := range []string{"PRAGMA optimize = 0x10002", "ANALYZE"} {
			start := time.Now()
			if _, err := db.ExecContext(t.Context(), stats); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s took %v; sqlite_stat1:\n%s", stats, time.Since(start), dumpStats(t, db))
			resetPool(db)
			t.Run(stats, func(t *testing.T) { checkPlans(t, s, rec, k, explain) })
		}
		return
	}
	setStats(t, db, sqliteStats)
	t.Run("statistics of 1,000,000 registrations", func(t *testing.T) { checkPlans(t, s, rec, k, explain) })
}

// setStats replaces SQLite's statistics (sqlite_stat1, and the samples of
// sqlite_stat4) with stats, rows of (table, index, stat) as ANALYZE
// writes them: the documented way to show the planner a database of
// another size (https://sqlite.org/optoverview.html#manctrl).
func setStats(t *testing.T, db *sql.DB, stats [][3]string) {
	ctx := t.Context()
	for _, q := range []string{"ANALYZE", "DELETE FROM sqlite_stat1", "DELETE FROM sqlite_stat4"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, st := range stats {
		if _, err := db.ExecContext(ctx, "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", st[0], st[1], st[2]); err != nil {
			t.Fatal(err)
		}
	}
	resetPool(db)
}

// resetPool closes the idle connections, so that the next ones read the
// statistics afresh.
func resetPool(db *sql.DB) {
	db.SetMaxIdleConns(0)
	db.SetMaxIdleConns(2)
}

func dumpStats(t *testing.T, db *sql.DB) string {
	rows, err := db.QueryContext(t.Context(), "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var tbl, stat string
		var idx sql.NullString
		if err := rows.Scan(&tbl, &idx, &stat); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\t{%q, %q, %q},\n", tbl, idx.String, stat)
	}
	return b.String()
}

// sqliteAccess matches a step of a SQLite plan that reads a table: the
// table, and the index it walks ("" for a scan of the table itself, "PRIMARY
// KEY" for a search of a WITHOUT ROWID table's own B-tree).
var sqliteAccess = regexp.MustCompile(`^(?:SCAN|SEARCH) (\w+)(?: USING (?:(?:COVERING )?INDEX (\w+)|(PRIMARY KEY)))?`)

// sqliteExplainer explains with EXPLAIN QUERY PLAN. A temporary B-tree is
// a problem unless it sorts one walk of a merged listing (the steps LEFT
// and RIGHT of a MERGE), whose LIMIT bounds it.
func sqliteExplainer(db *sql.DB) explainer {
	return func(ctx context.Context, st statement) (indexes, problems []string, plan string, err error) {
		rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+st.query, st.args...)
		if err != nil {
			return nil, nil, "", err
		}
		defer rows.Close()
		detail := map[int]string{}
		depth := map[int]int{}
		var b strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var d string
			if err := rows.Scan(&id, &parent, &unused, &d); err != nil {
				return nil, nil, "", err
			}
			detail[id], depth[id] = d, depth[parent]+1
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth[id]), d)
			if m := sqliteAccess.FindStringSubmatch(d); m != nil && storeTables[m[1]] {
				switch {
				case m[2] == "" && m[3] == "":
					problems = append(problems, "reads the whole table: "+d)
				case m[3] != "" || strings.HasPrefix(m[2], "sqlite_autoindex_"+m[1]+"_"):
					indexes = append(indexes, m[1]+"_pkey") // PostgreSQL's name
				default:
					indexes = append(indexes, m[2])
				}
			}
			if strings.HasPrefix(d, "USE TEMP B-TREE") && detail[parent] != "LEFT" && detail[parent] != "RIGHT" {
				problems = append(problems, "sorts every match: "+d)
			}
		}
		return indexes, problems, b.String(), rows.Err()
	}
}

func testPostgresPlans(t *testing.T) {
	n, _ := planRows(t, 100_000)
	plain := openPostgres(t)
	db, rec := openRecorded(t, "pgx", postgresDSN())
	schema := newSchemaName()
	dropSchemaAtEnd(t, plain, schema)
	s, err := sqlstore.New(t.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	prefix := `"` + schema + `".`
	took := fillWorld(t, db, sqlstore.PostgreSQL, prefix, n)
	start := time.Now()
	for table := range storeTables {
		if _, err := db.ExecContext(t.Context(), "ANALYZE "+prefix+table); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("filled a world of %d registrations in %v, analyzed it in %v", n, took, time.Since(start))
	k := worldKeys(t, db, prefix)
	t.Run("custom plans", func(t *testing.T) { checkPlans(t, s, rec, k, postgresExplainer(db, nil)) })
	t.Run("generic plans", func(t *testing.T) {
		conn, err := db.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(t.Context(), "SET plan_cache_mode = force_generic_plan"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(context.Background(), "RESET plan_cache_mode")
		checkPlans(t, s, rec, k, postgresExplainer(db, conn))
	})
}

// pgNode is a node of a plan of EXPLAIN (FORMAT JSON).
type pgNode struct {
	Type     string   `json:"Node Type"`
	Relation string   `json:"Relation Name"`
	Index    string   `json:"Index Name"`
	Rows     float64  `json:"Plan Rows"`
	Plans    []pgNode `json:"Plans"`
}

// postgresExplainer explains with EXPLAIN (FORMAT JSON): the plan for the
// statement's arguments, or with generic (a connection set to
// plan_cache_mode = force_generic_plan) the generic plan of the statement
// prepared, which PostgreSQL caches and may use for every later run.
//
// A sort is a problem unless every row it sorts comes out of a Limit, or
// PostgreSQL expects to sort no more rows than a page (store.DefaultLimit):
// for a handful of rows (one foreigner's trips, say) it rightly prefers
// fetching them and sorting them to walking an index in order, and
// nothing can make it do otherwise.
func postgresExplainer(db *sql.DB, generic *sql.Conn) explainer {
	return func(ctx context.Context, st statement) (indexes, problems []string, plan string, err error) {
		var js string
		if generic == nil {
			err = db.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+st.query, st.args...).Scan(&js)
		} else {
			js, err = explainGeneric(ctx, generic, st)
		}
		if err != nil {
			return nil, nil, "", err
		}
		var out []struct{ Plan pgNode }
		if err := json.Unmarshal([]byte(js), &out); err != nil || len(out) != 1 {
			return nil, nil, "", fmt.Errorf("reading the plan %s: %v", js, err)
		}
		var b strings.Builder
		var walk func(n pgNode, depth int)
		walk = func(n pgNode, depth int) {
			fmt.Fprintf(&b, "%s%s %s %s (%.0f rows)\n", strings.Repeat("  ", depth), n.Type, n.Relation, n.Index, n.Rows)
			switch n.Type {
			case "Seq Scan":
				if storeTables[n.Relation] {
					problems = append(problems, "reads the whole table: "+n.Relation)
				}
			case "Index Scan", "Index Only Scan", "Bitmap Index Scan":
				indexes = append(indexes, n.Index)
			case "Sort", "Incremental Sort":
				for _, c := range n.Plans {
					if !limited(c) && c.Rows > store.DefaultLimit {
						problems = append(problems, fmt.Sprintf("sorts every match, %.0f rows expected", c.Rows))
					}
				}
			}
			for _, c := range n.Plans {
				walk(c, depth+1)
			}
		}
		walk(out[0].Plan, 1)
		return indexes, problems, b.String(), nil
	}
}

// limited reports whether every row of n comes out of a Limit.
func limited(n pgNode) bool {
	if n.Type == "Limit" {
		return true
	}
	if len(n.Plans) == 0 {
		return false
	}
	for _, c := range n.Plans {
		if !limited(c) {
			return false
		}
	}
	return true
}

// explainGeneric prepares the statement on conn and explains its generic
// plan for the statement's arguments, written as literals.
func explainGeneric(ctx context.Context, conn *sql.Conn, st statement) (string, error) {
	if _, err := conn.ExecContext(ctx, "PREPARE migreg_plan AS "+st.query); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.Background(), "DEALLOCATE migreg_plan")
	lits := make([]string, len(st.args))
	for i, a := range st.args {
		lits[i] = literal(a)
	}
	var js string
	err := conn.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) EXECUTE migreg_plan("+strings.Join(lits, ", ")+")").Scan(&js)
	return js, err
}

// literal writes an argument the store passes as a SQL literal.
func literal(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case []byte:
		return `'\x` + hex.EncodeToString(v) + "'"
	case time.Time:
		return "'" + v.Format(time.RFC3339Nano) + "'"
	default:
		return fmt.Sprint(v)
	}
}

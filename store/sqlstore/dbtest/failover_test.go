package dbtest

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

const (
	failoverWorkers  = 4                      // goroutines running lifecycles
	failoverKills    = 4                      // kills that end in a failover, wanted
	failoverMaxKills = 6                      // kills at most (Patroni may restart a node in place)
	loadBudget       = 4 * time.Minute        // the load and the kills
	clusterWait      = 90 * time.Second       // a new leader, a rejoin, a first commit, catching up
	stepWindow       = 90 * time.Second       // retrying one command until it succeeds
	callTimeout      = 60 * time.Second       // one call (longer than the store's own retry budget)
	retryPause       = 200 * time.Millisecond // before a retry after ErrUnavailable (or a violation)
	loadBetweenKills = 2 * time.Second
)

const defaultPatroniREST = "http://127.0.0.1:8008,http://127.0.0.1:8009,http://127.0.0.1:8010"

// TestPatroniFailover is a real failover: on a Patroni cluster (PostgreSQL
// with synchronous replication) it runs lifecycles (entry, submission with
// an idempotency key, the host's confirmation) for distinct foreigners
// through the Service while it SIGKILLs the primary's postmaster, each time
// waiting for a new leader and for the old node to rejoin as a replica.
// The client follows the store's contract: store.ErrCommitUnknown is
// retried with the same arguments and must converge, store.ErrUnavailable
// is retried after a pause, and any other error fails the test. At the end
// every acknowledged write must be on every node, read directly, and
// nothing twice. The recovery times (a kill to the next commit) are
// measured and logged, not asserted.
//
// It runs when MIGREG_PATRONI_DSN names the cluster (.ci/patroni/setup.sh
// starts one on this machine), e.g.
//
//	postgres://postgres@127.0.0.1:6001,127.0.0.1:6002,127.0.0.1:6003/postgres?target_session_attrs=read-write&connect_timeout=3
//
// with MIGREG_PATRONI_REST listing the nodes' Patroni REST APIs (default:
// those of setup.sh), on the cluster's machine, as root or postgres: it
// kills the postmaster itself.
func TestPatroniFailover(t *testing.T) {
	c := openPatroni(t)
	db := stdlib.OpenDB(*c.cfg) // through the multi-host DSN
	db.SetMaxOpenConns(2 * failoverWorkers)
	t.Cleanup(func() { db.Close() })
	schema := newSchemaName()
	dropSchemaAtEnd(t, db, schema)
	st, err := sqlstore.New(t.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		t.Fatalf("sqlstore.New(PostgreSQL, schema %s): %v", schema, err)
	}
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	svc, err := migreg.New(st, &migreg.Options{InsecureDemoKeys: true, Clock: migreg.ClockFunc(func() time.Time { return now }), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), loadBudget)
	defer cancel()
	ld := &load{svc: svc, start: time.Now(), errs: map[string]int{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range failoverWorkers {
		wg.Go(func() { ld.run(ctx, w, stop) })
	}
	kills, failovers, recoveries, chaosErr := c.chaos(ctx, t, ld)
	close(stop)
	wg.Wait()

	// What happened: every error returned, by kind.
	runs, acked := ld.runs, len(ld.commits) // the workers are done
	errLines, nErrs, violations := ld.errorReport()
	t.Logf("SUMMARY: %d kills, %d failovers; recovery (kill to the next commit): %s; %d lifecycles, %d commands acknowledged; %d errors returned, %d of them not allowed by the contract; by kind:\n%s",
		kills, failovers, strings.Join(recoveries, ", "), len(runs), acked, nErrs, violations, strings.Join(errLines, "\n"))

	// The assertions.
	if chaosErr != nil {
		t.Errorf("the kills: %v", chaosErr)
	}
	if kills < failoverKills {
		t.Errorf("the primary was killed %d times; want at least %d", kills, failoverKills)
	}
	if violations > 0 {
		t.Errorf("%d errors that the contract does not allow (VIOLATION above): only nil, store.ErrCommitUnknown followed by a converging retry, and store.ErrUnavailable are", violations)
	}
	for _, r := range runs {
		if r.failure != "" {
			t.Errorf("foreigner %d: %s", r.n, r.failure)
		}
	}
	c.verifyEveryNode(t, schema, runs)
}

// ---- the load: lifecycles through the Service, retried by the contract

// foreignerRun is one foreigner's lifecycle and what of it was
// acknowledged.
type foreignerRun struct {
	n         int // the foreigner, person(n)
	foreigner registration.ForeignerID
	entered   bool            // RecordEntry succeeded
	id        registration.ID // the registration Submit returned
	confirmed bool            // Confirm succeeded
	failure   string          // why the lifecycle did not complete
}

type load struct {
	svc   *migreg.Service
	start time.Time

	mu      sync.Mutex
	runs    []*foreignerRun
	commits [][2]time.Time // start and end of every call that succeeded
	errs    map[string]int // by class, command and error text (normalized)
}

// run is one worker: lifecycles of foreigners of its own, until stop.
func (ld *load) run(ctx context.Context, w int, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		fr := &foreignerRun{n: w*1_000_000 + i}
		ld.mu.Lock()
		ld.runs = append(ld.runs, fr)
		ld.mu.Unlock()
		if err := ld.lifecycle(ctx, fr); err != nil {
			fr.failure = err.Error()
			return
		}
	}
}

func (ld *load) lifecycle(ctx context.Context, fr *foreignerRun) error {
	p := person(fr.n)
	fr.foreigner = demo.Foreigner(p)
	h, err := host(fr.n % 100)
	if err != nil {
		return err
	}
	if err := ld.do(ctx, "RecordEntry", func(ctx context.Context) error { return ld.svc.RecordEntry(ctx, p, entryDay) }); err != nil {
		return err
	}
	fr.entered = true
	req := migreg.SubmitRequest{
		Submission: registration.Submission{
			Person: p, Host: h, Place: registration.PrivateHome, Entry: entryDay,
			Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: strconv.Itoa(fr.n)},
		},
		IdempotencyKey: fmt.Sprintf("failover-%d", fr.n),
	}
	var r registration.Registration
	if err := ld.do(ctx, "Submit", func(ctx context.Context) (err error) { r, err = ld.svc.Submit(ctx, req); return err }); err != nil {
		return err
	}
	if r.State != registration.Pending || r.Version != 1 {
		return fmt.Errorf("Submit returned %s %v at version %d; want it pending at version 1", r.ID, r.State, r.Version)
	}
	fr.id = r.ID
	var c registration.Registration
	by := registration.HostActor(r.HostID)
	if err := ld.do(ctx, "Confirm", func(ctx context.Context) (err error) { c, err = ld.svc.Confirm(ctx, r.ID, by); return err }); err != nil {
		return err
	}
	if c.ID != r.ID || c.State != registration.Confirmed || c.Version != 2 {
		return fmt.Errorf("Confirm(%s) returned %s %v at version %d; want it confirmed at version 2", r.ID, c.ID, c.State, c.Version)
	}
	fr.confirmed = true
	return nil
}

// do runs a command as the store's contract tells a caller to, until it
// succeeds (within stepWindow): after an error matching
// store.ErrCommitUnknown, again at once with the same arguments (it must
// converge on the first result); after store.ErrUnavailable, again after a
// pause. Any other error breaks the contract: it is counted as a
// violation, and retried after a pause too, so that the run goes on and
// shows all it meets.
func (ld *load) do(ctx context.Context, name string, op func(ctx context.Context) error) error {
	deadline := time.Now().Add(stepWindow)
	for {
		start := time.Now()
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		err := op(cctx)
		cancel()
		class := "VIOLATION"
		switch {
		case err == nil:
			ld.mu.Lock()
			ld.commits = append(ld.commits, [2]time.Time{start, time.Now()})
			ld.mu.Unlock()
			return nil
		case errors.Is(err, store.ErrCommitUnknown):
			class = "commit unknown"
		case errors.Is(err, store.ErrUnavailable):
			class = "unavailable"
		}
		ld.mu.Lock()
		ld.errs[class+"\t"+name+"\t"+normalize(err.Error())]++
		ld.mu.Unlock()
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("%s did not succeed within %s or the time of the test; the last error: %w", name, stepWindow, err)
		}
		if class != "commit unknown" {
			select {
			case <-ctx.Done():
			case <-time.After(retryPause):
			}
		}
	}
}

// firstCommitStartedAfter returns when the first successful call that began
// after t ended, or the zero time. (A call that began before a kill may
// have committed before it; one that began after it cannot have, so this
// overstates a recovery by one call at most.)
func (ld *load) firstCommitStartedAfter(t time.Time) time.Time {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	i := slices.IndexFunc(ld.commits, func(c [2]time.Time) bool { return c[0].After(t) }) // in the order they ended
	if i < 0 {
		return time.Time{}
	}
	return ld.commits[i][1]
}

// errorReport lists every error returned, counted by class, command and
// text, most frequent first, and counts them all and the violations.
func (ld *load) errorReport() (lines []string, total, violations int) {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(ld.errs), func(a, b string) int { return cmp.Or(ld.errs[b]-ld.errs[a], strings.Compare(a, b)) })
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("%6d  %s", ld.errs[k], k))
		total += ld.errs[k]
		if strings.HasPrefix(k, "VIOLATION") {
			violations += ld.errs[k]
		}
	}
	return lines, total, violations
}

// normalize takes out of an error text what varies (IDs, addresses, PIDs,
// the order of pgx's lines, one per host tried), so that errors count by
// kind.
func normalize(s string) string {
	s = regexp.MustCompile(`r_[0-9A-Za-z]{10,}`).ReplaceAllString(s, "r_ID")
	s = regexp.MustCompile(`127\.0\.0\.1:\d+ \(127\.0\.0\.1\)|127\.0\.0\.1:\d+`).ReplaceAllString(s, "ADDR")
	s = regexp.MustCompile(`\b\d{4,}\b`).ReplaceAllString(s, "N")
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	slices.Sort(lines[1:])
	return strings.Join(slices.Compact(lines), " | ")
}

// ---- the cluster: Patroni's REST API, the nodes, the kills

type patroni struct {
	cfg  *pgx.ConnConfig // of the multi-host DSN
	rest []string        // the nodes' REST API base URLs
	size int             // members of the healthy cluster
}

// member is a node as Patroni's GET /cluster reports it.
type member struct {
	Name, Role, State, Host string
	Port, Timeline          int
	Lag                     any // bytes, or "unknown"
}

// openPatroni returns the cluster at MIGREG_PATRONI_DSN once it is healthy.
// Without the variable the test skips; with it, an unreachable cluster
// skips it too, or fails it when CI is set.
func openPatroni(t *testing.T) *patroni {
	dsn := os.Getenv("MIGREG_PATRONI_DSN")
	if dsn == "" {
		t.Skip("no Patroni cluster: set MIGREG_PATRONI_DSN to one (see .ci/patroni/setup.sh)")
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("MIGREG_PATRONI_DSN: %v", err)
	}
	c := &patroni{cfg: cfg, rest: strings.Split(cmp.Or(os.Getenv("MIGREG_PATRONI_REST"), defaultPatroniREST), ",")}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err = c.members(); err == nil {
		db := stdlib.OpenDB(*cfg)
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		msg := fmt.Sprintf("no Patroni cluster at %s (REST %s): %v", redact(dsn), strings.Join(c.rest, ","), err)
		if os.Getenv("CI") != "" {
			t.Fatalf("%s; CI and MIGREG_PATRONI_DSN are set, so the failover test must run", msg)
		}
		t.Skipf("%s; skipping", msg)
	}
	ms, _, err := c.waitFor(t.Context(), "healthy cluster", func(ms []member) bool { return healthy(ms, len(ms)) })
	if err != nil {
		t.Fatal(err)
	}
	c.size = len(ms)
	return c
}

// node returns a pool of read-only connections to one node alone: the
// DSN's settings for that host (with sslmode=prefer, pgx tries TLS, then
// plain: two configurations per host), without the others.
func (c *patroni) node(m member) *sql.DB {
	cfg := c.cfg.Copy()
	all := append([]*pgconn.FallbackConfig{{Host: cfg.Host, Port: cfg.Port, TLSConfig: cfg.TLSConfig}}, cfg.Fallbacks...)
	mine := slices.DeleteFunc(all, func(f *pgconn.FallbackConfig) bool { return f.Host != m.Host || f.Port != uint16(m.Port) })
	if len(mine) == 0 { // a host not in the DSN: as the DSN's first
		mine = []*pgconn.FallbackConfig{{Host: m.Host, Port: uint16(m.Port), TLSConfig: cfg.TLSConfig}}
	}
	cfg.Host, cfg.Port, cfg.TLSConfig, cfg.Fallbacks = mine[0].Host, mine[0].Port, mine[0].TLSConfig, mine[1:]
	cfg.ValidateConnect = nil // target_session_attrs: any node
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	return stdlib.OpenDB(*cfg)
}

var restClient = &http.Client{Timeout: 2 * time.Second}

// members asks the nodes' REST APIs, in turn, for the cluster's members.
func (c *patroni) members() ([]member, error) {
	var errs []error
	for _, base := range c.rest {
		var out struct{ Members []member }
		resp, err := restClient.Get(strings.TrimRight(base, "/") + "/cluster")
		if err == nil {
			err = json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
		}
		if errs = append(errs, err); err == nil {
			return out.Members, nil
		}
	}
	return nil, errors.Join(errs...)
}

func leaderOf(ms []member) (member, bool) {
	i := slices.IndexFunc(ms, func(m member) bool { return m.Role == "leader" })
	if i < 0 {
		return member{}, false
	}
	return ms[i], true
}

// healthy: n members, a running leader, and every other member a replica
// that replicates on the leader's timeline (Patroni 3.0.2 says "running",
// later versions "streaming"), one of them the synchronous standby.
func healthy(ms []member, n int) bool {
	l, ok := leaderOf(ms)
	if len(ms) != n || n < 2 || !ok || l.State != "running" {
		return false
	}
	inSync := false
	for _, m := range ms {
		if _, lagKnown := m.Lag.(float64); m.Name != l.Name &&
			(!lagKnown || m.Timeline != l.Timeline || (m.State != "running" && m.State != "streaming")) {
			return false
		}
		inSync = inSync || m.Role == "sync_standby"
	}
	return inSync
}

func (c *patroni) healthy(ms []member) bool { return healthy(ms, c.size) }

// waitFor polls the members until cond holds, for clusterWait at most.
func (c *patroni) waitFor(ctx context.Context, what string, cond func([]member) bool) ([]member, time.Duration, error) {
	start := time.Now()
	var ms []member
	var err error
	for time.Since(start) < clusterWait && ctx.Err() == nil {
		if ms, err = c.members(); err == nil && cond(ms) {
			return ms, time.Since(start), nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return ms, time.Since(start), fmt.Errorf("no %s after %s (members %+v, %v)", what, time.Since(start).Round(time.Second), ms, cmp.Or(ctx.Err(), err))
}

// postmasterPID returns the PID of a node's postmaster, read from the
// postmaster.pid of the data directory the node names, once the process's
// command line names that directory too.
func (c *patroni) postmasterPID(ctx context.Context, m member) (int, error) {
	if m.Port == 5432 {
		return 0, fmt.Errorf("%s is on port 5432, which the test never touches", m.Name)
	}
	db := c.node(m)
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var dir string
	if err := db.QueryRowContext(ctx, "SHOW data_directory").Scan(&dir); err != nil {
		return 0, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("%w (the test kills the primary itself: run it as root or postgres on the cluster's machine)", err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		return 0, err
	}
	cmd, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if !strings.Contains(strings.ReplaceAll(string(cmd), "\x00", " "), "postgres -D "+dir+" ") {
		return 0, fmt.Errorf("pid %d is not the postmaster of %s: %q", pid, dir, cmd)
	}
	return pid, nil
}

// chaos kills the primary's postmaster until failoverKills kills have ended
// in a failover (Patroni can restart a killed primary in place instead),
// failoverMaxKills times at most. Before each kill it waits for a healthy
// cluster and some commits of the load; after it, for a new leader, for
// the killed node to rejoin as a replica and for the load's next commit,
// and logs how long each took.
func (c *patroni) chaos(ctx context.Context, t *testing.T, ld *load) (kills, failovers int, recoveries []string, err error) {
	for failovers < failoverKills && kills < failoverMaxKills {
		since := time.Now()
		select {
		case <-ctx.Done():
			return kills, failovers, recoveries, ctx.Err()
		case <-time.After(loadBetweenKills):
		}
		ms, _, err := c.waitFor(ctx, "healthy cluster with commits", func(ms []member) bool { return !ld.firstCommitStartedAfter(since).IsZero() && c.healthy(ms) })
		if err != nil {
			return kills, failovers, recoveries, err
		}
		old, _ := leaderOf(ms)
		pid, err := c.postmasterPID(ctx, old)
		if err != nil {
			return kills, failovers, recoveries, fmt.Errorf("the postmaster of %s: %w", old.Name, err)
		}
		at := time.Now()
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			return kills, failovers, recoveries, fmt.Errorf("SIGKILL %d (the postmaster of %s): %w", pid, old.Name, err)
		}
		kills++
		// Patroni can report the old leader for a while after the kill: a
		// leader counts once it is another node, or the same node with a
		// new postmaster.
		ms, leaderAfter, err := c.waitFor(ctx, "new leader after the kill of "+old.Name, func(ms []member) bool {
			l, ok := leaderOf(ms)
			if !ok || l.State != "running" || l.Name != old.Name {
				return ok && l.State == "running"
			}
			p, err := c.postmasterPID(ctx, l)
			return err == nil && p != pid
		})
		if err != nil {
			return kills, failovers, recoveries, err
		}
		how := "restarted in place by Patroni (no failover)"
		if l, _ := leaderOf(ms); l.Name != old.Name {
			how = "failed over to " + l.Name
			failovers++
		}
		if _, _, err := c.waitFor(ctx, "healthy cluster after the kill of "+old.Name, c.healthy); err != nil {
			return kills, failovers, recoveries, err
		}
		healthyAfter := time.Since(at)
		if _, _, err := c.waitFor(ctx, "commit after the kill of "+old.Name, func([]member) bool { return !ld.firstCommitStartedAfter(at).IsZero() }); err != nil {
			return kills, failovers, recoveries, err
		}
		recoveries = append(recoveries, ld.firstCommitStartedAfter(at).Sub(at).Round(10*time.Millisecond).String())
		t.Logf("kill %d: %s (postmaster %d) at +%s, %s; a leader after %s; the next commit after %s; healthy (the old node a replica again) after %s",
			kills, old.Name, pid, at.Sub(ld.start).Round(time.Millisecond), how, leaderAfter.Round(10*time.Millisecond),
			recoveries[len(recoveries)-1], healthyAfter.Round(10*time.Millisecond))
	}
	return kills, failovers, recoveries, nil
}

// ---- verification on every node

// verifyEveryNode waits until every node has replayed what the primary
// wrote, then checks each node's data, directly and read-only.
func (c *patroni) verifyEveryNode(t *testing.T, schema string, runs []*foreignerRun) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*clusterWait)
	defer cancel()
	ms, _, err := c.waitFor(ctx, "healthy cluster to verify", c.healthy)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := leaderOf(ms)
	ldb := c.node(l)
	defer ldb.Close()
	var lsn string
	if err := ldb.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&lsn); err != nil {
		t.Fatalf("the primary's WAL position: %v", err)
	}
	for _, m := range ms {
		db := c.node(m)
		defer db.Close()
		for caughtUp, start := m.Name == l.Name, time.Now(); !caughtUp; time.Sleep(200 * time.Millisecond) {
			err := db.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", lsn).Scan(&caughtUp)
			if time.Since(start) > clusterWait {
				t.Fatalf("%s has not replayed the WAL up to %s after %s: %v", m.Name, lsn, clusterWait, err)
			}
		}
		problems, counts := checkNode(ctx, db, schema, runs)
		t.Logf("%s (%s): %s", m.Name, m.Role, counts)
		if len(problems) > 0 {
			t.Errorf("%s (%s): the data of %d foreigners differ from what was acknowledged, e.g.:\n%s",
				m.Name, m.Role, len(problems), strings.Join(problems[:min(len(problems), 10)], "\n"))
		}
	}
}

// checkNode compares one node's data with what was acknowledged, one
// foreigner at a time: the trip of the entry, and the registration,
// confirmed at version 2 once Confirm succeeded, with its events,
// idempotency key and outbox messages. A registration nobody
// acknowledged, or a second one, shows as a difference too.
func checkNode(ctx context.Context, db *sql.DB, schema string, runs []*foreignerRun) (problems []string, counts string) {
	s := `"` + schema + `".`
	rows, err := db.QueryContext(ctx, `SELECT foreigner, CASE WHEN t.foreigner IS NULL THEN 'no trip; ' ELSE 'trip; ' END ||
		CASE WHEN r.id IS NULL THEN 'no registration' ELSE format('%s %s v%s, events %s (last %s), keys %s, outbox [%s]', r.id, r.state, r.version,
			(SELECT count(*) FROM `+s+`registration_events e WHERE e.registration_id = r.id),
			(SELECT max(seq) FROM `+s+`registration_events e WHERE e.registration_id = r.id),
			(SELECT count(*) FROM `+s+`idempotency_keys k WHERE k.registration_id = r.id),
			(SELECT string_agg(o.id || ' ' || o.kind, ', ' ORDER BY o.id) FROM `+s+`outbox o WHERE o.registration_id = r.id)) END
		FROM (SELECT foreigner FROM `+s+`trips WHERE entry = $1::date) t FULL JOIN `+s+`registrations r USING (foreigner)
		ORDER BY 2`, entryDay.String())
	got := map[string][]string{} // by foreigner
	regs := 0
	for err == nil && rows.Next() {
		var f, row string
		err = rows.Scan(&f, &row)
		got[f] = append(got[f], row)
		if !strings.HasSuffix(row, "no registration") {
			regs++
		}
	}
	if rows != nil {
		err = cmp.Or(err, rows.Err())
		rows.Close()
	}
	if err != nil {
		return []string{"reading: " + err.Error()}, ""
	}
	counts = fmt.Sprintf("%d foreigners, %d registrations", len(got), regs)
	for _, fr := range runs {
		var want []string
		switch id, request, decision := fr.id, migreg.NotifyHostRequest, migreg.NotifyDecision; {
		case fr.confirmed:
			want = []string{fmt.Sprintf("trip; %s confirmed v2, events 2 (last 2), keys 1, outbox [%[1]s/1 %[2]s, %[1]s/2 %[3]s]", id, request, decision)}
		case id != "":
			want = []string{fmt.Sprintf("trip; %s pending v1, events 1 (last 1), keys 1, outbox [%[1]s/1 %[2]s]", id, request)}
		case fr.entered:
			want = []string{"trip; no registration"}
		}
		if g := got[string(fr.foreigner)]; !slices.Equal(g, want) {
			problems = append(problems, fmt.Sprintf("foreigner %d: %q; want %q", fr.n, g, want))
		}
		delete(got, string(fr.foreigner))
	}
	for f, g := range got {
		problems = append(problems, fmt.Sprintf("foreigner %s, of no lifecycle: %q", f, g))
	}
	slices.Sort(problems)
	return problems, counts
}

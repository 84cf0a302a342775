#!/usr/bin/env bash
# setup.sh: start a 3-node Patroni cluster (PostgreSQL 15, synchronous
# replication) with one etcd, all on 127.0.0.1, for the failover test
# (store/sqlstore/dbtest/failover_test.go). Ports and paths: common.sh.
#
#   MIGREG_PATRONI_DIR=/tmp/migreg-patroni .ci/patroni/setup.sh
#   cd store/sqlstore/dbtest && MIGREG_PATRONI_DSN='postgres://postgres@127.0.0.1:6001,127.0.0.1:6002,127.0.0.1:6003/postgres?target_session_attrs=read-write&connect_timeout=3&sslmode=disable' \
#       go test -run TestPatroniFailover -count=1 -v .
#   MIGREG_PATRONI_DIR=/tmp/migreg-patroni .ci/patroni/teardown.sh
#
# Run as root (it installs Debian's packages and runs the cluster as the
# postgres user). Idempotent: when our cluster is already up and healthy it
# leaves it as it is; otherwise it tears down what is left of one and starts
# a new one. Every wait is bounded. It never touches the PostgreSQL on 5432.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

[ "$(id -u)" = 0 ] || { echo "run setup.sh as root" >&2; exit 1; }
check_dir

# 1. Packages, from Debian. Pitfall: `python3` on PATH can be another
# Python (pyenv's here), which lacks Debian's python3-etcd: check with
# /usr/bin/python3, the interpreter of /usr/bin/patroni.
if [ ! -x /usr/bin/patroni ] || [ ! -x /usr/bin/etcd ] || [ ! -x /usr/bin/etcdctl ] ||
	! /usr/bin/python3 -c 'import etcd' 2>/dev/null || ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
	had_etcd=$([ -x /usr/bin/etcd ] && echo yes || true)
	log "installing patroni, etcd-server, etcd-client, python3-etcd, curl, jq"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		patroni etcd-server etcd-client python3-etcd curl jq >/dev/null
	# Pitfall: on a host run by systemd, installing etcd-server starts
	# Debian's own etcd on 2379 (in a container, policy-rc.d prevents it).
	# We do not use it: disable it, unless it was there before us. (Debian's
	# patroni.service does nothing without /etc/patroni/config.yml.)
	if [ -z "$had_etcd" ] && [ -d /run/systemd/system ]; then
		systemctl disable --now etcd.service >/dev/null 2>&1 || true
	fi
fi
# PostgreSQL itself comes from .ci/run, which installs Debian's postgresql
# (version 15 on Debian 12) when it is missing. Installing it here would
# create and start a cluster on 5432 as a side effect.
[ -x "$PGBIN/postgres" ] || { echo "no PostgreSQL binaries at $PGBIN (install Debian's postgresql-15, or set MIGREG_PATRONI_PGBIN)" >&2; exit 1; }
id postgres >/dev/null 2>&1 || { echo "no postgres user (it comes with Debian's postgresql packages)" >&2; exit 1; }

# healthy: Patroni (through any node's REST API) reports 3 members, one
# leader, and two replicas that replicate (Patroni 3.0.2 says "running" for
# a replica; later versions say "streaming"), one of them the synchronous
# standby.
healthy() {
	local n json
	for n in "${NODES[@]}"; do
		json=$(curl -fsS -m 2 "http://127.0.0.1:$(rest_port "$n")/cluster" 2>/dev/null) || continue
		jq -e '(.members | length) == 3
			and ([.members[] | select(.role == "leader" and .state == "running")] | length) == 1
			and ([.members[] | select(.role != "leader" and (.state == "running" or .state == "streaming"))] | length) == 2
			and ([.members[] | select(.role == "sync_standby")] | length) == 1' <<<"$json" >/dev/null
		return
	done
	return 1
}

# 2. Ours already up and healthy: nothing to do.
if [ -e "$DIR/$MARKER" ] && [ -n "$(pids_matching "$(etcd_cmd)" "$DIR/etcd.pid")" ] && healthy; then
	log "the cluster in $DIR is already running and healthy"
	exit 0
fi

# 3. Otherwise start from nothing: stop what is left of ours (the marker
# is written before anything starts), then check that nobody else holds
# our ports.
if [ -e "$DIR/$MARKER" ]; then "$here/teardown.sh"; fi
for p in "${PORTS[@]}"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		echo "port $p on 127.0.0.1 is in use by another program; the cluster needs ${PORTS[*]}" >&2
		exit 1
	fi
done
mkdir -p "$DIR"
touch "$DIR/$MARKER"
mkdir -p "$DIR/etcd" "$DIR/pg1" "$DIR/pg2" "$DIR/pg3"
chown postgres:postgres "$DIR" "$DIR/etcd" "$DIR/pg1" "$DIR/pg2" "$DIR/pg3"
chmod 0755 "$DIR"
chmod 0700 "$DIR/etcd" "$DIR/pg1" "$DIR/pg2" "$DIR/pg3"
# Pitfall: a directory under a path the postgres user cannot traverse
# (e.g. under /root) makes initdb fail with a confusing error. Check first.
setpriv --reuid=postgres --regid=postgres --init-groups -- test -w "$DIR/pg1" ||
	{ echo "the postgres user cannot write to $DIR/pg1 (is a parent of $DIR closed to it?)" >&2; exit 1; }

# AS_PG runs a program as postgres through exec alone (setsid, env and
# setpriv each exec the next), so that $! after `"${AS_PG[@]}" prog &` is
# the PID of prog itself. Pitfall: backgrounding a shell function instead
# records the PID of a subshell, and a teardown then signals the wrong
# process. Pitfall: without setsid the daemons stay in this script's
# process group, and a wrapper such as `timeout 300 setup.sh` kills them
# all when it signals the group.
AS_PG=(setsid env -i HOME=/var/lib/postgresql PATH=/usr/bin:/bin LANG=C.UTF-8
	setpriv --reuid=postgres --regid=postgres --init-groups --)

# wait_for SECONDS WHAT COMMAND...: run COMMAND every half second until it
# succeeds; fail after SECONDS.
wait_for() {
	local secs=$1 what=$2 i
	shift 2
	for ((i = 0; i < secs * 2; i++)); do
		if "$@"; then return 0; fi
		sleep 0.5
	done
	echo "timed out after ${secs}s waiting for $what" >&2
	return 1
}

# 4. etcd (v3 API, which Patroni's etcd3 section uses).
log "starting etcd on 127.0.0.1:$ETCD_CLIENT"
"${AS_PG[@]}" /usr/bin/etcd --name "$SCOPE-etcd" --data-dir "$DIR/etcd/data" \
	--listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
	--listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
	--initial-cluster "$SCOPE-etcd=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new \
	--initial-cluster-token "$SCOPE" </dev/null >"$DIR/etcd/etcd.log" 2>&1 &
echo $! >"$DIR/etcd.pid"
etcd_healthy() { ETCDCTL_API=3 etcdctl --endpoints="127.0.0.1:$ETCD_CLIENT" --command-timeout=2s endpoint health >/dev/null 2>&1; }
wait_for 20 "etcd (see $DIR/etcd/etcd.log)" etcd_healthy

# 5. One Patroni configuration per node.
for n in "${NODES[@]}"; do
	cat >"$DIR/pg$n/patroni.yml" <<EOF
scope: $SCOPE
namespace: /migreg/
name: pg$n
log:
  level: INFO
  dir: $DIR/pg$n
  file_num: 2
restapi:
  listen: 127.0.0.1:$(rest_port "$n")
  connect_address: 127.0.0.1:$(rest_port "$n")
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT
bootstrap:
  dcs:
    # Short cycles, for a failover within seconds (Patroni requires
    # ttl >= 20 and loop_wait + 2 * retry_timeout <= ttl).
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    # Pitfall: with the default (300 s), Patroni restarts a crashed
    # primary in place and keeps the leader lock: no failover. With 0 the
    # synchronous standby takes over at once.
    primary_start_timeout: 0
    # A commit is acknowledged only once the synchronous standby has it,
    # and only that standby may be promoted: a failover loses no
    # acknowledged commit. Strict: with no standby in sync, commits wait
    # rather than go asynchronous.
    synchronous_mode: true
    synchronous_mode_strict: true
    synchronous_node_count: 1
    postgresql:
      # A killed primary rejoins as a replica after pg_rewind.
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        synchronous_commit: "on"
        max_connections: 100
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
postgresql:
  listen: 127.0.0.1:$(pg_port "$n")
  connect_address: 127.0.0.1:$(pg_port "$n")
  data_dir: $DIR/pg$n/data
  bin_dir: $PGBIN
  pgpass: $DIR/pg$n/pgpass
  parameters:
    # A socket directory of its own: /var/run/postgresql is the system
    # cluster's.
    unix_socket_directories: $DIR/pg$n
    shared_buffers: 64MB
    logging_collector: "off"
    log_min_messages: warning
  # Trust, on loopback only: a throwaway test cluster. Local (socket)
  # connections only for the postgres OS user, as itself.
  pg_hba:
    - local all postgres peer
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
  authentication:
    superuser:
      username: postgres
      password: postgres
    replication:
      username: replicator
      password: replicator
  create_replica_methods: [basebackup]
  basebackup:
    - checkpoint: fast
EOF
	chown postgres:postgres "$DIR/pg$n/patroni.yml"
	chmod 0600 "$DIR/pg$n/patroni.yml"
done

start_node() {
	"${AS_PG[@]}" /usr/bin/patroni "$DIR/pg$1/patroni.yml" </dev/null >"$DIR/pg$1/patroni.out" 2>&1 &
	echo $! >"$DIR/pg$1.pid"
}
is_primary() { [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$(rest_port 1)/primary")" = 200 ]; }

# 6. pg1 bootstraps (initdb) and takes the leader lock; then pg2 and pg3
# clone it (pg_basebackup) and replicate, one of them synchronously.
log "starting pg1 (initdb)"
start_node 1
wait_for 90 "pg1 to become the primary (see $DIR/pg1/patroni.log)" is_primary
log "starting pg2 and pg3 (pg_basebackup)"
start_node 2
start_node 3
wait_for 120 "pg2 and pg3 to replicate (see $DIR/pg[23]/patroni.log)" healthy

curl -fsS -m 2 "http://127.0.0.1:$(rest_port 1)/cluster" |
	jq -r '.members[] | "  \(.name)  \(.host):\(.port)  \(.role)  \(.state)"'
log "ready: postgres://postgres@127.0.0.1:6001,127.0.0.1:6002,127.0.0.1:6003/postgres?target_session_attrs=read-write&connect_timeout=3&sslmode=disable"

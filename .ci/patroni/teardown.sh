#!/usr/bin/env bash
# teardown.sh: stop the Patroni agents, their PostgreSQL servers and the
# etcd that setup.sh started in $MIGREG_PATRONI_DIR, and remove the
# directory. Safe to run when nothing (or only part of it) is running.
#
# Each process is found by the PID that setup.sh recorded or, when that
# file is stale or missing, by a scan of /proc for a command line naming our
# own configuration file or data directory (common.sh), and is signalled by
# its PID after its command line was checked: never by name. The
# PostgreSQL on 5432 never matches.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

check_dir
[ -d "$DIR" ] || exit 0

alive() { kill -0 "$1" 2>/dev/null; }
any_alive() {
	local p
	for p in "$@"; do
		if alive "$p"; then return 0; fi
	done
	return 1
}

# stop NAME SIGNAL SECONDS PID...: signal each PID, wait up to SECONDS for
# all of them to end, then SIGKILL what is left.
stop() {
	local name=$1 sig=$2 secs=$3 p i
	shift 3
	[ $# -gt 0 ] || return 0
	log "stopping $name (pid $*) with SIG$sig"
	for p in "$@"; do kill "-$sig" "$p" 2>/dev/null || true; done
	for ((i = 0; i < secs * 10; i++)); do
		any_alive "$@" || return 0
		sleep 0.1
	done
	for p in "$@"; do
		if alive "$p"; then
			log "$name pid $p still alive after ${secs}s: SIGKILL"
			kill -KILL "$p" 2>/dev/null || true
		fi
	done
}

# 1. The Patroni agents first. On SIGTERM an agent shuts its PostgreSQL
# down (fast) and exits. Pitfall: a postmaster stopped while its agent
# still runs is simply started again by the agent.
agents=()
for n in "${NODES[@]}"; do
	mapfile -t -O "${#agents[@]}" agents < <(pids_matching "$(patroni_cmd "$n")" "$DIR/pg$n.pid")
done
stop patroni TERM 30 "${agents[@]}"

# 2. Any postmaster still running (its agent was SIGKILLed, say): fast
# shutdown, then SIGKILL. Then the backends a SIGKILLed postmaster left
# behind, which exit by themselves once they notice; their command line
# names our cluster ("postgres: migreg-patroni: ..."), and only one such
# cluster can run on a machine, since the ports are fixed.
pms=()
for n in "${NODES[@]}"; do
	mapfile -t -O "${#pms[@]}" pms < <(pids_matching "$(postmaster_cmd "$n")")
done
stop postmaster INT 20 "${pms[@]}"
mapfile -t orphans < <(pids_matching "postgres: $SCOPE: ")
stop "orphaned backends" TERM 5 "${orphans[@]}"

# 3. etcd.
mapfile -t ps < <(pids_matching "$(etcd_cmd)" "$DIR/etcd.pid")
stop etcd TERM 10 "${ps[@]}"

# 4. The data. Only a directory that setup.sh made (check_dir above).
rm -rf "$DIR"
log "stopped everything and removed $DIR"

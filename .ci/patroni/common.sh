# Shared by setup.sh and teardown.sh (sourced, not run): where the test
# cluster lives and how its processes are recognized.
#
#   etcd      client 127.0.0.1:23790, peer 127.0.0.1:23800 (not etcd's default 2379/2380)
#   pg1..pg3  PostgreSQL on 127.0.0.1:6001..6003, Patroni REST on 127.0.0.1:8008..8010
#   data      $MIGREG_PATRONI_DIR/{etcd,pg1,pg2,pg3}, PIDs in $MIGREG_PATRONI_DIR/*.pid
#
# The PostgreSQL on 5432 (Debian's cluster, /var/lib/postgresql/15/main)
# shares nothing with it: other ports, data directories and socket
# directories, and no process of it matches the patterns below.

DIR=${MIGREG_PATRONI_DIR:?set MIGREG_PATRONI_DIR to a scratch directory for the cluster}
PGBIN=${MIGREG_PATRONI_PGBIN:-/usr/lib/postgresql/15/bin}
SCOPE=migreg-patroni
ETCD_CLIENT=23790
ETCD_PEER=23800
NODES=(1 2 3)
PORTS=(6001 6002 6003 8008 8009 8010 "$ETCD_CLIENT" "$ETCD_PEER")
# A file that marks a directory as one of ours: teardown.sh removes only a
# directory that has it, so a mistyped MIGREG_PATRONI_DIR never deletes
# anything else.
MARKER=.migreg-patroni

pg_port() { echo $((6000 + $1)); }
rest_port() { echo $((8007 + $1)); }

# What the command lines of our processes contain. Each holds a path under
# $DIR, so nothing outside this cluster ever matches.
etcd_cmd() { echo "/usr/bin/etcd --name $SCOPE-etcd --data-dir $DIR/etcd/data"; }
patroni_cmd() { echo "/usr/bin/patroni $DIR/pg$1/patroni.yml"; }
postmaster_cmd() { echo "$PGBIN/postgres -D $DIR/pg$1/data"; }

log() { echo "[${0##*/} $(date +%T)] $*"; }

# Refuse a directory that is not ours: it must be absolute, and be missing,
# empty, or hold the marker.
check_dir() {
	case $DIR in
	/ | /*/ | "") echo "MIGREG_PATRONI_DIR=$DIR: give an absolute path without a trailing slash, not /" >&2; return 1 ;;
	/*) ;;
	*) echo "MIGREG_PATRONI_DIR=$DIR is not an absolute path" >&2; return 1 ;;
	esac
	if [ -d "$DIR" ] && [ ! -e "$DIR/$MARKER" ] && [ -n "$(ls -A "$DIR")" ]; then
		echo "$DIR is not empty and was not made by .ci/patroni/setup.sh (no $MARKER); refusing to use it" >&2
		return 1
	fi
}

cmdline_of() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true; }

# pids_matching PATTERN [PIDFILE]: the PIDs of the processes whose command
# line contains PATTERN: the recorded one if it still matches, and any
# other found by a scan of /proc (a PID file can be stale, or missing after
# an interrupted setup.sh). Patroni is a Python script, so its command line
# begins with /usr/bin/python3: match anywhere, not at the start.
pids_matching() {
	local pattern=$1 file=${2:-} p d
	{
		if [ -n "$file" ] && [ -f "$file" ]; then
			p=$(cat "$file")
			if [[ "$(cmdline_of "$p")" == *"$pattern"* ]]; then echo "$p"; fi
		fi
		for d in /proc/[0-9]*; do
			p=${d#/proc/}
			if [ "$p" != "$$" ] && [ "$p" != "$BASHPID" ] && [[ "$(cmdline_of "$p")" == *"$pattern"* ]]; then
				echo "$p"
			fi
		done
	} | sort -un
}

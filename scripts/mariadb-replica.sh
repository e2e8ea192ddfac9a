#!/usr/bin/env bash
# A MariaDB source/replica pair for the replica specs on DB=mysql: a source on 127.0.0.1:3307
# (binary log on) and a replica on 127.0.0.1:3308 replicating from it (GTID, read_only).
# The main server (3306) runs without a binary log and turning it on needs a restart, which
# would break every test running on it: this pair stands in for "the local server + a replica".
#   mariadb-replica.sh          idempotent: create the datadirs when missing, start what is
#                               stopped, (re)point the replica at the source; one line when up
#   mariadb-replica.sh --stop   stop both
#   mariadb-replica.sh --remove stop both and delete their datadirs
set -uo pipefail; cd /
log() { printf 'mariadb-replica: %s\n' "$*"; }
die() { log "$*" >&2; exit 1; }
BASE=/var/lib/stratum-mariadb SOURCE_PORT=${MYSQL_SOURCE_PORT:-3307} REPLICA_PORT=${MYSQL_REPLICA_PORT:-3308}
q() { local port=$1; shift; mariadb --protocol=tcp -h 127.0.0.1 -P "$port" -uroot -N -B "$@"; }
up() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P "$1" -uroot ping >/dev/null 2>&1; }

# the pair runs a copy of mariadbd: `start-stop-daemon --exec /usr/sbin/mariadbd` (how
# test-services.sh and the restart spec find the main server) must not match them
BIN=$BASE/bin/mariadbd
copy_binary() {
  mkdir -p "$BASE/bin"
  cmp -s /usr/sbin/mariadbd "$BIN" || install -m 755 /usr/sbin/mariadbd "$BIN" || die "could not copy mariadbd"
}

# one server: name, port, server id, extra options
start() {
  local name=$1 port=$2 id=$3 dir=$BASE/$1; shift 3
  up "$port" && return 0
  mkdir -p "$dir" && chown mysql:mysql "$BASE" "$dir"
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --user=mysql --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db >/dev/null 2>&1 || die "mariadb-install-db failed for $name"
  fi
  start-stop-daemon --start --background --chuid mysql --pidfile "$dir/mariadbd.pid" --exec "$BIN" -- \
    --no-defaults --basedir=/usr --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
    --socket="$dir/mariadbd.sock" --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" \
    --server-id="$id" --innodb-buffer-pool-size=32M --performance-schema=OFF --skip-name-resolve "$@" \
    || die "could not start $name"
  for _ in $(seq 1 80); do up "$port" && break; sleep 0.25; done
  up "$port" || die "$name does not answer on $port (see $dir/error.log)"
  # root over TCP with an empty password, like the main server
  q "$port" -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" 2>/dev/null
  true
}

stop() {  # and wait until both processes are gone (a datadir is locked until then)
  local pids=() file
  for name in replica source; do
    file=$BASE/$name/mariadbd.pid
    [ -f "$file" ] && pids+=("$(cat "$file")")
  done
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 120); do kill -0 "${pids[@]}" 2>/dev/null || return 0; sleep 0.25; done
  die "mariadbd ${pids[*]} did not stop within 30 s"
}

running() { [ "$(mariadb --protocol=tcp -h 127.0.0.1 -P "$REPLICA_PORT" -uroot -e "SHOW REPLICA STATUS\G" 2>/dev/null | awk '/Slave_SQL_Running:|Slave_IO_Running:/ {print $2}' | sort -u)" = Yes ]; }

case "${1:-}" in
  --stop) stop; exit 0 ;;
  --remove) stop; rm -rf "$BASE"; log "removed $BASE"; exit 0 ;;
  "") ;;
  *) echo "usage: $0 [--stop|--remove]" >&2; exit 2 ;;
esac
[ -x /usr/sbin/mariadbd ] || die "no /usr/sbin/mariadbd (run scripts/test-services.sh)"
copy_binary

ensure() {
  start source "$SOURCE_PORT" 11 --log-bin=mariadb-bin --binlog-format=ROW
  start replica "$REPLICA_PORT" 12 --read-only=ON --relay-log=relay-bin
  if ! running; then
    q "$SOURCE_PORT" -e "CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY 'repl';
      GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';" || die "could not create the replication user"
    q "$REPLICA_PORT" -e "STOP REPLICA; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$SOURCE_PORT,
      MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos; START REPLICA;" \
      || die "could not point the replica at the source"
    for _ in $(seq 1 80); do running && break; sleep 0.25; done
    running || die "the replica does not replicate (see $BASE/replica/error.log)"
  fi
  # the databases the specs use, created on the source so the replica gets them
  for db in stratum_test ${MYSQL_DATABASE:-}; do
    q "$SOURCE_PORT" -e "CREATE DATABASE IF NOT EXISTS \`$db\`" || die "could not create $db"
  done
}

# a pair left broken (killed mid-write, replication stopped on an error) is rebuilt once
if ! (ensure); then
  log "rebuilding the pair from scratch"
  stop; rm -rf "$BASE/source" "$BASE/replica"
  (ensure) || exit 1
fi
log "source on 127.0.0.1:$SOURCE_PORT, replica on 127.0.0.1:$REPLICA_PORT replicating"

#!/usr/bin/env bash
# PgBouncer in transaction pooling on 127.0.0.1:6432 in front of the local PostgreSQL
# (127.0.0.1:5432), for test/database/pgbouncer.spec.ts and PG_PORT=6432 runs of the pg suite.
# Idempotent: installs Debian's package when missing, starts it when it does not answer.
#   pgbouncer.sh         make sure it answers
#   pgbouncer.sh --stop  stop it
set -uo pipefail; cd /
log() { printf 'pgbouncer: %s\n' "$*"; }
PORT=${PGBOUNCER_PORT:-6432} DIR=/var/lib/postgresql/stratum_pgbouncer
up() { psql -X -q -A -t -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; }

if [ "${1:-}" = --stop ]; then
  [ -f "$DIR/pgbouncer.pid" ] && kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null
  exit 0
fi
up && { log "answers on 127.0.0.1:$PORT"; exit 0; }
if ! command -v pgbouncer >/dev/null && [ ! -x /usr/sbin/pgbouncer ]; then
  log "installing pgbouncer"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer) >/dev/null \
    || { log "apt-get install pgbouncer failed"; exit 1; }
fi
mkdir -p "$DIR"
printf '"postgres" ""\n' > "$DIR/userlist.txt"
cat > "$DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
admin_users = postgres
pidfile = $DIR/pgbouncer.pid
logfile = $DIR/pgbouncer.log
INI
# a pgbouncer killed without cleaning up leaves its pidfile, and a new one refuses to start
if [ -f "$DIR/pgbouncer.pid" ] && ! kill -0 "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null; then
  rm -f "$DIR/pgbouncer.pid"
fi
chown -R postgres:postgres "$DIR"
log "starting pgbouncer (transaction pooling) on 127.0.0.1:$PORT"
runuser -u postgres -- /usr/sbin/pgbouncer -d "$DIR/pgbouncer.ini" || { log "pgbouncer did not start (see $DIR/pgbouncer.log)"; exit 1; }
for _ in $(seq 1 40); do up && { log "answers on 127.0.0.1:$PORT"; exit 0; }; sleep 0.25; done
log "pgbouncer does not answer on 127.0.0.1:$PORT (see $DIR/pgbouncer.log)"; exit 1

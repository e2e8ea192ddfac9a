#!/usr/bin/env bash
# A hot standby of the local PostgreSQL (127.0.0.1:5432) for the replica specs: cluster
# <version>/stratum_standby on 127.0.0.1:5433, made with pg_basebackup -R, streaming through a slot.
#   pg-standby.sh          idempotent: create it when missing, start it when stopped, resume a
#                          paused replay; prints one line when it is already streaming
#   pg-standby.sh --stop   stop it (the failover spec starts it again with the plain form)
#   pg-standby.sh --remove stop and drop the cluster and its slot
# Needs root and trust for postgres over TCP (scripts/test-services.sh sets both up).
set -uo pipefail; cd /
log() { printf 'pg-standby: %s\n' "$*"; }
die() { log "$*" >&2; exit 1; }
PPORT=${PG_PRIMARY_PORT:-5432} SPORT=${PG_STANDBY_PORT:-5433} NAME=stratum_standby
ROLE=stratum_replicator SLOT=stratum_standby_slot
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres -p "$@"; }
qp() { q "$PPORT" -c "$1"; }
read -r VER MAIN < <(pg_lsclusters -h | awk -v p="$PPORT" '$3==p && $4 ~ /^online/ {print $1, $2; exit}')
[ -n "${VER:-}" ] || die "no online PostgreSQL cluster on port $PPORT (run scripts/test-services.sh)"
DATA=/var/lib/postgresql/$VER/$NAME
state() { pg_lsclusters -h "$VER" "$NAME" 2>/dev/null | awk '{print $4}'; }
streaming() { [ "$(q "$SPORT" -c 'SELECT status FROM pg_stat_wal_receiver' 2>/dev/null)" = streaming ]; }

drop_slot() {  # a just-stopped standby's WAL sender may hold the slot for a moment
  for _ in $(seq 1 20); do
    [ "$(qp "SELECT count(*) FROM pg_replication_slots WHERE slot_name='$SLOT'")" = 0 ] && return 0
    qp "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots
        WHERE slot_name='$SLOT' AND NOT active" >/dev/null 2>&1
    sleep 0.25
  done
  die "replication slot $SLOT is still in use"
}

prepare_primary() {
  local hba
  # wal_level, max_wal_senders and max_replication_slots need a restart to change: refuse instead
  [ "$(qp 'SHOW wal_level')" != minimal ] || die "the primary has wal_level=minimal: set it to replica and restart it"
  [ "$(qp 'SHOW max_wal_senders')" -ge 2 ] || die "the primary needs max_wal_senders >= 2"
  [ "$(qp "SELECT count(*) FROM pg_roles WHERE rolname='$ROLE'")" = 1 ] \
    || qp "CREATE ROLE $ROLE LOGIN REPLICATION" || exit 1
  hba=$(qp 'SHOW hba_file')
  if ! grep -q "^host replication $ROLE 127.0.0.1/32 trust" "$hba"; then
    sed -i "1i host replication $ROLE 127.0.0.1/32 trust" "$hba" || exit 1
    qp 'SELECT pg_reload_conf()' >/dev/null; sleep 0.5
  fi
  drop_slot
}

create() {
  local g opts=(-o hot_standby_feedback=on -o max_standby_streaming_delay=5s)
  prepare_primary
  # a hot standby refuses to start with these lower than on the primary
  for g in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction
  do opts+=(-o "$g=$(qp "SHOW $g")"); done
  log "creating $VER/$NAME on port $SPORT from $VER/$MAIN"
  pg_createcluster "$VER" "$NAME" -p "$SPORT" -d "$DATA" "${opts[@]}" -- --no-sync >/dev/null \
    || die "pg_createcluster failed"
  find "$DATA" -mindepth 1 -delete
  if ! runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PPORT" -U "$ROLE" -D "$DATA" -R -X stream -C -S "$SLOT" -c fast; then
    pg_dropcluster "$VER" "$NAME"; drop_slot; die "pg_basebackup failed"
  fi
  install -o postgres -g postgres -m 640 "$(qp 'SHOW hba_file')" "/etc/postgresql/$VER/$NAME/pg_hba.conf"
}

ensure() {
  local st; st=$(state)
  case "$st" in
    "") create ;;
    online,recovery) ;;
    down,recovery) ;;
    *) die "$VER/$NAME exists but is not a standby ($st): run $0 --remove, then $0" ;;
  esac
  if [[ $(state) == down* ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$VER" "$NAME" start \
      || die "could not start $VER/$NAME (see /var/log/postgresql/postgresql-$VER-$NAME.log)"
  fi
  # a spec that paused replay and died leaves it paused: resume
  q "$SPORT" -c 'SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()' >/dev/null 2>&1
  for _ in $(seq 1 60); do streaming && break; sleep 0.25; done
  streaming || die "$VER/$NAME does not stream (see /var/log/postgresql/postgresql-$VER-$NAME.log)"
  log "$VER/$NAME streams from port $PPORT on 127.0.0.1:$SPORT"
}

remove() {
  if [ -n "$(state)" ]; then
    [[ $(state) == down* ]] || pg_ctlcluster --skip-systemctl-redirect "$VER" "$NAME" stop -m fast
    pg_dropcluster "$VER" "$NAME" || die "pg_dropcluster failed"
  fi
  drop_slot; log "removed $VER/$NAME"
}

case "${1:-}" in
  # a standby left broken (its WAL gone, killed mid-basebackup) is rebuilt once
  "") (ensure) || { log "rebuilding $VER/$NAME"; remove; ensure; } ;;
  --stop) [[ $(state) == online* ]] && pg_ctlcluster --skip-systemctl-redirect "$VER" "$NAME" stop -m fast; true ;;
  --remove) remove ;;
  *) echo "usage: $0 [--stop|--remove]" >&2; exit 2 ;;
esac

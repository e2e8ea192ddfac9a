#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) answer and that the
# test database `stratum_test` exists on both. Idempotent; starts (or installs, from
# Debian's packages) a server only when it does not answer. Then the scaling specs' servers:
# a hot standby of PostgreSQL on 5433 (pg-standby.sh), PgBouncer on 6432 (pgbouncer.sh) and a
# MariaDB source/replica pair on 3307/3308 (mariadb-replica.sh); see docs/scaling.md.
set -u
log() { printf 'test-services: %s\n' "$*"; }
pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
my_up() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1 \
          || mariadb-admin --protocol=socket -uroot ping >/dev/null 2>&1; }
wait_for() { local i; for i in $(seq 1 60); do "$1" && return 0; sleep 0.5; done; return 1; }

if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "installing postgresql"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
  fi
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  log "starting postgresql $ver"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  wait_for pg_up || { log "postgresql did not come up"; exit 1; }
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='stratum_test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE stratum_test" || exit 1

if ! my_up; then
  if [ ! -x /usr/sbin/mariadbd ]; then
    log "installing mariadb-server"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server) >/dev/null
  fi
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null
  log "starting mariadb"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  wait_for my_up || { log "mariadb did not come up"; exit 1; }
fi
if ! mariadb --protocol=tcp -h 127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
  # a fresh Debian install lets root in by unix socket only: allow an empty password over TCP
  mariadb --protocol=socket -uroot <<'SQL' || true
ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
fi
mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "CREATE DATABASE IF NOT EXISTS stratum_test" || exit 1
log "postgresql and mariadb are up; stratum_test exists on both"
here=$(dirname "$0")
bash "$here/pg-standby.sh" || exit 1
bash "$here/pgbouncer.sh" || exit 1
bash "$here/mariadb-replica.sh" || exit 1

#!/usr/bin/env bash
# A local PostgreSQL cluster for Visage: role visage / password visage, databases visage (the suite) and
# visage_test (the tests).
#   deploy/local/postgres.sh start|stop|status
# Listens on 127.0.0.1:${PGPORT:-5432} (unix socket in /tmp/visage-pg-<hash>); log in .data/logs/postgres.log.
# Installs Debian's postgresql with apt-get when no initdb/postgres binaries are found.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${PGPORT:-5432}
HASH=$(printf %s "$ROOT" | sha256sum | cut -c1-12)
SOCK="/tmp/visage-pg-$HASH"
LOG="$LOGS/postgres.log"
PIDFILE="$RUN/postgres.pid"
AS_ROOT=0
[ "$(id -u)" = 0 ] && AS_ROOT=1

# PostgreSQL refuses to run as root: as root, everything runs as the postgres OS user.
as_pg() {
  if [ "$AS_ROOT" = 1 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

BIN=$(find_bin || true)

# The cluster goes in .data/postgres, unless the postgres user cannot reach it (a checkout under a
# directory it may not traverse, such as /root): then in /var/tmp/visage-pg-<hash of the repo path>.
PREFERRED="$DATA/postgres"
FALLBACK="/var/tmp/visage-pg-$HASH"

# Prints the directory of an initialised cluster, if there is one.
existing_data_dir() {
  local d
  for d in "$PREFERRED" "$FALLBACK"; do
    [ -f "$d/PG_VERSION" ] && { echo "$d"; return 0; }
  done
  return 1
}

# Creates and prints the directory for a new cluster, owned by whoever runs the server.
new_data_dir() {
  mkdir -p "$PREFERRED"
  if [ "$AS_ROOT" = 1 ]; then
    chown postgres:postgres "$PREFERRED"
    if ! as_pg test -w "$PREFERRED" -a -x "$PREFERRED"; then
      rmdir "$PREFERRED"
      mkdir -p "$FALLBACK"
      chown postgres:postgres "$FALLBACK"
      chmod 700 "$FALLBACK"
      echo "$FALLBACK"
      return
    fi
  fi
  chmod 700 "$PREFERRED"
  echo "$PREFERRED"
}

running() { [ -n "$1" ] && as_pg "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

ensure_installed() {
  if [ -z "$BIN" ]; then
    apt_install postgresql
    BIN=$(find_bin) || die "apt-get installed postgresql but no initdb/postgres binaries under /usr/lib/postgresql/*/bin"
  fi
  if [ "$AS_ROOT" = 1 ] && ! id postgres >/dev/null 2>&1; then
    say "creating the postgres OS user"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}

admin_sql() {
  as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres -d postgres "$@"
}

start() {
  ensure_installed
  local pgdata
  if ! pgdata=$(existing_data_dir); then
    pgdata=$(new_data_dir)
    say "initdb $pgdata"
    as_pg "$BIN/initdb" -D "$pgdata" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >>"$LOG" 2>&1 || { show_log_tail "$LOG"; die "initdb failed"; }
  fi
  [ "$pgdata" = "$PREFERRED" ] || say "cluster in $pgdata (the postgres user cannot reach $DATA)"
  mkdir -p "$SOCK"
  [ "$AS_ROOT" = 0 ] || chown postgres:postgres "$SOCK"

  if running "$pgdata"; then
    say "already running on 127.0.0.1:$PORT ($pgdata)"
  else
    port_open "$PORT" && die "127.0.0.1:$PORT is already taken by another process (set PGPORT)"
    # No -l: the server's output goes to $LOG, opened here (the postgres user may not be able to write .data/logs).
    as_pg "$BIN/pg_ctl" -D "$pgdata" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$SOCK" start >>"$LOG" 2>&1 \
      || { show_log_tail "$LOG"; die "PostgreSQL did not start"; }
    say "started on 127.0.0.1:$PORT ($pgdata), log $LOG"
  fi
  head -n 1 "$pgdata/postmaster.pid" >"$PIDFILE"

  local i
  for ((i = 0; i < 60; i++)); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.5
  done
  "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" >/dev/null || { show_log_tail "$LOG"; die "pg_isready failed"; }

  if [ "$(admin_sql -tAc "select 1 from pg_roles where rolname = 'visage'")" != 1 ]; then
    # CREATEDB so tests can make throw-away databases.
    admin_sql -c "create role visage login createdb password 'visage'"
    say "created role visage"
  fi
  # visage for the local suite, visage_test for the tests: faces enrolled by hand in the suite (sealed with its
  # own template key) must not meet the tests' gallery reconciliation, which refuses keys it is not given.
  for db in visage visage_test; do
    if [ "$(admin_sql -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
      admin_sql -c "create database $db owner visage"
      say "created database $db"
    fi
  done
  say "ready: postgresql://visage:visage@127.0.0.1:$PORT/visage"
}

stop() {
  local pgdata
  pgdata=$(existing_data_dir || true)
  if [ -n "$BIN" ] && running "$pgdata"; then
    as_pg "$BIN/pg_ctl" -D "$pgdata" -w -t 60 -m fast stop >>"$LOG" 2>&1 || { show_log_tail "$LOG"; die "pg_ctl stop failed"; }
    say "stopped (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'))"
  else
    say "not running"
  fi
  rm -f "$PIDFILE"
}

accepting() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

status() {
  local pgdata pid=
  pgdata=$(existing_data_dir || true)
  if [ -n "$BIN" ] && running "$pgdata"; then
    pid=$(head -n 1 "$pgdata/postmaster.pid")
  fi
  report_status "$pid" accepting "pg_isready fails" "$pgdata"
}

run_command "$@"

#!/usr/bin/env bash
# A local Redis for Visage, daemonized on 127.0.0.1:${REDIS_PORT:-6379}, no persistence.
#   deploy/local/redis.sh start|stop|status
# Working dir .data/redis, log .data/logs/redis.log, pid .data/run/redis.pid.
# Installs Debian's redis-server with apt-get when it is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${REDIS_PORT:-6379}
PIDFILE="$RUN/redis.pid"
LOG="$LOGS/redis.log"
MARKER="redis-server"

ping() { [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" = PONG ]; }

start() {
  if pid_alive "$PIDFILE" "$MARKER"; then
    ping || die "redis-server (pid $(cat "$PIDFILE")) runs but does not answer PING on 127.0.0.1:$PORT"
    say "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
    return 0
  fi
  { command -v redis-server && command -v redis-cli; } >/dev/null || apt_install redis-server
  port_open "$PORT" && die "127.0.0.1:$PORT is already taken by another process (set REDIS_PORT)"
  mkdir -p "$DATA/redis"
  rm -f "$PIDFILE"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
    --dir "$DATA/redis" --pidfile "$PIDFILE" --logfile "$LOG" \
    --save "" --appendonly no || { show_log_tail "$LOG"; die "redis-server failed to start"; }
  local i
  for ((i = 0; i < 60; i++)); do # 30 s
    if ping; then
      say "started (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT, log $LOG"
      return 0
    fi
    sleep 0.5
  done
  show_log_tail "$LOG"
  die "redis-server does not answer PING on 127.0.0.1:$PORT"
}

stop() { stop_pid "$PIDFILE" "$MARKER" redis 30; }

status() {
  report_status "$(pid_alive "$PIDFILE" "$MARKER" && cat "$PIDFILE")" ping "no PONG"
}

run_command "$@"

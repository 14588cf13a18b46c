#!/usr/bin/env bash
# Stops what deploy/local/up.sh started, by pid file: the services first, then Redis, PostgreSQL, Kafka.
# Safe when nothing runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
  read -r name _ _ <<<"${SERVICES[i]}"
  stop_pid "$RUN/$name.pid" "$(service_jar "$name")" "$name"
done
"$LOCAL/redis.sh" stop
"$LOCAL/postgres.sh" stop
"$LOCAL/kafka.sh" stop

#!/usr/bin/env bash
# Runs the whole Visage suite on this machine: models, Kafka, PostgreSQL, Redis, then the three services.
#   deploy/local/up.sh [--rebuild]
# Builds and runs on a JDK 25 or newer that it finds by itself (lib.sh's use_jdk).
# Builds with `mvn -B -q -DskipTests package` when a service jar is missing; --rebuild always builds (and first
# stops the services it started, so they come back on the new build). Safe to re-run: whatever already runs is
# left alone. Logs in .data/logs/, pids in .data/run/. deploy/local/down.sh stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rebuild=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=1 ;;
    *) echo "usage: $0 [--rebuild]" >&2; exit 2 ;;
  esac
done
use_jdk

MODELS_DIR=${VISAGE_MODELS_DIR:-$ROOT/models/installed}
"$ROOT/models/install.sh" "$MODELS_DIR"
MODELS_DIR=$(cd "$MODELS_DIR" && pwd)

build=$rebuild
for svc in "${SERVICES[@]}"; do
  read -r name _ _ <<<"$svc"
  [ -f "$(service_jar "$name")" ] || build=1
done
if [ "$build" = 1 ]; then
  if [ "$rebuild" = 1 ]; then
    for svc in "${SERVICES[@]}"; do
      read -r name _ _ <<<"$svc"
      stop_pid "$RUN/$name.pid" "$(service_jar "$name")" "$name"
    done
  fi
  say "building: mvn -B -q -DskipTests package"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "the build failed"
fi

# The administrator key of this installation: made once, kept readable by this user only, handed to face-api as
# its bootstrap key. Scripts (bench-*.sh) read it from here; the key exists nowhere else.
ADMIN_KEY_FILE="$DATA/admin-key"
if [ ! -s "$ADMIN_KEY_FILE" ]; then
  (umask 077 && printf 'vsk_%s\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$ADMIN_KEY_FILE")
  say "created the administrator API key in $ADMIN_KEY_FILE (mode 600)"
fi
chmod 600 "$ADMIN_KEY_FILE"
ADMIN_KEY=$(cat "$ADMIN_KEY_FILE")
# The key that seals face templates in PostgreSQL, made once like the administrator key. Losing it loses the
# enrolled templates (the photos were never kept): back it up with the database.
TEMPLATE_KEY_FILE="$DATA/template-keys"
if [ ! -s "$TEMPLATE_KEY_FILE" ]; then
  (umask 077 && printf 'local1:%s\n' "$(head -c 32 /dev/urandom | base64)" >"$TEMPLATE_KEY_FILE")
  say "created the template key in $TEMPLATE_KEY_FILE (mode 600)"
fi
chmod 600 "$TEMPLATE_KEY_FILE"

"$LOCAL/kafka.sh" start
"$LOCAL/postgres.sh" start
"$LOCAL/redis.sh" start

for svc in "${SERVICES[@]}"; do
  read -r name port _ <<<"$svc"
  jar=$(service_jar "$name")
  if pid_alive "$RUN/$name.pid" "$jar"; then
    say "$name already running (pid $(cat "$RUN/$name.pid"))"
    continue
  fi
  [ -f "$jar" ] || die "$jar is missing after the build"
  port_open "$port" && die "127.0.0.1:$port is already taken by another process"
  only_face_api=()
  face_api_jvm=()
  if [ "$name" = face-api ]; then
    only_face_api=(VISAGE_AUTH_BOOTSTRAP_KEY="$ADMIN_KEY" VISAGE_TEMPLATES_KEYS="$(cat "$TEMPLATE_KEY_FILE")")
    face_api_jvm=("${FACE_API_GC[@]}")
  fi
  launch "$RUN/$name.pid" "$LOGS/$name.log" env \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_HTTP_PORT="$port" \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:${KAFKA_PORT:-9092}" \
    VISAGE_MODELS_DIR="$MODELS_DIR" \
    VISAGE_DB_URL="postgresql://127.0.0.1:${PGPORT:-5432}/visage" \
    VISAGE_DB_USER=visage \
    VISAGE_DB_PASSWORD=visage \
    VISAGE_REDIS_URL="redis://127.0.0.1:${REDIS_PORT:-6379}/0" \
    VISAGE_FACE_API_URL="http://127.0.0.1:8080" \
    ${only_face_api[@]+"${only_face_api[@]}"} \
    java -Xmx1g ${face_api_jvm[@]+"${face_api_jvm[@]}"} --enable-native-access=ALL-UNNAMED \
      --add-modules jdk.incubator.vector -jar "$jar"
  say "$name starting (pid $(cat "$RUN/$name.pid")) on 127.0.0.1:$port, log $LOGS/$name.log"
done

for svc in "${SERVICES[@]}"; do
  read -r name port health <<<"$svc"
  pid=$(cat "$RUN/$name.pid")
  deadline=$((SECONDS + 180))
  while :; do
    if ! alive "$pid"; then
      show_log_tail "$LOGS/$name.log"
      die "$name (pid $pid) exited during start-up; deploy/local/down.sh stops the rest"
    fi
    code=$(http_code "$port" "$health")
    [ "$code" = 200 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log_tail "$LOGS/$name.log"
      die "$name did not answer 200 on http://127.0.0.1:$port$health within 180 s (last: ${code:-no answer})"
    fi
    sleep 1
  done
  say "$name ready (http://127.0.0.1:$port$health)"
done

cat <<EOF

Visage is up:
  face-api        http://127.0.0.1:8080   (every /api/v1 call needs an API key)
  admin API key   $ADMIN_KEY   (kept in $ADMIN_KEY_FILE)
                  curl -H "Authorization: Bearer \$(cat $ADMIN_KEY_FILE)" http://127.0.0.1:8080/api/v1/keys
  Swagger UI      http://127.0.0.1:8080/q/swagger-ui
  status          http://127.0.0.1:8082
  worker health   http://127.0.0.1:8081/q/health
Logs in $LOGS; stop everything with deploy/local/down.sh
EOF

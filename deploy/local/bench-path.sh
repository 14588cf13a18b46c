#!/usr/bin/env bash
# The whole-path benchmark (PathBenchmark): ONNX Runtime alone, the engine, and the REST API of the running suite
# under a loopback load of uncached verifies, for tight face crops and for phone photos, in one run on this machine.
# Starts the suite with deploy/local/up.sh when face-api does not answer (pass --no-api to measure only the
# engine and its bound). Bounded: at most 60 s per load level, loopback only.
# Usage: deploy/local/bench-path.sh [--no-api] [PathBenchmark options, e.g. --seconds=10 --concurrency=1,2,8,16]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_jdk

api=(--api=http://127.0.0.1:8080)
args=()
for arg in "$@"; do
  case "$arg" in
    --no-api) api=() ;;
    *) args+=("$arg") ;;
  esac
done

if [ ${#api[@]} -gt 0 ] && [ "$(http_code 8080 /q/health/ready)" != 200 ]; then
  "$LOCAL/up.sh"
fi

say "building the benchmark's classpath (mvn test-compile, log $LOGS/bench-build.log)"
(cd "$ROOT" && mvn -B -q -pl embedding-worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test) >"$LOGS/bench-build.log" 2>&1 \
  || { show_log_tail "$LOGS/bench-build.log"; die "the build failed"; }

key=()
if [ ${#api[@]} -gt 0 ]; then
  bench_key bench-path
  key=(-Dvisage.api.key="$BENCH_KEY")
fi

cd "$ROOT/embedding-worker"
# The load generator shares the cores with the suite: its GC as face-api's (lib.sh), so the megabyte request
# bodies it builds do not cost it a concurrent cycle each.
java -Xmx2g "${FACE_API_GC[@]}" --enable-native-access=ALL-UNNAMED \
  -Dvisage.models.dir="${VISAGE_MODELS_DIR:-$ROOT/models/installed}" \
  -Dvisage.shared.dir="${VISAGE_SHARED_DIR:-$ROOT/../shared}" ${key[@]+"${key[@]}"} \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" dev.visage.worker.engine.PathBenchmark \
  "${api[@]}" "${args[@]}"

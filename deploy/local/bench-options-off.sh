#!/usr/bin/env bash
# What the face-analysis options cost a worker when a request asks for none of them (OptionsOffBenchmark): the
# engine path before issue 12 against the path now, on the deepface photos, in one run. No service is started.
# Usage: deploy/local/bench-options-off.sh [ROUNDS (default 4)]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_jdk

say "building the benchmark's classpath (mvn test-compile, log $LOGS/bench-build.log)"
(cd "$ROOT" && mvn -B -q -pl embedding-worker -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test) >"$LOGS/bench-build.log" 2>&1 \
  || { show_log_tail "$LOGS/bench-build.log"; die "the build failed"; }

cd "$ROOT/embedding-worker"
java -Xmx2g --enable-native-access=ALL-UNNAMED \
  -Dvisage.models.dir="${VISAGE_MODELS_DIR:-$ROOT/models/installed}" \
  -Dvisage.shared.dir="${VISAGE_SHARED_DIR:-$ROOT/../shared}" \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" dev.visage.worker.engine.OptionsOffBenchmark "$@"

#!/usr/bin/env bash
# The project's test command: installs the models if missing, starts PostgreSQL and Redis
# (unless VISAGE_TEST_INFRA=none), then runs `mvn -B verify` from the repo root with any extra arguments, on a
# JDK 25 or newer that it finds by itself (lib.sh's use_jdk).
# PostgreSQL/Redis that this script started are stopped again when it ends.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_jdk

"$ROOT/models/install.sh"

started=()
stop_started() { for s in "${started[@]}"; do "$LOCAL/$s.sh" stop || true; done; }
trap stop_started EXIT
if [ "${VISAGE_TEST_INFRA:-}" != none ]; then
  for s in postgres redis; do
    "$LOCAL/$s.sh" status >/dev/null 2>&1 || started+=("$s")
    "$LOCAL/$s.sh" start
  done
fi

# Browser tests of the status page and the console (StatusPageBrowserIT, ConsoleBrowserIT): Debian Chromium +
# playwright-core, no browser download. Without them those tests are skipped with their reason, so a failed install
# does not stop the run.
mkdir -p "$LOGS"
{ command -v node && command -v npm; } >/dev/null || (apt_install nodejs npm) || say "node/npm unavailable"
[ -x /usr/bin/chromium ] || (apt_install chromium) || say "chromium unavailable"
for browser in status-service face-api; do
  (cd "$ROOT/$browser/src/test/browser" && npm ci --no-audit --no-fund) >>"$LOGS/npm.log" 2>&1 \
    || say "npm ci failed in $browser (see $LOGS/npm.log): its browser test will be skipped"
done

props=()
[ -z "${VISAGE_MODELS_DIR:-}" ] || props+=("-Dvisage.models.dir=$VISAGE_MODELS_DIR")
[ -z "${VISAGE_SHARED_DIR:-}" ] || props+=("-Dvisage.shared.dir=$VISAGE_SHARED_DIR")
cd "$ROOT"
mvn -B verify "${props[@]}" "$@"

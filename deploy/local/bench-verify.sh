#!/usr/bin/env bash
# End-to-end latency of POST /api/v1/verify through the whole running suite (deploy/local/up.sh first):
# face-api -> Kafka -> embedding-worker -> Kafka -> face-api. Sequential requests, bounded in count, to loopback only.
# face-api caches the workers' answers in Redis by photo hash, so by default the cached answers are deleted
# before every request (not timed) to measure real inference; pass "cached" as third argument to measure the
# cache-hit path instead.
# Usage: deploy/local/bench-verify.sh [REQUESTS (default 50, at most 1000)] [CONCURRENCY (default 1, at most 8)] [uncached|cached]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

requests=${1:-50}
concurrency=${2:-1}
mode=${3:-uncached}
(( requests >= 1 && requests <= 1000 )) || { echo "REQUESTS must be 1..1000" >&2; exit 2; }
(( concurrency >= 1 && concurrency <= 8 )) || { echo "CONCURRENCY must be 1..8" >&2; exit 2; }
photos="${VISAGE_SHARED_DIR:-$ROOT/../shared}/faces/deepface"
url=http://127.0.0.1:8080/api/v1/verify
times=$(mktemp)
bench_key bench-verify
trap 'rm -f "$times"; revoke_bench_key' EXIT

one() {
  if [ "$mode" = uncached ]; then
    redis-cli -p "${REDIS_PORT:-6379}" --scan --pattern 'visage:embedding:*' | xargs -r redis-cli -p "${REDIS_PORT:-6379}" DEL >/dev/null
  fi
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 -H "Authorization: Bearer $BENCH_KEY" \
    -F "image1=@$photos/img1.jpg" -F "image2=@$photos/img2.jpg" "$url"
}
export -f one
export photos url mode BENCH_KEY

for _ in 1 2 3 4 5; do one >/dev/null; done   # warm-up: JIT, connections, ONNX Runtime arenas
start=$(date +%s.%N)
seq "$requests" | xargs -P "$concurrency" -I{} bash -c one >"$times"
elapsed=$(echo "$(date +%s.%N) - $start" | bc -l)

failed=$(awk '$1 != 200' "$times" | wc -l)
awk '{print $2 * 1000}' "$times" | sort -n | awk -v mode="$mode" -v n="$requests" -v c="$concurrency" -v el="$elapsed" -v failed="$failed" '
  { v[NR] = $1; sum += $1 }
  # nearest rank: the smallest value with at least p of the samples at or below it
  function rank(p,  r) { r = int(p * NR); if (r < p * NR) r++; return r < 1 ? 1 : r }
  END {
    printf "verify (2 photos, img1.jpg 1382x1868 + img2.jpg 1536x1152), %s, %d requests, concurrency %d, %d failed\n", mode, n, c, failed
    printf "latency ms: mean %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", sum / NR, v[rank(0.5)], v[rank(0.9)], v[rank(0.99)], v[NR]
    printf "throughput: %.1f verifications/s\n", n / el
  }'

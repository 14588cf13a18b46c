# Shared helpers for the deploy/local scripts; sourced, not run.
# All state lives under <repo>/.data (git-ignored): logs in .data/logs, pid files in .data/run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL="$ROOT/deploy/local"
DATA="$ROOT/.data"
LOGS="$DATA/logs"
RUN="$DATA/run"
mkdir -p "$LOGS" "$RUN"

# The three services: name, HTTP port, health path that up.sh waits for.
SERVICES=(
  "embedding-worker 8081 /q/health/ready"
  "face-api 8080 /q/health/ready"
  "status-service 8082 /q/health/ready"
)
service_jar() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# face-api's garbage collector (also its image's JAVA_OPTS_APPEND): G1 with 16 MiB regions. An object over half a
# region is humongous, and a request holds three arrays of its photos' size (the body, each photo, the Kafka batch
# it is sent in). With the 1 MiB regions a 1 GiB heap gets, every body of two phone photos was humongous and each
# started a concurrent cycle: GC cost face-api 2.7 ms of CPU per photo, about half of all it spent; with 4 MiB
# regions a body with one 2.3 MB photo still did (1.1 ms per photo); with 16 MiB, bodies up to 8 MiB are ordinary
# young objects (0.2 ms) (docs/benchmarks.md). Named explicitly because under 1792 MiB of memory, as in its
# Deployment, the JVM would choose the serial collector, whose old-generation pauses grow with the heap that the
# gallery index fills.
FACE_API_GC=(-XX:+UseG1GC -XX:G1HeapRegionSize=16m)

say() { echo "$(basename "$0"): $*"; }
die() { echo "$(basename "$0"): ERROR: $*" >&2; exit 1; }

# The Java the suite is built and run with: at least this feature release (the root pom.xml enforces the same).
JAVA_MIN=25

# jdk_release DIR: the feature release of the JDK in DIR (25 for 25.0.1), nothing if DIR holds no JDK.
jdk_release() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/^ *java.specification.version = / { sub(/^1\./, "", $2); print $2; exit }'
}

# use_jdk: puts a JDK of at least $JAVA_MIN first (JAVA_HOME for Maven, PATH for java), looking at JAVA_HOME, the
# java on PATH, then the usual install directories; stops with what it needs when there is none.
use_jdk() {
  local candidates=() dir release
  [ -z "${JAVA_HOME:-}" ] || candidates+=("$JAVA_HOME")
  if command -v java >/dev/null; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* \
    "$HOME"/.jdks/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    release=$(jdk_release "$dir")
    if [[ "$release" =~ ^[0-9]+$ ]] && [ "$release" -ge "$JAVA_MIN" ]; then
      export JAVA_HOME="$dir"
      export PATH="$dir/bin:$PATH"
      return 0
    fi
  done
  die "Visage needs a JDK $JAVA_MIN or newer; none found in JAVA_HOME, on PATH, in /usr/lib/jvm, /opt/java,"\
" ~/.sdkman or ~/.jdks. Install one (Temurin $JAVA_MIN, say) and set JAVA_HOME to it."
}

show_log_tail() {
  echo "----- last ${2:-40} lines of $1 -----" >&2
  tail -n "${2:-40}" "$1" >&2 2>/dev/null || true
  echo "----- end of $1 -----" >&2
}

# alive PID: the process exists and is not a zombie.
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# pid_alive PIDFILE MARKER: the pid in PIDFILE runs and its command line contains MARKER
# (so a recycled pid is never mistaken for ours).
pid_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_code PORT PATH: prints the HTTP status of GET http://127.0.0.1:PORT/PATH (nothing if no answer).
http_code() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
    IFS=' ' read -r -t 10 _ code _ <&3 && echo "$code"
  ) 2>/dev/null || true
}

# launch PIDFILE LOG COMMAND...: runs COMMAND detached (own session, so it outlives this script and
# a Ctrl-C in this terminal), output appended to LOG (the previous run's log is kept as LOG.1).
launch() {
  local pidfile=$1 log=$2
  shift 2
  [ -f "$log" ] && mv -f "$log" "$log.1"
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$pidfile"
}

# stop_pid PIDFILE MARKER NAME [GRACE_SECONDS]: SIGTERM exactly that pid, SIGKILL after the grace time.
stop_pid() {
  local pidfile=$1 marker=$2 name=$3 grace=${4:-30} pid i
  if ! pid_alive "$pidfile" "$marker"; then
    rm -f "$pidfile"
    say "$name is not running"
    return 0
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    alive "$pid" || break
    sleep 0.2
  done
  if alive "$pid"; then
    say "$name (pid $pid) still running after ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "$name stopped (pid $pid)"
}

# apt_install PACKAGE...: Debian packages for the local infrastructure, installed only when missing.
apt_install() {
  command -v apt-get >/dev/null || die "$* is not installed and apt-get is not available: install it by hand"
  local sudo="" policy=/usr/sbin/policy-rc.d created=0 rc=0
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "$* is not installed; installing it needs root or sudo"
    sudo=sudo
  fi
  say "installing $* with apt-get (log: $LOGS/apt.log)"
  # Stop the package from starting its own system-wide service on the default port
  # (policy-rc.d exiting 101 means "action forbidden"); removed again right after.
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    created=1
  fi
  {
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
  } >>"$LOGS/apt.log" 2>&1 || rc=$?
  [ "$created" = 0 ] || $sudo rm -f "$policy"
  if [ "$rc" != 0 ]; then
    show_log_tail "$LOGS/apt.log" 20
    die "apt-get install $* failed"
  fi
}

# report_status PID READY_TEST WHAT: the status line every service script prints (pid, running, answering) and
# its exit code: 0 running and answering, 1 running but not answering (READY_TEST fails), 3 not running (no PID).
report_status() {
  local pid=$1 ready=$2 what=$3
  if [ -z "$pid" ]; then
    say "not running"
    return 3
  fi
  if $ready; then
    say "running (pid $pid) on 127.0.0.1:$PORT${4:+ ($4)}"
  else
    say "process running (pid $pid) but $what on 127.0.0.1:$PORT"
    return 1
  fi
}

# run_command ARG: the start|stop|status verbs of a service script, each a function the script defines.
run_command() {
  case "${1:-}" in
    start|stop|status) "$1" ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
}

# A key for a benchmark, made with this installation's administrator key (up.sh keeps it in .data/admin-key):
# verify scope only and a rate limit far above what loopback load reaches, so that the benchmark measures the
# service and not its limits. Revoked when the calling script exits (revoke_bench_key). Sets BENCH_KEY.
bench_key() {
  local admin answer id
  admin=$(cat "$DATA/admin-key" 2>/dev/null) || die "$DATA/admin-key is missing: start the suite with deploy/local/up.sh"
  answer=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"scopes\": [\"verify\"], \"requests_per_second\": 100000, \"burst\": 100000}" \
    http://127.0.0.1:8080/api/v1/keys) || die "face-api refused to create a benchmark key with $DATA/admin-key"
  BENCH_KEY=$(jq -r .data.key <<<"$answer")
  id=$(jq -r .data.id <<<"$answer")
  BENCH_ADMIN_KEY=$admin BENCH_KEY_ID=$id
  trap revoke_bench_key EXIT
}

# Revokes the key bench_key made; a script with its own EXIT trap calls it from there.
revoke_bench_key() {
  curl -sf -o /dev/null -X DELETE -H "Authorization: Bearer $BENCH_ADMIN_KEY" \
    "http://127.0.0.1:8080/api/v1/keys/$BENCH_KEY_ID" || true
}

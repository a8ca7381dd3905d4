#!/usr/bin/env bash
# FormAuto Ops build helper.
#   ./build.sh run     install what is missing, build, start the daemon on demo data (and the console)
#   ./build.sh test    install, build, start PostgreSQL/Redis/SMTP on loopback, run every test, stop them,
#                      then run each fuzz target for 30 s
#   ./build.sh fuzz [SECONDS]  build the libFuzzer targets (clang, ASan, UBSan) and run each (default 60 s)
#   ./build.sh deps | build | bench | clean
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
FUZZ_DIR=${FUZZ_DIR:-$ROOT/build-fuzz}

DEBIAN_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-websockets-dev qt6-charts-dev libhttp-parser-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins qt6-translations-l10n libgl-dev libqt6opengl6-dev
    libqt6sql6-sqlite libqt6sql6-psql
    libarchive-dev libsodium-dev libcurl4-openssl-dev libtomlplusplus-dev qtkeychain-qt6-dev
    postgresql redis-server python3 python3-aiosmtpd python3-websockets prometheus
    libssl-dev xvfb xauth fonts-noto-cjk sqlite3 libsqlite3-dev zstd
    clang-14 libclang-rt-14-dev llvm-14
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=()
    for p in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then return 0; fi
    log "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    # policy-rc.d keeps the packaged services (postgresql, redis, prometheus) from starting system-wide.
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    deps
    log "Building in $BUILD_DIR"
    mkdir -p "$BUILD_DIR"
    # One build at a time in a tree (two ninjas in one build directory corrupt its state).
    flock "$BUILD_DIR/.build.lock" sh -c '
        cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE="$3" >/dev/null &&
        cmake --build "$2" --parallel "$(nproc)"' sh "$ROOT" "$BUILD_DIR" "${BUILD_TYPE:-RelWithDebInfo}"
}

# The fuzz build: its own directory, clang, only the libraries the targets need (FORMAUTO_FUZZ).
build_fuzz() {
    deps
    log "Building the fuzz targets in $FUZZ_DIR (clang++-14, libFuzzer, ASan, UBSan)"
    mkdir -p "$FUZZ_DIR"
    flock "$FUZZ_DIR/.build.lock" sh -c '
        cmake -S "$1" -B "$2" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug -DFORMAUTO_FUZZ=ON >/dev/null &&
        cmake --build "$2" --parallel "$(nproc)" --target fuzzers' sh "$ROOT" "$FUZZ_DIR"
}

# Each target in turn on a copy of its seed corpus (tests/fuzz/corpus/NAME) for SECONDS.
# A crash, leak, UB, timeout (10 s for one input) or more than 2 GiB fails the run; what
# triggered it is kept in $FUZZ_DIR/artifacts/NAME/.
run_fuzzers() {
    local seconds=${1:-60} rc=0 corpus name bin work execs status
    local summary=()
    local scratch
    # On tmpfs when there is one: the archive target extracts (and syncs) every input.
    local base=${TMPDIR:-/tmp}
    [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
    scratch=$(mktemp -d "$base/formauto-fuzz.XXXXXX")
    local symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
    for corpus in "$ROOT"/tests/fuzz/corpus/*/; do
        name=$(basename "$corpus")
        bin="$FUZZ_DIR/tests/fuzz/fuzz_$name"
        work="$scratch/$name"
        mkdir -p "$work/corpus" "$work/tmp" "$FUZZ_DIR/artifacts/$name"
        cp -R "$corpus". "$work/corpus/"
        local extra=()
        [ -f "$ROOT/tests/fuzz/$name.dict" ] && extra+=("-dict=$ROOT/tests/fuzz/$name.dict")
        log "Fuzzing $name for $seconds s"
        status=ok
        # TMPDIR: the targets write only below their own temporary directory.
        if ! (cd "$work" && TMPDIR="$work/tmp" ASAN_SYMBOLIZER_PATH=$symbolizer \
                ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
                "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
                -artifact_prefix="$FUZZ_DIR/artifacts/$name/" "${extra[@]}" corpus >"$work/log" 2>&1); then
            status=FAILED
            rc=1
            tail -n 60 "$work/log" >&2
        fi
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
        summary+=("$(printf '%-12s %-7s %10s executions in %s s' "$name" "$status" "${execs:-?}" "$seconds")")
    done
    rm -rf "$scratch"
    log "Fuzzing summary"
    printf '  %s\n' "${summary[@]}" >&2
    [ $rc -eq 0 ] || log "A fuzz target failed: the inputs are in $FUZZ_DIR/artifacts/"
    return $rc
}

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
    echo "PostgreSQL server binaries not found" >&2; return 1
}

SERVICES_DIR=""
DEMO_PID=""
stop_services() {
    [ -n "$SERVICES_DIR" ] || return 0
    log "Stopping test services"
    if [ -f "$SERVICES_DIR/pg/postmaster.pid" ]; then
        as_pg "$(pg_bindir)/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
    fi
    [ -f "$SERVICES_DIR/redis.pid" ] && kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
    [ -f "$SERVICES_DIR/smtp.pid" ] && kill "$(cat "$SERVICES_DIR/smtp.pid")" 2>/dev/null || true
    rm -rf "$SERVICES_DIR"
    SERVICES_DIR=""
}

# PostgreSQL refuses to run as root: the throw-away cluster belongs to the postgres user then.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_port() {
    local port=$1 i
    for i in $(seq 1 100); do
        (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "service on port $port did not come up" >&2; return 1
}

start_services() {
    SERVICES_DIR=$(mktemp -d /tmp/formauto-ops-services.XXXXXX)
    chmod 755 "$SERVICES_DIR"
    trap stop_services EXIT INT TERM

    local bindir pg_port redis_port smtp_port
    bindir=$(pg_bindir)
    pg_port=$(free_port)
    log "Starting PostgreSQL on 127.0.0.1:$pg_port"
    mkdir -p "$SERVICES_DIR/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$SERVICES_DIR/pg"
    echo "postgres-test-superuser" > "$SERVICES_DIR/pgpw"; chmod 644 "$SERVICES_DIR/pgpw"
    as_pg "$bindir/initdb" -D "$SERVICES_DIR/pg" -U postgres --pwfile="$SERVICES_DIR/pgpw" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 \
        || { cat "$SERVICES_DIR/initdb.log"; return 1; }
    as_pg "$bindir/pg_ctl" -D "$SERVICES_DIR/pg" -w -l "$SERVICES_DIR/pg/server.log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$SERVICES_DIR/pg -c fsync=off" start >/dev/null
    as_pg psql -h "$SERVICES_DIR/pg" -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE formauto LOGIN PASSWORD 'formauto-test-pw' CREATEDB;" \
        -c "CREATE DATABASE formauto_test OWNER formauto;" >/dev/null

    redis_port=$(free_port)
    log "Starting redis-server on 127.0.0.1:$redis_port"
    redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
        --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" \
        --dir "$SERVICES_DIR"
    wait_port "$redis_port"

    smtp_port=$(free_port)
    log "Starting SMTP sink on 127.0.0.1:$smtp_port"
    mkdir -p "$SERVICES_DIR/mail/tmp" "$SERVICES_DIR/mail/new" "$SERVICES_DIR/mail/cur" # a Maildir
    /usr/bin/python3 -m aiosmtpd -n -d -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$SERVICES_DIR/mail" \
        >"$SERVICES_DIR/smtp.log" 2>&1 &
    echo $! > "$SERVICES_DIR/smtp.pid"
    wait_port "$smtp_port"

    export FORMAUTO_TEST_PG_HOST=127.0.0.1 FORMAUTO_TEST_PG_PORT=$pg_port
    export FORMAUTO_TEST_PG_USER=formauto FORMAUTO_TEST_PG_DB=formauto_test FORMAUTO_TEST_PG_PASSWORD=formauto-test-pw
    export FORMAUTO_TEST_REDIS_PORT=$redis_port FORMAUTO_TEST_SMTP_PORT=$smtp_port
    export FORMAUTO_TEST_MAILDIR=$SERVICES_DIR/mail
}

run_tests() {
    build
    build_fuzz
    start_services
    # The services are running: a test that cannot reach one fails instead of skipping.
    export FORMAUTO_TEST_REQUIRE_SERVICES=1
    log "Running tests"
    local rc=0
    (cd "$BUILD_DIR" && ctest --output-on-failure --label-exclude bench --timeout 600 "$@") || rc=$?
    stop_services
    trap - EXIT INT TERM
    run_fuzzers 30 || rc=1
    return $rc
}

run_bench() {
    build
    start_services
    log "Running benchmarks"
    local rc=0
    (cd "$BUILD_DIR" && ctest --output-on-failure --verbose --label-regex bench "$@") || rc=$?
    stop_services
    trap - EXIT INT TERM
    return $rc
}

run_demo() {
    build
    local data="$BUILD_DIR/demo-data" listen=${FORMAUTO_LISTEN:-127.0.0.1:8765}
    mkdir -p "$data"
    log "Starting formauto-opsd on $listen with demo data in $data"
    "$BUILD_DIR/server/formauto-opsd" --demo --data-dir "$data" --listen "$listen" &
    DEMO_PID=$!
    trap 'kill "$DEMO_PID" 2>/dev/null || true; wait "$DEMO_PID" 2>/dev/null || true' EXIT INT TERM
    local i; for i in $(seq 1 100); do [ -s "$data/demo-admin-token" ] && break; sleep 0.1; done
    cat <<MSG >&2

  formauto-opsd is running (demo data, pid $DEMO_PID).
    WebSocket:   ws://$listen/ws       (send {"type":"auth","id":"1","data":{"token":"..."}})
    HTTP:        http://$listen/healthz  http://$listen/metrics  http://$listen/api/v1/metrics/current
    Admin login: user "admin", password in $data/initial-admin-password
    API token:   $data/demo-admin-token   e.g.
                 curl -H "Authorization: Bearer \$(cat $data/demo-admin-token)" http://$listen/api/v1/metrics/current
MSG
    local console="$BUILD_DIR/ui/formauto-console"
    if [ -x "$console" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        "$console" --server "ws://$listen" --token-file "$data/demo-admin-token" || true
    else
        echo "  Press Ctrl+C to stop." >&2
        wait "$DEMO_PID"
    fi
}

case "${1:-}" in
    deps)  deps ;;
    build) build ;;
    test)  shift; run_tests "$@" ;;
    fuzz)  shift; build_fuzz; run_fuzzers "${1:-60}" ;;
    bench) shift; run_bench "$@" ;;
    run)   run_demo ;;
    clean) rm -rf "$BUILD_DIR" "$FUZZ_DIR" ;;
    *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 64 ;;
esac

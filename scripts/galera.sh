#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on one machine, for tests and for trying the federation on
# a multi-primary database (docs/operations.md, "Galera"). Each node is its own mariadbd process
# with its own data dir, config file and ports; node 1 bootstraps the cluster, nodes 2 and 3 join
# it with an rsync state transfer. root has an empty password over TCP, like a development server.
# Started as root, the nodes run as GALERA_USER (default mysql): the joiner's rsync daemon, started
# as root, would switch to uid nobody and could not write the root-owned data dir.
#
#   scripts/galera.sh start   [dir]   start the three nodes (idempotent) and wait for cluster_size=3
#   scripts/galera.sh stop    [dir]   shut every node down
#   scripts/galera.sh status  [dir]   one line per node: port, pid, wsrep state, cluster size
#   scripts/galera.sh kill    N [dir] kill -9 node N (a crash, for failover tests)
#   scripts/galera.sh restart N [dir] start node N again and wait until it has rejoined (synced)
#   scripts/galera.sh urls            the node URLs, comma-separated (TEST_GALERA_URLS)
#
# Environment: GALERA_DIR (default /tmp/galera), GALERA_SQL_PORT (first SQL port, default 3311),
# GALERA_PORT (first group-communication port, 4571), GALERA_IST_PORT (4581), GALERA_SST_PORT
# (4591), GALERA_TIMEOUT (seconds to wait for a node, default 90). Node N uses first port + N - 1.
# Never touches the machine's own MariaDB (its port, socket and data dir are not used).
set -euo pipefail

CMD="${1:-status}"
shift || true
NODE_ARG=""
if [[ "$CMD" == kill || "$CMD" == restart ]]; then
  NODE_ARG="${1:?usage: $0 $CMD <node 1-3> [dir]}"
  shift
fi
DIR="${1:-${GALERA_DIR:-/tmp/galera}}"
SQL_PORT="${GALERA_SQL_PORT:-3311}"
GCOMM_PORT="${GALERA_PORT:-4571}"
IST_PORT="${GALERA_IST_PORT:-4581}"
SST_PORT="${GALERA_SST_PORT:-4591}"
TIMEOUT="${GALERA_TIMEOUT:-90}"
RUN_AS="${GALERA_USER:-$(id -u mysql >/dev/null 2>&1 && echo mysql || id -un)}"
PROVIDER="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
NODES="1 2 3"

log() { echo "galera: $*" >&2; }
fail() { log "$*"; exit 1; }

port_of() { echo $((SQL_PORT + $1 - 1)); }
node_dir() { echo "$DIR/node$1"; }
pid_of() {
  local f
  f="$(node_dir "$1")/mariadbd.pid"
  [[ -s "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}
socket_sql() { # as root@localhost over node N's socket (before root@127.0.0.1 exists)
  mariadb --no-defaults --socket="$(node_dir "$1")/mariadbd.sock" -uroot -N -B -e "$2"
}
sql() { # sql N 'statement' → tab-separated rows, no header
  mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$(port_of "$1")" -uroot -N -B -e "$2" 2>/dev/null
}
status_var() { socket_sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2; }

cluster_address() {
  local n list=""
  for n in $NODES; do list+="${list:+,}127.0.0.1:$((GCOMM_PORT + n - 1))"; done
  echo "gcomm://$list"
}

write_config() {
  local n="$1" d
  d="$(node_dir "$n")"
  mkdir -p "$d/data" "$d/tmp"
  chown -R "$RUN_AS" "$d" 2>/dev/null || true
  cat >"$d/my.cnf" <<EOF
[mysqld]
user = $RUN_AS
datadir = $d/data
tmpdir = $d/tmp
socket = $d/mariadbd.sock
pid-file = $d/mariadbd.pid
log-error = $d/error.log
bind-address = 127.0.0.1
port = $(port_of "$n")
skip-name-resolve
innodb_buffer_pool_size = 64M
innodb_log_file_size = 48M
max_connections = 300
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
innodb_flush_log_at_trx_commit = 2
wsrep_on = ON
wsrep_provider = $PROVIDER
wsrep_cluster_name = library_galera
wsrep_cluster_address = $(cluster_address)
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$((GCOMM_PORT + n - 1))
# A node that dies unannounced freezes commits on the others until it is declared dead
# (evs.suspect_timeout, 5 s by default): 2 s here, below the gateway's SUBGRAPH_TIMEOUT_MS (5 s).
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$((GCOMM_PORT + n - 1));ist.recv_addr=127.0.0.1:$((IST_PORT + n - 1));gcache.size=64M;evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S"
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$((SST_PORT + n - 1))
wsrep_slave_threads = 2
# Causal reads: a row committed through one node is visible to the next read on any other.
wsrep_sync_wait = 1
EOF
}

install_node() {
  local n="$1" d
  d="$(node_dir "$n")"
  [[ -d "$d/data/mysql" ]] && return 0
  write_config "$n"
  # Nodes 2 and 3 receive node 1's data by SST anyway; their own install keeps every data dir valid.
  mariadb-install-db --defaults-file="$d/my.cnf" --user="$RUN_AS" --auth-root-authentication-method=normal \
    --skip-test-db >"$d/install.log" 2>&1 || fail "mariadb-install-db failed for node $n (see $d/install.log)"
}

wait_ready() { # wait_ready N PID: until node N is Synced with wsrep_ready=ON
  local n="$1" pid="$2" i
  for ((i = 0; i < TIMEOUT * 4; i++)); do
    if [[ "$(status_var "$n" wsrep_ready)" == ON && "$(status_var "$n" wsrep_local_state_comment)" == Synced ]]; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || fail "node $n exited while starting (see $(node_dir "$n")/error.log)"
    sleep 0.25
  done
  fail "node $n not ready after ${TIMEOUT}s (see $(node_dir "$n")/error.log)"
}

launch_node() { # launch_node N [--wsrep-new-cluster]: starts node N, prints its pid (nothing if it runs)
  local n="$1" d
  d="$(node_dir "$n")"
  if pid_of "$n" >/dev/null; then return 0; fi
  install_node "$n"
  write_config "$n"
  rm -f "$d/mariadbd.sock" "$d/mariadbd.pid"
  local extra=()
  # After a crash grastate.dat has no position (seqno -1) and the node would take a full state
  # transfer; recovering the position from InnoDB first lets it catch up by IST (what Debian's
  # galera_recovery does under systemd).
  if [[ -f "$d/data/grastate.dat" ]] && grep -q '^seqno: *-1' "$d/data/grastate.dat" && [[ -d "$d/data/mysql" ]]; then
    local position
    position="$(mariadbd --defaults-file="$d/my.cnf" --wsrep-recover --log-error="$d/recover.log" >/dev/null 2>&1; sed -n 's/.*WSREP: Recovered position: *//p' "$d/recover.log" | tail -1)"
    [[ -n "$position" ]] && extra+=("--wsrep-start-position=$position")
  fi
  # setsid: the node outlives the shell that started it (CI's step, a test's child process).
  setsid mariadbd --defaults-file="$d/my.cnf" "${extra[@]}" "${@:2}" </dev/null >>"$d/stdout.log" 2>&1 &
  echo $!
}

start_node() { # start_node N [--wsrep-new-cluster]: starts node N and waits until it is synced
  local pid
  pid="$(launch_node "$@")"
  [[ -z "$pid" ]] || wait_ready "$1" "$pid"
}

any_running() {
  local n
  for n in $NODES; do pid_of "$n" >/dev/null && return 0; done
  return 1
}

cmd_start() {
  local t0 n
  [[ -f "$PROVIDER" ]] || fail "no Galera provider at $PROVIDER: apt-get install galera-4 rsync (or set GALERA_PROVIDER)"
  command -v rsync >/dev/null || fail "rsync is missing (the state transfer uses it): apt-get install rsync"
  t0=$(date +%s.%N)
  mkdir -p "$DIR"
  if ! any_running; then
    # A fresh cluster: node 1 bootstraps. Allow it even if its last shutdown was not the last one.
    install_node 1
    [[ -f "$(node_dir 1)/data/grastate.dat" ]] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$(node_dir 1)/data/grastate.dat"
    start_node 1 --wsrep-new-cluster
    # root@127.0.0.1 with no password over TCP (skip-name-resolve never matches 'localhost');
    # replicated to the joiners by their state transfer.
    socket_sql 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"
  elif ! pid_of 1 >/dev/null; then
    start_node 1
  fi
  # The joiners start together (each takes a state transfer from any synced node): about half the time.
  local pid2 pid3
  pid2="$(launch_node 2)"
  pid3="$(launch_node 3)"
  [[ -z "$pid2" ]] || wait_ready 2 "$pid2"
  [[ -z "$pid3" ]] || wait_ready 3 "$pid3"
  local size
  size="$(status_var 1 wsrep_cluster_size)"
  [[ "$size" == 3 ]] || fail "cluster size is $size, expected 3"
  log "3 nodes synced on 127.0.0.1:$(port_of 1)-$(port_of 3) in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"
}

stop_node() {
  local n="$1" pid i
  pid="$(pid_of "$n")" || return 0
  kill -TERM "$pid"
  for ((i = 0; i < 240; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  log "node $n did not stop in 60 s: kill -9"
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_stop() {
  local n
  # Joiners first, node 1 last: it is then safe to bootstrap from on the next start.
  for n in 3 2 1; do stop_node "$n"; done
  log "stopped"
}

cmd_status() {
  local n pid
  for n in $NODES; do
    if pid="$(pid_of "$n")"; then
      echo "node$n 127.0.0.1:$(port_of "$n") pid $pid $(status_var "$n" wsrep_local_state_comment) cluster_size=$(status_var "$n" wsrep_cluster_size) ready=$(status_var "$n" wsrep_ready)"
    else
      echo "node$n 127.0.0.1:$(port_of "$n") down"
    fi
  done
}

cmd_urls() {
  local n list=""
  for n in $NODES; do list+="${list:+,}mysql://root@127.0.0.1:$(port_of "$n")"; done
  echo "$list"
}

case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  urls) cmd_urls ;;
  kill)
    pid="$(pid_of "$NODE_ARG")" || fail "node $NODE_ARG is not running"
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    log "node $NODE_ARG killed (pid $pid)"
    ;;
  restart)
    t0=$(date +%s.%N)
    start_node "$NODE_ARG"
    log "node $NODE_ARG rejoined in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"
    ;;
  *) fail "usage: $0 start|stop|status|urls [dir] | kill|restart <node> [dir]" ;;
esac

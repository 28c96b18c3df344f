# Sourced by .ci/run (and by hand: `source .ci/servers.sh`): installs redis-server and postgresql from
# Debian's packages when they are missing, starts both on 127.0.0.1 with throw-away data directories on
# ports of their own, creates the PostgreSQL database with Orleans' schema, and exports the addresses the
# cluster tests read: PROVSIM_TEST_REDIS and PROVSIM_TEST_POSTGRES. `provsim_servers_stop` stops them.

# The first port from $1 up that nothing on loopback listens on.
provsim_free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

PROVSIM_REDIS_PORT=${PROVSIM_REDIS_PORT:-$(provsim_free_port 56379)}
PROVSIM_PG_PORT=${PROVSIM_PG_PORT:-$(provsim_free_port 55432)}

# Installs Debian packages (as root, or with sudo).
provsim_apt_install() {
  echo "ci: installing $* from Debian's packages"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

provsim_servers_install() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  { command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    provsim_apt_install "${missing[@]}"
  fi
}

# Runs a PostgreSQL tool as the postgres user when we are root (PostgreSQL refuses to run as root).
provsim_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

provsim_servers_start() {
  provsim_servers_install
  PROVSIM_SERVERS_DIR=$(mktemp -d /tmp/provsim-servers.XXXXXX)
  chmod 755 "$PROVSIM_SERVERS_DIR"

  redis-server --port "$PROVSIM_REDIS_PORT" --bind 127.0.0.1 --dir "$PROVSIM_SERVERS_DIR" --save "" --appendonly no \
    --daemonize yes --pidfile "$PROVSIM_SERVERS_DIR/redis.pid" --logfile "$PROVSIM_SERVERS_DIR/redis.log"

  local bin
  PROVSIM_PG_BIN=""
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -n 1 || true)")
  [ -x "$bin/createdb" ] || bin=$(dirname "$(command -v pg_ctl)")
  PROVSIM_PG_BIN="$bin"
  mkdir -p "$PROVSIM_SERVERS_DIR/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PROVSIM_SERVERS_DIR/pg"
  provsim_pg "$bin/initdb" -D "$PROVSIM_SERVERS_DIR/pg/data" -A trust -U provsim >/dev/null
  provsim_pg "$bin/pg_ctl" -D "$PROVSIM_SERVERS_DIR/pg/data" -l "$PROVSIM_SERVERS_DIR/pg/log" -w \
    -o "-p $PROVSIM_PG_PORT -c listen_addresses=127.0.0.1 -k $PROVSIM_SERVERS_DIR/pg -c max_connections=300" start >/dev/null
  provsim_pg "$bin/createdb" -h 127.0.0.1 -p "$PROVSIM_PG_PORT" -U provsim provsim

  for _ in $(seq 1 50); do redis-cli -p "$PROVSIM_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export PROVSIM_TEST_REDIS="redis://127.0.0.1:$PROVSIM_REDIS_PORT"
  export PROVSIM_TEST_POSTGRES="postgres://provsim@127.0.0.1:$PROVSIM_PG_PORT/provsim"
  echo "servers: Redis at $PROVSIM_TEST_REDIS, PostgreSQL at $PROVSIM_TEST_POSTGRES (data in $PROVSIM_SERVERS_DIR)"
}

provsim_servers_stop() {
  [ -n "${PROVSIM_SERVERS_DIR:-}" ] || return 0
  redis-cli -p "$PROVSIM_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ -n "${PROVSIM_PG_BIN:-}" ] && provsim_pg "$PROVSIM_PG_BIN/pg_ctl" -D "$PROVSIM_SERVERS_DIR/pg/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PROVSIM_SERVERS_DIR"
}

provsim_servers_start

#!/usr/bin/env bash
# Start PostgreSQL, Redis and an SMTP sink on 127.0.0.1 with data in a temporary folder.
# Sourced by .ci/run; prints nothing but progress.
# Usage: source .ci/services.sh; start_services; (install the project); start_smtp_sink
set -euo pipefail

PG_PORT=${PG_PORT:-54329}
REDIS_PORT=${REDIS_PORT:-63799}
SMTP_PORT=${SMTP_PORT:-8025}

install_packages() {
  local need=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
  if ((${#need[@]})); then
    echo "== installing ${need[*]} from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_services() {
  SERVICES_DIR=$(mktemp -d /tmp/klimapaten-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  mkdir -p "$SERVICES_DIR/pg"
  [[ $(id -u) == 0 ]] && chown postgres:postgres "$SERVICES_DIR/pg"
  echo "== starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_postgres "$pgbin/initdb" -D "$SERVICES_DIR/pg" -U postgres -A trust --no-sync -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  as_postgres "$pgbin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
  as_postgres "$pgbin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres klimapaten
  echo "== starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$SERVICES_DIR" --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" \
    --logfile "$SERVICES_DIR/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/klimapaten"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/1"
  export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/2"
  export EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
  STOP_PGBIN=$pgbin
}

# The SMTP sink is aiosmtpd from the dev dependencies: start it once .venv exists.
# Every message it accepts lands in $SMTP_MAILDIR.
start_smtp_sink() {
  SMTP_MAILDIR="$SERVICES_DIR/Maildir"
  echo "== starting the SMTP sink (aiosmtpd) on 127.0.0.1:$SMTP_PORT"
  .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox \
    "$SMTP_MAILDIR" >"$SERVICES_DIR/smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the SMTP sink did not start" >&2
  return 1
}

stop_services() {
  [[ -n ${SERVICES_DIR:-} ]] || return 0
  [[ -n ${SMTP_PID:-} ]] && kill "$SMTP_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  as_postgres "$STOP_PGBIN/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$SERVICES_DIR"
}

#!/usr/bin/env bash
# Start a throw-away PostgreSQL on loopback, run the given command with JUNHENG_TEST_PG_URL set, stop it.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/junheng-pg.XXXXXX)
PORT=${JUNHENG_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
RUN=""
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$DIR"
  RUN="runuser -u postgres --"
fi
$RUN "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
$RUN "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" \
  -l "$DIR/log" -w start >/dev/null
cleanup() { $RUN "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
export JUNHENG_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
"$@"

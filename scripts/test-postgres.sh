#!/usr/bin/env bash
# Run the test suite against a throw-away PostgreSQL cluster that listens on a Unix socket only.
# Installs PostgreSQL from Debian's packages when it is missing (needs root, as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed; run as root or: apt-get install postgresql" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

work=$(mktemp -d /tmp/triggerfinder-pg.XXXXXX)
run_as=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
  chown postgres "$work"
  run_as=(runuser -u postgres --)
fi
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$work/data" -U triggerfinder --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-c listen_addresses='' -k $work -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null

socket=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=''))" "$work")
export DATABASE_URL="postgres://triggerfinder@${socket}/triggerfinder"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $work (socket only)"
.venv/bin/python -m pytest "$@"

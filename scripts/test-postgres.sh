#!/usr/bin/env bash
# The storage and CLI suites again on PostgreSQL, and the end-to-end tests of the office server
# (`server_*`), each test on a fresh database of its own (issue 16; tests/support/backend.rs); then
# the register and reminders benchmarks on a small register copied to the server (tests/bench/server.rs).
#
# The server is a throw-away cluster from pg_virtualenv (postgresql-common), made for this run and
# dropped after it; with CLEARANCE_TRACKER_TEST_PG already set (a postgres:// URL of a server the
# tests may create databases and roles on), that server is used instead.
#
# Login roles belong to the whole server, not to one database, and the tests make accounts (login
# roles) with the same names: the tests run one at a time here, each dropping the roles it made.
# Run by scripts/test.sh after the SQLite run (the UI built, the tests compiled); exits non-zero
# when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [[ -z "${CLEARANCE_TRACKER_TEST_PG:-}" ]]; then
  if [[ -z "${CLEARANCE_TRACKER_IN_PG_VIRTUALENV:-}" ]]; then
    command -v pg_virtualenv >/dev/null || { echo "pg_virtualenv is missing: run scripts/install-deps.sh" >&2; exit 1; }
    # -t: the cluster in a temporary directory even as root (nothing left in /etc/postgresql);
    # inside, PGHOST/PGPORT/PGUSER/PGPASSWORD name it, and this script runs again there.
    export CLEARANCE_TRACKER_IN_PG_VIRTUALENV=1
    exec pg_virtualenv -t -o fsync=off -o max_connections=200 -- "$0" "$@"
  fi
  CLEARANCE_TRACKER_TEST_PG=$(python3 -c '
import os, urllib.parse as u
q = lambda s: u.quote(s, safe="")
print("postgres://%s:%s@%s:%s/%s" % (q(os.environ["PGUSER"]), q(os.environ["PGPASSWORD"]),
      os.environ.get("PGHOST", "localhost"), os.environ["PGPORT"], q(os.environ.get("PGDATABASE", "postgres"))))')
  export CLEARANCE_TRACKER_TEST_PG
fi
echo "PostgreSQL for the tests: $(psql -X -At -d "$CLEARANCE_TRACKER_TEST_PG" -c 'SHOW server_version')"

status=0
# Every suite runs even when one fails; the script fails if any did. A session bus, as in the
# SQLite run (the reminders' notification is observed on it); no display but the tests' own.
unset DISPLAY WAYLAND_DISPLAY
echo "== PostgreSQL: storage and CLI suites"
timeout 2400 dbus-run-session -- cargo test --workspace --locked --no-fail-fast --test storage --test cli -- --test-threads=1 || status=1
echo "== PostgreSQL: end-to-end tests of the office server (server_*)"
timeout 1200 dbus-run-session -- cargo test --workspace --locked --test e2e server_ -- --test-threads=1 || status=1
echo "== PostgreSQL: the register and reminders benchmarks, small and unoptimised (they keep working; figures: docs/performance.md)"
CLEARANCE_TRACKER_BENCH_PG="$CLEARANCE_TRACKER_TEST_PG" timeout 1200 \
  cargo bench --locked --profile dev --bench register --bench reminders -- --people 2000 --no-backup || status=1
exit $status

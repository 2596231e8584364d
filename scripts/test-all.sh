#!/usr/bin/env bash
# The whole test suite: static checks, unit and integration tests on SQLite, integration tests on
# PostgreSQL, the production build, and the Playwright end-to-end suite in Debian's Chromium (every
# spec on SQLite; on PostgreSQL the specs where its own behaviour reaches the browser, listed in
# playwright.config.ts).
# PostgreSQL: TEST_DATABASE_URL names a database to use (emptied first); otherwise a fresh one is
# created on 127.0.0.1:5432 (user postgres). Under CI=true a missing PostgreSQL is a failure.
#
# The static checks (type-check and lint at once) and the build come first; then two lanes run at
# the same time, SQLite and PostgreSQL, each its vitest run then its Playwright run. The SQLite
# run of Playwright (every spec) is the longest step: it is split in parts balanced by time
# (e2e/support/parts.ts; E2E_SQLITE_PARTS, default 5), and each part is taken by whichever lane is
# free first, so the PostgreSQL lane takes some once its own runs are done. Lanes and parts share
# no port, file or database: SQLite part k's server listens on E2E_PORT (default 3100) + 20 (k - 1),
# the PostgreSQL run's on E2E_PG_PORT (default E2E_PORT + 10; specs use up to 7 ports above their
# server's); each has its own data directory (data/e2e-<lane>) and output directory
# (test-results/<lane>). Every line a lane prints starts with its name; what failed, and what
# passed only on retry, is repeated at the end. Each lane's vitest run gets half the cores for its
# workers (TEST_WORKERS overrides it).
# TEST_LANES=phased runs both vitest runs at once, then the Playwright runs two at a time;
# TEST_LANES=sequential one lane after the other.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# each step's output also goes to a log, so that a failure's details are repeated at the very end
logs=$(mktemp -d)
started=$SECONDS

# step NAME COMMAND...: runs one step; its output goes to the terminal and to a log, its outcome
# to "$logs/steps" (a line per step: ok|FAILED, seconds, name), so that lanes run as subshells
# report to the summary too
logof() { printf '%s/%s.log' "$logs" "$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_')"; }
step() {
  local name=$1; shift
  local start=$SECONDS log
  log=$(logof "$name")
  echo "=== $name"
  if "$@" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    echo "--- ok: $name ($((SECONDS-start))s)"
    printf 'ok\t%s\t%s\n' "$((SECONDS-start))" "$name" >> "$logs/steps"
  else
    echo "--- FAILED: $name ($((SECONDS-start))s)"
    printf 'FAILED\t%s\t%s\n' "$((SECONDS-start))" "$name" >> "$logs/steps"
    # what failed, in short: vitest's and Playwright's failure lines and the step's last lines
    { echo "=== $name: what failed"
      grep -E "(FAIL|✘|×|[0-9]+\) \[|Error:|failed|flaky)" "$log" | grep -v "^ *$" | head -60
      echo "--- last lines"; tail -40 "$log"; } > "$log.failure"
  fi
}

# lane NAME FUNCTION: runs FUNCTION with every line of its output prefixed with [NAME]
lane() {
  local name=$1; shift
  "$@" 2>&1 | sed -u "s/^/[$name] /"
}

own_pg=""
pg_url="${TEST_DATABASE_URL:-}"
if [ -z "$pg_url" ]; then
  own_pg="tenantflow_test_$$"
  if ! pg_url=$(node scripts/pg-test-db.mjs create "$own_pg"); then
    pg_url=""; own_pg=""
    if [ "${CI:-}" = "true" ]; then echo "PostgreSQL is required under CI"; exit 1; fi
    echo "warning: PostgreSQL unreachable: skipping the PostgreSQL runs"
  fi
fi
cleanup() { [ -n "$own_pg" ] && node scripts/pg-test-db.mjs drop "$own_pg" >/dev/null 2>&1; rm -rf "$logs"; }
trap cleanup EXIT

sqlite_port=${E2E_PORT:-3100}
pg_port=${E2E_PG_PORT:-$((sqlite_port + 10))}

vitest_sqlite() { step "unit + integration (SQLite)" env -u TEST_DATABASE_URL npx vitest run; }
vitest_pg() { step "integration (PostgreSQL)" env TEST_DATABASE_URL="$pg_url" npx vitest run; }
# e2e_sqlite K N: part K of N of the Playwright suite on SQLite, with a server, database and
# output of its own (ports 20 apart: specs use up to 7 above their server's)
e2e_sqlite() {
  local k=$1 n=$2
  step "end-to-end (SQLite$([ "$n" -gt 1 ] && echo ", part $k of $n"))" env -u E2E_DATABASE_URL E2E_PORT="$((sqlite_port + 20 * (k - 1)))" \
    E2E_DATA_DIR="data/e2e-sqlite-$k" E2E_OUTPUT_DIR="test-results/sqlite-$k" E2E_PART="$k/$n" npx playwright test
}
# the specs where PostgreSQL's own behaviour reaches the browser (playwright.config.ts)
e2e_pg() {
  step "end-to-end (PostgreSQL)" env E2E_DATABASE_URL="$pg_url" E2E_PORT="$pg_port" E2E_DATA_DIR=data/e2e-postgresql \
    E2E_OUTPUT_DIR=test-results/postgresql npx playwright test
}
# The SQLite lane's Playwright run in E2E_SQLITE_PARTS parts (default 5) balanced by time: a
# part is taken by whichever lane is free first (a claim is a directory made at once or not at
# all), so the PostgreSQL lane, once its own runs are done, takes parts of the SQLite lane's
# longer run instead of leaving a core idle. On more than 2 cores the SQLite lane takes two
# parts at a time.
cores=$(nproc 2>/dev/null || echo 2)
sqlite_parts=${E2E_SQLITE_PARTS:-5}
sqlite_takers=$(( cores > 2 ? 2 : 1 ))
take_sqlite_parts() {
  local k
  for k in $(seq 1 "$sqlite_parts"); do
    if mkdir "$logs/part-$k" 2>/dev/null; then lane "sqlite-$k" e2e_sqlite "$k" "$sqlite_parts"; fi
  done
}
sqlite_lane() {
  vitest_sqlite
  local i
  for i in $(seq 1 "$sqlite_takers"); do take_sqlite_parts & done
  wait
}
pg_lane() { vitest_pg; e2e_pg; take_sqlite_parts; }

step "schemas in sync" node scripts/sync-schemas.mjs --check
# the two checks at once: each keeps one core busy
lane tsc step "type-check" npx tsc --noEmit &
lane eslint step "lint (import boundaries)" npx eslint . &
wait
step "production build" npx next build
if [ -z "$pg_url" ]; then
  lane sqlite sqlite_lane
else
  case "${TEST_LANES:-parallel}" in
    sequential) lane sqlite sqlite_lane; lane postgresql pg_lane ;;
    # both vitest runs at once, then the Playwright runs, two at a time
    phased)
      export TEST_WORKERS=${TEST_WORKERS:-$(( cores / 2 > 0 ? cores / 2 : 1 ))}
      lane sqlite vitest_sqlite & lane postgresql vitest_pg & wait
      take_sqlite_parts & { lane postgresql e2e_pg; take_sqlite_parts; } & wait ;;
    *)
      # the two lanes share the cores: each vitest run takes half of them for its workers
      export TEST_WORKERS=${TEST_WORKERS:-$(( cores / 2 > 0 ? cores / 2 : 1 ))}
      lane sqlite sqlite_lane & lane postgresql pg_lane & wait ;;
  esac
fi

echo
for f in "$logs"/*.failure; do [ -e "$f" ] && cat "$f"; done
# tests that failed once and passed on their retry (CI=true retries once)
cut -f3 "$logs/steps" | grep '^end-to-end' | while read -r name; do
  flaky=$(sed 's/\x1b\[[0-9;]*m//g' "$(logof "$name")" | awk '/^ +[0-9]+ flaky$/ {on=1; next} on && /^ +[0-9]+ (passed|skipped|did not run)/ {on=0} on')
  [ -n "$flaky" ] && printf '=== flaky in %s\n%s\n' "$name" "$flaky"
done
echo "=== steps (seconds)"
column -t -s $'\t' "$logs/steps" 2>/dev/null || cat "$logs/steps"
passed=$(grep -c '^ok' "$logs/steps"); failed=$(grep -c '^FAILED' "$logs/steps")
grep '^FAILED' "$logs/steps" | cut -f3 | sed 's/^/failed: /'
echo "$passed passed, $failed failed ($((SECONDS-started))s)"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# The whole test suite: static checks, unit and integration tests on SQLite and PostgreSQL, the
# production build, and the Playwright end-to-end suite in Debian's Chromium on both databases.
# PostgreSQL: TEST_DATABASE_URL names a database to use (emptied first); otherwise a fresh one is
# created on 127.0.0.1:5432 (user postgres). Under CI=true a missing PostgreSQL is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
passed=0; failed=0; failures=()
# each step's output also goes to a log, so that a failure's details are repeated at the very end
logs=$(mktemp -d)
step() {
  local name=$1; shift
  local start=$SECONDS log="$logs/$((passed+failed)).log"
  echo "=== $name"
  if "$@" 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then passed=$((passed+1)); echo "--- ok: $name ($((SECONDS-start))s)"
  else
    failed=$((failed+1)); failures+=("$name"); echo "--- FAILED: $name ($((SECONDS-start))s)"
    # what failed, in short: vitest's and Playwright's failure lines and the step's last lines
    { echo "=== $name: what failed"
      grep -E "(FAIL|✘|×|[0-9]+\) \[|Error:|failed|flaky)" "$log" | grep -v "^ *$" | head -60
      echo "--- last lines"; tail -40 "$log"; } > "$log.failure"
  fi
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

step "schemas in sync" node scripts/sync-schemas.mjs --check
step "type-check" npx tsc --noEmit
step "lint (import boundaries)" npx eslint .
step "unit + integration (SQLite)" env -u TEST_DATABASE_URL npx vitest run
[ -n "$pg_url" ] && step "unit + integration (PostgreSQL)" env TEST_DATABASE_URL="$pg_url" npx vitest run
step "production build" npx next build
step "end-to-end (SQLite)" env -u E2E_DATABASE_URL npx playwright test
[ -n "$pg_url" ] && step "end-to-end (PostgreSQL)" env E2E_DATABASE_URL="$pg_url" npx playwright test

echo
for f in "$logs"/*.failure; do [ -e "$f" ] && cat "$f"; done
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

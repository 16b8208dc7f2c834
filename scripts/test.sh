#!/usr/bin/env bash
# Every suite: unit and integration tests on PGlite, the same again on Postgres when
# TEST_DATABASE_URL is set, then the browser tests against a production build, and with
# TEST_DATABASE_URL the fleet and its faults (scripts/test-fleet.sh) and the small benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Vitest on the embedded database (PGlite)"
env -u DATABASE_URL npx vitest run

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== Vitest on Postgres ($TEST_DATABASE_URL)"
  DATABASE_URL="$TEST_DATABASE_URL" npx vitest run
fi

bash scripts/ensure-chromium.sh
echo "== Production build"
env -u DATABASE_URL npx next build
echo "== Playwright"
env -u DATABASE_URL npx playwright test

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  bash scripts/test-fleet.sh
  echo "== Benchmarks at the small scale: a figure twice as bad as BENCHMARKS.md's fails"
  BENCH_SCALE=small BENCH_RUNS=1 DATABASE_URL="$TEST_DATABASE_URL" npm run bench -- --check
else
  echo "== The fleet and fault suites need Postgres: set TEST_DATABASE_URL (npm run test:fleet)"
fi

#!/usr/bin/env bash
# The fleet and its faults (FAULTS.md): the fault tests on Postgres, then several instances of the
# production build on one Postgres with Soketi nodes joined by Redis, in the browser. Needs Postgres
# (TEST_DATABASE_URL, default the local `test` database's server), Redis at 127.0.0.1:6379 and a
# production build (npm test makes one first; alone, this makes one only if there is none).
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

echo "== Fault tests (Vitest, on Postgres)"
DATABASE_URL="$TEST_DATABASE_URL" npx vitest run --config vitest.faults.config.ts

if [ ! -f .next/BUILD_ID ]; then
  echo "== Production build"
  env -u DATABASE_URL npx next build
fi
bash scripts/ensure-chromium.sh
echo "== The fleet (Playwright: instances on one Postgres, Soketi, faults)"
env -u DATABASE_URL npx playwright test -c playwright.fleet.config.ts

#!/usr/bin/env bash
# Fails when the tables in src/ and the committed migrations disagree: drizzle-kit would generate a new one.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(ls migrations/*.sql | wc -l)
out=$(npx drizzle-kit generate --name drift-check 2>&1)
after=$(ls migrations/*.sql | wc -l)
if [ "$after" != "$before" ]; then
  git checkout -- migrations/meta/_journal.json 2>/dev/null || true
  rm -f migrations/*drift-check.sql
  git clean -fq migrations/meta 2>/dev/null || true
  echo "The schema has changed without a migration. Run: npm run db:generate" >&2
  exit 1
fi
echo "Migrations match the schema."

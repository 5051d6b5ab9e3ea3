#!/usr/bin/env bash
# Runs every benchmark in sequence, one after the other (never in parallel: they would measure each
# other). The commit, node and PostgreSQL versions and the load average are printed first, and the
# whole output goes to a log file as well.
#
#   bench/run-all.sh                 print the figures only
#   bench/run-all.sh --record        every script appends its section to bench/RESULTS.md
#   SCALE=0.2 bench/run-all.sh       a smaller generated party for the signed-in pages (quick run)
#
# DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is the admin connection; every script
# creates and drops a database of its own, except that the generated party is made once here and
# shared by the signed-in pages (PARTY_URL), then dropped. BENCH_LOG sets the log file (default in
# $TMPDIR or /tmp). Needs wrk (apt-get install wrk).
set -uo pipefail

cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
record=""
[[ "${1:-}" == "--record" ]] && record="--record"

commit="$(git rev-parse HEAD)"
dirty=""
git diff --quiet HEAD -- src bench migrations ':(exclude)bench/RESULTS.md' 2>/dev/null || dirty=" (working tree differs from the commit in src/, bench/ or migrations/)"
log="${BENCH_LOG:-${TMPDIR:-/tmp}/bench-$(date -u +%Y%m%dT%H%M%SZ)-${commit:0:7}.log}"

{
  echo "commit ${commit}${dirty}"
  echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ), node $(node --version), $(psql "$DATABASE_URL" -Atc 'show server_version' 2>/dev/null | sed 's/^/PostgreSQL /')"
  echo "cpus $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$log"

failed=()
run() {
  local name="$1"
  shift
  echo | tee -a "$log"
  echo "=== ${name} (load average $(cut -d' ' -f1 /proc/loadavg)) ===" | tee -a "$log"
  local started=$SECONDS
  if ! "$@" 2>&1 | tee -a "$log"; then failed+=("$name"); fi
  echo "--- ${name}: $((SECONDS - started)) s" | tee -a "$log"
}

# One generated party for the signed-in pages (issue 16's table), dropped at the end.
party_db="bs_bench_party_all_$$"
party_url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$DATABASE_URL" "$party_db")"
drop_party() { psql "$DATABASE_URL" -qc "drop database if exists ${party_db} with (force)" >/dev/null 2>&1; }
trap drop_party EXIT
psql "$DATABASE_URL" -qc "create database ${party_db}" >/dev/null
run generate-party node --import tsx bench/generate-party.ts --url "$party_url" --scale "${SCALE:-1}"
export PARTY_URL="$party_url"

run member-import node --import tsx bench/member-import.ts
run map-page node --import tsx bench/map-page.ts $record
run event-list node --import tsx bench/event-list.ts $record
run event-page node --import tsx bench/event-page.ts $record
run help-request node --import tsx bench/help-request.ts $record
run home-page node --import tsx bench/home-page.ts $record
run unit-page node --import tsx bench/unit-page.ts $record
run public-event node --import tsx bench/public-event.ts $record
run public-calendar node --import tsx bench/public-calendar.ts $record
run board-report node --import tsx bench/board-report.ts
run signup-burst node --import tsx bench/signup-burst.ts $record
run volunteer-search node --import tsx bench/volunteer-search.ts $record
run unit-page-pglite node --import tsx bench/unit-page-pglite.ts $record

echo | tee -a "$log"
if ((${#failed[@]} > 0)); then
  echo "failed or over budget: ${failed[*]} (log: ${log})" | tee -a "$log"
  exit 1
fi
echo "all benchmarks ran (log: ${log})" | tee -a "$log"

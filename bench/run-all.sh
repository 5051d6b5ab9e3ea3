#!/usr/bin/env bash
# Runs every benchmark in sequence, one after the other (never in parallel: they would measure each
# other). The commit, node and PostgreSQL versions and the load average are printed first, and the
# whole output goes to a log file as well.
#
#   bench/run-all.sh                 print the figures only
#   bench/run-all.sh --record        the scripts that can append their section to bench/RESULTS.md do so
#   SCALE=0.2 bench/run-all.sh       a smaller generated party for the event list (quick run)
#
# DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is the admin connection; every script
# creates and drops a database of its own. BENCH_LOG sets the log file (default in $TMPDIR or /tmp).
# Note: volunteer-search and signup-burst append to bench/RESULTS.md unless told otherwise; without
# --record, volunteer-search gets NO_APPEND=1, and signup-burst still appends (it has no switch).
set -uo pipefail

cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
record=""
[[ "${1:-}" == "--record" ]] && record="--record"
[[ -z "$record" ]] && export NO_APPEND=1

commit="$(git rev-parse HEAD)"
dirty=""
git diff --quiet HEAD -- src bench migrations 2>/dev/null || dirty=" (working tree differs from the commit in src/, bench/ or migrations/)"
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

run member-import node --import tsx bench/member-import.ts
run map-page node --import tsx bench/map-page.ts $record
run volunteer-search node --import tsx bench/volunteer-search.ts
run event-list node --import tsx bench/event-list.ts --scale "${SCALE:-1}" $record
if [[ -f bench/signup-burst.ts ]]; then
  run signup-burst node --import tsx bench/signup-burst.ts
fi

echo | tee -a "$log"
if ((${#failed[@]} > 0)); then
  echo "failed or over budget: ${failed[*]} (log: ${log})" | tee -a "$log"
  exit 1
fi
echo "all benchmarks ran (log: ${log})" | tee -a "$log"

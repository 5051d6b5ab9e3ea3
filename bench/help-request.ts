// A help request (/help/:id) visible to the partners of its KV, with its shifts and their counts, as a member of a partner KV who signed up for one shift.
// Measured against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/help-request.ts            prints the figures
//   node --import tsx bench/help-request.ts --record   also appends them to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Help request with shifts, signed-in member of a partner KV',
    target: 'helpRequest',
    data: 'party',
    database: 'postgres',
    budget: { rps: 1000, p99Ms: 100, rssMb: 300 },
  }),
)

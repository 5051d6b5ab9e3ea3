// A KV's public page (/units/:id) with its sections (partnerships, events, help), without a session, on the demo data in PostgreSQL. The same page on PGlite: unit-page-pglite.ts.
// Measured against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/unit-page.ts            prints the figures
//   node --import tsx bench/unit-page.ts --record   also appends them to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Public page of a KV, anonymous',
    target: 'unitPage',
    data: 'demo',
    database: 'postgres',
    budget: { rps: 2000, p99Ms: 50, rssMb: 300 },
  }),
)

// A KV's public page (/units/:id) without a session, on the embedded PGlite default (a fresh data directory filled with the demo data, as on a first start): what every new user sees first.
// Measured against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/unit-page-pglite.ts            prints the figures
//   node --import tsx bench/unit-page-pglite.ts --record   also appends them to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Public page of a KV on PGlite, anonymous',
    target: 'unitPage',
    data: 'demo',
    database: 'pglite',
    budget: { rps: 800, p99Ms: 100, rssMb: 300 },
  }),
)

// A public event's page (/events/:id) without a session, on the demo data in PostgreSQL: places taken are read on every request.
// Measured against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/public-event.ts            prints the figures
//   node --import tsx bench/public-event.ts --record   also appends them to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Public event page, anonymous',
    target: 'publicEvent',
    data: 'demo',
    database: 'postgres',
    budget: { rps: 2000, p99Ms: 50, rssMb: 300 },
  }),
)

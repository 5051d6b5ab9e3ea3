// The home page (/) as a signed-in member.
// Measured against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/home-page.ts            prints the figures
//   node --import tsx bench/home-page.ts --record   also appends them to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Home page, signed-in member',
    target: 'home',
    data: 'party',
    database: 'postgres',
    budget: { rps: 1000, p99Ms: 100, rssMb: 300 },
  }),
)

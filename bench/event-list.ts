// A KV's event list (/units/:id/events) as a signed-in member of that KV, on the generated party
// (bench/generate-party.ts), against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/event-list.ts                 full party (150,000 members, 50,000 events)
//   node --import tsx bench/event-list.ts --scale 0.2     a fifth of every count
//   node --import tsx bench/event-list.ts --record        also appends the figures to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Event list of a KV, signed-in member',
    target: 'eventList',
    data: 'party',
    database: 'postgres',
    budget: { rps: 1500, p99Ms: 100, rssMb: 300 },
  }),
)

// An event page (/events/:id) for the members of its host KV, with limited places, as a member who has a confirmed place: the RSVP state, places taken and the waitlist are read on every request.
// Measured against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/event-page.ts            prints the figures
//   node --import tsx bench/event-page.ts --record   also appends them to bench/RESULTS.md
//
// See bench/http-bench.ts for the method and the environment variables (PARTY_URL, BENCH_DURATION, …).

import { benchPage, run } from './http-bench.js'

run(() =>
  benchPage({
    title: 'Event page with RSVP state, signed-in member',
    target: 'eventPage',
    data: 'party',
    database: 'postgres',
    budget: { rps: 1500, p99Ms: 100, rssMb: 300 },
  }),
)

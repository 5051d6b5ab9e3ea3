// A month of public events of a state (the public calendar), without a session, on the demo data in
// PostgreSQL, against a bare node:http server sending the same bytes in the same run.
//
//   node --import tsx bench/public-calendar.ts            prints the figures
//   node --import tsx bench/public-calendar.ts --record   also appends them to bench/RESULTS.md
//
// The calendar's address is CALENDAR_PATH with {state} (the state's id), {ags} (its two-digit key)
// and {month} (YYYY-MM) filled in; the default (`/termine?land=…&ansicht=monat&monat=…`) is in
// bench/targets.ts. See bench/http-bench.ts for the method and the other environment variables.

import { benchPage, run } from './http-bench.js'

run(async () => {
  await benchPage({
    title: 'Public calendar: a month of public events of a state, anonymous',
    target: 'publicCalendar',
    data: 'demo',
    database: 'postgres',
    budget: { rps: 2000, p99Ms: 50, rssMb: 300 },
  })
})

// Access export ("Meine Daten") benchmark: one heavy member who appears in every table of the privacy
// inventory, with SCALE events attended, shifts signed up for and audit rows, exported through the
// use case (one transaction, audit row) and serialised as the download does.
//
//   node --import tsx bench/privacy-export.ts            SCALE=2000 by default
//   SCALE=5000 node --import tsx bench/privacy-export.ts
//
// Runs on in-memory PGlite (the embedded database, the slower of the two). Goal: < 10 s (P-2).

import { loadavg } from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { exportMyData } from '../src/domains/privacy/service/index.js'
import { migrationsFolder, wrapPglite } from '../src/platform/db/client.js'
import type { AppDeps } from '../src/platform/deps.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { buildPersonEverywhere } from '../test/support/person-everywhere.js'

const SCALE = Number(process.env.SCALE ?? 2000)
const ROUNDS = 5

const client = await PGlite.create()
await migrate(drizzle(client), { migrationsFolder })
const database = wrapPglite(client)
const deps: AppDeps = {
  database,
  mailer: createMailTransport({ from: 'bench@example.org' }),
  secret: 'bench-secret-bench-secret-bench-secret-0123',
  now: () => new Date(),
}

let started = performance.now()
const p = await buildPersonEverywhere(database.db, 'BENCH', { scale: SCALE })
console.log(
  `fixture: ${SCALE} RSVPs, sign-ups and audit rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
const actor = {
  userId: p.user.id,
  sessionId: 'bench',
  email: 'bench@example.org',
  displayName: 'Bench',
  memberId: p.member.id,
  homeUnitId: p.home.id,
  grants: [],
}
const times: number[] = []
let bytes = 0
for (let i = 0; i < ROUNDS; i++) {
  started = performance.now()
  const data = await exportMyData(deps, actor)
  bytes = JSON.stringify(data, null, 2).length
  times.push(performance.now() - started)
}
times.sort((a, b) => a - b)
console.log(
  `export of ${Math.round(bytes / 1024)} KiB: best ${times[0]!.toFixed(0)} ms, median ${times[Math.floor(ROUNDS / 2)]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (load ${loadavg()[0]!.toFixed(2)}, node ${process.version})`,
)
await database.close()

// The application under test, in a process of its own (so its CPU time and peak RSS are its alone),
// opened the way the server opens it (openDatabase: the production pool, or PGlite locked to its
// directory). Started by bench/http-bench.ts; not meant to be run by hand.
//
//   node dist/bench-serve/bench/serve.js '<json ServeSpec>'     compiled by http-bench.ts (startApp)
//   node --import tsx bench/serve.ts '<json ServeSpec>'         on the sources (BENCH_FROM_SOURCES=1)
//
// It picks the page to measure (bench/targets.ts), starts a session for the page's account, listens
// on 127.0.0.1 and prints one JSON line: { port, target, cookie, csrf }. Then it answers lines on
// stdin: "stats" prints { requests, queries, cpuMs } (the requests answered and the queries sent to
// the database since the start, and this process's CPU time), end of input closes everything.

import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createSession, sessionCookieName } from '../src/domains/accounts/index.js'
import { openDatabase } from '../src/platform/db/client.js'
import { csrfTokenFor } from '../src/platform/http/csrf.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { BENCH_SECRET, pickTarget, type TargetName } from './targets.js'

export type ServeSpec = {
  /** PostgreSQL URL, or undefined for PGlite in `dataDir`. */
  url?: string
  dataDir?: string
  /** Fill an empty database with the demo data (src/demo/seed.ts), print {} and exit: a first start. */
  prepareDemo?: boolean
  /** The page to pick; none when the caller knows its URL (the sign-up burst). */
  target?: TargetName
  /** A session with a confirmed second factor for this account instead of the target's. */
  userId?: string
}

let queries = 0
const clientQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args)
} as typeof clientQuery

async function main() {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ServeSpec
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'never',
    ...(spec.url ? { DATABASE_URL: spec.url } : {}),
    ...(spec.dataDir ? { DATA_DIR: spec.dataDir } : {}),
    ...(process.env.PGLITE_SHARED_BUFFERS_MB
      ? { PGLITE_SHARED_BUFFERS_MB: process.env.PGLITE_SHARED_BUFFERS_MB }
      : {}),
  })
  const database = await openDatabase(config.db)
  if (database.kind === 'pglite') {
    const client = (database.db as unknown as { $client: PGlite }).$client
    const query = client.query.bind(client)
    client.query = ((...args: Parameters<PGlite['query']>) => {
      queries++
      return query(...args)
    }) as PGlite['query']
  }
  await database.migrate()
  if (spec.prepareDemo) {
    // In a process of its own, so the seeding's memory does not count towards the server's peak RSS.
    const { seedDemoData } = await import('../src/demo/seed.js')
    await seedDemoData(database.db, { now: new Date(), secret: BENCH_SECRET })
    await database.close()
    console.log('{}')
    process.exit(0)
  }
  const target = spec.target ? await pickTarget(database.db, spec.target) : undefined
  const userId = spec.userId ?? target?.userId
  let cookie: string | undefined
  let csrf: string | undefined
  if (userId) {
    const session = await createSession(
      database.db,
      userId,
      new Date(),
      'bench',
      spec.userId ? new Date() : null,
    )
    cookie = `${sessionCookieName(config)}=${session.token}`
    csrf = csrfTokenFor(BENCH_SECRET, session.sessionId)
  }
  const app = await buildApp(config, {
    database,
    mailer: createMailTransport({ from: 'bench@example.org' }),
    secret: BENCH_SECRET,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  let requests = 0
  app.server.on('request', (_req, res) => res.once('finish', () => requests++))
  const { port } = app.server.address() as { port: number }
  console.log(JSON.stringify({ port, target, cookie, csrf }))
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    if (line.trim() !== 'stats') return
    const cpu = process.cpuUsage()
    console.log(JSON.stringify({ requests, queries, cpuMs: (cpu.user + cpu.system) / 1000 }))
  })
  lines.on('close', async () => {
    await app.close()
    await database.close()
    process.exit(0)
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}

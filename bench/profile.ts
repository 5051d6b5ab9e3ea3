// Where the time of a page goes: the queries of one request (count, round trip, rows) with the
// plan of each (EXPLAIN (ANALYZE, BUFFERS)), the Node CPU time per request, the pool's wait time
// under 50 concurrent requests, and optionally a CPU profile summarised by where the time is spent.
// Counting work is robust on a busy machine, where req/s figures are not.
//
//   node --import tsx bench/profile.ts --url postgres://…/party      a database filled by generate-party.ts
//   node --import tsx bench/profile.ts --demo                         fresh PostgreSQL database with demo data
//   node --import tsx bench/profile.ts --demo --pglite                in-memory PGlite with demo data
//   … --pages eventList,helpRequest   --requests 300   --cpu-prof     (writes .cpuprofile files to $TMPDIR)
//
// Every request goes through app.inject, the whole Fastify pipeline without sockets. DATABASE_URL
// (default postgres://root@127.0.0.1:5432/test) is the admin connection for --demo.

import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createSession, sessionCookieName } from '../src/domains/accounts/index.js'
import { type Database, wrapPglite, wrapPool } from '../src/platform/db/client.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { freshDatabase } from './generate-party.js'
import { pickTarget, type TargetName, targetNames } from './targets.js'

type Recorded = { text: string; values: unknown[]; ms: number; rows: number }

const argv = process.argv.slice(2)
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}
const REQUESTS = Number(arg('requests') ?? 300)
const CONCURRENCY = 50
const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

// ---- recording every query and every wait for a pooled connection ----
let recording: Recorded[] | undefined
let waits: number[] | undefined
const record = (text: string, values: unknown[], started: number, rows: number) => {
  recording?.push({ text, values, ms: performance.now() - started, rows })
}

const clientQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, cb?: unknown) {
  const started = performance.now()
  const text = typeof config === 'string' ? config : (config as { text: string }).text
  if (typeof config === 'object' && config && 'values' in config)
    values = (config as { values: unknown }).values
  if (recording && typeof values === 'function') {
    cb = values
    values = undefined
  }
  if (recording && typeof cb === 'function') {
    const done = cb as (err: unknown, r?: { rows?: unknown[] }) => void
    cb = (err: unknown, r?: { rows?: unknown[] }) => {
      record(text, (values as unknown[]) ?? [], started, r?.rows?.length ?? 0)
      done(err, r)
    }
  }
  const result = (clientQuery as (...a: unknown[]) => unknown).call(this, config, values, cb)
  if (result && typeof (result as Promise<unknown>).then === 'function' && recording) {
    ;(result as Promise<{ rowCount?: number; rows?: unknown[] }>).then(
      (r) => record(text, (values as unknown[]) ?? [], started, r?.rows?.length ?? 0),
      () => {},
    )
  }
  return result
} as typeof clientQuery

const poolConnect = pg.Pool.prototype.connect
pg.Pool.prototype.connect = function (this: pg.Pool, cb?: (...a: unknown[]) => void) {
  const started = performance.now()
  if (typeof cb === 'function') {
    return (poolConnect as (cb: unknown) => void).call(this, (...a: unknown[]) => {
      waits?.push(performance.now() - started)
      cb(...a)
    })
  }
  return (poolConnect as () => Promise<pg.PoolClient>).call(this).then((c) => {
    waits?.push(performance.now() - started)
    return c
  })
} as typeof poolConnect

function wrapPgliteRecording(client: PGlite) {
  const query = client.query.bind(client)
  client.query = (async (text: string, values?: unknown[], opts?: unknown) => {
    const started = performance.now()
    const r = await query(text, values, opts as never)
    record(text, values ?? [], started, r.rows.length)
    return r
  }) as typeof client.query
  return client
}

// ---- helpers ----
const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const fmt = (ms: number) => `${ms.toFixed(2)} ms`
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim()

async function explain(database: Database, q: Recorded): Promise<string> {
  const head = q.text.trimStart().slice(0, 6).toLowerCase()
  if (!['select', 'with', 'update', 'insert', 'delete'].some((k) => head.startsWith(k)))
    return '(not a query with a plan)'
  const statement = `explain (analyze, buffers) ${q.text}`
  const run = async (
    exec: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
  ) => {
    const r = await exec(statement, q.values)
    return r.rows.map((row) => String(Object.values(row)[0])).join('\n')
  }
  if (database.kind === 'postgres') {
    const pool = (database as unknown as { pool: pg.Pool }).pool
    const client = await pool.connect()
    try {
      await client.query('begin')
      // Writes are explained inside a transaction that is rolled back.
      return await run((t, v) => client.query(t, v))
    } finally {
      await client.query('rollback')
      client.release()
    }
  }
  const lite = (database as unknown as { client: PGlite }).client
  return lite.transaction(async (tx) => {
    const out = await run((t, v) => tx.query(t, v) as never)
    await tx.rollback()
    return out
  })
}

type Summary = { file: string; self: number }

/** Self time of a CPU profile by where the code lives: our code, Drizzle, pg, preact, fastify, node, GC, idle. */
function summarise(profile: {
  nodes: { id: number; callFrame: { url: string; functionName: string }; hitCount?: number }[]
  samples: number[]
  timeDeltas: number[]
}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const groups = new Map<string, number>()
  const functions = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    total += dt
    const node = byId.get(id)
    const url = node?.callFrame.url ?? ''
    const fn = node?.callFrame.functionName || '(anonymous)'
    let group = 'node internals'
    if (fn === '(idle)' || (fn === 'post' && url === 'node:inspector')) group = 'idle'
    else if (fn === '(garbage collector)') group = 'garbage collector'
    else if (fn === '(program)') group = 'program (native)'
    else if (url.includes('/node_modules/drizzle-orm/')) group = 'drizzle-orm'
    else if (url.includes('/node_modules/pg') || url.includes('/node_modules/postgres-')) group = 'pg driver'
    else if (url.includes('/node_modules/@electric-sql/pglite')) group = 'pglite'
    else if (url.includes('/node_modules/preact')) group = 'preact render'
    else if (
      url.includes('/node_modules/fastify') ||
      url.includes('/node_modules/@fastify') ||
      url.includes('/node_modules/light-my-request') ||
      url.includes('/node_modules/find-my-way') ||
      url.includes('/node_modules/avvio')
    )
      group = 'fastify + inject'
    else if (url.includes('/node_modules/zod')) group = 'zod'
    else if (url.includes('/src/')) group = `src: ${url.replace(/^.*\/src\//, '')}`
    else if (url.includes('/node_modules/'))
      group = `other: ${url.replace(/^.*\/node_modules\//, '').split('/')[0]}`
    groups.set(group, (groups.get(group) ?? 0) + dt)
    if (group !== 'idle') {
      const key = `${fn} ${url.replace(/^.*\/(node_modules|src)\//, '')}`
      functions.set(key, (functions.get(key) ?? 0) + dt)
    }
  })
  const busy = total - (groups.get('idle') ?? 0)
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => ({ file: k, self: v }) satisfies Summary)
  return {
    busyMs: busy / 1000,
    totalMs: total / 1000,
    groups: top(groups, 18),
    functions: top(functions, 20),
  }
}

async function main() {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'never' })
  let database: Database
  let cleanup = async () => {}
  if (argv.includes('--pglite')) {
    const client = wrapPgliteRecording(await PGlite.create())
    database = wrapPglite(client)
    ;(database as unknown as { client: PGlite }).client = client
  } else {
    let url = arg('url')
    if (!url) {
      const fresh = await freshDatabase(adminUrl, 'perf_profile')
      url = fresh.url
      cleanup = fresh.drop
    }
    const pool = new pg.Pool({ connectionString: url, max: Number(arg('pool') ?? 10) })
    database = wrapPool(pool)
    ;(database as unknown as { pool: pg.Pool }).pool = pool
  }
  try {
    if (argv.includes('--demo')) {
      await database.migrate()
      const { seedDemoData } = await import('../src/demo/seed.js')
      await seedDemoData(database.db, { now: new Date(), secret: 'bench-secret' })
    }
    const app = await buildApp(config, {
      database,
      mailer: createMailTransport({ from: 'bench@example.org' }),
      secret: 'benchmark-secret-benchmark-secret-0123456789',
    })
    await app.ready()
    const wanted = (arg('pages')?.split(',') ?? targetNames) as TargetName[]
    for (const name of wanted) {
      let target: Awaited<ReturnType<typeof pickTarget>>
      try {
        target = await pickTarget(database.db, name)
      } catch (err) {
        console.log(`\n## ${name}: skipped (${(err as Error).message})`)
        continue
      }
      const headers: Record<string, string> = {}
      if (target.userId) {
        const { token } = await createSession(database.db, target.userId, new Date())
        headers.cookie = `${sessionCookieName(config)}=${token}`
      }
      const get = () => app.inject({ method: 'GET', url: target.path, headers })
      for (let i = 0; i < 10; i++) {
        const res = await get()
        if (res.statusCode !== 200) throw new Error(`${target.path} answered ${res.statusCode}`)
      }
      console.log(`\n## ${name}: ${target.label}\n${target.detail}`)

      // One request, every query.
      recording = []
      const t0 = performance.now()
      const one = await get()
      const wall = performance.now() - t0
      await new Promise((r) => setTimeout(r, 20))
      const queries = recording
      recording = undefined
      const dbMs = queries.reduce((n, q) => n + q.ms, 0)
      console.log(
        `one request: ${fmt(wall)}, ${queries.length} queries, ${fmt(dbMs)} in queries (round trips), ${(one.rawPayload.length / 1024).toFixed(1)} KB`,
      )
      const plans: string[] = []
      for (const [i, q] of queries.entries()) {
        const plan = await explain(database, q)
        const exec = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1]
        const planning = /Planning Time: ([\d.]+) ms/.exec(plan)?.[1]
        const seq = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1])
        const buffers = /Buffers: shared hit=(\d+)(?: read=(\d+))?/.exec(plan)
        console.log(
          `  q${i + 1} ${fmt(q.ms)} rows ${q.rows}; plan ${planning ?? '?'} ms, run ${exec ?? '?'} ms, buffers hit ${buffers?.[1] ?? '?'} read ${buffers?.[2] ?? 0}${seq.length ? `, SEQ SCAN on ${[...new Set(seq)].join(', ')}` : ''}\n     ${oneLine(q.text).slice(0, 220)}`,
        )
        plans.push(
          `-- q${i + 1} (${fmt(q.ms)}, ${q.rows} rows)\n-- ${oneLine(q.text)}\n-- params ${JSON.stringify(q.values).slice(0, 500)}\n${plan}\n`,
        )
      }
      const planFile = join(tmpdir(), `profile-${name}-${database.kind}.plans.txt`)
      writeFileSync(planFile, plans.join('\n'))

      // Sequential: Node CPU per request, with an optional CPU profile.
      const session = argv.includes('--cpu-prof') ? new Session() : undefined
      if (session) {
        session.connect()
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 500 })
        await session.post('Profiler.start')
      }
      const cpu0 = process.cpuUsage()
      const s0 = performance.now()
      for (let i = 0; i < REQUESTS; i++) await get()
      const seqWall = (performance.now() - s0) / REQUESTS
      const cpu = process.cpuUsage(cpu0)
      const cpuPerRequest = (cpu.user + cpu.system) / 1000 / REQUESTS
      console.log(
        `sequential, ${REQUESTS} requests: ${fmt(seqWall)} wall and ${fmt(cpuPerRequest)} Node CPU per request (${Math.round(1000 / seqWall)} req/s on one connection)`,
      )
      if (session) {
        const { profile } = await session.post('Profiler.stop')
        session.disconnect()
        const file = join(tmpdir(), `profile-${name}-${database.kind}.cpuprofile`)
        writeFileSync(file, JSON.stringify(profile))
        const s = summarise(profile as never)
        console.log(`  CPU profile ${file}: ${s.busyMs.toFixed(0)} ms busy of ${s.totalMs.toFixed(0)} ms`)
        for (const g of s.groups.filter((x) => x.file !== 'idle'))
          console.log(`    ${((g.self / 1000 / s.busyMs) * 100).toFixed(1).padStart(5)} %  ${g.file}`)
        console.log('  top functions (self):')
        for (const f of s.functions.slice(0, 12))
          console.log(`    ${((f.self / 1000 / s.busyMs) * 100).toFixed(1).padStart(5)} %  ${f.file}`)
      }

      // 50 at once: throughput in process and the pool's wait time.
      waits = []
      const c0 = performance.now()
      let done = 0
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (done < REQUESTS * 2) {
            done++
            await get()
          }
        }),
      )
      const concWall = performance.now() - c0
      const w = waits.sort((a, b) => a - b)
      waits = undefined
      console.log(
        `${CONCURRENCY} concurrent, ${done} requests: ${Math.round((done / concWall) * 1000)} req/s in process; ` +
          (database.kind === 'postgres'
            ? `pool wait per checkout p50 ${fmt(pct(w, 50))}, p99 ${fmt(pct(w, 99))}, mean ${fmt(w.reduce((a, b) => a + b, 0) / Math.max(1, w.length))} over ${w.length} checkouts`
            : 'PGlite: one connection, queries run one at a time'),
      )
      console.log(`  plans: ${planFile}`)
    }
    await app.close()
  } finally {
    await database.close()
    await cleanup()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

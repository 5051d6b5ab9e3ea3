// Sign-up burst: N members with sessions post a sign-up for the same shift (100 places) at once,
// through HTTP with CSRF tokens, against the app on a PostgreSQL database of its own.
//
//   node --import tsx bench/signup-burst.ts            (BURST=500, BURST_TIMEOUT_S=60 by default)
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection: the
// benchmark creates a database, migrates it with the platform's migrator, and drops it at the end.
// Prints throughput, p50/p99 latency and peak RSS, and appends a section to bench/RESULTS.md.

import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { and, count, eq } from 'drizzle-orm'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createSession, sessionCookieName, users } from '../src/domains/accounts/index.js'
import { helpRequests, helpShifts, helpSignups } from '../src/domains/help/index.js'
import { members } from '../src/domains/members/index.js'
import { insertUnit } from '../src/domains/org-units/index.js'
import { partnerships } from '../src/domains/partnerships/index.js'
import { wrapPool } from '../src/platform/db/client.js'
import { csrfTokenFor } from '../src/platform/http/csrf.js'
import { createMailer } from '../src/platform/mail/mailer.js'

const BURST = Math.max(1, Math.min(5000, Number(process.env.BURST ?? 500)))
const CAPACITY = 100
const TIMEOUT_MS = Math.max(5, Number(process.env.BURST_TIMEOUT_S ?? 60)) * 1000
const SECRET = 'benchmark-secret-benchmark-secret-0123456789'
const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const name = `bs_bench_${randomBytes(5).toString('hex')}`
await admin(`create database ${name}`)
const target = new URL(adminUrl)
target.pathname = `/${name}`
const database = wrapPool(new pg.Pool({ connectionString: target.toString(), max: 10 }))
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'never' })

try {
  const setupStarted = performance.now()
  await database.migrate()
  const db = database.db
  const federation = await insertUnit(db, { kind: 'federal', name: 'Bund (Benchmark)', parentId: null })
  const state = await insertUnit(db, {
    kind: 'state',
    name: 'Beispielland',
    ags: '99',
    parentId: federation.id,
  })
  const asking = await insertUnit(db, { kind: 'district', name: 'Bittender KV', parentId: state.id })
  const helping = await insertUnit(db, { kind: 'district', name: 'Helfender KV', parentId: state.id })
  await db.insert(partnerships).values({ unitAId: asking.id, unitBId: helping.id, status: 'active' })
  const helpers = await db
    .insert(members)
    .values(
      Array.from({ length: BURST + 1 }, (_, i) => ({
        memberNumber: `BENCH${i}`,
        firstName: 'Bench',
        lastName: `Helfer-${i}`,
        email: `helfer${i}@example.org`,
        homeUnitId: i === 0 ? asking.id : helping.id,
      })),
    )
    .returning({ id: members.id })
  const [contact, ...crowd] = helpers
  const [request] = await db
    .insert(helpRequests)
    .values({
      unitId: asking.id,
      kind: 'haustuerwahlkampf',
      title: 'Haustürwahlkampf (Benchmark)',
      municipalityAgs: '16075131',
      visibility: 'partners',
      contactMemberId: contact!.id,
    })
    .returning()
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000)
  const [shift] = await db
    .insert(helpShifts)
    .values({
      requestId: request!.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * 3600_000),
      capacity: CAPACITY,
      meetingPoint: 'Marktplatz',
    })
    .returning()
  const accounts = await db
    .insert(users)
    .values(
      crowd.map((m, i) => ({
        email: `bench-${i}@example.org`,
        displayName: `Bench ${i}`,
        memberId: m.id,
        emailVerifiedAt: new Date(),
      })),
    )
    .returning({ id: users.id })
  const cookieName = sessionCookieName(config)
  const sessions = []
  for (const u of accounts) {
    const { token, sessionId } = await createSession(db, u.id, new Date())
    sessions.push({ cookie: `${cookieName}=${token}`, csrf: csrfTokenFor(SECRET, sessionId) })
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000

  const app = await buildApp(config, {
    database,
    mailer: createMailer({ from: 'bench@example.org', keepOutbox: false }),
    secret: SECRET,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}/help/shifts/${shift!.id}/signup`

  const deadline = AbortSignal.timeout(TIMEOUT_MS)
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let failed = 0
  const burstStarted = performance.now()
  await Promise.all(
    sessions.map(async (s) => {
      const started = performance.now()
      try {
        const res = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: deadline,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
          body: new URLSearchParams({ _csrf: s.csrf }).toString(),
        })
        await res.arrayBuffer()
        latencies.push(performance.now() - started)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      } catch {
        failed++
      }
    }),
  )
  const burstSeconds = (performance.now() - burstStarted) / 1000
  await app.close()

  const countOf = async (status: 'confirmed' | 'waitlisted') => {
    const [row] = await db
      .select({ n: count() })
      .from(helpSignups)
      .where(and(eq(helpSignups.shiftId, shift!.id), eq(helpSignups.status, status)))
    return Number(row?.n ?? 0)
  }
  const confirmed = await countOf('confirmed')
  const waitlisted = await countOf('waitlisted')
  const version = (await db.execute('show server_version')) as unknown as {
    rows: { server_version: string }[]
  }
  latencies.sort((a, b) => a - b)
  const ms = (v: number) => `${v.toFixed(1)} ms`
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim()
  const correct = confirmed === Math.min(CAPACITY, BURST) && waitlisted === Math.max(0, BURST - CAPACITY)
  const rows: [string, string, string][] = [
    ['sign-ups sent at once', String(BURST), ''],
    ['answers (status: count)', [...statuses].map(([s, n]) => `${s}: ${n}`).join(', ') || '–', 'all 303'],
    ['failed or timed out', String(failed), '0'],
    [
      'confirmed / waitlisted',
      `${confirmed} / ${waitlisted}`,
      `${CAPACITY} / ${BURST - CAPACITY} ${correct ? '✔' : '✘'}`,
    ],
    ['wall time of the burst', `${burstSeconds.toFixed(2)} s`, `≤ ${TIMEOUT_MS / 1000} s`],
    ['throughput', `${Math.round(latencies.length / burstSeconds)} sign-ups/s`, ''],
    ['p50 latency', ms(percentile(latencies, 50)), ''],
    ['p99 latency', ms(percentile(latencies, 99)), ''],
    ['peak RSS (app and client in one process)', `${peakRssMb} MB`, ''],
    ['setup (migrate, members, sessions)', `${setupSeconds.toFixed(1)} s`, ''],
  ]
  const table = ['| figure | value | expected |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)]
  const section = [
    '',
    '',
    `## Sign-up burst, ${new Date().toISOString().slice(0, 10)} (commit ${commit}, node ${process.version}, PostgreSQL ${version.rows[0]?.server_version})`,
    '',
    `${BURST} members of a partner KV, each with a session, post a sign-up (with CSRF token) for one shift with`,
    `${CAPACITY} places at the same moment, through HTTP to the app on 127.0.0.1 (pool of 10 connections).`,
    `${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}.`,
    '',
    ...table,
    '',
  ].join('\n')
  console.log(section)
  appendFileSync(new URL('RESULTS.md', import.meta.url), section)
  if (!correct || failed > 0) process.exitCode = 1
} finally {
  await database.close()
  await admin(`drop database if exists ${name} with (force)`)
}

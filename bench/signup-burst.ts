// Sign-up burst: N members of a partner KV, each with a session, post a sign-up (with CSRF token)
// for the same shift with 100 places at the same moment, through HTTP, against the app in a process
// of its own on a PostgreSQL database of its own. The same N posts then go, from the same client,
// to a bare node:http server answering 303, for the figure of what the machine and client allow.
// BENCH_ROUNDS (3) rounds, each on a new shift, alternating app and bare server; medians.
//
//   node --import tsx bench/signup-burst.ts            (BURST=500, BURST_TIMEOUT_S=60)
//   node --import tsx bench/signup-burst.ts --record   also appends the figures to bench/RESULTS.md
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection: the
// benchmark creates a database, migrates it with the platform's migrator, and drops it at the end.

import type { ChildProcess } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { and, count, eq } from 'drizzle-orm'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import { createSession, sessionCookieName, users } from '../src/domains/accounts/index.js'
import { helpRequests, helpShifts, helpSignups } from '../src/domains/help/index.js'
import { members } from '../src/domains/members/index.js'
import { insertUnit } from '../src/domains/org-units/index.js'
import { partnerships } from '../src/domains/partnerships/index.js'
import { wrapPool } from '../src/platform/db/client.js'
import { csrfTokenFor } from '../src/platform/http/csrf.js'
import { freshDatabase } from './generate-party.js'
import {
  adminUrl,
  BENCH_SECRET,
  backendCpuNote,
  commitOf,
  load,
  meterBackendCpu,
  peakRssMb,
  postgresVersion,
  record,
  run,
  startApp,
  startBare,
  stop,
} from './http-bench.js'

const BURST = Math.max(1, Math.min(5000, Number(process.env.BURST ?? 500)))
const CAPACITY = 100
const ROUNDS = Math.max(1, Math.min(10, Number(process.env.BENCH_ROUNDS ?? 3)))
const TIMEOUT_MS = Math.max(5, Number(process.env.BURST_TIMEOUT_S ?? 60)) * 1000
const TARGET = { rate: 500, p99Ms: 1000, rssMb: 300 }

type Sender = { cookie: string; csrf: string }
type Burst = { seconds: number; latencies: number[]; statuses: Map<number, number>; failed: number }

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Every sender posts at the same moment; the clock runs from the first send to the last answer. */
async function burst(url: string, senders: Sender[]): Promise<Burst> {
  const deadline = AbortSignal.timeout(TIMEOUT_MS)
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let failed = 0
  const started = performance.now()
  await Promise.all(
    senders.map(async (s) => {
      const t0 = performance.now()
      try {
        const res = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: deadline,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
          body: new URLSearchParams({ _csrf: s.csrf }).toString(),
        })
        await res.arrayBuffer()
        latencies.push(performance.now() - t0)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      } catch {
        failed++
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { seconds: (performance.now() - started) / 1000, latencies, statuses, failed }
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  const started = performance.now()
  const loadAtStart = load()
  const fresh = await freshDatabase(adminUrl, 'bs_bench_burst')
  const database = wrapPool(new pg.Pool({ connectionString: fresh.url, max: 4 }))
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'never' })
  const children: ChildProcess[] = []
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
    const shifts = await db
      .insert(helpShifts)
      .values(
        Array.from({ length: ROUNDS + 1 }, (_, i) => ({
          requestId: request!.id,
          startsAt: new Date(startsAt.getTime() + i * 24 * 3600_000),
          endsAt: new Date(startsAt.getTime() + i * 24 * 3600_000 + 4 * 3600_000),
          capacity: CAPACITY,
          meetingPoint: 'Marktplatz',
        })),
      )
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
    const senders: Sender[] = []
    for (const u of accounts) {
      const { token, sessionId } = await createSession(db, u.id, new Date())
      senders.push({ cookie: `${cookieName}=${token}`, csrf: csrfTokenFor(BENCH_SECRET, sessionId) })
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000

    const app = await startApp({ url: fresh.url })
    children.push(app.child)
    const base = `http://127.0.0.1:${app.port}`
    // Warm-up: every sender once on a shift of its own, so sessions, plans and the pool are as in use.
    await burst(`${base}/help/shifts/${shifts[ROUNDS]!.id}/signup`, senders)
    const bare = await startBare(Buffer.alloc(0), { location: `/help/${request!.id}` }, 303)
    children.push(bare.child)

    const appRuns: Burst[] = []
    const bareRuns: Burst[] = []
    const outcomes: { confirmed: number; waitlisted: number }[] = []
    const before = await app.stats()
    const pgMeter = await meterBackendCpu(fresh.url)
    for (let round = 0; round < ROUNDS; round++) {
      const shift = shifts[round]!
      appRuns.push(await burst(`${base}/help/shifts/${shift.id}/signup`, senders))
      bareRuns.push(await burst(`http://127.0.0.1:${bare.port}/help/shifts/${shift.id}/signup`, senders))
      const countOf = async (status: 'confirmed' | 'waitlisted') => {
        const [row] = await db
          .select({ n: count() })
          .from(helpSignups)
          .where(and(eq(helpSignups.shiftId, shift.id), eq(helpSignups.status, status)))
        return Number(row?.n ?? 0)
      }
      outcomes.push({ confirmed: await countOf('confirmed'), waitlisted: await countOf('waitlisted') })
    }
    const after = await app.stats()
    const pgCpu = await pgMeter.stop()
    const served = Math.max(1, after.requests - before.requests)
    const appRss = peakRssMb(app.child)
    const bareRss = peakRssMb(bare.child)
    bare.cleanup()

    const expected = { confirmed: Math.min(CAPACITY, BURST), waitlisted: Math.max(0, BURST - CAPACITY) }
    const correct = outcomes.every(
      (o) => o.confirmed === expected.confirmed && o.waitlisted === expected.waitlisted,
    )
    const summary = (runs: Burst[]) => {
      const rate = medianOf(runs.map((r) => r.latencies.length / r.seconds))
      return {
        rate,
        seconds: medianOf(runs.map((r) => r.seconds)),
        p50: medianOf(runs.map((r) => percentile(r.latencies, 50))),
        p99: medianOf(runs.map((r) => percentile(r.latencies, 99))),
        failed: runs.reduce((n, r) => n + r.failed, 0),
        statuses: [
          ...runs.reduce((m, r) => {
            for (const [s, n] of r.statuses) m.set(s, (m.get(s) ?? 0) + n)
            return m
          }, new Map<number, number>()),
        ]
          .map(([s, n]) => `${s}: ${n}`)
          .join(', '),
      }
    }
    const a = summary(appRuns)
    const b = summary(bareRuns)
    const mark = (ok: boolean) => (ok ? '✔' : '✘')
    const ms = (x: number) => `${x.toFixed(1)} ms`
    const pgInfo = await postgresVersion()
    const report = [
      `## Sign-up burst, ${new Date().toISOString().slice(0, 10)} (commit ${commitOf()}, node ${process.version}, ${pgInfo.version})`,
      '',
      `${BURST} members of a partner KV, each with a session, post a sign-up (with CSRF token) for one shift with`,
      `${CAPACITY} places at the same moment, through HTTP to the app (its own process, the platform's pool) on 127.0.0.1;`,
      `then the same ${BURST} posts from the same client to a bare node:http server answering 303. ${ROUNDS} rounds, each on a new shift, medians.`,
      `${availableParallelism()} CPUs, load average ${loadAtStart} at the start and ${load()} at the end. PostgreSQL settings: ${pgInfo.settings}.`,
      '',
      '| figure | app | bare node:http | target |',
      '|---|---:|---:|---|',
      `| sign-ups per second (answers / wall time of the burst) | ${a.rate.toFixed(0)} | ${b.rate.toFixed(0)} | ≥ ${TARGET.rate} ${mark(a.rate >= TARGET.rate)} |`,
      `| wall time of the burst | ${a.seconds.toFixed(2)} s | ${b.seconds.toFixed(2)} s | |`,
      `| p50 latency | ${ms(a.p50)} | ${ms(b.p50)} | |`,
      `| p99 latency | ${ms(a.p99)} | ${ms(b.p99)} | < ${TARGET.p99Ms} ms ${mark(a.p99 < TARGET.p99Ms)} |`,
      `| answers (status: count, all rounds) | ${a.statuses} | ${b.statuses} | all 303 |`,
      `| failed or timed out | ${a.failed} | ${b.failed} | 0 ${mark(a.failed === 0)} |`,
      `| confirmed / waitlisted per round | ${outcomes.map((o) => `${o.confirmed} / ${o.waitlisted}`).join(', ')} | | ${expected.confirmed} / ${expected.waitlisted} ${mark(correct)} |`,
      `| peak RSS of the server process (VmHWM) | ${appRss.toFixed(0)} MB | ${bareRss.toFixed(0)} MB | ≤ ${TARGET.rssMb} MB ${mark(appRss <= TARGET.rssMb)} |`,
      `| per sign-up: queries, CPU of the app process, CPU of its PostgreSQL backends | ${((after.queries - before.queries) / served).toFixed(2)}, ${ms((after.cpuMs - before.cpuMs) / served)}, ${ms(pgCpu.ms / served)} | | |`,
      `| rounds (sign-ups/s) | ${appRuns.map((r) => (r.latencies.length / r.seconds).toFixed(0)).join(', ')} | ${bareRuns.map((r) => (r.latencies.length / r.seconds).toFixed(0)).join(', ')} | |`,
      '',
      `Set-up (migrations, ${BURST} members, sessions): ${setupSeconds.toFixed(1)} s. Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s. ${backendCpuNote(pgCpu)}`,
      '',
    ].join('\n')
    console.log(report)
    if (record) {
      appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${report}`)
      console.log('Appended to bench/RESULTS.md')
    }
    const met =
      correct && a.failed === 0 && a.rate >= TARGET.rate && a.p99 < TARGET.p99Ms && appRss <= TARGET.rssMb
    if (!met) process.exitCode = 1
  } finally {
    for (const child of children) await stop(child)
    await database.close()
    await fresh.drop()
  }
}

run(main)

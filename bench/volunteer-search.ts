// Volunteer pool search benchmark: 150,000 fictional members in 400 districts (4 states), about 20 %
// of them in the pool with skills, postal codes and a consent; then ten coordinators search at the
// same time through HTTP (the whole use case: place of the unit, search, skills, audit row, page),
// 500 searches with a skill and a distance filter in all, and the same client against a bare
// node:http server sending one search's page.
//
//   node --import tsx bench/volunteer-search.ts            prints the figures
//   node --import tsx bench/volunteer-search.ts --record   also appends them to bench/RESULTS.md
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection: the
// benchmark creates a database of its own, migrates it and drops it at the end.

import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus } from 'node:os'
import { parse } from 'csv-parse/sync'
import pg from 'pg'
import { loadConfig } from '../src/config.js'
import { createSession, sessionCookieName } from '../src/domains/accounts/index.js'
import { insertUnit, type OrgUnit } from '../src/domains/org-units/index.js'
import { wrapPool } from '../src/platform/db/client.js'
import {
  backendCpuNote,
  commitOf,
  load,
  meterBackendCpu,
  peakRssMb,
  record,
  replayHeaders,
  startApp,
  startBare,
  stop,
} from './http-bench.js'

const MEMBERS = 150_000
const DISTRICTS = 400
const STATES = 4
const SEARCHES = 500
const SEARCHERS = 10
const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

const codes = (
  parse(readFileSync(new URL('../geodata/plz.csv', import.meta.url)), { columns: true }) as {
    plz: string
    lat: string
    lon: string
  }[]
).map((r) => ({ plz: r.plz, lat: Number(r.lat), lon: Number(r.lon) }))

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

async function main() {
  const name = `bs_bench_vol_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const target = new URL(adminUrl)
  target.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: target.toString(), max: 4 })
  const database = wrapPool(pool)
  const children: ChildProcess[] = []
  const loadAtStart = load()
  try {
    const t0 = performance.now()
    await database.migrate()
    const db = database.db
    const federation = await insertUnit(db, { kind: 'federal', name: 'Bund (Benchmark)', parentId: null })
    const districts: OrgUnit[] = []
    for (let s = 1; s <= STATES; s++) {
      const state = await insertUnit(db, { kind: 'state', name: `Land ${s}`, parentId: federation.id })
      for (let i = 1; i <= DISTRICTS / STATES; i++)
        districts.push(
          await insertUnit(db, { kind: 'district', name: `Kreis ${s}-${i}`, parentId: state.id }),
        )
    }
    // A few partnerships, so the partner scope has something to find.
    for (let i = 0; i + 1 < districts.length; i += 8)
      await pool.query(`insert into partnerships (unit_a_id, unit_b_id, status) values ($1, $2, 'active')`, [
        districts[i]!.id,
        districts[i + 1]!.id,
      ])

    const cols: string[][] = [[], [], [], [], [], []]
    for (let i = 0; i < MEMBERS; i++) {
      const code = pick(codes)
      cols[0]!.push(`B${i}`)
      cols[1]!.push(pick(['Alma', 'Bent', 'Carla', 'Dario', 'Edda', 'Fiete', 'Greta', 'Hagen']))
      cols[2]!.push(`Beispiel-${i}`)
      cols[3]!.push(`m${i}@example.org`)
      cols[4]!.push(code.plz)
      cols[5]!.push(pick(districts).id)
    }
    for (let off = 0; off < MEMBERS; off += 25_000) {
      await pool.query(
        `insert into members (member_number, first_name, last_name, email, postal_code, home_unit_id)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[])`,
        cols.map((c) => c.slice(off, off + 25_000)),
      )
    }
    await pool.query('create temp table plz (plz text primary key, lat float8, lon float8)')
    await pool.query('insert into plz select * from unnest($1::text[], $2::float8[], $3::float8[])', [
      codes.map((c) => c.plz),
      codes.map((c) => c.lat),
      codes.map((c) => c.lon),
    ])
    const client = await pool.connect()
    try {
      await client.query('create temp table plz2 (plz text primary key, lat float8, lon float8)')
      await client.query('insert into plz2 select * from unnest($1::text[], $2::float8[], $3::float8[])', [
        codes.map((c) => c.plz),
        codes.map((c) => c.lat),
        codes.map((c) => c.lon),
      ])
      await client.query(`insert into volunteer_profiles
          (member_id, hours_per_month, weekdays, evenings, weekends, reach, reach_km, works_online, short_projects, lat, lon)
        select m.id, 1 + floor(random() * 20)::int, random() < 0.4, random() < 0.7, random() < 0.6,
          r.reach, case when r.reach = 'distance' then 100 end, random() < 0.4, random() < 0.7, z.lat, z.lon
        from members m join plz2 z on z.plz = m.postal_code
        cross join lateral (select (array['own_kv','distance','state','everywhere','everywhere'])[1 + floor(random() * 5)::int] as reach, m.id as k) r
        where random() < 0.2`)
      await client.query(`insert into volunteer_profile_skills (member_id, skill_id)
        select distinct p.member_id, s.id from volunteer_profiles p
        cross join lateral (select id from skills where p.member_id is not null order by random() limit 1 + floor(random() * 3)::int) s`)
      await client.query(`insert into consents (member_id, purpose, scope, text_version, text_hash, given_at)
        select member_id, 'volunteer_pool', (array['own_kv','partners','state','party'])[1 + floor(random() * 4)::int],
          'volunteer-pool-2026-11', repeat('0', 64), now() from volunteer_profiles`)
      // A tenth withdrew again: their rows stay, the search must skip them.
      await client.query(`update consents set withdrawn_at = now() where random() < 0.1`)
      // As autovacuum leaves tables written now and then (the test server runs without it): statistics,
      // and pages marked all-visible, so the search reads the candidates in the box from the index alone.
      await client.query('vacuum analyze')
    } finally {
      client.release()
    }

    // Ten coordinators of ten districts, each with a session that confirmed its second factor,
    // search at the same time through HTTP, each one search after the other.
    const coordinators: { unitId: string; cookie: string }[] = []
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'never' })
    for (let i = 0; i < SEARCHERS; i++) {
      const unit = districts[(i * 37) % districts.length]!
      const { rows } = await pool.query<{ id: string }>(
        `with m as (insert into members (member_number, first_name, last_name, email, home_unit_id)
                    values ($1, 'Koordinatorin', $2, $3, $4) returning id)
         insert into users (email, display_name, member_id, email_verified_at)
         select $3, 'Koordinatorin ' || $2, id, now() from m returning id`,
        [`C${i}`, `Bench-${i}`, `coordinator${i}@example.org`, unit.id],
      )
      await pool.query(`insert into role_grants (user_id, unit_id, role) values ($1, $2, 'coordinator')`, [
        rows[0]!.id,
        unit.id,
      ])
      const { token } = await createSession(database.db, rows[0]!.id, new Date(), 'bench', new Date())
      coordinators.push({ unitId: unit.id, cookie: `${sessionCookieName(config)}=${token}` })
    }
    const setup = (performance.now() - t0) / 1000
    const [{ n: profiles }] = (await pool.query('select count(*)::int as n from volunteer_profiles')).rows
    const skillIds = (await pool.query('select id from skills')).rows.map((r) => r.id as string)

    const app = await startApp({ url: target.toString() })
    children.push(app.child)
    const searchPath = (unitId: string) =>
      `/volunteers/search?${new URLSearchParams({ unit: unitId, skill: pick(skillIds), plz: pick(codes).plz, km: String(pick([10, 25, 50, 100])) })}`
    const agent = new Agent({ keepAlive: true, maxSockets: SEARCHERS })
    const get = (url: string, cookie: string) =>
      new Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }>(
        (resolve, reject) => {
          request(url, { agent, headers: { cookie } }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
            )
          })
            .on('error', reject)
            .end()
        },
      )
    /** SEARCHERS loops at once, SEARCHES in all; the latency of each answered search. */
    const searchAll = async (base: string) => {
      const times: number[] = []
      let failed = 0
      let left = SEARCHES
      const started = performance.now()
      await Promise.all(
        coordinators.map(async (c) => {
          while (left-- > 0) {
            const t = performance.now()
            const res = await get(`${base}${searchPath(c.unitId)}`, c.cookie)
            if (res.status === 200) times.push(performance.now() - t)
            else failed++
          }
        }),
      )
      return { times: times.sort((a, b) => a - b), failed, seconds: (performance.now() - started) / 1000 }
    }
    const appBase = `http://127.0.0.1:${app.port}`
    const sample = await get(`${appBase}${searchPath(coordinators[0]!.unitId)}`, coordinators[0]!.cookie)
    if (sample.status !== 200) throw new Error(`the search answered ${sample.status}`)
    const found = (sample.body.toString('utf8').match(/\/volunteers\/members\/[0-9a-f-]{36}\/ask/g) ?? [])
      .length
    const bare = await startBare(sample.body, replayHeaders(sample.headers))
    children.push(bare.child)
    await searchAll(appBase) // warm-up: plans, pool, caches
    const before = await app.stats()
    const pgMeter = await meterBackendCpu(target.toString())
    const a = await searchAll(appBase)
    const after = await app.stats()
    const pgCpu = await pgMeter.stop()
    const b = await searchAll(`http://127.0.0.1:${bare.port}`)
    const appRss = peakRssMb(app.child)
    bare.cleanup()
    agent.destroy()
    const served = Math.max(1, after.requests - before.requests)
    const row = (label: string, f: (r: typeof a) => string, budget = '') =>
      `| ${label} | ${f(a)} | ${f(b)} | ${budget} |`
    const p95 = pct(a.times, 95)
    const { rows: ver } = await pool.query('show server_version')
    const section = `

## Volunteer pool search, ${SEARCHERS} searchers at once, ${new Date().toISOString().slice(0, 10)} (commit ${commitOf()}, node ${process.version}, PostgreSQL ${ver[0].server_version})

Data: ${MEMBERS.toLocaleString('en')} members in ${DISTRICTS} districts of ${STATES} states, ${profiles.toLocaleString('en')} in the pool
(1–3 skills, a point from their postal code, random scope; a tenth withdrew again). ${SEARCHERS} coordinators of ${SEARCHERS} districts
(sessions with a confirmed second factor) search at the same time through HTTP (GET /volunteers/search: the whole use case with
its audit row, and the page), ${SEARCHES} searches in all, each with a random skill, postal code and 10/25/50/100 km; then the same
client against a bare node:http server sending one search's page (${found} hits, ${(sample.body.length / 1024).toFixed(1)} KB).
${cpus().length} CPUs, load average ${loadAtStart} at the start and ${load()} at the end.

| figure | app | bare node:http, same bytes | budget |
|---|---:|---:|---|
${row('p50', (r) => `${pct(r.times, 50).toFixed(1)} ms`)}
${row('p95', (r) => `${pct(r.times, 95).toFixed(1)} ms`, `< 50 ms ${p95 < 50 ? '✔' : '✘'}`)}
${row('p99', (r) => `${pct(r.times, 99).toFixed(1)} ms`)}
${row('searches per second', (r) => (r.times.length / r.seconds).toFixed(0))}
${row('failed', (r) => String(r.failed), `0 ${a.failed === 0 ? '✔' : '✘'}`)}
| peak RSS of the server process (VmHWM) | ${appRss.toFixed(0)} MB | | ≤ 300 MB ${appRss <= 300 ? '✔' : '✘'} |
| per search: queries, CPU of the app process, CPU of its PostgreSQL backends | ${((after.queries - before.queries) / served).toFixed(2)}, ${((after.cpuMs - before.cpuMs) / served).toFixed(2)} ms, ${(pgCpu.ms / served).toFixed(2)} ms | | |
| setup (migrate + data) | ${setup.toFixed(1)} s | | |

${backendCpuNote(pgCpu)}
`
    console.log(section)
    if (record) appendFileSync(new URL('./RESULTS.md', import.meta.url), section)
    if (p95 >= 50 || a.failed > 0 || appRss > 300) process.exitCode = 1
  } finally {
    for (const child of children) await stop(child)
    await database.close()
    if (process.env.KEEP_DB) console.log(`kept database ${name}`)
    else await admin.query(`drop database if exists ${name}`)
    await admin.end()
  }
}

await main()

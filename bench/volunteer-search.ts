// Volunteer pool search benchmark: 150,000 fictional members in 400 districts (4 states), about 20 %
// of them in the pool with skills, postal codes and a consent, then 500 searches with a skill and a
// distance filter through the whole use case (place of the unit, search, skills, audit row).
//
//   node --import tsx bench/volunteer-search.ts
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection: the
// benchmark creates a database of its own, migrates it and drops it at the end.

import { execSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { parse } from 'csv-parse/sync'
import pg from 'pg'
import { insertUnit, type OrgUnit } from '../src/domains/org-units/index.js'
import { searchVolunteers } from '../src/domains/volunteers/service/index.js'
import type { Actor } from '../src/platform/auth/actor.js'
import { wrapPool } from '../src/platform/db/client.js'
import type { AppDeps } from '../src/platform/deps.js'
import { createMailer } from '../src/platform/mail/mailer.js'

const MEMBERS = 150_000
const DISTRICTS = 400
const STATES = 4
const SEARCHES = 500
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
      await client.query('analyze')
    } finally {
      client.release()
    }
    const setup = (performance.now() - t0) / 1000
    const [{ n: profiles }] = (await pool.query('select count(*)::int as n from volunteer_profiles')).rows
    const skillIds = (await pool.query('select id from skills')).rows.map((r) => r.id as string)

    const deps: AppDeps = {
      database,
      mailer: createMailer({ from: 'bench@example.org', keepOutbox: false }),
      secret: 'bench',
      now: () => new Date(),
    }
    const times: number[] = []
    let found = 0
    for (let i = 0; i < SEARCHES + 20; i++) {
      const unit = pick(districts)
      const actor: Actor = {
        userId: '00000000-0000-4000-8000-000000000001',
        sessionId: 'bench',
        email: 'bench@example.org',
        displayName: 'Bench',
        memberId: null,
        homeUnitId: null,
        grants: [{ role: 'coordinator', unitId: unit.id, unitPath: unit.path }],
      }
      const started = performance.now()
      const res = await searchVolunteers(deps, actor, {
        unit: unit.id,
        skill: [pick(skillIds)],
        weekdays: false,
        evenings: false,
        weekends: false,
        online: false,
        shortProjects: false,
        plz: pick(codes).plz,
        km: pick([10, 25, 50, 100]),
        minHours: undefined,
      })
      const ms = performance.now() - started
      // The first 20 warm up the pool and the plan cache.
      if (i >= 20) {
        times.push(ms)
        found += res.results?.length ?? 0
      }
    }
    times.sort((a, b) => a - b)
    const rss = Math.round(process.resourceUsage().maxRSS / 1024)
    const [p50, p95, p99] = [50, 95, 99].map((p) => pct(times, p).toFixed(1))
    const { rows: ver } = await pool.query('show server_version')
    const commit = execSync('git rev-parse --short HEAD').toString().trim()
    const summary = {
      members: MEMBERS,
      profiles,
      districts: DISTRICTS,
      searches: SEARCHES,
      p50,
      p95,
      p99,
      avgResults: (found / SEARCHES).toFixed(1),
      rss,
      setup: setup.toFixed(1),
    }
    console.log(summary)
    const section = `

## Volunteer pool search, ${new Date().toISOString().slice(0, 10)} (commit ${commit}, node ${process.version}, PostgreSQL ${ver[0].server_version})

Data: ${MEMBERS.toLocaleString('en')} members in ${DISTRICTS} districts of ${STATES} states, ${profiles.toLocaleString('en')} in the pool
(1–3 skills, a point from their postal code, random scope; a tenth withdrew again). ${SEARCHES} searches through
the whole use case (unit's place, search, skills of the hits, audit row) from a random district, one random
skill, a random postal code and 10/25/50/100 km. ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}.

| figure | value | budget |
|---|---|---|
| p50 | ${p50} ms | |
| p95 | ${p95} ms | < 50 ms ${Number(p95) < 50 ? '✔' : '✘'} |
| p99 | ${p99} ms | |
| results per search (avg, max 50) | ${summary.avgResults} | |
| peak RSS of the bench process | ${rss} MB | |
| setup (migrate + data) | ${summary.setup} s | |
`
    if (!process.env.NO_APPEND) appendFileSync(new URL('./RESULTS.md', import.meta.url), section)
  } finally {
    await database.close()
    if (process.env.KEEP_DB) console.log(`kept database ${name}`)
    else await admin.query(`drop database if exists ${name}`)
    await admin.end()
  }
}

await main()

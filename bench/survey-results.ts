// Survey benchmark (issue 18) on PostgreSQL: a survey of seven questions (the demo's questionnaire) with 50,000
// responses across 400 KVs (about 300,000 answer rows), and a phone campaign with 50,000 members on its list.
//
// 1. Results: the database's counts (repo.resultCounts) turned into results with suppression (buildResults),
//    as the results page does; timed RUNS times. Target: under 500 ms. Then the page's whole use case
//    (viewResults, for everyone and for one KV) with its queries per call and, for each of them, the time
//    PostgreSQL's EXPLAIN ANALYZE gives (the database's own work, less dependent on the machine's load).
// 2. "Next person": 50 callers ask at the same time, CLAIMS (10) times each: the use case the route runs
//    (service.nextPerson: the caller's checks, the claim, its audit row and what the caller's page shows), without
//    the session and the HTTP; p50/p99 of one, claims per second, the CPU per claim of this process and of the
//    pool's PostgreSQL backends, its queries, and how long queries waited for a free connection. Target: p99 under
//    50 ms. Every member handed out once only is checked. The connections are opened and used once by every caller
//    before the clock starts, and WARMUP_WAVES (1) waves of 50 × CLAIMS claims run unmeasured, as in a server that
//    has been running (the HTTP benchmarks report the median of their rounds alike); then BENCH_ROUNDS (3) measured
//    waves, of which the one with the median p99 is reported with every wave's p50 / p99 beside it; per pool size
//    of POOLS (10,15,20,30,50; the server's is DB_POOL_MAX). All that while nobody on the list was tried yet, and
//    again when everyone was tried once (the list is "open again"), each round with the EXPLAIN ANALYZE time and
//    buffers of the claim statement, planned for its values and with the generic plan the server's statement keeps.
//
//   node --import tsx bench/survey-results.ts
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection: the benchmark
// creates a database of its own, migrates it and drops it at the end.

import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { demoSurveyQuestions } from '../src/demo/surveys.js'
import { insertUnit, type OrgUnit } from '../src/domains/org-units/index.js'
import { ALWAYS } from '../src/domains/surveys/calling-hours.js'
import * as repo from '../src/domains/surveys/repo.js'
import { buildResults, respondentsByUnit } from '../src/domains/surveys/results.js'
import { nextPerson, viewResults } from '../src/domains/surveys/service.js'
import type { Actor } from '../src/platform/auth/actor.js'
import { type Database, wrapPool } from '../src/platform/db/client.js'

const RESPONSES = 50_000
const DISTRICTS = 400
const RUNS = Number(process.env.RUNS ?? 5)
const CALLERS = 50
const CLAIMS = Number(process.env.CLAIMS ?? 10)
/** Measured waves per pool size (the median p99 is reported) and waves before them that are not measured. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
const WARMUP_WAVES = Math.max(0, Number(process.env.WARMUP_WAVES ?? 1))
/** The pool sizes the claim rounds run on, in this order: the server's default (DB_POOL_MAX) first. */
const POOLS = (process.env.POOLS ?? '10,15,20,30,50').split(',').map(Number)
const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

// ---- the queries of a call: every statement a pooled client sends while `recording` is set ----
type Recorded = { text: string; values: unknown[] }
let recording: Recorded[] | undefined
const clientQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, cb?: unknown) {
  if (recording) {
    const text = typeof config === 'string' ? config : (config as { text: string }).text
    const vals =
      typeof config === 'object' && config && 'values' in config
        ? (config as { values: unknown[] }).values
        : Array.isArray(values)
          ? values
          : []
    recording.push({ text, values: vals ?? [] })
  }
  return (clientQuery as (...a: unknown[]) => unknown).call(this, config, values, cb)
} as typeof clientQuery

/** CPU time (user + system, ms) of these PostgreSQL backends so far, from /proc (in clock ticks of 10 ms). */
function backendCpuMs(pids: number[]) {
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  let total = 0
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    total += (Number(fields[11]) + Number(fields[12])) * tick
  }
  return total
}

async function recorded<T>(run: () => Promise<T>) {
  recording = []
  try {
    const result = await run()
    return { result, queries: recording.filter((q) => !/^\s*(begin|commit|rollback)\b/i.test(q.text)) }
  } finally {
    recording = undefined
  }
}

/**
 * EXPLAIN ANALYZE of one statement in a transaction that is rolled back: execution time and buffers touched. With
 * `generic`, the plan PostgreSQL keeps for a prepared statement after its first calls (planned without the values),
 * as the server's named statements run.
 */
async function explain(pool: pg.Pool, q: Recorded, generic = false) {
  const client = await pool.connect()
  try {
    await client.query('begin')
    if (generic) await client.query('set local plan_cache_mode = force_generic_plan')
    const r = await client.query(`explain (analyze, buffers, summary, format json) ${q.text}`, q.values)
    const plan = (
      r.rows[0]['QUERY PLAN'] as {
        'Execution Time': number
        'Planning Time': number
        Plan: Record<string, number>
      }[]
    )[0]!
    return {
      sql: q.text.replace(/\s+/g, ' ').trim().slice(0, 90),
      ms: Number(plan['Execution Time'].toFixed(2)),
      planningMs: Number(plan['Planning Time'].toFixed(2)),
      buffers: (plan.Plan['Shared Hit Blocks'] ?? 0) + (plan.Plan['Shared Read Blocks'] ?? 0),
    }
  } finally {
    await client.query('rollback')
    client.release()
  }
}

async function main() {
  const name = `bs_bench_survey_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const target = new URL(adminUrl)
  target.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: target.toString(), max: CALLERS })
  const database = wrapPool(pool)
  const load = loadavg()[0]!.toFixed(1)
  try {
    await database.migrate()
    const db = database.db
    const federation = await insertUnit(db, { kind: 'federal', name: 'Bund (Benchmark)', parentId: null })
    const state = await insertUnit(db, { kind: 'state', name: 'Land', parentId: federation.id })
    const districts: OrgUnit[] = []
    for (let i = 1; i <= DISTRICTS; i++)
      districts.push(await insertUnit(db, { kind: 'district', name: `Kreis ${i}`, parentId: state.id }))
    const ids = districts.map((d) => d.id)

    // Members, one per response, spread over the KVs; answers drawn by the database.
    await pool.query(
      `insert into members (member_number, first_name, last_name, phone, home_unit_id)
       select 'B' || i, 'Alma', 'Beispiel-' || i, '030 ' || i, ($1::uuid[])[1 + (i % $2)]
         from generate_series(1, $3) i`,
      [ids, DISTRICTS, RESPONSES],
    )
    const survey = await pool.query(
      `insert into surveys (unit_id, title, anonymous, status, created_at) values ($1, 'Benchmark', false, 'open', now()) returning id`,
      [state.id],
    )
    const surveyId = survey.rows[0].id as string
    const version = await pool.query(
      `insert into survey_versions (survey_id, number, questionnaire, created_at) values ($1, 1, $2, now()) returning id`,
      [surveyId, JSON.stringify({ questions: demoSurveyQuestions })],
    )
    const versionId = version.rows[0].id as string
    await pool.query(
      `insert into survey_responses (survey_id, version_id, member_id, unit_id, channel, submitted_at)
       select $1, $2, id, home_unit_id, 'phone', now() from members`,
      [surveyId, versionId],
    )
    await pool.query(
      `insert into survey_answers (response_id, version_id, question_key, option, number_value, text_value)
       select r.id, $1, q.key, q.option, q.number_value, q.text_value
         from survey_responses r,
         lateral (values ('aktiv', 'o' || (1 + floor(random() * 4))::int, null::int, null::text),
                         ('info', null, (1 + floor(random() * 5))::int, null),
                         ('pool', 'o' || (1 + floor(random() * 3))::int, null, null),
                         ('stunden', null, (floor(random() * 12))::int, null),
                         ('anders', null, null, case when random() < 0.3 then 'Mehr Stammtische' end)) q(key, option, number_value, text_value)
        where r.version_id = $1 and (q.key <> 'anders' or q.text_value is not null)`,
      [versionId],
    )
    await pool.query(
      `insert into survey_answers (response_id, version_id, question_key, option)
       select r.id, $1, q.key, 'o' || o from survey_responses r, (values ('hinderniss'), ('formate')) q(key),
              generate_series(1, 6) o
        where r.version_id = $1 and random() < 0.3`,
      [versionId],
    )
    await pool.query('analyze')
    const rows = (await pool.query('select count(*)::int as n from survey_answers')).rows[0].n as number

    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      const { counts, bases, respondents } = await repo.resultCounts(db, versionId)
      buildResults({ questions: demoSurveyQuestions }, counts, bases)
      respondentsByUnit(respondents)
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)

    // The page's use case, as the survey's owner (the state office) asks for it: everyone, then one KV.
    const owner: Actor = {
      userId: (
        await pool.query(
          `insert into users (email, display_name) values ('office@example.org', 'Landesbüro') returning id`,
        )
      ).rows[0].id,
      sessionId: 'bench',
      email: 'office@example.org',
      displayName: 'Landesbüro',
      memberId: null,
      homeUnitId: null,
      grants: [{ role: 'state_office', unitId: state.id, unitPath: state.path }],
    }
    const deps = { database, now: () => new Date() }
    const useCase: Record<string, unknown> = {}
    for (const [label, query] of [
      ['everyone', {}],
      ['oneKv', { kv: ids[0]! }],
    ] as const) {
      const ms: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now()
        await viewResults(deps, owner, surveyId, query)
        ms.push(performance.now() - t0)
      }
      const { queries } = await recorded(() => viewResults(deps, owner, surveyId, query))
      const plans = []
      for (const q of queries) plans.push(await explain(pool, q))
      useCase[label] = {
        medianMs: median(ms).toFixed(1),
        maxMs: Math.max(...ms).toFixed(1),
        queries: queries.length,
        explainMs: Number(plans.reduce((n, p) => n + p.ms, 0).toFixed(2)),
        plans,
      }
    }

    // The call list and 50 callers claiming at once.
    const campaign = await pool.query(
      `insert into survey_campaigns (survey_id, unit_id, name, script, calling_hours, filters, created_at)
       values ($1, $2, 'Bench', 'Hallo', $3, '{}', now()) returning id`,
      [surveyId, state.id, JSON.stringify(ALWAYS)],
    )
    const campaignId = campaign.rows[0].id as string
    await pool.query(
      `insert into campaign_targets (campaign_id, member_id, unit_id) select $1, id, home_unit_id from members`,
      [campaignId],
    )
    const callers = await pool.query(
      `insert into users (email, display_name) select 'c' || i || '@example.org', 'Caller ' || i
         from generate_series(1, $1) i returning id`,
      [CALLERS],
    )
    await pool.query('analyze')
    await pool.query(
      `insert into campaign_callers (campaign_id, user_id, added_at, confirmed_at)
       select $1, id, now(), now() from users where email like 'c%@example.org'`,
      [campaignId],
    )
    await pool.query('analyze')
    const callerActors: Actor[] = callers.rows.map(({ id }: { id: string }, i: number) => ({
      userId: id,
      sessionId: `bench-${i}`,
      email: `c${i + 1}@example.org`,
      displayName: `Caller ${i + 1}`,
      memberId: null,
      homeUnitId: null,
      grants: [],
    }))
    const handed: string[] = []
    /**
     * The caller's "next person" as the routes serve it, without the session and the HTTP: the claim with its
     * checks and audit row, and what the caller's page shows.
     */
    const nextPage = async (deps: { database: Database; now: () => Date }, actor: Actor) =>
      (await nextPerson(deps, actor, campaignId)).current?.target.id ?? null
    /**
     * 50 callers ask for the next person CLAIMS times each at once, on a pool of `poolSize` connections opened
     * (and used once by every caller) before the clock starts, as a running server's pool is; each call then
     * ends as "done" for this run (outside the measurement), so the next claim is a fresh one. Besides the
     * times: the CPU per claim of this process and of the pool's PostgreSQL backends (from /proc), which the
     * machine's load does not change as much.
     */
    const claimRound = async (poolSize: number) => {
      const roundPool = new pg.Pool({ connectionString: target.toString(), max: poolSize })
      const roundDb = wrapPool(roundPool)
      const deps = { database: roundDb, now: () => new Date() }
      let waits = 0
      const waitTimes: number[] = []
      const connect = roundPool.connect.bind(roundPool)
      try {
        const open = await Promise.all(Array.from({ length: poolSize }, () => connect()))
        const pids: number[] = []
        for (const c of open) pids.push((await c.query('select pg_backend_pid() as pid')).rows[0].pid)
        for (const c of open) c.release()
        const done = (id: string | null) =>
          id ? pool.query(`update campaign_targets set state = 'done' where id = $1`, [id]) : null
        await Promise.all(callerActors.map(async (actor) => done(await nextPage(deps, actor))))
        // From here the pool's checkout wait is measured: how long a query waited for a free connection.
        // (Pool.query checks a connection out through connect with a callback, a transaction without one.)
        roundPool.connect = ((cb?: (err: Error | undefined, client: unknown, done: unknown) => void) => {
          const t0 = performance.now()
          if (roundPool.idleCount === 0) waits++
          if (cb)
            return connect((err, client, done) => {
              waitTimes.push(performance.now() - t0)
              cb(err, client, done)
            })
          return connect().then((c) => {
            waitTimes.push(performance.now() - t0)
            return c
          })
        }) as typeof roundPool.connect
        /**
         * One wave: every caller asks CLAIMS times, each next ask as soon as the last is answered and marked
         * done. Its times, the pool's waits and the CPU of this process and of the backends per claim.
         */
        const wave = async () => {
          const claimTimes: number[] = []
          waitTimes.length = 0
          waits = 0
          const cpu0 = process.cpuUsage()
          const pg0 = backendCpuMs(pids)
          const wall0 = performance.now()
          await Promise.all(
            callerActors.map(async (actor) => {
              for (let i = 0; i < CLAIMS; i++) {
                const t0 = performance.now()
                const claimed = await nextPage(deps, actor)
                claimTimes.push(performance.now() - t0)
                if (claimed) handed.push(claimed)
                await done(claimed)
              }
            }),
          )
          const wallMs = performance.now() - wall0
          const pgMs = backendCpuMs(pids) - pg0
          const cpu = process.cpuUsage(cpu0)
          claimTimes.sort((a, b) => a - b)
          const sortedWaits = [...waitTimes].sort((a, b) => a - b)
          return {
            claims: claimTimes.length,
            p50: pct(claimTimes, 50),
            p99: pct(claimTimes, 99),
            max: claimTimes.at(-1)!,
            claimsPerSecond: Math.round((claimTimes.length / wallMs) * 1000),
            // The process's CPU includes marking each claim "done" (one update), the backends' does not.
            cpuPerClaimMs: {
              node: ((cpu.user + cpu.system) / 1000 / claimTimes.length).toFixed(2),
              postgres: (pgMs / claimTimes.length).toFixed(2),
            },
            poolWaitMs: {
              p50: pct(sortedWaits, 50).toFixed(1),
              p99: pct(sortedWaits, 99).toFixed(1),
              waited: waits,
            },
          }
        }
        // A wave that is not measured first: the process's code is compiled for the claim by then, as in a
        // server that has been answering for a while (the HTTP benchmarks' rounds after their first alike).
        const warmup = []
        for (let w = 0; w < WARMUP_WAVES; w++) warmup.push(await wave())
        const waves = []
        for (let r = 0; r < ROUNDS; r++) waves.push(await wave())
        // The round with the median p99 is reported, and every round's p50 / p99 beside it.
        const mid = [...waves].sort((a, b) => a.p99 - b.p99)[Math.floor(waves.length / 2)]!
        // How PostgreSQL ran the prepared claim on one of the connections: with a generic plan kept, or planned
        // for each call's values (a custom plan costs the planning every time).
        const plans = await roundPool.query<{ generic: number; custom: number }>(
          `select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
            where name like 'surveys.next-person:%'`,
        )
        // One "next person" recorded: its queries, and the claim statement explained (rolled back).
        const { queries, result: one } = await recorded(() => nextPage(deps, callerActors[0]!))
        await done(one)
        const claimQuery = queries.find((q) => /claimed/i.test(q.text) && /update/i.test(q.text))!
        const plan = await explain(pool, claimQuery)
        const genericPlan = await explain(pool, claimQuery, true)
        return {
          pool: poolSize,
          claims: mid.claims,
          p50: mid.p50.toFixed(1),
          p99: mid.p99.toFixed(1),
          max: mid.max.toFixed(1),
          rounds: waves.map((w) => `${w.p50.toFixed(1)} / ${w.p99.toFixed(1)}`),
          // The unmeasured waves' p50 / p99, for comparison: the first of them runs code not yet compiled.
          warmup: warmup.map((w) => `${w.p50.toFixed(1)} / ${w.p99.toFixed(1)}`),
          claimsPerSecond: mid.claimsPerSecond,
          cpuPerClaimMs: mid.cpuPerClaimMs,
          queries: queries.length,
          poolWaitMs: mid.poolWaitMs,
          preparedPlans: plans.rows[0] ?? null,
          explainMs: plan.ms,
          planningMs: plan.planningMs,
          buffers: plan.buffers,
          generic: { explainMs: genericPlan.ms, buffers: genericPlan.buffers },
        }
      } finally {
        await roundPool.end()
      }
    }
    const openAll = () =>
      pool.query(
        `update campaign_targets set state = 'open', attempts = 1, claimed_by_id = null, claimed_at = null where campaign_id = $1`,
        [campaignId],
      )
    const untried = []
    for (const size of POOLS) untried.push(await claimRound(size))
    // Everyone was called once without answer: the whole list is open again, with one attempt each.
    await openAll()
    await pool.query('vacuum analyze campaign_targets')
    const handedFirst = handed.length - new Set(handed).size
    handed.length = 0
    const openAgain = []
    for (const size of POOLS) openAgain.push(await claimRound(size))
    console.log(
      JSON.stringify(
        {
          responses: RESPONSES,
          districts: DISTRICTS,
          answerRows: rows,
          resultsMs: {
            median: times[Math.floor(times.length / 2)]!.toFixed(1),
            max: times.at(-1)!.toFixed(1),
          },
          useCase,
          claimUntried: untried,
          claimOpenAgain: openAgain,
          handedTwice: handedFirst + handed.length - new Set(handed).size,
          loadAverage: { atStart: load, atEnd: loadavg()[0]!.toFixed(1) },
        },
        null,
        2,
      ),
    )
  } finally {
    await pool.end()
    await admin.query(`drop database ${name} with (force)`)
    await admin.end()
  }
}

await main()

// What the page benchmarks share: the database (the generated party or the demo data, on
// PostgreSQL or PGlite), the app in a child process (bench/serve.ts), a bare node:http server
// sending the app's bytes in the same run, wrk, and the report. Each figure is taken in the same
// run for both servers, alternating rounds, because the machine may be shared: the ratio app/bare
// and the CPU time per request (the app's process and its PostgreSQL backends) hold up under load
// where absolute req/s do not.
//
// Environment: DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is the admin connection;
// PARTY_URL names a database already filled by generate-party.ts (kept; run-all.sh makes one for
// all scripts); BENCH_DURATION (10s), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50); BENCH_NODE_FLAGS, Node
// flags for the app's process after npm start's (`--no-liftoff-only` undoes that one); PGLITE_SHARED_BUFFERS_MB
// as for the server.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { request } from 'node:http'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { wrapPool } from '../src/platform/db/client.js'
import { freshDatabase, generateParty, type PartySizes, sizesFromArgs } from './generate-party.js'
import type { ServeSpec } from './serve.js'
import type { Target, TargetName } from './targets.js'

export { BENCH_SECRET } from './targets.js'

export const WRK = '/usr/bin/wrk'
export const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'
const DURATION = process.env.BENCH_DURATION ?? '10s'
const ROUNDS = Math.max(1, Math.min(10, Number(process.env.BENCH_ROUNDS ?? 3)))
const APP_NAME = 'bs_bench_app'

export const argv = process.argv.slice(2)
export const record = argv.includes('--record')

// ---- databases ----

export type BenchDatabase = { url: string; label: string; drop: () => Promise<void> }

/** The generated party: PARTY_URL if given (kept), else a fresh database filled now (dropped). */
export async function partyDatabase(): Promise<BenchDatabase> {
  const given = process.env.PARTY_URL
  const admin = new pg.Pool({ connectionString: given ?? adminUrl, max: 1 })
  try {
    if (given) {
      const { rows } = await admin.query<Record<keyof PartySizes, number>>(
        `select (select count(*) from org_units where kind = 'district')::int as districts,
                (select count(*) from org_units where kind = 'local')::int as "localGroups",
                (select count(*) from members)::int as members, (select count(*) from users)::int as accounts,
                (select count(*) from partnerships)::int as partnerships, (select count(*) from events)::int as events,
                (select count(*) from event_rsvps)::int as rsvps, (select count(*) from help_requests)::int as "helpRequests",
                (select count(*) from help_signups)::int as signups`,
      )
      return { url: given, label: partyLabel(rows[0]!), drop: async () => {} }
    }
  } finally {
    await admin.end()
  }
  const fresh = await freshDatabase(adminUrl, 'bs_bench_party')
  const pool = new pg.Pool({ connectionString: fresh.url, max: 2 })
  try {
    await wrapPool(pool).migrate()
    const party = await generateParty(pool, sizesFromArgs(argv))
    return {
      url: fresh.url,
      label: `${partyLabel(party.sizes)}; generated in ${party.seconds.toFixed(1)} s`,
      drop: fresh.drop,
    }
  } catch (err) {
    await fresh.drop()
    throw err
  } finally {
    await pool.end()
  }
}

function partyLabel(s: PartySizes) {
  const n = (x: number) => x.toLocaleString('en')
  return (
    `bench/generate-party.ts with ${n(s.districts)} districts, ${n(s.localGroups)} local groups, ${n(s.members)} members ` +
    `(${n(s.accounts)} with an account), ${n(s.partnerships)} partnerships, ${n(s.events)} events, ${n(s.rsvps)} RSVPs, ` +
    `${n(s.helpRequests)} help requests with ${n(s.signups)} sign-ups`
  )
}

/** A fresh PostgreSQL database that the app's child process fills with the demo data. */
export async function demoDatabase(): Promise<BenchDatabase> {
  const fresh = await freshDatabase(adminUrl, 'bs_bench_demo')
  return { url: fresh.url, label: 'demo data (src/demo/seed.ts)', drop: fresh.drop }
}

// ---- processes ----

export type Started = {
  child: ChildProcess
  port: number
  target?: Target
  cookie?: string
  csrf?: string
  stats: () => Promise<{ requests: number; queries: number; cpuMs: number }>
}

async function startProcess(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const waiting: ((line: string) => void)[] = []
  lines.on('line', (line) => waiting.shift()?.(line))
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`process exited with ${code}`))
      child.once('exit', onExit)
      waiting.push((line) => {
        child.off('exit', onExit)
        resolve(line)
      })
    })
  const first = JSON.parse(await nextLine()) as Omit<Started, 'child' | 'stats'>
  return {
    ...first,
    child,
    stats: async () => {
      const line = nextLine()
      child.stdin!.write('stats\n')
      return JSON.parse(await line)
    },
  }
}

/**
 * The bench's app process from the compiled build, as production runs it: dist/ (built by
 * scripts/build.mjs when older than the sources, as `npm start` does) and serve.ts with the two modules
 * it needs beside it, compiled once per run into dist/bench-serve/bench/. There `src` is a link to
 * dist/, so serve.ts's imports of `../src/…` load the modules of dist/ as the server loads them.
 * BENCH_FROM_SOURCES=1 runs serve.ts on the TypeScript sources through tsx instead (about 50 MB more RSS).
 */
let compiledServe: string | undefined
async function compiledServeScript() {
  if (compiledServe) return compiledServe
  const root = new URL('..', import.meta.url).pathname
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' })
  const { transformSync } = await import('esbuild')
  const out = join(root, 'dist/bench-serve')
  rmSync(out, { recursive: true, force: true })
  mkdirSync(join(out, 'bench'), { recursive: true })
  symlinkSync('..', join(out, 'src'))
  for (const name of ['serve', 'targets', 'resolution-cache']) {
    const source = readFileSync(join(root, `bench/${name}.ts`), 'utf8')
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022' })
    writeFileSync(join(out, `bench/${name}.js`), code)
  }
  compiledServe = join(out, 'bench')
  return compiledServe
}

/** The app on the given database, opened as the server opens it; the PostgreSQL pool names itself. */
export async function startApp(spec: ServeSpec) {
  const url = spec.url ? withAppName(spec.url) : undefined
  // The Node flags of `npm start` (package.json).
  const flags = [
    '--enable-source-maps',
    '--max-semi-space-size=8',
    '--heap-growing-percent=30',
    '--liftoff-only',
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ]
  const json = JSON.stringify({ ...spec, url })
  if (process.env.BENCH_FROM_SOURCES)
    return startProcess([
      ...flags,
      '--import',
      'tsx',
      '--import',
      new URL('./resolution-cache.ts', import.meta.url).href,
      new URL('./serve.ts', import.meta.url).pathname,
      json,
    ])
  const dir = await compiledServeScript()
  return startProcess([
    ...flags,
    '--import',
    pathToFileURL(join(dir, 'resolution-cache.js')).href,
    join(dir, 'serve.js'),
    json,
  ])
}

function withAppName(url: string) {
  const u = new URL(url)
  u.searchParams.set('application_name', APP_NAME)
  return u.toString()
}

/** A bare node:http server answering every request with these bytes and headers. */
export async function startBare(body: Buffer, headers: Record<string, string>, status = 200) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'))
  writeFileSync(join(dir, 'body'), body)
  writeFileSync(join(dir, 'headers.json'), JSON.stringify(headers))
  const script = `
    const http = require('node:http'); const fs = require('node:fs');
    const body = fs.readFileSync(${JSON.stringify(join(dir, 'body'))});
    const headers = JSON.parse(fs.readFileSync(${JSON.stringify(join(dir, 'headers.json'))}, 'utf8'));
    const server = http.createServer((req, res) => {
      req.resume(); req.on('end', () => { res.writeHead(${status}, headers); res.end(body) })
    });
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
    process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`
  const started = await startProcess(['-e', script])
  return { ...started, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  child.stdin?.end()
  const timer = setTimeout(() => child.kill(), 10_000)
  await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))
  clearTimeout(timer)
}

/** Highest resident set size of a running process, in MB. */
export function peakRssMb(child: ChildProcess) {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

/** What `meterBackendCpu` measured: CPU ms of the backends, how many there were, how many closed during the run. */
export type BackendCpu = { ms: number; backends: number; closed: number }

/**
 * CPU time (user + system, ms) of the PostgreSQL backends serving the app's pool over a run, from /proc. The
 * backends are found by the pool's application_name and read at the start, every 250 ms and at the end: one that
 * closes during the run (the pool closes a connection idle for 10 s, as while the bare server has its round)
 * counts up to its last reading, when it was idle already; one that opens counts from its start. A backend is
 * known by pid and start time, so a reused pid is a new backend. Reading only at the start and the end dropped
 * the closed ones and could come out below zero.
 */
export async function meterBackendCpu(url: string): Promise<{ stop: () => Promise<BackendCpu> }> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  const atStart = new Map<string, number>()
  const latest = new Map<string, number>()
  let pids: number[] = []
  let first = true
  const sample = async () => {
    const { rows } = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1 and datname = current_database()',
      [APP_NAME],
    )
    // The backends seen before keep being read: a closed one simply has no /proc entry any more.
    pids = [...new Set([...pids, ...rows.map((r) => r.pid)])]
    const alive = new Set<string>()
    for (const pid of pids) {
      let fields: string[]
      try {
        fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      } catch {
        continue
      }
      const key = `${pid}:${fields[19]}`
      const cpu = (Number(fields[11]) + Number(fields[12])) * tick
      if (!atStart.has(key)) atStart.set(key, first ? cpu : 0)
      latest.set(key, cpu)
      alive.add(key)
    }
    first = false
    return alive
  }
  await sample()
  let running = true
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      if (running) await sample()
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      const alive = await sample()
      await c.end()
      let ms = 0
      for (const [key, cpu] of latest) ms += cpu - atStart.get(key)!
      return { ms, backends: latest.size, closed: latest.size - alive.size }
    },
  }
}

/** How a report says what the backends' CPU counts. */
export function backendCpuNote(cpu: BackendCpu) {
  return (
    `CPU of the PostgreSQL backends: ${cpu.backends} backends of the app's pool read from /proc every 250 ms, ` +
    `${cpu.closed} of them closed during the run and counted up to their last reading, those opened during the run from their start.`
  )
}

export function fetchRaw(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: Buffer
  }>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** The headers to replay from a real answer: everything but the per-connection ones. */
export function replayHeaders(headers: Record<string, string | string[] | undefined>) {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === 'string' && !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k))
      out[k] = v
  }
  return out
}

// ---- wrk ----

const toMs = (value: string | undefined) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value ?? '')
  if (!m) return Number.NaN
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)
}

export type WrkRun = {
  rps: number
  requests: number
  p50: number
  p99: number
  non2xx: number
  socketErrors: number
}

export async function wrk(
  url: string,
  headers: Record<string, string>,
  duration: string,
  connections: number,
): Promise<WrkRun> {
  const args = ['-t1', `-c${connections}`, `-d${duration}`, '--latency', '--timeout', '5s']
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`)
  const child = spawn(WRK, [...args, url], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  await new Promise((resolve) => child.on('close', resolve))
  if (process.env.BENCH_DEBUG) console.log(out)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    p50: toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1]),
    p99: toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((n, s) => n + Number(s), 0) : 0,
  }
}

export function median(runs: WrkRun[]): WrkRun {
  const at = (k: keyof WrkRun) =>
    [...runs].map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
  return {
    rps: at('rps'),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    p50: at('p50'),
    p99: at('p99'),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    socketErrors: runs.reduce((n, r) => n + r.socketErrors, 0),
  }
}

// ---- versions and the report ----

export function commitOf() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--', 'src', 'bench', 'migrations', ':(exclude)bench/RESULTS.md'],
      {
        encoding: 'utf8',
      },
    ).trim()
    return dirty ? `${head}+changes` : head
  } catch {
    return 'unknown'
  }
}

export async function postgresVersion() {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try {
    const { rows } = await c.query<{ v: string; s: string }>(
      `select current_setting('server_version') as v,
              (select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings
               where name in ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit')) as s`,
    )
    return { version: `PostgreSQL ${rows[0]!.v}`, settings: rows[0]!.s }
  } finally {
    await c.end()
  }
}

export const load = () => loadavg()[0]!.toFixed(1)

export type Budget = { rps: number; p99Ms: number; rssMb: number }

export type PageBenchOptions = {
  /** The row of the issue's table, used as the section title. */
  title: string
  target: TargetName
  data: 'party' | 'demo'
  database: 'postgres' | 'pglite'
  budget: Budget
}

const mark = (ok: boolean) => (ok ? '✔' : '✘')

/**
 * One page against a bare node:http server sending its bytes: wrk -t1 -cN in alternating rounds,
 * medians, the CPU per request of the app and of its PostgreSQL backends, queries per request and
 * the peak RSS of both servers. Prints a RESULTS.md section and appends it with --record.
 */
export async function benchPage(opts: PageBenchOptions) {
  const started = performance.now()
  const loadAtStart = load()
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
  const db =
    opts.database === 'pglite'
      ? undefined
      : opts.data === 'party'
        ? await partyDatabase()
        : await demoDatabase()
  const dataDir = opts.database === 'pglite' ? mkdtempSync(join(tmpdir(), 'bench-pglite-')) : undefined
  const children: ChildProcess[] = []
  try {
    const setupStarted = performance.now()
    const where = db ? { url: db.url } : { dataDir }
    if (opts.data === 'demo') await stop((await startApp({ ...where, prepareDemo: true })).child)
    const app = await startApp({ ...where, target: opts.target })
    children.push(app.child)
    const setupSeconds = (performance.now() - setupStarted) / 1000
    const target = app.target!
    const url = `http://127.0.0.1:${app.port}${target.path}`
    const headers: Record<string, string> = { 'accept-encoding': 'gzip' }
    if (app.cookie) headers.cookie = app.cookie
    const t0 = performance.now()
    const first = await fetchRaw(url, { headers })
    const firstMs = performance.now() - t0
    if (first.status !== 200) throw new Error(`GET ${target.path} answered ${first.status}`)
    const html = first.body.toString('utf8')
    if (app.cookie && !html.includes('action="/logout"'))
      throw new Error('the page does not look signed in (no logout form)')

    const bare = await startBare(first.body, replayHeaders(first.headers))
    children.push(bare.child)
    const bareUrl = `http://127.0.0.1:${bare.port}${target.path}`

    await wrk(url, headers, '3s', connections)
    await wrk(bareUrl, headers, '2s', connections)
    const appRuns: WrkRun[] = []
    const bareRuns: WrkRun[] = []
    const before = await app.stats()
    const pgMeter = db ? await meterBackendCpu(db.url) : undefined
    for (let round = 0; round < ROUNDS; round++) {
      appRuns.push(await wrk(url, headers, DURATION, connections))
      bareRuns.push(await wrk(bareUrl, headers, DURATION, connections))
    }
    // The app is idle while the bare server runs, so its counters cover the app's rounds alone; they
    // count what the app answered, including requests wrk gave up on or left in flight.
    const after = await app.stats()
    const pgCpu = await pgMeter?.stop()
    const served = Math.max(1, after.requests - before.requests)
    const perRequest = {
      queries: (after.queries - before.queries) / served,
      appCpuMs: (after.cpuMs - before.cpuMs) / served,
      pgCpuMs: pgCpu ? pgCpu.ms / served : Number.NaN,
    }
    const appRss = peakRssMb(app.child)
    const bareRss = peakRssMb(bare.child)
    const a = median(appRuns)
    const b = median(bareRuns)
    const pgInfo = db ? await postgresVersion() : undefined
    const f = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 0 })
    const ms = (x: number) => `${x.toFixed(2)} ms`
    const report = [
      `## ${opts.title}, ${new Date().toISOString().slice(0, 10)} (commit ${commitOf()}, node ${process.version}, ${pgInfo?.version ?? 'PGlite, file-backed, in the app process'})`,
      '',
      `Data: ${db?.label ?? 'demo data (src/demo/seed.ts) in a fresh PGlite directory'}. Page: ${target.detail}; ${(first.body.length / 1024).toFixed(1)} KB as sent (${first.headers['content-encoding'] ?? 'not compressed'}).`,
      `wrk -t1 -c${connections} -d${DURATION} --latency on 127.0.0.1, ${ROUNDS} rounds alternating app and bare server, medians; ` +
        `${availableParallelism()} CPUs, load average ${loadAtStart} at the start and ${load()} at the end.` +
        (pgInfo ? ` PostgreSQL settings: ${pgInfo.settings}.` : ''),
      '',
      '| figure | app | bare node:http, same bytes | target |',
      '|---|---:|---:|---|',
      `| requests/s | ${f(a.rps)} | ${f(b.rps)} | ≥ ${f(opts.budget.rps)} ${mark(a.rps >= opts.budget.rps)} |`,
      `| p50 latency | ${ms(a.p50)} | ${ms(b.p50)} | |`,
      `| p99 latency | ${ms(a.p99)} | ${ms(b.p99)} | < ${opts.budget.p99Ms} ms ${mark(a.p99 < opts.budget.p99Ms)} |`,
      `| non-2xx answers / socket errors (all rounds) | ${a.non2xx} / ${a.socketErrors} | ${b.non2xx} / ${b.socketErrors} | 0 / 0 ${mark(a.non2xx + a.socketErrors === 0)} |`,
      `| peak RSS of the server process (VmHWM) | ${f(appRss)} MB | ${f(bareRss)} MB | ≤ ${opts.budget.rssMb} MB ${mark(appRss <= opts.budget.rssMb)} |`,
      `| rounds (req/s) | ${appRuns.map((r) => f(r.rps)).join(', ')} | ${bareRuns.map((r) => f(r.rps)).join(', ')} | |`,
      `| per request: queries, CPU of the app process${db ? ', CPU of its PostgreSQL backends' : ''} | ${perRequest.queries.toFixed(2)}, ${ms(perRequest.appCpuMs)}${db ? `, ${ms(perRequest.pgCpuMs)}` : ''} | | |`,
      '',
      `Ratio app / bare: ${(a.rps / b.rps).toPrecision(2)}. First request (cold): ${firstMs.toFixed(0)} ms. ` +
        `Set-up (${opts.data === 'demo' ? 'migrations and demo data' : 'migrations'}, start of the app): ${setupSeconds.toFixed(1)} s. ` +
        `Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s.` +
        (pgCpu ? ` ${backendCpuNote(pgCpu)}` : ''),
      '',
    ].join('\n')
    console.log(report)
    if (record) {
      appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${report}`)
      console.log('Appended to bench/RESULTS.md')
    }
    const met =
      a.rps >= opts.budget.rps &&
      a.p99 < opts.budget.p99Ms &&
      appRss <= opts.budget.rssMb &&
      a.non2xx + a.socketErrors === 0
    if (!met) process.exitCode = 1
    bare.cleanup()
    return { app: a, bare: b, perRequest, appRss }
  } finally {
    for (const child of children) await stop(child)
    await db?.drop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Runs main and ends the process with its outcome (a failure prints and exits 1). */
export function run(main: () => Promise<unknown>) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}

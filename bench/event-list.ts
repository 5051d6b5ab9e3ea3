// A KV's event list (/units/:id/events) as a signed-in member of that KV, on a generated large party
// (bench/generate-party.ts) in a PostgreSQL database of its own, against a bare node:http server
// sending the same bytes in the same run. Both servers run as child processes, so their peak RSS
// (VmHWM from /proc) is theirs alone and not the generator's.
//
//   node --import tsx bench/event-list.ts                 full party (150,000 members, 50,000 events)
//   node --import tsx bench/event-list.ts --scale 0.2     a fifth of every count
//   node --import tsx bench/event-list.ts --record        also appends the figures to bench/RESULTS.md
//
// Needs wrk (/usr/bin/wrk): -t1 -c50 for BENCH_DURATION (10s) per round, BENCH_ROUNDS (3) rounds,
// alternating app and bare server; the medians are reported. Everything listens on 127.0.0.1 only.
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only the admin connection: the
// database is created, migrated, filled and dropped by this script.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { createSession, sessionCookieName } from '../src/domains/accounts/index.js'
import { wrapPool } from '../src/platform/db/client.js'
import { createMailer } from '../src/platform/mail/mailer.js'
import { freshDatabase, generateParty, sizesFromArgs } from './generate-party.js'

const WRK = '/usr/bin/wrk'
const DURATION = process.env.BENCH_DURATION ?? '10s'
const ROUNDS = Math.max(1, Math.min(10, Number(process.env.BENCH_ROUNDS ?? 3)))
const SECRET = 'benchmark-secret-benchmark-secret-0123456789'
const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

const benchConfig = () => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'never' })

/** Child mode: the app on the given database, on 127.0.0.1; prints its port, ends with its stdin. */
async function serve(url: string) {
  const database = wrapPool(new pg.Pool({ connectionString: url, max: 10 }))
  const app = await buildApp(benchConfig(), {
    database,
    mailer: createMailer({ from: 'bench@example.org', keepOutbox: false }),
    secret: SECRET,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  console.log((app.server.address() as AddressInfo).port)
  process.stdin.resume()
  process.stdin.on('end', async () => {
    await app.close()
    await database.close()
    process.exit(0)
  })
}

async function startChild(args: string[]) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)))
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())))
  })
  return { child, port }
}

/** Highest resident set size of a running process, in MB. */
function peakRssMb(child: ChildProcess) {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024
}

function fetchRaw(url: string, headers: Record<string, string>) {
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: Buffer
  }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const toMs = (value: string | undefined) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value ?? '')
  if (!m) return Number.NaN
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)
}

type WrkRun = { rps: number; p50: number; p99: number; non2xx: number; socketErrors: number }

async function wrk(url: string, headers: Record<string, string>, duration: string): Promise<WrkRun> {
  const args = ['-t1', '-c50', `-d${duration}`, '--latency', '--timeout', '5s']
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
    p50: toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1]),
    p99: toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((n, s) => n + Number(s), 0) : 0,
  }
}

function median(runs: WrkRun[]): WrkRun {
  const at = (k: keyof WrkRun) =>
    [...runs].map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
  return {
    rps: at('rps'),
    p50: at('p50'),
    p99: at('p99'),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    socketErrors: runs.reduce((n, r) => n + r.socketErrors, 0),
  }
}

async function main() {
  const argv = process.argv.slice(2)
  const sizes = sizesFromArgs(argv)
  const loadAtStart = loadavg()[0]!
  const started = performance.now()
  const fresh = await freshDatabase(adminUrl, 'bs_bench_events')
  const pool = new pg.Pool({ connectionString: fresh.url, max: 2 })
  const children: ChildProcess[] = []
  try {
    const database = wrapPool(pool)
    await database.migrate()
    const party = await generateParty(pool, sizes)
    console.log(`generated ${JSON.stringify(party.sizes)} in ${party.seconds.toFixed(1)} s`)

    // The KV with the most upcoming published events it hosts itself: the longest own list.
    const { rows: kv } = await pool.query<{ id: string; name: string; upcoming: number }>(
      `select u.id, u.name, count(*)::int as upcoming
       from event_hosts h join events e on e.id = h.event_id join org_units u on u.id = h.unit_id
       where u.kind = 'district' and e.status = 'published' and e.ends_at >= now()
       group by u.id, u.name order by upcoming desc, u.name limit 1`,
    )
    const unit = kv[0]!
    const { rows: account } = await pool.query<{ id: string }>(
      `select a.id from users a join members m on m.id = a.member_id where m.home_unit_id = $1 limit 1`,
      [unit.id],
    )
    if (!account[0]) throw new Error(`no account in ${unit.name}; raise --accounts`)
    const { token } = await createSession(database.db, account[0].id, new Date())
    const headers = {
      cookie: `${sessionCookieName(benchConfig())}=${token}`,
      'accept-encoding': 'gzip',
    }

    const app = await startChild(['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', fresh.url])
    children.push(app.child)
    const url = `http://127.0.0.1:${app.port}/units/${unit.id}/events`
    const t0 = performance.now()
    const first = await fetchRaw(url, headers)
    const firstMs = performance.now() - t0
    if (first.status !== 200) throw new Error(`GET ${url} answered ${first.status}`)
    const plain = await fetchRaw(url, { cookie: headers.cookie })
    const html = plain.body.toString('utf8')
    const listed = new Set(html.match(/href="\/events\/[0-9a-f-]{36}"/g) ?? []).size
    if (!html.includes('action="/logout"'))
      console.warn('warning: the page does not look signed in (no logout link found)')

    // The bare server answers every request with the app's bytes and headers for this page.
    const dir = mkdtempSync(join(tmpdir(), 'event-list-bench-'))
    writeFileSync(join(dir, 'body'), first.body)
    const bareHeaders: Record<string, string> = {}
    for (const [k, v] of Object.entries(first.headers)) {
      if (typeof v === 'string' && !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k))
        bareHeaders[k] = v
    }
    writeFileSync(join(dir, 'headers.json'), JSON.stringify(bareHeaders))
    const script = `
      const http = require('node:http'); const fs = require('node:fs');
      const body = fs.readFileSync(${JSON.stringify(join(dir, 'body'))});
      const headers = JSON.parse(fs.readFileSync(${JSON.stringify(join(dir, 'headers.json'))}, 'utf8'));
      const server = http.createServer((req, res) => { res.writeHead(200, headers); res.end(body) });
      server.listen(0, '127.0.0.1', () => console.log(server.address().port));
      process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`
    const bare = await startChild(['-e', script])
    children.push(bare.child)
    const bareUrl = `http://127.0.0.1:${bare.port}/units/${unit.id}/events`

    await wrk(url, headers, '3s')
    await wrk(bareUrl, headers, '2s')
    const appRuns: WrkRun[] = []
    const bareRuns: WrkRun[] = []
    for (let round = 0; round < ROUNDS; round++) {
      appRuns.push(await wrk(url, headers, DURATION))
      bareRuns.push(await wrk(bareUrl, headers, DURATION))
    }
    const appRss = peakRssMb(app.child)
    const bareRss = peakRssMb(bare.child)
    const a = median(appRuns)
    const b = median(bareRuns)
    const { rows: ver } = await pool.query<{ server_version: string }>('show server_version')
    const { rows: settings } = await pool.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings
       where name in ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit')`,
    )
    let commit = 'unknown'
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    } catch {}
    const n = (x: number) => x.toLocaleString('en')
    const s = party.sizes
    const report = [
      `## Event list, ${new Date().toISOString().slice(0, 10)} (commit ${commit}, node ${process.version}, PostgreSQL ${ver[0]!.server_version})`,
      '',
      `Data: bench/generate-party.ts with ${n(s.districts)} districts, ${n(s.localGroups)} local groups, ${n(s.members)} members`,
      `(${n(s.accounts)} with an account), ${n(s.partnerships)} open partnerships, ${n(s.events)} events, ${n(s.rsvps)} RSVPs; generated in ${party.seconds.toFixed(1)} s.`,
      `Page: GET /units/:id/events (scope own) of ${unit.name}, ${unit.upcoming} upcoming published events hosted by the KV itself,`,
      `${listed} event links on the page, ${(first.body.length / 1024).toFixed(1)} KB as sent (content-encoding ${first.headers['content-encoding'] ?? 'none'}, ${(plain.body.length / 1024).toFixed(1)} KB raw),`,
      'as a signed-in member of that KV (session cookie from createSession). App and PostgreSQL (pool of 10) on the same machine.',
      `wrk -t1 -c50 -d${DURATION} --latency, 127.0.0.1, ${ROUNDS} rounds alternating app and bare server, medians; ${process.platform}/${process.arch}, ${availableParallelism()} CPUs,`,
      `load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end. PostgreSQL settings: ${settings.map((r) => `${r.name}=${r.setting}${r.unit ?? ''}`).join(', ')}.`,
      '',
      '| figure | app | bare node:http, same bytes |',
      '|---|---:|---:|',
      `| requests/s | ${a.rps.toFixed(0)} | ${b.rps.toFixed(0)} |`,
      `| p50 latency | ${a.p50.toFixed(2)} ms | ${b.p50.toFixed(2)} ms |`,
      `| p99 latency | ${a.p99.toFixed(2)} ms | ${b.p99.toFixed(2)} ms |`,
      `| non-2xx answers / socket errors (all rounds) | ${a.non2xx} / ${a.socketErrors} | ${b.non2xx} / ${b.socketErrors} |`,
      `| peak RSS of the server process (VmHWM) | ${appRss.toFixed(0)} MB | ${bareRss.toFixed(0)} MB |`,
      `| rounds (req/s) | ${appRuns.map((r) => r.rps.toFixed(0)).join(', ')} | ${bareRuns.map((r) => r.rps.toFixed(0)).join(', ')} |`,
      '',
      `First request (cold): ${firstMs.toFixed(0)} ms. Ratio app / bare: ${(a.rps / b.rps).toPrecision(2)}. Total bench time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
      '',
    ].join('\n')
    console.log(report)
    if (argv.includes('--record')) {
      appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${report}`)
      console.log('Appended to bench/RESULTS.md')
    }
    if (a.non2xx > 0 || a.socketErrors > 0) process.exitCode = 1
  } finally {
    for (const child of children) {
      child.stdin?.end()
      const timer = setTimeout(() => child.kill(), 5000)
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))
      clearTimeout(timer)
    }
    await pool.end()
    await fresh.drop()
  }
}

const serveIndex = process.argv.indexOf('--serve')
const run = serveIndex >= 0 ? serve(process.argv[serveIndex + 1]!) : main()
run.catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

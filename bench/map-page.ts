// The map page's budget: at most 150 KB gzipped, and served at no less than half the throughput
// of a bare node:http server sending the same bytes. Both servers are measured in the same run.
//
//   node --import tsx bench/map-page.ts            prints the figures
//   node --import tsx bench/map-page.ts --record   also appends them to bench/RESULTS.md
//
// Needs wrk (/usr/bin/wrk). Everything listens on 127.0.0.1 only. BENCH_DURATION (10s) and
// BENCH_ROUNDS (3) shorten a trial run.

import { execFileSync, spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { PGlite } from '@electric-sql/pglite'
import { eq, sql } from 'drizzle-orm'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { insertUnit, type OrgUnit, orgUnits } from '../src/domains/org-units/index.js'
import { mapGeometry } from '../src/domains/partnership-map/geometry.js'
import { partnershipKinds, partnerships } from '../src/domains/partnerships/tables.js'
import { wrapPglite, wrapPool } from '../src/platform/db/client.js'
import { queryRows } from '../src/platform/db/query.js'
import type { Db } from '../src/platform/db/types.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { freshDatabase } from './generate-party.js'

const WRK = '/usr/bin/wrk'
const DURATION = process.env.BENCH_DURATION ?? '10s'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const BUDGET_GZIP = 150 * 1024

function median<T extends { rps: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!
}

async function seed(db: Db) {
  let source = 'demo data (src/demo/seed.ts)'
  try {
    const { seedDemoData } = await import('../src/demo/seed.js')
    await seedDemoData(db, { now: new Date('2026-11-21T10:00:00Z'), secret: 'bench-secret' })
  } catch (err) {
    source = `districts from geodata (the demo seed failed: ${(err as Error).message.split('\n')[0]})`
  }
  const districts = await db.select().from(orgUnits).where(eq(orgUnits.kind, 'district'))
  if (districts.length < 400) {
    if (districts.length > 0) source = 'districts from geodata (the demo data has fewer than 400)'
    districts.push(...(await buildDistricts(db)))
  }
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from partnerships where is_public and status in ('agreed','active','dormant','ended')`,
  )
  if (Number(row?.n) < 50) await addPartnerships(db, districts, 60)
  return source
}

async function buildDistricts(db: Db): Promise<OrgUnit[]> {
  const federal = await insertUnit(db, { kind: 'federal', name: 'Bundesverband', parentId: null })
  const states = new Map<string, OrgUnit>()
  const out: OrgUnit[] = []
  for (const k of mapGeometry().kreise.values()) {
    let state = states.get(k.landAgs)
    if (!state) {
      state = await insertUnit(db, { kind: 'state', name: k.land, ags: k.landAgs, parentId: federal.id })
      states.set(k.landAgs, state)
    }
    out.push(
      await insertUnit(db, {
        kind: 'district',
        name: k.name,
        ags: k.ags,
        kreisType: k.bez,
        parentId: state.id,
        anchorLon: k.labelLon,
        anchorLat: k.labelLat,
      }),
    )
  }
  return out
}

async function addPartnerships(db: Db, districts: OrgUnit[], count: number) {
  let seed = 42
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const statuses = ['agreed', 'active', 'active', 'active', 'dormant', 'ended'] as const
  const taken = new Set<string>()
  while (taken.size < count) {
    const a = districts[Math.floor(random() * districts.length)]!
    const b = districts[Math.floor(random() * districts.length)]!
    const key = [a.id, b.id].sort().join()
    if (a.id === b.id || taken.has(key)) continue
    taken.add(key)
    await db.insert(partnerships).values({
      unitAId: a.id,
      unitBId: b.id,
      kind: partnershipKinds[Math.floor(random() * partnershipKinds.length)]!,
      status: statuses[Math.floor(random() * statuses.length)]!,
      startedOn: `${2005 + Math.floor(random() * 20)}-06-01`,
      story: 'Gemeinsamer Wahlkampf, Erfahrungsaustausch und Besuche.',
    })
  }
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

/** Runs wrk without blocking this process's event loop, which serves the app under test. */
async function wrk(url: string, duration: string) {
  const child = spawn(WRK, ['-t1', '-c50', `-d${duration}`, '-H', 'Accept-Encoding: gzip', url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  await new Promise((resolve) => child.on('close', resolve))
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const latency = /Latency\s+(\S+)/.exec(out)?.[1] ?? '?'
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0'
  return { rps, latency, errors: Number(errors) }
}

/** The bare server runs in a process of its own, like the app, and sends the app's bytes and headers. */
async function startBareServer(body: Buffer, headers: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'map-bench-'))
  writeFileSync(join(dir, 'body'), body)
  writeFileSync(join(dir, 'headers.json'), JSON.stringify(headers))
  const script = `
    const http = require('node:http'); const fs = require('node:fs');
    const body = fs.readFileSync(${JSON.stringify(join(dir, 'body'))});
    const headers = JSON.parse(fs.readFileSync(${JSON.stringify(join(dir, 'headers.json'))}, 'utf8'));
    const server = http.createServer((req, res) => { res.writeHead(200, headers); res.end(body) });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  )
  return { url: `http://127.0.0.1:${port}/map`, stop: () => child.kill() }
}

async function main() {
  const started = Date.now()
  // PostgreSQL when DATABASE_URL is set (the production path, in a database of its own), otherwise
  // PGlite in memory; its heap lives in this process and weighs on the app's side of the comparison.
  const fresh = process.env.DATABASE_URL
    ? await freshDatabase(process.env.DATABASE_URL, 'bs_bench_map')
    : undefined
  const database = fresh
    ? wrapPool(new pg.Pool({ connectionString: fresh.url, max: 10 }))
    : wrapPglite(await PGlite.create())
  await database.migrate()
  const source = await seed(database.db)
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DEMO_DATA: 'never' })
  const app = await buildApp(config, {
    database,
    mailer: createMailTransport({ from: 'bench@example.org' }),
    secret: 'bench-secret-bench-secret-bench-secret-0123',
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  const t0 = performance.now()
  const zipped = await fetchRaw(`${base}/map`, { 'accept-encoding': 'gzip' })
  const firstMs = performance.now() - t0
  const plain = await fetchRaw(`${base}/map`, {})
  if (zipped.status !== 200 || zipped.headers['content-encoding'] !== 'gzip') {
    throw new Error(`GET /map answered ${zipped.status} without gzip`)
  }
  if (!gunzipSync(zipped.body).equals(plain.body)) throw new Error('gzip and plain bodies differ')
  const lines = (plain.body.toString('utf8').match(/data-partnership="/g) ?? []).length
  const kvLinks = (plain.body.toString('utf8').match(/<a href="\/units\//g) ?? []).length

  const bareHeaders: Record<string, string> = {}
  for (const [k, v] of Object.entries(zipped.headers)) {
    if (typeof v === 'string' && !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k))
      bareHeaders[k] = v
  }
  const bare = await startBareServer(zipped.body, bareHeaders)

  // The machine is shared, so load drifts: warm both up, then alternate the two servers and
  // compare the medians rather than one run of each.
  await wrk(`${base}/map`, '3s')
  await wrk(bare.url, '2s')
  const appRuns: Awaited<ReturnType<typeof wrk>>[] = []
  const bareRuns: Awaited<ReturnType<typeof wrk>>[] = []
  for (let round = 0; round < ROUNDS; round++) {
    appRuns.push(await wrk(`${base}/map`, DURATION))
    bareRuns.push(await wrk(bare.url, DURATION))
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  bare.stop()
  await app.close()
  await database.close()
  await fresh?.drop()
  const appRun = median(appRuns)
  const bareRun = median(bareRuns)
  const ratio = appRun.rps / bareRun.rps
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {}
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  const report = [
    `## Map page, ${new Date().toISOString().slice(0, 10)} (commit ${commit}, node ${process.version})`,
    '',
    `Database: ${fresh ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory, in the app process'}. Data: ${source}; ${lines} partnership lines, ${kvLinks} links to unit pages (map and table).`,
    `wrk -t1 -c50 -d${DURATION}, Accept-Encoding: gzip, 127.0.0.1, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the end.`,
    '',
    '| figure | value | budget |',
    '|---|---|---|',
    `| /map raw | ${kb(plain.body.length)} | |`,
    `| /map gzipped | ${kb(zipped.body.length)} | ≤ ${kb(BUDGET_GZIP)} ${zipped.body.length <= BUDGET_GZIP ? '✔' : '✘'} |`,
    `| first request (render + gzip, cold) | ${firstMs.toFixed(0)} ms | |`,
    `| app GET /map, median of ${ROUNDS} | ${appRun.rps.toFixed(0)} req/s (latency ${appRun.latency}, non-2xx ${appRun.errors}) | |`,
    `| bare node:http, same bytes, median of ${ROUNDS} | ${bareRun.rps.toFixed(0)} req/s (latency ${bareRun.latency}) | |`,
    `| ratio app / bare | ${ratio.toFixed(2)} | ≥ 0.50 ${ratio >= 0.5 ? '✔' : '✘'} |`,
    `| rounds app / bare (req/s) | ${appRuns.map((r, i) => `${r.rps.toFixed(0)} / ${bareRuns[i]!.rps.toFixed(0)}`).join(', ')} | |`,
    `| app process peak RSS | ${peakRssMb.toFixed(0)} MB | |`,
    '',
    `Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n')
  console.log(report)
  if (process.argv.includes('--record')) {
    appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${report}`)
    console.log('Appended to bench/RESULTS.md')
  }
  if (zipped.body.length > BUDGET_GZIP || ratio < 0.5) process.exitCode = 1
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

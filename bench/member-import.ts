// Member import benchmark: 150,000 fictional members into a state of 400 districts, twice
// (first run inserts, second run is the idempotent re-run), on PostgreSQL and on in-memory PGlite.
//
//   node --import tsx bench/member-import.ts
//
// DATABASE_URL (default postgres://root@127.0.0.1:5432/test) is only used as the admin connection:
// the benchmark creates a database of its own and drops it at the end. Each engine runs in a child
// process of its own, so the peak RSS of one does not hide in the other's.

import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { users } from '../src/domains/accounts/tables.js'
import { importMembers } from '../src/domains/members/index.js'
import { parseMemberCsv } from '../src/domains/members/member-csv.js'
import { insertUnit, roleGrants } from '../src/domains/org-units/index.js'
import type { Actor } from '../src/platform/auth/actor.js'
import { type Database, wrapPglite, wrapPool } from '../src/platform/db/client.js'
import type { AppDeps } from '../src/platform/deps.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'

const ROWS = 150_000
const DISTRICTS = 400
const adminUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

const firstNames = ['Alma', 'Bent', 'Carla', 'Dario', 'Edda', 'Fiete', 'Greta', 'Hagen', 'Ilka', 'Jannis']
const lastNames = [
  'Ahornberg',
  'Birkental',
  'Dornfeld',
  'Eschenhain',
  'Farnwald',
  'Ginsterhof',
  'Holunderweg',
]

/** A state with 400 districts (AGS 99001…99400, names "Beispielkreis N") and an admin of the federation. */
async function buildWorld(database: Database) {
  const db = database.db
  const federation = await insertUnit(db, { kind: 'federal', name: 'Bund (Benchmark)', parentId: null })
  const state = await insertUnit(db, {
    kind: 'state',
    name: 'Beispielland',
    ags: '99',
    parentId: federation.id,
  })
  for (let i = 1; i <= DISTRICTS; i++) {
    await insertUnit(db, {
      kind: 'district',
      name: `Beispielkreis ${i}`,
      ags: `99${String(i).padStart(3, '0')}`,
      parentId: state.id,
    })
  }
  const [user] = await db
    .insert(users)
    .values({ email: 'bench-admin@example.org', displayName: 'Benchmark' })
    .returning()
  await db.insert(roleGrants).values({ userId: user!.id, unitId: federation.id, role: 'admin' })
  const actor: Actor = {
    userId: user!.id,
    sessionId: 'bench',
    email: user!.email,
    displayName: user!.displayName,
    memberId: null,
    homeUnitId: null,
    grants: [{ role: 'admin', unitId: federation.id, unitPath: federation.path }],
  }
  return actor
}

/** 150,000 fictional members; every other row names its KV by AGS, the others by name. */
function generateCsv(): Buffer {
  const lines = ['Mitgliedsnummer;Vorname;Nachname;E-Mail;Telefon;PLZ;KV;Eintrittsdatum;Austrittsdatum']
  for (let i = 1; i <= ROWS; i++) {
    const d = (i % DISTRICTS) + 1
    const kv = i % 2 === 0 ? `99${String(d).padStart(3, '0')}` : `Beispielkreis ${d}`
    const first = firstNames[i % firstNames.length]
    const last = lastNames[i % lastNames.length]
    const day = String((i % 28) + 1).padStart(2, '0')
    const entered =
      i % 3 === 0
        ? `${day}.0${(i % 9) + 1}.20${String(i % 24).padStart(2, '0')}`
        : `2015-0${(i % 9) + 1}-${day}`
    lines.push(
      `B${String(i).padStart(7, '0')};${first};${last}-${i};mitglied${i}@example.org;0301234${i};${String(10000 + (i % 89999)).padStart(5, '0')};${kv};${entered};`,
    )
  }
  return Buffer.from(`${lines.join('\n')}\n`)
}

async function measure(label: string, deps: AppDeps, actor: Actor, csv: Buffer) {
  const started = performance.now()
  const outcome = await importMembers(deps, actor, { csv, fileName: 'benchmark.csv', mode: 'all-or-nothing' })
  const seconds = (performance.now() - started) / 1000
  if (outcome.kind !== 'imported') throw new Error(`${label}: ${JSON.stringify(outcome).slice(0, 500)}`)
  const peakMb = process.resourceUsage().maxRSS / 1024
  return {
    run: label,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(ROWS / seconds),
    peakRssMb: Math.round(peakMb),
    inserted: outcome.inserted,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
  }
}

async function runEngine(engine: 'postgres' | 'pglite') {
  let database: Database
  let dropDatabase = async () => {}
  if (engine === 'postgres') {
    const name = `bs_bench_${randomBytes(5).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const target = new URL(adminUrl)
    target.pathname = `/${name}`
    database = wrapPool(new pg.Pool({ connectionString: target.toString(), max: 4 }))
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    }
  } else {
    database = wrapPglite(await PGlite.create())
  }
  try {
    await database.migrate()
    const actor = await buildWorld(database)
    const csv = generateCsv()
    const deps: AppDeps = {
      database,
      mailer: createMailTransport({ from: 'bench@example.org' }),
      secret: 'benchmark-secret-benchmark-secret-0123456789',
      now: () => new Date(),
    }
    // Reading the file alone, to tell the CSV share from the database share of a run.
    const parseStarted = performance.now()
    parseMemberCsv(csv)
    const parseSeconds = Number(((performance.now() - parseStarted) / 1000).toFixed(2))
    const results = [
      await measure('first (inserts)', deps, actor, csv),
      await measure('second (re-run)', deps, actor, csv),
    ]
    let serverVersion = 'PGlite'
    if (engine === 'postgres') {
      const r = (await database.db.execute('show server_version')) as unknown as {
        rows: { server_version: string }[]
      }
      serverVersion = `PostgreSQL ${r.rows[0]?.server_version}`
    }
    process.stdout.write(
      `${JSON.stringify({ engine, serverVersion, csvMb: +(csv.length / 2 ** 20).toFixed(1), parseSeconds, results })}\n`,
    )
  } finally {
    await database.close()
    await dropDatabase()
  }
}

const engineArg = process.argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length)
if (engineArg === 'postgres' || engineArg === 'pglite') {
  await runEngine(engineArg)
} else {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim()
  console.log(
    `Member import: ${ROWS.toLocaleString('en')} rows, ${DISTRICTS} districts, ` +
      `${new Date().toISOString().slice(0, 10)}, commit ${commit}, node ${process.version}, ` +
      `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
  )
  for (const engine of ['postgres', 'pglite'] as const) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), `--engine=${engine}`],
      {
        encoding: 'utf8',
        env: process.env,
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 16 * 1024 * 1024,
      },
    )
    if (child.status !== 0) {
      console.error(`${engine}: failed (exit ${child.status})`)
      process.exitCode = 1
      continue
    }
    const report = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      serverVersion: string
      csvMb: number
      parseSeconds: number
      results: Record<string, unknown>[]
    }
    console.log(
      `\n${report.serverVersion} (CSV ${report.csvMb} MB; parsing it alone: ${report.parseSeconds} s)`,
    )
    console.table(report.results)
  }
}

import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, expect, inject, test } from 'vitest'
import { buildApp } from '../src/app.js'
import { sealAuditTrail, verifyAuditTrail } from '../src/platform/audit/chain.js'
import { tableChecksums, tableColumns } from '../src/platform/db/backup.js'
import { openDatabase } from '../src/platform/db/client.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { TEST_SECRET, testConfig } from './support/app.js'
import { freePort, root, startEntry } from './support/server-process.js'

/**
 * The release an operator upgrades from: its source is taken from git, started on an empty database
 * (it migrates to its own schema and fills in its demo data), stopped, and the database is then
 * migrated by this release. Raise it with every release (UPGRADE_FROM overrides it).
 */
const PREVIOUS_RELEASE = process.env.UPGRADE_FROM ?? '4eb8ff21ed6d11548722f7b6aece473a69918eb5'

function hasCommit(commit: string) {
  try {
    execFileSync('git', ['-C', root, 'cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'bs-upgrade-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// Without the repository's history (an exported tarball, a shallow clone) the older release cannot be built.
test.skipIf(!hasCommit(PREVIOUS_RELEASE))(
  `a database of the previous release (${PREVIOUS_RELEASE.slice(0, 7)}) with its demo data migrates to this one without loss`,
  async () => {
    // The previous release's source, beside this one's installed packages.
    const old = join(scratch, 'previous')
    mkdirSync(old)
    const tar = join(scratch, 'previous.tar')
    execFileSync('git', [
      '-C',
      root,
      'archive',
      '--format=tar',
      '-o',
      tar,
      PREVIOUS_RELEASE,
      'src',
      'migrations',
      'geodata',
      'public',
      'tsconfig.json',
      'package.json',
    ])
    execFileSync('tar', ['-xf', tar, '-C', old])
    symlinkSync(join(root, 'node_modules'), join(old, 'node_modules'))

    const dataDir = join(scratch, 'data')
    let url: string | undefined
    let dropDatabase = async () => {}
    if (process.env.DATABASE_URL) {
      const name = `${inject('pgRunPrefix')}${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await admin.connect()
      await admin.query(`create database ${name}`)
      await admin.end()
      const target = new URL(process.env.DATABASE_URL)
      target.pathname = `/${name}`
      url = target.toString()
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
        await c.connect()
        await c.query(`drop database if exists ${name} with (force)`)
        await c.end()
      }
    }
    try {
      const port = await freePort()
      const previous = startEntry(
        'src/server.ts',
        {
          DATA_DIR: dataDir,
          ...(url ? { DATABASE_URL: url } : {}),
          PORT: String(port),
          DEMO_DATA: 'always',
          SESSION_SECRET: TEST_SECRET,
        },
        [],
        old,
      )
      await previous.ready
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
      previous.child.kill('SIGTERM')
      expect(await previous.exited).toBe(0)

      const database = await openDatabase({ url, dataDir })
      try {
        const pending = await database.pendingMigrations()
        expect(pending.length).toBeGreaterThan(0)
        const columns = await tableColumns(database.db)
        const before = await tableChecksums(database.db, columns)
        expect(before.members!.rows).toBeGreaterThan(1000)
        expect(before.partnerships!.rows).toBeGreaterThan(10)
        expect(before.audit_events!.rows).toBeGreaterThan(0)

        await database.migrate()
        expect(await database.pendingMigrations()).toEqual([])
        // Every row and every value of the older schema is still there.
        expect(await tableChecksums(database.db, columns)).toEqual(before)
        // The audit trail written by the older release extends and verifies under this one.
        expect((await sealAuditTrail(database.db)).status).toBe('sealed')
        expect((await verifyAuditTrail(database.db)).ok).toBe(true)

        // And this release serves it.
        const app = await buildApp(testConfig(), {
          database,
          mailer: createMailTransport({ from: 'test@example.org' }),
          secret: TEST_SECRET,
        })
        try {
          for (const path of ['/ready', '/', '/map', '/login']) {
            expect((await app.inject({ method: 'GET', url: path })).statusCode, path).toBe(200)
          }
        } finally {
          await app.close()
        }
      } finally {
        await database.close()
      }
    } finally {
      await dropDatabase()
    }
  },
  600_000,
)

import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { buildDistrict, buildMember, buildUser } from '../../../test/support/factories.js'
import { sealAuditTrail, verifyAuditTrail } from '../audit/chain.js'
import { recordAudit } from '../audit/record.js'
import { queueMail } from '../mail/outbox.js'
import { backupDatabase, restoreDatabase, tableChecksums } from './backup.js'
import { type Database, openDatabase } from './client.js'

const scratch = mkdtempSync(join(tmpdir(), 'bs-backup-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Some of everything: units, members, an account, mails, audit rows sealed into the chain. */
async function fill(database: Database) {
  await database.migrate()
  const db = database.db
  const kv = await buildDistrict(db)
  for (let i = 0; i < 20; i++) await buildMember(db, kv)
  const user = await buildUser(db)
  await queueMail(db, new Date(), [{ to: user.email, subject: 'Hallo', text: 'Text' }])
  for (let i = 0; i < 10; i++)
    await recordAudit(db, undefined, { action: 'test.backup', object: { type: 'test', id: String(i) } })
  expect((await sealAuditTrail(db)).status).toBe('sealed')
}

async function roundTrip(
  source: { url?: string; dataDir: string },
  target: { url?: string; dataDir: string },
) {
  const original = await openDatabase(source)
  await fill(original)
  const before = await tableChecksums(original.db)
  if (!source.url) await original.close()
  const file = join(scratch, `backup-${randomBytes(4).toString('hex')}`)
  await backupDatabase(source, file)
  await restoreDatabase(target, file)
  // A second restore into the now filled target is refused: a restore never mixes two states.
  await expect(restoreDatabase(target, file)).rejects.toThrow(/not empty/)
  const restored = await openDatabase(target)
  try {
    expect(await restored.pendingMigrations()).toEqual([])
    const after = await tableChecksums(restored.db)
    expect(Object.keys(after).length).toBeGreaterThan(40)
    expect(before.members!.rows).toBeGreaterThanOrEqual(20)
    expect(before.audit_seals!.rows).toBeGreaterThan(0)
    expect(after).toEqual(before)
    expect((await verifyAuditTrail(restored.db)).ok).toBe(true)
  } finally {
    await restored.close()
    if (source.url) await original.close()
  }
}

// Migrating, filling, dumping and loading two databases takes a while on a busy machine.
describe('backup and restore', { timeout: 240_000 }, () => {
  test.skipIf(!!process.env.DATABASE_URL)(
    'PGlite: the data directory, restored into a new one, has every row and an intact audit chain',
    async () => {
      await roundTrip({ dataDir: join(scratch, 'a') }, { dataDir: join(scratch, 'b') })
    },
  )

  test.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL: pg_dump, restored into an empty database, has every row and an intact audit chain',
    async () => {
      const url = new URL(process.env.DATABASE_URL!)
      const names = [0, 1].map(() => `${inject('pgRunPrefix')}${randomBytes(6).toString('hex')}`)
      const admin = new pg.Client({ connectionString: url.toString() })
      await admin.connect()
      try {
        for (const n of names) await admin.query(`create database ${n}`)
        const [a, b] = names.map((n) => {
          const u = new URL(url)
          u.pathname = `/${n}`
          return u.toString()
        })
        await roundTrip({ url: a!, dataDir: scratch }, { url: b!, dataDir: scratch })
      } finally {
        for (const n of names) await admin.query(`drop database if exists ${n} with (force)`)
        await admin.end()
      }
    },
  )
})

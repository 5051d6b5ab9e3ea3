import { asc, count, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import type { Database } from '../db/client.js'
import type { Db, Tx } from '../db/types.js'
import { auditTrailState, checkAuditTrail, sealAuditTrail, verifyAuditTrail } from './chain.js'
import { recordAudit } from './record.js'
import { auditChecks, auditEvents, auditSeals } from './tables.js'

// Every test gets a database of its own: the tampering tests break the chain on purpose.
let database: Database
let db: Db
beforeEach(async () => {
  database = await createTestDatabase()
  db = database.db
})
afterEach(() => database.close())

async function audit(action: string, data: Record<string, unknown> = {}) {
  await recordAudit(db, undefined, { action, object: { type: 'widget', id: action }, data })
}

async function ids() {
  const rows = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))
  return rows.map((r) => r.id)
}

async function sealCount() {
  const [row] = await db.select({ n: count() }).from(auditSeals)
  return row!.n
}

/** What an attacker with the table owner's or a superuser's rights can do: switch the guard off, change, switch on. */
async function tamper(table: 'audit_events' | 'audit_seals', statement: string) {
  await db.execute(sql.raw(`alter table ${table} disable trigger ${table}_append_only`))
  await db.execute(sql.raw(statement))
  await db.execute(sql.raw(`alter table ${table} enable trigger ${table}_append_only`))
}

describe('the database keeps the trail append-only', () => {
  test.each([
    ['audit_events', 'update audit_events set action = $$forged$$'],
    ['audit_events', 'delete from audit_events'],
    ['audit_events', 'truncate audit_events'],
    ['audit_seals', 'update audit_seals set hash = repeat($$0$$, 64)'],
    ['audit_seals', 'delete from audit_seals'],
    ['audit_seals', 'truncate audit_seals'],
    ['audit_checks', 'delete from audit_checks'],
    ['audit_checks', 'truncate audit_checks'],
  ])('%s: %s is refused', async (table, statement) => {
    await audit('guard.one')
    await sealAuditTrail(db)
    await checkAuditTrail(db)
    const refusal = await db.execute(sql.raw(statement)).then(
      () => 'done',
      (err: Error) => `${err.message} ${(err.cause as Error | undefined)?.message ?? ''}`,
    )
    expect(refusal).toMatch(/the audit trail is append-only/)
    const [row] = await db
      .execute(sql.raw(`select count(*)::int as n from ${table}`))
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows)
    expect(row!.n).toBe(1)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 1 })
  })

  test('inserting goes on as before', async () => {
    await audit('guard.insert')
    expect(await ids()).toHaveLength(1)
  })
})

describe('sealing', () => {
  test('chains every row in sequence order; a second run seals nothing', async () => {
    for (const n of [1, 2, 3]) await audit(`seal.row${n}`, { n, nested: { ä: 'ü', list: [1.5, null] } })
    const first = await sealAuditTrail(db)
    expect(first).toMatchObject({ status: 'sealed', sealed: 3, head: { seq: (await ids())[2] } })
    expect(await sealAuditTrail(db)).toEqual({ ...first, sealed: 0 })
    expect(await sealCount()).toBe(3)

    await audit('seal.row4')
    expect(await sealAuditTrail(db)).toMatchObject({
      status: 'sealed',
      sealed: 1,
      head: { seq: (await ids())[3] },
    })
    expect(await verifyAuditTrail(db)).toEqual({
      ok: true,
      rows: 4,
      upTo: (await ids())[3],
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  test('a number taken by a transaction that rolled back leaves a gap the chain does not mind', async () => {
    await audit('gap.before')
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, undefined, { action: 'gap.rolled_back', object: { type: 'widget' } })
        throw new Error('the use case fails')
      }),
    ).rejects.toThrow('the use case fails')
    await audit('gap.after')
    const [before, after] = await ids()
    expect(after! - before!).toBe(2)
    expect(await sealAuditTrail(db)).toMatchObject({ sealed: 2 })
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 2, upTo: after })
  })

  test('runs at the same time seal each row once', async () => {
    for (let i = 0; i < 30; i++) await audit(`concurrent.row${i}`)
    const results = await Promise.all(Array.from({ length: 4 }, () => sealAuditTrail(db)))
    const sealed = results.reduce((sum, r) => sum + (r.status === 'sealed' ? r.sealed : 0), 0)
    expect(sealed).toBe(30)
    expect(results.every((r) => r.status === 'sealed' || r.status === 'busy')).toBe(true)
    expect(await sealCount()).toBe(30)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 30 })
  })

  test('a trail of more rows than one batch is sealed and verified across batches', async () => {
    await db
      .insert(auditEvents)
      .values(Array.from({ length: 2500 }, (_, i) => ({ action: 'bulk.row', objectType: 'x', data: { i } })))
    expect(await sealAuditTrail(db)).toMatchObject({ sealed: 2500 })
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 2500 })
    const middle = (await ids())[1700]!
    await tamper('audit_events', `update audit_events set data = '{"i": -1}' where id = ${middle}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: middle, reason: 'mismatch' })
  })
})

describe('verification finds tampering', () => {
  async function sealedTrail() {
    await audit('tamper.first')
    // A rolled-back number in the middle, where an attacker can slip a row in later.
    await db
      .transaction(async (tx) => {
        await recordAudit(tx, undefined, { action: 'tamper.rolled_back', object: { type: 'widget' } })
        tx.rollback()
      })
      .catch(() => {})
    for (const n of [2, 3, 4]) await audit(`tamper.row${n}`)
    await sealAuditTrail(db)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 4 })
    return ids()
  }

  test('an edited row breaks the chain at that row', async () => {
    const [, second] = await sealedTrail()
    await tamper('audit_events', `update audit_events set object_id = 'someone-else' where id = ${second}`)
    expect(await verifyAuditTrail(db)).toMatchObject({
      ok: false,
      brokenAt: second,
      reason: 'mismatch',
      rows: 1,
    })
  })

  test('an edit of the time by one microsecond is found', async () => {
    const [first] = await sealedTrail()
    await tamper(
      'audit_events',
      `update audit_events set at = at + interval '1 microsecond' where id = ${first}`,
    )
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: first, reason: 'mismatch' })
  })

  test('a deleted row breaks the chain where it was', async () => {
    const [, , third] = await sealedTrail()
    await tamper('audit_events', `delete from audit_events where id = ${third}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: third, reason: 'missing_row' })
  })

  test('a deleted last row is found too', async () => {
    const all = await sealedTrail()
    const last = all[all.length - 1]!
    await tamper('audit_events', `delete from audit_events where id = ${last}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: last, reason: 'missing_row' })
  })

  test('a row inserted in the middle breaks the chain at its number, and sealing does not absorb it', async () => {
    const [first, second] = await sealedTrail()
    const gap = first! + 1
    expect(second).toBe(gap + 1)
    await db.execute(
      sql.raw(`insert into audit_events (id, action, object_type) overriding system value
               values (${gap}, 'account.role_granted', 'user')`),
    )
    await audit('tamper.later')
    expect(await sealAuditTrail(db)).toMatchObject({ sealed: 1 })
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: gap, reason: 'unsealed_row' })
  })

  test('links cut off the end are found against the furthest point an earlier check reached', async () => {
    const all = await sealedTrail()
    const [third, fourth] = all.slice(2)
    expect(await checkAuditTrail(db)).toMatchObject({ ok: true, upTo: fourth })
    await tamper('audit_seals', `delete from audit_seals where seq = ${fourth}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: fourth, reason: 'unsealed_row' })
    await tamper('audit_events', `delete from audit_events where id = ${fourth}`)
    await tamper('audit_seals', `delete from audit_seals where seq = ${third}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: third, reason: 'unsealed_row' })
    await tamper('audit_events', `delete from audit_events where id = ${third}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: fourth, reason: 'missing_row' })
  })

  test('an edited link breaks the chain at that link', async () => {
    const [, , , fourth] = await sealedTrail()
    await tamper('audit_seals', `update audit_seals set hash = repeat('a', 64) where seq = ${fourth}`)
    expect(await verifyAuditTrail(db)).toMatchObject({ ok: false, brokenAt: fourth, reason: 'mismatch' })
  })
})

describe('checks and the state of the chain', () => {
  test('each check is recorded; the state names the sealed head, what waits and the latest check', async () => {
    expect(await auditTrailState(db)).toEqual({ sealed: null, pending: 0, lastCheck: null })
    await audit('state.one')
    await audit('state.two')
    await sealAuditTrail(db)
    await audit('state.three')
    expect(await checkAuditTrail(db)).toMatchObject({ ok: true, rows: 2 })
    const [, second] = await ids()
    const state = await auditTrailState(db)
    expect(state).toMatchObject({
      sealed: { seq: second, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      pending: 1,
      lastCheck: { checkedUpTo: second, rows: 2, brokenAt: null, reason: null },
    })
    expect(Math.abs(state.sealed!.sealedAt.getTime() - Date.now())).toBeLessThan(60_000)

    await tamper('audit_events', `update audit_events set action = 'forged' where id = ${second}`)
    expect(await checkAuditTrail(db)).toMatchObject({ ok: false, brokenAt: second })
    expect((await auditTrailState(db)).lastCheck).toMatchObject({ brokenAt: second, reason: 'mismatch' })
    expect(await db.select().from(auditChecks)).toHaveLength(2)
  })
})

// Two transactions at once need two connections: PostgreSQL only (CI runs the suite on it too).
describe.runIf(process.env.DATABASE_URL)(
  'rows committed late, with a lower number than rows already committed',
  () => {
    function signal() {
      let fire!: () => void
      const fired = new Promise<void>((resolve) => {
        fire = resolve
      })
      return [fired, fire] as const
    }

    /** Opens a transaction that does `work` and stays open until the returned function ends it. */
    async function openTransaction(work: (tx: Tx) => Promise<unknown>, outcome: 'commit' | 'rollback') {
      const [finished, finish] = signal()
      const [worked, workDone] = signal()
      const done = db
        .transaction(async (tx) => {
          await work(tx)
          workDone()
          await finished
          if (outcome === 'rollback') tx.rollback()
        })
        .catch(() => {})
      await worked
      return async () => {
        finish()
        await done
      }
    }

    const openWriter = (action: string, outcome: 'commit' | 'rollback') =>
      openTransaction((tx) => recordAudit(tx, undefined, { action, object: { type: 'widget' } }), outcome)

    test.each(['commit', 'rollback'] as const)(
      'sealing waits for the older transaction (%s) and then chains in number order',
      async (outcome) => {
        await audit('late.sealed_before')
        await sealAuditTrail(db)
        const end = await openWriter('late.long_transaction', outcome)
        await audit('late.committed_first')
        expect(await sealAuditTrail(db, { waitMs: 200 })).toEqual({ status: 'waiting', transactions: 1 })
        expect(await sealCount()).toBe(1)

        const sealing = sealAuditTrail(db, { waitMs: 10_000 })
        await new Promise((r) => setTimeout(r, 150))
        await end()
        expect(await sealing).toMatchObject({ status: 'sealed', sealed: outcome === 'commit' ? 2 : 1 })
        const actions = await db
          .select({ action: auditEvents.action })
          .from(auditEvents)
          .innerJoin(auditSeals, sql`${auditSeals.seq} = ${auditEvents.id}`)
          .orderBy(asc(auditSeals.seq))
        expect(actions.map((a) => a.action)).toEqual(
          outcome === 'commit'
            ? ['late.sealed_before', 'late.long_transaction', 'late.committed_first']
            : ['late.sealed_before', 'late.committed_first'],
        )
        expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: outcome === 'commit' ? 3 : 2 })
      },
    )

    test('a transaction that only read and sits idle does not hold up sealing', async () => {
      await audit('idle.before')
      const end = await openTransaction((tx) => tx.select({ n: count() }).from(auditEvents), 'commit')
      await audit('idle.after')
      expect(await sealAuditTrail(db, { waitMs: 200 })).toMatchObject({ status: 'sealed', sealed: 2 })
      await end()
    })

    test('while one run seals, runs in other connections return busy and seal nothing', async () => {
      await db
        .insert(auditEvents)
        .values(Array.from({ length: 200 }, () => ({ action: 'pg.row', objectType: 'x' })))
      const end = await openWriter('pg.long_transaction', 'commit')
      const first = sealAuditTrail(db, { waitMs: 10_000 })
      await new Promise((r) => setTimeout(r, 150))
      expect(await Promise.all([sealAuditTrail(db), sealAuditTrail(db)])).toEqual([
        { status: 'busy' },
        { status: 'busy' },
      ])
      await end()
      // The open transaction's row was not committed when the run read the highest number: the next run takes it.
      expect(await first).toMatchObject({ status: 'sealed', sealed: 200 })
      expect(await sealAuditTrail(db)).toMatchObject({ status: 'sealed', sealed: 1 })
      expect(await sealCount()).toBe(201)
      expect(await verifyAuditTrail(db)).toMatchObject({ ok: true, rows: 201 })
    })
  },
)

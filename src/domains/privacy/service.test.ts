import { and, eq, getTableName, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { actorFor, buildFederation, buildState, buildUser } from '../../../test/support/factories.js'
import { buildPersonEverywhere, secretCanaries } from '../../../test/support/person-everywhere.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Actor } from '../../platform/auth/actor.js'
import { queryRows } from '../../platform/db/query.js'
import { users } from '../accounts/tables.js'
import { importMembers, memberNumberKey } from '../members/index.js'
import { members } from '../members/tables.js'
import { roleGrants } from '../org-units/grants.tables.js'
import { dbName, inventory, type Person } from './inventory.js'
import {
  collectPersonalData,
  eraseFormerMembers,
  exportMyData,
  OTHER_PERSON,
  retentionCutoff,
} from './service/index.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const config = { privacy: { retentionDaysAfterLeaving: 30 } }
const DAY = 86_400_000
const db = () => t.database.db

/** Every table of the database as text, to find a canary anywhere or to tell that nothing changed. */
async function dumpDatabase() {
  const tables = await queryRows<{ name: string }>(
    db(),
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  )
  const dump = new Map<string, string>()
  for (const { name } of tables) {
    const [row] = await queryRows<{ text: string | null }>(
      db(),
      sql`select string_agg(t::text, E'\n' order by t::text) as text from ${sql.identifier(name)} t`,
    )
    dump.set(name, row?.text ?? '')
  }
  return dump
}

const tablesHolding = (dump: Map<string, string>, needle: string) =>
  [...dump].filter(([, text]) => text.includes(needle)).map(([name]) => name)

/** How many rows of each inventory reference still name the person, by table and column. */
async function referencesTo(ids: Record<Person, string | null>, erase: string[]) {
  const left: Record<string, number> = {}
  for (const entry of inventory()) {
    for (const ref of entry.references) {
      const id = ids[ref.person]
      if (!id || !erase.includes(ref.erase) || ref.through) continue
      const [row] = await queryRows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from ${entry.table} where ${ref.column} = ${id}`,
      )
      if (row!.n > 0) left[`${getTableName(entry.table)}.${dbName(ref.column)}`] = row!.n
    }
  }
  return left
}

function actorOf(p: { user: { id: string }; member: { id: string } }): Actor {
  return { ...actorFor({ id: p.user.id, email: 'x@example.org', password: '', memberId: p.member.id }) }
}

describe('the access export (Art. 15)', () => {
  test('holds a row from every table of the inventory, and no secret', async () => {
    const p = await buildPersonEverywhere(db(), 'EXPORTCANARY')
    const data = await collectPersonalData(db(), { user: p.user.id, member: p.member.id }, t.clock.now())
    const missing = inventory()
      .map((e) => getTableName(e.table))
      .filter((name) => !data.tables[name])
    expect(missing).toEqual([])
    const text = JSON.stringify(data)
    for (const secret of Object.values(secretCanaries)) expect(text).not.toContain(secret)
    expect(data.tables.users!.withheld).toEqual(['password_hash'])
    expect(data.tables.sessions!.rows[0]).not.toHaveProperty('id')
    expect(data.tables.sessions!.rows[0]).toHaveProperty('user_agent', 'EXPORTCANARY-Browser')
    // The person's own data, whole:
    for (const own of [
      'EXPORTCANARY-Vorname',
      'EXPORTCANARY-Rollstuhl',
      'EXPORTCANARY-Fragebogen',
      'EXPORTCANARY-Mitfahrt',
    ])
      expect(text).toContain(own)
    // …and nothing that identifies the other people in those rows.
    expect(text).not.toContain(p.other.id)
    expect(text).not.toContain(p.otherMember)
    expect(text).not.toContain('jemand@example.org')
    expect(text).not.toContain('Hilfst du uns beim Stand?')
    expect(data.tables.volunteer_requests!.rows[0]).toMatchObject({ asked_by_id: OTHER_PERSON })
    expect(data.tables.volunteer_requests!.actedOn).toHaveLength(1)
  })

  test('an account without a membership gets its account; the download is audited with counts only', async () => {
    const user = await buildUser(db())
    const actor = actorFor(user)
    const data = await exportMyData(t.app.deps, actor, 'req-export')
    expect(Object.keys(data.tables)).toEqual(['users'])
    expect(data.person).toEqual({ userId: user.id, memberId: null })
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'privacy.data_exported'), eq(auditEvents.actorUserId, user.id)))
    expect(audit).toMatchObject({
      objectType: 'user',
      objectId: user.id,
      data: { tables: 1 },
      requestId: 'req-export',
    })
  })

  test('a heavy member is exported in well under ten seconds', async () => {
    const p = await buildPersonEverywhere(db(), 'HEAVYCANARY', { scale: 300 })
    const started = performance.now()
    const data = await exportMyData(t.app.deps, actorOf(p))
    const ms = performance.now() - started
    expect(data.tables.event_rsvps!.rows).toHaveLength(300)
    expect(ms).toBeLessThan(10_000)
  })
})

describe('the erasure after the retention period (Art. 17)', () => {
  test('the cutoff counts calendar days in Berlin', () => {
    expect(retentionCutoff(new Date('2026-12-01T10:00:00Z'), 30)).toBe('2026-11-01')
    // 23:30 UTC on 30 November is already 1 December in Berlin.
    expect(retentionCutoff(new Date('2026-11-30T23:30:00Z'), 30)).toBe('2026-11-01')
  })

  test('nothing is touched before the period; after it nothing personal is left, and a second run changes nothing', async () => {
    // The clock stands at 21 November 2026; the member left on 1 November, so 1 December is day 30.
    const p = await buildPersonEverywhere(db(), 'ERASECANARY', { leftOn: '2026-11-01' })
    const ids = { member: p.member.id, user: p.user.id }
    const before = await dumpDatabase()
    expect(tablesHolding(before, 'ERASECANARY').length).toBeGreaterThan(10)

    t.clock.current = new Date('2026-11-30T12:00:00Z')
    expect(await eraseFormerMembers(t.app.deps, config)).toEqual({ erased: 0 })
    expect(await dumpDatabase()).toEqual(before)

    t.clock.current = new Date('2026-12-01T12:00:00Z')
    expect(await eraseFormerMembers(t.app.deps, config)).toEqual({ erased: 1 })
    const after = await dumpDatabase()
    expect(tablesHolding(after, 'ERASECANARY')).toEqual([])
    expect(tablesHolding(after, 'erasecanary')).toEqual([])
    for (const secret of Object.values(secretCanaries))
      expect(tablesHolding(after, `${secret}-ERASECANARY`)).toEqual([])
    expect(await referencesTo(ids, ['delete', 'unlink'])).toEqual({})

    const [tombstone] = await db().select().from(members).where(eq(members.id, p.member.id))
    expect(tombstone).toMatchObject({
      memberNumber: `erased:${p.member.id}`,
      memberNumberHash: memberNumberKey(p.member.memberNumber),
      firstName: '',
      lastName: '',
      email: null,
      phone: null,
      postalCode: null,
      enteredOn: null,
      leftOn: '2026-11-01',
      homeUnitId: p.home.id,
    })
    const [account] = await db().select().from(users).where(eq(users.id, p.user.id))
    expect(account).toMatchObject({
      email: `erased-${p.user.id}@erased.invalid`,
      passwordHash: null,
      emailVerifiedAt: null,
    })
    expect(account!.deactivatedAt).not.toBeNull()
    // Counts survive: the RSVP and the shift sign-up stay, pseudonymised.
    const kept = await referencesTo(ids, ['keep'])
    expect(kept).toMatchObject({
      'event_rsvps.user_id': 1,
      'help_signups.member_id': 1,
      'onboarding_pipelines.member_id': 1,
      'campaign_targets.member_id': 1,
      'campaign_calls.member_id': 1,
    })

    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'privacy.member_erased'), eq(auditEvents.objectId, p.member.id)))
    expect(audit?.data).toMatchObject({ account: 'pseudonymised', accountId: p.user.id })
    expect(JSON.stringify(audit?.data)).not.toMatch(/canary/i)

    t.clock.advance(365 * DAY)
    expect(await eraseFormerMembers(t.app.deps, config)).toEqual({ erased: 0 })
    expect(await dumpDatabase()).toEqual(after)
  })

  test('a run interrupted in the middle of a batch leaves no member half erased, and the next run finishes', async () => {
    t.clock.current = new Date('2027-06-01T12:00:00Z')
    const first = await buildPersonEverywhere(db(), 'FIRSTCANARY', { leftOn: '2027-01-01' })
    const second = await buildPersonEverywhere(db(), 'SECONDCANARY', { leftOn: '2027-01-02' })
    // The database itself refuses to let go of the second member's ride, after the first was erased in the same batch.
    await db().execute(
      sql.raw(`create function privacy_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'interrupted'; end $$`),
    )
    await db().execute(
      sql.raw(`create trigger privacy_test_fail before delete on help_travel for each row
        when (old.member_id = '${second.member.id}') execute function privacy_test_fail()`),
    )
    const before = await dumpDatabase()
    await expect(eraseFormerMembers(t.app.deps, config, 10)).rejects.toThrow(/help_travel/)
    const interrupted = await dumpDatabase()
    expect(interrupted).toEqual(before)
    expect(tablesHolding(interrupted, 'FIRSTCANARY').length).toBeGreaterThan(10)
    const [firstRow] = await db().select().from(members).where(eq(members.id, first.member.id))
    expect(firstRow).toMatchObject({ erasedAt: null, firstName: 'FIRSTCANARY-Vorname' })

    await db().execute(sql.raw('drop trigger privacy_test_fail on help_travel'))
    expect(await eraseFormerMembers(t.app.deps, config, 1)).toEqual({ erased: 2 })
    const done = await dumpDatabase()
    expect(tablesHolding(done, 'FIRSTCANARY')).toEqual([])
    expect(tablesHolding(done, 'SECONDCANARY')).toEqual([])
  })

  test('an account that still holds a role is only unlinked; its own rows stay', async () => {
    t.clock.current = new Date('2027-06-01T12:00:00Z')
    const p = await buildPersonEverywhere(db(), 'STAFFCANARY', { leftOn: '2027-01-01' })
    await db().insert(roleGrants).values({ userId: p.user.id, unitId: p.home.id, role: 'admin' })
    await eraseFormerMembers(t.app.deps, config)
    const [account] = await db().select().from(users).where(eq(users.id, p.user.id))
    expect(account).toMatchObject({
      memberId: null,
      email: 'staffcanary-account@example.org',
      deactivatedAt: null,
    })
    const dump = await dumpDatabase()
    expect(tablesHolding(dump, 'STAFFCANARY-Vorname')).toEqual([])
    expect(tablesHolding(dump, 'STAFFCANARY-Rollstuhl')).toEqual(['event_rsvps'])
    expect(await referencesTo({ member: p.member.id, user: null }, ['delete', 'unlink'])).toEqual({})
  })

  test('a re-import of an old file does not bring an erased member back; a new membership under the number does', async () => {
    t.clock.current = new Date('2027-06-01T12:00:00Z')
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const p = await buildPersonEverywhere(db(), 'IMPORTCANARY', { leftOn: '2027-01-01', state })
    await eraseFormerMembers(t.app.deps, config)
    const admin = await buildUser(db())
    const actor = actorFor(admin, [['admin', federal]])
    const csv = (enteredOn: string, leftOn: string) =>
      `Mitgliedsnummer;Vorname;Nachname;KV;Eintrittsdatum;Austrittsdatum\n${p.member.memberNumber};IMPORTCANARY;Alt;${p.home.name};${enteredOn};${leftOn}\n`
    const old = await importMembers(t.app.deps, actor, {
      csv: csv('2020-01-15', '2027-01-01'),
      fileName: 'alt.csv',
      mode: 'all-or-nothing',
    })
    expect(old).toMatchObject({ kind: 'imported', inserted: 0, updated: 0, erased: 1, rowsTotal: 1 })
    expect(tablesHolding(await dumpDatabase(), 'IMPORTCANARY')).toEqual([])

    const rejoined = await importMembers(t.app.deps, actor, {
      csv: csv('2027-05-01', ''),
      fileName: 'neu.csv',
      mode: 'all-or-nothing',
    })
    expect(rejoined).toMatchObject({ kind: 'imported', inserted: 1, erased: 0 })
    const rows = await db().select().from(members).where(eq(members.memberNumber, p.member.memberNumber))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ firstName: 'IMPORTCANARY', enteredOn: '2027-05-01', erasedAt: null })
    expect(rows[0]!.id).not.toBe(p.member.id)
  })
})

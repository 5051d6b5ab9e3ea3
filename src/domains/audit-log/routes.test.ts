import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { sealAuditTrail } from '../../platform/audit/chain.js'
import { recordAudit } from '../../platform/audit/record.js'
import { auditChecks, auditEvents, auditSeals } from '../../platform/audit/tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

async function get(cookie: string | undefined, url: string) {
  return t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
}

describe('GET /admin/audit', () => {
  test('only admins may read it', async () => {
    const district = await buildDistrict(db())
    const board = await buildUser(db(), { roles: [['board', district]] })
    const office = await buildUser(db(), { roles: [['federal_office', await buildFederation(db())]] })
    expect((await get((await sessionFor(db(), board)).cookie, '/admin/audit')).statusCode).toBe(403)
    expect((await get((await sessionFor(db(), office)).cookie, '/admin/audit')).statusCode).toBe(403)
    expect((await get(undefined, '/admin/audit')).statusCode).toBe(303)
  })

  test('shows time, actor, acting role, unit, action and object, newest first', async () => {
    const federal = await buildFederation(db())
    const district = await buildDistrict(db(), await buildState(db(), federal))
    const admin = await buildUser(db(), { roles: [['admin', federal]] })
    const session = await sessionFor(db(), admin)
    const actor = {
      userId: admin.id,
      sessionId: 's',
      email: admin.email,
      displayName: 'Admin',
      memberId: null,
      homeUnitId: null,
      grants: [{ role: 'admin' as const, unitId: federal.id, unitPath: federal.path }],
    }
    await recordAudit(db(), actor, {
      action: 'test.first_thing',
      unit: district,
      object: { type: 'widget', id: 'w-1' },
    })
    await recordAudit(db(), actor, {
      action: 'test.second_thing',
      unit: district,
      object: { type: 'widget', id: 'w-2' },
    })
    const res = await get(
      session.cookie,
      `/admin/audit?action=test.&actor=${encodeURIComponent(admin.email)}`,
    )
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(admin.email)
    expect(res.body).toContain('Administration')
    expect(res.body).toContain(district.name)
    expect(res.body).toContain('w-1')
    expect(res.body.indexOf('test.second_thing')).toBeLessThan(res.body.indexOf('test.first_thing'))
  })

  test('filters by action prefix and by actor e-mail', async () => {
    const federal = await buildFederation(db())
    const admin = await buildUser(db(), { roles: [['admin', federal]] })
    const other = await buildUser(db())
    await db()
      .insert(auditEvents)
      .values([
        { action: 'filter.kept', objectType: 'x', actorUserId: admin.id, actingRole: 'admin' },
        { action: 'filter.other_actor', objectType: 'x', actorUserId: other.id, actingRole: 'none' },
        { action: 'elsewhere.dropped', objectType: 'x', actorUserId: admin.id, actingRole: 'admin' },
      ])
    const session = await sessionFor(db(), admin)
    const res = await get(
      session.cookie,
      `/admin/audit?action=filter.&actor=${encodeURIComponent(admin.email)}`,
    )
    expect(res.body).toContain('filter.kept')
    expect(res.body).not.toContain('filter.other_actor')
    expect(res.body).not.toContain('elsewhere.dropped')
  })

  test('pages by 50, with a link to the next page', async () => {
    const federal = await buildFederation(db())
    const admin = await buildUser(db(), { roles: [['admin', federal]] })
    const prefix = `paging${federal.id.slice(0, 8)}.`
    await db()
      .insert(auditEvents)
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          action: `${prefix}n${String(i).padStart(2, '0')}`,
          objectType: 'x',
          at: new Date(Date.UTC(2026, 0, 1, 0, i)),
        })),
      )
    const session = await sessionFor(db(), admin)
    const first = await get(session.cookie, `/admin/audit?action=${prefix}`)
    expect(first.body.match(new RegExp(`${prefix}n\\d\\d`, 'g'))).toHaveLength(50)
    expect(first.body).toContain(`${prefix}n54`)
    expect(first.body).toContain('rel="next"')
    const second = await get(session.cookie, `/admin/audit?action=${prefix}&page=2`)
    expect(second.body.match(new RegExp(`${prefix}n\\d\\d`, 'g'))).toHaveLength(5)
    expect(second.body).toContain(`${prefix}n00`)
    expect(second.body).not.toContain('rel="next"')
  })

  test('an admin of a state reads only the rows on units in that state', async () => {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const inside = await buildDistrict(db(), state)
    const outside = await buildDistrict(db(), await buildState(db(), federal))
    const stateAdmin = await buildUser(db(), { roles: [['admin', state]] })
    const tag = `scope${state.id.slice(0, 8)}.`
    await db()
      .insert(auditEvents)
      .values([
        { action: `${tag}inside`, objectType: 'x', unitId: inside.id },
        { action: `${tag}outside`, objectType: 'x', unitId: outside.id },
        { action: `${tag}nowhere`, objectType: 'x' },
      ])
    const res = await get((await sessionFor(db(), stateAdmin)).cookie, `/admin/audit?action=${tag}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`${tag}inside`)
    expect(res.body).not.toContain(`${tag}outside`)
    expect(res.body).not.toContain(`${tag}nowhere`)
  })
})

describe('the state of the hash chain', () => {
  // A database of its own: these tests break the chain on purpose.
  let c: TestApp
  beforeAll(async () => {
    c = await buildTestApp()
  })
  afterAll(() => c.close())

  const page = async (s: Session) =>
    (await c.app.inject({ method: 'GET', url: '/admin/audit', headers: s.headers })).body
  const verify = (s: Session) =>
    c.app.inject({
      method: 'POST',
      url: '/admin/audit/verify',
      ...form({ _csrf: s.csrf }),
      headers: { ...form({}).headers, cookie: s.cookie },
    })

  test('shows how far the chain reaches; an admin of the federation checks it, finds it intact, then broken', async () => {
    const cdb = c.database.db
    const federal = await buildFederation(cdb)
    const admin = await sessionFor(cdb, await buildUser(cdb, { roles: [['admin', federal]] }))
    const stateAdmin = await sessionFor(
      cdb,
      await buildUser(cdb, { roles: [['admin', await buildState(cdb, federal)]] }),
    )
    expect(await page(admin)).toContain('Noch kein Eintrag in die Kette aufgenommen.')
    expect(await page(admin)).toContain('Noch nicht geprüft.')

    await recordAudit(cdb, undefined, { action: 'chain.first', object: { type: 'x' } })
    await recordAudit(cdb, undefined, { action: 'chain.second', object: { type: 'x' } })
    const sealed = await sealAuditTrail(cdb)
    if (sealed.status !== 'sealed' || !sealed.head) throw new Error('not sealed')
    await recordAudit(cdb, undefined, { action: 'chain.pending', object: { type: 'x' } })
    const before = await page(admin)
    expect(before).toContain(`In die Kette aufgenommen bis Eintrag Nr. ${sealed.head.seq}, zuletzt am`)
    expect(before).toContain('Noch nicht aufgenommen: 1.')
    expect(before).toContain(sealed.head.hash)
    expect(before).toContain('action="/admin/audit/verify"')
    expect(await page(stateAdmin)).not.toContain('action="/admin/audit/verify"')
    expect((await verify(stateAdmin)).statusCode).toBe(403)
    expect(await cdb.select().from(auditChecks)).toHaveLength(0)

    const intact = await verify(admin)
    expect(intact.statusCode).toBe(303)
    expect(intact.headers.location).toBe('/admin/audit')
    expect(String(intact.headers['set-cookie'])).toContain('auditLog.flash.intact')
    expect(await page(admin)).toMatch(
      new RegExp(`Zuletzt geprüft am [^<]+?: unversehrt bis Eintrag Nr. ${sealed.head.seq} \\(2 Einträge\\)`),
    )
    const [recorded] = await cdb.select().from(auditEvents).where(eq(auditEvents.action, 'audit.verified'))
    expect(recorded).toMatchObject({
      actingRole: 'admin',
      data: { ok: true, rows: 2, upTo: sealed.head.seq },
    })

    await cdb.execute(sql`alter table audit_seals disable trigger audit_seals_append_only`)
    await cdb.delete(auditSeals).where(eq(auditSeals.seq, sealed.head.seq))
    await cdb.execute(sql`alter table audit_seals enable trigger audit_seals_append_only`)
    const broken = await verify(admin)
    expect(String(broken.headers['set-cookie'])).toContain('auditLog.flash.broken')
    const after = await page(admin)
    expect(after).toContain('Die Kette ist bei Eintrag Nr.')
    expect(after).toContain('Der Eintrag wurde nachträglich eingefügt, oder sein Kettenglied wurde gelöscht.')
  })
})

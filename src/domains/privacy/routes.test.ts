import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import { buildDistrict, buildUser, sessionFor } from '../../../test/support/factories.js'
import { buildPersonEverywhere, secretCanaries } from '../../../test/support/person-everywhere.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { collectPersonalData, type PersonalDataExport, summarise } from './service/index.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

describe('My data', () => {
  test('the account page links to it; the page lists the categories with their counts', async () => {
    const p = await buildPersonEverywhere(db(), 'ROUTECANARY')
    const session = await sessionFor(db(), { id: p.user.id, email: '', password: '', memberId: p.member.id })
    const account = await t.app.inject({ url: '/account', headers: session.headers })
    expect(account.body).toContain('href="/account/data"')

    const page = await t.app.inject({ url: '/account/data', headers: session.headers })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1>Meine Daten</h1>')
    expect(page.body).toContain('<th scope="row">Mitmachen (Freiwilligen-Pool)</th>')
    const data = await collectPersonalData(db(), { user: p.user.id, member: p.member.id }, t.clock.now())
    for (const c of summarise(data)) {
      expect(c.entries, c.category).toBeGreaterThan(0)
      const row = new RegExp(
        `data-category="${c.category}"><th scope="row">[^<]+</th><td class="num">(\\d+)</td>`,
      )
      expect(row.exec(page.body)?.[1], c.category).toBe(String(c.entries))
    }
    expect(page.body).toContain('href="/account/data.json"')
    expect(page.body).toContain('nach 30 Tagen')
    // Looking at the summary is not recorded; the download is.
    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'privacy.data_exported'), eq(auditEvents.actorUserId, p.user.id)))
    expect(audited).toHaveLength(0)
  })

  test('the download is one JSON file with every table, without secrets, and is audited', async () => {
    const p = await buildPersonEverywhere(db(), 'JSONCANARY')
    const session = await sessionFor(db(), { id: p.user.id, email: '', password: '', memberId: p.member.id })
    const res = await t.app.inject({ url: '/account/data.json', headers: session.headers })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('attachment; filename="meine-daten-2026-11-21.json"')
    expect(res.headers['cache-control']).toContain('no-store')
    for (const secret of Object.values(secretCanaries)) expect(res.body).not.toContain(secret)
    const data = JSON.parse(res.body) as PersonalDataExport
    expect(data.person).toEqual({ userId: p.user.id, memberId: p.member.id })
    expect(data.tables.members!.rows[0]).toMatchObject({ first_name: 'JSONCANARY-Vorname' })
    const audited = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'privacy.data_exported'), eq(auditEvents.actorUserId, p.user.id)))
    expect(audited).toHaveLength(1)
    expect(JSON.stringify(audited[0]!.data)).not.toContain('JSONCANARY')
  })

  test('in English, for an account without a membership', async () => {
    const user = await buildUser(db(), { roles: [['board', await buildDistrict(db())]] })
    const session = await sessionFor(db(), user)
    const page = await t.app.inject({
      url: '/account/data',
      headers: { ...session.headers, 'accept-language': 'en' },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1>My data</h1>')
    expect(page.body).toContain('not linked to a membership')
  })

  test('a visitor without a session is sent to log in and gets no data', async () => {
    for (const url of ['/account/data', '/account/data.json']) {
      const res = await t.app.inject({ url })
      expect(res.statusCode).not.toBe(200)
      expect(res.body).not.toContain('"tables"')
    }
  })
})

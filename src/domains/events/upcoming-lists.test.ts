import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildEvent,
  buildPartnership,
  buildUser,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { orgUnits } from '../org-units/index.js'
import { type EventWithHosts, shownOf } from './service/index.js'
import { eventHosts, events } from './tables.js'

// A KV's event list keeps the unit's upcoming events between requests (UpcomingEventLists) and each card's
// rendering (EventCards). Whatever is kept, every request shows what the database holds when it arrives and
// only what its visitor may see.

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())
const db = () => t.database.db

async function listOf(unitId: string, session: Session, query = '') {
  const res = await t.app.inject({
    url: `/units/${unitId}/events${query}`,
    headers: { cookie: session.cookie },
  })
  expect(res.statusCode).toBe(200)
  return res.body
}

describe('a KV event list read again and again', () => {
  test('a new, changed, cancelled or moved event is on the very next request', async () => {
    const kv = await buildDistrict(db())
    const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
    const first = await buildEvent(db(), [kv], { title: 'Erstes Treffen', audience: 'own_members' })
    expect(await listOf(kv.id, member)).toContain('Erstes Treffen')
    expect(await listOf(kv.id, member)).toContain('Erstes Treffen')

    const second = await buildEvent(db(), [kv], { title: 'Zweites Treffen', audience: 'own_members' })
    const afterInsert = await listOf(kv.id, member)
    expect(afterInsert).toContain('Erstes Treffen')
    expect(afterInsert).toContain('Zweites Treffen')

    await db()
      .update(events)
      .set({ title: 'Erstes Treffen (verlegt)', venueName: 'Bürgerhaus' })
      .where(eq(events.id, first.id))
    const afterEdit = await listOf(kv.id, member)
    expect(afterEdit).toContain('Erstes Treffen (verlegt)')
    expect(afterEdit).toContain('Bürgerhaus')

    await db().update(events).set({ status: 'cancelled' }).where(eq(events.id, second.id))
    expect(await listOf(kv.id, member)).toMatch(/Zweites Treffen/)
    expect(await listOf(kv.id, member)).toMatch(/abgesagt|Abgesagt|cancelled/i)

    const other = await buildDistrict(db())
    await db().update(eventHosts).set({ unitId: other.id }).where(eq(eventHosts.eventId, second.id))
    expect(await listOf(kv.id, member)).not.toContain('Zweites Treffen')
  })

  test("a renamed host KV's name is on the next request", async () => {
    const kv = await buildDistrict(db(), undefined, 'KV Altname')
    const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
    await buildEvent(db(), [kv], { title: 'Sommerfest', audience: 'own_members' })
    expect(await listOf(kv.id, member)).toContain('KV Altname')
    await db().update(orgUnits).set({ name: 'KV Neuname' }).where(eq(orgUnits.id, kv.id))
    const page = await listOf(kv.id, member)
    expect(page).toContain('KV Neuname')
    expect(page).not.toContain('KV Altname')
  })

  test('an event that has ended leaves the list when the clock passes its end, without any write', async () => {
    const kv = await buildDistrict(db())
    const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
    const now = t.clock.now().getTime()
    await buildEvent(db(), [kv], {
      title: 'Frühschoppen',
      startsAt: new Date(now + 3_600_000),
      endsAt: new Date(now + 7_200_000),
    })
    await buildEvent(db(), [kv], {
      title: 'Abendrunde',
      startsAt: new Date(now + 86_400_000),
      endsAt: new Date(now + 90_000_000),
    })
    expect(await listOf(kv.id, member)).toContain('Frühschoppen')
    t.clock.advance(7_200_000 + 1000)
    try {
      const later = await listOf(kv.id, member)
      expect(later).not.toContain('Frühschoppen')
      expect(later).toContain('Abendrunde')
    } finally {
      t.clock.advance(-(7_200_000 + 1000))
    }
  })

  test('what one visitor may see is never shown to another: the kept list is filtered per request', async () => {
    const { unitA: kv, unitB: partner } = await buildPartnership(db(), { status: 'active' })
    await buildEvent(db(), [kv], { title: 'Nur für Mitglieder', audience: 'own_members' })
    await buildEvent(db(), [kv], { title: 'Für Partner', audience: 'partner_members' })
    await buildEvent(db(), [kv], { title: 'Für alle', audience: 'public' })
    await buildEvent(db(), [kv], { title: 'Entwurf des Vorstands', audience: 'own_members', status: 'draft' })
    const own = await sessionFor(db(), await buildUser(db(), { member: kv }))
    const fromPartner = await sessionFor(db(), await buildUser(db(), { member: partner }))
    const board = await sessionFor(db(), await buildUser(db(), { member: kv, roles: [['board', kv]] }))
    const visitor = anonymousVisitor()

    for (let round = 0; round < 2; round++) {
      const ofBoard = await listOf(kv.id, board)
      expect(ofBoard).toContain('Entwurf des Vorstands')
      const ofMember = await listOf(kv.id, own)
      expect(ofMember).toContain('Nur für Mitglieder')
      expect(ofMember).not.toContain('Entwurf des Vorstands')
      const ofPartner = await listOf(kv.id, fromPartner)
      expect(ofPartner).toContain('Für Partner')
      expect(ofPartner).not.toContain('Nur für Mitglieder')
      const ofVisitor = await listOf(kv.id, visitor)
      expect(ofVisitor).toContain('Für alle')
      expect(ofVisitor).not.toContain('Für Partner')
      expect(ofVisitor).not.toContain('Nur für Mitglieder')
    }
  })

  test('cards are kept per language: the English page is English', async () => {
    const kv = await buildDistrict(db())
    const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
    await buildEvent(db(), [kv], { title: 'Infostand', type: 'infostand', audience: 'own_members' })
    const de = await listOf(kv.id, member)
    const en = await t.app.inject({
      url: `/units/${kv.id}/events`,
      headers: { cookie: `${member.cookie}; bs_lang=en`, 'accept-language': 'en' },
    })
    expect(de).toContain('Gastgeber:')
    expect(en.body).toContain('Hosted by')
    expect(en.body).not.toContain('Gastgeber:')
  })
})

describe('the events shown of a kept list', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => ({ i }) as unknown as EventWithHosts)
  const index = (e: EventWithHosts) => (e as unknown as { i: number }).i

  test('who is shown the same events of a kept list gets the same frozen array, another choice another', () => {
    const kept = Object.freeze(list(4))
    const odd = shownOf(kept, (e) => index(e) % 2 === 1)
    expect(odd.map(index)).toEqual([1, 3])
    expect(Object.isFrozen(odd)).toBe(true)
    expect(shownOf(kept, (e) => index(e) % 2 === 1)).toBe(odd)
    const even = shownOf(kept, (e) => index(e) % 2 === 0)
    expect(even.map(index)).toEqual([0, 2])
    expect(even).not.toBe(odd)
    expect(shownOf(kept, () => true)).toBe(kept)
  })

  test('a list that is not kept gives a new array each time, never frozen', () => {
    const fresh = list(3)
    const first = shownOf(fresh, () => true)
    expect(first).not.toBe(fresh)
    expect(Object.isFrozen(first)).toBe(false)
    expect(shownOf(fresh, () => true)).not.toBe(first)
  })
})

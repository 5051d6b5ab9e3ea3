// The rules the fast pages must keep (issue 16): who is asking is read on every request, counts are
// read when the page is asked for, and no member's answer reaches another. Each through HTTP, on the
// pages that read their data in one prepared query.

import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { members } from '../../src/domains/members/index.js'
import { roleGrants } from '../../src/domains/org-units/index.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildHelpRequest,
  buildPartnership,
  buildState,
  buildUser,
  postForm,
  type Session,
  sessionFor,
} from '../support/factories.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

const get = (session: Session | undefined, url: string) =>
  t.app.inject({ method: 'GET', url, headers: session ? session.headers : {} })

const post = (session: Session, url: string, fields: Record<string, string> = {}) =>
  postForm(t.app, session, url, fields)

const upcoming = { startsAt: new Date('2026-12-01T18:00:00Z'), endsAt: new Date('2026-12-01T20:00:00Z') }

describe('who is asking is read on every request', () => {
  test('an ended session is refused on its very next request', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const session = await sessionFor(db(), await buildUser(db(), { member: district }))
    expect((await get(session, '/help')).statusCode).toBe(200)
    expect((await post(session, '/logout')).statusCode).toBe(303)
    const after = await get(session, '/help')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toMatch(/^\/login/)
  })

  test('a member who left no longer sees the KV’s members-only events on the next request', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const user = await buildUser(db(), { member: district })
    const event = await buildEvent(db(), [district], { ...upcoming, audience: 'own_members' })
    const session = await sessionFor(db(), user)
    expect((await get(session, `/events/${event.id}`)).statusCode).toBe(200)
    expect((await get(session, `/units/${district.id}/events`)).body).toContain(event.title)
    await db().update(members).set({ leftOn: '2026-11-20' }).where(eq(members.id, user.memberId!))
    expect((await get(session, `/events/${event.id}`)).statusCode).toBe(404)
    expect((await get(session, `/units/${district.id}/events`)).body).not.toContain(event.title)
  })
})

describe('counts are read when the page is asked for', () => {
  test('an RSVP is counted on the very next page, for the member and for everyone else', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const event = await buildEvent(db(), [district], { ...upcoming, audience: 'own_members', capacity: 10 })
    const [first, second] = [
      await sessionFor(db(), await buildUser(db(), { member: district })),
      await sessionFor(db(), await buildUser(db(), { member: district })),
    ]
    expect((await get(second, `/events/${event.id}`)).body).toContain('0 von 10 Plätzen vergeben')
    expect((await post(first!, `/events/${event.id}/rsvp`, { participation: 'on_site' })).statusCode).toBe(
      303,
    )
    expect((await get(first!, `/events/${event.id}`)).body).toContain('1 von 10 Plätzen vergeben')
    expect((await get(second, `/events/${event.id}`)).body).toContain('1 von 10 Plätzen vergeben')
  })

  test('a sign-up is counted on the very next page of the request', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { request, shift } = await buildHelpRequest(db(), unitA, { capacity: 3 })
    const helper = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    const other = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    expect((await get(other, `/help/${request.id}`)).body).toContain('0 von 3 belegt')
    expect((await post(helper, `/help/shifts/${shift.id}/signup`)).statusCode).toBe(303)
    expect((await get(other, `/help/${request.id}`)).body).toContain('1 von 3 belegt')
  })
})

describe('no member’s answer reaches another', () => {
  test('two members asking for the same pages one after the other each get their own', async () => {
    const state = await buildState(db(), await buildFederation(db()))
    const [home, elsewhere] = [await buildDistrict(db(), state), await buildDistrict(db(), state)]
    const event = await buildEvent(db(), [home], { ...upcoming, audience: 'own_members', capacity: 5 })
    const insider = await sessionFor(db(), await buildUser(db(), { member: home }))
    const outsider = await sessionFor(db(), await buildUser(db(), { member: elsewhere }))
    expect((await post(insider, `/events/${event.id}/rsvp`, { participation: 'on_site' })).statusCode).toBe(
      303,
    )
    for (let round = 0; round < 2; round++) {
      const mine = await get(insider, `/events/${event.id}`)
      expect(mine.statusCode).toBe(200)
      expect(mine.body).toContain('/rsvp/cancel')
      expect((await get(outsider, `/events/${event.id}`)).statusCode).toBe(404)
      expect((await get(undefined, `/events/${event.id}`)).statusCode).toBe(404)
      expect((await get(insider, `/units/${home.id}/events`)).body).toContain(event.title)
      expect((await get(outsider, `/units/${home.id}/events`)).body).not.toContain(event.title)
      expect((await get(undefined, `/units/${home.id}/events`)).body).not.toContain(event.title)
    }
  })

  test('the site’s header, kept between requests, is each member’s own: their KV, their roles, their token', async () => {
    const state = await buildState(db(), await buildFederation(db()))
    const [home, elsewhere] = [await buildDistrict(db(), state), await buildDistrict(db(), state)]
    const boardMember = await buildUser(db(), { member: home, roles: [['board', home]] })
    const board = await sessionFor(db(), boardMember)
    const member = await sessionFor(db(), await buildUser(db(), { member: home }))
    const outsider = await sessionFor(db(), await buildUser(db(), { member: elsewhere }))
    const header = async (session: Session) => {
      const res = await get(session, '/help')
      expect(res.statusCode).toBe(200)
      return /<header class="site-header">[\s\S]*<\/header>/.exec(res.body)?.[0] ?? ''
    }
    for (let round = 0; round < 2; round++) {
      const ofBoard = await header(board)
      expect(ofBoard).toContain('href="/onboarding"')
      expect(ofBoard).toContain(`name="_csrf" value="${board.csrf}"`)
      const ofMember = await header(member)
      expect(ofMember).toContain(`href="/units/${home.id}/events"`)
      expect(ofMember).not.toContain('href="/onboarding"')
      expect(ofMember).toContain(`name="_csrf" value="${member.csrf}"`)
      const ofOutsider = await header(outsider)
      expect(ofOutsider).toContain(`href="/units/${elsewhere.id}/events"`)
      expect(ofOutsider).not.toContain(home.id)
      expect(ofOutsider).toContain(`name="_csrf" value="${outsider.csrf}"`)
    }
    // A revoked role leaves the header on the very next request.
    await db().update(roleGrants).set({ revokedAt: new Date() }).where(eq(roleGrants.userId, boardMember.id))
    expect(await header(board)).not.toContain('href="/onboarding"')
  })
})

// The pages members open in crowds read who is asking and their data in one or two queries each
// (issue 16): the round trips, not the database's work, were where the time went. This counts the
// queries one request sends, so a change that adds a query to one of these pages shows here.

import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { skills } from '../../src/domains/volunteers/index.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildHelpRequest,
  buildPartnership,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../support/factories.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

/** The driver's client every query of the application goes through outside a transaction. */
const client = () =>
  (db() as unknown as { session: { client: { query: (...args: never[]) => unknown } } }).session.client

/** The queries one GET sends, and its status. */
async function queriesOf(url: string, session?: Session, viaSocket = false) {
  const spy = vi.spyOn(client(), 'query')
  try {
    let status: number
    if (viaSocket) {
      const { port } = t.app.server.address() as AddressInfo
      status = (await fetch(`http://127.0.0.1:${port}${url}`, { redirect: 'manual' })).status
    } else {
      status = (await t.app.inject({ method: 'GET', url, headers: session?.headers ?? {} })).statusCode
    }
    return { status, queries: spy.mock.calls.length }
  } finally {
    spy.mockRestore()
  }
}

const upcoming = { startsAt: new Date('2026-12-01T18:00:00Z'), endsAt: new Date('2026-12-01T20:00:00Z') }

test('a signed-in member’s pages: who is asking and the page’s data in one to three queries', async () => {
  const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
  for (let i = 0; i < 5; i++) await buildEvent(db(), [unitA], { ...upcoming, audience: 'own_members' })
  const event = await buildEvent(db(), [unitA], { ...upcoming, audience: 'own_members', capacity: 10 })
  const { request, shift } = await buildHelpRequest(db(), unitA, { capacity: 4 })
  const member = await sessionFor(db(), await buildUser(db(), { member: unitA }))
  const partner = await sessionFor(db(), await buildUser(db(), { member: unitB }))
  const rsvp = await t.app.inject({
    method: 'POST',
    url: `/events/${event.id}/rsvp`,
    ...form({ _csrf: member.csrf, participation: 'on_site' }),
    headers: { ...form({}).headers, cookie: member.cookie },
  })
  expect(rsvp.statusCode).toBe(303)
  const signup = await t.app.inject({
    method: 'POST',
    url: `/help/shifts/${shift.id}/signup`,
    ...form({ _csrf: partner.csrf }),
    headers: { ...form({}).headers, cookie: partner.cookie },
  })
  expect(signup.statusCode).toBe(303)

  const budgets: [string, string, Session, number][] = [
    ['the KV’s event list', `/units/${unitA.id}/events`, member, 3],
    ['an event page with the member’s RSVP', `/events/${event.id}`, member, 2],
    ['a help request, for a member of a partner KV signed up for a shift', `/help/${request.id}`, partner, 3],
    ['the home page', '/', member, 2],
  ]
  for (const [page, url, session, budget] of budgets) {
    const { status, queries } = await queriesOf(url, session)
    expect(status, page).toBe(200)
    expect(queries, page).toBeGreaterThan(0)
    expect(queries, page).toBeLessThanOrEqual(budget)
  }
})

test('a volunteer search: who is asking, then the form, the search, the hits’ skills and the audit row in one', async () => {
  const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
  const coordinator = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', district]] }))
  const [skill] = await db().select().from(skills).limit(1)
  for (const url of [
    `/volunteers/search?unit=${district.id}&skill=${skill!.id}&plz=10115&km=50`,
    `/volunteers/search?unit=${district.id}&skill=${skill!.id}`,
    `/volunteers/search?unit=${district.id}`,
    '/volunteers/search',
  ]) {
    const { status, queries } = await queriesOf(url, coordinator)
    expect(status, url).toBe(200)
    expect(queries, url).toBeLessThanOrEqual(2)
  }
})

test('a KV’s public page and a public event page, once kept: one query, to see they are current', async () => {
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
  const event = await buildEvent(db(), [district], { ...upcoming, capacity: 10 })
  for (const url of [`/units/${district.id}`, `/events/${event.id}`]) {
    expect((await queriesOf(url, undefined, true)).status, url).toBe(200)
    expect(await queriesOf(url, undefined, true), url).toEqual({ status: 200, queries: 1 })
  }
})

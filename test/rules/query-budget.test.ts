// The pages members open in crowds read who is asking and their data in one or two queries each
// (issue 16): the round trips, not the database's work, were where the time went. This counts the
// queries one request sends, so a change that adds a query to one of these pages shows here.

import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { surveys, surveyVersions } from '../../src/domains/surveys/tables.js'
import { skills } from '../../src/domains/volunteers/index.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildHelpRequest,
  buildMember,
  buildPartnership,
  buildState,
  buildUser,
  callingHoursFields,
  form,
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

/** The driver's client every query of the application goes through outside a transaction. */
const client = () =>
  (db() as unknown as { session: { client: { query: (...args: never[]) => unknown } } }).session.client

/** The queries one GET (or a form's POST) sends, and its status. */
async function queriesOf(url: string, session?: Session, viaSocket = false, post = false) {
  const spy = vi.spyOn(client(), 'query')
  try {
    let status: number
    if (viaSocket) {
      const { port } = t.app.server.address() as AddressInfo
      status = (await fetch(`http://127.0.0.1:${port}${url}`, { redirect: 'manual' })).status
    } else if (post && session) {
      status = (await postForm(t.app, session, url)).statusCode
    } else {
      status = (await t.app.inject({ method: 'GET', url, headers: session?.headers ?? {} })).statusCode
    }
    return { status, queries: spy.mock.calls.length }
  } finally {
    spy.mockRestore()
  }
}

/**
 * Runs `run` and answers whether it opened a transaction, whose queries `queriesOf` does not see: on PGlite its
 * `transaction`, on PostgreSQL a `begin` on any of the pool's connections.
 */
async function opensTransaction(run: () => Promise<unknown>) {
  const onPglite = t.database.kind === 'pglite'
  const spy = onPglite
    ? vi.spyOn(client() as unknown as { transaction: () => unknown }, 'transaction')
    : vi.spyOn(pg.Client.prototype, 'query')
  try {
    await run()
    return onPglite
      ? spy.mock.calls.length > 0
      : spy.mock.calls.some((args) => {
          const q = (args as unknown[])[0]
          return /^\s*begin\b/i.test(
            typeof q === 'string' ? q : String((q as { text?: string } | undefined)?.text),
          )
        })
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
    ['a help request, for a member of a partner KV signed up for a shift', `/help/${request.id}`, partner, 2],
    ['the home page', '/', member, 2],
  ]
  for (const [page, url, session, budget] of budgets) {
    const { status, queries } = await queriesOf(url, session)
    expect(status, page).toBe(200)
    expect(queries, page).toBeGreaterThan(0)
    expect(queries, page).toBeLessThanOrEqual(budget)
  }
})

test('a sign-up for a shift: who is asking, what the sign-up needs to know, then one statement without a transaction around it', async () => {
  const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
  // A coordinator of the asking KV takes a mail per sign-up: the statement queues it too.
  await buildUser(db(), { roles: [['coordinator', unitA]] })
  const { shift } = await buildHelpRequest(db(), unitA, { capacity: 1 })
  for (const expected of ['confirmed', 'waitlisted']) {
    const helper = await sessionFor(db(), await buildUser(db(), { member: unitB }))
    let answer: { status: number; queries: number } | undefined
    const transaction = await opensTransaction(async () => {
      answer = await queriesOf(`/help/shifts/${shift.id}/signup`, helper, false, true)
    })
    expect(answer!.status, expected).toBe(303)
    expect(answer!.queries, expected).toBeLessThanOrEqual(3)
    expect(transaction, expected).toBe(false)
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

test('a caller’s "next person": who is asking, then one statement that claims, audits and reads the desk', async () => {
  const state = await buildState(db(), await buildFederation(db()))
  const kv = await buildDistrict(db(), state)
  for (let i = 0; i < 3; i++) await buildMember(db(), kv, { phone: `030 77 ${i}` })
  const office = await sessionFor(
    db(),
    await buildUser(db(), { member: kv, roles: [['state_office', state]] }),
  )
  const callerUser = await buildUser(db(), { member: kv })
  const caller = await sessionFor(db(), callerUser)
  const [survey] = await db()
    .insert(surveys)
    .values({ unitId: state.id, title: 'Befragung', anonymous: false, status: 'open', createdAt: new Date() })
    .returning()
  await db()
    .insert(surveyVersions)
    .values({ surveyId: survey!.id, number: 1, questionnaire: { questions: [] }, createdAt: new Date() })
  const post = (session: Session, url: string, fields: Record<string, string> = {}) =>
    postForm(t.app, session, url, fields)
  const created = await post(office, `/surveys/${survey!.id}/campaigns`, {
    name: 'Herbst',
    script: 'Hallo',
    ...callingHoursFields(),
  })
  const id = created.headers.location!.split('/').pop()!
  expect((await post(office, `/campaigns/${id}/callers`, { email: callerUser.email })).statusCode).toBe(303)
  // The spy sees a use case's transaction: confirming the note is one.
  expect(await opensTransaction(() => post(caller, `/campaigns/${id}/confirm`))).toBe(true)

  let next: { status: number; queries: number } | undefined
  expect(
    await opensTransaction(
      async () => (next = await queriesOf(`/campaigns/${id}/next`, caller, false, true)),
    ),
  ).toBe(false)
  expect(next).toEqual({ status: 200, queries: 2 })
  let desk: { status: number; queries: number } | undefined
  expect(await opensTransaction(async () => (desk = await queriesOf(`/campaigns/${id}/call`, caller)))).toBe(
    false,
  )
  expect(desk).toEqual({ status: 200, queries: 2 })
})

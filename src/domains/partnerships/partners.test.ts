import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildHelpRequest,
  buildUser,
  form,
  insertPartnershipRow,
  sessionFor,
} from '../../../test/support/factories.js'
import { members } from '../members/index.js'
import { CURRENT_CONSENT_VERSION, skills } from '../volunteers/index.js'
import { countsAsPartner, type PartnershipStatus, partnershipStatuses } from './index.js'

/**
 * Who counts as a partner, once for the whole platform: only a partnership both sides agreed to that is
 * agreed or active (not dormant, not ended). A proposal is one side's wish; the asked side has not said yes.
 */
const expected: Record<PartnershipStatus, boolean> = {
  proposed: false,
  agreed: true,
  active: true,
  dormant: false,
  ended: false,
  declined: false,
}

test.each(partnershipStatuses)('the rule: a partnership that is %s counts as one', (status) => {
  expect(countsAsPartner(status)).toBe(expected[status])
})

describe('every domain that opens something to partner KVs follows the rule', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())
  const db = () => t.database.db

  // A proposes to B (A is the proposing side, B the asked side); each side's people look at the other's.
  test.each(partnershipStatuses)('%s', async (status) => {
    const a = await buildDistrict(db())
    const b = await buildDistrict(db())
    await insertPartnershipRow(db(), a, b, { status })
    const memberA = await sessionFor(db(), await buildUser(db(), { member: a }))
    const coordinatorA = await sessionFor(db(), await buildUser(db(), { roles: [['coordinator', a]] }))

    // Events for the partners' members.
    const event = await buildEvent(db(), [b], { audience: 'partner_members' })
    const eventPage = await t.app.inject({ url: `/events/${event.id}`, headers: memberA.headers })
    expect(eventPage.statusCode, 'event').toBe(expected[status] ? 200 : 404)

    // Help requests open to the partners.
    const { request } = await buildHelpRequest(db(), b, { visibility: 'partners' })
    const helpPage = await t.app.inject({ url: `/help/${request.id}`, headers: memberA.headers })
    expect(helpPage.statusCode, 'help request').toBe(expected[status] ? 200 : 404)

    // The volunteer pool: a member of B who chose "my KV and its partner KVs".
    const volunteer = await buildUser(db(), { member: b })
    const firstName = `Partnerprobe${status}`
    await db().update(members).set({ firstName }).where(eq(members.id, volunteer.memberId!))
    const session = await sessionFor(db(), volunteer)
    const [skill] = await db().select().from(skills).limit(1)
    const saved = await t.app.inject({
      method: 'POST',
      url: '/volunteers/profile',
      ...form({
        _csrf: session.csrf,
        skillIds: skill!.id,
        hoursPerMonth: '4',
        reach: 'everywhere',
        scope: 'partners',
        consentVersion: CURRENT_CONSENT_VERSION,
        consent: 'on',
      }),
      headers: { ...form({}).headers, cookie: session.cookie },
    })
    expect(saved.statusCode).toBe(303)
    const found = await t.app.inject({
      url: `/volunteers/search?unit=${a.id}`,
      headers: coordinatorA.headers,
    })
    expect(found.statusCode).toBe(200)
    expect(found.body.includes(firstName), 'volunteer pool').toBe(expected[status])
  })
})

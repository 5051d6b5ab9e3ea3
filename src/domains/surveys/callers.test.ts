import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  callingHoursFields,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { campaignCallers, campaignTargets, surveys, surveyVersions } from './tables.js'

/** The owners remove a caller from a campaign: what the caller held goes back, and the campaign is closed to them. */

let t: TestApp
let state: OrgUnit
let office: Session
let otherBoard: Session
let member: Session
let removed: { user: TestUser; session: Session }
let staying: { user: TestUser; session: Session }

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  state = await buildState(db, federation)
  const kv = await buildDistrict(db, state)
  const elsewhere = await buildDistrict(db, await buildState(db, federation))
  office = await sessionFor(db, await buildUser(db, { roles: [['state_office', state]] }))
  otherBoard = await sessionFor(db, await buildUser(db, { member: elsewhere, roles: [['board', elsewhere]] }))
  member = await sessionFor(db, await buildUser(db, { member: kv }))
  const a = await buildUser(db, { member: kv })
  removed = { user: a, session: await sessionFor(db, a) }
  const b = await buildUser(db, { member: kv })
  staying = { user: b, session: await sessionFor(db, b) }
  // The call list: two members with a phone.
  for (const name of ['Anna', 'Bodo']) await buildMember(db, kv, { firstName: name, phone: '030 555 0100' })
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

async function ok(res: Awaited<ReturnType<typeof post>>) {
  expect(res.statusCode, res.body).toBe(303)
  return res
}
/** "Next person" answers with the desk showing the person claimed. */
async function shown(res: Awaited<ReturnType<typeof post>>) {
  expect(res.statusCode, res.body).toBe(200)
  expect(res.body).toContain('Du rufst an:')
  return res
}

async function campaign() {
  const db = t.database.db
  const [survey] = await db
    .insert(surveys)
    .values({
      unitId: state.id,
      title: 'Parteiarbeit',
      anonymous: false,
      status: 'open',
      createdAt: new Date(),
    })
    .returning()
  await db.insert(surveyVersions).values({
    surveyId: survey!.id,
    number: 1,
    createdAt: new Date(),
    questionnaire: {
      questions: [
        {
          key: 'q1',
          kind: 'short_text',
          text: 'Was wünschst du dir?',
          required: false,
          section: null,
          options: [],
          scale: null,
          showIf: null,
        },
      ],
    },
  })
  const res = await ok(
    await post(office, `/surveys/${survey!.id}/campaigns`, {
      name: 'Telefonaktion Winter',
      script: 'Hallo, hier ist der Landesverband.',
      ...callingHoursFields(),
    }),
  )
  return res.headers.location!.split('/').pop()!
}

const targetsOf = (id: string) =>
  t.database.db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, id))

async function addCaller(id: string, c: { user: TestUser; session: Session }) {
  await ok(await post(office, `/campaigns/${id}/callers`, { email: c.user.email }))
  await ok(await post(c.session, `/campaigns/${id}/confirm`))
}

describe('adding a caller', () => {
  test('a refused address goes back to the campaign page with the reason, an address that can be reloaded; nothing added', async () => {
    const id = await campaign()
    const callersOf = () =>
      t.database.db.select().from(campaignCallers).where(eq(campaignCallers.campaignId, id))
    for (const email of [
      '',
      'keine-adresse',
      'niemand@example.org',
      (await buildUser(t.database.db)).email,
    ]) {
      const res = await post(office, `/campaigns/${id}/callers`, { email })
      expect(res.statusCode, res.body).toBe(303)
      expect(res.headers.location).toBe(`/campaigns/${id}`)
      // The page it leads to shows why, once; reloading it shows the page without the message.
      const flash = [res.headers['set-cookie']]
        .flat()
        .find((c) => c?.startsWith('bs_flash='))!
        .split(';')[0]
      const page = await t.app.inject({
        method: 'GET',
        url: res.headers.location!,
        headers: { cookie: `${office.cookie}; ${flash}` },
      })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(
        'Niemand hinzugefügt: Kein Konto eines Mitglieds dieser Gliederung hat die angegebene E-Mail-Adresse.',
      )
      expect((await get(office, res.headers.location!)).body).not.toContain('Niemand hinzugefügt')
    }
    expect(await callersOf()).toEqual([])
    // Anyone but the campaign's owners learns nothing from the form: 404 as for the page.
    expect((await post(otherBoard, `/campaigns/${id}/callers`, { email: 'x' })).statusCode).toBe(404)
    const added = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'campaign.caller_added'), eq(auditEvents.objectId, id)))
    expect(added).toEqual([])
  })
})

describe('removing a caller', () => {
  test('returns their open claim to the pool, frees their call-backs, closes the campaign to them, audited', async () => {
    const db = t.database.db
    const id = await campaign()
    await addCaller(id, removed)
    await addCaller(id, staying)
    const remove = `/campaigns/${id}/callers/${removed.user.id}/remove`

    // The caller asks one person to be called back, then takes the other and leaves the call unfinished.
    await shown(await post(removed.session, `/campaigns/${id}/next`))
    const [first] = (await targetsOf(id)).filter((r) => r.state === 'claimed')
    await ok(
      await post(removed.session, `/campaigns/${id}/calls/${first!.id}`, {
        outcome: 'callback',
        callbackAt: '2026-11-21T19:00',
        note: 'Nach dem Abendessen',
      }),
    )
    await shown(await post(removed.session, `/campaigns/${id}/next`))
    const [second] = (await targetsOf(id)).filter((r) => r.state === 'claimed')
    expect(second!.claimedById).toBe(removed.user.id)
    // Meanwhile nobody is left for the other caller: back to the desk, which says so.
    await ok(await post(staying.session, `/campaigns/${id}/next`))
    expect((await targetsOf(id)).filter((r) => r.claimedById === staying.user.id)).toEqual([])

    // Only the survey's owners may remove: another KV's board does not learn of the campaign, a member is refused.
    expect((await post(otherBoard, remove)).statusCode).toBe(404)
    expect((await post(member, remove)).statusCode).toBe(403)
    // Without the CSRF token nothing happens.
    const forged = await t.app.inject({ method: 'POST', url: remove, headers: { cookie: office.cookie } })
    expect(forged.statusCode).toBe(403)
    expect((await targetsOf(id)).find((r) => r.id === second!.id)!.claimedById).toBe(removed.user.id)

    const page = await get(office, `/campaigns/${id}`)
    expect(page.body).toContain('entfernen</button>')
    const res = await ok(await post(office, remove))
    expect(res.headers.location).toBe(`/campaigns/${id}`)

    const after = await targetsOf(id)
    expect(after.find((r) => r.id === second!.id)).toMatchObject({
      state: 'open',
      claimedById: null,
      claimedAt: null,
      attempts: 0,
    })
    // The call-back stays a call-back at its time, without the removed caller.
    expect(after.find((r) => r.id === first!.id)).toMatchObject({ state: 'callback', claimedById: null })
    const [row] = await db
      .select()
      .from(campaignCallers)
      .where(and(eq(campaignCallers.campaignId, id), eq(campaignCallers.userId, removed.user.id)))
    expect(row!.removedAt).toEqual(t.clock.now())
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'campaign.caller_removed'), eq(auditEvents.objectId, id)))
    expect(audit).toMatchObject({
      objectType: 'survey_campaign',
      unitId: state.id,
      data: { userId: removed.user.id, returnedToPool: 1, callbacksReleased: 1 },
    })

    // The removed caller can no longer open the campaign, take a person or record the call they had.
    expect((await get(removed.session, `/campaigns/${id}/call`)).statusCode).toBe(404)
    expect((await post(removed.session, `/campaigns/${id}/next`)).statusCode).toBe(404)
    expect((await post(removed.session, `/campaigns/${id}/confirm`)).statusCode).toBe(404)
    expect(
      (await post(removed.session, `/campaigns/${id}/calls/${second!.id}`, { outcome: 'declined' }))
        .statusCode,
    ).toBe(404)
    expect((await get(removed.session, '/surveys')).body).not.toContain(`/campaigns/${id}/call`)
    expect((await get(staying.session, '/surveys')).body).toContain(`/campaigns/${id}/call`)
    // Removing twice: there is no such caller any more.
    expect((await post(office, remove)).statusCode).toBe(404)

    // The person they had is the other caller's next.
    await shown(await post(staying.session, `/campaigns/${id}/next`))
    const desk = await get(staying.session, `/campaigns/${id}/call`)
    const [taken] = (await targetsOf(id)).filter((r) => r.claimedById === staying.user.id)
    expect(taken!.id).toBe(second!.id)
    expect(desk.body).toContain('Du rufst an:')

    // The campaign page still counts their calls, marked as removed, with no button to remove them again.
    const progress = await get(office, `/campaigns/${id}`)
    expect(progress.body).toContain('(entfernt)')
    expect(progress.body).not.toContain(`/callers/${removed.user.id}/remove`)
    expect(progress.body).toContain(`/callers/${staying.user.id}/remove`)

    // Added again, they confirm the confidentiality note anew before calling.
    await ok(await post(office, `/campaigns/${id}/callers`, { email: removed.user.email }))
    const again = await get(removed.session, `/campaigns/${id}/call`)
    expect(again.statusCode).toBe(200)
    expect(again.body).toContain('Vertraulichkeit')
    expect((await post(removed.session, `/campaigns/${id}/next`)).statusCode).toBe(409)
  })

  test('an unknown caller or a made-up id answers 404', async () => {
    const id = await campaign()
    expect((await post(office, `/campaigns/${id}/callers/${staying.user.id}/remove`)).statusCode).toBe(404)
    expect((await post(office, `/campaigns/${id}/callers/not-a-uuid/remove`)).statusCode).toBe(404)
    expect(
      (
        await post(
          office,
          `/campaigns/00000000-0000-4000-8000-000000000000/callers/${staying.user.id}/remove`,
        )
      ).statusCode,
    ).toBe(404)
  })
})

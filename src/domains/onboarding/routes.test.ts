import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { eventRsvps } from '../events/tables.js'
import { members } from '../members/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { CURRENT_CONSENT_VERSION, consents, skills, volunteerProfiles } from '../volunteers/index.js'
import * as repo from './repo.js'
import { startOnboarding } from './service/index.js'
import {
  onboardingContacts,
  onboardingQuestionnaires,
  onboardingStepOptOuts,
  onboardingSteps,
  onboardingWelcomeTexts,
} from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())
const START = new Date('2026-11-21T10:00:00Z')
afterEach(() => {
  t.clock.current = START
})

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string | string[]>) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ _csrf: s.csrf, ...fields }))
    for (const one of ([] as string[]).concat(v)) params.append(k, one)
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}
const get = (url: string, s: Session) => t.app.inject({ method: 'GET', url, headers: s.headers })

async function session(opts: Parameters<typeof buildUser>[1]) {
  const user = await buildUser(db(), opts)
  return { user, s: await sessionFor(db(), user) }
}

/** A new member of `kv` (with an account when asked), whose pipeline started on their entry date. */
async function newMember(kv: OrgUnit, enteredOn = '2026-11-18', account = false) {
  let user: TestUser | undefined
  let memberId: string
  if (account) {
    user = await buildUser(db(), { member: kv })
    memberId = user.memberId!
    await db()
      .update(members)
      .set({ enteredOn, firstName: 'Neu', phone: '+49 30 1234567' })
      .where(eq(members.id, memberId))
  } else {
    memberId = (await buildMember(db(), kv, { enteredOn, firstName: 'Neu', phone: '+49 30 1234567' })).id
  }
  const [member] = await db().select().from(members).where(eq(members.id, memberId))
  await db().transaction((tx) =>
    startOnboarding(tx, undefined, [member!], t.clock.now(), { since: '2000-01-01' }),
  )
  const row = await repo.findPipelineOfMember(db(), memberId)
  return { pipeline: row!.pipeline, member: member!, user }
}

/** Two states; the first with two KVs, a board for each and its office. */
async function world() {
  const federation = await buildFederation(db())
  const state = await buildState(db(), federation)
  const farState = await buildState(db(), federation)
  const own = await buildDistrict(db(), state)
  const other = await buildDistrict(db(), state)
  const far = await buildDistrict(db(), farState)
  return {
    federation,
    state,
    farState,
    own,
    other,
    far,
    boardOwn: await session({ member: own, roles: [['board', own]] }),
    boardOther: await session({ member: other, roles: [['board', other]] }),
    coordinatorOwn: await session({ member: own, roles: [['coordinator', own]] }),
    stateOffice: await session({ roles: [['state_office', state]] }),
    farOffice: await session({ roles: [['state_office', farState]] }),
    federal: await session({ roles: [['federal_office', federation]] }),
    memberOther: await session({ member: other }),
  }
}

describe('who sees a new member', () => {
  test('the KV board and its state office see the queue and the pipeline; other boards, offices and the federal office get 404', async () => {
    const w = await world()
    const { pipeline, member } = await newMember(w.own)
    const queue = `/onboarding/units/${w.own.id}`
    const page = `/onboarding/pipelines/${pipeline.id}`
    for (const who of [w.boardOwn, w.stateOffice]) {
      const q = await get(queue, who.s)
      expect(q.statusCode).toBe(200)
      expect(q.body).toContain(member.lastName)
      const p = await get(page, who.s)
      expect(p.statusCode).toBe(200)
      expect(p.body).toContain(member.phone!)
    }
    for (const who of [w.boardOther, w.farOffice, w.federal]) {
      expect((await get(queue, who.s)).statusCode).toBe(404)
      const p = await get(page, who.s)
      expect(p.statusCode).toBe(404)
      expect(p.body).not.toContain(member.lastName)
    }
    // Members and coordinators do not pass the gate of these pages at all.
    for (const who of [w.memberOther, w.coordinatorOwn]) expect((await get(page, who.s)).statusCode).toBe(403)
    // Nor can anyone outside change it.
    const refused = await post(`${page}/contacts`, w.boardOther.s, {
      outcome: 'reached',
      attemptedOn: '2026-11-20',
    })
    expect(refused.statusCode).toBe(404)
    expect(
      await db().select().from(onboardingContacts).where(eq(onboardingContacts.pipelineId, pipeline.id)),
    ).toEqual([])
  })

  test('the overview lists the KVs of a board and every KV of a state office', async () => {
    const w = await world()
    const board = await get('/onboarding', w.boardOwn.s)
    expect(board.body).toContain(w.own.name)
    expect(board.body).not.toContain(w.other.name)
    const office = await get('/onboarding', w.stateOffice.s)
    expect(office.body).toContain(w.own.name)
    expect(office.body).toContain(w.other.name)
    expect(office.body).not.toContain(w.far.name)
  })

  test('members who left are not in the queue', async () => {
    const w = await world()
    const { member } = await newMember(w.own)
    await db().update(members).set({ leftOn: '2026-11-20' }).where(eq(members.id, member.id))
    expect((await get(`/onboarding/units/${w.own.id}?show=all`, w.boardOwn.s)).body).not.toContain(
      member.lastName,
    )
  })
})

describe('deadlines on the clock', () => {
  test('a step becomes due within a week of its deadline and overdue the day after it', async () => {
    const w = await world()
    await repo.insertSteps(db(), [
      { unitId: w.state.id, kind: 'welcome_call', dueDays: 7, mandatory: true, position: 1 },
    ])
    // Imported on the day of joining, so every deadline counts from joining.
    t.clock.current = new Date('2026-11-10T08:00:00Z')
    const { member } = await newMember(w.own, '2026-11-10')
    const url = `/onboarding/units/${w.own.id}`

    /** The state shown in the member's row of the queue on the clock's day. */
    const stateAt = async (iso: string, show = 'all') => {
      t.clock.current = new Date(iso)
      const body = (await get(`${url}?show=${show}`, w.boardOwn.s)).body
      const start = body.indexOf(member.lastName)
      if (start < 0) return 'not listed'
      return /onboarding-tag--(\w+)/.exec(body.slice(start, body.indexOf('</tr>', start)))?.[1]
    }
    expect(await stateAt('2026-11-09T12:00:00Z')).toBe('later')
    expect(await stateAt('2026-11-10T12:00:00Z')).toBe('due')
    expect(await stateAt('2026-11-15T12:00:00Z')).toBe('due')
    // 23:30 in Berlin on the 17th is still the day of the deadline; half an hour later it has passed.
    expect(await stateAt('2026-11-17T22:30:00Z')).toBe('due')
    expect(await stateAt('2026-11-17T22:30:00Z', 'overdue')).toBe('not listed')
    expect(await stateAt('2026-11-17T23:30:00Z', 'overdue')).toBe('overdue')
    const page = await get(
      `/onboarding/pipelines/${(await repo.findPipelineOfMember(db(), member.id))!.pipeline.id}`,
      w.boardOwn.s,
    )
    expect(page.body).toContain('überfällig')
  })
})

describe('the board works the pipeline', () => {
  test('contact attempts: bad input re-renders with field errors and writes nothing; a reached call closes the welcome call', async () => {
    const w = await world()
    const { pipeline } = await newMember(w.own)
    const url = `/onboarding/pipelines/${pipeline.id}/contacts`
    const contacts = () =>
      db().select().from(onboardingContacts).where(eq(onboardingContacts.pipelineId, pipeline.id))

    const noDate = await post(url, w.boardOwn.s, {
      outcome: 'call_back',
      attemptedOn: '2026-11-20',
      callBackOn: '',
    })
    expect(noDate.statusCode).toBe(422)
    expect(noDate.body).toContain('Bitte gib an, wann zurückgerufen wird.')
    const future = await post(url, w.boardOwn.s, { outcome: 'reached', attemptedOn: '2026-11-22' })
    expect(future.statusCode).toBe(422)
    expect(future.body).toContain('Das Datum liegt in der Zukunft.')
    const before = await post(url, w.boardOwn.s, { outcome: 'reached', attemptedOn: '2026-11-01' })
    expect(before.statusCode).toBe(422)
    const junk = await post(url, w.boardOwn.s, { outcome: 'maybe', attemptedOn: 'gestern' })
    expect(junk.statusCode).toBe(422)
    expect(await contacts()).toEqual([])

    const callBack = await post(url, w.boardOwn.s, {
      outcome: 'call_back',
      attemptedOn: '2026-11-19',
      callBackOn: '2026-11-23',
      note: 'Abends erreichbar',
    })
    expect(callBack.statusCode).toBe(303)
    expect(
      (await repo.listPipelineSteps(db(), [pipeline.id])).find((s) => s.kind === 'welcome_call')!.status,
    ).toBe('open')
    expect(
      (await post(url, w.boardOwn.s, { outcome: 'reached', attemptedOn: '2026-11-21' })).statusCode,
    ).toBe(303)
    expect((await contacts()).map((c) => c.outcome).sort()).toEqual(['call_back', 'reached'])
    const call = (await repo.listPipelineSteps(db(), [pipeline.id])).find((s) => s.kind === 'welcome_call')!
    expect(call.status).toBe('done')
    expect(call.closedById).toBe(w.boardOwn.user.id)
    const queue = await get(`/onboarding/units/${w.own.id}`, w.boardOwn.s)
    expect(queue.body).toContain('erreicht')
  })

  test('a buddy is a current member of the same KV; assigning one closes the buddy step', async () => {
    const w = await world()
    const { pipeline, member } = await newMember(w.own)
    const stranger = await buildMember(db(), w.other, { lastName: 'Fremdling' })
    const buddy = await buildMember(db(), w.own, { firstName: 'Berta', lastName: 'Begleiterin' })
    const url = `/onboarding/pipelines/${pipeline.id}/buddy`
    for (const id of [stranger.id, member.id, 'not-a-uuid']) {
      const res = await post(url, w.boardOwn.s, { buddyMemberId: id })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('Buddy kann nur ein anderes Mitglied desselben Kreisverbands sein.')
    }
    expect((await repo.findPipeline(db(), pipeline.id))!.pipeline.buddyMemberId).toBeNull()

    const search = await get(`/onboarding/pipelines/${pipeline.id}?q=Begleit`, w.boardOwn.s)
    expect(search.body).toContain('Berta Begleiterin')
    expect(search.body).not.toContain('Fremdling')
    expect((await post(url, w.boardOwn.s, { buddyMemberId: buddy.id })).statusCode).toBe(303)
    expect((await repo.findPipeline(db(), pipeline.id))!.pipeline.buddyMemberId).toBe(buddy.id)
    expect((await repo.listPipelineSteps(db(), [pipeline.id])).find((s) => s.kind === 'buddy')!.status).toBe(
      'done',
    )
  })

  test('steps close, reopen and skip, but a mandatory step is never skipped', async () => {
    const w = await world()
    const { pipeline } = await newMember(w.own)
    const steps = await repo.listPipelineSteps(db(), [pipeline.id])
    const call = steps.find((s) => s.kind === 'welcome_call')!
    const activity = steps.find((s) => s.kind === 'first_activity')!
    const url = (position: number | string) => `/onboarding/pipelines/${pipeline.id}/steps/${position}`
    expect((await post(url(call.position), w.boardOwn.s, { action: 'skip' })).statusCode).toBe(403)
    expect((await post(url(activity.position), w.boardOwn.s, { action: 'skip' })).statusCode).toBe(303)
    expect((await post(url(call.position), w.boardOwn.s, { action: 'done' })).statusCode).toBe(303)
    // Closing it again is refused with a message, and changes nothing.
    const again = await post(url(call.position), w.boardOwn.s, { action: 'done' })
    expect(again.statusCode).toBe(303)
    expect(String(again.headers['set-cookie'])).toContain('onboarding.errors.stepClosed')
    expect((await post(url(call.position), w.boardOwn.s, { action: 'reopen' })).statusCode).toBe(303)
    const after = await repo.listPipelineSteps(db(), [pipeline.id])
    expect(after.find((s) => s.position === call.position)!.status).toBe('open')
    expect(after.find((s) => s.position === activity.position)!).toMatchObject({
      status: 'skipped',
      closedById: w.boardOwn.user.id,
    })
    // A step the plan does not have is not found, nor is a position that is no number.
    expect((await post(url(99), w.boardOwn.s, { action: 'done' })).statusCode).toBe(404)
    expect((await post(url('x'), w.boardOwn.s, { action: 'done' })).statusCode).toBe(404)
  })

  test('the board sends the welcome mail now; without an address it is refused', async () => {
    const w = await world()
    const { pipeline, member } = await newMember(w.own)
    const mail = (await repo.listPipelineSteps(db(), [pipeline.id])).find((s) => s.kind === 'welcome_mail')!
    const url = `/onboarding/pipelines/${pipeline.id}/steps/${mail.position}`
    expect((await post(url, w.boardOwn.s, { action: 'send' })).statusCode).toBe(303)
    expect((await t.outbox()).filter((m) => m.to === member.email)).toHaveLength(1)
    expect((await repo.findPipelineStep(db(), pipeline.id, mail.position))!.status).toBe('done')

    const silent = await newMember(w.own)
    await db().update(members).set({ email: null }).where(eq(members.id, silent.member.id))
    const silentMail = (await repo.listPipelineSteps(db(), [silent.pipeline.id])).find(
      (s) => s.kind === 'welcome_mail',
    )!
    const refused = await post(
      `/onboarding/pipelines/${silent.pipeline.id}/steps/${silentMail.position}`,
      w.boardOwn.s,
      {
        action: 'send',
      },
    )
    expect(String(refused.headers['set-cookie'])).toContain('onboarding.errors.noEmail')
    expect((await repo.findPipelineStep(db(), silent.pipeline.id, silentMail.position))!.status).toBe('open')
  })
})

describe('standards', () => {
  test('the state office adopts the default and adds a mandatory step; the KV may not drop it, but drops an optional one', async () => {
    const w = await world()
    const stateUrl = `/onboarding/standards/${w.state.id}`
    expect((await get(stateUrl, w.boardOwn.s)).statusCode).toBe(404)
    expect((await get(stateUrl, w.stateOffice.s)).body).toContain('Grundstandard')
    // Before adopting, nothing can be added to the state's standard.
    await post(`${stateUrl}/steps`, w.stateOffice.s, { kind: 'custom', title: 'Zu früh', dueDays: '3' })
    expect(await db().select().from(onboardingSteps).where(eq(onboardingSteps.unitId, w.state.id))).toEqual(
      [],
    )
    expect((await post(`${stateUrl}/adopt`, w.stateOffice.s, {})).statusCode).toBe(303)
    expect((await post(`${stateUrl}/adopt`, w.boardOwn.s, {})).statusCode).toBe(403)

    const noTitle = await post(`${stateUrl}/steps`, w.stateOffice.s, {
      kind: 'custom',
      title: '',
      dueDays: '3',
    })
    expect(noTitle.statusCode).toBe(422)
    expect(noTitle.body).toContain('Ein eigener Schritt braucht eine Bezeichnung.')
    const twice = await post(`${stateUrl}/steps`, w.stateOffice.s, { kind: 'buddy', dueDays: '3' })
    expect(twice.statusCode).toBe(422)
    expect(twice.body).toContain('Diese Art von Schritt steht schon im Standard.')
    const badDays = await post(`${stateUrl}/steps`, w.stateOffice.s, {
      kind: 'custom',
      title: 'X',
      dueDays: '400',
    })
    expect(badDays.statusCode).toBe(422)
    const added = await post(`${stateUrl}/steps`, w.stateOffice.s, {
      kind: 'custom',
      title: 'Einladung zur Basisgruppe',
      dueDays: '21',
      mandatory: 'on',
    })
    expect(added.statusCode).toBe(303)
    const stateSteps = await db().select().from(onboardingSteps).where(eq(onboardingSteps.unitId, w.state.id))
    expect(stateSteps).toHaveLength(7)
    const basis = stateSteps.find((s) => s.title === 'Einladung zur Basisgruppe')!
    expect(basis.mandatory).toBe(true)

    const kvUrl = `/onboarding/standards/${w.own.id}`
    expect((await get(kvUrl, w.boardOther.s)).statusCode).toBe(404)
    expect((await post(`${kvUrl}/steps/${basis.id}`, w.boardOwn.s, { action: 'drop' })).statusCode).toBe(403)
    const buddy = stateSteps.find((s) => s.kind === 'buddy')!
    expect((await post(`${kvUrl}/steps/${buddy.id}`, w.boardOwn.s, { action: 'drop' })).statusCode).toBe(303)
    expect(
      await db().select().from(onboardingStepOptOuts).where(eq(onboardingStepOptOuts.districtId, w.own.id)),
    ).toHaveLength(1)
    // The KV cannot remove the state's step, nor drop a step of another state.
    expect((await post(`${kvUrl}/steps/${buddy.id}`, w.boardOwn.s, { action: 'remove' })).statusCode).toBe(
      404,
    )

    const { pipeline } = await newMember(w.own)
    const kinds = (await repo.listPipelineSteps(db(), [pipeline.id])).map((s) => s.title ?? s.kind)
    expect(kinds).toContain('Einladung zur Basisgruppe')
    expect(kinds).not.toContain('buddy')
  })

  test('the welcome e-mail refuses unknown placeholders with a field error and keeps the old text', async () => {
    const w = await world()
    const url = `/onboarding/standards/${w.own.id}/welcome`
    const texts = () =>
      db().select().from(onboardingWelcomeTexts).where(eq(onboardingWelcomeTexts.unitId, w.own.id))
    const bad = await post(url, w.boardOwn.s, {
      subject: 'Hallo {vorname}',
      body: 'Willkommen {vornmae} im {kv}',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Unbekannter Platzhalter.')
    expect(bad.body).toContain('Willkommen {vornmae} im {kv}')
    expect(await texts()).toEqual([])
    const ok = await post(url, w.boardOwn.s, {
      subject: 'Hallo {vorname}',
      body: 'Willkommen im {kv}: {termin}',
    })
    expect(ok.statusCode).toBe(303)
    expect((await texts())[0]!.body).toBe('Willkommen im {kv}: {termin}')
    expect((await post(url, w.boardOther.s, { subject: 'x', body: 'y' })).statusCode).toBe(404)
  })
})

describe('the questionnaire', () => {
  async function skillIds(...names: string[]) {
    const rows = await db().select().from(skills)
    return names.map((n) => rows.find((r) => r.name === n)!.id)
  }

  test('without consent nothing is written; with it the answers fill the volunteer profile and record the consent', async () => {
    const w = await world()
    const { user, pipeline } = await newMember(w.own, '2026-11-18', true)
    const s = await sessionFor(db(), user!)
    const page = await get('/onboarding/questionnaire', s)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('name="interests"')
    const fields = {
      interests: ['campaigns', 'online'],
      skillIds: await skillIds('Handwerk', 'Organisation'),
      hoursPerMonth: '6',
      evenings: 'on',
      message: 'Ich mag Plakate.',
      joinPool: 'on',
      reach: 'own_kv',
      scope: 'own_kv',
      consentVersion: CURRENT_CONSENT_VERSION,
    }
    const noConsent = await post('/onboarding/questionnaire', s, fields)
    expect(noConsent.statusCode).toBe(422)
    expect(noConsent.body).toContain('Ohne deine Einwilligung kommst du nicht in den Pool.')
    // The boxes ticked come back ticked.
    expect(noConsent.body).toMatch(/value="campaigns" checked/)
    const written = async () => ({
      answers: await db()
        .select()
        .from(onboardingQuestionnaires)
        .where(eq(onboardingQuestionnaires.pipelineId, pipeline.id)),
      consents: await db().select().from(consents).where(eq(consents.memberId, user!.memberId!)),
      profiles: await db()
        .select()
        .from(volunteerProfiles)
        .where(eq(volunteerProfiles.memberId, user!.memberId!)),
    })
    expect(await written()).toEqual({ answers: [], consents: [], profiles: [] })
    // An outdated consent text is refused by the pool, and the answers are not kept either.
    const stale = await post('/onboarding/questionnaire', s, {
      ...fields,
      consent: 'on',
      consentVersion: 'alt',
    })
    expect(stale.statusCode).toBe(422)
    expect(await written()).toEqual({ answers: [], consents: [], profiles: [] })

    const ok = await post('/onboarding/questionnaire', s, { ...fields, consent: 'on' })
    expect(ok.statusCode).toBe(303)
    const after = await written()
    expect(after.answers[0]).toMatchObject({
      interests: ['campaigns', 'online'],
      hoursPerMonth: 6,
      joinedPool: true,
    })
    expect(after.consents).toHaveLength(1)
    expect(after.consents[0]).toMatchObject({ scope: 'own_kv', textVersion: CURRENT_CONSENT_VERSION })
    expect(after.consents[0]!.textHash).toMatch(/^[0-9a-f]{64}$/)
    expect(after.profiles[0]).toMatchObject({ hoursPerMonth: 6, evenings: true, worksOnline: true })
    expect(
      (await repo.listPipelineSteps(db(), [pipeline.id])).find((x) => x.kind === 'questionnaire')!.status,
    ).toBe('done')
    // Answered once; the page shows the answers, the board reads them.
    const again = await post('/onboarding/questionnaire', s, { ...fields, consent: 'on' })
    expect(String(again.headers['set-cookie'])).toContain('onboarding.errors.questionnaireClosed')
    expect((await get('/onboarding/questionnaire', s)).body).toContain('Ich mag Plakate.')
    expect((await get(`/onboarding/pipelines/${pipeline.id}`, w.boardOwn.s)).body).toContain(
      'Ich mag Plakate.',
    )
  })

  test('without the pool box nothing reaches the pool', async () => {
    const w = await world()
    const { user, member } = await newMember(w.own, '2026-11-18', true)
    const s = await sessionFor(db(), user!)
    const res = await post('/onboarding/questionnaire', s, {
      interests: 'social',
      hoursPerMonth: '',
      consent: 'on',
    })
    expect(res.statusCode).toBe(303)
    expect(await db().select().from(consents).where(eq(consents.memberId, member.id))).toEqual([])
    expect(
      await db()
        .select()
        .from(volunteerProfiles)
        .where(and(eq(volunteerProfiles.memberId, member.id))),
    ).toEqual([])
  })

  test('a member sees only their own: others have nothing open and cannot answer', async () => {
    const w = await world()
    const { pipeline } = await newMember(w.own, '2026-11-18', true)
    const page = await get('/onboarding/questionnaire', w.memberOther.s)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Für dich ist gerade nichts offen.')
    expect(
      (await post('/onboarding/questionnaire', w.memberOther.s, { interests: 'social' })).statusCode,
    ).toBe(404)
    expect(
      await db()
        .select()
        .from(onboardingQuestionnaires)
        .where(eq(onboardingQuestionnaires.pipelineId, pipeline.id)),
    ).toEqual([])
  })

  test("the new member's KV page points to the open questionnaire; the board's shows the queue", async () => {
    const w = await world()
    const { user } = await newMember(w.own, '2026-11-18', true)
    const member = await get(`/units/${w.own.id}`, await sessionFor(db(), user!))
    expect(member.body).toContain('href="/onboarding/questionnaire"')
    const board = await get(`/units/${w.own.id}`, w.boardOwn.s)
    expect(board.body).toContain(`href="/onboarding/units/${w.own.id}"`)
    expect(board.body).not.toContain('href="/onboarding/questionnaire"')
    const stranger = await get(`/units/${w.own.id}`, w.boardOther.s)
    expect(stranger.body).not.toContain('onboarding-section-heading')
  })
})

describe('the dashboard', () => {
  test('a state office compares its KVs with bars drawn on the server; another state is not found', async () => {
    const w = await world()
    for (let i = 0; i < 5; i++) await newMember(w.own, '2026-10-01')
    await newMember(w.other, '2026-10-01')
    const res = await get('/onboarding/dashboard', w.stateOffice.s)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(w.own.name)
    expect(res.body).toContain('class="onboarding-bar"')
    expect(res.body).toContain('aria-hidden="true"')
    expect(res.body).toContain('nicht gezeigt: weniger als 5 Personen')
    expect(res.body).not.toMatch(/style=/)
    expect((await get(`/onboarding/dashboard/${w.farState.id}`, w.stateOffice.s)).statusCode).toBe(404)
    expect((await get(`/onboarding/dashboard/${w.own.id}`, w.stateOffice.s)).statusCode).toBe(404)
    expect((await get('/onboarding/dashboard', w.boardOwn.s)).statusCode).toBe(403)
  })

  test('the federal office sees every state and opens each', async () => {
    const w = await world()
    const res = await get('/onboarding/dashboard?from=nonsense', w.federal.s)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`/onboarding/dashboard/${w.state.id}`)
    expect(res.body).toContain(`/onboarding/dashboard/${w.farState.id}`)
    expect((await get(`/onboarding/dashboard/${w.state.id}`, w.federal.s)).statusCode).toBe(200)
  })
})

describe('the first activity closes itself', () => {
  test('once the new member says yes to an event, the step is done by itself: no button, counted as closed', async () => {
    const w = await world()
    const { pipeline, user } = await newMember(w.own, '2026-11-18', true)
    const firstActivity = async () =>
      (await repo.listPipelineSteps(db(), [pipeline.id])).find((s) => s.kind === 'first_activity')!
    expect(await firstActivity()).toMatchObject({ status: 'open', automatic: false })

    // An event the member had signed up for before joining does not count; one after joining does.
    const before = await buildEvent(db(), [w.own], {
      startsAt: new Date('2026-11-10T17:00:00Z'),
      endsAt: new Date('2026-11-10T19:00:00Z'),
    })
    const rsvp = async (eventId: string) => {
      const s = await sessionFor(db(), user!)
      return post(`/events/${eventId}/rsvp`, s, { participation: 'on_site' })
    }
    await db().insert(eventRsvps).values({ eventId: before.id, userId: user!.id, status: 'confirmed' })
    expect((await firstActivity()).status).toBe('open')
    const event = await buildEvent(db(), [w.own], {
      startsAt: new Date('2026-12-01T17:00:00Z'),
      endsAt: new Date('2026-12-01T19:00:00Z'),
    })
    expect((await rsvp(event.id)).statusCode).toBe(303)
    expect(await firstActivity()).toMatchObject({ status: 'done', automatic: true })

    const page = await get(`/onboarding/pipelines/${pipeline.id}`, w.boardOwn.s)
    expect(page.body).toContain('zugesagt für eine Veranstaltung oder eine Schicht')
    expect(page.body).not.toContain(`steps/${(await firstActivity()).position}"`)
  })
})

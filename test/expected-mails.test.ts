import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { users } from '../src/domains/accounts/tables.js'
import { ensureDefaultTemplate } from '../src/domains/agreements/index.js'
import { startAgreement } from '../src/domains/agreements/service/index.js'
import { helpRequests } from '../src/domains/help/tables.js'
import { onboardingPipelines, startOnboarding } from '../src/domains/onboarding/index.js'
import { partnershipReports } from '../src/domains/partnerships/tables.js'
import { createMailTransport } from '../src/platform/mail/mailer.js'
import { buildTestApp, type TestApp } from './support/app.js'
import {
  actorFor,
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildHelpRequest,
  buildMember,
  buildPartnership,
  buildState,
  buildUser,
  type Session,
  sessionFor,
} from './support/factories.js'
import { startTestSmtp, type TestSmtp } from './support/smtp.js'

// The mails people expect from what others do: each queued in the use case's transaction, delivered
// over SMTP to a real server, in the recipient's language.

let t: TestApp
let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
  t = await buildTestApp({ mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }) })
})
afterAll(async () => {
  await t.close()
  await smtp.close()
})

const db = () => t.database.db

function post(url: string, session: Session, fields: Record<string, string>, ip?: string) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: session.cookie,
      ...(ip ? { 'x-forwarded-for': ip } : {}),
    },
    ...(ip ? { remoteAddress: ip } : {}),
  })
}

async function inEnglish(userId: string) {
  await db().update(users).set({ locale: 'en' }).where(eq(users.id, userId))
}

/** The public report form's fields for a partnership between a and b. */
const reportFields = (a: { id: string; name: string }, b: { id: string; name: string }, email: string) => ({
  reporterName: 'Sonja',
  reporterEmail: email,
  unitAText: a.name,
  unitAId: a.id,
  unitBText: b.name,
  unitBId: b.id,
  message: 'Wir sind seit 2019 Partner.',
  website: '',
})

/** The federal office accepts a report as an active, public partnership between a and b. */
const acceptReport = (id: string, office: Session, a: { id: string }, b: { id: string }) =>
  post(`/partnerships/reports/${id}/accept`, office, {
    unitAId: a.id,
    unitBId: b.id,
    status: 'active',
    kind: 'partnership',
    isPublic: 'on',
  })

/** Board A of the partnership posts a request for partners in Gefell through the form; returns its address. */
async function postRequestInGefell(
  p: Awaited<ReturnType<typeof buildPartnership>>,
  fields: { kind: string; title: string },
) {
  const posted = await post('/help', await sessionFor(db(), p.boardA), {
    unitId: p.unitA.id,
    direction: 'request',
    municipalityAgs: '16075131',
    visibility: 'partners',
    contactMemberId: p.boardA.memberId!,
    ...fields,
  })
  expect(posted.statusCode).toBe(303)
  return `http://localhost:3000${posted.headers.location}`
}

describe('a help request opens to the partner KVs', () => {
  test("each coordinator of each partner KV is told, in their language; other KVs' coordinators are not", async () => {
    const p = await buildPartnership(db(), { status: 'active' })
    const stranger = await buildDistrict(db(), p.state)
    const partnerCoordinator = await buildUser(db(), { member: p.unitB, roles: [['coordinator', p.unitB]] })
    const englishCoordinator = await buildUser(db(), { roles: [['coordinator', p.unitB]] })
    await inEnglish(englishCoordinator.id)
    const strangerCoordinator = await buildUser(db(), { roles: [['coordinator', stranger]] })
    const ownCoordinator = await buildUser(db(), { roles: [['coordinator', p.unitA]] })

    const requestUrl = await postRequestInGefell(p, {
      kind: 'haustuerwahlkampf',
      title: 'Haustürwahlkampf in Gefell',
    })
    await t.deliverMail()

    const told = await smtp.nextMailTo(partnerCoordinator.email)
    expect(told.subject).toBe('Euer Partner-KV bittet um Hilfe: Haustürwahlkampf in Gefell')
    expect(told.text).toContain(`${p.unitA.name} bittet euch als Partner-KV um Hilfe`)
    expect(told.text).toContain('(Haustürwahlkampf) in Gefell')
    expect(told.text).toContain(requestUrl)
    expect((await smtp.nextMailTo(englishCoordinator.email)).subject).toBe(
      'Your partner KV asks for help: Haustürwahlkampf in Gefell',
    )
    expect(smtp.mailsTo(strangerCoordinator.email)).toEqual([])
    expect(smtp.mailsTo(ownCoordinator.email)).toEqual([])
  })
})

describe('a partnership that begins after a help request was posted', () => {
  test("the new partner's coordinators hear of the open requests once, when the partnership is accepted; each side of the other's", async () => {
    const p = await buildPartnership(db(), { status: 'proposed' })
    const coordinatorA = await buildUser(db(), { roles: [['coordinator', p.unitA]] })
    const coordinatorB = await buildUser(db(), { member: p.unitB, roles: [['coordinator', p.unitB]] })
    const englishB = await buildUser(db(), { roles: [['coordinator', p.unitB]] })
    await inEnglish(englishB.id)
    const quietB = await buildUser(db(), { roles: [['coordinator', p.unitB]] })
    await db()
      .update(users)
      .set({ mailOptOuts: ['help.partnerRequest'] })
      .where(eq(users.id, quietB.id))

    // Saale-Orla asks for help while the partnership is only proposed: nobody in B hears of it.
    const requestUrl = await postRequestInGefell(p, {
      kind: 'haustuerwahlkampf',
      title: 'Haustürwahlkampf in Gefell',
    })
    const { request: closed } = await buildHelpRequest(db(), p.unitA, { visibility: 'party' })
    await db().update(helpRequests).set({ status: 'closed' }).where(eq(helpRequests.id, closed.id))
    const { request: offer } = await buildHelpRequest(db(), p.unitB, {
      direction: 'offer',
      visibility: 'state',
    })
    await t.deliverMail()
    expect(smtp.mailsTo(coordinatorB.email)).toEqual([])

    // B's board accepts: both sides are partners now.
    const boardB = await sessionFor(db(), p.boardB)
    expect((await post(`/partnerships/${p.partnership.id}/accept`, boardB, {})).statusCode).toBe(303)
    await t.deliverMail()
    const told = await smtp.nextMailTo(coordinatorB.email)
    expect(told.subject).toBe('Euer Partner-KV bittet um Hilfe: Haustürwahlkampf in Gefell')
    expect(told.text).toContain(`${p.unitA.name} bittet euch als Partner-KV um Hilfe`)
    expect(told.text).toContain(requestUrl)
    expect(smtp.mailsTo(coordinatorB.email)).toHaveLength(1) // not the closed one
    expect((await smtp.nextMailTo(englishB.email)).subject).toBe(
      'Your partner KV asks for help: Haustürwahlkampf in Gefell',
    )
    expect(smtp.mailsTo(quietB.email)).toEqual([])
    const offered = await smtp.nextMailTo(coordinatorA.email)
    expect(offered.subject).toBe(`Euer Partner-KV bietet Hilfe an: ${offer.title}`)
    expect(offered.text).toContain(`http://localhost:3000/help/${offer.id}`)

    // Agreed → active, active → dormant → active again: they were told already; nothing more.
    for (const status of ['active', 'dormant', 'active']) {
      const changed = await post(`/partnerships/${p.partnership.id}/status`, boardB, {
        status,
        changedOn: '',
      })
      expect(changed.statusCode).toBe(303)
    }
    await t.deliverMail()
    expect(smtp.mailsTo(coordinatorB.email)).toHaveLength(1)
    expect(smtp.mailsTo(coordinatorA.email)).toHaveLength(1)
  })

  test('a reported partnership the federal office enters as active tells the coordinators too', async () => {
    const federation = await buildFederation(db())
    const state = await buildState(db(), federation)
    const a = await buildDistrict(db(), state, 'KV Saale-Orla')
    const b = await buildDistrict(db(), state, 'KV Hamburg-Mitte')
    const { request } = await buildHelpRequest(db(), a)
    const coordinatorB = await buildUser(db(), { roles: [['coordinator', b]] })
    const office = await buildUser(db(), { roles: [['federal_office', federation]] })
    const email = `reporter-${Date.now()}@example.org`
    const sent = await post(
      '/partnerships/report',
      anonymousVisitor(),
      reportFields(a, b, email),
      '198.51.100.31',
    )
    expect(sent.statusCode).toBe(303)
    const [report] = await db()
      .select()
      .from(partnershipReports)
      .where(eq(partnershipReports.reporterEmail, email))
    const accepted = await acceptReport(report!.id, await sessionFor(db(), office), a, b)
    expect(accepted.statusCode).toBe(303)
    await t.deliverMail()
    const told = await smtp.nextMailTo(coordinatorB.email)
    expect(told.subject).toBe(`Euer Partner-KV bittet um Hilfe: ${request.title}`)
    expect(told.text).toContain('KV Saale-Orla bittet euch als Partner-KV um Hilfe')
  })
})

describe('ratification', () => {
  test("when one side ratifies, the other side's board is told it is their turn; once in force, nobody", async () => {
    const p = await buildPartnership(db(), { status: 'active' })
    const { template } = await ensureDefaultTemplate(db(), new Date())
    const agreement = await startAgreement(
      t.app.deps,
      actorFor(p.boardA, [['board', p.unitA]]),
      p.partnership.id,
      template.id,
    )
    const secondBoardB = await buildUser(db(), { roles: [['board', p.unitB]] })
    await inEnglish(secondBoardB.id)
    const stateOffice = await buildUser(db(), { roles: [['board', p.state]] })
    const ratify = (side: 'a' | 'b') => ({
      side,
      versionNumber: '1',
      revision: '1',
      body: 'Kreismitgliederversammlung',
      ratifiedOn: '2026-11-10',
      place: 'Steinfurt',
    })

    const first = await post(
      `/agreements/${agreement.id}/ratifications`,
      await sessionFor(db(), p.boardA),
      ratify('a'),
    )
    expect(first.statusCode).toBe(303)
    await t.deliverMail()
    const turn = await smtp.nextMailTo(p.boardB.email)
    expect(turn.subject).toBe(`Ihr seid dran: ${p.unitA.name} hat die Partnerschaftsvereinbarung ratifiziert`)
    expect(turn.text).toContain(
      `${p.unitA.name} hat Fassung 1 der Partnerschaftsvereinbarung mit ${p.unitB.name} am 10.11.2026 ratifiziert (Kreismitgliederversammlung)`,
    )
    expect(turn.text).toContain(`http://localhost:3000/agreements/${agreement.id}`)
    expect((await smtp.nextMailTo(secondBoardB.email)).subject).toBe(
      `Your turn: ${p.unitA.name} has ratified the partnership agreement`,
    )
    expect(smtp.mailsTo(p.boardA.email)).toEqual([])
    expect(smtp.mailsTo(stateOffice.email)).toEqual([])

    const second = await post(
      `/agreements/${agreement.id}/ratifications`,
      await sessionFor(db(), p.boardB),
      ratify('b'),
    )
    expect(second.statusCode).toBe(303)
    await t.deliverMail()
    expect(smtp.mailsTo(p.boardA.email)).toEqual([])
    expect(smtp.mailsTo(p.boardB.email)).toHaveLength(1)
  })
})

describe('a new role', () => {
  test('the person is told which role on which unit, with the link to set up the second factor the role needs', async () => {
    const federation = await buildFederation(db())
    const state = await buildState(db(), federation)
    const kv = await buildDistrict(db(), state, 'KV Neukölln')
    const admin = await buildUser(db(), { roles: [['admin', federation]] })
    const grantee = await buildUser(db(), { member: kv })
    const granted = await post('/admin/roles/grant', await sessionFor(db(), admin), {
      userId: grantee.id,
      unitId: kv.id,
      role: 'coordinator',
    })
    expect(granted.statusCode).toBe(303)
    await t.deliverMail()
    const mail = await smtp.nextMailTo(grantee.email)
    expect(mail.subject).toBe('Deine neue Rolle: Koordinator:in – KV Neukölln')
    expect(mail.text).toContain('du hast jetzt die Rolle „Koordinator:in“ in der Gliederung KV Neukölln')
    expect(mail.text).toContain(`http://localhost:3000/units/${kv.id}`)
    expect(mail.text).toContain('Anmeldung in zwei Schritten')
    expect(mail.text).toContain('http://localhost:3000/account/two-factor')
  })
})

describe('onboarding', () => {
  test('the buddy is told whom they accompany, without an address; assigning the same buddy again sends nothing', async () => {
    const kv = await buildDistrict(db(), undefined, 'KV Neukölln')
    const board = await buildUser(db(), { member: kv, roles: [['board', kv]] })
    const newcomer = await buildMember(db(), kv, {
      firstName: 'Ada',
      lastName: 'Neu',
      enteredOn: '2026-11-15',
    })
    await startOnboarding(db(), undefined, [newcomer], t.clock.now())
    const [pipeline] = await db()
      .select()
      .from(onboardingPipelines)
      .where(eq(onboardingPipelines.memberId, newcomer.id))
    const buddy = await buildUser(db(), { member: kv })
    const [buddyMember] = await db().select().from(users).where(eq(users.id, buddy.id))
    const session = await sessionFor(db(), board)
    const assign = () =>
      post(`/onboarding/pipelines/${pipeline!.id}/buddy`, session, { buddyMemberId: buddyMember!.memberId! })
    expect((await assign()).statusCode).toBe(303)
    await t.deliverMail()
    const mail = await smtp.nextMailTo(buddy.email)
    expect(mail.subject).toBe('Du begleitest Ada Neu als Buddy')
    expect(mail.text).toContain('Ada Neu ist neu im KV Neukölln')
    expect(mail.text).not.toContain(newcomer.email!)
    expect((await assign()).statusCode).toBe(303)
    await t.deliverMail()
    expect(smtp.mailsTo(buddy.email)).toHaveLength(1)
  })
})

describe('a partnership report', () => {
  test('the reporter gets a receipt in the language of the form', async () => {
    const state = await buildState(db())
    const a = await buildDistrict(db(), state, 'KV Steinfurt')
    const b = await buildDistrict(db(), state, 'KV Mecklenburgische Seenplatte')
    const email = `reporter-${Date.now()}@example.org`
    const fields = reportFields(a, b, email)
    const sent = await post('/partnerships/report', anonymousVisitor(), fields, '198.51.100.7')
    expect(sent.statusCode).toBe(303)
    await t.deliverMail()
    const receipt = await smtp.nextMailTo(email)
    expect(receipt.subject).toBe('Deine Meldung zur KV-Partnerschaft ist angekommen')
    expect(receipt.text).toContain('Partnerschaft KV Steinfurt – KV Mecklenburgische Seenplatte')

    const english = anonymousVisitor()
    const again = await t.app.inject({
      method: 'POST',
      url: '/partnerships/report',
      payload: new URLSearchParams({ _csrf: english.csrf, ...fields }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: english.cookie,
        'accept-language': 'en',
      },
      remoteAddress: '198.51.100.8',
    })
    expect(again.statusCode).toBe(303)
    await t.deliverMail()
    expect((await smtp.nextMailTo(email)).subject).toBe('Your report on a KV partnership has arrived')
  })

  test('the decision reaches the reporter in the language they reported in, whatever language the office uses', async () => {
    const federation = await buildFederation(db())
    const state = await buildState(db(), federation)
    const a = await buildDistrict(db(), state, 'KV Steinfurt')
    const b = await buildDistrict(db(), state, 'KV Mecklenburgische Seenplatte')
    const office = await buildUser(db(), { roles: [['federal_office', federation]] })
    const officeSession = await sessionFor(db(), office)
    const report = async (email: string, language: 'de' | 'en', ip: string) => {
      const visitor = anonymousVisitor()
      const sent = await t.app.inject({
        method: 'POST',
        url: '/partnerships/report',
        payload: new URLSearchParams({
          _csrf: visitor.csrf,
          reporterName: 'Sam',
          reporterEmail: email,
          unitAText: a.name,
          unitAId: a.id,
          unitBText: b.name,
          unitBId: b.id,
          message: 'We have been partners since 2019.',
          website: '',
        }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: visitor.cookie,
          'accept-language': language,
        },
        remoteAddress: ip,
      })
      expect(sent.statusCode).toBe(303)
      const [row] = await db()
        .select()
        .from(partnershipReports)
        .where(eq(partnershipReports.reporterEmail, email))
      return row!
    }
    const english = await report(`english-${Date.now()}@example.org`, 'en', '198.51.100.21')
    const german = await report(`german-${Date.now()}@example.org`, 'de', '198.51.100.22')
    await t.deliverMail()
    expect((await smtp.nextMailTo(english.reporterEmail)).subject).toBe(
      'Your report on a KV partnership has arrived',
    )
    expect((await smtp.nextMailTo(german.reporterEmail)).subject).toBe(
      'Deine Meldung zur KV-Partnerschaft ist angekommen',
    )

    // The office reads the review page in German; it says in which language the reporter will be answered.
    const review = await t.app.inject({
      url: `/partnerships/reports/${english.id}`,
      headers: officeSession.headers,
    })
    expect(review.body).toContain('<dd lang="en">English</dd>')
    expect(review.body).toContain('in der Sprache, in der sie gemeldet hat (English)')

    const rejected = await post(`/partnerships/reports/${english.id}/reject`, officeSession, {
      reason: 'These KVs already have a partnership.',
    })
    expect(rejected.statusCode).toBe(303)
    const accepted = await acceptReport(german.id, officeSession, a, b)
    expect(accepted.statusCode).toBe(303)
    await t.deliverMail()
    const no = await smtp.nextMailTo(english.reporterEmail)
    expect(no.subject).toBe('Your report on a KV partnership was not accepted')
    expect(no.text).toContain('Hello Sam,')
    expect(no.text).toContain('Reason for declining: These KVs already have a partnership.')
    expect(no.text).toContain('http://localhost:3000/partnerships/report')
    const yes = await smtp.nextMailTo(german.reporterEmail)
    expect(yes.subject).toBe('Deine Meldung zur KV-Partnerschaft wurde übernommen')
    expect(yes.text).toContain('Hallo Sam,')
  })
})

describe('my e-mails', () => {
  test('a person switches optional mails off or to a morning digest; the mandatory ones still arrive', async () => {
    const p = await buildPartnership(db(), { status: 'active' })
    const helper = await buildUser(db(), { member: p.unitB })
    const digestCoordinator = await buildUser(db(), { roles: [['coordinator', p.unitA]] })
    const quietCoordinator = await buildUser(db(), { roles: [['coordinator', p.unitA]] })
    const eachCoordinator = await buildUser(db(), { roles: [['coordinator', p.unitA]] })
    const partnerCoordinator = await buildUser(db(), { roles: [['coordinator', p.unitB]] })

    const page = await t.app.inject({
      url: '/account/mails',
      headers: (await sessionFor(db(), helper)).headers,
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('name="shiftReminder" value="on" checked')
    expect(page.body).toContain('name="signupNotice" value="each" checked')

    const save = async (user: typeof helper, fields: Record<string, string>) =>
      expect((await post('/account/mails', await sessionFor(db(), user), fields)).statusCode).toBe(303)
    await save(helper, { eventReminder: 'on', partnerRequest: 'on', signupNotice: 'each' })
    await save(digestCoordinator, { shiftReminder: 'on', eventReminder: 'on', signupNotice: 'digest' })
    await save(quietCoordinator, { shiftReminder: 'on', eventReminder: 'on', signupNotice: 'off' })
    await save(partnerCoordinator, { shiftReminder: 'on', eventReminder: 'on', signupNotice: 'each' })
    const [saved] = await db().select().from(users).where(eq(users.id, digestCoordinator.id))
    expect(saved!.mailOptOuts.sort()).toEqual([
      'help.partnerRequest',
      'help.signupDigest',
      'help.signupNotice',
    ])
    const again = await t.app.inject({
      url: '/account/mails',
      headers: (await sessionFor(db(), digestCoordinator)).headers,
    })
    expect(again.body).toContain('name="signupNotice" value="digest" checked')
    expect(again.body).not.toContain('name="partnerRequest" value="on" checked')

    // A request of KV A: the partner coordinator who switched partner requests off hears nothing.
    const requestUrl = await postRequestInGefell(p, { kind: 'flyer', title: 'Flyer in Gefell' })
    const requestId = requestUrl.split('/').pop()!
    const shift = await post(`/help/${requestId}/shifts`, await sessionFor(db(), p.boardA), {
      startsAt: '2026-11-22T10:00',
      endsAt: '2026-11-22T14:00',
      capacity: '5',
      meetingPoint: 'Bahnhof',
    })
    expect(shift.statusCode).toBe(303)
    const { helpShifts, helpSignups } = await import('../src/domains/help/tables.js')
    const [row] = await db().select().from(helpShifts).where(eq(helpShifts.requestId, requestId))
    const signed = await post(`/help/shifts/${row!.id}/signup`, await sessionFor(db(), helper), {})
    expect(signed.statusCode).toBe(303)
    await t.deliverMail()
    expect(smtp.mailsTo(partnerCoordinator.email)).toEqual([])
    // The helper's own confirmation is not optional; the coordinator who wants each sign-up gets it.
    expect((await smtp.nextMailTo(helper.email)).subject).toBe(
      'Du bist eingetragen: Flyer in Gefell, 22.11.2026 10:00',
    )
    expect((await smtp.nextMailTo(eachCoordinator.email)).subject).toContain(
      'Neue Anmeldung: Flyer in Gefell',
    )
    expect(smtp.mailsTo(digestCoordinator.email)).toEqual([])
    expect(smtp.mailsTo(quietCoordinator.email)).toEqual([])

    // The shift is tomorrow: the helper switched shift reminders off.
    const { sendShiftReminders, sendSignupDigests } = await import('../src/domains/help/service/index.js')
    await sendShiftReminders(t.app.deps, t.app.config)
    await t.deliverMail()
    expect(smtp.mailsTo(helper.email)).toHaveLength(1)

    // The next morning the digest lists the day's sign-ups, once, however often the job runs.
    await db()
      .update(helpSignups)
      .set({ queuedAt: new Date('2026-11-21T10:00:00Z') })
      .where(eq(helpSignups.shiftId, row!.id))
    const before = t.clock.current
    try {
      t.clock.current = new Date('2026-11-22T05:30:00Z') // 06:30 Berlin: too early
      expect(await sendSignupDigests(t.app.deps, t.app.config)).toBe(0)
      t.clock.current = new Date('2026-11-22T07:00:00Z')
      await sendSignupDigests(t.app.deps, t.app.config)
      t.clock.current = new Date('2026-11-22T08:00:00Z')
      await sendSignupDigests(t.app.deps, t.app.config)
      await t.deliverMail()
    } finally {
      t.clock.current = before
    }
    const digest = await smtp.nextMailTo(digestCoordinator.email)
    expect(digest.subject).toBe('Anmeldungen vom 21.11.2026: 1')
    expect(digest.text).toMatch(/- Flyer in Gefell, 22\.11\.2026 10:00: Testa Person-\S+ \(fest eingeplant\)/)
    expect(digest.text).toContain(`http://localhost:3000/help/${requestId}/roster`)
    expect(smtp.mailsTo(digestCoordinator.email)).toHaveLength(1)
    expect(smtp.mailsTo(quietCoordinator.email)).toEqual([])
    expect(smtp.mailsTo(eachCoordinator.email)).toHaveLength(1)
  })
})

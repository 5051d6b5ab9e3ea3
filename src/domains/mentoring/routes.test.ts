import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { mentoringApplications, mentoringTandems } from './tables.js'

let t: TestApp
let berlin: OrgUnit
let pankow: OrgUnit
let mitte: OrgUnit
let altona: OrgUnit
let office: Session
let federal: Session
let otherOffice: Session
type Person = { user: TestUser; session: Session }
let ayse: Person
let bernd: Person
let carla: Person
let stranger: Person
let coordinator: Person

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  berlin = await buildState(db, federation)
  pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
  mitte = await buildDistrict(db, berlin, 'Berlin-Mitte')
  const hamburg = await buildState(db, federation)
  altona = await buildDistrict(db, hamburg, 'Hamburg-Altona')
  office = await sessionFor(db, await buildUser(db, { roles: [['state_office', berlin]] }))
  federal = await sessionFor(db, await buildUser(db, { roles: [['federal_office', federation]] }))
  otherOffice = await sessionFor(db, await buildUser(db, { roles: [['state_office', hamburg]] }))
  const person = async (home: OrgUnit) => {
    const user = await buildUser(db, { member: home })
    return { user, session: await sessionFor(db, user) }
  }
  ayse = await person(pankow)
  bernd = await person(mitte)
  carla = await person(pankow)
  stranger = await person(altona)
  coordinator = await person(mitte)
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: [string, string][] = []) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    payload: new URLSearchParams([['_csrf', session.csrf], ...fields]).toString(),
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

const programmeFields: [string, string][] = [
  ['name', 'Mentoring für Frauen und Menschen mit Migrationsgeschichte 2027'],
  ['description', 'Ein Jahr im Tandem: eine erfahrene Person und eine neue.'],
  ['targetGroups', 'Frauen, Menschen mit Migrationsgeschichte'],
  ['topics', 'Wahlkampf\nReden und Auftreten\nKommunalpolitik'],
  ['applyFrom', '2026-11-01'],
  ['applyUntil', '2026-12-15'],
  ['startsOn', '2027-01-15'],
  ['endsOn', '2027-10-31'],
  ['capacity', '12'],
  ['reminderWeeks', '4'],
  ['eraseAfterDays', '90'],
]

const applicationFields = (role: string, self = ''): [string, string][] => [
  ['role', role],
  ['motivation', 'Ich möchte in der Kommunalpolitik Fuß fassen.'],
  ['goals', 'Eine Rede in der BVV halten.'],
  ['topics', 'Kommunalpolitik'],
  ['topics', 'Reden und Auftreten'],
  ['formats', 'online'],
  ['formats', 'in_person'],
  ['availability', 'weekday_evening'],
  ['languages', 'Deutsch, Türkisch'],
  ['selfDescription', self],
]

let programmeId: string

describe('mentoring programmes and applications', () => {
  test("Berlin's office sets up a programme; bad input is refused field by field", async () => {
    expect((await get(office, `/units/${berlin.id}/mentoring/new`)).statusCode).toBe(200)
    // The federal office does not run a state's programme; a KV member may not set one up.
    expect((await get(federal, `/units/${berlin.id}/mentoring/new`)).statusCode).toBe(403)
    expect((await post(ayse.session, `/units/${berlin.id}/mentoring`, programmeFields)).statusCode).toBe(403)
    const bad = await post(office, `/units/${berlin.id}/mentoring`, [
      ['name', ''],
      ['applyFrom', '2026-12-01'],
      ['applyUntil', '2026-11-01'],
      ['startsOn', 'morgen'],
      ['endsOn', '2027-02-30'],
      ['capacity', '0'],
    ])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte gib einen Namen an.')
    expect(bad.body).toContain('Bitte gib ein Datum an.')
    expect(bad.body).toContain('Bitte gib eine Zahl von 1 bis 1000 an.')

    const res = await post(office, `/units/${berlin.id}/mentoring`, programmeFields)
    expect(res.statusCode, res.body).toBe(303)
    programmeId = res.headers.location!.split('/').pop()!
    const unitPage = await get(ayse.session, `/units/${berlin.id}`)
    expect(unitPage.body).toContain(`/mentoring/${programmeId}`)
    expect((await get(stranger.session, `/mentoring/${programmeId}`)).statusCode).toBe(404)
    expect((await get(otherOffice, `/mentoring/${programmeId}`)).statusCode).toBe(404)
  })

  test('the application form explains the self-description; a bad application is refused', async () => {
    const form = await get(ayse.session, `/mentoring/${programmeId}/apply`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('nur die Koordination des Programms')
    expect(form.body).toContain('90 Tage nach dem Ende des Durchgangs')
    expect(form.body).not.toMatch(/Religion|sexuelle|Herkunftsland|Gesundheit/)
    const bad = await post(ayse.session, `/mentoring/${programmeId}/apply`, [
      ['role', 'boss'],
      ['topics', 'Astrologie'],
      ['formats', 'telepathy'],
    ])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte wähle, ob du dich als Mentee oder als Mentor:in bewirbst.')
    expect(bad.body).toContain('Bitte wähle mindestens eine Zeit.')
    const unknownTopic = await post(ayse.session, `/mentoring/${programmeId}/apply`, [
      ...applicationFields('mentee').filter(([k]) => k !== 'topics'),
      ['topics', 'Astrologie'],
    ])
    expect(unknownTopic.statusCode).toBe(422)
    expect(unknownTopic.body).toContain('Bitte wähle mindestens ein Thema des Programms.')
    expect(
      (await post(stranger.session, `/mentoring/${programmeId}/apply`, applicationFields('mentee')))
        .statusCode,
    ).toBe(404)
  })

  test('members apply with a mail each; the self-description is seen by the coordinators and the applicant only', async () => {
    const self = 'Ich bin 2015 aus Syrien nach Berlin gekommen.'
    expect(
      (await post(ayse.session, `/mentoring/${programmeId}/apply`, applicationFields('mentee', self)))
        .statusCode,
    ).toBe(303)
    expect(
      (await post(ayse.session, `/mentoring/${programmeId}/apply`, applicationFields('mentee'))).statusCode,
    ).toBe(403)
    expect(
      (await post(bernd.session, `/mentoring/${programmeId}/apply`, applicationFields('mentor'))).statusCode,
    ).toBe(303)
    const mails = await t.outbox()
    expect(mails.filter((m) => m.subject.startsWith('Deine Bewerbung')).length).toBe(2)

    const [row] = await t.database.db
      .select()
      .from(mentoringApplications)
      .where(eq(mentoringApplications.memberId, ayse.user.memberId!))
    expect(row!.selfDescription).toBe(self)
    expect(row!.languages).toEqual(['Deutsch', 'Türkisch'])

    expect((await get(ayse.session, `/mentoring/${programmeId}`)).body).toContain(self)
    const officeView = await get(office, `/mentoring/${programmeId}`)
    expect(officeView.body).toContain('Bewerbungen')
    expect(officeView.body).not.toContain(self)
    const detail = await get(office, `/mentoring/${programmeId}/applications/${row!.id}`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).toContain(self)
    // Another member, the federal office and another applicant see the programme but not the application.
    for (const s of [carla.session, federal, bernd.session]) {
      expect((await get(s, `/mentoring/${programmeId}`)).body).not.toContain(self)
      expect((await get(s, `/mentoring/${programmeId}/applications/${row!.id}`)).statusCode).toBe(403)
    }
    expect((await get(otherOffice, `/mentoring/${programmeId}/applications/${row!.id}`)).statusCode).toBe(404)
  })

  test('the office names a coordinator, who decides with a mail each time', async () => {
    const [row] = await t.database.db
      .select()
      .from(mentoringApplications)
      .where(eq(mentoringApplications.memberId, ayse.user.memberId!))
    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/applications/${row!.id}/accept`))
        .statusCode,
    ).toBe(403)
    const missing = await post(office, `/mentoring/${programmeId}/coordinators`, [
      ['email', 'nobody@example.org'],
    ])
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('kein aktives Konto')
    expect(
      (await post(office, `/mentoring/${programmeId}/coordinators`, [['email', coordinator.user.email]]))
        .statusCode,
    ).toBe(303)
    expect(
      (await get(coordinator.session, `/mentoring/${programmeId}/applications/${row!.id}`)).statusCode,
    ).toBe(200)

    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/applications/${row!.id}/waitlist`))
        .statusCode,
    ).toBe(303)
    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/applications/${row!.id}/accept`))
        .statusCode,
    ).toBe(303)
    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/applications/${row!.id}/accept`))
        .statusCode,
    ).toBe(409)
    const subjects = (await t.outbox()).map((m) => m.subject)
    expect(subjects).toEqual(
      expect.arrayContaining([
        'Du bist dabei: Mentoring für Frauen und Menschen mit Migrationsgeschichte 2027',
      ]),
    )
    expect((await t.outbox()).some((m) => m.subject.startsWith('Warteliste'))).toBe(true)

    const actions = (await t.database.db.select({ action: auditEvents.action }).from(auditEvents)).map(
      (a) => a.action,
    )
    expect(actions).toEqual(
      expect.arrayContaining([
        'mentoring.programme_created',
        'mentoring.application_submitted',
        'mentoring.coordinator_added',
        'mentoring.application_waitlisted',
        'mentoring.application_accepted',
      ]),
    )
  })

  test('an applicant withdraws; the application stays as history and they may apply again', async () => {
    expect((await post(bernd.session, `/mentoring/${programmeId}/withdraw`)).statusCode).toBe(303)
    expect((await post(bernd.session, `/mentoring/${programmeId}/withdraw`)).statusCode).toBe(409)
    expect((await get(bernd.session, `/mentoring/${programmeId}`)).body).toContain('zurückgezogen')
    expect(
      (await post(bernd.session, `/mentoring/${programmeId}/apply`, applicationFields('mentor'))).statusCode,
    ).toBe(303)
    const rows = await t.database.db
      .select({ status: mentoringApplications.status })
      .from(mentoringApplications)
      .where(eq(mentoringApplications.memberId, bernd.user.memberId!))
    expect(rows.map((r) => r.status).sort()).toEqual(['submitted', 'withdrawn'])
  })

  test('in English', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/mentoring/${programmeId}/apply`,
      headers: { ...carla.session.headers, 'accept-language': 'en' },
    })
    expect(res.body).toContain("the programme's coordinators only")
  })

  test('the coordinators see suggested pairs with their reasons, confirm, pair by hand, swap and dissolve', async () => {
    const db = t.database.db
    // Carla (Pankow) wants to speak in public and asks not to be paired within Pankow.
    expect(
      (
        await post(carla.session, `/mentoring/${programmeId}/apply`, [
          ...applicationFields('mentee').filter(([k]) => k !== 'topics'),
          ['topics', 'Reden und Auftreten'],
          ['avoidOwnKv', 'on'],
        ])
      ).statusCode,
    ).toBe(303)
    const pankowMentor = await buildUser(db, { member: pankow })
    const pankowSession = await sessionFor(db, pankowMentor)
    expect(
      (await post(pankowSession, `/mentoring/${programmeId}/apply`, applicationFields('mentor'))).statusCode,
    ).toBe(303)
    const rows = await db.select().from(mentoringApplications)
    const appOf = (memberId: string | null) =>
      rows.find((r) => r.memberId === memberId && r.status !== 'withdrawn')!
    for (const who of [bernd, carla, { user: pankowMentor }]) {
      const res = await post(
        coordinator.session,
        `/mentoring/${programmeId}/applications/${appOf(who.user.memberId).id}/accept`,
      )
      expect(res.statusCode).toBe(303)
    }
    // Only those who run the programme pair.
    expect((await get(ayse.session, `/mentoring/${programmeId}/pairing`)).statusCode).toBe(403)
    expect((await get(federal, `/mentoring/${programmeId}/pairing`)).statusCode).toBe(403)
    expect((await get(stranger.session, `/mentoring/${programmeId}/pairing`)).statusCode).toBe(404)
    const page = await get(coordinator.session, `/mentoring/${programmeId}/pairing`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Gemeinsame Themen')
    expect(page.body).toContain('Gemeinsame Sprachen: Deutsch, Türkisch')
    expect(page.body).toContain('Punkte')

    const ayseApp = appOf(ayse.user.memberId)
    const carlaApp = appOf(carla.user.memberId)
    const berndApp = appOf(bernd.user.memberId)
    const pankowApp = appOf(pankowMentor.memberId)
    // Carla asked not to be paired within Pankow: not by hand either.
    const own = await post(coordinator.session, `/mentoring/${programmeId}/tandems`, [
      ['menteeApplicationId', carlaApp.id],
      ['mentorApplicationId', pankowApp.id],
    ])
    expect(own.statusCode).toBe(422)
    expect(own.body).toContain('nicht im eigenen Kreisverband')
    // A mentor in the mentee's place is refused at its field.
    const wrong = await post(coordinator.session, `/mentoring/${programmeId}/tandems`, [
      ['menteeApplicationId', berndApp.id],
      ['mentorApplicationId', pankowApp.id],
    ])
    expect(wrong.statusCode).toBe(422)

    expect(
      (
        await post(coordinator.session, `/mentoring/${programmeId}/tandems`, [
          ['menteeApplicationId', ayseApp.id],
          ['mentorApplicationId', pankowApp.id],
        ])
      ).statusCode,
    ).toBe(303)
    // Nobody is in two tandems.
    const twice = await post(coordinator.session, `/mentoring/${programmeId}/tandems`, [
      ['menteeApplicationId', ayseApp.id],
      ['mentorApplicationId', berndApp.id],
    ])
    expect(twice.statusCode).toBe(409)
    expect(
      (
        await post(coordinator.session, `/mentoring/${programmeId}/tandems`, [
          ['menteeApplicationId', carlaApp.id],
          ['mentorApplicationId', berndApp.id],
        ])
      ).statusCode,
    ).toBe(303)
    expect((await t.outbox()).filter((m) => m.subject.startsWith('Dein Tandem')).length).toBe(4)
    const ayseView = await get(ayse.session, `/mentoring/${programmeId}`)
    expect(ayseView.body).toContain('Dein Tandem')
    expect(ayseView.body).toContain(`aus Berlin-Pankow`)
    // In a tandem, an application is neither withdrawn nor declined.
    expect((await post(ayse.session, `/mentoring/${programmeId}/withdraw`)).statusCode).toBe(409)
    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/applications/${ayseApp.id}/decline`))
        .statusCode,
    ).toBe(409)

    // Swapping the mentors: Carla (Pankow, asked not to be paired within Pankow) cannot get the Pankow mentor.
    const tandems = () => db.select().from(mentoringTandems)
    const active = (await tandems()).filter((x) => x.status === 'active')
    const refused = await post(coordinator.session, `/mentoring/${programmeId}/tandems/swap`, [
      ['first', active[0]!.id],
      ['second', active[1]!.id],
    ])
    expect(refused.statusCode).toBe(422)
    expect((await tandems()).filter((x) => x.status === 'active')).toHaveLength(2)

    const ayseTandem = active.find((x) => x.menteeApplicationId === ayseApp.id)!
    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/tandems/${ayseTandem.id}/dissolve`))
        .statusCode,
    ).toBe(303)
    expect(
      (await post(coordinator.session, `/mentoring/${programmeId}/tandems/${ayseTandem.id}/dissolve`))
        .statusCode,
    ).toBe(409)
    const after = await tandems()
    expect(after.find((x) => x.id === ayseTandem.id)!.status).toBe('dissolved')
    // Ayse is free again and suggested with the Pankow mentor (the only free one).
    const again = await get(coordinator.session, `/mentoring/${programmeId}/pairing`)
    expect(again.body).toContain('Bestätigen')
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents)).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['mentoring.tandem_paired', 'mentoring.tandem_dissolved']))
  })
})

import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildDistrict,
  buildEvent,
  buildFederation,
  buildHelpRequest,
  buildLocalGroup,
  buildMember,
  buildState,
  buildUser,
  insertPartnershipRow,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Actor } from '../../platform/auth/actor.js'
import { FieldError, ForbiddenError, NotFoundError } from '../../platform/errors.js'
import { helpRecords, helpRequests, helpShifts } from '../help/index.js'
import { startOnboarding } from '../onboarding/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { consents, volunteerApplications, volunteerProjects } from '../volunteers/tables.js'
import type { FigureLine } from './figures.js'
import { can, reportsSeen } from './policy.js'
import { addSection, lastHalfYear, publishReport, saveReport, startReport, viewReport } from './service.js'
import { boardReportSections } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const deps = () => t.app.deps
const H1 = { from: '2026-01-01', to: '2026-06-30' }

function line(figures: FigureLine[], name: string, type?: string) {
  const found = figures.find((f) => f.name === name && f.type === type)
  if (!found) throw new Error(`no figure ${name}`)
  return found
}

/** A KV in a state with a second KV, the KV's board as an actor. */
async function kvWorld() {
  const federal = await buildFederation(db())
  const state = await buildState(db(), federal)
  const kv = await buildDistrict(db(), state)
  const neighbour = await buildDistrict(db(), state)
  const boardUser = await buildUser(db(), { member: kv, roles: [['board', kv]] })
  const board = actorFor(boardUser, [['board', kv]])
  return { federal, state, kv, neighbour, board }
}

async function newMembers(kv: OrgUnit, n: number, enteredOn: string) {
  const rows = []
  for (let i = 0; i < n; i++) rows.push(await buildMember(db(), kv, { enteredOn }))
  await startOnboarding(db(), undefined, rows, t.clock.now(), { since: '2025-01-01' })
  return rows
}

describe('lastHalfYear', () => {
  test('the half-year that has ended', () => {
    expect(lastHalfYear('2026-11-21')).toEqual(H1)
    expect(lastHalfYear('2026-03-02')).toEqual({ from: '2025-07-01', to: '2025-12-31' })
    expect(lastHalfYear('2026-07-01')).toEqual(H1)
  })
})

describe('startReport', () => {
  test('drafts the sections from the data of the period, counted independently here', async () => {
    const w = await kvWorld()
    const local = await buildLocalGroup(db(), w.kv)
    // New members: 6 in the period (one of them in a local group), 2 before it, 3 in the neighbour KV.
    await newMembers(w.kv, 5, '2026-03-01')
    await buildMember(db(), w.kv, { localUnitId: local.id, enteredOn: '2026-05-05' })
    await newMembers(w.kv, 2, '2025-12-31')
    await newMembers(w.neighbour, 3, '2026-02-01')
    // Events: two Stammtische (one co-hosted with childcare), a Fest step-free, one outside, one draft.
    await buildEvent(db(), [w.kv, w.neighbour], {
      startsAt: new Date('2026-02-10T18:00:00Z'),
      endsAt: new Date('2026-02-10T20:00:00Z'),
      inclusion: {
        stepFree: false,
        accessibleToilet: false,
        childcare: { minAge: 3, maxAge: 10, signUpBy: null },
      } as never,
    })
    await buildEvent(db(), [local], {
      startsAt: new Date('2026-04-10T18:00:00Z'),
      endsAt: new Date('2026-04-10T20:00:00Z'),
    })
    await buildEvent(db(), [w.kv], {
      type: 'fest',
      startsAt: new Date('2026-06-30T20:00:00Z'),
      endsAt: new Date('2026-06-30T21:00:00Z'),
      inclusion: { stepFree: true, accessibleToilet: true, childcare: null } as never,
    })
    // 23:30 in Berlin on 30 June is still in the period; half past midnight on 1 July is not.
    await buildEvent(db(), [w.kv], {
      startsAt: new Date('2026-06-30T21:30:00Z'),
      endsAt: new Date('2026-06-30T21:50:00Z'),
    })
    await buildEvent(db(), [w.kv], {
      startsAt: new Date('2026-06-30T22:30:00Z'),
      endsAt: new Date('2026-06-30T23:00:00Z'),
    })
    await buildEvent(db(), [w.kv], {
      status: 'draft',
      startsAt: new Date('2026-03-10T18:00:00Z'),
      endsAt: new Date('2026-03-10T20:00:00Z'),
    })
    // Help: one request whose only shift still on is full, one with room; help given to and received from the neighbour.
    const full = await buildHelpRequest(db(), w.kv, { capacity: 2 })
    await db().update(helpShifts).set({ taken: 2 }).where(eq(helpShifts.id, full.shift.id))
    // A second shift of the full request was cancelled with nobody on it: the request is still filled.
    const { id: _, ...shift } = full.shift
    await db()
      .insert(helpShifts)
      .values({ ...shift, taken: 0, capacity: 4, cancelledAt: new Date('2026-03-02T10:00:00Z') })
    const open = await buildHelpRequest(db(), w.kv, { capacity: 5 })
    const late = await buildHelpRequest(db(), w.kv, { capacity: 5 })
    await db()
      .update(helpRequests)
      .set({ createdAt: new Date('2026-03-01T10:00:00Z') })
      .where(inArray(helpRequests.id, [full.request.id, open.request.id]))
    await db()
      .update(helpRequests)
      .set({ createdAt: new Date('2026-07-01T10:00:00Z') })
      .where(eq(helpRequests.id, late.request.id))
    await db()
      .insert(helpRecords)
      .values([
        {
          helperUnitId: w.kv.id,
          helpedUnitId: w.neighbour.id,
          kind: 'flyer',
          helpedOn: '2026-05-01',
          people: 6,
          personMinutes: 720,
        },
        {
          helperUnitId: w.neighbour.id,
          helpedUnitId: w.kv.id,
          kind: 'fest',
          helpedOn: '2026-06-01',
          people: 2,
          personMinutes: 90,
        },
        {
          helperUnitId: w.neighbour.id,
          helpedUnitId: w.kv.id,
          kind: 'fest',
          helpedOn: '2026-07-01',
          people: 9,
          personMinutes: 900,
        },
      ])
    // Partnerships: one active, one proposed (not a partner yet).
    await insertPartnershipRow(db(), w.kv, w.neighbour, { status: 'active' })
    await insertPartnershipRow(db(), w.kv, await buildDistrict(db(), w.state), { status: 'proposed' })

    const report = await startReport(deps(), w.board, w.kv.id, H1)
    expect(report.status).toBe('draft')
    expect(report.title).toBe(`1. Halbjahresbericht des Kreisvorstands ${w.kv.name}`)
    const sections = await db()
      .select()
      .from(boardReportSections)
      .where(eq(boardReportSections.reportId, report.id))
      .orderBy(boardReportSections.position)
    expect(sections.map((s) => s.kind)).toEqual([
      'new_members',
      'events',
      'help',
      'partnerships',
      'volunteers',
      'mentoring',
      'surveys',
      'resolutions',
    ])
    const [members, events, help, partners] = sections.map((s) => s.figures)

    expect(line(members!, 'joined').value).toBe(6)
    // Five pipelines in the KV, none reached: 0 % in time, on a base of five; the state's base is 8.
    expect(line(members!, 'reachedInTime')).toMatchObject({ value: 0, state: 0 })

    expect(line(events!, 'events').value).toBe(4)
    expect(line(events!, 'eventsOfType', 'stammtisch').value).toBe(3)
    expect(line(events!, 'eventsOfType', 'fest').value).toBe(1)
    expect(line(events!, 'coHosted').value).toBe(1)
    expect(line(events!, 'childcare').value).toBe(1)
    expect(line(events!, 'stepFree').value).toBe(1)

    expect(line(help!, 'requestsPosted').value).toBe(2)
    expect(line(help!, 'requestsFilled').value).toBe(1)
    expect(line(help!, 'shifts').value).toBe(2)
    expect(line(help!, 'peopleGiven').value).toBe(6)
    expect(line(help!, 'hoursGiven').value).toBe(12)
    expect(line(help!, 'hoursReceived').value).toBe(1.5)
    // Two helpers are too few to be shown.
    expect(line(help!, 'peopleReceived')).toMatchObject({ value: null, suppressed: true })

    expect(line(partners!, 'partners').value).toBe(1)

    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'report.started'), eq(auditEvents.objectId, report.id)))
    expect(audit?.unitId).toBe(w.kv.id)
  })

  test('small groups of new members are withheld, as in the onboarding benchmark', async () => {
    const w = await kvWorld()
    await newMembers(w.kv, 3, '2026-02-01')
    await newMembers(w.neighbour, 6, '2026-02-01')
    const report = await startReport(deps(), w.board, w.kv.id, H1)
    const { sections } = await viewReport(deps(), w.board, report.id)
    const figures = sections[0]!.figures
    expect(line(figures, 'joined')).toMatchObject({ value: null, suppressed: true })
    expect(line(figures, 'reachedInTime')).toMatchObject({ value: null, suppressed: true })
    // The state's nine new members are enough.
    expect(line(figures, 'reachedInTime').state).toBe(0)
  })

  test('the period defaults to the last half-year and must run forwards', async () => {
    const w = await kvWorld()
    const report = await startReport(deps(), w.board, w.kv.id, {})
    expect([report.periodFrom, report.periodTo]).toEqual([H1.from, H1.to])
    await expect(
      startReport(deps(), w.board, w.kv.id, { from: '2026-06-01', to: '2026-05-01' }),
    ).rejects.toThrow(FieldError)
    const second = await startReport(deps(), w.board, w.kv.id, { from: '2026-01-01', to: '2026-03-31' })
    expect(second.title).toBe(`2. Bericht des Kreisvorstands ${w.kv.name}`)
  })

  test('only the unit’s own board starts one; an office above, another board and a visitor are refused', async () => {
    const w = await kvWorld()
    const office = actorFor(await buildUser(db(), { roles: [['state_office', w.state]] }), [
      ['state_office', w.state],
    ])
    const otherBoard = actorFor(await buildUser(db()), [['board', w.neighbour]])
    await expect(startReport(deps(), office, w.kv.id, H1)).rejects.toThrow(ForbiddenError)
    await expect(startReport(deps(), otherBoard, w.kv.id, H1)).rejects.toThrow(ForbiddenError)
    await expect(startReport(deps(), undefined, w.kv.id, H1)).rejects.toThrow(ForbiddenError)
    await expect(startReport(deps(), otherBoard, '00000000-0000-4000-8000-000000000000', H1)).rejects.toThrow(
      NotFoundError,
    )
  })
})

describe('the volunteers section and the board’s own sections', () => {
  test('pool and project calls of the period, counted independently here; small groups withheld', async () => {
    const w = await kvWorld()
    const consent = (memberId: string, withdrawn = false) => ({
      memberId,
      purpose: 'volunteer_pool',
      scope: 'own_kv',
      textVersion: 'v1',
      textHash: 'h',
      givenAt: new Date('2026-01-05T10:00:00Z'),
      withdrawnAt: withdrawn ? new Date('2026-02-01T10:00:00Z') : null,
    })
    const inKv = []
    for (let i = 0; i < 7; i++) inKv.push(await buildMember(db(), w.kv))
    const elsewhere = await buildMember(db(), w.neighbour)
    // 6 current consents in the KV, one withdrawn, one in the neighbour KV: the pool is 6.
    await db()
      .insert(consents)
      .values([
        ...inKv.slice(0, 6).map((m) => consent(m.id)),
        consent(inKv[6]!.id, true),
        consent(elsewhere.id),
      ])
    const boardUserId = w.board.userId
    const project = (unitId: string, createdAt: string) => ({
      unitId,
      createdById: boardUserId,
      title: 'Website',
      description: 'Hilfe bei der Website',
      weeks: 4,
      hours: 2,
      deadline: '2026-12-31',
      createdAt: new Date(createdAt),
    })
    const [staffed, unstaffed, before] = await db()
      .insert(volunteerProjects)
      .values([
        project(w.kv.id, '2026-02-01T10:00:00Z'),
        project(w.kv.id, '2026-03-01T10:00:00Z'),
        project(w.kv.id, '2025-12-01T10:00:00Z'),
      ])
      .returning()
    const app = (projectId: string, memberId: string, status: 'applied' | 'accepted') => ({
      projectId,
      memberId,
      status,
      createdAt: new Date('2026-03-02T10:00:00Z'),
    })
    await db()
      .insert(volunteerApplications)
      .values([
        app(staffed!.id, inKv[0]!.id, 'accepted'),
        app(staffed!.id, inKv[1]!.id, 'accepted'),
        app(unstaffed!.id, inKv[2]!.id, 'applied'),
        app(before!.id, inKv[3]!.id, 'accepted'),
      ])

    const report = await startReport(deps(), w.board, w.kv.id, H1)
    const view = await viewReport(deps(), w.board, report.id)
    const volunteers = view.sections.find((s) => s.kind === 'volunteers')!
    expect(volunteers.heading).toBe('Ehrenamt und Projekte')
    expect(line(volunteers.figures, 'pool').value).toBe(6)
    expect(line(volunteers.figures, 'projects').value).toBe(2)
    expect(line(volunteers.figures, 'projectsStaffed').value).toBe(1)
    // Two accepted helpers are fewer than five people: withheld.
    expect(line(volunteers.figures, 'projectHelpers')).toMatchObject({ value: null, suppressed: true })
  })

  test('the board adds, names and writes sections of its own; they have no figures and keep their order', async () => {
    const w = await kvWorld()
    const report = await startReport(deps(), w.board, w.kv.id, H1)
    const first = await addSection(deps(), w.board, report.id, { heading: 'Vernetzung der Beiräte' })
    const second = await addSection(deps(), w.board, report.id, { heading: 'Situation im Viertel' })
    await saveReport(
      deps(),
      w.board,
      report.id,
      {
        title: 'Bericht',
        authors: 'Vorstand',
        salutation: 'Hallo',
        introduction: '',
        outlook: '',
        thanks: '',
      },
      {
        [first.id]: {
          body: 'Treffen der Beiräte.',
          hidden: false,
          heading: 'Vernetzung der Beiratsfraktionen',
        },
        [second.id]: { body: 'Ein Sicherheitsdienst.', hidden: false },
      },
    )
    const view = await viewReport(deps(), w.board, report.id)
    expect(view.sections.map((s) => s.kind)).toEqual([
      'new_members',
      'events',
      'help',
      'partnerships',
      'volunteers',
      'mentoring',
      'surveys',
      'resolutions',
      'custom',
      'custom',
    ])
    expect(view.sections.slice(-2).map((s) => [s.heading, s.body, s.figures])).toEqual([
      ['Vernetzung der Beiratsfraktionen', 'Treffen der Beiräte.', []],
      ['Situation im Viertel', 'Ein Sicherheitsdienst.', []],
    ])
    const office = actorFor(await buildUser(db()), [['state_office', w.state]])
    await expect(addSection(deps(), office, report.id, { heading: 'X' })).rejects.toThrow(ForbiddenError)
    await publishReport(deps(), t.app.config, w.board, report.id, { audience: 'members' })
    await expect(addSection(deps(), w.board, report.id, { heading: 'Zu spät' })).rejects.toThrow(FieldError)
  })
})

describe('publishing', () => {
  test('freezes the figures; members read it then, not before; a published report is not changed', async () => {
    const w = await kvWorld()
    const memberUser = await buildUser(db(), { member: w.kv })
    const member: Actor = { ...actorFor(memberUser), memberUnitPath: w.kv.path }
    await newMembers(w.kv, 5, '2026-02-01')
    const report = await startReport(deps(), w.board, w.kv.id, H1)
    await expect(viewReport(deps(), member, report.id)).rejects.toThrow(NotFoundError)

    const { sections } = await viewReport(deps(), w.board, report.id)
    const texts = Object.fromEntries(
      sections.map((s) => [s.id, { body: `Text ${s.kind}`, hidden: s.kind === 'help' }]),
    )
    await saveReport(
      deps(),
      w.board,
      report.id,
      {
        title: 'Bericht',
        authors: 'Vorstand',
        salutation: 'Liebe alle,',
        introduction: 'Hallo',
        outlook: '',
        thanks: 'Danke',
      },
      texts,
    )
    await publishReport(deps(), t.app.config, w.board, report.id, { audience: 'members' })
    // A member entering later (backdated into the period) changes live figures, not the published ones.
    await newMembers(w.kv, 3, '2026-03-01')
    const read = await viewReport(deps(), member, report.id)
    expect(read.report.status).toBe('published')
    expect(read.report.introduction).toBe('Hallo')
    expect(line(read.sections[0]!.figures, 'joined').value).toBe(5)
    expect(read.sections.find((s) => s.kind === 'help')?.hidden).toBe(true)
    expect(read.canWrite).toBe(false)
    await expect(
      publishReport(deps(), t.app.config, w.board, report.id, { audience: 'members' }),
    ).rejects.toThrow(FieldError)
  })
})

describe('policy', () => {
  const kv = { id: 'kv', path: '/f/s/kv/' }
  const grant = (role: Actor['grants'][number]['role'], unitId: string, unitPath: string) => ({
    role,
    unitId,
    unitPath,
  })
  const actor = (grants: Actor['grants'], memberUnitPath: string | null = null): Actor => ({
    userId: 'u',
    sessionId: 's',
    email: 'e',
    displayName: 'd',
    memberId: memberUnitPath ? 'm' : null,
    homeUnitId: null,
    memberUnitPath,
    grants,
  })
  const people: Record<string, Actor | undefined> = {
    anonymous: undefined,
    memberOfKv: actor([grant('member', 'kv', '/f/s/kv/')], '/f/s/kv/'),
    memberOfLocalGroup: actor([], '/f/s/kv/og/'),
    memberElsewhere: actor([], '/f/s/other/'),
    coordinatorOfKv: actor([grant('coordinator', 'kv', '/f/s/kv/')]),
    boardOfKv: actor([grant('board', 'kv', '/f/s/kv/')]),
    boardOfOtherKv: actor([grant('board', 'other', '/f/s/other/')]),
    stateOffice: actor([grant('state_office', 's', '/f/s/')]),
    otherStateOffice: actor([grant('state_office', 's2', '/f/s2/')]),
    federalOffice: actor([grant('federal_office', 'f', '/f/')]),
  }
  // [write, read draft, read published to members, read published to the public, reports in the list]
  type Row = [boolean, boolean, boolean, boolean, 'all' | 'published' | 'public']
  const table: Record<string, Row> = {
    anonymous: [false, false, false, true, 'public'],
    memberOfKv: [false, false, true, true, 'published'],
    memberOfLocalGroup: [false, false, true, true, 'published'],
    memberElsewhere: [false, false, false, true, 'public'],
    coordinatorOfKv: [false, false, false, true, 'public'],
    boardOfKv: [true, true, true, true, 'all'],
    boardOfOtherKv: [false, false, false, true, 'public'],
    stateOffice: [false, true, true, true, 'all'],
    otherStateOffice: [false, false, false, true, 'public'],
    federalOffice: [false, true, true, true, 'all'],
  }
  test.each(Object.entries(table))('%s', (who, [write, draft, toMembers, toPublic, seen]) => {
    const a = people[who]
    expect([
      can(a, 'report.write', { unit: kv }),
      can(a, 'report.read', { unit: kv, status: 'draft', audience: 'members' }) &&
        can(a, 'report.read', { unit: kv, status: 'draft', audience: 'public' }),
      can(a, 'report.read', { unit: kv, status: 'published', audience: 'members' }),
      can(a, 'report.read', { unit: kv, status: 'published', audience: 'public' }),
      reportsSeen(a, kv),
    ]).toEqual([write, draft, toMembers, toPublic, seen])
  })
})

import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildMember,
  buildPartnership,
  buildState,
  buildUser,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Actor, Role } from '../../platform/auth/actor.js'
import { FieldError, ForbiddenError, NotFoundError } from '../../platform/errors.js'
import type { OrgUnit } from '../org-units/index.js'
import {
  acceptCoordinatorRole,
  acceptPartnership,
  addTwinTown,
  changePartnershipStatus,
  declinePartnership,
  listMyPartnerships,
  nameCoordinator,
  proposePartnership,
  setCoordinatorEmailConsent,
  viewPartnership,
} from './service/index.js'
import { partnershipStatusChanges, partnerships } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const actorOf = (user: TestUser, grants: [Role, OrgUnit][]): Actor => ({
  userId: user.id,
  sessionId: 'test',
  email: user.email,
  displayName: 'Test',
  memberId: user.memberId,
  homeUnitId: null,
  grants: grants.map(([role, unit]) => ({ role, unitId: unit.id, unitPath: unit.path })),
})
const details = { kind: 'partnership' as const, tags: ['east_west' as const] }

async function world() {
  const federal = await buildFederation(db())
  const west = await buildState(db(), federal)
  const east = await buildState(db(), federal)
  const a = await buildDistrict(db(), west)
  const b = await buildDistrict(db(), east)
  const c = await buildDistrict(db(), east)
  const boardA = actorOf(await buildUser(db(), { member: a }), [['board', a]])
  const boardB = actorOf(await buildUser(db(), { member: b }), [['board', b]])
  const boardC = actorOf(await buildUser(db(), { member: c }), [['board', c]])
  const memberA = actorOf(await buildUser(db(), { member: a }), [['member', a]])
  const office = actorOf(await buildUser(db()), [['federal_office', federal]])
  return { federal, a, b, c, boardA, boardB, boardC, memberA, office }
}

describe('proposePartnership and its answer', () => {
  test('the board of A proposes, the board of B accepts, and both steps are in the history with who and when', async () => {
    const w = await world()
    const p = await proposePartnership(t.app.deps, w.boardA, { unitAId: w.a.id, unitBId: w.b.id, ...details })
    expect(p.status).toBe('proposed')
    t.clock.advance(24 * 3600_000)
    const accepted = await acceptPartnership(t.app.deps, w.boardB, p.id)
    expect(accepted.status).toBe('agreed')
    const history = await db()
      .select()
      .from(partnershipStatusChanges)
      .where(eq(partnershipStatusChanges.partnershipId, p.id))
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.changedById])).toEqual([
      [null, 'proposed', w.boardA.userId],
      ['proposed', 'agreed', w.boardB.userId],
    ])
    expect(history[1]!.changedOn).toBe('2026-11-22')
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.objectId, p.id))
    expect(audit.map((e) => e.action).sort()).toEqual(['partnership.accepted', 'partnership.proposed'])
  })

  test('a member of A cannot propose', async () => {
    const w = await world()
    await expect(
      proposePartnership(t.app.deps, w.memberA, { unitAId: w.a.id, unitBId: w.b.id, ...details }),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })

  test('the board of an unrelated C neither sees the proposal nor finds it in its list', async () => {
    const w = await world()
    const p = await proposePartnership(t.app.deps, w.boardA, { unitAId: w.a.id, unitBId: w.b.id, ...details })
    await expect(viewPartnership(t.app.deps, w.boardC, p.id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(acceptPartnership(t.app.deps, w.boardC, p.id)).rejects.toBeInstanceOf(NotFoundError)
    const listC = await listMyPartnerships(t.app.deps, w.boardC)
    expect(listC.all).toHaveLength(0)
    const listB = await listMyPartnerships(t.app.deps, w.boardB)
    expect(listB.waiting.map((r) => r.partnership.id)).toEqual([p.id])
  })

  test('the proposing side cannot accept its own proposal', async () => {
    const w = await world()
    const p = await proposePartnership(t.app.deps, w.boardA, { unitAId: w.a.id, unitBId: w.b.id, ...details })
    await expect(acceptPartnership(t.app.deps, w.boardA, p.id)).rejects.toBeInstanceOf(ForbiddenError)
  })

  test('declining keeps the reason in the history', async () => {
    const w = await world()
    const p = await proposePartnership(t.app.deps, w.boardA, { unitAId: w.a.id, unitBId: w.b.id, ...details })
    const declined = await declinePartnership(t.app.deps, w.boardB, p.id, { reason: 'Wir haben schon zwei.' })
    expect(declined.status).toBe('declined')
    const [last] = await db()
      .select()
      .from(partnershipStatusChanges)
      .where(
        and(
          eq(partnershipStatusChanges.partnershipId, p.id),
          eq(partnershipStatusChanges.toStatus, 'declined'),
        ),
      )
    expect(last?.note).toBe('Wir haben schon zwei.')
    expect(last?.changedById).toBe(w.boardB.userId)
  })

  test('a district may partner with a local group, but not with itself, an unknown unit or twice at once', async () => {
    const w = await world()
    const gerlingen = await buildLocalGroup(db(), w.c)
    const ok = await proposePartnership(t.app.deps, w.boardA, {
      unitAId: w.a.id,
      unitBId: gerlingen.id,
      ...details,
    })
    expect(ok.status).toBe('proposed')
    const field = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: FieldError) => [e.field, e.code],
      )
    expect(
      await field(proposePartnership(t.app.deps, w.boardA, { unitAId: w.a.id, unitBId: w.a.id, ...details })),
    ).toEqual(['unitBId', 'partnerships.errors.self'])
    expect(
      await field(
        proposePartnership(t.app.deps, w.boardA, {
          unitAId: w.a.id,
          unitBId: '00000000-0000-4000-8000-000000000000',
          ...details,
        }),
      ),
    ).toEqual(['unitBId', 'partnerships.errors.unknownUnit'])
    expect(
      await field(
        proposePartnership(t.app.deps, w.boardA, { unitAId: w.a.id, unitBId: gerlingen.id, ...details }),
      ),
    ).toEqual(['unitBId', 'partnerships.errors.exists'])
  })
})

describe('the open-pair constraint of the database', () => {
  test('a second open partnership for a pair is refused in either order, and allowed again after the first ended', async () => {
    const { partnership, unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    await expect(db().insert(partnerships).values({ unitAId: unitA.id, unitBId: unitB.id })).rejects.toThrow()
    await expect(db().insert(partnerships).values({ unitAId: unitB.id, unitBId: unitA.id })).rejects.toThrow()
    await db().update(partnerships).set({ status: 'ended' }).where(eq(partnerships.id, partnership.id))
    const [again] = await db()
      .insert(partnerships)
      .values({ unitAId: unitB.id, unitBId: unitA.id })
      .returning()
    expect(again?.status).toBe('proposed')
  })

  test('a race past the check turns into the same field error', async () => {
    const w = await world()
    const input = { unitAId: w.a.id, unitBId: w.b.id, ...details }
    const both = await Promise.allSettled([
      proposePartnership(t.app.deps, w.boardA, input),
      proposePartnership(t.app.deps, w.boardA, input),
    ])
    const rejected = both.filter((r) => r.status === 'rejected')
    expect(rejected).toHaveLength(1)
    const reason = (rejected[0] as PromiseRejectedResult).reason as FieldError
    expect(reason).toBeInstanceOf(FieldError)
    expect(reason.code).toBe('partnerships.errors.exists')
  })
})

describe('changePartnershipStatus', () => {
  test('active → dormant → active → ended is recorded with date and person; ended cannot be revived', async () => {
    const { partnership, boardA, boardB, unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const a = actorOf(boardA, [['board', unitA]])
    const b = actorOf(boardB, [['board', unitB]])
    const today = t.clock.now().toISOString().slice(0, 10)
    await changePartnershipStatus(t.app.deps, a, partnership.id, {
      status: 'dormant',
      changedOn: '2025-03-01',
    })
    await changePartnershipStatus(t.app.deps, b, partnership.id, { status: 'active' })
    await changePartnershipStatus(t.app.deps, a, partnership.id, { status: 'ended', note: 'Aufgelöst' })
    await expect(
      changePartnershipStatus(t.app.deps, a, partnership.id, { status: 'active' }),
    ).rejects.toMatchObject({ field: 'status', code: 'partnerships.errors.transition' })
    const rows = await db()
      .select()
      .from(partnershipStatusChanges)
      .where(eq(partnershipStatusChanges.partnershipId, partnership.id))
    expect(rows.slice(1).map((r) => [r.toStatus, r.changedOn, r.changedById])).toEqual([
      ['dormant', '2025-03-01', boardA.id],
      ['active', today, boardB.id],
      ['ended', today, boardA.id],
    ])
  })
})

describe('coordinators', () => {
  test('a side names one of its members; only that person may publish their e-mail address', async () => {
    const { partnership, boardA, unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const a = actorOf(boardA, [['board', unitA]])
    const stranger = await buildMember(db(), unitB)
    await expect(
      nameCoordinator(t.app.deps, a, partnership.id, { side: 'a', memberId: stranger.id }),
    ).rejects.toMatchObject({ field: 'memberId' })
    const local = await buildLocalGroup(db(), unitA)
    const coordinatorUser = await buildUser(db(), { member: local })
    await nameCoordinator(t.app.deps, a, partnership.id, { side: 'a', memberId: coordinatorUser.memberId! })
    await expect(
      setCoordinatorEmailConsent(t.app.deps, a, partnership.id, { side: 'a', emailPublic: true }),
    ).rejects.toBeInstanceOf(ForbiddenError)
    const self = actorOf(coordinatorUser, [])
    const updated = await setCoordinatorEmailConsent(t.app.deps, self, partnership.id, {
      side: 'a',
      emailPublic: true,
    })
    expect(updated.coordinatorAEmailPublic).toBe(true)
    const before = await viewPartnership(t.app.deps, undefined, partnership.id)
    expect(before.coordinatorA).toMatchObject({ id: null, name: null, email: null, accepted: false })
    expect((await viewPartnership(t.app.deps, a, partnership.id)).coordinatorA?.name).toMatch(/\S/)
    await expect(acceptCoordinatorRole(t.app.deps, a, partnership.id, { side: 'a' })).rejects.toBeInstanceOf(
      ForbiddenError,
    )
    await acceptCoordinatorRole(t.app.deps, self, partnership.id, { side: 'a' })
    const page = await viewPartnership(t.app.deps, undefined, partnership.id)
    expect(page.coordinatorA?.email).toMatch(/@example\.org$/)
    expect(page.coordinatorA?.name).toMatch(/\S/)
    // Naming the person again asks them again: the name is hidden until they accept once more.
    await nameCoordinator(t.app.deps, a, partnership.id, { side: 'a', memberId: coordinatorUser.memberId! })
    const renamed = await viewPartnership(t.app.deps, undefined, partnership.id)
    expect(renamed.coordinatorA).toMatchObject({ name: null, email: null })
  })
})

describe('twin towns', () => {
  test('Gerlingen–Gefell is linked by official keys and shown with names; unknown keys are field errors', async () => {
    const { partnership, boardA, unitA } = await buildPartnership(db(), { status: 'active' })
    const a = actorOf(boardA, [['board', unitA]])
    await addTwinTown(t.app.deps, a, partnership.id, {
      municipalityAAgs: '08118019',
      municipalityBAgs: '16075131',
    })
    await expect(
      addTwinTown(t.app.deps, a, partnership.id, {
        municipalityAAgs: '08118019',
        municipalityBAgs: '99999999',
      }),
    ).rejects.toMatchObject({ field: 'municipalityBAgs', code: 'partnerships.errors.unknownMunicipality' })
    const page = await viewPartnership(t.app.deps, a, partnership.id)
    expect(page.twinTowns.map((tw) => [tw.municipalityAName, tw.municipalityBName])).toEqual([
      ['Gerlingen', 'Gefell'],
    ])
  })
})

import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildHelpRequest,
  buildMember,
  buildPartnership,
  buildUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Actor } from '../../platform/auth/actor.js'
import { members } from '../members/index.js'
import type { OrgUnit } from '../org-units/index.js'
import { cancelSignup, completeShift, signUpForShift } from './service/index.js'
import { helpRecords, helpShifts, helpSignups } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const deps = () => t.app.deps
const links = { publicUrl: 'https://bruecken.example.org' }

/** An actor for a member, as a session would resolve it; the audit trail only needs some user id. */
function memberActor(memberId: string, email = `${memberId.slice(0, 8)}@example.org`): Actor {
  return {
    userId: randomUUID(),
    sessionId: randomUUID(),
    email,
    displayName: 'Helfer:in',
    memberId,
    homeUnitId: null,
    grants: [],
  }
}

async function coordinatorOf(unit: OrgUnit): Promise<Actor> {
  const user = await buildUser(db(), { roles: [['coordinator', unit]] })
  return actorFor(user, [['coordinator', unit]])
}

/** Many members of one unit at once, without accounts. */
async function bulkMembers(unit: OrgUnit, n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    memberNumber: `B${randomUUID().slice(0, 12)}${i}`,
    firstName: 'Viele',
    lastName: `Nr-${i}`,
    email: `viele-${randomUUID().slice(0, 8)}@example.org`,
    homeUnitId: unit.id,
  }))
  return db().insert(members).values(rows).returning()
}

async function statuses(shiftId: string) {
  const rows = await db().select().from(helpSignups).where(eq(helpSignups.shiftId, shiftId))
  const by = (s: string) => rows.filter((r) => r.status === s).length
  const [shift] = await db().select().from(helpShifts).where(eq(helpShifts.id, shiftId))
  return {
    confirmed: by('confirmed'),
    waitlisted: by('waitlisted'),
    cancelled: by('cancelled'),
    rows,
    taken: shift!.taken,
  }
}

describe('capacity, waitlist and moving up', () => {
  test('a full shift puts the next person on the waitlist, and a cancellation moves them up with an e-mail', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 2 })
    const [m1, m2, m3] = [
      await buildMember(db(), unitB),
      await buildMember(db(), unitB),
      await buildMember(db(), unitB, { email: 'waiting@example.org', firstName: 'Wanda' }),
    ]
    expect((await signUpForShift(deps(), memberActor(m1!.id), shift.id)).signup.status).toBe('confirmed')
    expect((await signUpForShift(deps(), memberActor(m2!.id), shift.id)).signup.status).toBe('confirmed')
    expect((await signUpForShift(deps(), memberActor(m3!.id), shift.id)).signup.status).toBe('waitlisted')

    const { promoted } = await cancelSignup(deps(), memberActor(m1!.id), shift.id, links)
    expect(promoted?.memberId).toBe(m3!.id)
    expect(await statuses(shift.id)).toMatchObject({ confirmed: 2, waitlisted: 0, cancelled: 1 })
    const mail = (await t.outbox()).find((m) => m.to === 'waiting@example.org')
    expect(mail?.subject).toContain('nachgerückt')
    expect(mail?.text).toContain('Hallo Wanda')
    expect(mail?.text).toContain('https://bruecken.example.org/help/')
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'help.signup.promoted'), eq(auditEvents.objectId, promoted!.id)))
    expect(audit).toHaveLength(1)
  })

  test('the waitlist moves up in the order people joined it', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'agreed' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 1 })
    const [first, second, third] = await bulkMembers(unitB, 3)
    for (const m of [first!, second!, third!]) await signUpForShift(deps(), memberActor(m.id), shift.id)
    expect((await cancelSignup(deps(), memberActor(first!.id), shift.id, links)).promoted?.memberId).toBe(
      second!.id,
    )
    expect((await cancelSignup(deps(), memberActor(second!.id), shift.id, links)).promoted?.memberId).toBe(
      third!.id,
    )
  })

  test('a member of a KV that only proposed a partnership cannot see or sign up (404)', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'proposed' })
    const { shift } = await buildHelpRequest(db(), unitA)
    const m = await buildMember(db(), unitB)
    await expect(signUpForShift(deps(), memberActor(m.id), shift.id)).rejects.toMatchObject({ status: 404 })
  })
})

describe('signing up under load', () => {
  test('500 concurrent sign-ups for 100 places confirm exactly 100 and waitlist 400', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 100 })
    const crowd = await bulkMembers(unitB, 500)
    const outcomes = await Promise.all(crowd.map((m) => signUpForShift(deps(), memberActor(m.id), shift.id)))
    expect(outcomes.filter((o) => o.signup.status === 'confirmed')).toHaveLength(100)
    expect(await statuses(shift.id)).toMatchObject({ confirmed: 100, waitlisted: 400, taken: 100 })
  }, 120_000)

  test('the places taken always equal the confirmed sign-ups, through sign-ups, cancellations and signing up again at once', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 8 })
    const crowd = await bulkMembers(unitB, 20)
    const actors = crowd.map((m) => memberActor(m.id))
    // Three waves at once: everyone signs up; half cancel while the rest sign up again (a repeat);
    // those who cancelled sign up again while others cancel.
    await Promise.all(actors.map((a) => signUpForShift(deps(), a, shift.id)))
    expect(await statuses(shift.id)).toMatchObject({ confirmed: 8, waitlisted: 12, taken: 8 })
    await Promise.all(
      actors.map((a, i) =>
        i % 2 === 0 ? cancelSignup(deps(), a, shift.id, links) : signUpForShift(deps(), a, shift.id),
      ),
    )
    const middle = await statuses(shift.id)
    expect(middle.taken).toBe(middle.confirmed)
    expect(middle.confirmed).toBe(8)
    await Promise.all(
      actors.map((a, i) =>
        i % 2 === 0
          ? signUpForShift(deps(), a, shift.id)
          : i % 4 === 1
            ? cancelSignup(deps(), a, shift.id, links)
            : null,
      ),
    )
    const end = await statuses(shift.id)
    expect(end.taken).toBe(end.confirmed)
    expect(end.confirmed).toBeLessThanOrEqual(8)
    // Nobody waits while a place is free.
    if (end.waitlisted > 0) expect(end.confirmed).toBe(8)
  }, 60_000)

  test('a cancelled place with nobody waiting is free again, and the next sign-up takes it', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 1 })
    const [first, second] = await bulkMembers(unitB, 2)
    await signUpForShift(deps(), memberActor(first!.id), shift.id)
    await cancelSignup(deps(), memberActor(first!.id), shift.id, links)
    expect(await statuses(shift.id)).toMatchObject({ confirmed: 0, taken: 0 })
    expect((await signUpForShift(deps(), memberActor(second!.id), shift.id)).signup.status).toBe('confirmed')
    // The first one comes back: the shift is full, so the old row queues anew on the waitlist.
    const again = await signUpForShift(deps(), memberActor(first!.id), shift.id)
    expect(again).toMatchObject({ created: true, signup: { status: 'waitlisted' } })
    expect(await statuses(shift.id)).toMatchObject({ confirmed: 1, waitlisted: 1, taken: 1 })
  })

  test('a repeated sign-up (double click, retry) returns the existing one and never signs up twice', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { shift } = await buildHelpRequest(db(), unitA, { capacity: 5 })
    const m = await buildMember(db(), unitB)
    const actor = memberActor(m.id)
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => signUpForShift(deps(), actor, shift.id)),
    )
    expect(new Set(outcomes.map((o) => o.signup.id)).size).toBe(1)
    expect(outcomes.filter((o) => o.created)).toHaveLength(1)
    expect(await statuses(shift.id)).toMatchObject({ confirmed: 1, waitlisted: 0, taken: 1 })
  })
})

describe('completing a shift', () => {
  test('attended sign-ups × duration become one help record per helping KV, once', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const { shift } = await buildHelpRequest(db(), unitA, {
      capacity: 10,
      shift: { startsAt: new Date('2026-11-22T09:00:00Z'), endsAt: new Date('2026-11-22T13:00:00Z') },
    })
    const helpers = await bulkMembers(unitB, 3)
    const own = await buildMember(db(), unitA)
    for (const m of [...helpers, own]) await signUpForShift(deps(), memberActor(m.id), shift.id)
    const absent = (await statuses(shift.id)).rows.find((r) => r.memberId === helpers[2]!.id)!
    t.clock.advance(2 * 24 * 3600_000)
    try {
      const { records } = await completeShift(deps(), await coordinatorOf(unitA), shift.id, {
        absent: [absent.id],
      })
      expect(records).toHaveLength(1)
      const [record] = await db().select().from(helpRecords).where(eq(helpRecords.shiftId, shift.id))
      expect(record).toMatchObject({
        helperUnitId: unitB.id,
        helpedUnitId: unitA.id,
        people: 2,
        personMinutes: 2 * 4 * 60,
        helpedOn: '2026-11-22',
        municipalityAgs: '16075131',
      })
      await expect(
        completeShift(deps(), await coordinatorOf(unitA), shift.id, { absent: [] }),
      ).rejects.toMatchObject({
        status: 409,
      })
    } finally {
      t.clock.advance(-2 * 24 * 3600_000)
    }
  })
})

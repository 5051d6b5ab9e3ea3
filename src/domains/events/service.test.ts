import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildDistrict,
  buildEvent,
  buildMember,
  buildPartnership,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import { ForbiddenError, NotFoundError } from '../../platform/errors.js'
import { toLocal } from '../../platform/time.js'
import type { OrgUnit } from '../org-units/index.js'
import type { EventInput } from './input.js'
import { EventFormInput } from './input.js'
import * as service from './service/index.js'
import { eventRsvps } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => {
  await t.close()
})

const db = () => t.database.db
const env = () => ({ deps: t.app.deps, config: t.app.config })
const answers = { participation: 'on_site' as const, childrenAges: [], accessNeeds: undefined }

function eventInput(hosts: OrgUnit[], overrides: Record<string, string | string[]> = {}): EventInput {
  const parsed = EventFormInput.parse({
    hostUnitIds: hosts.map((h) => h.id),
    type: 'neumitgliedertreffen',
    title: 'Neumitgliedertreffen',
    day: '2027-01-01',
    startTime: '19:00',
    endTime: '21:00',
    audience: 'own_members',
    publish: 'on',
    ...overrides,
  })
  return parsed
}

async function memberOf(unit: OrgUnit) {
  const user = await buildUser(db(), { member: unit })
  return actorFor(user, [['member', unit]])
}

describe('createEvent', () => {
  test('a coordinator creates a monthly series that stays at 19:00 Berlin time across the DST change', async () => {
    const kv = await buildDistrict(db())
    const coordinator = actorFor(await buildUser(db()), [['coordinator', kv]])
    const { occurrences } = await service.createEvent(
      t.app.deps,
      coordinator,
      eventInput([kv], { day: '2027-02-01', repeat: 'monthly', ordinal: '-1', weekday: '0', months: '9' }),
    )
    expect(occurrences).toHaveLength(9)
    for (const e of occurrences) expect(toLocal(e.startsAt).hour).toBe(19)
    const march = occurrences.find((e) => e.startsAt.toISOString().startsWith('2027-03-28'))!
    const october = occurrences.find((e) => e.startsAt.toISOString().startsWith('2027-10-31'))!
    expect(march.startsAt.toISOString()).toBe('2027-03-28T17:00:00.000Z')
    expect(october.startsAt.toISOString()).toBe('2027-10-31T18:00:00.000Z')
    expect(new Set(occurrences.map((e) => e.seriesId)).size).toBe(1)
  })

  test('a plain member cannot create an event for their KV', async () => {
    const kv = await buildDistrict(db())
    await expect(
      service.createEvent(t.app.deps, await memberOf(kv), eventInput([kv])),
    ).rejects.toBeInstanceOf(ForbiddenError)
  })

  test('a partner KV co-hosts, a stranger KV cannot be made a host', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const stranger = await buildDistrict(db())
    const coordinator = actorFor(await buildUser(db()), [['coordinator', unitA]])
    const { event } = await service.createEvent(t.app.deps, coordinator, eventInput([unitA, unitB]))
    const page = await service.viewEvent(t.app.deps, coordinator, event.id)
    expect(page.hosts.map((h) => h.id).sort()).toEqual([unitA.id, unitB.id].sort())
    await expect(
      service.createEvent(t.app.deps, coordinator, eventInput([unitA, stranger])),
    ).rejects.toMatchObject({ field: 'hostUnitIds' })
  })
})

describe('who sees which event', () => {
  test('public, own members, partner members, state and a stranger', async () => {
    const { state, unitA, unitB } = await buildPartnership(db(), { status: 'active' })
    const sameState = await buildDistrict(db(), state)
    const otherState = await buildDistrict(db())
    const byAudience = {
      public: await buildEvent(db(), [unitA], { audience: 'public' }),
      own_members: await buildEvent(db(), [unitA], { audience: 'own_members' }),
      partner_members: await buildEvent(db(), [unitA], { audience: 'partner_members' }),
      state: await buildEvent(db(), [unitA], { audience: 'state' }),
    }
    const people = {
      anonymous: undefined,
      ownMember: await memberOf(unitA),
      partnerMember: await memberOf(unitB),
      stateMember: await memberOf(sameState),
      stranger: await memberOf(otherState),
    }
    const expected: Record<keyof typeof people, (keyof typeof byAudience)[]> = {
      anonymous: ['public'],
      ownMember: ['public', 'own_members', 'partner_members', 'state'],
      partnerMember: ['public', 'partner_members', 'state'],
      stateMember: ['public', 'state'],
      stranger: ['public'],
    }
    for (const [who, actor] of Object.entries(people)) {
      const seen: string[] = []
      for (const [audience, event] of Object.entries(byAudience)) {
        try {
          await service.viewEvent(t.app.deps, actor, event.id)
          seen.push(audience)
        } catch (err) {
          expect(err).toBeInstanceOf(NotFoundError)
        }
      }
      expect({ who, seen }).toEqual({ who, seen: expected[who as keyof typeof people] })
    }
  })

  test('a draft is seen by its organisers only', async () => {
    const kv = await buildDistrict(db())
    const draft = await buildEvent(db(), [kv], { status: 'draft' })
    const coordinator = actorFor(await buildUser(db()), [['coordinator', kv]])
    await expect(service.viewEvent(t.app.deps, await memberOf(kv), draft.id)).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect((await service.viewEvent(t.app.deps, coordinator, draft.id)).can.organise).toBe(true)
  })

  test('a proposed partnership does not open partner events yet', async () => {
    const { unitA, unitB } = await buildPartnership(db(), { status: 'proposed' })
    const event = await buildEvent(db(), [unitA], { audience: 'partner_members' })
    await expect(service.viewEvent(t.app.deps, await memberOf(unitB), event.id)).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('registerForEvent', () => {
  test('the same member registering twice has one RSVP', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { capacity: 5 })
    const actor = await memberOf(kv)
    await service.registerForEvent(t.app.deps, actor, event.id, answers)
    await Promise.all([
      service.registerForEvent(t.app.deps, actor, event.id, { ...answers, childrenAges: [4] }),
      service.registerForEvent(t.app.deps, actor, event.id, answers),
    ])
    const rows = await db().select().from(eventRsvps).where(eq(eventRsvps.eventId, event.id))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.status).toBe('confirmed')
  })

  test('50 concurrent sign-ups for 10 places confirm exactly 10 and put 40 on the waitlist', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { capacity: 10 })
    const actors = await Promise.all(Array.from({ length: 50 }, () => memberOf(kv)))
    const results = await Promise.all(
      actors.map((a) => service.registerForEvent(t.app.deps, a, event.id, answers)),
    )
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(10)
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(40)
    const rows = await db().select().from(eventRsvps).where(eq(eventRsvps.eventId, event.id))
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(10)
  })

  test('a cancellation promotes the first person waiting, who gets an e-mail', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { capacity: 1, title: 'Sommerfest am Weserwehr' })
    const first = await memberOf(kv)
    const second = await memberOf(kv)
    const third = await memberOf(kv)
    await service.registerForEvent(t.app.deps, first, event.id, answers)
    t.clock.advance(1000)
    expect((await service.registerForEvent(t.app.deps, second, event.id, answers)).status).toBe('waitlisted')
    t.clock.advance(1000)
    expect((await service.registerForEvent(t.app.deps, third, event.id, answers)).status).toBe('waitlisted')
    await service.cancelRsvp(env(), first, event.id)
    const rows = await db().select().from(eventRsvps).where(eq(eventRsvps.eventId, event.id))
    const statusOf = (userId: string) => rows.find((r) => r.userId === userId)!.status
    expect(statusOf(first.userId)).toBe('cancelled')
    expect(statusOf(second.userId)).toBe('confirmed')
    expect(statusOf(third.userId)).toBe('waitlisted')
    const mail = (await t.outbox())[0]!
    expect(mail.to).toBe(second.email)
    expect(mail.subject).toContain('Sommerfest am Weserwehr')
  })

  test('a stranger cannot register for a members-only event of another KV', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'own_members' })
    await expect(
      service.registerForEvent(t.app.deps, await memberOf(await buildDistrict(db())), event.id, answers),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('planning figures and access needs', () => {
  test('organisers see children by age group and access needs, which are gone after the event', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], {
      startsAt: new Date(t.clock.now().getTime() + 3600_000),
      endsAt: new Date(t.clock.now().getTime() + 3 * 3600_000),
      inclusion: { onlineParticipation: true } as never,
    })
    const coordinator = actorFor(await buildUser(db()), [['coordinator', kv]])
    await service.registerForEvent(t.app.deps, await memberOf(kv), event.id, {
      participation: 'on_site',
      childrenAges: [1, 4, 12],
      accessNeedKinds: ['wheelchair', 'hearing_loop'],
      accessNeeds: 'Rollstuhl, bitte Platz am Gang',
    })
    await service.registerForEvent(t.app.deps, await memberOf(kv), event.id, {
      participation: 'online',
      childrenAges: [],
      accessNeedKinds: ['sign_language', 'hearing_loop'],
      accessNeeds: undefined,
    })
    const plan = await service.planEvent(t.app.deps, coordinator, event.id)
    expect(plan.figures.onSite).toBe(1)
    expect(plan.figures.online).toBe(1)
    expect(Object.fromEntries(plan.figures.children.map((c) => [c.group, c.count]))).toEqual({
      '0-2': 1,
      '3-5': 1,
      '6-9': 0,
      '10-13': 1,
      '14+': 0,
    })
    expect(plan.accessNeeds.map((a) => a.text)).toEqual(['Rollstuhl, bitte Platz am Gang'])
    // The ticks are counted per need, with no name attached to them.
    expect(Object.fromEntries(plan.accessNeedCounts.map((c) => [c.kind, c.confirmed]))).toEqual({
      wheelchair: 1,
      step_free: 0,
      sign_language: 1,
      hearing_loop: 2,
      easy_language: 0,
      quiet_room: 0,
    })
    expect(JSON.stringify(plan.accessNeedCounts)).not.toMatch(/Test |@example/)
    await expect(service.planEvent(t.app.deps, await memberOf(kv), event.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    )

    t.clock.advance(4 * 3600_000)
    const after = await service.planEvent(t.app.deps, coordinator, event.id)
    expect(after.accessNeeds).toEqual([])
    const rows = await db().select().from(eventRsvps).where(eq(eventRsvps.eventId, event.id))
    expect(rows.every((r) => r.accessNeeds === null && r.accessNeedKinds.length === 0)).toBe(true)
    expect(after.accessNeedCounts.every((c) => c.confirmed === 0)).toBe(true)
    expect(await service.purgeEndedAccessNeeds(t.app.deps)).toBe(0)
  })
})

describe('guests', () => {
  test('a guest is confirmed by the single-use link from their e-mail and only then takes a place', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { capacity: 1, audience: 'public' })
    await service.registerGuest(
      env(),
      event.id,
      { ...answers, name: 'Gast', email: 'gast@example.org' },
      'de',
    )
    const rows = await db().select().from(eventRsvps).where(eq(eventRsvps.eventId, event.id))
    expect(rows[0]!.status).toBe('unconfirmed')
    // An unconfirmed guest holds no place: a member still gets the only one.
    const member = await memberOf(kv)
    expect((await service.registerForEvent(t.app.deps, member, event.id, answers)).status).toBe('confirmed')
    const mail = (await t.outbox())[0]!
    expect(mail.to).toBe('gast@example.org')
    const token = /\/events\/rsvp\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!
    const confirmed = await service.confirmGuestRsvp(env(), token, 'de')
    expect(confirmed.rsvp.status).toBe('waitlisted')
    await expect(service.confirmGuestRsvp(env(), token, 'de')).rejects.toBeInstanceOf(
      service.InvalidRsvpLinkError,
    )
    // The second mail carries the link to cancel; cancelling frees nothing here, the guest was waiting.
    const second = (await t.outbox())[0]!
    expect(second.subject).toContain('Angemeldet')
    const cancelToken = /\/events\/rsvp\/([A-Za-z0-9_-]+)/.exec(second.text)![1]!
    expect(cancelToken).not.toBe(token)
    const cancelled = await service.cancelGuestRsvp(env(), cancelToken)
    expect(cancelled.rsvp.status).toBe('cancelled')
    await expect(service.cancelGuestRsvp(env(), cancelToken)).rejects.toBeInstanceOf(
      service.InvalidRsvpLinkError,
    )
  })

  test('guests cannot register for a members-only event', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], { audience: 'own_members' })
    await expect(
      service.registerGuest(env(), event.id, { ...answers, name: 'Gast', email: 'g@example.org' }, 'de'),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('sendEventReminders', () => {
  test('people with a place get one reminder the day before, however often it runs', async () => {
    const state = await buildState(db())
    const kv = await buildDistrict(db(), state)
    // The clock stands at 2026-11-21 11:00 Berlin; the event is tomorrow evening.
    const event = await buildEvent(db(), [kv], { title: `Stammtisch ${kv.id.slice(0, 6)}` })
    const later = await buildEvent(db(), [kv], {
      startsAt: new Date('2026-11-24T18:00:00Z'),
      endsAt: new Date('2026-11-24T20:00:00Z'),
    })
    const member = await memberOf(kv)
    await buildMember(db(), kv)
    await service.registerForEvent(t.app.deps, member, event.id, answers)
    await service.registerForEvent(t.app.deps, member, later.id, answers)
    const before = (await t.outbox()).length
    await service.sendEventReminders(t.app.deps, t.app.config)
    await service.sendEventReminders(t.app.deps, t.app.config)
    const sent = (await t.outbox()).slice(0, (await t.outbox()).length - before)
    const mine = sent.filter((m) => m.to === member.email)
    expect(mine).toHaveLength(1)
    expect(mine[0]!.subject).toContain(event.title)
  })
})

describe('attendance', () => {
  test('an attendee checks in with the code; an organiser ticks another off; the counts stay', async () => {
    const kv = await buildDistrict(db())
    const event = await buildEvent(db(), [kv], {
      startsAt: new Date(t.clock.now().getTime() - 600_000),
      endsAt: new Date(t.clock.now().getTime() + 3600_000),
      checkInCode: 'KX7P2Q',
    })
    const coordinator = actorFor(await buildUser(db()), [['coordinator', kv]])
    const a = await memberOf(kv)
    const b = await memberOf(kv)
    await service.registerForEvent(t.app.deps, a, event.id, answers)
    const rb = await service.registerForEvent(t.app.deps, b, event.id, answers)
    await expect(service.checkInToEvent(t.app.deps, a, event.id, 'WRONG1')).rejects.toMatchObject({
      field: 'code',
    })
    await service.checkInToEvent(t.app.deps, a, event.id, 'kx7p2q')
    await service.markAttendance(t.app.deps, coordinator, event.id, rb.id, true)
    const [counts] = await service.attendanceOf(t.app.deps, [event.id])
    expect(counts).toMatchObject({ confirmed: 2, attended: 2 })
  })
})

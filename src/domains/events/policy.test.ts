import { describe, expect, test } from 'vitest'
import type { Actor, Grant } from '../../platform/auth/actor.js'
import { can, type EventSubject, statePathOf } from './policy.js'

const host = { path: '/f/s1/kvA/' }
const partner = '/f/s2/kvP/'
const actor = (...grants: [Grant['role'], string][]): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'u@example.org',
  displayName: 'U',
  memberId: null,
  homeUnitId: null,
  grants: grants.map(([role, unitPath]) => ({ role, unitPath, unitId: unitPath })),
  leadPowers: true,
})
/** A team KV A hosts, led by the member 'lead'. */
const team = {
  id: 't',
  name: 'AG Mitgliederarbeit',
  hostId: 'kvA',
  hostName: 'KV A',
  hostPath: host.path,
  ended: false,
  leadMemberIds: ['lead'],
}
const event = (
  audience: EventSubject['audience'],
  status: EventSubject['status'] = 'published',
): EventSubject => ({
  audience,
  status,
  hosts: [host],
  partnerPaths: [partner],
  team: null,
})

describe('event.view', () => {
  test.each([
    ['anyone', undefined, 'public', true],
    ['anyone', undefined, 'own_members', false],
    ['a member of the host', actor(['member', '/f/s1/kvA/']), 'own_members', true],
    ['a member of a local group below the host', actor(['member', '/f/s1/kvA/og/']), 'own_members', false],
    ['a member of a partner KV', actor(['member', partner]), 'own_members', false],
    ['a member of a partner KV', actor(['member', partner]), 'partner_members', true],
    ['a member of another KV in the state', actor(['member', '/f/s1/kvB/']), 'state', true],
    ['a member of another KV in the state', actor(['member', '/f/s1/kvB/']), 'partner_members', false],
    ['a member in another state', actor(['member', '/f/s3/kvC/']), 'state', false],
    ['the state office', actor(['state_office', '/f/s1/']), 'own_members', true],
  ] as const)('%s, audience %s → %s', (_who, a, audience, allowed) => {
    expect(can(a, 'event.view', { event: event(audience) })).toBe(allowed)
  })

  test('a draft is only for coordinators and boards of a host', () => {
    expect(can(actor(['member', host.path]), 'event.view', { event: event('public', 'draft') })).toBe(false)
    expect(can(actor(['coordinator', host.path]), 'event.view', { event: event('public', 'draft') })).toBe(
      true,
    )
    expect(can(undefined, 'event.view', { event: event('public', 'draft') })).toBe(false)
  })
})

describe('creating and registering', () => {
  test('coordinators and boards of the host create; members and partner coordinators do not', () => {
    expect(can(actor(['coordinator', host.path]), 'event.create', { hosts: [host] })).toBe(true)
    expect(can(actor(['board', host.path]), 'event.create', { hosts: [host] })).toBe(true)
    expect(can(actor(['member', host.path]), 'event.create', { hosts: [host] })).toBe(false)
    expect(can(actor(['coordinator', partner]), 'event.create', { hosts: [host] })).toBe(false)
  })

  test("a team's active leads create and manage its events, hosted by the team's host; its other members do not", () => {
    const lead = { ...actor(['member', host.path]), memberId: 'lead' }
    const member = { ...actor(['member', host.path]), memberId: 'plain' }
    expect(can(lead, 'event.create', { hosts: [host], team })).toBe(true)
    expect(can(member, 'event.create', { hosts: [host], team })).toBe(false)
    expect(can(lead, 'event.create', { hosts: [host] })).toBe(false)
    // Each host must be one the actor organises for: another KV is not, for a lead.
    expect(can(lead, 'event.create', { hosts: [host, { path: partner }], team })).toBe(false)
    const draft = { ...event('own_members', 'draft'), team }
    expect(can(lead, 'event.edit', { event: draft })).toBe(true)
    expect(can(lead, 'event.organise', { event: draft })).toBe(true)
    expect(can(member, 'event.view', { event: draft })).toBe(false)
    expect(can(member, 'event.edit', { event: { ...draft, status: 'published' } })).toBe(false)
    // A team that has ended has no leads any more: its events are the host's coordinators' alone.
    const ended = { ...draft, team: { ...team, ended: true, leadMemberIds: [] } }
    expect(can(lead, 'event.edit', { event: ended })).toBe(false)
    expect(can(actor(['coordinator', host.path]), 'event.edit', { event: ended })).toBe(true)
  })

  test('a lead whose second factor is pending, or an actor that does not say its lead powers are on, organises nothing', () => {
    const draft = { ...event('own_members', 'draft'), team }
    const pending: Actor = {
      ...actor(['member', host.path]),
      memberId: 'lead',
      leadPowers: false,
      secondFactor: { step: 'enrol', heldBack: ['team_lead'] },
    }
    const { leadPowers: _, ...unsaid } = { ...actor(['member', host.path]), memberId: 'lead' }
    for (const a of [pending, unsaid]) {
      expect(can(a, 'event.create', { hosts: [host], team })).toBe(false)
      expect(can(a, 'event.organise', { event: draft })).toBe(false)
      expect(can(a, 'event.organise', { event: { ...draft, status: 'published' } })).toBe(false)
    }
  })

  test('guests register only for published public events', () => {
    expect(can(undefined, 'event.guestRsvp', { event: event('public') })).toBe(true)
    expect(can(undefined, 'event.guestRsvp', { event: event('state') })).toBe(false)
    expect(can(undefined, 'event.guestRsvp', { event: event('public', 'cancelled') })).toBe(false)
  })

  test('the state of a unit path is its second level', () => {
    expect(statePathOf('/f/s1/kvA/og/')).toBe('/f/s1/')
    expect(statePathOf('/f/')).toBe('/f/')
  })
})

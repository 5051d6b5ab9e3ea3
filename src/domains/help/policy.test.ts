import { describe, expect, test } from 'vitest'
import type { Actor, Grant } from '../../platform/auth/actor.js'
import { can, type RequestSubject, statePathOf, type Viewer } from './policy.js'
import type { HelpVisibility } from './tables.js'

// Two states under one federation: KV "post" posts; "partner" partners with it from the other state.
const fed = '/f/'
const post = { id: 'post', path: '/f/s1/post/' }
const neighbour = { id: 'nb', path: '/f/s1/nb/' }
const partner = { id: 'partner', path: '/f/s2/partner/' }
const stranger = { id: 'str', path: '/f/s2/str/' }

function viewer(memberUnitPath: string | null, grants: Grant[] = []): Viewer {
  const actor: Actor = {
    userId: 'u',
    sessionId: 's',
    email: 'x@example.org',
    displayName: 'X',
    memberId: memberUnitPath ? 'm' : null,
    homeUnitId: null,
    grants,
    leadPowers: true,
  }
  return { actor, memberUnitPath }
}

const request = (visibility: HelpVisibility): RequestSubject => ({
  unit: post,
  visibility,
  status: 'open',
  partnerUnitIds: [partner.id],
})

const viewers = {
  ownMember: viewer(post.path),
  ownLocalMember: viewer(`${post.path}ov/`),
  partnerMember: viewer(partner.path),
  stateMember: viewer(neighbour.path),
  otherMember: viewer(stranger.path),
  coordinatorWithoutMembership: viewer(null, [{ role: 'coordinator', unitId: post.id, unitPath: post.path }]),
  federalOffice: viewer(null, [{ role: 'federal_office', unitId: 'f', unitPath: fed }]),
  accountWithoutMembership: viewer(null),
  anonymous: { actor: undefined, memberUnitPath: null } satisfies Viewer,
} as const

// The truth table: who sees a request in each circle.
const table: Record<keyof typeof viewers, [partners: boolean, state: boolean, party: boolean]> = {
  ownMember: [true, true, true],
  ownLocalMember: [true, true, true],
  partnerMember: [true, true, true],
  stateMember: [false, true, true],
  otherMember: [false, false, true],
  coordinatorWithoutMembership: [true, true, true],
  federalOffice: [true, true, true],
  accountWithoutMembership: [false, false, false],
  anonymous: [false, false, false],
}

describe('who sees a help request', () => {
  for (const [name, expected] of Object.entries(table)) {
    test(`${name} sees partners/state/party requests: ${expected.join('/')}`, () => {
      const v = viewers[name as keyof typeof viewers]
      const seen = (['partners', 'state', 'party'] as const).map((vis) =>
        can(v, 'request.view', { request: request(vis) }),
      )
      expect(seen).toEqual(expected)
    })
  }

  test('a partnership that is not open (no partner id passed in) opens nothing', () => {
    const s = { ...request('partners'), partnerUnitIds: [] }
    expect(can(viewers.partnerMember, 'request.view', { request: s })).toBe(false)
  })

  test('a closed request takes no more sign-ups, but stays visible', () => {
    const s = { ...request('party'), status: 'closed' as const }
    expect(can(viewers.otherMember, 'request.view', { request: s })).toBe(true)
    expect(can(viewers.otherMember, 'shift.signUp', { request: s })).toBe(false)
  })

  test('someone signed up before the circle narrowed still sees the request, but signs up for nothing new', () => {
    const s = { ...request('partners'), signedUp: true }
    expect(can(viewers.otherMember, 'request.view', { request: s })).toBe(true)
    expect(can(viewers.otherMember, 'shift.signUp', { request: s })).toBe(false)
    expect(can(viewers.otherMember, 'travel.add', { request: s })).toBe(false)
    expect(can(viewers.otherMember, 'travel.view', { request: s, participant: true })).toBe(false)
    expect(can(viewers.otherMember, 'request.manage', { request: s })).toBe(false)
  })
})

describe('who may do what', () => {
  test('only coordinators and above of the posting KV manage a request', () => {
    const s = { request: request('party') }
    expect(can(viewers.coordinatorWithoutMembership, 'request.manage', s)).toBe(true)
    expect(can(viewers.ownMember, 'request.manage', s)).toBe(false)
    expect(can(viewers.partnerMember, 'request.manage', s)).toBe(false)
  })

  test("a team's active leads post and manage its requests for the unit hosting it; its other members do not", () => {
    const team = { id: 't', hostId: post.id, ended: false, leadMemberIds: ['m'] }
    const lead = viewers.ownMember
    const plain: Viewer = { ...lead, actor: { ...lead.actor!, memberId: 'other' } }
    const unit = { ...post, kind: 'district' }
    expect(can(lead, 'request.post', { unit, team })).toBe(true)
    expect(can(plain, 'request.post', { unit, team })).toBe(false)
    expect(can(lead, 'request.post', { unit: { ...neighbour, kind: 'district' }, team })).toBe(false)
    const r = { ...request('partners'), team }
    expect(can(lead, 'request.manage', { request: r })).toBe(true)
    expect(can(lead, 'travel.view', { request: r, participant: false })).toBe(true)
    expect(can(plain, 'request.manage', { request: r })).toBe(false)
    const ended = { ...r, team: { ...team, ended: true } }
    expect(can(lead, 'request.manage', { request: ended })).toBe(false)
    expect(can(viewers.coordinatorWithoutMembership, 'request.manage', { request: ended })).toBe(true)
  })

  test('a lead whose second factor is pending, or an actor that does not say its lead powers are on, manages nothing', () => {
    const team = { id: 't', hostId: post.id, ended: false, leadMemberIds: ['m'] }
    const lead = viewers.ownMember
    const pending: Viewer = { ...lead, actor: { ...lead.actor!, leadPowers: false } }
    const { leadPowers: _, ...unsaid } = lead.actor!
    const r = { ...request('partners'), team }
    for (const v of [pending, { ...lead, actor: unsaid }]) {
      expect(can(v, 'request.post', { unit: { ...post, kind: 'district' }, team })).toBe(false)
      expect(can(v, 'request.manage', { request: r })).toBe(false)
      expect(can(v, 'travel.view', { request: r, participant: false })).toBe(false)
      // As a member of the posting KV the request stays visible.
      expect(can(v, 'request.view', { request: r })).toBe(true)
    }
  })

  test('the travel board is for participants and coordinators only', () => {
    const r = request('party')
    expect(can(viewers.otherMember, 'travel.view', { request: r, participant: false })).toBe(false)
    expect(can(viewers.otherMember, 'travel.view', { request: r, participant: true })).toBe(true)
    expect(can(viewers.coordinatorWithoutMembership, 'travel.view', { request: r, participant: false })).toBe(
      true,
    )
  })

  test('white spots are for the board and offices above, not for coordinators', () => {
    const board = viewer(null, [{ role: 'board', unitId: post.id, unitPath: post.path }])
    expect(can(board, 'whiteSpots.view', { unit: post })).toBe(true)
    expect(can(viewers.coordinatorWithoutMembership, 'whiteSpots.view', { unit: post })).toBe(false)
    expect(can(viewers.federalOffice, 'whiteSpots.view', { unit: post })).toBe(true)
  })

  test('the state path is the first two levels of a path', () => {
    expect(statePathOf('/f/s1/post/ov/')).toBe('/f/s1/')
  })
})

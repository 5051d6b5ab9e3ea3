import { describe, expect, test } from 'vitest'
import type { Actor, Grant, Role } from '../../platform/auth/actor.js'
import { can, type TeamSubject } from './policy.js'

const host = { path: '/f/s/kv/' }
const grant = (role: Role, unitPath: string): Grant => ({ role, unitId: unitPath, unitPath })
const actor = (grants: Grant[], memberUnitPath: string | null): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'x@example.org',
  displayName: 'X',
  memberId: memberUnitPath ? 'm' : null,
  homeUnitId: null,
  memberUnitPath,
  grants,
  leadPowers: true,
})

/** Who, for a team hosted by the KV `/f/s/kv/`. */
const people: Record<string, Actor | undefined> = {
  anonymous: undefined,
  'member of the KV': actor([grant('member', '/f/s/kv/')], '/f/s/kv/'),
  'member of its local group': actor([grant('member', '/f/s/kv/og/')], '/f/s/kv/og/'),
  'member of another KV': actor([grant('member', '/f/s/other/')], '/f/s/other/'),
  'coordinator of the KV': actor([grant('coordinator', '/f/s/kv/')], '/f/s/kv/'),
  'coordinator of the KV, no member': actor([grant('coordinator', '/f/s/kv/')], null),
  'coordinator of another KV': actor([grant('coordinator', '/f/s/other/')], null),
  'board of the KV, no member': actor([grant('board', '/f/s/kv/')], null),
  'board of another KV': actor([grant('board', '/f/s/other/')], '/f/s/other/'),
  'state office': actor([grant('state_office', '/f/s/')], null),
  'federal office': actor([grant('federal_office', '/f/')], null),
}

const subject = (over: Partial<TeamSubject> = {}): TeamSubject => ({
  host,
  visibility: 'unit',
  endedAt: null,
  mine: null,
  ...over,
})
const ended = new Date('2026-01-01T00:00:00Z')

const Y = true
const N = false
// create | view | view (party) | join | join (party) | join (ended) | leave | lead | appoint | appoint (ended)
const table: Record<string, boolean[]> = {
  anonymous: [N, N, N, N, N, N, N, N, N, N],
  'member of the KV': [N, Y, Y, Y, Y, N, N, N, N, N],
  'member of its local group': [N, Y, Y, Y, Y, N, N, N, N, N],
  'member of another KV': [N, N, Y, N, Y, N, N, N, N, N],
  'coordinator of the KV': [N, Y, Y, Y, Y, N, N, N, N, N],
  // Organising for the KV (its events and help requests, the team's among them) shows its teams.
  'coordinator of the KV, no member': [N, Y, Y, N, N, N, N, N, N, N],
  'coordinator of another KV': [N, N, N, N, N, N, N, N, N, N],
  'board of the KV, no member': [Y, Y, Y, N, N, N, N, Y, Y, N],
  'board of another KV': [N, N, Y, N, Y, N, N, N, N, N],
  'state office': [Y, Y, Y, N, N, N, N, Y, Y, N],
  'federal office': [Y, Y, Y, N, N, N, N, Y, Y, N],
}

describe('who may do what with a team of a KV, not being in it', () => {
  for (const [who, row] of Object.entries(table)) {
    test(who, () => {
      const a = people[who]
      const party = subject({ visibility: 'party' })
      const got = [
        can(a, 'team.create', host),
        can(a, 'team.view', subject()),
        can(a, 'team.view', party),
        can(a, 'team.join', subject()),
        can(a, 'team.join', party),
        can(a, 'team.join', subject({ endedAt: ended })),
        can(a, 'team.leave', subject()),
        can(a, 'team.lead', subject()),
        can(a, 'team.appoint', subject()),
        can(a, 'team.appoint', subject({ endedAt: ended })),
      ]
      expect(got).toEqual(row)
    })
  }
})

describe('what the own membership changes', () => {
  const member = people['member of another KV']
  // view | join | leave | lead | appoint | appoint (ended)
  const cases: [string, TeamSubject['mine'], boolean[]][] = [
    ['applied', { role: 'member', status: 'applied' }, [Y, N, Y, N, N, N]],
    ['active member', { role: 'member', status: 'active' }, [Y, N, Y, N, N, N]],
    ['active lead', { role: 'lead', status: 'active' }, [Y, N, Y, Y, Y, N]],
    ['left lead', { role: 'lead', status: 'left' }, [Y, N, N, N, N, N]],
    ['declined', { role: 'member', status: 'declined' }, [Y, N, N, N, N, N]],
  ]
  for (const [name, mine, row] of cases) {
    test(name, () => {
      const s = subject({ mine })
      expect([
        can(member, 'team.view', s),
        can(member, 'team.join', s),
        can(member, 'team.leave', s),
        can(member, 'team.lead', s),
        can(member, 'team.appoint', s),
        can(member, 'team.appoint', { ...s, endedAt: ended }),
      ]).toEqual(row)
    })
  }

  test('an active lead whose second factor is pending decides nothing and appoints no one', () => {
    const pending: Actor = {
      ...people['member of another KV']!,
      leadPowers: false,
      secondFactor: { step: 'confirm', heldBack: ['team_lead'] },
    }
    const s = subject({ mine: { role: 'lead', status: 'active' } })
    expect(can(pending, 'team.view', s)).toBe(true)
    expect(can(pending, 'team.lead', s)).toBe(false)
    expect(can(pending, 'team.appoint', s)).toBe(false)
  })

  test('a member who left or was declined may join again while the team runs', () => {
    const member = people['member of the KV']
    expect(can(member, 'team.join', subject({ mine: { role: 'member', status: 'left' } }))).toBe(true)
    expect(can(member, 'team.join', subject({ mine: { role: 'member', status: 'declined' } }))).toBe(true)
  })
})

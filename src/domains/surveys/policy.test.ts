import { describe, expect, test } from 'vitest'
import type { Actor, Grant, Role } from '../../platform/auth/actor.js'
import { can, type SurveyAction } from './policy.js'
import type { SurveyStatus } from './tables.js'

const kv = { path: '/f/s/kv/' }
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
})

/** Who, for a survey of the KV `/f/s/kv/`. */
const people: Record<string, Actor | undefined> = {
  anonymous: undefined,
  'member of the KV': actor([grant('member', '/f/s/kv/')], '/f/s/kv/'),
  'member of its local group': actor([grant('member', '/f/s/kv/')], '/f/s/kv/og/'),
  'member of another KV': actor([grant('member', '/f/s/other/')], '/f/s/other/'),
  'coordinator of the KV': actor([grant('coordinator', '/f/s/kv/')], '/f/s/kv/'),
  'board of the KV': actor([grant('board', '/f/s/kv/')], '/f/s/kv/'),
  'board of another KV': actor([grant('board', '/f/s/other/')], '/f/s/other/'),
  'state office': actor([grant('state_office', '/f/s/')], null),
  'state office of another state': actor([grant('state_office', '/f/t/')], null),
  'federal office': actor([grant('federal_office', '/f/')], null),
  admin: actor([grant('admin', '/f/')], null),
}

const Y = true
const N = false
// manage | view draft | view open | view closed | answer draft | answer open | answer closed
const table: Record<string, boolean[]> = {
  anonymous: [N, N, N, N, N, N, N],
  'member of the KV': [N, N, Y, Y, N, Y, N],
  'member of its local group': [N, N, Y, Y, N, Y, N],
  'member of another KV': [N, N, N, N, N, N, N],
  'coordinator of the KV': [N, N, Y, Y, N, Y, N],
  'board of the KV': [Y, Y, Y, Y, N, Y, N],
  'board of another KV': [N, N, N, N, N, N, N],
  'state office': [Y, Y, Y, Y, N, N, N],
  'state office of another state': [N, N, N, N, N, N, N],
  'federal office': [Y, Y, Y, Y, N, N, N],
  admin: [Y, Y, Y, Y, N, N, N],
}

describe('who may do what with a survey of a KV', () => {
  const statuses: SurveyStatus[] = ['draft', 'open', 'closed']
  for (const [who, row] of Object.entries(table)) {
    test(who, () => {
      const a = people[who]
      const got = [
        can(a, 'survey.manage', kv),
        ...statuses.map((status) => can(a, 'survey.view', { unit: kv, status })),
        ...statuses.map((status) => can(a, 'survey.answer' as SurveyAction, { unit: kv, status })),
      ]
      expect(got).toEqual(row)
    })
  }
})

describe('survey.create', () => {
  test('the board of a unit and the offices above, never on a team', () => {
    const board = people['board of the KV']
    expect(can(board, 'survey.create', { ...kv, kind: 'district' })).toBe(true)
    expect(can(people['state office'], 'survey.create', { ...kv, kind: 'district' })).toBe(true)
    expect(can(people['member of the KV'], 'survey.create', { ...kv, kind: 'district' })).toBe(false)
    expect(can(board, 'survey.create', { path: '/f/s/kv/team/', kind: 'team' })).toBe(false)
    expect(can(undefined, 'survey.create', { ...kv, kind: 'district' })).toBe(false)
  })
})

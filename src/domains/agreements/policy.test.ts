import { describe, expect, test } from 'vitest'
import type { Actor, Grant, Role } from '../../platform/auth/actor.js'
import { type AgreementAction, type AgreementSubject, can } from './policy.js'

// federal /f/ → states /f/n/ and /f/s/ → side A /f/n/a/ (with local group /f/n/a/l/), side B /f/s/b/, a third KV /f/n/c/
const unit = (id: string, path: string) => ({ id, path })
const federal = unit('f', '/f/')
const stateA = unit('n', '/f/n/')
const sideA = unit('a', '/f/n/a/')
const sideB = unit('b', '/f/s/b/')
const third = unit('c', '/f/n/c/')

const actor = (...grants: [Role, { id: string; path: string }][]): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'u@example.org',
  displayName: 'U',
  memberId: null,
  homeUnitId: null,
  grants: grants.map(([role, u]): Grant => ({ role, unitId: u.id, unitPath: u.path })),
})

const draft: AgreementSubject = { unitA: sideA, unitB: sideB, partnershipPublic: true, isPublished: false }
const published: AgreementSubject = { ...draft, isPublished: true }

const who = {
  'board of side A': actor(['board', sideA]),
  'board of side B': actor(['board', sideB]),
  'member of side A': actor(['member', sideA]),
  'coordinator of side A': actor(['coordinator', sideA]),
  'board of a third KV': actor(['board', third]),
  "state office of side A's state": actor(['state_office', stateA]),
  "board of side A's state": actor(['board', stateA]),
  'federal office': actor(['federal_office', federal]),
  anonymous: undefined,
} as const

type Who = keyof typeof who
const table: [AgreementAction, AgreementSubject, Who[]][] = [
  ['agreement.view', draft, ['board of side A', 'board of side B', 'federal office']],
  ['agreement.viewInternals', published, ['board of side A', 'board of side B', 'federal office']],
  ['agreement.edit', draft, ['board of side A', 'board of side B']],
  ['minutes.view', published, ['board of side A', 'board of side B']],
]

describe('agreement policy: only the two boards and the federal office', () => {
  for (const [action, subject, allowed] of table) {
    for (const name of Object.keys(who) as Who[]) {
      const expected = allowed.includes(name)
      test(`${action} (${subject.isPublished ? 'published' : 'draft'}) as ${name} → ${expected}`, () => {
        expect(can(who[name], action, { agreement: subject })).toBe(expected)
      })
    }
  }

  test('a published agreement of a public partnership is readable by everyone', () => {
    for (const name of Object.keys(who) as Who[]) {
      expect(can(who[name], 'agreement.view', { agreement: published })).toBe(true)
    }
  })
})

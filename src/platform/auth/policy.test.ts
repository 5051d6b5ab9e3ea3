import { describe, expect, test } from 'vitest'
import { DomainError, ForbiddenError } from '../errors.js'
import { type Actor, holds } from './actor.js'
import { definePolicy } from './policy.js'

const actor = (grants: Actor['grants']): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'u@example.org',
  displayName: 'U',
  memberId: null,
  homeUnitId: null,
  grants,
})
const board = actor([{ role: 'board', unitId: 'kv', unitPath: '/f/st/kv/' }])

const policy = definePolicy({
  'thing.edit': (a: Actor | undefined, s: { unit: { path: string } }) => holds(a, 'board', s.unit.path),
  'thing.view': (_a: Actor | undefined, s: { open: boolean }) => s.open,
})
const own = { unit: { path: '/f/st/kv/' } }
const other = { unit: { path: '/f/st/other/' } }

describe('definePolicy', () => {
  test('can answers each rule with its subject', () => {
    expect(policy.can(board, 'thing.edit', own)).toBe(true)
    expect(policy.can(board, 'thing.edit', other)).toBe(false)
    expect(policy.can(undefined, 'thing.edit', own)).toBe(false)
    expect(policy.can(undefined, 'thing.view', { open: true })).toBe(true)
    // @ts-expect-error: the subject of another action is a type error
    expect(() => policy.can(board, 'thing.edit', { open: true })).toThrow(TypeError)
  })

  test('authorize passes what the rule allows and refuses the rest with 403, naming the action', () => {
    expect(() => policy.authorize(board, 'thing.edit', own)).not.toThrow()
    const refused = (() => {
      try {
        policy.authorize(board, 'thing.edit', other)
      } catch (err) {
        return err
      }
    })()
    expect(refused).toBeInstanceOf(ForbiddenError)
    expect(refused).toMatchObject({ status: 403, code: 'common.errors.forbidden', action: 'thing.edit' })
    expect(refused).toBeInstanceOf(DomainError)
  })

  test('abilities answers several questions by name, for a view', () => {
    const asks = { edit: ['thing.edit', own], view: ['thing.view', { open: false }] } as const
    expect(policy.abilities(board, asks)).toEqual({ edit: true, view: false })
    expect(policy.abilities(undefined, asks)).toEqual({ edit: false, view: false })
    expect(policy.abilities(board, {})).toEqual({})
  })
})

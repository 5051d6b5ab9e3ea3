import { describe, expect, test } from 'vitest'
import { DomainError, ForbiddenError } from '../errors.js'
import { type Actor, holds } from './actor.js'
import { definePolicy, memberIdOf } from './policy.js'

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

  test('a refusal the policy names shows its own message, still a ForbiddenError naming the action', () => {
    const named = definePolicy(
      { 'thing.act': (a: Actor | undefined, _s: Record<string, never>) => !!a?.memberId },
      { 'thing.act': 'volunteers.errors.actingUnit' },
    )
    for (const refuse of [
      () => named.authorize(board, 'thing.act', {}),
      () => named.authorizeActor(undefined, 'thing.act', {}),
    ]) {
      expect(refuse).toThrow(ForbiddenError)
      try {
        refuse()
      } catch (err) {
        expect(err).toMatchObject({ status: 403, code: 'volunteers.errors.actingUnit', action: 'thing.act' })
      }
    }
  })

  test('authorizeActor refuses what authorize refuses and nobody at all, and hands the actor back', () => {
    const acting: Actor = policy.authorizeActor(board as Actor | undefined, 'thing.edit', own)
    expect(acting).toBe(board)
    expect(() => policy.authorizeActor(board, 'thing.edit', other)).toThrow(ForbiddenError)
    expect(() => policy.authorizeActor(undefined, 'thing.view', { open: true })).toThrow(ForbiddenError)
    expect(policy.authorize(undefined, 'thing.view', { open: true })).toBeUndefined()
  })

  test('abilities answers several questions by name, for a view', () => {
    const asks = { edit: ['thing.edit', own], view: ['thing.view', { open: false }] } as const
    expect(policy.abilities(board, asks)).toEqual({ edit: true, view: false })
    expect(policy.abilities(undefined, asks)).toEqual({ edit: false, view: false })
    expect(policy.abilities(board, {})).toEqual({})
  })

  test('memberIdOf gives the member id of a member and refuses anyone else with 403', () => {
    expect(memberIdOf({ ...board, memberId: 'm' }, 'thing.join')).toBe('m')
    expect(() => memberIdOf(board, 'thing.join')).toThrow(ForbiddenError)
    expect(() => memberIdOf(undefined, 'thing.join')).toThrow(ForbiddenError)
  })
})

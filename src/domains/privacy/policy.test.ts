import { describe, expect, test } from 'vitest'
import type { Actor, Grant } from '../../platform/auth/actor.js'
import { ForbiddenError } from '../../platform/errors.js'
import { authorize, can } from './policy.js'

const actor = (memberId: string | null, grants: Grant[]): Actor => ({
  userId: 'u',
  sessionId: 's',
  email: 'a@example.org',
  displayName: 'A',
  memberId,
  homeUnitId: null,
  grants,
})

describe('privacy.exportOwn', () => {
  test.each([
    ['nobody signed in', undefined, false],
    ['an account without membership or roles', actor(null, []), true],
    ['a member', actor('m', []), true],
    ['an admin of the federation', actor(null, [{ role: 'admin', unitId: 'f', unitPath: '/f/' }]), true],
  ] as const)('%s may read their own data: %s', (_who, a, allowed) => {
    expect(can(a, 'privacy.exportOwn', {})).toBe(allowed)
  })

  test('without a signed-in actor the refusal is a 403 naming the action', () => {
    expect(() => authorize(undefined, 'privacy.exportOwn', {})).toThrow(ForbiddenError)
    expect(() => authorize(undefined, 'privacy.exportOwn', {})).toThrow(
      expect.objectContaining({ status: 403, action: 'privacy.exportOwn' }),
    )
  })
})

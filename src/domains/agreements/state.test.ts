import { describe, expect, test } from 'vitest'
import { agreementState, canRatifyVersion, type RatificationRef } from './state.js'

const r = (side: 'a' | 'b', versionNumber: number): RatificationRef => ({ side, versionNumber })

describe('agreementState', () => {
  test.each([
    ['no ratification is a draft', 1, [], { status: 'draft', inForceVersion: null, pending: null }],
    [
      'one side ratified the only version',
      1,
      [r('a', 1)],
      { status: 'partly_ratified', inForceVersion: null, pending: null },
    ],
    [
      'both sides ratified the same version',
      1,
      [r('a', 1), r('b', 1)],
      { status: 'in_force', inForceVersion: 1, pending: null },
    ],
    [
      'each side ratified a different version',
      2,
      [r('a', 1), r('b', 2)],
      { status: 'partly_ratified', inForceVersion: null, pending: null },
    ],
    [
      'an edit after entry into force starts a draft',
      2,
      [r('a', 1), r('b', 1)],
      { status: 'in_force', inForceVersion: 1, pending: { version: 2, status: 'draft' } },
    ],
    [
      'one side ratified the new draft',
      2,
      [r('a', 1), r('b', 1), r('b', 2)],
      { status: 'in_force', inForceVersion: 1, pending: { version: 2, status: 'partly_ratified' } },
    ],
    [
      'both ratified the new version',
      2,
      [r('a', 1), r('b', 1), r('b', 2), r('a', 2)],
      { status: 'in_force', inForceVersion: 2, pending: null },
    ],
    [
      'an older version ratified by both while a newer draft exists',
      3,
      [r('a', 2), r('b', 2)],
      { status: 'in_force', inForceVersion: 2, pending: { version: 3, status: 'draft' } },
    ],
    [
      'a single ratification of a version older than the one in force does not make it partly ratified',
      3,
      [r('a', 1), r('a', 2), r('b', 2)],
      { status: 'in_force', inForceVersion: 2, pending: { version: 3, status: 'draft' } },
    ],
  ] as const)('%s', (_name, latest, ratifications, expected) => {
    expect(agreementState(latest, ratifications)).toMatchObject(expected)
  })

  test('the versions waiting for the other side are named', () => {
    expect(agreementState(3, [r('a', 1), r('b', 1), r('a', 3)]).awaiting).toEqual([
      { versionNumber: 3, ratifiedBy: 'a' },
    ])
  })
})

describe('canRatifyVersion', () => {
  const ratifications = [r('a', 1), r('b', 1), r('a', 2)]
  const state = agreementState(3, ratifications)
  test.each([
    ['the version in force again', 'b', 1, false],
    ['an older draft the newest one replaced', 'b', 2, false],
    ['a version the side already ratified', 'a', 2, false],
    ['the newest draft', 'a', 3, true],
    ['a version that does not exist', 'a', 4, false],
  ] as const)('%s → %s', (_name, side, version, allowed) => {
    expect(canRatifyVersion(state, 3, ratifications, side, version)).toBe(allowed)
  })
})

// A refusal comes from a domain's rules (definePolicy's `authorize`), never from a throw written by hand in a
// use case or a route: the rules are the one place that says who may do what, and their truth tables test them.

import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { repositoryRoot as root, sourceFiles } from '../support/source-files.js'

/** The lines (from 1) where a DomainError is constructed directly instead of through a named error. */
function handMadeDomainErrors(source: string): number[] {
  return [...source.matchAll(/\bnew\s+DomainError\s*\(/g)].map(
    (m) => source.slice(0, m.index).split('\n').length,
  )
}

describe('refusals come from the policies', () => {
  test('no domain throws a ForbiddenError of its own', () => {
    const found = sourceFiles(join(root, 'src/domains')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          line.includes('new ForbiddenError') ? [`${relative(root, file)}:${i + 1}`] : [],
        ),
    )
    expect(found).toEqual([])
  })

  test('no domain makes a DomainError by hand: a failure is one of the named errors, or a class of its own', () => {
    const found = sourceFiles(join(root, 'src/domains')).flatMap((file) =>
      handMadeDomainErrors(readFileSync(file, 'utf8')).map((line) => `${relative(root, file)}:${line}`),
    )
    expect(found).toEqual([])
  })

  test('the check finds a DomainError made by hand, with a status or without, on one line or several', () => {
    const source = [
      "throw new DomainError('common.form.invalid', 422)",
      'if (!role) throw new DomainError("teams.errors.roleRequired")',
      'throw new DomainError(',
      "  'volunteers.errors.actingUnit',",
      '  403,',
      ')',
      'throw new BadRequestError()',
      'if (err instanceof DomainError && err.status === 409) return',
      'export class InvalidLinkError extends DomainError {',
    ].join('\n')
    expect(handMadeDomainErrors(source)).toEqual([1, 2, 3])
  })

  test('the check finds such a throw where there is one', () => {
    const platform = sourceFiles(join(root, 'src/platform/auth')).filter((file) =>
      readFileSync(file, 'utf8').includes('new ForbiddenError'),
    )
    expect(platform.map((file) => relative(root, file))).toContain('src/platform/auth/policy.ts')
  })
})

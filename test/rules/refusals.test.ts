// A refusal comes from a domain's rules (definePolicy's `authorize`), never from a throw written by hand in a
// use case or a route: the rules are the one place that says who may do what, and their truth tables test them.

import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { repositoryRoot as root, sourceFiles } from '../support/source-files.js'

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

  test('no domain writes a status by hand: a failure is one of the named errors, or a class of its own', () => {
    const found = sourceFiles(join(root, 'src/domains')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /new DomainError\([^)]*,\s*\d{3}\b/.test(line) ? [`${relative(root, file)}:${i + 1}`] : [],
        ),
    )
    expect(found).toEqual([])
  })

  test('the check finds such a throw where there is one', () => {
    const platform = sourceFiles(join(root, 'src/platform/auth')).filter((file) =>
      readFileSync(file, 'utf8').includes('new ForbiddenError'),
    )
    expect(platform.map((file) => relative(root, file))).toContain('src/platform/auth/policy.ts')
  })
})

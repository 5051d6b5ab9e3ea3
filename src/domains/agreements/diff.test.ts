import { describe, expect, test } from 'vitest'
import type { Clause } from './clauses.js'
import { compareVersions, diffWords } from './diff.js'

const clause = (key: string, body: string, extra: Partial<Clause> = {}): Clause => ({
  key,
  type: 'text',
  title: `Klausel ${key}`,
  body,
  params: {},
  ...extra,
})

describe('diffWords', () => {
  test('marks inserted and deleted words and keeps the rest', () => {
    expect(diffWords('einmal im Jahr abwechselnd', 'zweimal im Jahr abwechselnd')).toEqual([
      { op: 'del', text: 'einmal ' },
      { op: 'ins', text: 'zweimal ' },
      { op: 'same', text: 'im Jahr abwechselnd' },
    ])
  })

  test('joining the unchanged and inserted parts gives the new text', () => {
    const parts = diffWords('Die Vorstände treffen sich.', 'Die beiden Vorstände treffen sich jährlich.')
    expect(
      parts
        .filter((p) => p.op !== 'del')
        .map((p) => p.text)
        .join(''),
    ).toBe('Die beiden Vorstände treffen sich jährlich.')
    expect(
      parts
        .filter((p) => p.op !== 'ins')
        .map((p) => p.text)
        .join(''),
    ).toBe('Die Vorstände treffen sich.')
  })
})

describe('compareVersions', () => {
  test('tells added, removed, reworded and unchanged clauses apart', () => {
    const before = [
      clause('1', 'Gleich.'),
      clause('2', 'Wird entfernt.'),
      clause('3', 'Protokolle binnen 30 Tagen.'),
    ]
    const after = [clause('1', 'Gleich.'), clause('3', 'Protokolle binnen 14 Tagen.'), clause('4', 'Neu.')]
    const changes = compareVersions(before, after)
    expect(changes.map((c) => c.kind)).toEqual(['unchanged', 'removed', 'changed', 'added'])
    const changed = changes[2]
    expect(changed?.kind === 'changed' && changed.body).toEqual([
      { op: 'same', text: 'Protokolle binnen ' },
      { op: 'del', text: '30 ' },
      { op: 'ins', text: '14 ' },
      { op: 'same', text: 'Tagen.' },
    ])
  })

  test('a changed parameter alone counts as a change', () => {
    const [change] = compareVersions(
      [clause('m', 'Protokolle.', { type: 'minutes', params: { periodDays: 30 } })],
      [clause('m', 'Protokolle.', { type: 'minutes', params: { periodDays: 14 } })],
    )
    expect(change).toMatchObject({ kind: 'changed', paramsChanged: true, typeChanged: false })
  })
})

import { describe, expect, test } from 'vitest'
import { goalWords, kmBetween, type PairingApplicant, scorePair, suggestPairs, weights } from './pairing.js'

const berlinMitte = { homeUnitId: 'mitte', lat: 52.52, lon: 13.4 }
const berlinPankow = { homeUnitId: 'pankow', lat: 52.57, lon: 13.41 }
const hamburg = { homeUnitId: 'hamburg', lat: 53.55, lon: 9.99 }

const person = (
  id: string,
  role: 'mentee' | 'mentor',
  over: Partial<PairingApplicant> = {},
): PairingApplicant => ({
  id,
  role,
  topics: [],
  goals: '',
  formats: ['online'],
  languages: ['Deutsch'],
  availability: ['weekend'],
  avoidOwnKv: false,
  ...berlinMitte,
  ...over,
})

describe('the score of a pair, factor by factor', () => {
  test.each([
    [
      'shared topics count 10 each',
      { topics: ['Wahlkampf', 'Finanzen'] },
      { topics: ['finanzen', 'Wahlkampf', 'Social Media'] },
      'topics',
      2 * weights.perTopic,
      ['Finanzen', 'Wahlkampf'],
    ],
    [
      'shared words of the goals count 2 each',
      { goals: 'Eine Rede in der Bezirksverordnetenversammlung halten' },
      { goals: 'Ich helfe bei jeder Rede und in der Bezirksverordnetenversammlung' },
      'goals',
      2 * weights.perGoalWord,
      ['bezirksverordnetenversammlung', 'rede'],
    ],
    [
      'a common format',
      { formats: ['online', 'in_person'] },
      { formats: ['in_person'] },
      'format',
      10,
      ['in_person'],
    ],
    ['no common format', { formats: ['online'] }, { formats: ['in_person'] }, 'format', 0, []],
    [
      'a neighbouring KV counts almost fully in person',
      { formats: ['in_person'] },
      { formats: ['in_person'], ...berlinPankow },
      'distance',
      10,
      ['in_person'],
    ],
    [
      'Hamburg is too far to meet in person',
      { formats: ['in_person'] },
      { formats: ['in_person'], ...hamburg },
      'distance',
      0,
      ['in_person'],
    ],
    [
      'distance does not count for an online tandem',
      { formats: ['online'] },
      { formats: ['online'], ...hamburg },
      'distance',
      0,
      [],
    ],
    [
      'shared languages count 5 each',
      { languages: ['Deutsch', 'Türkisch'] },
      { languages: ['türkisch', 'Deutsch', 'Englisch'] },
      'languages',
      2 * weights.perLanguage,
      ['Deutsch', 'Türkisch'],
    ],
    [
      'no language in common',
      { languages: ['Arabisch'] },
      { languages: ['Deutsch'] },
      'languages',
      weights.noLanguage,
      [],
    ],
    ['languages not given', { languages: [] }, { languages: ['Deutsch'] }, 'languages', 0, []],
    [
      'shared times count 5 each',
      { availability: ['weekend', 'weekday_evening'] },
      { availability: ['weekday_evening'] },
      'availability',
      weights.perSlot,
      ['weekday_evening'],
    ],
  ] as const)('%s', (_name, mentee, mentor, factor, expectedPoints, shared) => {
    const s = scorePair(person('a', 'mentee', mentee), person('b', 'mentor', mentor))
    const reason = s.reasons.find((r) => r.factor === factor)!
    expect(reason.points).toBe(expectedPoints)
    expect(reason.shared).toEqual(shared)
    expect(s.score).toBe(s.reasons.reduce((sum, r) => sum + r.points, 0))
  })

  test('every factor is named in every score, and the kilometres are given', () => {
    const s = scorePair(person('a', 'mentee'), person('b', 'mentor', hamburg))
    expect(s.reasons.map((r) => r.factor)).toEqual([
      'topics',
      'goals',
      'format',
      'distance',
      'languages',
      'availability',
      'ownKv',
    ])
    expect(s.reasons.find((r) => r.factor === 'distance')!.km).toBeGreaterThan(250)
    expect(Math.round(kmBetween({ lat: 52.52, lon: 13.4 }, { lat: 53.55, lon: 9.99 }))).toBeGreaterThan(250)
  })

  test('a person who asked not to be paired within their own KV is not, either way round', () => {
    expect(scorePair(person('a', 'mentee', { avoidOwnKv: true }), person('b', 'mentor')).excluded).toBe(true)
    expect(scorePair(person('a', 'mentee'), person('b', 'mentor', { avoidOwnKv: true })).excluded).toBe(true)
    expect(
      scorePair(person('a', 'mentee', { avoidOwnKv: true }), person('b', 'mentor', berlinPankow)).excluded,
    ).toBe(false)
    expect(scorePair(person('a', 'mentee'), person('b', 'mentor')).excluded).toBe(false)
  })

  test('goal words leave out short and common words', () => {
    expect([...goalWords('Ich will eine Rede halten, und zwar in der BVV!')].sort()).toEqual([
      'halten',
      'rede',
      'zwar',
    ])
  })
})

describe('suggested pairs for a cohort', () => {
  const mentors = [
    person('finance', 'mentor', { topics: ['Finanzen'], goals: 'Haushalt lesen lernen' }),
    person('speaking', 'mentor', { topics: ['Reden und Auftreten', 'Kommunalpolitik'] }),
    person('campaign', 'mentor', { topics: ['Wahlkampf'] }),
  ]

  test('the best mentor for a mentee with given topics', () => {
    const ayse = person('ayse', 'mentee', { topics: ['Reden und Auftreten', 'Kommunalpolitik'] })
    const [best] = suggestPairs([ayse], mentors)
    expect(best).toMatchObject({ menteeId: 'ayse', mentorId: 'speaking', score: 20 + 10 + 5 + 5 })
  })

  test('ties are broken by the order of application, the same way every time', () => {
    const one = person('one', 'mentee')
    const two = person('two', 'mentee')
    const a = person('a', 'mentor')
    const b = person('b', 'mentor')
    const first = suggestPairs([one, two], [a, b])
    expect(first.map((s) => `${s.menteeId}-${s.mentorId}`)).toEqual(['one-a', 'two-b'])
    for (let i = 0; i < 5; i++) expect(suggestPairs([one, two], [a, b])).toEqual(first)
    expect(suggestPairs([two, one], [a, b]).map((s) => `${s.menteeId}-${s.mentorId}`)).toEqual([
      'two-a',
      'one-b',
    ])
  })

  test('nobody is in two pairs, the limit holds, and an excluded pair is never suggested', () => {
    const mentees = Array.from({ length: 7 }, (_, i) =>
      person(`m${i}`, 'mentee', { topics: ['Wahlkampf'], avoidOwnKv: i === 0 }),
    )
    const suggestions = suggestPairs(mentees, mentors)
    expect(suggestions).toHaveLength(3)
    expect(new Set(suggestions.map((s) => s.menteeId)).size).toBe(3)
    expect(new Set(suggestions.map((s) => s.mentorId)).size).toBe(3)
    expect(suggestions.some((s) => s.menteeId === 'm0')).toBe(false)
    expect(suggestPairs(mentees, mentors, 2)).toHaveLength(2)
    // The best pair is taken first: the campaigner goes to the first campaigner who may be paired.
    expect(suggestions[0]).toMatchObject({ menteeId: 'm1', mentorId: 'campaign' })
  })
})

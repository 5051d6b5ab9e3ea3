import { describe, expect, test } from 'vitest'
import { figureNames, MIN_PEOPLE, type ProgrammeCounts, programmeFigures } from './figures.js'

const none: ProgrammeCounts = {
  applications: 0,
  mentees: 0,
  mentors: 0,
  accepted: 0,
  tandems: 0,
  active: 0,
  endedEarly: 0,
  completed: 0,
  checkIns: 0,
  goals: 0,
  goalsReached: 0,
  tandemsWithGoals: 0,
  reviews: 0,
  tandemRatingSum: 0,
  programmeRatingSum: 0,
}

const cohort: ProgrammeCounts = {
  applications: 24,
  mentees: 14,
  mentors: 10,
  accepted: 20,
  tandems: 8,
  active: 5,
  endedEarly: 0,
  completed: 3,
  checkIns: 20,
  goals: 24,
  goalsReached: 6,
  tandemsWithGoals: 8,
  reviews: 6,
  tandemRatingSum: 27,
  programmeRatingSum: 24,
}

const values = (c: ProgrammeCounts) =>
  Object.fromEntries(figureNames.map((n) => [n, programmeFigures(c)[n].value]))

describe("a programme's figures", () => {
  test('a cohort large enough shows every figure; a tandem counts as two people', () => {
    expect(values(cohort)).toEqual({
      applications: 24,
      mentees: 14,
      mentors: 10,
      accepted: 20,
      tandems: 8,
      active: 5,
      endedEarly: 0,
      completed: 3,
      checkInsPerTandem: 2.5,
      goalsReached: 0.25,
      tandemRating: 4.5,
      programmeRating: 4,
    })
    expect(programmeFigures(cohort).completed).toEqual({ value: 3, people: 6, withheld: 'none' })
  })

  test.each([
    [
      'four applications',
      { ...none, applications: 4, mentees: 2, mentors: 2 },
      ['applications', 'mentees', 'mentors'],
    ],
    [
      'five applications are shown, their parts on fewer than five people are not',
      { ...none, applications: 5, mentees: 3, mentors: 2 },
      ['mentees', 'mentors'],
    ],
    [
      'two tandems are four people',
      { ...none, tandems: 2, active: 2 },
      ['tandems', 'active', 'checkInsPerTandem'],
    ],
  ] as const)('%s: withheld %j', (_name, counts, withheld) => {
    const f = programmeFigures(counts)
    expect(figureNames.filter((n) => f[n].withheld !== 'none')).toEqual(withheld)
    for (const n of withheld) expect(f[n].value).toBeNull()
  })

  test('the ratings of fewer than five reviews are withheld', () => {
    const f = programmeFigures({ ...cohort, reviews: 4, tandemRatingSum: 20, programmeRatingSum: 20 })
    expect([f.tandemRating.withheld, f.programmeRating.withheld]).toEqual(['small', 'small'])
    expect(f.tandemRating.value).toBeNull()
  })

  test('nothing counted is 0 for a count and no value for a share, and nothing is withheld', () => {
    const f = programmeFigures(none)
    expect(f.applications).toEqual({ value: 0, people: 0, withheld: 'none' })
    expect(f.goalsReached).toEqual({ value: null, people: 0, withheld: 'none' })
  })

  test('a part withheld alone cannot be worked out from the total and the other parts', () => {
    // One tandem ended early (two people): active = 8 and the total 10 would give it away.
    const f = programmeFigures({ ...cohort, tandems: 10, active: 8, endedEarly: 1, completed: 1 })
    expect(f.tandems.value).toBe(10)
    expect(f.endedEarly.withheld).toBe('small')
    expect(f.completed.withheld).toBe('small')
    expect(f.active.value).toBe(8)
    // Only one part small: the smallest other part goes too.
    const g = programmeFigures({ ...cohort, tandems: 10, active: 6, endedEarly: 1, completed: 3 })
    expect(g.endedEarly.withheld).toBe('small')
    expect(g.completed.withheld).toBe('complementary')
    expect(g.active.value).toBe(6)
    const h = programmeFigures({ ...cohort, applications: 12, mentees: 10, mentors: 2 })
    expect([h.mentors.withheld, h.mentees.withheld]).toEqual(['small', 'complementary'])
    expect(h.applications.value).toBe(12)
  })

  test(`every figure shown rests on at least ${MIN_PEOPLE} people`, () => {
    for (let n = 0; n < 40; n++) {
      const counts = { ...none, applications: n, mentees: Math.ceil(n / 2), mentors: Math.floor(n / 2) }
      const f = programmeFigures(counts)
      for (const name of figureNames)
        if (f[name].value !== null && f[name].people > 0)
          expect(f[name].people).toBeGreaterThanOrEqual(MIN_PEOPLE)
    }
  })
})

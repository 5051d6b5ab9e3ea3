import { describe, expect, test } from 'vitest'
import { judgePeriods, missedTwice, nextPeriod, type PeriodResult, periodsFromTo } from './indicators.js'
import { shareDone, shownStatus } from './status.js'

describe('periods of an indicator', () => {
  test('run across the turn of the year and keep the last twelve months or five years', () => {
    expect(nextPeriod('2025-12')).toBe('2026-01')
    expect(nextPeriod('2025')).toBe('2026')
    expect(periodsFromTo('2025-11', '2026-02', 12)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    const long = periodsFromTo('2024-01', '2026-03', 12)
    expect(long).toHaveLength(12)
    expect(long[0]).toBe('2025-04')
    expect(periodsFromTo('2019', '2026', 5)).toEqual(['2022', '2023', '2024', '2025', '2026'])
  })

  const judge = { current: '2026-12', minPeople: 5 }

  test('a count is met at the target, missed below it once over, running while it lasts', () => {
    const figures = new Map([
      ['2026-09', { value: 1 }],
      ['2026-11', { value: 2 }],
    ])
    const periods = ['2026-09', '2026-10', '2026-11', '2026-12']
    expect(judgePeriods(periods, figures, { ...judge, target: 2, figure: 'count' })).toEqual([
      { period: '2026-09', value: 1, state: 'missed' },
      { period: '2026-10', value: 0, state: 'missed' },
      { period: '2026-11', value: 2, state: 'met' },
      { period: '2026-12', value: 0, state: 'running' },
    ])
  })

  test('a share resting on fewer than five people is withheld and not judged', () => {
    const figures = new Map([
      ['2026-10', { value: 100, base: 4 }],
      ['2026-11', { value: 60, base: 5 }],
      ['2026-12', { value: 80, base: 10 }],
    ])
    const periods = ['2026-09', '2026-10', '2026-11', '2026-12']
    expect(judgePeriods(periods, figures, { ...judge, target: 80, figure: 'percent' })).toEqual([
      { period: '2026-09', value: null, base: 0, state: 'withheld' },
      { period: '2026-10', value: null, base: 4, state: 'withheld' },
      { period: '2026-11', value: 60, base: 5, state: 'missed' },
      { period: '2026-12', value: 80, base: 10, state: 'met' },
    ])
  })

  test('a number of people from one to four is withheld but still judged against the target', () => {
    const figures = new Map([
      ['2026-10', { value: 3 }],
      ['2026-11', { value: 12 }],
    ])
    const results = judgePeriods(['2026-09', '2026-10', '2026-11'], figures, {
      ...judge,
      target: 10,
      figure: 'people',
    })
    expect(results.map((r) => [r.value, r.state])).toEqual([
      [0, 'missed'],
      [null, 'missed'],
      [12, 'met'],
    ])
  })

  test('two finished periods missed in a row, the running one aside, call for a reminder; a withheld one breaks the row', () => {
    const r = (state: PeriodResult['state']) => ({ period: 'x', value: 0, state })
    expect(missedTwice([r('met'), r('missed'), r('missed'), r('running')])).toBe(true)
    expect(missedTwice([r('missed'), r('met'), r('missed'), r('running')])).toBe(false)
    expect(missedTwice([r('missed'), r('withheld'), r('missed')])).toBe(false)
    expect(missedTwice([r('missed')])).toBe(false)
  })
})

describe('status of a measure', () => {
  test('open or in progress after the due day is overdue; done and dropped never are', () => {
    expect(shownStatus({ status: 'open', dueOn: '2026-11-20' }, '2026-11-21')).toBe('overdue')
    expect(shownStatus({ status: 'in_progress', dueOn: '2026-11-20' }, '2026-11-21')).toBe('overdue')
    expect(shownStatus({ status: 'open', dueOn: '2026-11-21' }, '2026-11-21')).toBe('open')
    expect(shownStatus({ status: 'done', dueOn: '2026-11-01' }, '2026-11-21')).toBe('done')
    expect(shownStatus({ status: 'dropped', dueOn: '2026-11-01' }, '2026-11-21')).toBe('dropped')
    expect(shownStatus({ status: 'open', dueOn: null }, '2030-01-01')).toBe('open')
  })

  test('the share done counts done measures fully and leaves dropped ones out', () => {
    expect(
      shareDone([
        { status: 'done', progress: 10 },
        { status: 'in_progress', progress: 50 },
        { status: 'dropped', progress: 0 },
      ]),
    ).toBe(75)
    expect(shareDone([{ status: 'dropped', progress: 0 }])).toBeNull()
  })
})

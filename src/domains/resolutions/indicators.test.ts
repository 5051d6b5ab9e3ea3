import { describe, expect, test } from 'vitest'
import { judgeMonths, missedTwice, monthsFromTo, nextMonth } from './indicators.js'
import { shareDone, shownStatus } from './status.js'

describe('months of an indicator', () => {
  test('run across the turn of the year and keep the last twelve', () => {
    expect(nextMonth('2025-12')).toBe('2026-01')
    expect(monthsFromTo('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    const long = monthsFromTo('2024-01', '2026-03')
    expect(long).toHaveLength(12)
    expect(long[0]).toBe('2025-04')
  })

  test('a month is met at the target, missed below it once over, running while it lasts', () => {
    const counts = new Map([
      ['2026-09', 1],
      ['2026-11', 2],
    ])
    expect(judgeMonths(['2026-09', '2026-10', '2026-11', '2026-12'], counts, 2, '2026-12')).toEqual([
      { month: '2026-09', count: 1, state: 'missed' },
      { month: '2026-10', count: 0, state: 'missed' },
      { month: '2026-11', count: 2, state: 'met' },
      { month: '2026-12', count: 0, state: 'running' },
    ])
  })

  test('two finished months missed in a row, the running month aside, call for a reminder', () => {
    const r = (state: 'met' | 'missed' | 'running') => ({ month: 'x', count: 0, state })
    expect(missedTwice([r('met'), r('missed'), r('missed'), r('running')])).toBe(true)
    expect(missedTwice([r('missed'), r('met'), r('missed'), r('running')])).toBe(false)
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

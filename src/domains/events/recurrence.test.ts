import { describe, expect, test } from 'vitest'
import { offsetMinutes, toLocal } from '../../platform/time.js'
import { expandMonthly, nthWeekdayOfMonth } from './recurrence.js'

describe('expandMonthly', () => {
  test('the last Sunday of March 2027 at 19:00 stays 19:00 in Berlin while the UTC offset changes', () => {
    const rule = { ordinal: -1, weekday: 0, startTime: '19:00', endTime: '21:00' } as const
    const [feb, march, april] = expandMonthly(rule, new Date('2027-02-01T00:00:00Z'), 3)
    // 28 Feb 2027 (CET, +01:00), 28 Mar 2027 (the day clocks go forward: CEST, +02:00), 25 Apr 2027.
    expect(feb!.startsAt.toISOString()).toBe('2027-02-28T18:00:00.000Z')
    expect(march!.startsAt.toISOString()).toBe('2027-03-28T17:00:00.000Z')
    expect(april!.startsAt.toISOString()).toBe('2027-04-25T17:00:00.000Z')
    for (const o of [feb!, march!, april!]) expect(toLocal(o.startsAt).hour).toBe(19)
    expect(offsetMinutes(feb!.startsAt)).toBe(60)
    expect(offsetMinutes(march!.startsAt)).toBe(120)
  })

  test('the last Sunday of October 2027 at 19:00 goes back to UTC+1 and stays 19:00 local', () => {
    const rule = { ordinal: -1, weekday: 0, startTime: '19:00', endTime: '21:00' } as const
    const [sept, oct, nov] = expandMonthly(rule, new Date('2027-09-01T00:00:00Z'), 3)
    expect(sept!.startsAt.toISOString()).toBe('2027-09-26T17:00:00.000Z')
    expect(oct!.startsAt.toISOString()).toBe('2027-10-31T18:00:00.000Z')
    expect(nov!.startsAt.toISOString()).toBe('2027-11-28T18:00:00.000Z')
    for (const o of [sept!, oct!, nov!]) {
      expect(toLocal(o.startsAt).hour).toBe(19)
      expect(toLocal(o.endsAt).hour).toBe(21)
    }
  })

  test('the first Tuesday of each month for six months, from a date in the middle of a month', () => {
    const rule = { ordinal: 1, weekday: 2, startTime: '19:00', endTime: '21:00' } as const
    const days = expandMonthly(rule, new Date('2027-01-10T00:00:00Z'), 6).map((o) => toLocal(o.startsAt))
    // January's first Tuesday (the 5th) is before the start and left out.
    expect(days.map((d) => `${d.month}-${d.day}`)).toEqual(['2-2', '3-2', '4-6', '5-4', '6-1'])
  })
})

describe('the calendar', () => {
  test('nth weekday of a month counts on the calendar', () => {
    expect(nthWeekdayOfMonth(2027, 3, -1, 0)).toBe(28)
    expect(nthWeekdayOfMonth(2027, 10, -1, 0)).toBe(31)
    expect(nthWeekdayOfMonth(2026, 12, 1, 2)).toBe(1)
  })
})

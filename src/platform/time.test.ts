import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  addDays,
  dateTimeLocalOf,
  daysBetween,
  fromDateTimeLocal,
  fromLocal,
  instantAt,
  localDay,
  offsetMinutes,
  toLocal,
} from './time.js'

// 2026: clocks go forward on Sunday 29 March at 01:00 UTC (02:00 CET → 03:00 CEST) and back on
// Sunday 25 October at 01:00 UTC (03:00 CEST → 02:00 CET), the last Sundays of the two months.
const at = (iso: string) => new Date(iso)

describe('today in Berlin', () => {
  test.each([
    ['2026-03-28T22:59:00Z', '2026-03-28'], // 23:59 CET
    ['2026-03-28T23:00:00Z', '2026-03-29'], // midnight CET, the day clocks go forward
    ['2026-03-29T21:59:00Z', '2026-03-29'], // 23:59 CEST, an hour earlier in UTC than the night before
    ['2026-03-29T22:00:00Z', '2026-03-30'],
    ['2026-10-24T21:59:00Z', '2026-10-24'], // 23:59 CEST
    ['2026-10-24T22:00:00Z', '2026-10-25'], // midnight CEST, the day clocks go back
    ['2026-10-25T22:59:00Z', '2026-10-25'], // 23:59 CET
    ['2026-10-25T23:00:00Z', '2026-10-26'],
    ['2026-12-31T22:59:00Z', '2026-12-31'],
    ['2026-12-31T23:00:00Z', '2027-01-01'],
  ])('%s is %s in Berlin', (instant, day) => {
    expect(localDay(at(instant))).toBe(day)
  })
})

describe('the offset changes at 01:00 UTC on the last Sundays of March and October', () => {
  test.each([
    ['2026-03-29T00:59:59Z', 60],
    ['2026-03-29T01:00:00Z', 120],
    ['2026-10-25T00:59:59Z', 120],
    ['2026-10-25T01:00:00Z', 60],
  ])('at %s Berlin is %i minutes ahead of UTC', (instant, minutes) => {
    expect(offsetMinutes(at(instant))).toBe(minutes)
  })
})

describe('local time to instant', () => {
  test.each([
    ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
    // 02:30 does not exist on 29 March: it lands an hour later on the clock, 03:30 CEST.
    ['2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'],
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
    // 02:30 happens twice on 25 October: the first, still summer time, is taken.
    ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
    ['2026-07-01', '19:00', '2026-07-01T17:00:00.000Z'],
    ['2026-12-01', '19:00', '2026-12-01T18:00:00.000Z'],
  ])('%s %s in Berlin is %s', (day, time, instant) => {
    expect(instantAt(day, time).toISOString()).toBe(instant)
    expect(fromDateTimeLocal(`${day}T${time}`).toISOString()).toBe(instant)
  })

  test('the day clocks go forward has 23 hours, the day they go back 25, an ordinary day 24', () => {
    const hours = (day: string) =>
      (instantAt(addDays(day, 1)).getTime() - instantAt(day).getTime()) / 3_600_000
    expect(hours('2026-03-29')).toBe(23)
    expect(hours('2026-10-25')).toBe(25)
    expect(hours('2026-06-15')).toBe(24)
    expect(instantAt('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(instantAt('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z')
  })

  test('every instant reads back to itself, except the second run of the repeated autumn hour, which reads back to the first', () => {
    const minute = 60_000
    fc.assert(
      fc.property(
        // Whole minutes from 2000 to 2040, and more of them near the changes of 2026.
        fc.oneof(
          fc.integer({ min: Date.UTC(2000, 0, 1) / minute, max: Date.UTC(2040, 0, 1) / minute }),
          fc.integer({ min: Date.UTC(2026, 2, 28) / minute, max: Date.UTC(2026, 2, 30) / minute }),
          fc.integer({ min: Date.UTC(2026, 9, 24) / minute, max: Date.UTC(2026, 9, 26) / minute }),
        ),
        (m) => {
          const instant = new Date(m * minute)
          const back = fromLocal(toLocal(instant))
          const secondRun =
            offsetMinutes(instant) < offsetMinutes(new Date(instant.getTime() - 3_600_000)) &&
            toLocal(new Date(instant.getTime() - 3_600_000)).hour === toLocal(instant).hour
          expect(back.getTime()).toBe(secondRun ? instant.getTime() - 3_600_000 : instant.getTime())
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('calendar days', () => {
  test('count on the calendar, untouched by the clock changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30')
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2026-12-28', '2027-01-04')).toBe(7)
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1)
    expect(daysBetween('2026-10-25', '2026-10-26')).toBe(1)
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364)
  })
})

describe('a date and time typed into a form', () => {
  test("the picker's value and the way people write it give the same value; days and times that do not exist give none", () => {
    for (const typed of ['2026-08-15T09:00', '15.08.2026 09:00', '15.8.2026 9:00', '15.08.2026, 09:00'])
      expect(dateTimeLocalOf(typed)).toBe('2026-08-15T09:00')
    for (const wrong of [
      '31.02.2026 10:00',
      '2026-02-29T10:00',
      '15.08.2026 24:00',
      '15.08.2026',
      '09:00',
      'morgen',
    ])
      expect(dateTimeLocalOf(wrong)).toBeUndefined()
    expect(dateTimeLocalOf('29.02.2028 23:59')).toBe('2028-02-29T23:59')
  })
})

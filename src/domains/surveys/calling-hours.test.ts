import { describe, expect, test } from 'vitest'
import {
  ALWAYS,
  berlinClock,
  type CallingHours,
  describeCallingHours,
  EVENINGS_AND_SATURDAY,
  hoursFieldValues,
  nextOpening,
  windowAt,
  withinCallingHours,
} from './calling-hours.js'
import { CampaignSettingsInput, CreateCampaignInput } from './input.js'

const de = { mo: 'Mo', tu: 'Di', we: 'Mi', th: 'Do', fr: 'Fr', sa: 'Sa', su: 'So' } as const
const at = (iso: string) => new Date(iso)

describe('calling hours on the clocks in Berlin', () => {
  test('the weekday and time are read in Berlin, in winter (UTC+1) and summer (UTC+2)', () => {
    // Monday 23 November 2026, 23:30 UTC is already Tuesday 00:30 in Berlin.
    expect(berlinClock(at('2026-11-23T23:30:00Z'))).toEqual({ weekday: 1, time: '00:30' })
    expect(berlinClock(at('2026-11-23T16:00:00Z'))).toEqual({ weekday: 0, time: '17:00' })
    expect(berlinClock(at('2027-06-07T15:00:00Z'))).toEqual({ weekday: 0, time: '17:00' })
    // Sunday 29 March 2026: the clocks jump from 02:00 to 03:00.
    expect(berlinClock(at('2026-03-29T00:59:00Z'))).toEqual({ weekday: 6, time: '01:59' })
    // The reading kept for a minute holds to its last millisecond, and not a millisecond longer.
    expect(berlinClock(at('2026-03-29T00:59:59.999Z'))).toEqual({ weekday: 6, time: '01:59' })
    expect(berlinClock(at('2026-03-29T01:00:00Z'))).toEqual({ weekday: 6, time: '03:00' })
    // What a caller does with a reading does not change the one kept.
    berlinClock(at('2026-03-29T01:00:30Z')).time = '99:99'
    expect(berlinClock(at('2026-03-29T01:00:59Z'))).toEqual({ weekday: 6, time: '03:00' })
  })

  test('a window holds from its start up to, not including, its end', () => {
    const h = EVENINGS_AND_SATURDAY
    // Winter: 17:00 in Berlin is 16:00 UTC.
    expect(withinCallingHours(h, at('2026-11-23T15:59:00Z'))).toBe(false)
    expect(withinCallingHours(h, at('2026-11-23T16:00:00Z'))).toBe(true)
    expect(withinCallingHours(h, at('2026-11-23T18:59:00Z'))).toBe(true)
    expect(withinCallingHours(h, at('2026-11-23T19:00:00Z'))).toBe(false)
    // Summer: 17:00 in Berlin is 15:00 UTC; 16:30 UTC is 18:30 there (inside), 18:30 UTC is 20:30 (outside).
    expect(withinCallingHours(h, at('2027-06-07T14:59:00Z'))).toBe(false)
    expect(withinCallingHours(h, at('2027-06-07T15:00:00Z'))).toBe(true)
    expect(withinCallingHours(h, at('2027-06-07T18:30:00Z'))).toBe(false)
    // Saturday 11–14, Sunday never.
    expect(withinCallingHours(h, at('2026-11-21T10:00:00Z'))).toBe(true)
    expect(withinCallingHours(h, at('2026-11-22T10:00:00Z'))).toBe(false)
    // "24:00" is the end of the day.
    expect(withinCallingHours(ALWAYS, at('2026-11-22T22:59:00Z'))).toBe(true)
    expect(withinCallingHours(ALWAYS, at('2026-11-22T23:00:00Z'))).toBe(true)
  })

  test('the next opening: later today, or the next day with hours, across a change of the clocks', () => {
    const h = EVENINGS_AND_SATURDAY
    expect(nextOpening(h, at('2026-11-23T10:00:00Z'))).toEqual(at('2026-11-23T16:00:00Z'))
    // Saturday after 14:00: Monday 17:00 (Sunday has no hours).
    expect(nextOpening(h, at('2026-11-21T14:00:00Z'))).toEqual(at('2026-11-23T16:00:00Z'))
    // Sunday 29 March 2026 (the clocks go forward): Monday 17:00 is 15:00 UTC.
    expect(nextOpening(h, at('2026-03-29T12:00:00Z'))).toEqual(at('2026-03-30T15:00:00Z'))
    // Within the hours it is now; with no day at all, never.
    const now = at('2026-11-23T17:00:00Z')
    expect(nextOpening(h, now)).toEqual(now)
    expect(nextOpening([null, null, null, null, null, null, null], now)).toBeNull()
  })

  test('as people write them: consecutive days with the same window together', () => {
    expect(describeCallingHours(EVENINGS_AND_SATURDAY, (d) => de[d])).toBe(
      'Mo–Fr 17:00–20:00, Sa 11:00–14:00',
    )
    const mixed: CallingHours = [
      { from: '09:00', to: '12:00' },
      null,
      { from: '09:00', to: '12:00' },
      { from: '09:00', to: '12:00' },
      null,
      null,
      { from: '10:00', to: '11:00' },
    ]
    expect(describeCallingHours(mixed, (d) => de[d])).toBe(
      'Mo 09:00–12:00, Mi–Do 09:00–12:00, So 10:00–11:00',
    )
  })
})

describe('the form of calling hours', () => {
  const base = { name: 'Aktion', script: 'Hallo' }
  const errorsOf = (fields: Record<string, string>) => {
    const r = CreateCampaignInput.safeParse({ ...base, ...fields })
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]))
  }

  test('a day with both times is a window, one without none; seconds are dropped', () => {
    const r = CreateCampaignInput.parse({
      ...base,
      from_mo: '17:00',
      to_mo: '20:00',
      from_sa: '11:00:00',
      to_sa: '14:00',
      from_su: '',
      to_su: '',
    })
    expect(r.callingHours).toEqual([
      { from: '17:00', to: '20:00' },
      null,
      null,
      null,
      null,
      { from: '11:00', to: '14:00' },
      null,
    ])
  })

  test('one time alone, an end before the start, a wrong time, or no day at all are refused on their field', () => {
    expect(errorsOf({ from_mo: '17:00' })).toEqual({ to_mo: 'surveys.errors.hoursBoth' })
    expect(errorsOf({ to_tu: '17:00' })).toEqual({ from_tu: 'surveys.errors.hoursBoth' })
    expect(errorsOf({ from_we: '20:00', to_we: '17:00' })).toEqual({ to_we: 'surveys.errors.hoursOrder' })
    expect(errorsOf({ from_we: '17:00', to_we: '17:00' })).toEqual({ to_we: 'surveys.errors.hoursOrder' })
    expect(errorsOf({ from_th: '25:00', to_th: '26:00' })).toMatchObject({
      from_th: 'surveys.errors.hoursInvalid',
    })
    expect(errorsOf({})).toEqual({ from_mo: 'surveys.errors.hoursRequired' })
  })
})

describe('the form of a running campaign', () => {
  const read = (hours: CallingHours) =>
    CampaignSettingsInput.parse({ script: 'Hallo', ...hoursFieldValues(hours) })

  test('shows the hours as they are and reads them back unchanged, midnight as 00:00', () => {
    expect(hoursFieldValues(EVENINGS_AND_SATURDAY)).toMatchObject({ from_sa: '11:00', to_sa: '14:00' })
    expect(hoursFieldValues(EVENINGS_AND_SATURDAY)).not.toHaveProperty('from_su')
    expect(hoursFieldValues(ALWAYS)).toMatchObject({ from_mo: '00:00', to_mo: '00:00' })
    for (const hours of [EVENINGS_AND_SATURDAY, ALWAYS]) expect(read(hours).callingHours).toEqual(hours)
    // An end of 00:00 or 24:00 is the end of the day; a start of 24:00 is no time.
    expect(
      CampaignSettingsInput.parse({
        script: 'x',
        from_mo: '18:00',
        to_mo: '00:00',
        from_tu: '18:00',
        to_tu: '24:00',
      }).callingHours.slice(0, 2),
    ).toEqual([
      { from: '18:00', to: '24:00' },
      { from: '18:00', to: '24:00' },
    ])
    const r = CampaignSettingsInput.safeParse({ script: 'x', from_mo: '24:00', to_mo: '24:00' })
    expect(r.success ? [] : r.error.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['from_mo', 'surveys.errors.hoursInvalid'],
    ])
  })

  test("the day's window at an instant, in Berlin", () => {
    // Saturday 21 November 2026, 23:30 UTC is already Sunday in Berlin.
    expect(windowAt(EVENINGS_AND_SATURDAY, at('2026-11-21T12:00:00Z'))).toEqual({
      day: 'sa',
      window: { from: '11:00', to: '14:00' },
    })
    expect(windowAt(EVENINGS_AND_SATURDAY, at('2026-11-21T23:30:00Z'))).toEqual({ day: 'su', window: null })
  })
})

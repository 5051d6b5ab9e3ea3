import { describe, expect, test } from 'vitest'
import { type BenchmarkCounts, benchmarkTable, emptyCounts, figuresOf } from './benchmark.js'
import { queueState } from './queue.js'
import { activeSteps, defaultStandard, effectiveStandard, kindIsFree } from './standard.js'
import { fillPlaceholders, unknownPlaceholders } from './welcome-text.js'

const counts = (c: Partial<BenchmarkCounts>): BenchmarkCounts => ({ ...emptyCounts, ...c })

describe('queue state', () => {
  const step = (dueOn: string, status: 'open' | 'done' | 'skipped' = 'open') => ({ dueOn, status })
  test('overdue from the day after the deadline, due within a week, later beyond', () => {
    expect(queueState([step('2026-11-20')], '2026-11-21')).toBe('overdue')
    expect(queueState([step('2026-11-21')], '2026-11-21')).toBe('due')
    expect(queueState([step('2026-11-28')], '2026-11-21')).toBe('due')
    expect(queueState([step('2026-11-29')], '2026-11-21')).toBe('later')
  })

  test('the earliest open step decides; closed steps do not count', () => {
    expect(queueState([step('2026-11-01', 'done'), step('2026-12-20')], '2026-11-21')).toBe('later')
    expect(queueState([step('2026-12-20'), step('2026-11-01')], '2026-11-21')).toBe('overdue')
    expect(queueState([step('2026-11-01', 'done'), step('2026-11-02', 'skipped')], '2026-11-21')).toBe('done')
  })
})

describe('standards', () => {
  const row = (
    id: string,
    kind: (typeof defaultStandard)[number]['kind'],
    dueDays: number,
    mandatory = false,
  ) => ({
    id,
    kind,
    title: kind === 'custom' ? `Schritt ${id}` : null,
    dueDays,
    mandatory,
    position: Number(id.replace(/\D/g, '')) || 0,
  })

  test('a state without steps follows the default standard', () => {
    const steps = effectiveStandard({ state: [], district: [], optOuts: new Set() })
    expect(steps.map((s) => s.kind)).toEqual(defaultStandard.map((s) => s.kind))
    expect(steps.every((s) => s.source === 'default' && s.id === null)).toBe(true)
  })

  test('a KV adds its steps in deadline order and leaves out optional state steps, never mandatory ones', () => {
    const state = [
      row('s1', 'welcome_mail', 0, true),
      row('s2', 'welcome_call', 7, true),
      row('s3', 'buddy', 14),
    ]
    const district = [row('d1', 'custom', 3)]
    const steps = effectiveStandard({ state, district, optOuts: new Set(['s2', 's3']) })
    expect(steps.map((s) => [s.kind, s.dropped])).toEqual([
      ['welcome_mail', false],
      ['custom', false],
      ['welcome_call', false],
      ['buddy', true],
    ])
    expect(activeSteps(steps).map((s) => s.id)).toEqual(['s1', 'd1', 's2'])
    expect(steps.find((s) => s.id === 'd1')!.mandatory).toBe(false)
  })

  test('each kind with behaviour stands once; own steps as often as wanted; a left-out kind may come back', () => {
    const steps = effectiveStandard({
      state: [row('s3', 'buddy', 14)],
      district: [],
      optOuts: new Set(['s3']),
    })
    expect(kindIsFree('custom', steps)).toBe(true)
    expect(kindIsFree('buddy', steps)).toBe(true)
    expect(
      kindIsFree(
        'buddy',
        effectiveStandard({ state: [row('s3', 'buddy', 14)], district: [], optOuts: new Set() }),
      ),
    ).toBe(false)
  })
})

describe('welcome text placeholders', () => {
  test('unknown names in braces are found, known ones filled', () => {
    expect(unknownPlaceholders('Hallo {vorname}, willkommen im {kv}! {vornmae} {} {Termin}')).toEqual([
      'vornmae',
      '',
      'Termin',
    ])
    expect(unknownPlaceholders('Hallo {vorname}, {termin}, {fragebogen}')).toEqual([])
    const values = {
      vorname: 'Ada',
      nachname: 'L.',
      kv: 'Nordheim',
      termin: 'Di 19 Uhr',
      fragebogen: 'https://x/f',
    }
    expect(fillPlaceholders('Hallo {vorname} aus {kv}: {termin} {fragebogen} {x}', values)).toBe(
      'Hallo Ada aus Nordheim: Di 19 Uhr https://x/f {x}',
    )
  })
})

describe('benchmark figures', () => {
  test('a figure on fewer than five people is withheld, on none it is empty', () => {
    const f = figuresOf(
      counts({ people: 4, withBuddy: 4, reached: 4, medianDays: 2, contactBase: 4, reachedInTime: 4 }),
    )
    expect(f.people).toEqual({ value: null, base: 4, suppressed: 'small' })
    expect(f.withBuddy.suppressed).toBe('small')
    expect(f.medianDays.suppressed).toBe('small')
    expect(figuresOf(emptyCounts).atEvent).toEqual({ value: null, base: 0, suppressed: 'none' })
    const big = figuresOf(
      counts({ people: 10, withBuddy: 4, reached: 5, medianDays: 3.5, eventBase: 5, atEvent: 1 }),
    )
    expect(big.withBuddy.value).toBe(0.4)
    expect(big.medianDays.value).toBe(3.5)
    expect(big.atEvent.value).toBe(0.2)
    expect(big.reachedInTime).toEqual({ value: null, base: 0, suppressed: 'none' })
  })

  test('one withheld group in a shown total takes the next smallest with it; two do not', () => {
    const table = benchmarkTable(
      [
        { key: 'a', counts: counts({ people: 3, withBuddy: 1 }) },
        { key: 'b', counts: counts({ people: 6, withBuddy: 3 }) },
        { key: 'c', counts: counts({ people: 9, withBuddy: 9 }) },
        { key: 'd', counts: counts({}) },
      ],
      counts({ people: 18, withBuddy: 13 }),
    )
    const byKey = Object.fromEntries(table.rows.map((r) => [r.key, r.figures]))
    expect(byKey.a!.people.suppressed).toBe('small')
    expect(byKey.b!.people.suppressed).toBe('complementary')
    expect(byKey.b!.withBuddy).toEqual({ value: null, base: 6, suppressed: 'complementary' })
    expect(byKey.c!.people.value).toBe(9)
    expect(byKey.d!.people.suppressed).toBe('none')
    expect(table.total.people.value).toBe(18)

    const two = benchmarkTable(
      [
        { key: 'a', counts: counts({ people: 3 }) },
        { key: 'b', counts: counts({ people: 2 }) },
        { key: 'c', counts: counts({ people: 9 }) },
      ],
      counts({ people: 14 }),
    )
    expect(two.rows.map((r) => r.figures.people.value)).toEqual([null, null, 9])
  })

  test('a withheld total needs no second suppression', () => {
    const table = benchmarkTable(
      [
        { key: 'a', counts: counts({ people: 2 }) },
        { key: 'b', counts: counts({ people: 2 }) },
      ],
      counts({ people: 4 }),
    )
    expect(table.total.people.suppressed).toBe('small')
    expect(table.rows.every((r) => r.figures.people.suppressed === 'small')).toBe(true)
  })
})

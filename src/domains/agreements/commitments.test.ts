import { describe, expect, test } from 'vitest'
import type { Clause } from './clauses.js'
import {
  type CampaignHelpCommitment,
  type CommitmentFacts,
  type ConsultationCommitment,
  evaluateCommitments,
  type InformationCommitment,
  type JointEventsCommitment,
  type MaterialsCommitment,
  type RetreatCommitment,
  type VisitsCommitment,
} from './commitments.js'

const clause = (type: Clause['type'], params: Clause['params'] = {}): Clause => ({
  key: type,
  type,
  title: type,
  body: '',
  params,
})

const base: Omit<CommitmentFacts, 'now'> = {
  clauses: [
    clause('retreat'),
    clause('coordinators'),
    clause('minutes', { periodDays: 30 }),
    clause('links'),
  ],
  inForceSince: '2020-12-01',
  firstInForceSince: '2020-12-01',
  retreats: [],
  coordinators: { a: true, b: true },
  minutes: [],
  linkConfirmations: [
    { side: 'a', confirmedOn: '2020-12-05' },
    { side: 'b', confirmedOn: '2020-12-06' },
  ],
}

// Noon in Berlin on the given day.
const at = (day: string) => new Date(`${day}T11:00:00Z`)

function evaluate(now: string, facts: Partial<CommitmentFacts> = {}) {
  return evaluateCommitments({ ...base, ...facts, now: at(now) })
}
const find = <T extends string>(r: ReturnType<typeof evaluate>, type: T) =>
  r.commitments.find((c) => c.type === type)!

describe('retreat over several years', () => {
  const retreats = [
    { heldOn: '2021-05-10', hostSide: 'a' as const },
    { heldOn: '2022-06-11', hostSide: 'b' as const },
    { heldOn: '2024-03-02', hostSide: 'a' as const },
  ]

  test('the hosts alternate, starting with the side that did not host the last one', () => {
    expect(find(evaluate('2021-01-15'), 'retreat')).toMatchObject({
      nextHost: null,
      status: 'open',
      year: 2021,
    })
    expect(find(evaluate('2021-07-01', { retreats }), 'retreat')).toMatchObject({
      nextHost: 'b',
      status: 'met',
    })
    expect(find(evaluate('2022-07-01', { retreats }), 'retreat')).toMatchObject({
      nextHost: 'a',
      status: 'met',
    })
    expect(find(evaluate('2024-04-01', { retreats }), 'retreat')).toMatchObject({ nextHost: 'b' })
  })

  test('a year without a retreat is open until 31 December and overdue from 1 January', () => {
    const lastDay = evaluate('2023-12-31', { retreats })
    expect(find(lastDay, 'retreat')).toMatchObject({ status: 'open', year: 2023, missedYear: null })
    const nextDay = evaluateCommitments({ ...base, retreats, now: new Date('2023-12-31T23:30:00Z') })
    expect(find(nextDay, 'retreat')).toMatchObject({ status: 'overdue', year: 2024, missedYear: 2023 })
    expect(nextDay.reminders).toContainEqual({ commitment: 'retreat', period: '2023', kind: 'overdue' })
  })

  test('the missed year stays overdue until the next retreat takes place', () => {
    expect(find(evaluate('2024-02-01', { retreats }), 'retreat')).toMatchObject({
      status: 'overdue',
      missedYear: 2023,
    })
    expect(find(evaluate('2024-03-02', { retreats }), 'retreat')).toMatchObject({
      status: 'met',
      missedYear: 2023,
    })
  })

  test('thirty days before the end of the year the open retreat is announced once per year', () => {
    expect(evaluate('2023-11-30', { retreats }).reminders).not.toContainEqual(
      expect.objectContaining({ commitment: 'retreat' }),
    )
    expect(evaluate('2023-12-01', { retreats }).reminders).toContainEqual({
      commitment: 'retreat',
      period: '2023',
      kind: 'upcoming',
    })
    expect(evaluate('2022-12-01', { retreats }).reminders).not.toContainEqual(
      expect.objectContaining({ commitment: 'retreat' }),
    )
  })

  test('the year of entry into force asks for nothing yet: the first full year is the first period', () => {
    const r = evaluate('2020-12-20')
    expect(find(r, 'retreat')).toMatchObject({ status: 'open', year: 2021, dueOn: '2021-12-31' })
    expect(r.reminders).toEqual([])
  })
})

describe('the retreat after an amendment', () => {
  // In force since 2020; amended, and the amendment ratified by the second side on 2026-03-10.
  const amended = { inForceSince: '2026-03-10', firstInForceSince: '2020-12-01' }

  test('an amendment does not restart the yearly cycle: this year is the period', () => {
    const earlier = [{ heldOn: '2025-06-01', hostSide: 'b' as const }]
    const open = find(evaluate('2026-11-02', { ...amended, retreats: earlier }), 'retreat')
    expect(open).toMatchObject({ status: 'open', year: 2026, dueOn: '2026-12-31' })
    const retreats = [...earlier, { heldOn: '2026-12-05', hostSide: 'a' as const }]
    const met = evaluate('2026-12-10', { ...amended, retreats })
    expect(find(met, 'retreat')).toMatchObject({ status: 'met', year: 2026, dueOn: '2026-12-31' })
    expect(met.reminders.filter((r) => r.commitment === 'retreat')).toEqual([])
  })

  test('the shown year, the status and the reminders always speak of the same period', () => {
    const retreats = [{ heldOn: '2026-12-05', hostSide: 'a' as const }]
    for (const facts of [amended, { inForceSince: '2026-03-10', firstInForceSince: '2026-03-10' }])
      for (const day of [
        '2026-03-11',
        '2026-12-01',
        '2026-12-10',
        '2027-01-02',
        '2027-12-15',
        '2028-02-01',
      ]) {
        const r = evaluate(day, { ...facts, retreats })
        const c = find(r, 'retreat') as RetreatCommitment
        const heldInPeriod = retreats.some((x) => x.heldOn.startsWith(`${c.year}-`) && x.heldOn <= day)
        expect(c.status === 'met', `${day} ${JSON.stringify(facts)}`).toBe(heldInPeriod)
        for (const reminder of r.reminders.filter((x) => x.kind === 'upcoming' && x.commitment === 'retreat'))
          expect(reminder.period).toBe(String(c.year))
      }
  })

  test('a first agreement ratified this year: a retreat in its first months does not count as the first full year', () => {
    const retreats = [{ heldOn: '2026-12-05', hostSide: 'a' as const }]
    const r = evaluate('2026-12-10', {
      inForceSince: '2026-03-10',
      firstInForceSince: '2026-03-10',
      retreats,
    })
    expect(find(r, 'retreat')).toMatchObject({ status: 'open', year: 2027, dueOn: '2027-12-31' })
  })
})

describe('coordinators and links', () => {
  test('a missing coordinator is open for 30 days after entry into force, then overdue', () => {
    const coordinators = { a: true, b: false }
    expect(find(evaluate('2020-12-31', { coordinators }), 'coordinators')).toMatchObject({
      status: 'open',
      missing: ['b'],
    })
    const later = evaluate('2021-01-01', { coordinators })
    expect(find(later, 'coordinators')).toMatchObject({ status: 'overdue', missing: ['b'] })
    expect(later.reminders).toContainEqual({
      commitment: 'coordinators',
      period: '2020-12-01',
      kind: 'overdue',
    })
  })

  test('links are met once both sides confirmed', () => {
    expect(find(evaluate('2021-06-01'), 'links')).toMatchObject({ status: 'met', missing: [] })
    expect(find(evaluate('2021-06-01', { linkConfirmations: [] }), 'links')).toMatchObject({
      status: 'overdue',
      missing: ['a', 'b'],
    })
  })
})

describe('minutes', () => {
  test('each side shares within the period; a side falls overdue the day after its period ends', () => {
    const minutes = [
      { side: 'a' as const, sharedAt: at('2021-03-01') },
      { side: 'b' as const, sharedAt: at('2021-03-20') },
    ]
    const inPeriod = find(evaluate('2021-03-31', { minutes }), 'minutes')
    expect(inPeriod).toMatchObject({ status: 'met', periodDays: 30 })
    const late = evaluate('2021-04-01', { minutes })
    expect(find(late, 'minutes')).toMatchObject({
      status: 'overdue',
      sides: [
        { side: 'a', status: 'overdue', lastSharedOn: '2021-03-01', dueOn: '2021-03-31' },
        { side: 'b', status: 'met', lastSharedOn: '2021-03-20', dueOn: '2021-04-19' },
      ],
    })
    expect(late.reminders).toContainEqual({ commitment: 'minutes-a', period: '2021-03-31', kind: 'overdue' })
  })

  test('before the first sharing the period counts from the entry into force', () => {
    expect(find(evaluate('2020-12-31'), 'minutes')).toMatchObject({ status: 'open' })
    expect(find(evaluate('2021-01-01'), 'minutes')).toMatchObject({ status: 'overdue' })
  })

  test('the clause decides the period', () => {
    const clauses = [clause('minutes', { periodDays: 10 })]
    const minutes = [
      { side: 'a' as const, sharedAt: at('2021-03-01') },
      { side: 'b' as const, sharedAt: at('2021-03-01') },
    ]
    expect(find(evaluate('2021-03-12', { clauses, minutes }), 'minutes')).toMatchObject({
      status: 'overdue',
      periodDays: 10,
    })
  })
})

test('only typed clauses of the version in force create commitments', () => {
  expect(evaluate('2021-06-01', { clauses: [clause('text')] }).commitments).toEqual([])
  expect(
    evaluate('2021-06-01', {
      clauses: [clause('text'), clause('consultation'), clause('information'), clause('information')],
    }).commitments.map((c) => c.type),
  ).toEqual(['consultation', 'information'])
})

describe('campaign help in an election year', () => {
  const clauses = [clause('campaignHelp')]
  // Side a votes on 20 September; side b has no election this year.
  const elections = {
    a: [
      { kind: 'state', heldOn: '2026-09-20' },
      { kind: 'state', heldOn: '2021-09-26' },
    ],
    b: [],
  }
  const help = (from: 'a' | 'b', helpedOn: string) => ({ from, helpedOn, people: 5, personMinutes: 600 })
  const campaign = (now: string, facts: Partial<CommitmentFacts>) =>
    find(evaluate(now, { clauses, elections, ...facts }), 'campaignHelp') as CampaignHelpCommitment

  test('the side that votes is open until its election day and overdue after it without help from the partner', () => {
    const before = campaign('2026-08-01', { help: [] })
    expect(before.status).toBe('open')
    expect(before.sides.map((s) => [s.side, s.status])).toEqual([
      ['a', 'open'],
      ['b', 'notDue'],
    ])
    expect(before.sides[0]!.elections).toEqual([{ kind: 'state', heldOn: '2026-09-20' }])
    expect(campaign('2026-09-21', { help: [] }).status).toBe('overdue')
  })

  test('help from the partner before the election meets it, help after it or in the other direction does not', () => {
    const met = campaign('2026-11-01', { help: [help('b', '2026-09-12'), help('b', '2026-09-13')] })
    expect(met.status).toBe('met')
    expect(met.sides[0]!.received).toEqual({ entries: 2, people: 10, hours: 20 })
    expect(campaign('2026-11-01', { help: [help('b', '2026-10-01')] }).status).toBe('overdue')
    expect(campaign('2026-11-01', { help: [help('a', '2026-09-01')] }).status).toBe('overdue')
    // Last year's help is last year's.
    expect(campaign('2026-08-01', { help: [help('b', '2025-09-01')] }).sides[0]!.received.entries).toBe(0)
  })

  test('a year without an election on either side asks nothing', () => {
    expect(campaign('2027-05-01', { help: [] }).status).toBe('notDue')
  })
})

describe('joint events and visits', () => {
  const event = (id: string, startsAt: string) => ({ id, title: `Fest ${id}`, startsAt: new Date(startsAt) })

  test('an event both sides host meets the year once it has begun; a planned one is shown, not counted', () => {
    const jointEvents = [event('past', '2026-03-01T17:00:00Z'), event('planned', '2026-12-05T17:00:00Z')]
    const r = find(
      evaluate('2026-11-21', { clauses: [clause('jointEvents')], jointEvents }),
      'jointEvents',
    ) as JointEventsCommitment
    expect(r.status).toBe('met')
    expect(r.events.map((e) => [e.id, e.held])).toEqual([
      ['past', true],
      ['planned', false],
    ])
    const onlyPlanned = find(
      evaluate('2026-11-21', { clauses: [clause('jointEvents')], jointEvents: jointEvents.slice(1) }),
      'jointEvents',
    )
    expect(onlyPlanned.status).toBe('open')
    expect(
      find(evaluate('2027-01-10', { clauses: [clause('jointEvents')], jointEvents }), 'jointEvents'),
    ).toMatchObject({
      status: 'open',
      events: [],
    })
  })

  test('visits are met once members of each side attended an event of the other this year', () => {
    const visit = (host: 'a' | 'b', startsAt: string) => ({
      host,
      eventId: `${host}-${startsAt}`,
      title: 'Stammtisch',
      startsAt: new Date(startsAt),
      visitors: 3,
    })
    const oneWay = find(
      evaluate('2026-11-21', { clauses: [clause('visits')], visits: [visit('a', '2026-05-10T17:00:00Z')] }),
      'visits',
    ) as VisitsCommitment
    expect(oneWay.status).toBe('open')
    expect(oneWay.sides.map((s) => [s.host, s.status, s.visits.length])).toEqual([
      ['a', 'met', 1],
      ['b', 'open', 0],
    ])
    const both = [visit('a', '2026-05-10T17:00:00Z'), visit('b', '2026-06-10T17:00:00Z')]
    expect(find(evaluate('2026-11-21', { clauses: [clause('visits')], visits: both }), 'visits').status).toBe(
      'met',
    )
    expect(find(evaluate('2027-02-01', { clauses: [clause('visits')], visits: both }), 'visits').status).toBe(
      'open',
    )
  })
})

describe('consultation before a federal congress', () => {
  const clauses = [clause('consultation')]
  // A congress in January: its consultation falls into December of the year before.
  const congresses = [
    { name: 'Bundesparteitag in Erfurt', startsOn: '2027-01-15', endsOn: '2027-01-17' },
    { name: 'Bundesparteitag in Halle', startsOn: '2026-06-12', endsOn: '2026-06-14' },
  ]
  const talk = (heldOn: string, side: 'a' | 'b' = 'a') => ({
    kind: 'consultation' as const,
    side,
    heldOn,
    note: 'Anträge besprochen',
  })
  const run = (now: string, facts: Partial<CommitmentFacts> = {}) => {
    const r = evaluate(now, { clauses, congresses, ...facts })
    return { c: find(r, 'consultation') as ConsultationCommitment, reminders: r.reminders }
  }

  test('a congress next January is asked about in December: open, reminded 30 days ahead, met by an exchange before it', () => {
    const early = run('2026-12-10', { exchanges: [talk('2026-06-01')] })
    expect(early.c.congresses.map((g) => [g.startsOn, g.status, g.from])).toEqual([
      ['2026-06-12', 'met', '2026-03-14'],
      ['2027-01-15', 'open', '2026-10-17'],
    ])
    expect(early.c.status).toBe('open')
    expect(early.reminders).toEqual([])
    const warned = run('2026-12-20', { exchanges: [talk('2026-06-01')] })
    expect(warned.reminders).toEqual([{ commitment: 'consultation', period: '2027-01-15', kind: 'upcoming' }])
    const met = run('2026-12-20', { exchanges: [talk('2026-06-01'), talk('2026-12-18', 'b')] })
    expect(met.c.status).toBe('met')
    expect(met.c.congresses[1]!.consultations).toEqual([
      { side: 'b', heldOn: '2026-12-18', note: 'Anträge besprochen' },
    ])
    expect(met.reminders).toEqual([])
  })

  test('across the year boundary the December exchange still meets the January congress', () => {
    const after = run('2027-01-20', { exchanges: [talk('2026-12-18')] })
    expect(after.c.year).toBe(2027)
    expect(after.c.congresses.map((g) => [g.startsOn, g.status])).toEqual([['2027-01-15', 'met']])
    expect(after.c.status).toBe('met')
  })

  test('without an exchange in the 90 days before, the congress is overdue from its first day', () => {
    // Too early (before the window), on the first day, or recorded for a day still ahead: none counts.
    const exchanges = [talk('2026-10-16'), talk('2027-01-15'), talk('2027-01-19')]
    expect(run('2027-01-14', { exchanges }).c.status).toBe('open')
    const late = run('2027-01-15', { exchanges })
    expect(late.c.status).toBe('overdue')
    expect(late.reminders).toContainEqual({
      commitment: 'consultation',
      period: '2027-01-15',
      kind: 'overdue',
    })
    expect(run('2027-01-20', { exchanges: [talk('2026-10-17')] }).c.status).toBe('met')
  })

  test('information and materials are no consultation', () => {
    const other = [
      { kind: 'information' as const, side: 'a' as const, heldOn: '2026-12-18', note: 'x' },
      { kind: 'materials' as const, side: 'b' as const, heldOn: '2026-12-18', note: 'y' },
    ]
    expect(run('2027-01-20', { exchanges: other }).c.status).toBe('overdue')
  })

  test('a year without a congress in the calendar asks nothing; a congress before the agreement is not due', () => {
    const none = run('2028-03-01', { exchanges: [] })
    expect(none.c).toMatchObject({ status: 'notDue', congresses: [], year: 2028 })
    const young = run('2026-07-01', { firstInForceSince: '2026-07-01', inForceSince: '2026-07-01' })
    expect(young.c.status).toBe('notDue')
  })

  test('after an amendment the congresses and exchanges before it still count', () => {
    const amended = { inForceSince: '2026-12-01', firstInForceSince: '2020-12-01' }
    const r = run('2026-12-20', { ...amended, exchanges: [talk('2026-11-20')] })
    expect(r.c.congresses.map((g) => [g.startsOn, g.status])).toEqual([
      ['2026-06-12', 'overdue'],
      ['2027-01-15', 'met'],
    ])
  })
})

describe('mutual information and materials over a year', () => {
  const given = (kind: 'information' | 'materials', side: 'a' | 'b', heldOn: string) => ({
    kind,
    side,
    heldOn,
    note: `${kind} ${side}`,
  })
  const info = (now: string, facts: Partial<CommitmentFacts>) => {
    const r = evaluate(now, { clauses: [clause('information'), clause('materials')], ...facts })
    return {
      info: find(r, 'information') as InformationCommitment,
      materials: find(r, 'materials') as MaterialsCommitment,
      reminders: r.reminders,
    }
  }

  test('each side informs the other once a year: met per side, open until 31 December, reminded in its last month', () => {
    const exchanges = [given('information', 'a', '2026-12-31'), given('materials', 'b', '2026-03-01')]
    const lastDay = info('2026-12-31', { exchanges })
    expect(lastDay.info.sides.map((s) => [s.side, s.status, s.items.length])).toEqual([
      ['a', 'met', 1],
      ['b', 'open', 0],
    ])
    expect(lastDay.info).toMatchObject({ status: 'open', year: 2026, dueOn: '2026-12-31' })
    expect(lastDay.materials).toMatchObject({ status: 'met', items: [{ side: 'b', heldOn: '2026-03-01' }] })
    expect(lastDay.reminders).toEqual([{ commitment: 'information-b', period: '2026', kind: 'upcoming' }])
    expect(info('2026-11-30', { exchanges }).reminders).toEqual([])
  })

  test('a new year starts afresh: last December counts for last year only', () => {
    const exchanges = [
      given('information', 'a', '2026-12-31'),
      given('information', 'b', '2026-12-31'),
      given('materials', 'b', '2026-12-31'),
    ]
    expect(info('2026-12-31', { exchanges }).info.status).toBe('met')
    const january = info('2027-01-01', { exchanges })
    expect(january.info).toMatchObject({ status: 'open', year: 2027 })
    expect(january.info.sides.every((s) => s.items.length === 0)).toBe(true)
    expect(january.materials).toMatchObject({ status: 'open', items: [] })
    expect(january.reminders).toEqual([])
    const both = info('2027-06-01', {
      exchanges: [given('information', 'a', '2027-02-01'), given('information', 'b', '2027-05-31')],
    })
    expect(both.info.status).toBe('met')
    expect(both.materials.status).toBe('open')
  })

  test('an agreement that came into force in December is not reminded that year', () => {
    const fresh = { inForceSince: '2026-12-10', firstInForceSince: '2026-12-10' }
    expect(info('2026-12-20', { ...fresh, exchanges: [] }).reminders).toEqual([])
    expect(info('2026-12-20', { exchanges: [] }).reminders).toEqual([
      { commitment: 'information-a', period: '2026', kind: 'upcoming' },
      { commitment: 'information-b', period: '2026', kind: 'upcoming' },
      { commitment: 'materials', period: '2026', kind: 'upcoming' },
    ])
  })

  test('after an amendment this year, what was recorded before it still counts', () => {
    const amended = { inForceSince: '2026-09-01', firstInForceSince: '2020-12-01' }
    const exchanges = [
      given('information', 'a', '2026-02-01'),
      given('information', 'b', '2026-08-31'),
      given('materials', 'a', '2026-04-01'),
    ]
    const r = info('2026-10-01', { ...amended, exchanges })
    expect([r.info.status, r.materials.status]).toEqual(['met', 'met'])
  })
})

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import type { OrgUnit } from '../org-units/index.js'
import { parseMotion } from './motion-text.js'
import { saveMeasures, saveResolution, sendMeasureReminders } from './service/index.js'

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
const config = {
  http: { publicUrl: 'https://example.org' },
  i18n: { defaultLocale: 'de', genderMark: ':' },
} as never

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  state = await buildState(db, await buildFederation(db))
  kv = await buildDistrict(db, state, 'Pankow')
  await buildUser(db, { member: kv, roles: [['board', kv]] })
  await buildUser(db, { member: kv, roles: [['board', kv]], deactivated: true })
  const parsed = parseMotion('Titel\n\nWir treffen uns monatlich.\n\nWir befragen die Mitglieder.\n')
  await t.database.db.transaction(async (tx) => {
    const resolution = await saveResolution(tx, undefined, {
      unit: state,
      parsed,
      header: { ...parsed.header, decidedOn: '2026-08-01' },
      visibility: 'members',
      addressees: [kv.id],
    })
    const base = { resolutionId: resolution.id, unit: state }
    await saveMeasures(tx, undefined, {
      ...base,
      lines: [parsed.lines[0]!],
      input: {
        title: 'Monatliche Treffen',
        fromLine: 1,
        toLine: 1,
        unitIds: [kv.id],
        indicator: 'newMemberMeetingsMonthly',
        indicatorTarget: 1,
      },
    })
    await saveMeasures(tx, undefined, {
      ...base,
      lines: [parsed.lines[1]!],
      input: { title: 'Befragung', fromLine: 2, toLine: 2, unitIds: [kv.id], dueOn: '2026-11-26' },
    })
  })
  // Met in August; September and October missed; November (the clock's month) still running.
  await buildEvent(db, [kv], {
    type: 'neumitgliedertreffen',
    startsAt: new Date('2026-08-12T17:00:00Z'),
    endsAt: new Date('2026-08-12T19:00:00Z'),
  })
})
afterAll(() => t.close())

describe('reminders to the responsible body', () => {
  test('a measure due within a week and an indicator missed twice each mail the active board once', async () => {
    // The clock: 21 November 2026.
    const sent = await sendMeasureReminders(t.app.deps, config)
    expect(sent).toBe(2)
    const subjects = (await t.outbox()).map((m) => m.subject).sort()
    expect(subjects).toEqual([
      'Maßnahme fällig am 26.11.2026: Befragung',
      'Ziel zweimal verfehlt: Monatliche Treffen',
    ])
    expect((await t.outbox()).find((m) => m.subject.startsWith('Ziel'))!.text).toContain('zuletzt 2026-10')
    // Run again, as the timer or a second server would: nothing new.
    expect(await sendMeasureReminders(t.app.deps, config)).toBe(0)
  })

  test('a month later, another missed month is a new reminder; the due date has passed and is not repeated', async () => {
    t.clock.advance(31 * 86_400_000)
    expect(await sendMeasureReminders(t.app.deps, config)).toBe(1)
    expect((await t.outbox())[0]!.text).toContain('zuletzt 2026-11')
  })
})

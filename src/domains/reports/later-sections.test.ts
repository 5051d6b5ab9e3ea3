import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildDistrict,
  buildFederation,
  buildMember,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import * as s from '../../db-schema.js'
import type { OrgUnit } from '../org-units/index.js'
import type { FigureLine } from './figures.js'
import { countSectionFigures, startReport, viewReport } from './service.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db
const H1 = { from: '2026-01-01', to: '2026-06-30' }
const value = (figures: FigureLine[], name: string) => {
  const f = figures.find((x) => x.name === name)
  if (!f) throw new Error(`no figure ${name}`)
  return f.suppressed ? 'withheld' : f.value
}

/** A state programme with `pairs` tandems of members of `kv` (mentee and mentor), paired on `pairedAt`. */
async function tandems(
  state: OrgUnit,
  kv: OrgUnit,
  pairs: number,
  pairedAt: string,
  end?: { status: 'completed' | 'dissolved'; at: string },
) {
  const [programme] = await db()
    .insert(s.mentoringProgrammes)
    .values({
      unitId: state.id,
      name: `Mentoring ${pairedAt}`,
      topics: ['Wahlkampf'],
      applyFrom: '2025-10-01',
      applyUntil: '2025-12-31',
      startsOn: '2026-01-15',
      endsOn: '2026-10-31',
      capacity: 20,
    })
    .returning()
  const application = async (role: 'mentee' | 'mentor') => {
    const member = await buildMember(db(), kv)
    const [row] = await db()
      .insert(s.mentoringApplications)
      .values({
        programmeId: programme!.id,
        memberId: member.id,
        role,
        motivation: 'm',
        goals: 'g',
        topics: ['Wahlkampf'],
        formats: ['online'],
        languages: ['Deutsch'],
        availability: ['weekend'],
        status: 'accepted',
        submittedAt: new Date('2025-11-01T10:00:00Z'),
      })
      .returning()
    return row!.id
  }
  for (let i = 0; i < pairs; i++)
    await db()
      .insert(s.mentoringTandems)
      .values({
        programmeId: programme!.id,
        menteeApplicationId: await application('mentee'),
        mentorApplicationId: await application('mentor'),
        score: 40,
        reasons: [],
        pairedAt: new Date(`${pairedAt}T10:00:00Z`),
        ...(end
          ? {
              status: end.status,
              endedAt: new Date(`${end.at}T10:00:00Z`),
              ...(end.status === 'dissolved' ? { dissolvedAt: new Date(`${end.at}T10:00:00Z`) } : {}),
            }
          : {}),
      })
  return programme!
}

describe('the sections of the later capabilities', () => {
  test('mentoring, surveys and measures of the period, counted independently here; hidden while empty', async () => {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const kv = await buildDistrict(db(), state)
    const other = await buildDistrict(db(), state)
    const board = actorFor(await buildUser(db(), { member: kv, roles: [['board', kv]] }), [['board', kv]])

    // Nothing yet: the three sections are drafted hidden, with zeros.
    const empty = await startReport(t.app.deps, board, kv.id, H1)
    const emptyView = await viewReport(t.app.deps, board, empty.id)
    for (const kind of ['mentoring', 'surveys', 'resolutions'])
      expect(emptyView.sections.find((x) => x.kind === kind)).toMatchObject({ hidden: true })
    expect(emptyView.sections.find((x) => x.kind === 'events')).toMatchObject({ hidden: false })

    // Mentoring: 5 tandems of the KV's members running in the period, 3 of them completed in it; 2 paired after the
    // period, 2 undone as mistakes, 6 of the other KV: none of those count.
    await tandems(state, kv, 2, '2026-02-01')
    await tandems(state, kv, 3, '2025-12-01', { status: 'completed', at: '2026-05-30' })
    await tandems(state, kv, 2, '2026-08-01')
    await tandems(state, kv, 2, '2026-02-01', { status: 'dissolved', at: '2026-02-03' })
    await tandems(state, other, 6, '2026-02-01')

    // Surveys: one of the KV open in the period with 7 answers, one closed before it, one of the other KV.
    const survey = async (unit: OrgUnit, openedAt: string, closedAt: string | null, answers: number) => {
      const [row] = await db()
        .insert(s.surveys)
        .values({
          unitId: unit.id,
          title: 'Wie kann Parteiarbeit besser gestaltet werden?',
          anonymous: true,
          status: closedAt ? 'closed' : 'open',
          createdAt: new Date(`${openedAt}T09:00:00Z`),
          openedAt: new Date(`${openedAt}T10:00:00Z`),
          ...(closedAt ? { closedAt: new Date(`${closedAt}T10:00:00Z`) } : {}),
        })
        .returning()
      const [version] = await db()
        .insert(s.surveyVersions)
        .values({ surveyId: row!.id, number: 1, questionnaire: { questions: [] }, createdAt: new Date() })
        .returning()
      for (let i = 0; i < answers; i++)
        await db()
          .insert(s.surveyResponses)
          .values({ surveyId: row!.id, versionId: version!.id, unitId: unit.id, channel: 'online' })
    }
    await survey(kv, '2026-03-01', null, 7)
    await survey(kv, '2025-09-01', '2025-10-01', 9)
    await survey(other, '2026-03-01', null, 8)

    // Measures given to the KV: done, in progress, open past its deadline, open in time, dropped; one of the other KV.
    const [resolution] = await db()
      .insert(s.resolutions)
      .values({ unitId: state.id, title: 'Arbeitsprogramm', numbered: true })
      .returning()
    const measure = (unit: OrgUnit, status: 'open' | 'in_progress' | 'done' | 'dropped', dueOn?: string) =>
      db()
        .insert(s.resolutionMeasures)
        .values({
          resolutionId: resolution!.id,
          groupId: crypto.randomUUID(),
          title: `Maßnahme ${status}`,
          fromLine: 1,
          toLine: 1,
          quote: 'Zitat',
          unitId: unit.id,
          status,
          ...(dueOn ? { dueOn } : {}),
        })
    await measure(kv, 'done', '2026-03-01')
    await measure(kv, 'in_progress', '2026-12-31')
    await measure(kv, 'open', '2026-04-30')
    await measure(kv, 'open', '2026-09-30')
    await measure(kv, 'dropped', '2026-01-31')
    await measure(other, 'open', '2026-01-31')

    const figures = await countSectionFigures(db(), kv, H1, new Date('2026-07-02T10:00:00Z'))
    expect(value(figures.mentoring, 'mentees')).toBe(5)
    expect(value(figures.mentoring, 'mentors')).toBe(5)
    // 3 completed tandems: fewer than five people, withheld.
    expect(value(figures.mentoring, 'tandemsCompleted')).toBe('withheld')
    expect(value(figures.mentoring, 'programmes')).toBe(0)
    expect(value(figures.surveys, 'surveys')).toBe(1)
    expect(value(figures.surveys, 'surveyAnswers')).toBe(7)
    expect(value(figures.resolutions, 'measures')).toBe(4)
    expect(value(figures.resolutions, 'measuresDone')).toBe(1)
    expect(value(figures.resolutions, 'measuresInProgress')).toBe(1)
    expect(value(figures.resolutions, 'measuresOverdue')).toBe(1)

    // The state's own programmes count for the state's report.
    const stateFigures = await countSectionFigures(db(), state, H1, new Date('2026-07-02T10:00:00Z'))
    expect(value(stateFigures.mentoring, 'programmes')).toBe(5)
    expect(value(stateFigures.mentoring, 'mentees')).toBe(11)

    // A report begun now shows the three sections.
    const full = await startReport(t.app.deps, board, kv.id, H1)
    const view = await viewReport(t.app.deps, board, full.id)
    for (const kind of ['mentoring', 'surveys', 'resolutions'])
      expect(view.sections.find((x) => x.kind === kind)).toMatchObject({ hidden: false })
  })
})

import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildMember,
  buildState,
  buildUser,
  type Session,
  sessionFor,
  type TestUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { queryRows } from '../../platform/db/query.js'
import type { OrgUnit } from '../org-units/index.js'
import { surveyAnswers, surveyParticipations, surveyResponses, surveys, surveyVersions } from './tables.js'

let t: TestApp
let state: OrgUnit
let kv: OrgUnit
let otherKv: OrgUnit
let foreignKv: OrgUnit
let board: Session
let otherBoard: Session
let ana: { user: TestUser; session: Session }
let ben: { user: TestUser; session: Session }
let stranger: { user: TestUser; session: Session }

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  const federation = await buildFederation(db)
  state = await buildState(db, federation)
  kv = await buildDistrict(db, state)
  otherKv = await buildDistrict(db, state)
  foreignKv = await buildDistrict(db, await buildState(db, federation))
  board = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  otherBoard = await sessionFor(db, await buildUser(db, { member: otherKv, roles: [['board', otherKv]] }))
  const person = async (home: OrgUnit) => {
    const user = await buildUser(db, { member: home })
    return { user, session: await sessionFor(db, user) }
  }
  ana = await person(kv)
  ben = await person(kv)
  stranger = await person(foreignKv)
})
afterAll(() => t.close())

/** A form body; a list value becomes repeated fields (multiple choice). */
function body(fields: Record<string, string | string[]>) {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
  return p.toString()
}
function post(session: Session, url: string, fields: Record<string, string | string[]> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: body({ _csrf: session.csrf, ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

async function createSurvey(session: Session, unit: OrgUnit, fields: Record<string, string>) {
  const res = await post(session, `/units/${unit.id}/surveys`, fields)
  expect(res.statusCode, res.body).toBe(303)
  return res.headers.location!.split('/').pop()!
}

async function questions(id: string) {
  const rows = await t.database.db
    .select()
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, id))
    .orderBy(surveyVersions.number)
  return rows
}

async function addQuestion(id: string, fields: Record<string, string>) {
  const res = await post(board, `/surveys/${id}/questions`, fields)
  expect(res.statusCode, res.body).toBe(303)
  const versions = await questions(id)
  return versions.at(-1)!.questionnaire.questions.at(-1)!
}

/** A survey of `kv` with a yes/no question, a scale shown only after "yes", and a free text. */
async function builtSurvey(mode: 'personal' | 'anonymous') {
  const id = await createSurvey(board, kv, { title: `Mitmachen ${mode}`, intro: 'Drei Fragen.', mode })
  const yesNo = await addQuestion(id, {
    kind: 'single',
    text: 'Warst du im letzten Jahr bei einer Veranstaltung?',
    options: 'Ja\nNein',
    required: 'on',
    section: 'Veranstaltungen',
  })
  const scale = await addQuestion(id, {
    kind: 'scale',
    text: 'Wie hat sie dir gefallen?',
    scaleLow: 'gar nicht',
    scaleHigh: 'sehr',
    required: 'on',
    showIf: `${yesNo.key}:o1`,
  })
  const text = await addQuestion(id, { kind: 'long_text', text: 'Was sollten wir besser machen?' })
  expect((await post(board, `/surveys/${id}/open`)).statusCode).toBe(303)
  return { id, yesNo, scale, text }
}

describe('building a questionnaire', () => {
  test('the board builds one with kinds, required questions, a condition and a preview; others may not', async () => {
    expect((await get(board, `/units/${kv.id}/surveys/new`)).statusCode).toBe(200)
    expect((await get(ana.session, `/units/${kv.id}/surveys/new`)).statusCode).toBe(403)
    expect((await get(otherBoard, `/units/${kv.id}/surveys/new`)).statusCode).toBe(403)
    const bad = await post(board, `/units/${kv.id}/surveys`, { title: '', mode: 'secret' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Bitte gib einen Titel an.')

    const id = await createSurvey(board, kv, { title: 'Parteiarbeit', mode: 'personal' })
    // A choice question needs two options; a condition must name an earlier choice.
    const noOptions = await post(board, `/surveys/${id}/questions`, {
      kind: 'single',
      text: 'Ja?',
      options: 'Ja',
    })
    expect(noOptions.statusCode).toBe(422)
    expect(noOptions.body).toContain('mindestens zwei Antwortmöglichkeiten')
    const badCondition = await post(board, `/surveys/${id}/questions`, {
      kind: 'number',
      text: 'Wie viele?',
      showIf: 'abcdef:o1',
    })
    expect(badCondition.statusCode).toBe(422)
    expect(badCondition.body).toContain('Diese Bedingung gibt es nicht.')

    const first = await addQuestion(id, {
      kind: 'multiple',
      text: 'Was interessiert dich?',
      options: 'Umwelt\nVerkehr\nBildung',
    })
    const second = await addQuestion(id, {
      kind: 'number',
      text: 'Wie viele Stunden im Monat?',
      showIf: `${first.key}:o2`,
    })
    expect(second.showIf).toEqual({ question: first.key, equals: 'o2' })
    // Moving the dependent question above its source would break the condition.
    const moved = await post(board, `/surveys/${id}/questions/${second.key}/move`, { direction: 'up' })
    expect(moved.statusCode).toBe(409)
    const removed = await post(board, `/surveys/${id}/questions/${first.key}/remove`)
    expect(removed.statusCode).toBe(409)

    const preview = await get(board, `/surveys/${id}/preview`)
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('Was interessiert dich?')
    expect(preview.body).toContain('nur wenn bei „1. Was interessiert dich?“ „Verkehr“ gewählt wurde')
    // Members are refused by role; other boards do not learn the draft exists.
    expect((await get(ana.session, `/surveys/${id}`)).statusCode).toBe(403)
    expect((await get(otherBoard, `/surveys/${id}`)).statusCode).toBe(404)
    expect((await get(otherBoard, `/surveys/${id}/preview`)).statusCode).toBe(404)
    expect((await get(ana.session, `/surveys/${id}/answer`)).statusCode).toBe(404)
    expect((await post(otherBoard, `/surveys/${id}/questions/${first.key}/remove`)).statusCode).toBe(404)
  })

  test('once answers exist a change makes a new version; the answers stay with theirs', async () => {
    const { id, yesNo } = await builtSurvey('personal')
    const res = await post(ana.session, `/surveys/${id}/answer`, { [`q_${yesNo.key}`]: 'o2' })
    expect(res.statusCode, res.body).toBe(303)
    const added = await post(board, `/surveys/${id}/questions`, { kind: 'short_text', text: 'Noch etwas?' })
    expect(added.statusCode).toBe(303)
    const versions = await questions(id)
    expect(versions.map((v) => [v.number, v.questionnaire.questions.length])).toEqual([
      [1, 3],
      [2, 4],
    ])
    const [response] = await t.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, id))
    expect(response!.versionId).toBe(versions[0]!.id)
    // A second change, before anyone answered version 2, stays in version 2.
    await post(board, `/surveys/${id}/questions`, { kind: 'short_text', text: 'Und sonst?' })
    expect((await questions(id)).map((v) => v.number)).toEqual([1, 2])
    const page = await get(board, `/surveys/${id}`)
    expect(page.body).toContain('Fassung 1 vom')
  })
})

describe('answering online', () => {
  test('a member answers from their unit page; required and conditional questions are checked; once only', async () => {
    const { id, yesNo, scale, text } = await builtSurvey('personal')
    const unitPage = await get(ana.session, `/units/${kv.id}`)
    expect(unitPage.body).toContain(`/surveys/${id}/answer`)
    const form = await get(ana.session, `/surveys/${id}/answer`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Deine Antworten werden mit deinem Namen gespeichert')
    // Members of another state do not see it.
    expect((await get(stranger.session, `/surveys/${id}/answer`)).statusCode).toBe(404)

    // "Yes" makes the scale required; a value off the scale is refused.
    const missing = await post(ana.session, `/surveys/${id}/answer`, { [`q_${yesNo.key}`]: 'o1' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Bitte beantworte diese Frage.')
    const offScale = await post(ana.session, `/surveys/${id}/answer`, {
      [`q_${yesNo.key}`]: 'o1',
      [`q_${scale.key}`]: '7',
    })
    expect(offScale.statusCode).toBe(422)
    const ok = await post(ana.session, `/surveys/${id}/answer`, {
      [`q_${yesNo.key}`]: 'o1',
      [`q_${scale.key}`]: '4',
      [`q_${text.key}`]: 'Mehr Stammtische',
    })
    expect(ok.statusCode).toBe(303)
    const again = await post(ana.session, `/surveys/${id}/answer`, { [`q_${yesNo.key}`]: 'o2' })
    expect(again.statusCode).toBe(409)
    expect((await get(ana.session, `/surveys/${id}/answer`)).body).toContain(
      'Deine Antworten sind angekommen',
    )

    // "No" skips the scale: an answer sent for it anyway is dropped.
    const skipped = await post(ben.session, `/surveys/${id}/answer`, {
      [`q_${yesNo.key}`]: 'o2',
      [`q_${scale.key}`]: '5',
    })
    expect(skipped.statusCode).toBe(303)
    const db = t.database.db
    const rows = await db
      .select({
        member: surveyResponses.memberId,
        key: surveyAnswers.questionKey,
        n: surveyAnswers.numberValue,
      })
      .from(surveyAnswers)
      .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
      .where(eq(surveyResponses.surveyId, id))
    expect(rows.filter((r) => r.member === ben.user.memberId).map((r) => r.key)).toEqual([yesNo.key])
    expect(rows.find((r) => r.member === ana.user.memberId && r.key === scale.key)?.n).toBe(4)
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'survey.answered'))
    expect(audit?.actorUserId).toBeTruthy()
  })

  test('personal links by mail answer without logging in; each member gets one once', async () => {
    const db = t.database.db
    const local = await buildLocalGroup(db, kv)
    const inLocal = await buildMember(db, kv, { localUnitId: local.id, firstName: 'Olga' })
    await buildMember(db, kv, { email: null })
    const { id, yesNo } = await builtSurvey('personal')
    expect((await post(board, `/surveys/${id}/links`)).statusCode).toBe(303)
    const mails = (await t.outbox()).filter((m) => m.subject === 'Befragung: Mitmachen personal')
    const olga = mails.find((m) => m.to === inLocal.email)
    expect(olga?.text).toContain('Hallo Olga')
    const link = /\/s\/[A-Za-z0-9_-]{43}/.exec(olga!.text)![0]
    // A second round sends nobody the same survey twice.
    await post(board, `/surveys/${id}/links`)
    expect((await t.outbox()).filter((m) => m.subject === 'Befragung: Mitmachen personal')).toHaveLength(
      mails.length,
    )
    expect(mails.some((m) => m.to === stranger.user.email)).toBe(false)

    const visitor = anonymousVisitor()
    const page = await get(visitor, link)
    expect(page.statusCode).toBe(200)
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect((await post(visitor, link, { [`q_${yesNo.key}`]: 'o2' })).statusCode).toBe(303)
    expect((await get(visitor, link)).body).toContain('Deine Antworten sind angekommen')
    const [mark] = await db
      .select()
      .from(surveyParticipations)
      .where(eq(surveyParticipations.memberId, inLocal.id))
    expect(mark?.surveyId).toBe(id)
    expect((await get(visitor, '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404)
    // A closed survey takes no more answers.
    expect((await post(board, `/surveys/${id}/close`)).statusCode).toBe(303)
    expect((await post(ben.session, `/surveys/${id}/answer`, { [`q_${yesNo.key}`]: 'o2' })).statusCode).toBe(
      409,
    )
  })
})

describe('anonymous surveys', () => {
  test('store no link between answers and member: not in the tables, not in the audit trail', async () => {
    const db = t.database.db
    const { id, yesNo, text } = await builtSurvey('anonymous')
    const form = await get(ana.session, `/surveys/${id}/answer`)
    expect(form.body).toContain('ohne Bezug zu dir gespeichert')
    const before = new Date()
    const res = await post(ana.session, `/surveys/${id}/answer`, {
      [`q_${yesNo.key}`]: 'o2',
      [`q_${text.key}`]: 'Anonyme Kritik',
    })
    expect(res.statusCode).toBe(303)
    expect((await post(ana.session, `/surveys/${id}/answer`, { [`q_${yesNo.key}`]: 'o2' })).statusCode).toBe(
      409,
    )

    const [response] = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, id))
    expect(response).toMatchObject({ memberId: null, recordedById: null, submittedAt: null, unitId: kv.id })
    const answers = await db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response!.id))
    expect(answers.map((a) => a.textValue ?? a.option).sort()).toEqual(['Anonyme Kritik', 'o2'])
    // The mark names the member and the survey, and nothing of the response.
    const marks = await db.select().from(surveyParticipations).where(eq(surveyParticipations.surveyId, id))
    expect(marks).toHaveLength(1)
    expect(Object.keys(marks[0]!).sort()).toEqual(['answeredAt', 'memberId', 'surveyId'])

    // No row of the whole database holds the response's id together with the member's or account's id.
    const tables = await queryRows<{ name: string }>(
      db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    )
    expect(tables.length).toBeGreaterThan(40)
    // The response's id appears only in the answer tables, and no row there names the member or the account.
    const holding: string[] = []
    for (const { name } of tables) {
      const [found] = await queryRows<{ n: number; linked: number }>(
        db,
        sql`select count(*)::int as n,
                   count(*) filter (where row_to_json(x)::text like ${`%${ana.user.id}%`}
                                       or row_to_json(x)::text like ${`%${ana.user.memberId}%`})::int as linked
              from ${sql.identifier(name)} x where row_to_json(x)::text like ${`%${response!.id}%`}`,
      )
      if (found!.n > 0) holding.push(name)
      expect(found!.linked, name).toBe(0)
    }
    expect(holding.sort()).toEqual(['survey_answers', 'survey_responses'])
    // The audit trail says that an answer was recorded, by nobody, and nothing that leads to the response.
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.objectId, id))
    const recorded = audit.filter((a) => a.action === 'survey.answer_recorded')
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({
      actorUserId: null,
      actingRole: 'anonymous',
      data: {},
      requestId: null,
    })
    const all = await db.select().from(auditEvents)
    expect(JSON.stringify(all)).not.toContain(response!.id)
    const aftermath = all.filter((a) => a.at >= before && a.actorUserId === ana.user.id)
    expect(aftermath.map((a) => a.action)).toEqual([])
    const [row] = await db.select().from(surveys).where(eq(surveys.id, id))
    expect(row!.anonymous).toBe(true)
  })
})

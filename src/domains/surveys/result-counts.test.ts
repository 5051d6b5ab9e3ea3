import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { buildDistrict, buildState } from '../../../test/support/factories.js'
import { resultQuestions as questions } from '../../../test/support/surveys.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { OrgUnit } from '../org-units/index.js'
import { resultCounts } from './repo.js'
import { buildResults, respondentsByUnit } from './results.js'
import { surveyAnswers, surveyResponses, surveyResultCounts, surveys, surveyVersions } from './tables.js'

// The counts the results page reads are kept by the database (triggers on survey_responses and survey_answers,
// in the transaction of the answer). They must always equal the answers counted one by one, whatever happens to
// the answers afterwards: more answers, answers at the same moment, a free text cleared at erasure, a KV merged
// into another, answers or responses deleted. The reference below is the aggregate the page used to run.

let database: Database
let kvs: OrgUnit[]
let surveyId: string
let versionId: string
let k = 0

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const state = await buildState(db)
  kvs = [await buildDistrict(db, state), await buildDistrict(db, state), await buildDistrict(db, state)]
  const [survey] = await db
    .insert(surveys)
    .values({ unitId: state.id, title: 'Zählung', anonymous: true, status: 'open', createdAt: new Date() })
    .returning()
  surveyId = survey!.id
  const [version] = await db
    .insert(surveyVersions)
    .values({ surveyId, number: 1, questionnaire: { questions }, createdAt: new Date() })
    .returning()
  versionId = version!.id
}, 120_000)
afterAll(() => database.close())

/** One response from a KV (or none), its answers in one statement, or the choices of `what` in a second one. */
async function respond(db: DbOrTx, unitId: string | null, opts: { split?: boolean; skip?: boolean } = {}) {
  const i = k++
  const [response] = await db
    .insert(surveyResponses)
    .values({ surveyId, versionId, unitId, channel: 'online' })
    .returning()
  const a = (v: Partial<typeof surveyAnswers.$inferInsert>) => ({
    responseId: response!.id,
    versionId,
    questionKey: 'yes',
    ...v,
  })
  if (opts.skip) return response!.id
  const main = [
    a({ option: i % 3 === 0 ? 'o1' : 'o2' }),
    ...(i % 4 === 3 ? [] : [a({ questionKey: 'like', numberValue: (i % 5) + 1 })]),
    a({ questionKey: 'free', textValue: `Idee ${i}` }),
  ]
  const what = [1, 2, 3]
    .filter((x) => (i + x) % 2 === 0)
    .map((x) => a({ questionKey: 'what', option: `o${x}` }))
  if (opts.split && what.length > 1) {
    await db.insert(surveyAnswers).values([...main, what[0]!])
    await db.insert(surveyAnswers).values(what.slice(1))
  } else await db.insert(surveyAnswers).values([...main, ...what])
  return response!.id
}

/** The counts as the page used to compute them: every answer counted by the database, one query each. */
async function counted() {
  const db = database.db
  const counts = await queryRows<{
    q: string
    u: string | null
    o: string | null
    v: number | null
    n: number
  }>(
    db,
    sql`select a.question_key as q, r.unit_id as u, a.option as o, a.number_value as v, count(*)::int as n
          from survey_answers a join survey_responses r on r.id = a.response_id
         where a.version_id = ${versionId} and a.text_value is null
         group by a.question_key, r.unit_id, a.option, a.number_value`,
  )
  const bases = await queryRows<{ q: string; u: string | null; n: number }>(
    db,
    sql`select a.question_key as q, r.unit_id as u, count(distinct a.response_id)::int as n
          from survey_answers a join survey_responses r on r.id = a.response_id
         where a.version_id = ${versionId} group by a.question_key, r.unit_id`,
  )
  const respondents = await queryRows<{ u: string | null; n: number }>(
    db,
    sql`select unit_id as u, count(*)::int as n from survey_responses where version_id = ${versionId} group by unit_id`,
  )
  return { counts, bases, respondents }
}

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort()
const view = (c: Awaited<ReturnType<typeof counted>>) => ({
  results: buildResults({ questions }, c.counts, c.bases).map((r) => ({
    key: r.question.key,
    total: r.total,
    byUnit: [...r.byUnit.entries()].sort(),
  })),
  people: respondentsByUnit(c.respondents),
})

/** The kept counts equal the reference: row for row (cleared texts aside), and as the results they give. */
async function expectKept(label: string) {
  const kept = await resultCounts(database.db, versionId)
  const ref = await counted()
  expect(sorted(kept.counts), label).toEqual(sorted(ref.counts.filter((r) => r.o !== null || r.v !== null)))
  expect(sorted(kept.bases), label).toEqual(sorted(ref.bases))
  expect(sorted(kept.respondents), label).toEqual(sorted(ref.respondents))
  expect(view(kept), label).toEqual(view(ref))
  const [zero] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from survey_result_counts where n <= 0`,
  )
  expect(zero!.n, `${label}: no empty rows`).toBe(0)
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'done',
    (err: Error) => `${err.message} ${(err.cause as Error | undefined)?.message ?? ''}`,
  )

describe('the counts the results are read from', () => {
  test('equal the answers counted one by one, through answers, erasure, a merge and deletions', async () => {
    const db = database.db
    const [a, b, c] = kvs as [OrgUnit, OrgUnit, OrgUnit]
    for (let i = 0; i < 7; i++) await respond(db, a.id, { split: i % 2 === 1 })
    for (let i = 0; i < 3; i++) await respond(db, b.id)
    for (let i = 0; i < 6; i++) await respond(db, c.id)
    await respond(db, null)
    await respond(db, c.id, { skip: true })
    await expectKept('answers')
    // The results withhold KV b (three answers) and, with it, the next smallest; as before.
    const kept = await resultCounts(db, versionId)
    const results = buildResults({ questions }, kept.counts, kept.bases)
    expect(results[0]!.byUnit.get(b.id)?.withheld).toBe('small')
    expect(results[0]!.byUnit.get(c.id)?.withheld).toBe('complementary')

    // Twelve answers at the same moment from one KV, each in its transaction: no count is lost.
    await Promise.all(Array.from({ length: 12 }, () => db.transaction((tx) => respond(tx, b.id))))
    await expectKept('answers at the same moment')

    // Erasure clears free texts; nothing counted changes.
    await db.update(surveyAnswers).set({ textValue: null }).where(eq(surveyAnswers.questionKey, 'free'))
    await expectKept('texts cleared')

    // A merge moves KV a's responses to KV c: the counts go with them and nothing points at a any more.
    await db.update(surveyResponses).set({ unitId: c.id }).where(eq(surveyResponses.unitId, a.id))
    await expectKept('merged')
    const left = await db.select().from(surveyResultCounts).where(eq(surveyResultCounts.unitId, a.id))
    expect(left).toEqual([])

    // One choice withdrawn, then all of a response's choices of a question: its respondents shrink only then.
    const [one] = await db
      .select()
      .from(surveyAnswers)
      .where(and(eq(surveyAnswers.versionId, versionId), eq(surveyAnswers.questionKey, 'what')))
      .limit(1)
    await db.delete(surveyAnswers).where(eq(surveyAnswers.id, one!.id))
    await expectKept('one choice deleted')
    await db
      .delete(surveyAnswers)
      .where(and(eq(surveyAnswers.responseId, one!.responseId), eq(surveyAnswers.questionKey, 'what')))
    await expectKept('a question left unanswered')

    // Responses deleted with their answers.
    await db.delete(surveyResponses).where(eq(surveyResponses.id, one!.responseId))
    await db.delete(surveyResponses).where(eq(surveyResponses.unitId, b.id))
    await expectKept('responses deleted')
  })

  test('refuse changes to what was answered, so they cannot drift', async () => {
    const db = database.db
    const id = await respond(db, kvs[0]!.id)
    expect(
      await refusal(db.update(surveyAnswers).set({ option: 'o2' }).where(eq(surveyAnswers.responseId, id))),
    ).toMatch(/not changed once given/)
    expect(
      await refusal(
        db.update(surveyAnswers).set({ questionKey: 'like' }).where(eq(surveyAnswers.responseId, id)),
      ),
    ).toMatch(/not changed once given/)
    const [other] = await db
      .insert(surveyVersions)
      .values({ surveyId, number: 2, questionnaire: { questions }, createdAt: new Date() })
      .returning()
    expect(
      await refusal(
        db.update(surveyResponses).set({ versionId: other!.id }).where(eq(surveyResponses.id, id)),
      ),
    ).toMatch(/not changed once given/)
    await expectKept('after the refusals')
  })
})

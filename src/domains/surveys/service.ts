import { createHash, randomBytes } from 'node:crypto'
import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps, Settings } from '../../platform/deps.js'
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { type Locale, translator } from '../../platform/i18n/index.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { getUnit } from '../org-units/index.js'
import type { AddQuestionInput, CreateSurveyInput } from './input.js'
import { can } from './policy.js'
import {
  type AnswerErrors,
  answerRows,
  conditionSources,
  conditionValues,
  type Question,
  type Questionnaire,
  readAnswers,
} from './questionnaire.js'
import * as repo from './repo.js'
import { buildResults, NO_UNIT, respondentsByUnit, shown } from './results.js'
import type { Survey } from './tables.js'

type Deps = Pick<AppDeps, 'database' | 'now'>
type Env = { deps: Deps; config: Settings }
type Meta = { requestId?: string }

/** The audit row of a change to a survey, by the actor acting on the survey's unit. */
function auditSurvey(
  tx: DbOrTx,
  actor: Actor | undefined,
  unit: { id: string; path: string },
  survey: { id: string },
  action: string,
  meta: Meta,
  data?: Record<string, unknown>,
) {
  return recordAudit(
    tx,
    actor,
    { action, unit, object: { type: 'survey', id: survey.id }, data },
    meta.requestId,
  )
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** A survey with its unit, for those who build it: 404 for everyone else (they do not learn it exists). */
async function loadOwned(db: DbOrTx, actor: Actor | undefined, id: string) {
  const survey = await repo.findSurvey(db, id)
  if (!survey) throw new NotFoundError()
  const unit = await getUnit(db, survey.unitId)
  if (!can(actor, 'survey.manage', unit)) throw new NotFoundError()
  return { survey, unit }
}

/** A unit's page for a new survey: 403 for anyone but its board and the offices above. */
export async function prepareSurveyCreation(deps: Deps, actor: Actor | undefined, unitId: string) {
  const unit = await getUnit(deps.database.db, unitId)
  if (unit.kind === 'team' || !can(actor, 'survey.manage', unit)) throw new ForbiddenError('survey.manage')
  return unit
}

/** The board of a unit (or an office above) starts a survey; it is a draft with an empty first version. */
export async function createSurvey(
  deps: Deps,
  actor: Actor | undefined,
  unitId: string,
  input: CreateSurveyInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const unit = await getUnit(tx, unitId)
    if (unit.kind === 'team' || !actor || !can(actor, 'survey.manage', unit))
      throw new ForbiddenError('survey.manage')
    const now = deps.now()
    const survey = await repo.insertSurvey(tx, {
      unitId: unit.id,
      title: input.title,
      intro: input.intro,
      anonymous: input.mode === 'anonymous',
      createdById: actor.userId,
      createdAt: now,
    })
    await repo.insertVersion(tx, {
      surveyId: survey.id,
      number: 1,
      questionnaire: { questions: [] },
      createdById: actor.userId,
      createdAt: now,
    })
    await auditSurvey(tx, actor, unit, survey, 'survey.created', meta, { anonymous: survey.anonymous })
    return survey
  })
}

/** The surveys of a unit, for its board and the offices above. */
export async function listUnitSurveys(deps: Deps, actor: Actor | undefined, unitId: string) {
  const unit = await prepareSurveyCreation(deps, actor, unitId)
  return { unit, surveys: await repo.listSurveysOfUnit(deps.database.db, unit.id) }
}

/** The builder: the newest version's questions, the versions with their answers, what may be done next. */
export async function viewSurvey(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { survey, unit } = await loadOwned(db, actor, id)
  const version = await repo.latestVersion(db, survey.id)
  const versions = await repo.listVersions(db, survey.id)
  const answered = await repo.countParticipations(db, survey.id)
  return { survey, unit, version, versions, answered, locked: versions.at(-1)!.responses > 0 }
}

/**
 * Changes the questions. While nobody has answered the newest version it is changed in place; once answers
 * exist, the change makes the next version, so every answer stays with the questions it was given to.
 */
async function changeQuestions(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  change: (q: Questionnaire) => Questionnaire,
  meta: Meta,
) {
  return deps.database.db.transaction(async (tx) => {
    const { survey, unit } = await loadOwned(tx, actor, id)
    if (survey.status === 'closed') throw new ConflictError('surveys.errors.closed')
    const current = await repo.latestVersion(tx, survey.id, { lock: true })
    const next = change(current.questionnaire)
    let number = current.number
    if (await repo.versionHasResponses(tx, current.id)) {
      number += 1
      await repo.insertVersion(tx, {
        surveyId: survey.id,
        number,
        questionnaire: next,
        createdById: actor!.userId,
        createdAt: deps.now(),
      })
    } else {
      await repo.updateVersion(tx, current.id, next)
    }
    await auditSurvey(tx, actor, unit, survey, 'survey.questions_changed', meta, { version: number })
    return { version: number }
  })
}

const newKey = () => randomBytes(5).toString('hex')

/** A question from the builder's form; FieldError when its condition names no earlier choice or its value. */
export function questionFrom(input: AddQuestionInput, q: Questionnaire): Question {
  let showIf: Question['showIf'] = null
  if (input.showIf) {
    const [question, equals] = input.showIf.split(':') as [string, string]
    const source = conditionSources(q).find((x) => x.key === question)
    if (!source || !conditionValues(source).some((o) => o.key === equals))
      throw new FieldError('showIf', 'surveys.errors.conditionInvalid')
    showIf = { question, equals }
  }
  const choice = input.kind === 'single' || input.kind === 'multiple'
  return {
    key: newKey(),
    kind: input.kind,
    text: input.text,
    required: input.required,
    section: input.section ?? null,
    options: choice ? input.options.map((label, i) => ({ key: `o${i + 1}`, label })) : [],
    scale: input.kind === 'scale' ? { low: input.scaleLow ?? '', high: input.scaleHigh ?? '' } : null,
    showIf,
  }
}

export async function addQuestion(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: AddQuestionInput,
  meta: Meta = {},
) {
  return changeQuestions(
    deps,
    actor,
    id,
    (q) => ({ questions: [...q.questions, questionFrom(input, q)] }),
    meta,
  )
}

/** Removes a question; one that a later question's condition names stays (ConflictError). */
export async function removeQuestion(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  key: string,
  meta: Meta = {},
) {
  return changeQuestions(
    deps,
    actor,
    id,
    (q) => {
      if (!q.questions.some((x) => x.key === key)) throw new NotFoundError()
      if (q.questions.some((x) => x.showIf?.question === key))
        throw new ConflictError('surveys.errors.questionReferenced')
      return { questions: q.questions.filter((x) => x.key !== key) }
    },
    meta,
  )
}

/** Moves a question one place; a condition must keep naming an earlier question (ConflictError otherwise). */
export async function moveQuestion(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  key: string,
  direction: 'up' | 'down',
  meta: Meta = {},
) {
  return changeQuestions(
    deps,
    actor,
    id,
    (q) => {
      const i = q.questions.findIndex((x) => x.key === key)
      if (i < 0) throw new NotFoundError()
      const j = direction === 'up' ? i - 1 : i + 1
      if (j < 0 || j >= q.questions.length) return q
      const questions = [...q.questions]
      ;[questions[i], questions[j]] = [questions[j]!, questions[i]!]
      const position = new Map(questions.map((x, n) => [x.key, n]))
      if (questions.some((x, n) => x.showIf && (position.get(x.showIf.question) ?? n) >= n))
        throw new ConflictError('surveys.errors.conditionOrder')
      return { questions }
    },
    meta,
  )
}

/** Opens a survey for answers (it needs a question) or closes it; each is audited. */
export async function setSurveyStatus(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  to: 'open' | 'closed',
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { survey, unit } = await loadOwned(tx, actor, id)
    const now = deps.now()
    if (to === 'open') {
      const version = await repo.latestVersion(tx, survey.id)
      if (version.questionnaire.questions.length === 0) throw new ConflictError('surveys.errors.noQuestions')
    }
    const row =
      to === 'open'
        ? await repo.updateSurveyStatus(tx, survey.id, 'draft', { status: 'open', openedAt: now })
        : await repo.updateSurveyStatus(tx, survey.id, 'open', { status: 'closed', closedAt: now })
    if (!row) throw new ConflictError(to === 'open' ? 'surveys.errors.notDraft' : 'surveys.errors.notOpen')
    await auditSurvey(tx, actor, unit, survey, to === 'open' ? 'survey.opened' : 'survey.closed', meta)
    return row
  })
}

/** The preview: the form as members will see it, for those who build it. */
export async function previewSurvey(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { survey, unit } = await loadOwned(db, actor, id)
  return { survey, unit, version: await repo.latestVersion(db, survey.id) }
}

/**
 * Sends each member of the unit's subtree with an e-mail address a personal link, once: a member who has a
 * link or has answered gets none. The link answers without logging in; only its hash is stored.
 */
export async function sendSurveyLinks(
  env: Env,
  actor: Actor | undefined,
  id: string,
  locale: Locale,
  meta: Meta = {},
) {
  const { deps, config } = env
  return deps.database.db.transaction(async (tx) => {
    const { survey, unit } = await loadOwned(tx, actor, id)
    if (survey.status !== 'open') throw new ConflictError('surveys.errors.notOpen')
    const now = deps.now()
    const recipients = await repo.membersWithoutLink(tx, survey.id, unit.path)
    const tokens = recipients.map((m) => ({ member: m, token: randomBytes(32).toString('base64url') }))
    await repo.insertLinks(
      tx,
      tokens.map(({ member, token }) => ({
        surveyId: survey.id,
        memberId: member.id,
        tokenHash: hashToken(token),
        createdAt: now,
      })),
    )
    const t = translator(locale, config.i18n.genderMark)
    await queueMail(
      tx,
      now,
      tokens.map(({ member, token }) => ({
        key: `survey-link:${survey.id}:${member.id}`,
        to: member.email!,
        subject: t('surveys.mail.link.subject', { title: survey.title }),
        text: t('surveys.mail.link.body', {
          name: member.firstName,
          unit: unit.name,
          title: survey.title,
          mode: t(survey.anonymous ? 'surveys.mode.anonymousNote' : 'surveys.mode.personalNote'),
          link: `${config.http.publicUrl}/s/${token}`,
        }),
      })),
    )
    await auditSurvey(tx, actor, unit, survey, 'survey.links_sent', meta, { count: tokens.length })
    return tokens.length
  })
}

/** Who answers: a signed-in member, or the holder of a personal link. */
export type Respondent = { actor: Actor } | { token: string }

/** The survey and the member behind a respondent; 404 when the survey is not theirs to see. */
async function resolveRespondent(db: DbOrTx, who: Respondent, surveyId: string | null) {
  let memberId: string | null
  let id: string | null = surveyId
  if ('token' in who) {
    const link = await repo.findLinkByHash(db, hashToken(who.token))
    if (!link) throw new NotFoundError()
    memberId = link.memberId
    id = link.surveyId
  } else {
    memberId = who.actor.memberId
  }
  if (!memberId || !id) throw new NotFoundError()
  const survey = await repo.findSurvey(db, id)
  const member = await repo.findRespondent(db, memberId)
  if (!survey || !member) throw new NotFoundError()
  const unit = await getUnit(db, survey.unitId)
  const asMember = { memberId: member.id, memberUnitPath: member.unitPath, grants: [] } as unknown as Actor
  const subject = { unit, status: survey.status }
  if (!can(asMember, 'survey.view', subject)) throw new NotFoundError()
  return { survey, unit, member, open: can(asMember, 'survey.answer', subject) }
}

/** The answer form: the questions of the newest version, and whether this member has answered already. */
export async function viewAnswerForm(deps: Deps, who: Respondent, surveyId: string | null) {
  const db = deps.database.db
  const { survey, unit, member, open } = await resolveRespondent(db, who, surveyId)
  const version = await repo.latestVersion(db, survey.id)
  const answered = await repo.hasParticipated(db, survey.id, member.id)
  return { survey, unit, version, answered, open }
}

export type SubmitOutcome =
  | { ok: true; survey: Survey }
  | {
      ok: false
      errors: AnswerErrors
      values: Record<string, string[]>
      form: Awaited<ReturnType<typeof viewAnswerForm>>
    }

/**
 * A member answers online. The "already answered" mark is written first, so of two submissions one counts.
 * In an anonymous survey the response names no member, no time and no recorder, and the audit row says only
 * that an answer was recorded for the survey: no person, no response, no request id to lead to the log.
 */
export async function submitAnswers(
  deps: Deps,
  who: Respondent,
  surveyId: string | null,
  body: Record<string, unknown>,
  meta: Meta = {},
): Promise<SubmitOutcome> {
  return deps.database.db.transaction(async (tx) => {
    const { survey, unit, member, open } = await resolveRespondent(tx, who, surveyId)
    if (!open) throw new ConflictError('surveys.errors.notOpen')
    const version = await repo.latestVersion(tx, survey.id)
    const read = readAnswers(version.questionnaire, body)
    if (Object.keys(read.errors).length > 0) {
      const answered = await repo.hasParticipated(tx, survey.id, member.id)
      return {
        ok: false,
        errors: read.errors,
        values: read.values,
        form: { survey, unit, version, answered, open },
      }
    }
    const now = deps.now()
    const mark = await repo.insertParticipation(tx, {
      surveyId: survey.id,
      memberId: member.id,
      answeredAt: now,
    })
    if (!mark) throw new ConflictError('surveys.errors.alreadyAnswered')
    const anonymous = survey.anonymous
    const response = await repo.insertResponse(tx, {
      surveyId: survey.id,
      versionId: version.id,
      memberId: anonymous ? null : member.id,
      unitId: member.homeUnitId,
      channel: 'online',
      submittedAt: anonymous ? null : now,
    })
    await repo.insertAnswers(
      tx,
      answerRows(read.answers).map((r) => ({ ...r, responseId: response.id, versionId: version.id })),
    )
    if (anonymous) {
      await recordAudit(tx, undefined, {
        action: 'survey.answer_recorded',
        unit,
        object: { type: 'survey', id: survey.id },
      })
    } else {
      const actor = 'actor' in who ? who.actor : undefined
      await recordAudit(
        tx,
        actor,
        {
          action: 'survey.answered',
          unit,
          object: { type: 'survey_response', id: response.id },
          data: { surveyId: survey.id, version: version.number, viaLink: 'token' in who },
        },
        meta.requestId,
      )
    }
    return { ok: true, survey }
  })
}

/** The open surveys of a member (of their KV and the units above), for their page. */
export async function mySurveys(deps: Deps, actor: Actor | undefined) {
  if (!actor?.memberId) return []
  const db = deps.database.db
  const member = await repo.findRespondent(db, actor.memberId)
  if (!member) return []
  return repo.openSurveysFor(db, member.id, member.unitPath)
}

/** A unit's page: the board's way to its surveys, and for its members the surveys open to them there. */
export async function unitSurveysSection(
  deps: Deps,
  actor: Actor | undefined,
  unit: { id: string; path: string; kind: string },
) {
  if (!actor || unit.kind === 'team') return null
  const canManage = can(actor, 'survey.manage', unit)
  const open = (await mySurveys(deps, actor)).filter((s) => s.unitId === unit.id)
  if (!canManage && open.length === 0) return null
  return { canManage, open }
}

/** How many free-text answers the results page shows per question; the owners' raw export has them all. */
export const TEXTS_SHOWN = 100

/** The version results are read for: the one asked for, else the newest with answers, else the newest. */
async function resultVersion(db: DbOrTx, surveyId: string, number: number | undefined) {
  const versions = await repo.listVersions(db, surveyId)
  const chosen =
    number === undefined
      ? ([...versions].reverse().find((v) => v.responses > 0) ?? versions.at(-1)!)
      : versions.find((v) => v.number === number)
  if (!chosen) throw new NotFoundError()
  const version = (await repo.findVersion(db, surveyId, chosen.number))!
  return { version, versions }
}

/**
 * The results of a version for the survey's owners: counts, shares and means per question, for everyone or one
 * KV, computed by the database; cells on fewer than five answers and the cells that would reveal them withheld.
 * Free texts only where their group's cell is shown.
 */
export async function viewResults(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  query: { version?: number; kv?: string },
) {
  const db = deps.database.db
  const { survey, unit } = await loadOwned(db, actor, id)
  const { version, versions } = await resultVersion(db, survey.id, query.version)
  const { counts, bases, respondents } = await repo.resultCounts(db, version.id)
  const questions = buildResults(version.questionnaire, counts, bases)
  const people = respondentsByUnit(respondents)
  const unitIds = [...people.byUnit.keys()].filter((u) => u !== NO_UNIT)
  const units = (await repo.unitsByIds(db, unitIds)).sort((a, b) => a.name.localeCompare(b.name, 'de'))
  const kv = query.kv !== undefined && people.byUnit.has(query.kv) ? query.kv : null
  const texts = new Map<string, string[]>()
  for (const r of questions) {
    if (r.question.kind !== 'short_text' && r.question.kind !== 'long_text') continue
    const cell = kv === null ? r.total : r.byUnit.get(kv)
    if (shown(cell))
      texts.set(r.question.key, await repo.textAnswers(db, version.id, r.question.key, kv, TEXTS_SHOWN))
  }
  return { survey, unit, version, versions, questions, people, units, kv, texts }
}

export type Results = Awaited<ReturnType<typeof viewResults>>

/**
 * The answers of a personal survey's version, one row per response with the member, for the owners: audited.
 * An anonymous survey has none to give (404: there is no such export).
 */
export async function exportRawAnswers(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  number: number | undefined,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { survey, unit } = await loadOwned(tx, actor, id)
    if (survey.anonymous) throw new NotFoundError()
    const { version } = await resultVersion(tx, survey.id, number)
    const rows = await repo.rawResponses(tx, version.id)
    await auditSurvey(tx, actor, unit, survey, 'survey.answers_exported', meta, {
      version: version.number,
      count: rows.length,
    })
    return { survey, version, rows }
  })
}

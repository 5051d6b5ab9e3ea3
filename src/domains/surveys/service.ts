import { createHash, randomBytes } from 'node:crypto'
import { auditData, grantsJson, recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps, Settings } from '../../platform/deps.js'
import { ConflictError, FieldError, NotFoundError } from '../../platform/errors.js'
import { type Locale, translator } from '../../platform/i18n/index.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { fromDateTimeLocal, toDateTimeLocal } from '../../platform/time.js'
import { getUnit } from '../org-units/index.js'
import { feedProfileFromSurvey } from '../volunteers/index.js'
import { type CallingHours, nextOpening, windowAt, withinCallingHours } from './calling-hours.js'
import type {
  AddQuestionInput,
  CallInput,
  CampaignSettingsInput,
  CreateCampaignInput,
  CreateSurveyInput,
} from './input.js'
import { authorize, authorizeActor, can } from './policy.js'
import {
  type AnswerErrors,
  type AnswerSet,
  answerRows,
  conditionSources,
  conditionValues,
  type Question,
  type Questionnaire,
  readAnswers,
} from './questionnaire.js'
import * as repo from './repo.js'
import { buildResults, NO_UNIT, respondentsByUnit, shown } from './results.js'
import type { CallOutcome, Survey } from './tables.js'

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
  authorize(actor, 'survey.create', unit)
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
    const by = authorizeActor(actor, 'survey.create', unit)
    const now = deps.now()
    const survey = await repo.insertSurvey(tx, {
      unitId: unit.id,
      title: input.title,
      intro: input.intro,
      anonymous: input.mode === 'anonymous',
      createdById: by.userId,
      createdAt: now,
    })
    await repo.insertVersion(tx, {
      surveyId: survey.id,
      number: 1,
      questionnaire: { questions: [] },
      createdById: by.userId,
      createdAt: now,
    })
    await auditSurvey(tx, by, unit, survey, 'survey.created', meta, { anonymous: survey.anonymous })
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
  const campaigns = await repo.listCampaignsOfSurvey(db, survey.id)
  return { survey, unit, version, versions, answered, campaigns, locked: versions.at(-1)!.responses > 0 }
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
    feedsPool: input.feedsPool ?? null,
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

/**
 * Stores one person's answers: the "already answered" mark first (ConflictError when it exists, so of two
 * submissions one counts), then the response. In an anonymous survey the response names no member, no time and
 * no recorder, and the audit row says only that an answer was recorded for the survey: no person, no response,
 * no request id to lead to the log.
 */
async function recordResponse(
  tx: DbOrTx,
  now: Date,
  r: {
    survey: Survey
    unit: { id: string; path: string }
    version: { id: string; number: number; questionnaire: Questionnaire }
    member: { id: string; homeUnitId: string | null }
    answers: AnswerSet
    channel: 'online' | 'phone'
    actor: Actor | undefined
    /** The caller who entered the answers on the member's behalf. */
    recordedById?: string
    viaLink?: boolean
    meta: Meta
  },
) {
  const { survey, unit, version, member } = r
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
    channel: r.channel,
    recordedById: anonymous ? null : (r.recordedById ?? null),
    submittedAt: anonymous ? null : now,
  })
  await repo.insertAnswers(
    tx,
    answerRows(r.answers).map((a) => ({ ...a, responseId: response.id, versionId: version.id })),
  )
  if (!anonymous) await feedPool(tx, now, version.questionnaire, member.id, r.answers)
  if (anonymous) {
    await recordAudit(tx, undefined, {
      action: 'survey.answer_recorded',
      unit,
      object: { type: 'survey', id: survey.id },
    })
    return null
  }
  await recordAudit(
    tx,
    r.actor,
    {
      action: 'survey.answered',
      unit,
      object: { type: 'survey_response', id: response.id },
      data: { surveyId: survey.id, version: version.number, viaLink: !!r.viaLink, channel: r.channel },
    },
    r.meta.requestId,
  )
  return response
}

/**
 * The consent bridge: answers to questions marked "may feed the volunteer pool" go into the member's pool profile,
 * which the pool's own use case does only when the member has its consent. Never from an anonymous survey.
 */
async function feedPool(tx: DbOrTx, now: Date, q: Questionnaire, memberId: string, answers: AnswerSet) {
  let hoursPerMonth: number | undefined
  const skillNames: string[] = []
  for (const question of q.questions) {
    const a = answers.get(question.key)
    if (!a || !question.feedsPool) continue
    if (question.feedsPool === 'hours' && a.kind === 'number') hoursPerMonth = a.value
    if (question.feedsPool === 'skills' && a.kind === 'options')
      for (const key of a.options) {
        const label = question.options.find((o) => o.key === key)?.label
        if (label) skillNames.push(label)
      }
  }
  if (hoursPerMonth === undefined && skillNames.length === 0) return false
  return feedProfileFromSurvey(tx, now, memberId, { hoursPerMonth, skillNames })
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
    await recordResponse(tx, deps.now(), {
      survey,
      unit,
      version,
      member,
      answers: read.answers,
      channel: 'online',
      actor: 'actor' in who ? who.actor : undefined,
      viaLink: 'token' in who,
      meta,
    })
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
  const byName = new Intl.Collator('de').compare
  const units = (await repo.unitsByIds(db, unitIds)).sort((a, b) => byName(a.name, b.name))
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

// ---- phone campaigns

/** The form for a new campaign: the survey's owners, while it is open; the KVs of its unit to narrow the list. */
export async function prepareCampaign(deps: Deps, actor: Actor | undefined, surveyId: string) {
  const db = deps.database.db
  const { survey, unit } = await loadOwned(db, actor, surveyId)
  if (survey.status !== 'open') throw new ConflictError('surveys.errors.notOpen')
  const kvs = await repo.districtsUnder(db, unit.path)
  return { survey, unit, kvs }
}

/**
 * The owners start a phone campaign: the call list is made at once from the filters (members of the unit's
 * subtree with a phone number and no do-not-call mark).
 */
export async function createCampaign(
  deps: Deps,
  actor: Actor | undefined,
  surveyId: string,
  input: CreateCampaignInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { survey, unit } = await loadOwned(tx, actor, surveyId)
    if (survey.status !== 'open') throw new ConflictError('surveys.errors.notOpen')
    if (input.kvId && !(await repo.districtsUnder(tx, unit.path)).some((k) => k.id === input.kvId))
      throw new FieldError('kvId', 'surveys.errors.kvInvalid')
    const now = deps.now()
    const filters = {
      kvId: input.kvId ?? null,
      enteredFrom: input.enteredFrom ?? null,
      enteredTo: input.enteredTo ?? null,
      neverReachedByOnboarding: input.neverReachedByOnboarding,
      noEventIn12Months: input.noEventIn12Months,
    }
    const campaign = await repo.insertCampaign(tx, {
      surveyId: survey.id,
      unitId: unit.id,
      name: input.name,
      script: input.script,
      callingHours: input.callingHours,
      filters,
      retentionDays: input.retentionDays,
      createdById: actor!.userId,
      createdAt: now,
    })
    const count = await repo.fillCallList(tx, campaign.id, unit.path, filters, now)
    await recordAudit(
      tx,
      actor,
      {
        action: 'campaign.created',
        unit,
        object: { type: 'survey_campaign', id: campaign.id },
        data: { surveyId: survey.id, listed: count },
      },
      meta.requestId,
    )
    return { campaign, count }
  })
}

/** A campaign with its survey and unit, for the survey's owners; 404 for everyone else. */
async function loadCampaignOwned(db: DbOrTx, actor: Actor | undefined, id: string) {
  const campaign = await repo.findCampaign(db, id)
  if (!campaign) throw new NotFoundError()
  const { survey, unit } = await loadOwned(db, actor, campaign.surveyId)
  return { campaign, survey, unit }
}

/** The campaign page: progress per KV and per caller, the callers, the list's size. */
export async function viewCampaign(deps: Deps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { campaign, survey, unit } = await loadCampaignOwned(db, actor, id)
  const [byUnit, byCaller] = await Promise.all([
    repo.progressByUnit(db, campaign.id),
    repo.progressByCaller(db, campaign.id),
  ])
  return { campaign, survey, unit, byUnit, byCaller }
}

/** The campaigns of a survey, for its page. */
export async function listSurveyCampaigns(deps: Deps, actor: Actor | undefined, surveyId: string) {
  const db = deps.database.db
  await loadOwned(db, actor, surveyId)
  return repo.listCampaignsOfSurvey(db, surveyId)
}

/** The owners make a member of the unit's subtree (by the e-mail of their account) a caller of the campaign. */
export async function addCaller(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  email: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { campaign, unit } = await loadCampaignOwned(tx, actor, id)
    if (campaign.status !== 'running') throw new ConflictError('surveys.errors.campaignEnded')
    const account = await repo.findAccountInUnit(tx, email, unit.path)
    if (!account) throw new FieldError('email', 'surveys.errors.callerUnknown')
    await repo.insertCaller(tx, { campaignId: campaign.id, userId: account.id, addedAt: deps.now() })
    await recordAudit(
      tx,
      actor,
      {
        action: 'campaign.caller_added',
        unit,
        object: { type: 'survey_campaign', id: campaign.id },
        data: { userId: account.id },
      },
      meta.requestId,
    )
    return account
  })
}

/**
 * The owners remove a caller: they can no longer open the campaign, the people they had claimed go back to the
 * pool and their call-backs lose them. Their calls stay, and count in the progress per caller.
 */
export async function removeCaller(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  userId: string,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const { campaign, unit } = await loadCampaignOwned(tx, actor, id)
    const removed = await repo.removeCaller(tx, campaign.id, userId, deps.now())
    if (!removed) throw new NotFoundError()
    const released = await repo.releaseCallerTargets(tx, campaign.id, userId)
    await recordAudit(
      tx,
      actor,
      {
        action: 'campaign.caller_removed',
        unit,
        object: { type: 'survey_campaign', id: campaign.id },
        data: { userId, returnedToPool: released.claims, callbacksReleased: released.callbacks },
      },
      meta.requestId,
    )
    return released
  })
}

/**
 * The owners change a running campaign's script and calling hours. "Next person" follows the new hours from its
 * next request. A call-back that now falls outside them moves to the next time inside them, as the hours
 * would have had it: it comes back to its caller then (and to anyone only a day later), not at a time nobody calls.
 */
export async function changeCampaignSettings(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  input: CampaignSettingsInput,
  meta: Meta = {},
) {
  return deps.database.db.transaction(async (tx) => {
    const campaign = await repo.findCampaign(tx, id, { lock: 'update' })
    if (!campaign) throw new NotFoundError()
    const { unit } = await loadOwned(tx, actor, campaign.surveyId)
    const row = await repo.updateCampaignSettings(tx, campaign.id, input)
    if (!row) throw new ConflictError('surveys.errors.campaignEnded')
    const moves = (await repo.pendingCallbacks(tx, campaign.id)).flatMap(({ id, callbackAt }) => {
      if (!callbackAt || withinCallingHours(input.callingHours, callbackAt)) return []
      const at = nextOpening(input.callingHours, callbackAt)
      return at ? [{ id, at }] : []
    })
    const moved = await repo.moveCallbacks(tx, moves)
    await recordAudit(
      tx,
      actor,
      {
        action: 'campaign.changed',
        unit,
        object: { type: 'survey_campaign', id: campaign.id },
        data: {
          scriptChanged: input.script !== campaign.script,
          callingHours: input.callingHours,
          callbacksMoved: moved,
        },
      },
      meta.requestId,
    )
    return { campaign: row, callbacksMoved: moved }
  })
}

export async function finishCampaign(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const { campaign, unit } = await loadCampaignOwned(tx, actor, id)
    const row = await repo.endCampaign(tx, campaign.id, deps.now())
    if (!row) throw new ConflictError('surveys.errors.campaignEnded')
    await recordAudit(
      tx,
      actor,
      { action: 'campaign.ended', unit, object: { type: 'survey_campaign', id: campaign.id } },
      meta.requestId,
    )
    return row
  })
}

/** A campaign as its caller sees it; 404 for anyone who is not (or no longer) one of its callers. */
async function loadAsCaller(db: DbOrTx, actor: Actor | undefined, id: string, opts: { lock?: boolean } = {}) {
  if (!actor) throw new NotFoundError()
  const campaign = await repo.findCampaign(db, id)
  if (!campaign) throw new NotFoundError()
  const caller = await repo.findCaller(db, campaign.id, actor.userId, opts)
  if (!caller) throw new NotFoundError()
  const survey = (await repo.findSurvey(db, campaign.surveyId))!
  const unit = await getUnit(db, survey.unitId)
  return { campaign, caller, survey, unit }
}

/** The campaigns the signed-in person calls for. */
export async function myCampaigns(deps: Deps, actor: Actor | undefined) {
  if (!actor) return []
  return repo.campaignsOfCaller(deps.database.db, actor.userId)
}

/**
 * The caller's desk: the script, the confidentiality note until confirmed, and the one person they are calling
 * now (first name, KV, phone, earlier attempts' notes), with the questionnaire. Never a list. One query.
 */
export async function viewCallDesk(deps: Deps, actor: Actor | undefined, id: string): Promise<repo.CallDesk> {
  if (!actor) throw new NotFoundError()
  const desk = await callDesk(deps, id, actor.userId)
  if (!desk) throw new NotFoundError()
  return desk
}

type HeldQuestionnaire = repo.KnownVersion & { questionnaire: Questionnaire }

/**
 * Per database and campaign, the questionnaire the last desk showed, with its version and revision. A desk names
 * it to `repo.callDesk`, which sends the questionnaire again only when the survey's newest version is another one
 * or was changed since (its revision moved on); so "next person" does not carry the same document with every claim.
 */
const heldQuestionnaires = new WeakMap<object, Map<string, HeldQuestionnaire>>()
/** Campaigns a process holds questionnaires for before it starts over (each entry is one small document). */
const HELD_CAMPAIGNS = 500

function freeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) freeze(v)
  }
  return value
}

/**
 * The caller's desk (with `claim`: after "next person"'s claim) with the questionnaire of the survey's newest
 * version, from the one the process holds when it is still that version at that revision. A held questionnaire is
 * frozen: every desk of the campaign shares it.
 */
async function callDesk(
  deps: Deps,
  campaignId: string,
  userId: string,
  claim?: repo.ClaimAudit,
): Promise<repo.CallDesk | undefined> {
  const held = heldQuestionnaires.get(deps.database) ?? new Map<string, HeldQuestionnaire>()
  heldQuestionnaires.set(deps.database, held)
  const known = held.get(campaignId)
  const desk = await repo.callDesk(deps.database.db, campaignId, userId, deps.now(), claim, known)
  if (!desk) return undefined
  const { id, number, revision, questionnaire } = desk.version
  if (questionnaire === null && known && known.id === id && known.revision === revision)
    return { ...desk, version: { id, number, questionnaire: known.questionnaire } }
  if (questionnaire && id) {
    if (held.size >= HELD_CAMPAIGNS) held.clear()
    held.set(campaignId, { id, revision, questionnaire: freeze(questionnaire) })
  }
  return { ...desk, version: { id, number, questionnaire: questionnaire! } }
}

/** The caller confirms the confidentiality note; until then "next person" gives nobody. */
export async function confirmCallerNote(deps: Deps, actor: Actor | undefined, id: string, meta: Meta = {}) {
  return deps.database.db.transaction(async (tx) => {
    const { campaign, unit } = await loadAsCaller(tx, actor, id)
    await repo.confirmCaller(tx, campaign.id, actor!.userId, deps.now())
    await recordAudit(
      tx,
      actor,
      { action: 'campaign.caller_confirmed', unit, object: { type: 'survey_campaign', id: campaign.id } },
      meta.requestId,
    )
  })
}

/**
 * "Next person": the caller's current person if they have one, else one member claimed from the pool (two callers
 * never get the same person), with the desk that shows them: the whole use case is one statement, one round trip
 * (`repo.callDesk`). `current` is null when nobody is left to call now; outside the campaign's calling hours it
 * refuses (`surveys.errors.outsideHours`) unless the caller still holds the person of a call begun in them.
 */
export async function nextPerson(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  meta: Meta = {},
): Promise<repo.CallDesk> {
  if (!actor) throw new NotFoundError()
  // One statement: the caller's checks, the claim (or the person they hold already), its audit row and the desk.
  const desk = await callDesk(deps, id, actor.userId, {
    grants: grantsJson(actor),
    data: auditData(actor),
    requestId: meta.requestId ?? null,
  })
  if (!desk) throw new NotFoundError()
  if (!desk.confirmed) throw new ConflictError('surveys.errors.confirmFirst')
  if (!desk.running) throw new ConflictError('surveys.errors.campaignEnded')
  // Outside the calling hours the statement claimed nobody; a person claimed before stays the caller's.
  if (!desk.current && !desk.inHours) throw new ConflictError('surveys.errors.outsideHours')
  return desk
}

/**
 * The time of a call-back from the caller's field (Berlin time): a reading the clocks show (no 31 February, no hour
 * skipped when they go forward), in the future and inside the campaign's calling hours of that weekday; otherwise a
 * field error that names that day's hours.
 */
function callbackTime(value: string | undefined, hours: CallingHours, now: Date): Date {
  if (!value) throw new FieldError('callbackAt', 'surveys.errors.callbackInvalid')
  const at = fromDateTimeLocal(value)
  if (Number.isNaN(at.getTime()) || toDateTimeLocal(at) !== value || at <= now)
    throw new FieldError('callbackAt', 'surveys.errors.callbackInvalid')
  if (!withinCallingHours(hours, at)) {
    const { day, window } = windowAt(hours, at)
    throw window
      ? new FieldError('callbackAt', `surveys.errors.callbackOutside.${day}`, window)
      : new FieldError('callbackAt', `surveys.errors.callbackNoHours.${day}`)
  }
  return at
}

export type CallOutcomeResult =
  | { ok: true; outcome: CallOutcome }
  | { ok: false; errors: AnswerErrors; values: Record<string, string[]> }

/**
 * The caller records how the call went. "Reached" stores the answers the member gave, entered by the caller on
 * their behalf (channel phone, recorded by the caller; an anonymous survey keeps no link); "call back" returns the
 * person to this caller at that time; "does not want to be called" marks the member for every later campaign.
 */
export async function recordCall(
  deps: Deps,
  actor: Actor | undefined,
  id: string,
  targetId: string,
  input: CallInput,
  body: Record<string, unknown>,
  meta: Meta = {},
): Promise<CallOutcomeResult> {
  return deps.database.db.transaction(async (tx) => {
    const { campaign, survey, unit } = await loadAsCaller(tx, actor, id)
    const now = deps.now()
    const claim = await repo.currentClaim(tx, campaign.id, actor!.userId, now)
    if (!claim || claim.id !== targetId) throw new ConflictError('surveys.errors.notYourCall')
    // A claimed row names its member; only a purged campaign's rows name nobody, and they are claimed by nobody.
    const memberId = claim.memberId
    if (!memberId) throw new ConflictError('surveys.errors.notYourCall')
    let callbackAt: Date | null = null
    if (input.outcome === 'callback') {
      // The campaign's row is held until the commit, so the owners cannot change the hours in between.
      const { callingHours } = (await repo.findCampaign(tx, campaign.id, { lock: 'share' }))!
      callbackAt = callbackTime(input.callbackAt, callingHours, now)
    }
    if (input.outcome === 'reached') {
      if (survey.status !== 'open') throw new ConflictError('surveys.errors.notOpen')
      const version = await repo.latestVersion(tx, survey.id)
      const read = readAnswers(version.questionnaire, body)
      if (Object.keys(read.errors).length > 0) return { ok: false, errors: read.errors, values: read.values }
      const member = await repo.findRespondent(tx, memberId)
      if (!member) throw new NotFoundError()
      await recordResponse(tx, now, {
        survey,
        unit,
        version,
        member,
        answers: read.answers,
        channel: 'phone',
        actor,
        recordedById: actor!.userId,
        meta,
      })
    }
    const state = input.outcome === 'no_answer' ? 'open' : input.outcome === 'callback' ? 'callback' : 'done'
    const moved = await repo.closeClaim(tx, claim.id, actor!.userId, {
      state,
      callbackAt,
      outcome: state === 'done' ? input.outcome : null,
    })
    if (!moved) throw new ConflictError('surveys.errors.notYourCall')
    await repo.insertCall(tx, {
      campaignId: campaign.id,
      targetId: claim.id,
      memberId,
      callerId: actor!.userId,
      outcome: input.outcome,
      note: input.note ?? null,
      callbackAt,
      at: now,
    })
    if (input.outcome === 'do_not_call') await repo.markDoNotCall(tx, memberId, now)
    await recordAudit(
      tx,
      actor,
      {
        action: 'campaign.call_recorded',
        unit,
        object: { type: 'campaign_target', id: claim.id },
        data: { outcome: input.outcome },
      },
      meta.requestId,
    )
    return { ok: true, outcome: input.outcome }
  })
}

/** Deletes call notes and outcomes of campaigns whose retention time after their end has passed (a timed job). */
export async function purgeCampaignNotes(deps: Deps) {
  return deps.database.db.transaction(async (tx) => {
    const n = await repo.purgeEndedCampaigns(tx, deps.now())
    if (n > 0)
      await recordAudit(tx, undefined, {
        action: 'campaign.notes_purged',
        object: { type: 'survey_campaign' },
        data: { campaigns: n },
      })
    return n
  })
}

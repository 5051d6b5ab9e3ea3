import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps, Settings } from '../../platform/deps.js'
import { FieldError, NotFoundError, opens } from '../../platform/errors.js'
import { isLocale, translator } from '../../platform/i18n/index.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { localDay } from '../../platform/time.js'
import { type BenchmarkRow, MIN_PEOPLE, newMemberFigures } from '../onboarding/index.js'
import { findUnit, type OrgUnit } from '../org-units/index.js'
import { VOLUNTEER_POOL_PURPOSE } from '../volunteers/index.js'
import { type FigureLine, measuresFor, type ReportMeasure, type SectionFigures } from './figures.js'
import type { AddSectionInput, EditReportInput, PublishReportInput, StartReportInput } from './input.js'
import { authorize, can, reportsSeen, seesOverview } from './policy.js'
import type { Period } from './repo.js'
import * as repo from './repo.js'
import {
  type BoardReport,
  type BoardReportSection,
  type DraftedSectionKind,
  draftedSectionKinds,
  type ReportTexts,
} from './tables.js'

/** The longest period a report may cover: a few years, not a typo's century. */
const MAX_DAYS = 5 * 366

/** The last half-year that has ended on `today`: 1 January–30 June or 1 July–31 December. */
export function lastHalfYear(today: string): Period {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  return month >= 7
    ? { from: `${year}-01-01`, to: `${year}-06-30` }
    : { from: `${year - 1}-07-01`, to: `${year - 1}-12-31` }
}

const isHalfYear = (p: Period) =>
  /-(01-01|07-01)$/.test(p.from) &&
  p.to === (p.from.endsWith('01-01') ? `${p.from.slice(0, 4)}-06-30` : `${p.from.slice(0, 4)}-12-31`)

/** A count of people: withheld below MIN_PEOPLE, as the onboarding benchmark does (a zero stays a zero). */
function peopleCount(name: string, n: number): FigureLine {
  return n > 0 && n < MIN_PEOPLE
    ? { name, value: null, format: 'count', suppressed: true }
    : { name, value: n, format: 'count' }
}

const count = (name: string, value: number, type?: string): FigureLine =>
  type === undefined ? { name, value, format: 'count' } : { name, value, format: 'count', type }
const hours = (name: string, minutes: number): FigureLine => ({
  name,
  value: Math.round(minutes / 6) / 10,
  format: 'hours',
})

function share(
  name: string,
  own: BenchmarkRow[keyof BenchmarkRow],
  state: BenchmarkRow[keyof BenchmarkRow] | null,
): FigureLine {
  const line: FigureLine = { name, value: own.value, format: 'share' }
  if (own.suppressed !== 'none') line.suppressed = true
  if (state) line.state = state.value
  return line
}

/** '/federal/state/…/' → '/federal/state/'; null above a state. */
function statePathOf(path: string): string | null {
  const parts = path.split('/').filter(Boolean)
  return parts.length >= 2 ? `/${parts[0]}/${parts[1]}/` : null
}

/** The headings the drafted sections start with; the board keeps or hides them. */
export const sectionHeadings: Record<DraftedSectionKind, string> = {
  new_members: 'Neumitgliedereinbindung',
  events: 'Veranstaltungen',
  help: 'Wahlkampf und gegenseitige Hilfe',
  partnerships: 'Partnerschaften',
  volunteers: 'Ehrenamt und Projekte',
  mentoring: 'Mentoring',
  surveys: 'Befragungen',
  resolutions: 'Beschlüsse und Maßnahmen',
}

/** The sections the later capabilities add: drafted like the others, but hidden while they have nothing to count. */
const laterSections: readonly DraftedSectionKind[] = ['mentoring', 'surveys', 'resolutions']

/** Whether a drafted section starts hidden: one of the later capabilities' with no figure above zero. */
export const startsHidden = (kind: DraftedSectionKind, figures: SectionFigures) =>
  laterSections.includes(kind) && figures.every((f) => !f.suppressed && !f.value)

/** A section's figures as counted: the drafted kinds have theirs, the board's own sections none. */
const figuresOf = (counted: Record<DraftedSectionKind, SectionFigures>, kind: string): SectionFigures =>
  kind in counted ? counted[kind as DraftedSectionKind] : []

/** A section's list of measures: the resolutions section has the unit's, every other none. */
const measuresOf = (kind: string, measures: ReportMeasure[]): ReportMeasure[] =>
  kind === 'resolutions' ? measures : []

/**
 * Counts every section's figures for the unit and period, from the platform's data as it is now. For a report to
 * the public (`publicOnly`), the measures of members-only resolutions are not counted.
 */
export async function countSectionFigures(
  db: DbOrTx,
  unit: OrgUnit,
  period: Period,
  now: Date,
  opts: { publicOnly?: boolean } = {},
): Promise<Record<DraftedSectionKind, SectionFigures>> {
  const statePath = statePathOf(unit.path)
  // One after the other: publishing counts inside its transaction, whose connection runs one query at a time.
  const joined = await repo.countJoined(db, unit.path, period)
  const own = await newMemberFigures(db, unit.path, period, now)
  const state =
    statePath && statePath !== unit.path ? await newMemberFigures(db, statePath, period, now) : null
  const ev = await repo.countEvents(db, unit.path, period)
  const help = await repo.countHelp(db, unit.path, period)
  const partners = await repo.countPartnerships(db, unit.id)
  const volunteers = await repo.countVolunteers(db, unit.path, period, VOLUNTEER_POOL_PURPOSE)
  const mentoring = await repo.countMentoring(db, unit.path, unit.id, period)
  const surveys = await repo.countSurveys(db, unit.path, period)
  const measures = await repo.countMeasures(db, unit.id, period, opts.publicOnly ?? false)
  return {
    new_members: [
      peopleCount('joined', joined),
      share('reachedInTime', own.reachedInTime, state?.reachedInTime ?? null),
      share('atEvent', own.atEvent, state?.atEvent ?? null),
    ],
    events: [
      count('events', ev.total),
      ...ev.byType.map((t) => count('eventsOfType', t.n, t.type)),
      count('coHosted', ev.coHosted),
      count('childcare', ev.childcare),
      count('stepFree', ev.stepFree),
      peopleCount('attended', ev.attended),
    ],
    help: [
      count('requestsPosted', help.posted),
      count('requestsFilled', help.filled),
      count('shifts', help.shifts),
      peopleCount('peopleGiven', help.givenPeople),
      hours('hoursGiven', help.givenMinutes),
      count('partnersHelped', help.partnersHelped),
      peopleCount('peopleReceived', help.receivedPeople),
      hours('hoursReceived', help.receivedMinutes),
      count('helpedBy', help.helpedBy),
    ],
    partnerships: [
      count('partners', partners.partners),
      count('agreements', partners.agreements),
      count('agreementsPublished', partners.published),
    ],
    volunteers: [
      peopleCount('pool', volunteers.pool),
      count('projects', volunteers.projects),
      count('projectsStaffed', volunteers.staffed),
      peopleCount('projectHelpers', volunteers.accepted),
    ],
    mentoring: [
      peopleCount('mentees', mentoring.mentees),
      peopleCount('mentors', mentoring.mentors),
      peopleCount('tandemsCompleted', mentoring.completed),
      count('programmes', mentoring.programmes),
    ],
    surveys: [count('surveys', surveys.surveys), peopleCount('surveyAnswers', surveys.answers)],
    resolutions: [
      count('measures', measures.measures),
      count('measuresDone', measures.done),
      count('measuresInProgress', measures.inProgress),
      count('measuresOverdue', measures.overdue),
    ],
  }
}

function titleOf(unit: OrgUnit, n: number, period: Period) {
  const board =
    unit.kind === 'district' ? 'Kreisvorstands' : unit.kind === 'state' ? 'Landesvorstands' : 'Vorstands'
  return `${n}. ${isHalfYear(period) ? 'Halbjahresbericht' : 'Bericht'} des ${board} ${unit.name}`
}

/**
 * The unit's board starts a report for a period (the last half-year unless given): title, authors and
 * salutation prefilled, and one section per kind with the figures counted now. One transaction, one audit row.
 */
export async function startReport(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  input: StartReportInput,
  requestId?: string,
) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  authorize(actor, 'report.write', { unit })
  const now = deps.now()
  const fallback = lastHalfYear(localDay(now))
  const period: Period = { from: input.from ?? fallback.from, to: input.to ?? fallback.to }
  if (period.to < period.from) throw new FieldError('to', 'reports.errors.periodOrder')
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000
  if (days > MAX_DAYS) throw new FieldError('to', 'reports.errors.periodLength')
  const [figures, measures] = await Promise.all([
    countSectionFigures(db, unit, period, now),
    repo.listMeasures(db, unit.id, period),
  ])
  return db.transaction(async (tx) => {
    const n = (await repo.countReportsOfUnit(tx, unit.id)) + 1
    const report = await repo.insertReport(tx, {
      unitId: unit.id,
      periodFrom: period.from,
      periodTo: period.to,
      title: titleOf(unit, n, period),
      authors: actor!.displayName,
      salutation: 'Liebe Genoss:innen,',
      thanks: 'Wir danken euch für euer Vertrauen und die Zusammenarbeit.',
      figuresAt: now,
      createdById: actor!.userId,
      lastEditedById: actor!.userId,
    })
    await repo.insertSections(
      tx,
      draftedSectionKinds.map((kind, i) => ({
        reportId: report.id,
        position: i + 1,
        kind,
        heading: sectionHeadings[kind],
        figures: figures[kind],
        measures: measuresOf(kind, measures),
        hidden: startsHidden(kind, figures[kind]),
      })),
    )
    await auditReport(tx, actor, 'report.started', report.id, unit, requestId, {
      from: period.from,
      to: period.to,
    })
    return report
  })
}

/** The audit row of a use case on a report, in its transaction. */
function auditReport(
  tx: DbOrTx,
  actor: Actor | undefined,
  action: string,
  id: string,
  unit: OrgUnit,
  requestId: string | undefined,
  data?: Record<string, unknown>,
) {
  return recordAudit(
    tx,
    actor,
    {
      action,
      object: { type: 'board_report', id },
      unit: { id: unit.id, path: unit.path },
      ...(data ? { data } : {}),
    },
    requestId,
  )
}

/** A report with its unit, or NotFoundError for anyone who may not read it. */
async function readable(db: DbOrTx, actor: Actor | undefined, id: string) {
  const report = await repo.findReport(db, id)
  const unit = report && (await findUnit(db, report.unitId))
  if (
    !report ||
    !unit ||
    !can(actor, 'report.read', { unit, status: report.status, audience: report.audience })
  )
    throw new NotFoundError()
  return { report, unit }
}

/** Whether the actor may open the report's page: the rule of `viewReport`, without counting its figures. */
export function reportOpensFor(deps: AppDeps, actor: Actor | undefined, id: string) {
  return opens(() => readable(deps.database.db, actor, id))
}

/**
 * A report to read or edit. A draft shows the figures as they are now (and says so); a published one the
 * figures frozen at publication.
 */
export async function viewReport(deps: AppDeps, actor: Actor | undefined, id: string) {
  const db = deps.database.db
  const { report, unit } = await readable(db, actor, id)
  let sections = await repo.listSections(db, report.id)
  let figuresAt = report.figuresAt
  if (report.status === 'draft') {
    const now = deps.now()
    const period = { from: report.periodFrom, to: report.periodTo }
    const [live, measures] = await Promise.all([
      countSectionFigures(db, unit, period, now),
      repo.listMeasures(db, unit.id, period),
    ])
    sections = sections.map((s) => ({
      ...s,
      figures: figuresOf(live, s.kind),
      measures: measuresOf(s.kind, measures),
    }))
    figuresAt = now
  }
  // Whatever was stored: no reader of a public report sees a measure of a members-only resolution.
  sections = sections.map((s) => ({ ...s, measures: measuresFor(report, s.measures) }))
  const canWrite = report.status === 'draft' && can(actor, 'report.write', { unit })
  const [upcoming, approval] = await Promise.all([
    repo.listUpcomingEvents(db, unit.path, figuresAt, report.audience !== 'public'),
    canWrite ? approvalOf(db, actor, report) : Promise.resolve(null),
  ])
  // The unit's board and the offices above follow each figure to its page (theirs); other readers to public ones.
  const board = reportsSeen(actor, unit) === 'all'
  return { report, unit, sections, figuresAt, canWrite, upcoming, approval, board }
}

/**
 * Where a draft stands with the approval its unit may ask for: whether one is needed, who gave it, whether this
 * actor may give it (a board member other than the one who last changed the texts), and the saved versions.
 */
async function approvalOf(db: DbOrTx, actor: Actor | undefined, report: BoardReport) {
  const [required, approvedBy, versions] = await Promise.all([
    repo.requiresApproval(db, report.unitId),
    repo.nameOfUser(db, report.approvedById),
    repo.listVersions(db, report.id),
  ])
  const editor = report.lastEditedById ?? report.createdById
  return {
    required,
    approvedBy,
    approvedAt: report.approvedAt,
    canApprove: required && !report.approvedById && !!actor && actor.userId !== editor,
    ownChange: !!actor && actor.userId === editor,
    versions,
  }
}

export type ReportView = Awaited<ReturnType<typeof viewReport>>

/** A unit's reports: all for its board and the offices above, the published ones for its members. */
export async function listUnitReports(deps: AppDeps, actor: Actor | undefined, unitId: string) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  const reports = await repo.listReportsOfUnit(db, unit.id, reportsSeen(actor, unit))
  const canStart = can(actor, 'report.write', { unit })
  return {
    unit,
    reports,
    canStart,
    requiresApproval: canStart ? await repo.requiresApproval(db, unit.id) : false,
    canSeeOverview: seesOverview(actor, unit),
    defaults: lastHalfYear(localDay(deps.now())),
  }
}

/**
 * The offices' overview for a state or the federation: each KV under it and whether it has published a report for
 * the last half-year (or the period given).
 */
export async function viewReportOverview(deps: AppDeps, actor: Actor | undefined, unitId: string) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (!unit || !seesOverview(actor, unit)) throw new NotFoundError()
  const period = lastHalfYear(localDay(deps.now()))
  const rows = await repo.listReportOverview(db, unit.path, period)
  return { unit, period, rows, reported: rows.filter((r) => r.reportId).length }
}

/** A unit's reports published to the public, newest first, for its feed. */
export async function listPublicReports(deps: AppDeps, unitId: string) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  return { unit, reports: await repo.listReportsOfUnit(db, unit.id, 'public') }
}

async function writable(
  tx: DbOrTx,
  actor: Actor | undefined,
  id: string,
): Promise<{ report: BoardReport; unit: OrgUnit }> {
  const report = await repo.lockReport(tx, id)
  const unit = report && (await findUnit(tx, report.unitId))
  if (
    !report ||
    !unit ||
    !can(actor, 'report.read', { unit, status: report.status, audience: report.audience })
  )
    throw new NotFoundError()
  authorize(actor, 'report.write', { unit })
  if (report.status !== 'draft') throw new FieldError('_form', 'reports.errors.published')
  return { report, unit }
}

/**
 * The board saves the texts of a draft: title, authors, salutation, introduction, outlook, thanks, and each
 * section's text and whether it is hidden (`section_<id>`, `hide_<id>` in `texts`).
 */
export async function saveReport(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  input: EditReportInput,
  sectionTexts: Record<string, { body: string; hidden: boolean; heading?: string }>,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const { unit } = await writable(tx, actor, id)
    const version = await writeTexts(tx, actor, id, deps.now(), { ...input, sections: sectionTexts })
    await auditReport(tx, actor, 'report.saved', id, unit, requestId, { version })
    return version
  })
}

type GivenTexts = Omit<ReportTexts, 'sections'> & {
  sections: Record<string, { body: string; hidden: boolean; heading?: string }>
}

const textsOf = (report: BoardReport, sections: BoardReportSection[]): ReportTexts => ({
  title: report.title,
  authors: report.authors,
  salutation: report.salutation,
  introduction: report.introduction,
  outlook: report.outlook,
  thanks: report.thanks,
  sections: sections.map((s) => ({ id: s.id, heading: s.heading, body: s.body, hidden: s.hidden })),
})

/**
 * Writes the board's texts into a draft and keeps them as the next version; a change withdraws an approval, and
 * the one who made it is the last editor (whom a second board member approves). Returns the version's number.
 */
async function writeTexts(tx: DbOrTx, actor: Actor | undefined, id: string, now: Date, given: GivenTexts) {
  await repo.updateReport(tx, id, {
    title: given.title,
    authors: given.authors,
    salutation: given.salutation,
    introduction: given.introduction,
    outlook: given.outlook,
    thanks: given.thanks,
    updatedAt: now,
    lastEditedById: actor!.userId,
    approvedById: null,
    approvedAt: null,
  })
  const sections = await repo.listSections(tx, id)
  for (const s of sections) {
    const text = given.sections[s.id]
    if (!text) continue
    // The board names its own sections; the drafted ones keep the platform's heading.
    const heading = s.kind === 'custom' && text.heading ? { heading: text.heading } : {}
    await repo.updateSection(tx, s.id, { body: text.body, hidden: text.hidden, ...heading })
  }
  const saved = await repo.lockReport(tx, id)
  return repo.insertVersion(tx, id, textsOf(saved!, await repo.listSections(tx, id)), actor!.userId, now)
}

/** A saved version of a draft's texts, for its board and the offices above (who read drafts). */
export async function viewVersion(deps: AppDeps, actor: Actor | undefined, id: string, version: number) {
  const db = deps.database.db
  const { report, unit } = await readable(db, actor, id)
  // The history of the texts is the board's: its readers of drafts, not the members.
  if (reportsSeen(actor, unit) !== 'all') throw new NotFoundError()
  const found = await repo.findVersion(db, report.id, version)
  if (!found) throw new NotFoundError()
  const savedBy = await repo.nameOfUser(db, found.savedById)
  return { report, unit, version: found, savedBy, canWrite: can(actor, 'report.write', { unit }) }
}

/**
 * The board takes an earlier version's texts back into the draft: they become the newest version (so nothing of
 * the history is lost); sections added since keep their text.
 */
export async function restoreVersion(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  version: number,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const { unit } = await writable(tx, actor, id)
    const found = await repo.findVersion(tx, id, version)
    if (!found) throw new NotFoundError()
    const { sections, ...texts } = found.texts
    const restored = await writeTexts(tx, actor, id, deps.now(), {
      ...texts,
      sections: Object.fromEntries(sections.map((s) => [s.id, s])),
    })
    await auditReport(tx, actor, 'report.version_restored', id, unit, requestId, {
      from: version,
      version: restored,
    })
    return restored
  })
}

/**
 * A second board member approves the draft as it is, where the unit asks for that: not the one who last changed
 * its texts. A later change withdraws the approval.
 */
export async function approveReport(deps: AppDeps, actor: Actor | undefined, id: string, requestId?: string) {
  await deps.database.db.transaction(async (tx) => {
    const { report, unit } = await writable(tx, actor, id)
    if (!(await repo.requiresApproval(tx, unit.id)))
      throw new FieldError('_form', 'reports.errors.approvalOff')
    if (report.approvedById) throw new FieldError('_form', 'reports.errors.approvedAlready')
    if ((report.lastEditedById ?? report.createdById) === actor!.userId)
      throw new FieldError('_form', 'reports.errors.approveOwn')
    const now = deps.now()
    await repo.updateReport(tx, id, { approvedById: actor!.userId, approvedAt: now })
    await auditReport(tx, actor, 'report.approved', id, unit, requestId)
  })
}

/** The unit's board chooses whether its reports need a second board member's approval before publication. */
export async function setReportSettings(
  deps: AppDeps,
  actor: Actor | undefined,
  unitId: string,
  input: { requiresApproval: boolean },
  requestId?: string,
) {
  await deps.database.db.transaction(async (tx) => {
    const unit = await findUnit(tx, unitId)
    if (!unit) throw new NotFoundError()
    authorize(actor, 'report.write', { unit })
    await repo.saveSettings(tx, unit.id, input.requiresApproval, actor!.userId, deps.now())
    await recordAudit(
      tx,
      actor,
      {
        action: 'report.settings_changed',
        object: { type: 'org_unit', id: unit.id },
        unit: { id: unit.id, path: unit.path },
        data: { requiresApproval: input.requiresApproval },
      },
      requestId,
    )
  })
}

/** The board adds a section of its own to a draft, after the others: a heading, and text it writes then. */
export async function addSection(
  deps: AppDeps,
  actor: Actor | undefined,
  id: string,
  input: AddSectionInput,
  requestId?: string,
) {
  return deps.database.db.transaction(async (tx) => {
    const { unit } = await writable(tx, actor, id)
    const sections = await repo.listSections(tx, id)
    if (sections.length >= MAX_SECTIONS) throw new FieldError('heading', 'reports.errors.tooManySections')
    const position = Math.max(0, ...sections.map((s) => s.position)) + 1
    const [section] = await repo.insertSections(tx, [
      { reportId: id, position, kind: 'custom', heading: input.heading, figures: [] },
    ])
    await repo.updateReport(tx, id, {
      updatedAt: deps.now(),
      lastEditedById: actor!.userId,
      approvedById: null,
      approvedAt: null,
    })
    await auditReport(tx, actor, 'report.section_added', id, unit, requestId)
    return section!
  })
}

/** Enough for any report; a limit, so a loop of clicks cannot grow one without end. */
const MAX_SECTIONS = 30

/**
 * The board publishes a draft, to the unit's members or to everyone: the figures are counted once more and frozen
 * with the time of the count, and every member of the unit gets a mail with the link, queued in the same
 * transaction (one per address, keyed by report, so a repeated publication mails no one twice).
 */
export async function publishReport(
  deps: AppDeps,
  config: Pick<Settings, 'http' | 'i18n'>,
  actor: Actor | undefined,
  id: string,
  input: PublishReportInput,
  requestId?: string,
) {
  const db = deps.database.db
  await db.transaction(async (tx) => {
    const { report, unit } = await writable(tx, actor, id)
    if (!report.approvedById && (await repo.requiresApproval(tx, unit.id)))
      throw new FieldError('_form', 'reports.errors.approvalNeeded')
    const now = deps.now()
    const period = { from: report.periodFrom, to: report.periodTo }
    // A report to the public counts and lists only what its resolutions show the public.
    const publicOnly = input.audience === 'public'
    const figures = await countSectionFigures(tx, unit, period, now, { publicOnly })
    const measures = await repo.listMeasures(tx, unit.id, period, publicOnly)
    for (const s of await repo.listSections(tx, id))
      await repo.updateSection(tx, s.id, {
        figures: figuresOf(figures, s.kind),
        measures: measuresOf(s.kind, measures),
      })
    await repo.updateReport(tx, id, {
      status: 'published',
      audience: input.audience,
      publishedAt: now,
      publishedById: actor!.userId,
      figuresAt: now,
      updatedAt: now,
    })
    await auditReport(tx, actor, 'report.published', id, unit, requestId, { audience: input.audience })
    const link = `${config.http.publicUrl}/reports/${id}`
    const readers = await repo.listReportReaders(tx, unit.path)
    await queueMail(
      tx,
      now,
      readers.map((r) => {
        const t = translator(
          isLocale(r.locale) ? r.locale : config.i18n.defaultLocale,
          config.i18n.genderMark,
        )
        const params = { unit: unit.name, title: report.title, link }
        return {
          key: `report-published:${id}:${r.email.toLowerCase()}`,
          to: r.email,
          subject: t('reports.mail.published.subject', params),
          text: t('reports.mail.published.body', params),
        }
      }),
    )
  })
}

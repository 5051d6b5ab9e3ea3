import { recordAudit } from '../../platform/audit/record.js'
import type { Actor } from '../../platform/auth/actor.js'
import type { DbOrTx } from '../../platform/db/types.js'
import type { AppDeps, Settings } from '../../platform/deps.js'
import { FieldError, ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { isLocale, translator } from '../../platform/i18n/index.js'
import { queueMail } from '../../platform/mail/outbox.js'
import { type BenchmarkRow, MIN_PEOPLE, newMemberFigures, todayOf } from '../onboarding/index.js'
import { findUnit, type OrgUnit } from '../org-units/index.js'
import { VOLUNTEER_POOL_PURPOSE } from '../volunteers/index.js'
import type { FigureLine, SectionFigures } from './figures.js'
import type { AddSectionInput, EditReportInput, PublishReportInput, StartReportInput } from './input.js'
import { can, reportsSeen, seesOverview } from './policy.js'
import type { Period } from './repo.js'
import * as repo from './repo.js'
import { type BoardReport, type DraftedSectionKind, draftedSectionKinds } from './tables.js'

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
}

/** A section's figures as counted: the drafted kinds have theirs, the board's own sections none. */
const figuresOf = (counted: Record<DraftedSectionKind, SectionFigures>, kind: string): SectionFigures =>
  kind in counted ? counted[kind as DraftedSectionKind] : []

/** Counts every section's figures for the unit and period, from the platform's data as it is now. */
export async function countSectionFigures(
  db: DbOrTx,
  unit: OrgUnit,
  period: Period,
  now: Date,
): Promise<Record<DraftedSectionKind, SectionFigures>> {
  const statePath = statePathOf(unit.path)
  const [joined, own, state, ev, help, partners, volunteers] = await Promise.all([
    repo.countJoined(db, unit.path, period),
    newMemberFigures(db, unit.path, period, now),
    statePath && statePath !== unit.path
      ? newMemberFigures(db, statePath, period, now)
      : Promise.resolve(null),
    repo.countEvents(db, unit.path, period),
    repo.countHelp(db, unit.path, period),
    repo.countPartnerships(db, unit.id),
    repo.countVolunteers(db, unit.path, period, VOLUNTEER_POOL_PURPOSE),
  ])
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
  if (!can(actor, 'report.write', { unit })) throw new ForbiddenError('report.write')
  const now = deps.now()
  const fallback = lastHalfYear(todayOf(now))
  const period: Period = { from: input.from ?? fallback.from, to: input.to ?? fallback.to }
  if (period.to < period.from) throw new FieldError('to', 'reports.errors.periodOrder')
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000
  if (days > MAX_DAYS) throw new FieldError('to', 'reports.errors.periodLength')
  const figures = await countSectionFigures(db, unit, period, now)
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
    })
    await repo.insertSections(
      tx,
      draftedSectionKinds.map((kind, i) => ({
        reportId: report.id,
        position: i + 1,
        kind,
        heading: sectionHeadings[kind],
        figures: figures[kind],
      })),
    )
    await recordAudit(
      tx,
      actor,
      {
        action: 'report.started',
        object: { type: 'board_report', id: report.id },
        unit: { id: unit.id, path: unit.path },
        data: { from: period.from, to: period.to },
      },
      requestId,
    )
    return report
  })
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
    const live = await countSectionFigures(db, unit, { from: report.periodFrom, to: report.periodTo }, now)
    sections = sections.map((s) => ({ ...s, figures: figuresOf(live, s.kind) }))
    figuresAt = now
  }
  const canWrite = report.status === 'draft' && can(actor, 'report.write', { unit })
  const upcoming = await repo.listUpcomingEvents(db, unit.path, figuresAt, report.audience !== 'public')
  return { report, unit, sections, figuresAt, canWrite, upcoming }
}

export type ReportView = Awaited<ReturnType<typeof viewReport>>

/** A unit's reports: all for its board and the offices above, the published ones for its members. */
export async function listUnitReports(deps: AppDeps, actor: Actor | undefined, unitId: string) {
  const db = deps.database.db
  const unit = await findUnit(db, unitId)
  if (!unit) throw new NotFoundError()
  const reports = await repo.listReportsOfUnit(db, unit.id, reportsSeen(actor, unit))
  return {
    unit,
    reports,
    canStart: can(actor, 'report.write', { unit }),
    canSeeOverview: seesOverview(actor, unit),
    defaults: lastHalfYear(todayOf(deps.now())),
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
  const period = lastHalfYear(todayOf(deps.now()))
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
  if (!can(actor, 'report.write', { unit })) throw new ForbiddenError('report.write')
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
  await deps.database.db.transaction(async (tx) => {
    const { unit } = await writable(tx, actor, id)
    const now = deps.now()
    await repo.updateReport(tx, id, {
      title: input.title,
      authors: input.authors,
      salutation: input.salutation,
      introduction: input.introduction,
      outlook: input.outlook,
      thanks: input.thanks,
      updatedAt: now,
    })
    const sections = await repo.listSections(tx, id)
    for (const s of sections) {
      const given = sectionTexts[s.id]
      if (!given) continue
      // The board names its own sections; the drafted ones keep the platform's heading.
      const heading = s.kind === 'custom' && given.heading ? { heading: given.heading } : {}
      await repo.updateSection(tx, s.id, { body: given.body, hidden: given.hidden, ...heading })
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'report.saved',
        object: { type: 'board_report', id },
        unit: { id: unit.id, path: unit.path },
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
    await repo.updateReport(tx, id, { updatedAt: deps.now() })
    await recordAudit(
      tx,
      actor,
      {
        action: 'report.section_added',
        object: { type: 'board_report', id },
        unit: { id: unit.id, path: unit.path },
      },
      requestId,
    )
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
    const now = deps.now()
    const figures = await countSectionFigures(tx, unit, { from: report.periodFrom, to: report.periodTo }, now)
    for (const s of await repo.listSections(tx, id))
      await repo.updateSection(tx, s.id, { figures: figuresOf(figures, s.kind) })
    await repo.updateReport(tx, id, {
      status: 'published',
      audience: input.audience,
      publishedAt: now,
      publishedById: actor!.userId,
      figuresAt: now,
      updatedAt: now,
    })
    await recordAudit(
      tx,
      actor,
      {
        action: 'report.published',
        object: { type: 'board_report', id },
        unit: { id: unit.id, path: unit.path },
        data: { audience: input.audience },
      },
      requestId,
    )
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

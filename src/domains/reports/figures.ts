/** How a figure is written: a count, a share from 0 to 1, or hours. */
export type FigureFormat = 'count' | 'share' | 'hours'

/**
 * One line of a section's figures. `name` is the message key below `reports.figures`; `type` names an event
 * type or help kind where the line counts one of them. `value` is null when withheld (`suppressed`).
 */
export type FigureLine = {
  name: string
  value: number | null
  format: FigureFormat
  suppressed?: boolean
  /** The same figure for the state around the unit, where the section compares. */
  state?: number | null
  type?: string
}

export type SectionFigures = FigureLine[]

/**
 * A measure of a resolution given to the unit, as the report lists it: live in a draft, frozen on publication.
 * `visibility` is its resolution's: a measure of a members-only resolution never reaches a public report.
 */
export type ReportMeasure = {
  id: string
  title: string
  /** As at the period's end: a measure open or in progress past its due date is overdue. */
  status: 'open' | 'in_progress' | 'done' | 'overdue'
  /** The responsible unit, and the team or role within it the measure names. */
  unitName: string
  responsibleNote: string | null
  dueOn: string | null
  /** The due date in the resolution's own words. */
  dueText: string | null
  resolutionId: string
  resolutionTitle: string
  visibility: 'members' | 'public'
}

/**
 * The measures a report may show its readers, deny by default: those of members-only resolutions only in a draft
 * (read by the board and the offices above) or in a report published to the members; anything else, a report to
 * the public above all, shows measures of public resolutions only, whatever was stored.
 */
export function measuresFor(
  report: { status: string; audience: string },
  measures: readonly ReportMeasure[],
): ReportMeasure[] {
  const toMembers =
    report.status === 'draft' || (report.status === 'published' && report.audience === 'members')
  return measures.filter((m) => m.visibility === 'public' || toMembers)
}

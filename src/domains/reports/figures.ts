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

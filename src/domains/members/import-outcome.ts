import type { Reason } from './member-csv.js'

/** A bad cell: the line as the user sees it in the file (header = 1), the column as named in the header. */
export type RowProblem = { line: number; field: string; reason: Reason }

export type ImportOutcome =
  | { kind: 'file-rejected'; problem: Reason }
  | {
      kind: 'rows-rejected'
      rowsTotal: number
      good: number
      problems: RowProblem[]
      notPlaced: RowProblem[]
      ignoredColumns: string[]
    }
  | {
      kind: 'imported'
      importId: string
      rowsTotal: number
      inserted: number
      updated: number
      unchanged: number
      skipped: number
      /** Rows of members erased after leaving, not written again. */
      erased: number
      /** Rows the postal code placed in a local group of their KV (by the local groups' postal codes). */
      placedLocal: number
      problems: RowProblem[]
      /** Rows written without a local group although their KV has local groups: their postal code is in none. */
      notPlaced: RowProblem[]
      ignoredColumns: string[]
    }

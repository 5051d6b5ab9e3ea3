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
      problems: RowProblem[]
      ignoredColumns: string[]
    }

import { type CsvRecord as PlatformCsvRecord, readCsvTable } from '../../platform/csv.js'
import type { MessageKey, Params } from '../../platform/i18n/index.js'

/** A message key with its parameters: what the report shows as the reason. */
export type Reason = { key: MessageKey; params?: Params }

/** The columns of the member database export, each with the header names it is known by (compared case-insensitively). */
export const memberColumns = {
  memberNumber: { aliases: ['mitgliedsnummer', 'member_number'], required: true },
  firstName: { aliases: ['vorname', 'first_name'], required: true },
  lastName: { aliases: ['nachname', 'last_name'], required: true },
  email: { aliases: ['email', 'e_mail'], required: false },
  phone: { aliases: ['telefon', 'phone'], required: false },
  postalCode: { aliases: ['plz', 'postal_code'], required: false },
  kv: { aliases: ['kv'], required: false },
  localGroup: { aliases: ['ortsverband', 'local_group'], required: false },
  enteredOn: { aliases: ['eintrittsdatum', 'entered_on'], required: true },
  leftOn: { aliases: ['austrittsdatum', 'left_on'], required: false },
} as const

export type MemberColumn = keyof typeof memberColumns
export type CsvRecord = PlatformCsvRecord<MemberColumn>

export type ParsedMemberCsv =
  | { ok: false; problem: Reason }
  | {
      ok: true
      records: CsvRecord[]
      /** The header as written in the file, so the report speaks of the columns the user sees. */
      headers: Record<MemberColumn, string | undefined>
      ignoredColumns: string[]
    }

/**
 * Reads a member export (see `readCsvTable`: UTF-8, ';' or ',', a header row); a file that cannot be read
 * comes back as the reason to show.
 */
export function parseMemberCsv(input: string | Buffer): ParsedMemberCsv {
  const table = readCsvTable(input, memberColumns)
  if (table.ok) return table
  const { problem } = table
  return {
    ok: false,
    problem: {
      key: `members.import.problems.${problem.code}`,
      ...('params' in problem ? { params: problem.params } : {}),
    },
  }
}

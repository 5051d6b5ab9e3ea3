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

/** The largest file the import takes (about 250,000 members). */
export const IMPORT_MAX_BYTES = 24 * 1024 * 1024

/** The header names the import page and the sample file spell out, German first; each is one of the column's aliases. */
export const memberColumnHeaders: Record<MemberColumn, readonly [german: string, english: string]> = {
  memberNumber: ['Mitgliedsnummer', 'member_number'],
  firstName: ['Vorname', 'first_name'],
  lastName: ['Nachname', 'last_name'],
  email: ['E-Mail', 'email'],
  phone: ['Telefon', 'phone'],
  postalCode: ['PLZ', 'postal_code'],
  kv: ['KV', 'kv'],
  localGroup: ['Ortsverband', 'local_group'],
  enteredOn: ['Eintrittsdatum', 'entered_on'],
  leftOn: ['Austrittsdatum', 'left_on'],
}

/**
 * A file to start from: four invented members of the Kreise Flensburg (01001) and Kiel (01002), placed by
 * the KV's AGS or by the postal code alone, with both date formats and one who has left. UTF-8 with a BOM,
 * so that spreadsheet programs open it with its umlauts intact.
 */
export function sampleMemberCsv(): string {
  const header = Object.values(memberColumnHeaders).map(([german]) => german)
  const rows = [
    header,
    ['100231', 'Erika', 'Beispiel', 'erika@example.org', '0431 123456', '24103', '', '', '2019-03-01', ''],
    ['100232', 'Max', 'Muster', '', '', '24937', '01001', '', '15.04.2021', ''],
    ['100233', 'Lea', 'Probe', 'lea.probe@example.org', '+49 461 987654', '', '01002', '', '1.2.2024', ''],
    ['100234', 'Jonas', 'Test', '', '', '24105', '', '', '2015-06-01', '31.12.2023'],
  ]
  return `\uFEFF${rows.map((r) => r.join(';')).join('\r\n')}\r\n`
}
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

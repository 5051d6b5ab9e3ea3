import { z } from 'zod'
import { type CsvProblem, readCsvTable } from '../../platform/csv.js'
import type { MessageKey, Params } from '../../platform/i18n/index.js'
import type { Territory } from './structure-geodata.js'

/** The levels a structure file holds; teams are made on the platform. */
export type StructureLevel = 'federal' | 'state' | 'district' | 'local'

export const structureColumns = {
  level: { aliases: ['ebene', 'level'], required: true },
  key: { aliases: ['schlüssel', 'schluessel', 'key'], required: true },
  name: { aliases: ['name'], required: true },
  shortName: { aliases: ['kurzname', 'short_name'], required: false },
  parent: { aliases: ['übergeordnet', 'uebergeordnet', 'parent'], required: true },
  ags: { aliases: ['ags'], required: false },
  lat: { aliases: ['breite', 'lat'], required: false },
  lon: { aliases: ['länge', 'laenge', 'lon'], required: false },
  website: { aliases: ['website'], required: false },
  email: { aliases: ['e_mail', 'email'], required: false },
  postalCodes: { aliases: ['plz', 'postleitzahlen', 'postal_codes'], required: false },
} as const

type Column = keyof typeof structureColumns

const levelNames: Record<string, StructureLevel> = {
  bund: 'federal',
  federal: 'federal',
  land: 'state',
  state: 'state',
  kreis: 'district',
  district: 'district',
  ort: 'local',
  local: 'local',
}
const depth: Record<StructureLevel, number> = { federal: 0, state: 1, district: 2, local: 3 }

/**
 * One unit of a structure file, checked. `kreise` are the Kreise a district covers; a city district has a point
 * instead; a district with neither is one of single municipalities, kept on the platform.
 */
export type StructureRow = {
  file: string
  line: number
  level: StructureLevel
  key: string
  name: string
  shortName: string | null
  parentKey: string | null
  /** A state's 2-digit AGS, a city district's Kreis, a local group's 8-digit municipality. */
  ags: string | null
  kreise: string[]
  point: { lat: number; lon: number } | null
  website: string | null
  email: string | null
  /** A local group's postal codes: the members the import places in it. */
  postalCodes: string[]
}

export type Reason = { key: MessageKey; params?: Params }
/** A problem at a line of a file (line 1 is the header; 0 means the file as a whole), in a column as the file names it. */
export type StructureProblem = { file: string; line: number; field: string; reason: Reason }

const r = (key: MessageKey, params?: Params): Reason => (params ? { key, params } : { key })

const Key = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const Email = z.email()
const Url = z.url({ protocol: /^https?$/ })

function csvReason(problem: CsvProblem): Reason {
  return r(`orgUnits.structure.problems.${problem.code}`, 'params' in problem ? problem.params : undefined)
}

/** Whether a postal code's area touches one of the Kreise (a district's territory). */
export function postalCodeInKreise(territory: Territory, code: string, kreise: readonly string[]) {
  return (territory.postalCodeKreise.get(code) ?? []).some((k) => kreise.includes(k))
}

/**
 * Reads one or more structure files into rows and checks each row on its own and the rows together against
 * Germany's official keys: levels, keys unique across the files, parents by key one level up and without
 * cycles, exactly one federation, AGS that exist and lie in the parent's state, each Kreis covered once,
 * a point inside Germany, website and e-mail. Nothing here reads the database.
 */
export function readStructureFiles(
  files: { name: string; content: string | Buffer }[],
  territory: Territory,
): { ok: true; rows: StructureRow[] } | { ok: false; problems: StructureProblem[] } {
  const problems: StructureProblem[] = []
  const rows: StructureRow[] = []
  const headerOf = new Map<string, Record<Column, string | undefined>>()
  const column = (file: string, c: Column) => headerOf.get(file)?.[c] ?? c
  const problem = (row: { file: string; line: number }, c: Column | '', reason: Reason) =>
    problems.push({ file: row.file, line: row.line, field: c === '' ? '' : column(row.file, c), reason })

  for (const file of files) {
    const table = readCsvTable(file.content, structureColumns)
    if (!table.ok) {
      problems.push({ file: file.name, line: 0, field: '', reason: csvReason(table.problem) })
      continue
    }
    headerOf.set(file.name, table.headers)
    for (const record of table.records) {
      const at = { file: file.name, line: record.line }
      const v = Object.fromEntries(
        Object.entries(record.values).map(([k, value]) => [
          k,
          (value as string | undefined)?.trim() || undefined,
        ]),
      ) as Partial<Record<Column, string>>
      const before = problems.length
      const level = levelNames[(v.level ?? '').toLowerCase()]
      if (!level) problem(at, 'level', r('orgUnits.structure.reasons.unknownLevel', { value: v.level ?? '' }))
      if (!v.key || !Key.test(v.key)) problem(at, 'key', r('orgUnits.structure.reasons.invalidKey'))
      if (!v.name || v.name.length > 200) problem(at, 'name', r('orgUnits.structure.reasons.invalidName'))
      if (v.shortName && v.shortName.length > 40)
        problem(at, 'shortName', r('orgUnits.structure.reasons.tooLong'))
      if (level === 'federal' && v.parent)
        problem(at, 'parent', r('orgUnits.structure.reasons.federalHasParent'))
      if (level && level !== 'federal' && !v.parent)
        problem(at, 'parent', r('orgUnits.structure.reasons.parentRequired'))
      if (v.website && !Url.safeParse(v.website).success)
        problem(at, 'website', r('orgUnits.structure.reasons.invalidWebsite'))
      if (v.email && !Email.safeParse(v.email).success)
        problem(at, 'email', r('orgUnits.structure.reasons.invalidEmail'))

      let point: StructureRow['point'] = null
      if (v.lat !== undefined || v.lon !== undefined) {
        const lat = Number(v.lat)
        const lon = Number(v.lon)
        // Germany lies between 47.2 and 55.1 °N, 5.8 and 15.1 °E.
        if (
          v.lat === undefined ||
          v.lon === undefined ||
          !(lat >= 47 && lat <= 55.2 && lon >= 5.8 && lon <= 15.1)
        ) {
          problem(at, v.lat === undefined ? 'lat' : 'lon', r('orgUnits.structure.reasons.invalidPoint'))
        } else point = { lat, lon }
      }

      let ags: string | null = null
      let kreise: string[] = []
      const agsList = (v.ags ?? '').split(/[|\s]+/).filter(Boolean)
      const unknownAgs = (value: string) =>
        problem(at, 'ags', r('orgUnits.structure.reasons.unknownAgs', { ags: value }))
      if (level === 'state') {
        if (agsList.length !== 1) problem(at, 'ags', r('orgUnits.structure.reasons.stateAgs'))
        else if (!territory.states.has(agsList[0]!)) unknownAgs(agsList[0]!)
        else ags = agsList[0]!
      } else if (level === 'district') {
        // A KV without AGS is one whose territory the platform keeps as single municipalities (checked with the
        // units, structure-plan.ts); a city district names its Kreis.
        if (agsList.length === 0 && point) problem(at, 'ags', r('orgUnits.structure.reasons.districtAgs'))
        else if (point && agsList.length > 1)
          problem(at, 'ags', r('orgUnits.structure.reasons.cityDistrictAgs'))
        for (const a of agsList) if (!territory.kreise.has(a)) unknownAgs(a)
        if (new Set(agsList).size !== agsList.length)
          problem(at, 'ags', r('orgUnits.structure.reasons.agsTwice'))
        ags = agsList[0] ?? null
        kreise = point ? [] : agsList
      } else if (level === 'local' && agsList.length > 0) {
        if (agsList.length > 1 || !territory.gemeinden.has(agsList[0]!)) unknownAgs(agsList.join(' '))
        else ags = agsList[0]!
      } else if (level === 'federal' && agsList.length > 0) {
        problem(at, 'ags', r('orgUnits.structure.reasons.federalAgs'))
      }
      if (point && level !== 'district' && level !== 'local')
        problem(at, 'lat', r('orgUnits.structure.reasons.pointOnlyBelowState'))

      const postalCodes = (v.postalCodes ?? '').split(/[|,\s]+/).filter(Boolean)
      if (postalCodes.length > 0 && level && level !== 'local')
        problem(at, 'postalCodes', r('orgUnits.structure.reasons.postalCodesOnlyLocal'))
      else if (postalCodes.length > 0) {
        for (const code of postalCodes)
          if (!territory.postalCodeKreise.has(code))
            problem(at, 'postalCodes', r('orgUnits.structure.reasons.unknownPostalCode', { plz: code }))
        if (new Set(postalCodes).size !== postalCodes.length)
          problem(at, 'postalCodes', r('orgUnits.structure.reasons.postalCodeTwice'))
      }

      if (problems.length > before || !level) continue
      rows.push({
        file: file.name,
        line: record.line,
        level,
        key: v.key!,
        name: v.name!,
        shortName: v.shortName ?? null,
        parentKey: v.parent ?? null,
        ags,
        kreise,
        point,
        website: v.website ?? null,
        email: v.email?.toLowerCase() ?? null,
        postalCodes: [...postalCodes].sort(),
      })
    }
  }
  if (problems.some((p) => p.line === 0)) return { ok: false, problems }

  // The rows together.
  const byKey = new Map<string, StructureRow>()
  for (const row of rows) {
    const first = byKey.get(row.key)
    if (first) {
      problem(
        row,
        'key',
        r('orgUnits.structure.reasons.duplicateKey', { key: row.key, line: `${first.file}:${first.line}` }),
      )
    } else byKey.set(row.key, row)
  }
  const federal = rows.filter((row) => row.level === 'federal')
  if (federal.length !== 1) {
    const at = federal[1] ?? { file: files[0]?.name ?? '', line: 0 }
    problem(
      at,
      'level',
      r(
        federal.length === 0
          ? 'orgUnits.structure.reasons.noFederal'
          : 'orgUnits.structure.reasons.twoFederal',
      ),
    )
  }
  const coveredBy = new Map<string, StructureRow>()
  // A postal code belongs to one local group of a district at most: `<district key>|<plz>` → the row.
  const postalCodeHolder = new Map<string, StructureRow>()
  for (const row of rows) {
    for (const code of row.postalCodes) {
      const at = `${row.parentKey}|${code}`
      const other = postalCodeHolder.get(at)
      if (other)
        problem(
          row,
          'postalCodes',
          r('orgUnits.structure.reasons.postalCodeHeldTwice', {
            plz: code,
            key: other.key,
            line: `${other.file}:${other.line}`,
          }),
        )
      else postalCodeHolder.set(at, row)
    }
    for (const a of row.kreise) {
      const other = coveredBy.get(a)
      if (other)
        problem(
          row,
          'ags',
          r('orgUnits.structure.reasons.kreisCoveredTwice', {
            ags: a,
            key: other.key,
            line: `${other.file}:${other.line}`,
          }),
        )
      else coveredBy.set(a, row)
    }
    if (!row.parentKey) continue
    const parent = byKey.get(row.parentKey)
    if (!parent) {
      problem(row, 'parent', r('orgUnits.structure.reasons.unknownParent', { key: row.parentKey }))
      continue
    }
    // Walk up: a chain that comes back to this row is a cycle, whatever the levels say.
    const seen = new Set([row.key])
    let up: StructureRow | undefined = parent
    while (up && !seen.has(up.key)) {
      seen.add(up.key)
      up = up.parentKey ? byKey.get(up.parentKey) : undefined
    }
    if (up) {
      // The rows on the cycle report it; a row whose parents only lead into it is left at that.
      if (up.key === row.key)
        problem(row, 'parent', r('orgUnits.structure.reasons.cycle', { key: row.parentKey }))
      continue
    }
    if (depth[parent.level] !== depth[row.level] - 1) {
      problem(row, 'parent', r('orgUnits.structure.reasons.parentLevel', { key: row.parentKey }))
      continue
    }
    // A district's Kreise lie in its state, a local group's municipality in its district's Kreise.
    if (row.level === 'district' && parent.ags) {
      for (const a of new Set([...(row.ags ? [row.ags] : []), ...row.kreise])) {
        if (!a.startsWith(parent.ags))
          problem(row, 'ags', r('orgUnits.structure.reasons.outsideParent', { ags: a, parent: parent.name }))
      }
    } else if (row.level === 'local') {
      const parentKreise = parent.kreise.length > 0 ? parent.kreise : parent.ags ? [parent.ags] : []
      // A KV of single municipalities has its territory on the platform: its groups are checked with it there.
      if (parentKreise.length === 0) continue
      const kreis = row.ags ? (territory.gemeinden.get(row.ags)?.kreisAgs ?? '') : undefined
      if (kreis !== undefined && !parentKreise.includes(kreis))
        problem(
          row,
          'ags',
          r('orgUnits.structure.reasons.outsideParent', { ags: row.ags!, parent: parent.name }),
        )
      for (const code of row.postalCodes)
        if (!postalCodeInKreise(territory, code, parentKreise))
          problem(
            row,
            'postalCodes',
            r('orgUnits.structure.reasons.postalCodeOutside', { plz: code, parent: parent.name }),
          )
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows }
}

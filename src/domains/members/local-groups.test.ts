import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { actorFor, buildUser } from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import { FieldError } from '../../platform/errors.js'
import { loadStructure, type OrgUnit, orgUnits } from '../org-units/index.js'
import {
  createChildUnit,
  mergeUnitInto,
  setLocalGroupPostalCodes,
  setLocalGroupTerritory,
} from '../org-units/service/maintain.js'
import { importMembers } from './service.js'
import { members } from './tables.js'

// Local groups with a territory of postal codes, from the structure file and from the board's page, and the
// member import placing members in them.
let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const deps = () => ({ database, now: () => new Date('2026-11-21T10:00:00Z') })
const header = 'Ebene;Schlüssel;Name;Übergeordnet;AGS;PLZ'
const structure = (...extra: string[]) =>
  [
    header,
    'bund;bund;Bundesverband;;;',
    'land;16;Thüringen;bund;16;',
    'kreis;16051;Erfurt;16;16051;',
    'kreis;16075;Saale-Orla-Kreis;16;16075;',
    'ort;erfurt-nord;Erfurt Nord;16051;;99084|99085',
    'ort;erfurt-sued;Erfurt Süd;16051;;99094 99096',
    'ort;schleiz;Basisgruppe Schleiz;16075;;07907',
    ...extra,
  ].join('\n')
const load = (content: string) => loadStructure(deps(), 'command-line', [{ name: 'struktur.csv', content }])
const byKey = async (key: string) => {
  const [unit] = await database.db.select().from(orgUnits).where(eq(orgUnits.key, key))
  return unit!
}
const memberCsv = (...rows: string[]) =>
  ['Mitgliedsnummer;Vorname;Nachname;PLZ;KV;Ortsverband;Eintrittsdatum', ...rows].join('\n')
const importCsv = (csv: string) =>
  importMembers(deps(), 'command-line', { csv, fileName: 'members.csv', mode: 'all-or-nothing' })
const localOf = async (number: string) => {
  const [row] = await queryRows<{ key: string | null; name: string | null }>(
    database.db,
    sql`select l.key, l.name from members m left join org_units l on l.id = m.local_unit_id
      where m.member_number = ${number}`,
  )
  return row?.key ?? row?.name ?? null
}

describe('local groups with postal codes in the structure file', () => {
  test('a bad file names line and column and writes nothing', async () => {
    const outcome = await load(
      structure(
        'ort;erfurt-west;Erfurt West;16051;;99084', // Erfurt Nord has it already
        'ort;schleiz-2;Schleiz Zwei;16075;;99089', // an Erfurt postal code in the Saale-Orla-Kreis
        'ort;nirgends;Nirgends;16075;;00000|07907|07907', // unknown, and twice
        'kreis;16053;Jena;16;16053;07743', // a KV has Kreise, not postal codes
      ),
    )
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind !== 'rejected') return
    expect(outcome.problems.map((p) => [p.line, p.field, p.reason.key])).toEqual(
      expect.arrayContaining([
        [9, 'PLZ', 'orgUnits.structure.reasons.postalCodeHeldTwice'],
        [10, 'PLZ', 'orgUnits.structure.reasons.postalCodeOutside'],
        [11, 'PLZ', 'orgUnits.structure.reasons.unknownPostalCode'],
        [11, 'PLZ', 'orgUnits.structure.reasons.postalCodeTwice'],
        [12, 'PLZ', 'orgUnits.structure.reasons.postalCodesOnlyLocal'],
      ]),
    )
    expect(await database.db.select().from(orgUnits)).toEqual([])
  })

  test('loaded, loaded again unchanged, and a changed territory updates the unit', async () => {
    expect(await load(structure())).toMatchObject({ kind: 'loaded', created: 7 })
    expect((await byKey('erfurt-sued')).postalCodes).toEqual(['99094', '99096'])
    expect(await load(structure())).toMatchObject({ kind: 'loaded', created: 0, updated: 0, unchanged: 7 })
    const before = await byKey('erfurt-nord')
    const changed = await load(structure().replace('99084|99085', '99085|99084|99086'))
    expect(changed).toMatchObject({ kind: 'loaded', updated: 1 })
    if (changed.kind === 'loaded') expect(changed.changed[0]).toMatchObject({ key: 'erfurt-nord' })
    const after = await byKey('erfurt-nord')
    expect(after.id).toBe(before.id)
    expect(after.postalCodes).toEqual(['99084', '99085', '99086'])
    expect(await load(structure())).toMatchObject({ kind: 'loaded', updated: 1 })
  })
})

describe('the member import places members in local groups by postal code', () => {
  test('by the postal code within the KV, the Ortsverband column first; the report lists who is in none', async () => {
    const outcome = await importCsv(
      memberCsv(
        '1;Ada;Nord;99084;;;2024-01-01', // Erfurt Nord by postal code (KV by postal code too)
        '2;Bo;Süd;99096;16051;;2024-01-01', // Erfurt Süd
        '3;Cem;Mitte;99089;16051;;2024-01-01', // an Erfurt postal code that no local group has
        '4;Dia;Schleiz;07907;16075;;2024-01-01', // the Basisgruppe in another KV
        '5;Eli;Gewählt;99084;16051;Erfurt Süd;2024-01-01', // the file names the local group
        '6;Fe;Unbekannt;99999;16051;;2024-01-01', // a postal code that does not exist
        '7;Gil;Ohne;;16051;;2024-01-01', // no postal code: nothing to place, nothing to report
      ),
    )
    expect(outcome).toMatchObject({ kind: 'imported', inserted: 7, placedLocal: 3 })
    if (outcome.kind !== 'imported') return
    expect(outcome.notPlaced.map((p) => [p.line, p.field, p.reason.key, p.reason.params])).toEqual([
      [4, 'PLZ', 'members.import.reasons.postalCodeInNoLocalGroup', { plz: '99089' }],
      [7, 'PLZ', 'members.import.reasons.unknownPostalCode', { plz: '99999' }],
    ])
    expect(await localOf('1')).toBe('erfurt-nord')
    expect(await localOf('2')).toBe('erfurt-sued')
    expect(await localOf('3')).toBeNull()
    expect(await localOf('4')).toBe('schleiz')
    expect(await localOf('5')).toBe('erfurt-sued')
    expect(await localOf('6')).toBeNull()
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'members.imported'))
    expect(audit!.data).toMatchObject({ placedLocal: 3 })
  })

  test('a member placed by hand stays there on the next import, until their KV or postal code changes', async () => {
    const sued = await byKey('erfurt-sued')
    await database.db.update(members).set({ localUnitId: sued.id }).where(eq(members.memberNumber, '1'))
    const file = memberCsv('1;Ada;Nord;99084;;;2024-01-01', '3;Cem;Mitte;99089;16051;;2024-01-01')
    expect(await importCsv(file)).toMatchObject({ kind: 'imported', inserted: 0, updated: 0, unchanged: 2 })
    expect(await localOf('1')).toBe('erfurt-sued')
    // Moved house within Erfurt: the new postal code places her again.
    const moved = await importCsv(memberCsv('1;Ada;Nord;99085;;;2024-01-01'))
    expect(moved).toMatchObject({ kind: 'imported', updated: 1, placedLocal: 1 })
    expect(await localOf('1')).toBe('erfurt-nord')
  })
})

describe('a KV board keeps its local groups’ postal codes', () => {
  let erfurt: OrgUnit
  let board: ReturnType<typeof actorFor>
  beforeAll(async () => {
    erfurt = await byKey('16051')
    board = actorFor(await buildUser(database.db), [['board', erfurt]])
  })

  test('creates a local group with postal codes, checked against the KV and its other groups', async () => {
    const attempt = (postalCodes: string) =>
      createChildUnit(deps(), board, erfurt.id, { name: 'Erfurt West', kreise: '', postalCodes })
    const codeOf = (err: unknown) => (err instanceof FieldError ? [err.field, err.code] : err)
    await expect(attempt('99084').catch(codeOf)).resolves.toEqual([
      'postalCodes',
      'orgUnits.maintain.errors.postalCodeTaken',
    ])
    await expect(attempt('07907').catch(codeOf)).resolves.toEqual([
      'postalCodes',
      'orgUnits.maintain.errors.postalCodeOutside',
    ])
    await expect(attempt('9908').catch(codeOf)).resolves.toEqual([
      'postalCodes',
      'orgUnits.maintain.errors.postalCodeFormat',
    ])
    await expect(attempt('99999').catch(codeOf)).resolves.toEqual([
      'postalCodes',
      'orgUnits.maintain.errors.postalCodeUnknown',
    ])
    const west = await attempt('99089, 99087')
    expect(west.postalCodes).toEqual(['99087', '99089'])
    const imported = await importCsv(memberCsv('3;Cem;Mitte;99089;16051;;2024-01-01'))
    expect(imported).toMatchObject({ kind: 'imported', updated: 1, placedLocal: 1, notPlaced: [] })
    expect(await localOf('3')).toBe('Erfurt West')
  })

  test('changes a group’s postal codes (audited) and a merge joins two groups’ territories', async () => {
    const west = (
      await database.db
        .select()
        .from(orgUnits)
        .where(and(eq(orgUnits.name, 'Erfurt West'), eq(orgUnits.kind, 'local')))
    )[0]!
    await expect(setLocalGroupPostalCodes(deps(), board, west.id, '99089 99094')).rejects.toMatchObject({
      code: 'orgUnits.maintain.errors.postalCodeTaken',
      params: { plz: '99094', unit: 'Erfurt Süd' },
    })
    const saved = await setLocalGroupPostalCodes(deps(), board, west.id, '99089 99091')
    expect(saved.postalCodes).toEqual(['99089', '99091'])
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'unit.territory_changed'), eq(auditEvents.objectId, west.id)))
    expect(audit!.data).toEqual({ postalCodesAdded: ['99091'], postalCodesReleased: ['99087'] })
    // Not the KV's own board for another KV's groups.
    const schleiz = await byKey('schleiz')
    await expect(setLocalGroupPostalCodes(deps(), board, schleiz.id, '07907')).rejects.toMatchObject({
      action: 'unit.maintain',
    })

    await mergeUnitInto(deps(), board, west.id, (await byKey('erfurt-nord')).id)
    expect((await byKey('erfurt-nord')).postalCodes).toEqual(['99084', '99085', '99089', '99091'])
    expect(await localOf('3')).toBe('erfurt-nord')
  })
})

describe('territories of single municipalities place members by their postal code', () => {
  test('a KV of municipalities takes the members whose postal code lies in one of them; a code reaching several counts for the most populous', async () => {
    const office = actorFor(await buildUser(database.db), [['state_office', await byKey('16')]])
    const state = await byKey('16')
    // 99438 reaches Bad Berka (7,500 inhabitants), Tonndorf (638) and Buchfart (195): it counts for Bad Berka.
    const berka = await createChildUnit(deps(), office, state.id, {
      name: 'KV Bad Berka',
      kreise: '',
      postalCodes: '',
      municipalities: 'Bad Berka',
    })
    const tonndorf = await createChildUnit(deps(), office, state.id, {
      name: 'KV Tonndorf',
      kreise: '',
      postalCodes: '',
      municipalities: 'Tonndorf\nBuchfart (Weimarer Land)',
    })
    expect(tonndorf.municipalities).toEqual(['16071009', '16071087'])
    const outcome = await importMembers(deps(), 'command-line', {
      csv: memberCsv(
        '21;Hana;Berka;99438;;;2024-01-01', // Bad Berka's KV, by its municipality
        '22;Ivo;Erfurt;99084;;;2024-01-01', // Erfurt, by its Kreis as before
        '23;Jo;Blankenhain;99444;;;2024-01-01', // Blankenhain: in no KV's territory
      ),
      fileName: 'members.csv',
      mode: 'good-only',
    })
    expect(outcome).toMatchObject({ kind: 'imported', inserted: 2 })
    if (outcome.kind !== 'imported') return
    expect(outcome.problems.map((p) => [p.line, p.reason.key])).toEqual([
      [4, 'members.import.reasons.postalCodeNotPlaced'],
    ])
    const homes = await queryRows<{ number: string; home: string }>(
      database.db,
      sql`select m.member_number as number, u.name as home from members m join org_units u on u.id = m.home_unit_id
        where m.member_number in ('21', '22') order by 1`,
    )
    expect(homes).toEqual([
      { number: '21', home: berka.name },
      { number: '22', home: 'Erfurt' },
    ])
  })
})

describe('local groups with a territory of municipalities', () => {
  test('the KV board adds municipalities by name; the import places members by the municipality of their postal code', async () => {
    const saaleOrla = await byKey('16075')
    const board = actorFor(await buildUser(database.db), [['board', saaleOrla]])
    const create = (name: string, municipalities: string) =>
      createChildUnit(deps(), board, saaleOrla.id, { name, kreise: '', postalCodes: '', municipalities })
    const failure = (err: unknown) => (err instanceof FieldError ? [err.field, err.code, err.params] : err)
    // "Gefell" is also a village in the Eifel: the KV's own is meant.
    const oberland = await create('OV Oberland', 'Gefell\nTanna')
    expect(oberland.municipalities).toEqual(['16075131', '16075132'])
    const before = await database.db.select().from(orgUnits)
    await expect(create('OV Fern', 'Bad Berka').catch(failure)).resolves.toEqual([
      'municipalities',
      'orgUnits.maintain.errors.municipalityOutside',
      { name: 'Bad Berka (Weimarer Land)', unit: 'Saale-Orla-Kreis' },
    ])
    await expect(create('OV Doppelt', 'Pößneck\nTanna').catch(failure)).resolves.toEqual([
      'municipalities',
      'orgUnits.maintain.errors.municipalityHeld',
      { name: 'Tanna (Saale-Orla-Kreis)', unit: 'OV Oberland' },
    ])
    await expect(create('OV Nirgends', 'Nirgendwo').catch(failure)).resolves.toEqual([
      'municipalities',
      'orgUnits.maintain.errors.municipalityUnknown',
      { name: 'Nirgendwo' },
    ])
    expect(await database.db.select().from(orgUnits)).toHaveLength(before.length)

    // 07381 reaches Pößneck (11,842 inhabitants), Bodelwitz (584) and nine more: it counts for Pößneck.
    const poessneck = await create('OV Pößneck', 'Pößneck\nOppurg')
    const doerfer = await create('OV Orla-Dörfer', 'Bodelwitz')
    // The Basisgruppe Schleiz holds the postal code 07907; Schleiz the municipality is OV Oberland's.
    await setLocalGroupTerritory(deps(), board, oberland.id, {
      postalCodes: '',
      municipalities: 'Gefell (Saale-Orla-Kreis)\nTanna\nSchleiz',
    })
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'unit.territory_changed'), eq(auditEvents.objectId, oberland.id)))
    expect(audit!.data).toEqual({
      postalCodesAdded: [],
      postalCodesReleased: [],
      municipalitiesAdded: ['16075098'],
      municipalitiesReleased: [],
    })
    const outcome = await importCsv(
      memberCsv(
        '31;Kai;Gefell;07926;16075;;2024-01-01', // Gefell: OV Oberland
        '32;Lu;Pößneck;07381;16075;;2024-01-01', // Pößneck, the most populous of 07381: OV Pößneck
        '33;Mo;Schleiz;07907;16075;;2024-01-01', // the postal code named by a group comes first
      ),
    )
    expect(outcome).toMatchObject({ kind: 'imported', inserted: 3, placedLocal: 3 })
    expect(await localOf('31')).toBe('OV Oberland')
    expect(await localOf('32')).toBe('OV Pößneck')
    expect(await localOf('33')).toBe('schleiz')

    // Two groups of the KV merge: the survivor holds both territories. A group from another KV whose
    // municipalities lie outside is refused, nothing written.
    await mergeUnitInto(deps(), board, doerfer.id, poessneck.id)
    const merged = (await database.db.select().from(orgUnits).where(eq(orgUnits.id, poessneck.id)))[0]!
    expect(merged.municipalities).toEqual(['16075006', '16075077', '16075085'])
    const erfurt = await byKey('16051')
    const erfurtBoard = actorFor(await buildUser(database.db), [['board', erfurt]])
    const mitte = await createChildUnit(deps(), erfurtBoard, erfurt.id, {
      name: 'Erfurt Mitte',
      kreise: '',
      postalCodes: '',
      municipalities: 'Erfurt',
    })
    const admin = actorFor(await buildUser(database.db), [['admin', await byKey('bund')]])
    await expect(mergeUnitInto(deps(), admin, mitte.id, poessneck.id).catch(failure)).resolves.toEqual([
      'intoId',
      'orgUnits.maintain.errors.municipalityConflicts',
      { names: 'Erfurt' },
    ])
    const kept = (await database.db.select().from(orgUnits).where(eq(orgUnits.id, mitte.id)))[0]!
    expect(kept.dissolvedAt).toBeNull()
    expect(kept.municipalities).toEqual(['16051000'])
  })
})

import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { actorFor, buildUser } from '../../../test/support/factories.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import { FieldError } from '../../platform/errors.js'
import { createChildUnit, setDistrictTerritory, setLocalGroupTerritory } from './service/maintain.js'
import { loadStructure } from './service.js'
import { orgUnits, unitKreise } from './tables.js'

// A KV's territory shrinks past its local groups (Gefell, a town in the Saale-Orla-Kreis without a member until
// its Basisgruppe was founded): on the page of the office above and in a structure file, refused, nothing written.
let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const deps = () => ({ database, now: () => new Date('2026-12-01T10:00:00Z') })
const rows = {
  header: 'Ebene;Schlüssel;Name;Übergeordnet;AGS;PLZ',
  bund: 'bund;bund;Bundesverband;;;',
  land: 'land;16;Thüringen;bund;16;',
  saaleOrla: 'kreis;16075;Saale-Orla-Kreis;16;16075;',
  greiz: 'kreis;16076;Greiz;16;16076;',
  saalfeld: 'kreis;16073;Saalfeld-Rudolstadt;16;16073;',
  zeulenroda: 'ort;zeulenroda;OV Zeulenroda;16076;;07937',
}
type Row = keyof typeof rows
/** The structure with rows replaced (or left out with null); a problem's line is the row's place, the header is 1. */
function structure(changes: Partial<Record<Row, string | null>> = {}) {
  const lines = (Object.keys(rows) as Row[])
    .map((k) => (k in changes ? changes[k] : rows[k]))
    .filter((l): l is string => l !== null && l !== undefined)
  return { content: lines.join('\n'), lineOf: (text: string) => lines.indexOf(text) + 1 }
}
const load = (content: string) => loadStructure(deps(), 'command-line', [{ name: 'struktur.csv', content }])
const byKey = async (key: string) =>
  (await database.db.select().from(orgUnits).where(eq(orgUnits.key, key)))[0]!
const byName = async (name: string) =>
  (await database.db.select().from(orgUnits).where(eq(orgUnits.name, name)))[0]!
const snapshot = async () => ({
  units: await database.db.select().from(orgUnits).orderBy(sql`${orgUnits.id}`),
  kreise: await database.db.select().from(unitKreise).orderBy(sql`${unitKreise.kreisAgs}`),
  audit: (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events`))[0]!
    .n,
})
const failure = (err: unknown) => (err instanceof FieldError ? [err.field, err.code, err.params] : err)

beforeAll(async () => {
  expect(await load(structure().content)).toMatchObject({ kind: 'loaded', created: 6 })
  // The KV's board founds a Basisgruppe for Gefell (its municipality and its postal code), and Greiz's board
  // gives OV Zeulenroda its town.
  const saaleOrla = await byKey('16075')
  const board = actorFor(await buildUser(database.db), [['board', saaleOrla]])
  await createChildUnit(deps(), board, saaleOrla.id, {
    name: 'Basisgruppe Gefell',
    kreise: '',
    postalCodes: '07926',
    municipalities: 'Gefell',
  })
  const greiz = await byKey('16076')
  const greizBoard = actorFor(await buildUser(database.db), [['board', greiz]])
  await setLocalGroupTerritory(deps(), greizBoard, (await byKey('zeulenroda')).id, {
    postalCodes: '07937',
    municipalities: 'Zeulenroda-Triebes',
  })
})

describe('a structure file that shrinks a KV past its local groups', () => {
  test('a KV row that covers other Kreise is refused at its line, naming the group and its places; nothing is written', async () => {
    const before = await snapshot()
    const row = 'kreis;16075;Saale-Orla-Kreis;16;16073;'
    const file = structure({ saaleOrla: row, saalfeld: null })
    const outcome = await load(file.content)
    expect(outcome).toEqual({
      kind: 'rejected',
      problems: [
        {
          file: 'struktur.csv',
          line: file.lineOf(row),
          field: 'ags',
          reason: {
            key: 'orgUnits.structure.reasons.localGroupOutside',
            params: {
              unit: 'Basisgruppe Gefell',
              parent: 'Saale-Orla-Kreis',
              places: 'Gefell (Saale-Orla-Kreis), 07926',
            },
          },
        },
      ],
    })
    expect(await snapshot()).toEqual(before)
  })

  test('a row that takes the Kreis of a KV the file leaves out is refused at that row', async () => {
    const before = await snapshot()
    const row = 'kreis;16073;Saalfeld-Rudolstadt;16;16073|16075;'
    const file = structure({ saaleOrla: null, saalfeld: row })
    const outcome = await load(file.content)
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind !== 'rejected') return
    expect(outcome.problems.map((p) => [p.line, p.field, p.reason.key, p.reason.params])).toEqual([
      [
        file.lineOf(row),
        'ags',
        'orgUnits.structure.reasons.localGroupOutside',
        {
          unit: 'Basisgruppe Gefell',
          parent: 'Saale-Orla-Kreis',
          places: 'Gefell (Saale-Orla-Kreis), 07926',
        },
      ],
    ])
    expect(await snapshot()).toEqual(before)
  })

  test('a group the file moves to another KV may not bring its municipalities along', async () => {
    const before = await snapshot()
    const row = 'ort;zeulenroda;OV Zeulenroda;16075;;'
    const file = structure({ zeulenroda: row })
    const outcome = await load(file.content)
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind !== 'rejected') return
    expect(outcome.problems.map((p) => [p.line, p.field, p.reason.params])).toEqual([
      [
        file.lineOf(row),
        'parent',
        { unit: 'OV Zeulenroda', parent: 'Saale-Orla-Kreis', places: 'Zeulenroda-Triebes (Greiz)' },
      ],
    ])
    expect(await snapshot()).toEqual(before)
  })

  test('a KV that grows and shrinks back around its groups loads', async () => {
    const grown = structure({ saaleOrla: 'kreis;16075;Saale-Orla-Kreis;16;16075|16073;', saalfeld: null })
    expect(await load(grown.content)).toMatchObject({ kind: 'loaded', updated: 1 })
    expect(await load(structure().content)).toMatchObject({ kind: 'loaded', updated: 1 })
    const coverage = await database.db.select().from(unitKreise).orderBy(sql`${unitKreise.kreisAgs}`)
    expect(coverage.map((c) => c.kreisAgs)).toEqual(['16073', '16075', '16076'])
  })
})

describe('the office above edits a KV’s territory past its local groups', () => {
  test('is refused with a field error that names the group and its places, and nothing is written', async () => {
    const saaleOrla = await byKey('16075')
    const office = actorFor(await buildUser(database.db), [['state_office', await byKey('16')]])
    const set = (kreise: string, municipalities: string) =>
      setDistrictTerritory(deps(), office, saaleOrla.id, { kreise, municipalities })
    const before = await snapshot()
    // The Kreis becomes single municipalities, Gefell not among them.
    await expect(set('', 'Schleiz\nPößneck').catch(failure)).resolves.toEqual([
      'kreise',
      'orgUnits.maintain.errors.localGroupsOutside',
      { unit: 'Saale-Orla-Kreis', groups: 'Basisgruppe Gefell: Gefell (Saale-Orla-Kreis), 07926' },
    ])
    // No territory at all keeps nothing in it either.
    await expect(set('', '').catch(failure)).resolves.toEqual([
      'kreise',
      'orgUnits.maintain.errors.localGroupsOutside',
      expect.objectContaining({ groups: 'Basisgruppe Gefell: Gefell (Saale-Orla-Kreis), 07926' }),
    ])
    expect(await snapshot()).toEqual(before)

    // With Gefell it is taken; leaving Gefell out afterwards is refused at the municipalities.
    const kept = await set('', 'Schleiz\nPößneck\nGefell')
    expect(kept.municipalities).toEqual(['16075085', '16075098', '16075131'])
    const after = await snapshot()
    await expect(set('', 'Schleiz\nPößneck').catch(failure)).resolves.toEqual([
      'municipalities',
      'orgUnits.maintain.errors.localGroupsOutside',
      { unit: 'Saale-Orla-Kreis', groups: 'Basisgruppe Gefell: Gefell (Saale-Orla-Kreis), 07926' },
    ])
    expect(await snapshot()).toEqual(after)
    // Growing, or shrinking where the groups' places stay inside, is not in the way.
    await set('16075', '')
    expect((await byName('Basisgruppe Gefell')).municipalities).toEqual(['16075131'])
  })
})

import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { actorFor, buildMember, buildUser } from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import { municipalitiesOfKreis, municipalitiesOfPostalCode } from './municipalities.js'
import { areaPostalCodesByKreis } from './postal-codes.js'
import { loadStructure, type StructureFile, type StructureLoader } from './service.js'
import { shippedStructureFiles } from './structure-geodata.js'
import { orgUnits, unitKreise } from './tables.js'

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const db = () => database.db
const now = new Date('2026-11-21T10:00:00Z')
const shipped = readFileSync(shippedStructureFiles.germany, 'utf8')
const file = (content: string, name = 'structure.csv'): StructureFile => ({ name, content })
const load = (files: StructureFile[], by: StructureLoader = 'command-line') =>
  loadStructure({ database, now: () => now }, by, files)

async function counts() {
  const rows = await queryRows<{ kind: string; n: number }>(
    db(),
    sql`select kind, count(*)::int as n from org_units group by kind`,
  )
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]))
}
const unitByKey = async (key: string) => (await db().select().from(orgUnits).where(eq(orgUnits.key, key)))[0]!

/** The shipped file with lines replaced (by their key in the second column), removed (null) or added. */
function edited(changes: Record<string, string | null>, added: string[] = []) {
  const lines = shipped.trimEnd().split('\n')
  const out = lines.flatMap((line) => {
    const key = line.split(',')[1]!
    if (!(key in changes)) return [line]
    return changes[key] === null ? [] : [changes[key]!]
  })
  return file(`${[...out, ...added].join('\n')}\n`)
}

describe('loading a structure file', () => {
  test('the shipped file on an empty database: the federation, 16 states, one KV per Kreis, audited', async () => {
    const outcome = await load([file(shipped, 'structure-de.csv')])
    expect(outcome).toMatchObject({ kind: 'loaded', created: 417, updated: 0, unchanged: 0, missing: [] })
    expect(await counts()).toEqual({ federal: 1, state: 16, district: 400 })
    const [covered] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from unit_kreise`)
    expect(Number(covered!.n)).toBe(400)
    const saaleOrla = await unitByKey('16075')
    const thueringen = await unitByKey('16')
    expect(saaleOrla).toMatchObject({
      kind: 'district',
      name: 'Saale-Orla-Kreis',
      ags: '16075',
      parentId: thueringen.id,
    })
    expect(saaleOrla.path).toBe(`${thueringen.path}${saaleOrla.id}/`)
    expect(saaleOrla.population).toBeGreaterThan(70_000)
    expect(thueringen).toMatchObject({ shortName: 'TH', ags: '16' })
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'structure.loaded'))
    expect(audit).toMatchObject({
      actorUserId: null,
      data: { via: 'command-line', created: 417, missing: [] },
    })
  })

  test('a second run of the same file changes nothing', async () => {
    const before = await db().select().from(orgUnits)
    const outcome = await load([file(shipped, 'structure-de.csv')])
    expect(outcome).toMatchObject({ kind: 'loaded', created: 0, updated: 0, unchanged: 417, missing: [] })
    expect(await db().select().from(orgUnits)).toEqual(before)
  })

  test('a renamed, a merged, a moved and a new unit: ids stay, members stay, the missing one is reported', async () => {
    const saaleOrla = await unitByKey('16075')
    const member = await buildMember(db(), saaleOrla)
    const local = `ort,ov-schleiz,OV Schleiz,,16075,,,,,`
    expect(await load([edited({}, [local])])).toMatchObject({ kind: 'loaded', created: 1 })
    const schleiz = await unitByKey('ov-schleiz')
    await db().update(orgUnits).set({ name: 'renamed by hand' }).where(eq(orgUnits.id, schleiz.id))

    const outcome = await load([
      edited(
        {
          // Saale-Orla takes over Saalfeld-Rudolstadt (16073) and gets a website.
          '16075':
            'kreis,16075,Saale-Orla-Kreis Ost,SOK,16,16075|16073,,,https://sok.example.org,kv@sok.example.org',
          '16073': null,
        },
        [
          local.replace(',16075,', ',16074,'),
          'kreis,11000-neukoelln,Berlin-Neukölln,,11,11000,52.481,13.435,,',
        ],
      ),
    ])
    expect(outcome).toMatchObject({ kind: 'loaded', created: 1, updated: 2, unchanged: 415 })
    if (outcome.kind !== 'loaded') return
    expect(outcome.missing).toEqual([expect.objectContaining({ key: '16073', kind: 'district' })])
    expect(outcome.changed.map((c) => [c.key, c.fields.sort()])).toEqual([
      ['16075', ['areaKm2', 'email', 'name', 'population', 'shortName', 'website'].sort()],
      ['ov-schleiz', ['name', 'parent']],
    ])
    const merged = await unitByKey('16075')
    expect(merged).toMatchObject({
      id: saaleOrla.id,
      name: 'Saale-Orla-Kreis Ost',
      website: 'https://sok.example.org',
    })
    const coverage = await db().select().from(unitKreise).where(eq(unitKreise.unitId, saaleOrla.id))
    expect(coverage.map((c) => c.kreisAgs).sort()).toEqual(['16073', '16075'])
    // The missing KV is still there, with its id; only its Kreis went to the surviving unit.
    expect((await unitByKey('16073')).name).toBe('Saalfeld-Rudolstadt')
    const moved = await unitByKey('ov-schleiz')
    const greiz = await unitByKey('16076')
    expect(moved).toMatchObject({
      id: schleiz.id,
      name: 'OV Schleiz',
      parentId: (await unitByKey('16074')).id,
    })
    expect(moved.path.endsWith(`${(await unitByKey('16074')).id}/${schleiz.id}/`)).toBe(true)
    expect(greiz.path).not.toContain(schleiz.id)
    const [still] = await queryRows<{ home: string }>(
      db(),
      sql`select home_unit_id as home from members where id = ${member.id}`,
    )
    expect(still!.home).toBe(saaleOrla.id)
    expect(await unitByKey('11000-neukoelln')).toMatchObject({
      ags: '11000',
      kreisType: null,
      anchorLat: 52.481,
    })
    const audits = await db().select().from(auditEvents).where(eq(auditEvents.objectId, saaleOrla.id))
    expect(audits.map((a) => a.action)).toContain('unit.updated')
  })

  test('a file that still names a KV merged on the platform is refused, so the merge is not undone', async () => {
    const greiz = await unitByKey('16076')
    const survivor = await unitByKey('16077')
    await db()
      .update(orgUnits)
      .set({ dissolvedAt: now, mergedIntoId: survivor.id })
      .where(eq(orgUnits.id, greiz.id))
    await db().update(unitKreise).set({ unitId: survivor.id }).where(eq(unitKreise.unitId, greiz.id))
    const outcome = await load([file(shipped, 'structure-de.csv')])
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind !== 'rejected') return
    expect(outcome.problems).toEqual([
      expect.objectContaining({
        field: 'key',
        reason: { key: 'orgUnits.structure.reasons.merged', params: { key: '16076', into: survivor.name } },
      }),
    ])
    const coverage = await db().select().from(unitKreise).where(eq(unitKreise.kreisAgs, '16076'))
    expect(coverage[0]!.unitId).toBe(survivor.id)
    // Put back as it was for the tests below.
    await db().update(unitKreise).set({ unitId: greiz.id }).where(eq(unitKreise.kreisAgs, '16076'))
    await db()
      .update(orgUnits)
      .set({ dissolvedAt: null, mergedIntoId: null })
      .where(eq(orgUnits.id, greiz.id))
  })

  test('a file whose KV covers a Kreis with a municipality another KV names is refused, and writes nothing', async () => {
    // KV Greiz gave up its Kreis and names one municipality of the neighbouring Saale-Orla-Kreis (Gefell) instead.
    const greiz = await unitByKey('16076')
    await db().delete(unitKreise).where(eq(unitKreise.unitId, greiz.id))
    await db()
      .update(orgUnits)
      .set({ municipalities: ['16075131'] })
      .where(eq(orgUnits.id, greiz.id))
    const before = await db().select().from(unitKreise)
    const outcome = await load([file(shipped, 'structure-de.csv')])
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind !== 'rejected') return
    expect(outcome.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'ags',
          reason: {
            key: 'orgUnits.structure.reasons.kreisHasMunicipality',
            params: { ags: '16075', municipality: 'Gefell', unit: greiz.name },
          },
        }),
      ]),
    )
    expect(await db().select().from(unitKreise)).toEqual(before)
    // Put back as it was for the tests below.
    await db().update(orgUnits).set({ municipalities: [] }).where(eq(orgUnits.id, greiz.id))
    await db().insert(unitKreise).values({ kreisAgs: '16076', unitId: greiz.id })
  })

  test('bad files are reported by file, line and column, and write nothing', async () => {
    const before = await db().select().from(orgUnits)
    const beforeAudit = await db().select().from(auditEvents)
    const outcome = await load([
      edited(
        {
          '16075': 'kreis,16075,Saale-Orla-Kreis,,16,16075|16076,,,,', // 16076 is Greiz's
          '16076': 'kreis,16076,Greiz,,16,16076,,,,',
          '01001': 'kreis,01001,Flensburg,,01,99999,,,,', // unknown AGS
          '01002': 'kreis,01002,Kiel,,16,01002,,,,', // Kiel does not lie in Thüringen
          '16077': 'kreis,16076,Altenburger Land,,16,16077,,,,', // duplicate key
        },
        [
          'ort,ov-a,A,,ov-b,,,,,',
          'ort,ov-b,B,,ov-a,,,,,',
          'ort,ov-c,C,,ov-a,,,,,',
          'gemeinde,x,X,,bund,,,,,',
        ],
      ),
    ])
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind !== 'rejected') return
    const lines = shipped.split('\n')
    const lineOf = (key: string) => lines.findIndex((l) => l.split(',')[1] === key) + 1
    const found = outcome.problems.map((p) => [p.line, p.field, p.reason.key])
    expect(found).toEqual(
      expect.arrayContaining([
        [lineOf('16076'), 'AGS', 'orgUnits.structure.reasons.kreisCoveredTwice'],
        [lineOf('01001'), 'AGS', 'orgUnits.structure.reasons.unknownAgs'],
        [lineOf('01002'), 'AGS', 'orgUnits.structure.reasons.outsideParent'],
        [lineOf('16077'), 'Schlüssel', 'orgUnits.structure.reasons.duplicateKey'],
        [419, 'Übergeordnet', 'orgUnits.structure.reasons.cycle'],
        [420, 'Übergeordnet', 'orgUnits.structure.reasons.cycle'],
        [422, 'Ebene', 'orgUnits.structure.reasons.unknownLevel'],
      ]),
    )
    expect(await db().select().from(orgUnits)).toEqual(before)
    expect(await db().select().from(auditEvents)).toHaveLength(beforeAudit.length)
  })

  test('a file that is no table, and a key that changes its level, are refused', async () => {
    expect(await load([file('')])).toMatchObject({
      kind: 'rejected',
      problems: [{ line: 0, reason: { key: 'orgUnits.structure.problems.empty' } }],
    })
    const outcome = await load([edited({ '16075': 'land,16075,Saale-Orla,,bund,15,,,,' })])
    expect(outcome).toMatchObject({ kind: 'rejected' })
  })

  test('only an admin of the federation may load a structure on the platform', async () => {
    const federation = await unitByKey('bund')
    const state = await unitByKey('16')
    const stateAdmin = await buildUser(db(), { roles: [['admin', state]] })
    await expect(load([file(shipped)], actorFor(stateAdmin, [['admin', state]]))).rejects.toThrow()
    const admin = await buildUser(db(), { roles: [['admin', federation]] })
    const outcome = await load([edited({ '16073': null })], actorFor(admin, [['admin', federation]]))
    expect(outcome).toMatchObject({ kind: 'loaded', created: 0 })
  })

  test('a KV of single municipalities, named without AGS, keeps its key, point and figures; a second run changes nothing', async () => {
    // On the platform KV Greiz gave its Kreis up and holds two of its municipalities alone.
    const greiz = await unitByKey('16076')
    const [largest, second] = municipalitiesOfKreis('16076').sort((a, b) => b.population - a.population)
    const own = [largest!, second!]
    await db().delete(unitKreise).where(eq(unitKreise.unitId, greiz.id))
    await db()
      .update(orgUnits)
      .set({ municipalities: own.map((m) => m.ags) })
      .where(eq(orgUnits.id, greiz.id))
    const withoutAgs = edited({ '16076': 'kreis,16076,Greiz,,16,,,,,' })
    const first = await load([withoutAgs])
    expect(first.kind).toBe('loaded')
    const loaded = await unitByKey('16076')
    // No Kreis to stand for: no key; the map draws it at its most populous municipality.
    expect(loaded).toMatchObject({
      ags: null,
      kreisType: null,
      anchorLat: largest!.lat,
      anchorLon: largest!.lon,
      population: largest!.population + second!.population,
      municipalities: own.map((m) => m.ags),
    })
    expect(await db().select().from(unitKreise).where(eq(unitKreise.unitId, greiz.id))).toEqual([])
    const again = await load([withoutAgs])
    expect(again).toMatchObject({ kind: 'loaded', created: 0, updated: 0 })
    expect(await unitByKey('16076')).toEqual(loaded)

    // A local group under it names one of its municipalities and postal codes there; one naming a municipality
    // or a postal code of the Kreis that the KV does not hold is refused at its line.
    const codes = areaPostalCodesByKreis().get('16076') ?? []
    const ownCode = codes.find((plz) => municipalitiesOfPostalCode(plz).includes(largest!.ags))!
    const otherCode = codes.find((plz) =>
      municipalitiesOfPostalCode(plz).every((m) => !own.some((o) => o.ags === m)),
    )!
    const other = municipalitiesOfKreis('16076').find((m) => !own.includes(m))!
    const groups = (...lines: string[]) =>
      file(`Ebene,Schlüssel,Name,Kurzname,Übergeordnet,AGS,PLZ\n${lines.join('\n')}\n`, 'ortsgruppen.csv')
    const withGroup = [
      withoutAgs,
      groups(`ort,og-greiz,OG ${largest!.name},,16076,${largest!.ags},${ownCode}`),
    ]
    expect(await load(withGroup)).toMatchObject({ kind: 'loaded', created: 1 })
    expect(await unitByKey('og-greiz')).toMatchObject({
      kind: 'local',
      parentId: greiz.id,
      ags: largest!.ags,
      postalCodes: [ownCode],
    })
    expect(await load(withGroup)).toMatchObject({ kind: 'loaded', created: 0, updated: 0 })
    const beforeOutside = await db().select().from(orgUnits)
    const outside = await load([
      withoutAgs,
      groups(
        `ort,og-greiz,OG ${largest!.name},,16076,${largest!.ags},${otherCode}`,
        `ort,og-other,OG ${other.name},,16076,${other.ags},`,
      ),
    ])
    expect(outside.kind).toBe('rejected')
    if (outside.kind !== 'rejected') return
    expect(outside.problems.map((p) => [p.file, p.line, p.field, p.reason.key])).toEqual([
      ['ortsgruppen.csv', 2, 'postalCodes', 'orgUnits.structure.reasons.postalCodeOutside'],
      ['ortsgruppen.csv', 3, 'ags', 'orgUnits.structure.reasons.outsideParent'],
    ])
    expect(await db().select().from(orgUnits)).toEqual(beforeOutside)

    // Without AGS a KV that is new, or holds no municipalities on the platform, names no territory: refused.
    const before = await db().select().from(orgUnits)
    const refused = await load([
      edited({ '16074': 'kreis,16074,Saale-Holzland-Kreis,,16,,,,,' }, ['kreis,kv-neu,KV Neu,,16,,,,,']),
    ])
    expect(refused.kind).toBe('rejected')
    if (refused.kind !== 'rejected') return
    const lines = shipped.split('\n')
    expect(refused.problems.map((p) => [p.line, p.field, p.reason.key])).toEqual([
      [
        lines.findIndex((l) => l.split(',')[1] === '16074') + 1,
        'ags',
        'orgUnits.structure.reasons.districtAgs',
      ],
      [lines.length, 'ags', 'orgUnits.structure.reasons.districtAgs'],
    ])
    expect(await db().select().from(orgUnits)).toEqual(before)

    // Named with its Kreis again, it stands for it and sits at its label point.
    expect(await load([edited({})])).toMatchObject({ kind: 'loaded' })
    await db().update(orgUnits).set({ municipalities: [] }).where(eq(orgUnits.id, greiz.id))
    expect(await load([edited({})])).toMatchObject({ kind: 'loaded' })
    expect(await unitByKey('16076')).toMatchObject({ ags: '16076', kreisType: 'Landkreis' })
  })
})

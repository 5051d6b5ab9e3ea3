import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  actorFor,
  buildFederation,
  buildLocalGroup,
  buildState,
  buildUser,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Actor } from '../../platform/auth/actor.js'
import { ForbiddenError } from '../../platform/errors.js'
import { insertUnit } from '../org-units/index.js'
import type { ImportOutcome } from './import-outcome.js'
import { memberImports } from './imports.tables.js'
import { importMembers } from './service.js'
import { members } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const HEADER =
  'Mitgliedsnummer;Vorname;Nachname;E-Mail;Telefon;PLZ;KV;Ortsverband;Eintrittsdatum;Austrittsdatum'

/** A federation of its own with one state and two Kreise with AGS, and an admin of the federation. */
async function world() {
  const db = t.database.db
  const federation = await buildFederation(db)
  const state = await buildState(db, federation)
  const tag = randomUUID().slice(0, 6)
  const north = await insertUnit(db, {
    kind: 'district',
    name: `Nordkreis ${tag}`,
    ags: '01001',
    parentId: state.id,
  })
  const south = await insertUnit(db, {
    kind: 'district',
    name: `Südkreis ${tag}`,
    ags: '01002',
    parentId: state.id,
  })
  const user = await buildUser(db)
  const admin = actorFor(user, [['admin', federation]])
  return { federation, state, north, south, admin, prefix: `N${tag}-` }
}

function run(actor: Actor, csv: string, mode: 'all-or-nothing' | 'good-only' = 'all-or-nothing') {
  return importMembers(t.app.deps, actor, { csv: Buffer.from(csv), fileName: 'mitglieder.csv', mode })
}

function imported(outcome: ImportOutcome) {
  if (outcome.kind !== 'imported') throw new Error(`expected an import, got ${JSON.stringify(outcome)}`)
  return outcome
}

function rejected(outcome: ImportOutcome) {
  if (outcome.kind !== 'rows-rejected')
    throw new Error(`expected rejected rows, got ${JSON.stringify(outcome)}`)
  return outcome
}

async function membersNumbered(prefix: string) {
  const rows = await t.database.db.select().from(members)
  return rows.filter((m) => m.memberNumber.startsWith(prefix))
}

describe('importMembers', () => {
  test('the same file twice changes nothing the second time', async () => {
    const w = await world()
    const csv = [
      HEADER,
      `${w.prefix}1;Erika;Beispiel;erika@example.org;0431 123456;24103;01001;;2019-03-01;`,
      `${w.prefix}2;Max;Muster;;;24937;${w.south.name};;15.04.2021;`,
    ].join('\n')

    const first = imported(await run(w.admin, csv))
    expect(first).toMatchObject({ rowsTotal: 2, inserted: 2, updated: 0, unchanged: 0, skipped: 0 })
    const before = await membersNumbered(w.prefix)

    t.clock.advance(24 * 3600 * 1000)
    const second = imported(await run(w.admin, csv))
    expect(second).toMatchObject({ rowsTotal: 2, inserted: 0, updated: 0, unchanged: 2, skipped: 0 })
    const after = await membersNumbered(w.prefix)
    expect(after.map((m) => [m.memberNumber, m.updatedAt.toISOString()]).sort()).toEqual(
      before.map((m) => [m.memberNumber, m.updatedAt.toISOString()]).sort(),
    )

    const ledger = await t.database.db
      .select()
      .from(memberImports)
      .where(inArray(memberImports.id, [first.importId, second.importId]))
    expect(ledger).toHaveLength(2)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'members.imported'), eq(auditEvents.objectId, second.importId)))
    expect(audit?.data).toEqual({
      mode: 'all-or-nothing',
      rowsTotal: 2,
      inserted: 0,
      updated: 0,
      unchanged: 2,
      skipped: 0,
      erased: 0,
      placedLocal: 0,
    })
    expect(JSON.stringify(audit?.data)).not.toContain('Erika')
  })

  test('KVs are found by AGS and by name, and a changed row is counted as updated', async () => {
    const w = await world()
    const first = imported(
      await run(
        w.admin,
        [
          'member_number,first_name,last_name,kv,entered_on',
          `${w.prefix}1,Ada,Lovelace,01001,2020-01-01`,
          `${w.prefix}2,Alan,Turing,${w.south.name.toUpperCase()},2020-01-01`,
        ].join('\r\n'),
      ),
    )
    expect(first.inserted).toBe(2)
    const rows = await membersNumbered(w.prefix)
    expect(Object.fromEntries(rows.map((m) => [m.lastName, m.homeUnitId]))).toEqual({
      Lovelace: w.north.id,
      Turing: w.south.id,
    })

    t.clock.advance(3600 * 1000)
    const second = imported(
      await run(
        w.admin,
        [
          'member_number,first_name,last_name,kv,entered_on',
          `${w.prefix}1,Ada,King,01001,2020-01-01`,
          `${w.prefix}2,Alan,Turing,${w.south.name},2020-01-01`,
          `${w.prefix}3,Grace,Hopper,01002,2021-06-30`,
        ].join('\n'),
      ),
    )
    expect(second).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 })
    const ada = (await membersNumbered(`${w.prefix}1`))[0]!
    expect(ada.lastName).toBe('King')
    expect(ada.updatedAt.toISOString()).toBe(t.clock.now().toISOString())
  })

  test('a file with bad rows writes nothing and names each bad line as the file shows it', async () => {
    const w = await world()
    const csv = [
      HEADER, // line 1
      `${w.prefix}1;Erika;Beispiel;;;24103;01001;;2019-03-01;`, // 2
      `${w.prefix}2;"Anna`, // 3: a quoted first name over two lines
      `Maria";Schmidt;;;24103;01001;;2019-03-01;`, // 4
      '', // 5: empty lines do not count as rows but do count as lines
      `${w.prefix}3;Paul;Klein;not-an-address;;2410;01001;;2019-02-30;`, // 6
      `${w.prefix}4;Jo;;;;;99999;;2020-01-01;`, // 7
    ].join('\n')
    const outcome = rejected(await run(w.admin, csv))
    expect(outcome).toMatchObject({ rowsTotal: 4, good: 2 })
    expect(outcome.problems.map((p) => [p.line, p.field, p.reason.key])).toEqual([
      [6, 'E-Mail', 'members.import.reasons.invalidEmail'],
      [6, 'PLZ', 'members.import.reasons.invalidPostalCode'],
      [6, 'Eintrittsdatum', 'members.import.reasons.invalidDate'],
      [7, 'Nachname', 'members.import.reasons.required'],
      [7, 'KV', 'members.import.reasons.unknownKv'],
    ])
    expect(await membersNumbered(w.prefix)).toEqual([])
  })

  test('good-only imports exactly the good rows and counts the others as skipped', async () => {
    const w = await world()
    const local = await buildLocalGroup(t.database.db, w.north)
    const csv = [
      HEADER,
      `${w.prefix}1;Erika;Beispiel;;;24103;01001;${local.name};2019-03-01;`,
      `${w.prefix}2;Bad;Date;;;24103;01001;;gestern;`,
      `${w.prefix}3;Max;Muster;;;24103;01002;;01.02.2003;31.12.2024`,
      `${w.prefix}4;No;Group;;;24103;01002;${local.name};2019-03-01;`,
    ].join('\n')
    const outcome = imported(await run(w.admin, csv, 'good-only'))
    expect(outcome).toMatchObject({ rowsTotal: 4, inserted: 2, updated: 0, unchanged: 0, skipped: 2 })
    expect(outcome.problems.map((p) => [p.line, p.reason.key])).toEqual([
      [3, 'members.import.reasons.invalidDate'],
      [5, 'members.import.reasons.unknownLocalGroup'],
    ])
    const rows = await membersNumbered(w.prefix)
    expect(rows.map((m) => m.memberNumber).sort()).toEqual([`${w.prefix}1`, `${w.prefix}3`])
    const max = rows.find((m) => m.lastName === 'Muster')!
    expect([max.enteredOn, max.leftOn]).toEqual(['2003-02-01', '2024-12-31'])
    expect(rows.find((m) => m.lastName === 'Beispiel')!.localUnitId).toBe(local.id)
  })

  test('a KV name that several units carry is reported with their AGS', async () => {
    const w = await world()
    const other = await buildState(t.database.db, w.federation)
    const name = `Landkreis Doppelt ${randomUUID().slice(0, 6)}`
    await insertUnit(t.database.db, { kind: 'district', name, ags: '05111', parentId: w.state.id })
    await insertUnit(t.database.db, { kind: 'district', name, ags: '09222', parentId: other.id })
    const outcome = rejected(
      await run(w.admin, [HEADER, `${w.prefix}1;A;B;;;;${name};;2020-01-01;`].join('\n')),
    )
    expect(outcome.problems).toEqual([
      {
        line: 2,
        field: 'KV',
        reason: {
          key: 'members.import.reasons.ambiguousKvName',
          params: { kv: name, candidates: expect.stringMatching(/^(05111, 09222|09222, 05111)$/) },
        },
      },
    ])
  })

  test('a member number that appears twice in the file is reported on both lines', async () => {
    const w = await world()
    const outcome = rejected(
      await run(
        w.admin,
        [
          HEADER,
          `${w.prefix}1;A;B;;;;01001;;2020-01-01;`,
          `${w.prefix}2;C;D;;;;01001;;2020-01-01;`,
          `${w.prefix}1;E;F;;;;01001;;2020-01-01;`,
        ].join('\n'),
      ),
    )
    expect(outcome.problems.map((p) => [p.line, p.field, p.reason])).toEqual([
      [2, 'Mitgliedsnummer', { key: 'members.import.reasons.duplicateNumber', params: { lines: '4' } }],
      [4, 'Mitgliedsnummer', { key: 'members.import.reasons.duplicateNumber', params: { lines: '2' } }],
    ])
  })

  test('files that are not a member export are refused as a whole', async () => {
    const w = await world()
    const cases: [string | Buffer, string][] = [
      ['', 'members.import.problems.empty'],
      ['\uFEFF\n\n', 'members.import.problems.empty'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'members.import.problems.notCsv'],
      [Buffer.from('Mitgliedsnummer;Nachname\nM\xfcller', 'latin1'), 'members.import.problems.notUtf8'],
      ['1;Erika;Beispiel;01001\n', 'members.import.problems.noHeader'],
      ['Mitgliedsnummer;Nachname\n1;Beispiel\n', 'members.import.problems.missingColumns'],
      [`${HEADER}\n`, 'members.import.problems.noRows'],
      [`${HEADER}\n1;"open;quote\n`, 'members.import.problems.malformed'],
    ]
    for (const [csv, key] of cases) {
      const outcome = await importMembers(t.app.deps, w.admin, { csv, fileName: 'x.csv', mode: 'good-only' })
      expect(outcome.kind === 'file-rejected' && outcome.problem.key, String(csv)).toBe(key)
    }
  })

  test('a BOM, unknown columns and English headers in any case are accepted', async () => {
    const w = await world()
    const outcome = imported(
      await run(
        w.admin,
        `\uFEFFMEMBER_NUMBER,First_Name,last_name,KV,Entered_On,Lieblingsfarbe\n${w.prefix}1,Ada,Lovelace,01001,2020-01-01,grün\n`,
      ),
    )
    expect(outcome).toMatchObject({ inserted: 1, ignoredColumns: ['Lieblingsfarbe'] })
  })

  test('only an admin of the federation itself may import', async () => {
    const w = await world()
    const csv = `${HEADER}\n${w.prefix}1;A;B;;;;01001;;2020-01-01;`
    const stateAdmin = actorFor(await buildUser(t.database.db), [['admin', w.state]])
    const board = actorFor(await buildUser(t.database.db), [['federal_office', w.federation]])
    await expect(run(stateAdmin, csv)).rejects.toBeInstanceOf(ForbiddenError)
    await expect(run(board, csv)).rejects.toBeInstanceOf(ForbiddenError)
    expect(await membersNumbered(w.prefix)).toEqual([])
  })
})

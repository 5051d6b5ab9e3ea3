import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../../../test/support/db.js'
import { actorFor, buildUser } from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import type { Database } from '../../platform/db/client.js'
import { queryRows } from '../../platform/db/query.js'
import { createMailTransport } from '../../platform/mail/mailer.js'
import {
  grantFederationAdmin,
  loadStructure,
  orgUnits,
  roleGrants,
  shippedStructureFiles,
} from '../org-units/index.js'
import { memberImports } from './imports.tables.js'
import { importMembers, viewMemberList } from './service.js'
import { members } from './tables.js'

// A fresh instance without demo data: the two commands of the README, as functions, on an empty database.
let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const deps = () => ({ database, now: () => new Date('2026-11-21T10:00:00Z') })
const csv = (...rows: string[]) =>
  ['Mitgliedsnummer;Vorname;Nachname;PLZ;KV;Eintrittsdatum', ...rows].join('\n')

describe('a federation set up without demo data', () => {
  test('before a structure is loaded, a member import has nowhere to place anyone', async () => {
    const outcome = await importMembers(deps(), 'command-line', {
      csv: csv('1;Ada;Muster;07907;;2024-01-01'),
      fileName: 'members.csv',
      mode: 'all-or-nothing',
    })
    expect(outcome).toEqual({
      kind: 'file-rejected',
      problem: { key: 'members.import.problems.noStructure' },
    })
  })

  test('structure, then members: placed by KV key, AGS or name, or by postal code alone', async () => {
    const loaded = await loadStructure(deps(), 'command-line', [
      { name: 'structure-de.csv', content: readFileSync(shippedStructureFiles.germany) },
      { name: 'stadtbezirke.csv', content: readFileSync(shippedStructureFiles.cityDistricts) },
    ])
    expect(loaded).toMatchObject({ kind: 'loaded', created: 436 })

    const outcome = await importMembers(deps(), 'command-line', {
      csv: csv(
        '1;Ada;Schleiz;07907;;2024-01-01', // postal code of the Saale-Orla-Kreis
        '2;Bo;Erfurt;;16051;2024-01-01', // AGS
        '3;Cem;Neukölln;12043;11000-neukoelln;2024-01-01', // a city district's key
        '4;Dia;Hamburg;20095;;2024-01-01', // Hamburg's postal code: the Kreis KV, not a city district
        '5;Eli;Firma;10875;;2024-01-01', // a company's postal code places nobody
        '6;Fe;Nirgends;;;2024-01-01', // neither KV nor postal code
      ),
      fileName: 'members.csv',
      mode: 'good-only',
    })
    expect(outcome).toMatchObject({ kind: 'imported', inserted: 4, skipped: 2 })
    if (outcome.kind !== 'imported') return
    expect(outcome.problems.map((p) => [p.line, p.field, p.reason.key])).toEqual([
      [6, 'PLZ', 'members.import.reasons.postalCodeNotPlaced'],
      [7, 'KV', 'members.import.reasons.kvOrPostalCode'],
    ])
    const placed = await queryRows<{ number: string; key: string }>(
      database.db,
      sql`select m.member_number as number, u.key from members m join org_units u on u.id = m.home_unit_id order by 1`,
    )
    expect(placed).toEqual([
      { number: '1', key: '16075' },
      { number: '2', key: '16051' },
      { number: '3', key: '11000-neukoelln' },
      { number: '4', key: '02000' },
    ])
    const [ledger] = await database.db.select().from(memberImports)
    expect(ledger).toMatchObject({ createdById: null, inserted: 4 })
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'members.imported'))
    expect(audit).toMatchObject({ actorUserId: null, data: { via: 'command-line', inserted: 4 } })
  })

  test('a KV that took over a Kreis receives the members of its postal codes', async () => {
    const file = readFileSync(shippedStructureFiles.germany, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('kreis,16073,'))
      .map((line) =>
        line.startsWith('kreis,16075,') ? 'kreis,16075,Saale-Orla-Kreis,,16,16075|16073,,,,' : line,
      )
      .join('\n')
    expect(
      await loadStructure(deps(), 'command-line', [{ name: 'merged.csv', content: file }]),
    ).toMatchObject({
      kind: 'loaded',
      updated: 1,
    })
    // 07318 Saalfeld lies in Kreis 16073, which the Saale-Orla KV covers now.
    await importMembers(deps(), 'command-line', {
      csv: csv('7;Gil;Saalfeld;07318;;2024-01-01'),
      fileName: 'more.csv',
      mode: 'all-or-nothing',
    })
    const [member] = await database.db.select().from(members).where(eq(members.memberNumber, '7'))
    const [saaleOrla] = await database.db.select().from(orgUnits).where(eq(orgUnits.key, '16075'))
    expect(member!.homeUnitId).toBe(saaleOrla!.id)
  })

  test('the operator makes a registered account the first admin of the federation', async () => {
    const user = await buildUser(database.db)
    expect(await grantFederationAdmin(deps(), 'nobody@example.org')).toBe('no-account')
    expect(await grantFederationAdmin(deps(), user.email.toUpperCase())).toBe('granted')
    expect(await grantFederationAdmin(deps(), user.email)).toBe('already')
    const grants = await database.db.select().from(roleGrants).where(eq(roleGrants.userId, user.id))
    const [federation] = await database.db.select().from(orgUnits).where(eq(orgUnits.kind, 'federal'))
    expect(grants.map((g) => [g.role, g.unitId])).toEqual([['admin', federation!.id]])
  })

  test("a member who moves (new postal code in the export) leaves the old board's list at once", async () => {
    const unit = async (key: string) =>
      (await database.db.select().from(orgUnits).where(eq(orgUnits.key, key)))[0]!
    const [saaleOrla, erfurt] = [await unit('16075'), await unit('16051')]
    const boardOf = async (kv: typeof saaleOrla) => {
      const user = await buildUser(database.db)
      return actorFor(user, [['board', kv]])
    }
    const numbers = async (kv: typeof saaleOrla) =>
      (
        await viewMemberList(
          {
            ...deps(),
            mailer: createMailTransport({ from: 'test@example.org' }),
            secret: 'x'.repeat(40),
          },
          await boardOf(kv),
          kv.id,
        )
      ).members.map((m) => m.memberNumber)
    expect(await numbers(saaleOrla)).toContain('1')
    const moved = await importMembers(deps(), 'command-line', {
      csv: csv('1;Ada;Schleiz;99084;;2024-01-01'),
      fileName: 'moved.csv',
      mode: 'all-or-nothing',
    })
    expect(moved).toMatchObject({ kind: 'imported', updated: 1 })
    expect(await numbers(saaleOrla)).not.toContain('1')
    expect(await numbers(erfurt)).toContain('1')
  })
})

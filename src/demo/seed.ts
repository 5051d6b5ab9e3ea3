import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import type { Config } from '../config.js'
import { hashPassword, users } from '../domains/accounts/index.js'
import { recountPlaces } from '../domains/help/index.js'
import { members } from '../domains/members/index.js'
import {
  applyStructureFiles,
  orgUnits,
  readTerritory,
  roleGrants,
  shippedStructureFiles,
} from '../domains/org-units/index.js'
import { recordAudit } from '../platform/audit/record.js'
import type { Role } from '../platform/auth/actor.js'
import type { Database } from '../platform/db/client.js'
import { queryRows } from '../platform/db/query.js'
import type { Db } from '../platform/db/types.js'
import type { PhaseTimer } from '../platform/runtime/phases.js'
import type { UnitKind } from '../platform/units.js'
import { seedDemoAgreements } from './agreements.js'
import { seedDemoEvents } from './events.js'
import { type Gemeinde, type Geodata, readGeodata } from './geodata.js'
import { seedDemoHelp } from './help.js'
import { insertMany, withReferencesCheckedOnce } from './insert-many.js'
import { seedDemoMatchmaking } from './matchmaking.js'
import { seedDemoMentoring } from './mentoring.js'
import { seedDemoOnboarding } from './onboarding.js'
import { seedDemoPartnerships } from './partnerships.js'
import { demoDate, demoMemberNumber, demoPerson, seededRandom } from './people.js'
import { seedDemoPlaybook } from './playbook.js'
import { seedDemoReports } from './reports.js'
import { seedDemoResolutions } from './resolutions.js'
import { seedDemoSurveys } from './surveys.js'
import { seedDemoTwoFactor } from './two-factor.js'
import { type DemoUnitRef, findDemoUnit, rememberDemoUnits } from './units.js'
import { seedDemoVolunteers } from './volunteers.js'

/** Demo data fills an empty database on first start ('auto'), on every empty start ('always'), or never. */

/**
 * Postal codes where the seeds' stories say the party has no member, so generated people never live there:
 * 07926 Gefell (Saale-Orla-Kreis, seed 000: "Dort gibt es kein grünes Mitglied").
 */
const SEED_WHITE_SPOTS: ReadonlySet<string> = new Set(['07926'])
export async function shouldSeedDemo(database: Database, config: Config) {
  if (config.demoData === 'never') return false
  if (config.demoData === 'auto' && database.kind !== 'pglite') return false
  return isWithoutStructure(database)
}

/** True when the database holds no units at all: the platform then says at start how to load a structure. */
export async function isWithoutStructure(database: Database) {
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from org_units`)
  return Number(row?.n) === 0
}

/**
 * The city-district KVs the source documents name: Hamburg-Mitte and Berlin-Neukölln from the shipped
 * optional file of city districts, and Bremen Mitte/Ost, a district of the demo alone. They are districts of
 * their own under the city state, at a point inside the city, carrying the city's AGS.
 */
const demoCityDistrictKeys = ['02000-mitte', '11000-neukoelln'] as const
const demoOnlyRows = ['kreis,04011-mitte-ost,Bremen Mitte/Ost,,04,04011,53.075,8.83,,']
const codes = (list: string) => list.split(' ')

/**
 * Where the members of the demo's city districts live: the postal codes of delivery areas inside each district
 * (codes shared with a neighbouring district left out), not anywhere in the city. Berlin-Neukölln: Neukölln,
 * Britz, Buckow, Gropiusstadt, Rudow. Hamburg-Mitte: Altstadt, Neustadt, St. Georg, Hammerbrook, Borgfelde,
 * Hamm, Rothenburgsort, Veddel, Wilhelmsburg, Horn, Billstedt. Bremen Mitte/Ost: the city's districts Mitte
 * and Ost.
 */
export const demoCityDistrictPostalCodes: Record<
  (typeof demoCityDistrictKeys)[number] | '04011-mitte-ost',
  string[]
> = {
  '02000-mitte': codes('20095 20097 20099 20355 20457 20459 20535 20537 20539 21107 21109 22111 22117 22119'),
  '11000-neukoelln': codes(
    '12043 12045 12047 12049 12051 12053 12055 12057 12059 12347 12349 12351 12353 12355 12357 12359',
  ),
  '04011-mitte-ost': codes(
    '28195 28203 28205 28207 28209 28211 28213 28307 28309 28325 28327 28329 28355 28357 28359',
  ),
}

/** The shipped structure of Germany and the demo's city districts, as structure files for the loader. */
function demoStructureFiles() {
  const cityDistricts = readFileSync(shippedStructureFiles.cityDistricts, 'utf8').trimEnd().split('\n')
  const [header, ...rows] = cityDistricts
  const picked = rows.filter((row) =>
    (demoCityDistrictKeys as readonly string[]).includes(row.split(',')[1]!),
  )
  return [
    { name: 'structure-de.csv', content: readFileSync(shippedStructureFiles.germany) },
    { name: 'demo-city-districts.csv', content: [header, ...picked, ...demoOnlyRows].join('\n') },
  ]
}

/** A local group the source documents name (partnered with Saale-Orla); it always exists in the demo. */
export const demoGerlingen = { name: 'Gerlingen', kreisAgs: '08118', ags: '08118019' } as const

export const DEMO_PASSWORD = 'demo-passwort-2026'

type DemoAccount = {
  email: string
  firstName: string
  lastName: string
  home: DemoUnitRef
  grant: { role: Role; unit: DemoUnitRef } | null
}

/**
 * One account per role, all with the password DEMO_PASSWORD and a linked member. The member role
 * comes from the home district alone; every other role is an explicit grant.
 */
export const demoAccounts = {
  member: {
    email: 'member@demo.example.org',
    firstName: 'Mila',
    lastName: 'Beispiel-Mitglied',
    home: { kind: 'district', ags: '16075' },
    grant: null,
  },
  coordinator: {
    email: 'coordinator@demo.example.org',
    firstName: 'Kofi',
    lastName: 'Beispiel-Koordination',
    home: { kind: 'district', name: 'Hamburg-Mitte' },
    grant: { role: 'coordinator', unit: { kind: 'district', name: 'Hamburg-Mitte' } },
  },
  board: {
    email: 'board@demo.example.org',
    firstName: 'Vroni',
    lastName: 'Beispiel-Vorstand',
    home: { kind: 'district', ags: '16075' },
    grant: { role: 'board', unit: { kind: 'district', ags: '16075' } },
  },
  state_office: {
    email: 'state-office@demo.example.org',
    firstName: 'Lasse',
    lastName: 'Beispiel-Landesgeschäftsstelle',
    home: { kind: 'district', ags: '16051' },
    grant: { role: 'state_office', unit: { kind: 'state', ags: '16' } },
  },
  federal_office: {
    email: 'federal-office@demo.example.org',
    firstName: 'Bea',
    lastName: 'Beispiel-Bundesgeschäftsstelle',
    home: { kind: 'district', name: 'Berlin-Neukölln' },
    grant: { role: 'federal_office', unit: { kind: 'federal' } },
  },
  admin: {
    email: 'admin@demo.example.org',
    firstName: 'Ada',
    lastName: 'Beispiel-Verwaltung',
    home: { kind: 'district', name: 'Bremen Mitte/Ost' },
    grant: { role: 'admin', unit: { kind: 'federal' } },
  },
} as const satisfies Record<Role, DemoAccount>

let preparedGeodata: Geodata | undefined

/**
 * Reads and parses what the demo's seeding reads from geodata/ (the municipalities and postal codes for the local
 * groups and members, the territory the structure loader checks against) ahead of `seedDemoData`, which takes it
 * once: the server calls it while a new embedded database is being created in a child process, so the parsing
 * (0.3–0.5 s) is not added after it.
 */
export function prepareDemoInput() {
  preparedGeodata ??= readGeodata()
  readTerritory()
}

type UnitRow = {
  id: string
  kind: UnitKind
  parentId: string | null
  path: string
  name: string
  ags: string | null
  kreisType: string | null
  population: number | null
  areaKm2: number | null
  anchorLon: number | null
  anchorLat: number | null
  postalCodes: string[]
}

/**
 * Fills an empty database with Germany's structure and clearly fictional people, in one transaction:
 * the shipped structure file loaded as an operator loads it (the federal unit, 16 states, one district per
 * Kreis), the city districts the source documents name, local groups in the largest municipalities,
 * 15–30 generated members per district and one demo account per role. `secret` is the instance's
 * app secret: the demo accounts' authenticator keys are sealed under it.
 */
export async function seedDemoData(db: Db, opts: { now: Date; secret: string; timer?: PhaseTimer }) {
  const { now } = opts
  const lap = (name: string) => opts.timer?.lap(`demo.${name}`)
  const geo = preparedGeodata ?? readGeodata()
  preparedGeodata = undefined
  const random = seededRandom(20260101)

  const gemeindenByKreis = new Map<string, Gemeinde[]>()
  for (const g of geo.gemeinden) {
    const list = gemeindenByKreis.get(g.kreisAgs) ?? []
    list.push(g)
    gemeindenByKreis.set(g.kreisAgs, list)
  }
  lap('geodata')

  return db.transaction(async (tx) => {
    // The structure comes from the same files and loader an operator uses (npm run structure:load).
    const loaded = await applyStructureFiles(tx, 'demo', demoStructureFiles(), { now })
    if (loaded.kind !== 'loaded')
      throw new Error(`Demo structure rejected: ${JSON.stringify(loaded.problems)}`)
    lap('structure')
    const all = await tx.select().from(orgUnits)
    const federal = all.find((u) => u.kind === 'federal')!
    const kreisUnits = new Map(
      all.filter((u) => u.kind === 'district' && u.kreisType).map((u) => [u.ags!, u]),
    )

    // Local groups in the largest municipalities of each Kreis, each with the postal codes of its municipality
    // that the member import places in this KV (a code the KV's larger local group already has stays there).
    const units: UnitRow[] = []
    const districts: { unit: UnitRow; postalCodes: string[]; locals: UnitRow[] }[] = []
    const claimedByCityDistricts = new Set(Object.values(demoCityDistrictPostalCodes).flat())
    for (const k of geo.kreise) {
      const unit = kreisUnits.get(k.ags)!
      // Where the demo has KVs of city districts, the city's KV keeps the rest of the city.
      const inKreis = new Set(
        (geo.postalCodesByKreis.get(k.ags) ?? []).filter((c) => !claimedByCityDistricts.has(c)),
      )
      const taken = new Set<string>()
      const territoryOf = (g: Gemeinde) =>
        [...new Set(geo.postalCodesByGemeinde.get(g.ags) ?? [])].filter(
          (c) => inKreis.has(c) && !taken.has(c),
        )
      const candidates = [...(gemeindenByKreis.get(k.ags) ?? [])].sort((a, b) => b.population - a.population)
      const wanted = random.int(2, 3)
      const picked: { g: Gemeinde; postalCodes: string[] }[] = []
      const pick = (g: Gemeinde) => {
        const postalCodes = territoryOf(g).sort()
        if (postalCodes.length === 0) return
        for (const c of postalCodes) taken.add(c)
        picked.push({ g, postalCodes })
      }
      for (const g of candidates) {
        if (picked.length >= wanted) break
        pick(g)
      }
      if (k.ags === demoGerlingen.kreisAgs && !picked.some((p) => p.g.ags === demoGerlingen.ags)) {
        const gerlingen = candidates.find((g) => g.ags === demoGerlingen.ags)
        if (gerlingen) pick(gerlingen)
      }
      const locals = picked.map(({ g, postalCodes }) => {
        const id = randomUUID()
        const local: UnitRow = {
          id,
          kind: 'local',
          parentId: unit.id,
          path: `${unit.path}${id}/`,
          name: g.ags === demoGerlingen.ags ? demoGerlingen.name : `Ortsverband ${g.name}`,
          ags: g.ags,
          kreisType: null,
          population: g.population,
          areaKm2: g.areaKm2,
          anchorLon: g.lon,
          anchorLat: g.lat,
          postalCodes,
        }
        units.push(local)
        return local
      })
      districts.push({ unit, postalCodes: [...inKreis], locals })
    }
    for (const [key, postalCodes] of Object.entries(demoCityDistrictPostalCodes)) {
      const unit = all.find((u) => u.key === key)!
      districts.push({ unit, postalCodes, locals: [] })
    }

    // Members: 15–30 per district, entered between 2010 and today, none where a seed says no member lives.
    // Most live in the territory of a local group; whoever does is in it, as the member import places them.
    const enteredFrom = new Date('2010-01-01T00:00:00Z')
    const enteredTo = new Date(Math.min(now.getTime(), Date.parse('2026-12-31T00:00:00Z')))
    const memberRows: unknown[][] = []
    let memberNumber = 0
    const livable = (codes: readonly string[]) => codes.filter((code) => !SEED_WHITE_SPOTS.has(code))
    for (const d of districts) {
      const postalCodes = livable(d.postalCodes)
      const localOf = new Map(d.locals.flatMap((l) => l.postalCodes.map((c) => [c, l] as const)))
      const withHomes = d.locals.filter((l) => livable(l.postalCodes).length > 0)
      const count = random.int(15, 30)
      for (let i = 0; i < count; i++) {
        memberNumber++
        const person = demoPerson(random)
        const inLocal = withHomes.length > 0 && random.next() < 0.6 ? random.pick(withHomes) : null
        const code = inLocal
          ? random.pick(livable(inLocal.postalCodes))
          : postalCodes.length > 0
            ? random.pick(postalCodes)
            : null
        memberRows.push([
          demoMemberNumber(memberNumber),
          person.firstName,
          person.lastName,
          `${person.firstName}.${person.lastName}.${memberNumber}@example.org`.toLowerCase(),
          code,
          d.unit.id,
          (code && localOf.get(code)?.id) ?? null,
          demoDate(random, enteredFrom, enteredTo),
        ])
      }
    }

    // The generated rows refer to units of this transaction: their references are checked once for all of them
    // rather than row by row (two lookups per member, about half of these inserts' time on PGlite).
    await withReferencesCheckedOnce(
      tx,
      async () => {
        await insertMany(
          tx,
          'org_units',
          [
            ['id', 'uuid'],
            ['kind', 'unit_kind'],
            ['parent_id', 'uuid'],
            ['path', 'text'],
            ['name', 'text'],
            ['ags', 'text'],
            ['kreis_type', 'text'],
            ['population', 'integer'],
            ['area_km2', 'real'],
            ['anchor_lon', 'double precision'],
            ['anchor_lat', 'double precision'],
            ['postal_codes', 'text[]'],
          ],
          units.map((u) => [
            u.id,
            u.kind,
            u.parentId,
            u.path,
            u.name,
            u.ags,
            u.kreisType,
            u.population,
            u.areaKm2,
            u.anchorLon,
            u.anchorLat,
            `{${u.postalCodes.join(',')}}`,
          ]),
        )
        await insertMany(
          tx,
          'members',
          [
            ['member_number', 'text'],
            ['first_name', 'text'],
            ['last_name', 'text'],
            ['email', 'text'],
            ['postal_code', 'text'],
            ['home_unit_id', 'uuid'],
            ['local_unit_id', 'uuid'],
            ['entered_on', 'date'],
          ],
          memberRows,
        )
      },
      () =>
        queryRows(
          tx,
          sql`select 'member' as row, m.member_number as key from members m
              where not exists (select 1 from org_units u where u.id = m.home_unit_id)
                 or (m.local_unit_id is not null and not exists (select 1 from org_units u where u.id = m.local_unit_id))
              union all
              select 'unit', c.id::text from org_units c
              where c.parent_id is not null and not exists (select 1 from org_units p where p.id = c.parent_id)`,
        ),
    )
    await rememberDemoUnits(tx)
    lap('members')

    // One hash for all six: they share the documented demo password.
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    let accountNumber = 9_000_000
    const withRoles: string[] = []
    for (const account of Object.values(demoAccounts) as DemoAccount[]) {
      const home = await findDemoUnit(tx, account.home)
      const [member] = await tx
        .insert(members)
        .values({
          memberNumber: demoMemberNumber(++accountNumber),
          firstName: account.firstName,
          lastName: account.lastName,
          email: account.email,
          homeUnitId: home.id,
          enteredOn: '2020-01-01',
        })
        .returning()
      const [user] = await tx
        .insert(users)
        .values({
          email: account.email,
          passwordHash,
          displayName: `${account.firstName} ${account.lastName}`,
          memberId: member!.id,
          emailVerifiedAt: now,
        })
        .returning()
      if (account.grant) {
        const unit = await findDemoUnit(tx, account.grant.unit)
        await tx
          .insert(roleGrants)
          .values({ userId: user!.id, unitId: unit.id, role: account.grant.role, grantedAt: now })
        withRoles.push(user!.id)
      }
    }
    await seedDemoTwoFactor(tx, withRoles, now, opts.secret)
    lap('accounts')

    const summary = {
      units: all.length + units.length,
      states: all.filter((u) => u.kind === 'state').length,
      districts: districts.length,
      localGroups: units.length,
      members: memberRows.length + Object.keys(demoAccounts).length,
      accounts: Object.keys(demoAccounts).length,
    }

    // Demo content of further domains goes here, one call each, finding units with findDemoUnit(tx, …).
    await seedDemoPartnerships(tx, opts.now)
    lap('partnerships')
    await seedDemoEvents(tx, opts.now)
    lap('events')
    await seedDemoAgreements(tx, opts.now)
    lap('agreements')
    await seedDemoVolunteers(tx, opts.now)
    lap('volunteers')
    await seedDemoHelp(tx, opts.now)
    lap('help')
    // The demo's sign-ups are written as they are; the places they take are counted once afterwards.
    await recountPlaces(tx)
    lap('places')
    await seedDemoOnboarding(tx, opts.now)
    lap('onboarding')
    await seedDemoResolutions(tx, opts.now)
    lap('resolutions')
    await seedDemoReports(tx, opts.now)
    lap('reports')
    await seedDemoMatchmaking(tx, opts.now)
    lap('matchmaking')
    await seedDemoPlaybook(tx, opts.now)
    lap('playbook')
    await seedDemoMentoring(tx, opts.now)
    lap('mentoring')
    await seedDemoSurveys(tx, opts.now)
    lap('surveys')

    await recordAudit(tx, undefined, {
      action: 'demo.seeded',
      object: { type: 'demo' },
      unit: { id: federal.id, path: federal.path },
      data: summary,
    })
    return summary
  })
}

export { type DemoUnitRef, findDemoUnit, lookupDemoUnit } from './units.js'

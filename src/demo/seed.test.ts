import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { and, eq, isNull, or, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { testConfig } from '../../test/support/app.js'
import { createTestDatabase } from '../../test/support/db.js'
import { users } from '../domains/accounts/index.js'
import { open } from '../domains/accounts/sealed.js'
import { twoFactorCredentials } from '../domains/accounts/tables.js'
import { base32Decode, totp } from '../domains/accounts/totp.js'
import { agreements } from '../domains/agreements/index.js'
import { viewAgreement } from '../domains/agreements/service/index.js'
import { federalCongresses } from '../domains/agreements/tables.js'
import { events } from '../domains/events/index.js'
import { computeWhiteSpots } from '../domains/help/index.js'
import { members } from '../domains/members/index.js'
import {
  mentoringApplications,
  mentoringProgrammeEvents,
  mentoringProgrammes,
} from '../domains/mentoring/index.js'
import { viewPairing, viewProgramme } from '../domains/mentoring/service/index.js'
import { viewDashboardHome, viewMyQuestionnaire, viewQueue } from '../domains/onboarding/service/index.js'
import {
  kreisOfPostalCode,
  loadStructure,
  orgUnits,
  roleGrants,
  shippedStructureFiles,
} from '../domains/org-units/index.js'
import { readStructureFiles } from '../domains/org-units/structure-file.js'
import { readTerritory } from '../domains/org-units/structure-geodata.js'
import { partnerships } from '../domains/partnerships/index.js'
import { listUnitReports, viewReport } from '../domains/reports/service.js'
import { viewResolution, viewUnitResolutions } from '../domains/resolutions/service/index.js'
import {
  campaignTargets,
  surveyCampaigns,
  surveyResponses,
  surveys,
  withinCallingHours,
} from '../domains/surveys/index.js'
import { viewCampaign, viewResults } from '../domains/surveys/service.js'
import type { Actor } from '../platform/auth/actor.js'
import type { Database } from '../platform/db/client.js'
import { queryRows } from '../platform/db/query.js'
import { createMailTransport } from '../platform/mail/mailer.js'
import { isDemoSurname } from './people.js'
import {
  DEMO_PASSWORD,
  demoAccounts,
  demoCityDistrictPostalCodes,
  findDemoUnit,
  seedDemoData,
  shouldSeedDemo,
} from './seed.js'
import { DEMO_SURVEY_TITLE } from './surveys.js'
import { DEMO_TOTP_SECRET } from './two-factor.js'

let database: Database
let summary: Awaited<ReturnType<typeof seedDemoData>>
const config = testConfig({ DEMO_DATA: 'always' })
const DEMO_APP_SECRET = 'demo-app-secret-demo-app-secret-0123'
let wantedBeforeSeeding = false

beforeAll(async () => {
  database = await createTestDatabase()
  wantedBeforeSeeding = await shouldSeedDemo(database, config)
  summary = await seedDemoData(database.db, {
    now: new Date('2026-11-21T10:00:00Z'),
    secret: DEMO_APP_SECRET,
  })
}, 180_000)
afterAll(() => database.close())

const db = () => database.db
const deps = () => ({
  database,
  mailer: createMailTransport({ from: 'demo@example.org' }),
  secret: 'demo-secret-demo-secret-demo-secret-0123',
  now: () => new Date('2026-11-21T10:00:00Z'),
})

async function actorOf(email: string): Promise<Actor> {
  const [user] = await db().select().from(users).where(eq(users.email, email))
  const grants = await db()
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: orgUnits.path })
    .from(roleGrants)
    .innerJoin(orgUnits, eq(orgUnits.id, roleGrants.unitId))
    .where(eq(roleGrants.userId, user!.id))
  return {
    userId: user!.id,
    sessionId: 'demo',
    email,
    displayName: user!.displayName,
    memberId: user!.memberId,
    homeUnitId: null,
    grants,
  }
}

function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(new URL(`../../geodata/${file}`, import.meta.url)), { columns: true })
}

describe('seedDemoData', () => {
  test('an empty database asks for demo data and a seeded one does not', async () => {
    expect(wantedBeforeSeeding).toBe(true)
    expect(await shouldSeedDemo(database, config)).toBe(false)
  })

  test('creates the federal unit, 16 states and one district per Kreis plus the three city districts', async () => {
    const counts = await queryRows<{ kind: string; n: number }>(
      db(),
      sql`select kind, count(*)::int as n from org_units group by kind`,
    )
    const byKind = Object.fromEntries(counts.map((c) => [c.kind, Number(c.n)]))
    expect(byKind.federal).toBe(1)
    expect(byKind.state).toBe(16)
    expect(byKind.district).toBe(403)
    const [kreisDistricts] = await queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from org_units where kind = 'district' and kreis_type is not null`,
    )
    expect(Number(kreisDistricts!.n)).toBe(400)
    expect(summary.districts).toBe(403)
    const [federal] = await db().select().from(orgUnits).where(eq(orgUnits.kind, 'federal'))
    expect(federal!.name).toBe('Bundesverband')
  })

  test('a district carries the population and area summed from its municipalities', async () => {
    const gemeinden = csv('gemeinden.csv').filter((g) => g.kreis_ags === '16075')
    const population = gemeinden.reduce((acc, g) => acc + Number(g.population), 0)
    const kreis = csv('kreise.csv').find((k) => k.ags === '16075')!
    const unit = await findDemoUnit(db(), { kind: 'district', ags: '16075' })
    expect(unit.name).toBe(kreis.name)
    expect(unit.population).toBe(population)
    expect(unit.areaKm2).toBeCloseTo(
      gemeinden.reduce((acc, g) => acc + Number(g.area_km2), 0),
      0,
    )
    expect(unit.anchorLon).toBeCloseTo(Number(kreis.label_lon), 4)
    const state = await findDemoUnit(db(), { kind: 'state', ags: '16' })
    expect(unit.parentId).toBe(state.id)
    expect(state.name).toBe('Thüringen')
  })

  test('the demo structure is the shipped file: loading it again creates and changes nothing', async () => {
    const outcome = await loadStructure({ database, now: () => new Date() }, 'command-line', [
      { name: 'structure-de.csv', content: readFileSync(shippedStructureFiles.germany) },
    ])
    expect(outcome).toMatchObject({ kind: 'loaded', created: 0, updated: 0, unchanged: 417 })
    // The demo's three city districts are not in that file: reported, not deleted.
    if (outcome.kind === 'loaded')
      expect(outcome.missing.map((m) => m.name).sort()).toEqual([
        'Berlin-Neukölln',
        'Bremen Mitte/Ost',
        'Hamburg-Mitte',
      ])
  })

  test('two Kreise of the same name are told apart', async () => {
    const city = await findDemoUnit(db(), { kind: 'district', ags: '09162' })
    const landkreis = await findDemoUnit(db(), { kind: 'district', ags: '09184' })
    expect(city.name).toBe('München')
    expect(landkreis.name).toBe('München (Landkreis)')
  })

  test('Hamburg-Mitte is a district under the Hamburg state, inside the city', async () => {
    const mitte = await findDemoUnit(db(), { kind: 'district', name: 'Hamburg-Mitte' })
    const hamburg = await findDemoUnit(db(), { kind: 'state', ags: '02' })
    expect(mitte.parentId).toBe(hamburg.id)
    expect(mitte.path.startsWith(hamburg.path)).toBe(true)
    expect(mitte.ags).toBe('02000')
    expect(mitte.anchorLat).toBeCloseTo(53.55, 1)
    expect(mitte.anchorLon).toBeCloseTo(10.0, 1)
    // The Kreis of the same AGS is still the answer to a look-up by AGS.
    expect((await findDemoUnit(db(), { kind: 'district', ags: '02000' })).name).toBe('Hamburg')
    for (const name of ['Berlin-Neukölln', 'Bremen Mitte/Ost']) {
      expect((await findDemoUnit(db(), { kind: 'district', name })).kind).toBe('district')
    }
  })

  test('local groups sit in real municipalities, and Gerlingen is one of them under Ludwigsburg', async () => {
    const ludwigsburg = await findDemoUnit(db(), { kind: 'district', ags: '08118' })
    const locals = await db().select().from(orgUnits).where(eq(orgUnits.parentId, ludwigsburg.id))
    expect(locals.map((l) => l.name)).toContain('Gerlingen')
    expect(locals.map((l) => l.name)).toContain('Ortsverband Ludwigsburg')
    expect(locals.find((l) => l.name === 'Gerlingen')!.postalCodes).toEqual(['70839'])
    const saaleOrla = await findDemoUnit(db(), { kind: 'district', ags: '16075' })
    const saaleOrlaLocals = await db().select().from(orgUnits).where(eq(orgUnits.parentId, saaleOrla.id))
    expect(saaleOrlaLocals.length).toBeGreaterThanOrEqual(2)
    expect(saaleOrlaLocals.length).toBeLessThanOrEqual(3)
  })

  test("every local group's postal codes are its municipality's, in its KV's Kreis, and held by no other local group of the KV", async () => {
    // Postal code → the municipalities whose area it touches (OpenStreetMap); Eisenach is 16063105 since 2021.
    const municipalitiesOf = new Map<string, Set<string>>()
    for (const r of csv('plz_gemeinde_osm.csv')) {
      const ags = r.ags === '16056000' ? '16063105' : r.ags!
      municipalitiesOf.set(r.plz!, (municipalitiesOf.get(r.plz!) ?? new Set()).add(ags))
    }
    const kreisOfMunicipality = new Map(csv('gemeinden.csv').map((g) => [g.ags!, g.kreis_ags!]))
    const locals = await queryRows<{
      key: string
      name: string
      ags: string
      codes: string[]
      kreise: string[]
    }>(
      db(),
      sql`select l.name, l.ags, l.postal_codes as codes, d.key,
            array(select k.kreis_ags from unit_kreise k where k.unit_id = d.id order by 1) as kreise
          from org_units l join org_units d on d.id = l.parent_id where l.kind = 'local'`,
    )
    expect(locals.length).toBeGreaterThanOrEqual(800)
    expect(locals.length).toBe(summary.localGroups)
    const heldBy = new Map<string, string>()
    for (const l of locals) {
      expect(l.kreise, l.name).toContain(kreisOfMunicipality.get(l.ags))
      expect(l.codes.length, l.name).toBeGreaterThan(0)
      for (const code of l.codes) {
        expect(municipalitiesOf.get(code)?.has(l.ags), `${l.name} ${code}`).toBe(true)
        // The member import places a member of this postal code in this KV, so in this local group.
        expect(l.kreise, `${l.name} ${code}`).toContain(kreisOfPostalCode(code))
        expect(heldBy.get(`${l.key}|${code}`), `${l.name} ${code}`).toBeUndefined()
        heldBy.set(`${l.key}|${code}`, l.name)
      }
    }
    // The structure loader would take them as they are: the shipped file and the local groups as rows of their own.
    const rows = locals.map(
      (l, i) => `ort,demo-local-${i},"${l.name}",,${l.key},${l.ags},,,,,${l.codes.join(' ')}`,
    )
    const read = readStructureFiles(
      [
        { name: 'structure-de.csv', content: readFileSync(shippedStructureFiles.germany) },
        {
          name: 'local-groups.csv',
          content: [
            'Ebene,Schlüssel,Name,Kurzname,Übergeordnet,AGS,Breite,Länge,Website,E-Mail,PLZ',
            ...rows,
          ].join('\n'),
        },
      ],
      readTerritory(),
    )
    expect(read.ok ? [] : read.problems).toEqual([])
  })

  test('a member is in the local group of their KV whose territory holds their postal code, as the import places them', async () => {
    const [placement] = await queryRows<{ generated: number; inLocal: number; misplaced: number }>(
      db(),
      sql`select count(*)::int as generated,
            count(m.local_unit_id)::int as "inLocal",
            count(*) filter (where m.local_unit_id is distinct from (
              select l.id from org_units l
              where l.parent_id = m.home_unit_id and l.kind = 'local' and l.dissolved_at is null
                and m.postal_code = any(l.postal_codes)))::int as misplaced
          from members m where m.member_number < 'DEMO-9'`,
    )
    expect(placement!.misplaced).toBe(0)
    // Most of them live where a local group is: the rule is tried on many, not on a few.
    expect(placement!.inLocal).toBeGreaterThan(placement!.generated * 0.4)
  })

  test("the city districts' members live in their district, and the city's KV keeps the rest of the city", async () => {
    for (const [key, codes] of Object.entries(demoCityDistrictPostalCodes)) {
      const city = key.slice(0, 5)
      for (const code of codes) expect(kreisOfPostalCode(code), `${key} ${code}`).toBe(city)
      const [district] = await db().select().from(orgUnits).where(eq(orgUnits.key, key))
      const cityKv = await findDemoUnit(db(), { kind: 'district', ags: city })
      const livesIn = async (unitId: string) =>
        (
          await db()
            .select({ postalCode: members.postalCode })
            .from(members)
            .where(and(eq(members.homeUnitId, unitId), sql`${members.memberNumber} < 'DEMO-9'`))
        ).map((m) => m.postalCode!)
      const inDistrict = await livesIn(district!.id)
      expect(inDistrict.length).toBeGreaterThanOrEqual(15)
      expect(inDistrict.filter((c) => !codes.includes(c))).toEqual([])
      const inCity = await livesIn(cityKv.id)
      expect(inCity.length).toBeGreaterThanOrEqual(15)
      expect(inCity.filter((c) => codes.includes(c) || kreisOfPostalCode(c) !== city)).toEqual([])
    }
  })

  test('every member has a clearly fictional name, a demo number and an example.org address', async () => {
    const rows = await db()
      .select({
        lastName: members.lastName,
        memberNumber: members.memberNumber,
        email: members.email,
      })
      .from(members)
    expect(rows.length).toBe(summary.members)
    expect(rows.length).toBeGreaterThan(403 * 15)
    expect(rows.every((r) => isDemoSurname(r.lastName))).toBe(true)
    expect(rows.every((r) => /^DEMO-\d{7}$/.test(r.memberNumber))).toBe(true)
    expect(rows.every((r) => /@(demo\.)?example\.org$/.test(r.email ?? ''))).toBe(true)
  })

  test('members of a district live in a postal code of its Kreis', async () => {
    const saaleOrla = await findDemoUnit(db(), { kind: 'district', ags: '16075' })
    const codes = new Set(
      csv('plz.csv')
        .filter((p) => p.kreis_ags === '16075')
        .map((p) => p.plz),
    )
    const rows = await db()
      .select({ postalCode: members.postalCode })
      .from(members)
      .where(and(eq(members.homeUnitId, saaleOrla.id), sql`${members.memberNumber} < 'DEMO-9'`))
    expect(rows.length).toBeGreaterThanOrEqual(15)
    expect(rows.every((r) => codes.has(r.postalCode ?? ''))).toBe(true)
  })

  test('nobody lives where seed 000 says the party has no member: Gefell is a white spot of Saale-Orla', async () => {
    const saaleOrla = await findDemoUnit(db(), { kind: 'district', ags: '16075' })
    const inGefell = await db()
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.homeUnitId, saaleOrla.id), eq(members.postalCode, '07926')))
    expect(inGefell).toEqual([])
    const counts = await db()
      .select({ postalCode: members.postalCode, n: sql<number>`count(*)::int` })
      .from(members)
      .where(and(eq(members.homeUnitId, saaleOrla.id), isNull(members.leftOn)))
      .groupBy(members.postalCode)
    expect(
      computeWhiteSpots({ kreise: ['16075'], municipalities: [] }, counts).spots.map((s) => s.name),
    ).toContain('Gefell')
  })

  test('one demo account per role, each with a linked member and its grant', async () => {
    for (const [role, account] of Object.entries(demoAccounts)) {
      const [user] = await db().select().from(users).where(eq(users.email, account.email))
      expect(user, account.email).toBeDefined()
      expect(user!.passwordHash).toMatch(/^\$argon2id\$/)
      const [member] = await db().select().from(members).where(eq(members.id, user!.memberId!))
      const home = await findDemoUnit(db(), account.home)
      expect(member!.homeUnitId).toBe(home.id)
      const grants = await db()
        .select({ role: roleGrants.role, unitId: roleGrants.unitId })
        .from(roleGrants)
        .where(and(eq(roleGrants.userId, user!.id), isNull(roleGrants.revokedAt)))
      if (account.grant) {
        const unit = await findDemoUnit(db(), account.grant.unit)
        expect(grants).toEqual([{ role, unitId: unit.id }])
      } else {
        expect(grants).toEqual([])
      }
    }
    expect(DEMO_PASSWORD).toBe('demo-passwort-2026')
    const coordinatorUnit = await findDemoUnit(db(), demoAccounts.coordinator.grant.unit)
    expect(coordinatorUnit.name).toBe('Hamburg-Mitte')
    const stateOffice = await findDemoUnit(db(), demoAccounts.state_office.grant.unit)
    expect(stateOffice.name).toBe('Thüringen')
  })

  test('every demo account above member has the documented authenticator key, sealed; the member has none', async () => {
    const enrolled = await db()
      .select({ email: users.email, userId: users.id, sealed: twoFactorCredentials.secretSealed })
      .from(twoFactorCredentials)
      .innerJoin(users, eq(users.id, twoFactorCredentials.userId))
      .where(sql`${users.email} like '%@demo.example.org'`)
    const withGrant = Object.values(demoAccounts).filter((a) => a.grant !== null)
    expect(enrolled.map((e) => e.email).sort()).toEqual(withGrant.map((a) => a.email).sort())
    const key = base32Decode(DEMO_TOTP_SECRET)!
    expect(key).toHaveLength(20)
    for (const row of enrolled) {
      expect(row.sealed).not.toContain(DEMO_TOTP_SECRET)
      const secret = open(DEMO_APP_SECRET, 'totp-secret', row.sealed, row.userId)!
      expect(totp(secret, Date.parse('2026-11-21T10:00:00Z'))).toBe(
        totp(key, Date.parse('2026-11-21T10:00:00Z')),
      )
    }
  })
})

describe('the Steinfurt–Seenplatte agreement in the demo', () => {
  test('§2 of seed 003: a federal congress held and one ahead, each prepared by the two boards, shown as evidence', async () => {
    const office = await actorOf(demoAccounts.federal_office.email)
    const [steinfurt] = await db()
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, 'district'), eq(orgUnits.ags, '05566')))
    const [row] = await db()
      .select({ id: agreements.id })
      .from(agreements)
      .innerJoin(partnerships, eq(partnerships.id, agreements.partnershipId))
      .where(or(eq(partnerships.unitAId, steinfurt!.id), eq(partnerships.unitBId, steinfurt!.id)))
    const page = await viewAgreement(deps(), office, row!.id)
    expect(page.state.status).toBe('in_force')
    const consultation = page.commitments?.commitments.find((c) => c.type === 'consultation')
    expect(consultation?.type === 'consultation' && consultation.status).toBe('met')
    const congresses = consultation?.type === 'consultation' ? consultation.congresses : []
    expect(congresses.map((c) => [c.startsOn, c.status, c.consultations.length])).toEqual([
      ['2026-09-07', 'met', 1],
      ['2027-01-10', 'met', 1],
    ])
    expect(congresses.every((c) => c.consultations[0]!.heldOn < c.startsOn)).toBe(true)
    // The dates are made up for the demo, and the calendar says so rather than naming a real congress.
    const kept = await db().select().from(federalCongresses)
    expect(kept.map((c) => [c.name, c.source])).toEqual(
      ['1', '2'].map((n) => [
        `Bundesparteitag, ${n}. Tagung (erdachter Demo-Termin)`,
        'Demo-Daten: ein erdachter Termin, kein echter Parteitag',
      ]),
    )
  })
})

describe('onboarding in the demo', () => {
  test("every state works by a standard, and the board's queue has new members overdue, due and done", async () => {
    const [row] = await queryRows<{ n: number }>(
      db(),
      sql`select count(distinct unit_id)::int as n from onboarding_steps s join org_units u on u.id = s.unit_id where u.kind = 'state'`,
    )
    expect(Number(row!.n)).toBe(16)
    const saaleOrla = await findDemoUnit(db(), { kind: 'district', ags: '16075' })
    const board = await actorOf(demoAccounts.board.email)
    const queue = await viewQueue(deps(), board, saaleOrla.id, 'all')
    expect(queue.counts.overdue).toBeGreaterThan(0)
    expect(queue.counts.due).toBeGreaterThan(0)
    expect(queue.counts.done + queue.counts.later).toBeGreaterThan(0)
    expect(queue.rows.map((r) => r.member.lastName)).toContain(demoAccounts.member.lastName)
  })

  test("Thüringen's comparison shows figures for some KVs and withholds small ones; the member has a questionnaire open", async () => {
    const office = await actorOf(demoAccounts.state_office.email)
    const home = await viewDashboardHome(deps(), office, { from: '2025-11-21', to: '2026-11-21' })
    if (home.kind === 'none') throw new Error('no dashboard for the state office')
    expect(home.unit.name).toBe('Thüringen')
    const figures = home.table.rows.map((r) => r.figures.withBuddy)
    expect(figures.some((f) => f.value !== null)).toBe(true)
    expect(figures.some((f) => f.suppressed === 'small')).toBe(true)
    expect(home.table.total.people.value).toBeGreaterThan(50)
    const member = await actorOf(demoAccounts.member.email)
    const mine = await viewMyQuestionnaire(deps(), member, 'de')
    expect(mine.state).toBe('open')
  })
})

describe('resolutions in the demo', () => {
  test('both source documents are resolutions of their states, with measures; Berlin measures its districts’ monthly meetings', async () => {
    const berlin = await findDemoUnit(db(), { kind: 'state', ags: '11' })
    const niedersachsen = await findDemoUnit(db(), { kind: 'state', ags: '03' })
    const inBerlin = await viewUnitResolutions(deps(), undefined, berlin.id)
    expect(inBerlin.resolutions.map((r) => r.resolution.code)).toEqual(['Beschluss 3/3/6'])
    const inNiedersachsen = await viewUnitResolutions(deps(), undefined, niedersachsen.id)
    expect(inNiedersachsen.resolutions.map((r) => r.resolution.code)).toEqual(['D-11'])

    const page = await viewResolution(deps(), undefined, inBerlin.resolutions[0]!.resolution.id)
    expect(page.lines).toHaveLength(27)
    const monthly = page.groups.find((g) => g.first.indicator === 'newMemberMeetingsMonthly')!
    expect(monthly.rows.length).toBeGreaterThanOrEqual(2)
    // Each district has its months judged from its meetings: missed before they began, met since.
    const states = monthly.rows.map(
      (r) => `${r.unit.name}: ${r.months!.map((m) => `${m.period} ${m.state}`).join(', ')}`,
    )
    expect(
      monthly.rows.every((r) => ['met', 'missed'].every((state) => r.months!.some((m) => m.state === state))),
      states.join('\n'),
    ).toBe(true)

    const programme = await viewResolution(deps(), undefined, inNiedersachsen.resolutions[0]!.resolution.id)
    expect(programme.lines).toHaveLength(288)
    expect(programme.groups.map((g) => g.section?.title)).toContain('Teams und Übergang')
    expect(programme.share).toBeGreaterThan(0)
  })
})

describe('board reports in the demo', () => {
  test('Bremen Mitte/Ost has published its half-year report in the seed’s shape; Saale-Orla has a draft', async () => {
    const bremen = await findDemoUnit(db(), { kind: 'district', name: 'Bremen Mitte/Ost' })
    const saaleOrla = await findDemoUnit(db(), { kind: 'district', ags: '16075' })
    const anonymous = await listUnitReports(deps(), undefined, bremen.id)
    expect(anonymous.reports.map((r) => [r.title, r.status, r.audience, r.periodFrom, r.periodTo])).toEqual([
      [
        '1. Halbjahresbericht des Kreisvorstands Mitte/Ost',
        'published',
        'public',
        '2026-01-01',
        '2026-06-30',
      ],
    ])
    const report = await viewReport(deps(), undefined, anonymous.reports[0]!.id)
    const shown = report.sections.filter((s) => !s.hidden).map((s) => s.heading)
    expect(shown).toEqual([
      'Neumitgliedereinbindung',
      'Veranstaltungen',
      'Wahlkampf',
      'Vernetzung der Beiräte',
      'Situation im Viertel',
    ])
    // The figures are the demo's own, frozen at publication: Bremen's demo events of the half-year are counted.
    const events = report.sections.find((s) => s.kind === 'events')!.figures.find((f) => f.name === 'events')
    const [counted] = await queryRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from events e join event_hosts h on h.event_id = e.id
          where h.unit_id = ${bremen.id} and e.status = 'published'
            and (e.starts_at at time zone 'Europe/Berlin')::date between '2026-01-01' and '2026-06-30'`,
    )
    expect(events?.value).toBe(Number(counted!.n))

    const board = await actorOf(demoAccounts.board.email)
    const drafts = await listUnitReports(deps(), board, saaleOrla.id)
    expect(drafts.reports.map((r) => r.status)).toEqual(['draft'])
    expect((await listUnitReports(deps(), undefined, saaleOrla.id)).reports).toEqual([])
  })

  test("Berlin runs seed 004's mentoring programme: applicants from several KVs, tandems that meet, figures, a coordinator", async () => {
    const berlin = await findDemoUnit(db(), { kind: 'state', ags: '11' })
    const [programme] = await db()
      .select()
      .from(mentoringProgrammes)
      .where(eq(mentoringProgrammes.unitId, berlin.id))
    expect(programme?.name).toBe('Mentoring für Frauen und Menschen mit Migrationsgeschichte')
    const coordinator = await actorOf(demoAccounts.coordinator.email)
    const page = await viewProgramme(deps(), coordinator, programme!.id)
    expect(page.can.coordinate).toBe(true)
    // Generated people only, from more than one of Berlin's KVs.
    const applicants = await db()
      .select({ lastName: members.lastName, kv: members.homeUnitId })
      .from(mentoringApplications)
      .innerJoin(members, eq(members.id, mentoringApplications.memberId))
      .where(eq(mentoringApplications.programmeId, programme!.id))
    expect(applicants.length).toBe(22)
    expect(applicants.every((a) => isDemoSurname(a.lastName))).toBe(true)
    expect(new Set(applicants.map((a) => a.kv)).size).toBeGreaterThan(1)
    // The cohort runs: tandems with goals and meetings, figures shown, small ones withheld.
    expect(page.figures?.tandems.value).toBe(6)
    expect(page.figures?.applications.value).toBe(22)
    expect(page.figures?.checkInsPerTandem.value).toBeGreaterThan(1)
    // Accepted applicants are still free, so the pairing page has suggestions.
    const pairing = await viewPairing(deps(), coordinator, programme!.id)
    expect(pairing.tandems).toHaveLength(6)
    expect(pairing.suggestions.length).toBeGreaterThan(0)
    // Its events are ordinary events of Berlin for the state's members: the kick-off is over, the closing ahead.
    const linked = await db()
      .select({ kind: mentoringProgrammeEvents.kind, audience: events.audience, startsAt: events.startsAt })
      .from(mentoringProgrammeEvents)
      .innerJoin(events, eq(events.id, mentoringProgrammeEvents.eventId))
      .where(eq(mentoringProgrammeEvents.programmeId, programme!.id))
      .orderBy(events.startsAt)
    expect(linked.map((l) => l.kind)).toEqual(['kick_off', 'workshop', 'meeting', 'closing'])
    expect(linked.every((l) => l.audience === 'state')).toBe(true)
    expect(linked[0]!.startsAt.getTime()).toBeLessThan(Date.parse('2026-11-21T10:00:00Z'))
    // Thüringen's state office does not see Berlin's programme.
    await expect(
      viewProgramme(deps(), await actorOf(demoAccounts.state_office.email), programme!.id),
    ).rejects.toThrow()
  })

  test("seed 004's phone survey of Berlin: open, answers entered by three callers, results per KV", async () => {
    const berlin = await findDemoUnit(db(), { kind: 'state', ags: '11' })
    const [survey] = await db().select().from(surveys).where(eq(surveys.title, DEMO_SURVEY_TITLE))
    expect(survey).toMatchObject({ unitId: berlin.id, status: 'open', anonymous: false })
    expect(survey!.intro).toContain('erzeugt')
    const responses = await db()
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, survey!.id))
    expect(responses.length).toBeGreaterThanOrEqual(10)
    expect(new Set(responses.map((r) => r.channel))).toEqual(new Set(['phone']))
    expect(new Set(responses.map((r) => r.recordedById)).size).toBe(3)
    // The federal office (Bea, at home in Neukölln) reads the results: the database's counts, small KVs withheld.
    const office = await actorOf(demoAccounts.federal_office.email)
    const results = await viewResults(deps(), office, survey!.id, {})
    expect(results.people.total.base).toBe(responses.length)
    const active = results.questions.find((q) => q.question.key === 'aktiv')!
    expect(active.total.bars.reduce((s, b) => s + b.n, 0)).toBe(responses.length)
    // The phone campaign: three confirmed callers, progress per KV and per caller matching the answers.
    const [campaign] = await db()
      .select()
      .from(surveyCampaigns)
      .where(eq(surveyCampaigns.surveyId, survey!.id))
    const page = await viewCampaign(deps(), office, campaign!.id)
    expect(page.byCaller.map((c) => c.confirmed)).toEqual([true, true, true])
    expect(page.byUnit.reduce((s, r) => s + r.reached, 0)).toBe(responses.length)
    expect(page.byUnit.length).toBe(2)
    // Its call-backs lie in its calling hours, as the desk lets callers set them.
    const callbacks = await db()
      .select({ at: campaignTargets.callbackAt })
      .from(campaignTargets)
      .where(and(eq(campaignTargets.campaignId, campaign!.id), eq(campaignTargets.state, 'callback')))
    expect(callbacks.length).toBeGreaterThan(0)
    for (const c of callbacks) expect(withinCallingHours(campaign!.callingHours, c.at!)).toBe(true)
  })
})

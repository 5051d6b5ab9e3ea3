import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildMember,
  buildState,
  buildUser,
  form,
  insertPartnershipRow,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { buildPersonEverywhere } from '../../../test/support/person-everywhere.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { queryRows } from '../../platform/db/query.js'
import { members } from '../members/tables.js'
import { mapGeometry } from '../partnership-map/geometry.js'
import { partnerships } from '../partnerships/tables.js'
import { unitReferences } from './repo/unit-references.js'
import { insertUnit } from './repo.js'
import { mergeUnitInto } from './service/maintain.js'
import { readTerritory } from './structure-geodata.js'
import { type OrgUnit, orgUnits, unitKreise } from './tables.js'

let t: TestApp
let federation: OrgUnit
let thuringia: OrgUnit
let saxony: OrgUnit
let admin: Session
let stateOffice: Session
let kvBoard: Session
let member: Session
let kv: OrgUnit

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  federation = await buildFederation(db)
  thuringia = await buildState(db, federation)
  saxony = await buildState(db, federation)
  await db.update(orgUnits).set({ ags: '16' }).where(eq(orgUnits.id, thuringia.id))
  await db.update(orgUnits).set({ ags: '14' }).where(eq(orgUnits.id, saxony.id))
  thuringia = { ...thuringia, ags: '16' }
  kv = await buildDistrict(db, thuringia, 'KV Greiz')
  await db.insert(unitKreise).values({ kreisAgs: '16076', unitId: kv.id })
  admin = await sessionFor(db, await buildUser(db, { roles: [['admin', federation]] }))
  stateOffice = await sessionFor(db, await buildUser(db, { roles: [['state_office', thuringia]] }))
  kvBoard = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  member = await sessionFor(db, await buildUser(db, { member: kv }))
})
afterAll(() => t.close())

function post(session: Session, url: string, fields: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })
const unit = async (id: string) =>
  (await t.database.db.select().from(orgUnits).where(eq(orgUnits.id, id)))[0]!
const readTerritoryForTest = (kreis: string) => readTerritory().kreise.get(kreis)!
const coverageOf = async (id: string) =>
  (await t.database.db.select().from(unitKreise).where(eq(unitKreise.unitId, id)))
    .map((r) => r.kreisAgs)
    .sort()
const lastAudit = async (action: string) =>
  (
    await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, action))
      .orderBy(sql`${auditEvents.id} desc`)
      .limit(1)
  )[0]
const auditCount = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_events`))[0]!.n

/** Every column of the live schema that is a foreign key to org_units, read from pg_catalog. */
async function unitForeignKeys() {
  return queryRows<{ tbl: string; col: string }>(
    t.database.db,
    sql`select c.conrelid::regclass::text as tbl, a.attname as col
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
        where c.contype = 'f' and c.confrelid = 'org_units'::regclass
        order by 1, 2`,
  )
}

describe('merging units', () => {
  test('says for every column that refers to a unit what a merge does with it', async () => {
    const fks = (await unitForeignKeys()).map((f) => `${f.tbl}.${f.col}`)
    expect(fks.length).toBeGreaterThan(25)
    const listed = unitReferences.map((r) => `${r.table}.${r.column}`)
    expect(
      fks.filter((k) => !listed.includes(k)),
      'add these columns to org-units/repo/unit-references.ts',
    ).toEqual([])
    expect(listed.filter((k) => !fks.includes(k))).toEqual([])
  })

  test('a column that names a unit without a foreign key to it does not slip past the list above', async () => {
    // uuid columns named for a unit, a KV, a district, a host or a team that are no foreign key to org_units:
    // the list above cannot see them, so each is named here with the reason a merge leaves it alone.
    const deliberate: Record<string, string> = {
      'audit_events.unit_id': 'the append-only trail names the unit as it was when the entry was written',
      'team_members.team_id': "a foreign key to teams.unit_id: a team's members stay the team's",
      'events.host_team_id':
        "a foreign key to teams.unit_id: the team moves with its host's subtree, its events' hosts move by event_hosts",
      'help_requests.team_id':
        "a foreign key to teams.unit_id: the team moves with its host's subtree, the request's unit_id moves above",
      'volunteer_projects.team_id':
        "a foreign key to teams.unit_id: the team moves with its host's subtree, the call's unit_id moves above",
    }
    const fks = (await unitForeignKeys()).map((f) => `${f.tbl}.${f.col}`)
    const named = await queryRows<{ tbl: string; col: string }>(
      t.database.db,
      sql`select table_name as tbl, column_name as col from information_schema.columns
          where table_schema = current_schema() and data_type = 'uuid'
            and column_name ~ '(unit|kv|district|host|team)[a-z_]*_id$'
          order by 1, 2`,
    )
    const unlisted = named.map((n) => `${n.tbl}.${n.col}`).filter((k) => !fks.includes(k))
    expect(unlisted, 'make it a foreign key to org_units, or name here why a merge leaves it').toEqual(
      Object.keys(deliberate).sort(),
    )
  })

  test('moves everything of the merged KV to the surviving one, and keeps the merged one as history', async () => {
    const db = t.database.db
    const person = await buildPersonEverywhere(db, 'MERGE', { state: thuringia })
    const survivor = await buildDistrict(db, thuringia, 'KV Zusammen')
    const local = await buildLocalGroup(db, person.home)
    const before = await auditCount()
    const outcome = await mergeUnitInto(
      { database: t.database, now: () => new Date('2026-06-01T10:00:00Z') },
      {
        userId: (await buildUser(db)).id,
        sessionId: 's',
        email: 'x@example.org',
        displayName: 'Landesbüro',
        memberId: null,
        homeUnitId: null,
        grants: [{ role: 'state_office', unitId: thuringia.id, unitPath: thuringia.path }],
      },
      person.home.id,
      survivor.id,
    )
    // Every column that points at a unit: no row points at the merged KV any more (the person is everywhere).
    const left: string[] = []
    for (const { tbl, col } of await unitForeignKeys()) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from ${sql.identifier(tbl)} where ${sql.identifier(col)} = ${person.home.id}::uuid`,
      )
      if (row!.n > 0) left.push(`${tbl}.${col}: ${row!.n}`)
    }
    expect(left).toEqual([])
    expect(Object.keys(outcome.moved).length).toBeGreaterThan(15)
    const [moved] = await db.select().from(members).where(eq(members.id, person.member.id))
    expect(moved!.homeUnitId).toBe(survivor.id)
    const merged = await unit(person.home.id)
    expect(merged.mergedIntoId).toBe(survivor.id)
    expect(merged.dissolvedAt).not.toBeNull()
    expect((await unit(local.id)).path).toBe(`${survivor.path}${local.id}/`)
    expect(await auditCount()).toBe(before + 1)

    // The merged KV's page says where it went; the state's page no longer lists it.
    const page = await t.app.inject({ method: 'GET', url: `/units/${person.home.id}` })
    expect(page.body).toContain('aufgegangen in')
    expect(page.body).toContain(`/units/${survivor.id}`)
    const statePage = await t.app.inject({ method: 'GET', url: `/units/${thuringia.id}` })
    expect(statePage.body).not.toContain(`/units/${person.home.id}"`)
    expect(statePage.body).toContain(`/units/${survivor.id}"`)
  })

  test('the map and the directory follow a merge: the surviving KV stands on both Kreise, the merged one on none', async () => {
    const db = t.database.db
    const merged = await buildDistrict(db, thuringia, 'KV Altenburger Land')
    const survivor = await buildDistrict(db, thuringia, 'KV Saale-Holzland')
    await db.update(orgUnits).set({ ags: '16077' }).where(eq(orgUnits.id, merged.id))
    await db.update(orgUnits).set({ ags: '16074' }).where(eq(orgUnits.id, survivor.id))
    await db.insert(unitKreise).values([
      { kreisAgs: '16077', unitId: merged.id },
      { kreisAgs: '16074', unitId: survivor.id },
    ])
    const geo = mapGeometry()
    const [altenburg, holzland] = [geo.kreise.get('16077')!.d, geo.kreise.get('16074')!.d]
    /** The outline each KV is drawn with on the map: unit id → its path. */
    const areas = async () => {
      const body = (await t.app.inject({ method: 'GET', url: '/map' })).body
      const links = body.matchAll(
        /<a href="\/units\/([0-9a-f-]{36})"[^>]*><title>[^<]*<\/title><path class="pm-kreis[^"]*" d="([^"]*)"/g,
      )
      return new Map([...links].map((m) => [m[1]!, m[2]!]))
    }
    const before = await areas()
    expect(before.get(merged.id)).toBe(altenburg)
    expect(before.get(survivor.id)).toBe(holzland)

    const res = await post(admin, `/units/${merged.id}/merge`, { intoId: survivor.id, confirm: 'on' })
    expect(res.statusCode).toBe(303)
    expect(await coverageOf(survivor.id)).toEqual(['16074', '16077'])
    // The map's cache notices the change once it checks its version again.
    t.clock.advance(10_000)
    const after = await areas()
    expect(after.has(merged.id)).toBe(false)
    const area = after.get(survivor.id)!
    expect(area.length).toBe(altenburg.length + holzland.length)
    expect(area).toContain(altenburg)
    expect(area).toContain(holzland)
    // A postal code and a town of the merged Kreis find the surviving KV.
    const byCode = await t.app.inject({ method: 'GET', url: '/directory?q=04600' })
    expect(byCode.body).toContain(`/units/${survivor.id}`)
    expect(byCode.body).not.toContain(`/units/${merged.id}"`)
    const byTown = await t.app.inject({ method: 'GET', url: '/directory?q=Altenburg' })
    expect(byTown.body).toContain(`/units/${survivor.id}`)
  })

  test('refuses a merge into the unit itself, its own child, another level or across an open partnership', async () => {
    const db = t.database.db
    const a = await buildDistrict(db, thuringia)
    const b = await buildDistrict(db, thuringia)
    const c = await buildDistrict(db, saxony)
    const local = await buildLocalGroup(db, a)
    await insertPartnershipRow(db, a, c, { status: 'active' })
    await insertPartnershipRow(db, c, b, { status: 'agreed' })
    const before = await auditCount()
    const cases: [string, string, string][] = [
      [a.id, a.id, 'nicht mit sich selbst'],
      [a.id, local.id, 'eigenen Untergliederungen'],
      [thuringia.id, a.id, 'eigenen Untergliederungen'],
      [a.id, saxony.id, 'derselben Ebene'],
      [a.id, b.id, 'Offene Partnerschaften stehen im Weg'],
      [a.id, 'not-a-uuid', 'Bitte wähle die Gliederung'],
    ]
    for (const [from, into, message] of cases) {
      const res = await post(admin, `/units/${from}/merge`, { intoId: into, confirm: 'on' })
      expect(res.statusCode, `${from} → ${into}`).toBe(422)
      expect(res.body).toContain(message)
    }
    const unconfirmed = await post(admin, `/units/${a.id}/merge`, { intoId: b.id })
    expect(unconfirmed.statusCode).toBe(422)
    expect(unconfirmed.body).toContain('Bitte bestätige')
    expect((await unit(a.id)).dissolvedAt).toBeNull()
    expect(await auditCount()).toBe(before)
  })
})

describe('merging KVs whose local groups claim the same postal codes', () => {
  test('the merge form shows which postal codes conflict and where each stays; only a merge that saw them settles them', async () => {
    const db = t.database.db
    const a = await buildDistrict(db, thuringia, 'KV Altenburger Land')
    const b = await buildDistrict(db, thuringia, 'KV Zwickauer Land')
    const local = (parentId: string, name: string, postalCodes: string[]) =>
      insertUnit(db, { kind: 'local', name, parentId, postalCodes })
    const meuselwitz = await local(a.id, 'Ortsverband Meuselwitz', ['04610', '04617', '04626'])
    const schmoelln = await local(a.id, 'Basisgruppe Schmölln', ['04639'])
    const crimmitschau = await local(b.id, 'Ortsverband Crimmitschau', ['04617', '04626', '08451'])
    const placed = await buildMember(db, a, { postalCode: '04617', localUnitId: meuselwitz.id })
    const before = await auditCount()

    // Sent without having seen them: refused, and the page lists each conflict and where it goes.
    const first = await post(admin, `/units/${a.id}/merge`, { intoId: b.id, confirm: 'on' })
    expect(first.statusCode).toBe(422)
    expect(first.body).toContain('2 Postleitzahlen (04617, 04626)')
    const preview =
      /<div class="notice" id="merge-postal-codes">[\s\S]*?name="postalCodeConflicts"[^>]*>/.exec(
        first.body,
      )?.[0]
    expect(preview).toContain('Postleitzahlen bei der Zusammenlegung mit KV Zwickauer Land')
    const rows = [
      ...(preview ?? '').matchAll(
        /<tr><th scope="row">(\d{5})<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
      ),
    ]
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['04617', 'Ortsverband Crimmitschau', 'Ortsverband Meuselwitz'],
      ['04626', 'Ortsverband Crimmitschau', 'Ortsverband Meuselwitz'],
    ])
    expect(preview).toContain('name="postalCodeConflicts" value="04617,04626"')
    // The select keeps the chosen unit, the confirmation must be given again.
    expect(first.body).toMatch(new RegExp(`<option value="${b.id}" selected`))
    expect((await unit(a.id)).dissolvedAt).toBeNull()
    expect(await auditCount()).toBe(before)

    // A list that is not the one the merge finds (stale, or made up) is refused the same way.
    const stale = await post(admin, `/units/${a.id}/merge`, {
      intoId: b.id,
      confirm: 'on',
      postalCodeConflicts: '04617',
    })
    expect(stale.statusCode).toBe(422)
    expect(stale.body).toContain('2 Postleitzahlen (04617, 04626)')
    expect((await unit(a.id)).dissolvedAt).toBeNull()

    // Seen and confirmed: merged, each code settled as shown.
    const done = await post(admin, `/units/${a.id}/merge`, {
      intoId: b.id,
      confirm: 'on',
      postalCodeConflicts: '04617,04626',
    })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe(`/units/${b.id}`)
    expect(String(done.headers['set-cookie'])).toContain('mergedPostalCodes')
    expect(await unit(meuselwitz.id)).toMatchObject({ parentId: b.id, postalCodes: ['04610'] })
    expect(await unit(schmoelln.id)).toMatchObject({ parentId: b.id, postalCodes: ['04639'] })
    expect((await unit(crimmitschau.id)).postalCodes).toEqual(['04617', '04626', '08451'])
    // No postal code belongs to two local groups of the surviving KV.
    const codes = (await db.select().from(orgUnits).where(eq(orgUnits.parentId, b.id))).flatMap(
      (u) => u.postalCodes,
    )
    expect(new Set(codes).size).toBe(codes.length)
    // A member already placed stays in their local group (now the survivor's) until an import or the board moves them.
    const [member] = await db.select().from(members).where(eq(members.id, placed.id))
    expect(member).toMatchObject({ homeUnitId: b.id, localUnitId: meuselwitz.id })
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.objectId, a.id))
    expect(audit!.action).toBe('unit.merged')
    expect(audit!.data.postalCodeConflicts).toEqual([
      {
        plz: '04617',
        keptBy: { id: crimmitschau.id, name: 'Ortsverband Crimmitschau' },
        releasedFrom: { id: meuselwitz.id, name: 'Ortsverband Meuselwitz' },
      },
      {
        plz: '04626',
        keptBy: { id: crimmitschau.id, name: 'Ortsverband Crimmitschau' },
        releasedFrom: { id: meuselwitz.id, name: 'Ortsverband Meuselwitz' },
      },
    ])
  })

  test('a local group merged into one of another KV brings the codes no other local group there holds', async () => {
    const db = t.database.db
    const a = await buildDistrict(db, thuringia)
    const b = await buildDistrict(db, thuringia)
    const from = await insertUnit(db, {
      kind: 'local',
      name: 'OV Ost',
      parentId: a.id,
      postalCodes: ['07318', '07330'],
    })
    const into = await insertUnit(db, {
      kind: 'local',
      name: 'OV West',
      parentId: b.id,
      postalCodes: ['07343'],
    })
    await insertUnit(db, { kind: 'local', name: 'OV Süd', parentId: b.id, postalCodes: ['07330'] })
    const first = await post(admin, `/units/${from.id}/merge`, { intoId: into.id, confirm: 'on' })
    expect(first.statusCode).toBe(422)
    expect(first.body).toContain('<tr><th scope="row">07330</th><td>OV Süd</td><td>OV Ost</td></tr>')
    const done = await post(admin, `/units/${from.id}/merge`, {
      intoId: into.id,
      confirm: 'on',
      postalCodeConflicts: '07330',
    })
    expect(done.statusCode).toBe(303)
    expect((await unit(into.id)).postalCodes).toEqual(['07318', '07343'])
    expect((await unit(from.id)).postalCodes).toEqual([])
  })
})

describe('keeping units in the UI', () => {
  test('the state office creates a KV with its Kreise, renames it and edits its territory; bad input writes nothing', async () => {
    // A KV's board creates its local groups but does not keep the KV itself.
    const own = await get(kvBoard, `/units/${kv.id}/manage`)
    expect(own.statusCode).toBe(200)
    expect(own.body).toContain('Neue Gliederung anlegen (Ortsverband)')
    expect(own.body).not.toContain('/territory')
    expect((await get(member, `/units/${thuringia.id}/manage`)).statusCode).toBe(403)
    const page = await get(stateOffice, `/units/${thuringia.id}/manage`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Neue Gliederung anlegen')

    const before = await auditCount()
    for (const [kreise, message] of [
      ['16076', 'umfasst schon KV Greiz'],
      ['14612', 'in einem anderen Land'],
      ['16999', 'gibt es nicht'],
      ['1607', 'kein fünfstelliger'],
    ] as const) {
      const res = await post(stateOffice, `/units/${thuringia.id}/children`, { name: 'KV Neu', kreise })
      expect(res.statusCode, kreise).toBe(422)
      expect(res.body).toContain(message)
    }
    const noName = await post(stateOffice, `/units/${thuringia.id}/children`, { name: ' ', kreise: '16075' })
    expect(noName.statusCode).toBe(422)
    expect(await auditCount()).toBe(before)

    const created = await post(stateOffice, `/units/${thuringia.id}/children`, {
      name: 'KV Saale-Orla',
      kreise: '16075',
      website: 'https://saale-orla.example.org',
    })
    expect(created.statusCode, created.body).toBe(303)
    const id = created.headers.location!.split('/')[2]!
    const saaleOrla = await unit(id)
    expect(saaleOrla.kind).toBe('district')
    expect(saaleOrla.parentId).toBe(thuringia.id)
    expect(saaleOrla.population).toBeGreaterThan(50_000)
    expect(await coverageOf(id)).toEqual(['16075'])

    expect(
      (await post(stateOffice, `/units/${id}/details`, { name: 'KV Saale-Orla-Kreis' })).statusCode,
    ).toBe(303)
    expect((await unit(id)).name).toBe('KV Saale-Orla-Kreis')
    const badMail = await post(stateOffice, `/units/${id}/details`, { name: 'X', email: 'nope' })
    expect(badMail.statusCode).toBe(422)
    expect((await unit(id)).name).toBe('KV Saale-Orla-Kreis')

    // A Kreis covered twice is refused; taking both Kreise after the other KV gave one up works.
    const twice = await post(stateOffice, `/units/${id}/territory`, { kreise: '16075, 16076' })
    expect(twice.statusCode).toBe(422)
    expect(twice.body).toContain('Den Kreis 16076 umfasst schon KV Greiz')
    expect(await coverageOf(id)).toEqual(['16075'])
    expect((await post(stateOffice, `/units/${kv.id}/territory`, { kreise: '' })).statusCode).toBe(303)
    expect((await post(stateOffice, `/units/${id}/territory`, { kreise: '16075 16076' })).statusCode).toBe(
      303,
    )
    expect(await coverageOf(id)).toEqual(['16075', '16076'])

    // The office of another state may not touch it; a KV's board may not redraw its own borders.
    expect((await post(kvBoard, `/units/${kv.id}/territory`, { kreise: '16076' })).statusCode).toBe(403)
    const actions = await t.database.db.select({ action: auditEvents.action }).from(auditEvents)
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['unit.created', 'unit.updated', 'unit.territory_changed']),
    )
  })

  test('a move into the own subtree or to the wrong level is refused; a KV moves to another state with its groups', async () => {
    const db = t.database.db
    const a = await buildDistrict(db, thuringia)
    const local = await buildLocalGroup(db, a)
    const cycle = await post(admin, `/units/${thuringia.id}/move`, { parentId: a.id })
    expect(cycle.statusCode).toBe(422)
    expect(cycle.body).toContain('nicht unter sich selbst')
    const level = await post(admin, `/units/${local.id}/move`, { parentId: saxony.id })
    expect(level.statusCode).toBe(422)
    expect(level.body).toContain('falsche Ebene')
    // The Thuringian office keeps no units in Saxony.
    const foreign = await post(stateOffice, `/units/${a.id}/move`, { parentId: saxony.id })
    expect(foreign.statusCode).toBe(422)
    expect(foreign.body).toContain('verwaltest du keine')
    expect((await post(admin, `/units/${a.id}/move`, { parentId: saxony.id })).statusCode).toBe(303)
    expect((await unit(local.id)).path).toBe(`${saxony.path}${a.id}/${local.id}/`)
  })

  test('dissolving: a KV with members is refused; a local group ends and its members stay in the KV', async () => {
    const db = t.database.db
    const a = await buildDistrict(db, thuringia)
    const local = await buildLocalGroup(db, a)
    const person = await buildMember(db, a, { localUnitId: local.id })
    const refused = await post(stateOffice, `/units/${a.id}/dissolve`, { confirm: 'on' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('noch 1 Mitglieder')
    const localBoard = await sessionFor(db, await buildUser(db, { roles: [['board', a]] }))
    expect((await post(localBoard, `/units/${local.id}/dissolve`, { confirm: 'on' })).statusCode).toBe(303)
    expect((await unit(local.id)).dissolvedAt).not.toBeNull()
    const [row] = await db.select().from(members).where(eq(members.id, person.id))
    expect(row!.localUnitId).toBeNull()
    expect(row!.homeUnitId).toBe(a.id)
    expect((await get(localBoard, `/units/${local.id}/manage`)).statusCode).toBe(404)
  })
})

describe("a KV's territory of Kreise and single municipalities", () => {
  test('the state office adds municipalities by name; each is covered by one KV at most, bad input writes nothing', async () => {
    const db = t.database.db
    const saalfeld = await buildDistrict(db, thuringia, 'KV Saalfeld-Rudolstadt')
    await db.insert(unitKreise).values({ kreisAgs: '16073', unitId: saalfeld.id })
    const sonneberg = await buildDistrict(db, thuringia, 'KV Sonneberg')
    const before = await auditCount()
    for (const [municipalities, message] of [
      ['Nirgendwo', 'Eine Gemeinde „Nirgendwo“ gibt es nicht.'],
      [
        'Rudolstadt',
        'Die Gemeinde Rudolstadt (Saalfeld-Rudolstadt) liegt im Kreis Saalfeld-Rudolstadt, den KV Saalfeld-Rudolstadt umfasst.',
      ],
      ['Dresden', 'Die Gemeinde Dresden liegt in einem anderen Land.'],
      ['Sonneberg', 'Die Gemeinde Sonneberg liegt im Kreis Sonneberg, den das Gebiet schon ganz umfasst.'],
      [
        'Lehesten',
        '„Lehesten“ heißen mehrere Gemeinden: Lehesten (Saalfeld-Rudolstadt); Lehesten (Saale-Holzland-Kreis).',
      ],
      ['12345678', 'Eine Gemeinde „12345678“ gibt es nicht.'],
    ] as const) {
      const res = await post(stateOffice, `/units/${sonneberg.id}/territory`, {
        kreise: '16072',
        municipalities,
      })
      expect(res.statusCode, municipalities).toBe(422)
      expect(res.body).toContain(message)
    }
    expect(await auditCount()).toBe(before)
    expect(await coverageOf(sonneberg.id)).toEqual([])
    expect((await unit(sonneberg.id)).municipalities).toEqual([])

    // Names, one a line, with or without their Kreis; the form shows them back by name.
    const saved = await post(stateOffice, `/units/${sonneberg.id}/territory`, {
      kreise: '16072',
      municipalities: 'Bad Berka\r\nBlankenhain (Weimarer Land)\nBad Berka',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const kv2 = await unit(sonneberg.id)
    expect(kv2.municipalities).toEqual(['16071003', '16071008'])
    expect(await coverageOf(sonneberg.id)).toEqual(['16072'])
    expect(kv2.population).toBeGreaterThan(23_516 + 7_500 + 6_440)
    const page = await get(stateOffice, `/units/${sonneberg.id}/manage`)
    expect(page.body).toContain('Bad Berka (Weimarer Land)\nBlankenhain (Weimarer Land)</textarea>')
    expect((await t.app.inject({ method: 'GET', url: `/units/${sonneberg.id}` })).body).toContain(
      'Bad Berka (Weimarer Land), Blankenhain (Weimarer Land)',
    )
    const audit = await lastAudit('unit.territory_changed')
    expect(audit!.data).toMatchObject({
      added: ['16072'],
      municipalitiesAdded: ['16071003', '16071008'],
      municipalitiesReleased: [],
    })

    // Another KV may neither name them nor take their Kreis whole; nothing is written.
    const taken = await post(stateOffice, `/units/${saalfeld.id}/territory`, {
      kreise: '16073',
      municipalities: 'Bad Berka',
    })
    expect(taken.statusCode).toBe(422)
    expect(taken.body).toContain('Die Gemeinde Bad Berka (Weimarer Land) gehört schon zu KV Sonneberg.')
    const wholeKreis = await post(stateOffice, `/units/${saalfeld.id}/territory`, { kreise: '16073 16071' })
    expect(wholeKreis.statusCode).toBe(422)
    expect(wholeKreis.body).toContain('Im Kreis 16071 gehört die Gemeinde Bad Berka schon zu KV Sonneberg.')
    expect(await coverageOf(saalfeld.id)).toEqual(['16073'])
    expect((await unit(saalfeld.id)).municipalities).toEqual([])
    // A KV of municipalities alone is created the same way.
    const created = await post(stateOffice, `/units/${thuringia.id}/children`, {
      name: 'KV Ilmtal',
      kreise: '',
      municipalities: 'Tonndorf\nBuchfart',
    })
    expect(created.statusCode, created.body).toBe(303)
    const ilmtal = await unit(created.headers.location!.split('/')[2]!)
    expect(ilmtal.municipalities).toEqual(['16071009', '16071087'])
    expect(ilmtal.ags).toBeNull()
    expect(ilmtal.population).toBe(195 + 638)
    const clash = await post(stateOffice, `/units/${thuringia.id}/children`, {
      name: 'KV Doppelt',
      municipalities: 'Blankenhain',
    })
    expect(clash.statusCode).toBe(422)
    expect(clash.body).toContain('gehört schon zu KV Sonneberg')
    // The KV's board may not redraw its own borders.
    expect(
      (await post(kvBoard, `/units/${kv.id}/territory`, { kreise: '', municipalities: 'Tonndorf' }))
        .statusCode,
    ).toBe(403)
  })

  test('a KV’s key and point follow its territory, and the map draws it at its new point on the next request', async () => {
    const db = t.database.db
    const sommerda = readTerritoryForTest('16068')
    const gotha = readTerritoryForTest('16067')
    const created = await post(stateOffice, `/units/${thuringia.id}/children`, {
      name: 'KV Unstrut',
      kreise: '16068',
    })
    expect(created.statusCode, created.body).toBe(303)
    const id = created.headers.location!.split('/')[2]!
    expect(await unit(id)).toMatchObject({
      ags: '16068',
      kreisType: 'Landkreis',
      anchorLon: sommerda.labelLon,
      anchorLat: sommerda.labelLat,
    })
    const partner = await buildDistrict(db, saxony, 'KV Partner an der Unstrut')
    const partnership = await insertPartnershipRow(db, (await unit(id)) as OrgUnit, partner)
    /** Where the public export (as the map) puts the KV's end of the partnership. */
    const pointOnMap = async () => {
      t.clock.advance(10_000)
      const res = await t.app.inject({ method: 'GET', url: '/partnerships.json' })
      const list = (
        JSON.parse(res.body) as { partnerships: { id: string; a: { lon: number; lat: number } }[] }
      ).partnerships
      const a = list.find((p) => p.id === partnership.id)!.a
      return [a.lon, a.lat]
    }
    expect(await pointOnMap()).toEqual([sommerda.labelLon, sommerda.labelLat])

    // It gives its Kreis up for two of its municipalities: no key of a Kreis any more (it is no city district of
    // it), at its most populous municipality (Buttstädt), on the map at once.
    const smaller = await post(stateOffice, `/units/${id}/territory`, {
      kreise: '',
      municipalities: '16068063\n16068064',
    })
    expect(smaller.statusCode, smaller.body).toBe(303)
    expect(await unit(id)).toMatchObject({
      ags: null,
      kreisType: null,
      population: 6660 + 3791,
      anchorLon: 11.416539,
      anchorLat: 51.12125,
    })
    expect(await pointOnMap()).toEqual([11.416539, 51.12125])

    // Another Kreis instead: its key, type and label point.
    const moved = await post(stateOffice, `/units/${id}/territory`, { kreise: '16067', municipalities: '' })
    expect(moved.statusCode, moved.body).toBe(303)
    expect(await unit(id)).toMatchObject({
      ags: '16067',
      anchorLon: gotha.labelLon,
      anchorLat: gotha.labelLat,
    })
    expect(await pointOnMap()).toEqual([gotha.labelLon, gotha.labelLat])

    // Merged into a KV of one municipality: the survivor stands for the Kreis now, and the partnership with it.
    const survivor = await insertUnit(db, {
      kind: 'district',
      name: 'KV Unstrut-Nord',
      parentId: thuringia.id,
      municipalities: ['16068064'],
      anchorLon: 11.089721,
      anchorLat: 51.259715,
    })
    await post(stateOffice, `/units/${id}/territory`, { kreise: '', municipalities: '16068063' })
    const merge = await post(admin, `/units/${id}/merge`, { intoId: survivor.id, confirm: 'on' })
    expect(merge.statusCode, merge.body).toBe(303)
    expect(await unit(survivor.id)).toMatchObject({
      ags: null,
      municipalities: ['16068063', '16068064'],
      anchorLon: 11.416539,
      anchorLat: 51.12125,
    })
    expect(await pointOnMap()).toEqual([11.416539, 51.12125])

    // Left without a territory: no key, no figures, no point; the map has no dot for it.
    await db.delete(partnerships).where(eq(partnerships.id, partnership.id))
    const none = await post(stateOffice, `/units/${survivor.id}/territory`, {
      kreise: '',
      municipalities: '',
    })
    expect(none.statusCode, none.body).toBe(303)
    expect(await unit(survivor.id)).toMatchObject({ ags: null, population: null, anchorLon: null })
    t.clock.advance(10_000)
    expect((await t.app.inject({ method: 'GET', url: '/map' })).body).not.toContain(`/units/${survivor.id}"`)
  })

  test('a territory that would leave a local group’s places outside is refused, naming the group and the places', async () => {
    const db = t.database.db
    const kyffhaeuser = await buildDistrict(db, thuringia, 'KV Kyffhäuser')
    await db.insert(unitKreise).values({ kreisAgs: '16065', unitId: kyffhaeuser.id })
    await insertUnit(db, {
      kind: 'local',
      name: 'OV Sondershausen',
      parentId: kyffhaeuser.id,
      municipalities: ['16065067'],
      postalCodes: ['99706'],
    })
    const before = await auditCount()
    const res = await post(stateOffice, `/units/${kyffhaeuser.id}/territory`, {
      kreise: '',
      municipalities: 'Artern\nRoßleben-Wiehe',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain(
      'Dieses Gebiet ließe Orte der Ortsverbände von KV Kyffhäuser draußen – OV Sondershausen: Sondershausen (Kyffhäuserkreis), 99706.',
    )
    expect(await auditCount()).toBe(before)
    expect(await coverageOf(kyffhaeuser.id)).toEqual(['16065'])
    expect((await unit(kyffhaeuser.id)).municipalities).toEqual([])
    const kept = await post(stateOffice, `/units/${kyffhaeuser.id}/territory`, {
      kreise: '',
      municipalities: 'Artern\nRoßleben-Wiehe\nSondershausen',
    })
    expect(kept.statusCode, kept.body).toBe(303)
    expect(await coverageOf(kyffhaeuser.id)).toEqual([])
  })

  test('a merge gives the surviving KV both territories; the directory and the map find a KV by its municipalities', async () => {
    const db = t.database.db
    const west = await insertUnit(db, {
      kind: 'district',
      name: 'KV Ilm-West',
      parentId: thuringia.id,
      municipalities: ['16070013'],
    })
    const east = await insertUnit(db, {
      kind: 'district',
      name: 'KV Ilm-Ost',
      parentId: thuringia.id,
      municipalities: ['16070004'],
    })
    // A KV of municipalities alone is a dot at its largest municipality, found by a town or a postal code of it.
    t.clock.advance(10_000)
    const map = await t.app.inject({ method: 'GET', url: '/map' })
    expect(map.body).toMatch(new RegExp(`<a href="/units/${west.id}"><title>KV Ilm-West</title><circle`))
    const byTown = await t.app.inject({ method: 'GET', url: '/directory?q=Elxleben' })
    expect(byTown.body).toContain(`/units/${west.id}`)

    const res = await post(admin, `/units/${east.id}/merge`, { intoId: west.id, confirm: 'on' })
    expect(res.statusCode, res.body).toBe(303)
    expect((await unit(west.id)).municipalities).toEqual(['16070004', '16070013'])
    expect((await unit(east.id)).municipalities).toEqual([])
    const audit = await lastAudit('unit.merged')
    expect(audit!.data).toMatchObject({ moved: { 'org_units.municipalities': 1 } })
  })
})

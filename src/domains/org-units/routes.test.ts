import { and, desc, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  buildDistrict,
  buildFederation,
  buildLocalGroup,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { auditEvents } from '../../platform/audit/tables.js'
import { roleGrants } from './grants.tables.js'
import { orgUnits } from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(session: Session, url: string, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}

function get(session: Session | undefined, url: string) {
  return t.app.inject({ method: 'GET', url, headers: session ? session.headers : {} })
}

async function auditRows(objectId: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.objectId, objectId))
    .orderBy(desc(auditEvents.id))
}

describe('GET /', () => {
  // The counts are kept while the public data version is unchanged: a unit written in between is on the next page.
  test('counts KVs and states anew after a unit is created or dissolved, for a member and a visitor', async () => {
    const state = await buildState(db())
    const member = await sessionFor(db(), await buildUser(db(), { member: await buildDistrict(db(), state) }))
    const count = (body: string) => {
      const m = /([\d.]+) Kreisverbände in (\d+) Ländern/.exec(body)
      return m ? { districts: Number(m[1]!.replace(/\./g, '')), states: Number(m[2]) } : undefined
    }
    const first = count((await get(member, '/')).body)
    expect(first).toBeDefined()
    expect(count((await get(undefined, '/')).body)).toEqual(first)

    const added = await buildDistrict(db(), state)
    await buildState(db())
    const after = count((await get(member, '/')).body)
    expect(after).toEqual({ districts: first!.districts + 1, states: first!.states + 1 })

    await db().update(orgUnits).set({ dissolvedAt: new Date() }).where(eq(orgUnits.id, added.id))
    expect(count((await get(undefined, '/')).body)).toEqual({ ...after, districts: first!.districts })
  })
})

describe('GET /units/:id', () => {
  test('the federal page lists its states, a state page its districts with type and population', async () => {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const district = await buildDistrict(db(), state, 'Kreis Beispielhausen')
    await db()
      .update(orgUnits)
      .set({ kreisType: 'Landkreis', population: 123456, areaKm2: 789.4 })
      .where(eq(orgUnits.id, district.id))

    const federalPage = await get(undefined, `/units/${federal.id}`)
    expect(federalPage.statusCode).toBe(200)
    expect(federalPage.body).toContain('Landesverbände')
    expect(federalPage.body).toContain(`/units/${state.id}`)

    const statePage = await get(undefined, `/units/${state.id}`)
    expect(statePage.body).toContain('Kreisverbände')
    expect(statePage.body).toMatch(/<table[^>]*>/)
    expect(statePage.body).toContain('Kreis Beispielhausen')
    expect(statePage.body).toContain('Landkreis')
    expect(statePage.body).toContain('123.456')
  })

  test('districts are listed in German alphabetical order', async () => {
    const state = await buildState(db())
    for (const name of ['Suhl', 'Sömmerda', 'Saalfeld']) await buildDistrict(db(), state, name)
    const body = (await get(undefined, `/units/${state.id}`)).body
    const order = ['Saalfeld', 'Sömmerda', 'Suhl'].map((n) => body.indexOf(`>${n}</a>`))
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!))).toBe(true)
  })

  test('a district page names its level, links its state and lists its local groups', async () => {
    const state = await buildState(db())
    const district = await buildDistrict(db(), state)
    const local = await buildLocalGroup(db(), district)
    const res = await get(undefined, `/units/${district.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Kreisverband')
    expect(res.body).toContain(`href="/units/${state.id}"`)
    expect(res.body).toContain(local.name)
  })

  test('an unknown unit answers 404', async () => {
    const res = await get(undefined, '/units/00000000-0000-4000-8000-000000000000')
    expect(res.statusCode).toBe(404)
  })
})

describe('GET /units?q=', () => {
  test('finds units by part of their name', async () => {
    const district = await buildDistrict(db(), undefined, 'Kreis Suchbarhausen')
    const res = await get(undefined, '/units?q=suchbar')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`/units/${district.id}`)
  })
})

describe('GET /admin', () => {
  test('an admin sees the links to every tool', async () => {
    const admin = await buildUser(db(), { roles: [['admin', await buildFederation(db())]] })
    const res = await get(await sessionFor(db(), admin), '/admin')
    expect(res.statusCode).toBe(200)
    for (const href of ['/admin/roles', '/admin/audit', '/admin/users', '/admin/members/import']) {
      expect(res.body).toContain(`href="${href}"`)
    }
  })

  test('a board member is refused and an anonymous visitor is sent to log in', async () => {
    const board = await buildUser(db(), { roles: [['board', await buildDistrict(db())]] })
    expect((await get(await sessionFor(db(), board), '/admin')).statusCode).toBe(403)
    const anonymous = await get(undefined, '/admin')
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin')
  })
})

describe('role administration', () => {
  async function world() {
    const federal = await buildFederation(db())
    const state = await buildState(db(), federal)
    const district = await buildDistrict(db(), state, `Kreis Rollenhausen ${federal.id.slice(0, 6)}`)
    const admin = await buildUser(db(), { roles: [['admin', federal]] })
    const person = await buildUser(db(), { member: district })
    return { federal, state, district, admin, person, session: await sessionFor(db(), admin) }
  }

  test('an admin finds a person by e-mail and sees a unit search as radio buttons', async () => {
    const w = await world()
    const res = await get(
      w.session,
      `/admin/roles?email=${encodeURIComponent(w.person.email.toUpperCase())}&unitQ=Rollenhausen`,
    )
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(w.person.email)
    expect(res.body).toContain(`type="radio" name="unitId" id="unit-${w.district.id}"`)
  })

  test('the unit search offers only units the admin may grant roles on', async () => {
    const w = await world()
    const stateAdmin = await buildUser(db(), { roles: [['admin', await buildState(db(), w.federal)]] })
    const res = await get(
      await sessionFor(db(), stateAdmin),
      `/admin/roles?email=${encodeURIComponent(w.person.email)}&unitQ=Rollenhausen`,
    )
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain(`value="${w.district.id}"`)
  })

  test('granting a role writes the grant and an audit row, and shows it on the person', async () => {
    const w = await world()
    const res = await post(w.session, '/admin/roles/grant', {
      userId: w.person.id,
      unitId: w.district.id,
      role: 'coordinator',
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/admin/roles?email=${encodeURIComponent(w.person.email)}`)
    const [grant] = await db()
      .select()
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, w.person.id), isNull(roleGrants.revokedAt)))
    expect(grant).toMatchObject({ unitId: w.district.id, role: 'coordinator', grantedById: w.admin.id })
    const [audit] = await auditRows(grant!.id)
    expect(audit).toMatchObject({
      action: 'role.granted',
      actorUserId: w.admin.id,
      actingRole: 'admin',
      unitId: w.district.id,
      objectType: 'role_grant',
    })
    const page = await get(w.session, res.headers.location as string)
    expect(page.body).toContain('Koordinator:in')
    expect(page.body).toContain(`/admin/roles/grants/${grant!.id}/revoke`)
  })

  test('the same active grant twice is a form error', async () => {
    const w = await world()
    const fields = { userId: w.person.id, unitId: w.district.id, role: 'board', unitQ: 'Rollenhausen' }
    expect((await post(w.session, '/admin/roles/grant', fields)).statusCode).toBe(303)
    const again = await post(w.session, '/admin/roles/grant', fields)
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('id="f-role-error"')
    expect(again.body).toContain('hat diese Rolle auf dieser Gliederung bereits')
    const grants = await db().select().from(roleGrants).where(eq(roleGrants.userId, w.person.id))
    expect(grants).toHaveLength(1)
  })

  test('a grant without a unit or a role comes back with 422 and an error at each field', async () => {
    const w = await world()
    const res = await post(w.session, '/admin/roles/grant', { userId: w.person.id, unitQ: 'Rollenhausen' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('id="f-unitId-error"')
    expect(res.body).toContain('id="f-role-error"')
  })

  test('a board member may not grant roles', async () => {
    const w = await world()
    const board = await buildUser(db(), { roles: [['board', w.district]] })
    const res = await post(await sessionFor(db(), board), '/admin/roles/grant', {
      userId: w.person.id,
      unitId: w.district.id,
      role: 'coordinator',
    })
    expect(res.statusCode).toBe(403)
    expect(await db().select().from(roleGrants).where(eq(roleGrants.userId, w.person.id))).toHaveLength(0)
  })

  test('an admin of another subtree may not grant roles on this unit', async () => {
    const w = await world()
    const otherAdmin = await buildUser(db(), { roles: [['admin', await buildState(db(), w.federal)]] })
    const res = await post(await sessionFor(db(), otherAdmin), '/admin/roles/grant', {
      userId: w.person.id,
      unitId: w.district.id,
      role: 'coordinator',
    })
    expect(res.statusCode).toBe(403)
    expect(await db().select().from(roleGrants).where(eq(roleGrants.userId, w.person.id))).toHaveLength(0)
  })

  test('a grant posted without a CSRF token is refused', async () => {
    const w = await world()
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/roles/grant',
      ...form({ userId: w.person.id, unitId: w.district.id, role: 'coordinator' }),
      headers: { ...form({}).headers, cookie: w.session.cookie },
    })
    expect(res.statusCode).toBe(403)
  })

  test('a revoked role is refused on the very next request', async () => {
    const w = await world()
    const granted = await post(w.session, '/admin/roles/grant', {
      userId: w.person.id,
      unitId: w.federal.id,
      role: 'admin',
    })
    expect(granted.statusCode).toBe(303)
    const personSession = await sessionFor(db(), w.person)
    expect((await get(personSession, '/admin')).statusCode).toBe(200)

    const [grant] = await db().select().from(roleGrants).where(eq(roleGrants.userId, w.person.id))
    const revoked = await post(w.session, `/admin/roles/grants/${grant!.id}/revoke`, {})
    expect(revoked.statusCode).toBe(303)
    expect((await get(personSession, '/admin')).statusCode).toBe(403)

    const [row] = await db().select().from(roleGrants).where(eq(roleGrants.id, grant!.id))
    expect(row!.revokedAt).not.toBeNull()
    expect(row!.revokedById).toBe(w.admin.id)
    const audit = await auditRows(grant!.id)
    expect(audit.map((a) => a.action)).toEqual(['role.revoked', 'role.granted'])
    expect(audit[0]).toMatchObject({ actorUserId: w.admin.id, actingRole: 'admin', unitId: w.federal.id })

    const twice = await post(w.session, `/admin/roles/grants/${grant!.id}/revoke`, {})
    expect(twice.statusCode).toBe(409)
  })

  test('a non-admin may not revoke, and an unknown grant answers 404', async () => {
    const w = await world()
    const coordinator = await buildUser(db(), { roles: [['coordinator', w.district]] })
    const [grant] = await db().select().from(roleGrants).where(eq(roleGrants.userId, coordinator.id))
    const board = await buildUser(db(), { roles: [['board', w.district]] })
    const refused = await post(await sessionFor(db(), board), `/admin/roles/grants/${grant!.id}/revoke`, {})
    expect(refused.statusCode).toBe(403)
    const unknown = await post(
      w.session,
      '/admin/roles/grants/00000000-0000-4000-8000-000000000000/revoke',
      {},
    )
    expect(unknown.statusCode).toBe(404)
  })
})

describe('"Mein Kreisverband" in the navigation', () => {
  const myUnitLink = (html: string) =>
    /<a href="(\/units\/[^"/]+)"[^>]*>Mein Kreisverband<\/a>/.exec(html)?.[1]

  test('a member reaches the home KV; a board account without a member record the KV it serves on', async () => {
    const state = await buildState(db())
    const kv = await buildDistrict(db(), state)
    const other = await buildDistrict(db(), state)
    const member = await sessionFor(db(), await buildUser(db(), { member: kv }))
    expect(myUnitLink((await get(member, '/')).body)).toBe(`/units/${kv.id}`)
    const board = await sessionFor(db(), await buildUser(db(), { roles: [['board', other]] }))
    expect(myUnitLink((await get(board, '/')).body)).toBe(`/units/${other.id}`)
    expect((await get(board, `/units/${other.id}/events`)).statusCode).toBe(200)
    // Someone with neither a membership nor a role on a unit gets no such link.
    const nobody = await sessionFor(db(), await buildUser(db()))
    expect(myUnitLink((await get(nobody, '/')).body)).toBeUndefined()
  })
})

import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { createSession, hashPassword } from '../../src/domains/accounts/index.js'
import { users } from '../../src/domains/accounts/tables.js'
import { members } from '../../src/domains/members/tables.js'
import { insertUnit, type OrgUnit, roleGrants } from '../../src/domains/org-units/index.js'
import { teamMembers } from '../../src/domains/teams/index.js'
import type { Actor, Role } from '../../src/platform/auth/actor.js'
import type { Db } from '../../src/platform/db/types.js'
import { csrfTokenFor } from '../../src/platform/http/csrf.js'
import { TEST_SECRET } from './app.js'

const uniq = () => randomUUID().slice(0, 8)

/**
 * Every factory builds its own subtree (a federation of its own, a state of its own),
 * so tests never see each other's rows and never need cleaning up.
 */
export async function buildFederation(db: Db) {
  return insertUnit(db, { kind: 'federal', name: `Bund ${uniq()}`, parentId: null })
}

export async function buildState(db: Db, federal?: OrgUnit) {
  const parent = federal ?? (await buildFederation(db))
  return insertUnit(db, { kind: 'state', name: `Land ${uniq()}`, parentId: parent.id })
}

export async function buildDistrict(db: Db, state?: OrgUnit, name?: string) {
  const parent = state ?? (await buildState(db))
  return insertUnit(db, { kind: 'district', name: name ?? `KV ${uniq()}`, parentId: parent.id })
}

export async function buildLocalGroup(db: Db, district: OrgUnit) {
  return insertUnit(db, { kind: 'local', name: `OV ${uniq()}`, parentId: district.id })
}

let memberCounter = 0
export async function buildMember(
  db: Db,
  home: OrgUnit,
  overrides: Partial<typeof members.$inferInsert> = {},
) {
  memberCounter++
  const [row] = await db
    .insert(members)
    .values({
      memberNumber: `T${uniq()}${memberCounter}`,
      firstName: 'Testa',
      lastName: `Person-${uniq()}`,
      email: `${uniq()}@example.org`,
      postalCode: '10115',
      homeUnitId: home.id,
      ...overrides,
    })
    .returning()
  return row!
}

export type TestUser = { id: string; email: string; password: string; memberId: string | null }

/** An account; with `member`, linked to a member of that district; with `roles`, holding those grants. */
export async function buildUser(
  db: Db,
  opts: { member?: OrgUnit; roles?: [Role, OrgUnit][]; password?: string; deactivated?: boolean } = {},
): Promise<TestUser> {
  const password = opts.password ?? 'correct horse battery staple'
  const member = opts.member ? await buildMember(db, opts.member) : undefined
  const email = `user-${uniq()}@example.org`
  const [user] = await db
    .insert(users)
    .values({
      email,
      displayName: `Test ${uniq()}`,
      passwordHash: await hashPassword(password),
      memberId: member?.id ?? null,
      emailVerifiedAt: new Date(),
      deactivatedAt: opts.deactivated ? new Date() : null,
    })
    .returning()
  for (const [role, unit] of opts.roles ?? []) {
    await db.insert(roleGrants).values({ userId: user!.id, unitId: unit.id, role })
  }
  return { id: user!.id, email, password, memberId: member?.id ?? null }
}

export type Session = { cookie: string; csrf: string; headers: { cookie: string } }

/**
 * A logged-in session for inject(): the cookie header and a CSRF token that belongs to it. It has
 * confirmed the second factor, so its roles count; `secondFactor: false` gives one that has not,
 * whose roles above member are held back.
 */
export async function sessionFor(
  db: Db,
  user: TestUser,
  now = new Date('2026-11-21T10:00:00Z'),
  opts: { secondFactor?: boolean } = {},
): Promise<Session> {
  const confirmedAt = opts.secondFactor === false ? null : now
  const { token, sessionId } = await createSession(db, user.id, now, undefined, confirmedAt)
  const cookie = `bs_session=${token}`
  return { cookie, csrf: csrfTokenFor(TEST_SECRET, sessionId), headers: { cookie } }
}

/** An anonymous visitor with a CSRF cookie and its token, for public forms. */
export function anonymousVisitor(): Session {
  const binding = `anon-${randomUUID()}`
  const cookie = `bs_csrf=${binding}`
  return { cookie, csrf: csrfTokenFor(TEST_SECRET, binding), headers: { cookie } }
}

/** The new-campaign form's calling hours (`from_mo` … `to_su`): every day from `from` to `to`, Berlin time. */
export function callingHoursFields(from = '00:00', to = '23:59'): Record<string, string> {
  return Object.fromEntries(
    ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'].flatMap((d) => [
      [`from_${d}`, from],
      [`to_${d}`, to],
    ]),
  )
}

/** A form body; a field with a list of values (ticked checkboxes) is sent once per value. */
export function form(fields: Record<string, string | readonly string[]>) {
  const pairs = Object.entries(fields).flatMap(([k, v]) =>
    typeof v === 'string' ? [[k, v]] : v.map((x) => [k, x]),
  )
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(pairs).toString(),
  }
}

/** Posts a form as the session's person, with its CSRF token. */
export function postForm(
  app: FastifyInstance,
  session: Session,
  url: string,
  fields: Record<string, string | readonly string[]> = {},
) {
  return app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: session.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}

/**
 * A team of `host` as its board founds it through the pages (open, for the host's members), joined by `lead`
 * and `others`, with `lead` made its lead by the board. The team's id.
 */
export async function foundTeamWithLead(
  app: FastifyInstance,
  db: Db,
  board: Session,
  host: OrgUnit,
  name: string,
  lead: { session: Session; user: TestUser },
  others: { session: Session }[] = [],
) {
  const created = await postForm(app, board, `/units/${host.id}/teams`, {
    name,
    joinPolicy: 'open',
    visibility: 'unit',
  })
  if (created.statusCode !== 303) throw new Error(`founding ${name}: ${created.statusCode}`)
  const teamId = created.headers.location!.split('/').pop()!
  for (const p of [lead, ...others]) {
    const joined = await postForm(app, p.session, `/teams/${teamId}/join`)
    if (joined.statusCode !== 303) throw new Error(`joining ${name}: ${joined.statusCode}`)
  }
  const [membership] = await db
    .select({ id: teamMembers.id })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.memberId, lead.user.memberId!)))
  const role = await postForm(app, board, `/teams/${teamId}/members/${membership!.id}/role`, { role: 'lead' })
  if (role.statusCode !== 303) throw new Error(`appointing the lead of ${name}: ${role.statusCode}`)
  return teamId
}

/** The actor a use case sees for this user: what a session with these grants resolves to. */
export function actorFor(user: TestUser, roles: [Role, OrgUnit][] = []): Actor {
  return {
    userId: user.id,
    sessionId: `session-${uniq()}`,
    email: user.email,
    displayName: user.email,
    memberId: user.memberId,
    homeUnitId: null,
    grants: roles.map(([role, unit]) => ({ role, unitId: unit.id, unitPath: unit.path })),
    leadPowers: true,
  }
}

/** A multipart/form-data body for inject(): text fields first, then one file. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; filename: string; content: string | Buffer; type?: string },
) {
  const boundary = `----bs${uniq()}${uniq()}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    )
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
        `Content-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
    ),
    Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  )
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  }
}

/**
 * Two districts (in one state of their own), a board member for each, and a partnership between
 * them in the given status, with its first status-history row.
 */
export async function buildPartnership(
  db: Db,
  opts: {
    status?: import('../../src/domains/partnerships/index.js').PartnershipStatus
    isPublic?: boolean
  } = {},
) {
  const { partnerships, partnershipStatusChanges } = await import('../../src/domains/partnerships/index.js')
  const state = await buildState(db)
  const unitA = await buildDistrict(db, state)
  const unitB = await buildDistrict(db, state)
  const boardA = await buildUser(db, { member: unitA, roles: [['board', unitA]] })
  const boardB = await buildUser(db, { member: unitB, roles: [['board', unitB]] })
  const status = opts.status ?? 'proposed'
  const [partnership] = await db
    .insert(partnerships)
    .values({
      unitAId: unitA.id,
      unitBId: unitB.id,
      status,
      isPublic: opts.isPublic ?? true,
      proposedById: boardA.id,
    })
    .returning()
  await db.insert(partnershipStatusChanges).values({
    partnershipId: partnership!.id,
    toStatus: status,
    changedOn: '2026-01-01',
    changedById: boardA.id,
  })
  return { state, unitA, unitB, boardA, boardB, partnership: partnership! }
}

/** A state with its two-digit key, as the map's state filter knows it. */
export async function buildKeyedState(db: Db, ags: string, federal?: OrgUnit) {
  const parent = federal ?? (await buildFederation(db))
  return insertUnit(db, { kind: 'state', name: `Land ${ags} ${uniq()}`, ags, parentId: parent.id })
}

/** A KV with a Kreis key and an anchor point, so the map draws it and joins lines to it. */
export async function buildMappedDistrict(
  db: Db,
  state: OrgUnit,
  opts: { ags?: string | null; name?: string; lon?: number; lat?: number } = {},
) {
  return insertUnit(db, {
    kind: 'district',
    name: opts.name ?? `KV ${uniq()}`,
    parentId: state.id,
    ags: opts.ags ?? null,
    anchorLon: opts.lon ?? 10,
    anchorLat: opts.lat ?? 51,
  })
}

/** A partnership row written straight into the registry's table, for the public read side. */
export async function insertPartnershipRow(
  db: Db,
  a: OrgUnit,
  b: OrgUnit,
  values: Partial<import('../../src/domains/partnerships/tables.js').NewPartnership> = {},
) {
  const { partnerships } = await import('../../src/domains/partnerships/index.js')
  const [row] = await db
    .insert(partnerships)
    .values({ unitAId: a.id, unitBId: b.id, status: 'active', isPublic: true, ...values })
    .returning()
  return row!
}

/**
 * An event hosted by the given units, written straight into the events tables: published,
 * tomorrow 19:00–21:00 Berlin time unless told otherwise.
 */
export async function buildEvent(
  db: Db,
  hosts: OrgUnit[],
  values: Partial<import('../../src/domains/events/tables.js').NewEvent> = {},
) {
  const { events, eventHosts } = await import('../../src/domains/events/tables.js')
  const [event] = await db
    .insert(events)
    .values({
      type: 'stammtisch',
      title: `Treffen ${uniq()}`,
      startsAt: new Date('2026-11-22T18:00:00Z'),
      endsAt: new Date('2026-11-22T20:00:00Z'),
      audience: 'public',
      status: 'published',
      checkInCode: 'ABC234',
      ...values,
    })
    .returning()
  await db.insert(eventHosts).values(hosts.map((h) => ({ eventId: event!.id, unitId: h.id })))
  return event!
}

/**
 * A help request of a district with one shift; the shift starts a day after the test clock's
 * default time unless `shift` says otherwise.
 */
export async function buildHelpRequest(
  db: Db,
  unit: OrgUnit,
  opts: {
    visibility?: 'partners' | 'state' | 'party'
    direction?: 'request' | 'offer'
    capacity?: number
    shift?: { startsAt: Date; endsAt: Date }
  } = {},
) {
  const { helpRequests, helpShifts } = await import('../../src/domains/help/tables.js')
  const contact = await buildMember(db, unit)
  const [request] = await db
    .insert(helpRequests)
    .values({
      unitId: unit.id,
      direction: opts.direction ?? 'request',
      kind: 'haustuerwahlkampf',
      title: `Haustürwahlkampf ${uniq()}`,
      municipalityAgs: '16075131',
      visibility: opts.visibility ?? 'partners',
      contactMemberId: contact.id,
    })
    .returning()
  const [shift] = await db
    .insert(helpShifts)
    .values({
      requestId: request!.id,
      startsAt: opts.shift?.startsAt ?? new Date('2026-11-22T09:00:00Z'),
      endsAt: opts.shift?.endsAt ?? new Date('2026-11-22T13:00:00Z'),
      capacity: opts.capacity ?? 20,
      meetingPoint: 'Marktplatz',
    })
    .returning()
  return { request: request!, shift: shift! }
}

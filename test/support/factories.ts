import { randomUUID } from 'node:crypto'
import { createSession, hashPassword } from '../../src/domains/accounts/index.js'
import { users } from '../../src/domains/accounts/tables.js'
import { members } from '../../src/domains/members/tables.js'
import { insertUnit, type OrgUnit, roleGrants } from '../../src/domains/org-units/index.js'
import type { Role } from '../../src/platform/auth/actor.js'
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

/** A logged-in session for inject(): the cookie header and a CSRF token that belongs to it. */
export async function sessionFor(
  db: Db,
  user: TestUser,
  now = new Date('2026-11-21T10:00:00Z'),
): Promise<Session> {
  const { token, sessionId } = await createSession(db, user.id, now)
  const cookie = `bs_session=${token}`
  return { cookie, csrf: csrfTokenFor(TEST_SECRET, sessionId), headers: { cookie } }
}

/** An anonymous visitor with a CSRF cookie and its token, for public forms. */
export function anonymousVisitor(): Session {
  const binding = `anon-${randomUUID()}`
  const cookie = `bs_csrf=${binding}`
  return { cookie, csrf: csrfTokenFor(TEST_SECRET, binding), headers: { cookie } }
}

export function form(fields: Record<string, string>) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  }
}

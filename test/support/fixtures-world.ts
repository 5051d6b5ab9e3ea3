import { randomBytes } from 'node:crypto'
import { members } from '../../src/domains/members/tables.js'
import { insertUnit, type OrgUnit } from '../../src/domains/org-units/index.js'
import { partnerships } from '../../src/domains/partnerships/tables.js'
import type { Role } from '../../src/platform/auth/actor.js'
import type { Db } from '../../src/platform/db/types.js'
import { anonymousVisitor, buildUser, type Session, sessionFor, type TestUser } from './factories.js'

/**
 * Seen from the "own" KV: `own` and `other` lie in the own state, `partner` and `foreign` in
 * another one; `own` and `partner` are partners, `other` and `foreign` have a private partnership.
 */
export const kvKeys = ['own', 'other', 'partner', 'foreign'] as const
export type KvKey = (typeof kvKeys)[number]

/** Every kind of visitor the access matrix checks (issue 4). */
export const worldRoles = [
  'anonymous',
  'memberOwn',
  'memberOther',
  'coordinator',
  'boardOwn',
  'boardOther',
  'boardPartner',
  'stateOwn',
  'stateOther',
  'federal',
  'admin',
  'deactivated',
] as const
export type WorldRole = (typeof worldRoles)[number]

/** The strongest role each visitor holds anywhere, or null without a (live) account. */
export const strongestRole: Record<WorldRole, Role | null> = {
  anonymous: null,
  memberOwn: 'member',
  memberOther: 'member',
  coordinator: 'coordinator',
  boardOwn: 'board',
  boardOther: 'board',
  boardPartner: 'board',
  stateOwn: 'state_office',
  stateOther: 'state_office',
  federal: 'federal_office',
  admin: 'admin',
  deactivated: null,
}

/** The KVs whose member data each visitor may read: board or an office above the KV. */
export const oversees: Record<WorldRole, readonly KvKey[]> = {
  anonymous: [],
  memberOwn: [],
  memberOther: [],
  coordinator: [],
  boardOwn: ['own'],
  boardOther: ['other'],
  boardPartner: ['partner'],
  stateOwn: ['own', 'other'],
  stateOther: ['partner', 'foreign'],
  federal: kvKeys,
  admin: kvKeys,
  deactivated: [],
}

export type WorldKv = {
  unit: OrgUnit
  local: OrgUnit
  /** Members of this KV (one in the KV itself, one in its local group), none of them with an account. */
  memberIds: string[]
  /** Strings that occur only in this KV's member data: a body showing one has shown that data. */
  canaries: string[]
}

export type World = {
  federal: OrgUnit
  states: { own: OrgUnit; other: OrgUnit }
  kvs: Record<KvKey, WorldKv>
  partnerships: { public: string; private: string }
  /** Occurs only in the private partnership between `other` and `foreign`. */
  privatePartnershipCanary: string
  users: Record<Exclude<WorldRole, 'anonymous'>, TestUser>
}

const token = () => `zq${randomBytes(5).toString('hex')}`

async function buildKv(db: Db, state: OrgUnit, label: string): Promise<WorldKv> {
  const unit = await insertUnit(db, { kind: 'district', name: `Kreisverband ${label}`, parentId: state.id })
  const local = await insertUnit(db, { kind: 'local', name: `Ortsverband ${label}`, parentId: unit.id })
  const canaries: string[] = []
  const memberIds: string[] = []
  for (const localUnitId of [null, local.id]) {
    const mark = token()
    const memberNumber = `C${randomBytes(5).toString('hex').toUpperCase()}`
    const [row] = await db
      .insert(members)
      .values({
        memberNumber,
        firstName: `Kanari${mark}`,
        lastName: `Vogel${mark}`,
        email: `${mark}@example.org`,
        phone: `+49 30 ${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`,
        postalCode: '10115',
        homeUnitId: unit.id,
        localUnitId,
      })
      .returning()
    canaries.push(mark, memberNumber)
    memberIds.push(row!.id)
  }
  return { unit, local, memberIds, canaries }
}

/**
 * A small federation of its own on one test database: 2 states with 2 KVs each, a local group and
 * members with canary names in every KV, one account per role of the access matrix and two
 * partnerships. Everything lives below its own federal unit, so it shares a database with other rows.
 */
export async function buildWorld(db: Db): Promise<World> {
  const federal = await insertUnit(db, { kind: 'federal', name: `Bund ${token()}`, parentId: null })
  const stateOwn = await insertUnit(db, { kind: 'state', name: 'Land Nord', parentId: federal.id })
  const stateOther = await insertUnit(db, { kind: 'state', name: 'Land Süd', parentId: federal.id })
  const kvs: Record<KvKey, WorldKv> = {
    own: await buildKv(db, stateOwn, 'Nordheim'),
    other: await buildKv(db, stateOwn, 'Nordstadt'),
    partner: await buildKv(db, stateOther, 'Südheim'),
    foreign: await buildKv(db, stateOther, 'Südstadt'),
  }
  const [open] = await db
    .insert(partnerships)
    .values({
      unitAId: kvs.own.unit.id,
      unitBId: kvs.partner.unit.id,
      status: 'active',
      startedOn: '2024-05-01',
      story: 'Seit 2024 gemeinsam unterwegs.',
      isPublic: true,
    })
    .returning()
  const privateCanary = token()
  const [hidden] = await db
    .insert(partnerships)
    .values({
      unitAId: kvs.other.unit.id,
      unitBId: kvs.foreign.unit.id,
      status: 'proposed',
      story: `Vertraulicher Entwurf ${privateCanary}`,
      isPublic: false,
    })
    .returning()

  const own = kvs.own.unit
  const users: World['users'] = {
    memberOwn: await buildUser(db, { member: own }),
    memberOther: await buildUser(db, { member: kvs.other.unit }),
    coordinator: await buildUser(db, { member: own, roles: [['coordinator', own]] }),
    boardOwn: await buildUser(db, { member: own, roles: [['board', own]] }),
    boardOther: await buildUser(db, { member: kvs.other.unit, roles: [['board', kvs.other.unit]] }),
    boardPartner: await buildUser(db, { member: kvs.partner.unit, roles: [['board', kvs.partner.unit]] }),
    stateOwn: await buildUser(db, { roles: [['state_office', stateOwn]] }),
    stateOther: await buildUser(db, { roles: [['state_office', stateOther]] }),
    federal: await buildUser(db, { roles: [['federal_office', federal]] }),
    admin: await buildUser(db, { roles: [['admin', federal]] }),
    deactivated: await buildUser(db, { member: own, roles: [['board', own]], deactivated: true }),
  }
  return {
    federal,
    states: { own: stateOwn, other: stateOther },
    kvs,
    partnerships: { public: open!.id, private: hidden!.id },
    privatePartnershipCanary: privateCanary,
    users,
  }
}

/** A session per visitor (a fresh CSRF-cookie visitor for anonymous; the deactivated account's session is dead). */
export async function worldSessions(db: Db, world: World, now?: Date): Promise<Record<WorldRole, Session>> {
  const out = { anonymous: anonymousVisitor() } as Record<WorldRole, Session>
  for (const role of worldRoles) {
    if (role === 'anonymous') continue
    out[role] = await sessionFor(db, world.users[role], now)
  }
  return out
}

/**
 * Visitors without any tie to the private partnership between `other` and `foreign`. (Its members
 * are left out on purpose: whether a KV's members see its unpublished partnerships is the domain's call.)
 */
const strangersToPrivatePartnership: readonly WorldRole[] = [
  'anonymous',
  'memberOwn',
  'coordinator',
  'boardOwn',
  'boardPartner',
  'deactivated',
]

/** The canary strings this visitor must never see: other KVs' member data and partnerships it has no part in. */
export function forbiddenCanaries(world: World, role: WorldRole): string[] {
  const fromMembers = kvKeys.filter((k) => !oversees[role].includes(k)).flatMap((k) => world.kvs[k].canaries)
  return strangersToPrivatePartnership.includes(role)
    ? [...fromMembers, world.privatePartnershipCanary]
    : fromMembers
}

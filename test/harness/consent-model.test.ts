import { and, eq, inArray } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { users } from '../../src/domains/accounts/tables.js'
import { members } from '../../src/domains/members/tables.js'
import { insertUnit, type OrgUnit, roleGrants } from '../../src/domains/org-units/index.js'
import { partnerships } from '../../src/domains/partnerships/tables.js'
import { CURRENT_CONSENT_VERSION, skills } from '../../src/domains/volunteers/index.js'
import {
  consents,
  volunteerApplications,
  volunteerProfileSkills,
  volunteerProfiles,
  volunteerProjectSkills,
  volunteerProjects,
  volunteerRequests,
} from '../../src/domains/volunteers/tables.js'
import type { Role } from '../../src/platform/auth/actor.js'
import { translator } from '../../src/platform/i18n/index.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildMember, form, type Session, sessionFor } from '../support/factories.js'
import { nextAddress } from './route-targets.js'

/**
 * The volunteer pool against a model of its consent rule (SECURITY-GOALS AC-5). Random sequences of
 * commands (members give, change and withdraw consent; partnerships between KVs change state; accounts
 * gain and lose roles on every level) are interleaved with every route that finds or contacts a pool
 * member: the search, the ask form, asking, posting a call and its matches, and the calls a member
 * sees. After each, the answer must be exactly what the rule below computes: who is found, who may be
 * asked, which units the actor may act for, and the unit and role the member is told.
 *
 * The rule is written here a second time, from the domain's README, on purpose: it shares no code
 * with `policy.ts` or `repo.ts`, so a slip in either shows up as a difference.
 * CONSENT_MODEL_SEED replays a run; CONSENT_MODEL_RUNS raises the number of runs (default 30,
 * each up to 30 commands; 1,000 before a release, as AC-5 asks).
 */

const seed = Number(process.env.CONSENT_MODEL_SEED ?? 20_261_203)
const numRuns = Number(process.env.CONSENT_MODEL_RUNS ?? 30)

// ---- the world: one federation, fixed for the file ----------------------------------------------

const unitKeys = ['fed', 'st1', 'st2', 'kv1', 'kv2', 'kv3', 'local1', 'team1', 'team2'] as const
type UnitKey = (typeof unitKeys)[number]
/** Each unit's parent: two states, two KVs in the first and one in the second, a local group, teams on two levels. */
const parentOf: Record<UnitKey, UnitKey | null> = {
  fed: null,
  st1: 'fed',
  st2: 'fed',
  kv1: 'st1',
  kv2: 'st1',
  kv3: 'st2',
  local1: 'kv1',
  team1: 'st1',
  team2: 'kv3',
}
const kindOf: Record<UnitKey, OrgUnit['kind']> = {
  fed: 'federal',
  st1: 'state',
  st2: 'state',
  kv1: 'district',
  kv2: 'district',
  kv3: 'district',
  local1: 'local',
  team1: 'team',
  team2: 'team',
}
const kvKeys = ['kv1', 'kv2', 'kv3'] as const
type KvKey = (typeof kvKeys)[number]
const pairs = [
  ['kv1', 'kv2'],
  ['kv1', 'kv3'],
  ['kv2', 'kv3'],
] as const

const scopes = ['own_kv', 'partners', 'state', 'party'] as const
type Scope = (typeof scopes)[number]
const statuses = ['proposed', 'agreed', 'active', 'dormant', 'ended', 'declined'] as const
type Status = (typeof statuses)[number]
const grantRoles = ['member', 'coordinator', 'board', 'state_office', 'federal_office', 'admin'] as const
const roleName = (r: Role) => translator('de')(`accounts.roles.${r}`)

const MEMBERS = 5
const ACTORS = 3

// ---- the rule, written from the README ----------------------------------------------------------

type Model = {
  home: KvKey[]
  consent: (Scope | null)[]
  partnership: Record<string, { status: Status } | undefined>
  grants: { role: Role; unit: UnitKey }[][]
  projects: { title: string; unit: UnitKey }[]
}

function ancestors(u: UnitKey): UnitKey[] {
  const out: UnitKey[] = []
  for (let x: UnitKey | null = u; x; x = parentOf[x]) out.push(x)
  return out
}
const kvAbove = (u: UnitKey) => ancestors(u).find((x) => kindOf[x] === 'district') ?? null
const stateAbove = (u: UnitKey) => ancestors(u).find((x) => kindOf[x] === 'state') ?? null
const pairKey = (a: UnitKey, b: UnitKey) => [a, b].sort().join('+')

/** Only partnerships both sides agreed to, and that have not ended, make two KVs partners. */
function partnersOf(m: Model, u: UnitKey): Set<UnitKey> {
  const sides = new Set([u, kvAbove(u)].filter((x): x is UnitKey => !!x))
  const out = new Set<UnitKey>()
  for (const [a, b] of pairs) {
    const p = m.partnership[pairKey(a, b)]
    if (!p || !['agreed', 'active'].includes(p.status)) continue
    if (sides.has(a)) out.add(b)
    if (sides.has(b)) out.add(a)
  }
  return out
}

/** Whether a unit acting in the pool may find member i under their current consent. */
function finds(m: Model, u: UnitKey, i: number): boolean {
  const scope = m.consent[i]
  if (!scope) return false
  const home = m.home[i]!
  const ownKv = kvAbove(u) === home
  const partner = partnersOf(m, u).has(home)
  const state = stateAbove(u)
  const sameState = state !== null && stateAbove(home) === state
  if (scope === 'own_kv') return ownKv
  if (scope === 'partners') return ownKv || partner
  if (scope === 'state') return ownKv || partner || sameState
  return true
}

const rank = (r: Role) => grantRoles.indexOf(r)
/** The role an actor speaks in for a unit: their strongest role of coordinator or above granted on it itself. */
function speaksAs(m: Model, actor: number, u: UnitKey): Role | null {
  const held = m.grants[actor]!.filter((g) => g.unit === u && rank(g.role) >= rank('coordinator'))
  return held.length === 0 ? null : held.map((g) => g.role).sort((a, b) => rank(b) - rank(a))[0]!
}
const actingUnits = (m: Model, actor: number) => unitKeys.filter((u) => speaksAs(m, actor, u))

/**
 * Which unit a command acts for: one the actor holds a grant on, one below such a unit (where a role is
 * only inherited), or any unit at all. Chosen when the command runs, so it follows the grants of that moment.
 */
type UnitChoice = { kind: 'granted' | 'below' | 'any'; k: number; any: UnitKey }
function pick(m: Model, actor: number, c: UnitChoice): UnitKey {
  const granted = [...new Set(m.grants[actor]!.map((g) => g.unit))]
  const below = unitKeys.filter((u) => granted.some((g) => g !== u && ancestors(u).includes(g)))
  const list = c.kind === 'granted' ? granted : c.kind === 'below' ? below : []
  return list.length > 0 ? list[c.k % list.length]! : c.any
}

// ---- the real system ----------------------------------------------------------------------------

let t: TestApp
const db = () => t.database.db
const unit = {} as Record<UnitKey, OrgUnit>
const memberRows: { id: string; email: string; session: Session }[] = []
const actorRows: { id: string; session: Session }[] = []
let skillId = ''

beforeAll(async () => {
  t = await buildTestApp()
  for (const k of unitKeys) {
    const parent = parentOf[k]
    unit[k] = await insertUnit(db(), {
      kind: kindOf[k],
      name: `Modell ${k}`,
      parentId: parent ? unit[parent].id : null,
    })
  }
  const account = async (memberId: string | null) => {
    const [u] = await db()
      .insert(users)
      .values({
        email: `model-${crypto.randomUUID()}@example.org`,
        displayName: 'Modell',
        passwordHash: 'not-a-hash',
        memberId,
        emailVerifiedAt: new Date(),
      })
      .returning()
    return { id: u!.id, email: u!.email, memberId }
  }
  for (let i = 0; i < MEMBERS; i++) {
    const row = await buildMember(db(), unit.kv1, { firstName: `Modellmitglied${i}` })
    const user = await account(row.id)
    memberRows.push({
      id: row.id,
      email: row.email!,
      session: await sessionFor(db(), { ...user, password: '' }),
    })
  }
  for (let i = 0; i < ACTORS; i++) {
    const user = await account(null)
    actorRows.push({ id: user.id, session: await sessionFor(db(), { ...user, password: '' }) })
  }
  const [skill] = await db().select().from(skills).limit(1)
  skillId = skill!.id
})
afterAll(() => t.close())

/** Back to an empty pool: no profiles, consents, requests, calls, partnerships or grants. */
async function reset(m: Model) {
  await db().delete(volunteerApplications)
  await db().delete(volunteerProjectSkills)
  await db().delete(volunteerProjects)
  await db().delete(volunteerRequests)
  await db().delete(volunteerProfileSkills)
  await db().delete(volunteerProfiles)
  await db().delete(consents)
  await db().delete(partnerships)
  await db()
    .delete(roleGrants)
    .where(
      inArray(
        roleGrants.userId,
        actorRows.map((a) => a.id),
      ),
    )
  for (let i = 0; i < MEMBERS; i++)
    await db()
      .update(members)
      .set({ homeUnitId: unit[m.home[i]!].id })
      .where(eq(members.id, memberRows[i]!.id))
  for (let a = 0; a < ACTORS; a++)
    for (const g of m.grants[a]!)
      await db()
        .insert(roleGrants)
        .values({ userId: actorRows[a]!.id, unitId: unit[g.unit].id, role: g.role })
        .onConflictDoNothing()
}

function get(url: string, s: Session) {
  return t.app.inject({ url, headers: s.headers })
}
function post(url: string, s: Session, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: s.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: s.cookie },
    remoteAddress: nextAddress(),
  })
}

const keyOfUnitId = (id: string) => unitKeys.find((k) => unit[k].id === id)
const memberIndex = (id: string) => memberRows.findIndex((r) => r.id === id)

/** The pool members a page lists (each result links to its ask form), and the units those links act for. */
function listed(body: string) {
  const found = new Set<number>()
  const actingFor = new Set<string>()
  for (const hit of body.matchAll(/\/volunteers\/members\/([0-9a-f-]{36})\/ask\?unit=([0-9a-f-]{36})/g)) {
    found.add(memberIndex(hit[1]!))
    actingFor.add(hit[2]!)
  }
  return { found, actingFor }
}
/** The units a form offers to act for. */
const offeredUnits = (body: string) =>
  new Set([...body.matchAll(/<option[^>]*value="([0-9a-f-]{36})"/g)].map((x) => keyOfUnitId(x[1]!)))
const expectedFound = (m: Model, u: UnitKey) =>
  new Set([...Array(MEMBERS).keys()].filter((i) => finds(m, u, i)))

/** How often each outcome was checked, printed at the end: a run that never finds anyone proves little. */
const seen: Record<string, number> = {}
const saw = (what: string) => {
  seen[what] = (seen[what] ?? 0) + 1
}

// ---- the commands -------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, unknown>
const always = () => true

class GiveConsent implements Cmd {
  constructor(
    readonly i: number,
    readonly scope: Scope,
  ) {}
  check = always
  async run(m: Model) {
    const res = await post('/volunteers/profile', memberRows[this.i]!.session, {
      skillIds: skillId,
      hoursPerMonth: '4',
      reach: 'everywhere',
      scope: this.scope,
      consentVersion: CURRENT_CONSENT_VERSION,
      consent: 'on',
    })
    expect(res.statusCode).toBe(303)
    m.consent[this.i] = this.scope
  }
  toString = () => `consent(m${this.i}, ${this.scope})`
}

class Withdraw implements Cmd {
  constructor(readonly i: number) {}
  check = always
  async run(m: Model) {
    const res = await post('/volunteers/profile/withdraw', memberRows[this.i]!.session, {})
    expect(res.statusCode).toBe(303)
    m.consent[this.i] = null
  }
  toString = () => `withdraw(m${this.i})`
}

class SetPartnership implements Cmd {
  constructor(
    readonly pair: number,
    readonly status: Status | null,
    readonly flipped: boolean,
  ) {}
  check = always
  async run(m: Model) {
    const [x, y] = pairs[this.pair]!
    const [a, b] = this.flipped ? [y, x] : [x, y]
    await db()
      .delete(partnerships)
      .where(
        and(
          inArray(partnerships.unitAId, [unit[a].id, unit[b].id]),
          inArray(partnerships.unitBId, [unit[a].id, unit[b].id]),
        ),
      )
    // Side A proposed, side B was asked: a proposal by either side must not make partners.
    if (this.status)
      await db()
        .insert(partnerships)
        .values({ unitAId: unit[a].id, unitBId: unit[b].id, status: this.status })
    m.partnership[pairKey(a, b)] = this.status ? { status: this.status } : undefined
  }
  toString = () =>
    `partnership(${pairs[this.pair]!.join('-')}${this.flipped ? ' asked by 2nd' : ''}, ${this.status})`
}

class Grant implements Cmd {
  constructor(
    readonly actor: number,
    readonly role: Role,
    readonly unit: UnitKey,
    readonly revoke: boolean,
  ) {}
  check = always
  async run(m: Model) {
    const values = { userId: actorRows[this.actor]!.id, unitId: unit[this.unit].id, role: this.role }
    const list = m.grants[this.actor]!
    if (this.revoke) {
      await db()
        .delete(roleGrants)
        .where(
          and(
            eq(roleGrants.userId, values.userId),
            eq(roleGrants.unitId, values.unitId),
            eq(roleGrants.role, this.role),
          ),
        )
      m.grants[this.actor] = list.filter((g) => !(g.role === this.role && g.unit === this.unit))
    } else {
      await db().insert(roleGrants).values(values).onConflictDoNothing()
      if (!list.some((g) => g.role === this.role && g.unit === this.unit))
        list.push({ role: this.role, unit: this.unit })
    }
  }
  toString = () => `${this.revoke ? 'revoke' : 'grant'}(a${this.actor}, ${this.role} on ${this.unit})`
}

/** A command in which an actor acts for a unit, chosen when it runs (from the actor's grants at that moment). */
abstract class Acting implements Cmd {
  unit: UnitKey = 'fed'
  constructor(
    readonly actor: number,
    readonly choice: UnitChoice,
  ) {}
  check = always
  abstract act(m: Model, s: Session): Promise<void>
  async run(m: Model) {
    this.unit = pick(m, this.actor, this.choice)
    await this.act(m, actorRows[this.actor]!.session)
  }
  /** A page of results lists exactly the members the model finds for the unit, each to be asked for that unit. */
  expectListing(m: Model, body: string) {
    const { found, actingFor } = listed(body)
    expect(found).toEqual(expectedFound(m, this.unit))
    for (const id of actingFor) expect(id).toBe(unit[this.unit].id)
    return found.size
  }
}

class Search extends Acting {
  async act(m: Model, s: Session) {
    const offered = await get('/volunteers/search', s)
    const acting = actingUnits(m, this.actor)
    if (acting.length === 0) expect(offered.statusCode).toBe(403)
    else expect(offeredUnits(offered.body)).toEqual(new Set(acting))

    const res = await get(`/volunteers/search?unit=${unit[this.unit].id}`, s)
    if (!speaksAs(m, this.actor, this.unit)) {
      expect(res.statusCode).toBe(403)
      expect(listed(res.body).found.size).toBe(0)
      saw('search refused')
      return
    }
    expect(res.statusCode).toBe(200)
    saw(this.expectListing(m, res.body) > 0 ? 'search finding someone' : 'search finding no one')
  }
  override toString = () => `search(a${this.actor} as ${this.unit})`
}

class Ask extends Acting {
  constructor(
    actor: number,
    choice: UnitChoice,
    readonly i: number,
    readonly send: boolean,
  ) {
    super(actor, choice)
  }
  async act(m: Model, s: Session) {
    const member = memberRows[this.i]!
    const role = speaksAs(m, this.actor, this.unit)
    const expected = !role ? 403 : !finds(m, this.unit, this.i) ? 404 : this.send ? 303 : 200
    const res = this.send
      ? await post(`/volunteers/members/${member.id}/ask`, s, {
          unitId: unit[this.unit].id,
          message: 'Hilfst du?',
        })
      : await get(`/volunteers/members/${member.id}/ask?unit=${unit[this.unit].id}`, s)
    expect(res.statusCode).toBe(expected)
    saw(`${this.send ? 'ask' : 'ask form'} ${expected}`)
    if (expected !== 303) {
      // The form shows the member's first name; a refusal shows nothing of them.
      expect(res.body.includes(`Modellmitglied${this.i}<`)).toBe(expected === 200)
      if (expected === 200) expect(offeredUnits(res.body)).toEqual(new Set(actingUnits(m, this.actor)))
      return
    }
    const mail = (await t.outbox())[0]!
    expect(mail.to).toBe(member.email)
    expect(mail.text).toContain(`${unit[this.unit].name} (${roleName(role!)})`)
  }
  override toString = () => `${this.send ? 'ask' : 'askForm'}(a${this.actor} as ${this.unit}, m${this.i})`
}

let projectCounter = 0
class PostCall extends Acting {
  async act(m: Model, s: Session) {
    const title = `Modellaufruf ${++projectCounter}`
    const res = await post('/volunteers/projects', s, {
      unitId: unit[this.unit].id,
      title,
      description: 'Beschreibung.',
      skillIds: skillId,
      weeks: '1',
      hours: '2',
      deadline: '2026-12-15',
    })
    if (!speaksAs(m, this.actor, this.unit)) {
      expect(res.statusCode).toBe(403)
      saw('call refused')
      return
    }
    expect(res.statusCode).toBe(303)
    m.projects.push({ title, unit: this.unit })
    saw('call posted')
    const page = await get(res.headers.location!, s)
    if (this.expectListing(m, page.body) > 0) saw('call with matches')
  }
  override toString = () => `postCall(a${this.actor} as ${this.unit})`
}

class MemberSeesCalls implements Cmd {
  constructor(readonly i: number) {}
  check = always
  async run(m: Model) {
    const res = await get('/volunteers/projects', memberRows[this.i]!.session)
    expect(res.statusCode).toBe(200)
    for (const p of m.projects) {
      const shown = finds(m, p.unit, this.i)
      expect(res.body.includes(`${p.title}<`), p.title).toBe(shown)
      saw(shown ? 'call shown to a member' : 'call hidden from a member')
    }
  }
  toString = () => `calls(m${this.i})`
}

// ---- the generators -----------------------------------------------------------------------------

const member = fc.integer({ min: 0, max: MEMBERS - 1 })
const actor = fc.integer({ min: 0, max: ACTORS - 1 })
const anyUnit = fc.constantFrom(...unitKeys)
const choice = fc.record({
  kind: fc.constantFrom('granted', 'granted', 'below', 'any'),
  k: fc.nat(8),
  any: anyUnit,
}) as fc.Arbitrary<UnitChoice>
// Roles on KVs and local groups more often than elsewhere: that is where consent scopes differ most.
const grantUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<UnitKey>('kv1', 'kv2', 'kv3', 'local1') },
  { weight: 2, arbitrary: anyUnit },
)
const grant = fc.record({ role: fc.constantFrom(...grantRoles), unit: grantUnit })
// "My KV and its partners" is the scope a partnership decides, so it comes up twice as often.
const scope = fc.constantFrom<Scope>('own_kv', 'partners', 'partners', 'state', 'party')

const commands = fc.commands(
  [
    fc.tuple(member, scope).map(([i, s]) => new GiveConsent(i, s)),
    member.map((i) => new Withdraw(i)),
    fc
      .tuple(
        fc.integer({ min: 0, max: pairs.length - 1 }),
        fc.option(fc.constantFrom(...statuses)),
        fc.boolean(),
      )
      .map(([p, s, f]) => new SetPartnership(p, s, f)),
    fc
      .tuple(actor, fc.constantFrom(...grantRoles), grantUnit, fc.boolean())
      .map(([a, r, u, revoke]) => new Grant(a, r, u, revoke)),
    fc.tuple(actor, choice).map(([a, u]) => new Search(a, u)),
    fc.tuple(actor, choice).map(([a, u]) => new Search(a, u)),
    fc.tuple(actor, member, choice, fc.boolean()).map(([a, i, u, send]) => new Ask(a, u, i, send)),
    fc.tuple(actor, choice).map(([a, u]) => new PostCall(a, u)),
    member.map((i) => new MemberSeesCalls(i)),
  ],
  { maxCommands: 30, size: '+1' },
)

/** The start of a run: where the members live, what they consented to, the partnerships and the grants. */
const start = fc.record({
  home: fc.array(fc.constantFrom(...kvKeys), { minLength: MEMBERS, maxLength: MEMBERS }),
  consent: fc.array(fc.option(scope), { minLength: MEMBERS, maxLength: MEMBERS }),
  partnership: fc.tuple(...pairs.map(() => fc.option(fc.constantFrom(...statuses)))),
  grants: fc.array(fc.array(grant, { maxLength: 3 }), { minLength: ACTORS, maxLength: ACTORS }),
})

test(`the pool answers as the consent rule says (seed ${seed}, ${numRuns} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(start, commands, async (s, cmds) => {
      const m: Model = {
        home: s.home,
        consent: s.consent.map(() => null),
        partnership: {},
        grants: s.grants.map((list) =>
          list.filter((g, i) => list.findIndex((h) => h.role === g.role && h.unit === g.unit) === i),
        ),
        projects: [],
      }
      await reset(m)
      const setup: Cmd[] = [
        ...s.partnership.map((status, p) => new SetPartnership(p, status, false)),
        ...s.consent.flatMap((scope, i) => (scope ? [new GiveConsent(i, scope)] : [])),
      ]
      for (const c of setup) await c.run(m, undefined)
      await fc.asyncModelRun(() => ({ model: m, real: undefined }), cmds)
    }),
    { seed, numRuns, endOnFailure: true },
  )
  console.info(`consent model: ${JSON.stringify(seen)}`)
}, 120_000)

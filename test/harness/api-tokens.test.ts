import { randomBytes, randomUUID } from 'node:crypto'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, describe, expect, test } from 'vitest'
import { twoFactorCredentials } from '../../src/domains/accounts/tables.js'
import { hashApiToken, TOKEN_PREFIX } from '../../src/domains/api/service/tokens.js'
import { apiTokens } from '../../src/domains/api/tables.js'
import { listRoutes, type RouteEntry } from '../../src/platform/http/route-table.js'
import { buildTestApp } from '../support/app.js'
import { buildHelpRequest } from '../support/factories.js'
import {
  buildWorld,
  forbiddenCanaries,
  kvKeys,
  type WorldRole,
  worldRoles,
  worldSessions,
} from '../support/fixtures-world.js'
import { databaseFingerprint, fillPath, nextAddress, routeKey } from './route-targets.js'

/**
 * The access matrix of the JSON API: every operation × a personal access token of every visitor of the
 * world, reaching the whole federation and reaching only the own KV. A token must get what its owner's
 * session gets on the pages and never more; a token of one KV nothing of another. Then a contract test
 * walks the OpenAPI document and checks every operation answers as it describes.
 */

const t = await buildTestApp()
const db = t.database.db
const world = await buildWorld(db)
const sessions = await worldSessions(db, world, t.clock.now())
/** A help request of the own KV that its state's members see, with one shift to sign up for. */
const ownHelp = await buildHelpRequest(db, world.kvs.own.unit, { visibility: 'state' })
afterAll(() => t.close())

type Tokens = { wide: string; ownKv: string; read: string }
const tokens = {} as Record<WorldRole, Tokens | undefined>
async function insertToken(userId: string, unitId: string, scope: 'read' | 'write', secondFactor: boolean) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  await db.insert(apiTokens).values({
    userId,
    name: 'harness',
    tokenHash: hashApiToken(token),
    scope,
    unitId,
    secondFactor,
    expiresAt: new Date(t.clock.now().getTime() + 30 * 24 * 3600_000),
  })
  return token
}
for (const role of worldRoles) {
  if (role === 'anonymous') continue
  const user = world.users[role]
  const confirmed = role !== 'boardWithoutSecondFactor'
  await db
    .insert(twoFactorCredentials)
    .values({ userId: user.id, secretSealed: 'sealed', confirmedAt: t.clock.now() })
    .onConflictDoNothing()
  tokens[role] = {
    wide: await insertToken(user.id, world.federal.id, 'write', confirmed),
    ownKv: await insertToken(user.id, world.kvs.own.unit.id, 'write', confirmed),
    read: await insertToken(user.id, world.federal.id, 'read', confirmed),
  }
}

const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {}

const apiRoutes = listRoutes(t.app).filter((r) => r.url.startsWith('/api/') && r.access !== 'public')
const unitTargets = () => [
  ...kvKeys.map((k) => ({ label: `KV ${k}`, kv: k, id: world.kvs[k].unit.id })),
  { label: 'state own', kv: undefined, id: world.states.own.id },
  { label: 'federation', kv: undefined, id: world.federal.id },
  { label: 'made up', kv: undefined, id: randomUUID() },
]
const eventTargets = () => [
  { label: 'event own', kv: 'own' as const, id: world.events.own },
  { label: 'event foreign', kv: 'foreign' as const, id: world.events.foreign },
  { label: 'made up', kv: undefined, id: randomUUID() },
]
const helpTargets = () => [
  { label: 'help request own', kv: 'own' as const, id: ownHelp.request.id },
  { label: 'help request foreign', kv: 'foreign' as const, id: world.help.foreign },
  { label: 'made up', kv: undefined, id: randomUUID() },
]
const partnershipTargets = () => [
  { label: 'public partnership own–partner', kv: undefined, id: world.partnerships.public },
  { label: 'private partnership other–foreign', kv: 'foreign' as const, id: world.partnerships.private },
  { label: 'made up', kv: undefined, id: randomUUID() },
]
function targetsOf(route: RouteEntry) {
  if (!route.url.includes(':id')) return [{ label: 'list', kv: undefined, id: '' }]
  if (route.url.startsWith('/api/v1/partnerships/')) return partnershipTargets()
  if (route.url.startsWith('/api/v1/events/')) return eventTargets()
  if (route.url.startsWith('/api/v1/help-requests/')) return helpTargets()
  return unitTargets()
}
/** The page a route's answer must agree with, for the same visitor: the API follows the pages' policies. */
const pageOf = (route: RouteEntry, id: string) =>
  route.url === '/api/v1/events/:id'
    ? `/events/${id}`
    : route.url === '/api/v1/help-requests/:id'
      ? `/help/${id}`
      : route.url === '/api/v1/partnerships/:id'
        ? `/partnerships/${id}`
        : route.url === '/api/v1/units/:id/members'
          ? `/units/${id}/members`
          : route.url === '/api/v1/units/:id/volunteers'
            ? `/volunteers/search?unit=${id}`
            : undefined

const getRoutes = apiRoutes.filter((r) => r.method === 'GET')
const writeRoutes = apiRoutes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')

describe('API reads with the token of every visitor', () => {
  test('the API has operations to check', () => {
    expect(getRoutes.length).toBeGreaterThan(2)
    expect(writeRoutes.length).toBeGreaterThan(0)
  })

  test.each(getRoutes.map((r) => [routeKey(r), r] as const))('%s', async (_key, route) => {
    const failures: string[] = []
    const before = await databaseFingerprint(db)
    for (const target of targetsOf(route)) {
      const url = fillPath(route.url, { id: target.id })
      for (const role of worldRoles) {
        const own = tokens[role]
        const where = `${role} on ${target.label} (${url})`
        const wide = await t.app.inject({
          method: 'GET',
          url,
          headers: bearer(own?.wide),
          remoteAddress: nextAddress(),
        })
        if (wide.statusCode >= 500) failures.push(`${where}: ${wide.statusCode}`)
        if (!own || role === 'deactivated') {
          if (wide.statusCode !== 401)
            failures.push(`${where}: ${wide.statusCode} without a live token, expected 401`)
          continue
        }
        if (![200, 404].includes(wide.statusCode)) failures.push(`${where}: ${wide.statusCode}`)
        const leaked = forbiddenCanaries(world, role).filter((c) => wide.body.includes(c))
        if (leaked.length) failures.push(`${where}: shows ${leaked.join(', ')}`)
        const page = pageOf(route, target.id)
        if (page) {
          const res = await t.app.inject({ method: 'GET', url: page, headers: sessions[role].headers })
          if ((res.statusCode === 200) !== (wide.statusCode === 200))
            failures.push(`${where}: the API answered ${wide.statusCode}, the page ${res.statusCode}`)
        }
        if (target.label === 'made up' && wide.statusCode !== 404)
          failures.push(`${where}: ${wide.statusCode} for a made-up id`)

        // Scoped to the own KV: nothing of another KV, whoever the owner is.
        const narrow = await t.app.inject({
          method: 'GET',
          url,
          headers: bearer(own.ownKv),
          remoteAddress: nextAddress(),
        })
        if (narrow.statusCode >= 500) failures.push(`${where} (own KV token): ${narrow.statusCode}`)
        if (target.kv && target.kv !== 'own' && narrow.statusCode !== 404)
          failures.push(
            `${where} (own KV token): ${narrow.statusCode}, expected 404 outside the token's unit`,
          )
        if ((target.label === 'state own' || target.label === 'federation') && narrow.statusCode !== 404)
          failures.push(`${where} (own KV token): ${narrow.statusCode} above the token's unit`)
        const foreign = [
          ...kvKeys.filter((k) => k !== 'own').flatMap((k) => world.kvs[k].canaries),
          world.objectCanaries.find((o) => o.name === 'foreign event title')!.canary,
          ...forbiddenCanaries(world, role),
        ].filter((c) => narrow.body.includes(c))
        if (foreign.length) failures.push(`${where} (own KV token): shows ${foreign.join(', ')}`)
        if (narrow.statusCode === 200 && wide.statusCode !== 200)
          failures.push(`${where}: the narrow token sees what the wide one does not`)
      }
    }
    const after = await databaseFingerprint(db)
    const changed = Object.keys(after).filter(
      (k) => !['audit_events', 'limit_counters', 'api_tokens'].includes(k) && after[k] !== before[k],
    )
    if (changed.length) failures.push(`GET changed tables: ${changed.join(', ')}`)
    expect(failures.join('\n')).toBe('')
  })
})

describe('API writes without a token that may write', () => {
  test.each(writeRoutes.map((r) => [routeKey(r), r] as const))(
    '%s is refused and changes nothing',
    async (_k, route) => {
      const failures: string[] = []
      const before = await databaseFingerprint(db)
      const url = route.url.startsWith('/api/v1/help-requests/')
        ? fillPath(route.url, { id: ownHelp.request.id, shiftId: ownHelp.shift.id })
        : fillPath(route.url, { id: world.events.own })
      const body = JSON.stringify({ title: 'harness' })
      const attempts = [
        { who: 'no token', headers: {}, status: 401 },
        { who: 'a session cookie', headers: { cookie: sessions.admin.cookie }, status: 401 },
        { who: 'an unknown token', headers: bearer(`${TOKEN_PREFIX}${'x'.repeat(43)}`), status: 401 },
        { who: "the admin's read token", headers: bearer(tokens.admin!.read), status: 403 },
        { who: "a deactivated account's token", headers: bearer(tokens.deactivated!.wide), status: 401 },
        // Where the operation needs a role: the write token of one who does not hold it, or holds it unconfirmed.
        ...(route.access === 'signed-in'
          ? []
          : [
              { who: "a member's write token", headers: bearer(tokens.memberOwn!.wide), status: 403 },
              {
                who: 'a board without second factor',
                headers: bearer(tokens.boardWithoutSecondFactor!.wide),
                status: 403,
              },
            ]),
      ]
      for (const a of attempts) {
        const res = await t.app.inject({
          method: route.method as 'POST',
          url,
          payload: body,
          headers: { 'content-type': 'application/json', ...a.headers },
          remoteAddress: nextAddress(),
        })
        if (res.statusCode !== a.status) failures.push(`${a.who}: ${res.statusCode}, expected ${a.status}`)
        if (!String(res.headers['content-type']).startsWith('application/problem+json'))
          failures.push(`${a.who}: not a problem document`)
      }
      const after = await databaseFingerprint(db)
      const changed = Object.keys(after).filter(
        (k) => !['limit_counters', 'api_tokens'].includes(k) && after[k] !== before[k],
      )
      if (changed.length) failures.push(`tables changed: ${changed.join(', ')}`)
      expect(failures.join('\n')).toBe('')
    },
  )
})

describe('the contract: every operation of the OpenAPI document answers as it describes', () => {
  type Operation = {
    operationId: string
    parameters?: { name: string; in: string; required: boolean }[]
    requestBody?: { content: Record<string, { schema: object }> }
    responses: Record<string, { content?: Record<string, { schema: object }> }>
  }

  test('walks the document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>
      components: { schemas: Record<string, object> }
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema({ $id: 'doc', components: doc.components } as object)
    const check = (schema: object, body: unknown) => {
      const text = JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')
      const validate = ajv.compile(JSON.parse(text))
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
    }
    const admin = tokens.boardOwn!.wide
    const ids: Record<string, string> = {
      '/api/v1/units/{id}': world.kvs.own.unit.id,
      '/api/v1/units/{id}/events': world.kvs.own.unit.id,
      '/api/v1/units/{id}/members': world.kvs.own.unit.id,
      '/api/v1/units/{id}/volunteers': world.kvs.own.unit.id,
      '/api/v1/events/{id}': world.events.own,
      '/api/v1/help-requests/{id}': ownHelp.request.id,
      '/api/v1/partnerships/{id}': world.partnerships.public,
      '/api/v1/help-requests/{id}/shifts/{shiftId}/signups': ownHelp.request.id,
      '/api/v1/members/{id}/placement': world.users.memberOwn.memberId!,
    }
    const bodies: Record<string, unknown> = {
      createEvent: {
        hostUnitIds: [world.kvs.own.unit.id],
        type: 'stammtisch',
        title: 'Vertrag',
        day: '2026-12-10',
        startTime: '19:00',
        endTime: '20:00',
        audience: 'own_members',
      },
      updateEvent: { title: 'Vertrag geändert' },
      // Where the member is already: the own KV's board places them there again, which changes nothing.
      moveMember: { homeUnitId: world.kvs.own.unit.id },
      importMembers: {
        fileName: 'export.csv',
        csv: `Mitgliedsnummer;Vorname;Nachname;KV;Eintrittsdatum\nH${randomUUID().slice(0, 8)};Hanna;Harness;${world.kvs.own.unit.name};2020-01-01\n`,
      },
    }
    /** Who calls each operation as described: an organiser of the own KV, the admin for the member import. */
    const callerOf = (operationId: string) => (operationId === 'importMembers' ? tokens.admin!.wide : admin)
    const failures: string[] = []
    let walked = 0
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        walked++
        const url = path.replace('{id}', ids[path] ?? randomUUID()).replace('{shiftId}', ownHelp.shift.id)
        const calls = [
          { label: 'as described', headers: bearer(callerOf(op.operationId)), body: bodies[op.operationId] },
          { label: 'without a token', headers: {}, body: bodies[op.operationId] },
          ...(op.requestBody
            ? [{ label: 'with a bad body', headers: bearer(admin), body: { nonsense: true } }]
            : []),
          ...(path.includes('{id}')
            ? [{ label: 'unknown id', headers: bearer(admin), unknown: true, body: bodies[op.operationId] }]
            : []),
        ]
        for (const call of calls) {
          const target =
            'unknown' in call ? path.replace('{id}', randomUUID()).replace('{shiftId}', randomUUID()) : url
          const res = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url: target,
            headers: { ...call.headers, ...(call.body ? { 'content-type': 'application/json' } : {}) },
            ...(call.body ? { payload: JSON.stringify(call.body) } : {}),
            remoteAddress: nextAddress(),
          })
          const where = `${method.toUpperCase()} ${path} ${call.label}`
          const described = op.responses[String(res.statusCode)]
          if (!described) {
            failures.push(`${where}: ${res.statusCode} is not in the document (${res.body.slice(0, 200)})`)
            continue
          }
          if (call.label === 'as described' && !String(res.statusCode).startsWith('2'))
            failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`)
          const [type, media] = Object.entries(described.content ?? {})[0] ?? []
          if (!media) continue
          if (!String(res.headers['content-type']).startsWith(type!))
            failures.push(`${where}: content-type ${res.headers['content-type']}, described ${type}`)
          const errors = check(media.schema, res.json())
          if (errors.length) failures.push(`${where}: ${errors.join('; ')}`)
        }
      }
    }
    expect(walked).toBeGreaterThan(4)
    expect(failures.join('\n')).toBe('')
  })
})

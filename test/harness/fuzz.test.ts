import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, describe, expect, test } from 'vitest'
import { createSession } from '../../src/domains/accounts/index.js'
import { sessions } from '../../src/domains/accounts/tables.js'
import { csrfTokenFor } from '../../src/platform/http/csrf.js'
import { listRoutes, type RouteEntry } from '../../src/platform/http/route-table.js'
import { buildTestApp, TEST_SECRET } from '../support/app.js'
import { anonymousVisitor, type Session, sessionFor } from '../support/factories.js'
import { buildWorld, kvKeys } from '../support/fixtures-world.js'
import { nextAddress, paramNames, routeKey, targetsFor } from './route-targets.js'

/**
 * Malformed input against every route (SECURITY-GOALS I-2, I-3): wrong types, huge strings, NUL
 * bytes, broken percent-encodings, prototype keys, duplicate keys and arrays, as an anonymous
 * visitor and as an admin with a valid CSRF token (so the bodies reach the handlers).
 * FUZZ_SEED replays a run; FUZZ_RUNS raises the number of runs per route (1000 before a release).
 */

const seed = Number(process.env.FUZZ_SEED ?? 20_261_121)
const numRuns = Number(process.env.FUZZ_RUNS ?? 100)
console.info(`fuzz: seed ${seed}, ${numRuns} runs per route and visitor (replay with FUZZ_SEED=${seed})`)

const t = await buildTestApp()
const db = t.database.db
const world = await buildWorld(db)
const routes = listRoutes(t.app).filter((r) => r.method !== 'HEAD')
afterAll(() => t.close())

/** Form field names the pages actually use, so generated bodies hit real fields as well as junk. */
async function collectFieldNames(): Promise<string[]> {
  const admin = await sessionFor(db, world.users.admin, t.clock.now())
  const names = new Set<string>()
  for (const route of routes.filter((r) => r.method === 'GET')) {
    for (const target of targetsFor(route, world).filter((x) => !x.random)) {
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_m, n: string) => target.params[n] ?? '')
      for (const headers of [{}, admin.headers]) {
        const res = await t.app.inject({ method: 'GET', url, headers, remoteAddress: nextAddress() })
        for (const m of res.body.matchAll(/\bname="([^"]{1,60})"/g)) names.add(m[1]!)
      }
    }
  }
  names.delete('_csrf')
  return [...names]
}
const fieldNames = await collectFieldNames()

const worldIds = [
  world.federal.id,
  world.states.own.id,
  world.states.other.id,
  world.partnerships.public,
  world.partnerships.private,
  world.users.memberOwn.id,
  world.users.boardOther.id,
  ...kvKeys.flatMap((k) => [world.kvs[k].unit.id, world.kvs[k].local.id, ...world.kvs[k].memberIds]),
  world.events.own,
  world.events.foreign,
  world.agreements.own,
  world.agreements.foreign,
  world.agreements.minutes,
  world.volunteer.memberId,
  world.volunteer.requestId,
  world.help.foreign,
  world.onboarding.pipeline,
  world.onboarding.memberOwnPipeline,
]

/** Percent-encodes the UTF-8 bytes of a string (lone surrogates become U+FFFD, as a browser sends them). */
const enc = (s: string) =>
  Array.from(Buffer.from(s, 'utf8'), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0')}`,
  ).join('')

const nasty = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Eevil',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  "'; --",
  '1 OR 1=1',
  '../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '0x10',
  '2026-02-30',
  '9999-12-31',
  'true',
  'on',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '\r\nSet-Cookie: x=1',
  '𝕏ä\u0301',
  'a'.repeat(10_000),
]
/** Sequences that are not valid percent-encoding or not valid UTF-8 once decoded. */
const rawTokens = [
  '%',
  '%%',
  '%zz',
  '%C0%AF',
  '%FF',
  '%ED%A0%80',
  '%E0%A4%A',
  '%00',
  '+',
  '%2B',
  '%F4%90%80%80',
]

const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nasty).map(enc) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(enc) },
  { weight: 2, arbitrary: fc.constantFrom(...rawTokens) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map((d) => enc(String(d))) },
  { weight: 1, arbitrary: fc.uuid().map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...worldIds) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
)

const key = fc.oneof(
  { weight: 4, arbitrary: fieldNames.length > 0 ? fc.constantFrom(...fieldNames) : fc.constant('name') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      '__proto__[isAdmin]',
      'constructor[prototype][isAdmin]',
      'a[]',
      'a[0]',
      'a[b][c]',
      '_csrf',
      'page',
      'next',
      'back',
      'id',
      'q',
      'sort',
      'order',
      'limit',
      'offset',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map(enc) },
  { weight: 1, arbitrary: fc.constantFrom(...rawTokens) },
)

/** key=value pairs with duplicates, bare keys and broken encodings: a query string or a form body. */
const pairs = fc
  .array(fc.tuple(key, fc.option(value, { freq: 8 })), { maxLength: 10 })
  .map((list) => list.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&'))

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"email":["a@b.de","c@d.de"],"password":{"$ne":""}}',
    '{"a":',
    '[]',
    'null',
    '"\\u0000"',
  ),
  fc
    .dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 3 })), {
      maxKeys: 6,
    })
    .map((o) => JSON.stringify(o)),
)

type Body = { contentType?: string; payload?: string | Buffer }

const multipartBody = fc
  .tuple(
    fc.array(fc.tuple(key, fc.string({ unit: 'binary', maxLength: 30 })), { maxLength: 5 }),
    fc.constantFrom('file', 'csv', 'upload'),
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom(
        'member_number;first_name\n1;"unterminated\n',
        '\uFEFFa,b,c\n1,2\n,,,,,\n',
        '\u0000\u0001\u0002',
        `${'x,'.repeat(5000)}\n`,
      ),
    ),
  )
  .map(([fields, fileField, content]): Body => {
    const boundary = '----fuzzboundary7MA4YWxkTrZu0gW'
    const parts = fields.map(
      ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${decodeSafe(k)}"\r\n\r\n${v}\r\n`,
    )
    parts.push(
      `--${boundary}\r\ncontent-disposition: form-data; name="${fileField}"; filename="import.csv"\r\ncontent-type: text/csv\r\n\r\n${content}\r\n`,
    )
    return {
      contentType: `multipart/form-data; boundary=${boundary}`,
      payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
    }
  })

function decodeSafe(s: string) {
  try {
    return decodeURIComponent(s).replace(/["\r\n]/g, '')
  } catch {
    return 'x'
  }
}

const body: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 6,
    arbitrary: pairs.map((p) => ({ contentType: 'application/x-www-form-urlencoded', payload: p })),
  },
  { weight: 2, arbitrary: jsonBody.map((p) => ({ contentType: 'application/json', payload: p })) },
  { weight: 1, arbitrary: multipartBody },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded; charset=latin1'),
        pairs,
      )
      .map(([contentType, payload]) => ({ contentType, payload })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      contentType: 'application/x-www-form-urlencoded',
      payload: `a=${'x'.repeat(1_100_000)}`,
    }),
  },
)

const param = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...worldIds) },
  { weight: 2, arbitrary: fc.uuid().map(String) },
  { weight: 4, arbitrary: value },
)

type Generated = { params: string[]; query: string; body: Body }

const requestFor = (route: RouteEntry): fc.Arbitrary<Generated> =>
  fc.record({
    params: fc.tuple(...paramNames(route.url).map(() => param)),
    query: fc.option(pairs, { freq: 3 }).map((q) => q ?? ''),
    body: route.method === 'GET' ? fc.constant({}) : body,
  })

const stackTrace = /\n\s+at\s|\/src\/|node_modules|\.tsx?:\d+/
/** What a database error looks like when it reaches a page; matched unless the request itself sent it. */
const sqlFragments = [
  /syntax error/i,
  /\bselect\s[^<>]{0,200}?\sfrom\s/i,
  /insert into/i,
  /violates/i,
  /duplicate key/i,
  /relation "/i,
  /invalid input syntax/i,
  /\bdrizzle\b/i,
  /PGlite|postgres/i,
]

const origin = 'https://brueckenschlag.example'

/** A Location header must name a page of this origin, in a form a browser reads the same way. */
function locationProblem(location: unknown): string | undefined {
  if (location === undefined) return undefined
  if (typeof location !== 'string' || !/^[\x21-\x7e]+$/.test(location))
    return `a malformed Location: ${JSON.stringify(location)}`
  if (!location.startsWith('/') || /^\/[/\\]/.test(location))
    return `a Location that is not a local path: ${location}`
  if (new URL(location, `${origin}/a/b`).origin !== origin) return `a Location to another origin: ${location}`
  return undefined
}

function problemsOf(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  sent: string,
): string[] {
  const found: string[] = []
  if (res.statusCode >= 500) found.push(`status ${res.statusCode}`)
  const location = locationProblem(res.headers.location)
  if (location) found.push(location)
  if (stackTrace.test(res.body)) found.push('a stack trace or source path in the body')
  for (const pattern of sqlFragments) {
    const hit = res.body.match(pattern)
    if (hit && !sent.toLowerCase().includes(hit[0].toLowerCase())) found.push(`SQL in the body: ${hit[0]}`)
  }
  return found
}

/** A fresh admin session, ended again after the run so the account's session list stays short. */
async function freshAdminSession(): Promise<Session & { end: () => Promise<void> }> {
  const { token, sessionId } = await createSession(db, world.users.admin.id, t.clock.now())
  const cookie = `bs_session=${token}`
  return {
    cookie,
    csrf: csrfTokenFor(TEST_SECRET, sessionId),
    headers: { cookie },
    end: async () => {
      await db.update(sessions).set({ revokedAt: t.clock.now() }).where(eq(sessions.id, sessionId))
    },
  }
}

type Visitor = {
  name: string
  session: (route: RouteEntry) => Promise<Session & { end?: () => Promise<void> }>
  runs: (route: RouteEntry) => number
}
const adminForReading = await sessionFor(db, world.users.admin, t.clock.now())
const visitors: Visitor[] = [
  {
    name: 'anonymous',
    session: async () => anonymousVisitor(),
    // Behind the access gate only routing and parsing are exercised; fewer runs find what there is.
    runs: (route) => (route.access === 'public' ? numRuns : Math.ceil(numRuns / 4)),
  },
  {
    name: 'admin',
    // A fresh session for every state-changing run: a fuzzed request may well log the admin out.
    session: (route) => (route.method === 'GET' ? Promise.resolve(adminForReading) : freshAdminSession()),
    runs: () => numRuns,
  },
]

const statuses = new Map<string, number>()
afterAll(() => {
  const summary = [...statuses].sort().map(([k, n]) => `${k}: ${n}`)
  console.info(`fuzz answers by visitor and status: ${summary.join(', ')}`)
})

describe.each(visitors)('malformed input as $name', (visitor) => {
  test.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s never fails, leaks a stack trace or SQL',
    async (_key, route) => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (gen) => {
          let i = 0
          const path = route.url.replace(/:([A-Za-z0-9_]+)/g, () => gen.params[i++] ?? '')
          const url = gen.query ? `${path}?${gen.query}` : path
          const session = await visitor.session(route)
          const headers: Record<string, string> = { cookie: session.cookie, 'x-csrf-token': session.csrf }
          const options: InjectOptions = {
            method: route.method as 'GET',
            url,
            headers,
            remoteAddress: nextAddress(),
          }
          if (gen.body.contentType) headers['content-type'] = gen.body.contentType
          if (gen.body.payload !== undefined) {
            options.payload =
              typeof gen.body.payload === 'string' && gen.body.contentType?.includes('urlencoded')
                ? `_csrf=${encodeURIComponent(session.csrf)}&${gen.body.payload}`
                : gen.body.payload
          }
          const res = await t.app.inject(options)
          await session.end?.()
          const bucket = `${visitor.name} ${res.statusCode}`
          statuses.set(bucket, (statuses.get(bucket) ?? 0) + 1)
          const sent = `${url}\n${String(options.payload ?? '')}`
          const problems = problemsOf(res, decodeLoosely(sent))
          if (problems.length > 0) {
            throw new Error(
              `${route.method} ${url.slice(0, 500)}\ncontent-type: ${gen.body.contentType}\nbody: ${String(gen.body.payload ?? '').slice(0, 500)}\n→ ${res.statusCode}: ${problems.join('; ')}\n${res.body.slice(0, 400)}`,
            )
          }
        }),
        { seed, numRuns: visitor.runs(route), endOnFailure: true },
      )
    },
    120_000,
  )
})

function decodeLoosely(s: string) {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '))
  } catch {
    return s
  }
}

test('the fuzzer reached real form fields', () => {
  expect(fieldNames).toEqual(expect.arrayContaining(['email', 'password']))
})

import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../src/platform/db/query.js'
import type { Db } from '../../src/platform/db/types.js'
import type { RouteEntry } from '../../src/platform/http/route-table.js'
import {
  type KvKey,
  kvKeys,
  oversees,
  type World,
  type WorldRole,
  worldRoles,
} from '../support/fixtures-world.js'

/** 'GET /units/:id', the key of a route in every table of the harness. */
export const routeKey = (r: Pick<RouteEntry, 'method' | 'url'>) => `${r.method} ${r.url}`

export const paramNames = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!)

export type Target = {
  label: string
  params: Record<string, string>
  /** The KV the object belongs to, when it belongs to one. */
  kv?: KvKey
  /** Who may read the member data of the unit (board of it or an office above it). */
  overseenBy?: readonly WorldRole[]
  /** A made-up id: nothing by that id exists. */
  random?: boolean
}

const overseers = (k: KvKey) => worldRoles.filter((r) => oversees[r].includes(k))

const eachKv = (pick: (k: KvKey) => string, name = 'id'): Target[] =>
  kvKeys.map((k) => ({ label: `KV ${k}`, kv: k, overseenBy: overseers(k), params: { [name]: pick(k) } }))

/**
 * The objects of the world that fill a route's path parameters, by path prefix: '/units/:id' also
 * serves '/units/:id/members'. Parameters no entry fills get a random UUID (an object that does not exist).
 */
export const targetsByPath: Record<string, (w: World) => Target[]> = {
  '/assets/:file': () => [{ label: 'stylesheet', params: { file: 'app.css' } }],
  '/lang/:locale': () => [
    { label: 'English', params: { locale: 'en' } },
    { label: 'German', params: { locale: 'de' } },
  ],
  '/units/:id': (w) => [
    ...eachKv((k) => w.kvs[k].unit.id),
    { label: 'local group own', kv: 'own', overseenBy: overseers('own'), params: { id: w.kvs.own.local.id } },
    { label: 'state own', overseenBy: ['stateOwn', 'federal', 'admin'], params: { id: w.states.own.id } },
    { label: 'federation', overseenBy: ['federal', 'admin'], params: { id: w.federal.id } },
  ],
  '/embed/kv/:id': (w) => eachKv((k) => w.kvs[k].unit.id),
  '/embed/state/:id': (w) => [
    { label: 'state own', params: { id: w.states.own.id } },
    { label: 'state other', params: { id: w.states.other.id } },
  ],
  '/partnerships/:id': (w) => [
    { label: 'public partnership own–partner', params: { id: w.partnerships.public } },
    { label: 'private partnership other–foreign', params: { id: w.partnerships.private } },
  ],
  '/admin/users/:id': (w) => [{ label: 'account of a member', params: { id: w.users.memberOwn.id } }],
  '/events/:id': (w) => eventTargets(w),
  '/events/:id.ics': (w) => eventTargets(w),
  '/agreements/:id': (w) => [
    { label: 'agreement own', kv: 'own', params: { id: w.agreements.own } },
    { label: 'agreement foreign', kv: 'foreign', params: { id: w.agreements.foreign } },
  ],
  // The minutes of own–partner, by their own agreement and by one whose board may read minutes too.
  '/agreements/:id/minutes/:minutesId': (w) => [
    { label: 'minutes own', kv: 'own', params: { id: w.agreements.own, minutesId: w.agreements.minutes } },
    {
      label: 'minutes own under agreement foreign',
      kv: 'foreign',
      params: { id: w.agreements.foreign, minutesId: w.agreements.minutes },
    },
  ],
  // A member's page for the board: the members of the own KV.
  '/members/:id': (w) => [
    {
      label: 'member own',
      kv: 'own',
      overseenBy: overseers('own'),
      params: { id: w.users.memberOwn.memberId! },
    },
  ],
  '/volunteers/members/:id': (w) => [
    { label: 'pool member own', kv: 'own', params: { id: w.volunteer.memberId } },
  ],
  '/volunteers/requests/:id': (w) => [
    { label: 'request to a pool member own', kv: 'own', params: { id: w.volunteer.requestId } },
  ],
  '/help/:id': (w) => [{ label: 'help request foreign', kv: 'foreign', params: { id: w.help.foreign } }],
  '/onboarding/units/:id': (w) => eachKv((k) => w.kvs[k].unit.id),
  '/onboarding/pipelines/:id': (w) => [
    { label: 'pipeline own', kv: 'own', params: { id: w.onboarding.pipeline } },
    { label: 'pipeline of memberOwn', kv: 'own', params: { id: w.onboarding.memberOwnPipeline } },
  ],
  '/onboarding/standards/:id': (w) => [...eachKv((k) => w.kvs[k].unit.id), ...stateTargets(w)],
  '/resolutions/:id': (w) => [{ label: 'resolution own', kv: 'own', params: { id: w.resolutions.own } }],
  '/reports/:id': (w) => [
    { label: 'report draft own', kv: 'own', params: { id: w.reports.draft } },
    { label: 'report for members own', kv: 'own', params: { id: w.reports.members } },
  ],
  '/reports/:id/versions/:version': (w) => [
    { label: 'report version own', kv: 'own', params: { id: w.reports.draft, version: '1' } },
  ],
  '/measures/:id': (w) => [{ label: 'measure own', kv: 'own', params: { id: w.resolutions.measure } }],
  '/surveys/:id': (w) => [{ label: 'survey own', kv: 'own', params: { id: w.surveys.own } }],
  '/campaigns/:id': (w) => [{ label: 'campaign own', kv: 'own', params: { id: w.campaigns.own } }],
  // The person the coordinator is calling now, and the coordinator as a caller the owners may remove.
  '/campaigns/:id/calls/:targetId': (w) => [
    { label: 'call own', kv: 'own', params: { id: w.campaigns.own, targetId: w.campaigns.target } },
  ],
  '/campaigns/:id/callers/:userId': (w) => [
    { label: 'caller own', kv: 'own', params: { id: w.campaigns.own, userId: w.users.coordinator.id } },
  ],
  '/onboarding/dashboard/:id': (w) => [...stateTargets(w), ...eachKv((k) => w.kvs[k].unit.id)],
  // The own KV's team: its page, its members' and applicants' rows, and the forms of its events, help and calls.
  '/teams/:id': (w) => [teamTarget(w)],
  '/teams/:id/applications/:membershipId': (w) => [
    {
      ...teamTarget(w),
      label: 'application to team own',
      params: { ...teamTarget(w).params, membershipId: w.team.application },
    },
  ],
  '/teams/:id/members/:membershipId': (w) => [
    {
      ...teamTarget(w),
      label: 'membership of memberOwn in team own',
      params: { ...teamTarget(w).params, membershipId: w.team.memberOwnMembership },
    },
  ],
  '/volunteers/projects/:id': (w) => [
    { label: 'project call of team own', kv: 'own', params: { id: w.team.project } },
  ],
  '/mentoring/:id': (w) => [{ label: 'programme own state', params: { id: w.mentoring.programme } }],
  '/mentoring/:id/applications/:applicationId': (w) => [
    {
      label: 'application own',
      kv: 'own',
      params: { id: w.mentoring.programme, applicationId: w.mentoring.application },
    },
  ],
}

/** The two states, each with who may read the figures of its KVs: its office and the offices above it. */
const stateTargets = (w: World): Target[] => [
  { label: 'state own', overseenBy: ['stateOwn', 'federal', 'admin'], params: { id: w.states.own.id } },
  { label: 'state other', overseenBy: ['stateOther', 'federal', 'admin'], params: { id: w.states.other.id } },
]

const teamTarget = (w: World): Target => ({
  label: 'team own',
  kv: 'own',
  overseenBy: overseers('own'),
  params: { id: w.team.id },
})

const eventTargets = (w: World): Target[] => [
  { label: 'event own', kv: 'own', params: { id: w.events.own } },
  { label: 'event foreign', kv: 'foreign', params: { id: w.events.foreign } },
]

function prefixOf(url: string): string | undefined {
  return Object.keys(targetsByPath)
    .filter((p) => url === p || url.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0]
}

/** The targets of a route: the listed objects (if any) plus one made-up id for each parameter. */
export function targetsFor(route: RouteEntry, world: World): Target[] {
  const names = paramNames(route.url)
  if (names.length === 0) return [{ label: 'page', params: {} }]
  const prefix = prefixOf(route.url)
  const listed = prefix ? targetsByPath[prefix]!(world) : []
  const random: Target = {
    label: 'made-up id',
    random: true,
    params: Object.fromEntries(names.map((n) => [n, randomUUID()])),
  }
  return [...listed, random]
}

export function fillPath(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    encodeURIComponent(params[name] ?? randomUUID()),
  )
}

/**
 * A fingerprint of every row of every table, to prove that a refused request changed nothing.
 * The test databases are small, so hashing the whole content stays cheap; one statement for all
 * tables keeps it to a single round trip.
 */
export async function databaseFingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )
  if (tables.length === 0) return {}
  const perTable = tables.map(({ name }) => {
    const ident = `"${name.replaceAll('"', '')}"`
    const literal = `'${name.replaceAll("'", "''")}'`
    return `select ${literal} as name, count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${ident} t`
  })
  const rows = await queryRows<{ name: string; digest: string; n: number }>(
    db,
    sql.raw(perTable.join(' union all ')),
  )
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.digest}`]))
}

/** A fresh client address per request, so the per-address rate limits never decide an answer. */
let addressCounter = 0
export function nextAddress(): string {
  addressCounter = (addressCounter + 1) % 250_000
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${(addressCounter & 255) + 1}`
}

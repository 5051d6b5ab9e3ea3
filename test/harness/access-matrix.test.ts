import { afterAll, describe, expect, test } from 'vitest'
import { buildApp } from '../../src/app.js'
import { type Role, roleRank } from '../../src/platform/auth/actor.js'
import { listRoutes, type RouteEntry } from '../../src/platform/http/route-table.js'
import { buildTestApp, TEST_SECRET, testConfig } from '../support/app.js'
import { sessionFor } from '../support/factories.js'
import {
  aboveForeign,
  buildWorld,
  forbiddenCanaries,
  type KvKey,
  membersOfOwn,
  type ObjectCanary,
  organisersOfOwn,
  strongestRole,
  type WorldRole,
  worldRoles,
  worldSessions,
} from '../support/fixtures-world.js'
import {
  databaseFingerprint,
  fillPath,
  nextAddress,
  routeKey,
  type Target,
  targetsByPath,
  targetsFor,
} from './route-targets.js'

/**
 * Every route × every kind of visitor × own, foreign and made-up objects (SECURITY-GOALS AC-1,
 * AC-2, C-1). The expected answer follows from the route's declared access; where it depends on
 * the object, the route has a row in `expectations` below, so a new route with objects forces a decision.
 */

const t = await buildTestApp()
const db = t.database.db
const world = await buildWorld(db)
const sessions = await worldSessions(db, world, t.clock.now())
const routes = listRoutes(t.app)
afterAll(() => t.close())

type Expected = { status: readonly number[] }

/** Where the coarse gate (config.access) decides, its answer; undefined when the visitor passes it. */
function gate(route: RouteEntry, role: WorldRole): Expected | undefined {
  if (route.access === 'public' || route.access === undefined) return undefined
  // The JSON API never reads a cookie: without a bearer token every visitor is unknown to it (api-tokens.test.ts).
  if (route.url.startsWith('/api/')) return { status: [401] }
  const held = strongestRole[role]
  // An unknown visitor is sent to the login form (GET) or refused (anything else).
  if (held === null) return { status: route.method === 'GET' ? [303] : [401, 403] }
  if (route.access === 'signed-in') return undefined
  return roleRank(held) >= roleRank(route.access as Role) ? undefined : { status: [403] }
}

/** 200 for the listed visitors of each world object, 404 for everyone else and for made-up ids. */
function onlyFor(readers: Record<string, readonly WorldRole[]>) {
  return (role: WorldRole, target: Target): readonly number[] =>
    readers[target.label]?.includes(role) ? [200] : [404]
}

/** Who reads each draft agreement: the boards of both sides and the federal office (and the admin above it). */
const agreementReaders: Record<string, readonly WorldRole[]> = {
  'agreement own': ['boardOwn', 'boardPartner', 'federal', 'admin'],
  'agreement foreign': ['boardOther', 'federal', 'admin'],
}

/** Who works on the new members of each KV: its board and its state's office. */
const onboardingReaders: Record<KvKey, readonly WorldRole[]> = {
  own: ['boardOwn', 'stateOwn'],
  other: ['boardOther', 'stateOwn'],
  partner: ['boardPartner', 'stateOther'],
  foreign: ['stateOther'],
}

/** Who sees the own state's mentoring programme: the state's members, its office, the boards and offices above. */
const mentoringViewers: readonly WorldRole[] = [
  'memberOwn',
  'memberOther',
  'coordinator',
  'boardOwn',
  'boardOther',
  'stateOwn',
  'federal',
  'admin',
]

/**
 * Answers that do not follow from the declared access alone: pages whose object decides. Each row
 * returns the statuses for a visitor who passed the coarse gate.
 */
/** The resolution's board and the offices above manage it; its other members are refused, outsiders get 404. */
const resolutionManagers = (role: WorldRole, target: Target) =>
  target.random || !membersOfOwn.includes(role)
    ? [404]
    : organisersOfOwn.includes(role) && role !== 'coordinator'
      ? [200]
      : [403]

/** The organisers of each event get its management pages; its audience is refused; anyone else gets 404. */
const eventOrganisers = (role: WorldRole, target: Target) => {
  const organisers: Record<string, readonly WorldRole[]> = {
    'event own': organisersOfOwn,
    'event foreign': aboveForeign,
  }
  const audience: Record<string, readonly WorldRole[]> = {
    'event own': membersOfOwn,
    'event foreign': aboveForeign,
  }
  if (organisers[target.label]?.includes(role)) return [200]
  return audience[target.label]?.includes(role) ? [403] : [404]
}

/**
 * The forms of the own KV's team (its events and help requests, or with `actors` its project calls): the listed
 * visitors (its leads are none of them) get them; the others who see the team (the KV's members, those above) are
 * refused; anyone else is told it is not there.
 */
const teamForms =
  (actors: readonly WorldRole[]) =>
  (role: WorldRole, target: Target): readonly number[] =>
    target.random || !membersOfOwn.includes(role) ? [404] : actors.includes(role) ? [200] : [403]

const expectations: Record<string, (role: WorldRole, target: Target) => readonly number[]> = {
  // Member lists: the board of that KV or an office above it; everyone else is told it does not exist.
  'GET /units/:id/members': (role, target) => (target.overseenBy?.includes(role) ? [200] : [404]),
  // The export asks what the list is for first (a purpose from a fixed list); without one the list answers 422.
  'GET /units/:id/members.csv': (role, target) => (target.overseenBy?.includes(role) ? [422] : [404]),
  'GET /members/:id': (role, target) => (target.overseenBy?.includes(role) ? [200] : [404]),
  // Keeping a unit: the office above it, or the office that creates units below it (a KV's board its local
  // groups); the unit itself is public, so anyone else who passed the gate is refused.
  'GET /units/:id/manage': (role, target) =>
    target.random ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
  // Switching the language sends the visitor back.
  'GET /lang/:locale': (_role, target) => (target.random ? [404] : [303]),
  // A link from an e-mail that is unknown, used or expired is gone.
  'GET /login/link/:token': () => [410],
  'GET /password/reset/:token': () => [410],
  'GET /register/verify/:token': () => [410],
  // Nothing to confirm for a session that has confirmed or needs no second factor: back where it came from.
  'GET /login/two-factor': () => [303],
  // Single sign-on exists only where OIDC_* is configured (not in this world): the two routes answer 404.
  'GET /login/oidc': () => [404],
  'GET /login/oidc/callback': () => [404],
  'GET /events/rsvp/:token': () => [410],
  // A private proposal exists only for the boards of both sides and the offices above them.
  'GET /partnerships/:id': (role, target) =>
    target.random
      ? [404]
      : target.label.startsWith('private') && !seesPrivatePartnership(role)
        ? [404]
        : [200],
  // Editing: the boards of both sides and the federal office; others who can see it are refused.
  'GET /partnerships/:id/edit': (role, target) => {
    if (target.random) return [404]
    if (target.label.startsWith('private')) return seesPrivatePartnership(role) ? [200] : [404]
    return editsPublicPartnership(role)
      ? [200]
      : // The convention says 403 for a visible object one may not change; 404 says no more than that.
        [403, 404]
  },
  // Both partnerships of the world have an agreement: those who may edit are sent on to it.
  'GET /partnerships/:id/agreement': (role, target) => {
    if (target.random) return [404]
    const readers =
      agreementReaders[target.label.startsWith('private') ? 'agreement foreign' : 'agreement own']
    return readers?.includes(role) ? [303] : [404]
  },
  // Members-only events: their audience sees them, everyone else is told they do not exist.
  'GET /events/:id': onlyFor({ 'event own': membersOfOwn, 'event foreign': aboveForeign }),
  'GET /events/:id.ics': onlyFor({ 'event own': membersOfOwn, 'event foreign': aboveForeign }),
  // Managing an event is open to any account at the gate (a team's leads hold no role): its organisers get the
  // page, the rest of its audience is refused, everyone else is told it does not exist.
  'GET /events/:id/edit': eventOrganisers,
  'GET /events/:id/organise': eventOrganisers,
  // Drafts: the boards of both sides and the federal office.
  'GET /agreements/:id': onlyFor(agreementReaders),
  'GET /agreements/:id/print': onlyFor(agreementReaders),
  'GET /agreements/:id/pdf': onlyFor(agreementReaders),
  // Without `from` and `to` there is nothing to compare.
  'GET /agreements/:id/compare': () => [404],
  // Minutes are for the two boards themselves: not for the offices above them, not for admins.
  'GET /agreements/:id/minutes': onlyFor({
    'agreement own': ['boardOwn', 'boardPartner'],
    'agreement foreign': ['boardOther'],
  }),
  'GET /agreements/:id/minutes/:minutesId': onlyFor({ 'minutes own': ['boardOwn', 'boardPartner'] }),
  // The pool member consented to be found by their own KV only: its coordinators and board.
  'GET /volunteers/members/:id/ask': onlyFor({ 'pool member own': ['coordinator', 'boardOwn'] }),
  // A request for the partners of `foreign`, which has none that count: only the offices above it.
  'GET /help/:id': onlyFor({ 'help request foreign': aboveForeign }),
  'GET /help/:id/roster': onlyFor({ 'help request foreign': aboveForeign }),
  // Editing: those who manage it, which for this request are the offices above `foreign` only.
  'GET /help/:id/edit': onlyFor({ 'help request foreign': aboveForeign }),
  // A new member's onboarding: the KV's board and its state's office; not the federal office, not admins.
  'GET /onboarding/units/:id': (role, target) =>
    target.kv && onboardingReaders[target.kv].includes(role) ? [200] : [404],
  'GET /onboarding/pipelines/:id': onlyFor({
    'pipeline own': onboardingReaders.own,
    'pipeline of memberOwn': onboardingReaders.own,
  }),
  // Standards: a KV's by its board and the offices above, a state's by its office and above; figures likewise.
  // The own KV's team is for the KV's members; its boards and the offices above see it too; others are told it is
  // not there. Its forms for events and help requests: its leads and the own KV's organisers; for a project call,
  // its leads and those who speak for the own KV itself (not an office above it). The others who see the team are
  // refused, anyone else is told it is not there, as on the team's page.
  'GET /teams/:id': onlyFor({ 'team own': membersOfOwn }),
  'GET /teams/:id/events/new': teamForms(organisersOfOwn),
  'GET /teams/:id/help/new': teamForms(organisersOfOwn),
  'GET /teams/:id/projects/new': teamForms(['coordinator', 'boardOwn']),
  // The team's call: those who run it (who speak for the own KV, its team's lead), the members who applied and the
  // pool members the KV's consent reaches (none with an account here); anyone else is told it is not there.
  'GET /volunteers/projects/:id': onlyFor({ 'project call of team own': ['coordinator', 'boardOwn'] }),
  // Editing it: those who run it (who see it too); nobody else here sees it, so it is not there for them.
  'GET /volunteers/projects/:id/edit': onlyFor({ 'project call of team own': ['coordinator', 'boardOwn'] }),
  // Founding a team: the board of that unit or an office above it; another board is refused.
  'GET /units/:id/teams/new': (role, target) =>
    target.random ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
  'GET /onboarding/standards/:id': (role, target) => (target.overseenBy?.includes(role) ? [200] : [404]),
  'GET /onboarding/dashboard/:id': (role, target) =>
    target.label.startsWith('state') && target.overseenBy?.includes(role) ? [200] : [404],
  // Resolutions: a members-only one for the members of its KV and those above; its measures alike.
  'GET /resolutions/:id': onlyFor({ 'resolution own': membersOfOwn }),
  'GET /measures/:id': onlyFor({ 'measure own': membersOfOwn }),
  // Board reports: a draft for the unit's board and the offices above it, one published to the members for them too.
  'GET /reports/:id': onlyFor({
    'report draft own': ['boardOwn', 'stateOwn', 'federal', 'admin'],
    'report for members own': membersOfOwn,
  }),
  'GET /reports/:id/pdf': onlyFor({
    'report draft own': ['boardOwn', 'stateOwn', 'federal', 'admin'],
    'report for members own': membersOfOwn,
  }),
  // The preview of a draft: for the board that writes it.
  'GET /reports/:id/preview': onlyFor({ 'report draft own': ['boardOwn'] }),
  // A draft's saved versions: its board and the offices above, who read drafts.
  'GET /reports/:id/versions/:version': onlyFor({
    'report version own': ['boardOwn', 'stateOwn', 'federal', 'admin'],
  }),
  'GET /reports/:id/markdown': onlyFor({
    'report draft own': ['boardOwn', 'stateOwn', 'federal', 'admin'],
    'report for members own': membersOfOwn,
  }),
  // Measures are made by the board of the resolution's unit (and the offices above); its members are refused.
  'GET /resolutions/:id/measures/new': resolutionManagers,
  'GET /units/:id/resolutions/compare': (_role, target) => (target.label.startsWith('state') ? [200] : [404]),
  // Changing a resolution or a measure: the same board and offices; who may only read is refused.
  'GET /resolutions/:id/edit': resolutionManagers,
  'GET /measures/:id/edit': resolutionManagers,
  // Importing: the board of the unit and the offices above it; anyone else signed in is refused.
  'GET /units/:id/resolutions/import': (role, target) =>
    target.random ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
  // A state's mentoring programme: its members, the boards and offices above; not another state.
  'GET /mentoring/:id': onlyFor({ 'programme own state': mentoringViewers }),
  // Applying: a member of the state without an application; others who see the programme are refused.
  'GET /mentoring/:id/apply': (role, target) =>
    target.random || !mentoringViewers.includes(role)
      ? [404]
      : ['memberOwn', 'memberOther', 'coordinator', 'boardOwn', 'boardOther'].includes(role)
        ? [200]
        : [403],
  // An application with its self-description: the programme's coordinators (the state's own office) only.
  'GET /mentoring/:id/applications/:applicationId': (role, target) =>
    target.random || !mentoringViewers.includes(role) ? [404] : role === 'stateOwn' ? [200] : [403],
  // Pairing: those who run the programme only.
  'GET /mentoring/:id/pairing': (role, target) =>
    target.random || !mentoringViewers.includes(role) ? [404] : role === 'stateOwn' ? [200] : [403],
  // Setting up a programme: the office of that very unit (a KV's board); no programmes below a KV.
  'GET /units/:id/mentoring/new': (role, target) => {
    if (target.random || target.label.startsWith('local')) return [404]
    const office: Record<string, readonly WorldRole[]> = {
      'KV own': ['boardOwn'],
      'KV other': ['boardOther'],
      'KV partner': ['boardPartner'],
      'state own': ['stateOwn'],
      federation: ['federal', 'admin'],
    }
    return office[target.label]?.includes(role) ? [200] : [403]
  },
  // Surveys: a unit's board and the offices above it build them; other boards are refused, others stopped by role.
  'GET /units/:id/surveys': (role, target) =>
    target.random ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
  'GET /units/:id/surveys/new': (role, target) =>
    target.random ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
  // The builder and its preview: the board of the survey's unit and the offices above; nobody else learns of it.
  'GET /surveys/:id': onlyFor({ 'survey own': organisersOfOwn.filter((r) => r !== 'coordinator') }),
  'GET /surveys/:id/preview': onlyFor({ 'survey own': organisersOfOwn.filter((r) => r !== 'coordinator') }),
  // Results, their CSV and the single answers (a personal survey): its owners only, like the builder.
  'GET /surveys/:id/results': onlyFor({ 'survey own': organisersOfOwn.filter((r) => r !== 'coordinator') }),
  'GET /surveys/:id/results.csv': onlyFor({
    'survey own': organisersOfOwn.filter((r) => r !== 'coordinator'),
  }),
  'GET /surveys/:id/answers.csv': onlyFor({
    'survey own': organisersOfOwn.filter((r) => r !== 'coordinator'),
  }),
  // A phone campaign for an open survey: set up by its owners.
  'GET /surveys/:id/campaigns/new': onlyFor({
    'survey own': organisersOfOwn.filter((r) => r !== 'coordinator'),
  }),
  // A campaign's page (progress per KV and caller): the survey's owners. The desk: its callers only; memberOwn
  // was removed and is told it does not exist, like everyone else.
  'GET /campaigns/:id': onlyFor({ 'campaign own': organisersOfOwn.filter((r) => r !== 'coordinator') }),
  'GET /campaigns/:id/call': onlyFor({ 'campaign own': ['coordinator'] }),
  // Answering: the members of the own KV (the offices above have no membership there).
  'GET /surveys/:id/answer': onlyFor({
    'survey own': ['memberOwn', 'boardWithoutSecondFactor', 'coordinator', 'boardOwn'],
  }),
  // White spots: a KV's board and the offices above it; other units have none.
  // Which KVs have reported: the offices of a state or the federation, for that unit only.
  'GET /units/:id/reports/overview': (role, target) =>
    (target.label === 'state own' || target.label === 'federation') && target.overseenBy?.includes(role)
      ? [200]
      : [404],
  'GET /units/:id/white-spots': (role, target) =>
    target.label.startsWith('KV') && target.overseenBy?.includes(role) ? [200] : [404],
  // Seeking profiles: every board and office reads a KV's; only KVs have one. Its board (and the offices
  // above) edits it and sees the KV's partner suggestions; other boards, who can see the KV, are refused.
  'GET /units/:id/seeking': (_role, target) => (target.label.startsWith('KV') ? [200] : [404]),
  'GET /units/:id/seeking/edit': (role, target) =>
    !target.label.startsWith('KV') ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
  'GET /units/:id/matchmaking': (role, target) =>
    !target.label.startsWith('KV') ? [404] : target.overseenBy?.includes(role) ? [200] : [403],
}

/** The boards of `own` and `partner`, the offices above them. */
function editsPublicPartnership(role: WorldRole) {
  return ['boardOwn', 'boardPartner', 'stateOwn', 'stateOther', 'federal', 'admin'].includes(role)
}

/** The boards of `other` and `foreign`, the offices above them. */
function seesPrivatePartnership(role: WorldRole) {
  return ['boardOther', 'stateOwn', 'stateOther', 'federal', 'admin'].includes(role)
}

/**
 * Visitors who must be answered exactly like another: a board member whose session has not confirmed
 * the second factor is a plain member of the own KV, on every route (SECURITY-GOALS A-4).
 */
const actsAs: Partial<Record<WorldRole, WorldRole>> = { boardWithoutSecondFactor: 'memberOwn' }

function expected(route: RouteEntry, visitor: WorldRole, target: Target): Expected {
  const role = actsAs[visitor] ?? visitor
  const byGate = gate(route, role)
  if (byGate) return byGate
  const row = expectations[routeKey(route)]
  if (row) return { status: row(role, target) }
  return { status: target.random ? [404] : [200] }
}

/**
 * Routes anyone may call. A route lands here only on purpose: an accidentally public route is
 * the likeliest way for member data to leak.
 */
const publicRoutes = [
  // Platform: files, language switch, health.
  'GET /assets/:file',
  'GET /favicon.ico',
  'GET /lang/:locale',
  'GET /health',
  'GET /ready',
  // The JSON API's description and its reference page; every operation of the API needs a token.
  'GET /api/v1/openapi.json',
  'GET /api/v1/docs',
  // Accounts: the ways into an account. The links carry their own secret token.
  'GET /login',
  'POST /login',
  'GET /login/oidc',
  'GET /login/oidc/callback',
  'GET /register',
  'POST /register',
  'GET /check-inbox',
  'GET /register/verify/:token',
  'POST /register/verify/:token',
  'GET /login/link',
  'POST /login/link',
  'GET /login/link/:token',
  'POST /login/link/:token',
  'GET /password/forgot',
  'POST /password/forgot',
  'GET /password/reset/:token',
  'POST /password/reset/:token',
  // Shows every login link: registered only while OUTBOX_PAGE is on (checked below).
  'GET /dev/outbox',
  // The structure of the party is public; its members are not.
  'GET /',
  'GET /units',
  'GET /units/:id',
  // Published partnerships, their map, directory, exports and widgets, and the form to report one.
  'GET /partnerships/:id',
  'GET /partnerships/report',
  'POST /partnerships/report',
  'POST /partnerships/report/search',
  'GET /partnerships/report/thanks',
  'GET /map',
  'GET /embed/map',
  'GET /embed/kv/:id',
  'GET /directory',
  'GET /partnerships.csv',
  'GET /partnerships.json',
  'GET /partnerships.geojson',
  // The Wissenswerk: entries and their images answer by their visibility (public ones for everyone).
  'GET /playbook',
  'GET /playbook/:id',
  'GET /playbook/images/:id',
  // Board reports: every unit's list and feed; a report itself for whoever it was published to (its policy).
  'GET /units/:id/reports',
  'GET /units/:id/reports.atom',
  'GET /reports/:id',
  'GET /reports/:id/pdf',
  'GET /reports/:id/markdown',
  // The public calendar of public events, its feeds, and the event lists KVs and states embed.
  'GET /termine',
  'GET /termine.ics',
  'GET /embed/kv/:id/events',
  'GET /embed/state/:id/events',
  // Published events of a unit, with calendar feeds; guests sign up by e-mail and confirm by a token link.
  'GET /units/:id/events',
  'GET /units/:id/events.ics',
  'GET /events/:id',
  'GET /events/:id.ics',
  'POST /events/:id/guests',
  'GET /events/guests/sent',
  'GET /events/rsvp/:token',
  'POST /events/rsvp/:token',
  // A personal calendar feed; the token in the address is the key.
  'GET /calendar/:token.ics',
  // Partnership agreements: public once ratified, the rest (drafts, minutes) 404 to outsiders.
  'GET /partnerships/:id/agreement',
  'GET /agreements/:id',
  'GET /agreements/:id/print',
  'GET /agreements/:id/pdf',
  'GET /agreements/:id/minutes',
  'GET /agreements/:id/minutes/:minutesId',
  // Resolutions and their measures: public ones for all, the others 404 to outsiders; a unit's list shows what the visitor may see.
  'GET /units/:id/resolutions',
  // A state's KVs side by side: the measures of resolutions the visitor may read; other units have none (404).
  'GET /units/:id/resolutions/compare',
  'GET /resolutions/:id',
  'GET /measures/:id',
  // A member's personal link to a survey: the token in the address is the key.
  'GET /s/:token',
  'POST /s/:token',
]

describe('the route table', () => {
  test('every route declares its access policy', () => {
    const missing = routes.filter((r) => !r.access).map(routeKey)
    expect(missing).toEqual([])
  })

  test('an application with a route that declares no access does not start', async () => {
    const app = await buildApp(testConfig(), { database: t.database, mailer: t.mailer, secret: TEST_SECRET })
    const starting = (async () => {
      app.get('/undeclared', async () => 'open to all')
      await app.ready()
    })()
    await expect(starting).rejects.toThrow(/declares no access policy/)
    await app.close().catch(() => {})
  })

  test('the public routes are exactly the acknowledged ones', () => {
    const actual = routes.filter((r) => r.access === 'public').map(routeKey)
    expect([...new Set(actual)].sort()).toEqual([...publicRoutes].sort())
  })

  test('the outbox page does not exist unless it is switched on', async () => {
    const off = await buildTestApp({ database: t.database, env: { OUTBOX_PAGE: 'false' } })
    const urls = listRoutes(off.app).map(routeKey)
    await off.close()
    expect(urls).not.toContain('GET /dev/outbox')
  })

  test('the tables of this harness name only routes that exist', () => {
    const keys = new Set(routes.map(routeKey))
    const urls = new Set(routes.map((r) => r.url))
    const stale = [
      ...Object.keys(targetsByPath).filter((p) => ![...urls].some((u) => u === p || u.startsWith(`${p}/`))),
      ...Object.keys(expectations).filter((k) => !keys.has(k)),
    ]
    expect(stale).toEqual([])
  })
})

/**
 * A canary that no page ever shows would pass the matrix whatever the policy says: each one must
 * appear on its page for a visitor allowed to see it. The volunteer's contact data has no such
 * visitor; its pages show the volunteer's name instead, which proves the object is rendered.
 */
const canaryPages: { name: ObjectCanary; as: WorldRole; url: () => string; shows?: string }[] = [
  { name: 'own event title', as: 'memberOwn', url: () => `/events/${world.events.own}` },
  { name: 'foreign event title', as: 'stateOther', url: () => `/events/${world.events.foreign}` },
  { name: 'access needs', as: 'coordinator', url: () => `/events/${world.events.own}/organise` },
  { name: 'own agreement text', as: 'boardPartner', url: () => `/agreements/${world.agreements.own}` },
  { name: 'foreign agreement text', as: 'boardOther', url: () => `/agreements/${world.agreements.foreign}` },
  {
    name: 'minutes',
    as: 'boardPartner',
    url: () => `/agreements/${world.agreements.own}/minutes/${world.agreements.minutes}`,
  },
  { name: 'foreign help request title', as: 'stateOther', url: () => `/help/${world.help.foreign}` },
  {
    name: 'volunteer phone',
    as: 'coordinator',
    url: () => `/volunteers/members/${world.volunteer.memberId}/ask`,
    shows: 'Vera',
  },
  { name: 'volunteer e-mail', as: 'coordinator', url: () => '/volunteers/sent', shows: 'Vera' },
  { name: 'own resolution title', as: 'memberOwn', url: () => `/resolutions/${world.resolutions.own}` },
  { name: 'own report draft', as: 'stateOwn', url: () => `/units/${world.kvs.own.unit.id}/reports` },
  { name: 'own members report', as: 'memberOwn', url: () => `/reports/${world.reports.members}` },
  { name: 'own report version', as: 'boardOwn', url: () => `/reports/${world.reports.draft}/versions/1` },
  { name: 'own survey question', as: 'memberOwn', url: () => `/surveys/${world.surveys.own}/answer` },
  { name: 'own campaign name', as: 'boardOwn', url: () => `/campaigns/${world.campaigns.own}` },
  { name: 'campaign phone', as: 'coordinator', url: () => `/campaigns/${world.campaigns.own}/call` },
  { name: 'campaign call note', as: 'coordinator', url: () => `/campaigns/${world.campaigns.own}/call` },
  {
    name: 'onboarding note',
    as: 'stateOwn',
    url: () => `/onboarding/pipelines/${world.onboarding.pipeline}`,
  },
  {
    name: 'mentoring self-description',
    as: 'stateOwn',
    url: () => `/mentoring/${world.mentoring.programme}/applications/${world.mentoring.application}`,
  },
]

describe('the canaries of the world', () => {
  test('every object canary of the world has a page that shows its object', () => {
    const named = new Set(canaryPages.map((p) => p.name))
    expect(world.objectCanaries.map((o) => o.name).filter((n) => !named.has(n))).toEqual([])
  })

  test.each(canaryPages.map((p) => [p.name, p] as const))(
    '%s shows for a visitor allowed to see it',
    async (_n, page) => {
      const res = await t.app.inject({
        method: 'GET',
        url: page.url(),
        headers: sessions[page.as].headers,
        remoteAddress: nextAddress(),
      })
      const canary = world.objectCanaries.find((o) => o.name === page.name)!.canary
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain(page.shows ?? canary)
    },
  )
})

const getRoutes = routes.filter((r) => r.method === 'GET')
const postRoutes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')

describe('GET routes as every visitor', () => {
  test.each(getRoutes.map((r) => [routeKey(r), r] as const))('%s', async (_key, route) => {
    const failures: string[] = []
    const before = await databaseFingerprint(db)
    for (const target of targetsFor(route, world)) {
      const url = fillPath(route.url, target.params)
      // The visitors ask at the same time, as they would; each answer is judged on its own.
      const answers = await Promise.all(
        worldRoles.map((role) =>
          t.app.inject({ method: 'GET', url, headers: sessions[role].headers, remoteAddress: nextAddress() }),
        ),
      )
      for (const [i, role] of worldRoles.entries()) {
        const res = answers[i]!
        const want = expected(route, role, target)
        const where = `${role} on ${target.label} (${url})`
        if (res.statusCode >= 500) failures.push(`${where}: ${res.statusCode}`)
        else if (!want.status.includes(res.statusCode))
          failures.push(`${where}: ${res.statusCode}, expected ${want.status.join(' or ')}`)
        if (route.access === 'public' && [401, 403].includes(res.statusCode))
          failures.push(`${where}: a public route refused with ${res.statusCode}`)
        if (res.statusCode === 303 && gate(route, role) && !String(res.headers.location).startsWith('/login'))
          failures.push(`${where}: redirected to ${res.headers.location}, not to the login`)
        const twin = actsAs[role]
        const twinStatus = twin ? answers[worldRoles.indexOf(twin)]!.statusCode : undefined
        if (twinStatus !== undefined && res.statusCode !== twinStatus)
          failures.push(`${where}: ${res.statusCode}, but ${twin} got ${twinStatus}`)
        const leaked = forbiddenCanaries(world, role).filter((c) => res.body.includes(c))
        if (leaked.length > 0)
          failures.push(`${where}: the body shows data it must not (${leaked.join(', ')})`)
      }
    }
    // Reading changes nothing (SECURITY-GOALS C-1); reading personal data is recorded, by design, and
    // an answer 404 counts toward the per-address limit of unknown paths (limit_counters, shared by processes).
    const after = await databaseFingerprint(db)
    const counted = new Set(['audit_events', 'limit_counters'])
    const changed = Object.keys(after).filter((k) => !counted.has(k) && after[k] !== before[k])
    if (changed.length > 0) failures.push(`GET changed tables: ${changed.join(', ')}`)
    expect(failures.join('\n')).toBe('')
  })
})

describe('state-changing routes without a CSRF token (the API: without a bearer token)', () => {
  test.each(postRoutes.map((r) => [routeKey(r), r] as const))(
    '%s is refused with 403 and changes nothing',
    async (_key, route) => {
      const admin = sessions.admin
      const other = await sessionFor(db, world.users.boardOwn, t.clock.now())
      const attempts: { who: string; cookie?: string; body: string }[] = [
        { who: 'a visitor without cookies', body: 'name=x' },
        { who: 'a visitor with a CSRF cookie', cookie: sessions.anonymous.cookie, body: 'name=x' },
        { who: 'an admin without token', cookie: admin.cookie, body: 'name=x' },
        {
          who: "an admin with another session's token",
          cookie: admin.cookie,
          body: `_csrf=${encodeURIComponent(other.csrf)}`,
        },
      ]
      const failures: string[] = []
      const urls = targetsFor(route, world).map((target) => fillPath(route.url, target.params))
      // One fingerprint around all targets: a refused request must change nothing at all.
      const before = await databaseFingerprint(db)
      for (const url of urls) {
        for (const attempt of attempts) {
          const res = await t.app.inject({
            method: route.method as 'POST',
            url,
            payload: attempt.body,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              ...(attempt.cookie ? { cookie: attempt.cookie } : {}),
            },
            remoteAddress: nextAddress(),
          })
          // The API reads no cookie, so it needs no CSRF token: without a bearer token it answers 401.
          const refusal = url.startsWith('/api/') ? 401 : 403
          if (res.statusCode !== refusal) failures.push(`${attempt.who} on ${url}: ${res.statusCode}`)
        }
      }
      const after = await databaseFingerprint(db)
      const changed = Object.keys(after).filter((k) => after[k] !== before[k])
      if (changed.length > 0) failures.push(`${urls.join(', ')}: tables changed: ${changed.join(', ')}`)
      expect(failures.join('\n')).toBe('')
    },
  )
})

describe("the own KV's team: its lead's routes", () => {
  const teamUrl = (url: string) =>
    fillPath(url, {
      id: world.team.id,
      membershipId: url.includes('/applications/') ? world.team.application : world.team.memberOwnMembership,
    })
  /** Every route of a team but its page and joining or leaving it: what its leads (and those above) do. */
  const leadRoutes = routes.filter(
    (r) =>
      r.method !== 'HEAD' &&
      r.url.startsWith('/teams/:id/') &&
      !['/teams/:id/join', '/teams/:id/leave'].includes(r.url),
  )

  test('its lead gets the forms of its events, help requests and project calls, and runs and edits its call', async () => {
    const lead = await sessionFor(db, world.team.lead, t.clock.now())
    const forms = leadRoutes.filter((r) => r.method === 'GET').map((r) => teamUrl(r.url))
    expect(forms).toEqual(
      expect.arrayContaining(
        ['events/new', 'help/new', 'projects/new'].map((p) => `/teams/${world.team.id}/${p}`),
      ),
    )
    const call = `/volunteers/projects/${world.team.project}`
    for (const url of [...forms, `/teams/${world.team.id}`, call, `${call}/edit`]) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: lead.headers,
        remoteAddress: nextAddress(),
      })
      expect(res.statusCode, url).toBe(200)
    }
  })

  test('who may not see the team is told it is not there on every one of them, a member who does not lead it is refused; nothing changes', async () => {
    const failures: string[] = []
    const before = await databaseFingerprint(db)
    // memberOther and the board of `other` share the own state; the partner's board is in the other state.
    const refusals: [WorldRole, readonly number[]][] = [
      ['memberOther', [404]],
      ['boardOther', [404]],
      ['boardPartner', [404]],
      ['memberOwn', [403]],
    ]
    for (const route of leadRoutes) {
      const url = teamUrl(route.url)
      for (const [role, statuses] of refusals) {
        const session = sessions[role]
        const res = await t.app.inject({
          method: route.method as 'GET' | 'POST',
          url,
          headers: {
            cookie: session.cookie,
            ...(route.method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
          },
          ...(route.method === 'GET'
            ? {}
            : { payload: `_csrf=${encodeURIComponent(session.csrf)}&role=lead&title=Eingeschmuggelt` }),
          remoteAddress: nextAddress(),
        })
        if (!statuses.includes(res.statusCode))
          failures.push(`${role}: ${route.method} ${url} answered ${res.statusCode}`)
      }
    }
    const after = await databaseFingerprint(db)
    const changed = Object.keys(after).filter((k) => k !== 'limit_counters' && after[k] !== before[k])
    if (changed.length > 0) failures.push(`tables changed: ${changed.join(', ')}`)
    expect(leadRoutes.length).toBeGreaterThanOrEqual(10)
    expect(failures).toEqual([])
  })
})

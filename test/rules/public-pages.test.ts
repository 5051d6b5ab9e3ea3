// The pages kept for visitors without a session (platform/pages, issue 16): what invalidates them is
// the public data version, moved by a trigger on every table that feeds a public page, and for an
// event page its counts. A write is on the very next request; no member's page reaches anyone else;
// each visitor's forms carry a token of their own.

import type { IncomingHttpHeaders } from 'node:http'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq, getTableName, isTable, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import * as schema from '../../src/db-schema.js'
import { eventRsvps, events } from '../../src/domains/events/tables.js'
import { orgUnits } from '../../src/domains/org-units/tables.js'
import { queryRows } from '../../src/platform/db/query.js'
import { csrfTokenFor, keptCsrfTokenCount } from '../../src/platform/http/csrf.js'
import { buildTestApp, TEST_SECRET, type TestApp } from '../support/app.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  form,
  sessionFor,
} from '../support/factories.js'

/**
 * Tables no page for visitors without a session reads, so a change to them leaves the cached public
 * pages as they are (no trigger). Every other table of the schema moves the public data version.
 */
const notOnPublicPages: Record<string, string> = {
  public_data_version: 'the version itself',
  sessions: 'sign-in state of one person',
  login_tokens: 'sign-in state of one person',
  two_factor_credentials: 'sign-in state of one person',
  two_factor_recovery_codes: 'sign-in state of one person',
  calendar_tokens: 'a member’s private calendar address',
  api_tokens: 'a person’s API tokens (their last use changes with every call)',
  oidc_identities: 'a person’s linked logins at the party’s provider',
  audit_events: 'the audit trail, read by admins',
  audit_seals: 'the audit trail, read by admins',
  audit_checks: 'the audit trail, read by admins',
  mail_outbox: 'mail waiting to be sent',
  kreis_travel_times: 'the partner finder’s travel times, read by boards and offices only',
  job_schedule: 'when timed jobs run',
  limit_counters: 'attempt counters',
  member_imports: 'the admin’s import runs',
  event_rsvps: 'counted by the event page’s own fingerprint (places taken, waitlist), written in bursts',
  help_requests: 'help is shown to members and partner KVs only',
  help_shifts: 'help is shown to members and partner KVs only; its places change in sign-up bursts',
  help_signups: 'help is shown to members and partner KVs only',
  help_records: 'help is shown to members and partner KVs only',
  help_travel: 'help is shown to members and partner KVs only',
  donation_drives: 'shown to the members and coordinators of the two KVs only',
  donation_pledges: 'shown to the members and coordinators of the two KVs only',
  volunteer_applications: 'the volunteer pool is members-only and consent-scoped',
  volunteer_profile_skills: 'the volunteer pool is members-only and consent-scoped',
  volunteer_profiles: 'the volunteer pool is members-only and consent-scoped',
  volunteer_project_skills: 'the volunteer pool is members-only and consent-scoped',
  volunteer_projects: 'the volunteer pool is members-only and consent-scoped',
  volunteer_requests: 'the volunteer pool is members-only and consent-scoped',
  consents: 'a member’s consent',
  skills: 'the volunteer pool’s skill list',
  onboarding_contacts: 'onboarding is for boards only',
  onboarding_pipelines: 'onboarding is for boards only',
  onboarding_plan_steps: 'onboarding is for boards only',
  onboarding_plans: 'onboarding is for boards only',
  onboarding_questionnaires: 'onboarding is for boards only',
  onboarding_step_opt_outs: 'onboarding is for boards only',
  onboarding_step_progress: 'onboarding is for boards only',
  onboarding_steps: 'onboarding is for boards only',
  onboarding_welcome_texts: 'onboarding is for boards only',
  mentoring_programmes: 'mentoring is shown to signed-in members only',
  mentoring_coordinators: 'mentoring is shown to signed-in members only',
  mentoring_applications: 'mentoring is shown to signed-in members only',
  mentoring_tandems: 'mentoring is shown to signed-in members only',
  mentoring_goals: 'mentoring is shown to signed-in members only',
  board_report_versions: 'a draft’s history, read by its board',
  board_report_settings: 'whether the board approves its reports, read by the board',
  mentoring_check_ins: 'mentoring is shown to signed-in members only',
  mentoring_reviews: 'mentoring is shown to signed-in members only',
  mentoring_programme_events:
    'mentoring is shown to signed-in members only; the events themselves are watched',
  surveys: 'surveys are shown to signed-in members only',
  survey_versions: 'surveys are shown to signed-in members only',
  survey_links: 'surveys are shown to signed-in members only',
  survey_participations: 'surveys are shown to signed-in members only',
  survey_responses: 'surveys are shown to signed-in members only',
  survey_answers: 'surveys are shown to signed-in members only',
  survey_result_counts: 'surveys are shown to signed-in members only',
  survey_campaigns: 'phone campaigns are for their owners and callers only',
  campaign_callers: 'phone campaigns are for their owners and callers only',
  campaign_targets: 'phone campaigns are for their owners and callers only',
  campaign_calls: 'phone campaigns are for their owners and callers only',
  member_do_not_call: 'a member mark no public page reads',
  agreement_reminders: 'when reminder mails went out',
  partnership_exchanges:
    'the evidence of an agreement’s commitments, read by the two boards and the federal office',
  federal_congresses: 'the federal office’s calendar, read on the agreement pages of boards and offices only',
  resolution_reminders: 'when reminder mails went out',
}

let t: TestApp
let port: number
beforeAll(async () => {
  t = await buildTestApp()
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as AddressInfo).port
})
afterAll(() => t.close())

const db = () => t.database.db

type Answer = { status: number; headers: IncomingHttpHeaders; body: string; inFront: boolean }

/** A GET over a socket, and whether the front cache answered it (without the framework). */
async function fetchPage(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const tryAnswer = vi.spyOn(t.app.frontCache, 'tryAnswer')
  try {
    const answer = await new Promise<Omit<Answer, 'inFront'>>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      })
        .on('error', reject)
        .end()
    })
    const inFront = (await tryAnswer.mock.results.at(-1)?.value) === true
    return { ...answer, inFront }
  } finally {
    tryAnswer.mockRestore()
  }
}

const version = async () =>
  Number(
    (
      await queryRows<{ version: string }>(
        db(),
        sql`select version::text as version from public_data_version`,
      )
    )[0]?.version,
  )

describe('the public data version', () => {
  test('every table either moves it or is listed with the reason no public page reads it', async () => {
    const tables = Object.values(schema)
      .filter((v) => isTable(v))
      .map((v): string => getTableName(v))
      .sort()
    const triggered = (
      await queryRows<{ name: string }>(
        db(),
        sql`select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
            where t.tgname = 'public_data_changed' and t.tgdeferrable and t.tginitdeferred`,
      )
    )
      .map((r) => r.name)
      .sort()
    expect(triggered).toEqual(tables.filter((name) => !(name in notOnPublicPages)))
    expect(Object.keys(notOnPublicPages).filter((name) => !tables.includes(name))).toEqual([])
  })

  test('moves once per committed transaction that changed a public table, not on rollback, not for other tables', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const before = await version()
    await db().transaction(async (tx) => {
      await tx.update(orgUnits).set({ website: 'https://a.example' }).where(eq(orgUnits.id, district.id))
      await tx.update(orgUnits).set({ website: 'https://b.example' }).where(eq(orgUnits.id, district.id))
    })
    expect(await version()).toBe(before + 1)
    await db()
      .transaction(async (tx) => {
        await tx.update(orgUnits).set({ website: 'https://c.example' }).where(eq(orgUnits.id, district.id))
        tx.rollback()
      })
      .catch(() => undefined)
    expect(await version()).toBe(before + 1)
    const event = await buildEvent(db(), [district])
    const afterEvent = await version()
    expect(afterEvent).toBeGreaterThan(before + 1)
    await db().insert(eventRsvps).values({
      eventId: event.id,
      guestName: 'G',
      guestEmail: 'g@example.org',
      status: 'confirmed',
      participation: 'on_site',
    })
    expect(await version()).toBe(afterEvent)
  })
})

describe('a KV’s public page without a session', () => {
  test('is answered in front once built, and a write is on the very next request', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const path = `/units/${district.id}`
    const built = await fetchPage(path)
    expect([built.status, built.inFront]).toEqual([200, false])
    const served = await fetchPage(path)
    expect([served.status, served.inFront]).toEqual([200, true])
    expect(served.body).toBe(built.body)
    expect(served.headers['content-security-policy']).toContain("default-src 'self'")
    expect(served.headers['set-cookie']).toBeUndefined()

    const event = await buildEvent(db(), [district], { title: 'Neu im Kalender' })
    const after = await fetchPage(path)
    expect(after.inFront).toBe(false)
    expect(after.body).toContain('Neu im Kalender')
    expect((await fetchPage(path)).inFront).toBe(true)

    await db().update(events).set({ title: 'Umbenannt' }).where(eq(events.id, event.id))
    const renamed = await fetchPage(path)
    expect(renamed.body).toContain('Umbenannt')
    expect(renamed.body).not.toContain('Neu im Kalender')

    // The language is part of the answer; browsers revalidate with the validator.
    const english = await fetchPage(path, { cookie: 'bs_lang=en' })
    expect(english.body).toContain('lang="en"')
    expect((await fetchPage(path, { 'accept-language': 'en' })).body).toBe(english.body)
    const again = await fetchPage(path, { 'if-none-match': String(renamed.headers.etag) })
    expect([again.status, again.inFront]).toEqual([304, true])
  })

  test('changes with the clock at most a minute late', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const path = `/units/${district.id}`
    await fetchPage(path)
    expect((await fetchPage(path)).inFront).toBe(true)
    t.clock.advance(61_000)
    expect((await fetchPage(path)).inFront).toBe(false)
  })

  test('a member’s page is never kept, and never reaches another visitor', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const members = await buildEvent(db(), [district], {
      title: 'Nur für Mitglieder',
      audience: 'own_members',
    })
    const path = `/units/${district.id}`
    const session = await sessionFor(db(), await buildUser(db(), { member: district }))
    for (let round = 0; round < 2; round++) {
      const mine = await fetchPage(path, session.headers)
      expect(mine.inFront).toBe(false)
      expect(mine.body).toContain('action="/logout"')
      expect(mine.body).toContain(members.title)
      const anonymous = await fetchPage(path)
      expect(anonymous.body).not.toContain('action="/logout"')
      expect(anonymous.body).not.toContain(members.title)
    }
    expect((await fetchPage(path, { cookie: 'bs_flash=success:common.flash.saved' })).inFront).toBe(false)
  })
})

describe('a public event page without a session', () => {
  test('an RSVP is counted on the very next request', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const event = await buildEvent(db(), [district], {
      startsAt: new Date('2026-12-01T18:00:00Z'),
      endsAt: new Date('2026-12-01T20:00:00Z'),
      capacity: 10,
    })
    const path = `/events/${event.id}`
    expect((await fetchPage(path)).body).toContain('0 von 10 Plätzen vergeben')
    expect((await fetchPage(path)).inFront).toBe(true)
    const member = await sessionFor(db(), await buildUser(db(), { member: district }))
    const rsvp = await t.app.inject({
      method: 'POST',
      url: `/events/${event.id}/rsvp`,
      ...form({ _csrf: member.csrf, participation: 'on_site' }),
      headers: { ...form({}).headers, cookie: member.cookie },
    })
    expect(rsvp.statusCode).toBe(303)
    const after = await fetchPage(path)
    expect(after.inFront).toBe(false)
    expect(after.body).toContain('1 von 10 Plätzen vergeben')
    expect((await fetchPage(path)).inFront).toBe(true)
  })

  test('each visitor’s guest form carries a token bound to their own cookie, and it is accepted', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const event = await buildEvent(db(), [district], {
      startsAt: new Date('2026-12-02T18:00:00Z'),
      endsAt: new Date('2026-12-02T20:00:00Z'),
    })
    const path = `/events/${event.id}`
    const tokenIn = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1]
    const kept = keptCsrfTokenCount(TEST_SECRET)
    const first = await fetchPage(path)
    const second = await fetchPage(path)
    expect(second.inFront).toBe(true)
    // A new cookie's token is not kept: most visitors never send it back, and a public page with a form
    // would turn the kept tokens over on every request.
    expect(keptCsrfTokenCount(TEST_SECRET)).toBe(kept)
    // Nor on a page the application renders for the one visitor (the sign-in form).
    const login = await t.app.inject({ method: 'GET', url: '/login' })
    expect([login.statusCode, String(login.headers['set-cookie'])]).toEqual([
      200,
      expect.stringMatching(/^bs_csrf=./),
    ])
    expect(keptCsrfTokenCount(TEST_SECRET)).toBe(kept)
    const cookies = [first, second].map((a) => String(a.headers['set-cookie']).split(';')[0]!)
    expect(cookies[0]).toMatch(/^bs_csrf=./)
    expect(cookies[0]).not.toBe(cookies[1])
    for (const [i, answer] of [first, second].entries()) {
      const binding = decodeURIComponent(cookies[i]!.slice('bs_csrf='.length))
      expect(tokenIn(answer.body)).toBe(csrfTokenFor(TEST_SECRET, binding))
    }
    // A visitor who has a cookie keeps it and gets its token.
    const returning = await fetchPage(path, { cookie: cookies[1]! })
    expect([returning.inFront, returning.headers['set-cookie']]).toEqual([true, undefined])
    expect(tokenIn(returning.body)).toBe(tokenIn(second.body))
    expect(returning.headers['cache-control']).toBe('private, no-cache')

    const sent = await t.app.inject({
      method: 'POST',
      url: `${path}/guests`,
      ...form({
        _csrf: tokenIn(returning.body)!,
        name: 'Gast',
        email: 'gast@example.org',
        participation: 'on_site',
      }),
      headers: { ...form({}).headers, cookie: cookies[1]! },
    })
    expect(sent.statusCode).toBe(303)
  })

  test('is built anew when the event ends, and a members-only event is never kept', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    const soon = await buildEvent(db(), [district], {
      startsAt: new Date(t.clock.now().getTime() - 3_600_000),
      endsAt: new Date(t.clock.now().getTime() + 30_000),
    })
    await fetchPage(`/events/${soon.id}`)
    expect((await fetchPage(`/events/${soon.id}`)).inFront).toBe(true)
    t.clock.advance(31_000)
    expect((await fetchPage(`/events/${soon.id}`)).inFront).toBe(false)

    const closed = await buildEvent(db(), [district], { audience: 'own_members' })
    for (let round = 0; round < 2; round++) {
      const answer = await fetchPage(`/events/${closed.id}`)
      expect([answer.status, answer.inFront]).toEqual([404, false])
    }
  })
})

describe('a crowd of visitors without a session', () => {
  test('arriving together at a page not built yet, they get it from one rendering', async () => {
    const district = await buildDistrict(db(), await buildState(db(), await buildFederation(db())))
    let renderings = 0
    t.app.unitSections.push(async (_ctx, unit) => {
      if (unit.id === district.id) renderings++
      return null
    })
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetchPage(`/units/${district.id}`)))
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    expect(new Set(answers.map((a) => a.body)).size).toBe(1)
    expect(renderings).toBe(1)
    await buildEvent(db(), [district])
    await Promise.all(Array.from({ length: 20 }, () => fetchPage(`/units/${district.id}`)))
    expect(renderings).toBe(2)
  })
})

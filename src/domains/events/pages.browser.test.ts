import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  useSession,
} from '../../../test/support/browser.js'
import { buildDistrict, buildEvent, buildUser, sessionFor } from '../../../test/support/factories.js'
import { InclusionProfile } from './inclusion.js'
import { registerForEvent } from './service/index.js'

const available = browserAvailable()

/** The event pages with everything on them, in a real browser: no WCAG 2.1 AA violation. */
describe.skipIf(!available)('event pages in the browser', () => {
  let server: RunningApp
  let browser: Browser
  const urls: { who: 'anonymous' | 'member' | 'organiser'; url: string }[] = []
  const cookies: Record<string, string> = {}

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const db = server.database.db
    const kv = await buildDistrict(db)
    const organiser = await buildUser(db, { member: kv, roles: [['coordinator', kv]] })
    const member = await buildUser(db, { member: kv })
    const event = await buildEvent(db, [kv], {
      title: 'Sommerfest mit Podium',
      description: 'Musik, Essen und Gespräche.',
      venueName: 'Weserwehr',
      address: 'Am Weserwehr, Bremen',
      transitDirections: 'Straßenbahn 2 bis Weserwehr',
      hasFixedEnd: true,
      capacity: 20,
      startsAt: new Date(server.clock.now().getTime() + 3600_000),
      endsAt: new Date(server.clock.now().getTime() + 5 * 3600_000),
      inclusion: InclusionProfile.parse({
        stepFree: true,
        accessibleToilet: true,
        childcare: { minAge: 1, maxAge: 10, signUpBy: '2026-11-21' },
        childFriendly: { nursingSpace: true, changingTable: true },
        quietRoom: true,
        signLanguageOnRequest: true,
        captionsOnRequest: true,
        onlineParticipation: true,
        languages: ['Deutsch', 'Englisch'],
      }),
    })
    await registerForEvent(
      server.app.deps,
      {
        userId: member.id,
        sessionId: 's',
        email: member.email,
        displayName: 'M',
        memberId: member.memberId,
        homeUnitId: kv.id,
        grants: [{ role: 'member', unitId: kv.id, unitPath: kv.path }],
      },
      event.id,
      { participation: 'on_site', childrenAges: [2, 7], accessNeeds: 'Rampe' },
    )
    cookies.member = (await sessionFor(db, member, server.clock.now())).cookie
    cookies.organiser = (await sessionFor(db, organiser, server.clock.now())).cookie
    urls.push(
      { who: 'anonymous', url: `/events/${event.id}` },
      { who: 'anonymous', url: `/units/${kv.id}/events?childcare=on` },
      { who: 'member', url: `/events/${event.id}` },
      { who: 'member', url: '/calendar' },
      { who: 'organiser', url: `/events/${event.id}/organise` },
      { who: 'organiser', url: `/events/${event.id}/edit` },
      { who: 'organiser', url: `/units/${kv.id}` },
    )
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('no axe violation on the event page, the list, the organiser view, the forms and the calendar page', async () => {
    const failures: string[] = []
    for (const { who, url } of urls) {
      const context = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
      if (who !== 'anonymous') await useSession(context, server.origin, cookies[who]!)
      const page = await context.newPage()
      const res = await page.goto(`${server.origin}${url}`, { waitUntil: 'load' })
      if (res?.status() !== 200) failures.push(`${who} ${url}: status ${res?.status()}`)
      for (const v of await axeViolations(page)) {
        failures.push(
          `${who} ${url}: ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        )
      }
      await context.close()
    }
    expect(failures).toEqual([])
  }, 120_000)
})

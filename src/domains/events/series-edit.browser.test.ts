import { asc, eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  axeFindings,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  useSession,
} from '../../../test/support/browser.js'
import { buildDistrict, buildUser, sessionFor } from '../../../test/support/factories.js'
import { events } from './tables.js'

const available = browserAvailable()

/**
 * The "which dates" radio buttons of a series, used as an organiser on an old phone might: by keyboard only,
 * without JavaScript. The test clock stands at 21.11.2026.
 */
describe.skipIf(!available)('editing a series in the browser', () => {
  let server: RunningApp
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('by keyboard and without JavaScript: "this and the following ones" renames February to April, not January', async () => {
    const db = server.database.db
    const kv = await buildDistrict(db)
    const organiser = await buildUser(db, { roles: [['coordinator', kv]] })
    const session = await sessionFor(db, organiser, server.clock.now())
    const created = await server.app.inject({
      method: 'POST',
      url: '/events',
      payload: new URLSearchParams({
        _csrf: session.csrf,
        hostUnitIds: kv.id,
        type: 'stammtisch',
        title: 'Stammtisch Gefell',
        description: 'Jeden ersten Dienstag.',
        day: '2026-12-01',
        startTime: '19:00',
        endTime: '21:00',
        venueName: 'Gasthof Zur Linde',
        address: 'Marktplatz 1, 07926 Gefell',
        capacity: '30',
        audience: 'own_members',
        publish: 'on',
        repeat: 'monthly',
        ordinal: '1',
        weekday: '2',
        months: '5',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
    })
    expect(created.statusCode).toBe(303)
    const [first] = await db
      .select({ seriesId: events.seriesId })
      .from(events)
      .where(eq(events.id, created.headers.location!.split('/').pop()!))
    const series = () =>
      db
        .select({ id: events.id, title: events.title })
        .from(events)
        .where(eq(events.seriesId, first!.seriesId!))
        .orderBy(asc(events.startsAt))
    const [, , february] = await series()

    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' })
    await useSession(context, server.origin, session.cookie)
    const page = await context.newPage()
    await page.goto(`${server.origin}/events/${february!.id}/edit`)

    // "Only this one" is chosen until the organiser says otherwise.
    const only = page.getByRole('radio', { name: 'Nur dieser Termin' })
    const following = page.getByRole('radio', { name: 'Dieser und alle folgenden Termine' })
    expect(await only.isChecked()).toBe(true)

    // Into the group by Tab, one option further by the arrow key, as a keyboard user moves.
    await page.getByRole('textbox', { name: /Titel/ }).focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Stammtisch mit Gästen')
    await only.focus()
    await page.keyboard.press('ArrowDown')
    expect(await following.isChecked()).toBe(true)
    expect(await only.isChecked()).toBe(false)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${server.origin}/events/${february!.id}`)

    expect((await series()).map((e) => e.title)).toEqual([
      'Stammtisch Gefell',
      'Stammtisch Gefell',
      'Stammtisch mit Gästen',
      'Stammtisch mit Gästen',
      'Stammtisch mit Gästen',
    ])
    await context.close()

    // The edit page of a series' date, with its choice of dates, has no WCAG 2.1 AA violation.
    const forAxe = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
    await useSession(forAxe, server.origin, session.cookie)
    const axePage = await forAxe.newPage()
    await axePage.goto(`${server.origin}/events/${february!.id}/edit`)
    expect(await axeFindings(axePage)).toEqual([])
    await forAxe.close()
  })
})

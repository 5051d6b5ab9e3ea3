import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  useSession,
  watchPage,
} from '../../../test/support/browser.js'
import {
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  sessionFor,
} from '../../../test/support/factories.js'
import type { OrgUnit } from '../org-units/index.js'

const available = browserAvailable()
const seed004 = join(import.meta.dirname, '../../demo/texts/beschluss-3-3-6-mitmach-partei.txt')

/**
 * The Berlin state office imports resolution 3/3/6 from its file, without JavaScript, makes the
 * monthly new-member meeting a measure of both districts, and the progress page shows each one's months.
 */
describe.skipIf(!available)('a resolution from file to progress page, in the browser', () => {
  let server: RunningApp
  let browser: Browser
  let berlin: OrgUnit
  let pankow: OrgUnit
  let mitte: OrgUnit
  let cookie: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const db = server.database.db
    berlin = await buildState(db, await buildFederation(db))
    pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
    mitte = await buildDistrict(db, berlin, 'Berlin-Mitte')
    const office = await buildUser(db, { roles: [['state_office', berlin]] })
    cookie = (await sessionFor(db, office, server.clock.now())).cookie
    // The clock says 21 November 2026: Pankow met in September, October and November, Mitte in October.
    for (const [unit, day] of [
      [pankow, '2026-09-08'],
      [pankow, '2026-10-06'],
      [pankow, '2026-11-03'],
      [mitte, '2026-10-14'],
    ] as const) {
      await buildEvent(db, [unit], {
        type: 'neumitgliedertreffen',
        startsAt: new Date(`${day}T17:00:00Z`),
        endsAt: new Date(`${day}T19:00:00Z`),
      })
    }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('import, preview, confirm, make the measure, see each district’s months (JavaScript off)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE', bypassCSP: true })
    await useSession(context, server.origin, cookie)
    const page = await context.newPage()
    const watch = watchPage(page, server.origin)
    const visited: string[] = []
    const remember = () => {
      visited.push(page.url())
    }

    await page.goto(`${server.origin}/units/${berlin.id}/resolutions/import`)
    remember()
    await page.getByLabel('Oder eine Textdatei hochladen').setInputFiles(seed004)
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Vorschau' }).count()).toBe(1)
    expect(await page.getByText('27 Zeilen wurden durchnummeriert, 4 Abschnitte erkannt.').count()).toBe(1)
    expect(await page.getByLabel('Kürzel (z. B. D-11)').inputValue()).toBe('Beschluss 3/3/6')
    await page.getByLabel('Beschlussdatum').fill('2026-09-01')
    await page.getByLabel('Berlin-Pankow').check()
    await page.getByLabel('Berlin-Mitte').check()
    await page.getByRole('button', { name: 'Beschluss speichern' }).click()

    await expect.poll(() => page.url()).toMatch(/\/resolutions\/[0-9a-f-]{36}$/)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Beschluss 3/3/6 DIE LINKE in Berlin zur Mitmach-Partei entwickeln',
    )
    await page.getByLabel('Von Zeile').fill('4')
    await page.getByLabel('Bis Zeile').fill('4')
    await page.getByRole('button', { name: 'Maßnahme anlegen' }).click()

    await expect.poll(() => page.url()).toContain('/measures/new?from=4&to=4')
    remember()
    await page.getByLabel('Titel der Maßnahme').fill('Monatliche Neumitgliedertreffen')
    await page.getByLabel('Berlin-Pankow').check()
    await page.getByLabel('Berlin-Mitte').check()
    await page.getByLabel('Messbar über').selectOption('newMemberMeetingsMonthly')
    await page.getByRole('button', { name: 'Maßnahme speichern' }).click()

    await expect.poll(() => page.url()).toContain('#measures-heading')
    const rows = page.locator('article.measure > table > tbody > tr')
    expect(await rows.count()).toBe(2)
    const captionOf = async (name: string) =>
      rows.filter({ hasText: name }).locator('figcaption').textContent()
    expect(await captionOf('Berlin-Pankow')).toBe('Ziel in 3 von 3 Monaten erreicht')
    expect(await captionOf('Berlin-Mitte')).toBe('Ziel in 1 von 3 Monaten erreicht')
    remember()

    expect(watch.foreignRequests).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await context.close()

    // axe needs JavaScript: the pages of the journey once more, with it, for WCAG 2.1 AA.
    const checking = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
    await useSession(checking, server.origin, cookie)
    const checker = await checking.newPage()
    const violations: string[] = []
    for (const url of new Set(visited.map((u) => u.replace(/#.*$/, '')))) {
      await checker.goto(url, { waitUntil: 'load' })
      for (const v of await axeViolations(checker)) violations.push(`${url}: ${v.id} ${v.help}`)
    }
    expect(violations).toEqual([])
    await checking.close()
  }, 120_000)
})

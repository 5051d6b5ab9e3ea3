import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { base32Decode, totp } from '../../src/domains/accounts/totp.js'
import { grantFederationAdmin, loadStructure } from '../../src/domains/org-units/index.js'
import {
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  watchPage,
} from '../support/browser.js'
import { buildUser } from '../support/factories.js'

const available = browserAvailable()

// The README's way from an empty database to a working federation, the commands run as the same use cases
// (`npm run structure:load`, `npm run admin:grant`), then everything else in the browser as the new admin.
const structureCsv = [
  'Ebene;Schlüssel;Name;Kurzname;Übergeordnet;AGS',
  'bund;bund;Bundesverband;;;',
  'land;16;Thüringen;TH;bund;16',
  'kreis;16051;Erfurt;;16;16051',
  'kreis;16075;Saale-Orla-Kreis;;16;16075',
].join('\n')

const membersCsv = [
  'Mitgliedsnummer;Vorname;Nachname;E-Mail;PLZ;KV;Eintrittsdatum',
  '5001;Jule;Saalbach;jule@example.org;07743;;2024-02-01', // Jena by postal code: the new KV, its local group
  '5002;Karl;Zeiss;;07745;16053;01.03.2025', // the new KV by its Kreis
  '5003;Lina;Erfurter;;99084;;2023-05-05', // Erfurt
].join('\n')

describe.skipIf(!available)('an admin sets up a federation on an empty database', () => {
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

  test('loads the structure, is made admin, creates a KV and a local group, imports members and finds them listed', async () => {
    const deps = { database: server.database, now: server.clock.now }
    const loaded = await loadStructure(deps, 'command-line', [
      { name: 'struktur.csv', content: structureCsv },
    ])
    expect(loaded).toMatchObject({ kind: 'loaded', created: 4 })
    const admin = await buildUser(server.database.db)
    await expect(grantFederationAdmin(deps, admin.email)).resolves.toBe('granted')

    const context = await browser.newContext({ locale: 'de-DE' })
    const page = await context.newPage()
    const watch = watchPage(page, server.origin)
    const origin = server.origin

    // Sign in; the admin's role needs a second factor, set up on the way.
    await page.goto(`${origin}/login`)
    await page.getByLabel('E-Mail').fill(admin.email)
    await page.getByLabel('Passwort').fill(admin.password)
    await page.getByRole('button', { name: 'Anmelden' }).click()
    await page.waitForURL(`${origin}/account/two-factor`)
    const key = (await page.locator('code.secret').textContent())!.replace(/\s/g, '')
    await page
      .getByLabel('Gib den 6-stelligen Code ein')
      .fill(totp(base32Decode(key)!, server.clock.now().getTime()))
    await page.getByRole('button', { name: 'Einrichten' }).click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Wiederherstellungscodes',
    )

    // A new KV below the state, covering the Kreis Jena.
    await page.goto(`${origin}/units?q=Th%C3%BCringen`)
    await page.getByRole('link', { name: 'Thüringen' }).first().click()
    await page.getByRole('link', { name: 'Gliederung verwalten' }).click()
    const newKv = page.getByRole('region', { name: /Neue Gliederung anlegen \(Kreisverband\)/ })
    await newKv.getByLabel('Name', { exact: true }).fill('Kreisverband Jena')
    await newKv.getByLabel('Kreise (amtliche Gemeindeschlüssel)').fill('16053')
    await newKv.getByRole('button', { name: 'Anlegen' }).click()
    await page.waitForURL(/\/units\/[0-9a-f-]{36}\/manage$/)
    const kvId = /\/units\/([0-9a-f-]{36})\/manage$/.exec(page.url())![1]!
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('angelegt')

    // Its first local group, with a postal code of Jena.
    const newLocal = page.getByRole('region', { name: /Neue Gliederung anlegen \(Ortsverband\)/ })
    await newLocal.getByLabel('Name', { exact: true }).fill('Ortsverband Jena-Nord')
    await newLocal.getByLabel('Postleitzahlen').fill('07743')
    await newLocal.getByRole('button', { name: 'Anlegen' }).click()
    await page.waitForURL(/\/units\/[0-9a-f-]{36}\/manage$/)

    // The member import.
    await page.goto(`${origin}/admin/members/import`)
    await page.getByLabel(/CSV-Datei/).setInputFiles({
      name: 'mitglieder.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(membersCsv, 'utf8'),
    })
    await page.getByRole('button', { name: 'Datei prüfen und importieren' }).click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Import abgeschlossen')
    await expect(page.locator('[data-count="inserted"]').textContent()).resolves.toBe('3')
    await expect(page.locator('[data-count="placedLocal"]').textContent()).resolves.toBe('1')

    // The new KV's members, listed for the admin, with the local group the postal code chose.
    await page.goto(`${origin}/units/${kvId}`)
    await page.getByRole('link', { name: 'Mitgliederliste' }).click()
    await page.waitForURL(`${origin}/units/${kvId}/members`)
    const list = page.locator('main')
    await expect(list.textContent()).resolves.toContain('Saalbach')
    await expect(list.textContent()).resolves.toContain('Zeiss')
    await expect(list.textContent()).resolves.not.toContain('Erfurter')
    await expect(page.getByRole('row', { name: /Saalbach/ }).textContent()).resolves.toContain(
      'Ortsverband Jena-Nord',
    )

    expect(watch.foreignRequests).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await context.close()
  })
})

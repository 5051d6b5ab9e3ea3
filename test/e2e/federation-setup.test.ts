import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { base32Decode, totp } from '../../src/domains/accounts/totp.js'
import { grantFederationAdmin, loadStructure } from '../../src/domains/org-units/index.js'
import { createMailTransport } from '../../src/platform/mail/mailer.js'
import {
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  watchPage,
} from '../support/browser.js'
import { buildUser } from '../support/factories.js'
import { startTestSmtp, type TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

// The README's way from an empty database to a working federation, the commands run as the same use cases
// (`npm run structure:load`, `npm run admin:grant`), then everything else in the browser: the new admin sets up a
// KV, a local group, the member import and a working group; an imported member signs up and joins the group.
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
  let smtp: TestSmtp
  let browser: Browser

  beforeAll(async () => {
    smtp = await startTestSmtp()
    server = await startServer({
      mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }),
    })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await smtp?.close()
  })

  test('loads the structure, is made admin, creates a KV and a local group, imports members, founds a team; an imported member signs up and joins it', async () => {
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

    // The KV's working group, open to join, founded from the KV's page.
    await page.goto(`${origin}/units/${kvId}`)
    await page.getByRole('link', { name: 'Team oder Arbeitsgruppe gründen' }).click()
    await page.waitForURL(`${origin}/units/${kvId}/teams/new`)
    await page.getByLabel('Name').fill('AG Mitgliederarbeit')
    await page
      .getByLabel('Wofür gibt es das Team?')
      .fill('Neue Mitglieder begleiten, für alle zur Mitarbeit geöffnet.')
    await page.getByLabel('Wie kommt man hinein?').selectOption({ label: 'offen: wer mag, tritt bei' })
    await page.getByRole('button', { name: 'Gründen' }).click()
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/)
    const teamUrl = page.url()
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('gegründet')
    await expect(page.locator('main').textContent()).resolves.not.toContain('Saalbach')

    // An imported member creates her account with the address in the member file; confirming it links her.
    const memberContext = await browser.newContext({ locale: 'de-DE' })
    const memberPage = await memberContext.newPage()
    const memberWatch = watchPage(memberPage, origin)
    const password = 'Saale Kiesel leuchten im Abendlicht'
    await memberPage.goto(`${origin}/register`)
    await memberPage.getByLabel('Name').fill('Jule Saalbach')
    await memberPage.getByLabel('E-Mail-Adresse').fill('jule@example.org')
    await memberPage.getByLabel('Passwort').fill(password)
    await memberPage.getByRole('button', { name: 'Konto anlegen' }).click()
    await memberPage.waitForURL(`${origin}/check-inbox`)
    await server.deliverMail()
    const mail = await smtp.nextMailTo('jule@example.org')
    const verify = /https?:\/\/[^/\s]+(\/register\/verify\/[A-Za-z0-9_-]+)/.exec(mail.text)
    expect(verify, mail.text).not.toBeNull()
    await memberPage.goto(`${origin}${verify![1]}`)
    await memberPage.getByRole('button', { name: 'Adresse bestätigen' }).click()
    await memberPage.waitForURL(`${origin}/login`)
    await expect(memberPage.getByRole('status').first().textContent()).resolves.toContain(
      'mit deiner Mitgliedschaft verbunden',
    )

    // She signs in, finds the working group on her KV's page and joins it.
    await memberPage.getByLabel('E-Mail').fill('jule@example.org')
    await memberPage.getByLabel('Passwort').fill(password)
    await memberPage.getByRole('button', { name: 'Anmelden' }).click()
    await memberPage.waitForURL(`${origin}/`)
    await memberPage.getByRole('link', { name: 'Mein Kreisverband' }).click()
    await memberPage.waitForURL(`${origin}/units/${kvId}`)
    await memberPage
      .getByRole('region', { name: 'Teams und Arbeitsgruppen' })
      .getByRole('link', { name: 'AG Mitgliederarbeit' })
      .click()
    await memberPage.waitForURL(teamUrl)
    await memberPage.getByRole('button', { name: 'Beitreten' }).click()
    await memberPage.waitForURL(teamUrl)
    await expect(memberPage.getByRole('status').first().textContent()).resolves.toContain('beigetreten')
    await expect(memberPage.locator('main').textContent()).resolves.toContain('Du bist in diesem Team.')
    const teamMembers = memberPage
      .getByRole('heading', { name: 'Mitglieder', level: 2 })
      .locator('xpath=following-sibling::ul[1]')
    await expect(teamMembers.textContent()).resolves.toContain('Jule Saalbach')
    expect(memberWatch.foreignRequests).toEqual([])
    expect(memberWatch.consoleErrors).toEqual([])
    await memberContext.close()

    // The admin sees her in the team's member list, and the board's member list finds her by the team.
    await page.goto(teamUrl)
    await expect(
      page
        .getByRole('heading', { name: 'Mitglieder', level: 2 })
        .locator('xpath=following-sibling::ul[1]')
        .textContent(),
    ).resolves.toContain('Jule Saalbach')
    await page.goto(`${origin}/units/${kvId}/members`)
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'AG Mitgliederarbeit' })
    await page.getByRole('button', { name: 'Suchen', exact: true }).click()
    await page.waitForURL(/\/members\?.*team=/)
    await expect(page.locator('main').textContent()).resolves.toContain('1 Mitglieder gefunden.')
    await expect(page.getByRole('row', { name: /Saalbach/ }).count()).resolves.toBe(1)
    await expect(page.getByRole('row', { name: /Zeiss/ }).count()).resolves.toBe(0)

    expect(watch.foreignRequests).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await context.close()
  })
})

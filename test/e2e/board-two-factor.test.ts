import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { base32Decode, totp } from '../../src/domains/accounts/totp.js'
import {
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  watchPage,
} from '../support/browser.js'
import { buildWorld, type World } from '../support/fixtures-world.js'

const available = browserAvailable()

/** The code the authenticator app would show now, by the server's clock. */
const codeFor = (server: RunningApp, key: string) => totp(base32Decode(key)!, server.clock.now().getTime())

async function logIn(page: Page, origin: string, user: { email: string; password: string }) {
  await page.goto(`${origin}/login`)
  await page.getByLabel('E-Mail').fill(user.email)
  await page.getByLabel('Passwort').fill(user.password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
}

describe.skipIf(!available)('a board member in the browser', () => {
  let server: RunningApp
  let browser: Browser
  let world: World

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.database.db)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  for (const javaScriptEnabled of [true, false]) {
    test(`sets up two-factor login, logs in again with a code and sees the member list (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, locale: 'de-DE' })
      const page = await context.newPage()
      const watch = watchPage(page, server.origin)
      // One board account per run: the first run sets up the key of its own.
      const user = javaScriptEnabled ? world.users.boardOwn : world.users.boardWithoutSecondFactor
      const kv = world.kvs.own
      const memberList = `${server.origin}/units/${kv.unit.id}/members`

      // Without a second factor the password leads to the set-up page.
      await logIn(page, server.origin, user)
      await page.waitForURL(`${server.origin}/account/two-factor`)
      const key = (await page.locator('code.secret').textContent())!.replace(/\s/g, '')
      expect(key).toMatch(/^[A-Z2-7]{32}$/)
      await page.getByLabel('Gib den 6-stelligen Code ein').fill(codeFor(server, key))
      await page.getByRole('button', { name: 'Einrichten' }).click()
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Wiederherstellungscodes',
      )
      await expect(page.locator('.recovery-codes li').count()).resolves.toBe(10)
      await page.goto(memberList)
      await expect(page.content()).resolves.toContain(kv.canaries[0]!)

      await page.getByRole('button', { name: 'Abmelden' }).click()
      await page.waitForURL(`${server.origin}/`)
      // Half a minute later: the code of the set-up's step is used up.
      server.clock.advance(30_000)

      // The second login asks for the code; skipping leaves a member who does not see the list.
      await logIn(page, server.origin, user)
      await page.waitForURL(/\/login\/two-factor\?next=/)
      await page.getByRole('link', { name: /Jetzt nicht/ }).click()
      await page.waitForURL(`${server.origin}/`)
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('nur als Mitglied')
      const refused = await page.goto(memberList)
      expect(refused?.status()).toBe(404)
      await expect(page.content()).resolves.not.toContain(kv.canaries[0]!)

      // The notice's link leads to the prompt and back to the page after the code.
      await page.getByRole('link', { name: 'Mit Code bestätigen' }).click()
      await page.getByLabel('Code aus der App').fill(codeFor(server, key))
      await page.getByRole('button', { name: 'Bestätigen' }).click()
      await page.waitForURL(memberList)
      await expect(page.content()).resolves.toContain(kv.canaries[0]!)

      expect(watch.foreignRequests).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      await context.close()
    })
  }
})

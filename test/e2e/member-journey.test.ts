import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServer,
  watchPage,
} from '../support/browser.js'
import { buildWorld, type World } from '../support/fixtures-world.js'

const available = browserAvailable()

describe.skipIf(!available)('a member in the browser', () => {
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
    test(`logs in through the form and finds their own KV (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, locale: 'de-DE' })
      const page = await context.newPage()
      const watch = watchPage(page, server.origin)
      const user = world.users.memberOwn

      await page.goto(`${server.origin}/`)
      await page.getByRole('link', { name: 'Anmelden' }).first().click()
      await page.getByLabel('E-Mail').fill(user.email)
      await page.getByLabel('Passwort').fill(user.password)
      await page.getByRole('button', { name: 'Anmelden' }).click()
      await page.waitForURL(`${server.origin}/`)

      await page.getByRole('link', { name: 'Mein Kreisverband' }).click()
      await page.waitForURL(`${server.origin}/units/${world.kvs.own.unit.id}`)
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        world.kvs.own.unit.name,
      )
      expect(watch.foreignRequests).toEqual([])
      expect(watch.consoleErrors).toEqual([])
      await context.close()
    })
  }
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type RunningApp,
  startServerWithSmtp,
  useSession,
  watchPage,
} from '../support/browser.js'
import {
  buildDistrict,
  buildFederation,
  buildState,
  buildUser,
  sessionFor,
  type TestUser,
} from '../support/factories.js'
import type { TestSmtp } from '../support/smtp.js'

const available = browserAvailable()

/** The admin grants a role without a script; the person is told by mail and follows its link to the second factor. */
describe.skipIf(!available)('a new role, told by mail, with the way to the second factor', () => {
  let server: RunningApp & { smtp: TestSmtp }
  let smtp: TestSmtp
  let browser: Browser
  let neukoelln: OrgUnit
  let admin: TestUser
  let grantee: TestUser

  beforeAll(async () => {
    server = await startServerWithSmtp()
    smtp = server.smtp
    const db = server.database.db
    const federation = await buildFederation(db)
    neukoelln = await buildDistrict(db, await buildState(db, federation), 'KV Neukölln')
    admin = await buildUser(db, { roles: [['admin', federation]] })
    grantee = await buildUser(db, { member: neukoelln })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function signedIn(user: TestUser, opts: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ locale: 'de-DE', ...opts })
    const session = await sessionFor(server.database.db, user, server.clock.now())
    await useSession(context, server.origin, session.cookie)
    return { context, page: await context.newPage() }
  }

  const axeOf = async (page: Page) =>
    (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)

  test('the admin grants the coordinator role on the KV; the mail names role and unit and leads to the two-factor set-up', async () => {
    const { context, page } = await signedIn(admin, { javaScriptEnabled: false })
    const watch = watchPage(page, server.origin)
    await page.goto(`${server.origin}/admin/roles`)
    await page.getByLabel('E-Mail-Adresse des Kontos').fill(grantee.email)
    await page.getByRole('button', { name: 'Suchen', exact: true }).click()
    await page.getByLabel('Gliederung suchen (Name oder Gemeindeschlüssel)').fill('Neukölln')
    await page.getByRole('button', { name: 'Gliederungen suchen' }).click()
    const searched = page.url()
    await page.getByLabel('Rolle wählen').selectOption({ label: 'Koordinator:in' })
    await page.getByRole('button', { name: 'Rolle vergeben' }).click()
    await page.waitForURL(/\/admin\/roles/)
    // The person's roles now list the new one.
    const roles = (await page.locator('table').first().textContent()) ?? ''
    expect(roles).toContain('Koordinator:in')
    expect(roles).toContain('KV Neukölln')
    expect(watch.foreignRequests).toEqual([])
    await context.close()

    await server.deliverMail()
    const mail = await smtp.nextMailTo(grantee.email)
    expect(mail.subject).toBe('Deine neue Rolle: Koordinator:in – KV Neukölln')
    const link = /http:\/\/localhost:3000(\/account\/two-factor)\b/.exec(mail.text)
    expect(link).not.toBeNull()

    // The person follows the mail's link, signed in, and reaches the set-up of the second factor.
    const person = await signedIn(grantee, { bypassCSP: true })
    const res = await person.page.goto(`${server.origin}${link![1]}`)
    expect(res?.status()).toBe(200)
    await expect(person.page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Zwei|zwei/)
    expect(await axeOf(person.page)).toEqual([])
    await person.context.close()

    // The admin's page with the units found, as the admin saw it, has no WCAG 2.1 AA violation.
    const forAxe = await signedIn(admin, { bypassCSP: true })
    await forAxe.page.goto(searched)
    expect(await axeOf(forAxe.page)).toEqual([])
    await forAxe.context.close()
  })
})

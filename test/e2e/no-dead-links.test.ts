import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browserAvailable, launchBrowser, pageAs, type RunningApp, startServer } from '../support/browser.js'
import { buildPartnership, buildUser, type TestUser } from '../support/factories.js'

const available = browserAvailable()

/** Every link of the page's main part that stays on the site, and what it answers with the page's session. */
async function linkAnswers(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('main a[href^="/"]')
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))])
  const answers: string[] = []
  for (const href of hrefs) {
    const res = await page.request.get(new URL(href, page.url()).href, { maxRedirects: 0 })
    answers.push(`${res.status()} ${href}`)
  }
  return answers
}

/**
 * The links the issue found leading to refusals: the federal office saw an agreement link on a partnership
 * without one (404), a plain member the volunteer search and sent requests (403). In the browser, each page shows
 * only links that lead somewhere for its reader.
 */
describe.skipIf(!available)('a link only where it leads somewhere', () => {
  let server: RunningApp
  let browser: Browser
  let w: Awaited<ReturnType<typeof buildPartnership>>
  let office: TestUser
  let member: TestUser

  beforeAll(async () => {
    server = await startServer()
    const db = server.database.db
    w = await buildPartnership(db, { status: 'active' })
    office = await buildUser(db, { roles: [['federal_office', { ...w.state, id: w.state.parentId! }]] })
    member = await buildUser(db, { member: w.unitA })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('the federal office on a partnership without an agreement: no agreement link, no link that is refused', async () => {
    const { context, page } = await pageAs(browser, server, office, { javaScriptEnabled: false })
    await page.goto(`${server.origin}/partnerships/${w.partnership.id}`)
    expect(await page.getByRole('link', { name: /Partnerschaftsvereinbarung/ }).count()).toBe(0)
    const answers = await linkAnswers(page)
    expect(answers.length).toBeGreaterThan(0)
    expect(answers.filter((a) => /^4\d\d /.test(a))).toEqual([])
    // The board of a side may start one, and sees the way to it.
    const board = await pageAs(browser, server, w.boardA, { javaScriptEnabled: false })
    await board.page.goto(`${server.origin}/partnerships/${w.partnership.id}`)
    await board.page.getByRole('link', { name: 'Partnerschaftsvereinbarung beginnen' }).click()
    expect(board.page.url()).toBe(`${server.origin}/partnerships/${w.partnership.id}/agreement`)
    await board.context.close()
    await context.close()
  })

  test('a plain member in the volunteer pool: no search, no sent requests, every link answers', async () => {
    const { context, page } = await pageAs(browser, server, member)
    await page.goto(`${server.origin}/volunteers/profile`)
    const nav = page.locator('nav.volunteers-nav')
    const entries = (await nav.getByRole('link').allTextContents()).map((s) => s.trim())
    expect(entries.length).toBeGreaterThan(0)
    expect(await nav.locator('a[href="/volunteers/search"], a[href="/volunteers/sent"]').count()).toBe(0)
    const answers = await linkAnswers(page)
    expect(answers.filter((a) => /^4\d\d /.test(a))).toEqual([])
    // Those who speak for a KV search the pool and see what they sent.
    const board = await pageAs(browser, server, w.boardA)
    await board.page.goto(`${server.origin}/volunteers/profile`)
    const boardNav = board.page.locator('nav.volunteers-nav')
    expect(await boardNav.locator('a[href="/volunteers/search"], a[href="/volunteers/sent"]').count()).toBe(2)
    expect((await linkAnswers(board.page)).filter((a) => /^4\d\d /.test(a))).toEqual([])
    await board.context.close()
    await context.close()
  })
})

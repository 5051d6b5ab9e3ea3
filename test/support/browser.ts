import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { createMailTransport, type MailTransport } from '../../src/platform/mail/mailer.js'
import { buildTestApp, type TestApp } from './app.js'
import { sessionFor, type TestUser } from './factories.js'
import { startTestSmtp, type TestSmtp } from './smtp.js'

/** Debian's chromium; `.ci/run` installs it. */
export const chromiumPath = '/usr/bin/chromium'

/**
 * Whether the browser tests can run here. Without chromium they fail in CI (the checks must not
 * silently vanish there) and are skipped elsewhere with a message saying why.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI) throw new Error(`The browser tests need Debian's chromium at ${chromiumPath}.`)
  console.warn(`Skipping the browser tests: no chromium at ${chromiumPath} (apt-get install chromium).`)
  return false
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export type RunningApp = TestApp & { origin: string }

/** The whole application listening on a free loopback port, on a test database of its own. */
export async function startServer(
  opts: { env?: Record<string, string>; mailer?: MailTransport } = {},
): Promise<RunningApp> {
  const t = await buildTestApp({
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
  })
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = t.app.server.address() as AddressInfo
  return { ...t, origin: `http://127.0.0.1:${port}` }
}

/** The whole application delivering its mail over SMTP to a test server; `close` stops both. */
export async function startServerWithSmtp(): Promise<RunningApp & { smtp: TestSmtp }> {
  const smtp = await startTestSmtp()
  const server = await startServer({
    mailer: createMailTransport({ smtpUrl: smtp.url, from: 'noreply@example.org' }),
  })
  return {
    ...server,
    smtp,
    close: async () => {
      await server.close()
      await smtp.close()
    },
  }
}

/** Presses Tab until the focused element matches, as someone without a mouse does; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab`)
}

/** Logs a browser context in by handing it a session cookie made for it. */
export async function useSession(context: BrowserContext, origin: string, cookieHeader: string) {
  const [name, value] = cookieHeader.split('=', 2) as [string, string]
  await context.addCookies([{ name, value, url: origin, httpOnly: true, sameSite: 'Lax' }])
}

/** A new browser context signed in as `user` at the server's clock, in German, and its first page. */
export async function pageAs(
  browser: Browser,
  server: RunningApp,
  user: TestUser,
  opts: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    locale: 'de-DE',
    bypassCSP: opts.bypassCSP ?? false,
  })
  const session = await sessionFor(server.database.db, user, server.clock.now())
  await useSession(context, server.origin, session.cookie)
  return { context, page: await context.newPage() }
}

export type PageWatch = { foreignRequests: string[]; consoleErrors: string[] }

/**
 * Records every request to another origin and every console error or uncaught exception.
 * A failed load of the page itself (a 403/404 page) is the answer under test, not an error of the page.
 */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { foreignRequests: [], consoleErrors: [] }
  page.on('request', (req) => {
    const url = req.url()
    if (url.startsWith('data:') || url.startsWith('about:')) return
    if (new URL(url).origin !== origin) watch.foreignRequests.push(url)
  })
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const at = msg.location().url
    if (/Failed to load resource/.test(msg.text()) && at === page.url()) return
    watch.consoleErrors.push(`${msg.text()} (${at})`)
  })
  page.on('pageerror', (err) => watch.consoleErrors.push(`uncaught: ${err.message}`))
  return watch
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/**
 * Runs axe-core on the page. The page must belong to a context created with bypassCSP: true,
 * the only way to inject axe under our strict CSP; the other checks run without that exemption.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } })
      .axe
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: AxeViolation[]
    }
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }))
  }, wcagTags)
}

/** axe's violations on the page, one line each with the elements concerned: `[]` when it passes. */
export async function axeFindings(page: Page): Promise<string[]> {
  return (await axeViolations(page)).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

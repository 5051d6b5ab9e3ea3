import { eq } from 'drizzle-orm'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { members } from '../../src/domains/members/tables.js'
import { mentoringCheckIns, mentoringTandems } from '../../src/domains/mentoring/tables.js'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import {
  axeViolations,
  browserAvailable,
  launchBrowser,
  type PageWatch,
  type RunningApp,
  startServer,
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

const available = browserAvailable()

describe.skipIf(!available)('a mentoring cohort in the browser', () => {
  let server: RunningApp
  let browser: Browser
  let berlin: OrgUnit
  let office: TestUser
  let mentee: TestUser
  let mentor: TestUser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  const axeFailures: string[] = []

  beforeAll(async () => {
    server = await startServer()
    const db = server.database.db
    berlin = await buildState(db, await buildFederation(db))
    const pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
    const mitte = await buildDistrict(db, berlin, 'Berlin-Mitte')
    office = await buildUser(db, { roles: [['state_office', berlin]] })
    mentee = await buildUser(db, { member: pankow })
    mentor = await buildUser(db, { member: mitte })
    await db.update(members).set({ firstName: 'Aylin' }).where(eq(members.id, mentee.memberId!))
    await db.update(members).set({ firstName: 'Mira' }).where(eq(members.id, mentor.memberId!))
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.close()
  })

  /** A signed-in page of the user; `bypassCSP` only for the page axe runs on. */
  async function pageOf(user: TestUser, bypassCSP = false): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', bypassCSP })
    contexts.push(context)
    const session = await sessionFor(server.database.db, user, server.clock.now())
    await useSession(context, server.origin, session.cookie)
    const page = await context.newPage()
    if (!bypassCSP) watches.push(watchPage(page, server.origin))
    return page
  }

  /** axe-core WCAG 2.1 AA on the page the user sees at the URL. */
  async function checkAxe(user: TestUser, url: string) {
    const page = await pageOf(user, true)
    await page.goto(url)
    for (const v of await axeViolations(page))
      axeFailures.push(`${url}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes[0]?.target.join(' ')}`)
  }

  async function apply(
    user: TestUser,
    programmeUrl: string,
    role: string,
    extra: (p: Page) => Promise<void>,
  ) {
    const page = await pageOf(user)
    await page.goto(programmeUrl)
    await page.getByRole('link', { name: 'Jetzt bewerben' }).click()
    await page.waitForURL(`${programmeUrl}/apply`)
    await page.getByLabel('Ich bewerbe mich als').selectOption({ label: role })
    await page.getByLabel('Warum möchtest du mitmachen?').fill('Ich möchte mehr Verantwortung übernehmen.')
    await page.getByLabel('Was möchtest du im Tandem erreichen?').fill('Reden halten im Wahlkampf.')
    await page.getByRole('checkbox', { name: 'Wahlkampf' }).check()
    await page.getByRole('checkbox', { name: 'online' }).check()
    await page.getByRole('checkbox', { name: 'werktags abends' }).check()
    await page.getByLabel('Sprachen').fill('Deutsch, Türkisch')
    await extra(page)
    await page.getByRole('button', { name: 'Bewerbung absenden' }).click()
    await page.waitForURL(programmeUrl)
    await expect(page.getByRole('status').textContent()).resolves.toBeTruthy()
    return page
  }

  test('the state office sets up a programme, a member applies as mentee, the office pairs, both see each other, log a meeting and review', async () => {
    // The state office sets up the cohort.
    const officePage = await pageOf(office)
    await officePage.goto(`${server.origin}/units/${berlin.id}`)
    await officePage.getByRole('link', { name: 'Mentoring-Programm anlegen' }).click()
    await officePage.getByLabel('Name').fill('Mentoring für Frauen und Menschen mit Migrationsgeschichte')
    await officePage.getByLabel('Zielgruppen').fill('Frauen, Menschen mit Migrationsgeschichte')
    await officePage.getByLabel('Themen, eins pro Zeile').fill('Wahlkampf\nReden und Auftreten\nFinanzen')
    await officePage.getByLabel('Bewerbung ab').fill('2026-11-01')
    await officePage.getByLabel('Bewerbung bis').fill('2026-11-30')
    await officePage.getByLabel('Durchgang beginnt am').fill('2026-12-01')
    // A short cohort, so its closing review is already open (four weeks before the end).
    await officePage.getByLabel('Durchgang endet am').fill('2026-12-15')
    await officePage.getByLabel('Wie viele Tandems kann das Programm tragen?').fill('10')
    await officePage.getByRole('button', { name: 'Anlegen' }).click()
    await officePage.waitForURL(/\/mentoring\/[0-9a-f-]{36}$/)
    const programmeUrl = officePage.url()

    // A mentor and a mentee apply; the mentee gives a self-description, which only the office reads.
    await apply(mentor, programmeUrl, 'Mentor:in', async () => {})
    await checkAxe(mentee, `${programmeUrl}/apply`)
    const menteePage = await apply(mentee, programmeUrl, 'Mentee', async (p) => {
      await p.getByLabel('Selbstbeschreibung', { exact: true }).fill('Meine Eltern kamen aus Izmir.')
    })
    await expect(menteePage.getByRole('main').textContent()).resolves.toContain('eingegangen')

    // The office accepts both and confirms the suggested pair.
    await officePage.goto(programmeUrl)
    for (const name of ['Aylin', 'Mira']) {
      await officePage
        .getByRole('cell', { name: new RegExp(`Bewerbung von ${name}`) })
        .getByRole('button', { name: 'Aufnehmen' })
        .click()
      await officePage.waitForURL(programmeUrl)
    }
    await officePage.getByRole('link', { name: 'Paare bilden' }).click()
    await officePage.waitForURL(`${programmeUrl}/pairing`)
    await checkAxe(office, `${programmeUrl}/pairing`)
    const suggestion = officePage.getByRole('main')
    await expect(suggestion.textContent()).resolves.toContain('Gemeinsame Themen: Wahlkampf')
    await officePage
      .getByRole('button', { name: /Bestätigen/ })
      .first()
      .click()
    await officePage.waitForURL(`${programmeUrl}/pairing`)
    const [tandem] = await server.database.db.select().from(mentoringTandems)
    expect(tandem?.status).toBe('active')

    // The mentee sees the mentor: first name and KV, and their tandem's page.
    await menteePage.goto(programmeUrl)
    await expect(menteePage.getByRole('main').textContent()).resolves.toContain('Mit Mira aus Berlin-Mitte')
    await menteePage.getByRole('link', { name: 'Zum Tandem' }).click()
    await menteePage.waitForURL(`${server.origin}/mentoring/tandems/${tandem!.id}`)
    await checkAxe(mentee, menteePage.url())

    // Both log a meeting; each sees the other's shared note.
    const mentorPage = await pageOf(mentor)
    for (const [page, note] of [
      [menteePage, 'Erstes Kennenlernen im Café.'],
      [mentorPage, 'Rede für die Mitgliederversammlung geübt.'],
    ] as const) {
      await page.goto(`${server.origin}/mentoring/tandems/${tandem!.id}`)
      await page.getByLabel('Datum').fill('2026-11-20')
      await page.getByLabel('Art', { exact: true }).selectOption({ label: 'online' })
      await page.getByLabel('Notiz für euch beide (freiwillig)').fill(note)
      await page.getByRole('button', { name: 'Treffen eintragen' }).click()
      await page.waitForURL(`${server.origin}/mentoring/tandems/${tandem!.id}`)
    }
    await menteePage.reload()
    await expect(menteePage.getByRole('main').textContent()).resolves.toContain(
      'Rede für die Mitgliederversammlung geübt.',
    )
    expect(await server.database.db.select().from(mentoringCheckIns)).toHaveLength(2)

    // Both write their closing review; the mentee counts the goal reached. Then the tandem is completed.
    await menteePage.getByLabel('Neues Ziel').fill('Eine Rede auf der Mitgliederversammlung halten')
    await menteePage.getByRole('button', { name: 'Ziel hinzufügen' }).click()
    await menteePage.waitForURL(`${server.origin}/mentoring/tandems/${tandem!.id}`)
    for (const [page, rating] of [
      [menteePage, '5 von 5'],
      [mentorPage, '4 von 5'],
    ] as const) {
      await page.goto(`${server.origin}/mentoring/tandems/${tandem!.id}`)
      await page.getByLabel('Wie war euer Tandem?').selectOption({ label: rating })
      await page.getByLabel('Wie war das Programm?').selectOption({ label: '4 von 5' })
      if (page === menteePage)
        await page.getByRole('checkbox', { name: 'Eine Rede auf der Mitgliederversammlung halten' }).check()
      await page.getByRole('button', { name: 'Rückblick abgeben' }).click()
      await page.waitForURL(`${server.origin}/mentoring/tandems/${tandem!.id}`)
      await expect(page.getByRole('main').textContent()).resolves.toContain(`Tandem ${rating}`)
    }
    await expect(mentorPage.getByRole('main').textContent()).resolves.toContain('(erreicht)')
    const [closed] = await server.database.db.select().from(mentoringTandems)
    expect(closed?.status).toBe('completed')
    // The programme page as the office sees it: applications, coordinators, events and the figures.
    await checkAxe(office, programmeUrl)
    await checkAxe(office, `${server.origin}/units/${berlin.id}`)

    // Mails to each member's address: application received, accepted, paired.
    const mails = await server.outbox()
    for (const user of [mentee, mentor]) {
      const [member] = await server.database.db.select().from(members).where(eq(members.id, user.memberId!))
      expect(mails.filter((m) => m.to === member!.email)).toHaveLength(3)
    }

    expect(axeFailures).toEqual([])
    for (const w of watches) {
      expect(w.foreignRequests).toEqual([])
      expect(w.consoleErrors).toEqual([])
    }
  }, 120_000)
})

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
  actorFor,
  buildFederation,
  buildKeyedState,
  buildMember,
  buildUser,
  sessionFor,
} from '../../../test/support/factories.js'
import { insertUnit, type OrgUnit } from '../org-units/index.js'
import { createEntry } from '../playbook/service.js'

const available = browserAvailable()

/**
 * The seed's pair that "erstmal sehr unterschiedlich scheint": Saale-Orla's board says it is looking, the
 * federal office finds it among the KVs without a partner, reads why Hamburg-Mitte fits and proposes the
 * partnership; then Saale-Orla's board takes the Wissenswerk's help-request template into the help form.
 * JavaScript off for the journey, on for the axe check of every page it visited.
 */
describe.skipIf(!available)('partner finder and Wissenswerk, in the browser', () => {
  let server: RunningApp
  let browser: Browser
  let hamburgMitte: OrgUnit
  let saaleOrla: OrgUnit
  let boardCookie: string
  let federalCookie: string
  let templateId: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const db = server.database.db
    const fed = await buildFederation(db)
    const hh = await buildKeyedState(db, '02', fed)
    const th = await buildKeyedState(db, '16', fed)
    const district = (state: OrgUnit, name: string, ags: string, v: [number, number, number, number]) =>
      insertUnit(db, {
        kind: 'district',
        name,
        parentId: state.id,
        ags,
        population: v[0],
        areaKm2: v[1],
        anchorLat: v[2],
        anchorLon: v[3],
      })
    hamburgMitte = await district(hh, 'Hamburg-Mitte', '02000', [30_100, 142, 53.5503, 10.0006])
    const altona = await district(hh, 'Hamburg-Altona', '02000', [27_500, 78, 53.5456, 9.9382])
    saaleOrla = await district(th, 'Saale-Orla-Kreis', '16075', [81_000, 1151, 50.59, 11.71])
    for (const [unit, n] of [
      [hamburgMitte, 12],
      [altona, 11],
      [saaleOrla, 1],
    ] as const)
      for (let i = 0; i < n; i++) await buildMember(db, unit)
    const board = await buildUser(db, { member: saaleOrla, roles: [['board', saaleOrla]] })
    const office = await buildUser(db, { roles: [['federal_office', fed]] })
    boardCookie = (await sessionFor(db, board, server.clock.now())).cookie
    federalCookie = (await sessionFor(db, office, server.clock.now())).cookie
    const entry = await createEntry(server.app.deps, actorFor(office, [['federal_office', fed]]), {
      kind: 'template',
      unitId: fed.id,
      title: 'Vorlage: Hilfe an den Haustüren',
      summary: 'Ein Hilfegesuch für ein Wochenende Haustürwahlkampf',
      body: 'Passt Termin und Treffpunkt an.',
      tags: ['help'],
      visibility: 'members',
      templateFor: 'help_request',
      field_title: 'Wochenende an den Haustüren',
      field_description: 'Wir gehen zu zweit von Tür zu Tür und brauchen eure Hilfe.',
      field_subject: '',
      field_body: '',
      field_preamble: '',
    })
    templateId = entry.id
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  test('a board says it is looking, the federal office proposes the partner, the board uses a template', async () => {
    const visited: { url: string; cookie: string }[] = []
    const journey = async (cookie: string) => {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE', bypassCSP: true })
      await useSession(context, server.origin, cookie)
      const page = await context.newPage()
      return { context, page, watch: watchPage(page, server.origin) }
    }
    const remember = (url: string, cookie: string) => visited.push({ url: url.replace(/#.*$/, ''), cookie })

    // Saale-Orla's board fills in its seeking profile.
    const board = await journey(boardCookie)
    await board.page.goto(`${server.origin}/units/${saaleOrla.id}/seeking/edit`)
    remember(board.page.url(), boardCookie)
    await board.page.getByLabel('Sucht Saale-Orla-Kreis eine Partnerschaft?').selectOption('yes')
    await board.page.locator('input[name="seeks"][value="campaign_help"]').check()
    await board.page.locator('input[name="offers"][value="experience"]').check()
    await board.page.getByRole('button', { name: 'Speichern' }).click()
    await expect.poll(() => board.page.url()).toMatch(/\/units\/[0-9a-f-]{36}(\/seeking)?$/)
    remember(board.page.url(), boardCookie)

    // The federal office finds Saale-Orla among the KVs without a partner and opens its suggestions.
    const office = await journey(federalCookie)
    await office.page.goto(`${server.origin}/matchmaking`)
    remember(office.page.url(), federalCookie)
    await office.page.getByRole('link', { name: 'Vorschläge: Saale-Orla-Kreis' }).click()
    await expect.poll(() => office.page.url()).toContain(`/units/${saaleOrla.id}/matchmaking`)
    remember(office.page.url(), federalCookie)
    // Both Hamburg districts are suggested, each explained factor by factor.
    const suggestions = office.page.locator('ol > li')
    expect(await suggestions.count()).toBe(2)
    const mitte = suggestions.filter({ has: office.page.getByRole('heading', { name: /Hamburg-Mitte/ }) })
    expect(await mitte.textContent()).toContain('Ost und West')
    expect(await mitte.textContent()).toContain('km Luftlinie')
    await mitte.getByRole('button', { name: 'Partnerschaft vorschlagen: Hamburg-Mitte' }).click()

    await expect.poll(() => office.page.url()).toMatch(/\/partnerships\/[0-9a-f-]{36}$/)
    remember(office.page.url(), federalCookie)
    expect(await office.page.getByText(/Vorschlag aus der Partnersuche, \d+ von 100 Punkten/).count()).toBe(1)

    // Saale-Orla's board takes the help-request template from the Wissenswerk.
    await board.page.goto(`${server.origin}/playbook/${templateId}`)
    remember(board.page.url(), boardCookie)
    await board.page.getByRole('link', { name: 'Diese Vorlage verwenden' }).click()
    await expect.poll(() => board.page.url()).toContain(`/help/new?template=${templateId}`)
    remember(board.page.url(), boardCookie)
    expect(await board.page.getByLabel('Titel', { exact: true }).inputValue()).toBe(
      'Wochenende an den Haustüren',
    )
    expect(
      await board.page.getByText('Die Vorlage „Vorlage: Hilfe an den Haustüren“ ist eingetragen.').count(),
    ).toBe(1)

    for (const j of [board, office]) {
      expect(j.watch.foreignRequests).toEqual([])
      expect(j.watch.consoleErrors).toEqual([])
      await j.context.close()
    }

    // axe needs JavaScript: the pages of the journey once more, with it, for WCAG 2.1 AA.
    const violations: string[] = []
    for (const cookie of [boardCookie, federalCookie]) {
      const checking = await browser.newContext({ locale: 'de-DE', bypassCSP: true })
      await useSession(checking, server.origin, cookie)
      const checker = await checking.newPage()
      for (const url of new Set(visited.filter((v) => v.cookie === cookie).map((v) => v.url))) {
        await checker.goto(url, { waitUntil: 'load' })
        for (const v of await axeViolations(checker)) violations.push(`${url}: ${v.id} ${v.help}`)
      }
      await checking.close()
    }
    expect(violations).toEqual([])
  }, 180_000)
})

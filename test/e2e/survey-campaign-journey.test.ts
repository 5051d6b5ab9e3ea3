import { eq } from 'drizzle-orm'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { users } from '../../src/domains/accounts/tables.js'
import { members } from '../../src/domains/members/tables.js'
import type { OrgUnit } from '../../src/domains/org-units/index.js'
import {
  campaignCalls,
  surveyAnswers,
  surveyResponses,
  surveys,
  surveyVersions,
} from '../../src/domains/surveys/index.js'
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
  buildMember,
  buildState,
  buildUser,
  type Session,
  sessionFor,
  type TestUser,
} from '../support/factories.js'

const available = browserAvailable()

const TITLE = 'Wie kann Parteiarbeit besser gestaltet werden?'
const Q = {
  often: 'Wie oft warst du dieses Jahr bei einem Treffen deines Kreisverbands?',
  welcome: 'Wie willkommen fühlst du dich bei unseren Treffen?',
  formats: 'Welche Formate würden dich zum Mitmachen einladen?',
  hours: 'Wie viele Stunden im Monat könntest du einbringen?',
  why: 'Was hält dich von unseren Treffen ab?',
}

describe.skipIf(!available)('a survey with a phone campaign in the browser', () => {
  let server: RunningApp
  let browser: Browser
  let berlin: OrgUnit
  const kvs: Record<'pankow' | 'mitte' | 'neukoelln', OrgUnit> = {} as never
  let office: TestUser
  let caller: TestUser
  /** Members on the call list (the only ones with a phone), by first name. */
  const called = new Map<string, { kv: string }>()
  let linkMember: { id: string; email: string }
  /** Members who answer on their own, signed in: six in Pankow, five in Mitte. */
  const respondents: { user: TestUser; kv: 'pankow' | 'mitte' }[] = []
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  const axeFailures: string[] = []

  beforeAll(async () => {
    server = await startServer()
    const db = server.database.db
    berlin = await buildState(db, await buildFederation(db))
    kvs.pankow = await buildDistrict(db, berlin, 'Berlin-Pankow')
    kvs.mitte = await buildDistrict(db, berlin, 'Berlin-Mitte')
    kvs.neukoelln = await buildDistrict(db, berlin, 'Berlin-Neukölln')
    office = await buildUser(db, { roles: [['state_office', berlin]] })
    caller = await buildUser(db, { member: kvs.pankow })
    await db.update(users).set({ displayName: 'Jonas Anrufer' }).where(eq(users.id, caller.id))
    for (const [name, kv, phone] of [
      ['Aylin', kvs.neukoelln, '030 555 0101'],
      ['Bernd', kvs.mitte, '030 555 0102'],
      ['Chiara', kvs.pankow, '030 555 0103'],
    ] as const) {
      await buildMember(db, kv, { firstName: name, phone })
      called.set(name, { kv: kv.name })
    }
    const dilara = await buildMember(db, kvs.neukoelln, { firstName: 'Dilara' })
    linkMember = { id: dilara.id, email: dilara.email! }
    for (let i = 0; i < 11; i++) {
      const kv = i < 6 ? 'pankow' : 'mitte'
      respondents.push({ user: await buildUser(db, { member: kvs[kv] }), kv })
    }
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.close()
  })

  /** A signed-in page (a fresh session at the server's time); `bypassCSP` only for the page axe runs on. */
  async function pageOf(
    user: TestUser | null,
    opts: { bypassCSP?: boolean; javaScriptEnabled?: boolean } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'de-DE',
      bypassCSP: opts.bypassCSP ?? false,
      javaScriptEnabled: opts.javaScriptEnabled ?? true,
    })
    contexts.push(context)
    if (user) {
      const session = await sessionFor(server.database.db, user, server.clock.now())
      await useSession(context, server.origin, session.cookie)
    }
    const page = await context.newPage()
    if (!opts.bypassCSP) watches.push(watchPage(page, server.origin))
    return page
  }

  /** axe-core WCAG 2.1 AA on the page the user (or a visitor without account) sees at the URL. */
  async function checkAxe(user: TestUser | null, url: string) {
    const page = await pageOf(user, { bypassCSP: true })
    await page.goto(url)
    for (const v of await axeViolations(page))
      axeFailures.push(`${url}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes[0]?.target.join(' ')}`)
    await page.context().close()
  }

  const flash = (page: Page) => page.getByRole('status').first().textContent()

  async function addQuestion(
    page: Page,
    q: {
      text: string
      kind: string
      options?: string[]
      low?: string
      high?: string
      condition?: RegExp
      required?: boolean
    },
  ) {
    const url = page.url()
    await page.getByLabel('Frage', { exact: true }).fill(q.text)
    await page.getByLabel('Art der Frage').selectOption({ label: q.kind })
    if (q.options) await page.getByLabel('Antwortmöglichkeiten').fill(q.options.join('\n'))
    if (q.low) await page.getByLabel('Skala: Bedeutung von 1').fill(q.low)
    if (q.high) await page.getByLabel('Skala: Bedeutung von 5').fill(q.high)
    if (q.condition) {
      const select = page.getByLabel('Anzeigen', { exact: true })
      const label = (await select.locator('option').allTextContents()).find((o) => q.condition!.test(o))
      expect(label, `a condition matching ${q.condition}`).toBeTruthy()
      await select.selectOption({ label: label! })
    }
    if (q.required) await page.getByRole('checkbox', { name: 'Pflichtfrage' }).check()
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Hinzufügen' }).click()])
    expect(page.url()).toBe(url)
    await expect(flash(page)).resolves.toContain('Die Frage wurde hinzugefügt.')
  }

  /** Presses Tab until the field with this name (and value) has the focus; fails if it is never reached. */
  async function tabTo(page: Page, name: string, value?: string) {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab')
      const focused = page.locator(':focus')
      if ((await focused.count()) === 0) continue
      if (
        (await focused.getAttribute('name')) === name &&
        (value === undefined || (await focused.getAttribute('value')) === value)
      )
        return
    }
    throw new Error(`Tab never reached ${name}${value ? `=${value}` : ''}`)
  }

  test('the state office builds a survey and a phone campaign, a caller calls three members, a member answers by the link, the office reads the results', async () => {
    const db = server.database.db
    const origin = server.origin

    // ---- The state office builds the survey: five questions of five kinds, one shown only after "nie".
    const officePage = await pageOf(office)
    await officePage.goto(`${origin}/units/${berlin.id}`)
    await officePage.getByRole('link', { name: 'Befragungen dieser Gliederung' }).click()
    await officePage.getByRole('link', { name: 'Neue Befragung' }).click()
    await officePage.getByLabel('Titel').fill(TITLE)
    await officePage
      .getByLabel('Einleitung für die Befragten')
      .fill('Wir möchten wissen, wie wir mehr Leute zum Mitmachen einladen.')
    await officePage.getByLabel('Art der Befragung').selectOption('personal')
    await officePage.getByRole('button', { name: 'Anlegen', exact: true }).click()
    await officePage.waitForURL(/\/surveys\/[0-9a-f-]{36}$/)
    const surveyUrl = officePage.url()
    const surveyId = surveyUrl.split('/').pop()!

    await addQuestion(officePage, {
      text: Q.often,
      kind: 'Einfachauswahl',
      options: ['nie', 'ein- bis dreimal', 'öfter'],
      required: true,
    })
    await addQuestion(officePage, {
      text: Q.welcome,
      kind: 'Skala 1–5',
      low: 'gar nicht',
      high: 'sehr',
      required: true,
    })
    await addQuestion(officePage, {
      text: Q.formats,
      kind: 'Mehrfachauswahl',
      options: ['Stammtisch', 'Online-Treffen', 'Aktionen vor Ort', 'Lesekreis'],
    })
    await addQuestion(officePage, { text: Q.hours, kind: 'Zahl' })
    await addQuestion(officePage, { text: Q.why, kind: 'langer Text', condition: /„1\. Wie oft.*„nie“/ })
    const questions = officePage.getByRole('main').locator('ol.survey-questions > li')
    await expect(questions.count()).resolves.toBe(5)
    await expect(questions.nth(4).textContent()).resolves.toContain('nur wenn bei „1. Wie oft')
    await checkAxe(office, surveyUrl)

    await Promise.all([
      officePage.waitForEvent('load'),
      officePage.getByRole('button', { name: 'Befragung starten' }).click(),
    ])
    await expect(flash(officePage)).resolves.toContain('Die Befragung läuft.')
    await Promise.all([
      officePage.waitForEvent('load'),
      officePage.getByRole('button', { name: 'Persönliche Links per E-Mail senden' }).click(),
    ])
    await expect(flash(officePage)).resolves.toContain('Die persönlichen Links werden verschickt.')

    // ---- The phone campaign: the call list is the three members with a phone, one in each KV.
    await officePage.getByRole('link', { name: 'Neue Telefonaktion' }).click()
    await officePage.getByLabel('Name der Aktion').fill('Telefonaktion Herbst')
    await officePage
      .getByLabel(/^Gesprächsleitfaden/)
      .fill(
        'Hallo, hier ist Jonas vom Landesverband Berlin. Deine Antworten nutzen wir nur für diese Befragung.',
      )
    // The form suggests weekday evenings and Saturday 11–14; this campaign calls on Saturday all day.
    // Each time field is named by its row and column headers (aria-labelledby "Samstag" + "von").
    await officePage.locator('input[aria-labelledby="hours-sa hours-from"]').fill('09:00')
    await officePage.locator('input[aria-labelledby="hours-sa hours-to"]').fill('21:00')
    await officePage.getByRole('button', { name: 'Anlegen und Liste erstellen' }).click()
    await officePage.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/)
    const campaignUrl = officePage.url()
    const campaignId = campaignUrl.split('/').pop()!
    const byKv = officePage.getByRole('table', { name: 'Fortschritt je Kreisverband' })
    for (const kv of Object.values(kvs))
      await expect(byKv.getByRole('row', { name: new RegExp(kv.name) }).textContent()).resolves.toMatch(
        /^\D*1\s*0\s*0\s*1$/,
      )
    await officePage.getByLabel('E-Mail-Adresse ihres Kontos').fill(caller.email)
    await Promise.all([
      officePage.waitForEvent('load'),
      officePage.getByRole('button', { name: 'Hinzufügen' }).click(),
    ])
    await expect(flash(officePage)).resolves.toContain('Die Person ruft jetzt für diese Aktion an.')
    // While it runs, the same grid on the campaign page changes the hours: Saturday ends at 20:00 now; Enter sends.
    const saturdayEnd = officePage.locator('input[aria-labelledby="hours-sa hours-to"]')
    await expect(saturdayEnd.inputValue()).resolves.toBe('21:00')
    await saturdayEnd.fill('20:00')
    await Promise.all([officePage.waitForEvent('load'), saturdayEnd.press('Enter')])
    expect(officePage.url()).toBe(campaignUrl)
    await expect(flash(officePage)).resolves.toContain('Leitfaden und Anrufzeiten sind gespeichert.')
    await expect(officePage.getByRole('main').textContent()).resolves.toContain(
      'Anrufzeiten: Mo–Fr 17:00–20:00, Sa 09:00–20:00.',
    )
    await checkAxe(office, campaignUrl)

    // ---- The caller finds the campaign among their surveys, confirms the confidentiality note, calls three people.
    const deskUrl = `${campaignUrl}/call`
    const callerPage = await pageOf(caller)
    await callerPage.goto(`${origin}/surveys`)
    await Promise.all([
      callerPage.waitForEvent('load'),
      callerPage.getByRole('link', { name: 'Telefonaktion Herbst' }).click(),
    ])
    expect(callerPage.url()).toBe(deskUrl)
    await expect(callerPage.getByRole('button', { name: 'Nächste Person' }).count()).resolves.toBe(0)
    await Promise.all([
      callerPage.waitForEvent('load'),
      callerPage.getByRole('button', { name: 'Ich habe den Hinweis gelesen und halte mich daran' }).click(),
    ])
    await expect(flash(callerPage)).resolves.toContain('Du kannst jetzt anrufen.')

    const calledNow = async (page: Page) => {
      const heading = await page.getByRole('heading', { name: /^Du rufst an:/ }).textContent()
      const [, name, kv] = /^Du rufst an: (\S+), (.+)$/.exec(heading!.trim())!
      return { name: name!, kv: kv! }
    }
    const seen: string[] = []
    for (let i = 0; i < 3; i++) {
      await Promise.all([
        callerPage.waitForEvent('load'),
        callerPage.getByRole('button', { name: 'Nächste Person' }).click(),
      ])
      const person = await calledNow(callerPage)
      seen.push(person.name)
      expect(called.get(person.name)?.kv).toBe(person.kv)
      // Only this person: their phone, no other number on the list.
      const main = (await callerPage.getByRole('main').textContent())!
      const phones = main.match(/030 555 01\d\d/g) ?? []
      expect(new Set(phones).size).toBe(1)
      if (i === 0) await checkAxe(caller, deskUrl)
      if (person.name === 'Aylin') {
        // Reached: the caller enters her answers as she gives them.
        const form = callerPage.getByRole('region', { name: 'Erreicht: Antworten eintragen' })
        await form
          .getByRole('group', { name: new RegExp(Q.often) })
          .getByLabel('ein- bis dreimal')
          .check()
        await form
          .getByRole('group', { name: new RegExp(Q.welcome) })
          .getByLabel('5 (sehr)')
          .check()
        await form
          .getByRole('group', { name: new RegExp(Q.formats) })
          .getByLabel('Stammtisch')
          .check()
        await form.getByLabel(new RegExp(Q.hours)).fill('4')
        await form
          .getByLabel('Notiz (für spätere Anrufe)')
          .fill('Freut sich über eine Einladung zum Stammtisch.')
        await Promise.all([
          callerPage.waitForEvent('load'),
          form.getByRole('button', { name: 'Erreicht: Antworten speichern' }).click(),
        ])
      } else {
        const form = callerPage.getByRole('region', { name: 'Nicht erreicht oder keine Befragung' })
        if (person.name === 'Bernd') {
          await form.getByLabel('Ergebnis').selectOption({ label: 'zurückrufen' })
          // After the calling hours: refused on the field, which names Saturday's hours; the form keeps the rest.
          await form.getByLabel('Zurückrufen am').fill('2026-11-21T20:30')
          await form.getByLabel('Notiz (für spätere Anrufe)').fill('Lieber nach 18 Uhr anrufen.')
          await Promise.all([
            callerPage.waitForEvent('load'),
            form.getByRole('button', { name: 'Ergebnis speichern' }).click(),
          ])
          await expect(form.textContent()).resolves.toContain('Samstags wird von 09:00 bis 20:00 angerufen.')
          await expect(form.getByLabel('Zurückrufen am').getAttribute('aria-invalid')).resolves.toBe('true')
          await expect(form.getByLabel('Ergebnis').inputValue()).resolves.toBe('callback')
          await form.getByLabel('Zurückrufen am').fill('2026-11-21T18:30')
        } else {
          await form.getByLabel('Ergebnis').selectOption({ label: 'niemand erreicht' })
          await form.getByLabel('Notiz (für spätere Anrufe)').fill('Mailbox, keine Nachricht hinterlassen.')
        }
        await Promise.all([
          callerPage.waitForEvent('load'),
          form.getByRole('button', { name: 'Ergebnis speichern' }).click(),
        ])
      }
      await expect(flash(callerPage)).resolves.toContain('Das Ergebnis ist gespeichert.')
    }
    expect([...seen].sort()).toEqual(['Aylin', 'Bernd', 'Chiara'])
    const calls = await db.select().from(campaignCalls).where(eq(campaignCalls.campaignId, campaignId))
    expect(calls.map((c) => c.outcome).sort()).toEqual(['callback', 'no_answer', 'reached'])

    // ---- Dilara answers by the link from her mail: no account, no script, only the keyboard.
    const mail = (await server.outbox()).find((m) => m.to === linkMember.email)
    expect(mail?.subject).toBe(`Befragung: ${TITLE}`)
    const linkPath = /\/s\/[A-Za-z0-9_-]{43}/.exec(mail!.text)![0]
    const [version] = await db.select().from(surveyVersions).where(eq(surveyVersions.surveyId, surveyId))
    const key = Object.fromEntries(
      version!.questionnaire.questions.map((q) => [q.text, { name: `q_${q.key}`, q }]),
    )
    const option = (text: string, label: string) => key[text]!.q.options.find((o) => o.label === label)!.key
    await checkAxe(null, `${origin}${linkPath}`)
    const member = await pageOf(null, { javaScriptEnabled: false })
    await member.goto(`${origin}${linkPath}`)
    await expect(member.getByRole('main').textContent()).resolves.toContain('Persönlich:')
    // Tab lands on the first choice of a group with none chosen: Space takes it, the arrow keys move the choice.
    await tabTo(member, key[Q.often]!.name)
    await expect(member.locator(':focus').getAttribute('value')).resolves.toBe(option(Q.often, 'nie'))
    await member.keyboard.press('Space')
    await tabTo(member, key[Q.welcome]!.name)
    await expect(member.locator(':focus').getAttribute('value')).resolves.toBe('1')
    await member.keyboard.press('ArrowRight')
    await tabTo(member, key[Q.formats]!.name, option(Q.formats, 'Online-Treffen'))
    await member.keyboard.press('Space')
    await tabTo(member, key[Q.hours]!.name)
    await member.keyboard.type('3')
    await tabTo(member, key[Q.why]!.name)
    await member.keyboard.type('Die Treffen sind, wenn ich mein Kind ins Bett bringe.')
    await member.keyboard.press('Tab')
    await expect(member.locator(':focus').textContent()).resolves.toBe('Antworten absenden')
    await Promise.all([member.waitForEvent('load'), member.keyboard.press('Enter')])
    await expect(member.getByRole('main').textContent()).resolves.toContain(
      'Danke! Deine Antworten sind angekommen.',
    )
    const [dilara] = await db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.memberId, linkMember.id))
    expect(dilara).toMatchObject({ channel: 'online', unitId: kvs.neukoelln.id })
    const given = await db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, dilara!.id))
    const answerOf = (text: string) => given.filter((a) => a.questionKey === key[text]!.q.key)
    expect(answerOf(Q.often).map((a) => a.option)).toEqual([option(Q.often, 'nie')])
    expect(answerOf(Q.welcome).map((a) => a.numberValue)).toEqual([2])
    expect(answerOf(Q.formats).map((a) => a.option)).toEqual([option(Q.formats, 'Online-Treffen')])
    expect(answerOf(Q.hours).map((a) => a.numberValue)).toEqual([3])
    expect(answerOf(Q.why).map((a) => a.textValue)).toEqual([
      'Die Treffen sind, wenn ich mein Kind ins Bett bringe.',
    ])

    // ---- Eleven members answer on their own (six in Pankow, five in Mitte), through the same form.
    for (const r of respondents) {
      const session: Session = await sessionFor(db, r.user, server.clock.now())
      const fields =
        r.kv === 'pankow'
          ? { often: 'öfter', welcome: '4', formats: 'Aktionen vor Ort', hours: '6' }
          : { often: 'ein- bis dreimal', welcome: '3', formats: 'Lesekreis', hours: '2' }
      const res = await server.app.inject({
        method: 'POST',
        url: `/surveys/${surveyId}/answer`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
        payload: new URLSearchParams({
          _csrf: session.csrf,
          [key[Q.often]!.name]: option(Q.often, fields.often),
          [key[Q.welcome]!.name]: fields.welcome,
          [key[Q.formats]!.name]: option(Q.formats, fields.formats),
          [key[Q.hours]!.name]: fields.hours,
        }).toString(),
      })
      expect(res.statusCode, res.body).toBe(303)
    }

    // ---- In the evening Bernd's call-back comes back to the same caller, with the note of the first call.
    server.clock.advance(7.5 * 60 * 60 * 1000 + 60_000)
    const evening = await pageOf(caller)
    await evening.goto(deskUrl)
    await Promise.all([
      evening.waitForEvent('load'),
      evening.getByRole('button', { name: 'Nächste Person' }).click(),
    ])
    await expect(calledNow(evening)).resolves.toEqual({ name: 'Bernd', kv: 'Berlin-Mitte' })
    await expect(evening.getByRole('main').textContent()).resolves.toMatch(
      /zurückrufen – Lieber nach 18 Uhr anrufen\./,
    )
    const other = evening.getByRole('region', { name: 'Nicht erreicht oder keine Befragung' })
    await other.getByLabel('Ergebnis').selectOption({ label: 'möchte an dieser Befragung nicht teilnehmen' })
    await Promise.all([
      evening.waitForEvent('load'),
      other.getByRole('button', { name: 'Ergebnis speichern' }).click(),
    ])
    await expect(flash(evening)).resolves.toContain('Das Ergebnis ist gespeichert.')

    // ---- The office reads the progress and the results; small groups are withheld, and say so.
    const reading = await pageOf(office)
    await reading.goto(campaignUrl)
    const byCaller = reading.getByRole('table', { name: 'Fortschritt je anrufender Person' })
    await expect(byCaller.getByRole('row', { name: /Jonas Anrufer/ }).textContent()).resolves.toMatch(
      /Jonas Anrufer\s*ja\s*4\s*1/,
    )
    await Promise.all([
      reading.waitForEvent('load'),
      reading.getByRole('link', { name: `Zur Befragung „${TITLE}“` }).click(),
    ])
    await reading.getByRole('link', { name: 'Ergebnisse', exact: true }).click()
    await reading.waitForURL(`${surveyUrl}/results`)
    const resultsUrl = reading.url()
    const main = reading.getByRole('main')
    await expect(main.textContent()).resolves.toContain('13 Personen haben geantwortet.')
    const often = reading.getByRole('region', { name: `1. ${Q.often}` })
    const count = (region: typeof often, label: string) =>
      region
        .getByRole('row', { name: new RegExp(`^${label}`) })
        .getByRole('cell')
        .first()
        .textContent()
    await expect(count(often, 'öfter')).resolves.toBe('6')
    await expect(count(often, 'ein- bis dreimal')).resolves.toBe('6')
    await expect(count(often, 'nie')).resolves.toBe('1')
    await expect(reading.getByRole('region', { name: `2. ${Q.welcome}` }).textContent()).resolves.toContain(
      'Mittelwert: 3,54.',
    )
    // The free text rests on one answer: withheld, and the text is nowhere on the page.
    const why = reading.getByRole('region', { name: `5. ${Q.why}` })
    await expect(why.textContent()).resolves.toContain('Zurückgehalten: weniger als 5 Antworten.')
    await expect(main.textContent()).resolves.not.toContain('Kind ins Bett')
    // Per KV: Neukölln (2) is withheld, and Mitte (5) with it, so Neukölln cannot be worked out from the total.
    const perKv = reading.getByRole('region', { name: 'Antwortende je Kreisverband' })
    await expect(perKv.getByRole('row', { name: /Berlin-Pankow/ }).textContent()).resolves.toMatch(/6$/)
    await expect(perKv.getByRole('row', { name: /Berlin-Neukölln/ }).textContent()).resolves.toContain(
      'Zurückgehalten: weniger als 5 Antworten.',
    )
    await expect(perKv.getByRole('row', { name: /Berlin-Mitte/ }).textContent()).resolves.toContain(
      'Zurückgehalten, damit sich eine kleinere Zahl nicht aus der Summe errechnen lässt.',
    )
    await checkAxe(office, resultsUrl)

    await perKv.getByRole('link', { name: 'Berlin-Pankow' }).click()
    await reading.waitForURL(/kv=/)
    await expect(
      reading.getByRole('heading', { name: 'Ergebnisse aus Berlin-Pankow' }).count(),
    ).resolves.toBe(1)
    await expect(count(reading.getByRole('region', { name: `1. ${Q.often}` }), 'öfter')).resolves.toBe('6')
    await reading.getByLabel('Kreisverband', { exact: true }).selectOption({ label: 'Berlin-Mitte' })
    await reading.getByRole('button', { name: 'Anzeigen' }).click()
    await reading.waitForURL(new RegExp(`kv=${kvs.mitte.id}`))
    await expect(reading.getByRole('region', { name: `1. ${Q.often}` }).textContent()).resolves.toContain(
      'Zurückgehalten, damit sich eine kleinere Zahl nicht aus der Summe errechnen lässt.',
    )
    await checkAxe(office, reading.url())

    const stored = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId))
    expect(stored.map((r) => r.channel).sort()).toEqual([...Array(12).fill('online'), 'phone'])
    const [survey] = await db.select().from(surveys).where(eq(surveys.id, surveyId))
    expect(survey!.status).toBe('open')
    const [aylin] = await db.select().from(members).where(eq(members.firstName, 'Aylin'))
    expect(stored.find((r) => r.channel === 'phone')).toMatchObject({
      memberId: aylin!.id,
      recordedById: caller.id,
    })

    expect(axeFailures).toEqual([])
    for (const w of watches) {
      expect(w.foreignRequests).toEqual([])
      expect(w.consoleErrors).toEqual([])
    }
  }, 180_000)
})

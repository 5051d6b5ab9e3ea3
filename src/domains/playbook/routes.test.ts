import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildKeyedState,
  buildPartnership,
  buildUser,
  form,
  multipart,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { agreements, agreementTemplates } from '../agreements/tables.js'
import type { OrgUnit } from '../org-units/index.js'
import { playbookEntries, playbookVersions } from './tables.js'

let t: TestApp
let federation: OrgUnit
let state: OrgUnit
let otherState: OrgUnit
let kv: OrgUnit
let federal: Session
let stateOffice: Session
let board: Session
let member: Session
const anonymous = anonymousVisitor()

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

beforeAll(async () => {
  t = await buildTestApp()
  const db = t.database.db
  federation = await buildFederation(db)
  state = await buildKeyedState(db, '16', federation)
  otherState = await buildKeyedState(db, '02', federation)
  kv = await buildDistrict(db, state)
  federal = await sessionFor(db, await buildUser(db, { roles: [['federal_office', federation]] }))
  stateOffice = await sessionFor(db, await buildUser(db, { roles: [['state_office', state]] }))
  board = await sessionFor(db, await buildUser(db, { member: kv, roles: [['board', kv]] }))
  member = await sessionFor(db, await buildUser(db, { member: kv }))
}, 180_000)
afterAll(() => t.close())

function post(session: Session, url: string, fields: Record<string, string | string[]> = {}) {
  const params = new URLSearchParams()
  params.append('_csrf', session.csrf)
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x)
  return t.app.inject({
    method: 'POST',
    url,
    payload: params.toString(),
    headers: { ...form({}).headers, cookie: session.cookie },
  })
}
const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers })

async function create(session: Session, fields: Record<string, string | string[]>) {
  const res = await post(session, '/playbook', {
    kind: 'article',
    unitId: federation.id,
    visibility: 'public',
    summary: '',
    ...fields,
  })
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303)
  return String(res.headers.location).split('/').pop()!
}

describe('stored XSS is neutralised', () => {
  test('script tags, javascript: links, event handlers and foreign images in Markdown come out harmless', async () => {
    const id = await create(federal, {
      title: 'Angriff <script>alert("t")</script>',
      body: [
        '<script>alert(1)</script>',
        '[Klick](javascript:alert(2)) [auch](JAVASCRIPT:alert(3)) [daten](data:text/html;base64,PHNjcmlwdD4=)',
        '<img src=x onerror=alert(4)> <a href="#" onclick="alert(5)">x</a>',
        '![fremd](https://evil.example/track.png) ![auch fremd](//evil.example/x.png)',
        '[gut](https://example.org/seite) [intern](/playbook) [protokollrelativ](//evil.example)',
        '| a | b |\n|:--|--:|\n| 1 | 2 |',
      ].join('\n\n'),
    })
    const res = await get(anonymous, `/playbook/${id}`)
    expect(res.statusCode).toBe(200)
    const main = res.body.slice(res.body.indexOf('<main'))
    expect(main).not.toMatch(/<script/i)
    expect(main).not.toMatch(/href="(javascript|data):/i)
    expect(main).not.toMatch(/<[^>]+\son(error|click)=/i)
    expect(main).not.toContain('<img src="https://evil.example')
    expect(main).not.toContain('src="//evil.example')
    expect(main).not.toContain('href="//evil.example')
    expect(main).not.toMatch(/style="/)
    expect(main).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(main).toContain('<a href="https://example.org/seite" rel="noopener noreferrer nofollow">gut</a>')
    expect(main).toContain('<a href="/playbook">intern</a>')
    expect(main).toContain('Angriff &lt;script>alert(&quot;t&quot;)&lt;/script>')
  })

  test('uploads: a PNG is kept and served with its type, nosniff and a disposition; SVG and disguised HTML are refused', async () => {
    const id = await create(federal, { title: 'Mit Bild', body: 'Text' })
    const upload = (file: { filename: string; content: string | Buffer; type: string }) =>
      t.app.inject({
        method: 'POST',
        url: `/playbook/${id}/images`,
        ...(() => {
          const m = multipart({ _csrf: federal.csrf }, { name: 'image', ...file })
          return { payload: m.payload, headers: { ...m.headers, cookie: federal.cookie } }
        })(),
      })
    const svg = await upload({
      filename: 'logo.svg',
      content: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      type: 'image/svg+xml',
    })
    expect(svg.statusCode).toBe(422)
    expect(svg.body).toContain('Nur PNG, JPEG, GIF und WebP')
    const disguised = await upload({
      filename: 'bild.png',
      content: '<html><script>alert(1)</script></html>',
      type: 'image/png',
    })
    expect(disguised.statusCode).toBe(422)
    const ok = await upload({ filename: 'bild.png', content: png, type: 'image/png' })
    expect(ok.statusCode).toBe(303)
    const edit = await get(federal, `/playbook/${id}/edit`)
    const imageId = /\/playbook\/images\/([0-9a-f-]{36})/.exec(edit.body)?.[1]
    expect(imageId).toBeDefined()
    const image = await get(anonymous, `/playbook/images/${imageId}`)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['content-disposition']).toMatch(/^inline; filename="wissenswerk-[0-9a-f-]+\.png"$/)
    expect(image.rawPayload.equals(png)).toBe(true)
    // The uploaded image shows in the text; a member of the public may not upload.
    expect((await get(anonymous, `/playbook/images/${crypto.randomUUID()}`)).statusCode).toBe(404)
    expect((await post(board, `/playbook/${id}/images`)).statusCode).toBe(403)
  })
})

describe('search, visibility and the editorial team', () => {
  test('German full-text search: "haustür" finds "Haustürwahlkampf"', async () => {
    const id = await create(federal, {
      title: 'Haustürwahlkampf im Partner-KV',
      body: 'Wir gehen zu zweit an die Türen und sprechen über die Kommunalwahl.',
      tags: 'campaign',
    })
    const other = await create(federal, { title: 'Spenden sammeln', body: 'Konto und Quittung klären.' })
    const hit = await get(anonymous, '/playbook?q=haust%C3%BCr')
    expect(hit.body).toContain(`/playbook/${id}`)
    expect(hit.body).not.toContain(`/playbook/${other}`)
    expect((await get(anonymous, '/playbook?q=Kommunalwahlen')).body).toContain(`/playbook/${id}`)
    expect((await get(anonymous, '/playbook?q=spenden')).body).not.toContain(`/playbook/${id}`)
    const byTag = await get(anonymous, '/playbook?tag=campaign')
    expect(byTag.body).toContain(`/playbook/${id}`)
    expect(byTag.body).not.toContain(`/playbook/${other}`)
    // Whatever is typed, the query stays a query.
    for (const q of ["'", '&|!:*', '(((', 'der die das', '\u0000x']) {
      expect((await get(anonymous, `/playbook?q=${encodeURIComponent(q)}`)).statusCode).toBe(200)
    }
  })

  test('public for everyone, members for members, boards for boards and offices', async () => {
    const forMembers = await create(federal, { title: 'Nur Mitglieder', body: 'm', visibility: 'members' })
    const forBoards = await create(federal, { title: 'Nur Vorstände', body: 'b', visibility: 'boards' })
    expect((await get(anonymous, `/playbook/${forMembers}`)).statusCode).toBe(404)
    expect((await get(member, `/playbook/${forMembers}`)).statusCode).toBe(200)
    expect((await get(member, `/playbook/${forBoards}`)).statusCode).toBe(404)
    expect((await get(board, `/playbook/${forBoards}`)).statusCode).toBe(200)
    expect((await get(anonymous, '/playbook')).body).not.toContain('Nur Mitglieder')
    expect((await get(member, '/playbook')).body).toContain('Nur Mitglieder')
    expect((await get(member, '/playbook')).body).not.toContain('Nur Vorstände')
  })

  test('the state office writes for its state, not for the federation; boards and members write nothing', async () => {
    expect((await get(member, '/playbook/new')).statusCode).toBe(403)
    expect((await get(board, '/playbook/new')).statusCode).toBe(403)
    expect(
      (
        await post(board, '/playbook', {
          kind: 'article',
          unitId: state.id,
          title: 'x',
          body: 'y',
          visibility: 'public',
        })
      ).statusCode,
    ).toBe(403)
    const refused = await post(stateOffice, '/playbook', {
      kind: 'article',
      unitId: federation.id,
      title: 'x',
      body: 'y',
      visibility: 'public',
    })
    expect(refused.statusCode).toBe(422)
    expect(
      (
        await post(stateOffice, '/playbook', {
          kind: 'article',
          unitId: otherState.id,
          title: 'x',
          body: 'y',
          visibility: 'public',
        })
      ).statusCode,
    ).toBe(422)
    const own = await create(stateOffice, { unitId: state.id, title: 'Tipp aus Thüringen', body: 'Text' })
    const federalEntry = await create(federal, { title: 'Tipp des Bundes', body: 'Text' })
    expect((await get(stateOffice, `/playbook/${own}/edit`)).statusCode).toBe(200)
    expect((await get(stateOffice, `/playbook/${federalEntry}/edit`)).statusCode).toBe(403)
    expect((await get(federal, `/playbook/${own}/edit`)).statusCode).toBe(200)
    expect(
      (
        await post(federal, '/playbook', {
          kind: 'template',
          unitId: federation.id,
          title: 'x',
          body: 'y',
          visibility: 'public',
        })
      ).statusCode,
    ).toBe(422)
    expect(
      (
        await post(federal, '/playbook', {
          kind: 'story',
          unitId: federation.id,
          title: 'x',
          body: 'y',
          visibility: 'public',
          partnershipId: crypto.randomUUID(),
        })
      ).statusCode,
    ).toBe(422)
  })

  test('versions: each save is kept with who changed what; a stale form does not overwrite', async () => {
    const id = await create(federal, { title: 'Erster Titel', body: 'Erster Text' })
    const save = (fields: Record<string, string>) =>
      post(federal, `/playbook/${id}`, {
        kind: 'article',
        unitId: federation.id,
        visibility: 'public',
        title: 'Zweiter Titel',
        body: 'Erster Text',
        ...fields,
      })
    expect((await save({ version: '1' })).statusCode).toBe(303)
    const stale = await save({ version: '1', body: 'Überschrieben?' })
    expect(stale.statusCode).toBe(422)
    expect(stale.body).toContain('Inzwischen hat jemand anderes')
    const [row] = await t.database.db.select().from(playbookEntries).where(eq(playbookEntries.id, id))
    expect(row).toMatchObject({ version: 2, title: 'Zweiter Titel', body: 'Erster Text' })
    expect(
      await t.database.db.select().from(playbookVersions).where(eq(playbookVersions.entryId, id)),
    ).toHaveLength(2)
    const versions = await get(federal, `/playbook/${id}/versions`)
    expect(versions.statusCode).toBe(200)
    expect(versions.body).toContain('Geändert: Titel')
    expect(versions.body).toContain('Geändert: angelegt')
    expect((await get(member, `/playbook/${id}/versions`)).statusCode).toBe(403)
  })
})

describe('templates', () => {
  test('"use this" opens the help form filled with the template', async () => {
    const id = await create(federal, {
      kind: 'template',
      templateFor: 'help_request',
      visibility: 'members',
      title: 'Vorlage Hilfegesuch',
      body: 'So geht es.',
      field_title: 'Wochenende an den Haustüren',
      field_description: 'Wir gehen zu zweit.',
    })
    const page = await get(board, `/playbook/${id}`)
    expect(page.body).toContain(`href="/help/new?template=${id}"`)
    const filled = await get(board, `/help/new?template=${id}`)
    expect(filled.statusCode).toBe(200)
    expect(filled.body).toContain('value="Wochenende an den Haustüren"')
    expect(filled.body).toContain('Wir gehen zu zweit.')
    expect(filled.body).toContain('Die Vorlage „Vorlage Hilfegesuch“ ist eingetragen.')
    // A template of another form, or one the visitor may not read, fills nothing.
    const plain = await get(board, `/help/new?template=${crypto.randomUUID()}`)
    expect(plain.body).not.toContain('Wochenende an den Haustüren')
  })

  test('"use this" on an event checklist opens the new-event form with the checklist as its description', async () => {
    const id = await create(federal, {
      kind: 'template',
      templateFor: 'event_checklist',
      visibility: 'members',
      title: 'Checkliste inklusive Veranstaltung',
      body: 'Was vor dem Termin zu klären ist.',
      field_description: 'Rampe geprüft? Kinderbetreuung angefragt? Gebärdensprache angefragt?',
    })
    const page = await get(board, `/playbook/${id}`)
    expect(page.body).toContain(`href="/events/new?template=${id}"`)
    const filled = await get(board, `/events/new?template=${id}`)
    expect(filled.statusCode).toBe(200)
    expect(filled.body).toContain('Rampe geprüft? Kinderbetreuung angefragt?')
    expect(filled.body).toContain('Die Vorlage „Checkliste inklusive Veranstaltung“ ist eingetragen.')
    // The whole checklist does not fit the description: the form links to it.
    expect(filled.body).toContain(`<a href="/playbook/${id}">Die ganze Checkliste im Wissenswerk</a>`)
    // A help template is not an event checklist: the event form stays empty.
    const other = await create(federal, {
      kind: 'template',
      templateFor: 'help_request',
      visibility: 'members',
      title: 'Nicht für Termine',
      body: 'x',
      field_description: 'Nur für Hilfegesuche',
    })
    const plain = await get(board, `/events/new?template=${other}`)
    expect(plain.statusCode).toBe(200)
    expect(plain.body).not.toContain('Nur für Hilfegesuche')
    expect(plain.body).toContain('href="/playbook?for=event_checklist"')
  })

  test('"use this" on an agreement template: the board chooses its partnership, starts the agreement and finds the text in the form for a new clause', async () => {
    const preamble = 'Wir, die Kreisverbände A und B, verabreden eine Partnerschaft auf Augenhöhe.'
    const id = await create(federal, {
      kind: 'template',
      templateFor: 'agreement',
      visibility: 'boards',
      title: 'Vorlage Präambel',
      body: 'Eine Präambel für eure Vereinbarung.',
      field_preamble: preamble,
    })
    expect((await post(federal, '/agreement-templates/default')).statusCode).toBe(303)
    const [agreementTemplate] = await t.database.db
      .select()
      .from(agreementTemplates)
      .where(eq(agreementTemplates.isDefault, true))
    const p = await buildPartnership(t.database.db, { status: 'active' })
    const boardA = await sessionFor(t.database.db, p.boardA)
    const page = await get(boardA, `/playbook/${id}`)
    expect(page.body).toContain(`href="/agreements/new?template=${id}"`)

    // One partnership: "use this" leads straight to starting its agreement, the template carried along.
    const choose = await get(boardA, `/agreements/new?template=${id}`)
    expect(choose.statusCode).toBe(303)
    expect(choose.headers.location).toBe(`/partnerships/${p.partnership.id}/agreement?template=${id}`)
    const start = await get(boardA, String(choose.headers.location))
    expect(start.statusCode).toBe(200)
    expect(start.body).toContain(`name="playbookTemplateId" value="${id}"`)
    expect(start.body).toContain('„Vorlage Präambel“')
    const started = await post(boardA, `/partnerships/${p.partnership.id}/agreement`, {
      templateId: agreementTemplate!.id,
      playbookTemplateId: id,
    })
    expect(started.statusCode).toBe(303)
    const [agreement] = await t.database.db
      .select()
      .from(agreements)
      .where(eq(agreements.partnershipId, p.partnership.id))
    expect(started.headers.location).toBe(`/agreements/${agreement!.id}?template=${id}#add-clause`)

    const filled = await get(boardA, `/agreements/${agreement!.id}?template=${id}`)
    expect(filled.statusCode).toBe(200)
    expect(filled.body).toContain('<details class="agreement-disclosure" open id="add-clause">')
    expect(filled.body).toContain('value="Präambel"')
    expect(filled.body).toContain(`>${preamble}</textarea>`)
    expect(filled.body).toContain('Die Vorlage „Vorlage Präambel“ ist eingetragen.')
    // The form still validates as usual: the prefilled clause is saved as any other.
    const saved = await post(boardA, `/agreements/${agreement!.id}/clauses`, {
      type: 'text',
      title: 'Präambel',
      body: preamble,
      periodDays: '',
    })
    expect(saved.statusCode).toBe(303)
    expect((await get(boardA, `/agreements/${agreement!.id}`)).body).toContain(preamble)

    // Now that the agreement exists, "use this" leads to it.
    const again = await get(boardA, `/agreements/new?template=${id}`)
    expect(again.headers.location).toBe(`/agreements/${agreement!.id}?template=${id}#add-clause`)
    // A second partnership: the board chooses.
    const other = await buildPartnership(t.database.db, { status: 'proposed' })
    const { partnerships } = await import('../partnerships/tables.js')
    await t.database.db
      .update(partnerships)
      .set({ unitAId: p.unitA.id })
      .where(eq(partnerships.id, other.partnership.id))
    const list = await get(boardA, `/agreements/new?template=${id}`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`href="/partnerships/${other.partnership.id}/agreement?template=${id}"`)
    expect(list.body).toContain(`href="/agreements/${agreement!.id}?template=${id}#add-clause"`)

    // A template of another kind, an unknown id or a malformed one fills nothing.
    const help = await create(federal, {
      kind: 'template',
      templateFor: 'help_request',
      visibility: 'members',
      title: 'Nur Hilfe',
      body: 'x',
      field_description: 'Nur für Hilfegesuche',
    })
    for (const q of [help, crypto.randomUUID(), 'kaputt']) {
      const plain = await get(boardA, `/agreements/${agreement!.id}?template=${q}`)
      expect(plain.statusCode).toBe(200)
      expect(plain.body).not.toContain('ist eingetragen')
      expect(plain.body).toContain('<details class="agreement-disclosure" id="add-clause">')
    }
    // Someone who is no board of either side gets no choice and no text.
    const none = await get(board, `/agreements/new?template=${id}`)
    expect(none.statusCode).toBe(200)
    expect(none.body).toContain('Ihr seid in keiner offenen Partnerschaft Vorstand einer Seite.')
    expect((await get(member, `/agreements/new?template=${id}`)).statusCode).toBe(403)
  })

  test('"use this" on a welcome-mail template opens the KV\'s welcome e-mail with its subject and text, checked as a save checks it', async () => {
    const id = await create(federal, {
      kind: 'template',
      templateFor: 'welcome_mail',
      visibility: 'boards',
      title: 'Vorlage Willkommen',
      body: 'Eine erste Mail.',
      field_subject: 'Willkommen im {kv}!',
      field_body: 'Hallo {vorname}, schön, dass du da bist. Unser nächstes Treffen: {termin}',
    })
    expect((await get(board, `/playbook/${id}`)).body).toContain(`href="/onboarding/welcome?template=${id}"`)
    const choose = await get(board, `/onboarding/welcome?template=${id}`)
    expect(choose.statusCode).toBe(303)
    expect(choose.headers.location).toBe(`/onboarding/standards/${kv.id}?template=${id}#welcome-heading`)
    const filled = await get(board, `/onboarding/standards/${kv.id}?template=${id}`)
    expect(filled.statusCode).toBe(200)
    expect(filled.body).toContain('value="Willkommen im {kv}!"')
    expect(filled.body).toContain(
      'Hallo {vorname}, schön, dass du da bist. Unser nächstes Treffen: {termin}</textarea>',
    )
    expect(filled.body).toContain('Die Vorlage „Vorlage Willkommen“ ist eingetragen.')
    const saved = await post(board, `/onboarding/standards/${kv.id}/welcome`, {
      subject: 'Willkommen im {kv}!',
      body: 'Hallo {vorname}, schön, dass du da bist. Unser nächstes Treffen: {termin}',
    })
    expect(saved.statusCode).toBe(303)

    // A template with a placeholder the platform does not fill shows the field's error at once.
    const typo = await create(federal, {
      kind: 'template',
      templateFor: 'welcome_mail',
      visibility: 'boards',
      title: 'Vorlage mit Tippfehler',
      body: 'x',
      field_subject: 'Hallo',
      field_body: 'Hallo {Vorname}',
    })
    const flagged = await get(board, `/onboarding/standards/${kv.id}?template=${typo}`)
    expect(flagged.statusCode).toBe(200)
    expect(flagged.body).toContain('Hallo {Vorname}</textarea>')
    expect(flagged.body).toContain('field--error')
    // A member does not read a template for boards, and an unknown or malformed one fills nothing.
    for (const q of [crypto.randomUUID(), 'kaputt']) {
      const plain = await get(board, `/onboarding/standards/${kv.id}?template=${q}`)
      expect(plain.statusCode).toBe(200)
      expect(plain.body).not.toContain('ist eingetragen')
    }
    expect((await get(member, `/onboarding/welcome?template=${id}`)).statusCode).toBe(403)
    // The state office chooses among its KVs.
    const second = await buildDistrict(t.database.db, state)
    const list = await get(stateOffice, `/onboarding/welcome?template=${id}`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`href="/onboarding/standards/${kv.id}?template=${id}#welcome-heading"`)
    expect(list.body).toContain(`href="/onboarding/standards/${second.id}?template=${id}#welcome-heading"`)
  })

  test('the list and every template page have exactly one "use this" link per template', async () => {
    const ids: string[] = []
    for (const [target, field] of [
      ['agreement', 'field_preamble'],
      ['help_request', 'field_description'],
      ['welcome_mail', 'field_body'],
      ['event_checklist', 'field_description'],
    ] as const) {
      ids.push(
        await create(federal, {
          kind: 'template',
          templateFor: target,
          visibility: 'public',
          title: `Einmal verwenden ${target}`,
          body: 'Text',
          [field]: 'Inhalt',
        }),
      )
    }
    const uses = (body: string, id: string) => body.split(`?template=${id}"`).length - 1
    const list = await get(board, '/playbook?kind=template')
    for (const id of ids) {
      expect(uses(list.body, id)).toBe(1)
      expect(uses((await get(board, `/playbook/${id}`)).body, id)).toBe(1)
    }
    expect(list.body.match(/„Einmal verwenden [a-z_]+“ verwenden/g)).toHaveLength(4)
    // Offered only to those who may open the form: a member reads the templates but opens none of these forms.
    const forMember = await get(member, '/playbook?kind=template')
    const page = await get(member, `/playbook/${ids[1]}`)
    expect(page.body).toContain('Einmal verwenden help_request')
    for (const id of ids) {
      expect(uses(forMember.body, id)).toBe(0)
      expect(uses((await get(member, `/playbook/${id}`)).body, id)).toBe(0)
    }
  })
})

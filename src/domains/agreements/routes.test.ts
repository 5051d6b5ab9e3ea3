import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildFederation,
  buildPartnership,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { pdfText } from '../../../test/support/pdf.js'
import { eventHosts, eventRsvps, events } from '../events/tables.js'
import { helpRecords } from '../help/tables.js'
import { electionDates } from '../matchmaking/tables.js'
import { orgUnits } from '../org-units/tables.js'
import {
  agreementRatifications,
  agreements,
  agreementTemplates,
  agreementVersions,
  federalCongresses,
  partnershipExchanges,
  partnershipMinutes,
} from './tables.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const db = () => t.database.db

function post(url: string, s: Session, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    ...form({ _csrf: s.csrf, ...fields }),
    headers: { ...form({}).headers, cookie: s.cookie },
  })
}
const get = (url: string, s?: Session) => t.app.inject({ url, ...(s ? { headers: s.headers } : {}) })

/** A partnership whose agreement the board of A started from the default template through the pages. */
async function startedAgreement() {
  const p = await buildPartnership(db(), { status: 'active' })
  const federal = await buildFederation(db())
  const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federal]] }))
  await post('/agreement-templates/default', office, {})
  const [template] = await db()
    .select()
    .from(agreementTemplates)
    .where(eq(agreementTemplates.isDefault, true))
  const boardA = await sessionFor(db(), p.boardA)
  const boardB = await sessionFor(db(), p.boardB)
  const start = await get(`/partnerships/${p.partnership.id}/agreement`, boardA)
  expect(start.statusCode).toBe(200)
  const res = await post(`/partnerships/${p.partnership.id}/agreement`, boardA, { templateId: template!.id })
  expect(res.statusCode).toBe(303)
  const id = res.headers.location!.split('/').pop()!
  return { ...p, id, boardA, boardB }
}

describe('the agreement pages', () => {
  test('both boards ratify through the form; the print view carries both ratifications', async () => {
    const w = await startedAgreement()
    const page = await get(`/agreements/${w.id}`, w.boardA)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Gemeinsame Klausurtagung')
    expect(page.body).toContain('Entwurf')
    const ratifyB = await post(`/agreements/${w.id}/ratifications`, w.boardB, {
      side: 'b',
      versionNumber: '1',
      revision: '1',
      body: 'Kreisparteitag',
      ratifiedOn: '2012-11-10',
      place: 'Neubrandenburg',
    })
    expect(ratifyB.statusCode).toBe(303)
    const wrongSide = await post(`/agreements/${w.id}/ratifications`, w.boardB, {
      side: 'a',
      versionNumber: '1',
      revision: '1',
      body: 'Kreisparteitag',
      ratifiedOn: '2012-12-01',
      place: 'Emsdetten',
    })
    expect(wrongSide.statusCode).toBe(403)
    const invalid = await post(`/agreements/${w.id}/ratifications`, w.boardA, {
      side: 'a',
      versionNumber: '1',
      revision: '1',
      body: '',
      ratifiedOn: 'gestern',
      place: '',
    })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('Bitte ein gültiges Datum angeben.')
    await post(`/agreements/${w.id}/ratifications`, w.boardA, {
      side: 'a',
      versionNumber: '1',
      revision: '1',
      body: 'Kreisparteitag',
      ratifiedOn: '2012-12-01',
      place: 'Emsdetten',
    })
    expect(
      await db().select().from(agreementRatifications).where(eq(agreementRatifications.agreementId, w.id)),
    ).toHaveLength(2)
    expect((await get(`/agreements/${w.id}`, w.boardB)).body).toContain('in Kraft')

    const print = await get(`/agreements/${w.id}/print`, w.boardB)
    expect(print.statusCode).toBe(200)
    expect(print.body).toContain('print.css')
    expect(print.body).toContain('Neubrandenburg')
    expect(print.body).toContain('Emsdetten')
    expect(print.body).not.toContain('site-header')

    // The same as a PDF, read back with pdftotext: the parties, a clause and both ratifications.
    const pdf = await get(`/agreements/${w.id}/pdf`, w.boardB)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = pdfText(pdf.rawPayload, false)
    expect(text).toContain('§ 1')
    expect(text).toContain('Kreisparteitag, Emsdetten')
    expect(text).toContain('Neubrandenburg')
    expect(text).toContain('Seite 1 von')
    expect((await get(`/agreements/${w.id}/pdf`)).statusCode).toBe(404)
  })

  test('edits of the text in force are one draft amendment, its diff on the page; a stale ratification gets 409', async () => {
    const w = await startedAgreement()
    const fields = (side: 'a' | 'b', revision: string, versionNumber = '1') => ({
      side,
      versionNumber,
      revision,
      body: 'Kreisparteitag',
      ratifiedOn: '2012-11-10',
      place: side === 'a' ? 'Emsdetten' : 'Neubrandenburg',
    })
    expect((await post(`/agreements/${w.id}/ratifications`, w.boardA, fields('a', '1'))).statusCode).toBe(303)
    expect((await post(`/agreements/${w.id}/ratifications`, w.boardB, fields('b', '1'))).statusCode).toBe(303)
    const page = await get(`/agreements/${w.id}`, w.boardA)
    const key = /action="\/agreements\/[^/]+\/clauses\/([^/"]+)"/.exec(page.body)![1]!
    const res = await post(`/agreements/${w.id}/clauses/${key}`, w.boardA, {
      type: 'text',
      title: 'Grundsatz',
      body: 'Beide Kreisverbände arbeiten zusammen.',
    })
    expect(res.statusCode).toBe(303)
    expect(
      (
        await post(`/agreements/${w.id}/clauses`, w.boardB, {
          type: 'text',
          title: 'Jugend',
          body: 'Die Jugend.',
        })
      ).statusCode,
    ).toBe(303)
    const versions = await db()
      .select()
      .from(agreementVersions)
      .where(eq(agreementVersions.agreementId, w.id))
    expect(versions.map((v) => [v.number, v.revision]).sort()).toEqual([
      [1, 1],
      [2, 2],
    ])
    // The board reads the draft: both changes against the text in force, and a form bound to revision 2.
    const draft = await get(`/agreements/${w.id}`, w.boardB)
    expect(draft.body).toContain('Änderungsentwurf: Version 1 → Version 2')
    expect(draft.body).toContain('Gegenüber der Fassung in Kraft ändert der Entwurf diese Klauseln (2)')
    expect(draft.body).toContain('<ins>')
    expect(draft.body).toContain('name="revision" value="2"')
    const cmp = await get(`/agreements/${w.id}/compare?from=1&to=2`, w.boardB)
    expect(cmp.statusCode).toBe(200)
    expect(cmp.body).toContain('<ins>')
    expect(cmp.body).toContain('<del>')
    expect(cmp.body).toContain('Geändert')
    expect(cmp.body).toContain('gestrichen:')

    // Board B read revision 2; board A changes the draft once more before B saves.
    await post(`/agreements/${w.id}/clauses`, w.boardA, { type: 'text', title: 'Sport', body: 'Ein Spiel.' })
    const stale = await post(`/agreements/${w.id}/ratifications`, w.boardB, fields('b', '2', '2'))
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Der Entwurf wurde geändert, während du die Seite offen hattest.')
    expect(stale.body).toContain('Ein Spiel.')
    expect(stale.body).toContain('name="revision" value="3"')
    const rows = await db()
      .select()
      .from(agreementRatifications)
      .where(eq(agreementRatifications.agreementId, w.id))
    expect(rows.map((r) => r.versionNumber)).toEqual([1, 1])
    expect(
      (await post(`/agreements/${w.id}/ratifications`, w.boardB, fields('b', '3', '2'))).statusCode,
    ).toBe(303)
    expect(
      (await post(`/agreements/${w.id}/ratifications`, w.boardA, fields('a', '3', '2'))).statusCode,
    ).toBe(303)
    expect((await get(`/agreements/${w.id}`, w.boardA)).body).toContain('In Kraft ist Version 2.')
  })

  test('only the two boards and the federal office see an unpublished agreement; tampered ids are not found', async () => {
    const w = await startedAgreement()
    const third = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['board', await buildDistrict(db(), w.state)]] }),
    )
    const memberA = await sessionFor(db(), await buildUser(db(), { member: w.unitA }))
    const federal = await buildFederation(db())
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federal]] }))
    expect((await get(`/agreements/${w.id}`)).statusCode).toBe(404)
    expect((await get(`/agreements/${w.id}`, third)).statusCode).toBe(404)
    expect((await get(`/agreements/${w.id}`, memberA)).statusCode).toBe(404)
    expect((await get(`/agreements/${w.id}/print`, third)).statusCode).toBe(404)
    expect((await get(`/agreements/${randomUUID()}`, w.boardA)).statusCode).toBe(404)
    expect((await get('/agreements/not-a-uuid', w.boardA)).statusCode).toBe(404)
    expect((await post(`/agreements/${w.id}/clauses/${randomUUID()}/remove`, w.boardA, {})).statusCode).toBe(
      404,
    )
    expect(
      (await post(`/agreements/${w.id}/clauses`, third, { type: 'text', title: 'X', body: 'Y' })).statusCode,
    ).toBe(404)
    // The federal office sees the agreement; one of another federation's tree does not.
    expect((await get(`/agreements/${w.id}`, office)).statusCode).toBe(404)
    const ownFederation = { ...w.state, id: w.state.parentId! }
    const ownOffice = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['federal_office', ownFederation]] }),
    )
    expect((await get(`/agreements/${w.id}`, ownOffice)).statusCode).toBe(200)
    const [row] = await db().select().from(agreements).where(eq(agreements.id, w.id))
    expect(row?.isPublished).toBe(false)

    await post(`/agreements/${w.id}/publish`, w.boardB, { isPublished: 'true' })
    const pub = await get(`/agreements/${w.id}`)
    expect(pub.statusCode).toBe(200)
    expect(pub.body).toContain('Gemeinsame Klausurtagung')
    expect(pub.body).not.toContain('/compare')
    expect((await get(`/partnerships/${w.partnership.id}/agreement`)).headers.location).toBe(
      `/agreements/${w.id}`,
    )
  })
})

describe('the way from a partnership to its agreement', () => {
  const links = (html: string) =>
    [
      ...html.matchAll(/href="(\/(?:agreements|partnerships)\/[^"]*agreement[^"]*|\/agreements\/[^"]+)"/g),
    ].map((m) => m[1]!)

  test('a link only for whom it leads somewhere: start for the boards, the published text for everyone', async () => {
    const p = await buildPartnership(db(), { status: 'active' })
    const ownFederation = { ...p.state, id: p.state.parentId! }
    const office = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['federal_office', ownFederation]] }),
    )
    const boardA = await sessionFor(db(), p.boardA)
    const memberA = await sessionFor(db(), await buildUser(db(), { member: p.unitA }))
    const page = `/partnerships/${p.partnership.id}`

    // No agreement yet: the federal office and the public get no link (the start page is 404 for them).
    for (const s of [office, memberA, undefined]) {
      expect((await get(page, s)).statusCode).toBe(200)
      expect(links((await get(page, s)).body)).toEqual([])
      expect((await get(`/partnerships/${p.partnership.id}/agreement`, s)).statusCode).not.toBe(200)
    }
    // A board of either side may start one, and its link leads there.
    expect(links((await get(page, boardA)).body)).toEqual([`/partnerships/${p.partnership.id}/agreement`])
    expect((await get(`/partnerships/${p.partnership.id}/agreement`, boardA)).statusCode).toBe(200)

    const w = await startedAgreement()
    const wPage = `/partnerships/${w.partnership.id}`
    expect(links((await get(wPage, w.boardA)).body)).toEqual([`/agreements/${w.id}`])
    expect(links((await get(wPage)).body)).toEqual([])
    await post(`/agreements/${w.id}/publish`, w.boardB, { isPublished: 'true' })
    expect(links((await get(wPage)).body)).toEqual([`/agreements/${w.id}`])
    expect((await get(`/agreements/${w.id}`)).statusCode).toBe(200)
  })
})

describe('shared minutes', () => {
  test('both boards read them; members of the KVs, a third board, the federal office and the public get 404, published or not', async () => {
    const w = await startedAgreement()
    const share = await post(`/agreements/${w.id}/minutes`, w.boardA, {
      side: 'a',
      meetingOn: '2026-11-01',
      title: 'Vorstandssitzung November',
      body: 'Vertraulicher Inhalt der Sitzung.',
    })
    expect(share.statusCode).toBe(303)
    const [minutes] = await db()
      .select()
      .from(partnershipMinutes)
      .where(eq(partnershipMinutes.partnershipId, w.partnership.id))
    const list = `/agreements/${w.id}/minutes`
    const one = `${list}/${minutes!.id}`
    for (const board of [w.boardA, w.boardB]) {
      expect((await get(list, board)).body).toContain('Vorstandssitzung November')
      expect((await get(one, board)).body).toContain('Vertraulicher Inhalt der Sitzung.')
    }
    await post(`/agreements/${w.id}/publish`, w.boardA, { isPublished: 'true' })
    const root = await buildFederation(db())
    const outsiders: Session[] = [
      await sessionFor(db(), await buildUser(db(), { member: w.unitA })),
      await sessionFor(db(), await buildUser(db(), { member: w.unitB })),
      await sessionFor(
        db(),
        await buildUser(db(), { roles: [['board', await buildDistrict(db(), w.state)]] }),
      ),
      await sessionFor(db(), await buildUser(db(), { roles: [['board', w.state]] })),
      await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', root]] })),
      anonymousVisitor(),
    ]
    for (const s of outsiders) {
      for (const url of [list, one]) {
        const res = await get(url, s)
        expect(res.statusCode).toBe(404)
        expect(res.body).not.toContain('Vertraulicher Inhalt')
      }
    }
    // The published agreement page does not show them either.
    expect((await get(`/agreements/${w.id}`)).body).not.toContain('Vorstandssitzung November')
    // A minutes id of another partnership is not found through this agreement.
    const other = await startedAgreement()
    expect((await get(`/agreements/${other.id}/minutes/${minutes!.id}`, other.boardA)).statusCode).toBe(404)
    // The state board may not share for side A either: it is not the board of the KV.
    const stateBoard = outsiders[3]!
    const refused = await post(list, stateBoard, {
      side: 'a',
      meetingOn: '2026-11-02',
      title: 'X',
      body: 'Y',
    })
    expect(refused.statusCode).toBe(404)
  })
})

describe('templates', () => {
  test('the federal office adds and orders clauses; a board may not manage templates', async () => {
    const federal = await buildFederation(db())
    const office = await sessionFor(db(), await buildUser(db(), { roles: [['federal_office', federal]] }))
    const created = await post('/agreement-templates', office, { name: 'Projektpartnerschaft' })
    expect(created.statusCode).toBe(303)
    const url = created.headers.location!
    await post(`${url}/clauses`, office, { type: 'text', title: 'Erste', body: 'Eins.' })
    await post(`${url}/clauses`, office, {
      type: 'minutes',
      title: 'Zweite',
      body: 'Zwei.',
      periodDays: '14',
    })
    const bad = await post(`${url}/clauses`, office, {
      type: 'minutes',
      title: 'X',
      body: 'Y',
      periodDays: '0',
    })
    expect(bad.statusCode).toBe(422)
    const page = await get(url, office)
    const moves = [...page.body.matchAll(/clauses\/([^/"]+)\/move"[\s\S]*?value="(up|down)"/g)]
    const secondId = moves.find((m) => m[2] === 'up')![1]!
    await post(`${url}/clauses/${secondId}/move`, office, { direction: 'up' })
    const after = (await get(url, office)).body
    expect(after.indexOf('Zweite')).toBeLessThan(after.indexOf('Erste'))
    const p = await buildPartnership(db())
    const board = await sessionFor(db(), p.boardA)
    expect((await get('/agreement-templates', board)).statusCode).toBe(403)
  })
})

describe('the evidence of each clause', () => {
  /** Adds clauses of the given types through the form, then both boards ratify the newest version. */
  async function addAndRatify(w: Awaited<ReturnType<typeof startedAgreement>>, types: string[]) {
    for (const type of types) {
      const added = await post(`/agreements/${w.id}/clauses`, w.boardA, {
        type,
        title: `Klausel ${type}`,
        body: 'Text.',
      })
      expect(added.statusCode).toBe(303)
    }
    const [agreement] = await db().select().from(agreements).where(eq(agreements.id, w.id))
    const [draft] = await db()
      .select()
      .from(agreementVersions)
      .where(
        and(eq(agreementVersions.agreementId, w.id), eq(agreementVersions.number, agreement!.latestVersion)),
      )
    for (const [side, board] of [
      ['a', w.boardA],
      ['b', w.boardB],
    ] as const) {
      const ratified = await post(`/agreements/${w.id}/ratifications`, board, {
        side,
        versionNumber: String(agreement!.latestVersion),
        revision: String(draft!.revision),
        body: 'Kreisparteitag',
        ratifiedOn: '2026-02-01',
        place: 'Ort',
      })
      expect(ratified.statusCode).toBe(303)
    }
  }

  /** An event of the given hosts, published, with a check-in code. */
  async function event(title: string, startsAt: string, hosts: string[]) {
    const [row] = await db()
      .insert(events)
      .values({
        type: 'fest',
        title,
        startsAt: new Date(startsAt),
        endsAt: new Date(new Date(startsAt).getTime() + 3 * 3600_000),
        status: 'published',
        audience: 'partner_members',
        checkInCode: 'K1234',
      })
      .returning()
    await db()
      .insert(eventHosts)
      .values(hosts.map((unitId) => ({ eventId: row!.id, unitId })))
    return row!
  }

  test('campaign help, joint events and visits are read from the help balance, the election calendar, hosts and attendance', async () => {
    const w = await startedAgreement()
    // Side A lies in Mecklenburg-Vorpommern, which votes this year; side B in North Rhine-Westphalia, which does not.
    await db().update(orgUnits).set({ ags: '13071' }).where(eq(orgUnits.id, w.unitA.id))
    await db().update(orgUnits).set({ ags: '05566' }).where(eq(orgUnits.id, w.unitB.id))
    await db()
      .insert(electionDates)
      .values({ stateAgs: '13', kind: 'state', heldOn: '2026-09-20', source: 'Landeswahlleitung' })
      .onConflictDoNothing()
    await addAndRatify(w, ['campaignHelp', 'jointEvents', 'visits'])

    // B helped A before its election: 6 people, 4 hours each. A's help to B is the other direction.
    await db()
      .insert(helpRecords)
      .values([
        {
          helperUnitId: w.unitB.id,
          helpedUnitId: w.unitA.id,
          kind: 'plakatieren',
          helpedOn: '2026-08-15',
          people: 6,
          personMinutes: 6 * 240,
        },
        {
          helperUnitId: w.unitA.id,
          helpedUnitId: w.unitB.id,
          kind: 'flyer',
          helpedOn: '2026-10-01',
          people: 2,
          personMinutes: 120,
        },
      ])
    const joint = await event('Gemeinsames Sommerfest', '2026-07-04T14:00:00Z', [w.unitA.id, w.unitB.id])
    await event('Nur geplant', '2027-02-01T14:00:00Z', [w.unitA.id, w.unitB.id])
    const ownA = await event('Stammtisch in A', '2026-05-10T17:00:00Z', [w.unitA.id])
    // Two members of B and one of A attended A's event; one more of B registered and did not come.
    const guests = [
      await buildUser(db(), { member: w.unitB }),
      await buildUser(db(), { member: w.unitB }),
      await buildUser(db(), { member: w.unitA }),
      await buildUser(db(), { member: w.unitB }),
    ]
    await db()
      .insert(eventRsvps)
      .values(
        guests.map((g, i) => ({
          eventId: ownA.id,
          userId: g.id,
          status: 'confirmed' as const,
          attendedAt: i < 3 ? new Date('2026-05-10T18:00:00Z') : null,
        })),
      )
    // At the joint event, attendance is no visit.
    await db()
      .insert(eventRsvps)
      .values({
        eventId: joint.id,
        userId: (await buildUser(db(), { member: w.unitB })).id,
        status: 'confirmed',
        attendedAt: new Date('2026-07-04T15:00:00Z'),
      })

    const page = (await get(`/agreements/${w.id}`, w.boardB)).body
    // One commitment: from its heading to the next one.
    const item = (title: string) => {
      const start = page.indexOf(`<h3>${title}`)
      expect(start).toBeGreaterThan(-1)
      const rest = page.slice(start + 4)
      const end = rest.indexOf('<h3>')
      return end === -1 ? rest : rest.slice(0, end)
    }
    const campaign = item('Wahlkampfhilfe 2026')
    expect(campaign).toContain('commitment-tag--met')
    expect(campaign).toContain(`${w.unitA.name} wählt: Landtagswahl am 20.09.2026.`)
    expect(campaign).toContain(
      `Hilfe von ${w.unitB.name}: 6 Personen, 24 Stunden (Einträge in der Hilfe-Bilanz: 1).`,
    )
    expect(campaign).toContain(`${w.unitB.name}: 2026 keine Wahl im Wahlkalender.`)
    expect(campaign).toContain(`href="/help/partnerships/${w.partnership.id}/balance"`)
    const jointItem = item('Gemeinsame Veranstaltungen 2026')
    expect(jointItem).toContain('commitment-tag--met')
    expect(jointItem).toContain(`<a href="/events/${joint.id}">Gemeinsames Sommerfest</a>`)
    expect(jointItem).not.toContain('Nur geplant')
    const visitsItem = item('Gegenseitige Besuche 2026')
    expect(visitsItem).toContain('commitment-tag--open')
    expect(visitsItem).toContain(`Mitglieder von ${w.unitB.name} bei Veranstaltungen von ${w.unitA.name}:`)
    expect(visitsItem).toContain('Stammtisch in A, 10.05.2026: 2 anwesend')
    expect(visitsItem).toContain(
      `Bei Veranstaltungen von ${w.unitB.name} ist noch niemand von ${w.unitA.name} als anwesend eingetragen.`,
    )
    expect(visitsItem).not.toContain('Gemeinsames Sommerfest')
    for (const g of guests) expect(page).not.toContain(g.email)

    // The evidence is the boards' and the federal office's: a member of either side sees no commitments.
    const member = await sessionFor(db(), await buildUser(db(), { member: w.unitA }))
    expect((await get(`/agreements/${w.id}`, member)).body).not.toContain('Wahlkampfhilfe 2026')
  })

  test('consultation, information and materials: each board records its exchanges, the federal office keeps the congress dates', async () => {
    const w = await startedAgreement()
    await addAndRatify(w, ['materials'])

    // The federal office enters a congress next January; its consultation falls into this autumn.
    const ownFederation = { ...w.state, id: w.state.parentId! }
    const office = await sessionFor(
      db(),
      await buildUser(db(), { roles: [['federal_office', ownFederation]] }),
    )
    expect((await get('/agreement-templates', office)).body).toContain('href="/federal-congresses"')
    expect((await get('/federal-congresses', w.boardA)).statusCode).toBe(403)
    const congress = {
      name: 'Bundesparteitag in Erfurt',
      startsOn: '2027-01-15',
      endsOn: '2027-01-17',
      source: 'Einberufung durch den Parteivorstand',
    }
    const backwards = await post('/federal-congresses', office, { ...congress, endsOn: '2027-01-14' })
    expect(backwards.statusCode).toBe(422)
    expect(backwards.body).toContain('Der letzte Tag darf nicht vor dem ersten liegen.')
    expect((await post('/federal-congresses', office, congress)).statusCode).toBe(303)
    const twice = await post('/federal-congresses', office, congress)
    expect(twice.statusCode).toBe(422)
    expect(twice.body).toContain('An diesem Tag beginnt schon ein Bundesparteitag im Kalender.')
    const [row] = await db()
      .select()
      .from(federalCongresses)
      .where(eq(federalCongresses.startsOn, '2027-01-15'))
    expect((await get('/federal-congresses', office)).body).toContain('Bundesparteitag in Erfurt')

    // Each board records for its own side only, a day that has passed, with a note.
    const formPage = (await get(`/agreements/${w.id}`, w.boardA)).body
    expect(formPage).toContain(`action="/agreements/${w.id}/exchanges"`)
    for (const kind of ['consultation', 'information', 'materials'])
      expect(formPage).toContain(`<option value="${kind}"`)
    const exchange = (board: Session, fields: Record<string, string>) =>
      post(`/agreements/${w.id}/exchanges`, board, fields)
    const talk = { kind: 'consultation', side: 'a', heldOn: '2026-11-20', note: 'Telefonat zu den Anträgen' }
    expect((await exchange(w.boardB, talk)).statusCode).toBe(403)
    const ahead = await exchange(w.boardA, { ...talk, heldOn: '2026-12-24' })
    expect(ahead.statusCode).toBe(422)
    expect(ahead.body).toContain('Das Datum darf nicht in der Zukunft liegen.')
    expect((await exchange(w.boardA, { ...talk, note: ' ' })).statusCode).toBe(422)
    expect((await exchange(w.boardA, { ...talk, kind: 'gossip' })).statusCode).toBe(422)
    expect(
      await db()
        .select()
        .from(partnershipExchanges)
        .where(eq(partnershipExchanges.partnershipId, w.partnership.id)),
    ).toEqual([])
    expect((await exchange(w.boardA, talk)).statusCode).toBe(303)
    const info = { kind: 'information', side: 'b', heldOn: '2026-03-01', note: 'Wahlkampfkonzept geschickt' }
    expect((await exchange(w.boardB, info)).statusCode).toBe(303)

    const page = (await get(`/agreements/${w.id}`, w.boardB)).body
    // One commitment: from its heading (the title, then its status) to the next heading.
    const item = (title: string) => {
      const start = page.indexOf(`<h3>${title} `)
      expect(start).toBeGreaterThan(-1)
      const rest = page.slice(start + 4)
      const end = rest.indexOf('<h3>')
      return end === -1 ? rest : rest.slice(0, end)
    }
    const consultation = item('Abstimmung vor Bundesparteitagen')
    expect(consultation).toContain('commitment-tag--met')
    expect(consultation).toContain('Bundesparteitag in Erfurt, 15.01.2027 bis 17.01.2027')
    expect(consultation).toContain(
      `Abstimmung am 20.11.2026, eingetragen von ${w.unitA.name}: Telefonat zu den Anträgen`,
    )
    expect(consultation).not.toContain('href="/federal-congresses"')
    const information = item('Gegenseitige Information')
    expect(information).toContain('commitment-tag--open')
    expect(information).toContain(`${w.unitB.name} an ${w.unitA.name}:`)
    expect(information).toContain('01.03.2026: Wahlkampfkonzept geschickt')
    expect(information).toContain(`${w.unitA.name} an ${w.unitB.name}: 2026 noch nichts eingetragen.`)
    const materials = item('Austausch von Material')
    expect(materials).toContain('commitment-tag--open')
    expect(materials).toContain('2026 ist noch kein Material ausgetauscht.')
    // The federal office reads the same evidence and finds its calendar from it.
    const officePage = (await get(`/agreements/${w.id}`, office)).body
    expect(officePage).toContain('href="/federal-congresses"')
    expect(officePage).toContain('Telefonat zu den Anträgen')
    expect(officePage).not.toContain(`action="/agreements/${w.id}/exchanges"`)
    // A member of either side does not see the unpublished agreement, nor its notes.
    const member = await sessionFor(db(), await buildUser(db(), { member: w.unitA }))
    expect((await get(`/agreements/${w.id}`, member)).body).not.toContain('Telefonat zu den Anträgen')

    expect((await post(`/federal-congresses/${row!.id}/delete`, w.boardA, {})).statusCode).toBe(403)
    expect((await post(`/federal-congresses/${row!.id}/delete`, office, {})).statusCode).toBe(303)
    expect((await post(`/federal-congresses/${row!.id}/delete`, office, {})).statusCode).toBe(404)
    const without = (await get(`/agreements/${w.id}`, w.boardB)).body
    expect(without).toContain('Im Kalender steht für 2026 kein Bundesparteitag.')
  })
})

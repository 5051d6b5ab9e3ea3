import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/support/app.js'
import {
  anonymousVisitor,
  buildDistrict,
  buildEvent,
  buildFederation,
  buildState,
  buildUser,
  form,
  type Session,
  sessionFor,
} from '../../../test/support/factories.js'
import { boardReports } from '../reports/index.js'
import { resolutionMeasures, resolutionProgressNotes, resolutions } from './tables.js'

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
const get = (url: string, s: Session) => t.app.inject({ method: 'GET', url, headers: s.headers })

describe('evidence links on a public measure', () => {
  test('a link to a page of the platform is shown only to readers that page lets in; others see only its kind', async () => {
    const federal = await buildFederation(db())
    const berlin = await buildState(db(), federal)
    const pankow = await buildDistrict(db(), berlin, 'Pankow')
    const altona = await buildDistrict(db(), await buildState(db(), federal), 'Altona')
    const board = await sessionFor(
      db(),
      await buildUser(db(), { member: pankow, roles: [['board', pankow]] }),
    )
    const member = await sessionFor(db(), await buildUser(db(), { member: pankow }))
    const stranger = await sessionFor(db(), await buildUser(db(), { member: altona }))
    const anonymous = anonymousVisitor()

    const [resolution] = await db()
      .insert(resolutions)
      .values({ unitId: berlin.id, title: 'Mitmach-Partei', numbered: true, visibility: 'public' })
      .returning()
    const [measure] = await db()
      .insert(resolutionMeasures)
      .values({
        resolutionId: resolution!.id,
        groupId: crypto.randomUUID(),
        title: 'Monatliche Neumitgliedertreffen',
        fromLine: 1,
        toLine: 1,
        quote: 'Zitat',
        unitId: pankow.id,
      })
      .returning()
    const publicEvent = await buildEvent(db(), [pankow], { title: 'Offenes Treffen' })
    const membersEvent = await buildEvent(db(), [pankow], {
      audience: 'own_members',
      title: 'Internes Treffen',
    })
    const [draft] = await db()
      .insert(boardReports)
      .values({
        unitId: pankow.id,
        periodFrom: '2026-01-01',
        periodTo: '2026-06-30',
        title: 'Entwurf',
        authors: 'Vorstand',
        salutation: 'Hallo',
        figuresAt: new Date(),
      })
      .returning()
    const url = `/measures/${measure!.id}`
    const evidence = async (evidenceKind: string, evidenceUrl: string) =>
      expect(
        (
          await post(`${url}/progress`, board, {
            note: 'x',
            status: 'in_progress',
            progress: '10',
            evidenceKind,
            evidenceUrl,
          })
        ).statusCode,
      ).toBe(303)
    await evidence('event', `/events/${publicEvent.id}`)
    await evidence('event', `/events/${membersEvent.id}`)
    await evidence('report', `/reports/${draft!.id}`)
    await evidence('document', 'https://example.org/protokoll.pdf')
    // A stored link to an object that is gone: nobody may open it, not even the board.
    await db().insert(resolutionProgressNotes).values({
      measureId: measure!.id,
      note: 'alt',
      status: 'open',
      progress: 0,
      evidenceKind: 'event',
      evidenceUrl: '/events/00000000-0000-4000-8000-000000000000',
    })

    const links = async (s: Session) => {
      const res = await get(url, s)
      expect(res.statusCode).toBe(200)
      return {
        publicEvent: res.body.includes(`href="/events/${publicEvent.id}"`),
        membersEvent: res.body.includes(`href="/events/${membersEvent.id}"`),
        report: res.body.includes(`href="/reports/${draft!.id}"`),
        document: res.body.includes('href="https://example.org/protokoll.pdf"'),
        gone: res.body.includes('href="/events/00000000-0000-4000-8000-000000000000"'),
        hidden: res.body.split('nur für Berechtigte zu öffnen').length - 1,
      }
    }
    const all = { publicEvent: true, document: true, gone: false }
    expect(await links(anonymous)).toEqual({ ...all, membersEvent: false, report: false, hidden: 3 })
    expect(await links(stranger)).toEqual({ ...all, membersEvent: false, report: false, hidden: 3 })
    expect(await links(member)).toEqual({ ...all, membersEvent: true, report: false, hidden: 2 })
    expect(await links(board)).toEqual({ ...all, membersEvent: true, report: true, hidden: 1 })
  })
})
